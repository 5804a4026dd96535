"""The schema comes from the migrations, on SQLite and on the machine's PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import storage.tables  # noqa: F401
from storage.db import alembic_config, current_revision, include_object, make_engine, upgrade


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


def assert_schema_matches_models(engine: Engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "include_object": include_object})
        assert compare_metadata(ctx, SQLModel.metadata) == []


def test_migrations_build_the_schema_from_empty_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert current_revision(engine) is None
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"job", "claim", "outboxmessage", "inboundmessage", "region", "person"} <= tables
    assert_schema_matches_models(engine)
    upgrade(engine)  # a second upgrade is a no-op
    assert current_revision(engine) is not None
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_migrations_build_the_schema_from_empty_on_postgresql(pg_engine: Engine) -> None:
    upgrade(pg_engine)
    assert "job" in inspect(pg_engine).get_table_names()
    assert_schema_matches_models(pg_engine)


def _held_jobs_before_0010(engine: Engine) -> None:
    """The schema at 0009 with three held posts: one marked the old way for its phone's
    曝光台 entry, one held for its words, one for words that only look like the mark."""
    upgrade(engine, "0009_exposure")
    at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    job = {"post_id": 1, "poster_id": 1, "status": "held", "confirmed": 0, "perks": "",
           "asked_missing": False, "asked_still_hiring": False, "created_at": at}
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO person (id, name, no_shows, created_at) "
                          "VALUES (1, '老黑', 0, :at)"), {"at": at})
        conn.execute(text("INSERT INTO post (id, source_message_id, chat_id, poster_id, text, "
                          "created_at) VALUES (1, 'm1', 'console:group:g', 1, '', :at)"),
                     {"at": at})
        for job_id, reason in ((1, "曝光台:7"), (2, "押金"), (3, "曝光台:七")):
            conn.execute(text(
                "INSERT INTO job (id, post_id, poster_id, status, confirmed, perks, "
                "asked_missing, asked_still_hiring, created_at, hold_reason) VALUES (:id, "
                ":post_id, :poster_id, :status, :confirmed, :perks, :asked_missing, "
                ":asked_still_hiring, :created_at, :reason)"), {**job, "id": job_id,
                                                                "reason": reason})


def _holds(engine: Engine) -> list[tuple[int, str | None, int | None]]:
    with engine.connect() as conn:
        return [(r[0], r[1], r[2]) for r in conn.execute(text(
            "SELECT id, hold_reason, exposure_id FROM job ORDER BY id"))]


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_0010_moves_the_old_曝光台_mark_into_exposure_id_and_back(
        db: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = (f"sqlite:///{tmp_path / 'old.db'}" if db == "sqlite"
           else request.getfixturevalue("pg_url"))
    engine = make_engine(url)
    try:
        _held_jobs_before_0010(engine)
        upgrade(engine)
        assert _holds(engine) == [(1, None, 7), (2, "押金", None), (3, "曝光台:七", None)]
        command.downgrade(alembic_config(engine), "0009_exposure")
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, hold_reason FROM job ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [(1, "曝光台:7"), (2, "押金"), (3, "曝光台:七")]
    finally:
        engine.dispose()
