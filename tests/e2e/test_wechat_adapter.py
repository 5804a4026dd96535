"""WechatAdapter against a real wechaty puppet service (PuppetServer + PuppetMock, over gRPC)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import httpx
import pytest

from bot.adapters.base import Outgoing
from bot.adapters.wechat import WechatAdapter, WechatUnavailable
from bot.clock import TZ
from bot.config import WechatSettings
from bot.message import Button, ChatKind, Message
from tests.e2e.harness import Inbox, WechatPeer, captured_logs, free_port, run, wait_for


@asynccontextmanager
async def started(peer: WechatPeer) -> AsyncIterator[tuple[WechatAdapter, Inbox]]:
    adapter = WechatAdapter(peer.endpoint, peer.token, start_timeout=10, send_interval=0.1)
    inbox = Inbox()
    await adapter.start(inbox)
    try:
        yield adapter, inbox
    finally:
        await adapter.stop()


def in_chat(chat_id: str) -> Callable[[Message], bool]:
    return lambda m: m.chat.id == f"wechat:{chat_id}"


def test_room_and_direct_messages_become_neutral_messages(wechat_peer: WechatPeer) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        wang = await peer.new_contact("王大爷")
        room = await peer.new_room("青天村零工群", [wang])
        async with started(peer) as (_adapter, inbox):
            before = datetime.now(TZ) - timedelta(seconds=2)
            mid = await peer.say(wang, room, "明天要3个搬运工,150一天")
            [msg] = await inbox.wait(in_chat(room))
            assert msg.id == f"wechat:{mid}"
            assert msg.chat.id == f"wechat:{room}"
            assert msg.chat.kind is ChatKind.GROUP
            assert msg.chat.title == "青天村零工群"
            assert msg.sender.id == f"wechat:{wang}"
            assert msg.sender.name == "王大爷"
            assert msg.text == "明天要3个搬运工,150一天"
            assert msg.content_kind == "text"
            assert not msg.mentions_bot
            assert msg.reply_to is None and msg.button_data is None
            assert msg.date.utcoffset() == timedelta(hours=8)
            assert msg.date >= before

            await peer.say(wang, peer.bot_id, "订阅 搬运")
            [dm] = await inbox.wait(in_chat(wang))
            assert dm.chat.kind is ChatKind.PRIVATE
            assert dm.chat.title == "王大爷"
            assert dm.sender.id == f"wechat:{wang}"
            assert dm.text == "订阅 搬运"

            await peer.say(wang, peer.bot_id, kind="image")
            [_, photo] = await inbox.wait(in_chat(wang), count=2)
            assert (photo.content_kind, photo.text) == ("photo", "")

    run(scenario())


def test_mentions_in(wechat_peer: WechatPeer) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        li = await peer.new_contact("李姐")
        zhang = await peer.new_contact("张三")
        room = await peer.new_room("红坪镇信息员群", [li, zhang])
        async with started(peer) as (_adapter, inbox):
            at_bot = f"@{peer.bot_name}\u2005今天有活吗"
            await peer.say(li, room, at_bot, mention_ids=[peer.bot_id])
            await peer.say(li, room, "@张三\u2005你去不去", mention_ids=[zhang])
            # A puppet that leaves mention ids empty: the "@name" text still counts.
            await peer.say(li, room, f"@{peer.bot_name} 在吗")
            await peer.say(li, room, f"@{peer.bot_name}的朋友 不是叫你")
            got = await inbox.wait(in_chat(room), count=4)
            assert [(m.text, m.mentions_bot) for m in got] == [
                (at_bot, True),
                ("@张三\u2005你去不去", False),
                (f"@{peer.bot_name} 在吗", True),
                (f"@{peer.bot_name}的朋友 不是叫你", False),
            ]

    run(scenario())


def test_buttons_as_text_reply_mentions_and_edit_as_new_message(wechat_peer: WechatPeer) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        zhao = await peer.new_contact("赵师傅")
        room = await peer.new_room("木鱼镇零工群", [zhao])
        async with started(peer) as (adapter, inbox):
            assert not adapter.supports_buttons and not adapter.supports_edit
            await peer.say(zhao, room, "招2个采茶工 一天120")
            [post] = await inbox.wait(in_chat(room))

            seq = await peer.last_seq()
            card = await adapter.send(
                Outgoing(
                    chat_id=post.chat.id,
                    text="采茶工 2人 120元/天",
                    buttons=(Button("报名", "claim:7"), Button("不去了", "unclaim:7")),
                    reply_to=post.id,
                )
            )
            [seen] = await peer.wait_sent(seq, to=room)
            assert card == f"wechat:{seen['id']}"
            assert (
                seen["text"] == "@赵师傅\u2005采茶工 2人 120元/天\n\n回复「报名」\n回复「不去了」"
            )
            assert seen["mention_ids"] == [zhao]

            # The label typed back arrives as plain text: the handlers take it as a command.
            await peer.say(zhao, room, "报名")
            [_, claim] = await inbox.wait(in_chat(room), count=2)
            assert (claim.text, claim.content_kind, claim.button_data) == ("报名", "text", None)

            again = await adapter.send(Outgoing(chat_id=post.chat.id, text="还差1人", edit_of=card))
            assert again != card
            [_, second] = await peer.wait_sent(seq, count=2, to=room)
            assert second["text"] == "还差1人"
            assert second["mention_ids"] == []

            seq = await peer.last_seq()
            dm = await adapter.send(
                Outgoing(chat_id=f"wechat:{zhao}", text="你报上了", reply_to=post.id)
            )
            [private] = await peer.wait_sent(seq, to=zhao)
            assert dm == f"wechat:{private['id']}"
            assert private["text"] == "你报上了"  # no @ in a private chat

    run(scenario())


def test_own_and_replayed_messages_are_dropped(wechat_peer: WechatPeer) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        sun = await peer.new_contact("孙大哥")
        room = await peer.new_room("新华镇零工群", [sun])
        async with started(peer) as (adapter, inbox):
            await adapter.send(Outgoing(chat_id=f"wechat:{room}", text="早上好"))  # echoed back
            await peer.say(sun, room, "昨天的旧消息", age_ms=3_600_000)
            await peer.say(peer.bot_id, room, "机器人自己")
            await peer.say(sun, room, "标记")
            await inbox.wait(lambda m: in_chat(room)(m) and m.text == "标记")
            await asyncio.sleep(0.2)
            assert [m.text for m in inbox.matching(in_chat(room))] == ["标记"]

    run(scenario())


def test_start_fails_clearly_without_a_service() -> None:
    port = free_port()  # nothing listens here

    async def scenario() -> None:
        adapter = WechatAdapter(f"127.0.0.1:{port}", "t", start_timeout=5)
        with pytest.raises(WechatUnavailable, match=(
                rf"^wechat: cannot use the puppet service at \[wechat\] endpoint = "
                rf"127.0.0.1:{port} \(.*\): check the host:port")):
            await adapter.start(Inbox())
        await adapter.stop()

    run(scenario())


def test_start_fails_clearly_with_a_wrong_token(wechat_peer: WechatPeer) -> None:
    """One line naming the setting; the token it refused is neither in it nor in any log
    line, though the service quotes it back and the SDK logs its headers at DEBUG."""
    wrong = "not-the-token-3f9a"

    async def scenario() -> str:
        adapter = WechatAdapter(wechat_peer.endpoint, wrong, start_timeout=5)
        with pytest.raises(WechatUnavailable) as err:
            await adapter.start(Inbox())
        await adapter.stop()
        return str(err.value)

    with captured_logs(logging.DEBUG) as stream:
        said = run(scenario())
    assert said == (f"wechat: the puppet service at [wechat] endpoint = {wechat_peer.endpoint} "
                    "refused the token (UNAUTHENTICATED): set LINGONG_WECHAT_TOKEN (or [wechat] "
                    "token_file) to the puppet service's token")
    out = stream.getvalue()
    assert "hpack" in out and "***" in out  # the SDK's chatter came through lingong's log
    assert wrong not in out


def test_reconnects_after_the_service_restarts() -> None:
    # A service of its own: restarting the session's would disturb the other tests.
    peer = WechatPeer.start()

    async def scenario() -> None:
        async with started(peer) as (_adapter, inbox):
            await asyncio.to_thread(peer.restart)
            wu = await peer.new_contact("吴会计")
            room = await peer.new_room("阳日镇零工群", [wu])

            async def delivered() -> bool | None:
                await peer.say(wu, room, "重连以后")
                try:
                    await inbox.wait(in_chat(room), timeout=0.5)
                except TimeoutError:
                    return None
                return True

            # The adapter retries after 1 s, then 2 s: well inside this bound.
            await wait_for(delivered, timeout=10, interval=0.1)

    try:
        run(scenario())
    finally:
        peer.stop()


def test_from_settings(wechat_peer: WechatPeer) -> None:
    settings = WechatSettings(
        endpoint=wechat_peer.endpoint, token=wechat_peer.token, send_interval=2.0, daily_cap=50
    )
    adapter = WechatAdapter.from_settings(settings)
    assert adapter.limits.daily_cap == 50
    # send_interval spaces group sends only; a private chat gets one a second.
    assert adapter.limits.group_interval == 2.0
    assert adapter.limits.per_second_per_chat == 1.0 and adapter.limits.per_second_total == 3.0

    async def scenario() -> None:
        wu = await wechat_peer.new_contact("吴大叔")
        inbox = Inbox()
        await adapter.start(inbox)
        try:
            await wechat_peer.say(wu, wechat_peer.bot_id, "你好")
            [msg] = await inbox.wait(in_chat(wu))
            assert msg.text == "你好"
        finally:
            await adapter.stop()

    run(scenario())


def test_the_user_side_can_wait_for_the_bots_next_message(wechat_peer: WechatPeer) -> None:
    """What bench/roundtrip.py relies on: ``sent(since, wait)`` answers as soon as the bot says
    something, on a kept client; with nothing said it answers empty after the wait."""
    peer = wechat_peer

    async def scenario() -> None:
        ma = await peer.new_contact("马师傅")
        async with httpx.AsyncClient(timeout=10) as client, started(peer) as (adapter, _):
            peer.client = client
            try:
                seq = await peer.last_seq()
                t0 = time.monotonic()
                assert await peer.sent(seq, wait=0.3) == []
                assert time.monotonic() - t0 >= 0.25
                waiting = asyncio.create_task(peer.sent(seq, wait=10))
                await asyncio.sleep(0.2)
                assert not waiting.done()
                await adapter.send(Outgoing(chat_id=f"wechat:{ma}", text="稍等"))
                [said] = await asyncio.wait_for(waiting, 5)
                assert (said["to"], said["text"]) == (ma, "稍等")
            finally:
                peer.client = None

    run(scenario())
