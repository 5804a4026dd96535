"""Round trip through the real peers: a user's message in → the bot's reply visible to the user.

The bot side is each adapter with a trivial echo as ``inbound``; the user side is the e2e
harness. Prints median and p95 per platform.

    .venv/bin/python -m bench.roundtrip [--n 50]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.adapters.base import Adapter, Outgoing
from bot.adapters.telegram import TelegramAdapter
from bot.adapters.wechat import WechatAdapter
from bot.message import Message
from tests.e2e.harness import TelegramPeer, WechatPeer, wait_for

POLL = 0.002


def echo(adapter: Adapter) -> Callable[[Message], Awaitable[None]]:
    async def inbound(msg: Message) -> None:
        await adapter.send(Outgoing(chat_id=msg.chat.id, text=f"收到:{msg.text}", reply_to=msg.id))

    return inbound


async def telegram_rounds(peer: TelegramPeer, n: int) -> list[float]:
    adapter = TelegramAdapter(
        peer.token, base_url=peer.api_base, poll_interval=0.02, poll_timeout=0
    )
    await adapter.start(echo(adapter))
    group = peer.new_supergroup("基准测试群")
    user = peer.new_user("测试员")
    times: list[float] = []
    try:
        for i in range(n):
            t0 = time.perf_counter()
            await peer.send_message(group, user, f"第{i}条")

            async def reply() -> list[dict[str, Any]] | None:
                got = await peer.bot_messages(group)
                return got or None

            await wait_for(reply, timeout=10, interval=POLL)
            times.append(time.perf_counter() - t0)
    finally:
        await adapter.stop()
    return times


async def wechat_rounds(peer: WechatPeer, n: int) -> list[float]:
    adapter = WechatAdapter(peer.endpoint, peer.token, start_timeout=10, send_interval=0.01)
    await adapter.start(echo(adapter))
    user = await peer.new_contact("测试员")
    room = await peer.new_room("基准测试群", [user])
    times: list[float] = []
    try:
        for i in range(n):
            seq = await peer.last_seq()
            t0 = time.perf_counter()
            await peer.say(user, room, f"第{i}条")
            await peer.wait_sent(seq, to=room, timeout=10)
            times.append(time.perf_counter() - t0)
    finally:
        await adapter.stop()
    return times


def report(name: str, times: list[float]) -> None:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(
        f"{name:9} n={len(ms):3}  median {statistics.median(ms):7.1f} ms  "
        f"p95 {p95:7.1f} ms  max {ms[-1]:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="round trips per platform")
    args = parser.parse_args()
    tg = TelegramPeer.start()
    wx = WechatPeer.start()
    try:
        report("telegram", asyncio.run(telegram_rounds(tg, args.n)))
        report("wechat", asyncio.run(wechat_rounds(wx, args.n)))
    finally:
        tg.stop()
        wx.stop()


if __name__ == "__main__":
    main()
