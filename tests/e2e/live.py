"""The whole lingong app (``bot.app``) serving one real adapter against a real peer."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from bot.adapters.base import Adapter, Inbound, Outgoing
from bot.app import App, build_app
from bot.clock import TZ, Clock
from bot.config import Settings
from bot.message import Message
from storage import people, report
from storage.db import transaction
from storage.models import Group
from tests.e2e.harness import PeerError


class JumpClock:
    """The app's clock for live tests: it starts at a chosen time and runs with the wall clock
    from there (so the sender's pacing works as in production), and a test can jump it
    forward. Any clock but the system's gives the app its hand-moved scheduler: nothing
    scheduled fires unless the test says so (``LiveApp.advance_to``)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("JumpClock needs an aware datetime")
        self._offset = start.timestamp() - time.time()

    def now(self) -> datetime:
        return datetime.fromtimestamp(time.time() + self._offset, TZ)

    def jump_to(self, when: datetime) -> None:
        """Move to ``when`` if it is ahead; the clock never goes back."""
        ahead = (when - self.now()).total_seconds()
        if ahead > 0:
            self._offset += ahead


class _Started:
    """Delegates to an adapter, reports when its ``start`` has returned, and hands inbound
    messages to the app one at a time under ``lock`` (which clock jumps also take)."""

    def __init__(self, inner: Adapter, started: threading.Event, lock: asyncio.Lock) -> None:
        self.inner = inner
        self.platform = inner.platform
        self.limits = inner.limits
        self.supports_buttons = inner.supports_buttons
        self.supports_edit = inner.supports_edit
        self.supports_files = getattr(inner, "supports_files", False)
        self._started = started
        self._lock = lock

    async def start(self, inbound: Inbound) -> None:
        async def serialised(message: Message) -> object:
            async with self._lock:
                return await inbound(message)

        await self.inner.start(serialised)
        self._started.set()

    async def stop(self) -> None:
        await self.inner.stop()

    async def send(self, out: Outgoing) -> str:
        return await self.inner.send(out)


class LiveApp:
    """The full lingong app (``bot.app``) serving one real adapter, on a thread of its own so
    tests can drive the peer with their own event loops.

    ``officers`` are platform identities made county officers (``telegram:<user id>``,
    ``wechat:<contact id>``); with a ``JumpClock`` the test moves time with ``advance_to``."""

    def __init__(self, make_adapter: Callable[[], Adapter], data_dir: Path, *,
                 clock: JumpClock | None = None, officers: Iterable[str] = ()) -> None:
        self.settings = Settings()
        self.settings.bot.data_dir = str(data_dir)
        self.settings.bot.county_officers = list(officers)
        self.clock = clock
        self._make_adapter = make_adapter
        self._lock: asyncio.Lock | None = None
        self._started = threading.Event()
        self._done = threading.Event()
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self.app: App | None = None
        self._thread = threading.Thread(target=self._serve, name="lingong-live", daemon=True)

    def start(self, timeout: float = 60.0) -> LiveApp:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._started.wait(0.05):
            if self._done.is_set() or time.monotonic() > deadline:
                self.stop()
                raise PeerError(f"lingong did not start: {self._error!r}")
        return self

    def _serve(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:
            self._error = exc
        finally:
            self._done.set()

    async def _main(self) -> None:
        self._lock = asyncio.Lock()
        adapter = _Started(self._make_adapter(), self._started, self._lock)
        clock: Clock | None = self.clock
        self.app = build_app(self.settings, {adapter.platform: adapter}, clock=clock)
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        await self.app.run(self._stop)

    def bind_group(self, chat_id: str, title: str, region: str) -> None:
        """What an officer's 「绑定」 leaves behind: the group belongs to ``region``."""
        app = self.app
        assert app is not None
        place = app.gazetteer.by_name(region) or app.gazetteer.resolve(region)
        if place is None:
            raise ValueError(f"unknown region {region!r}")
        with transaction(app.engine) as session:
            group = people.group_for(session, chat_id, title)
            group.region_code = place.code
            session.add(group)

    def jobs(self) -> list[dict[str, Any]]:
        """Every job with its claims, as ``lingong jobs --json`` prints them."""
        assert self.app is not None
        with Session(self.app.engine) as session:
            return report.jobs_json(session)

    def job(self, job_id: int) -> dict[str, Any]:
        return next(j for j in self.jobs() if j["id"] == job_id)

    def group_region(self, chat_id: str) -> str | None:
        """The region code a group is bound to (None: unbound or unknown)."""
        assert self.app is not None
        with Session(self.app.engine) as session:
            group = session.get(Group, chat_id)
            return group.region_code if group is not None else None

    def region_code(self, name: str) -> str:
        assert self.app is not None
        place = self.app.gazetteer.by_name(name) or self.app.gazetteer.resolve(name)
        if place is None:
            raise ValueError(f"unknown region {name!r}")
        return place.code

    def advance_to(self, target: datetime, timeout: float = 30.0) -> int:
        """Jump the clock to ``target``, firing every scheduled job due on the way in order
        (as ``@wait`` does in chat scripts), then let the sender send what they queued.
        Returns how many jobs fired. Inbound messages wait meanwhile."""
        loop, lock, clock = self._loop, self._lock, self.clock
        if loop is None or lock is None or clock is None:
            raise RuntimeError("advance_to needs a started LiveApp with a JumpClock")

        async def advance() -> int:
            app = self.app
            assert app is not None
            async with lock:
                app.scheduler_sync()  # groups bound just now have their digest jobs
                fired = 0
                while True:
                    due = app.scheduler.next_run_time()
                    if due is None or due > target:
                        break
                    clock.jump_to(due)
                    fired += app.scheduler.run_due(clock.now())
                clock.jump_to(target)
            app.sender.notify()
            return fired

        return asyncio.run_coroutine_threadsafe(advance(), loop).result(timeout)

    def next_morning(self, hhmm: str = "07:31") -> datetime:
        """Tomorrow at ``hhmm`` by the app's clock."""
        assert self.clock is not None
        hour, minute = (int(x) for x in hhmm.split(":"))
        tomorrow = self.clock.now().date() + timedelta(days=1)
        return datetime(tomorrow.year, tomorrow.month, tomorrow.day, hour, minute, tzinfo=TZ)

    def stop(self) -> None:
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not self._done.is_set():
            loop.call_soon_threadsafe(stop.set)
        self._thread.join(timeout=30)
        if self._error is not None and not isinstance(self._error, asyncio.CancelledError):
            raise PeerError(f"lingong failed while serving: {self._error!r}") from self._error


class LingongProcess:
    """``lingong run`` as a real subprocess: settings from ``LINGONG_*`` variables only, a
    fresh data directory (SQLite there), stopped with SIGTERM as an operator would."""

    def __init__(self, channels: str, env: dict[str, str], data_dir: Path) -> None:
        self.channels = channels
        self.data_dir = data_dir
        # Only what the test gives: no config file, no LINGONG_* leaking in from outside.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("LINGONG_")}
        self.env.update(env)
        self.env["LINGONG_BOT_DATA_DIR"] = str(data_dir)
        repo = str(Path(__file__).resolve().parents[2])
        self.env["PYTHONPATH"] = os.pathsep.join(
            p for p in (repo, self.env.get("PYTHONPATH", "")) if p)
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> LingongProcess:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run", "--channels", self.channels],
            cwd=self.data_dir,  # no ./config.toml here
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )
        return self

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def output(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read()[-4000:]

    def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM, then wait; the exit code (None if it had to be killed)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                return proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
                return None
        return proc.returncode
