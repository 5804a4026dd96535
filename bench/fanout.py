"""Fan one morning's digest out to many groups and time it against the platform's limits.

    python bench/fanout.py [--groups 1000] [--platform telegram|wechat] [--latency 0]
                           [--db URL]

The digests are queued by the real scheduler and digest task at 07:30, then drained by the
real outbox Sender (bot/outbox.py, with its RateLimiter) into a recording adapter on a
simulated clock: no time passes except what the limits make the sender wait (plus
``--latency`` seconds per send, if given). It prints the simulated time the sends took against
the least time the platform's limits allow for those messages (target ≤ 1.05×), the limit
violations found by an independent check of every recorded send (target 0), and the database
statements per group. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import select  # noqa: E402

from bot.adapters.base import Inbound, Limits, Outgoing  # noqa: E402
from bot.clock import TZ, ManualClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.outbox import PLATFORM_CONCURRENCY, Sender  # noqa: E402
from bot.scheduler import Scheduler  # noqa: E402
from handlers.schedule import build_tasks, sync_schedule  # noqa: E402
from nlp.gazetteer import load_gazetteer  # noqa: E402
from storage import regions  # noqa: E402
from storage.db import make_engine, transaction, upgrade  # noqa: E402
from storage.models import Group, Job, OutboxMessage, Person, Post  # noqa: E402

START = datetime(2026, 11, 27, 7, 30, tzinfo=TZ)
TARGET_RATIO = 1.05
EPS = 1e-6


class RecordingAdapter:
    """A platform that records every send at the simulated time, optionally taking
    ``latency`` simulated seconds per call."""

    supports_buttons = True
    supports_edit = True
    supports_files = False

    def __init__(self, platform: str, limits: Limits, clock: ManualClock,
                 latency: float = 0.0) -> None:
        self.platform = platform
        self.limits = limits
        self.clock = clock
        self.latency = latency
        self.sent: list[tuple[datetime, str, str]] = []  # (when, chat id, text)

    async def start(self, inbound: Inbound) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, out: Outgoing) -> str:
        if self.latency:
            # Calls the sender makes together overlap: every call started at this simulated
            # instant lets the others start too, then the first one back moves the clock once.
            start = self.clock.now()
            await asyncio.sleep(0)
            if self.clock.now() == start:
                self.clock.advance(timedelta(seconds=self.latency))
        self.sent.append((self.clock.now(), out.chat_id, out.text))
        return f"{self.platform}:sent{len(self.sent)}"


def limits_for(platform: str, settings: Settings) -> Limits:
    if platform == "telegram":
        from bot.adapters.telegram import TELEGRAM_LIMITS

        return TELEGRAM_LIMITS
    from bot.adapters.wechat import WechatAdapter

    # The adapter's own limits, from the same settings it is built with (no connection made).
    return WechatAdapter("127.0.0.1:1", "bench", send_interval=settings.wechat.send_interval,
                         daily_cap=settings.wechat.daily_cap).limits


# --- the independent check and the bound ----------------------------------------------------

def _window(rate: float) -> tuple[float, int]:
    """A rate per second as (window seconds, messages allowed in it)."""
    return (1.0, int(rate)) if rate >= 1 else (1.0 / rate, 1)


def violations(sends: list[tuple[datetime, str]], limits: Limits, groups: set[str]) -> int:
    """Sends that broke a limit, counted over sliding windows of the recorded times."""
    bad = 0
    checks: list[tuple[float, int, Any]] = []
    if limits.per_second_total > 0:
        span, most = _window(limits.per_second_total)
        checks.append((span, most, lambda chat: "all"))
    if limits.per_second_per_chat > 0:
        span, most = _window(limits.per_second_per_chat)
        checks.append((span, most, lambda chat: ("chat", chat)))
    if limits.per_minute_per_group > 0:
        checks.append((60.0, int(limits.per_minute_per_group),
                       lambda chat: ("group", chat) if chat in groups else None))
    for span, most, key_of in checks:
        windows: dict[Any, deque[float]] = defaultdict(deque)
        for when, chat in sends:
            key = key_of(chat)
            if key is None:
                continue
            t = when.timestamp()
            window = windows[key]
            while window and window[0] <= t - span + EPS:
                window.popleft()
            window.append(t)
            if len(window) > most:
                bad += 1
    if limits.group_interval > 0:
        last: float | None = None
        for when, chat in sends:
            if chat not in groups:
                continue
            t = when.timestamp()
            if last is not None and t - last < limits.group_interval - EPS:
                bad += 1
            last = t
    if limits.daily_cap is not None:
        per_day: dict[date, int] = defaultdict(int)
        for when, _chat in sends:
            per_day[when.astimezone(TZ).date()] += 1
        bad += sum(max(n - limits.daily_cap, 0) for n in per_day.values())
    return bad


def bound(per_chat: dict[str, int], limits: Limits, start: datetime,
          groups: set[str] | None = None) -> float:
    """The least seconds from the first send to the last that the limits allow (``groups``:
    the chats that are groups, spaced by the group interval)."""
    total = sum(per_chat.values())
    if total == 0:
        return 0.0
    span, most = _window(limits.per_second_total) if limits.per_second_total > 0 else (0.0, 1)
    if limits.group_interval > 0 and groups is not None and set(per_chat) <= groups:
        # Every send goes into a group: one an interval, if that is slower than the total.
        if most * limits.group_interval > span:
            span, most = limits.group_interval, 1
    worst_chat = max(per_chat.values())
    chat_gap = 1.0 / limits.per_second_per_chat if limits.per_second_per_chat > 0 else 0.0
    in_chat = (worst_chat - 1) * chat_gap
    if limits.per_minute_per_group > 0:
        in_chat = max(in_chat, ((worst_chat - 1) // int(limits.per_minute_per_group)) * 60.0)
    if limits.daily_cap is None:
        return max(((total - 1) // most) * span, in_chat)
    # With a daily cap, what does not fit today waits for tomorrow's 00:00.
    cap = limits.daily_cap
    midnight = datetime.combine(start.date() + timedelta(days=1), datetime.min.time(),
                                tzinfo=TZ)
    first_day = min(total, cap, int((midnight - start).total_seconds() // span) * most + 1)
    if total <= first_day:
        return max(((total - 1) // most) * span, in_chat)
    rest = total - first_day
    days = math.ceil(rest / cap)
    last_day = rest - (days - 1) * cap
    last_start = midnight + timedelta(days=days - 1)
    return (last_start - start).total_seconds() + ((last_day - 1) // most) * span


# --- the run --------------------------------------------------------------------------------

@dataclass
class FanoutResult:
    groups: int
    messages: int
    seconds: float
    bound: float
    violations: int
    statements_queue: int
    statements_send: int
    wall_queue: float
    wall_send: float
    platform: str
    per_chat: dict[str, int] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.seconds / self.bound if self.bound else 1.0

    def ok(self) -> bool:
        return self.violations == 0 and self.ratio <= TARGET_RATIO and (
            len(self.per_chat) == self.groups)

    def report(self) -> str:
        return "\n".join([
            f"fanout: one digest to {self.groups} {self.platform} groups, "
            f"{self.messages} messages",
            f"sent in {self.seconds:.1f} s simulated; the limits allow {self.bound:.1f} s "
            f"→ {self.ratio:.3f}× (target ≤ {TARGET_RATIO}×)",
            f"limit violations: {self.violations}",
            f"database: {self.statements_queue / self.groups:.1f} statements per group to "
            f"queue its digest, {self.statements_send / max(self.messages, 1):.1f} per message "
            "to send it",
            f"wall time: queue {self.wall_queue:.1f} s, send {self.wall_send:.1f} s",
        ])


def seed(engine: Engine, platform: str, groups: int, jobs: int = 40) -> list[str]:
    """Regions, ``groups`` groups bound round-robin to villages (and a few to townships and the
    county), and ``jobs`` open jobs across the county."""
    gazetteer = load_gazetteer()
    upgrade(engine)
    places = [p for p in gazetteer.places if p.level == "village"]
    towns = [p for p in gazetteer.places if p.level == "township"]
    chats: list[str] = []
    now = START - timedelta(hours=12)
    with transaction(engine) as session:
        regions.import_gazetteer(session, gazetteer)
        poster = Person(name="王老板")
        session.add(poster)
        session.flush()
        assert poster.id is not None
        for n in range(groups):
            if n % 50 == 0:
                place = gazetteer.county if n == 0 else towns[(n // 50) % len(towns)]
            else:
                place = places[n % len(places)]
            chat = (f"telegram:-100{n:06d}" if platform == "telegram"
                    else f"{platform}:room{n}@chatroom")
            chats.append(chat)
            session.add(Group(chat_id=chat, title=f"群{n}", region_code=place.code))
        for n in range(jobs):
            place = places[(n * 7) % len(places)]
            town = gazetteer.township_of(place)
            post = Post(source_message_id=f"bench-{n}", chat_id=chats[0], poster_id=poster.id,
                        text="…", created_at=now)
            session.add(post)
            session.flush()
            assert post.id is not None
            session.add(Job(post_id=post.id, poster_id=poster.id, status="open",
                            work_type=("搬运工", "采茶工", "泥瓦工", "保洁员")[n % 4],
                            headcount=1 + n % 5, wage_min=100 + 10 * (n % 12),
                            wage_max=100 + 10 * (n % 12), wage_unit="day",
                            region_code=place.code, village=place.name,
                            township=town.name if town else None, opened_at=now,
                            created_at=now, expires_at=START + timedelta(days=3)))
    return chats


def run_fanout(groups: int = 1000, platform: str = "telegram", latency: float = 0.0,
               db_url: str = "sqlite://", settings: Settings | None = None) -> FanoutResult:
    settings = settings or Settings()
    engine = make_engine(db_url)
    chats = seed(engine, platform, groups)
    clock = ManualClock(START - timedelta(minutes=1))
    scheduler = Scheduler(engine, settings, load_gazetteer(), clock, build_tasks())
    sync_schedule(scheduler, engine)
    statements = [0]

    def count(*_args: Any) -> None:
        statements[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    clock.set(START)
    wall = time.perf_counter()
    scheduler.run_due(clock.now())
    wall_queue = time.perf_counter() - wall
    queued = statements[0]
    statements[0] = 0
    adapter = RecordingAdapter(platform, limits_for(platform, settings), clock, latency)
    sender = Sender(engine, {platform: adapter}, clock, concurrency=PLATFORM_CONCURRENCY)
    wall = time.perf_counter()
    asyncio.run(_drain(sender, clock))
    wall_send = time.perf_counter() - wall
    event.remove(engine, "before_cursor_execute", count)
    scheduler.shutdown()
    with transaction(engine) as session:
        digest_rows = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "digest")
                                   ).all()
        per_chat: dict[str, int] = defaultdict(int)
        for row in digest_rows:
            per_chat[row.chat_id] += 1
    sends = [(when, chat) for when, chat, _text in adapter.sent]
    recorded: dict[str, int] = defaultdict(int)
    for _when, chat in sends:
        recorded[chat] += 1
    first = sends[0][0] if sends else START
    last = sends[-1][0] if sends else START
    engine.dispose()
    return FanoutResult(
        groups=len(chats), messages=len(sends), seconds=(last - first).total_seconds(),
        bound=bound(recorded, adapter.limits, first, set(chats)),
        violations=violations(sends, adapter.limits, set(chats)),
        statements_queue=queued, statements_send=statements[0], wall_queue=wall_queue,
        wall_send=wall_send, platform=platform, per_chat=dict(per_chat))


async def _drain(sender: Sender, clock: ManualClock) -> None:
    """Send until the outbox is empty, moving the simulated clock to each wake-up."""
    while True:
        result = await sender.drain()
        if result.next_wake is None:
            return
        clock.set(max(result.next_wake, clock.now()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--platform", choices=("telegram", "wechat"), default="telegram")
    parser.add_argument("--latency", type=float, default=0.0,
                        help="simulated seconds each platform call takes (default 0)")
    parser.add_argument("--db", default="sqlite://", help="database URL (default in-memory)")
    args = parser.parse_args(argv)
    result = run_fanout(args.groups, args.platform, args.latency, args.db)
    print(result.report())
    return 0 if result.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
