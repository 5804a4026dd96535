"""What the app needs of a channel. Console, Telegram and WeChat implement it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from bot.message import Button, Message

Inbound = Callable[[Message], Awaitable[object]]


@dataclass(frozen=True)
class Outgoing:
    """One queued message, as the outbox hands it to an adapter."""

    chat_id: str  # platform-prefixed
    text: str
    buttons: tuple[Button, ...] = ()
    reply_to: str | None = None  # platform-prefixed message id
    edit_of: str | None = None  # platform-prefixed id of our earlier message to edit in place
    file_name: str | None = None  # send ``text`` as a file of this name (supports_files only)


@dataclass(frozen=True)
class Limits:
    """Send rate limits a platform enforces, which the outbox keeps below."""

    per_second_total: float  # messages a second across all chats
    per_minute_per_group: float  # into one group chat
    per_second_per_chat: float  # into any one chat
    daily_cap: int | None = None  # account-wide sends a day (WeChat throttling), None: no cap
    max_text: int = 4096  # characters in one message


class RetryAfter(Exception):
    """The platform asked us to wait (Telegram 429 ``retry_after``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class PermanentSendError(Exception):
    """Sending can never succeed (chat gone, bot blocked): the outbox gives up on the row."""


class Adapter(Protocol):
    platform: str
    limits: Limits
    supports_buttons: bool
    supports_edit: bool
    supports_files: bool  # can send a document; otherwise a file's text goes as messages

    async def start(self, inbound: Inbound) -> None:
        """Begin receiving; call ``inbound`` for every message. Returns once receiving runs."""

    async def stop(self) -> None: ...

    async def send(self, out: Outgoing) -> str:
        """Send (or edit, if ``out.edit_of``) and return the platform-prefixed message id."""
