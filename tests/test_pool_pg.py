"""PostgreSQL connections: tested before use only after sitting idle (a round trip saved on
every transaction under load), and a message whose connection died under it is handled on a
new one — not spooled, not lost."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from bot import filters
from bot.clock import TZ, ManualClock
from bot.config import Settings
from bot.dispatcher import Dispatcher
from bot.message import Chat, ChatKind, Message, User
from bot.router import Router
from bot.spool import Spool
from nlp.gazetteer import load_gazetteer
from storage import db
from storage.db import make_engine, upgrade
from storage.models import InboundMessage, OutboxMessage

START = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)


def kill_pooled_connection(engine: Engine, url: str) -> None:
    """The server ends the backend of the connection waiting in ``engine``'s pool."""
    with engine.connect() as conn:
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    admin.dispose()


def test_an_idle_connection_is_tested_and_a_dead_one_replaced(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(pg_url)
    try:
        kill_pooled_connection(engine, pg_url)
        monkeypatch.setattr(db, "PING_AFTER", 0.0)  # it sat idle long enough
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT 2").scalar() == 2
    finally:
        engine.dispose()


def test_a_connection_in_steady_use_is_not_tested(pg_url: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The other side of the saving: no test, so a connection that died while in use fails
    the work that meets it (which the dispatcher then does again)."""
    engine = make_engine(pg_url)
    try:
        kill_pooled_connection(engine, pg_url)
        monkeypatch.setattr(db, "PING_AFTER", 3600.0)
        with pytest.raises(DBAPIError) as failed, engine.connect() as conn:
            conn.exec_driver_sql("SELECT 2")
        assert failed.value.connection_invalidated
        with engine.connect() as conn:  # the pool let the dead connection go
            assert conn.exec_driver_sql("SELECT 3").scalar() == 3
    finally:
        engine.dispose()


def test_a_message_whose_connection_died_is_handled_on_a_new_one(
        pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(pg_url)
    upgrade(engine)
    router = Router()

    @router.message(filters.private)
    def echo(text: str) -> str:
        return f"收到：{text}"

    spool = Spool(tmp_path / "spool")
    disp = Dispatcher(engine, router, Settings(), load_gazetteer(), ManualClock(START),
                      spool=spool)

    def dm(n: int) -> Message:
        return Message(id=f"console:m{n}", chat=Chat("console:dm:老王", ChatKind.PRIVATE, "老王"),
                       sender=User("console:老王", "老王"), date=START, text=f"第{n}条")

    try:
        assert disp.handle(dm(1)).queued == 1
        monkeypatch.setattr(db, "PING_AFTER", 3600.0)  # in steady use: not tested first
        kill_pooled_connection(engine, pg_url)
        outcome = disp.handle(dm(2))
        assert not outcome.spooled and not outcome.failed and outcome.queued == 1
        assert len(spool) == 0
        with Session(engine) as s:
            assert sorted(s.exec(select(InboundMessage.id))) == ["console:m1", "console:m2"]
            assert sorted(s.exec(select(OutboxMessage.text))) == ["收到：第1条", "收到：第2条"]
    finally:
        engine.dispose()
