"""Jobs, claims and subscriptions: the queries behind posting, matching and claiming.

The headcount invariant (``Job.confirmed`` never above ``Job.headcount``) is kept by changing
claims only with the job row locked: ``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serializes
writing transactions by itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, bindparam, event, exists, false, literal, or_, true
from sqlalchemy import select as core_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction, aliased
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, func, select

from storage.db import (
    add_written,
    any_of,
    as_written,
    hold_written,
    one_of,
    read,
    refreshed_as_read,
)
from storage.models import (
    ANY_WORK,
    Claim,
    ExposureEntry,
    Group,
    Job,
    JobChat,
    OutboxMessage,
    Pending,
    Person,
    PhoneReveal,
    Post,
    Push,
    Subscription,
    SubscriptionWorkType,
    indexed_work_types,
)

TZ = ZoneInfo("Asia/Shanghai")
LIVE = ("draft", "held", "open", "filled")  # a job people may still act on
ACTIVE_CLAIM = ("confirmed", "waitlisted")

PROMOTED = "lingong.promoted"  # session.info: claims moved up, waiting for their notices

# The JOB fields of the parse contract that a Job row stores as they are.
JOB_FIELDS = (
    "work_type", "headcount", "start_date", "start_time", "end_time", "duration_days",
    "wage_min", "wage_max", "wage_unit", "settlement", "township", "village", "phone",
    "contact", "gender", "age_max", "age_min",
)


# --------------------------------------------------------------------------- posts and jobs


def create_post(session: Session, *, source_message_id: str, chat_id: str, poster_id: int,
                text: str, now: datetime, on_behalf_of: int | None = None) -> Post:
    post = Post(source_message_id=source_message_id, chat_id=chat_id, poster_id=poster_id,
                text=text, on_behalf_of=on_behalf_of, created_at=now)
    add_written(session, post)
    return post


def dedupe_key(phone: str | None, work_type: str | None, start_date: date | None,
               poster_id: int | None = None) -> str | None:
    """Same phone (or, without one, the same poster), work type and date: one job, however
    many groups it was posted to (when the rest of it is the same too: find_duplicate)."""
    phone = phone or (f"poster:{poster_id}" if poster_id is not None else None)
    if not phone:
        return None
    # A draft waiting for its work type keys as UNTYPED: the post naming it finds it.
    return f"{phone}|{work_type or UNTYPED}|{start_date.isoformat() if start_date else '-'}"


UNTYPED = "?"


def untyped_key(key: str | None) -> str | None:
    """The key of the same job while it waited for its work type."""
    if key is None:
        return None
    phone, work_type, day = key.split("|")
    return None if work_type == UNTYPED else f"{phone}|{UNTYPED}|{day}"


SAME_JOB = ("township", "village", "wage_min", "wage_max", "headcount")

# The statements of every post, claim and subscription are made once (making a statement
# costs more CPU than its round trip); their values go as parameters. This one reads the
# columns the comparison needs: a post nearly always repeats nothing, and rows cost about half
# the CPU of objects (issue 12); the job that matches is read as an object.
_DUPLICATE_COLUMNS = ("id", "post_id", "status", "work_type", "region_code", *SAME_JOB)
_PLACE = ("township", "village")
_DUPLICATES = (select(*(getattr(Job, name) for name in _DUPLICATE_COLUMNS))
               .where(any_of(col(Job.dedupe_key), "keys"),
                      one_of(col(Job.status), LIVE)).order_by(col(Job.id)))


def _same_untyped(job: Any, fields: dict[str, Any]) -> bool:
    """An untyped draft is the job a post names only when, beyond the phone and the date, both
    state the same count and the same place or pay, and nothing they both state differs: the
    phone, the date and a common day's pay (or the group's own place) alone would take
    「后天要司机 一天120」 into 「后天要三个扎灯笼的 一天120」."""
    def both(*names: str) -> bool | None:
        said = [n for n in names if fields.get(n) is not None and getattr(job, n) is not None]
        return all(fields[n] == getattr(job, n) for n in said) if said else None

    agree = {k: both(*names) for k, names in (("count", ("headcount",)),
                                               ("place", ("township", "village")),
                                               ("pay", ("wage_min", "wage_max")))}
    if any(v is False for v in agree.values()):
        return False
    return bool(agree["count"]) and bool(agree["place"] or agree["pay"])


def find_duplicate(session: Session, key: str | None, fields: dict[str, Any] | None = None,
                   post_id: int | None = None, *,
                   unplaced: Callable[[str | None], bool] | None = None) -> Job | None:
    """The live job this one repeats: same phone, work type and date (the key) and, given
    ``fields``, the same place, wage and headcount too; a job of the same post never repeats
    another of that post (男工 and 女工 of one post are two jobs). ``unplaced``, for a post
    that named no place (its place is the group's): whether a job's place (its region code)
    may be the one it means — a village's job forwarded into its township's group is that job
    (asked only of a job that differs by nothing else)."""
    if key is None:
        return None
    keys = [k for k in (key, untyped_key(key)) if k is not None]
    for job in read(session, _DUPLICATES, {"keys": keys}):
        if post_id is not None and job.post_id == post_id:
            continue
        if job.work_type is None and (fields is None or not _same_untyped(job, fields)):
            continue
        # A draft lacks parts: only what both say must agree (the repeat completes it).
        differ = [] if fields is None else [
            name for name in SAME_JOB
            if fields.get(name) != getattr(job, name)
            and (job.status != "draft" or (fields.get(name) is not None
                                           and getattr(job, name) is not None))]
        if differ and (unplaced is None or any(name not in _PLACE for name in differ)
                       or not unplaced(job.region_code)):
            continue
        return session.get(Job, job.id)
    return None


def expiry_for(start_date: date | None, now: datetime, undated_days: int,
               duration_days: int | None = None) -> datetime:
    """A dated job ends with its last work day (its date plus 工期: 「明天开始 干三天」 still
    hires on the second day); an undated one after ``undated_days``."""
    if start_date is None:
        return now + timedelta(days=undated_days)
    days = max(duration_days or 1, 1)
    return datetime.combine(start_date + timedelta(days=days), time(0, 0), tzinfo=TZ)


def create_job(session: Session, post: Post, fields: dict[str, Any], *, region_code: str | None,
               status: str, now: datetime, undated_days: int,
               hold_reason: str | ExposureEntry | None = None) -> Job:
    job = new_job(post, fields, region_code=region_code, status=status, now=now,
                  undated_days=undated_days, hold_reason=hold_reason)
    insert_job(session, job, post, now)
    return job


def new_job(post: Post, fields: dict[str, Any], *, region_code: str | None, status: str,
            now: datetime, undated_days: int, hold_reason: str | ExposureEntry | None = None
            ) -> Job:
    """The job of a post, not yet written (``insert_job``): the caller may still settle its
    status, so the row is written once. ``hold_reason``: why it is held, the scam words
    (``Job.hold_reason``) or the 曝光台 entry its phone is on (``Job.exposure_id``)."""
    assert post.id is not None
    entry = hold_reason if isinstance(hold_reason, ExposureEntry) else None
    # Every value given at once: each attribute set on a model object afterwards costs as
    # much again as setting it in the constructor.
    values = {name: fields[name] for name in JOB_FIELDS if name in fields}
    start_date = values.get("start_date")
    return Job(post_id=post.id, poster_id=post.poster_id, status=status,
               region_code=region_code, created_at=now,
               hold_reason=hold_reason if isinstance(hold_reason, str) else None,
               exposure_id=entry.id if entry is not None else None, **values,
               perks="|".join(sorted(str(p) for p in fields.get("perks") or [])),
               dedupe_key=dedupe_key(values.get("phone"), values.get("work_type"), start_date,
                                     post.poster_id),
               expires_at=expiry_for(start_date, now, undated_days,
                                     values.get("duration_days")),
               opened_at=now if status == "open" else None)


def insert_job(session: Session, job: Job, post: Post, now: datetime) -> None:
    """Write a new job and the chat its post came from (a new job has no chats to look up).
    On PostgreSQL one statement (the chat's INSERT in a WITH of the job's; issue 12), held by
    the session as written (``hold_written``); elsewhere two."""
    chat = {"chat_id": post.chat_id, "source_message_id": post.source_message_id,
            "created_at": now}
    if session.get_bind().dialect.name != "postgresql":
        add_written(session, job)
        assert job.id is not None
        session.execute(_ADD_JOB_CHAT, {"job_id": job.id, **chat})
        return
    session.flush()  # what was pending goes first, as in add_written
    values = {f"new_{c.name}": getattr(job, c.name) for c in _JOB_T.columns
              if not c.primary_key}
    key = session.execute(_JOB_WITH_CHAT, {**values, **{f"chat_{k}": v for k, v in chat.items()}}
                          ).one()
    hold_written(session, job, key)


_ADD_JOB_CHAT = JobChat.__table__.insert()  # type: ignore[attr-defined]


def link_chat(session: Session, job: Job, chat_id: str, source_message_id: str | None,
              now: datetime) -> bool:
    """Remember a chat the job appeared in; False when it was already known there."""
    assert job.id is not None
    if session.get(JobChat, (job.id, chat_id)) is not None:
        return False
    session.add(JobChat(job_id=job.id, chat_id=chat_id, source_message_id=source_message_id,
                        created_at=now))
    session.flush()
    return True


_DRAFT_IN_CHAT = (select(JobChat.job_id)
                  .join(Job, col(Job.id) == JobChat.job_id)
                  .where(col(JobChat.chat_id) == bindparam("chat"), col(Job.status) == "draft")
                  .limit(1))


def draft_in_chat(session: Session, chat_id: str) -> bool:
    """Whether a job posted in this chat waits as a draft (asked what it lacks, no card yet)."""
    return read(session, _DRAFT_IN_CHAT, {"chat": chat_id}).first() is not None


def job_chats_with_kind(session: Session, job_id: int) -> list[tuple[str, bool]]:
    """``job_chats``, each with whether it is a group (one query, not one a chat)."""
    return [(chat, group is not None)
            for chat, group in read(session, _JOB_CHATS, {"job": job_id})]


_JOB_CHATS = (select(JobChat.chat_id, Group.chat_id)
              .join(Group, col(Group.chat_id) == JobChat.chat_id, isouter=True)
              .where(col(JobChat.job_id) == bindparam("job")).order_by(col(JobChat.created_at)))


def drafts_of_messages(session: Session, poster_id: int, message_ids: list[str]) -> list[Job]:
    """The poster's drafts made by these messages (pieces of a post typed word by word)."""
    return list(session.exec(
        select(Job).join(Post, col(Post.id) == Job.post_id)
        .where(col(Post.source_message_id).in_(message_ids), col(Job.poster_id) == poster_id,
               col(Job.status) == "draft")
        .order_by(col(Job.id))))


def chats_shown_card(session: Session, job_id: int) -> set[str]:
    """The chats the job's card was shown in (or is on its way to)."""
    return set(session.exec(
        select(OutboxMessage.chat_id).where(
            col(OutboxMessage.card_key) == f"card:{job_id}",
            col(OutboxMessage.status).in_(("pending", "sending", "sent"))).distinct()))


def job_chats(session: Session, job_id: int) -> list[str]:
    return list(read(session, _CHATS_OF_JOB, {"job": job_id}).scalars())


_CHATS_OF_JOB = (select(JobChat.chat_id).where(col(JobChat.job_id) == bindparam("job"))
                 .order_by(col(JobChat.created_at)))


def missing_fields(job: Job) -> list[str]:
    """What a worker needs before the job can open: 工种, 地点, 工价."""
    missing = []
    if not job.work_type:
        missing.append("工种")
    if not job.township and not job.village:
        missing.append("地点")
    if job.wage_min is None:
        missing.append("工价")
    return missing


FAR_DAYS = 200  # a work day further ahead than this is more likely a misread date


def date_doubt(job: Job, today: date) -> str | None:
    """"past" when the job's day is gone, "far" when it is most of a year away (「3月2号」
    sent on 3月5日 reads as next year): the poster confirms before it is published."""
    if job.start_date is None:
        return None
    if job.start_date < today:
        return "past"
    if (job.start_date - today).days > FAR_DAYS:
        return "far"
    return None


def open_job(job: Job, now: datetime) -> None:
    """A draft or held job goes up (already full when its places are taken)."""
    job.status = "open"
    job.opened_at = job.opened_at or now
    _settle_status(job, now)


def mark_filled(session: Session, job_id: int, now: datetime) -> tuple[Job, list[Claim]]:
    """The poster says the job is full, whatever the count: the job is locked and filled, the
    waitlist is let go. Returns the job and the waitlisted claims it cancelled."""
    job = lock_job(session, job_id)
    if job is None:
        raise LookupError(f"no job {job_id}")
    job.status = "filled"
    job.filled_at = now
    session.add(job)
    dropped = claims_of_job(session, job_id, "waitlisted")
    for claim in dropped:
        claim.status = "cancelled"
        claim.updated_at = now
        session.add(claim)
    session.flush()
    return job, dropped


def lock_job(session: Session, job_id: int) -> Job | None:
    """The job row, locked until the transaction ends, with fresh values. Locked once a
    transaction: while the lock is held no one else changes the row, so a second call (the
    claim button's, then the claim's) reads nothing."""
    locked: dict[int, Job] = session.info.setdefault(_LOCKED, {})
    if job_id in locked:
        return locked[job_id]
    # Locked and read as columns (what was pending is flushed first, as a query's autoflush
    # did), the object held as if the ORM had loaded it — or, read already in this transaction
    # (what a reply is about), given the values others wrote since: the ORM's refresh
    # (populate_existing) without its execution and loading (issue 12).
    row = read(session, _LOCK_JOB_ROW, {"job": job_id}).first()
    job = None if row is None else refreshed_as_read(
        session, Job, dict(zip(_JOB_COLUMNS, row, strict=True)))
    if job is not None:
        locked[job_id] = job
    return job


_JOB_TABLE: Any = Job.__table__  # type: ignore[attr-defined]
_JOB_COLUMNS = tuple(c.name for c in _JOB_TABLE.columns)
_LOCK_JOB_ROW = (core_select(*_JOB_TABLE.columns).where(_JOB_TABLE.c.id == bindparam("job"))
                 .with_for_update())


# The jobs locked in this transaction; forgotten when it (or a savepoint: rolling one back
# gives its locks back) ends.
_LOCKED = "jobs.locked"


@event.listens_for(OrmSession, "after_transaction_end")
def _transaction_ended(session: OrmSession, transaction: SessionTransaction) -> None:
    # A flush's own inner transaction ends too: that is not the end of anything.
    if transaction.nested or transaction.parent is None:
        session.info.pop(_LOCKED, None)


def latest_live_job_of(session: Session, poster_id: int) -> Job | None:
    return session.exec(_LATEST_LIVE_JOB, params={"poster": poster_id}).first()


_LATEST_LIVE_JOB = (select(Job)
                    .where(col(Job.poster_id) == bindparam("poster"), one_of(col(Job.status), LIVE))
                    .order_by(col(Job.id).desc()).limit(1))


def live_jobs_of(session: Session, poster_id: int) -> list[Job]:
    """The poster's jobs that are still up (drafts and held ones included), oldest first."""
    return list(session.exec(_LIVE_JOBS, params={"poster": poster_id}))


_LIVE_JOBS = (select(Job).where(col(Job.poster_id) == bindparam("poster"),
                                one_of(col(Job.status), LIVE))
              .order_by(col(Job.id)))


def jobs_of_post(session: Session, post_id: int) -> list[Job]:
    """The jobs one post gave, in the order it listed them."""
    return list(session.exec(_POST_JOBS, params={"post": post_id}))


_POST_JOBS = select(Job).where(col(Job.post_id) == bindparam("post")).order_by(col(Job.id))

def live_job_of_type(session: Session, poster_id: int, work_type: str, near: Job | None
                     ) -> Job | None:
    """The poster's live job of this work type (「保安工价改成180」, 「取消 水电工…」): ``near``
    (the job replied to or in sight) when it is of that type, else the one of its post, else
    the only one; None when there is none or several could be meant."""
    if near is not None and near.poster_id == poster_id and near.work_type == work_type \
            and near.status in LIVE:
        return near
    found = [j for j in live_jobs_of(session, poster_id) if j.work_type == work_type]
    if near is not None:
        same_post = [j for j in found if j.post_id == near.post_id]
        if len(same_post) == 1:
            return same_post[0]
    return found[0] if len(found) == 1 else None


def due_to_expire(session: Session, now: datetime) -> list[Job]:
    return list(session.exec(
        select(Job)
        .where(one_of(col(Job.status), LIVE), col(Job.expires_at) <= now)
        .order_by(col(Job.id))
    ))


def undated_expiring_between(session: Session, start: datetime, end: datetime) -> list[Job]:
    return list(session.exec(
        select(Job)
        .where(one_of(col(Job.status), ("open", "draft")), col(Job.start_date).is_(None),
               col(Job.asked_still_hiring).is_(False),
               col(Job.expires_at) >= start, col(Job.expires_at) < end)
        .order_by(col(Job.id))
    ))


def latest_job_in_chat(session: Session, chat_id: str, kinds: tuple[str, ...] | None = None
                       ) -> Job | None:
    """The job of the bot's most recent message about a job in this chat (a card, a push, an
    answer): the one sent last, not the one changed last. An edit is no new message: the card
    it changes keeps its place in the chat (an older card edited for a claim stays above a
    newer card). An edit sent anew, where the platform could not edit, is a new message (its
    own platform id); one still waiting is taken for an edit in place, as it is on most
    platforms. The message's job is read with it, in one statement (issue 12: the message was
    read as an object for its job's id, then the job)."""
    if kinds is None:
        return session.exec(_LATEST_JOB, params={"chat": chat_id}).first()
    return session.exec(_LATEST_JOB_OF, params={"chat": chat_id, "kinds": list(kinds)}).first()


_SHOWN_BEFORE = aliased(OutboxMessage)
_EDIT_IN_PLACE = and_(col(OutboxMessage.edit), or_(
    col(OutboxMessage.status) == "pending",
    exists().where(col(_SHOWN_BEFORE.chat_id) == col(OutboxMessage.chat_id),
                   col(_SHOWN_BEFORE.platform_message_id) == col(OutboxMessage.platform_message_id),
                   col(_SHOWN_BEFORE.id) < col(OutboxMessage.id))))
_JOB_MESSAGES = select(OutboxMessage).where(
    col(OutboxMessage.chat_id) == bindparam("chat"), col(OutboxMessage.job_id).is_not(None),
    one_of(col(OutboxMessage.status), ("sent", "pending")), ~_EDIT_IN_PLACE)
_LATEST_JOB_ID = (_JOB_MESSAGES.with_only_columns(col(OutboxMessage.job_id))
                  .order_by(col(OutboxMessage.id).desc()).limit(1))
# A job kept back for an officer and never let out (held, or held and then rejected or taken
# down) was never offered: the warning that stands in its card's place is no card to answer
# — the latest card a group can mean is another's (issue 10: a claim under a real job landed
# on a rejected scam post's warning). Released, it loses its hold and its card is offered.
NEVER_OFFERED = select(Job.id).where(or_(
    col(Job.status) == "held",
    and_(col(Job.status) == "cancelled",
         or_(col(Job.hold_reason).is_not(None), col(Job.exposure_id).is_not(None)))))
_LATEST_JOB_ID_OF = _LATEST_JOB_ID.where(any_of(col(OutboxMessage.kind), "kinds"),
                                         col(OutboxMessage.job_id).not_in(NEVER_OFFERED))
_LATEST_JOB = select(Job).where(col(Job.id) == _LATEST_JOB_ID.scalar_subquery())
_LATEST_JOB_OF = select(Job).where(col(Job.id) == _LATEST_JOB_ID_OF.scalar_subquery())


def latest_job_id(session: Session, chat_id: str, kinds: tuple[str, ...] | None = None
                  ) -> int | None:
    """The id of :func:`latest_job_in_chat`'s job (read alone, whether the job is there)."""
    if kinds is None:
        return read(session, _LATEST_JOB_ID, {"chat": chat_id}).scalar()
    return read(session, _LATEST_JOB_ID_OF, {"chat": chat_id, "kinds": list(kinds)}).scalar()


def open_rival_card(session: Session, chat_id: str, job_id: int, reader_id: int | None,
                    recent: int = 10, *, post_id: int | None = None) -> bool:
    """Whether another open job's card, not the reader's own, is among the chat's latest
    cards: a claim that names no card could then be about either. With ``post_id``, the
    jobs of that post are no rival (a claim that names which of them it takes: 「男工算我一个」)."""
    if post_id is not None:
        found = read(session, _RIVAL_CARD_ELSEWHERE,
                     {"chat": chat_id, "job": job_id, "reader": reader_id or 0,
                      "recent": recent, "post": post_id}).first()
        return found is not None
    found = read(session, _RIVAL_CARD, {"chat": chat_id, "job": job_id, "reader": reader_id or 0,
                                        "recent": recent}).first()
    return found is not None


def pushed_rivals(session: Session, chat_id: str, job_id: int, reader_id: int,
                  recent: int = 10) -> list[Job]:
    """Privately: the other open jobs pushed among the chat's latest job messages that the
    reader could still take (not their own, no claim of theirs on it) — with two pushes in
    sight, a claim that names neither could be about either."""
    return list(session.exec(_PUSHED_RIVALS, params={"chat": chat_id, "job": job_id,
                                                     "reader": reader_id, "recent": recent}))


_LATEST_JOB_MESSAGES = (select(OutboxMessage.job_id, OutboxMessage.kind)
                        .where(col(OutboxMessage.chat_id) == bindparam("chat"),
                               col(OutboxMessage.job_id).is_not(None))
                        .order_by(col(OutboxMessage.id).desc()).limit(bindparam("recent"))
                        .subquery())
_PUSHED_RIVALS = (select(Job).where(
    col(Job.id).in_(select(_LATEST_JOB_MESSAGES.c.job_id)
                    .where(_LATEST_JOB_MESSAGES.c.kind == "push")),
    col(Job.id) != bindparam("job"), col(Job.status) == "open",
    col(Job.poster_id) != bindparam("reader"),
    ~exists().where(col(Claim.job_id) == col(Job.id),
                    col(Claim.person_id) == bindparam("reader"),
                    one_of(col(Claim.status), ACTIVE_CLAIM)))
    .order_by(col(Job.id)))


_LATEST_CARDS = (select(OutboxMessage.job_id)
                 .where(col(OutboxMessage.chat_id) == bindparam("chat"),
                        col(OutboxMessage.kind) == "card", col(OutboxMessage.job_id).is_not(None))
                 .order_by(col(OutboxMessage.id).desc()).limit(bindparam("recent")).subquery())
_RIVAL_CARD = (select(Job.id).where(col(Job.id).in_(select(_LATEST_CARDS.c.job_id)),
                                    col(Job.id) != bindparam("job"), col(Job.status) == "open",
                                    col(Job.poster_id) != bindparam("reader"))
               .limit(1))
_RIVAL_CARD_ELSEWHERE = (select(Job.id).where(col(Job.id).in_(select(_LATEST_CARDS.c.job_id)),
                                              col(Job.id) != bindparam("job"),
                                              col(Job.status) == "open",
                                              col(Job.poster_id) != bindparam("reader"),
                                              col(Job.post_id) != bindparam("post"))
                         .limit(1))


# --------------------------------------------------------------------------- claims


@dataclass
class ClaimOutcome:
    """What a claim did. ``status``: confirmed | waitlisted | already | own_job | closed |
    not_open | too_many."""

    status: str
    job: Job
    claim: Claim | None = None
    position: int = 0  # place in the waitlist, from 1
    filled_now: bool = False


@dataclass
class WithdrawOutcome:
    job: Job
    claim: Claim | None  # None: nothing to withdraw
    promoted: list[Claim] = field(default_factory=list)
    reopened: bool = False
    filled_now: bool = False
    was_confirmed: bool = False


def active_claim(session: Session, job_id: int, person_id: int) -> Claim | None:
    return session.exec(_ACTIVE_CLAIM, params={"job": job_id, "person": person_id}).first()


_ACTIVE_CLAIM = (select(Claim)
                 .where(col(Claim.job_id) == bindparam("job"),
                        col(Claim.person_id) == bindparam("person"),
                        one_of(col(Claim.status), ACTIVE_CLAIM))
                 .order_by(col(Claim.id)).limit(1))


def claims_of_job(session: Session, job_id: int, status: str | None = None) -> list[Claim]:
    if status is None:
        return list(session.exec(_CLAIMS_OF_JOB, params={"job": job_id}))
    return list(session.exec(_CLAIMS_OF_JOB_IN, params={"job": job_id, "status": status}))


_CLAIMS_OF_JOB = (select(Claim).where(col(Claim.job_id) == bindparam("job"))
                  .order_by(col(Claim.id)))
_CLAIMS_OF_JOB_IN = (select(Claim).where(col(Claim.job_id) == bindparam("job"),
                                         col(Claim.status) == bindparam("status"))
                     .order_by(col(Claim.id)))


def claimers_of_jobs(session: Session, job_ids: set[int]) -> dict[int, set[int]]:
    """Who claims each of the jobs (confirmed or waiting), in one query."""
    found: dict[int, set[int]] = {job_id: set() for job_id in job_ids}
    for job_id, person_id in read(session, _CLAIMERS, {"jobs": sorted(job_ids)}):
        found[job_id].add(person_id)
    return found


_CLAIMERS = select(Claim.job_id, Claim.person_id).where(
    any_of(col(Claim.job_id), "jobs"),
    one_of(col(Claim.status), ACTIVE_CLAIM))


def active_claims_of(session: Session, person_id: int) -> list[Claim]:
    return list(session.exec(
        select(Claim)
        .where(Claim.person_id == person_id, one_of(col(Claim.status), ACTIVE_CLAIM))
        .order_by(col(Claim.id))
    ))


def waitlist_position(session: Session, claim: Claim) -> int:
    assert claim.id is not None
    ahead = session.exec(
        select(func.count())
        .select_from(Claim)
        .where(Claim.job_id == claim.job_id, Claim.status == "waitlisted",
               col(Claim.id) < claim.id)
    ).one()
    return int(ahead) + 1


def claim_job(session: Session, job_id: int, person_id: int, count: int, now: datetime, *,
              by_person_id: int | None = None, source_message_id: str | None = None
              ) -> ClaimOutcome:
    """Take ``count`` slots first come, first served; beyond the headcount, wait in line."""
    job = lock_job(session, job_id)
    if job is None:
        raise LookupError(f"no job {job_id}")
    if job.poster_id == person_id:
        return ClaimOutcome("own_job", job)
    if job.status in ("expired", "cancelled"):
        return ClaimOutcome("closed", job)
    if job.status in ("draft", "held"):
        return ClaimOutcome("not_open", job)
    # The person's claim and the waitlist in one read (the job's lock keeps both as read).
    rows = list(session.exec(_CLAIM_AND_WAITLIST, params={"job": job_id, "person": person_id}))
    waiting = [c for c in rows if c.status == "waitlisted"]
    existing = next((c for c in rows if c.person_id == person_id), None)
    if existing is not None:
        pos = (1 + sum(1 for c in waiting if (c.id or 0) < (existing.id or 0))
               if existing.status == "waitlisted" else 0)
        return ClaimOutcome("already", job, existing, pos)
    if job.headcount is not None and count > job.headcount:
        return ClaimOutcome("too_many", job)
    claim = Claim(job_id=job_id, person_id=person_id, count=count, status="waitlisted",
                  by_person_id=by_person_id, source_message_id=source_message_id,
                  created_at=now, updated_at=now)
    # Everyone, the newcomer last, moves up in line order while they fit; the newcomer is
    # written once, with where it ended up.
    was_filled = job.status == "filled"
    was = tuple(getattr(job, name) for name in _JOB_MOVED)
    if job.status == "open":
        promoted = _move_up(job, now, [*waiting, claim])
        for moved in promoted:
            if moved is not claim:  # the newcomer taking a free place is no promotion
                session.add(moved)
                session.info.setdefault(PROMOTED, []).append(moved)
    _write_claim(session, job, claim, was != tuple(getattr(job, n) for n in _JOB_MOVED))
    filled_now = not was_filled and job.status == "filled"
    if claim.status == "confirmed":
        return ClaimOutcome("confirmed", job, claim, 0, filled_now)
    ahead = sum(1 for c in waiting if c.status == "waitlisted")
    return ClaimOutcome("waitlisted", job, claim, ahead + 1, filled_now)


_CLAIM_AND_WAITLIST = (
    select(Claim).where(col(Claim.job_id) == bindparam("job"), or_(
        col(Claim.status) == "waitlisted",
        and_(col(Claim.person_id) == bindparam("person"), one_of(col(Claim.status), ACTIVE_CLAIM))))
    .order_by(col(Claim.id)))


def _write_claim(session: Session, job: Job, claim: Claim, moved: bool) -> None:
    """A new claim inserted and, when it ``moved`` the job (its places taken, its status),
    the job's row updated: as plain statements, not by the unit of work, whose flush of the
    two cost several times their round trips in CPU (issue 12). On PostgreSQL they are one
    statement (the job's UPDATE in a WITH). What else is pending is flushed first."""
    if not moved:
        add_written(session, claim)
        return
    as_written(session, [job], _JOB_MOVED)  # the unit of work has nothing left of them
    session.flush()  # what else was pending goes first
    moving = {"moved_job": job.id, "moved_confirmed": job.confirmed,
              "moved_status": job.status, "moved_filled_at": job.filled_at}
    values = {f"new_{c.name}": getattr(claim, c.name) for c in _CLAIM_T.columns
              if not c.primary_key}
    if session.connection().dialect.name == "postgresql":
        key = session.execute(_CLAIM_MOVING_JOB, {**moving, **values}).one()
    else:
        session.execute(_MOVE_JOB, moving)
        key = session.execute(_INSERT_CLAIM, values).one()
    hold_written(session, claim, key)


# What a claim changes of its job.
_JOB_MOVED = ("confirmed", "status", "filled_at")
_JOB_T: Any = Job.__table__  # type: ignore[attr-defined]
_CLAIM_T: Any = Claim.__table__  # type: ignore[attr-defined]
_MOVE_JOB = (_JOB_T.update().where(_JOB_T.c.id == bindparam("moved_job"))
             .values(confirmed=bindparam("moved_confirmed", type_=_JOB_T.c.confirmed.type),
                     status=bindparam("moved_status", type_=_JOB_T.c.status.type),
                     filled_at=bindparam("moved_filled_at", type_=_JOB_T.c.filled_at.type)))
_INSERT_CLAIM = (_CLAIM_T.insert().values({
    c.name: bindparam(f"new_{c.name}", type_=c.type) for c in _CLAIM_T.columns
    if not c.primary_key}).returning(_CLAIM_T.c.id))
_CLAIM_MOVING_JOB = _INSERT_CLAIM.add_cte(_MOVE_JOB.cte("moved"))
# PostgreSQL: a new job and the chat of its post in one statement (insert_job).
_NEW_JOB = (_JOB_T.insert().values({
    c.name: bindparam(f"new_{c.name}", type_=c.type) for c in _JOB_T.columns
    if not c.primary_key}).returning(_JOB_T.c.id).cte("new_job"))
_JOB_CHAT_T: Any = JobChat.__table__  # type: ignore[attr-defined]
_JOB_WITH_CHAT = core_select(_NEW_JOB.c.id).add_cte(
    _JOB_CHAT_T.insert().from_select(
        ["job_id", "chat_id", "source_message_id", "created_at"],
        core_select(_NEW_JOB.c.id,
                    *(bindparam(f"chat_{name}", type_=_JOB_CHAT_T.c[name].type)
                      for name in ("chat_id", "source_message_id", "created_at"))))
    .cte("new_job_chat"))


def _move_up(job: Job, now: datetime, waiting: list[Claim]) -> list[Claim]:
    """The waitlisted claims, in line order, confirmed while they fit (in memory; the job
    open); its status settled."""
    promoted: list[Claim] = []
    for claim in waiting:
        if job.headcount is not None and job.confirmed + claim.count > job.headcount:
            if job.confirmed >= job.headcount:
                break
            continue  # a smaller claim further down may still fit
        claim.status = "confirmed"
        claim.updated_at = now
        job.confirmed += claim.count
        promoted.append(claim)
    _settle_status(job, now)
    return promoted


def promote(session: Session, job: Job, now: datetime, waiting: list[Claim] | None = None
            ) -> list[Claim]:
    """Move waitlisted claims up, in order, while they fit; the caller holds the lock.
    ``waiting``: the waitlist in line order, when the caller has read it already."""
    promoted: list[Claim] = []
    if job.status != "open":
        session.flush()
        return promoted  # a full job (or one its poster called full) takes no one
    if waiting is None:
        waiting = claims_of_job(session, job.id or 0, "waitlisted")
    promoted = _move_up(job, now, waiting)
    session.add_all(promoted)
    # Every promotion is owed a notice (handlers/notices.py takes them from here).
    session.info.setdefault(PROMOTED, []).extend(promoted)
    session.add(job)
    session.flush()
    return promoted


def take_promoted(session: Session) -> list[Claim]:
    """The claims moved up from the waitlist since the last call (each once)."""
    found: list[Claim] = session.info.pop(PROMOTED, [])
    return found


def _settle_status(job: Job, now: datetime) -> bool:
    """open ↔ filled after the confirmed count or the headcount changed; True when it filled."""
    if job.status == "open" and job.headcount is not None and job.confirmed >= job.headcount:
        job.status = "filled"
        job.filled_at = now
        return True
    if job.status == "filled" and (job.headcount is None or job.confirmed < job.headcount):
        job.status = "open"
        job.filled_at = None
    return False


def withdraw(session: Session, job_id: int, person_id: int, now: datetime) -> WithdrawOutcome:
    """Cancel the person's claim; the waitlist moves up into freed slots."""
    job = lock_job(session, job_id)
    if job is None:
        raise LookupError(f"no job {job_id}")
    claim = active_claim(session, job_id, person_id)
    if claim is None:
        return WithdrawOutcome(job, None)
    return _release(session, job, claim, "cancelled", now)


def no_show(session: Session, claim_id: int, now: datetime) -> WithdrawOutcome:
    """A confirmed worker did not turn up: the claim becomes ``no_show``, the worker's
    ``no_shows`` count goes up (matching ranks by it) and the place goes to the waitlist.
    ``claim`` is None in the outcome when the claim was not confirmed (nothing recorded)."""
    found = session.get(Claim, claim_id)
    if found is None:
        raise LookupError(f"no claim {claim_id}")
    job = lock_job(session, found.job_id)
    assert job is not None
    claim = session.exec(select(Claim).where(Claim.id == claim_id)
                         .execution_options(populate_existing=True)).one()
    if claim.status != "confirmed":
        return WithdrawOutcome(job, None)
    worker = session.exec(select(Person).where(Person.id == claim.person_id).with_for_update()
                          .execution_options(populate_existing=True)).one()
    worker.no_shows += 1
    session.add(worker)
    return _release(session, job, claim, "no_show", now)


def _release(session: Session, job: Job, claim: Claim, status: str, now: datetime
             ) -> WithdrawOutcome:
    """End an active claim (the job is locked); a freed place moves the waitlist up."""
    was_confirmed = claim.status == "confirmed"
    was_filled = job.status == "filled"
    claim.status = status
    claim.updated_at = now
    session.add(claim)
    promoted: list[Claim] = []
    if was_confirmed:
        job.confirmed -= claim.count
        _settle_status(job, now)
        promoted = promote(session, job, now)
    session.add(job)
    session.flush()
    return WithdrawOutcome(job, claim, promoted, reopened=was_filled and job.status == "open",
                           filled_now=not was_filled and job.status == "filled",
                           was_confirmed=was_confirmed)


def set_party(session: Session, claim: Claim, count: int, now: datetime) -> Claim | None:
    """Change how many people a claim brings; None (nothing changed) when a confirmed party
    would no longer fit the places left. A smaller party frees places for the waitlist."""
    job = lock_job(session, claim.job_id)
    assert job is not None
    if job.headcount is not None and count > job.headcount:
        return None
    if claim.status == "confirmed":
        if job.headcount is not None and job.confirmed - claim.count + count > job.headcount:
            return None
        job.confirmed += count - claim.count
    claim.count = count
    claim.updated_at = now
    session.add(claim)
    _settle_status(job, now)
    promote(session, job, now)
    session.add(job)
    session.flush()
    return claim


def set_headcount(session: Session, job: Job, headcount: int, now: datetime) -> list[Claim]:
    """Change the headcount (never below the confirmed count); returns promoted claims."""
    assert job.id is not None
    locked = lock_job(session, job.id)
    assert locked is not None
    if headcount < locked.confirmed:
        raise ValueError("headcount below confirmed")
    locked.headcount = headcount
    _settle_status(locked, now)
    return promote(session, locked, now)


# --------------------------------------------------------------------------- pushes, reveals


def record_push(session: Session, job_id: int, person_id: int, now: datetime) -> bool:
    """Remember a push; False if this person already got this job."""
    return bool(record_pushes(session, job_id, [person_id], now))


def record_pushes(session: Session, job_id: int, person_ids: list[int], now: datetime
                  ) -> list[int]:
    """Remember pushes in one statement; returns the people (in the given order) who had not
    been pushed this job before, even by another process at the same moment."""
    new = record_push_pairs(session, [(job_id, pid) for pid in person_ids], now)
    return [pid for pid in person_ids if (job_id, pid) in new]


def record_push_pairs(session: Session, pairs: list[tuple[int, int]], now: datetime
                      ) -> set[tuple[int, int]]:
    """``record_pushes`` of (job, person) pairs, several jobs at once; returns the new ones."""
    if not pairs:
        return set()
    dialect = session.get_bind().dialect.name
    statement = _PUSHES.get(dialect)
    if statement is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        # The pairs as parameters of one statement made once (SQLAlchemy sends them as one
        # multi-row INSERT): rows written into the statement made a new one, compiled anew,
        # every time. On the table, not the model: the ORM's bulk INSERT cost twice the CPU.
        statement = _PUSHES[dialect] = (insert(_PUSH).on_conflict_do_nothing()
                                        .returning(_PUSH.c.job_id, _PUSH.c.person_id))
    return {(job_id, person_id) for job_id, person_id in session.execute(
        statement, [{"job_id": job, "person_id": pid, "created_at": now} for job, pid in pairs])}


_PUSH: Any = Push.__table__  # type: ignore[attr-defined]
_PUSHES: dict[str, Any] = {}


class Wish(Protocol):
    """What matching reads of a subscription: the model's object, or a ``Candidate``."""

    @property
    def work_types(self) -> str: ...
    @property
    def region_code(self) -> str | None: ...
    @property
    def min_wage(self) -> float | None: ...
    @property
    def available_on(self) -> date | None: ...
    @property
    def available_until(self) -> date | None: ...
    @property
    def paused_from(self) -> date | None: ...
    @property
    def paused_until(self) -> date | None: ...


@dataclass(frozen=True)
class Candidate:
    """An active subscription, as matching reads it (``Wish``), and whose it is."""

    id: int
    person_id: int
    work_types: str
    region_code: str | None
    min_wage: float | None
    available_on: date | None
    available_until: date | None
    paused_from: date | None
    paused_until: date | None


@dataclass(frozen=True)
class Worker:
    """What matching reads of a subscriber: their home place and their no-shows."""

    region_code: str | None
    no_shows: int


def candidate_subscriptions(session: Session, job: Job, places: list[str]
                            ) -> list[tuple[Candidate, Worker]]:
    """Active subscriptions that may fit ``job``, with their people, found by index: they ask
    for its work type or any work, and for one of ``places`` (the job's place and those above
    it) or anywhere. Never the poster's, nor of anyone pushed this job or claiming it. Read as
    rows, not the model's objects: asked for every post, only to rank (issue 12)."""
    assert job.id is not None
    kinds = [ANY_WORK, *([job.work_type] if job.work_type else [])]
    return [(Candidate(*row[:-2]), Worker(*row[-2:])) for row in read(
        session, _CANDIDATES, {"kinds": kinds, "places": places, "poster": job.poster_id,
                               "job": job.id})]


_CANDIDATES = (
    core_select(*(getattr(Subscription, f.name) for f in fields(Candidate)),
                col(Person.region_code), col(Person.no_shows))
    .join(SubscriptionWorkType,
          col(SubscriptionWorkType.subscription_id) == col(Subscription.id))
    .join(Person, col(Person.id) == col(Subscription.person_id))
    .where(
        any_of(col(SubscriptionWorkType.work_type), "kinds"),
        col(Subscription.active).is_(True),
        # anywhere, or one of the places (an empty list matches nothing)
        or_(col(Subscription.region_code).is_(None),
            any_of(col(Subscription.region_code), "places")),
        col(Subscription.person_id) != bindparam("poster"),
        ~exists().where(col(Push.job_id) == bindparam("job"),
                        col(Push.person_id) == col(Subscription.person_id)),
        ~exists().where(col(Claim.job_id) == bindparam("job"),
                        col(Claim.person_id) == col(Subscription.person_id)),
    )
    .order_by(col(Subscription.id)))


def pushed_people(session: Session, job_id: int) -> set[int]:
    return set(session.exec(select(Push.person_id).where(Push.job_id == job_id)))


def jobs_pushed_to(session: Session, person_id: int) -> set[int]:
    return set(session.exec(select(Push.job_id).where(Push.person_id == person_id)))


def people_by_id(session: Session, ids: set[int]) -> dict[int, Person]:
    """Many people in one query; those the session holds already (the sender of the message,
    someone read before in the transaction) are not read again, as ``session.get`` would not
    read them."""
    if not ids:
        return {}
    found: dict[int, Person] = {}
    if not session.deleted:
        for pid in ids:
            held = session.identity_map.get(identity_key(Person, pid))
            if isinstance(held, Person):
                found[pid] = held
    missing = sorted(ids - found.keys())
    if missing:
        found.update((p.id, p) for p in session.exec(_PEOPLE, params={"ids": missing})
                     if p.id is not None)
    return found


_PEOPLE = select(Person).where(any_of(col(Person.id), "ids"))


def log_reveal(session: Session, *, job_id: int | None, owner_id: int, shown_to_id: int,
               chat_id: str, reason: str, now: datetime) -> None:
    session.execute(_ADD_REVEAL, {"job_id": job_id, "owner_id": owner_id,
                                  "shown_to_id": shown_to_id, "chat_id": chat_id,
                                  "reason": reason, "created_at": now})


# A log row nobody reads back in the transaction: one INSERT, no object (issue 12).
_ADD_REVEAL = PhoneReveal.__table__.insert()  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- subscriptions


def subscriptions_of(session: Session, person_id: int) -> list[Subscription]:
    return list(session.exec(_SUBSCRIPTIONS, params={"person": person_id}))


_SUBSCRIPTIONS = (select(Subscription)
                  .where(col(Subscription.person_id) == bindparam("person"),
                         col(Subscription.active).is_(True))
                  .order_by(col(Subscription.id)))


def add_subscription(session: Session, person_id: int, *, work_types: list[str],
                     region_code: str | None, min_wage: float | None, now: datetime,
                     available_on: date | None = None) -> Subscription:
    """A new line of what the worker wants; the same line twice is kept once."""
    return add_subscription_line(session, person_id, work_types=work_types,
                                 region_code=region_code, min_wage=min_wage, now=now,
                                 available_on=available_on)[0]


def subscribed_since(session: Session, person_id: int, since: datetime) -> bool:
    """Whether the person made a subscription at or after ``since``."""
    found = session.exec(select(Subscription.id).where(
        Subscription.person_id == person_id, col(Subscription.created_at) >= since).limit(1))
    return found.first() is not None


def add_subscription_line(session: Session, person_id: int, *, work_types: list[str],
                          region_code: str | None, min_wage: float | None, now: datetime,
                          available_on: date | None = None
                          ) -> tuple[Subscription, list[Subscription]]:
    """``add_subscription``, and the person's active subscriptions after it (in
    ``subscriptions_of``'s order), without reading them again."""
    joined = "|".join(dict.fromkeys(work_types))
    current = subscriptions_of(session, person_id)
    for sub in current:
        if (sub.work_types, sub.region_code) == (joined, region_code):
            sub.min_wage = min_wage if min_wage is not None else sub.min_wage
            sub.available_on = available_on or sub.available_on
            session.add(sub)
            session.flush()
            return sub, current
    # A bare "有空" line (no type, no place) is replaced by the first real one.
    for sub in current:
        if not sub.work_types and sub.region_code is None and sub.min_wage is None:
            available_on = available_on or sub.available_on
            sub.active = False
            session.add(sub)
    sub = Subscription(person_id=person_id, work_types=joined, region_code=region_code,
                       min_wage=min_wage, available_on=available_on,
                       paused_until=current[0].paused_until if current else None,
                       created_at=now)
    _insert_subscription(session, sub)
    return sub, [*(s for s in current if s.active), sub]


def _insert_subscription(session: Session, sub: Subscription) -> None:
    """A new subscription and its work types' index rows (``SubscriptionWorkType``, which the
    mapper's event writes for a subscription the unit of work inserts) written as plain
    statements and held by the session as written: on PostgreSQL one (the index rows' INSERT
    in a WITH), elsewhere two — the unit of work's flush cost several times their round trips
    in CPU (issue 12)."""
    types = indexed_work_types(sub.work_types)
    if session.get_bind().dialect.name != "postgresql":
        add_written(session, sub)
        session.execute(_ADD_SUB_TYPES, [{"work_type": t, "subscription_id": sub.id}
                                         for t in types])
        return
    session.flush()  # what was pending goes first, as in add_written
    values = {f"new_{c.name}": getattr(sub, c.name) for c in _SUB_T.columns
              if not c.primary_key}
    hold_written(session, sub, session.execute(_SUB_WITH_TYPES,
                                                {**values, "sub_types": types}).one())


_SUB_T: Any = Subscription.__table__  # type: ignore[attr-defined]
_SUB_TYPES_T: Any = SubscriptionWorkType.__table__  # type: ignore[attr-defined]
_ADD_SUB_TYPES = _SUB_TYPES_T.insert()
_NEW_SUB = (_SUB_T.insert().values({
    c.name: bindparam(f"new_{c.name}", type_=c.type) for c in _SUB_T.columns
    if not c.primary_key}).returning(_SUB_T.c.id).cte("new_sub"))
_SUB_TYPES_GIVEN = func.unnest(bindparam("sub_types", type_=postgresql.ARRAY(String))
                               ).table_valued("work_type").render_derived(name="given")
_SUB_WITH_TYPES = core_select(_NEW_SUB.c.id).add_cte(
    _SUB_TYPES_T.insert().from_select(
        ["work_type", "subscription_id"],
        core_select(_SUB_TYPES_GIVEN.c.work_type, _NEW_SUB.c.id)
        .select_from(_NEW_SUB).join(_SUB_TYPES_GIVEN, true()))
    .cte("new_sub_types"))


def unsubscribe(session: Session, person_id: int) -> int:
    subs = subscriptions_of(session, person_id)
    for sub in subs:
        sub.active = False
        session.add(sub)
    session.flush()
    return len(subs)


def end_subscription(session: Session, sub: Subscription, work_types: list[str] | None = None
                     ) -> bool:
    """Stop ``work_types`` of one subscription (all of it when None or when nothing else is
    left); True when the whole line ended."""
    kept = [t for t in sub.work_types.split("|") if t and t not in (work_types or [])]
    if work_types is None or not kept:
        sub.active = False
    else:
        sub.work_types = "|".join(kept)
    session.add(sub)
    session.flush()
    return not sub.active


def set_available(session: Session, person_id: int, day: date, now: datetime,
                  until: date | None = None) -> bool:
    """Mark the worker free from ``day`` through ``until`` (``day`` only when None); a pause
    those days fall in ends. True when a new (any-work) subscription was made."""
    last = until if until is not None and until > day else None
    subs = subscriptions_of(session, person_id)
    if not subs:
        session.add(Subscription(person_id=person_id, available_on=day, available_until=last,
                                 created_at=now))
        session.flush()
        return True
    for sub in subs:
        sub.available_on, sub.available_until = day, last
        if sub.paused_until is not None and sub.paused_until >= day and (
                sub.paused_from is None or sub.paused_from <= (last or day)):
            sub.paused_from = sub.paused_until = None
        session.add(sub)
    session.flush()
    return False


def pause(session: Session, person_id: int, until: date | None, start: date | None = None
          ) -> int:
    """No pushes for jobs of the days ``start`` (None: from now) through ``until``; None
    ``until`` ends the pause. Returns how many subscriptions it touched."""
    subs = subscriptions_of(session, person_id)
    for sub in subs:
        sub.paused_from = start if until is not None else None
        sub.paused_until = until
        session.add(sub)
    session.flush()
    return len(subs)


def paused_on(sub: Wish, day: date) -> bool:
    """The subscription takes no jobs of ``day`` (a job's date, or today for an undated one)."""
    return (sub.paused_until is not None and day <= sub.paused_until
            and (sub.paused_from is None or sub.paused_from <= day))


def free_on(sub: Wish, day: date) -> bool:
    """The worker said they are free on ``day``."""
    return sub.available_on is not None and (
        sub.available_on <= day <= (sub.available_until or sub.available_on))


def ended_pauses(session: Session, today: date) -> list[Subscription]:
    """Active subscriptions whose pause ended before ``today``."""
    return list(session.exec(
        select(Subscription)
        .where(col(Subscription.active).is_(True), col(Subscription.paused_until) < today)
        .order_by(col(Subscription.person_id), col(Subscription.id))
    ))


def open_jobs(session: Session) -> list[Job]:
    return list(session.exec(
        select(Job).where(Job.status == "open").order_by(col(Job.id))
    ))


def open_jobs_for(session: Session, person_id: int, work_types: list[str],
                  places: set[str] | None, page: int = 50) -> Iterator[Job]:
    """Open jobs of ``work_types`` (any when empty) in ``places`` (anywhere when None) that
    the person did not post, was not pushed and does not claim: soonest first, fetched a page
    at a time so a caller that stops early reads little."""
    query = _OPEN_JOBS_FOR[bool(work_types), places is not None]
    params: dict[str, Any] = {"person": person_id, "types": work_types,
                              "places": sorted(places or ()), "page": page}
    offset = 0
    while True:
        found = list(session.exec(query, params={**params, "offset": offset}))
        yield from found
        if len(found) < page:
            return
        offset += page


def _open_jobs_for(by_type: bool, by_place: bool) -> Any:
    person: Any = bindparam("person")
    query = select(Job).where(
        Job.status == "open",
        col(Job.poster_id) != person,
        ~exists().where(col(Push.job_id) == col(Job.id), col(Push.person_id) == person),
        ~exists().where(col(Claim.job_id) == col(Job.id), col(Claim.person_id) == person,
                        one_of(col(Claim.status), ACTIVE_CLAIM)),
    )
    if by_type:
        query = query.where(any_of(col(Job.work_type), "types"))
    if by_place:
        query = query.where(any_of(col(Job.region_code), "places"))
    return (query.order_by(col(Job.start_date).is_(None), col(Job.start_date), col(Job.id))
            .offset(bindparam("offset")).limit(bindparam("page")))


# Made once, one for each narrowing (a subscription asks for kinds of work, for a place).
_OPEN_JOBS_FOR = {(by_type, by_place): _open_jobs_for(by_type, by_place)
                  for by_type in (False, True) for by_place in (False, True)}


# --------------------------------------------------------------------------- pending questions


def add_pending(session: Session, person_id: int, kind: str, job_id: int | None, now: datetime,
                data: dict[str, Any] | None = None) -> Pending:
    row = Pending(person_id=person_id, kind=kind, job_id=job_id,
                  data=json.dumps(data or {}, ensure_ascii=False), created_at=now)
    session.add(row)
    session.flush()
    return row


def add_pending_once(session: Session, person_id: int, kind: str, now: datetime) -> bool:
    """A question of ``kind`` (with no job and no data) for the person, unless one is open:
    True if it was added. One statement, where a look and an INSERT were two."""
    return session.execute(_PENDING_ONCE, {"person": person_id, "kind": kind, "now": now}
                           ).first() is not None


_PENDING_TABLE: Any = Pending.__table__  # type: ignore[attr-defined]
_PENDING_ONCE = _PENDING_TABLE.insert().from_select(
    ["person_id", "kind", "data", "created_at", "closed"],
    core_select(bindparam("person", type_=_PENDING_TABLE.c.person_id.type),
                bindparam("kind", type_=_PENDING_TABLE.c.kind.type), literal("{}"),
                bindparam("now", type_=_PENDING_TABLE.c.created_at.type), false())
    .where(~exists().where(_PENDING_TABLE.c.person_id == bindparam("person"),
                           _PENDING_TABLE.c.kind == bindparam("kind"),
                           _PENDING_TABLE.c.closed.is_(False)))
).returning(_PENDING_TABLE.c.id)


def open_pending(session: Session, person_id: int, kind: str) -> Pending | None:
    return session.exec(_OPEN_PENDING, params={"person": person_id, "kind": kind}).first()


_OPEN_PENDING = (select(Pending)
                 .where(col(Pending.person_id) == bindparam("person"),
                        col(Pending.kind) == bindparam("kind"), col(Pending.closed).is_(False))
                 .order_by(col(Pending.id).desc()).limit(1))


def close_pending(session: Session, job_id: int, kind: str | None = None) -> None:
    query = select(Pending).where(Pending.job_id == job_id, col(Pending.closed).is_(False))
    if kind is not None:
        query = query.where(Pending.kind == kind)
    for row in session.exec(query):
        row.closed = True
        session.add(row)
    session.flush()


def pending_data(row: Pending) -> dict[str, Any]:
    data = json.loads(row.data or "{}")
    return data if isinstance(data, dict) else {}


def person(session: Session, person_id: int) -> Person:
    found = session.get(Person, person_id)
    if found is None:
        raise LookupError(f"no person {person_id}")
    return found


# The jobs with their posters' names and their posts' texts in one statement (issue 12: they
# were read one object at a time, three statements a job, up to 31 for a group's chatter).
_CARD_JOBS = (select(Job, Person.name, Post.text)
              .outerjoin(Person, col(Person.id) == Job.poster_id)
              .outerjoin(Post, col(Post.id) == Job.post_id)
              .where(col(Job.id).in_(select(_LATEST_CARDS.c.job_id)),
                     col(Job.status).in_(("open", "filled")))
              .order_by(col(Job.id)))


def card_jobs(session: Session, chat_id: str, recent: int = 10
              ) -> list[tuple[Job, str | None, str | None]]:
    """The open and full jobs whose cards are among the chat's latest cards: those a claim
    said to the group may name (on a full one it waits); each with its poster's name and its
    post's text (None for either not found), all read in one statement."""
    rows = session.execute(_CARD_JOBS, {"chat": chat_id, "recent": recent})
    return [(job, name, text) for job, name, text in rows]
