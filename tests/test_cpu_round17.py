"""Issue 12, the CPU a message costs (round 17): a message recorded with its sender as Core
columns, the objects held as if read — each cut with what must still be true on both sides of
it, and budgets that fail when a cut is undone."""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from bot.clock import TZ
from handlers.matching import job_of_message
from storage import jobs as store
from storage import outbox, people
from storage.db import held_as_read, make_engine, transaction, upgrade
from storage.models import Group, Identity, InboundMessage, Job, Person, SendWindow
from tests.storage_helpers import open_job_with_workers

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)
INBOUND: Any = InboundMessage.__table__  # type: ignore[attr-defined]
GROUP = "telegram:-1001"


@pytest.fixture
def pg(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@contextmanager
def orm_statements() -> Iterator[list[str]]:
    """The statements run through the ORM's execution (``Session.execute``) meanwhile."""
    seen: list[str] = []

    def counted(state: ORMExecuteState) -> None:
        seen.append(str(state.statement)[:60])

    event.listen(OrmSession, "do_orm_execute", counted)
    try:
        yield seen
    finally:
        event.remove(OrmSession, "do_orm_execute", counted)


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run on ``engine`` meanwhile (every round trip)."""
    seen: list[str] = []

    def counted(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", counted)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", counted)


def calls_of(func: Callable[[], Any]) -> int:
    """Python function calls ``func`` makes (cProfile's count, deterministic)."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        func()
    finally:
        profile.disable()
    return sum(int(v[1]) for v in pstats.Stats(profile).stats.values())  # type: ignore[attr-defined]


def _known(engine: Engine, *, chat: str | None = "telegram:77", shown: str = "老杨",
           name: str = "老杨") -> int:
    """老杨, known with his account (its private chat and display name as given) and the
    village group he talks in."""
    with transaction(engine) as session:
        person = Person(name=name, phone="13800000077", region_code="429021102")
        session.add(person)
        session.flush()
        assert person.id is not None
        session.add(Identity(id="telegram:77", person_id=person.id, display_name=shown,
                             private_chat_id=chat))
        session.add(Group(chat_id=GROUP, title="青天村群"))
        return person.id


def _values(message_id: str, chat_id: str, text: str) -> dict[str, Any]:
    values: dict[str, Any] = {c.name: None for c in INBOUND.columns}
    values.update(id=message_id, chat_id=chat_id, sender_id="telegram:77", text=text,
                  content_kind="text", sent_at=NOW, received_at=NOW, status="handled")
    return values


def _record(session: Session, message_id: str, text: str, group: bool = True
            ) -> people.Sender | None:
    return people.record_with_sender(
        session, INBOUND, _values(message_id, GROUP if group else "telegram:77", text),
        "telegram:77", GROUP if group else None)


# ==== a message recorded with its sender (people.record_with_sender): Core columns on the
# session's connection, the person and the group held as if read, the account left as columns

def test_a_group_message_and_its_known_sender_take_no_orm_execution(pg: Engine) -> None:
    person_id = _known(pg)
    with transaction(pg) as session, orm_statements() as through_orm:
        known = _record(session, "telegram:-1001:m1", "今天路上结冰了 大家慢点走")
        assert through_orm == []
        assert known is not None and known.person is not None and known.group is not None
        person, group = people.sender_and_group(
            session, "telegram:77", "老杨", None, GROUP, "青天村群", known=known)
        assert through_orm == []
    assert (person.id, person.name, person.phone, person.region_code) == (
        person_id, "老杨", "13800000077", "429021102")
    assert person.created_at is not None and person.created_at.tzinfo is not None
    assert (group.chat_id, group.title, group.digest_time, group.digest_when_empty) == (
        GROUP, "青天村群", "07:30", True)
    with Session(pg) as session:
        assert session.get(InboundMessage, "telegram:-1001:m1") is not None


def test_the_person_and_group_are_held_as_read_and_their_changes_written(pg: Engine) -> None:
    person_id = _known(pg)
    with transaction(pg) as session:
        known = _record(session, "telegram:-1001:m2", "明天要2个小工 电话13900000088")
        assert known is not None and known.person is not None and known.group is not None
        person, group = known.person, known.group
        for held in (person, group):
            assert inspect(held).persistent and held in session
            assert not session.is_modified(held) and held not in session.dirty
        # the one object of its key: a later read finds it, not a second one
        assert session.get(Person, person_id) is person
        assert session.exec(select(Group)).one() is group
        person.phone = "13900000088"  # a poster's new phone, flushed as any change
        group.title = "青天村村民群"
    with Session(pg) as session:
        again = session.get(Person, person_id)
        assert again is not None and again.phone == "13900000088"
        found = session.get(Group, GROUP)
        assert found is not None and found.title == "青天村村民群"


def test_an_account_with_nothing_to_change_is_never_made_an_object(pg: Engine) -> None:
    _known(pg)
    with transaction(pg) as session:
        known = _record(session, "telegram:77:m3", "订阅 搬运 木鱼镇", group=False)
        assert known is not None and known.identity is not None
        assert known.identity["private_chat_id"] == "telegram:77"
        people.sender_and_group(session, "telegram:77", "老杨", "telegram:77", None, "老杨",
                                known=known)
        assert not any(isinstance(o, Identity) for o in session.identity_map.values())
        assert people.newly_reachable(session) == set()


def test_a_first_private_chat_is_still_written_and_makes_them_reachable(pg: Engine) -> None:
    person_id = _known(pg, chat=None)
    with transaction(pg) as session:
        known = _record(session, "telegram:77:m4", "我想订阅 采茶的活", group=False)
        assert known is not None
        people.sender_and_group(session, "telegram:77", "老杨", "telegram:77", None, "老杨",
                                known=known)
        assert people.newly_reachable(session) == {person_id}
    with Session(pg) as session:
        ident = session.get(Identity, "telegram:77")
        assert ident is not None and ident.private_chat_id == "telegram:77"


def test_a_name_seeded_before_they_spoke_is_still_replaced(pg: Engine) -> None:
    person_id = _known(pg, shown="", name="77")  # seeded from settings by the account alone
    with transaction(pg) as session:
        known = _record(session, "telegram:-1001:m5", "收到")
        assert known is not None
        person, _ = people.sender_and_group(session, "telegram:77", "杨德明", None, GROUP,
                                            "青天村群", known=known)
        assert person.name == "杨德明"
    with Session(pg) as session:
        again = session.get(Person, person_id)
        ident = session.get(Identity, "telegram:77")
        assert again is not None and again.name == "杨德明"
        assert ident is not None and ident.display_name == "杨德明"


def test_a_redelivery_reads_nothing_and_a_stranger_takes_the_longer_way(pg: Engine) -> None:
    _known(pg)
    with transaction(pg) as session:
        assert _record(session, "telegram:-1001:m6", "好的好的") is not None
    with transaction(pg) as session:
        assert _record(session, "telegram:-1001:m6", "好的好的") is None
        assert not list(session.identity_map.values())
    with transaction(pg) as session:
        known = people.record_with_sender(
            session, INBOUND, _values("telegram:-1009:m7", "telegram:-1009", "新来的"),
            "telegram:99", "telegram:-1009")
        assert known == people.Sender(None, None, None)


def test_recording_a_message_stays_within_its_call_budget(pg: Engine) -> None:
    """Through the ORM's execution, three objects loaded, the record and the sender settled
    took 357 calls; as Core columns with two objects held, 331."""
    _known(pg)
    for n in range(3):  # the statement compiled and described once before counting
        with transaction(pg) as session:
            _record(session, f"telegram:-1001:w{n}", "收到")
    with transaction(pg) as session:
        session.connection()  # the transaction's BEGIN is no part of the record

        def record_and_settle() -> None:
            known = _record(session, "telegram:-1001:m8", "谁家的狗跑出来了")
            people.sender_and_group(session, "telegram:77", "老杨", None, GROUP, "青天村群",
                                    known=known)

        assert calls_of(record_and_settle) <= 340


def test_an_object_held_as_read_is_the_sessions_own_when_it_has_one(either_url: str) -> None:
    engine = make_engine(either_url)
    upgrade(engine)
    person_id = _known(engine)
    with transaction(engine) as session:
        read_before = session.get(Person, person_id)
        assert read_before is not None
        read_before.name = "杨师傅"  # a change not written yet is not overwritten
        values = {c.name: None for c in Person.__table__.columns}  # type: ignore[attr-defined]
        values.update(id=person_id, name="老杨", no_shows=0, created_at=NOW)
        assert held_as_read(session, Person, values) is read_before
        assert read_before.name == "杨师傅"
    with Session(engine) as session:
        again = session.get(Person, person_id)
        assert again is not None and again.name == "杨师傅"


# ==== what a reply is about, and its job, one statement (outbox.sent_with_job); the claim's
# lock on a job read already gives it the values others wrote since, as columns (lock_job)

def _card(engine: Engine, job_id: int | None, sent_as: str) -> None:
    with transaction(engine) as session:
        row = outbox.enqueue(session, GROUP, "搬运工 3人 150一天", now=NOW, kind="card",
                             job_id=job_id)
        assert row is not None
        row.platform_message_id, row.status = sent_as, "sent"


def test_a_reply_to_a_card_reads_the_card_and_its_job_in_one_statement(either_url: str
                                                                       ) -> None:
    engine = make_engine(either_url)
    upgrade(engine)
    job_id, _ = open_job_with_workers(engine, 3, 1, NOW)
    _card(engine, job_id, "telegram:-1001:b1")
    _card(engine, None, "telegram:-1001:b2")  # a message about no job (a digest, a notice)
    with transaction(engine) as session, statements(engine) as run:
        job = job_of_message(session, "telegram:-1001:b1")
        assert job is not None and job.id == job_id and job.work_type == "搬运工"
        assert len(run) == 1
        assert session.get(Job, job_id) is job  # the session's own object: nothing read again
        assert job_of_message(session, "telegram:-1001:b1") is job
        assert outbox.by_platform_id(session, "telegram:-1001:b1") is not None
        assert len(run) == 1
        assert job_of_message(session, "telegram:-1001:b2") is None
        assert job_of_message(session, "telegram:-1001:nothing") is None
        assert len(run) == 3


def test_a_claim_on_a_replied_card_locks_its_job_without_the_orms_execution(pg: Engine
                                                                             ) -> None:
    job_id, (worker,) = open_job_with_workers(pg, 2, 1, NOW)
    _card(pg, job_id, "telegram:-1001:b3")
    with transaction(pg) as session:
        job = job_of_message(session, "telegram:-1001:b3")
        with orm_statements() as through_orm, statements(pg) as run:
            locked = store.lock_job(session, job_id)
            assert store.lock_job(session, job_id) is locked  # locked once a transaction
        assert locked is job and through_orm == [] and len(run) == 1
        assert "FOR UPDATE" in run[0]
        outcome = store.claim_job(session, job_id, worker, 1, NOW)
        assert (outcome.status, outcome.job.confirmed) == ("confirmed", 1)
    with Session(pg) as session:
        again = session.get(Job, job_id)
        assert again is not None and again.confirmed == 1


def test_the_lock_gives_a_job_read_before_it_what_others_wrote_since(pg: Engine) -> None:
    job_id, (first, second) = open_job_with_workers(pg, 1, 2, NOW)
    _card(pg, job_id, "telegram:-1001:b4")
    with transaction(pg) as session:
        job = job_of_message(session, "telegram:-1001:b4")
        assert job is not None and (job.confirmed, job.status) == (0, "open")
        # Meanwhile another message takes the one place and the poster names a contact.
        with transaction(pg) as other:
            assert store.claim_job(other, job_id, first, 1, NOW).status == "confirmed"
            moved = other.get(Job, job_id)
            assert moved is not None
            moved.contact = "张师傅"
        locked = store.lock_job(session, job_id)
        assert locked is job
        assert (job.confirmed, job.status, job.contact) == (1, "filled", "张师傅")
        assert job.filled_at is not None
        assert not session.is_modified(job) and job not in session.dirty
        outcome = store.claim_job(session, job_id, second, 1, NOW)
        assert (outcome.status, outcome.position) == ("waitlisted", 1)
    with Session(pg) as session:
        again = session.get(Job, job_id)
        assert again is not None and (again.confirmed, again.contact) == (1, "张师傅")


def test_a_job_not_read_before_is_locked_and_held_as_read(either_url: str) -> None:
    engine = make_engine(either_url)
    upgrade(engine)
    job_id, (worker,) = open_job_with_workers(engine, 2, 1, NOW)
    with transaction(engine) as session, orm_statements() as through_orm:
        job = store.lock_job(session, job_id)
        assert through_orm == []
        assert job is not None and inspect(job).persistent and not session.is_modified(job)
        assert (job.work_type, job.headcount, job.wage_min) == ("搬运工", 2, 150)
        assert session.get(Job, job_id) is job
        assert store.lock_job(session, job_id + 100) is None
        job.contact = "老张"
        assert store.claim_job(session, job_id, worker, 1, NOW).status == "confirmed"
    with Session(engine) as session:
        again = session.get(Job, job_id)
        assert again is not None and (again.contact, again.confirmed) == ("老张", 1)


# ==== the sender's rate windows read as columns (outbox.windows): held as if read, locked ones
# given what other senders wrote since; one with a change not written is the ORM's to refresh

def _windows_counted(engine: Engine, counts: dict[str, int]) -> None:
    with transaction(engine) as session:
        windows = outbox.windows(session, counts, lock=True)
        for key, n in counts.items():
            windows[key].day, windows[key].day_count = "2026-11-26", n
        outbox.write_windows(session)


def test_a_senders_windows_are_read_without_the_orms_execution(either_url: str) -> None:
    engine = make_engine(either_url)
    upgrade(engine)
    _windows_counted(engine, {"telegram": 7, "telegram:-1001": 2})
    with transaction(engine) as session, orm_statements() as through_orm:
        read_first = outbox.windows(session, ["telegram", "telegram:-1001"])
        locked = outbox.windows(session, ["telegram", "telegram:-1001", "telegram:55"],
                                lock=True, create=False)
        assert through_orm == []
        assert read_first["telegram"] is locked["telegram"]
        assert {k: w.day_count for k, w in locked.items()} == {
            "telegram": 7, "telegram:-1001": 2, "telegram:55": 0}
        assert locked["telegram:55"] in session.new  # a chat's first window, made as before
        assert not session.is_modified(locked["telegram"])
        locked["telegram"].day_count += 1
        outbox.write_windows(session)
    with Session(engine) as session:
        window = session.get(SendWindow, "telegram")
        assert window is not None and window.day_count == 8


def test_a_locked_window_gets_what_another_sender_wrote_since(pg: Engine) -> None:
    _windows_counted(pg, {"telegram": 7})
    with transaction(pg) as session:
        window = outbox.windows(session, ["telegram"])["telegram"]
        _windows_counted(pg, {"telegram": 9})  # another process's sender, committed
        assert window.day_count == 7
        assert outbox.windows(session, ["telegram"], lock=True, create=False)[
            "telegram"] is window
        assert window.day_count == 9 and not session.is_modified(window)


def test_a_window_with_a_change_not_written_is_written_first_as_the_orm_did(pg: Engine
                                                                           ) -> None:
    _windows_counted(pg, {"telegram": 7})
    with transaction(pg) as session:
        window = outbox.windows(session, ["telegram"])["telegram"]
        window.day_count = 100  # not written yet: flushed before the lock's read
        with orm_statements() as through_orm:
            again = outbox.windows(session, ["telegram"], lock=True, create=False)
        assert again["telegram"] is window and through_orm == []
        assert window.day_count == 100 and not session.is_modified(window)
        session.rollback()
    with Session(pg) as session:
        kept = session.get(SendWindow, "telegram")
        assert kept is not None and kept.day_count == 7
