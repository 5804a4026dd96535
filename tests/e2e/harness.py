"""Run the real test peers (Node) and play the human side of each platform.

``TelegramPeer`` wraps the telegram-test-api emulator (tests/e2e/peers/telegram_peer.js): the bot
talks to it through python-telegram-bot with ``base_url``, tests talk to its client API.
``WechatPeer`` wraps a wechaty PuppetServer + PuppetMock (tests/e2e/peers/wechat_peer.js): the
bot talks gRPC, tests talk to its HTTP control endpoint.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import logging
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import httpx

from bot.message import Message

PEERS_DIR = Path(__file__).resolve().parent / "peers"
NPM_TIMEOUT = 300.0
READY_TIMEOUT = 30.0
T = TypeVar("T")


def run(coro: Awaitable[T], timeout: float = 60) -> T:
    """Run one scenario on a fresh event loop, bounded so a lost message fails, not hangs."""
    return asyncio.run(asyncio.wait_for(coro, timeout))
# One TLS context for every client: httpx builds a fresh one per client otherwise (~20 ms),
# which would dominate round trips measured against local plaintext peers.
_TLS = ssl.create_default_context()


def _http() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=10, verify=_TLS)


@asynccontextmanager
async def _client(kept: httpx.AsyncClient | None) -> AsyncIterator[httpx.AsyncClient]:
    """The peer's kept client (``peer.client``, one event loop's), else a new one for this call
    (making one costs milliseconds of CPU: a benchmark keeps one)."""
    if kept is not None:
        yield kept
        return
    async with _http() as client:
        yield client


Json = dict[str, Any]


class PeerError(RuntimeError):
    """A peer could not be installed or started."""


def node_available() -> bool:
    return shutil.which("node") is not None


def ensure_node_modules() -> None:
    """``npm ci`` (install scripts off: the peers need none) when node_modules is missing."""
    if (PEERS_DIR / "node_modules").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise PeerError("npm not found; install Node.js 20+ with npm")
    try:
        proc = subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=PEERS_DIR,
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PeerError(f"npm ci took over {NPM_TIMEOUT:.0f}s in {PEERS_DIR}") from exc
    if proc.returncode != 0:
        raise PeerError(
            f"npm ci failed in {PEERS_DIR}:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class PeerProcess:
    """A Node peer as a subprocess that prints ``<READY_WORD> {json}`` once it serves."""

    def __init__(self, script: str, args: list[str], ready_word: str) -> None:
        self.script = script
        self.args = args
        self.ready_word = ready_word
        self.info: Json = {}
        self._proc: subprocess.Popen[str] | None = None
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self._lines: list[str] = []

    def start(self, timeout: float = READY_TIMEOUT) -> Json:
        node = shutil.which("node")
        if node is None:
            raise PeerError("node not found")
        ensure_node_modules()
        self._proc = subprocess.Popen(
            [node, self.script, *self.args],
            cwd=PEERS_DIR,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
        )
        ready = threading.Event()
        threading.Thread(target=self._read_stdout, args=(ready,), daemon=True).start()
        if not ready.wait(timeout) or not self.info:
            detail = self.output()
            self.stop()
            raise PeerError(f"{self.script} not ready within {timeout:.0f}s:\n{detail}")
        return self.info

    def _read_stdout(self, ready: threading.Event) -> None:
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        for line in proc.stdout:
            self._lines.append(line)
            word, _, rest = line.strip().partition(" ")
            if word == self.ready_word and not ready.is_set():
                self.info = json.loads(rest)
                ready.set()
        ready.set()  # the process ended: let start() fail fast instead of waiting out

    def output(self) -> str:
        self._stderr.seek(0)
        return "".join(self._lines)[-3000:] + self._stderr.read()[-3000:]

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()


async def wait_for(
    probe: Callable[[], Awaitable[T | None]], timeout: float = 5.0, interval: float = 0.02
) -> T:
    """Poll ``probe`` until it returns something other than None."""
    deadline = time.monotonic() + timeout
    while True:
        got = await probe()
        if got is not None:
            return got
        if time.monotonic() > deadline:
            raise TimeoutError(f"nothing after {timeout}s")
        await asyncio.sleep(interval)


class Inbox:
    """Collects what an adapter hands to ``inbound``; tests wait on it."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._changed = asyncio.Condition()

    async def __call__(self, msg: Message) -> None:
        async with self._changed:
            self.messages.append(msg)
            self._changed.notify_all()

    async def wait(
        self, predicate: Callable[[Message], bool], count: int = 1, timeout: float = 5.0
    ) -> list[Message]:
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(self.matching(predicate)) >= count), timeout
            )
            return self.matching(predicate)

    def matching(self, predicate: Callable[[Message], bool]) -> list[Message]:
        return [m for m in self.messages if predicate(m)]


# -- Telegram ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TgUser:
    id: int
    first_name: str

    def as_json(self) -> Json:
        return {"id": self.id, "is_bot": False, "first_name": self.first_name}


@dataclass(frozen=True)
class TgChat:
    id: int
    type: str  # "private", "group", "supergroup"
    title: str = ""

    def as_json(self) -> Json:
        if self.type == "private":
            return {"id": self.id, "type": "private", "first_name": self.title or str(self.id)}
        return {"id": self.id, "type": self.type, "title": self.title}


_tg_ids = itertools.count(1)


@dataclass
class TelegramPeer:
    """The user side of the emulator, bound to one bot token."""

    url: str
    token: str
    bot_id: int
    bot_username: str
    process: PeerProcess | None = field(default=None, repr=False)
    client: httpx.AsyncClient | None = field(default=None, repr=False)  # see _client

    @classmethod
    def start(cls, token: str = "1234567:lingong-e2e") -> TelegramPeer:
        port = free_port()
        proc = PeerProcess("telegram_peer.js", [str(port)], "TELEGRAM_PEER_READY")
        info = proc.start()
        return cls(info["url"], token, int(info["bot_id"]), info["bot_username"], proc)

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()

    @property
    def api_base(self) -> str:
        """What the adapter takes as ``base_url`` (PTB's, ending in ``/bot``)."""
        return f"{self.url}/bot"

    def new_user(self, first_name: str) -> TgUser:
        return TgUser(id=100000 + next(_tg_ids), first_name=first_name)

    def new_supergroup(self, title: str) -> TgChat:
        return TgChat(id=-1001000000000 - next(_tg_ids), type="supergroup", title=title)

    def private_chat(self, user: TgUser) -> TgChat:
        return TgChat(id=user.id, type="private", title=user.first_name)

    async def _post(self, path: str, body: Json) -> Any:
        async with _client(self.client) as client:
            r = await client.post(f"{self.url}{path}", json=body)
        r.raise_for_status()
        data = r.json()
        if not data.get("ok"):
            raise PeerError(f"{path}: {data}")
        return data["result"]

    async def send_message(
        self,
        chat: TgChat,
        user: TgUser,
        text: str | None = None,
        *,
        reply_to: Json | None = None,
        entities: list[Json] | None = None,
        extra: Json | None = None,
        from_json: Json | None = None,
    ) -> int:
        """A user's message into a chat; returns the message id the emulator gave it."""
        msg: Json = {
            "botToken": self.token,
            "from": from_json or user.as_json(),
            "chat": chat.as_json(),
            "date": int(time.time()),
        }
        if text is not None:
            msg["text"] = text
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        if entities:
            msg["entities"] = entities
        msg.update(extra or {})
        result = await self._post("/sendMessage", msg)
        return int(result["message_id"])

    async def press_button(self, user: TgUser, bot_message: Json, data: str) -> str:
        """Press an inline button under one of the bot's messages (from ``bot_messages``)."""
        body = {
            "botToken": self.token,
            "from": user.as_json(),
            "message": self.as_seen(bot_message),
            "data": data,
            "chat_instance": f"ci{bot_message['message']['chat_id']}",
        }
        result = await self._post("/sendCallback", body)
        return str(result["callback_query_id"])

    def as_seen(self, bot_message: Json) -> Json:
        """A stored bot message as a Telegram Message object."""
        m = bot_message["message"]
        chat_id = int(m["chat_id"])
        seen: Json = {
            "message_id": int(bot_message["messageId"]),
            "date": int(bot_message["time"]) // 1000,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": {"id": self.bot_id, "is_bot": True, "first_name": self.bot_username},
            "text": m.get("text", ""),
        }
        if chat_id < 0:
            seen["chat"]["title"] = "group"
        else:
            seen["chat"]["first_name"] = "user"
        if m.get("reply_markup"):
            seen["reply_markup"] = m["reply_markup"]
        return seen

    async def inject_fault(
        self,
        chat: TgChat,
        method: str,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` into ``chat`` fail as Telegram would."""
        body: Json = {
            "chatId": chat.id,
            "method": method,
            "error_code": error_code,
            "description": description,
            "times": times,
        }
        if retry_after is not None:
            body["retry_after"] = retry_after
        await self._post("/injectFault", body)

    async def bot_messages(self, chat: TgChat) -> list[Json]:
        """The bot's not yet read messages to ``chat``; reading marks them read."""
        result: list[Json] = await self._post(
            "/getUpdates", {"token": self.token, "chatId": chat.id}
        )
        return result

    async def bot_message_count(self, chat: TgChat, after: int = -1, wait: float = 0.0) -> int:
        """How many messages the bot has sent to ``chat``; waits up to ``wait`` seconds (in the
        emulator, no polling) for there to be more than ``after``."""
        body = {"chatId": chat.id, "after": after, "wait_ms": round(wait * 1000)}
        result: Json = await self._post("/waitBotMessage", body)
        return int(result["count"])

    async def history(self) -> list[Json]:
        """Everything in the emulator for this token, edits applied, oldest first."""
        result: list[Json] = await self._post("/getUpdatesHistory", {"token": self.token})
        return result

    async def bot_history(self, chat: TgChat) -> list[Json]:
        """The bot's messages to ``chat`` as its users see them now (edits applied), oldest
        first; reading them changes nothing."""
        return [
            item for item in await self.history()
            if "chat_id" in item.get("message", {}) and int(item["message"]["chat_id"]) == chat.id
        ]

    async def wait_bot_history(
        self, chat: TgChat, predicate: Callable[[Json], bool], timeout: float = 10.0
    ) -> Json:
        """The first of the bot's messages to ``chat`` (in its history) satisfying
        ``predicate``, waiting for it."""

        async def probe() -> Json | None:
            return next((m for m in await self.bot_history(chat) if predicate(m)), None)

        try:
            return await wait_for(probe, timeout)
        except TimeoutError:
            seen = [m["message"].get("text", "") for m in await self.bot_history(chat)]
            where = chat.title or chat.id
            raise AssertionError(f"no such bot message in {where}: {seen}") from None

    async def bot_message(self, chat_id: int, message_id: int) -> Json | None:
        for item in await self.history():
            m = item.get("message", {})
            if "chat_id" in m and int(m["chat_id"]) == chat_id and item["messageId"] == message_id:
                return item
        return None

    async def wait_bot_messages(
        self, chat: TgChat, count: int = 1, timeout: float = 5.0
    ) -> list[Json]:
        got: list[Json] = []

        async def probe() -> list[Json] | None:
            got.extend(await self.bot_messages(chat))
            return got if len(got) >= count else None

        return await wait_for(probe, timeout)


def markup_buttons(bot_message: Json) -> list[tuple[str, str]]:
    """``(label, callback_data)`` of every inline button on a stored bot message."""
    markup = bot_message["message"].get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    return [
        (b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row
    ]


# -- WeChat --------------------------------------------------------------------------------


_wx_ids = itertools.count(1)


@dataclass
class WechatPeer:
    """The human side of the puppet mock, through its HTTP control endpoint."""

    endpoint: str  # gRPC host:port for the bot
    token: str
    control_url: str
    bot_id: str
    bot_name: str
    process: PeerProcess | None = field(default=None, repr=False)
    client: httpx.AsyncClient | None = field(default=None, repr=False)  # see _client

    @classmethod
    def start(cls, token: str = "lingong-e2e-token") -> WechatPeer:
        grpc_port, control_port = free_port(), free_port()
        while control_port == grpc_port:
            control_port = free_port()
        proc = PeerProcess(
            "wechat_peer.js", [str(grpc_port), str(control_port), token], "WECHAT_PEER_READY"
        )
        info = proc.start()
        return cls(
            info["endpoint"],
            info["token"],
            info["control_url"],
            info["bot_id"],
            info["bot_name"],
            proc,
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()

    def restart(self) -> None:
        """Stop the service and start a fresh one (empty mock) on the same ports."""
        self.stop()
        grpc_port = self.endpoint.rsplit(":", 1)[1]
        control_port = self.control_url.rsplit(":", 1)[1]
        proc = PeerProcess(
            "wechat_peer.js", [grpc_port, control_port, self.token], "WECHAT_PEER_READY"
        )
        proc.start()
        self.process = proc

    async def _call(self, method: str, path: str, body: Json | None = None) -> Any:
        async with _client(self.client) as client:
            r = await client.request(method, f"{self.control_url}{path}", json=body)
        data = r.json()
        if r.status_code != 200:
            raise PeerError(f"{method} {path}: {data}")
        return data

    async def new_contact(self, name: str, contact_id: str | None = None) -> str:
        """A contact of the mock; ``contact_id`` for one unique across processes."""
        result = await self._call(
            "POST", "/contact", {"id": contact_id or f"wxid_e2e{next(_wx_ids)}", "name": name}
        )
        return str(result["id"])

    async def new_room(self, topic: str, member_ids: list[str]) -> str:
        body = {"id": f"{next(_wx_ids)}e2e@chatroom", "topic": topic, "member_ids": member_ids}
        result = await self._call("POST", "/room", body)
        return str(result["id"])

    async def say(
        self,
        talker: str,
        to: str,
        text: str = "",
        *,
        mention_ids: list[str] | None = None,
        kind: str = "text",
        age_ms: int = 0,
    ) -> str:
        """``talker`` says ``text`` in room ``to``, or to the bot when ``to`` is the bot's id."""
        body = {
            "from": talker,
            "to": to,
            "text": text,
            "mention_ids": mention_ids or [],
            "kind": kind,
            "age_ms": age_ms,
        }
        result = await self._call("POST", "/say", body)
        return str(result["id"])

    async def sent(self, since: int = 0, wait: float = 0.0) -> list[Json]:
        """What the bot said, each with a ``seq``; only those after ``since``. With ``wait``,
        an empty answer waits up to that many seconds (in the peer, no polling) for the bot's
        next message."""
        result = await self._call("GET", f"/sent?since={since}&wait_ms={round(wait * 1000)}")
        messages: list[Json] = result["messages"]
        return messages

    async def last_seq(self) -> int:
        messages = await self.sent()
        return int(messages[-1]["seq"]) if messages else 0

    async def wait_sent(
        self, since: int, count: int = 1, to: str | None = None, timeout: float = 5.0
    ) -> list[Json]:
        async def probe() -> list[Json] | None:
            got = [m for m in await self.sent(since) if to is None or m["to"] == to]
            return got if len(got) >= count else None

        return await wait_for(probe, timeout)


class FakeBotApi:
    """A Bot API that says what a test wants (a rejected token, a web page, nothing at all) and
    records every call: for what the emulator cannot do (it takes any token and never
    long-polls)."""

    BOT: ClassVar[Json] = {
        "id": 42, "is_bot": True, "first_name": "零工", "username": "lingong_test_bot",
        "can_join_groups": True, "can_read_all_group_messages": True,
        "supports_inline_queries": False}

    def __init__(self, port: int = 0, get_me: tuple[int, str] | None = None) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import parse_qsl

        self.calls: list[tuple[str, dict[str, Any]]] = []
        # (status, body) getMe answers; None: a real bot's details
        self.get_me = get_me
        self.updates: list[Json] = []  # handed out by the next getUpdates
        self._update_ids = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(size).decode()
                try:
                    params = json.loads(raw) if raw.startswith("{") else dict(parse_qsl(raw))
                except ValueError:
                    params = {}
                method = self.path.rsplit("/", 1)[-1]
                fake.calls.append((method, params))
                status, body = 200, json.dumps({"ok": True, "result": []})
                if method == "getMe":
                    status, body = fake.get_me or (
                        200, json.dumps({"ok": True, "result": FakeBotApi.BOT}))
                elif method in ("deleteWebhook", "setWebhook"):
                    body = json.dumps({"ok": True, "result": True})
                elif method == "getUpdates":
                    given, fake.updates = fake.updates, []
                    if given:
                        body = json.dumps({"ok": True, "result": given})
                    else:
                        time.sleep(0.01)  # a real server holds it open; keep PTB from spinning
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json" if body.startswith("{")
                                 else "text/html")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def say(self, chat_id: int, user_id: int, text: str) -> None:
        """A user's message, delivered by the next getUpdates."""
        update_id = next(self._update_ids)
        self.updates.append({"update_id": update_id, "message": {
            "message_id": update_id, "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": "private", "first_name": "老王"},
            "from": {"id": user_id, "is_bot": False, "first_name": "老王"}}})

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def captured_logs(level: int) -> Iterator[io.StringIO]:
    """lingong's own logging (``bot.logs``: redacted) into a string, as ``lingong`` sets it up
    for LINGONG_LOG_LEVEL; the test's logging is back afterwards."""
    from bot import logs

    stream = io.StringIO()
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    logs.configure(level, stream)
    try:
        yield stream
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[1]:
            root.addHandler(handler)
        root.setLevel(saved[0])


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
