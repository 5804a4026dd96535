"""A message is never lost: when the database cannot take it (read-only, locked past its
timeout, gone), it waits in a local spool, survives a restart, and is handled — in order, once,
answered — when the database is back."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.config import Settings
from bot.dispatcher import Dispatcher
from bot.spool import Spool
from storage.db import make_engine, upgrade
from storage.models import InboundMessage, OutboxMessage
from tests.conftest import PG_ADMIN
from tests.conversation import Conversation
from tests.test_dispatcher import START, count, dm, make_router, setup


def read_only_switch(engine: Engine) -> list[bool]:
    """Flip ``switch[0]`` to make every new transaction read-only (PRAGMA query_only): what a
    file made read-only under a running bot does (chmod cannot, for root)."""
    switch = [False]

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_conn: sqlite3.Connection, *_: Any) -> None:
        dbapi_conn.execute(f"PRAGMA query_only = {int(switch[0])}")

    return switch


def inbound_ids(engine: Engine) -> list[str]:
    with Session(engine) as s:
        return list(s.exec(select(InboundMessage.id).order_by(col(InboundMessage.received_at),
                                                               col(InboundMessage.id))))


def test_a_read_only_database_spools_and_the_spool_survives_a_restart(tmp_path: Path) -> None:
    disp, sender, rec, _ = setup(tmp_path)
    read_only = read_only_switch(disp.engine)
    read_only[0] = True
    first = disp.handle(dm("第一条", mid="console:m1"))
    second = disp.handle(dm("第二条", mid="console:m2"))
    assert first.spooled and second.spooled and not first.failed
    assert len(disp.spool or []) == 2 and inbound_ids(disp.engine) == []

    # The bot restarts, still read-only: the spool is still there, nothing replays.
    again = Dispatcher(disp.engine, make_router(), Settings(), disp.gazetteer, disp.clock,
                       spool=Spool(tmp_path / "spool"))
    assert len(again.spool or []) == 2 and again.replay() == 0

    # Writable again: the next message first lets the waiting ones through, oldest first.
    read_only[0] = False
    third = again.handle(dm("第三条", mid="console:m3"))
    assert not third.spooled and third.queued == 1
    assert len(again.spool or []) == 0 and not list((tmp_path / "spool").glob("*.json"))
    with Session(disp.engine) as s:
        rows = s.exec(select(OutboxMessage.text).order_by(col(OutboxMessage.id))).all()
    assert rows == ["收到：第一条（3字）", "收到：第二条（3字）", "收到：第三条（3字）"]
    asyncio.run(sender.drain())
    assert [o.text for o in rec.sent] == rows  # everyone answered, once
    # A platform redelivering one of them later changes nothing.
    assert again.handle(dm("第一条", mid="console:m1")).duplicate


def test_a_broken_handler_while_the_database_is_read_only_is_spooled_not_lost(
        tmp_path: Path) -> None:
    disp, _, _, _ = setup(tmp_path)
    read_only = read_only_switch(disp.engine)
    read_only[0] = True
    assert disp.handle(dm("坏了")).spooled
    read_only[0] = False
    assert disp.replay() == 1
    with Session(disp.engine) as s:
        row = s.get(InboundMessage, "console:m1")
        assert row is not None and row.status == "failed"


def test_a_database_locked_past_its_timeout_spools_the_message(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")

    @event.listens_for(engine, "connect")
    def _short_wait(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA busy_timeout = 200")  # the real one waits 30 s

    disp, sender, rec, _ = setup(tmp_path, engine=engine)
    holder = sqlite3.connect(tmp_path / "bot.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        assert disp.handle(dm("你好")).spooled
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert disp.replay() == 1
    asyncio.run(sender.drain())
    assert [o.text for o in rec.sent] == ["收到：你好（2字）"]


def test_an_unreadable_spool_file_is_set_aside_and_the_rest_replayed(tmp_path: Path) -> None:
    disp, _, _, _ = setup(tmp_path)
    read_only = read_only_switch(disp.engine)
    read_only[0] = True
    disp.handle(dm("你好"))
    spool = disp.spool
    assert spool is not None
    (spool.folder / "00000000000000000000-cut-short.json").write_text('{"message": {"id": ')
    spool.refresh()
    read_only[0] = False
    assert disp.replay() == 1
    assert inbound_ids(disp.engine) == ["console:m1"]
    assert [p.name for p in spool.folder.iterdir()] == ["00000000000000000000-cut-short.bad"]


def test_the_running_app_replays_the_spool_and_answers(tmp_path: Path) -> None:
    """No new message needed: the app looks at the spool by itself once it runs."""
    settings = Settings()
    settings.bot.data_dir = str(tmp_path)
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    chat = Conversation(settings=settings, engine=engine)
    try:
        chat.app.scheduler_sync()  # the bot was running before its database went read-only
        read_only = read_only_switch(engine)
        read_only[0] = True
        chat.say("王大爷: 帮助")
        assert chat.new_messages() == []
        spool = chat.app.dispatcher.spool
        assert spool is not None and len(spool) == 1
        read_only[0] = False

        async def serve() -> None:
            stop = asyncio.Event()
            runner = asyncio.create_task(chat.app.run(stop))
            for _ in range(200):
                if "您好" in chat.transcript():
                    break
                await asyncio.sleep(0.05)
            stop.set()
            await runner

        chat._loop.run_until_complete(serve())
        [answer] = chat.new_messages()
        assert answer.startswith("→ 王大爷: 您好，我是零工驿站的招工小助手")
        assert len(spool) == 0
    finally:
        chat.close()


# -- PostgreSQL: read-only, and gone ------------------------------------------------------------

@contextmanager
def admin() -> Iterator[Callable[[str], None]]:
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")

    def run(sql: str) -> None:
        with engine.connect() as conn:
            conn.execute(text(sql))

    try:
        yield run
    finally:
        engine.dispose()


def kick(run: Callable[[str], None], name: str) -> None:
    run(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' "
        "AND pid <> pg_backend_pid()")


def test_postgresql_read_only_then_gone_then_back(pg_url: str, tmp_path: Path) -> None:
    name = pg_url.rsplit("/", 1)[1]
    engine = make_engine(pg_url)
    upgrade(engine)
    try:
        disp, sender, rec, _ = setup(tmp_path, engine=engine)
        with admin() as run:
            # A standby, or a database put read-only: every new session can only read.
            run(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            kick(run, name)
            assert disp.handle(dm("只读的时候", mid="console:m1")).spooled
            # The server goes away altogether.
            run(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
            kick(run, name)
            assert disp.handle(dm("连不上的时候", mid="console:m2")).spooled
            assert disp.replay() == 0
            run(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
            run(f'ALTER DATABASE "{name}" SET default_transaction_read_only = off')
            kick(run, name)
        assert disp.replay() == 2
        assert inbound_ids(engine) == ["console:m1", "console:m2"]
        asyncio.run(sender.drain())
        assert [o.text for o in rec.sent] == ["收到：只读的时候（5字）",
                                              "收到：连不上的时候（6字）"]
        with Session(engine) as s:
            assert count(s, InboundMessage) == 2
    finally:
        engine.dispose()


def test_spooled_messages_keep_every_field(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    message = dm("明天要人\x00\ud800", mid="console:m9")
    path = spool.put(message, "test")
    assert spool.load(path) == message
    assert message.date == START
