"""The limits hold over when the platform calls start, however late after its slot each call
starts: a send counts from its call once it went, from the latest its call may start while in
flight, and a call that would start later than that is not made."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.adapters.base import Limits, Outgoing
from bot.clock import TZ, ManualClock
from bot.outbox import SEND_MARGIN, RateLimiter, Sender, _Claimed, _Outcome
from storage import outbox
from storage.db import transaction
from storage.models import Group, OutboxMessage, SendWindow
from tests.test_outbox import engine_at

START = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)
MARGIN = timedelta(seconds=SEND_MARGIN)


def s(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


class Timed:
    """A platform that notes when each call starts; ``gate`` (when set) holds each call open
    until it is set, so a send can be caught in flight."""

    platform = "telegram"
    supports_buttons = True
    supports_edit = True
    supports_files = False

    def __init__(self, limits: Limits, clock: ManualClock, name: str = "A",
                 calls: list[tuple[datetime, str, str, str]] | None = None,
                 gate: threading.Event | None = None) -> None:
        self.limits = limits
        self.clock = clock
        self.name = name
        self.calls = [] if calls is None else calls  # (call start, chat, text, sender)
        self.gate = gate
        self.entered = threading.Event()

    async def start(self, inbound: object) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, out: Outgoing) -> str:
        self.calls.append((self.clock.now(), out.chat_id, out.text, self.name))
        self.entered.set()
        while self.gate is not None and not self.gate.is_set():
            await asyncio.sleep(0.005)
        return f"{out.chat_id}:{len(self.calls)}"


class SlowClaim(Sender):
    """Each of its first claims that takes rows ends ``delays`` seconds after its slots were
    taken (a commit waiting on a busy machine), on the manual clock."""

    def __init__(self, engine: Engine, adapter: Timed, clock: ManualClock,
                 delays: list[float], **kw: object) -> None:
        super().__init__(engine, {adapter.platform: adapter}, clock, **kw)  # type: ignore[arg-type]
        self.manual = clock
        self.delays = list(delays)

    def _claim(self, outcomes: list[_Outcome] | None = None, probe: bool = True) -> _Claimed:
        claimed = super()._claim(outcomes, probe)
        if claimed.jobs and self.delays:
            self.manual.advance(s(self.delays.pop(0)))
        return claimed


class HeldClaim(Sender):
    """Its first claim that takes rows holds its thread, after the transaction, until
    ``go`` is set: its calls start whenever the test lets them."""

    def __init__(self, engine: Engine, adapter: Timed, clock: ManualClock) -> None:
        super().__init__(engine, {adapter.platform: adapter}, clock)
        self.claimed = threading.Event()
        self.go = threading.Event()

    def _claim(self, outcomes: list[_Outcome] | None = None, probe: bool = True) -> _Claimed:
        claimed = super()._claim(outcomes, probe)
        if claimed.jobs and not self.claimed.is_set():
            self.claimed.set()
            assert self.go.wait(10)
        return claimed


def queue(engine: Engine, chat: str, *texts: str) -> None:
    with transaction(engine) as session:
        for text in texts:
            outbox.enqueue(session, chat, text, now=START)


def drain(sender: Sender) -> tuple[int, datetime | None]:
    result = asyncio.run(asyncio.wait_for(sender.drain(), 10))
    return result.sent, result.next_wake


def most_within(times: list[datetime], span: float) -> int:
    """The most calls that start within any ``span`` seconds (a half-open sliding window)."""
    ts = sorted(t.timestamp() for t in times)
    return max((sum(1 for u in ts if t - span < u <= t) for t in ts), default=0)


def platform_window(engine: Engine, key: str = "telegram") -> SendWindow:
    with Session(engine) as session:
        window = session.get(SendWindow, key)
        assert window is not None
        return window


# --------------------------------------------------------------------------- the platform total


def test_the_platform_window_counts_a_send_from_when_its_call_started(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Timed(Limits(per_second_total=2, per_minute_per_group=0, per_second_per_chat=0),
                    clock)
    sender = SlowClaim(engine, adapter, clock, [0.2])
    for chat in range(4):
        queue(engine, f"telegram:{chat}", f"给{chat}")
    # two slots at 08:00:00, the calls 0.2 s later: the window is full until 08:00:01.2
    assert drain(sender) == (2, START + s(1.2))
    assert [t for t, *_ in adapter.calls] == [START + s(0.2)] * 2
    clock.set(START + s(1.0))
    assert drain(sender)[0] == 0  # counted from the slots, two more would go 0.8 s later
    clock.set(START + s(1.2))
    assert drain(sender)[0] == 2
    assert most_within([t for t, *_ in adapter.calls], 1.0) == 2


def test_a_send_in_flight_counts_at_the_latest_its_call_may_start(tmp_path: Path) -> None:
    """Another sender's send not yet recorded: its call may have started up to SEND_MARGIN
    after its slot, and counts so."""
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    limits = Limits(per_second_total=1, per_minute_per_group=0, per_second_per_chat=0)
    calls: list[tuple[datetime, str, str, str]] = []
    gate = threading.Event()
    a = Timed(limits, clock, "A", calls, gate)
    b = Timed(limits, clock, "B", calls)
    sender_a = SlowClaim(engine, a, clock, [SEND_MARGIN])  # its call starts at the margin's end
    sender_b = Sender(engine, {"telegram": b}, clock)
    queue(engine, "telegram:1", "甲")
    queue(engine, "telegram:2", "乙")
    thread = threading.Thread(target=lambda: asyncio.run(sender_a.drain()), daemon=True)
    thread.start()
    assert a.entered.wait(10)  # A's call started at 08:00:00.25 and is not back yet
    clock.set(START + s(1.1))
    sent, wake = drain(sender_b)
    assert sent == 0 and wake == START + MARGIN + s(1)
    gate.set()
    thread.join(10)
    clock.set(START + MARGIN + s(1))
    assert drain(sender_b)[0] == 1
    assert [(t, name) for t, _, _, name in calls] == [(START + MARGIN, "A"),
                                                      (START + MARGIN + s(1), "B")]


# --------------------------------------------------------------------------- too late to call


def test_a_call_that_would_start_too_late_is_not_made(tmp_path: Path) -> None:
    """A's slot is counted; its claim is held while the margin passes and B fills the window
    behind it; A's call would come 0.05 s after B's, against a limit of one a second."""
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    limits = Limits(per_second_total=1, per_minute_per_group=0, per_second_per_chat=0,
                    daily_cap=100)
    calls: list[tuple[datetime, str, str, str]] = []
    a = Timed(limits, clock, "A", calls)
    sender_a = HeldClaim(engine, a, clock)
    sender_b = Sender(engine, {"telegram": Timed(limits, clock, "B", calls)}, clock)
    queue(engine, "telegram:1", "甲一", "甲二")
    queue(engine, "telegram:2", "乙")
    box: list[tuple[int, datetime | None]] = []
    thread = threading.Thread(target=lambda: box.append(drain(sender_a)), daemon=True)
    thread.start()
    assert sender_a.claimed.wait(10)  # A took 甲一 at 08:00:00 and is held
    clock.set(START + MARGIN + s(1.01))  # A's slot no longer counts: B sends
    assert drain(sender_b)[0] == 1
    clock.advance(s(0.05))
    sender_a.go.set()
    thread.join(10)
    assert box == [(0, START + MARGIN + s(2.01))]  # not made; B's send holds the window
    assert [(name, text) for _, _, text, name in calls] == [("B", "乙")]
    clock.set(box[0][1] or START)
    drain(sender_a)
    clock.advance(s(1))
    drain(sender_a)
    assert [text for _, _, text, _ in calls] == ["乙", "甲一", "甲二"]  # 甲一 kept its place
    assert most_within([t for t, *_ in calls], 1.0) == 1
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        assert [(r.text, r.status, r.attempts) for r in rows] == [
            ("甲一", "sent", 1), ("甲二", "sent", 1), ("乙", "sent", 1)]  # not an attempt
    assert platform_window(engine).day_count == 3  # its slot was given back


def test_a_row_not_called_in_time_goes_again_at_once(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Timed(Limits(per_second_total=30, per_minute_per_group=0, per_second_per_chat=1,
                           daily_cap=100), clock)
    sender = SlowClaim(engine, adapter, clock, [SEND_MARGIN + 0.05])
    queue(engine, "telegram:1", "第一条", "第二条")
    queue(engine, "telegram:2", "别人的")
    # the first claim ends too late for its slots: both rows are taken again in the same drain
    sent, wake = drain(sender)
    late = START + MARGIN + s(0.05)
    assert sent == 2 and wake == late + s(1)
    assert [(t, text) for t, _, text, _ in adapter.calls] == [(late, "第一条"), (late, "别人的")]
    window = platform_window(engine)
    assert window.day_count == 2 and json.loads(window.recent) == [late.timestamp()] * 2
    clock.set(wake)
    assert drain(sender)[0] == 1
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        assert [(r.text, r.attempts, r.last_error) for r in rows] == [
            ("第一条", 1, None), ("第二条", 1, None), ("别人的", 1, None)]


def test_rows_not_called_in_time_go_back_in_one_statement(tmp_path: Path) -> None:
    """Five chats' rows whose calls would all come late: one UPDATE puts them all back (it was
    one a row), and what another sender holds is not touched by it."""
    from tests.test_budget import counting

    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Timed(Limits(per_second_total=30, per_minute_per_group=0, per_second_per_chat=1,
                           daily_cap=100), clock)
    sender = SlowClaim(engine, adapter, clock, [SEND_MARGIN + 0.05], concurrency=8)
    for chat in range(5):
        queue(engine, f"telegram:{chat}", f"第{chat}条")
    with counting(engine) as seen:
        sent, _ = drain(sender)
    assert sent == 5 and len(adapter.calls) == 5  # taken again at once, sent once each
    put_back = [q for q in seen.seen if q.startswith("UPDATE outboxmessage")
                and "attempts - " in q]
    assert len(put_back) == 1, str(seen)
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        assert [(r.status, r.attempts, r.owner) for r in rows] == [("sent", 1, None)] * 5
    # only the owner's rows in flight go back
    queue(engine, "telegram:9", "别人的")
    with transaction(engine) as session:
        row = session.exec(select(OutboxMessage).where(
            OutboxMessage.chat_id == "telegram:9")).one()
        outbox.claim(session, [row], "another", timedelta(seconds=60), START)
        assert row.status == "sending" and row.owner == "another" and row.attempts == 1
        outbox.put_back(session, [row.id or 0], sender.owner)
    with Session(engine) as session:
        row = session.exec(select(OutboxMessage).where(
            OutboxMessage.chat_id == "telegram:9")).one()
        assert (row.status, row.owner, row.attempts) == ("sending", "another", 1)


def test_a_slow_render_does_not_make_the_call_late(tmp_path: Path) -> None:
    """Rendering (or anything else the claim's transaction waits for) comes before the slots
    are taken: a render slower than the margin still sends, first time."""
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Timed(Limits(per_second_total=30, per_minute_per_group=0, per_second_per_chat=1),
                    clock)

    def slow(session: Session, row: OutboxMessage, now: datetime) -> outbox.Rendered:
        clock.advance(MARGIN * 2)
        return outbox.Rendered(row.text + "（最新）")

    sender = Sender(engine, {"telegram": adapter}, clock, renderers={"slow": slow})
    with transaction(engine) as session:
        outbox.enqueue(session, "telegram:1", "早报", now=START, render="slow")
    assert drain(sender)[0] == 1
    assert [(t, text) for t, _, text, _ in adapter.calls] == [(START + MARGIN * 2, "早报（最新）")]
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage.attempts)).one() == 1


# --------------------------------------------------------------------------- per chat and group


def test_a_chats_gap_counts_from_when_its_last_call_started(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Timed(Limits(per_second_total=0, per_minute_per_group=0, per_second_per_chat=1),
                    clock)
    sender = SlowClaim(engine, adapter, clock, [0.2])
    queue(engine, "telegram:1", "第一条", "第二条")
    assert drain(sender) == (1, START + s(1.2))
    clock.set(START + s(1))
    assert drain(sender)[0] == 0
    clock.set(START + s(1.2))
    assert drain(sender)[0] == 1
    assert [t for t, *_ in adapter.calls] == [START + s(0.2), START + s(1.2)]


def test_the_next_part_waits_a_gap_from_when_the_part_before_went(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Timed(Limits(per_second_total=0, per_minute_per_group=0, per_second_per_chat=1,
                           max_text=2), clock)
    sender = SlowClaim(engine, adapter, clock, [0.2])
    queue(engine, "telegram:1", "一二\n三四")
    assert drain(sender) == (0, START + s(1.2))  # the second part waits for its slot
    clock.set(START + s(1.2))
    assert drain(sender)[0] == 1
    assert [(t, text) for t, _, text, _ in adapter.calls] == [(START + s(0.2), "一二"),
                                                              (START + s(1.2), "三四")]


def test_a_groups_minute_counts_from_when_its_calls_started(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    with transaction(engine) as session:
        session.add(Group(chat_id="telegram:-1", title="青天村群"))
    clock = ManualClock(START)
    adapter = Timed(Limits(per_second_total=0, per_minute_per_group=2, per_second_per_chat=0),
                    clock)
    sender = SlowClaim(engine, adapter, clock, [0.2])
    queue(engine, "telegram:-1", "一", "二", "三")
    assert drain(sender) == (2, START + s(60.2))
    clock.set(START + s(60))
    assert drain(sender)[0] == 0
    clock.set(START + s(60.2))
    assert drain(sender)[0] == 1


def test_group_sends_are_spaced_from_when_the_last_one_started(tmp_path: Path) -> None:
    """WeChat's group interval: one group send a round, the next one interval after the
    call of the last, not after its slot."""
    engine = engine_at(tmp_path)
    with transaction(engine) as session:
        session.add(Group(chat_id="telegram:-1", title="青天村群"))
        session.add(Group(chat_id="telegram:-2", title="木鱼镇群"))
    clock = ManualClock(START)
    adapter = Timed(Limits(per_second_total=10, per_minute_per_group=0, per_second_per_chat=0,
                           group_interval=3), clock)
    sender = SlowClaim(engine, adapter, clock, [0.2], concurrency=8)
    queue(engine, "telegram:-1", "早报一")
    queue(engine, "telegram:-2", "早报二")
    queue(engine, "telegram:5", "私聊")
    assert drain(sender) == (2, START + s(3.2))
    assert [text for _, _, text, _ in adapter.calls] == ["早报一", "私聊"]
    clock.set(START + s(3))
    assert drain(sender)[0] == 0
    clock.set(START + s(3.2))
    assert drain(sender)[0] == 1


def test_the_daily_cap_counts_a_send_on_the_day_its_call_starts(tmp_path: Path) -> None:
    """A slot counted today whose call would start after midnight is not used: tomorrow's
    count would not have it."""
    engine = engine_at(tmp_path)
    midnight = START.replace(hour=0) + timedelta(days=1)
    clock = ManualClock(midnight - s(0.1))
    adapter = Timed(Limits(0, 0, 0, daily_cap=1), clock)
    sender = SlowClaim(engine, adapter, clock, [0.15])
    queue(engine, "telegram:1", "今天的")
    queue(engine, "telegram:2", "也是今天的")
    assert drain(sender) == (1, midnight + timedelta(days=1))
    assert [(t, text) for t, _, text, _ in adapter.calls] == [(midnight + s(0.05), "今天的")]


# --------------------------------------------------------------------------- the windows


def test_settling_and_giving_back_move_only_the_sends_own_entries() -> None:
    limiter = RateLimiter(Limits(per_second_total=2, per_minute_per_group=0,
                                 per_second_per_chat=1, group_interval=3))
    platform = SendWindow(key="wechat", recent="[]", day="", day_count=0)
    a = SendWindow(key="wechat:a@chatroom", recent="[]", day="", day_count=0)
    b = SendWindow(key="wechat:b", recent="[]", day="", day_count=0)
    limiter.reserve(platform, a, True, START)
    limiter.reserve(platform, b, False, START)
    # in flight: as late as the calls may start
    assert platform.free_at == START + MARGIN + s(3) and a.free_at == START + MARGIN + s(1)
    assert limiter.capacity(platform, START + s(1)) == (0, START + MARGIN + s(1))
    limiter.settle(platform, a, START, START + s(0.1), True)
    assert platform.free_at == START + s(3.1) and a.free_at == START + s(1.1)
    assert b.free_at == START + MARGIN + s(1)
    assert sorted(json.loads(platform.recent)) == [(START + s(0.1)).timestamp(),
                                                   (START + MARGIN).timestamp()]
    limiter.release(platform, b, START, False)
    assert json.loads(platform.recent) == [(START + s(0.1)).timestamp()]
    assert b.free_at is None and platform.day_count == 1
    assert platform.free_at == START + s(3.1)  # a private send's slot leaves groups alone
    assert limiter.in_time(START, START + MARGIN)
    assert not limiter.in_time(START, START + MARGIN + s(0.001))


def test_a_send_recorded_twice_moves_no_other_sends_entry(tmp_path: Path) -> None:
    """Two sends took slots at the same moment; one is recorded twice (its first recording
    was committed, then reported failed): the other's entry still stands at the latest its
    call may start."""
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Timed(Limits(per_second_total=10, per_minute_per_group=0, per_second_per_chat=0),
                    clock)
    sender = Sender(engine, {"telegram": adapter}, clock, concurrency=2)
    queue(engine, "telegram:1", "甲")
    queue(engine, "telegram:2", "乙")
    first, second = sender._claim().jobs
    assert first.slot == second.slot == START
    assert first.row.id is not None
    went = _Outcome(first, outbox.Sent(first.row.id, "telegram:1:1", 1, True, START + s(0.1)),
                    started=START + s(0.1))
    for _ in range(2):
        sender._claim([went])
    assert sorted(json.loads(platform_window(engine).recent)) == [
        (START + s(0.1)).timestamp(), (START + MARGIN).timestamp()]


def test_a_drain_whose_every_call_comes_late_gives_the_loop_back(tmp_path: Path) -> None:
    """A commit slower than the margin, round after round: the drain stops retaking the rows at
    once after a few rounds (the loop can look at ``stop`` and sleep), and they go later."""
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Timed(Limits(per_second_total=30, per_minute_per_group=0, per_second_per_chat=0,
                           daily_cap=100), clock)
    sender = SlowClaim(engine, adapter, clock, [SEND_MARGIN + 0.05] * 6)
    queue(engine, "telegram:1", "第一条")
    sent, wake = drain(sender)
    assert (sent, adapter.calls) == (0, [])
    assert wake == clock.now()
    while sender.delays:  # the machine is still slow: each drain gives the loop back
        drain(sender)
    assert drain(sender)[0] == 1  # quick again: it goes, kept in its place
    assert [text for _, _, text, _ in adapter.calls] == ["第一条"]


def test_windows_count_as_made_only_once_their_first_transaction_committed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first round whose transaction rolls back made no window: the next round makes them
    again (else, on a fresh database, two senders would count on windows no lock holds)."""
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Timed(Limits(per_second_total=30, per_minute_per_group=0, per_second_per_chat=0),
                    clock)
    sender = Sender(engine, {"telegram": adapter}, clock)
    queue(engine, "telegram:1", "第一条")
    real_take = outbox.take

    def broken(*args: object, **kw: object) -> object:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(outbox, "take", broken)
    with pytest.raises(RuntimeError):
        drain(sender)
    assert not sender._made
    monkeypatch.setattr(outbox, "take", real_take)
    assert drain(sender)[0] == 1 and sender._made


# ==== a round's windows counted and settled in one pass, as one send after another


def _one_by_one_replace(times: list[float], old: float, new: float | None) -> list[float]:
    for i, x in enumerate(times):
        if abs(x - old) < 1e-6:
            return times[:i] + ([] if new is None else [new]) + times[i + 1:]
    return times


def test_moving_many_entries_at_once_is_moving_them_one_after_another() -> None:
    import random

    from bot.outbox import _replace_all

    rng = random.Random(7)
    base = START.timestamp()
    for _ in range(300):
        # entries bunched within microseconds of each other, repeated, and some not there
        pool = [base + rng.choice([0, 1e-7, 5e-7, 9e-7, 1.2e-6, 0.25, 0.5, 1.0])
                for _ in range(rng.randint(0, 12))]
        times = list(pool)
        moves: list[tuple[float, float | None]] = []
        for _ in range(rng.randint(2, 8)):
            old = rng.choice(pool) if pool and rng.random() < 0.8 else base + 3.0
            new = None if rng.random() < 0.3 else rng.choice([old, base + rng.random()])
            moves.append((old, new))
        expected = times
        for old, new in moves:
            expected = _one_by_one_replace(expected, old, new)
        assert _replace_all(times, moves) == expected


def test_a_round_to_chats_with_several_messages_counts_as_the_messages_one_by_one() -> None:
    limits = Limits(per_second_total=30, per_minute_per_group=20, per_second_per_chat=1,
                    group_interval=3)
    limiter = RateLimiter(limits)

    def windows() -> tuple[SendWindow, list[SendWindow]]:
        return (SendWindow(key="wechat", recent="[]", day="2026-11-25", day_count=4),
                [SendWindow(key=f"wechat:{n}", recent="[]", day="", day_count=0)
                 for n in ("a@chatroom", "b", "c@chatroom")])

    rounds = [(START, [(0, True), (1, False), (0, True), (2, True), (1, False)]),
              (START + s(0.4), [(1, False), (1, False)]),
              (START + s(2), [(2, True), (0, True)])]
    batched, chats_b = windows()
    single, chats_s = windows()
    for now, sends in rounds:
        limiter.reserve_all(batched, [(chats_b[i], g) for i, g in sends], now)
        for i, g in sends:
            limiter.reserve(single, chats_s[i], g, now)
        # every third call came too late: its slot is given back, the rest went
        went = [(i, now, now + s(0.01 * k), g) for k, (i, g) in enumerate(sends) if k % 3 != 1]
        back = [(i, now, g) for k, (i, g) in enumerate(sends) if k % 3 == 1]
        limiter.settle_all(batched, [(chats_b[i], at, started, g)
                                     for i, at, started, g in went],
                           [(chats_b[i], at, g) for i, at, g in back])
        for i, at, g in back:
            limiter.release(single, chats_s[i], at, g)
        for i, at, started, g in went:
            limiter.settle(single, chats_s[i], at, started, g)
        for got, want in [(batched, single), *zip(chats_b, chats_s, strict=True)]:
            assert (json.loads(got.recent), got.free_at, got.day, got.day_count) == \
                (json.loads(want.recent), want.free_at, want.day, want.day_count)
    assert batched.day_count == 5 and batched.day == "2026-11-26"  # 9 counted, 4 given back
