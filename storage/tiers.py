"""Queries for the three tiers: groups by region, takeable jobs, digests sent, broadcasts, where
something went."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import (
    Claim,
    Group,
    Job,
    Officer,
    OutboxMessage,
    Person,
    Push,
)
from storage.tiers_models import Broadcast, DigestItem, DigestRun


def bound_group_rows(session: Session) -> list[Group]:
    """Every group bound to a region, whole, in one statement."""
    return list(session.exec(select(Group).where(col(Group.region_code).is_not(None))
                             .order_by(col(Group.chat_id))))


def groups_in(session: Session, codes: Iterable[str]) -> list[Group]:
    """Groups bound to any of ``codes``."""
    wanted = list(codes)
    if not wanted:
        return []
    return list(session.exec(
        select(Group).where(col(Group.region_code).in_(wanted)).order_by(col(Group.chat_id))
    ))


def takeable_jobs(session: Session, now: datetime) -> list[Job]:
    """Jobs people can still take: open, not expired, not started in the past (storage.jobs.
    open_jobs is every open row)."""
    today = now.date()
    return [
        job for job in session.exec(select(Job).where(Job.status == "open").order_by(col(Job.id)))
        if (job.expires_at is None or job.expires_at > now)
        and (job.start_date is None or job.start_date >= today)
    ]


def officers_of(session: Session, codes: Iterable[str]) -> list[tuple[Person, str]]:
    """(person, region code) of the officers appointed for any of ``codes``."""
    wanted = list(codes)
    rows = session.exec(
        select(Person, Officer.region_code)
        .join(Officer, col(Officer.person_id) == col(Person.id))
        .where(col(Officer.region_code).in_(wanted))
        .order_by(col(Officer.id))
    )
    return [(person, code) for person, code in rows]


def officer_rows(session: Session, person_id: int) -> list[Officer]:
    """A person's officer roles, one row per region."""
    return list(session.exec(
        select(Officer).where(Officer.person_id == person_id).order_by(col(Officer.id))
    ))


# --- digests --------------------------------------------------------------------------------

def digest_sent(session: Session, chat_id: str, day: date) -> bool:
    return session.exec(
        select(DigestRun.id).where(DigestRun.chat_id == chat_id, DigestRun.day == day)
    ).first() is not None


def digests_between(session: Session, chat_id: str, first: date, last: date
                    ) -> list[DigestRun]:
    """The group's digest runs from ``first`` through ``last``, newest first."""
    return list(session.exec(
        select(DigestRun)
        .where(DigestRun.chat_id == chat_id, col(DigestRun.day) >= first,
               col(DigestRun.day) <= last)
        .order_by(col(DigestRun.day).desc())
    ))


def record_digest(session: Session, chat_id: str, day: date, kind: str, job_ids: list[int],
                  parts: int, now: datetime) -> DigestRun | None:
    """Claim the group's digest for ``day``; None if it was already sent (by anyone)."""
    run = DigestRun(chat_id=chat_id, day=day, kind=kind, jobs=len(job_ids), parts=parts,
                    created_at=now)
    try:
        with session.begin_nested():
            session.add(run)
    except IntegrityError:
        return None  # another process wrote it first: the unique index decides
    assert run.id is not None
    session.add_all(DigestItem(digest_id=run.id, job_id=j) for j in dict.fromkeys(job_ids))
    return run


# --- broadcasts and relays ------------------------------------------------------------------

def add_broadcast(session: Session, sender_id: int, region_codes: list[str], text: str,
                  source_chat_id: str | None, source_message_id: str | None,
                  now: datetime) -> Broadcast:
    row = Broadcast(sender_id=sender_id, region_codes="|".join(region_codes), text=text,
                    source_chat_id=source_chat_id, source_message_id=source_message_id,
                    created_at=now)
    session.add(row)
    session.flush()
    return row


def broadcast_by_source(session: Session, message_id: str) -> Broadcast | None:
    return session.exec(
        select(Broadcast).where(Broadcast.source_message_id == message_id)
    ).first()


@dataclass(frozen=True)
class Delivery:
    chat_id: str
    kind: str  # card | push | broadcast | digest | …
    at: datetime | None  # when it was sent; None: still queued
    on_behalf_of: int | None


def deliveries(session: Session, *, job_id: int | None = None,
               broadcast_id: int | None = None) -> list[Delivery]:
    """Every group or person a job or broadcast went to, queued or sent, digests included."""
    query = select(OutboxMessage).where(col(OutboxMessage.status).in_(("pending", "sending",
                                                                          "sent")))
    if job_id is not None:
        query = query.where(OutboxMessage.job_id == job_id)
    elif broadcast_id is not None:
        query = query.where(OutboxMessage.broadcast_id == broadcast_id)
    else:
        return []
    out = [
        Delivery(row.chat_id, row.kind, row.sent_at if row.status == "sent" else None,
                 row.on_behalf_of)
        for row in session.exec(query.order_by(col(OutboxMessage.id)))
    ]
    if job_id is not None:
        runs = session.exec(
            select(DigestRun)
            .join(DigestItem, col(DigestItem.digest_id) == col(DigestRun.id))
            .where(DigestItem.job_id == job_id)
            .order_by(col(DigestRun.id))
        )
        out.extend(Delivery(run.chat_id, "digest", run.created_at, None) for run in runs)
    return out


# --- numbers for officers -------------------------------------------------------------------

@dataclass(frozen=True)
class JobFacts:
    job_id: int
    region_code: str | None
    status: str
    opened_at: datetime | None
    filled_at: datetime | None


def jobs_posted_since(session: Session, since: datetime | None, until: datetime | None = None
                      ) -> list[JobFacts]:
    """Jobs that were offered to people (opened at some point), created since ``since`` (and
    before ``until``)."""
    query = select(Job).where(col(Job.opened_at).is_not(None))
    if since is not None:
        query = query.where(col(Job.created_at) >= since)
    if until is not None:
        query = query.where(col(Job.created_at) < until)
    return [JobFacts(j.id or 0, j.region_code, j.status, j.opened_at, j.filled_at)
            for j in session.exec(query)]


def claims_of(session: Session, job_ids: list[int]) -> list[tuple[int, int, int, str]]:
    """(job id, person id, count, status) of every claim on these jobs."""
    if not job_ids:
        return []
    return [(j, p, c, s) for j, p, c, s in session.exec(
        select(Claim.job_id, Claim.person_id, Claim.count, Claim.status)
        .where(col(Claim.job_id).in_(job_ids)))]


def pushes_of(session: Session, job_ids: list[int]) -> list[tuple[int, int]]:
    """(job id, person id) of every private push of these jobs."""
    if not job_ids:
        return []
    return [(j, p) for j, p in session.exec(
        select(Push.job_id, Push.person_id).where(col(Push.job_id).in_(job_ids)))]
