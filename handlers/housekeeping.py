"""Scheduled upkeep: jobs expire after their day, posters of undated jobs are asked 还招吗."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from bot import filters
from bot.clock import TZ
from bot.config import Settings
from bot.dispatcher import queue_reply
from bot.message import Button, Reply
from bot.router import Context, Router
from bot.scheduler import TaskContext
from handlers import cards, reading
from handlers.matching import dm, job_in_sight, job_of_message, refresh_cards
from handlers.posting import cancel_job
from storage import jobs as store
from storage.db import transaction
from storage.models import Job, Person

router = Router("housekeeping")

STILL_WORDS = ("还招", "还要人", "继续招")
FILLED_WORDS = ("招满了", "人招满了", "已招满", "人已招满", "招满", "满了", "人够了", "已经招满了",
                "人已经招满了", "招够了", "人招够了", "人已经够了")
STOP_WORDS = ("不招了", "算了不招了", "不招了算了", "算了不要了")
_NUMERAL = re.compile(r"[0-9一二两三四五六七八九十百千几]")


def expire_jobs(ctx: TaskContext) -> None:
    """Every 10 minutes: jobs past their work date (or undated for too long) expire, and their
    cards say so."""
    with transaction(ctx.engine) as session:
        replies: list[Reply] = []
        for job in store.due_to_expire(session, ctx.now):
            assert job.id is not None
            locked = store.lock_job(session, job.id)
            if locked is None or locked.status not in store.LIVE:
                continue
            had_card = locked.status in ("open", "filled")
            locked.status = "expired"
            session.add(locked)
            store.close_pending(session, job.id)
            if had_card:
                replies.extend(refresh_cards(session, locked, ctx.now, settings=ctx.settings))
        for reply in replies:
            queue_reply(session, reply, None, ctx.now)


def ask_still_hiring(ctx: TaskContext) -> None:
    """Daily in the evening: "还招吗?" to posters of undated jobs that expire tomorrow."""
    tomorrow = ctx.now.astimezone(TZ).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, time(0, 0), tzinfo=TZ)
    with transaction(ctx.engine) as session:
        replies: list[Reply] = []
        for job in store.undated_expiring_between(session, start, start + timedelta(days=1)):
            if job.status != "open":
                continue
            replies.extend(_ask(session, job, ctx.now))
        for reply in replies:
            queue_reply(session, reply, None, ctx.now)


def _ask(session: Session, job: Job, now: datetime) -> list[Reply]:
    assert job.id is not None
    job.asked_still_hiring = True
    session.add(job)
    store.add_pending(session, job.poster_id, "still_hiring", job.id, now)
    today = now.astimezone(TZ).date()
    text = (f"您发的招工明天就过期了，还招吗？\n{cards.short(job, today)}\n"
            f"已报名{job.confirmed}人。回复「还招」再挂几天，「招满了」就收起来。")
    asked = dm(session, job.poster_id, text, kind="ask", job_id=job.id,
               buttons=(Button(cards.STILL_HIRING_LABEL, f"hiring:{job.id}"),
                        Button(cards.FILLED_LABEL, f"hired:{job.id}")),
               dedupe_key=f"still:{job.id}")
    if asked.replies:
        return asked.replies
    poster = session.get(Person, job.poster_id)
    name = poster.name if poster else ""
    # A question to the poster, asked in the group: no card (the card in sight, what a bare
    # 「我去」 or a reply to the latest card is about, stays the job's card).
    return [Reply(f"{name}，{text.replace('回复「', '回复本条「', 1)}", chat_id=chat_id,
                  kind="ask", job_id=job.id, dedupe_key=f"still:{job.id}:{chat_id}")
            for chat_id in store.job_chats(session, job.id)]


def answer_still_hiring(session: Session, job: Job, words: str, now: datetime,
                        settings: Settings) -> list[Reply]:
    """The poster's answer: still hiring (keep it up longer), filled, or no longer hiring."""
    assert job.id is not None
    if job.status not in ("open", "filled", "draft"):
        return [Reply("这个活已经结束了，不用再管。还要招人请重新发一条。")]
    store.close_pending(session, job.id, "still_hiring")
    if words in STOP_WORDS:
        return cancel_job(session, job, now, settings)
    today = now.astimezone(TZ).date()
    if words in STILL_WORDS:
        if job.start_date is not None:
            return [Reply(f"好的，这个活在{cards.day_text(job.start_date)}当天有效，继续招。")]
        base = max(job.expires_at or now, now)
        job.expires_at = base + timedelta(days=settings.jobs.undated_expiry_days)
        job.asked_still_hiring = False
        session.add(job)
        until = job.expires_at.astimezone(TZ).date()
        return [Reply(f"好的，继续招，挂到{cards.day_text(until)}：{cards.short(job, today)}")]
    if job.status == "draft":
        return cancel_job(session, job, now, settings)
    if job.confirmed == 0:
        # 招满 with nobody signed up is not true: the card must not say ✅ 已招满.
        return [Reply("这个活还没有人报名。人找到了、不用再招，请回「取消」撤下："
                      + cards.short(job, today))]
    filled, dropped = store.mark_filled(session, job.id, now)
    replies = [Reply(f"好的，已标成招满：{cards.short(filled, today)}")]
    replies.extend(refresh_cards(session, filled, now, settings=settings))
    for claim in dropped:
        replies.extend(dm(session, claim.person_id,
                          f"老板说人已经招满了，这次没排上：{cards.short(filled, today)}",
                          kind="notice", job_id=job.id).replies)
    return replies


def _poster_job(ctx: Context) -> dict[str, Any] | bool:
    """The job a poster's "还招"/"招满了" is about: the one quoted (when it is theirs), else
    the one the bot asked about, else the one in sight, else (privately) their latest."""
    words = filters.squash(ctx.message.text).removesuffix("吗")
    # 「招满了 亲戚过来帮忙」「还招 还冇得人来」: the reason is only said. (「还招 再要两个」
    # says more than 还招: a number in the reason is a change of the job, not a reason.)
    said = reading.head_with_reason(ctx.message.text, FILLED_WORDS + STOP_WORDS + STILL_WORDS)
    if said is not None and not reading.CHANGES_JOB.search(said[1]) and not (
            said[0] in STILL_WORDS and _NUMERAL.search(said[1])):
        words = said[0]
    if words not in STILL_WORDS + FILLED_WORDS + STOP_WORDS or ctx.person.id is None:
        return False

    def own(job: Job | None) -> Job | None:
        return job if job is not None and job.poster_id == ctx.person.id else None

    chat = ctx.message.chat
    job = own(job_of_message(ctx.session, ctx.message.reply_to))
    if job is None:
        pending = store.open_pending(ctx.session, ctx.person.id, "still_hiring")
        if pending is not None and pending.job_id is not None:
            job = ctx.session.get(Job, pending.job_id)
    if job is None:
        job = own(job_in_sight(ctx.session, chat.id, chat.is_private, None))
    if job is None and chat.is_private:
        job = store.latest_live_job_of(ctx.session, ctx.person.id)
    return {"job": job, "words": words} if job is not None else False


@router.message(_poster_job)
def still_hiring_answer(job: Job, words: str, session: Session, now: datetime,
                        settings: Settings) -> list[Reply]:
    return answer_still_hiring(session, job, words, now, settings)


def _button_job(session: Session, arg: str, person: Person) -> Job | str:
    job = session.get(Job, int(arg)) if arg.isdigit() else None
    if job is None:
        return "找不到这个活了。"
    if job.poster_id != person.id:
        return "只有发布人能回答这个。"
    return job


@router.button(filters.button("hiring"))
def still_hiring_button(arg: str, session: Session, person: Person, now: datetime,
                        settings: Settings) -> list[Reply]:
    job = _button_job(session, arg, person)
    if isinstance(job, str):
        return [Reply(job)]
    return answer_still_hiring(session, job, STILL_WORDS[0], now, settings)


@router.button(filters.button("hired"))
def filled_button(arg: str, session: Session, person: Person, now: datetime,
                  settings: Settings) -> list[Reply]:
    job = _button_job(session, arg, person)
    if isinstance(job, str):
        return [Reply(job)]
    return answer_still_hiring(session, job, FILLED_WORDS[0], now, settings)
