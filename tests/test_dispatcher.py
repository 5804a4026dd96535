"""The inbound path: each message recorded once, replies queued in the same transaction."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from bot import filters
from bot.adapters.base import Limits, Outgoing
from bot.clock import TZ, ManualClock
from bot.config import Settings
from bot.dispatcher import SORRY, SORRY_UNFOLLOWED, Dispatcher
from bot.message import Chat, ChatKind, Message, User, unescaped
from bot.outbox import Sender
from bot.router import Router
from bot.spool import Spool
from handlers.basics import FAILED_NOTES_A_DAY, failure_notes
from nlp.gazetteer import load_gazetteer
from storage import people, regions
from storage.db import make_engine, transaction, upgrade
from storage.models import Identity, InboundMessage, OutboxMessage, Person

START = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)


class Recorder:
    """An adapter that keeps what it was asked to send."""

    platform = "console"
    limits = Limits(per_second_total=0, per_minute_per_group=0, per_second_per_chat=0)
    supports_buttons = True
    supports_edit = True
    supports_files = False

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    async def start(self, inbound: object) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, out: Outgoing) -> str:
        self.sent.append(out)
        return f"console:b{len(self.sent)}"


def make_router() -> Router:
    router = Router()

    @router.message(lambda ctx: ctx.message.text.startswith("坏了"))
    def broken() -> str:
        raise RuntimeError("a bug in a handler")

    @router.message(filters.text_equals("撞了"))
    def clash(session: Session) -> str:
        # Two rows with one key: the IntegrityError a handler meets in a real race.
        session.add(Identity(id="console:撞", person_id=1))
        session.add(Identity(id="console:撞", person_id=1))
        session.flush()
        return "不会到这里"

    @router.message(filters.private)
    def echo(text: str) -> str:
        return f"收到：{text[:10]}（{len(text)}字）"

    return router


def setup(tmp_path: Path, engine: Engine | None = None, router: Router | None = None
          ) -> tuple[Dispatcher, Sender, Recorder, ManualClock]:
    engine = engine or make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    upgrade(engine)
    clock = ManualClock(START)
    rec = Recorder()
    disp = Dispatcher(engine, router or make_router(), Settings(), load_gazetteer(), clock,
                      spool=Spool(tmp_path / "spool"), failure_notes=failure_notes)
    return disp, Sender(engine, {"console": rec}, clock), rec, clock


def county_officer(disp: Dispatcher, name: str = "李主任") -> None:
    """A county officer who has written to the bot privately (so can be told things)."""
    with transaction(disp.engine) as session:
        regions.import_gazetteer(session, disp.gazetteer)
        person = people.person_for(session, f"console:{name}", name, f"console:dm:{name}")
        assert person.id is not None
        people.make_officer(session, person.id, disp.gazetteer.county.code)


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
    # No officer can be told: the apology does not promise that one will follow it up.
    assert [o.text for o in rec.sent] == [SORRY_UNFOLLOWED]
    assert "信息员" not in SORRY_UNFOLLOWED
    with Session(disp.engine) as s:
        row = s.get(InboundMessage, "console:m1")
        assert row is not None and row.status == "failed" and "a bug in a handler" in (
            row.error or "")
    # the same message again is a duplicate, not a second apology
    assert disp.handle(dm("坏了")).duplicate


def test_a_failed_message_reaches_the_county_officers_so_the_apology_is_true(
        tmp_path: Path) -> None:
    disp, sender, rec, _ = setup(tmp_path)
    county_officer(disp)
    assert disp.handle(dm("坏了 明天要人 电话13812345678")).failed
    asyncio.run(sender.drain())
    sent = {o.chat_id: o.text for o in rec.sent}
    assert sent["console:dm:老王"] == SORRY
    note = sent["console:dm:李主任"]
    assert "没处理好" in note and "老王" in note and "11月26日 08:00" in note
    assert "坏了 明天要人 电话138****5678" in note and "13812345678" not in note
    # A message that was handled tells no officer.
    rec.sent.clear()
    disp.handle(dm("你好", mid="console:m2"))
    asyncio.run(sender.drain())
    assert [o.chat_id for o in rec.sent] == ["console:dm:老王"]


def test_officers_hear_of_ten_failures_a_day_then_only_that_there_are_more(
        tmp_path: Path) -> None:
    disp, sender, rec, clock = setup(tmp_path)
    county_officer(disp)
    for i in range(FAILED_NOTES_A_DAY + 2):
        assert disp.handle(dm(f"坏了{i}", mid=f"console:m{i}")).failed
    asyncio.run(sender.drain())
    notes = [o.text for o in rec.sent if o.chat_id == "console:dm:李主任"]
    assert len(notes) == FAILED_NOTES_A_DAY
    assert "不再逐条通知" in notes[-1] and "lingong failed" in notes[-1]
    assert not any("不再逐条通知" in n for n in notes[:-1])
    # Every sender still gets the apology; the next day, notes start again.
    assert sum(o.chat_id == "console:dm:老王" for o in rec.sent) == FAILED_NOTES_A_DAY + 2
    clock.advance(timedelta(days=1))
    rec.sent.clear()
    disp.handle(dm("坏了 又一条", mid="console:tomorrow"))
    asyncio.run(sender.drain())
    assert [o.chat_id for o in rec.sent].count("console:dm:李主任") == 1


def test_an_integrity_error_inside_a_handler_keeps_the_message(tmp_path: Path) -> None:
    disp, sender, rec, _ = setup(tmp_path)
    outcome = disp.handle(dm("撞了"))
    assert outcome.failed and not outcome.duplicate
    asyncio.run(sender.drain())
    assert [o.text for o in rec.sent] == [SORRY_UNFOLLOWED]
    with Session(disp.engine) as s:
        row = s.get(InboundMessage, "console:m1")
        assert row is not None and row.status == "failed" and "IntegrityError" in (
            row.error or "")


def test_a_conflict_that_a_second_try_settles_is_handled_once(tmp_path: Path) -> None:
    tries: list[int] = []
    router = Router()

    @router.message(filters.private)
    def racy(session: Session, text: str) -> str:
        tries.append(1)
        if len(tries) == 1:  # another writer got there first, this once
            raise IntegrityError("INSERT …", {}, Exception("UNIQUE constraint failed"))
        return f"收到：{text}"

    disp, sender, rec, _ = setup(tmp_path, router=router)
    outcome = disp.handle(dm("你好"))
    assert not outcome.failed and outcome.queued == 1 and len(tries) == 2
    asyncio.run(sender.drain())
    assert [o.text for o in rec.sent] == ["收到：你好"]
    with Session(disp.engine) as s:
        assert count(s, InboundMessage) == 1 and count(s, Person) == 1


def test_the_inbound_row_and_its_replies_commit_together(tmp_path: Path) -> None:
    """What the database holds the moment a message's first transaction commits — were the
    process killed right then: the message and its reply, or neither. Replies queued in a
    second transaction would leave a handled message that nobody answers, and a redelivery
    would then be taken for a duplicate."""
    disp, sender, rec, _ = setup(tmp_path)
    seen: list[tuple[int, int]] = []

    def look(session: Session) -> None:
        if session.info.get("looking") or seen:
            return
        with Session(disp.engine) as other:
            other.info["looking"] = True
            seen.append((count(other, InboundMessage), count(other, OutboxMessage)))

    event.listen(Session, "after_commit", look)
    try:
        disp.handle(dm("你好"))
    finally:
        event.remove(Session, "after_commit", look)
    assert seen == [(1, 1)]
    asyncio.run(sender.drain())
    assert [o.text for o in rec.sent] == ["收到：你好（2字）"]


# -- text no database can store ---------------------------------------------------------------

AWKWARD = "明天要\x003个搬运工 电话138\x0012345678 \ud83d\ude00 坏字\ud800完"


def test_nul_and_surrogates_are_cleaned_and_the_original_kept(tmp_path: Path) -> None:
    disp, sender, rec, _ = setup(tmp_path)
    message = Message(id="console:m\x00x", chat=Chat("console:dm:老\ud800王", ChatKind.PRIVATE),
                      sender=User("console:老王", "老\x00王\udfff"), date=START, text=AWKWARD)
    outcome = disp.handle(message)
    assert not outcome.failed and not outcome.spooled
    asyncio.run(sender.drain())
    assert rec.sent[0].chat_id == "console:dm:老\ufffd王"
    with Session(disp.engine) as s:
        [row] = s.exec(select(InboundMessage)).all()
        # NUL dropped, the split emoji joined, the lone surrogate marked
        assert row.text == "明天要3个搬运工 电话13812345678 😀 坏字\ufffd完"
        assert row.id == "console:mx"
        assert row.raw_text is not None and unescaped(row.raw_text) == AWKWARD
        [person] = s.exec(select(Person)).all()
        assert person.name == "老王\ufffd"
    # Clean text keeps no raw copy.
    disp.handle(dm("你好", mid="console:m2"))
    with Session(disp.engine) as s:
        clean = s.get(InboundMessage, "console:m2")
        assert clean is not None and clean.raw_text is None


def test_nul_and_surrogates_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    engine = make_engine(pg_url)
    try:
        disp, _, _, _ = setup(tmp_path, engine=engine)
        group = Chat("console:group:青天\x00村群", ChatKind.GROUP, "青天\ud83d村群")
        for i, text in enumerate([AWKWARD, "\x00", "\udc80\udc81", "你好\x00"]):
            outcome = disp.handle(Message(id=f"console:pg{i}", chat=group,
                                          sender=User("console:老\x00王", "老王"),
                                          date=START, text=text))
            assert not outcome.failed and not outcome.spooled, text
        outcome = disp.handle(dm(AWKWARD, mid="console:pgdm"))
        assert not outcome.failed and outcome.queued == 1
        with Session(engine) as s:
            assert count(s, InboundMessage) == 5
            rows = s.exec(select(InboundMessage)).all()
            assert {unescaped(r.raw_text) for r in rows if r.raw_text} == {
                AWKWARD, "\x00", "\udc80\udc81", "你好\x00"}
    finally:
        engine.dispose()
