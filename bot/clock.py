"""The clock: real time for the bot, a hand-moved one for scripts, tests and benches."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(TZ)


class ManualClock:
    """Moves only when told to, and never backwards."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(TZ)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        when = when.astimezone(TZ)
        if when < self._now:
            raise ValueError(f"the clock never moves backwards ({when} < {self._now})")
        self._now = when

    def reset(self, when: datetime) -> None:
        """Start over at ``when`` (before anything has happened at the old time)."""
        self._now = when.astimezone(TZ)

    def advance(self, delta: timedelta) -> None:
        self.set(self._now + delta)


def local(when: datetime) -> datetime:
    """A stored (UTC) time as people read it."""
    return when.astimezone(TZ)
