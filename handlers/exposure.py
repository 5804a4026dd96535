"""曝光台 (the exposure board): only what an officer confirmed, named by its post and a masked
phone, never by a person's name.

An entry opens when an officer rejects a held scam post (驳回), or says 「曝光 欠薪 5」 about a
wage case the station had to advance (先行垫付) or 「曝光 投诉 3」 about a complaint against a
poster closed as 已解决. The person named hears it privately first and may answer
「申诉 编号 …」 within ``[exposure] appeal_days``; an appeal goes to the officers of the place,
who 「维持 编号」 or 「撤下 编号」. An entry shows from the end of the window (or once upheld)
for ``[exposure] keep_days``; a withdrawn one never does. The board goes into each township's
groups with the 荣誉榜, on the day and hour the officers set (「榜单时间 每月1号 9点」).
A confirmed scam's phone holds new posts from it in every group (posting.py asks
``blocked``) until its entry is withdrawn or expires.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from bot import filters
from bot.clock import TZ
from bot.config import Settings
from bot.dispatcher import queue_replies
from bot.message import Reply
from bot.router import Context, Router
from bot.scheduler import TaskContext
from handlers import cards, honour
from handlers.aftercare import (
    NOT_OFFICER,
    is_officer,
    may_handle,
    not_officer,
    officers_of_place,
)
from handlers.matching import dm
from nlp.gazetteer import Gazetteer, Place
from storage import exposure as store
from storage import people, tiers
from storage.db import transaction
from storage.models import Complaint, ExposureEntry, Group, Job, Person, Post, WageCheck

router = Router("exposure")

KINDS = {"scam": "⚠️ 骗局（向工人收钱，信息员核实驳回）",
         "wage": "💸 欠薪（站里先行垫付）",
         "complaint": "❗ 投诉属实（信息员调解结案）"}
STATES = {"pending": "待公布", "appealed": "申诉中", "upheld": "已维持", "withdrawn": "已撤下"}
NUMBER = r"\s*[【\[#＃]?\s*(?P<n>\d+)\s*[】\]]?"
EXPOSE = re.compile(rf"^\s*曝光\s*(?P<what>欠薪|投诉){NUMBER}\s*$")
APPEAL = re.compile(r"^\s*申诉\s*[【\[#＃]?\s*(?P<n>\d+)?\s*[】\]]?\s*[:：,，]?\s*(?P<rest>.*)$",
                    re.S)
DECIDE = re.compile(rf"^\s*(?P<word>维持|撤下){NUMBER}\s*(?P<rest>.*)$", re.S)


def _day(when: datetime | date) -> str:
    day = when.astimezone(TZ).date() if isinstance(when, datetime) else when
    return f"{day.month}月{day.day}日"


def label(gazetteer: Gazetteer, job: Job, code: str | None) -> str:
    """The post an entry is named by: 搬运工 · 木鱼镇青天村 · 11月27日 (no name, no phone)."""
    place = cards.place_text(job)
    if place == "地点未写" and code is not None:
        found = gazetteer.by_code(code)
        place = found.name if found is not None else place
    when = job.start_date or job.created_at.astimezone(TZ).date()
    return f"{job.work_type or '招工'} · {place} · {_day(when)}"


def _line(entry: ExposureEntry) -> str:
    phone = f" · 电话{cards.mask_phone(entry.phone)}" if entry.phone else ""
    return f"{KINDS[entry.kind]}：{entry.label}{phone}"


# --------------------------------------------------------------------------- opening


def open_entry(session: Session, gazetteer: Gazetteer, settings: Settings, *, kind: str,
               source_id: int, job: Job, person_id: int | None, phone: str | None,
               region_code: str | None, officer: Person, now: datetime
               ) -> tuple[ExposureEntry, list[Reply]]:
    """A new entry, and the private word to the person named (when they can be reached)."""
    entry = ExposureEntry(
        kind=kind, source_id=source_id, job_id=job.id, person_id=person_id, phone=phone,
        label=label(gazetteer, job, region_code), region_code=region_code,
        confirmed_by=officer.id, created_at=now,
        appeal_until=now + timedelta(days=settings.exposure.appeal_days),
        expires_at=now + timedelta(days=settings.exposure.keep_days))
    session.add(entry)
    session.flush()
    assert entry.id is not None
    if person_id is None or person_id == officer.id:
        return entry, []
    why = {"scam": "向工人收钱，信息员核实后驳回了",
           "wage": "工人的工钱没结清，零工驿站先行垫付了",
           "complaint": "被投诉，信息员调解核实属实"}[kind]
    phone_text = f"，电话{cards.mask_phone(phone)}" if phone else ""
    text = (f"通知：您的招工（{entry.label}{phone_text}）{why}，"
            f"将登上曝光台（编号【{entry.id}】），{_day(entry.appeal_until)}后随每月榜单在镇里的群公布，"
            f"公布{settings.exposure.keep_days}天，只写招工和打了码的电话，不写名字。\n"
            f"有异议请在{_day(entry.appeal_until)}前回复「申诉 {entry.id} 您的理由」，"
            "信息员会重新核实；申诉期间不会公布。")
    return entry, dm(session, person_id, text, kind="notice",
                     dedupe_key=f"exposure-told:{entry.id}").replies


def _post_region(session: Session, job: Job) -> str | None:
    if job.region_code is not None:
        return job.region_code
    post = session.get(Post, job.post_id)
    group = session.get(Group, post.chat_id) if post is not None else None
    return group.region_code if group is not None else None


def on_rejected(session: Session, gazetteer: Gazetteer, settings: Settings, job: Job,
                officer: Person, now: datetime) -> tuple[bool, list[Reply]]:
    """An officer's 驳回 of a held post confirms a scam: one entry per post (a phone already
    on the board is not entered again). (Whether an entry opened, the word to the poster.)"""
    assert job.id is not None
    poster = session.get(Person, job.poster_id)
    phone = job.phone or (poster.phone if poster is not None else None)
    for sibling in session.exec(select(Job.id).where(Job.post_id == job.post_id)):
        if sibling is not None and store.existing(session, "scam", sibling) is not None:
            return False, []  # another job of the same post is on the board already
    if phone and store.blocking(session, {phone}, now) is not None:
        return False, []
    _entry, told = open_entry(session, gazetteer, settings, kind="scam", source_id=job.id,
                              job=job, person_id=job.poster_id, phone=phone,
                              region_code=_post_region(session, job), officer=officer,
                              now=now)
    return True, told


def blocked(session: Session, phones: set[str], now: datetime) -> ExposureEntry | None:
    """The live scam entry that holds a new post with one of ``phones``."""
    return store.blocking(session, {p for p in phones if p}, now)


# --------------------------------------------------------------------------- 曝光 (officers)


def _expose(ctx: Context) -> dict[str, Any] | bool:
    m = EXPOSE.match(ctx.message.text)
    if m is None:
        return False
    return {"what": m.group("what"), "number": int(m.group("n"))}


@router.message(_expose)
def expose(what: str, number: int, session: Session, person: Person, now: datetime,
           gazetteer: Gazetteer, settings: Settings) -> list[Reply]:
    if not is_officer_person(session, person):
        return [Reply("只有信息员能把核实过的事登上曝光台。")]
    if what == "欠薪":
        check = session.get(WageCheck, number)
        if check is None or check.opened_at is None:
            return [Reply(f"没有编号【{number}】的欠薪。发「欠薪」看您片区的欠薪。")]
        if not may_handle(session, gazetteer, person, check.region_code):
            return [Reply("这个欠薪不在您负责的片区，不能曝光。")]
        if check.status != "advanced":
            return [Reply(f"欠薪【{number}】没有核实成立（现在是「{_wage_state(check.status)}」）。"
                          "只有站里核实并先行垫付（「已垫付 编号」）的欠薪才能上曝光台。")]
        kind, source, region = "wage", number, check.region_code
        job = session.get(Job, check.job_id)
        named = check.employer_id
    else:
        case = session.get(Complaint, number)
        if case is None:
            return [Reply(f"没有编号【{number}】的投诉。发「投诉列表」看您片区的投诉。")]
        if not may_handle(session, gazetteer, person, case.region_code):
            return [Reply("这个投诉不在您负责的片区，不能曝光。")]
        if case.status != "resolved":
            why = ("核实不成立，不能曝光。" if case.status == "rejected"
                   else "还没结案。结案为「已解决」（属实）后才能曝光。")
            return [Reply(f"投诉【{number}】{why}")]
        job = session.get(Job, case.job_id) if case.job_id is not None else None
        if job is None or case.against_id != job.poster_id:
            return [Reply(f"投诉【{number}】不是针对哪条招工的发布人，曝光台只登招工方的问题。")]
        kind, source, region, named = "complaint", number, case.region_code, job.poster_id
    assert job is not None
    done = store.existing(session, kind, source)
    if done is not None:  # a withdrawn one stays withdrawn: 撤下 is final
        return [Reply(f"这件事已经登过曝光台了（曝光【{done.id}】，{STATES[done.status]}）。")]
    boss = session.get(Person, named)
    phone = job.phone or (boss.phone if boss is not None else None)
    entry, told = open_entry(session, gazetteer, settings, kind=kind, source_id=source, job=job,
                             person_id=named, phone=phone, region_code=region, officer=person,
                             now=now)
    reached = ("已私下告诉对方，" if told else "对方联系不上，")
    return [Reply(f"好的，曝光【{entry.id}】：{_line(entry)}。\n{reached}"
                  f"{_day(entry.appeal_until)}前可以申诉；没有申诉的话，之后随每月榜单公布，"
                  f"到{_day(entry.expires_at)}为止。不想登了回「撤下 {entry.id}」。"), *told]


def is_officer_person(session: Session, person: Person) -> bool:
    return bool(people.officer_regions(session, person.id or 0))


def _wage_state(status: str) -> str:
    return {"paid": "结清", "unpaid": "还没结", "absent": "没去成", "asked": "还没回答",
            "withdrawn": "工人已注销，存档"}.get(status, status)


# --------------------------------------------------------------------------- 申诉


def _appeal(ctx: Context) -> dict[str, Any] | bool:
    m = APPEAL.match(ctx.message.text)
    if m is None:
        return False
    return {"number": int(m.group("n")) if m.group("n") else None,
            "rest": m.group("rest").strip()}


@router.message(filters.private, _appeal)
def appeal(number: int | None, rest: str, session: Session, person: Person, now: datetime,
           gazetteer: Gazetteer) -> list[Reply]:
    assert person.id is not None
    if number is None:
        mine = store.appealable(session, person.id)
        if not mine:
            return [Reply("您没有可以申诉的曝光。有别的事要反映，私聊发「投诉 …」。")]
        if len(mine) > 1:
            return [Reply("申诉哪一条？请回复「申诉 编号 您的理由」，编号在通知您的消息里。")]
        entry: ExposureEntry | None = mine[0]
    else:
        entry = session.get(ExposureEntry, number)
    if entry is None or entry.person_id != person.id:
        return [Reply(f"没有关于您的曝光【{number}】。编号在通知您的消息里。")]
    assert entry.id is not None
    if entry.status == "appealed":
        return [Reply(f"您对曝光【{entry.id}】的申诉信息员正在核实，结果会告诉您。")]
    if entry.status != "pending":
        return [Reply(f"曝光【{entry.id}】已经{STATES[entry.status]}，有异议请直接找信息员。")]
    if now >= entry.appeal_until:
        return [Reply(f"曝光【{entry.id}】的申诉期到{_day(entry.appeal_until)}已经过了，"
                      "有异议请直接找当地信息员。")]
    entry.status, entry.appealed_at, entry.appeal_text = "appealed", now, rest
    session.add(entry)
    replies = [Reply(f"收到您对曝光【{entry.id}】的申诉，已交信息员核实。核实前不会公布，"
                     "结果会告诉您。")]
    said = f"对方说：「{rest[:300]}」" if rest else "对方没有写理由。"
    note = (f"曝光【{entry.id}】有人申诉：{_line(entry)}\n{said}\n"
            f"核实后回「维持 {entry.id}」（照常公布）或「撤下 {entry.id}」（不公布）。")
    for officer_id in officers_of_place(session, gazetteer, entry.region_code):
        replies += dm(session, officer_id, note, kind="notice",
                      dedupe_key=f"exposure-appeal:{entry.id}:{officer_id}").replies
    return replies


# --------------------------------------------------------------------------- 维持 / 撤下


def _decide(ctx: Context) -> dict[str, Any] | bool:
    m = DECIDE.match(ctx.message.text)
    if m is None or not is_officer(ctx):
        return False
    return {"uphold": m.group("word") == "维持", "number": int(m.group("n")),
            "note": m.group("rest").strip()}


@router.message(_decide)
def decide(uphold: bool, number: int, note: str, session: Session, person: Person,
           now: datetime, gazetteer: Gazetteer) -> list[Reply]:
    entry = session.get(ExposureEntry, number)
    if entry is None:
        return [Reply(f"没有编号【{number}】的曝光。发「曝光台」看您片区的。")]
    answer, told = decide_entry(session, gazetteer, entry, person, uphold, note, now)
    return [Reply(answer), *told]


@router.message(filters.private, lambda ctx: bool(DECIDE.match(ctx.message.text)), not_officer)
def decide_not_officer() -> str:
    """「维持 1」「撤下 1」 from someone who is no officer."""
    return NOT_OFFICER.format(action="维持或撤下曝光")


def decide_entry(session: Session, gazetteer: Gazetteer, entry: ExposureEntry,
                 officer: Person, uphold: bool, note: str, now: datetime
                 ) -> tuple[str, list[Reply]]:
    """An officer's 维持 (an appealed entry shows) or 撤下 (an entry never shows again)."""
    assert entry.id is not None
    if not may_handle(session, gazetteer, officer, entry.region_code):
        return "这条曝光不在您负责的片区，不能处理。", []
    if entry.status == "withdrawn":
        return f"曝光【{entry.id}】已经撤下了。", []
    if uphold and entry.status != "appealed":
        return (f"曝光【{entry.id}】没有人申诉（{STATES[entry.status]}），不用维持；"
                f"要撤下回「撤下 {entry.id}」。"), []
    appealed = entry.status == "appealed"
    entry.status = "upheld" if uphold else "withdrawn"
    entry.decided_by, entry.decided_at = officer.id, now
    session.add(entry)
    said = f"：{note}" if note else "。"
    if uphold:
        to_named = (f"您对曝光【{entry.id}】（{entry.label}）的申诉，信息员{officer.name}核实后"
                    f"维持原来的结论{said}会随每月榜单公布，到{_day(entry.expires_at)}为止。")
        answer = f"曝光【{entry.id}】维持，会随榜单公布，已告诉对方。"
    else:
        to_named = (f"曝光【{entry.id}】（{entry.label}）信息员{officer.name}已撤下{said}"
                    "曝光台上不会有这条。" + ("您的申诉通过了。" if appealed else ""))
        answer = (f"曝光【{entry.id}】已撤下，不会公布"
                  + ("，这个电话的新招工也不再扣下" if entry.kind == "scam" else "")
                  + "，已告诉对方。")
    told: list[Reply] = []
    if entry.person_id is not None and entry.person_id != officer.id:
        told = dm(session, entry.person_id, to_named, kind="notice").replies
    return answer, told


# --------------------------------------------------------------------------- the board


def board(session: Session, gazetteer: Gazetteer, township: Place, now: datetime
          ) -> list[ExposureEntry]:
    return _within(gazetteer, township, store.showing(session, now))


def _within(gazetteer: Gazetteer, township: Place, showing: list[ExposureEntry]
            ) -> list[ExposureEntry]:
    return [e for e in showing
            if e.region_code is not None and gazetteer.contains(township.code, e.region_code)]


def board_text(entries: list[ExposureEntry], township: Place, now: datetime) -> str:
    month = now.astimezone(TZ)
    head = f"【{township.name}曝光台】{month.year}年{month.month}月"
    if not entries:
        return head + "\n这个月没有信息员核实过的骗局和欠薪。"
    return (head + "\n" + "\n".join(_line(e) for e in entries)
            + "\n（只登信息员核实过的事，电话打码；到期自动撤下。遇到收钱的招工别交钱，"
              "私聊我「投诉 …」）")


@router.message(filters.text_equals("曝光台", "曝光榜"))
def show(session: Session, person: Person, group: Group | None, gazetteer: Gazetteer,
         now: datetime) -> str:
    if group is None and is_officer_person(session, person):
        return _officer_list(session, gazetteer, person, now)
    code = group.region_code if group is not None else person.region_code
    township = honour.township_of(gazetteer, code)
    if township is None:
        return "曝光台按镇公布，请在镇、村的群里发「曝光台」。"
    return board_text(board(session, gazetteer, township, now), township, now)


def _officer_list(session: Session, gazetteer: Gazetteer, officer: Person, now: datetime
                  ) -> str:
    """Privately, an officer sees every live entry of their area with its state."""
    lines = []
    for entry in store.entries(session, store.LIVE):
        if now >= entry.expires_at or not may_handle(session, gazetteer, officer,
                                                     entry.region_code):
            continue
        state = STATES[entry.status]
        if entry.status == "pending":
            state = ("公布中" if now >= entry.appeal_until
                     else f"{_day(entry.appeal_until)}前可申诉")
        lines.append(f"【{entry.id}】{state} · {_line(entry)} · 到{_day(entry.expires_at)}")
    if not lines:
        return ("您片区的曝光台现在是空的。核实过的欠薪、投诉可以发"
                "「曝光 欠薪 编号」「曝光 投诉 编号」。")
    return ("您片区的曝光台：\n" + "\n".join(lines)
            + "\n有申诉的回「维持 编号」或「撤下 编号」；不想登了回「撤下 编号」。")


def post_boards(ctx: TaskContext, hhmm: str) -> None:
    """At ``hhmm`` each day: the townships whose boards are due today at this time get the
    荣誉榜 and the 曝光台 in every bound group (each only when it names someone). Each
    township's boards are made once, however many of its groups they go to."""
    local = ctx.now.astimezone(TZ)
    county = ctx.gazetteer.county.code
    with transaction(ctx.engine) as session:
        replies: list[Reply] = []
        posted: set[int] = set()
        showing: list[ExposureEntry] | None = None  # read once, when a township is due
        made: dict[str, tuple[str | None, str | None]] = {}  # township: (荣誉榜, 曝光台)
        for group in tiers.bound_group_rows(session):
            township = honour.township_of(ctx.gazetteer, group.region_code)
            if township is None:
                continue
            if township.code not in made:
                made[township.code] = (None, None)
                if store.schedule_of(session, township.code, county) == (local.day, hhmm):
                    lines = honour.roll(session, ctx.gazetteer, township)
                    if showing is None:
                        showing = store.showing(session, ctx.now)
                    entries = _within(ctx.gazetteer, township, showing)
                    posted |= {e.id for e in entries if e.id is not None}
                    made[township.code] = (
                        honour.roll_text(lines, township, ctx.now) if lines else None,
                        board_text(entries, township, ctx.now) if entries else None)
            roll, exposed = made[township.code]
            if roll is not None:
                replies.append(Reply(roll, chat_id=group.chat_id, kind="notice",
                                     dedupe_key=f"honour:{group.chat_id}:{local.date()}"))
            if exposed is not None:
                replies.append(Reply(exposed, chat_id=group.chat_id, kind="notice",
                                     dedupe_key=f"exposure:{group.chat_id}:{local.date()}"))
        for entry in showing or []:
            if entry.id in posted and entry.posted_at is None:
                entry.posted_at = ctx.now
                session.add(entry)
        queue_replies(session, replies, None, ctx.now)
