"""The outbox: nothing sent that was not committed, nothing lost or doubled across a crash."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from bot.adapters.base import Limits, Outgoing, PermanentSendError, RetryAfter
from bot.clock import TZ, ManualClock
from bot.outbox import RateLimiter, Sender, split_text
from storage import outbox
from storage.db import make_engine, transaction, upgrade
from storage.models import Group, OutboxMessage

START = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)
REPO = Path(__file__).resolve().parents[1]


class Flaky:
    """A recording adapter that fails the way it is told to, once per queued failure."""

    platform = "console"
    supports_buttons = True
    supports_edit = True

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits(0, 0, 0)
        self.sent: list[Outgoing] = []
        self.failures: list[Exception] = []

    async def start(self, inbound: object) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, out: Outgoing) -> str:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(out)
        return out.edit_of or f"console:b{len(self.sent)}"


def engine_at(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    upgrade(engine)
    return engine


def queue(engine, text: str, **kw):  # type: ignore[no-untyped-def]
    with transaction(engine) as s:
        return outbox.enqueue(s, kw.pop("chat_id", "console:dm:老王"), text, now=START, **kw)


def statuses(engine) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return [(r.text, r.status) for r in s.exec(select(OutboxMessage).order_by(
            col(OutboxMessage.id)))]


def test_a_failed_send_is_retried_with_backoff_and_sent_once(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Flaky()
    adapter.failures = [ConnectionError("network down"), ConnectionError("still down")]
    sender = Sender(engine, {"console": adapter}, clock)
    queue(engine, "您的报名已确认")
    first = asyncio.run(sender.drain())
    assert first.sent == 0 and first.failed == 1
    assert first.next_wake == START + timedelta(seconds=2)  # 2**attempts, attempts=1
    clock.advance(timedelta(seconds=2))
    second = asyncio.run(sender.drain())
    assert second.failed == 1 and second.next_wake == clock.now() + timedelta(seconds=4)
    clock.advance(timedelta(seconds=4))
    assert asyncio.run(sender.drain()).sent == 1
    assert [o.text for o in adapter.sent] == ["您的报名已确认"]
    assert statuses(engine) == [("您的报名已确认", "sent")]


def test_retry_after_is_honoured(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Flaky()
    adapter.failures = [RetryAfter(30)]
    sender = Sender(engine, {"console": adapter}, clock)
    queue(engine, "早报")
    assert asyncio.run(sender.drain()).next_wake == START + timedelta(seconds=30)
    clock.advance(timedelta(seconds=29))
    assert asyncio.run(sender.drain()).sent == 0
    clock.advance(timedelta(seconds=1))
    assert asyncio.run(sender.drain()).sent == 1


def test_a_permanent_failure_gives_up_without_blocking_others(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    adapter = Flaky()
    adapter.failures = [PermanentSendError("bot was blocked by the user")]
    sender = Sender(engine, {"console": adapter}, ManualClock(START))
    queue(engine, "给已拉黑的人", chat_id="console:dm:甲")
    queue(engine, "给别人", chat_id="console:dm:乙")
    asyncio.run(sender.drain())
    assert statuses(engine) == [("给已拉黑的人", "dead"), ("给别人", "sent")]


def test_held_messages_wait_until_their_time(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    clock = ManualClock(START.replace(hour=22))
    adapter = Flaky()
    sender = Sender(engine, {"console": adapter}, clock)
    morning = START.replace(hour=7) + timedelta(days=1)
    with transaction(engine) as s:
        outbox.enqueue(s, "console:dm:老王", "新活：搬运工", now=clock.now(), not_before=morning)
    result = asyncio.run(sender.drain())
    assert result.sent == 0 and result.next_wake == morning
    clock.set(morning)
    assert asyncio.run(sender.drain()).sent == 1


def test_a_dedupe_key_queues_one_message_only(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    assert queue(engine, "早报 11-27", dedupe_key="digest:g:2026-11-27") is not None
    assert queue(engine, "早报 11-27 again", dedupe_key="digest:g:2026-11-27") is None
    assert [t for t, _ in statuses(engine)] == ["早报 11-27"]


def test_a_card_edit_goes_to_the_message_first_sent(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    adapter = Flaky()
    sender = Sender(engine, {"console": adapter}, ManualClock(START))
    queue(engine, "招搬运工 3人", chat_id="console:group:青天村群", card_key="card:1",
          buttons=[("报名", "claim:1")])
    asyncio.run(sender.drain())
    queue(engine, "招搬运工 3人 已招满", chat_id="console:group:青天村群", card_key="card:1",
          edit=True)
    asyncio.run(sender.drain())
    first, edit = adapter.sent
    assert first.edit_of is None and first.buttons[0].data == "claim:1"
    assert edit.edit_of == "console:b1" and edit.text.endswith("已招满")


def test_group_rate_limits_hold_back_the_21st_message_a_minute(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    with transaction(engine) as s:
        s.add(Group(chat_id="console:group:county", title="county"))
    clock = ManualClock(START)
    adapter = Flaky(Limits(per_second_total=30, per_minute_per_group=20, per_second_per_chat=0))
    sender = Sender(engine, {"console": adapter}, clock)
    for i in range(25):
        queue(engine, f"第{i}条", chat_id="console:group:county")
    result = asyncio.run(sender.drain())
    assert result.sent == 20 and result.next_wake == START + timedelta(seconds=60)
    clock.set(result.next_wake)
    assert asyncio.run(sender.drain()).sent == 5
    assert [o.text for o in adapter.sent] == [f"第{i}条" for i in range(25)]


def test_rate_limiter_daily_cap_waits_for_tomorrow() -> None:
    limiter = RateLimiter(Limits(0, 0, 0, daily_cap=2))
    t = START
    for _ in range(2):
        assert limiter.wait("wechat:r@chatroom", True, t) == 0
        limiter.record("wechat:r@chatroom", True, t)
    assert limiter.wait("wechat:r@chatroom", True, t) == 16 * 3600  # 08:00 → midnight


def test_split_text_keeps_lines_whole_when_it_can() -> None:
    text = "\n".join(f"{i}. 搬运工 3人 150/天 木鱼镇" for i in range(1, 40))
    parts = split_text(text, 200)
    assert all(len(p) <= 200 for p in parts)
    assert "\n".join(parts) == text
    assert split_text("短", 200) == ["短"]
    assert split_text("长" * 450, 200) == ["长" * 200, "长" * 200, "长" * 50]


CRASH = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import datetime
    from bot.clock import TZ, ManualClock
    from bot.config import Settings
    from bot.dispatcher import Dispatcher
    from bot.message import Chat, ChatKind, Message, User
    from bot.router import Router
    from nlp.gazetteer import load_gazetteer
    from storage.db import make_engine, upgrade

    engine = make_engine(sys.argv[1])
    upgrade(engine)
    router = Router()

    @router.message()
    def answer(text: str) -> str:
        return "已收到：" + text

    now = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)
    disp = Dispatcher(engine, router, Settings(), load_gazetteer(), ManualClock(now))
    disp.handle(Message(id="console:m1", chat=Chat("console:dm:老王", ChatKind.PRIVATE, "老王"),
                        sender=User("console:老王", "老王"), date=now, text="明天要人吗"))
    os.kill(os.getpid(), signal.SIGKILL)  # dies after the commit, before any send
    """
)


def test_replies_survive_a_killed_process_and_are_sent_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    proc = subprocess.run([sys.executable, "-c", CRASH, url], cwd=REPO, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()
    engine = make_engine(url)
    assert statuses(engine) == [("已收到：明天要人吗", "pending")]
    # A crash in the middle of a send leaves a row in "sending": it goes back to the queue.
    with transaction(engine) as s:
        outbox.enqueue(s, "console:dm:老王", "发送中断的", now=START)
        row = s.exec(select(OutboxMessage).where(OutboxMessage.text == "发送中断的")).one()
        assert row.id is not None and outbox.take(s, row.id)
    for _ in range(2):  # restart twice: the second start finds nothing left to send
        adapter = Flaky()
        sender = Sender(engine, {"console": adapter}, ManualClock(START))
        sender.recover()
        asyncio.run(sender.drain())
        if _ == 0:
            assert sorted(o.text for o in adapter.sent) == ["发送中断的", "已收到：明天要人吗"]
        else:
            assert adapter.sent == []
    assert {s for _, s in statuses(engine)} == {"sent"}
    with Session(engine) as s:
        assert json.loads(s.exec(select(OutboxMessage.buttons)).first() or "[]") == []


def test_a_rate_below_one_a_second_spaces_sends_across_chats() -> None:
    limiter = RateLimiter(Limits(per_second_total=1 / 3, per_minute_per_group=20,
                                 per_second_per_chat=1 / 3))
    t = START
    limiter.record("wechat:a@chatroom", True, t)
    assert limiter.wait("wechat:b@chatroom", True, t + timedelta(seconds=1)) == 2
    assert limiter.wait("wechat:b@chatroom", True, t + timedelta(seconds=3)) == 0


class Slow(Flaky):
    """Each platform call takes 50 ms, like a real API round trip."""

    def __init__(self) -> None:
        super().__init__()
        self.in_flight: set[str] = set()
        self.overlapped = False

    async def send(self, out: Outgoing) -> str:
        if out.chat_id in self.in_flight:
            self.overlapped = True
        self.in_flight.add(out.chat_id)
        await asyncio.sleep(0.05)
        self.in_flight.discard(out.chat_id)
        return await super().send(out)


def test_several_chats_are_sent_to_at_once_each_in_order(tmp_path: Path) -> None:
    import time

    engine = engine_at(tmp_path)
    adapter = Slow()
    sender = Sender(engine, {"console": adapter}, ManualClock(START), concurrency=8)
    for i in range(3):
        for chat in range(8):
            queue(engine, f"{chat}-{i}", chat_id=f"console:dm:{chat}")
    t0 = time.perf_counter()
    assert asyncio.run(sender.drain()).sent == 24
    assert time.perf_counter() - t0 < 24 * 0.05 / 2  # one at a time would take 1.2 s
    assert not adapter.overlapped
    for chat in range(8):
        got = [o.text for o in adapter.sent if o.chat_id == f"console:dm:{chat}"]
        assert got == [f"{chat}-0", f"{chat}-1", f"{chat}-2"]


def test_the_daily_cap_counts_what_was_sent_before_a_restart(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    capped = Limits(0, 0, 0, daily_cap=3)
    first = Flaky(capped)
    for i in range(5):
        queue(engine, f"第{i}条", chat_id=f"console:dm:{i}")
    sender = Sender(engine, {"console": first}, clock)
    sender.recover()
    assert asyncio.run(sender.drain()).sent == 3
    # restart the same day: the two left wait for tomorrow, not for a fresh count
    again = Sender(engine, {"console": Flaky(capped)}, clock)
    again.recover()
    result = asyncio.run(again.drain())
    assert result.sent == 0 and result.next_wake == START.replace(hour=0) + timedelta(days=1)
    clock.set(result.next_wake)
    assert asyncio.run(again.drain()).sent == 2
