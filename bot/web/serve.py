"""Serving the web app with uvicorn: on its own (`lingong web`), beside the channels
(`lingong run --web`), or on the demo's day (`lingong web --demo`)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

import uvicorn
from sqlalchemy.engine import Engine

from bot.clock import TZ, Clock
from bot.config import Settings
from bot.web.app import create_app
from nlp.gazetteer import Gazetteer
from storage import desk
from storage.db import transaction
from storage.models import Identity

DEMO_OFFICER = "console:陈干事"  # the demo's officer for 木鱼镇
DEMO_SCREEN = "木鱼镇"


class RunningClock:
    """Time going on from ``start`` at the machine's pace: the demo's day, still ticking."""

    def __init__(self, start: datetime) -> None:
        self._start = start
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        from datetime import timedelta

        return (self._start + timedelta(seconds=time.monotonic() - self._t0)).astimezone(TZ)


class QuietServer(uvicorn.Server):
    """A uvicorn server that leaves signals to lingong (it stops when told to)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def server(engine: Engine, settings: Settings, gazetteer: Gazetteer, clock: Clock,
           notify: Callable[[], None] | None = None, quiet: bool = False) -> uvicorn.Server:
    app = create_app(engine, settings, gazetteer, clock, notify)
    config = uvicorn.Config(app, host=settings.web.host, port=settings.web.port,
                            log_level="warning", access_log=False, lifespan="off")
    return QuietServer(config) if quiet else uvicorn.Server(config)


async def serve_until(srv: uvicorn.Server, stop: asyncio.Event) -> None:
    """Run ``srv`` until ``stop`` is set (`lingong run --web`)."""
    task = asyncio.create_task(srv.serve())
    await stop.wait()
    srv.should_exit = True
    await task


@dataclass
class Demo:
    engine: Engine
    gazetteer: Gazetteer
    clock: RunningClock
    screen_url: str
    login_url: str
    code: str


def play_demo(settings: Settings, db_path: Path) -> Demo:
    """Play the bundled demo day into a fresh SQLite file, then open a screen for 木鱼镇 and a
    login for its officer, as 「大屏 木鱼镇」 and 「登录后台」 would."""
    from bot.adapters.console import ConsoleAdapter
    from bot.app import build_app
    from bot.chatscript import Player
    from bot.clock import ManualClock
    from storage.db import make_engine

    db_path.unlink(missing_ok=True)
    clock = ManualClock(Player.default_start())
    console = ConsoleAdapter(out=io.StringIO())
    app = build_app(settings, {"console": console}, clock=clock,
                    engine=make_engine(f"sqlite:///{db_path}"))
    script = resources.files("bot").joinpath("demo/township_day.chat").read_text("utf-8")
    try:
        asyncio.run(Player(app, clock, console).play(script.splitlines()))
    finally:
        app.scheduler.shutdown()
    now = clock.now()
    place = app.gazetteer.by_name(DEMO_SCREEN)
    assert place is not None
    base = settings.web.public_url
    with transaction(app.engine) as session:
        ident = session.get(Identity, DEMO_OFFICER)
        assert ident is not None, "the demo script appoints 陈干事"
        screen = desk.new_screen(session, place.code, ident.person_id, now)
        login = desk.new_login(session, ident.person_id, now)
    return Demo(app.engine, app.gazetteer, RunningClock(now), f"{base}/screen/{screen.token}",
                f"{base}/login/{login.link_token}", login.code)
