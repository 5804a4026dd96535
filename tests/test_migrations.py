"""The schema comes from the migrations, on SQLite and on the machine's PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import storage.tables  # noqa: F401
from storage.db import current_revision, include_object, make_engine, upgrade


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
