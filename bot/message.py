"""Platform-neutral message types. Every id carries its platform: ``telegram:-1001``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

# What no database here can store: NUL (PostgreSQL text) and lone surrogates (not UTF-8 at all).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


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
    # The text as it arrived, escaped (``escaped``), when it had to be cleaned to be stored.
    raw_text: str | None = None
    # What the sender wrote, when routing reads ``text`` in plainer forms (bot/forms.py:
    # Traditional, dialect, full-width); None when the two are the same.
    written: str | None = None

    @property
    def platform(self) -> str:
        return platform_of(self.id)

    @property
    def as_written(self) -> str:
        """The text as the sender wrote it: what is stored and what the parser reads."""
        return self.text if self.written is None else self.written


@dataclass(frozen=True)
class Button:
    label: str
    data: str


# session.info key: the chat of the message being handled (set by the dispatcher while its
# handler runs). A card refresh there is not held through quiet hours: people are talking now.
HANDLING_CHAT = "message.handling_chat"


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


def clean_text(text: str) -> str:
    """``text`` as every database can keep it: a surrogate pair that arrived as two code points
    becomes its character, a lone surrogate becomes U+FFFD, NUL characters are dropped."""
    if not _UNSTORABLE.search(text):
        return text
    joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return joined.replace("\x00", "")


def escaped(text: str) -> str:
    """``text`` in ASCII, every code point kept exactly (Python's ``unicode_escape``: a lone
    surrogate stays ``\\ud800``, NUL is ``\\x00``); ``unescaped`` turns it back."""
    return text.encode("unicode_escape").decode("ascii")


def unescaped(raw: str) -> str:
    return raw.encode("ascii").decode("unicode_escape")


def storable(message: Message) -> Message:
    """The message with every string cleaned (``clean_text``); the original text is kept,
    escaped, in ``raw_text`` when cleaning changed it. Idempotent."""
    text = clean_text(message.text)
    raw = message.raw_text
    if text != message.text and raw is None:
        raw = escaped(message.text)
    chat, sender = message.chat, message.sender
    return replace(
        message,
        id=clean_text(message.id),
        chat=replace(chat, id=clean_text(chat.id), title=clean_text(chat.title)),
        sender=replace(sender, id=clean_text(sender.id), name=clean_text(sender.name)),
        text=text,
        reply_to=None if message.reply_to is None else clean_text(message.reply_to),
        button_data=None if message.button_data is None else clean_text(message.button_data),
        content_kind=clean_text(message.content_kind),
        raw_text=raw,
    )


def platform_of(prefixed_id: str) -> str:
    platform, sep, _ = prefixed_id.partition(":")
    if not sep or not platform:
        raise ValueError(f"id without platform prefix: {prefixed_id!r}")
    return platform


def local_id(prefixed_id: str) -> str:
    """The platform's own id, without the prefix."""
    platform_of(prefixed_id)
    return prefixed_id.split(":", 1)[1]
