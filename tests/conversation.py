"""Play conversations against a console bot in tests: lines in, the bot's messages out."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from datetime import datetime
from textwrap import dedent
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.adapters.console import ConsoleAdapter
from bot.app import App, build_app
from bot.chatscript import Player
from bot.clock import TZ, ManualClock
from bot.config import Settings
from storage.backup import sqlite_connection
from storage.db import make_engine, upgrade
from storage.report import jobs_json

# A fresh bot is a fresh in-memory database. Migrating one from nothing costs more than most
# conversations, and each new engine compiles every statement again (SQLAlchemy's compiled cache
# lives with the engine's dialect); so the suite migrates once per process, copies that schema
# into a fresh database with SQLite's backup, and reuses engines that conversations closed.
_schema: sqlite3.Connection | None = None
_idle: list[Engine] = []


def fresh_memory_engine() -> Engine:
    """An in-memory SQLite database at the schema's head, with no rows but the migrations'."""
    global _schema
    if _schema is None:
        template = make_engine("sqlite://")
        upgrade(template)
        _schema = sqlite3.connect(":memory:", check_same_thread=False)
        with sqlite_connection(template) as conn:
            conn.backup(_schema)
        template.dispose()
    engine = _idle.pop() if _idle else make_engine("sqlite://")
    with sqlite_connection(engine) as conn:
        _schema.backup(conn)
    return engine


class Conversation:
    """A fresh bot on the console channel with a hand-moved clock."""

    def __init__(self, start: str = "2026-11-26 08:00", db_url: str = "sqlite://",
                 settings: Settings | None = None, engine: Engine | None = None,
                 autobind: bool = False) -> None:  # scripts bind place-named groups; tests say so
        self.out = io.StringIO()
        self.clock = ManualClock(datetime.strptime(start, "%Y-%m-%d %H:%M").replace(tzinfo=TZ))
        self.console = ConsoleAdapter(out=self.out)
        self._recycle = engine is None and db_url == "sqlite://"
        if self._recycle:
            engine = fresh_memory_engine()
        self.app: App = build_app(settings or Settings(), {"console": self.console},
                                  clock=self.clock, engine=engine or make_engine(db_url),
                                  migrate=not self._recycle)
        self.player = Player(self.app, self.clock, self.console, autobind=autobind)
        self._read = 0
        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(self.player.settle())

    def say(self, script: str) -> list[str]:
        """Play script lines; return the bot's messages they caused, one string each
        (continuation lines joined with newlines, as printed)."""
        lines = dedent(script).strip("\n").splitlines()
        self._loop.run_until_complete(self.player.play(lines))
        return self.new_messages()

    def new_messages(self) -> list[str]:
        text = self.out.getvalue()[self._read :]
        self._read = len(self.out.getvalue())
        messages: list[str] = []
        for line in text.splitlines():
            if line.startswith(("→ ", "✎ ")) or not messages:
                messages.append(line)
            else:
                messages[-1] += "\n" + line
        return messages

    def transcript(self) -> str:
        return self.out.getvalue()

    def session(self) -> Session:
        return Session(self.app.engine, expire_on_commit=False)

    def jobs(self) -> list[dict[str, Any]]:
        with self.session() as s:
            return jobs_json(s)

    def close(self) -> None:
        self.app.scheduler.shutdown()
        self._loop.close()
        if self._recycle:
            self._recycle = False
            _idle.append(self.app.engine)


def claims_by_job(conv: Conversation) -> list[list[tuple[str, int, str]]]:
    """Each job's claims, in the jobs' order: (who, how many, status)."""
    return [sorted((c["person"], c["count"], c["status"]) for c in job["claims"])
            for job in conv.jobs()]


def to(messages: list[str], chat: str) -> list[str]:
    """The messages sent to one chat (group or person), without the arrow and name."""
    out = []
    for m in messages:
        head = m[2:]
        name, _, rest = head.partition(": ")
        if name == chat:
            out.append(rest)
    return out
