"""Platform-neutral message types. Every id carries its platform: ``telegram:-1001``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True)
class User:
    id: str  # "telegram:12345", "wechat:wxid_abc", "console:王大爷"
    name: str
    is_bot: bool = False

    @property
    def platform(self) -> str:
        return platform_of(self.id)


@dataclass(frozen=True)
class Chat:
    id: str  # "telegram:-1001234", "wechat:room1@chatroom", "console:group:青天村群"
    kind: ChatKind
    title: str = ""

    @property
    def platform(self) -> str:
        return platform_of(self.id)

    @property
    def is_private(self) -> bool:
        return self.kind is ChatKind.PRIVATE


@dataclass(frozen=True)
class Message:
    """One inbound message or button press, as every adapter hands it to the dispatcher."""

    id: str  # platform-prefixed and unique per platform: the idempotency key
    chat: Chat
    sender: User
    date: datetime  # timezone-aware
    text: str = ""
    reply_to: str | None = None  # platform-prefixed id of the message replied to
    button_data: str | None = None  # set when this is a button press, text is then empty
    content_kind: str = "text"  # "text", "button", or what the platform said it was (sticker…)
    mentions_bot: bool = False

    @property
    def platform(self) -> str:
        return platform_of(self.id)


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    """What a handler asks to send. ``chat_id`` None means the chat the message came from."""

    text: str
    chat_id: str | None = None
    buttons: tuple[Button, ...] = ()
    reply_to: str | None = None
    # A stable key (e.g. "card:job:12:group:…") lets a later reply edit this one in place.
    card_key: str | None = None
    edit: bool = False  # True: edit the message sent earlier under card_key, if any
    kind: str | None = None  # reply | card | push | digest | broadcast | notice
    job_id: int | None = None  # the job this message is about (delivery log, replies to it)
    broadcast_id: int | None = None
    on_behalf_of: int | None = None  # person id, for relay attribution
    not_before: datetime | None = None  # hold until then (quiet hours)
    dedupe_key: str | None = None  # never queue two messages with this key
    attachment: str | None = None  # a file name: the text goes as that file where it can
    # Made again when it goes out: the name of a renderer the handlers register
    # (handlers.build_renderers) and what it needs; see storage/outbox.py Renderer.
    render: str | None = None
    render_data: Mapping[str, Any] | None = None


def platform_of(prefixed_id: str) -> str:
    platform, sep, _ = prefixed_id.partition(":")
    if not sep or not platform:
        raise ValueError(f"id without platform prefix: {prefixed_id!r}")
    return platform


def local_id(prefixed_id: str) -> str:
    """The platform's own id, without the prefix."""
    platform_of(prefixed_id)
    return prefixed_id.split(":", 1)[1]
