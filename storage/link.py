"""One person on several platforms: find who holds a phone, and merge two people into one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Column, Table, delete, update
from sqlmodel import Session, SQLModel, col, select

import storage.tables  # noqa: F401  (every table in the metadata, for the sweep below)
from storage import jobs as store
from storage import people
from storage.models import Claim, Job, Officer, OutboxMessage, Person, Push


def platform_of(identity_id: str) -> str:
    """``telegram:123`` → ``telegram``."""
    return identity_id.split(":", 1)[0]


def platforms(session: Session, person_id: int) -> set[str]:
    return {platform_of(i.id) for i in people.identities(session, person_id)}


@dataclass(frozen=True)
class Holder:
    """Someone else with this phone, and their private chats on platforms the asker lacks."""

    person: Person
    chats: list[str]  # private chat ids, one per other platform account


def phone_holders(session: Session, phone: str, asker_id: int) -> list[Holder]:
    """Other people with ``phone`` who have an account on a platform the asker has none on,
    oldest first; ``chats`` may be empty when that account never wrote to the bot privately."""
    mine = platforms(session, asker_id)
    found = session.exec(
        select(Person)
        .where(Person.phone == phone, Person.id != asker_id)
        .order_by(col(Person.created_at), col(Person.id))
    )
    holders = []
    for person in found:
        assert person.id is not None
        others = [i for i in people.identities(session, person.id)
                  if platform_of(i.id) not in mine]
        if others:
            holders.append(Holder(person, [i.private_chat_id for i in others
                                           if i.private_chat_id]))
    return holders


def other_holders(session: Session, phone: str, asker_id: int) -> list[Person]:
    """Everyone else who has ``phone`` as theirs, oldest first."""
    return list(session.exec(
        select(Person).where(Person.phone == phone, Person.id != asker_id)
        .order_by(col(Person.created_at), col(Person.id))
    ))


@dataclass
class MergeResult:
    kept: Person
    dropped_id: int
    # Claims withdrawn because the two had claimed the same job (or the merged person's own
    # job): the caller tells the employer and anyone moved up from the waitlist.
    withdrawn: list[store.WithdrawOutcome] = field(default_factory=list)


def older(a: Person, b: Person) -> tuple[Person, Person]:
    """(older, newer): the older row is the one that stays."""
    return (a, b) if (a.created_at, a.id or 0) <= (b.created_at, b.id or 0) else (b, a)


def merge_people(session: Session, keep: Person, drop: Person, now: datetime) -> MergeResult:
    """Move everything of ``drop`` to ``keep`` and delete ``drop``, in the caller's transaction.

    Tables with a uniqueness that includes the person (pushes, officer roles, active claims)
    are reconciled first; then every column that references ``person.id``, in any table the
    metadata knows, is swept, so a table added later is not left pointing at a deleted row.
    """
    assert keep.id is not None and drop.id is not None and keep.id != drop.id
    keep_id, drop_id = keep.id, drop.id
    _lock(session, keep_id, drop_id)
    result = MergeResult(keep, drop_id)
    for claim in conflicting_claims(session, keep_id, drop_id):
        result.withdrawn.append(store.withdraw(session, claim.job_id, claim.person_id, now))

    # A job pushed to both is one push: keep the earlier row.
    for push in list(session.exec(select(Push).where(Push.person_id == drop_id))):
        mine = session.get(Push, (push.job_id, keep_id))
        if mine is not None:
            if push.created_at < mine.created_at:
                mine.created_at = push.created_at
                session.add(mine)
            session.delete(push)
    session.flush()
    # Officer roles: one row per person and region.
    held = set(session.exec(select(Officer.region_code).where(Officer.person_id == keep_id)))
    for role in list(session.exec(select(Officer).where(Officer.person_id == drop_id))):
        if role.region_code in held:
            session.delete(role)
    session.flush()

    keep.phone = keep.phone or drop.phone
    keep.region_code = keep.region_code or drop.region_code
    keep.no_shows += drop.no_shows
    if keep.managed_by is None and drop.managed_by not in (None, keep_id):
        keep.managed_by = drop.managed_by
    session.add(keep)
    session.flush()

    for column in _person_columns():
        table = column.table
        assert isinstance(table, Table)
        session.execute(update(table).where(column == drop_id).values({column.name: keep_id}))
    # Not a foreign key (the outbox is a log), but it names a person all the same.
    session.execute(update(OutboxMessage).where(col(OutboxMessage.on_behalf_of) == drop_id)
                    .values(on_behalf_of=keep_id))
    # Someone who looked after the other half of themselves looks after no one.
    session.execute(update(Person).where(col(Person.id) == keep_id,
                                         col(Person.managed_by) == keep_id)
                    .values(managed_by=None))
    session.execute(delete(Person).where(col(Person.id) == drop_id))
    session.expunge(drop)
    session.expire_all()
    _drop_twin_subscriptions(session, keep_id)
    kept = session.get(Person, keep_id)
    assert kept is not None
    result.kept = kept
    return result


def _lock(session: Session, *ids: int) -> None:
    """Row locks on both people (PostgreSQL) so two merges of one person cannot interleave."""
    list(session.exec(select(Person).where(col(Person.id).in_(ids))
                      .order_by(col(Person.id)).with_for_update()))


def conflicting_claims(session: Session, a_id: int, b_id: int) -> list[Claim]:
    """Active claims that cannot stay once ``a`` and ``b`` are one person: of two claims on
    one job the worse (waitlisted before confirmed, then the later), and claims on the other
    one's own jobs (an employer does not work for themselves)."""
    rank = {"confirmed": 0, "waitlisted": 1}
    losers: list[Claim] = []
    for me, other in ((a_id, b_id), (b_id, a_id)):
        for claim in store.active_claims_of(session, me):
            job = session.get(Job, claim.job_id)
            if job is not None and job.poster_id == other:
                losers.append(claim)
    for theirs in store.active_claims_of(session, b_id):
        mine = store.active_claim(session, theirs.job_id, a_id)
        if mine is not None and mine not in losers and theirs not in losers:
            losers.append(max(mine, theirs, key=lambda c: (rank.get(c.status, 2), c.id or 0)))
    return losers


def _drop_twin_subscriptions(session: Session, person_id: int) -> None:
    """The same wish subscribed on both platforms is one subscription."""
    seen: set[tuple[str, str | None, float | None]] = set()
    for sub in store.subscriptions_of(session, person_id):
        key = (sub.work_types, sub.region_code, sub.min_wage)
        if key in seen:
            sub.active = False
            session.add(sub)
        seen.add(key)
    session.flush()


def _person_columns() -> list[Column[int]]:
    """Every column with a foreign key to ``person.id``."""
    found: list[Column[int]] = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "person" and fk.column.name == "id"
                   for fk in column.foreign_keys):
                found.append(column)
    return found

