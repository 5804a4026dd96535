"""Where a round trip's time goes inside lingong, hop by hop, on the real peers.

    python bench/hops.py [--n 20] [--peers telegram,wechat] [--profile]

On each peer (tests/e2e/harness.py starts them), the whole lingong app (``LiveApp``) serves the
adapter as ``bench/roundtrip.py`` sets it up, and ``--n`` people each say a private 你好 (once to
meet, once timed), then ``--n`` posters each post a job into a bound group of their own (its
card is the answer timed). Every hop on the way is stamped with ``time.perf_counter`` by
wrappers put around lingong's own functions and the SDKs' calls (nothing in lingong changes):

    user's send → the adapter gets the update (Telegram: getUpdates returned it; WeChat: the
    puppet's message event) → payload read (WeChat) → App.on_message → the dispatcher's thread
    starts / ends → the sender notified → its claim starts / ends → Sender._send → adapter.send
    → the platform call starts / ends → the user sees the answer.

Prints, per peer and kind, the median and p90 of each hop (ms) and of lingong's own part (from
the adapter handing the message on to the platform call). The user side runs on this process's
main thread (lingong on a thread of its own), so the first and last hops carry some noise;
lingong's own hops are what this is for.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import itertools
import os
import pstats
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# LINGONG_ROOT: another checkout's code measured the same way (a pair against main).
ROOT = Path(os.environ.get("LINGONG_ROOT") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))

from bench.roundtrip import CHAT_GAP, telegram_adapter, wechat_adapter  # noqa: E402
from bot.adapters.telegram import TelegramAdapter  # noqa: E402
from bot.adapters.wechat import WechatAdapter, _load_sdk  # noqa: E402
from bot.app import App  # noqa: E402
from bot.outbox import Sender  # noqa: E402
from tests.e2e.harness import TelegramPeer, TgUser, WechatPeer  # noqa: E402
from tests.e2e.live import LiveApp  # noqa: E402

_lock = threading.Lock()
STAMPS: list[tuple[str, float]] = []
# With --profile: the dispatcher's and the sender's calls profiled, per kind of round.
PROFILES: dict[str, cProfile.Profile] = {}
KIND = ["private 你好"]
# How long each database commit took (the disk's fsync, mostly), by whose it was.
PHASE = threading.local()
COMMITS: dict[str, list[float]] = {}

HOPS = ["sent", "polled", "received", "fetched", "on_message", "handle_start", "handle_end",
        "notified", "claim_start", "claim_end", "send_start", "adapter_send", "author_start",
        "author_end", "platform_start", "platform_end", "seen"]


def stamp(label: str) -> None:
    with _lock:
        STAMPS.append((label, time.perf_counter()))


def wrap_async(owner: Any, name: str, before: str, after: str | None = None,
               when: Callable[[Any], bool] | None = None) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    async def wrapped(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        if when is None:  # stamped at once: the user may see the answer before this returns
            stamp(before)
        result = await original(*args, **kwargs)
        if when is None or when(result):
            if when is not None:
                with _lock:
                    STAMPS.append((before, t))
            if after:
                stamp(after)
        return result

    setattr(owner, name, wrapped)


def wrap_sync(owner: Any, name: str, before: str, after: str | None = None) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        stamp(before)
        PHASE.name = name
        profile = PROFILES.get(KIND[0])
        if profile is not None:
            profile.enable()
        try:
            return original(*args, **kwargs)
        finally:
            if profile is not None:
                profile.disable()
            PHASE.name = None
            if after:
                stamp(after)

    setattr(owner, name, wrapped)


def time_commits() -> None:
    from sqlalchemy.engine.default import DefaultDialect

    original = DefaultDialect.do_commit

    def do_commit(self: Any, dbapi_connection: Any) -> None:
        t = time.perf_counter()
        try:
            original(self, dbapi_connection)
        finally:
            who = f"{KIND[0]}: {getattr(PHASE, 'name', None) or 'other'}"
            with _lock:
                COMMITS.setdefault(who, []).append((time.perf_counter() - t) * 1000)

    DefaultDialect.do_commit = do_commit  # type: ignore[method-assign]


def instrument() -> None:
    time_commits()
    from telegram import Bot
    from telegram.ext import ExtBot

    sdk = _load_sdk()
    wrap_async(Bot, "get_updates", "poll_start", "polled", when=bool)
    wrap_async(TelegramAdapter, "_on_update", "received")
    wrap_async(WechatAdapter, "_on_message", "received")
    wrap_async(WechatAdapter, "fetch", "fetch_start", "fetched", when=lambda m: m is not None)
    wrap_async(WechatAdapter, "_author_of", "author_start", "author_end")
    wrap_async(App, "on_message", "on_message", "notified")
    wrap_sync(App, "_handle", "handle_start", "handle_end")
    wrap_sync(Sender, "_claim", "claim_start", "claim_end")
    wrap_async(Sender, "_send", "send_start")
    wrap_async(TelegramAdapter, "send", "adapter_send")
    wrap_async(WechatAdapter, "send", "adapter_send")
    wrap_async(ExtBot, "send_message", "platform_start", "platform_end")
    wrap_async(sdk.puppet_service, "message_send_text", "platform_start", "platform_end")


def first_after(t0: float, t1: float) -> dict[str, float]:
    """Each label's first stamp within [t0, t1]; the claim is the first after the notice."""
    with _lock:
        stamps = sorted(((label, t) for label, t in STAMPS if t0 <= t <= t1),
                        key=lambda s: s[1])
    seen: dict[str, float] = {}
    for label, t in stamps:
        if label in ("claim_start", "claim_end") and (
                "notified" not in seen or t < seen["notified"]):
            continue
        if label in ("author_start", "author_end", "platform_start", "platform_end",
                     "adapter_send") and "send_start" not in seen:
            continue
        seen.setdefault(label, t)
    return seen


class Rounds:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, float]]] = {}

    def add(self, kind: str, t0: float, t1: float) -> None:
        seen = first_after(t0, t1)
        seen["sent"], seen["seen"] = t0, t1
        self.rows.setdefault(kind, []).append(seen)

    def report(self, peer: str) -> None:
        for kind, rows in self.rows.items():
            missing = {h for r in rows for h in HOPS if h not in r} - {
                h for h in HOPS if not any(h in r for r in rows)}
            if missing:
                print(f"{peer} {kind}: not stamped in some rounds: {sorted(missing)}")
            print(f"\n{peer} {kind}: n={len(rows)}")
            order = [h for h in HOPS if all(h in r for r in rows)]
            for a, b in itertools.pairwise(order):
                self._line(f"{a} → {b}", [(r[b] - r[a]) * 1000 for r in rows])
            whole = [r for r in rows if "platform_start" in r and "on_message" in r]
            if whole:
                self._line("in lingong (on_message → platform_start)",
                           [(r["platform_start"] - r["on_message"]) * 1000 for r in whole])
            self._line("round trip", [(r["seen"] - r["sent"]) * 1000 for r in rows])

    @staticmethod
    def _line(name: str, ms: list[float]) -> None:
        ms = sorted(ms)
        p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
        print(f"  {name:44} median {statistics.median(ms):7.2f}  p90 {p90:7.2f} ms")


async def telegram_rounds(peer: TelegramPeer, live: LiveApp, n: int, rounds: Rounds) -> None:
    users = [TgUser(id=800000 + i, first_name=f"计时员{i}") for i in range(n)]
    answered: dict[int, float] = {}
    for timed in (False, True):
        for user in users:
            chat = peer.private_chat(user)
            last = answered.get(user.id)
            if last is not None:
                await asyncio.sleep(max(0.0, last + CHAT_GAP - time.perf_counter()))
            seen = await peer.bot_message_count(chat)
            await asyncio.sleep(random.uniform(0, 0.02))
            t0 = time.perf_counter()
            await peer.send_message(chat, user, "你好")
            if await peer.bot_message_count(chat, seen, 10) <= seen:
                raise TimeoutError("no answer")
            answered[user.id] = time.perf_counter()
            if timed:
                rounds.add("private 你好", t0, answered[user.id])
    KIND[0] = "group post → card"
    for i in range(n):
        group = peer.new_supergroup(f"计时村{i}群")
        live.bind_group(f"telegram:{group.id}", group.title, "青天村")
        poster = TgUser(id=810000 + i, first_name=f"老板{i}")
        seen = await peer.bot_message_count(group)
        await asyncio.sleep(random.uniform(0, 0.02))
        t0 = time.perf_counter()
        await peer.send_message(group, poster, f"明天要{i % 5 + 2}个搬运工,{150 + i}一天,"
                                               f"电话138{12340000 + i}")
        if await peer.bot_message_count(group, seen, 10) <= seen:
            raise TimeoutError("no card")
        rounds.add("group post → card", t0, time.perf_counter())
        await asyncio.sleep(0.3)


async def wechat_rounds(peer: WechatPeer, live: LiveApp, n: int, rounds: Rounds) -> None:
    users = [await peer.new_contact(f"计时员{i}", f"wxid_hops{i}") for i in range(n)]
    answered: dict[str, float] = {}
    for timed in (False, True):
        for user in users:
            last = answered.get(user)
            if last is not None:
                await asyncio.sleep(max(0.0, last + CHAT_GAP - time.perf_counter()))
            seq = await peer.last_seq()
            await asyncio.sleep(random.uniform(0, 0.02))
            t0 = time.perf_counter()
            await peer.say(user, peer.bot_id, "你好")
            if not await peer.sent(seq, 10):
                raise TimeoutError("no answer")
            answered[user] = time.perf_counter()
            if timed:
                rounds.add("private 你好", t0, answered[user])
    KIND[0] = "group post → card"
    for i in range(n):
        poster = await peer.new_contact(f"老板{i}", f"wxid_hopsboss{i}")
        room = await peer.new_room(f"计时村{i}群", [poster])
        live.bind_group(f"wechat:{room}", f"计时村{i}群", "青天村")
        seq = await peer.last_seq()
        await asyncio.sleep(random.uniform(0, 0.02))
        t0 = time.perf_counter()
        await peer.say(poster, room, f"明天要{i % 5 + 2}个搬运工,{150 + i}一天,"
                                     f"电话138{12340000 + i}")
        while True:
            got = await peer.sent(seq, 10)
            if not got:
                raise TimeoutError("no card")
            if any(m.get("to") == room for m in got):
                break
            seq = int(got[-1]["seq"])
        rounds.add("group post → card", t0, time.perf_counter())
        await asyncio.sleep(0.3)


def run_peer(name: str, n: int) -> None:
    kind: Any = TelegramPeer if name == "telegram" else WechatPeer
    peer = kind.start()
    rounds = Rounds()
    KIND[0] = "private 你好"
    try:
        make = telegram_adapter if name == "telegram" else wechat_adapter
        with tempfile.TemporaryDirectory(prefix="lingong-hops-") as data_dir:
            live = LiveApp(lambda: make(peer), Path(data_dir)).start()
            try:
                play = telegram_rounds if name == "telegram" else wechat_rounds
                asyncio.run(play(peer, live, n, rounds))
            finally:
                live.stop()
    finally:
        peer.stop()
    rounds.report(name)
    print(f"\n{name}: commits (ms)")
    for who, ms in sorted(COMMITS.items()):
        Rounds._line(f"{who} ({len(ms)})", ms)
    COMMITS.clear()
    for kind, profile in PROFILES.items():
        if profile.getstats():
            print(f"\n{name} {kind}: the dispatcher's and the claim's calls, by cumulative time")
            stats = pstats.Stats(profile)
            stats.sort_stats("cumulative").print_stats(30)
            stats.sort_stats("tottime").print_stats(25)
            stats.print_callers("commit' of 'sqlite3")
            stats.print_callers("re/__init__.py.*_compile")
        PROFILES[kind] = cProfile.Profile()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--peers", default="telegram,wechat")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the dispatcher's and the claim's calls (slows them)")
    args = parser.parse_args()
    if args.profile:
        PROFILES.update({k: cProfile.Profile() for k in ("private 你好", "group post → card")})
    instrument()
    for name in args.peers.split(","):
        run_peer(name, args.n)


if __name__ == "__main__":
    main()
