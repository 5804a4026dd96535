"""One person on Telegram and WeChat: link the two accounts by phone, with a code.

「绑定手机 13812345678」 said privately: when someone else has that phone with an account on
another platform, a 6-digit code goes privately to that account, and the code said back here
merges the two people into one. Nobody else has the phone: it is simply recorded.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from bot import filters
from bot.config import Settings
from bot.message import Message, Reply
from bot.router import Context, Router
from handlers import cards
from handlers.claims import do_withdraw
from handlers.matching import dm
from handlers.subscribe import PHONE
from nlp.gazetteer import Gazetteer
from storage import jobs as store
from storage import link, people
from storage.models import Job, Pending, Person

router = Router("link")

KIND = "link_code"
CODE_TTL = timedelta(minutes=10)
MAX_TRIES = 3
MAX_CODES_PER_HOUR = 3
PLATFORM_NAMES = {"telegram": "Telegram", "wechat": "微信", "console": "终端"}

LINK = re.compile(
    r"^\s*(?:绑定|关联)\s*(?:手机|电话|账号)?\s*(?:号码|号)?\s*[:：]?\s*(?P<phone>1[3-9]\d{9})\s*$"
)
LINK_NO_NUMBER = re.compile(r"^\s*(?:绑定|关联)\s*(?:手机|电话|账号)\s*(?:号码|号)?\s*$")
# 「绑定手机 138」, 「绑定 1381234」: a number, but no whole phone (and no code being waited for).
LINK_PARTIAL = re.compile(
    r"^\s*(?:绑定|关联)\s*(?:手机|电话|账号)?\s*(?:号码|号)?\s*[:：]?\s*[\d\s\-]+$")
CODE = re.compile(r"^\s*(?:验证码|绑定|关联)?\s*[:：]?\s*(?P<code>\d{6})\s*$")

CODE_TEXT = "您的验证码是 {code}，在另一个聊天里回复它即可关联账号；不是您本人操作请忽略。"
SENT = "验证码已发到您的{where}，请在这里回复（10分钟内有效）。"
RECORDED = ("已记下您的电话 {phone}，只在您报名后私下告诉老板。"
            "您在微信和Telegram都用我的话，在另一边也发「绑定手机 您的号码」，两个账号就合成一个。")
NOT_REACHABLE = ("这个号码登记在您的{where}账号上，可那个账号还没私聊过我，收不到验证码。"
                 "请先用它私聊我说句话，再来发「绑定手机 {phone}」。")
TOO_OFTEN = "验证码发得太多了，请过一小时再试。"
EXPIRED = "验证码已过期（10分钟内有效），账号没有关联。要关联请重新发「绑定手机 {phone}」。"
WRONG = "验证码不对，还能再试{left}次。"
USED_UP = "验证码错了{tries}次，已作废，账号没有关联。要关联请重新发「绑定手机 {phone}」。"
LINKED = ("已关联：您的{where}账号现在是同一个人了。订阅、报名和发的招工都合在一起，"
          "私信会发到每个账号。")
ALREADY = "您的账号已经关联好了，不用再绑定。"
GONE = "那个账号的情况变了，没有关联。请重新发「绑定手机 {phone}」。"
NEEDS_NUMBER = "请带上手机号，如「绑定手机 13812345678」。"
PARTIAL = ("手机号要写全11位，如「绑定手机 13812345678」。您发的「{said}」不是完整的手机号，"
           "什么也没改。")
NO_CODE = "现在没有等您填的验证码。要关联账号，请发「绑定手机 您的11位手机号」。"
TAKEN = ("这个号码已经登记在别人名下，没有记到您这里。是您自己的号码的话，请用登记它的那个"
         "账号发「绑定手机 {phone}」把两个账号关联起来，或找信息员帮忙。")
OWNER_WARNED = ("提醒：刚才有人（{name}）想把您的电话 {masked} 登记成他的，没有登记上。"
                "不是您本人在另一个账号上操作的话，请留意；有问题找信息员。")
IN_GROUP = "电话号码别发在群里。要把微信和Telegram账号关联起来，请私聊我发「绑定手机 您的号码」。"


def where(platforms: set[str]) -> str:
    return "和".join(PLATFORM_NAMES.get(p, p) for p in sorted(platforms))


# --------------------------------------------------------------------------- asking for a code


@router.message(filters.in_group, filters.regex(LINK.pattern))
def link_in_group() -> Reply:
    return Reply(IN_GROUP)


@router.message(filters.private, filters.regex(LINK_NO_NUMBER.pattern))
def link_without_number() -> Reply:
    return Reply(NEEDS_NUMBER)


def _phone_of_another(ctx: Context) -> dict[str, Any] | bool:
    """「电话139…」 whose number another person holds on another platform: link, do not just
    record (recording it is the subscription handler's job)."""
    m = PHONE.search(ctx.message.text.strip())
    if m is None or ctx.person.id is None:
        return False
    return {"phone": m.group(1)} if link.phone_holders(ctx.session, m.group(1),
                                                       ctx.person.id) else False


def _phone_taken(ctx: Context) -> dict[str, Any] | bool:
    """「绑定手机 138…」 or 「电话138…」 with a number someone else already holds, when it is
    no account linking (the holder has no account on a platform the asker lacks): refused,
    and the holder is warned."""
    text = ctx.message.text.strip()
    m = LINK.match(text) or PHONE.search(text)
    if m is None or ctx.person.id is None:
        return False
    phone = m.group("phone") if "phone" in m.re.groupindex else m.group(1)
    if link.phone_holders(ctx.session, phone, ctx.person.id):
        return False  # another platform's account of the same person, perhaps: a code decides
    owners = link.other_holders(ctx.session, phone, ctx.person.id)
    return {"phone": phone, "owners": owners} if owners else False


@router.message(filters.private, _phone_taken)
def phone_taken(phone: str, owners: list[Person], session: Session, person: Person
                ) -> list[Reply]:
    replies = [Reply(TAKEN.format(phone=phone))]
    for owner in owners:
        assert owner.id is not None
        replies += dm(session, owner.id, OWNER_WARNED.format(
            name=person.name, masked=cards.mask_phone(phone)), kind="notice").replies
    return replies


@router.message(filters.private, filters.regex(LINK.pattern))
@router.message(filters.private, _phone_of_another)
def ask_code(phone: str, session: Session, person: Person, now: datetime) -> list[Reply]:
    assert person.id is not None
    holders = link.phone_holders(session, phone, person.id)
    if not holders and person.phone == phone and len(link.platforms(session, person.id)) > 1:
        return [Reply(ALREADY)]
    if not holders:
        person.phone = phone
        session.add(person)
        return [Reply(RECORDED.format(phone=cards.mask_phone(phone)))]
    reachable = [h for h in holders if h.chats]
    if not reachable:
        other = holders[0].person
        assert other.id is not None
        theirs = link.platforms(session, other.id) - link.platforms(session, person.id)
        return [Reply(NOT_REACHABLE.format(where=where(theirs), phone=phone))]
    if _codes_since(session, person.id, now - timedelta(hours=1)) >= MAX_CODES_PER_HOUR:
        return [Reply(TOO_OFTEN)]
    _close_open(session, person.id)
    holder = reachable[0]
    assert holder.person.id is not None
    code = f"{secrets.randbelow(1_000_000):06d}"
    store.add_pending(session, person.id, KIND, None, now, {
        "code": code,
        "other": holder.person.id,
        "phone": phone,
        "tries": 0,
        "expires_at": (now + CODE_TTL).isoformat(),
    })
    replies = [Reply(CODE_TEXT.format(code=code), chat_id=chat, kind="notice")
               for chat in holder.chats]
    platforms = {link.platform_of(chat) for chat in holder.chats}
    replies.append(Reply(SENT.format(where=where(platforms))))
    return replies


def _codes_since(session: Session, person_id: int, since: datetime) -> int:
    return int(session.exec(
        select(func.count()).select_from(Pending)
        .where(Pending.person_id == person_id, Pending.kind == KIND,
               col(Pending.created_at) >= since)
    ).one())


def _close_open(session: Session, person_id: int) -> None:
    while (row := store.open_pending(session, person_id, KIND)) is not None:
        row.closed = True
        session.add(row)
        session.flush()


# --------------------------------------------------------------------------- answering it


def _code_answer(ctx: Context) -> dict[str, Any] | bool:
    m = CODE.match(ctx.message.text)
    if m is None or ctx.person.id is None:
        return False
    pending = store.open_pending(ctx.session, ctx.person.id, KIND)
    return {"code": m.group("code"), "pending": pending} if pending is not None else False


@router.message(filters.private, _code_answer)
def answer_code(code: str, pending: Pending, message: Message, session: Session, person: Person,
                now: datetime, settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    assert person.id is not None
    data = store.pending_data(pending)
    phone = str(data.get("phone", ""))
    if now > datetime.fromisoformat(str(data["expires_at"])):
        _close(session, pending)
        return [Reply(EXPIRED.format(phone=phone))]
    if not secrets.compare_digest(code, str(data["code"])):
        tries = int(data.get("tries", 0)) + 1
        if tries >= MAX_TRIES:
            _close(session, pending)
            return [Reply(USED_UP.format(tries=tries, phone=phone))]
        pending.data = json.dumps({**data, "tries": tries}, ensure_ascii=False)
        session.add(pending)
        return [Reply(WRONG.format(left=MAX_TRIES - tries))]
    _close(session, pending)
    other = session.get(Person, int(data["other"]))
    if other is None:  # merged into someone else meanwhile: start again
        return [Reply(GONE.format(phone=phone))]
    if other.id == person.id:
        return [Reply(ALREADY)]
    assert other.id is not None
    # Claims that clash once the two are one (the same job twice, one's own job) are withdrawn
    # while the two are still apart, with the usual notes to employers and the waitlist.
    notes: list[Reply] = []
    for claim in link.conflicting_claims(session, person.id, other.id):
        job, claimant = session.get(Job, claim.job_id), session.get(Person, claim.person_id)
        assert job is not None and claimant is not None
        notes += [r for r in do_withdraw(session, job, claimant, now, settings, gazetteer)
                  if r.chat_id is not None]
    keep, drop = link.older(person, other)
    kept = link.merge_people(session, keep, drop, now).kept
    kept.phone = phone
    session.add(kept)
    assert kept.id is not None
    text = LINKED.format(where=where(link.platforms(session, kept.id)))
    replies = [Reply(text)]
    replies += [Reply(text, chat_id=chat, kind="notice")
                for chat in people.private_chats(session, kept.id) if chat != message.chat.id]
    return replies + notes


@router.message(filters.private, filters.regex(LINK_PARTIAL.pattern))
def link_partial(text: str, session: Session, person: Person) -> Reply:
    """A number that is no whole phone: said so, nothing recorded (no draft, no claim)."""
    said = text.strip()
    if re.fullmatch(r"\D*\d{6}\s*", said):
        return Reply(NO_CODE)  # a code, but none is being waited for (see answer_code)
    return Reply(PARTIAL.format(said=said))


def _close(session: Session, pending: Pending) -> None:
    pending.closed = True
    session.add(pending)
