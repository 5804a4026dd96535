"""Several senders, one outbox: no row sent twice, no chat out of order, the limits shared,
a live sender's rows left alone; a lost PostgreSQL backend does not stop a sender."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.adapters.base import Limits, Outgoing
from bot.clock import TZ, ManualClock
from bot.outbox import LEASE, Sender
from storage import outbox
from storage.db import make_engine, transaction, upgrade
from storage.models import Group, OutboxMessage, SendWindow
from tests.conftest import PG_ADMIN

START = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)


class Platform:
    """Records every send, with who sent it; ``gate`` (when set) holds each send until it
    opens, so a row can be caught in flight."""

    platform = "telegram"
    supports_buttons = True
    supports_edit = True
    supports_files = False

    def __init__(self, limits: Limits, sends: list[tuple[str, str, str]], name: str,
                 gate: threading.Event | None = None, latency: float = 0.0) -> None:
        self.limits = limits
        self.sends = sends
        self.name = name
        self.gate = gate
        self.latency = latency
        self.entered = threading.Event()

    async def start(self, inbound: object) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, out: Outgoing) -> str:
        self.entered.set()
        if self.gate is not None:
            while not self.gate.is_set():
                await asyncio.sleep(0.005)
        if self.latency:
            await asyncio.sleep(self.latency)
        self.sends.append((self.name, out.chat_id, out.text))
        return f"{out.chat_id}:{len(self.sends)}"


NO_LIMITS = Limits(0, 0, 0)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    upgrade(eng)
    yield eng
    eng.dispose()


def queue(engine: Engine, chat: str, texts: list[str]) -> None:
    with transaction(engine) as s:
        for t in texts:
            outbox.enqueue(s, chat, t, now=START)


def drain(sender: Sender) -> None:
    """One drain, bounded: a sender that keeps taking rows fails instead of hanging."""
    asyncio.run(asyncio.wait_for(sender.drain(), 10))


def in_thread(sender: Sender) -> threading.Thread:
    thread = threading.Thread(target=lambda: asyncio.run(sender.drain()), daemon=True)
    thread.start()
    return thread


def test_a_row_in_flight_is_not_taken_by_a_second_sender(engine: Engine) -> None:
    sends: list[tuple[str, str, str]] = []
    gate = threading.Event()
    a = Platform(NO_LIMITS, sends, "A", gate)
    sender_a = Sender(engine, {"telegram": a}, ManualClock(START))
    sender_b = Sender(engine, {"telegram": Platform(NO_LIMITS, sends, "B")}, ManualClock(START))
    queue(engine, "telegram:1", ["第一条", "第二条"])
    thread = in_thread(sender_a)
    assert a.entered.wait(10)  # A holds 第一条 in flight
    drain(sender_b)
    assert sends == []  # B took neither 第一条 (in flight) nor 第二条 (behind it)
    gate.set()
    thread.join(10)
    drain(sender_b)
    assert sends == [("A", "telegram:1", "第一条"), ("A", "telegram:1", "第二条")] or sends == [
        ("A", "telegram:1", "第一条"), ("B", "telegram:1", "第二条")]


def test_a_start_leaves_a_live_senders_rows_alone_and_takes_a_dead_ones(
        engine: Engine, tmp_path: Path) -> None:
    journals = tmp_path / "journals"
    sends: list[tuple[str, str, str]] = []
    gate = threading.Event()
    a = Platform(NO_LIMITS, sends, "A", gate)
    sender_a = Sender(engine, {"telegram": a}, ManualClock(START))
    sender_a.recover(journals)
    queue(engine, "telegram:1", ["给老王"])
    thread = in_thread(sender_a)
    assert a.entered.wait(10)
    # a second process starts on this machine while A sends
    sender_b = Sender(engine, {"telegram": Platform(NO_LIMITS, sends, "B")}, ManualClock(START))
    assert sender_b.recover(journals) == 0
    with Session(engine) as s:
        row = s.exec(select(OutboxMessage)).one()
        assert (row.status, row.owner) == ("sending", sender_a.owner)
    asyncio.run(sender_b.drain())
    gate.set()
    thread.join(10)
    assert sends == [("A", "telegram:1", "给老王")]
    # A dies holding a row (its journal lock goes with it): the next start takes it back
    gate.clear()
    a.entered.clear()
    queue(engine, "telegram:2", ["给老李"])
    thread = in_thread(sender_a)
    assert a.entered.wait(10)
    assert sender_a.journal is not None
    sender_a.journal.close(keep=True)  # what the kernel does when the process dies
    sender_c = Sender(engine, {"telegram": Platform(NO_LIMITS, sends, "C")}, ManualClock(START))
    assert sender_c.recover(journals) == 1
    asyncio.run(sender_c.drain())
    assert ("C", "telegram:2", "给老李") in sends


def test_another_machines_rows_are_taken_over_only_after_their_lease(engine: Engine) -> None:
    sends: list[tuple[str, str, str]] = []
    gate = threading.Event()
    a = Platform(NO_LIMITS, sends, "A", gate)
    clock = ManualClock(START)
    queue(engine, "telegram:1", ["给老王"])
    thread = in_thread(Sender(engine, {"telegram": a}, clock))  # no journal here: a far machine
    assert a.entered.wait(10)
    other = Sender(engine, {"telegram": Platform(NO_LIMITS, sends, "B")}, clock)
    clock.advance(LEASE - timedelta(seconds=1))
    assert asyncio.run(other.drain()).next_wake == START + LEASE
    assert sends == []
    clock.advance(timedelta(seconds=2))  # A is gone for good: its lease ran out
    asyncio.run(other.drain())
    assert sends == [("B", "telegram:1", "给老王")]
    gate.set()
    thread.join(10)


# --------------------------------------------------------------------------- PostgreSQL


def drain_until_idle(sender: Sender, clock: ManualClock) -> None:
    """Drain until nothing more can go now and no other sender has a row in flight."""

    def in_flight() -> int:
        with Session(sender.engine) as s:
            return len(s.exec(select(OutboxMessage.id).where(OutboxMessage.status == "sending")
                              ).all())

    async def go() -> None:
        for _ in range(2000):
            result = await sender.drain()
            if (result.next_wake is None or result.next_wake > clock.now()) and not in_flight():
                return
            await asyncio.sleep(0.005)
        raise AssertionError("never idle")

    asyncio.run(go())


def two_senders(engine: Engine, limits: Limits, clock: ManualClock
                ) -> list[tuple[str, str, str]]:
    sends: list[tuple[str, str, str]] = []
    senders = [Sender(engine, {"telegram": Platform(limits, sends, name, latency=0.002)}, clock,
                      concurrency=4) for name in "AB"]
    threads = [threading.Thread(target=drain_until_idle, args=(s, clock)) for s in senders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads)
    return sends


def sent_once_in_order(engine: Engine, sends: list[tuple[str, str, str]]) -> None:
    texts = [t for _, _, t in sends]
    assert len(texts) == len(set(texts)), "a message went out twice"
    with Session(engine) as s:
        rows = s.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    for chat in {r.chat_id for r in rows}:
        queued = [r.text for r in rows if r.chat_id == chat]
        got = [t for _, c, t in sends if c == chat]
        assert got == queued[: len(got)], f"{chat} out of order"
    assert {r.text for r in rows if r.status == "sent"} == set(texts)


def test_two_senders_share_the_daily_cap(pg_url: str) -> None:
    engine = make_engine(pg_url)
    upgrade(engine)
    for chat in range(10):
        queue(engine, f"telegram:{chat}", [f"{chat}-{i}" for i in range(10)])
    sends = two_senders(engine, Limits(0, 0, 0, daily_cap=30), ManualClock(START))
    assert len(sends) == 30
    assert {name for name, _, _ in sends} == {"A", "B"}  # both sent: the cap was shared
    sent_once_in_order(engine, sends)
    engine.dispose()


def test_two_senders_share_a_groups_minute(pg_url: str) -> None:
    engine = make_engine(pg_url)
    upgrade(engine)
    with transaction(engine) as s:
        for g in range(3):
            s.add(Group(chat_id=f"telegram:-{g}", title=f"群{g}"))
    for g in range(3):
        queue(engine, f"telegram:-{g}", [f"群{g}-{i}" for i in range(30)])
    for chat in range(4):
        queue(engine, f"telegram:{chat}", [f"{chat}-{i}" for i in range(30)])
    limits = Limits(per_second_total=0, per_minute_per_group=20, per_second_per_chat=0)
    clock = ManualClock(START)  # the minute never ends
    sends = two_senders(engine, limits, clock)
    per_chat = {c: sum(1 for _, chat, _ in sends if chat == c) for _, c, _ in sends}
    assert {per_chat[f"telegram:-{g}"] for g in range(3)} == {20}
    assert {per_chat[f"telegram:{c}"] for c in range(4)} == {30}
    sent_once_in_order(engine, sends)
    engine.dispose()


def test_a_terminated_backend_does_not_stop_the_sender(pg_url: str,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    engine = make_engine(pg_url)
    upgrade(engine)
    for chat in range(6):
        with transaction(engine) as s:
            for i in range(10):
                # two rows are rendered when they go out: the administrator kills our
                # connection in the middle of that transaction
                outbox.enqueue(s, f"telegram:{chat}", f"{chat}-{i}", now=START,
                               render="kill" if (chat, i) in ((1, 3), (4, 6)) else None)
    sends: list[tuple[str, str, str]] = []
    database = pg_url.rsplit("/", 1)[1]
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    killed: list[int] = []

    def kill(session: Session, row: OutboxMessage, now: datetime) -> outbox.Rendered:
        if row.id not in killed:
            killed.append(row.id or 0)
            with admin.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = :db AND pid <> pg_backend_pid()"),
                             {"db": database})
        return outbox.Rendered(row.text)

    sender = Sender(engine, {"telegram": Platform(NO_LIMITS, sends, "A")}, ManualClock(START),
                    concurrency=4, renderers={"kill": kill})

    async def scenario() -> None:
        stop = asyncio.Event()
        running = asyncio.create_task(sender.run(stop, poll=0.05))
        deadline = time.monotonic() + 30
        while len(sends) < 60 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert not running.done()
        stop.set()
        await asyncio.wait_for(running, 10)

    asyncio.run(scenario())
    admin.dispose()
    assert len(killed) == 2
    assert "the sender could not use the database" in caplog.text
    sent_once_in_order(engine, sends)
    assert len(sends) == 60
    with Session(engine) as s:
        assert outbox.unsent(s) == 0
    engine.dispose()


def test_a_sender_that_waited_for_the_windows_counts_its_sends_from_when_it_got_them(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The platform's windows are locked while a sender takes rows: one that waited for
    another process counts its slots from the end of the wait, or a slot would lie in the
    past and the next send to that chat could follow too soon."""
    import json

    clock = ManualClock(START)
    locked = outbox.windows

    def waited(session: Session, keys: object, **kwargs: bool) -> dict[str, object]:
        found = locked(session, keys, **kwargs)  # type: ignore[arg-type]
        if kwargs.get("lock"):
            clock.advance(timedelta(seconds=5))  # another sender held them five seconds
        return found  # type: ignore[return-value]

    monkeypatch.setattr(outbox, "windows", waited)
    sends: list[tuple[str, str, str]] = []
    limits = Limits(per_second_total=0, per_minute_per_group=0, per_second_per_chat=1)
    sender = Sender(engine, {"telegram": Platform(limits, sends, "A")}, clock)
    queue(engine, "telegram:1", ["第一条"])
    drain(sender)
    assert sends == [("A", "telegram:1", "第一条")]
    with Session(engine) as s:
        window = s.get(SendWindow, "telegram:1")
        assert window is not None
        assert json.loads(window.recent) == [(START + timedelta(seconds=5)).timestamp()]
