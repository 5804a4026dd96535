"""A WeChat message whose payload lookup fails once is asked for again, not lost: WeChat never
sends a message twice, and a puppet just told of a new contact can fail the first lookup."""

from __future__ import annotations

import asyncio
from datetime import datetime
from types import SimpleNamespace

import pytest

from bot.adapters import wechat
from bot.clock import TZ
from bot.message import Chat, ChatKind, Message, User


def hello(message_id: str) -> Message:
    chat = Chat("wechat:wxid_boss", ChatKind.PRIVATE, "孙老板")
    return Message(id=f"wechat:{message_id}", chat=chat,
                   sender=User("wechat:wxid_boss", "孙老板"),
                   date=datetime(2027, 3, 4, 9, 0, tzinfo=TZ), text="你好")


def adapter_failing(times: int, received: list[Message]) -> wechat.WechatAdapter:
    adapter = wechat.WechatAdapter("127.0.0.1:1", "token")
    adapter._puppet = object()  # started: only a stop empties it
    failures = [times]

    async def fetch(message_id: str) -> Message | None:
        if failures[0] > 0:
            failures[0] -= 1
            raise ConnectionError("contact wxid_boss not ready")
        return hello(message_id)

    async def inbound(message: Message) -> None:
        received.append(message)

    adapter.fetch = fetch  # type: ignore[method-assign]
    adapter._inbound = inbound
    return adapter


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wechat, "FETCH_RETRIES", (0.0, 0.0, 0.0, 0.0))


def test_a_lookup_that_fails_once_still_brings_the_message_in() -> None:
    received: list[Message] = []
    adapter = adapter_failing(1, received)
    asyncio.run(adapter._on_message(SimpleNamespace(message_id="m1")))
    assert [m.text for m in received] == ["你好"]


def test_a_lookup_failing_every_time_gives_up_after_its_retries() -> None:
    received: list[Message] = []
    adapter = adapter_failing(len(wechat.FETCH_RETRIES) + 1, received)
    asyncio.run(adapter._on_message(SimpleNamespace(message_id="m2")))
    assert received == []


def test_a_stopped_adapter_does_not_keep_asking() -> None:
    received: list[Message] = []
    adapter = adapter_failing(1, received)
    adapter._puppet = None
    asyncio.run(adapter._on_message(SimpleNamespace(message_id="m3")))
    assert received == []
