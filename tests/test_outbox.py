"""The outbox: nothing sent that was not committed, nothing lost or doubled across a crash."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from bot.adapters.base import Limits, Outgoing, PermanentSendError, RetryAfter
from bot.app import build_app
from bot.clock import TZ, ManualClock
from bot.config import Settings
from bot.message import Chat, ChatKind, Message, User
from bot.outbox import LEASE, SEND_MARGIN, RateLimiter, Sender, split_text
from storage import outbox
from storage.db import make_engine, transaction, upgrade
from storage.models import Group, OutboxMessage, SendWindow

START = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)
MARGIN = timedelta(seconds=SEND_MARGIN)
REPO = Path(__file__).resolve().parents[1]


class Flaky:
    """A recording adapter that fails the way it is told to, once per queued failure."""

    platform = "console"
    supports_buttons = True
    supports_edit = True
    supports_files = False

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


def test_split_text_keeps_lines_whole_when_it_can() -> None:
    text = "\n".join(f"{i}. 搬运工 3人 150/天 木鱼镇" for i in range(1, 40))
    parts = split_text(text, 200)
    assert all(len(p) <= 200 for p in parts)
    assert "\n".join(parts) == text
    assert split_text("短", 200) == ["短"]
    assert split_text("长" * 450, 200) == ["长" * 200, "长" * 200, "长" * 50]


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


# --------------------------------------------------------------------------- limits


def window(key: str) -> SendWindow:
    return SendWindow(key=key, recent="[]", day="", day_count=0)


def test_rate_limiter_daily_cap_waits_for_tomorrow() -> None:
    limiter = RateLimiter(Limits(0, 0, 0, daily_cap=2))
    platform, room = window("wechat"), window("wechat:r@chatroom")
    for _ in range(2):
        assert limiter.capacity(platform, START)[0] > 0
        limiter.reserve(platform, room, True, START)
    assert limiter.capacity(platform, START) == (0, START.replace(hour=0) + timedelta(days=1))
    # the count is the day's: tomorrow starts at zero
    assert limiter.capacity(platform, START + timedelta(days=1))[0] == 2


def test_a_rate_below_one_a_second_spaces_sends_across_chats() -> None:
    limiter = RateLimiter(Limits(per_second_total=1 / 3, per_minute_per_group=20,
                                 per_second_per_chat=1 / 3))
    platform, a = window("wechat"), window("wechat:a@chatroom")
    limiter.reserve(platform, a, True, START)
    # in flight, it counts as going the latest its call may start
    assert limiter.capacity(platform, START + timedelta(seconds=1)) == (
        0, START + timedelta(seconds=3) + MARGIN)
    limiter.settle(platform, a, START, START, True)  # its call started at once
    assert limiter.capacity(platform, START + timedelta(seconds=1)) == (
        0, START + timedelta(seconds=3))
    assert limiter.capacity(platform, START + timedelta(seconds=3))[0] == 1
    assert a.free_at == START + timedelta(seconds=3)


def test_a_given_back_slot_no_longer_counts() -> None:
    limiter = RateLimiter(Limits(per_second_total=30, per_minute_per_group=20,
                                 per_second_per_chat=1, daily_cap=100))
    platform, group = window("telegram"), window("telegram:-1")
    for i in range(20):
        slot = START + timedelta(seconds=i)
        limiter.reserve(platform, group, True, slot)
        if i < 19:  # sent; the 20th is in flight
            limiter.settle(platform, group, slot, slot, True)
    assert group.free_at == START + timedelta(seconds=60)
    limiter.release(platform, group, START + timedelta(seconds=19), True)
    assert group.free_at == START + timedelta(seconds=19)  # one second after the 19th
    assert platform.day_count == 19


# --------------------------------------------------------------------------- order and retries


def sent_texts(adapter: Flaky, chat: str | None = None) -> list[str]:
    return [o.text for o in adapter.sent if chat is None or o.chat_id == chat]


def test_a_retried_message_keeps_its_place_in_its_chat(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Flaky()
    adapter.failures = [ConnectionError("network down")]
    sender = Sender(engine, {"console": adapter}, clock)
    queue(engine, "第一条", chat_id="console:dm:甲")
    queue(engine, "第二条", chat_id="console:dm:甲")
    queue(engine, "别人的", chat_id="console:dm:乙")
    result = asyncio.run(sender.drain())
    # 甲's first failed: 甲's second waits behind it; 乙 is not held up
    assert sent_texts(adapter) == ["别人的"] and result.failed == 1
    assert result.next_wake == START + timedelta(seconds=2)
    clock.advance(timedelta(seconds=1))
    assert asyncio.run(sender.drain()).sent == 0
    clock.advance(timedelta(seconds=1))
    asyncio.run(sender.drain())
    assert sent_texts(adapter, "console:dm:甲") == ["第一条", "第二条"]


def test_a_failed_attempt_gives_its_rate_slot_back(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    with transaction(engine) as s:
        s.add(Group(chat_id="console:group:county", title="county"))
    clock = ManualClock(START)
    adapter = Flaky(Limits(per_second_total=30, per_minute_per_group=20, per_second_per_chat=0))
    adapter.failures = [ConnectionError("network down")] * 4
    sender = Sender(engine, {"console": adapter}, clock)
    for i in range(20):
        queue(engine, f"第{i}条", chat_id="console:group:county")
    for _ in range(4):  # the outage: each try of the first message fails (2+4+8+16 s)
        result = asyncio.run(sender.drain())
        assert result.failed == 1 and result.next_wake is not None
        clock.set(result.next_wake)
    assert clock.now() - START < timedelta(seconds=60)
    # the failures took no slots: all twenty go out within the minute
    assert asyncio.run(sender.drain()).sent == 20
    assert sent_texts(adapter) == [f"第{i}条" for i in range(20)]


def test_a_long_message_goes_in_parts_and_a_retry_resends_only_what_is_missing(
        tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Flaky(Limits(0, 0, 0, max_text=10))
    sender = Sender(engine, {"console": adapter}, clock)
    queue(engine, "一二三四五六七八九十\n甲乙丙丁戊己庚辛壬癸\n子丑寅卯",
          buttons=[("报名", "claim:1")])

    async def fail_second(out: Outgoing) -> str:
        if out.text.startswith("甲") and not fail_second.done:  # type: ignore[attr-defined]
            fail_second.done = True  # type: ignore[attr-defined]
            raise ConnectionError("network down")
        return await Flaky.send(adapter, out)

    fail_second.done = False  # type: ignore[attr-defined]
    adapter.send = fail_second  # type: ignore[method-assign]
    result = asyncio.run(sender.drain())
    assert result.failed == 1 and sent_texts(adapter) == ["一二三四五六七八九十"]
    assert result.next_wake is not None
    clock.set(result.next_wake)
    asyncio.run(sender.drain())
    assert sent_texts(adapter) == ["一二三四五六七八九十", "甲乙丙丁戊己庚辛壬癸", "子丑寅卯"]
    assert [bool(o.buttons) for o in adapter.sent] == [False, False, True]
    with Session(engine) as s:
        row = s.exec(select(OutboxMessage)).one()
        assert (row.status, row.parts_sent, row.platform_message_id) == ("sent", 3, "console:b1")


def test_the_daily_cap_counts_every_part(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    clock = ManualClock(START)
    adapter = Flaky(Limits(0, 0, 0, daily_cap=2, max_text=2))
    sender = Sender(engine, {"console": adapter}, clock)
    queue(engine, "一二\n三四\n五六")
    result = asyncio.run(sender.drain())
    assert sent_texts(adapter) == ["一二", "三四"]
    assert result.next_wake == START.replace(hour=0) + timedelta(days=1)
    clock.set(result.next_wake)
    asyncio.run(sender.drain())
    assert sent_texts(adapter) == ["一二", "三四", "五六"]


# --------------------------------------------------------------------------- rendered at send


def test_a_row_with_a_renderer_is_made_again_when_it_goes_out_or_dropped(
        tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    clock = ManualClock(START.replace(hour=22))
    adapter = Flaky()
    morning = START.replace(hour=7) + timedelta(days=1)
    news = {"1": "活还在：木工 2人", "2": None}

    def render(session: Session, row: OutboxMessage, now: datetime) -> outbox.Rendered | None:
        text = news[outbox.render_data(row)["job"]]
        if text is None:
            return None
        return outbox.Rendered(f"{text}（{now.astimezone(TZ):%H:%M}）", (("报名", "claim:1"),))

    sender = Sender(engine, {"console": adapter}, clock, renderers={"news": render})
    with transaction(engine) as s:
        for job in ("1", "2"):
            outbox.enqueue(s, f"console:dm:{job}", "昨晚写的", now=clock.now(),
                           not_before=morning, render="news", render_data={"job": job})
        outbox.enqueue(s, "console:dm:2", "之后的", now=clock.now(), not_before=morning)
    clock.set(morning)
    asyncio.run(sender.drain())
    assert sorted(sent_texts(adapter)) == ["之后的", "活还在：木工 2人（07:00）"]
    assert statuses(engine) == [("活还在：木工 2人（07:00）", "sent"), ("昨晚写的", "dropped"),
                                ("之后的", "sent")]
    with Session(engine) as s:
        assert outbox.buttons_of(s.exec(select(OutboxMessage)).first()) == [  # type: ignore[arg-type]
            ("报名", "claim:1")]


# --------------------------------------------------------------------------- database errors


class FailingDatabase:
    """Makes the next ``n`` statements on ``engine`` fail the way a lost database does."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.left = 0
        self.when: Callable[[str], bool] = lambda sql: True
        event.listen(engine, "before_cursor_execute", self._maybe_fail)

    def fail(self, n: int, when: Callable[[str], bool] | None = None) -> None:
        self.left = n
        self.when = when or (lambda sql: True)

    def _maybe_fail(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        if self.left > 0 and self.when(statement):
            self.left -= 1
            raise OperationalError(statement[:40], {}, Exception("database is locked"))


def test_a_database_error_recording_a_send_does_not_send_it_again(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    adapter = Flaky()
    db = FailingDatabase(engine)
    sender = Sender(engine, {"console": adapter}, ManualClock(START))
    queue(engine, "报名成功")

    async def send_then_lose_the_database(out: Outgoing) -> str:
        db.fail(2)  # recording the send fails, and so does the next try
        return await Flaky.send(adapter, out)

    adapter.send = send_then_lose_the_database  # type: ignore[method-assign]
    for _ in range(2):
        try:
            asyncio.run(sender.drain())
        except OperationalError:
            pass
        else:
            raise AssertionError("the database error should reach the caller")
    adapter.send = partial(Flaky.send, adapter)  # type: ignore[method-assign]
    asyncio.run(sender.drain())
    assert sent_texts(adapter) == ["报名成功"]
    assert statuses(engine) == [("报名成功", "sent")]


def test_the_sender_outlives_database_errors(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    adapter = Flaky()
    db = FailingDatabase(engine)
    sender = Sender(engine, {"console": adapter}, ManualClock(START))
    for i in range(3):
        queue(engine, f"第{i}条", chat_id=f"console:dm:{i}")

    async def scenario() -> None:
        stop = asyncio.Event()
        db.fail(2)  # the first two tries of the sender fail: it waits 0.5 s, then 1 s
        running = asyncio.create_task(sender.run(stop, poll=0.05))
        for _ in range(200):
            await asyncio.sleep(0.05)
            if len(adapter.sent) == 3:
                break
        assert not running.done()
        stop.set()
        await asyncio.wait_for(running, 5)

    asyncio.run(scenario())
    assert sorted(sent_texts(adapter)) == ["第0条", "第1条", "第2条"]
    assert {s for _, s in statuses(engine)} == {"sent"}


def test_app_run_goes_on_when_the_sender_loses_the_database(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    adapter = Flaky()
    settings = Settings()
    settings.bot.data_dir = str(tmp_path)
    app = build_app(settings, {"console": adapter}, clock=ManualClock(START), engine=engine)
    db = FailingDatabase(engine)
    chat = Chat("console:dm:老王", ChatKind.PRIVATE, "老王")

    async def scenario() -> None:
        stop = asyncio.Event()
        running = asyncio.create_task(app.run(stop))
        await asyncio.sleep(0.2)
        # the sender's next statements fail (claims and pending lookups), the dispatcher's do not
        db.fail(3, lambda sql: "sendwindow" in sql or "FROM outboxmessage" in sql)
        app.sender.notify()
        await asyncio.sleep(0.1)
        await app.on_message(Message(id="console:m1", chat=chat, date=START, text="你好",
                                     sender=User("console:老王", "老王")))
        for _ in range(100):
            await asyncio.sleep(0.05)
            if adapter.sent:
                break
        assert not running.done()
        stop.set()
        await asyncio.wait_for(running, 10)

    asyncio.run(scenario())
    assert db.left == 0 and len(adapter.sent) == 1
    app.scheduler.shutdown()


def test_database_work_runs_off_the_event_loop(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    adapter = Flaky(Limits(0, 0, 0, max_text=5))
    sender = Sender(engine, {"console": adapter}, ManualClock(START), concurrency=4)
    for i in range(6):
        queue(engine, f"第{i}条：一二三四五六", chat_id=f"console:dm:{i}")
    threads: list[int] = []

    def seen(*_: object) -> None:
        threads.append(threading.get_ident())

    async def scenario() -> int:
        event.listen(engine, "before_cursor_execute", seen)
        try:
            await sender.drain()
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        return threading.get_ident()

    loop_thread = asyncio.run(scenario())
    assert len(adapter.sent) == 12 and threads
    assert loop_thread not in threads


# --------------------------------------------------------------------------- crashes


KILLED = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    from datetime import datetime
    from pathlib import Path
    from sqlalchemy import event
    from bot.adapters.base import Limits
    from bot.clock import TZ, ManualClock
    from bot.outbox import Sender
    from storage import outbox
    from storage.db import make_engine, transaction, upgrade

    url, platform_log, journal_dir, where = sys.argv[1:5]
    engine = make_engine(url)
    upgrade(engine)
    now = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)
    with transaction(engine) as s:
        outbox.enqueue(s, "console:dm:老王", "报名成功：搬运工", now=now)
    took = []

    class Platform:
        platform = "console"
        limits = Limits(0, 0, 0)
        supports_buttons = supports_edit = True

        async def send(self, out):
            with open(platform_log, "a") as f:
                f.write(out.text + "\\n")  # the platform has it
            if where == "in the call":  # dies before the platform's answer arrives
                os.kill(os.getpid(), signal.SIGKILL)
            took.append(out.text)
            return "console:b1"

    def after_the_answer(*_):
        if took:  # the first database statement after the platform answered
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(engine, "before_cursor_execute", after_the_answer)
    sender = Sender(engine, {"console": Platform()}, ManualClock(now))
    sender.recover(Path(journal_dir) if journal_dir != "-" else None)
    asyncio.run(sender.drain())
    """
)


def kill_while_sending(tmp_path: Path, where: str, journal: bool = True
                       ) -> tuple[Engine, Path, Path]:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    platform_log = tmp_path / "platform.log"
    journal_dir = tmp_path / "journal"
    proc = subprocess.run(
        [sys.executable, "-c", KILLED, url, str(platform_log),
         str(journal_dir) if journal else "-", where],
        cwd=REPO, capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()
    assert platform_log.read_text().splitlines() == ["报名成功：搬运工"]
    return make_engine(url), platform_log, journal_dir


def restart(engine: Engine, journal_dir: Path | None) -> Flaky:
    adapter = Flaky()
    sender = Sender(engine, {"console": adapter}, ManualClock(START))
    sender.recover(journal_dir)
    asyncio.run(sender.drain())
    sender.close()
    return adapter


def test_killed_right_after_the_platform_took_a_reply_it_is_not_sent_again(
        tmp_path: Path) -> None:
    engine, _log, journal_dir = kill_while_sending(tmp_path, "after the answer")
    assert statuses(engine) == [("报名成功：搬运工", "sending")]  # the database never heard
    again = restart(engine, journal_dir)
    assert again.sent == []  # the journal said it went
    with Session(engine) as s:
        row = s.exec(select(OutboxMessage)).one()
        assert (row.status, row.platform_message_id) == ("sent", "console:b1")
    assert list(journal_dir.glob("*.sent")) == []  # the dead sender's journal is done with


def test_without_the_journal_the_same_kill_sends_twice(tmp_path: Path) -> None:
    """What the journal buys: a restart that cannot read it sends the reply again (and it
    does so at once: the dead sender's lease is not waited for only when its journal shows
    it dead; here the lease runs out first)."""
    engine, _log, _dir = kill_while_sending(tmp_path, "after the answer", journal=False)
    assert restart(engine, None).sent == []  # its lease still holds the row
    adapter = Flaky()
    later = ManualClock(START + LEASE + timedelta(seconds=1))
    asyncio.run(Sender(engine, {"console": adapter}, later).drain())
    assert sent_texts(adapter) == ["报名成功：搬运工"]


def test_killed_inside_the_platform_call_the_reply_is_sent_again(tmp_path: Path) -> None:
    """The promise is at least once: a sender that died before the platform's answer
    reached it cannot know, and sends again rather than lose the reply."""
    engine, _log, journal_dir = kill_while_sending(tmp_path, "in the call")
    again = restart(engine, journal_dir)  # the dead sender's rows come back at once
    assert sent_texts(again) == ["报名成功：搬运工"]
    assert statuses(engine) == [("报名成功：搬运工", "sent")]
