"""Claims: "我去", "报名", "+1", "我报2个人", a reply or the button; "取消" withdraws."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot import filters
from bot.clock import TZ
from bot.config import Settings
from bot.filters import squash
from bot.message import Button, Message, Reply
from bot.router import Context, Router
from handlers import cards, notices, privacy, reading
from handlers.matching import dm, job_in_sight, job_of_message, match, refresh_cards, reveal
from handlers.posting import apply_correction, cancel_job, officer_of_job
from nlp.gazetteer import Gazetteer, Place
from storage import jobs as store
from storage import link, people
from storage.models import Claim, Job, Person

router = Router("claims")

WITHDRAW_WORDS = ("取消", "取消报名", "不去了", "去不了", "我不去了", "退出", "退出报名")
POSTER_CANCEL_WORDS = ("取消", "取消招工", "不招了", "撤下", "撤回", "删除")
# 「张三没来」, also with who and when between: 「张三他今天没来」「小王早上一直没到」.
NO_SHOW = re.compile(r"^\s*(?P<name>[^\s,，:：]{0,12}?)\s*(?:他|她)?"
                     # not 还: 「张三还没到」 is someone on the way, no no-show
                     r"(?:今天|今早|早上|上午|下午|昨天|一直|都|压根|根本|也|就)*\s*"
                     r"(?:没有来|没来|没到|没过来|没去|没上工)[了啊呀嘛!！。.\s]*$")
PROXY = re.compile(r"^\s*代\s*(?P<name>[^\s,，:：]+?)\s*(?P<phone>1\d{10})?\s*"
                   r"(?P<action>取消报名|不去了|报名|订阅|退订)\s*(?P<rest>.*)$")

NO_SHOW_LABEL = "没来"
NOT_CLAIM_LABEL = "不是"
NO_JOB = "您要报哪个活？请回复那条招工消息说「报名」，或点招工下面的「报名」按钮。"
NOT_OPEN = {
    "expired": "这个活已经过期了，报不了名。",
    "cancelled": "这个活老板已经取消了，报不了名。",
    "draft": "这个活还在补全信息，发出后再报名。",
    "held": "这个活正在由信息员核实，暂时不能报名。",
}


def claim_count(ctx: Context) -> int | None:
    """How many people a claim standing alone brings; None when the message is not one
    (handlers/reading.py decides)."""
    found = reading.claim_phrase(ctx.message.text)
    return found[0] if found is not None else None


# --------------------------------------------------------------------------- doing it


def do_claim(session: Session, job: Job, claimer: Person, count: int, now: datetime,
             settings: Settings, gazetteer: Gazetteer, *, in_group: bool,
             source_message_id: str | None = None, proxy: Person | None = None) -> list[Reply]:
    """Claim and tell everyone what they need: the worker, the employer, the cards."""
    assert job.id is not None and claimer.id is not None
    # Both are written to privately below: their chats in one read.
    people.private_chats_of(session, [claimer.id, job.poster_id, *([proxy.id] if proxy and
                                                                  proxy.id else [])])
    outcome = store.claim_job(session, job.id, claimer.id, count, now,
                              by_person_id=proxy.id if proxy else None,
                              source_message_id=source_message_id)
    job = outcome.job
    today = now.astimezone(TZ).date()
    who = "您" if proxy is None else claimer.name
    if outcome.status == "own_job":
        return [Reply("这是您自己发的招工，不用报名。要改信息请回复招工卡片。")]
    if outcome.status in ("closed", "not_open"):
        return [Reply(NOT_OPEN[job.status])]
    if outcome.status == "too_many":
        return [Reply(f"这个活一共只要{job.headcount}人，您报了{count}人。"
                      f"请少报几个，比如「我报{job.headcount}个人」。")]
    if outcome.status == "already":
        assert outcome.claim is not None
        state = ("已经报上了" if outcome.claim.status == "confirmed"
                 else f"在候补第{outcome.position}位")
        return [Reply(f"{who}{state}，不用重复报名：{cards.short(job, today)}")]
    assert outcome.claim is not None
    replies: list[Reply] = []
    if outcome.status == "waitlisted":
        if proxy is not None:
            # As a worker's own place in the queue is told: privately, to the officer who
            # relays it, about the villager (「您」 would be the officer), with their undo.
            assert proxy.id is not None
            text = _proxy_waitlisted(job, claimer.name, outcome.position, now)
            told = dm(session, proxy.id, text, kind="notice", job_id=job.id)
        else:
            text = (cards.waitlisted_for_worker(job, now, outcome.position, count)
                    + privacy.consent_note(session, claimer, now))
            told = dm(session, claimer.id, text, kind="notice", job_id=job.id,
                      buttons=(Button(cards.WITHDRAW_LABEL, f"cancel:{job.id}"),))
        if in_group:
            who = (f"{claimer.name} " if proxy is None
                   else f"已代{claimer.name}排队：{claimer.name}")
            replies.append(Reply(f"{who}排在候补第{outcome.position}位，有人退出会通知。"))
        elif not told.replies:
            replies.append(Reply(text))
        return replies + told.replies
    # Confirmed: the worker gets the employer's phone, the employer the worker's, privately.
    worker_text = cards.confirmed_for_worker(job, now)
    buttons: tuple[Button, ...] = (Button(cards.WITHDRAW_LABEL, f"cancel:{job.id}"),)
    if proxy is None:
        worker_text += privacy.consent_note(session, claimer, now)
        told = dm(session, claimer.id, worker_text, kind="notice", job_id=job.id,
                  buttons=buttons)
    else:
        assert proxy.id is not None
        # The officer relays it: said plainly, with the undo that is theirs to send (the
        # [取消报名] button would withdraw the officer's own claim).
        worker_text, buttons = _proxy_confirmed(job, claimer.name, now), ()
        told = dm(session, proxy.id, worker_text, kind="notice", job_id=job.id)
    replies.extend(reveal(session, told, job=job, owner_id=job.poster_id,
                          reason="claim_confirmed", now=now))
    progress = f"已报 {job.confirmed}/{job.headcount}" if job.headcount else ""
    if in_group:
        tail = "老板电话已私信。" if told.replies else "私聊我发「我的报名」可看老板电话。"
        replies.insert(0, Reply(f"{claimer.name} 报名成功（{progress}）。{tail}"
                                if progress else f"{claimer.name} 报名成功。{tail}"))
    elif not told.replies:
        replies.append(Reply(worker_text, kind="notice", job_id=job.id, buttons=buttons))
    replies.extend(_tell_employer(session, job, outcome.claim, claimer, proxy, now,
                                  "报名了您的招工", settings=settings))
    replies.extend(refresh_cards(session, job, now, settings=settings))
    if outcome.filled_now:
        replies.extend(_filled(session, job, now))
    return replies


def _proxy_waitlisted(job: Job, name: str, position: int, now: datetime) -> str:
    """The officer's note of a 代报名 that joins the waitlist."""
    return "\n".join([f"已代{name}报名，人已报满，{name}排在候补第{position}位："
                      f"{cards.short(job, now.astimezone(TZ).date())}",
                      f"有人退出会按先后补上；不想等了请回「代 {name} 取消报名」"])


def _proxy_confirmed(job: Job, name: str, now: datetime) -> str:
    """The officer's note of a 代报名: what to tell the villager, next to the boss's phone."""
    return "\n".join([f"已代{name}报名。报名成功：{cards.short(job, now.astimezone(TZ).date())}",
                      f"工价：{cards.wage_text(job)}",
                      f"老板电话：{cards.contact_text(job, full_phone=True)}（请转告{name}）",
                      f"{name}去不了请回「代 {name} 取消报名」，别让老板白等"])


def _tell_employer(session: Session, job: Job, claim: Claim, claimer: Person,
                   proxy: Person | None, now: datetime, what: str,
                   confirmed: int | None = None, settings: Settings | None = None
                   ) -> list[Reply]:
    return notices.tell_employer(session, job, claim, claimer, proxy, now, what, confirmed,
                                 settings)


def _filled(session: Session, job: Job, now: datetime) -> list[Reply]:
    """The job is full: the waitlist hears where they stand."""
    assert job.id is not None
    replies = []
    for claim in store.claims_of_job(session, job.id or 0, "waitlisted"):
        position = store.waitlist_position(session, claim)
        replies.extend(dm(session, claim.person_id,
                          f"这个活已招满，您在候补第{position}位，有人退出会通知您：\n"
                          + cards.short(job, now.astimezone(TZ).date()),
                          kind="notice", job_id=job.id).replies)
    return replies


def do_withdraw(session: Session, job: Job, person: Person, now: datetime, settings: Settings,
                gazetteer: Gazetteer) -> list[Reply]:
    assert job.id is not None and person.id is not None
    today = now.astimezone(TZ).date()
    if job.status in ("expired", "cancelled"):
        return [Reply(NOT_OPEN[job.status].replace("报不了名", "不用再取消"))]
    outcome = store.withdraw(session, job.id, person.id, now)
    if outcome.claim is None:
        return [Reply(f"您没有报名这个活，不用取消：{cards.short(job, today)}")]
    job = outcome.job
    replies = [Reply(f"已取消报名：{cards.short(job, today)}", job_id=job.id)]
    if outcome.was_confirmed:
        before = job.confirmed - sum(c.count for c in outcome.promoted)
        replies.extend(_tell_employer(session, job, outcome.claim, person, None, now,
                                      notices.WITHDREW, confirmed=before, settings=settings))
    replies.extend(notices.settle(session, now, settings))
    replies.extend(refresh_cards(session, job, now, settings=settings))
    if outcome.filled_now:
        replies.extend(_filled(session, job, now))
    if job.status == "open" and not store.claims_of_job(session, job.id or 0, "waitlisted"):
        replies.extend(match(session, job, gazetteer, settings, now))
    return replies


# --------------------------------------------------------------------------- routes


def _replied_job(ctx: Context) -> dict[str, Any] | bool:
    job = job_of_message(ctx.session, ctx.message.reply_to)
    return {"job": job} if job is not None else False


def _proxy(ctx: Context) -> dict[str, Any] | bool:
    m = PROXY.match(ctx.message.text)
    if m is None:
        return False
    return {"villager_name": m.group("name"), "action": m.group("action"),
            "rest": m.group("rest"), "villager_phone": m.group("phone")}


def proxy_target(session: Session, officer: Person, name: str, gazetteer: Gazetteer
                 ) -> Person | str:
    """The villager an officer acts for, or why not. Only people the officer looks after or
    who live in the officer's area are candidates (a namesake elsewhere is someone else); the
    villager is created on first mention. "青天村老王" means the 老王 of 青天村."""
    assert officer.id is not None
    regions = people.officer_regions(session, officer.id)
    if not regions:
        return "只有信息员可以代人报名或订阅。"
    place: Place | None = None
    found = _in_scope(session, name, officer, regions, gazetteer)
    if not found:
        place, name = _place_prefix(name, gazetteer)
        if place is not None:
            named = _in_scope(session, name, officer, regions, gazetteer)
            found = [p for p in named
                     if p.region_code and gazetteer.contains(place.code, p.region_code)]
            # The 王大爷 met before with a vaguer place (the officer's township) is the same
            # person: the village now written narrows where they live.
            vaguer = [p for p in named if p.managed_by == officer.id and (
                p.region_code is None or gazetteer.contains(p.region_code, place.code))]
            if not found and len(vaguer) == 1:
                vaguer[0].region_code = place.code
                session.add(vaguer[0])
                found = vaguer
    mine = [p for p in found if p.managed_by == officer.id]
    if len(mine) == 1:
        return mine[0]
    if len(found) == 1:
        return found[0]
    if found:
        where = "、".join(_where(gazetteer, p, officer) for p in found)
        return (f"您片区里叫{name}的有{len(found)}位（{where}），请在名字前加上村名，"
                f"比如「代 {_where(gazetteer, found[0], officer)}{name} 报名」。")
    if name == officer.name:
        return "给自己报名直接说「报名」就行。"
    if place is not None and not any(gazetteer.contains(code, place.code) for code in regions):
        return f"{place.name}不在您负责的片区，不能代办。"
    home = place.code if place is not None else regions[0]
    villager = Person(name=name, managed_by=officer.id,
                      region_code=home if home != gazetteer.county.code else None)
    session.add(villager)
    session.flush()
    return villager


def _in_scope(session: Session, name: str, officer: Person, regions: list[str],
              gazetteer: Gazetteer) -> list[Person]:
    """People called ``name`` the officer looks after or who live in the officer's area."""
    return [p for p in people.people_named(session, name) if p.id != officer.id and (
        p.managed_by == officer.id or (p.region_code is not None and any(
            gazetteer.contains(code, p.region_code) for code in regions)))]


def _place_prefix(name: str, gazetteer: Gazetteer) -> tuple[Place | None, str]:
    """"青天村老王" → (青天村, "老王"): a place written out in full before a name of two
    characters or more; anything else is a name as it stands."""
    for cut in range(len(name) - 2, 1, -1):
        place = gazetteer.by_name(name[:cut])
        if place is not None and place.name == name[:cut] and place.level != "county":
            return place, name[cut:]
    return None, name


def _where(gazetteer: Gazetteer, person: Person, officer: Person) -> str:
    place = gazetteer.by_code(person.region_code) if person.region_code else None
    if place is not None:
        return place.name
    return "您照看的" if person.managed_by == officer.id else "地点未登记"


@router.message(filters.in_group, filters.text_equals("我的报名", "我的订阅"))
def mine_in_group() -> Reply:
    return Reply("这个要私聊我查：发「我的报名」或「我的订阅」，电话不会露在群里。")


# The poster's own words (「我的招工」) ask about their jobs wherever said; who signed up
# (「谁报名了」), said in a group, asks about one's own job only from someone with a job up.
OWN_JOBS_WORDS = ("我的招工", "我发的招工", "我的活")
MY_JOBS_WORDS = (*OWN_JOBS_WORDS, "谁报名了", "谁报名", "报名的人", "都有谁报名了", "有谁报名了",
                 "谁报了名")
_WHO_BARE = frozenset(squash(w) for w in MY_JOBS_WORDS if w not in OWN_JOBS_WORDS)


# 「现在谁报名了」「那到底谁报名了呢」: who signed up, asked with a word before it and a particle
# after. Taken only from someone with a job up: from anyone else it is talk about another's job
# (and 「老王那个活谁报名了」 never comes down to the bare words).
_WHO_LEAD = re.compile(r"^(?:现在|那|那么|到底|目前|请问|问下|问一下|我问下|我问一下|喂|嗯|哦|"
                       r"那个|这个|今天|还有)+")
_WHO_TAIL = re.compile(r"(?:呢|啊|呀|哦|嘛|哈|啦|噻|撒|[?？])+$")
# 「谁报名了 把电话发给我」: who signed up, and their phones or names asked for with it — what
# the list gives (privately with the phones)
_WHO_ASK_LIST = re.compile(r"(?:把|将)?(?:他们|她们|报名的)?(?:的)?(?:电话|号码|手机号?|名字|名单)"
                           r"(?:号码?)?(?:都|一起)?(?:发|给|告诉|报)(?:给|一下)?我(?:一下|看看|看下|下)?$")
WHO_WORDS = ("谁报名了", "谁报名", "谁报了名", "都有谁报名了", "有谁报名了", "哪些人报名了",
             "有哪些人报名了", "都有哪些人报名了")


def who_signed_up(ctx: Context) -> bool:
    """「谁报名了」 as the poster's question: privately always; in a group, and with a word
    before it or a particle after it anywhere, only from someone with a job up (from anyone
    else it is talk about another's job: no answer)."""
    said = squash(ctx.message.text)
    core = _WHO_TAIL.sub("", _WHO_ASK_LIST.sub("", _WHO_TAIL.sub("", _WHO_LEAD.sub("", said))))
    if said in _WHO_BARE and ctx.message.chat.is_private:
        return True
    if said not in _WHO_BARE and (core == said or core not in WHO_WORDS):
        return False
    return ctx.person.id is not None and bool(store.live_jobs_of(ctx.session, ctx.person.id))


@router.message(filters.text_equals(*OWN_JOBS_WORDS))
@router.message(who_signed_up)
def my_jobs(session: Session, person: Person, message: Message, now: datetime
            ) -> list[Reply]:
    """The employer's own view: each live job with who claimed; the phones privately only."""
    assert person.id is not None
    private = message.chat.is_private
    jobs = store.live_jobs_of(session, person.id)
    if not jobs:
        return [Reply("您现在没有在招的活。")]
    tail = "" if private else "\n电话私聊我发「我的招工」可看全。"
    return [Reply("您发的招工：\n" + _jobs_view(session, person, jobs, message.chat.id,
                                              private, now) + tail)]


def claimed_while_away(session: Session, person: Person, message: Message, now: datetime
                       ) -> list[Reply]:
    """An employer the bot could not reach until this first private message: who signed up
    for their jobs meanwhile (the card promised to tell them once they wrote)."""
    if person.id is None or squash(message.text) in MY_JOBS_WORDS:
        return []  # 「我的招工」 answers that itself
    live = store.live_jobs_of(session, person.id)
    # whose claims are read at once: one statement however many jobs the employer has
    claimers = store.claimers_of_jobs(session, {j.id or 0 for j in live}) if live else {}
    jobs = [j for j in live if claimers.get(j.id or 0)]
    if not jobs:
        return []
    view = _jobs_view(session, person, jobs, message.chat.id, True, now)
    return [Reply("您之前私聊不到，这期间有人报名了您的招工：\n" + view, chat_id=message.chat.id,
                  kind="notice")]


def _jobs_view(session: Session, person: Person, jobs: list[Job], chat_id: str,
               private: bool, now: datetime) -> str:
    assert person.id is not None
    today = now.astimezone(TZ).date()
    lines = []
    for job in jobs:
        lines.append(f"· {cards.short(job, today)}"
                     + (f"（已报 {job.confirmed}/{job.headcount}）" if job.headcount else ""))
        for claim in store.claims_of_job(session, job.id or 0):
            if claim.status not in store.ACTIVE_CLAIM:
                continue
            worker = session.get(Person, claim.person_id)
            if worker is None:
                continue
            proxy = session.get(Person, claim.by_person_id) if claim.by_person_id else None
            phone = notices.phone_for(session, worker, proxy)
            shown = (phone if private else cards.mask_phone(phone)) if phone else "没留电话"
            state = "" if claim.status == "confirmed" else "（候补）"
            party = f"（{claim.count}人）" if claim.count > 1 else ""
            lines.append(f"  {worker.name}{party}{state} {shown}")
            if private and phone:
                store.log_reveal(session, job_id=job.id, owner_id=worker.id or 0,
                                 shown_to_id=person.id, chat_id=chat_id,
                                 reason="my_jobs", now=now)
        if job.confirmed == 0 and not store.claims_of_job(session, job.id or 0, "waitlisted"):
            lines.append("  还没有人报名")
    return "\n".join(lines)


# 「我报了哪些」「我都报了些么子活哦 记不清了」: asking what one signed up for is 「我的报名」 in
# words — a question about one's own claims, never a claim. Only talk of forgetting may follow.
MINE_ASKED = re.compile(r"^(?:我|俺)(?:都|到底|究竟|今天|这几天|这回)?(?:报名?|报了名)了?"
                        r"(?:哪些|哪几个|哪个|几个|些什么|些啥|什么|啥)(?:活|活路|工)?"
                        r"(?:的|哦|啊|呀|呢|嘛|来着)*[?？]?$")
_FORGOT = re.compile(r"^(?:我|俺)?(?:都|有点)?(?:记不清|记不得|记不住|搞忘|忘记|忘|想不起来?)"
                     r"(?:了|哒|啦)*$")


def asks_own_claims(ctx: Context) -> bool:
    clauses = [squash(c) for c in re.split(r"[\s,，。.!！;；、]+", ctx.message.text) if squash(c)]
    return (bool(clauses) and MINE_ASKED.match(clauses[0]) is not None
            and all(_FORGOT.match(c) for c in clauses[1:]))


def _my_claims_asked(ctx: Context) -> bool:
    return squash(ctx.message.text) == "我的报名" or asks_own_claims(ctx)


@router.message(filters.private, _my_claims_asked)
def my_claims(session: Session, person: Person, message: Message, now: datetime
              ) -> list[Reply]:
    assert person.id is not None
    today = now.astimezone(TZ).date()
    lines = []
    for claim in store.active_claims_of(session, person.id):
        job = session.get(Job, claim.job_id)
        if job is None or job.status not in ("open", "filled"):
            continue
        state = ("已报上" if claim.status == "confirmed"
                 else f"候补第{store.waitlist_position(session, claim)}位")
        # the pay is what a worker looks for first in their own list (what they said yes to)
        line = f"· {cards.short(job, today)}（{state}）\n  工价：{cards.wage_text(job)}"
        if claim.status == "confirmed":
            line += f"\n  老板：{cards.contact_text(job, full_phone=True)}"
            store.log_reveal(session, job_id=job.id, owner_id=job.poster_id,
                             shown_to_id=person.id, chat_id=message.chat.id,
                             reason="my_claims", now=now)
        lines.append(line)
    if not lines:
        return [Reply("您现在没有报名的活。有合适的活会私信告诉您。")]
    return [Reply("您报名的活：\n" + "\n".join(lines) + "\n不去了请回复那条消息「取消报名」")]


def proxy_withdraw(session: Session, villager: Person, officer: Person, message: Message,
                   now: datetime, settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    """「代 王大爷 取消报名」: the villager's claim on the job in sight (or their one claim)."""
    assert villager.id is not None
    chat = message.chat
    job = job_in_sight(session, chat.id, chat.is_private, message.reply_to)
    if job is None or store.active_claim(session, job.id or 0, villager.id) is None:
        mine = store.active_claims_of(session, villager.id)
        if not mine:
            return [Reply(f"{villager.name}现在没有报名的活，不用取消。")]
        if len(mine) > 1:
            return [Reply(f"{villager.name}报了{len(mine)}个活，请回复要取消的那条招工说"
                          f"「代 {villager.name} 取消报名」。")]
        job = session.get(Job, mine[0].job_id)
    assert job is not None
    replies = do_withdraw(session, job, villager, now, settings, gazetteer)
    if replies and replies[0].text.startswith("已取消报名"):
        replies[0] = Reply(f"已替{villager.name}取消报名："
                           f"{cards.short(job, now.astimezone(TZ).date())}", job_id=job.id)
    return replies


@router.message(_proxy)
def proxy(ctx: Context, villager_name: str, action: str, rest: str, session: Session,
          person: Person, message: Message, now: datetime, settings: Settings,
          gazetteer: Gazetteer, villager_phone: str | None) -> list[Reply]:
    """"代 王大爷 报名": an officer claims, withdraws or subscribes for a villager without a
    phone; 「代 王大爷13812345608 订阅」 gives the villager's phone too (kept as a phone)."""
    chat = message.chat
    job = job_in_sight(session, chat.id, chat.is_private, message.reply_to)
    if (action == "报名" and job is not None and people.officer_regions(session, person.id or 0)
            and not officer_of_job(session, gazetteer, person, job)):
        # An officer signs people up for work in their own area only (the undo, 代 … 取消报名,
        # stays open to them anywhere); nobody is created for a refused claim.
        return [Reply(f"这个活在{cards.place_text(job)}，不在您负责的片区，不能代报名。"
                      "请那边的信息员代办，或让本人回复招工报名。")]
    target = proxy_target(session, person, villager_name, gazetteer)
    if isinstance(target, str):
        return [Reply(target)]
    if villager_phone and target.phone is None:
        target.phone = villager_phone
        session.add(target)
    if action in ("取消报名", "不去了"):
        return proxy_withdraw(session, target, person, message, now, settings, gazetteer)
    if action in ("订阅", "退订"):
        from handlers.subscribe import subscribe_for, unsubscribe_for

        if action == "退订":
            return unsubscribe_for(session, target, proxy=person, args=rest,
                                   gazetteer=gazetteer)
        return subscribe_for(session, target, rest, now, gazetteer, proxy=person,
                             seek=filters.parsed(ctx).seek)
    if job is None:
        return [Reply(NO_JOB)]
    count_match = re.search(r"(\d+)\s*(个|人|位)", rest)
    count = int(count_match.group(1)) if count_match else 1
    return do_claim(session, job, target, count, now, settings, gazetteer,
                    in_group=not chat.is_private, source_message_id=message.id, proxy=person)


def _no_show_report(ctx: Context) -> dict[str, Any] | bool:
    """"老王没来" from the job's poster or an officer of its place, about the job quoted or in
    sight; anyone else saying it is just talk."""
    m = NO_SHOW.match(ctx.message.text)
    if m is None:
        return False
    chat = ctx.message.chat
    job = job_in_sight(ctx.session, chat.id, chat.is_private, ctx.message.reply_to)
    if job is None or not (job.poster_id == ctx.person.id or officer_of_job(
            ctx.session, ctx.gazetteer, ctx.person, job)):
        return False
    return {"job": job, "worker_name": m.group("name"),
            "replied": job_of_message(ctx.session, ctx.message.reply_to) is not None}


def _day_start(job: Job, now: datetime) -> datetime:
    day = job.start_date or now.astimezone(TZ).date()
    return datetime.combine(day, datetime.min.time(), tzinfo=TZ)


@router.message(_no_show_report)
def no_show_text(job: Job, worker_name: str, replied: bool, session: Session, now: datetime,
                 settings: Settings) -> list[Reply]:
    assert job.id is not None
    confirmed = store.claims_of_job(session, job.id, "confirmed")
    names = {c.id: _name(session, c.person_id) for c in confirmed}
    if worker_name:
        which = [c for c in confirmed if names[c.id] == worker_name]
    elif replied:
        # Replying to the card names the job, not the worker: the one place on it is meant
        # only when it was held before the work day began or since it was taken — never a
        # worker moved up from the waitlist on the day (a moment ago, by another 没来).
        which = [c for c in confirmed if c.updated_at <= _day_start(job, now)
                 or c.updated_at <= c.created_at]
        which = which if len(confirmed) == 1 else []
    else:
        # A bare 「没来」 names nobody: only a place held since before the work day began
        # can be meant (never someone who moved up a moment ago).
        which = [c for c in confirmed if c.updated_at <= _day_start(job, now)]
        which = which if len(confirmed) == 1 else []
    if len(which) != 1:
        today = now.astimezone(TZ).date()
        if not confirmed:
            return [Reply(f"这个活现在没有报上名的人：{cards.short(job, today)}")]
        listed = list(names.values())
        return [Reply(f"报上这个活的有：{'、'.join(listed)}。"
                      f"请说谁没来，比如「{listed[0]}{NO_SHOW_LABEL}」。")]
    return record_no_show(session, job, which[0], now, settings)


@router.button(filters.button("noshow"))
def no_show_button(arg: str, session: Session, person: Person, now: datetime,
                   settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    claim = session.get(Claim, int(arg)) if arg.isdigit() else None
    job = session.get(Job, claim.job_id) if claim is not None else None
    if claim is None or job is None:
        return [Reply("找不到这个报名了。")]
    if job.poster_id != person.id and not officer_of_job(session, gazetteer, person, job):
        return [Reply("只有发布人或信息员能记没来。")]
    return record_no_show(session, job, claim, now, settings)


def _name(session: Session, person_id: int) -> str:
    person = session.get(Person, person_id)
    return person.name if person is not None else ""


def record_no_show(session: Session, job: Job, claim: Claim, now: datetime,
                   settings: Settings) -> list[Reply]:
    """Once the work day has begun: the claim is a no-show, the worker hears it kindly, the
    place goes to the waitlist."""
    assert job.id is not None and claim.id is not None
    today = now.astimezone(TZ).date()
    name = _name(session, claim.person_id)
    if job.status == "cancelled":
        return [Reply("这个活已经取消了，不用记没来。")]
    if job.start_date is not None and today < job.start_date:
        return [Reply(f"还没到开工的日子（{cards.day_text(job.start_date, today)}），"
                      f"开工后{name}还没来再说。")]
    if claim.status == "no_show":
        return [Reply(f"已经记过{name}没来了。")]
    if claim.status != "confirmed":
        return [Reply(f"{name}已经不在这个活的名单上了，不用记。")]
    outcome = store.no_show(session, claim.id, now)
    job = outcome.job
    replies = [Reply(f"记下了：{name}没来。{cards.short(job, today)}")]
    replies.extend(dm(session, claim.person_id,
                      f"老板说您没来上工：{cards.short(job, today)}\n"
                      "已记下一次没来。去不了请提前回「取消报名」，别让老板白等；"
                      "如有误会，请和老板或信息员说一声。",
                      kind="notice", job_id=job.id).replies)
    replies.extend(notices.settle(session, now, settings))
    replies.extend(refresh_cards(session, job, now, settings=settings))
    return replies


@router.message(_replied_job)
def reply_to_job(ctx: Context, job: Job, text: str, session: Session, person: Person,
                 message: Message, now: datetime, settings: Settings, gazetteer: Gazetteer
                 ) -> list[Reply] | None:
    """A reply to a card, a push or a question: the poster corrects or cancels, others claim
    or withdraw — as the reading decided (handlers/reading.py)."""
    words = squash(text)
    private = message.chat.is_private
    decision = reading.decided(ctx)
    if person.id == job.poster_id:
        if words in POSTER_CANCEL_WORDS:
            return cancel_job(session, job, now, settings)
        named = _named_cancel(session, person, text, job, now, gazetteer)
        if named is not None:  # 「取消 水电工我自己找到了」: the job of that work, of this post
            return cancel_job(session, named, now, settings)
        reason = reading.cancel_with_reason(text)
        if reason is not None and not reading.reason_changes(job, reason, now, gazetteer):
            return cancel_job(session, job, now, settings)
        if reading.claim_around(text) is not None:  # a claim phrase alone included
            return [Reply("这是您自己发的招工，不用报名。要改信息请回复招工卡片。")]
        if decision.action == "act" and decision.reading.kind == "post":
            from handlers.posting import publish_post

            return publish_post(ctx)
        if job.status != "draft" and reading.BARE_NUMBER.match(words):
            # 「200」 under a published card: the wage, the headcount? Asked, not guessed (a
            # draft's question asked for one field, so there a number answers it).
            return [Reply(f"「{words}」是要改什么？请写上是哪一项，比如「工价{words}」，"
                          "或「人数3」「改成后天」。")]
        if (not private and job.status != "draft" and decision.reading.kind != "correction"
                and not reading.correction_said(text)):
            # 「我去镇上买材料 下午回来再说」 under one's own card in a group: talk, not a
            # failed correction to answer in front of everyone.
            return None
        if decision.action == "act" and decision.reading.kind == "correction":
            # 「保安工价改成180」: the job the work names, which may not be the card replied to
            named = ctx.cache.get("jobs", {}).get(decision.reading.job_id)
            return apply_correction(session, named or job, text, person, now, settings,
                                    gazetteer, private, decision.reading.data["found"])
        if reading.trade_head(text) is not None:
            # A work named that none of one's live jobs is: which job is not known.
            return ([Reply("没找到您在招的这个工种，请回复要改的那条招工，比如「工价200」。")]
                    if private else None)
        return apply_correction(session, job, text, person, now, settings, gazetteer, private,
                                reading.stated_fields(text, now, gazetteer))
    if reading.party_said(text) is None and (
            words in WITHDRAW_WORDS or reading.withdraw_with_reason(text)
            or reading.withdraw_tail(text)) and fits_day(session, job, person.id,
                                                         reading.day_named(text, now), now) \
            and fits_party(session, job, person.id, text):
        # 「改成1个人 我兄弟来不了」 shrinks the party: it is no withdrawal.
        if (not private and words not in WITHDRAW_WORDS and person.id is not None
                and store.active_claim(session, job.id or 0, person.id) is None):
            # 「我去不成 明天要赶场」 in a group from someone holding no place on it: their own
            # news, no withdrawal to answer in front of everyone.
            return None
        return withdraw_said(session, job, person, text, now, settings, gazetteer, private)
    if decision.reading.kind == "claim":
        # 「我去当钢筋工」 under another card of the post: the job the claim names
        job = ctx.cache.get("jobs", {}).get(decision.reading.job_id) or job
    if decision.action == "act" and decision.reading.kind == "claim":
        return claim_from_reading(session, job, person, decision.reading.data, message, now,
                                  settings, gazetteer)
    if decision.action == "act" and decision.reading.kind == "party":
        return change_party(session, job, person, decision.reading.data["how"],
                            decision.reading.data["count"], now, settings, private=private)
    if decision.action == "ask" and decision.reading.kind == "claim":
        count = decision.reading.data.get("count")
        return ask_claim(job, now, count if isinstance(count, int) else 1)
    if private:
        # about this job: what is said in reply to the hint is said to the job
        return [Reply("想去这个活回「报名」，不去了回「取消报名」。", job_id=job.id)]
    return None  # group talk that happens to quote a card


def claim_from_reading(session: Session, job: Job, person: Person, data: dict[str, Any],
                       message: Message, now: datetime, settings: Settings,
                       gazetteer: Gazetteer) -> list[Reply]:
    """A decided claim; a phone given with it (「我去 电话139…」) is the worker's phone."""
    phone = data.get("phone")
    # The number said with the claim is the one to call (a new one replaces the old), unless
    # someone else holds it: nobody takes another's number by claiming with it.
    before = person.phone
    changed = (isinstance(phone, str) and phone != person.phone and phone != job.phone
               and person.id is not None and not link.other_holders(session, phone, person.id))
    if changed:
        person.phone = phone
        session.add(person)
    count = data.get("count")
    replies = do_claim(session, job, person, count if isinstance(count, int) else 1, now,
                       settings, gazetteer, in_group=not message.chat.is_private,
                       source_message_id=message.id)
    if changed and (job.id is None or person.id is None
                    or store.active_claim(session, job.id, person.id) is None):
        # The claim was refused (the job is over, the poster's own …): nothing was claimed
        # with that number, so nothing changes.
        person.phone = before
        session.add(person)
        changed = False
    replaced = before if changed else None
    if replaced is not None and person.id is not None:
        # The number the employer will call changed: the worker hears it, privately, masked.
        note = (f"您的电话已改为 {cards.mask_phone(person.phone)}"
                f"（原来是 {cards.mask_phone(replaced)}），老板看到的是新号。")
        told = dm(session, person.id, note, kind="notice", job_id=job.id).replies
        replies += told or ([Reply(note)] if message.chat.is_private else [])
    return replies


def ask_claim(job: Job, now: datetime, count: int = 1) -> list[Reply]:
    """Not sure it is a claim: ask, privately, with buttons; the button keeps the party said
    (「我们两个去 我和我表妹」: 2)."""
    assert job.id is not None
    party = f"（{count}个人）" if count > 1 else ""
    data = f"claim:{job.id}:{count}" if count > 1 else f"claim:{job.id}"
    return [Reply(f"您是要报名这个活吗{party}？\n{cards.short(job, now.astimezone(TZ).date())}",
                  buttons=(Button(cards.CLAIM_LABEL, data),
                           Button(NOT_CLAIM_LABEL, f"notclaim:{job.id}")),
                  kind="ask", job_id=job.id)]


def change_party(session: Session, job: Job, person: Person, how: str, count: int,
                 now: datetime, settings: Settings, *, private: bool = True) -> list[Reply]:
    """「我再加1个人」「改成2个人」: the party of one's claim grows or shrinks; beyond the free
    places it says so and changes nothing; a smaller party moves the waitlist up."""
    assert job.id is not None and person.id is not None
    claim = store.active_claim(session, job.id, person.id)
    today = now.astimezone(TZ).date()
    if claim is None:
        return [Reply(f"您还没报名这个活：{cards.short(job, today)}")]
    new = claim.count + count if how == "add" else count
    if new < 1:
        return [Reply("人数至少1个。不去了请回「取消报名」。")]
    if new == claim.count:
        return [Reply(f"还是{new}个人，没有变。")]
    outcome = store.set_party(session, claim, new, now)
    if outcome is None:
        # The places left beyond one's own: 0 says plainly that the job is full.
        spare = max((job.headcount or 0) - job.confirmed, 0)
        why = (f"这个活一共只要{job.headcount}人" if new > (job.headcount or 0)
               else "这个活已经报满了" if spare == 0 else f"这个活只空{spare}个位置")
        return [Reply(f"{why}，改不成{new}个人，您这边还是{claim.count}个人。")]
    job = store.lock_job(session, job.id) or job
    who = "您" if private else person.name  # a group reads the name, not 您
    replies = [Reply(f"改好了，{who}这边{new}个人：{cards.short(job, today)}"
                     + (f"（已报 {job.confirmed}/{job.headcount}）" if job.headcount else ""))]
    if claim.status == "confirmed":
        replies.extend(_tell_employer(session, job, claim, person, None, now,
                                      f"把报名人数改成了{new}人", settings=settings))
    replies.extend(notices.settle(session, now, settings))
    replies.extend(refresh_cards(session, job, now, settings=settings))
    return replies


@router.message(reading.reading("party"))
def party_text(job: Job, how: str, count: int, session: Session, person: Person,
               message: Message, now: datetime, settings: Settings) -> list[Reply]:
    return change_party(session, job, person, how, count, now, settings,
                        private=message.chat.is_private)


def _party_of_one_claim(ctx: Context) -> dict[str, Any] | bool:
    """「改成1个人 我兄弟来不了」 privately, with another job last in sight: it is about the
    claim the person holds (when they hold several, which one is asked)."""
    change = reading.party_said(ctx.message.text)
    if change is None or not ctx.message.chat.is_private or ctx.person.id is None:
        return False
    mine = store.active_claims_of(ctx.session, ctx.person.id)
    if not mine:
        return False
    if reading.companion_off(ctx.message.text) and all(c.count < 2 for c in mine):
        return False  # 「我兄弟不去了」 with no one brought along: not about this party
    job = ctx.session.get(Job, mine[0].job_id) if len(mine) == 1 else None
    return {"job": job, "how": change[0], "count": change[1]}


@router.message(_party_of_one_claim)
def party_of_one_claim(job: Job | None, how: str, count: int, session: Session,
                       person: Person, now: datetime, settings: Settings) -> list[Reply]:
    if job is None:
        return [Reply("您报了好几个活，请回复要改的那条消息说「改成2个人」之类，"
                      "或发「我的报名」查看。")]
    return change_party(session, job, person, how, count, now, settings)


@router.message(reading.reading("claim", action="ask"))
def claim_question(job: Job, now: datetime, count: int) -> list[Reply]:
    return ask_claim(job, now, count)


@router.button(filters.button("notclaim"))
def not_a_claim() -> Reply:
    return Reply("好的，没给您报名。")


def _withdraw_words(ctx: Context) -> dict[str, Any] | bool:
    """"取消" and friends; in a group, "撤回"/"删除" only from the poster of the card in sight
    (people say those about their own chat messages)."""
    words = squash(ctx.message.text)
    if words in WITHDRAW_WORDS or (ctx.message.chat.is_private and words in POSTER_CANCEL_WORDS):
        return True
    if reading.cancel_named(ctx.message.text) is not None:
        # 「取消水电工」「水电工不招了 自己找到了」: the poster's job of that work
        chat = ctx.message.chat
        named = _named_cancel(ctx.session, ctx.person, ctx.message.text,
                              job_in_sight(ctx.session, chat.id, chat.is_private, None),
                              ctx.now, ctx.gazetteer, guess=chat.is_private)
        if named is not None:
            return {"named_job": named}
        if chat.is_private and _several_to_cancel(ctx):
            # 「取消 厨师 …」 privately with two 厨师 jobs live: the one last written about is
            # only a guess — which one is asked
            return {"named_job": None, "which": True}
    if reading.party_said(ctx.message.text) is not None:
        return False  # 「改成1个人 我兄弟来不了」: the party shrinks (handlers/reading.py)
    if (ctx.message.reply_to is None and reading.withdrawal_points(ctx.message.text)
            and (sight := job_in_sight(ctx.session, ctx.message.chat.id,
                                       ctx.message.chat.is_private, None))
            is not None and reading.answering_about(ctx, sight)):
        # 「那个活我不去了」 right after 「上回李老板喊你去修路 那个活你还去不去」: the job
        # pointed at is the one just asked about, not the card's
        return False
    said = reading.withdrawal_said(ctx.message.text)
    if said is not None and ctx.person.id is not None:
        return _withdraw_with_reason(ctx, ctx.person.id, said[0], said[1])
    if ctx.person.id is not None and (reading.withdraw_tail(ctx.message.text)
                                      or reading.runon_withdrawal(ctx.message.text)):
        # 「莫得空了 明天不去了」: a withdrawal from someone who holds a claim.
        return bool(_claims_on_day(ctx, ctx.person.id))
    if words not in POSTER_CANCEL_WORDS:
        return False
    job = job_in_sight(ctx.session, ctx.message.chat.id, False, None)
    return job is not None and job.poster_id == ctx.person.id


def _called_back(ctx: Context) -> dict[str, Any] | bool:
    """「厂里喊我周日回去」 privately from someone holding a place or a wait: a reason not to come,
    said without a backing out — asked about (each claim with its button), never acted on,
    and never read as a day offered or a search for work. Nothing to ask with no claim."""
    if not ctx.message.chat.is_private or ctx.person.id is None:
        return False
    if filters.parsed(ctx).extra.get("reason") != "called back":
        return False
    held = [job for c in store.active_claims_of(ctx.session, ctx.person.id)
            if (job := ctx.session.get(Job, c.job_id)) is not None]
    return {"held": held} if held else False


@router.message(_called_back)
def called_back(held: list[Job], now: datetime) -> list[Reply]:
    today = now.astimezone(TZ).date()
    return [Reply("要回去的话，报了的活还去得成吗？去不成请点下面的「取消报名」，"
                  "老板好另外找人；还去就不用管。", kind="reply")] + [
        Reply(cards.short(job, today), job_id=job.id, kind="reply",
              buttons=(Button(cards.WITHDRAW_LABEL, f"cancel:{job.id}"),))
        for job in held]


def _withdraw_with_reason(ctx: Context, person_id: int, head: str, reason: str) -> bool:
    """「取消报名 明天起不来」 from someone holding a claim; 「取消 家里老人过来带了」 from the
    poster of the job in sight (or, privately, of a live job) when the reason changes nothing
    of the job."""
    chat = ctx.message.chat
    if _claims_on_day(ctx, person_id):
        # In a group a bare 「取消」 with more words may be about anything; 取消报名 is not.
        return chat.is_private or head != "取消"
    if head not in POSTER_CANCEL_WORDS:
        return False
    job = job_in_sight(ctx.session, chat.id, chat.is_private, None)
    if job is not None and job.poster_id == person_id:
        return not reading.reason_changes(job, reason, ctx.now, ctx.gazetteer)
    return chat.is_private and any(
        not reading.reason_changes(live, reason, ctx.now, ctx.gazetteer)
        for live in store.live_jobs_of(ctx.session, person_id))


def fits_day(session: Session, job: Job, person_id: int | None, day: Any,
             now: datetime) -> bool:
    """Whether a withdrawal naming ``day`` is about ``job`` (:func:`reading.on_day`); also
    「今天来不了」 from a worker whose only claim is on another day: they say they cannot come,
    and nothing is lost by believing them."""
    if reading.on_day(job, day):
        return True
    if day != now.astimezone(TZ).date() or person_id is None:
        return False
    held = store.active_claims_of(session, person_id)
    return len(held) == 1 and held[0].job_id == job.id


def fits_party(session: Session, job: Job, person_id: int | None, text: str) -> bool:
    """Whether a withdrawal naming how many are not coming (「我们两个来不成了」) is about the
    person's claim on ``job``: one of that size, or a bigger one it shrinks
    (:func:`party_left`) — not a smaller one (「我们两个来不成了」 from a claim of one is no
    word about it)."""
    named = reading.withdrawn_party(text)
    if named is None or person_id is None:
        return True
    claim = store.active_claim(session, job.id or 0, person_id)
    return claim is None or claim.count >= named


def party_left(session: Session, job: Job, person_id: int | None, text: str) -> int | None:
    """How many still come when a withdrawal names fewer than the claim brings
    (「我们两个来不成了」 from a party of three: 1); None when it names none or the whole party."""
    named = reading.withdrawn_party(text)
    if named is None or person_id is None:
        return None
    claim = store.active_claim(session, job.id or 0, person_id)
    return claim.count - named if claim is not None and claim.count > named else None


def withdraw_said(session: Session, job: Job, person: Person, text: str, now: datetime,
                  settings: Settings, gazetteer: Gazetteer, private: bool) -> list[Reply]:
    """A withdrawal said in words: the whole claim given up, or, when it names fewer than the
    party (「我们两个来不成了」 of three), the party shrunk to those still coming — the
    employer told and the waitlist moved up as for any smaller party."""
    left = party_left(session, job, person.id, text)
    if left is not None:
        return change_party(session, job, person, "set", left, now, settings, private=private)
    return do_withdraw(session, job, person, now, settings, gazetteer)


def _claims_on_day(ctx: Context, person_id: int) -> list[Claim]:
    """The person's claims a withdrawal may be about: all of them, or those on the day it
    names (「周六不去了」 with a Sunday job only is about something else), of the size it
    names (:func:`fits_party`)."""
    day = reading.day_named(ctx.message.text, ctx.now)
    return [c for c in store.active_claims_of(ctx.session, person_id)
            if (job := ctx.session.get(Job, c.job_id)) is not None
            and fits_day(ctx.session, job, person_id, day, ctx.now)
            and fits_party(ctx.session, job, person_id, ctx.message.text)]


def _named_cancel(session: Session, person: Person, text: str, near: Job | None,
                  now: datetime, gazetteer: Gazetteer, guess: bool = False) -> Job | None:
    """The poster's live job a cancel names by its work (「取消 水电工我自己找到了」), when its
    reason changes nothing of a job; the one of ``near``'s post when several are of it —
    unless ``near`` is only a guess (privately, the job last written about): then several
    of that work are no answer (:func:`_several_named`)."""
    named = reading.cancel_named(text)
    if named is None or person.id is None or (guess and _several_named(session, person, text)):
        return None
    job = store.live_job_of_type(session, person.id, named[0], near)
    if job is None or reading.reason_changes(job, named[1], now, gazetteer):
        return None
    return job


def _several_named(session: Session, person: Person, text: str) -> bool:
    """Whether the work a cancel names (「取消 厨师 …」) is that of more than one of the
    poster's live jobs."""
    named = reading.cancel_named(text)
    return named is not None and person.id is not None and len(
        [j for j in store.live_jobs_of(session, person.id) if j.work_type == named[0]]) > 1


def _several_to_cancel(ctx: Context) -> bool:
    """:func:`_several_named`, with a reason that changes none of them (「取消 厨师 改成帮厨」
    is a change, not a cancel to ask about)."""
    named = reading.cancel_named(ctx.message.text)
    return (named is not None and _several_named(ctx.session, ctx.person, ctx.message.text)
            and ctx.person.id is not None
            and all(not reading.reason_changes(j, named[1], ctx.now, ctx.gazetteer)
                    for j in store.live_jobs_of(ctx.session, ctx.person.id)
                    if j.work_type == named[0]))


def _switch(ctx: Context) -> dict[str, Any] | bool:
    """「我报错了 是要去张老板那个」 to a group: someone holding a place (or a wait) on one job of
    the group's cards names another of them as the one meant (:func:`reading.switch_named`)."""
    chat = ctx.message.chat
    if chat.is_private or ctx.person.id is None or not reading.says_claimed_wrong(ctx.message.text):
        return False
    found = store.card_jobs(ctx.session, chat.id)
    if len(found) < 2:
        return False
    jobs = [job for job, _, _ in found]
    meant = reading.switch_named(ctx.message.text, reading.known_jobs(found, ctx.now, ctx.session))
    held = [j for j in jobs if j.id != meant
            and store.active_claim(ctx.session, j.id or 0, ctx.person.id) is not None]
    target = next((j for j in jobs if j.id == meant), None)
    if (target is None or len(held) != 1 or target.poster_id == ctx.person.id
            or store.active_claim(ctx.session, target.id or 0, ctx.person.id) is not None):
        return False
    claim = store.active_claim(ctx.session, held[0].id or 0, ctx.person.id)
    party = claim.count if claim is not None else 1
    if target.headcount is not None and party > target.headcount - target.confirmed:
        # a place given up only for one surely had (a full job has no room): no swap for a
        # wait or a refusal
        return False
    return {"wrong": held[0], "meant": target}


@router.message(_switch)
def switch_claim(wrong: Job, meant: Job, session: Session, person: Person, message: Message,
                 now: datetime, settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    """The claim on the wrong job withdrawn (its employer told, its waitlist moved up), and the
    job meant claimed, with the party of the wrong claim."""
    assert person.id is not None
    claim = store.active_claim(session, wrong.id or 0, person.id)
    count = claim.count if claim is not None else 1
    replies = do_withdraw(session, wrong, person, now, settings, gazetteer)
    return replies + do_claim(session, meant, person, count, now, settings, gazetteer,
                              in_group=True, source_message_id=message.id)


@router.message(_withdraw_words)
def withdraw_text(text: str, session: Session, person: Person, message: Message,
                  now: datetime, settings: Settings, gazetteer: Gazetteer,
                  named_job: Job | None = None, which: bool = False) -> list[Reply]:
    """"取消" with nothing quoted: the job in sight, else the person's one claim; the poster's
    job of the work a cancel names (「取消 水电工我自己找到了」), whichever is in sight."""
    assert person.id is not None
    if named_job is not None:
        return cancel_job(session, named_job, now, settings)
    if which:
        return _which_to_cancel(session, person, now)
    said = reading.withdrawal_said(text)
    words = said[0] if said is not None else squash(text)
    chat = message.chat
    job = job_in_sight(session, chat.id, chat.is_private, None)
    if job is not None and job.poster_id == person.id and words in POSTER_CANCEL_WORDS and not (
            chat.is_private and (job.status not in store.LIVE
                                 or len(store.live_jobs_of(session, person.id)) > 1)):
        # Privately, the job last written about is only a guess when others are live (asked
        # below), and no answer at all when it is over (the one live job is meant).
        return cancel_job(session, job, now, settings)
    day = reading.day_named(text, now)
    if (job is not None and store.active_claim(session, job.id or 0, person.id) is not None
            and fits_day(session, job, person.id, day, now)
            and fits_party(session, job, person.id, text)):
        return withdraw_said(session, job, person, text, now, settings, gazetteer,
                             chat.is_private)
    mine = [c for c in store.active_claims_of(session, person.id)
            if (held := session.get(Job, c.job_id)) is not None
            and fits_day(session, held, person.id, day, now)
            and fits_party(session, held, person.id, text)]
    if len(mine) == 1:
        only = session.get(Job, mine[0].job_id)
        assert only is not None
        return withdraw_said(session, only, person, text, now, settings, gazetteer,
                             chat.is_private)
    if mine:
        return [Reply("您报了好几个活，请回复要取消的那条消息说「取消报名」，"
                      "或发「我的报名」查看。")]
    if chat.is_private and words in POSTER_CANCEL_WORDS:
        # The poster's own 「取消」: their job, or the question which one.
        live = store.live_jobs_of(session, person.id)
        if len(live) == 1:
            return cancel_job(session, live[0], now, settings)
        if live:
            return _which_to_cancel(session, person, now)
    return [Reply("您现在没有报名的活，不用取消。")]


def _which_to_cancel(session: Session, person: Person, now: datetime) -> list[Reply]:
    """The poster's live jobs, each with its button to take it down: which one is meant."""
    assert person.id is not None
    today = now.astimezone(TZ).date()
    return [Reply("您有几个招工，要撤下哪个？点下面的「取消招工」，"
                  "或回复那条招工说「取消」：", kind="reply")] + [
        Reply(cards.short(job, today), job_id=job.id, kind="reply",
              buttons=(Button(cards.CLOSE_LABEL, f"cancel:{job.id}"),))
        for job in store.live_jobs_of(session, person.id)]


@router.message(reading.reading("claim"))
def claim_text(job: Job | None, session: Session, person: Person, message: Message,
               now: datetime, settings: Settings, gazetteer: Gazetteer, count: int,
               phone: str | None) -> list[Reply]:
    if job is None:
        return [Reply(NO_JOB)]
    return claim_from_reading(session, job, person, {"count": count, "phone": phone},
                              message, now, settings, gazetteer)


@router.button(filters.button("claim"))
def claim_button(arg: str, session: Session, person: Person, message: Message, now: datetime,
                 settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    job_id, _, party = arg.partition(":")  # ``claim:ID`` or, after a question, ``claim:ID:N``
    # Locked at once: the claim locks it anyway, and then reads it no more.
    job = store.lock_job(session, int(job_id)) if job_id.isdigit() else None
    if job is None:
        return [Reply("找不到这个活了。")]
    count = int(party) if party.isdigit() and int(party) >= 1 else 1
    return do_claim(session, job, person, count, now, settings, gazetteer,
                    in_group=not message.chat.is_private, source_message_id=message.id)


@router.button(filters.button("cancel"))
def cancel_button(arg: str, session: Session, person: Person, now: datetime,
                  settings: Settings, gazetteer: Gazetteer) -> list[Reply]:
    job = session.get(Job, int(arg)) if arg.isdigit() else None
    if job is None:
        return [Reply("找不到这个活了。")]
    if job.poster_id == person.id:
        return cancel_job(session, job, now, settings)
    return do_withdraw(session, job, person, now, settings, gazetteer)
