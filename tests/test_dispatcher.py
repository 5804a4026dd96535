"""The inbound path: each message recorded once, replies queued in the same transaction."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, func, select

from bot import filters
from bot.adapters.base import Limits, Outgoing
from bot.clock import TZ, ManualClock
from bot.config import Settings
from bot.dispatcher import SORRY, Dispatcher
from bot.message import Chat, ChatKind, Message, User
from bot.outbox import Sender
from bot.router import Router
from nlp.gazetteer import load_gazetteer
from storage.db import make_engine, upgrade
from storage.models import Identity, InboundMessage, OutboxMessage, Person

START = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)


class Recorder:
    """An adapter that keeps what it was asked to send."""

    platform = "console"
    limits = Limits(per_second_total=0, per_minute_per_group=0, per_second_per_chat=0)
    supports_buttons = True
    supports_edit = True

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    async def start(self, inbound: object) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, out: Outgoing) -> str:
        self.sent.append(out)
        return f"console:b{len(self.sent)}"


def make_router() -> Router:
    router = Router()

    @router.message(filters.text_equals("坏了"))
    def broken() -> str:
        raise RuntimeError("a bug in a handler")

    @router.message(filters.private)
    def echo(text: str) -> str:
        return f"收到：{text[:10]}（{len(text)}字）"

    return router


def setup(tmp_path: Path) -> tuple[Dispatcher, Sender, Recorder, ManualClock]:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    upgrade(engine)
    clock = ManualClock(START)
    rec = Recorder()
    disp = Dispatcher(engine, make_router(), Settings(), load_gazetteer(), clock)
    return disp, Sender(engine, {"console": rec}, clock), rec, clock


def dm(text: str, mid: str = "console:m1", kind: str = "text") -> Message:
    return Message(id=mid, chat=Chat("console:dm:老王", ChatKind.PRIVATE, "老王"),
                   sender=User("console:老王", "老王"), date=START, text=text, content_kind=kind)


def count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_a_redelivered_message_changes_nothing(tmp_path: Path) -> None:
    disp, sender, rec, _ = setup(tmp_path)
    first = disp.handle(dm("你好"))
    again = disp.handle(dm("你好"))
    assert not first.duplicate and first.queued == 1
    assert again.duplicate and again.queued == 0
    asyncio.run(sender.drain())
    assert [o.text for o in rec.sent] == ["收到：你好（2字）"]
    with Session(disp.engine) as s:
        assert count(s, InboundMessage) == 1
        assert count(s, OutboxMessage) == 1
        assert count(s, Person) == 1 and count(s, Identity) == 1


def test_a_broken_handler_keeps_the_message_and_apologises(tmp_path: Path) -> None:
    disp, sender, rec, _ = setup(tmp_path)
    outcome = disp.handle(dm("坏了"))
    assert outcome.failed
    asyncio.run(sender.drain())
    assert [o.text for o in rec.sent] == [SORRY]
    with Session(disp.engine) as s:
        row = s.get(InboundMessage, "console:m1")
        assert row is not None and row.status == "failed" and "a bug in a handler" in (
            row.error or "")
    # the same message again is a duplicate, not a second apology
    assert disp.handle(dm("坏了")).duplicate


def test_a_10000_character_message_is_kept_whole_and_handled(tmp_path: Path) -> None:
    disp, sender, rec, _ = setup(tmp_path)
    long = "招" * 10_000
    disp.handle(dm(long))
    asyncio.run(sender.drain())
    assert rec.sent[0].text == "收到：招招招招招招招招招招（4000字）"
    with Session(disp.engine) as s:
        row = s.get(InboundMessage, "console:m1")
        assert row is not None and len(row.text) == 10_000


def test_a_sticker_is_recorded_and_answered_by_the_matching_route(tmp_path: Path) -> None:
    disp, _, _, _ = setup(tmp_path)
    outcome = disp.handle(dm("", kind="sticker"))
    assert outcome.route == "root.echo"
    with Session(disp.engine) as s:
        row = s.get(InboundMessage, "console:m1")
        assert row is not None and row.content_kind == "sticker"


def test_simultaneous_messages_on_sqlite_are_all_handled(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    disp, sender, rec, _ = setup(tmp_path)
    messages = [
        Message(id=f"console:m{i}", chat=Chat(f"console:dm:人{i}", ChatKind.PRIVATE, f"人{i}"),
                sender=User(f"console:人{i}", f"人{i}"), date=START, text=f"第{i}条")
        for i in range(40)
    ]
    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(disp.handle, messages))
    assert not any(o.failed for o in outcomes)
    asyncio.run(sender.drain())
    assert len(rec.sent) == 40
    with Session(disp.engine) as s:
        assert count(s, InboundMessage) == 40 and count(s, Person) == 40
