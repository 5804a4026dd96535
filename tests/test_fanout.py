"""The digest fan-out within the platforms' limits (see bench/fanout.py)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType

from bot.adapters.base import Limits
from bot.clock import TZ

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "fanout.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lingong_fanout", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fanout = _load()
TELEGRAM = Limits(per_second_total=30, per_minute_per_group=20, per_second_per_chat=1)
T0 = datetime(2026, 11, 27, 7, 30, tzinfo=TZ)


def test_a_small_fanout_keeps_every_limit_and_the_bound() -> None:
    result = fanout.run_fanout(groups=90, platform="telegram")
    assert result.groups == 90
    assert set(result.per_chat.values()) == {1}, "one digest message per group"
    assert result.messages == 90
    assert result.violations == 0
    assert result.bound == 2.0  # 90 messages at 30 a second: 0 s, 1 s, 2 s
    assert result.seconds <= result.bound * fanout.TARGET_RATIO
    assert result.ok()
    assert "limit violations: 0" in result.report()


def test_the_check_counts_what_breaks_a_limit() -> None:
    burst = [(T0, f"telegram:-{n}") for n in range(31)]
    assert fanout.violations(burst, TELEGRAM, set()) == 1
    same_chat = [(T0 + timedelta(seconds=0.5 * n), "telegram:-1") for n in range(3)]
    assert fanout.violations(same_chat, TELEGRAM, set()) == 2  # both 0.5 s after the last
    group = [(T0 + timedelta(seconds=1.0 * n), "telegram:-1") for n in range(21)]
    assert fanout.violations(group, TELEGRAM, {"telegram:-1"}) == 1  # 20 a minute
    spaced = [(T0 + timedelta(seconds=n / 30), f"telegram:-{n}") for n in range(90)]
    assert fanout.violations(spaced, TELEGRAM, set()) == 0
    # WeChat's group interval: group sends 3 s apart, private ones not spaced by it
    wechat = Limits(per_second_total=3, per_minute_per_group=20, per_second_per_chat=1,
                    group_interval=3)
    rooms = {"wechat:a@chatroom", "wechat:b@chatroom"}
    close = [(T0, "wechat:a@chatroom"), (T0 + timedelta(seconds=0.5), "wechat:zhang"),
             (T0 + timedelta(seconds=2.9), "wechat:b@chatroom")]
    assert fanout.violations(close, wechat, rooms) == 1
    apart = [*close[:2], (T0 + timedelta(seconds=3), "wechat:b@chatroom")]
    assert fanout.violations(apart, wechat, rooms) == 0


def test_the_bound() -> None:
    assert fanout.bound({"a": 1}, TELEGRAM, T0) == 0.0
    assert fanout.bound({f"c{n}": 1 for n in range(1000)}, TELEGRAM, T0) == 33.0
    assert fanout.bound({"a": 3}, TELEGRAM, T0) == 2.0
    wechat = Limits(per_second_total=1 / 3, per_minute_per_group=20, per_second_per_chat=1 / 3,
                    daily_cap=300)
    assert fanout.bound({f"c{n}": 1 for n in range(10)}, wechat, T0) == 27.0
    # 400 sends, 300 a day: the last 100 start at midnight
    tail = (datetime(2026, 11, 28, tzinfo=TZ) - T0).total_seconds() + 99 * 3
    assert fanout.bound({f"c{n}": 1 for n in range(400)}, wechat, T0) == tail
    # group sends one an interval apart, slower than the total allows
    spaced = Limits(per_second_total=3, per_minute_per_group=20, per_second_per_chat=1,
                    group_interval=3)
    rooms = {f"c{n}": 1 for n in range(10)}
    assert fanout.bound(rooms, spaced, T0, set(rooms)) == 27.0
    assert fanout.bound(rooms, spaced, T0, set()) == 3.0  # private chats are not spaced


def test_wechat_sends_are_spaced() -> None:
    result = fanout.run_fanout(groups=12, platform="wechat")
    assert result.violations == 0
    assert result.bound == 33.0 and result.ok()  # one group send every 3 s
