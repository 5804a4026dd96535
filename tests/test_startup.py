"""Start-up and secrets: every start-up error is one line naming the setting and the fix,
never the token; an unreachable Bot API is tried again until it answers; a good start logs one
line; Telegram long-polls by default; no token and no full phone reach a log, at any level."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

from bot import filters, logs
from bot.adapters.base import StartupError
from bot.adapters.telegram import TelegramAdapter
from bot.app import App, build_app
from bot.clock import TZ, ManualClock
from bot.config import Settings, TelegramSettings
from bot.dispatcher import Dispatcher
from bot.message import Message
from bot.router import Router
from nlp.gazetteer import load_gazetteer
from storage.db import make_engine, upgrade
from storage.models import Identity
from tests.conftest import PG_ADMIN
from tests.e2e.harness import FakeBotApi, captured_logs, free_port, wait_for

REPO = Path(__file__).resolve().parents[1]
TOKEN = "7000001:SECRET-token-never-logged"
PHONE = "13812345678"
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (DEBUG|INFO|WARNING|ERROR) ")


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    api = FakeBotApi()
    yield api
    api.stop()


def lingong(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LINGONG_")}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=120, stdin=subprocess.DEVNULL,
                          env={**clean, "PYTHONPATH": str(REPO), **env})


# -- Telegram start-up -----------------------------------------------------------------------

def test_telegram_long_polls_by_default(fake: FakeBotApi) -> None:
    settings = TelegramSettings(token=TOKEN, api_base_url=fake.api_base)
    assert (settings.poll_timeout, settings.poll_interval) == (30, 0.0)

    async def scenario() -> None:
        adapter = TelegramAdapter.from_settings(settings)
        await adapter.start(lambda m: asyncio.sleep(0))
        try:
            await wait_for(lambda: asyncio.sleep(0, fake.calls_of("getUpdates") or None))
        finally:
            await adapter.stop()

    asyncio.run(scenario())
    # Telegram holds the call open up to 30 s and answers when a message comes.
    assert str(fake.calls_of("getUpdates")[0]["timeout"]) == "30"


@pytest.mark.parametrize(("get_me", "says"), [
    ((401, '{"ok": false, "error_code": 401, "description": "Unauthorized"}'),
     "rejected the bot token: set LINGONG_TELEGRAM_TOKEN (or token_file)"),
    ((404, '{"ok": false, "error_code": 404, "description": "Not Found"}'),
     "rejected the bot token: set LINGONG_TELEGRAM_TOKEN (or token_file)"),
    ((200, "<html><body>Welcome to nginx!</body></html>"),
     "does not answer as a Bot API"),
])
def test_a_wrong_token_or_url_ends_start_up_with_one_line(
        fake: FakeBotApi, get_me: tuple[int, str], says: str) -> None:
    fake.get_me = get_me

    async def scenario() -> str:
        before = asyncio.all_tasks()
        adapter = TelegramAdapter(TOKEN, base_url=fake.api_base, poll_timeout=0)
        with pytest.raises(StartupError) as err:
            await adapter.start(lambda m: asyncio.sleep(0))
        await asyncio.sleep(0.05)
        assert asyncio.all_tasks() == before
        return str(err.value)

    said = asyncio.run(scenario())
    assert says in said and f"[telegram] api_base_url = {fake.api_base}" in said
    assert "\n" not in said and TOKEN not in said and "SECRET" not in said


def test_an_unreachable_bot_api_is_tried_again_until_it_answers(
        caplog: pytest.LogCaptureFixture) -> None:
    port = free_port()  # nothing listens here yet
    api = f"http://127.0.0.1:{port}/bot"
    caplog.set_level(logging.WARNING, logger="bot.adapters.telegram")

    async def scenario() -> None:
        adapter = TelegramAdapter(TOKEN, base_url=api, poll_timeout=0, retry_first=0.05)
        starting = asyncio.create_task(adapter.start(lambda m: asyncio.sleep(0)))
        await wait_for(lambda: asyncio.sleep(0, len(caplog.records) >= 3 or None), timeout=10)
        assert not starting.done()  # still trying, not ended
        server = FakeBotApi(port)  # the network is back
        try:
            await asyncio.wait_for(starting, 10)
            await adapter.stop()
        finally:
            server.stop()

    asyncio.run(scenario())
    first = caplog.records[0].getMessage()
    assert f"cannot reach the Bot API at [telegram] api_base_url = {api}" in first
    assert "trying again in" in first and TOKEN not in caplog.text
    delays = [float(re.findall(r"again in ([\d.]+)s", r.getMessage())[0])
              for r in caplog.records]
    assert delays == sorted(delays)  # backing off, never faster


def test_lingong_run_with_a_rejected_token_prints_one_line(fake: FakeBotApi,
                                                           tmp_path: Path) -> None:
    fake.get_me = (401, '{"ok": false, "error_code": 401, "description": "Unauthorized"}')
    proc = lingong("run", "--channels", "telegram", cwd=tmp_path, env={
        "LINGONG_TELEGRAM_TOKEN": TOKEN, "LINGONG_TELEGRAM_API_BASE_URL": fake.api_base,
        "LINGONG_BOT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("lingong: telegram: the Bot API at [telegram] api_base_url")
    assert TOKEN not in proc.stderr and "SECRET" not in proc.stderr


def test_a_url_without_bot_is_a_config_error(tmp_path: Path) -> None:
    proc = lingong("run", "--channels", "telegram", cwd=tmp_path, env={
        "LINGONG_TELEGRAM_TOKEN": TOKEN,
        "LINGONG_TELEGRAM_API_BASE_URL": "https://api.telegram.org",
        "LINGONG_BOT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 2
    assert proc.stderr == ("lingong: config error: [telegram] api_base_url = "
                           "'https://api.telegram.org': the Bot API root ending in /bot, like "
                           "https://api.telegram.org/bot\n")


# -- the database at start-up ----------------------------------------------------------------

def test_a_read_only_sqlite_database_at_start_up_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    env = {"LINGONG_BOT_DATA_DIR": str(tmp_path)}
    assert lingong("db", "upgrade", "--db", f"sqlite:///{db}", cwd=tmp_path, env=env
                   ).returncode == 0
    read_only = f"sqlite:///file:{db}?mode=ro&uri=true"
    proc = lingong("run", "--channels", "console", cwd=tmp_path,
                   env={**env, "LINGONG_DATABASE_URL": read_only})
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("lingong: database sqlite:///file")
    assert f"{db}?mode=ro&uri=true is read-only (" in proc.stderr
    assert proc.stderr.endswith("make the database file and its folder writable by this user\n")


def test_a_read_only_postgresql_database_is_one_line(pg_url: str, tmp_path: Path) -> None:
    name = pg_url.rsplit("/", 1)[1]
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
    admin.dispose()
    proc = lingong("db", "upgrade", "--db", pg_url, cwd=tmp_path, env={})
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "is read-only (cannot execute" in proc.stderr
    assert proc.stderr.endswith("point [database] url at the primary server, with a role that "
                                "may write\n")


# -- a good start: one line ------------------------------------------------------------------

def test_a_good_start_logs_one_line(pg_url: str, tmp_path: Path) -> None:
    # Trust auth takes any password: enough to show it never reaches the log.
    with_password = pg_url.replace("postgres@", "postgres:s3cret-pw@")
    env = {"LINGONG_BOT_DATA_DIR": str(tmp_path), "LINGONG_DATABASE_URL": with_password}
    proc = lingong("run", "--channels", "console", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if LOG_LINE.match(line)]
    assert len(lines) == 1, proc.stderr
    shown = pg_url.replace("postgres@", "postgres:***@")
    assert lines[0].endswith(f" INFO bot.app: lingong serving console; database {shown}; "
                             "county 神农架林区 (429021)")
    assert "s3cret" not in proc.stderr


# -- no secret in the logs -------------------------------------------------------------------

def failing_router() -> Router:
    router = Router()

    @router.message(filters.private)
    def clash(session: Session, message: Message) -> str:
        # A statement that fails with the phone among its parameters (and, on PostgreSQL, in
        # the server's own DETAIL line).
        for _ in range(2):
            session.add(Identity(id=f"telegram:{PHONE}", person_id=1))
        session.flush()
        return "不会到这里"

    return router


def test_no_token_and_no_phone_reach_the_log_at_debug(pg_url: str, tmp_path: Path,
                                                      fake: FakeBotApi) -> None:
    """The bot's real logging, at DEBUG, through a failed SQL statement and a failed update."""
    engine = make_engine(pg_url)
    upgrade(engine)
    disp = Dispatcher(engine, failing_router(), Settings(), load_gazetteer(),
                      ManualClock(datetime(2026, 11, 26, 8, 0, tzinfo=TZ)))
    handled: list[str] = []

    async def inbound(message: Message) -> None:
        if "坏" in message.text:  # this update fails in the adapter's hands
            raise ValueError(f"cannot use {message!r}")
        await asyncio.to_thread(disp.handle, message)
        handled.append(message.id)

    async def scenario(stream: io.StringIO) -> None:
        adapter = TelegramAdapter(TOKEN, base_url=fake.api_base, poll_timeout=0)
        await adapter.start(inbound)
        try:
            fake.say(555, 555, f"明天要人 电话{PHONE}")
            fake.say(555, 555, f"坏消息 {PHONE}")
            await wait_for(lambda: asyncio.sleep(0, handled or None), timeout=10)
            await wait_for(lambda: asyncio.sleep(
                0, "update 2 failed" in stream.getvalue() or None), timeout=10)
        finally:
            await adapter.stop()

    try:
        with captured_logs(logging.DEBUG) as stream:
            asyncio.run(scenario(stream))
    finally:
        engine.dispose()
    out = stream.getvalue()
    # The paths that used to leak were all taken …
    assert "handler failed for telegram:555:1" in out and "IntegrityError" in out
    assert "telegram update 2 failed: ValueError" in out
    assert "HTTP Request: POST" in out and "/bot***/getUpdates" in out
    assert "138****5678" in out
    # … and neither the token nor the phone is in any line.
    assert TOKEN not in out and "SECRET" not in out
    assert PHONE not in out


def test_sql_errors_are_logged_without_their_parameters(tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    """Without lingong's log filter too: SQLAlchemy is told to hide parameters."""
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    upgrade(engine)
    disp = Dispatcher(engine, failing_router(), Settings(), load_gazetteer(),
                      ManualClock(datetime(2026, 11, 26, 8, 0, tzinfo=TZ)))
    from tests.test_dispatcher import dm

    caplog.set_level(logging.DEBUG)
    assert disp.handle(dm(f"电话{PHONE}")).failed
    assert "IntegrityError" in caplog.text and "SQL parameters hidden" in caplog.text
    assert PHONE not in caplog.text


def test_a_failed_update_is_logged_by_its_id_not_its_content(
        caplog: pytest.LogCaptureFixture) -> None:
    """Without lingong's log filter too: the update's repr (what people wrote) is not logged."""
    from types import SimpleNamespace

    from telegram import Update

    update = Update.de_json({"update_id": 9, "message": {
        "message_id": 1, "date": 0, "text": f"电话{PHONE}",
        "chat": {"id": 5, "type": "private", "first_name": "老王"},
        "from": {"id": 5, "is_bot": False, "first_name": "老王"}}}, None)
    adapter = TelegramAdapter(TOKEN)
    caplog.set_level(logging.DEBUG)
    asyncio.run(adapter._on_error(update, SimpleNamespace(error=RuntimeError("boom"))))  # type: ignore[arg-type]
    assert "telegram update 9 failed: RuntimeError" in caplog.text
    assert PHONE not in caplog.text


def test_the_log_filter_hides_tokens_in_every_form_and_masks_phones() -> None:
    logs.hide("123456:AB/C+D")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.Redacting("%(message)s"))
    log = logging.getLogger("test.redact")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("GET /bot123456:AB/C+D/getMe and %s and 电话 138 1234 5678",
                    "123456%3AAB%2FC%2BD")
        try:
            raise RuntimeError("token 123456:AB/C+D rejected, call 13812345678")
        except RuntimeError:
            log.exception("start failed")
    finally:
        log.removeHandler(handler)
    out = stream.getvalue()
    assert "AB/C+D" not in out and "AB%2FC" not in out and out.count("***") >= 3
    assert "13812345678" not in out and "138 1234 5678" not in out and "138****5678" in out


def test_info_hides_the_request_lines_debug_shows_them_redacted() -> None:
    logs.configure(logging.INFO, io.StringIO())
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("apscheduler").getEffectiveLevel() == logging.WARNING
    logs.configure(logging.DEBUG, io.StringIO())
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.DEBUG
    logs.configure(logging.WARNING, io.StringIO())


# -- channels start together -----------------------------------------------------------------

class FakeChannel:
    """A channel whose start waits for its platform, fails, or succeeds."""

    supports_buttons = True
    supports_edit = True
    supports_files = False

    def __init__(self, platform: str, how: str) -> None:
        from bot.adapters.base import Limits

        self.platform = platform
        self.limits = Limits(0, 0, 0)
        self.how = how
        self.stopped = False

    async def start(self, inbound: object) -> None:
        if self.how == "waits":
            await asyncio.Event().wait()  # an unreachable API, tried again and again
        if self.how == "fails":
            raise StartupError(f"{self.platform}: the token was refused: set …")

    async def stop(self) -> None:
        self.stopped = True

    async def send(self, out: object) -> str:
        return f"{self.platform}:1"


def app_with(*channels: FakeChannel) -> App:
    return build_app(Settings(), {c.platform: c for c in channels},
                     clock=ManualClock(datetime(2026, 11, 26, 8, 0, tzinfo=TZ)),
                     engine=make_engine("sqlite://"))


def test_a_channel_that_cannot_start_ends_the_start_of_the_others() -> None:
    waiting, failing, fine = (FakeChannel("telegram", "waits"), FakeChannel("wechat", "fails"),
                              FakeChannel("console", "starts"))
    app = app_with(waiting, failing, fine)

    async def scenario() -> None:
        with pytest.raises(StartupError, match="wechat: the token was refused"):
            await asyncio.wait_for(app.run(asyncio.Event()), 5)

    asyncio.run(scenario())
    assert fine.stopped and not failing.stopped


def test_stopping_while_a_channel_waits_for_its_platform_ends_the_run() -> None:
    waiting, fine = FakeChannel("telegram", "waits"), FakeChannel("console", "starts")
    app = app_with(waiting, fine)

    async def scenario() -> None:
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(0.2, stop.set)  # SIGTERM
        await asyncio.wait_for(app.run(stop), 5)

    asyncio.run(scenario())
    assert fine.stopped
