"""TelegramAdapter against the real telegram-test-api emulator, through python-telegram-bot."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import socket
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import httpx
import pytest

from bot.adapters.base import Outgoing, PermanentSendError, RetryAfter
from bot.adapters.telegram import TelegramAdapter, message_id
from bot.clock import TZ
from bot.config import TelegramSettings
from bot.message import Button, ChatKind, Message
from tests.e2e.harness import Inbox, TelegramPeer, TgChat, free_port, in_ci, markup_buttons, run


@asynccontextmanager
async def started(
    peer: TelegramPeer, webhook_url: str | None = None, webhook_port: int = 8443
) -> AsyncIterator[tuple[TelegramAdapter, Inbox]]:
    adapter = TelegramAdapter(
        peer.token,
        base_url=peer.api_base,
        poll_interval=0.02,
        poll_timeout=0,
        webhook_url=webhook_url,
        webhook_port=webhook_port,
        webhook_path="tg",
    )
    inbox = Inbox()
    await adapter.start(inbox)
    try:
        yield adapter, inbox
    finally:
        await adapter.stop()


def in_chat(chat: TgChat) -> Callable[[Message], bool]:
    return lambda m: m.chat.id == f"telegram:{chat.id}"


def test_supergroup_message_becomes_neutral_message(telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("青天村零工群")
    wang = peer.new_user("王大爷")

    async def scenario() -> None:
        async with started(peer) as (_adapter, inbox):
            before = datetime.now(TZ) - timedelta(seconds=2)
            mid = await peer.send_message(group, wang, "明天要3个搬运工,150一天")
            [msg] = await inbox.wait(in_chat(group))
            assert msg.id == f"telegram:{group.id}:{mid}"
            assert msg.chat.id == f"telegram:{group.id}"
            assert msg.chat.kind is ChatKind.GROUP
            assert msg.chat.title == "青天村零工群"
            assert msg.sender.id == f"telegram:{wang.id}"
            assert msg.sender.name == "王大爷"
            assert not msg.sender.is_bot
            assert msg.text == "明天要3个搬运工,150一天"
            assert msg.content_kind == "text"
            assert msg.button_data is None
            assert msg.reply_to is None
            assert not msg.mentions_bot
            assert msg.date.utcoffset() == timedelta(hours=8)
            assert msg.date >= before.replace(microsecond=0)

    run(scenario())


def test_private_message_mention_and_reply(telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    li = peer.new_user("李姐")
    dm = peer.private_chat(li)
    group = peer.new_supergroup("红坪镇信息员群")

    async def scenario() -> None:
        async with started(peer) as (adapter, inbox):
            await peer.send_message(dm, li, "订阅 搬运")
            [msg] = await inbox.wait(in_chat(dm))
            assert msg.chat.kind is ChatKind.PRIVATE
            assert msg.chat.is_private
            assert msg.chat.id == f"telegram:{li.id}"
            assert msg.text == "订阅 搬运"

            handle = f"@{peer.bot_username}"
            text = f"{handle} 今天有活吗"
            mention = [{"type": "mention", "offset": 0, "length": len(handle)}]
            await peer.send_message(group, li, text, entities=mention)
            [mentioned] = await inbox.wait(in_chat(group))
            assert mentioned.mentions_bot
            assert mentioned.text == text

            card_id = await adapter.send(Outgoing(chat_id=f"telegram:{group.id}", text="招工卡片"))
            [stored] = await peer.wait_bot_messages(group)
            await peer.send_message(group, li, "我要报名", reply_to=peer.as_seen(stored))
            replies = await inbox.wait(lambda m: in_chat(group)(m) and m.text == "我要报名")
            assert replies[0].reply_to == card_id
            assert not replies[0].mentions_bot

    run(scenario())


def test_send_buttons_reply_and_press(telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("木鱼镇零工群")
    zhao = peer.new_user("赵师傅")

    async def scenario() -> None:
        async with started(peer) as (adapter, inbox):
            post = await peer.send_message(group, zhao, "招2个采茶工 一天120")
            [posted] = await inbox.wait(in_chat(group))
            buttons = (
                Button("报名", "claim:7"),
                Button("不去了", "unclaim:7"),
                Button("详情", "j:7"),
            )
            sent_id = await adapter.send(
                Outgoing(
                    chat_id=posted.chat.id,
                    text="采茶工 2人 120元/天",
                    buttons=buttons,
                    reply_to=posted.id,
                )
            )
            [stored] = await peer.wait_bot_messages(group)
            assert sent_id == message_id(group.id, stored["messageId"])
            assert stored["message"]["text"] == "采茶工 2人 120元/天"
            assert markup_buttons(stored) == [
                ("报名", "claim:7"),
                ("不去了", "unclaim:7"),
                ("详情", "j:7"),
            ]
            assert json.loads(stored["message"]["reply_parameters"])["message_id"] == post

            await peer.press_button(zhao, stored, "claim:7")
            [press] = await inbox.wait(lambda m: m.content_kind == "button")
            assert press.button_data == "claim:7"
            assert press.text == ""
            assert press.id.startswith("telegram:cb:")
            assert press.chat.id == f"telegram:{group.id}"
            assert press.chat.kind is ChatKind.GROUP
            assert press.sender.id == f"telegram:{zhao.id}"
            assert press.reply_to == sent_id

    run(scenario())


def test_edit_in_place_and_fallback_to_new_message(telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("松柏镇零工群")
    chat_id = f"telegram:{group.id}"

    async def scenario() -> None:
        async with started(peer) as (adapter, _inbox):
            first = await adapter.send(
                Outgoing(
                    chat_id=chat_id, text="搬运工 还差3人", buttons=(Button("报名", "claim:1"),)
                )
            )
            again = await adapter.send(
                Outgoing(
                    chat_id=chat_id,
                    text="搬运工 还差2人",
                    buttons=(Button("报名", "claim:1"), Button("取消", "unclaim:1")),
                    edit_of=first,
                )
            )
            assert again == first
            _, local = first.rsplit(":", 1)
            edited = await peer.bot_message(group.id, int(local))
            assert edited is not None
            assert edited["message"]["text"] == "搬运工 还差2人"
            assert markup_buttons(edited) == [("报名", "claim:1"), ("取消", "unclaim:1")]

            # The card was deleted meanwhile: the edit becomes a fresh message.
            gone = message_id(group.id, 999999)
            fresh = await adapter.send(
                Outgoing(chat_id=chat_id, text="搬运工 已招满", edit_of=gone)
            )
            assert fresh != gone
            texts = [m["message"]["text"] for m in await peer.bot_messages(group)]
            assert "搬运工 已招满" in texts

    run(scenario())


def test_own_messages_and_service_messages_are_not_delivered(telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("新华镇零工群")
    sun = peer.new_user("孙大哥")
    me = {"id": peer.bot_id, "is_bot": True, "first_name": peer.bot_username}

    async def scenario() -> None:
        async with started(peer) as (_adapter, inbox):
            await peer.send_message(group, sun, "我自己说的话", from_json=me)
            await peer.send_message(group, sun, None, extra={"new_chat_members": [sun.as_json()]})
            await peer.send_message(group, sun, "标记")
            await inbox.wait(lambda m: in_chat(group)(m) and m.text == "标记")
            await asyncio.sleep(0.1)
            assert [m.text for m in inbox.matching(in_chat(group))] == ["标记"]

    run(scenario())


def test_sticker_and_photo_arrive_as_content_kinds(telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("宋洛乡零工群")
    zhou = peer.new_user("周婶")
    sticker = {
        "file_id": "CAACAgUAAxkBAAIB",
        "file_unique_id": "AgADBAAD",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    photo = [
        {"file_id": "AgACAgUAAxkBAAIC", "file_unique_id": "AQADBQAD", "width": 90, "height": 90}
    ]

    async def scenario() -> None:
        async with started(peer) as (_adapter, inbox):
            await peer.send_message(group, zhou, None, extra={"sticker": sticker})
            await peer.send_message(
                group, zhou, None, extra={"photo": photo, "caption": "工地照片"}
            )
            got = await inbox.wait(in_chat(group), count=2)
            assert [(m.content_kind, m.text) for m in got] == [("sticker", ""), ("photo", "")]

    run(scenario())


def test_platform_errors_are_translated(telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("下谷乡零工群")
    chat_id = f"telegram:{group.id}"

    async def scenario() -> None:
        async with started(peer) as (adapter, _inbox):
            await peer.inject_fault(
                group, "sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7
            )
            with pytest.raises(RetryAfter) as slow:
                await adapter.send(Outgoing(chat_id=chat_id, text="早报"))
            assert slow.value.seconds == 7

            await peer.inject_fault(
                group, "sendMessage", 403, "Forbidden: bot was kicked from the supergroup chat"
            )
            with pytest.raises(PermanentSendError):
                await adapter.send(Outgoing(chat_id=chat_id, text="早报"))

            await peer.inject_fault(group, "sendMessage", 400, "Bad Request: chat not found")
            with pytest.raises(PermanentSendError):
                await adapter.send(Outgoing(chat_id=chat_id, text="早报"))

            with pytest.raises(PermanentSendError):
                await adapter.send(Outgoing(chat_id=chat_id, text="长" * 4097))
            with pytest.raises(PermanentSendError):
                await adapter.send(
                    Outgoing(chat_id=chat_id, text="x", buttons=(Button("b", "d" * 65),))
                )

            # After the faults the chat works again.
            ok = await adapter.send(Outgoing(chat_id=chat_id, text="早报"))
            assert ok.startswith(f"telegram:{group.id}:")

    run(scenario())


def test_webhook_mode(telegram_peer: TelegramPeer) -> None:
    if not in_ci():  # CI installs the extra (.ci/peers.sh), so there it must run
        pytest.importorskip("tornado", reason="webhook mode needs python-telegram-bot[webhooks]")
    # The emulator keeps a webhook per token: a token of its own keeps polling tests unaffected.
    peer = dataclasses.replace(telegram_peer, token="7654321:lingong-webhook", process=None)
    group = peer.new_supergroup("阳日镇零工群")
    port = free_port()

    async def scenario() -> None:
        url = f"http://127.0.0.1:{port}/tg"
        async with started(peer, webhook_url=url, webhook_port=port) as (adapter, inbox):
            wu = peer.new_user("吴会计")
            mid = await peer.send_message(group, wu, "后天要2个泥瓦工")
            [msg] = await inbox.wait(in_chat(group))
            assert msg.id == f"telegram:{group.id}:{mid}"
            assert msg.text == "后天要2个泥瓦工"
            reply = await adapter.send(Outgoing(chat_id=msg.chat.id, text="收到", reply_to=msg.id))
            [stored] = await peer.wait_bot_messages(group)
            assert reply == message_id(group.id, stored["messageId"])

    run(scenario())


def test_from_settings_polls_the_configured_api(telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("九湖镇零工群")
    # The emulator never long-polls: its tests poll fast (real Telegram: the defaults).
    settings = TelegramSettings(token=peer.token, api_base_url=peer.api_base, poll_interval=0.02,
                                poll_timeout=0)

    async def scenario() -> None:
        adapter = TelegramAdapter.from_settings(settings)
        inbox = Inbox()
        await adapter.start(inbox)
        try:
            await peer.send_message(group, peer.new_user("郑大姐"), "找个保姆")
            [msg] = await inbox.wait(in_chat(group))
            assert msg.text == "找个保姆"
        finally:
            await adapter.stop()

    run(scenario())


def test_a_failed_start_leaves_nothing_running(telegram_peer: TelegramPeer) -> None:
    peer = dataclasses.replace(telegram_peer, token="7654322:lingong-busy-port", process=None)

    async def scenario() -> None:
        before = asyncio.all_tasks()
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            port = busy.getsockname()[1]
            adapter = TelegramAdapter(
                peer.token,
                base_url=peer.api_base,
                webhook_url=f"http://127.0.0.1:{port}/tg",
                webhook_port=port,
                webhook_path="tg",
            )
            with pytest.raises(Exception):  # noqa: B017 - PTB wraps the bind error its own way
                await adapter.start(Inbox())
        # Nothing half-started is left running, and the adapter starts cleanly afterwards.
        await asyncio.sleep(0.05)
        assert asyncio.all_tasks() == before
        await adapter.start(Inbox())
        await adapter.stop()

    run(scenario())


def test_the_user_side_can_wait_for_the_bots_next_message(telegram_peer: TelegramPeer) -> None:
    """What bench/roundtrip.py relies on: ``bot_message_count(chat, after, wait)`` answers as
    soon as the bot has said more than ``after`` in that chat — not for another chat's — and
    with nothing said, after the wait."""
    peer = telegram_peer

    async def scenario() -> None:
        user, other = peer.new_user("马师傅"), peer.new_user("牛师傅")
        chat, other_chat = peer.private_chat(user), peer.private_chat(other)
        async with httpx.AsyncClient(timeout=10) as client, started(peer) as (adapter, _):
            peer.client = client
            try:
                seen = await peer.bot_message_count(chat)
                t0 = time.monotonic()
                assert await peer.bot_message_count(chat, seen, wait=0.3) == seen
                assert time.monotonic() - t0 >= 0.25
                waiting = asyncio.create_task(peer.bot_message_count(chat, seen, wait=10))
                await adapter.send(Outgoing(chat_id=f"telegram:{other_chat.id}", text="别处"))
                await asyncio.sleep(0.2)
                assert not waiting.done()
                await adapter.send(Outgoing(chat_id=f"telegram:{chat.id}", text="稍等"))
                assert await asyncio.wait_for(waiting, 5) == seen + 1
            finally:
                peer.client = None

    run(scenario())
