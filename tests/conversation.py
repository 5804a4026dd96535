"""Play conversations against a console bot in tests: lines in, the bot's messages out."""

from __future__ import annotations

import asyncio
import io
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
from storage.db import make_engine
from storage.report import jobs_json


class Conversation:
    """A fresh bot on the console channel with a hand-moved clock."""

    def __init__(self, start: str = "2026-11-26 08:00", db_url: str = "sqlite://",
                 settings: Settings | None = None, engine: Engine | None = None,
                 autobind: bool = False) -> None:  # scripts bind place-named groups; tests say so
        self.out = io.StringIO()
        self.clock = ManualClock(datetime.strptime(start, "%Y-%m-%d %H:%M").replace(tzinfo=TZ))
        self.console = ConsoleAdapter(out=self.out)
        self.app: App = build_app(settings or Settings(), {"console": self.console},
                                  clock=self.clock, engine=engine or make_engine(db_url))
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
