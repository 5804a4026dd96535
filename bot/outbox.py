"""The sender: drains the outbox through the adapters within each platform's limits."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.adapters.base import Adapter, Limits, Outgoing, PermanentSendError, RetryAfter
from bot.clock import TZ, Clock
from bot.message import Button
from storage import outbox
from storage.db import transaction
from storage.models import Group, OutboxMessage

log = logging.getLogger(__name__)

# Chats a real platform's sender sends to at once (a platform call takes tens of milliseconds).
PLATFORM_CONCURRENCY = 8


class RateLimiter:
    """Keeps sends under a platform's total, per-chat and per-group rates."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._total: deque[float] = deque()
        self._chat_last: dict[str, float] = {}
        self._group: dict[str, deque[float]] = defaultdict(deque)
        self._day: tuple[str, int] = ("", 0)

    def wait(self, chat_id: str, is_group: bool, now: datetime) -> float:
        """Seconds until one more message to ``chat_id`` is allowed (0: now)."""
        t = now.timestamp()
        waits = [0.0]
        lim = self.limits
        if lim.per_second_total > 0:
            # A rate under one a second (WeChat: one per 3 s) needs a window that long.
            span = max(1.0, 1.0 / lim.per_second_total)
            allowed = max(1, int(lim.per_second_total * span))
            window = _trim(self._total, t, span)
            if len(window) >= allowed:
                waits.append(window[-allowed] + span - t)
        if lim.per_second_per_chat > 0 and chat_id in self._chat_last:
            waits.append(self._chat_last[chat_id] + 1.0 / lim.per_second_per_chat - t)
        if is_group and lim.per_minute_per_group > 0:
            window = _trim(self._group[chat_id], t, 60.0)
            if len(window) >= lim.per_minute_per_group:
                waits.append(window[0] + 60.0 - t)
        if lim.daily_cap is not None:
            day, count = self._day
            if day == now.astimezone(TZ).date().isoformat() and count >= lim.daily_cap:
                waits.append((_midnight(now) + timedelta(days=1) - now).total_seconds())
        return max(waits)

    def seed_day(self, now: datetime, sent_today: int) -> None:
        """Start the daily count from what was already sent today (before a restart)."""
        self._day = (now.astimezone(TZ).date().isoformat(), sent_today)

    def record(self, chat_id: str, is_group: bool, now: datetime) -> None:
        t = now.timestamp()
        span = max(1.0, 1.0 / self.limits.per_second_total) if self.limits.per_second_total else 1
        _trim(self._total, t, span)
        self._total.append(t)
        self._chat_last[chat_id] = t
        if is_group:
            self._group[chat_id].append(t)
        day = now.astimezone(TZ).date().isoformat()
        self._day = (day, self._day[1] + 1 if self._day[0] == day else 1)


def _midnight(now: datetime) -> datetime:
    return now.astimezone(TZ).replace(hour=0, minute=0, second=0, microsecond=0)


def _trim(window: deque[float], t: float, span: float) -> deque[float]:
    while window and window[0] <= t - span:
        window.popleft()
    return window


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0
    next_wake: datetime | None = None  # when something held back may go


class Sender:
    def __init__(self, engine: Engine, adapters: dict[str, Adapter], clock: Clock,
                 concurrency: int = 1) -> None:
        self.engine = engine
        self.concurrency = max(1, concurrency)
        self.adapters = adapters
        self.clock = clock
        self.limiters = {p: RateLimiter(a.limits) for p, a in adapters.items()}
        self._is_group: dict[str, bool] = {}
        self._wakeup = asyncio.Event()

    def recover(self) -> int:
        """On start: rows caught mid-send go back to the queue, and a platform's daily cap
        counts what it already sent today."""
        now = self.clock.now()
        with transaction(self.engine) as session:
            for platform, limiter in self.limiters.items():
                if limiter.limits.daily_cap is not None:
                    limiter.seed_day(now, outbox.sent_since(session, platform, _midnight(now)))
            return outbox.recover(session)

    def notify(self) -> None:
        """Something was queued: wake the sending loop."""
        self._wakeup.set()

    async def drain(self) -> DrainResult:
        """Send everything that is due and allowed now.

        Up to ``concurrency`` chats are sent to at once (platform calls take tens of
        milliseconds: one at a time, a thousand-group digest would take minutes longer than the
        limits need); each chat has at most one message in flight, so its order holds.
        """
        result = DrainResult()
        platforms = list(self.adapters)
        failed: set[str] = set()  # a chat whose message failed waits: its order holds
        while True:
            with Session(self.engine) as session:
                rows = outbox.due(session, self.clock.now(), platforms)
            batch: list[OutboxMessage] = []
            busy = set(failed)  # chats with a message in this batch, held back or failed
            for row in rows:
                if row.chat_id in busy:
                    continue
                busy.add(row.chat_id)
                now = self.clock.now()
                is_group = self._group(row.chat_id)
                wait = self.limiters[row.platform].wait(row.chat_id, is_group, now)
                if wait > 0:
                    wake = now + timedelta(seconds=wait)
                    result.next_wake = min(filter(None, (result.next_wake, wake)))
                    continue
                # Reserve the slot now: the sends of this batch overlap.
                self.limiters[row.platform].record(row.chat_id, is_group, now)
                batch.append(row)
                if len(batch) >= self.concurrency:
                    break
            if not batch:
                break
            outcomes = await asyncio.gather(*(self._send_row(row) for row in batch))
            for row, ok in zip(batch, outcomes, strict=True):
                if ok:
                    result.sent += 1
                else:
                    result.failed += 1
                    failed.add(row.chat_id)
        with Session(self.engine) as session:
            pending = outbox.next_due_time(session, platforms)
        if pending is not None and pending > self.clock.now():
            result.next_wake = min(filter(None, (result.next_wake, pending)))
        return result

    async def _send_row(self, row: OutboxMessage) -> bool:
        assert row.id is not None
        with transaction(self.engine) as session:
            if not outbox.take(session, row.id):
                return True  # another sender has it
            edit_of = (
                outbox.card_message_id(session, row.chat_id, row.card_key)
                if row.edit and row.card_key
                else None
            )
        adapter = self.adapters[row.platform]
        if edit_of is not None and not adapter.supports_edit:
            edit_of = None
        buttons = tuple(Button(label, data) for label, data in outbox.buttons_of(row))
        # A file where the platform takes one; its text as messages elsewhere.
        as_file = row.attachment if getattr(adapter, "supports_files", False) else None
        parts = [row.text] if as_file else split_text(row.text, adapter.limits.max_text)
        now = self.clock.now()
        try:
            first_id: str | None = None
            for i, part in enumerate(parts):
                last = i == len(parts) - 1
                sent_id = await adapter.send(
                    Outgoing(
                        chat_id=row.chat_id,
                        text=part,
                        buttons=buttons if last else (),
                        reply_to=row.reply_to if i == 0 else None,
                        edit_of=edit_of if i == 0 else None,
                        file_name=as_file,
                    )
                )
                if i > 0:  # the first part's slot was reserved by drain()
                    self.limiters[row.platform].record(row.chat_id, self._group(row.chat_id),
                                                       self.clock.now())
                first_id = first_id or sent_id
        except RetryAfter as exc:
            self._fail(row.id, str(exc), exc.seconds)
            return False
        except PermanentSendError as exc:
            log.warning("giving up on outbox %s to %s: %s", row.id, row.chat_id, exc)
            self._fail(row.id, str(exc), None)
            return False
        except Exception as exc:
            log.warning("send of outbox %s failed: %r", row.id, exc)
            # row.attempts is from before this try: back off 2, 4, 8 … seconds, at most 5 minutes
            self._fail(row.id, repr(exc), min(2.0 ** (row.attempts + 1), 300.0))
            return False
        with transaction(self.engine) as session:
            outbox.mark_sent(session, row.id, edit_of or first_id or "", now)
        return True

    def _fail(self, row_id: int, error: str, retry_in: float | None) -> None:
        with transaction(self.engine) as session:
            outbox.mark_failed(session, row_id, error, self.clock.now(), retry_in)

    def _group(self, chat_id: str) -> bool:
        known = self._is_group.get(chat_id)
        if known is None:
            with Session(self.engine) as session:
                known = session.get(Group, chat_id) is not None
            self._is_group[chat_id] = known
        return known

    async def run(self, stop: asyncio.Event, poll: float = 1.0) -> None:
        """Send until ``stop`` is set; wake when notified, when held rows fall due, or poll."""
        while not stop.is_set():
            result = await self.drain()
            timeout = poll
            if result.next_wake is not None:
                until = (result.next_wake - self.clock.now()).total_seconds()
                timeout = min(poll, max(0.01, until))
            self._wakeup.clear()
            try:
                await asyncio.wait_for(self._wakeup.wait(), timeout)
            except TimeoutError:
                pass


def split_text(text: str, limit: int) -> list[str]:
    """Split at line breaks so every part fits the platform's message size."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts
