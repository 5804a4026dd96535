from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, text

if TYPE_CHECKING:
    from tests.conversation import Conversation

# The machine's PostgreSQL (trust auth); CI starts it when it is not running.
PG_ADMIN = os.environ.get("LINGONG_TEST_PG",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def chat() -> Iterator[Conversation]:
    from tests.conversation import Conversation

    conv = Conversation()
    yield conv
    conv.close()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A scratch PostgreSQL database, dropped afterwards. Skipped without a server, except in
    CI, where a missing server is a failure."""
    yield from _scratch_pg()


@pytest.fixture(params=["sqlite", "postgresql"])
def either_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on a SQLite file and on a scratch PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.db'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def other_pg_url() -> Iterator[str]:
    """A second scratch database (to restore one into another)."""
    yield from _scratch_pg()


def _scratch_pg() -> Iterator[str]:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": 3})
    name = f"lingong_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN} in CI: {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN}")
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
