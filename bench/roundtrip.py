"""Round trip through the real peers: a user's private 你好 in → the bot's answer visible to them.

    python bench/roundtrip.py [--n 50] [--blocks 3]

On each peer (the Telegram emulator, the WeChat puppet mock; tests/e2e/harness.py starts
them), both of: a bare adapter whose handler sends an echo at once, and the whole lingong app
(dispatcher, outbox, sender) on the same adapter with the same settings — in ``--blocks``
turns, bare then lingong, so that a machine whose load changes during the run weighs on both
alike (a shared machine's load moved the bare echo's median by 20 ms from one minute to the
next). Each of ``--n`` people says 你好 once to warm up (lingong meets them) and once timed,
over a second after the first answer (the platforms' per-chat limit, which lingong keeps).
Each send waits a random fraction of the adapter's poll cycle first, so the bot's polling
phase is sampled, not fixed. The user side waits for the answer inside the peer (a request
the peer answers once the bot's message is there), on one kept HTTP connection, in a process
of its own: it polls nothing and takes no CPU, and no GIL, from what it measures (lingong runs
on a thread of this process).

Prints the median and p95 of each, and of lingong's own part (from the adapter handing the
message on to the start of the answer's send: no peer, no user side, so less noise), then
``inside_ms telegram=<median> wechat=<median>`` (that part) and last
``added_ms telegram=<median> wechat=<median>``: what lingong adds to the bare adapter.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.adapters.base import Adapter, Inbound, Outgoing  # noqa: E402
from bot.adapters.telegram import TelegramAdapter  # noqa: E402
from bot.adapters.wechat import WechatAdapter  # noqa: E402
from bot.message import Message  # noqa: E402
from tests.e2e.harness import TelegramPeer, TgUser, WechatPeer  # noqa: E402
from tests.e2e.live import LiveApp  # noqa: E402

ANSWER_TIMEOUT = 10.0  # seconds the user waits for an answer
# A chat's timed message comes this long after the answer to its first: both platforms allow
# one message a second into a chat, which lingong keeps (an answer sooner would be held).
CHAT_GAP = 1.2
TG_POLL = 0.02  # the emulator's polling settings, as the e2e tests use them
WX_CYCLE = 0.02  # WeChat pushes messages; the random wait is kept the same


def telegram_adapter(peer: TelegramPeer) -> TelegramAdapter:
    return TelegramAdapter(peer.token, base_url=peer.api_base, poll_interval=TG_POLL,
                           poll_timeout=0)


def wechat_adapter(peer: WechatPeer) -> WechatAdapter:
    return WechatAdapter(peer.endpoint, peer.token, start_timeout=10, send_interval=0.01)


def echo(adapter: Adapter) -> Callable[[Message], Awaitable[None]]:
    async def inbound(msg: Message) -> None:
        await adapter.send(Outgoing(chat_id=msg.chat.id, text=f"收到:{msg.text}"))

    return inbound


class Timed:
    """Delegates to an adapter and notes, for each message it hands on, how long until the
    send of an answer into that chat began: the bot's own part of the round trip, without the
    peers and the user side (an echo's is nearly nothing)."""

    def __init__(self, inner: Adapter) -> None:
        self.inner = inner
        self.platform = inner.platform
        self.limits = inner.limits
        self.supports_buttons = inner.supports_buttons
        self.supports_edit = inner.supports_edit
        self.supports_files = inner.supports_files
        self.came: dict[str, float] = {}
        self.inside: list[float] = []

    async def start(self, inbound: Inbound) -> None:
        async def timed(msg: Message) -> None:
            self.came[msg.chat.id] = time.perf_counter()
            await inbound(msg)

        await self.inner.start(timed)

    async def stop(self) -> None:
        await self.inner.stop()

    async def send(self, out: Outgoing) -> str:
        came = self.came.pop(out.chat_id, None)
        if came is not None:
            self.inside.append(time.perf_counter() - came)
        return await self.inner.send(out)


@asynccontextmanager
async def kept_client(peer: TelegramPeer | WechatPeer) -> AsyncIterator[None]:
    """One HTTP connection for the user side, in this event loop (a new client a call costs
    milliseconds of CPU)."""
    async with httpx.AsyncClient(timeout=ANSWER_TIMEOUT + 5) as client:
        peer.client = client
        try:
            yield
        finally:
            peer.client = None


async def _spaced(answered: float | None) -> None:
    """Wait until CHAT_GAP has passed since the chat's last answer."""
    if answered is not None:
        await asyncio.sleep(max(0.0, answered + CHAT_GAP - time.perf_counter()))


async def telegram_rounds(peer: TelegramPeer, n: int, first: int) -> list[float]:
    """A warm-up pass (each user's first message creates them), then one timed message each:
    every chat waits over a second between its messages, as Telegram's 1 a second asks."""
    users = [TgUser(id=900000 + first + i, first_name=f"测试员{i}") for i in range(n)]
    times: list[float] = []
    answered: dict[int, float] = {}
    async with kept_client(peer):
        for timed in (False, True):
            for user in users:
                chat = peer.private_chat(user)
                await _spaced(answered.get(user.id))
                seen = await peer.bot_message_count(chat)
                await asyncio.sleep(random.uniform(0, TG_POLL))
                t0 = time.perf_counter()
                await peer.send_message(chat, user, "你好")
                if await peer.bot_message_count(chat, seen, ANSWER_TIMEOUT) <= seen:
                    raise TimeoutError(f"no answer to {user.first_name} in {ANSWER_TIMEOUT}s")
                answered[user.id] = time.perf_counter()
                if timed:
                    times.append(time.perf_counter() - t0)
    return times


async def wechat_rounds(peer: WechatPeer, n: int, first: int) -> list[float]:
    times: list[float] = []
    answered: dict[str, float] = {}
    async with kept_client(peer):
        users = [await peer.new_contact(f"测试员{i}", f"wxid_roundtrip{first + i}")
                 for i in range(n)]
        for timed in (False, True):
            for user in users:
                await _spaced(answered.get(user))
                seq = await peer.last_seq()
                await asyncio.sleep(random.uniform(0, WX_CYCLE))
                t0 = time.perf_counter()
                await peer.say(user, peer.bot_id, "你好")
                if not await peer.sent(seq, ANSWER_TIMEOUT):
                    raise TimeoutError(f"no answer to {user} in {ANSWER_TIMEOUT}s")
                answered[user] = time.perf_counter()
                if timed:
                    times.append(time.perf_counter() - t0)
    return times


async def bare(adapter: Adapter, rounds: Awaitable[list[float]]) -> list[float]:
    await adapter.start(echo(adapter))
    try:
        return await rounds
    finally:
        await adapter.stop()


def whole(make_adapter: Callable[[], Adapter],
          rounds: Callable[[], Coroutine[Any, Any, list[float]]]
          ) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="lingong-roundtrip-") as data_dir:
        live = LiveApp(make_adapter, Path(data_dir)).start()
        try:
            return asyncio.run(rounds())
        finally:
            live.stop()


def timed_part(adapters: list[Timed], size: int) -> list[float]:
    """The bot's own part of the timed round trips just made (each run's second pass)."""
    return adapters[-1].inside[-size:] if adapters else []


ROUNDS: dict[str, tuple[Any, Any]] = {}  # filled below: peer name → (peer class, rounds)


async def user_side(name: str, peer: TelegramPeer | WechatPeer, n: int, first: int
                    ) -> list[float]:
    """The rounds of ``n`` new users (numbered from ``first``) in a process of their own
    (``--user-side``): in this one they would compete with lingong's threads for the GIL, and
    wait for it after each answer (lingong records the send just then)."""
    fields = {f.name: getattr(peer, f.name) for f in dataclasses.fields(peer)
              if f.name not in ("process", "client")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--user-side", name, "--peer", json.dumps(fields),
        "--n", str(n), "--first", str(first), stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"the {name} user side failed ({proc.returncode})")
    times: list[float] = json.loads(out.decode().strip().splitlines()[-1])
    return times


def run_user_side(name: str, peer_json: str, n: int, first: int) -> None:
    kind, rounds = ROUNDS[name]
    peer = kind(**json.loads(peer_json))
    print(json.dumps(asyncio.run(rounds(peer, n, first))), flush=True)


def stats(times: list[float]) -> tuple[float, float]:
    ms = sorted(t * 1000 for t in times)
    return statistics.median(ms), ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]


def report(name: str, times: list[float]) -> float:
    median, p95 = stats(times)
    print(f"{name:18} n={len(times):3}  median {median:7.1f} ms  p95 {p95:7.1f} ms", flush=True)
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="round trips per measurement")
    parser.add_argument("--blocks", type=int, default=3,
                        help="turns of bare then lingong the round trips are split into")
    parser.add_argument("--user-side", choices=sorted(ROUNDS), help=argparse.SUPPRESS)
    parser.add_argument("--peer", help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.user_side:
        run_user_side(args.user_side, args.peer, args.n, args.first)
        return
    blocks = max(1, min(args.blocks, args.n))
    sizes = [args.n // blocks + (1 if i < args.n % blocks else 0) for i in range(blocks)]
    added: dict[str, float] = {}
    lingong_part: dict[str, float] = {}
    peers: list[tuple[str, Any, Any]] = [
        ("telegram", TelegramPeer, telegram_adapter),
        ("wechat", WechatPeer, wechat_adapter),
    ]
    for name, kind, make in peers:
        peer = kind.start()
        try:
            base: list[float] = []
            full: list[float] = []
            inside: list[float] = []
            first = 0
            for size in sizes:
                echoing = Timed(make(peer))
                base += asyncio.run(bare(echoing, user_side(name, peer, size, first)))
                first += size
                made: list[Timed] = []

                def timed_adapter() -> Timed:
                    made.append(Timed(make(peer)))  # noqa: B023
                    return made[-1]  # noqa: B023

                full += whole(timed_adapter,
                              lambda: user_side(name, peer, size, first))  # noqa: B023
                inside += timed_part(made, size)
                first += size
            median_bare = report(f"{name} bare", base)
            added[name] = report(f"{name} lingong", full) - median_bare
            lingong_part[name] = report(f"{name} in lingong", inside)
        finally:
            peer.stop()
    print(f"inside_ms telegram={lingong_part['telegram']:.1f} "
          f"wechat={lingong_part['wechat']:.1f}")
    print(f"added_ms telegram={added['telegram']:.1f} wechat={added['wechat']:.1f}")


ROUNDS.update(telegram=(TelegramPeer, telegram_rounds), wechat=(WechatPeer, wechat_rounds))


if __name__ == "__main__":
    main()
