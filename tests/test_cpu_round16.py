"""Issue 12, the CPU a message costs (round 16): psycopg's descriptions made only when read, and
objects written by lingong's own statements leaving the session's changed ones — each cut with
what must still be true on both sides of it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, inspect, text
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from bot.adapters.base import Limits, Outgoing
from bot.clock import TZ, ManualClock
from bot.outbox import Sender
from storage import jobs as store
from storage import outbox
from storage.db import as_written, make_engine, transaction, upgrade
from storage.models import Claim, Job, OutboxMessage, Person, SendWindow
from storage.pgcursor import LazyDescription, LazyDescriptionCursor
from tests.storage_helpers import open_job_with_workers

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)


@pytest.fixture
def pg(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


def _columns_made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts psycopg's ``Column`` objects made from now on."""
    made = [0]
    init = psycopg.Column.__init__

    def counting(self: psycopg.Column, *args: Any) -> None:
        made[0] += 1
        init(self, *args)

    monkeypatch.setattr(psycopg.Column, "__init__", counting)
    return made


# ==== psycopg's description made when read (storage/pgcursor.py): what SQLAlchemy and anyone
# reading it gets is psycopg's own; a statement run again makes no Column

def test_lingongs_postgresql_connections_describe_results_lazily(pg: Engine) -> None:
    with pg.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        assert isinstance(cursor, LazyDescriptionCursor)
        cursor.execute("SELECT 1 AS a, 'x'::text AS b")
        assert isinstance(cursor.description, LazyDescription)


def test_a_statement_run_again_makes_no_column(pg: Engine, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    query = sa_select(text("1 AS one"), text("'二' AS two"), text("now() AS three"))
    with pg.connect() as conn:
        first = conn.execute(query).mappings().one()  # compiled and described once
        made = _columns_made(monkeypatch)
        for _ in range(3):
            again = conn.execute(query).mappings().one()
        assert made[0] == 0
    assert (first["one"], first["two"]) == (again["one"], again["two"]) == (1, "二")


def test_a_description_read_is_psycopgs_own(pg: Engine) -> None:
    with pg.connect() as conn:
        raw = conn.connection.driver_connection
        lazy = raw.cursor()  # type: ignore[union-attr]
        plain = psycopg.Cursor(raw)  # type: ignore[arg-type]
        for cursor in (lazy, plain):
            cursor.execute("SELECT 1 AS n, 'x'::varchar(5) AS v, now() AS t, NULL::int[] AS a")
        described = lazy.description
        assert described is not None and plain.description is not None
        assert len(described) == 4
        assert [tuple(c) for c in described] == [tuple(c) for c in plain.description]
        assert [c.name for c in described] == ["n", "v", "t", "a"]
        assert described[1:3][0].name == "v"
        assert described[-1].type_code == plain.description[-1].type_code


def test_results_without_rows_have_no_description_and_select_nothing_has_one(pg: Engine
                                                                              ) -> None:
    with pg.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute("CREATE TEMP TABLE t (n int)")
        assert cursor.description is None
        cursor.execute("INSERT INTO t VALUES (1)")
        assert cursor.description is None
        cursor.execute("SELECT")  # no columns, yet a result of rows: psycopg says []
        assert cursor.description is not None and list(cursor.description) == []
        cursor.execute("INSERT INTO t VALUES (2) RETURNING n")
        assert [c.name for c in cursor.description or []] == ["n"]


def test_a_description_kept_past_the_next_statement_still_describes_its_own(pg: Engine
                                                                           ) -> None:
    with pg.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute("SELECT 1 AS first_one, 2 AS first_two")
        kept = cursor.description
        cursor.execute("SELECT 3 AS later")
        assert kept is not None
        assert [c.name for c in kept] == ["first_one", "first_two"]
        assert [c.name for c in cursor.description or []] == ["later"]


def test_sqlalchemy_results_keep_their_columns_on_postgresql(pg: Engine) -> None:
    upgrade(pg)
    with transaction(pg) as session:
        person = Person(name="老李", phone="13800000001")
        session.add(person)
    for _ in range(3):  # first run (described), then runs that describe nothing
        with Session(pg) as session:
            row = session.execute(sa_select(Person.id, Person.name, Person.phone)).one()
            assert row._mapping["name"] == "老李" and row.phone == "13800000001"
            assert session.exec(select(Person)).one().name == "老李"
            got = session.connection().exec_driver_sql("SELECT name AS who FROM person").one()
            assert got.who == "老李"


def test_sqlite_connections_are_left_as_they_were(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    with engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        assert not isinstance(cursor, LazyDescriptionCursor)
        assert conn.execute(text("SELECT 1 AS a")).mappings().one() == {"a": 1}


# ==== objects written by a statement of lingong's own leave the session's changed ones
# (storage.db.as_written): no later flush looks at them again; a change not written stays

def _flushes(session: Session) -> list[int]:
    """Counts the unit of work's flushes that had something to look at."""
    seen = [0]

    def counted(*_: Any) -> None:
        seen[0] += 1

    event.listen(session, "before_flush", counted)
    return seen


def _people(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    with transaction(engine) as session:
        session.add(Person(name="老王", phone="13800000002"))
    return engine


def test_an_object_written_by_ones_own_statement_is_clean_again(either_url: str) -> None:
    engine = _people(either_url)
    with transaction(engine) as session:
        person = session.exec(select(Person)).one()
        person.name = "王大爷"
        session.connection().execute(
            Person.__table__.update().values(name="王大爷"))  # type: ignore[attr-defined]
        as_written(session, [person], ["name"])
        assert person not in session.dirty and not inspect(person).modified
        assert person in session and not session.is_modified(person)
        flushes = _flushes(session)
        session.exec(select(Person)).all()
        session.flush()
        assert flushes[0] == 0
        person.phone = "13900000003"  # later changes are written as usual
    with Session(engine) as session:
        again = session.exec(select(Person)).one()
        assert (again.name, again.phone) == ("王大爷", "13900000003")


def test_a_change_not_written_stays_and_is_flushed(either_url: str) -> None:
    engine = _people(either_url)
    with transaction(engine) as session:
        person = session.exec(select(Person)).one()
        person.name = "王大爷"
        person.phone = "13900000004"  # not written by the statement below
        session.connection().execute(
            Person.__table__.update().values(name="王大爷"))  # type: ignore[attr-defined]
        as_written(session, [person], ["name"])
        assert person in session.dirty and session.is_modified(person)
        flushes = _flushes(session)
        session.flush()
        assert flushes[0] == 1
    with Session(engine) as session:
        again = session.exec(select(Person)).one()
        assert (again.name, again.phone) == ("王大爷", "13900000004")


def test_a_new_object_is_left_to_the_flush(either_url: str) -> None:
    engine = _people(either_url)
    with transaction(engine) as session:
        new = Person(name="新来的")
        session.add(new)
        as_written(session, [new], ["name"])
        assert new in session.new
    with Session(engine) as session:
        assert len(session.exec(select(Person)).all()) == 2


def test_a_claim_that_moves_its_job_leaves_nothing_for_a_flush(either_url: str) -> None:
    engine = make_engine(either_url)
    upgrade(engine)
    job_id, (first, second) = open_job_with_workers(engine, 1, 2, NOW)
    with transaction(engine) as session:
        flushes = _flushes(session)
        outcome = store.claim_job(session, job_id, first, 1, NOW)
        assert (outcome.status, outcome.filled_now) == ("confirmed", True)
        job = session.get(Job, job_id)
        assert job is not None and job not in session.dirty
        session.exec(select(Claim)).all()
        assert flushes[0] == 0  # the job and the claim each written by the claim's statement
    with transaction(engine) as session:  # the job as the claim wrote it, in the database
        assert store.claim_job(session, job_id, second, 1, NOW).status == "waitlisted"
    with Session(engine) as session:
        job = session.get(Job, job_id)
        assert job is not None and (job.status, job.confirmed) == ("filled", 1)
        assert job.filled_at is not None
        assert [c.status for c in session.exec(select(Claim).order_by(
            col(Claim.id)))] == ["confirmed", "waitlisted"]


def test_a_change_to_the_job_made_before_a_claim_is_still_written(either_url: str) -> None:
    engine = make_engine(either_url)
    upgrade(engine)
    job_id, (worker,) = open_job_with_workers(engine, 2, 1, NOW)
    with transaction(engine) as session:
        job = store.lock_job(session, job_id)
        assert job is not None
        job.contact = "张师傅"  # changed before the claim, written by no statement of its own
        assert store.claim_job(session, job_id, worker, 1, NOW).status == "confirmed"
    with Session(engine) as session:
        job = session.get(Job, job_id)
        assert job is not None and (job.contact, job.confirmed) == ("张师傅", 1)


# ==== the sender: a row made again with the same text is left as it is; the windows it wrote
# leave the session's changed ones; a changed text is still written

class Recording:
    platform = "console"
    supports_buttons = True
    supports_edit = True
    supports_files = False
    limits = Limits(0, 0, 0)

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    async def start(self, inbound: object) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, out: Outgoing) -> str:
        self.sent.append(out)
        return f"console:b{len(self.sent)}"


def _rendered_rows(url: str, texts: dict[str, str]) -> tuple[Sender, Recording, Engine,
                                                             list[int]]:
    engine = make_engine(url)
    upgrade(engine)
    clock = ManualClock(NOW)

    def render(session: Session, row: OutboxMessage, now: datetime) -> outbox.Rendered:
        session.exec(select(Person)).all()  # a renderer reads
        return outbox.Rendered(texts[outbox.render_data(row)["n"]], (("报名", "claim:1"),))

    adapter = Recording()
    sender = Sender(engine, {"console": adapter}, clock, renderers={"again": render})
    with transaction(engine) as session:
        for n in texts:
            outbox.enqueue(session, f"console:dm:{n}", f"活还在 {n}", now=NOW,
                           buttons=[("报名", "claim:1")], render="again",
                           render_data={"n": n})
        ids = [r.id or 0 for r in session.exec(select(OutboxMessage))]
    return sender, adapter, engine, ids


def test_rows_made_again_the_same_go_out_without_a_flush(either_url: str,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    texts = {"1": "活还在 1", "2": "活还在 2", "3": "活还在 3"}
    sender, adapter, engine, _ = _rendered_rows(either_url, texts)
    flushed: list[list[str]] = []

    def seen(session: OrmSession, *_: Any) -> None:
        flushed.append(sorted(type(o).__name__ for o in session.dirty))

    event.listen(OrmSession, "before_flush", seen)
    try:
        asyncio.run(sender.drain())
    finally:
        event.remove(OrmSession, "before_flush", seen)
    assert sorted(o.text for o in adapter.sent) == sorted(texts.values())
    # Only the chats' new windows are the unit of work's; no row and no window written
    # already is looked at again.
    assert all("OutboxMessage" not in f and "SendWindow" not in f for f in flushed), flushed
    with Session(engine) as session:
        assert sorted(r.text for r in session.exec(select(OutboxMessage))) == sorted(
            texts.values())


def test_a_row_made_again_differently_is_sent_and_kept_as_sent(either_url: str) -> None:
    texts = {"1": "活还在 1", "2": "已招满 2", "3": "活还在 3（已报名 1/2）"}
    sender, adapter, engine, _ = _rendered_rows(either_url, texts)
    asyncio.run(sender.drain())
    assert sorted(o.text for o in adapter.sent) == sorted(texts.values())
    with Session(engine) as session:
        rows = {r.chat_id: r for r in session.exec(select(OutboxMessage))}
        assert {k.rsplit(":", 1)[1]: r.text for k, r in rows.items()} == texts
        assert all(r.status == "sent" for r in rows.values())


def test_the_windows_a_round_wrote_are_not_flushed_again(either_url: str) -> None:
    engine = make_engine(either_url)
    upgrade(engine)
    clock = ManualClock(NOW)
    adapter = Recording()
    adapter.limits = Limits(per_second_total=30.0, per_minute_per_group=20.0,
                            per_second_per_chat=1.0, daily_cap=1000)
    sender = Sender(engine, {"console": adapter}, clock)
    with transaction(engine) as session:
        for i in range(3):
            outbox.enqueue(session, "console:dm:老王", f"第{i}条", now=NOW)
    for _ in range(4):
        asyncio.run(sender.drain())
        clock.set(clock.now() + timedelta(seconds=1.1))
    assert [o.text for o in adapter.sent] == ["第0条", "第1条", "第2条"]
    with transaction(engine) as session:
        windows = outbox.windows(session, ["console", "console:dm:老王"], lock=True)
        windows["console"].day_count += 5
        outbox.write_windows(session)
        assert not [w for w in session.dirty if isinstance(w, SendWindow)]
        flushes = _flushes(session)
        session.flush()
        assert flushes[0] == 0
    with Session(engine) as session:
        window = session.get(SendWindow, "console")
        assert window is not None and window.day_count == 3 + 5


def test_a_text_made_anew_is_written_by_the_claim_alone_on_postgresql(pg_url: str) -> None:
    sender, adapter, engine, _ = _rendered_rows(pg_url, {"1": "已报名 1/2"})
    flushed: list[list[str]] = []

    def seen(session: OrmSession, *_: Any) -> None:
        flushed.append(sorted(type(o).__name__ for o in session.dirty))

    event.listen(OrmSession, "before_flush", seen)
    try:
        asyncio.run(sender.drain())
    finally:
        event.remove(OrmSession, "before_flush", seen)
    assert [o.text for o in adapter.sent] == ["已报名 1/2"]
    assert all("OutboxMessage" not in f for f in flushed), flushed
    with Session(engine) as session:
        row = session.exec(select(OutboxMessage)).one()
        assert (row.text, row.status) == ("已报名 1/2", "sent")
