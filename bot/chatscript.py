"""The chat-script contract (shared/contract/chat-script.md): play a conversation on the console
channel with a hand-moved clock."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TextIO

from sqlmodel import Session, col, select

from bot.adapters.console import ConsoleAdapter, dm_chat_id, group_chat_id, person_id
from bot.app import App
from bot.clock import TZ, ManualClock
from bot.dispatcher import queue_replies
from bot.message import Chat, ChatKind, Message, Reply, User
from handlers import held, officers
from handlers.completion import complete_group_drafts
from nlp.gazetteer import Place
from storage import jobs as store
from storage import outbox, people
from storage.db import transaction
from storage.models import Group, OutboxMessage

NAME = r"[^\s@:^\[\]]+"
SAY = re.compile(rf"^(?P<who>{NAME})(?:@(?P<group>{NAME}))?(?P<reply>\^)?\s*[:：]\s?(?P<text>.*)$")
PRESS = re.compile(rf"^(?P<who>{NAME})(?:@(?P<group>{NAME}))?\s*\[(?P<label>[^\]]+)\]\s*$")
WAIT = re.compile(r"^(?:\d+(?:\.\d+)?\s*[smhd]\s*)+$")  # 「2h45m」: parts added up
WAIT_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}

# The directives, one example each: the interactive prompt names them, ``@help`` prints this.
DIRECTIVES = (
    ("@group NAME PLACE", "@group 闲聊群 青天村",
     "把群绑定到一个地方（群名是「地名+群」的会自动绑定）"),
    ("@officer NAME [PLACE]", "@officer 李主任", "设信息员（不写地方就是全区的）"),
    ("@now TIME", "@now 2026-11-26 08:00", "把时钟拨到某个时刻（只能往后拨）"),
    ("@wait TIME", "@wait 1d", "让时间过去（30m、2h、1d、2h45m），其间的早报等定时的事都会发生"),
    ("@help", "@help", "再看一遍这些说明"),
)
SPEAKING = (
    ("NAME@GROUP: 话", "王大爷@青天村群: 明天要3个搬运工 150一天", "在群里说话"),
    ("NAME: 话", "小张: 订阅 搬运 木鱼镇", "私聊机器人"),
    ("NAME@GROUP^: 话", "小张@青天村群^: 我去", "回复群里最新的招工卡片"),
    ("NAME [按钮]", "小张 [报名]", "点机器人最新消息上的按钮"),
)


def prompt_line() -> str:
    """The interactive console's first line: the directives by name."""
    return ("lingong chat：指令 `@group NAME PLACE`、`@officer NAME`、`@now`、`@wait`，"
            "`@help` 看例子；"
            "每行一句，如「王大爷@青天村群: 明天要3个搬运工 150一天」，Ctrl-D 退出。")


def help_text() -> str:
    """What ``@help`` prints: every directive and every kind of line, one example each."""
    def row(form: str, example: str, what: str) -> str:
        return f"  {form:<22} {what}\n  {'':<22} 例：{example}"

    return "\n".join(["指令（以 @ 开头）：", *(row(*d) for d in DIRECTIVES),
                      "说话（名字不带空格）：", *(row(*d) for d in SPEAKING)])


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
    # Where ``@help`` prints; None: stderr (stdout carries only the bot's messages).
    notes: TextIO | None = None
    # The console binds a group named after a place (青天村群) on first sight, typed live or
    # in a script alike: a newcomer's script works as their typing did.
    autobind: bool = True

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
                raise ValueError("@wait wants a duration like 30m, 2h or 1d (or 2h45m), "
                                 f"got {rest!r}")
            delta = sum((timedelta(**{UNITS[u]: float(n)}) for n, u in WAIT_PART.findall(rest)),
                        timedelta())
            await self.advance_to(self.clock.now() + delta)
        elif word == "@group":
            parts = rest.split()
            if len(parts) != 2:
                raise ValueError("@group wants NAME REGION")
            self.bind_group(parts[0], parts[1])
            await self.settle()
        elif word == "@help":
            print(help_text(), file=self.notes or sys.stderr, flush=True)
        elif word == "@officer":
            parts = rest.split()
            if len(parts) not in (1, 2):
                raise ValueError("@officer wants NAME [REGION]")
            self.appoint(parts[0], parts[1] if len(parts) == 2 else None)
            await self.settle()
        else:
            raise ValueError(f"unknown directive {word}")

    @staticmethod
    def _parse_now(rest: str) -> datetime:
        """``YYYY-MM-DD HH:MM`` in Shanghai, or the same in ISO 8601 with seconds, a ``T`` or an
        offset (``2027-06-08T08:20:00+08:00``, taken to Shanghai's clock) — what people copy
        from a log. A date alone is refused: the script must say the hour it means."""
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}\S*", rest):
                raise ValueError(rest)
            when = datetime.fromisoformat(rest)
        except ValueError:
            raise ValueError(f"@now wants 'YYYY-MM-DD HH:MM', got {rest!r}") from None
        return when.replace(tzinfo=TZ) if when.tzinfo is None else when.astimezone(TZ)

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
            session.flush()
            now = self.clock.now()
            queue_replies(session, complete_group_drafts(
                session, group, self.app.gazetteer, self.app.settings, now), None, now)
        self.app.scheduler_sync()

    def appoint(self, name: str, region: str | None) -> None:
        code = self._region_code(region) if region else self.app.gazetteer.county.code
        with transaction(self.app.engine) as session:
            person = people.person_for(session, person_id(name), name, dm_chat_id(name))
            assert person.id is not None
            people.make_officer(session, person.id, code)
            now = self.clock.now()
            queue_replies(session, held.waiting_for(session, self.app.gazetteer, person.id),
                          None, now)

    async def _speak(self, line: str) -> None:
        await self.deliver(message_for(self.app, self.console, line, self.clock.now(),
                                       autobind=self.autobind))

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


def message_for(app: App, console: ConsoleAdapter, line: str, now: datetime,
                autobind: bool = False) -> Message:
    """A person's script line (``NAME: …``, ``NAME@GROUP^: …``, ``NAME [label]``) as the
    message the console channel delivers; ValueError says what is wrong with the line.
    ``autobind``: a group named after a place is bound to it on first sight."""
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
    if group and press is None and autobind:
        bind_on_first_sight(app, group, now)
    with Session(app.engine) as session:
        if press is not None:
            label = press.group("label")
            button, reply_to = _button(session, chat, label)
        else:
            assert say is not None
            text = say.group("text")
            if say.group("reply"):
                # a group's latest job card: a held post's warning offers no job
                row = (outbox.latest_sent(session, chat.id, "card", store.NEVER_OFFERED)
                       if group else outbox.latest_sent(session, chat.id))
                if row is None:
                    raise ValueError(f"{who} replies with ^ but the bot has said nothing there yet")
                reply_to = row.platform_message_id
    return Message(id=console.new_id("m"), chat=chat, sender=User(person_id(who), who), date=now,
                   text=text, reply_to=reply_to, button_data=button,
                   content_kind="button" if button is not None else "text")


def place_of_group_name(app: App, name: str) -> Place | None:
    """The place a console group is named after: 「青天村群」, 「木鱼镇群」, 「神农架林区群」 (one
    place of the gazetteer, by its name or an unambiguous alias, followed by 群)."""
    if not name.endswith("群"):
        return None
    found = app.gazetteer.candidates(name.removesuffix("群"))
    return found[0] if len(found) == 1 else None


def bind_on_first_sight(app: App, name: str, now: datetime) -> bool:
    """On the console only: a group seen for the first time whose name is a place followed by
    群 is bound to that place, and says so once. True when it was bound now."""
    place = place_of_group_name(app, name)
    if place is None:
        return False
    chat_id = group_chat_id(name)
    with transaction(app.engine) as session:
        if session.get(Group, chat_id) is not None:
            return False  # seen before: bound or not, it stays as it is
        group = people.group_for(session, chat_id, name, app.settings.digest.default_time)
        group.region_code = place.code
        session.add(group)
        where = officers.full_name(app.gazetteer, place)
        hint = f"群里发的招工默认在{place.name}。" if place.level != "county" else ""
        queue_replies(session, [Reply(
            f"（终端试用）本群按群名绑定到{where}（{officers.LEVEL_NAMES[place.level]}群）。"
            f"{hint}别的群名用「@group 群名 地方」绑定。", chat_id=chat_id, kind="notice")],
            None, now)
    app.scheduler_sync()
    return True


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
