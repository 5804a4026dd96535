"""Telegram channel: python-telegram-bot 22 as a transport only.

Updates become neutral ``Message`` objects; ``Outgoing`` becomes sendMessage/editMessageText.
Telegram message ids are unique only within a chat, so neutral message ids carry the chat:
``telegram:<chat id>:<message id>``. Button presses get ``telegram:cb:<callback query id>``.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, TypeAlias
from urllib.parse import urlsplit

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    ReplyParameters,
    Update,
)
from telegram import Message as TgMessage
from telegram import User as TgUser
from telegram.constants import MessageEntityType, MessageLimit
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, TelegramError
from telegram.error import RetryAfter as TgRetryAfter
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.adapters.base import Inbound, Limits, Outgoing, PermanentSendError, RetryAfter
from bot.clock import TZ
from bot.config import TelegramSettings
from bot.message import Button, Chat, ChatKind, Message, User, local_id

log = logging.getLogger(__name__)

PLATFORM = "telegram"
# Telegram's documented ceilings; the outbox keeps below them.
TELEGRAM_LIMITS = Limits(
    per_second_total=30.0,
    per_minute_per_group=20.0,
    per_second_per_chat=1.0,
    daily_cap=None,
    max_text=MessageLimit.MAX_TEXT_LENGTH,
)
BUTTONS_PER_ROW = 2
# Attachment kinds in the order PTB documents them; the first one present names the message.
_CONTENT_KINDS = (
    "animation",
    "audio",
    "document",
    "photo",
    "sticker",
    "story",
    "video",
    "video_note",
    "voice",
    "contact",
    "dice",
    "game",
    "poll",
    "venue",
    "location",
)
_UPDATES = ["message", "callback_query"]
# PTB's Application is generic over six context types this adapter never customises.
_AppType: TypeAlias = "Application[Any, Any, Any, Any, Any, Any]"


def message_id(chat_id: int, msg_id: int) -> str:
    return f"{PLATFORM}:{chat_id}:{msg_id}"


def split_message_id(prefixed: str) -> tuple[int, int]:
    """``telegram:-1001:42`` → ``(-1001, 42)``."""
    chat, sep, msg = local_id(prefixed).rpartition(":")
    if not sep:
        raise ValueError(f"not a telegram message id: {prefixed!r}")
    return int(chat), int(msg)


def chat_id_of(prefixed_chat: str) -> int:
    return int(local_id(prefixed_chat))


def content_kind(msg: TgMessage) -> str | None:
    """What the message carries, or None for service messages (joins, pins…)."""
    if msg.text is not None:
        return "text"
    for kind in _CONTENT_KINDS:
        if getattr(msg, kind, None):
            return kind
    return None


def keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    for b in buttons:
        if len(b.data.encode()) > 64:
            raise PermanentSendError(f"button data over Telegram's 64 bytes: {b.data!r}")
    rows = [
        [
            InlineKeyboardButton(b.label, callback_data=b.data)
            for b in buttons[i : i + BUTTONS_PER_ROW]
        ]
        for i in range(0, len(buttons), BUTTONS_PER_ROW)
    ]
    return InlineKeyboardMarkup(rows)


def _retry_seconds(exc: TgRetryAfter) -> float:
    # PTB 22 warns that retry_after will become a timedelta; accept both without the warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramAdapter:
    """Polling (default) or webhook (when ``webhook_url`` is set).

    ``base_url`` is PTB's: the API root up to and including ``/bot`` (the token follows), e.g.
    ``https://api.telegram.org/bot`` or an emulator's ``http://127.0.0.1:9000/bot``.
    """

    platform = PLATFORM
    limits = TELEGRAM_LIMITS
    supports_buttons = True
    supports_edit = True
    supports_files = True

    def __init__(
        self,
        token: str,
        *,
        base_url: str | None = None,
        poll_interval: float = 0.0,
        poll_timeout: int = 30,
        webhook_url: str | None = None,
        webhook_listen: str = "127.0.0.1",
        webhook_port: int = 8443,
        webhook_path: str = "",
        webhook_secret: str | None = None,
        drop_pending_updates: bool = False,
    ) -> None:
        if not token:
            raise ValueError("Telegram bot token is empty")
        self._token = token
        self._base_url = base_url
        self._poll_interval = poll_interval
        self._poll_timeout = poll_timeout
        self._webhook_url = webhook_url
        self._webhook_listen = webhook_listen
        self._webhook_port = webhook_port
        self._webhook_path = webhook_path
        self._webhook_secret = webhook_secret
        self._drop_pending = drop_pending_updates
        self._app: _AppType | None = None
        self._inbound: Inbound | None = None
        self._bot_user: TgUser | None = None

    @classmethod
    def from_settings(cls, settings: TelegramSettings) -> TelegramAdapter:
        webhook = settings.mode == "webhook"
        return cls(
            settings.token,
            base_url=settings.api_base_url or None,
            poll_interval=settings.poll_interval,
            webhook_url=settings.webhook_url if webhook else None,
            webhook_listen=settings.webhook_listen,
            webhook_port=settings.webhook_port,
            # Serve locally on the public URL's path; a reverse proxy usually keeps it.
            webhook_path=urlsplit(settings.webhook_url).path.lstrip("/") if webhook else "",
        )

    # -- lifecycle -------------------------------------------------------------------------

    def _build(self) -> _AppType:
        # One scheduler per process (APScheduler in bot/), so PTB's own job queue stays off.
        builder = (
            ApplicationBuilder()
            .token(self._token)
            .job_queue(None)
            # Stopping cancels the poll in flight, which can leave its pooled connection busy;
            # a second one lets PTB's final getUpdates (confirming the offset) go through.
            .get_updates_connection_pool_size(2)
        )
        if self._base_url:
            builder = builder.base_url(self._base_url)
        return builder.build()

    async def start(self, inbound: Inbound) -> None:
        if self._app is not None:
            raise RuntimeError("TelegramAdapter already started")
        self._inbound = inbound
        app = self._build()
        app.add_handler(TypeHandler(Update, self._on_update))
        app.add_error_handler(self._on_error)
        try:
            await app.initialize()
        except InvalidToken as exc:
            raise RuntimeError(f"Telegram rejected the bot token: {exc}") from exc
        self._bot_user = app.bot.bot
        try:
            await app.start()
            updater = app.updater
            if updater is None:
                raise RuntimeError("PTB Application was built without an Updater")
            if self._webhook_url:
                await updater.start_webhook(
                    listen=self._webhook_listen,
                    port=self._webhook_port,
                    url_path=self._webhook_path,
                    webhook_url=self._webhook_url,
                    secret_token=self._webhook_secret,
                    allowed_updates=_UPDATES,
                    drop_pending_updates=self._drop_pending,
                )
            else:
                await updater.start_polling(
                    poll_interval=self._poll_interval,
                    timeout=timedelta(seconds=self._poll_timeout),
                    allowed_updates=_UPDATES,
                    drop_pending_updates=self._drop_pending,
                )
        except BaseException:
            # A half-started PTB app keeps tasks and connections: take it down again.
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()
            raise
        self._app = app
        log.info("telegram adapter started as @%s", self._bot_user.username)

    async def stop(self) -> None:
        app, self._app = self._app, None
        if app is None:
            return
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    # -- inbound ---------------------------------------------------------------------------

    async def _on_update(self, update: object, _ctx: ContextTypes.DEFAULT_TYPE) -> None:
        if not isinstance(update, Update) or self._inbound is None:
            return
        if update.callback_query is not None:
            msg = self.button_to_message(update.callback_query)
            # Stop the client's spinner first; a failed answer must not lose the press.
            try:
                await update.callback_query.answer()
            except TelegramError as exc:
                log.warning("answerCallbackQuery failed: %s", exc)
        elif update.message is not None:
            msg = self.to_message(update.message)
        else:
            return
        if msg is not None:
            await self._inbound(msg)

    async def _on_error(self, update: object, ctx: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram update %r failed", update, exc_info=ctx.error)

    def _is_self(self, user: TgUser | None) -> bool:
        return user is not None and self._bot_user is not None and user.id == self._bot_user.id

    def to_message(self, msg: TgMessage) -> Message | None:
        """A user's message as a neutral Message; None for our own and for service messages."""
        if self._is_self(msg.from_user):
            return None
        kind = content_kind(msg)
        if kind is None:
            return None
        reply = msg.reply_to_message
        return Message(
            id=message_id(msg.chat.id, msg.message_id),
            chat=self._chat(msg),
            sender=self._user(msg.from_user, msg),
            date=msg.date.astimezone(TZ),
            text=msg.text or "",
            reply_to=message_id(reply.chat.id, reply.message_id) if reply else None,
            content_kind=kind,
            mentions_bot=self._mentions_bot(msg),
        )

    def button_to_message(self, query: CallbackQuery) -> Message | None:
        if self._is_self(query.from_user):
            return None
        origin = query.message
        if origin is not None:
            chat = Chat(
                id=f"{PLATFORM}:{origin.chat.id}",
                kind=ChatKind.PRIVATE if origin.chat.type == "private" else ChatKind.GROUP,
                title=origin.chat.title or origin.chat.full_name or "",
            )
            pressed_on: str | None = message_id(origin.chat.id, origin.message_id)
        else:
            # An inline-mode button has no message; answer it as a private exchange.
            chat = Chat(id=f"{PLATFORM}:{query.from_user.id}", kind=ChatKind.PRIVATE)
            pressed_on = None
        return Message(
            id=f"{PLATFORM}:cb:{query.id}",
            chat=chat,
            sender=self._user(query.from_user, None),
            date=datetime.now(TZ),
            reply_to=pressed_on,
            button_data=query.data or "",
            content_kind="button",
        )

    @staticmethod
    def _chat(msg: TgMessage) -> Chat:
        c = msg.chat
        kind = ChatKind.PRIVATE if c.type == "private" else ChatKind.GROUP
        return Chat(id=f"{PLATFORM}:{c.id}", kind=kind, title=c.title or c.full_name or "")

    @staticmethod
    def _user(user: TgUser | None, msg: TgMessage | None) -> User:
        if user is None:
            # Anonymous group admins and channel posts come without a user: speak for the chat.
            chat = (msg.sender_chat or msg.chat) if msg is not None else None
            if chat is None:
                raise ValueError("update without user or chat")
            return User(id=f"{PLATFORM}:{chat.id}", name=chat.title or chat.full_name or "")
        return User(id=f"{PLATFORM}:{user.id}", name=user.full_name, is_bot=user.is_bot)

    def _mentions_bot(self, msg: TgMessage) -> bool:
        me = self._bot_user
        if me is None:
            return False
        handle = f"@{me.username}".lower() if me.username else None
        for entity, text in msg.parse_entities().items():
            if entity.type == MessageEntityType.MENTION and handle and text.lower() == handle:
                return True
            if (
                entity.type == MessageEntityType.TEXT_MENTION
                and entity.user
                and entity.user.id == me.id
            ):
                return True
            if (
                entity.type == MessageEntityType.BOT_COMMAND
                and handle
                and text.lower().endswith(handle)
            ):
                return True
        return False

    # -- outbound --------------------------------------------------------------------------

    async def send(self, out: Outgoing) -> str:
        app = self._app
        if app is None:
            raise RuntimeError("TelegramAdapter.send before start")
        chat = chat_id_of(out.chat_id)
        if out.file_name is None and len(out.text) > self.limits.max_text:
            raise PermanentSendError(f"text of {len(out.text)} chars over {self.limits.max_text}")
        markup = keyboard(out.buttons)
        try:
            if out.file_name is not None:
                document = InputFile(out.text.encode("utf-8"), filename=out.file_name)
                sent = await app.bot.send_document(chat_id=chat, document=document,
                                                   reply_markup=markup)
                return message_id(sent.chat.id, sent.message_id)
            if out.edit_of is not None:
                edited = await self._edit(app, chat, out.edit_of, out.text, markup)
                if edited is not None:
                    return edited
            reply = None
            if out.reply_to is not None:
                reply_chat, reply_msg = split_message_id(out.reply_to)
                reply = ReplyParameters(
                    message_id=reply_msg,
                    chat_id=None if reply_chat == chat else reply_chat,
                    allow_sending_without_reply=True,
                )
            sent = await app.bot.send_message(
                chat_id=chat, text=out.text, reply_markup=markup, reply_parameters=reply
            )
            return message_id(sent.chat.id, sent.message_id)
        except TgRetryAfter as exc:
            raise RetryAfter(_retry_seconds(exc)) from exc
        except ChatMigrated as exc:
            raise PermanentSendError(
                f"group became supergroup {PLATFORM}:{exc.new_chat_id}; re-bind it"
            ) from exc
        except (Forbidden, BadRequest) as exc:
            raise PermanentSendError(str(exc)) from exc

    async def _edit(
        self,
        app: _AppType,
        chat: int,
        edit_of: str,
        text: str,
        markup: InlineKeyboardMarkup | None,
    ) -> str | None:
        """Edit in place; None when the old message is gone, so the caller sends anew."""
        edit_chat, edit_msg = split_message_id(edit_of)
        if edit_chat != chat:
            raise PermanentSendError(f"cannot edit {edit_of} into chat {chat}")
        try:
            await app.bot.edit_message_text(
                chat_id=chat, message_id=edit_msg, text=text, reply_markup=markup
            )
        except BadRequest as exc:
            reason = str(exc).lower()
            if "not modified" in reason:
                return edit_of
            if "not found" in reason or "can't be edited" in reason:
                log.info("message %s cannot be edited (%s); sending a new one", edit_of, exc)
                return None
            raise
        return edit_of
