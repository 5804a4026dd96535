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
from storage import people
from storage.db import held_as_read, make_engine, transaction, upgrade
from storage.models import Group, Identity, InboundMessage, Person

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
