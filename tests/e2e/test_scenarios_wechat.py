"""The whole bot on WeChat: real puppet service over gRPC, the full app, buttons as text."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterator
from typing import Any

import pytest

from bot.adapters.wechat import WechatAdapter
from tests.e2e.harness import WechatPeer
from tests.e2e.live import LiveApp

Json = dict[str, Any]


def run(coro: Awaitable[None]) -> None:
    asyncio.run(asyncio.wait_for(coro, 60))


@pytest.fixture(scope="module")
def live(wechat_peer: WechatPeer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    peer = wechat_peer

    def adapter() -> WechatAdapter:
        # Spaced sends stay on (as in production) but short, so the test stays quick.
        return WechatAdapter(peer.endpoint, peer.token, start_timeout=10, send_interval=0.2)

    app = LiveApp(adapter, tmp_path_factory.mktemp("lingong-wx")).start()
    try:
        yield app
    finally:
        app.stop()


async def said(peer: WechatPeer, since: int, to: str, *needles: str, timeout: float = 10.0) -> Json:
    """The first thing the bot said to ``to`` after ``since`` that contains every needle."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for m in await peer.sent(since):
            if m["to"] == to and all(n in m["text"] for n in needles):
                return m
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"the bot never said {needles!r} to {to}")
        await asyncio.sleep(0.02)


def test_job_post_gets_a_text_card_and_a_typed_label_claims(
    live: LiveApp, wechat_peer: WechatPeer
) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        boss = await peer.new_contact("王老板")
        worker = await peer.new_contact("张三")
        room = await peer.new_room("青天村零工群", [boss, worker])
        live.bind_group(f"wechat:{room}", "青天村零工群", "青天村")

        seq = await peer.last_seq()
        await peer.say(boss, room, "明天要3个搬运工,150一天,电话13812345678")
        card = await said(peer, seq, room, "搬运工")
        assert "3人" in card["text"] and "150" in card["text"]
        assert "13812345678" not in card["text"]
        assert "回复「报名」" in card["text"]  # the button, as WeChat can show it

        seq = card["seq"]
        await peer.say(worker, room, "报名")
        ack = await said(peer, seq, room, "张三")
        assert "报名成功" in ack["text"]
        # No edits on WeChat: the updated card comes as a new message.
        update = await said(peer, seq, room, "【招工】", "1/3")
        assert "搬运工" in update["text"] and "回复「报名」" in update["text"]

    run(scenario())


def test_mentioning_the_bot_in_a_room_is_handled(live: LiveApp, wechat_peer: WechatPeer) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        boss = await peer.new_contact("赵老板")
        room = await peer.new_room("松柏镇零工群", [boss])
        live.bind_group(f"wechat:{room}", "松柏镇零工群", "松柏镇")
        seq = await peer.last_seq()
        text = f"@{peer.bot_name}\u2005后天招2个采茶工,一天120,电话13987654321"
        await peer.say(boss, room, text, mention_ids=[peer.bot_id])
        card = await said(peer, seq, room, "采茶工")
        assert "2人" in card["text"] and "回复「报名」" in card["text"]

    run(scenario())
