"""The schema comes from the migrations, on SQLite and on the machine's PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import storage.tables  # noqa: F401
from storage.db import current_revision, include_object, make_engine, upgrade

PG_ADMIN = os.environ.get("LINGONG_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def pg_available() -> bool:
    try:
        with create_engine(PG_ADMIN).connect():
            return True
    except Exception:
        return False


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    if not pg_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN} in CI")
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN}")
    name = f"lingong_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(PG_ADMIN.rsplit("/", 1)[0] + "/" + name)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


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
