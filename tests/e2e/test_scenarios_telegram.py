"""The whole bot on Telegram: real emulator, real PTB, the full app (dispatcher, outbox, sender)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterator
from typing import Any

import pytest

from bot.adapters.telegram import TelegramAdapter
from tests.e2e.harness import TelegramPeer, TgChat, markup_buttons, wait_for
from tests.e2e.live import LiveApp

Json = dict[str, Any]


def run(coro: Awaitable[None]) -> None:
    asyncio.run(asyncio.wait_for(coro, 60))


@pytest.fixture(scope="module")
def live(
    telegram_peer: TelegramPeer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveApp]:
    peer = telegram_peer

    def adapter() -> TelegramAdapter:
        return TelegramAdapter(
            peer.token, base_url=peer.api_base, poll_interval=0.02, poll_timeout=0
        )

    app = LiveApp(adapter, tmp_path_factory.mktemp("lingong-tg")).start()
    try:
        yield app
    finally:
        app.stop()


async def until(peer: TelegramPeer, chat: TgChat, pred: Any, timeout: float = 10.0) -> Json:
    """The first new bot message in ``chat`` that satisfies ``pred`` (earlier ones are read)."""

    async def probe() -> Json | None:
        for m in await peer.bot_messages(chat):
            if pred(m):
                return m
        return None

    return await wait_for(probe, timeout)


async def edited(peer: TelegramPeer, chat: TgChat, message_id: int, needle: str) -> Json:
    async def probe() -> Json | None:
        m = await peer.bot_message(chat.id, message_id)
        return m if m is not None and needle in m["message"]["text"] else None

    return await wait_for(probe, 10)


def test_job_post_gets_a_card_and_a_button_press_claims(
    live: LiveApp, telegram_peer: TelegramPeer
) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("青天村零工群")
    live.bind_group(f"telegram:{group.id}", group.title, "青天村")
    boss, worker = peer.new_user("王老板"), peer.new_user("张三")

    async def scenario() -> None:
        await peer.send_message(group, boss, "明天要3个搬运工,150一天,电话13812345678")
        card = await until(peer, group, lambda m: bool(markup_buttons(m)))
        text = card["message"]["text"]
        assert "搬运工" in text and "3人" in text and "150" in text
        assert "13812345678" not in text  # the phone stays private in the group
        labels = dict(markup_buttons(card))
        assert "报名" in labels

        await peer.press_button(worker, card, labels["报名"])
        ack = await until(peer, group, lambda m: "张三" in m["message"]["text"])
        assert "报名成功" in ack["message"]["text"]
        await edited(peer, group, card["messageId"], "1/3")

    run(scenario())


def test_claimant_sees_the_phone_in_private(live: LiveApp, telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("红坪镇零工群")
    live.bind_group(f"telegram:{group.id}", group.title, "红坪镇")
    boss, worker = peer.new_user("钱老板"), peer.new_user("孙五")
    dm = peer.private_chat(worker)

    async def scenario() -> None:
        await peer.send_message(group, boss, "明天要2个小工,140一天,电话13700001111")
        card = await until(peer, group, lambda m: bool(markup_buttons(m)))
        await peer.press_button(worker, card, dict(markup_buttons(card))["报名"])
        await until(peer, group, lambda m: "孙五" in m["message"]["text"])
        await peer.send_message(dm, worker, "我的报名")
        mine = await until(peer, dm, lambda m: True)
        assert "13700001111" in mine["message"]["text"]

    run(scenario())


def test_typed_claim_in_reply_to_the_card(live: LiveApp, telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("松柏镇零工群")
    live.bind_group(f"telegram:{group.id}", group.title, "松柏镇")
    boss, worker = peer.new_user("赵老板"), peer.new_user("李四")

    async def scenario() -> None:
        await peer.send_message(group, boss, "后天招2个采茶工,一天120,电话13987654321")
        card = await until(peer, group, lambda m: bool(markup_buttons(m)))
        await peer.send_message(group, worker, "报名", reply_to=peer.as_seen(card))
        ack = await until(peer, group, lambda m: "李四" in m["message"]["text"])
        assert "报名成功" in ack["message"]["text"]
        await edited(peer, group, card["messageId"], "1/2")

    run(scenario())
