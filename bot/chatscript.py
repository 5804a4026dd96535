"""The chat-script contract (shared/contract/chat-script.md): play a conversation on the console
channel with a hand-moved clock."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TextIO

from sqlmodel import Session, col, select

from bot.adapters.console import ConsoleAdapter, dm_chat_id, group_chat_id, person_id
from bot.app import App
from bot.clock import TZ, ManualClock
from bot.message import Chat, ChatKind, Message, User
from storage import outbox, people
from storage.db import transaction
from storage.models import OutboxMessage

NAME = r"[^\s@:^\[\]]+"
SAY = re.compile(rf"^(?P<who>{NAME})(?:@(?P<group>{NAME}))?(?P<reply>\^)?\s*[:：]\s?(?P<text>.*)$")
PRESS = re.compile(rf"^(?P<who>{NAME})(?:@(?P<group>{NAME}))?\s*\[(?P<label>[^\]]+)\]\s*$")
WAIT = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class ScriptError(Exception):
    def __init__(self, line_no: int, reason: str) -> None:
        super().__init__(f"line {line_no}: {reason}")
        self.line_no = line_no


@dataclass
class Player:
    app: App
    clock: ManualClock
    console: ConsoleAdapter
    # Until the script says or does anything, the first @now may set the clock anywhere.
    started: bool = False
    # The demo shows what people say too; a chat script prints only the bot (the contract).
    echo: TextIO | None = None

    @classmethod
    def default_start(cls) -> datetime:
        return datetime.now(TZ).replace(second=0, microsecond=0)

    async def play(self, lines: Iterable[str]) -> None:
        """Play every line; a bad line raises ScriptError with its number."""
        await self.settle()
        for no, raw in enumerate(lines, 1):
            await self.play_line(raw, no)

    async def play_line(self, raw: str, no: int) -> None:
        line = raw.strip()
        if self.echo is not None and line and not line.startswith(("@group", "@officer")):
            shown = f"\n【{line[1:].strip()}】" if line.startswith("#") else f"» {line}"
            print(shown, file=self.echo, flush=True)
        if not line or line.startswith("#"):
            return
        try:
            if line.startswith("@now") and not self.started:
                self.clock.reset(self._parse_now(line.removeprefix("@now").strip()))
                self.started = True
                return
            self.started = True
            if line.startswith("@"):
                await self._directive(line)
            else:
                await self._speak(line)
        except ScriptError:
            raise
        except (ValueError, LookupError) as exc:
            raise ScriptError(no, str(exc)) from exc

    async def _directive(self, line: str) -> None:
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        if word == "@now":
            when = self._parse_now(rest)
            if when < self.clock.now():
                raise ValueError(f"@now {rest} would move the clock backwards")
            await self.advance_to(when)
        elif word == "@wait":
            m = WAIT.match(rest)
            if m is None:
                raise ValueError(f"@wait wants a duration like 30m, 2h or 1d, got {rest!r}")
            delta = timedelta(**{UNITS[m.group(2)]: float(m.group(1))})
            await self.advance_to(self.clock.now() + delta)
        elif word == "@group":
            parts = rest.split()
            if len(parts) != 2:
                raise ValueError("@group wants NAME REGION")
            self.bind_group(parts[0], parts[1])
        elif word == "@officer":
            parts = rest.split()
            if len(parts) not in (1, 2):
                raise ValueError("@officer wants NAME [REGION]")
            self.appoint(parts[0], parts[1] if len(parts) == 2 else None)
        else:
            raise ValueError(f"unknown directive {word}")

    @staticmethod
    def _parse_now(rest: str) -> datetime:
        try:
            return datetime.strptime(rest, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)
        except ValueError:
            raise ValueError(f"@now wants 'YYYY-MM-DD HH:MM', got {rest!r}") from None

    def _region_code(self, name: str) -> str:
        place = self.app.gazetteer.by_name(name) or self.app.gazetteer.resolve(name)
        if place is None:
            raise ValueError(f"unknown region {name!r}: use a canonical gazetteer name")
        return place.code

    def bind_group(self, name: str, region: str) -> None:
        code = self._region_code(region)
        with transaction(self.app.engine) as session:
            group = people.group_for(session, group_chat_id(name), name,
                                     self.app.settings.digest.default_time)
            group.region_code = code
            session.add(group)
        self.app.scheduler_sync()

    def appoint(self, name: str, region: str | None) -> None:
        code = self._region_code(region) if region else self.app.gazetteer.county.code
        with transaction(self.app.engine) as session:
            person = people.person_for(session, person_id(name), name, dm_chat_id(name))
            assert person.id is not None
            people.make_officer(session, person.id, code)

    async def _speak(self, line: str) -> None:
        await self.deliver(message_for(self.app, self.console, line, self.clock.now()))

    async def deliver(self, message: Message) -> None:
        self.app.dispatcher.handle(message)
        self.app.scheduler_sync_if_changed()
        await self.settle()

    async def settle(self) -> None:
        """Send everything due now."""
        await self.app.sender.drain()

    async def advance_to(self, target: datetime) -> None:
        """Move the clock to ``target``, firing scheduled jobs and held messages in order."""
        while True:
            nexts = [t for t in (self.app.scheduler.next_run_time(), self._next_held()) if t]
            step = min(nexts) if nexts else None
            if step is None or step > target:
                break
            if step > self.clock.now():
                self.clock.set(step)
            self.app.scheduler.run_due(self.clock.now())
            await self.settle()
        self.clock.set(target)
        await self.settle()

    def _next_held(self) -> datetime | None:
        with Session(self.app.engine) as session:
            when = outbox.next_due_time(session, list(self.app.sender.adapters))
        return when if when is not None and when > self.clock.now() else None


def message_for(app: App, console: ConsoleAdapter, line: str, now: datetime) -> Message:
    """A person's script line (``NAME: …``, ``NAME@GROUP^: …``, ``NAME [label]``) as the
    message the console channel delivers; ValueError says what is wrong with the line."""
    press = PRESS.match(line)
    say = SAY.match(line) if press is None else None
    if press is None and say is None:
        raise ValueError(f"not a script line: {line!r}")
    m = press or say
    assert m is not None
    who, group = m.group("who"), m.group("group")
    chat = (Chat(group_chat_id(group), ChatKind.GROUP, group) if group
            else Chat(dm_chat_id(who), ChatKind.PRIVATE, who))
    text, button, reply_to = "", None, None
    with Session(app.engine) as session:
        if press is not None:
            label = press.group("label")
            button, reply_to = _button(session, chat, label)
        else:
            assert say is not None
            text = say.group("text")
            if say.group("reply"):
                row = outbox.latest_sent(session, chat.id, "card" if group else None)
                if row is None:
                    raise ValueError(f"{who} replies with ^ but the bot has said nothing there yet")
                reply_to = row.platform_message_id
    return Message(id=console.new_id("m"), chat=chat, sender=User(person_id(who), who), date=now,
                   text=text, reply_to=reply_to, button_data=button,
                   content_kind="button" if button is not None else "text")


def _button(session: Session, chat: Chat, label: str) -> tuple[str, str | None]:
    """The data of button ``label`` on the bot's latest message in ``chat`` that has it."""
    rows = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.chat_id == chat.id, OutboxMessage.status == "sent",
               OutboxMessage.buttons != "[]")
        .order_by(col(OutboxMessage.id).desc())
    )
    for row in rows:
        for b_label, data in outbox.buttons_of(row):
            if b_label == label:
                return data, row.platform_message_id
    raise ValueError(f"no bot message in {chat.title} has a button [{label}]")
