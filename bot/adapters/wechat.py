"""WeChat channel through a wechaty puppet service (gRPC), with the Python wechaty SDK.

Needs the optional extra ``lingong[wechat]`` (wechaty 0.10.7, pyee<12, urllib3<2); it is imported
only when the adapter starts, so the rest of lingong runs without it.

The SDK's puppet layer (``wechaty_puppet_service.PuppetService``) is used directly rather than
the ``Wechaty`` class: the latter creates ``.wechaty/job.db`` in the working directory on import,
starts its own APScheduler and a check of local port 5000 on login, sleeps 60 s and retries on a
network error, and stops the whole event loop on a puppet error. None of that suits a process
with one scheduler and its own supervision.

Ids: chats ``wechat:<room id>`` (rooms contain ``@``) or ``wechat:<contact id>`` (DMs), senders
``wechat:<contact id>``, messages ``wechat:<message id>``. WeChat has no buttons and no edits:
buttons become ``回复「报名」`` lines, and the handlers accept the label as a command.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import time
import uuid
import warnings
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot import logs
from bot.adapters.base import (
    Inbound,
    Limits,
    Outgoing,
    PermanentSendError,
    RetryAfter,
    StartupError,
)
from bot.clock import TZ
from bot.config import WechatSettings
from bot.message import Chat, ChatKind, Message, User, local_id

log = logging.getLogger(__name__)

PLATFORM = "wechat"
AT_SEPARATOR = "\u2005"  # WeChat puts a four-per-em space after an @name
MAX_TEXT = 2000  # WeChat takes more, but long texts fold on old phones
NAME_TTL = 300.0  # seconds a contact name or room topic is trusted
# Authors of the latest messages read, by message id: a reply into a room @mentions the author
# of the message it answers, which was read when it came (one puppet call fewer a reply).
AUTHORS_KEPT = 2000
RETRY_TOO_FREQUENT = 600.0  # back off this long on "操作过于频繁"
RECONNECT_MAX = 60.0
# A message's payload asked again after these pauses (s) before it is given up for lost: a
# puppet just told of a new contact or room can fail the first lookup.
FETCH_RETRIES = (0.2, 0.5, 1.0, 2.0)
# Private messages are not what gets an account throttled (bursts into groups are): a person
# hears a reply, a push and a confirmation at once, one a second per chat at most.
PRIVATE_PER_SECOND = 3.0
PER_CHAT_PER_SECOND = 1.0
# The SDK's own log format: its loggers (with this format) are made to use lingong's instead.
_SDK_LOG_FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"

# wechaty-grpc MessageType values (after the SDK's mapping) → neutral content kinds.
_KINDS = {
    1: "document",
    2: "voice",
    3: "contact",
    4: "sticker",
    5: "photo",
    6: "text",
    7: "video",
    8: "chat_history",
    9: "location",
    10: "mini_program",
    11: "transfer",
    12: "red_envelope",
    13: "recalled",
    14: "url",
}
_TEXT = 6


class WechatUnavailable(StartupError):
    """The wechaty SDK is missing, or the puppet service cannot be reached or logged into."""


@dataclass(frozen=True)
class _Sdk:
    puppet_service: Any
    puppet_options: Any
    grpc_error: type[Exception]


def _load_sdk() -> _Sdk:
    """Import the SDK with the fixes it needs on Python 3.11."""
    # The SDK logs every event at INFO through its own handlers; quiet unless asked otherwise.
    os.environ.setdefault("WECHATY_LOG", "warn")
    try:
        with warnings.catch_warnings():
            # wechaty_puppet_service imports telnetlib (deprecated in 3.11, gone in 3.13).
            warnings.simplefilter("ignore", DeprecationWarning)
            from grpclib.exceptions import GRPCError
            from wechaty_puppet import PuppetOptions
            from wechaty_puppet_service import PuppetService
    except ImportError as exc:
        # pyee 12 dropped AsyncIOEventEmitter and urllib3 2 dropped get_host: both fail here.
        raise WechatUnavailable(
            "the WeChat channel needs the optional extra: "
            f'pip install "lingong[wechat]" (wechaty==0.10.7, pyee<12, urllib3<2): {exc}'
        ) from exc
    _adopt_sdk_loggers()
    return _Sdk(PuppetService, PuppetOptions, GRPCError)


def _adopt_sdk_loggers() -> None:
    """The SDK gives each of its loggers a stderr handler of its own, past lingong's (which
    hides tokens and phones): send their records through lingong's handlers instead."""
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if not isinstance(logger, logging.Logger) or logger.propagate:
            continue
        own = [h for h in logger.handlers
               if h.formatter is not None and h.formatter._fmt == _SDK_LOG_FORMAT]
        if own and len(own) == len(logger.handlers):
            logger.handlers = []
            logger.propagate = True


def button_lines(labels: list[str]) -> str:
    return "\n".join(f"回复「{label}」" for label in labels)


def render(out: Outgoing) -> str:
    """The text WeChat gets: buttons turned into reply hints (a hint the text already gives,
    回复「报名」, is not repeated)."""
    labels = [b.label for b in out.buttons if f"回复「{b.label}」" not in out.text]
    if not labels:
        return out.text
    return f"{out.text}\n\n{button_lines(labels)}"


def _send_error(exc: Exception) -> Exception | None:
    """A puppet's gRPC error as the outbox understands it (wait, or give up); None: retry."""
    reason = f"{getattr(exc, 'status', '')} {getattr(exc, 'message', '')}".strip()
    if "频繁" in reason:
        return RetryAfter(RETRY_TOO_FREQUENT)
    if any(s in reason for s in ("NOT_FOUND", "INVALID_ARGUMENT", "PERMISSION_DENIED")):
        return PermanentSendError(reason)
    return None


def _timestamp_seconds(ts: float) -> float:
    # Puppets disagree on seconds vs milliseconds; 1e11 s is the year 5138.
    return ts / 1000.0 if ts > 1e11 else float(ts)


def _is_room(conversation_id: str) -> bool:
    # Room ids carry an "@" (``123@chatroom``); contact ids never do.
    return "@" in conversation_id


class WechatAdapter:
    """One WeChat account behind a wechaty puppet service."""

    platform = PLATFORM
    supports_buttons = False
    supports_edit = False
    supports_files = True

    def __init__(
        self,
        endpoint: str,
        token: str,
        *,
        start_timeout: float = 30.0,
        send_interval: float = 3.0,
        daily_cap: int | None = 300,
        reconnect: bool = True,
    ) -> None:
        if not endpoint:
            # Without an endpoint the SDK asks a public discovery service, unreachable here.
            raise ValueError("wechat endpoint (host:port of the puppet service) is required")
        if send_interval <= 0:
            raise ValueError("send_interval must be positive")
        logs.hide(token)
        self.endpoint = endpoint
        self.token = token
        self.start_timeout = start_timeout
        self.reconnect = reconnect
        # Accounts get throttled ("操作过于频繁") or banned for bursts into groups: one group
        # send per interval, across all groups; private chats are not spaced by it.
        self.limits = Limits(
            per_second_total=max(PRIVATE_PER_SECOND, 1.0 / send_interval),
            per_minute_per_group=60.0 / send_interval,
            per_second_per_chat=PER_CHAT_PER_SECOND,
            daily_cap=daily_cap,
            max_text=MAX_TEXT,
            group_interval=send_interval,
        )
        self._sdk: _Sdk | None = None
        self._puppet: Any = None
        self._inbound: Inbound | None = None
        self._task: asyncio.Task[None] | None = None
        self._supervisor: asyncio.Task[None] | None = None
        self._logged_in = asyncio.Event()
        self._self_id = ""
        self._self_name = ""
        self._login_ts = 0.0
        self._names: dict[str, tuple[float, str]] = {}
        self._authors: dict[str, str] = {}  # message id → its author's contact id (AUTHORS_KEPT)
        self._stopping = False

    @classmethod
    def from_settings(cls, settings: WechatSettings) -> WechatAdapter:
        return cls(
            settings.endpoint,
            settings.token,
            start_timeout=settings.start_timeout,
            send_interval=settings.send_interval,
            daily_cap=settings.daily_cap,
        )

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self, inbound: Inbound) -> None:
        if self._puppet is not None or self._supervisor is not None:
            raise RuntimeError("WechatAdapter already started")
        self._sdk = _load_sdk()
        self._inbound = inbound
        self._stopping = False
        await self._connect()
        if self.reconnect:
            self._supervisor = asyncio.create_task(self._supervise(), name="wechat-supervisor")

    async def _connect(self) -> None:
        """Open the event stream and wait, bounded, for the login event."""
        sdk = self._sdk
        assert sdk is not None
        self._logged_in = asyncio.Event()
        options = sdk.puppet_options(end_point=self.endpoint, token=self.token)
        # The SDK warns that "the endpoint will be used" whenever a token comes with it, though
        # the token is what authenticates; hush that one construction-time warning.
        sdk_log = logging.getLogger("PuppetService")
        level = sdk_log.level
        sdk_log.setLevel(logging.ERROR)
        try:
            with warnings.catch_warnings():
                # pyee 11 warns that AsyncIOEventEmitter moved; pyee<12 is pinned for it to exist.
                warnings.simplefilter("ignore", DeprecationWarning)
                puppet = sdk.puppet_service(options)
        finally:
            sdk_log.setLevel(level)
        puppet.on("login", self._on_login)
        puppet.on("logout", self._on_logout)
        puppet.on("message", self._on_message)
        self._puppet = puppet
        # start() blocks for the life of the event stream.
        task = asyncio.create_task(puppet.start(), name="wechat-events")
        self._task = task
        login = asyncio.create_task(self._logged_in.wait())
        done, _ = await asyncio.wait(
            {task, login}, timeout=self.start_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if login in done:
            return
        login.cancel()
        await self._close()
        if task in done:
            cause = task.exception() if not task.cancelled() else None
            raise WechatUnavailable(self._failure(cause)) from cause
        raise WechatUnavailable(
            f"wechat: the puppet service at [wechat] endpoint = {self.endpoint} did not log in "
            f"within start_timeout = {self.start_timeout:.0f}s: is it a TLS endpoint (the SDK "
            "speaks plaintext gRPC only), and is the account scanned in?"
        )

    def _failure(self, cause: BaseException | None) -> str:
        """One line naming the setting and the fix. The service's own words are left out: it
        quotes the token it refused."""
        status = str(getattr(cause, "status", "") or "")
        if "UNAUTHENTICATED" in status:
            return ("wechat: the puppet service at [wechat] endpoint = "
                    f"{self.endpoint} refused the token (UNAUTHENTICATED): set "
                    "LINGONG_WECHAT_TOKEN (or [wechat] token_file) to the puppet service's token")
        return (f"wechat: cannot use the puppet service at [wechat] endpoint = {self.endpoint} "
                f"({status.removeprefix('Status.') or type(cause).__name__}): check the host:port, "
                "that the service runs, and that it speaks plaintext gRPC")

    async def _supervise(self) -> None:
        """Reconnect with backoff when the event stream ends while we are not stopping."""
        delay = 1.0
        while not self._stopping:
            task = self._task
            if task is not None:
                try:
                    await task
                except asyncio.CancelledError:
                    if self._stopping:
                        return
                except Exception as exc:
                    log.warning("wechat event stream ended: %r", exc)
            if self._stopping:
                return
            log.warning("wechat event stream closed; reconnecting in %.0fs", delay)
            await asyncio.sleep(delay)
            try:
                await self._close()
                await self._connect()
                delay = 1.0
            except WechatUnavailable as exc:
                log.warning("wechat reconnect failed: %s", exc)
                delay = min(delay * 2, RECONNECT_MAX)

    async def stop(self) -> None:
        self._stopping = True
        supervisor, self._supervisor = self._supervisor, None
        if supervisor is not None:
            supervisor.cancel()
            await asyncio.gather(supervisor, return_exceptions=True)
        await self._close()
        self._inbound = None

    async def _close(self) -> None:
        # No Stop RPC: that would log the account out on the service; closing the channel ends
        # our stream and leaves the account logged in for the next start.
        task, self._task = self._task, None
        puppet, self._puppet = self._puppet, None
        self._logged_in.clear()
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        if puppet is not None:
            puppet._event_stream.remove_all_listeners()
            if puppet.channel is not None:
                puppet.channel.close()
                puppet.channel = None

    # -- inbound ---------------------------------------------------------------------------

    async def _on_login(self, payload: Any) -> None:
        try:
            self._self_id = payload.contact_id
            self._login_ts = time.time()
            contact = await self._puppet.contact_payload(self._self_id)
            self._self_name = contact.name
            log.debug("wechat logged in as %s (%s)", self._self_name, self._self_id)
        except Exception:
            log.exception("wechat login handling failed")
        finally:
            self._logged_in.set()

    async def _on_logout(self, payload: Any) -> None:
        log.warning("wechat account %s logged out", getattr(payload, "contact_id", "?"))
        self._logged_in.clear()

    async def _on_message(self, payload: Any) -> None:
        message_id = getattr(payload, "message_id", "?")
        try:
            msg = await self._fetch_retrying(message_id)
            if msg is not None and self._inbound is not None:
                await self._inbound(msg)
        except Exception:
            if self._puppet is None:  # stopped meanwhile: the connection went with it
                log.debug("wechat message %s dropped at stop", message_id)
                return
            log.exception("wechat message %s failed", message_id)

    async def _fetch_retrying(self, message_id: str) -> Message | None:
        """``fetch``, asked again after a failed lookup: WeChat does not send a message twice,
        so one failed gRPC call would lose it."""
        for pause in FETCH_RETRIES:
            try:
                return await self.fetch(message_id)
            except Exception as exc:
                if self._puppet is None:
                    raise
                log.warning("wechat message %s: lookup failed (%r), asking again", message_id,
                            exc)
                await asyncio.sleep(pause)
        return await self.fetch(message_id)

    async def fetch(self, message_id: str) -> Message | None:
        """The neutral Message for a puppet message id; None for ours and for replayed history."""
        p = await self._puppet.message_payload(message_id)
        if p.from_id and p.id:
            _keep(self._authors, str(p.id), str(p.from_id), AUTHORS_KEPT)
        if not p.from_id or p.from_id == self._self_id:
            return None
        sent_at = _timestamp_seconds(p.timestamp)
        if sent_at < self._login_ts - 1.0:
            # Real WeChat replays recent history on login; it was seen (or missed) before.
            return None
        if p.room_id:
            # Both names at once (each a puppet call when not known yet).
            talker, topic = await asyncio.gather(
                self._name(p.from_id, room=False), self._name(p.room_id, room=True))
            chat = Chat(f"{PLATFORM}:{p.room_id}", ChatKind.GROUP, topic)
        else:
            talker = await self._name(p.from_id, room=False)
            chat = Chat(f"{PLATFORM}:{p.from_id}", ChatKind.PRIVATE, talker)
        kind_value = int(p.type)
        is_text = kind_value == _TEXT
        return Message(
            id=f"{PLATFORM}:{p.id}",
            chat=chat,
            sender=User(f"{PLATFORM}:{p.from_id}", talker),
            date=datetime.fromtimestamp(sent_at, TZ),
            text=p.text if is_text else "",
            content_kind=_KINDS.get(kind_value, "unknown"),
            mentions_bot=bool(p.room_id) and is_text and self._mentions_me(p),
        )

    def _mentions_me(self, p: Any) -> bool:
        if self._self_id in (p.mention_ids or []):
            return True
        # Some puppets leave mention_ids empty; the text still reads "@name ".
        if not self._self_name:
            return False
        at = f"@{self._self_name}"
        text: str = p.text or ""
        i = text.find(at)
        while i >= 0:
            after = text[i + len(at) : i + len(at) + 1]
            if after in ("", AT_SEPARATOR, " "):
                return True
            i = text.find(at, i + 1)
        return False

    async def _name(self, wx_id: str, room: bool) -> str:
        cached = self._names.get(wx_id)
        if cached is not None and time.monotonic() - cached[0] < NAME_TTL:
            return cached[1]
        try:
            if room:
                name = (await self._puppet.room_payload(wx_id)).topic
            else:
                name = (await self._puppet.contact_payload(wx_id)).name
        except Exception as exc:
            log.warning("wechat name of %s unavailable: %r", wx_id, exc)
            return cached[1] if cached else ""
        self._names[wx_id] = (time.monotonic(), name)
        return str(name)

    # -- outbound --------------------------------------------------------------------------

    async def send(self, out: Outgoing) -> str:
        """Send text; buttons become reply hints, an edit becomes a new message, and a reply in
        a room @mentions whoever wrote the message replied to."""
        puppet = self._puppet
        sdk = self._sdk
        if puppet is None or sdk is None:
            raise RuntimeError("WechatAdapter.send before start")
        if not self._logged_in.is_set():
            raise RuntimeError("WeChat account not logged in")
        conversation = local_id(out.chat_id)
        if out.file_name is not None:
            return await self._send_file(conversation, out.file_name, out.text)
        text = render(out)
        if len(text) > self.limits.max_text:
            raise PermanentSendError(f"text of {len(text)} chars over {self.limits.max_text}")
        mention_ids: list[str] = []
        if out.reply_to is not None and _is_room(conversation):
            addressee = await self._author_of(local_id(out.reply_to))
            if addressee and addressee != self._self_id:
                name = await self._name(addressee, room=False)
                text = f"@{name}{AT_SEPARATOR}{text}"
                mention_ids = [addressee]
        try:
            sent_id = await puppet.message_send_text(conversation, text, mention_ids)
        except sdk.grpc_error as exc:
            mapped = _send_error(exc)
            if mapped is None:
                raise
            raise mapped from exc
        return self._sent_id(sent_id, conversation)

    async def _send_file(self, conversation: str, name: str, content: str) -> str:
        """A text file (UTF-8) through the puppet's messageSendFile."""
        from wechaty_puppet import FileBox

        logging.getLogger("FileBox").setLevel(logging.ERROR)  # a deprecation note per send
        box = FileBox.from_base64(base64.b64encode(content.encode("utf-8")), name=name)
        assert self._sdk is not None
        try:
            with warnings.catch_warnings():
                # The SDK serialises a FileBox through a property that warns it is deprecated.
                warnings.simplefilter("ignore", DeprecationWarning)
                sent_id = await self._puppet.message_send_file(conversation, box)
        except self._sdk.grpc_error as exc:
            mapped = _send_error(exc)
            if mapped is None:
                raise
            raise mapped from exc
        return self._sent_id(sent_id, conversation)

    def _sent_id(self, sent_id: str | None, conversation: str) -> str:
        if not sent_id:
            # Some puppets do not report the id; keep ids unique for the outbox all the same.
            log.info("wechat puppet returned no message id for a send to %s", conversation)
            return f"{PLATFORM}:sent-{uuid.uuid4().hex}"
        return f"{PLATFORM}:{sent_id}"

    async def _author_of(self, message_id: str) -> str | None:
        known = self._authors.get(message_id)
        if known is not None:
            return known
        try:
            p = await self._puppet.message_payload(message_id)
        except Exception as exc:
            log.info("wechat message %s not found for a reply: %r", message_id, exc)
            return None
        return str(p.from_id) if p.from_id else None


def _keep(kept: dict[str, Any], key: str, value: Any, most: int) -> None:
    """Remember ``key`` in ``kept``, forgetting the oldest entries beyond ``most``."""
    kept[key] = value
    while len(kept) > most:
        del kept[next(iter(kept))]
