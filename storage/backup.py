"""Backups that are safe while the bot runs, and restoring one into an empty database.

SQLite: SQLite's online backup API copies a consistent snapshot in one step (WAL: writers go
on meanwhile). PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore``. A restore checks the
schema: the backup's revision must be one these migrations know (an older one is upgraded),
and the result must match the models.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (every table in the metadata, for the schema check)
from storage.db import alembic_config, include_object, make_engine, upgrade

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
KEEP_TABLES = ("alembic_version",)  # rows here do not make a database "not empty"


class BackupError(RuntimeError):
    """The backup or restore cannot be done; the message says why, in one line."""


# --------------------------------------------------------------------------- backing up


def backup(engine: Engine, target: Path) -> Path:
    """Write a backup of the database to ``target`` (which must not exist yet)."""
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, part)
        elif engine.dialect.name == "postgresql":
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={part}",
                  _libpq_url(engine)], "pg_dump")
        else:
            raise BackupError(f"cannot back up a {engine.dialect.name} database")
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return target


def _sqlite_backup(engine: Engine, part: Path) -> None:
    with sqlite_connection(engine) as source, closing(sqlite3.connect(part)) as copy:
        # One step (pages=-1): a single read transaction, so the copy is one moment's state.
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        ok = copy.execute("PRAGMA integrity_check").fetchone()
    if ok is None or ok[0] != "ok":
        raise BackupError(f"the backup failed its integrity check: {ok}")


@contextmanager
def sqlite_connection(engine: Engine) -> Iterator[sqlite3.Connection]:
    """A connection of its own to the database file (an in-memory database exists only inside
    the engine's one connection: that one, then)."""
    path = engine.url.database
    if not path or path == ":memory:":
        raw = engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert isinstance(conn, sqlite3.Connection)
            yield conn
        finally:
            raw.close()
        return
    with closing(sqlite3.connect(path, timeout=30)) as conn:
        yield conn


def backup_to_dir(engine: Engine, folder: Path, keep: int, now: datetime) -> Path:
    """A new backup in ``folder`` named by ``now``; beyond the newest ``keep``, older ones go."""
    suffix = ".db" if engine.dialect.name == "sqlite" else ".pgdump"
    folder.mkdir(parents=True, exist_ok=True)
    made = backup(engine, folder / f"lingong-{now:%Y%m%d-%H%M%S}{suffix}")
    ours = sorted(folder.glob(f"lingong-*{suffix}"))
    for old in ours[: max(0, len(ours) - keep)]:
        old.unlink()
    return made


# --------------------------------------------------------------------------- restoring


def restore(engine: Engine, source: Path) -> str:
    """Restore the backup ``source`` into the (empty) database of ``engine``; returns the
    schema revision it ends at."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    with source.open("rb") as f:
        head = f.read(16)
    if not is_empty(engine):
        raise BackupError(
            f"{engine.url.render_as_string(hide_password=True)} is not empty: restore only "
            "into a new database (a new SQLite file, or createdb for PostgreSQL)")
    if head == SQLITE_MAGIC and engine.dialect.name == "sqlite":
        return _restore_sqlite(engine, source)
    if head.startswith(PG_MAGIC) and engine.dialect.name == "postgresql":
        return _restore_pg(engine, source)
    kind = ("an SQLite backup" if head == SQLITE_MAGIC else
            "a pg_dump backup" if head.startswith(PG_MAGIC) else "not a lingong backup")
    raise BackupError(f"{source} is {kind}; it cannot be restored into "
                      f"{engine.dialect.name}")


def is_empty(engine: Engine) -> bool:
    """No table holds a row (the schema version aside)."""
    with engine.connect() as conn:
        for name in inspect(conn).get_table_names():
            if name in KEEP_TABLES:
                continue
            quoted = conn.dialect.identifier_preparer.quote(name)
            if conn.execute(text(f"SELECT 1 FROM {quoted} LIMIT 1")).first() is not None:
                return False
    return True


def _restore_sqlite(engine: Engine, source: Path) -> str:
    with tempfile.TemporaryDirectory(prefix="lingong-restore-") as tmp:
        work = Path(tmp) / "restore.db"
        shutil.copyfile(source, work)
        with closing(sqlite3.connect(work)) as conn:
            try:
                ok = conn.execute("PRAGMA integrity_check").fetchone()
            except sqlite3.DatabaseError as exc:
                raise BackupError(f"{source} is damaged: {exc}") from exc
        if ok is None or ok[0] != "ok":
            raise BackupError(f"{source} is damaged: {ok}")
        staged = make_engine(f"sqlite:///{work}")
        try:
            revision = _checked(staged, source)
        finally:
            staged.dispose()
        if engine.url.database not in (None, "", ":memory:"):
            engine.dispose()  # pooled connections open the restored file afresh
        with closing(sqlite3.connect(work)) as src, sqlite_connection(engine) as dest:
            src.backup(dest)
    return revision


def _restore_pg(engine: Engine, source: Path) -> str:
    _run(["pg_restore", "--no-owner", "--clean", "--if-exists", "--exit-on-error",
          f"--dbname={_libpq_url(engine)}", str(source)], "pg_restore")
    try:
        return _checked(engine, source)
    except BackupError:
        # It was empty before: leave it so, not half a foreign schema.
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        raise


def _checked(engine: Engine, source: Path) -> str:
    """Upgrade a restored copy to this version's schema and compare it with the models."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            raise BackupError(f"{source} has no lingong schema version: not a lingong backup")
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    revision = str(row[0]) if row else ""
    scripts = ScriptDirectory.from_config(alembic_config(engine))
    try:
        known = scripts.get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise BackupError(f"{source} is at schema revision {revision!r}, which this lingong "
                          "does not know: restore it with the lingong that made it")
    upgrade(engine)
    problems = schema_problems(engine)
    if problems:
        raise BackupError(f"{source} does not match this lingong's schema: {problems[0]}")
    with engine.connect() as conn:
        final = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    return str(final)


def schema_problems(engine: Engine) -> list[str]:
    """Differences between the database's schema and the models (empty: they agree)."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "include_object": include_object})
        return [str(diff) for diff in compare_metadata(ctx, SQLModel.metadata)]


# --------------------------------------------------------------------------- PostgreSQL tools


def _libpq_url(engine: Engine) -> str:
    """The URL as pg_dump takes it (no SQLAlchemy driver suffix)."""
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _run(command: list[str], tool: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{tool} not found: install the PostgreSQL client tools "
                          "(Debian: apt install postgresql-client)")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise BackupError(f"{tool}: {reason}")
