"""Engines, sessions and schema migrations."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from alembic import command
from alembic.config import Config
from sqlalchemy import Table, any_, bindparam, event, inspect
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import CursorResult, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import make_transient, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import Executable
from sqlalchemy.sql.sqltypes import BOOLEANTYPE
from sqlalchemy.sql.visitors import InternalTraversal
from sqlmodel import Session, SQLModel, create_engine

from storage.errors import DatabaseUnavailable

_Model = TypeVar("_Model", bound=SQLModel)
MIGRATIONS = Path(__file__).parent / "migrations"
URL_FORMS = "sqlite:///PATH or postgresql+psycopg://USER@HOST:5432/DB"
PING_AFTER = 1.0  # seconds: a pooled connection idle longer is tested before use
READ_ONLY_SQLSTATE = "25006"  # PostgreSQL: read-only transaction (a standby, a read-only role)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for PostgreSQL and in-memory SQLite."""
    if not url.startswith("sqlite"):
        return None
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    path = parsed.database or ""
    if parsed.query.get("uri") in ("true", "1") and path.startswith("file:"):
        path = path.removeprefix("file:")  # sqlite:///file:PATH?mode=ro&uri=true
    if not path or path.startswith(":memory:"):
        return None
    return Path(path)


def make_engine(url: str) -> Engine:
    """SQLite (WAL, foreign keys on) or PostgreSQL (``postgresql+psycopg://…``).

    SQL parameters never reach logs or error messages (they hold phones and names). Nothing is
    created here but the SQLite file itself: see ``open_database`` for folders and new files.
    """
    if not url.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
        raise DatabaseUnavailable(f"{url!r} is not a database URL: use {URL_FORMS}")
    try:
        make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"{url!r} is not a database URL: use {URL_FORMS}") from exc
    if url.startswith("sqlite"):
        kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
        if sqlite_path(url) is None:
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, hide_parameters=True, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    from storage.pgcursor import LazyDescriptionCursor

    # Every connection's cursors describe their results only when asked (issue 12).
    engine = create_engine(url, hide_parameters=True,
                           connect_args={"cursor_factory": LazyDescriptionCursor})
    event.listen(engine, "checkin", _checked_in)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _checked_in(_dbapi_conn: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
    """A pooled connection that sat unused for PING_AFTER is tested before it is handed out
    (a restarted server or a dropped link is met here, not by the work); one in steady use
    is not, which saves a round trip per transaction. A connection that dies while in use
    fails that work (see ``disconnected``)."""
    since = record.info.get("idle_since")
    if since is None or time.monotonic() - since < PING_AFTER:
        return
    try:
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_conn.rollback()
    except Exception as exc:
        # The pool drops this connection and hands out a new one.
        raise DisconnectionError(f"stale pooled connection: {exc}") from exc


def disconnected(exc: BaseException) -> bool:
    """The connection was lost in the middle of the work (a restarted server): the same work
    on a new connection may well succeed."""
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def open_database(url: str, *, create: bool) -> Engine:
    """An engine on ``url`` whose database answers. A SQLite file that does not exist is made
    (with its folders) only when ``create``: a mistyped path must not become an empty
    database."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        if not create:
            raise DatabaseUnavailable(
                f"no database at {path}: check the path, or create it with "
                f"`lingong db upgrade --db {url}`")
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    check_connection(engine)
    return engine


def unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` says the database cannot take the work now — locked past its timeout,
    read-only, out of space, gone — rather than that the work itself is wrong."""
    if isinstance(exc, OperationalError | PoolTimeout):
        return True
    if isinstance(exc, DBAPIError):
        return exc.connection_invalidated or getattr(exc.orig, "sqlstate", None) == (
            READ_ONLY_SQLSTATE)
    return False


def explain(exc: BaseException, engine: Engine) -> str:
    """One line for an operator: which database, what is wrong, what to do."""
    where = engine.url.render_as_string(hide_password=True)
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    why = reason(exc)
    lowered = why.lower()
    if "readonly" in lowered or "read-only" in lowered or getattr(
            orig, "sqlstate", None) == READ_ONLY_SQLSTATE:
        fix = ("make the database file and its folder writable by this user"
               if engine.dialect.name == "sqlite"
               else "point [database] url at the primary server, with a role that may write")
        return f"database {where} is read-only ({why}): {fix}"
    if "locked" in lowered:
        return (f"database {where} is locked ({why}): another program holds it; stop it "
                "or use PostgreSQL for several processes ([database] url)")
    return f"database {where} cannot be used ({why}): check [database] url and the server"


def reason(exc: BaseException) -> str:
    """The first line of what the database driver said (SQLAlchemy's own message adds the
    statement)."""
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a post, a claim or a wage record committed survives a power cut too (village
    # machines lose power); NORMAL would save an fsync (about 13 ms) a commit and risk that.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def check_connection(engine: Engine) -> None:
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        raise DatabaseUnavailable(
            f"cannot open database {engine.url.render_as_string(hide_password=True)}: "
            f"{reason(exc)}"
        ) from exc


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
                   ) -> bool:
    """What the migrations manage: everything but APScheduler's own job table."""
    return not (type_ == "table" and name == "apscheduler_jobs")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` in place (``lingong db upgrade``)."""
    check_connection(engine)
    command.upgrade(alembic_config(engine), revision)


def check_writable(engine: Engine) -> None:
    """Fail at start-up, not at the first message, when the database takes no writes (a
    read-only file or server): a write that changes nothing."""
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return str(row[0]) if row else None


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def read(session: Session, statement: Executable, params: dict[str, Any] | None = None
         ) -> CursorResult[*tuple[Any, ...]]:
    """Rows of a SELECT of columns (never of model objects), run on the session's connection:
    the same rows as ``session.execute`` at about two thirds of the CPU, without the ORM's
    execution around them (issue 12: a message makes several such reads). What is pending is
    flushed first, as ``session.execute`` would have. Only for reads: writes go through the
    session, whose hooks forget what they change (``people.private_chats_of``'s memory)."""
    session.flush()
    return session.connection().execute(statement, params)


def add_written(session: Session, obj: SQLModel) -> None:
    """Write a new object at once with one INSERT (made once a table, every column a
    parameter), its key read back, and keep it in ``session`` as if it had been read: later
    changes to it are flushed as usual. What ``session.add`` and ``session.flush`` do, at about a
    third of the CPU (the unit of work's flush of one object costs more than its round trip;
    issue 12). Only for rows whose key is the database's to give (one autoincrement column)."""
    session.flush()  # what was pending goes first, as in a flush of everything
    table: Table = obj.__table__  # type: ignore[attr-defined]
    statement = _INSERTS.get(table.name)
    if statement is None:
        statement = _INSERTS[table.name] = table.insert().returning(*table.primary_key.columns)
    values = {c.name: getattr(obj, c.name) for c in table.columns if not c.primary_key}
    hold_written(session, obj, session.execute(statement, values).one())


def hold_written(session: Session, obj: SQLModel, key: Any) -> None:
    """``obj``, just inserted by a statement of one's own that returned its primary ``key``,
    kept in ``session`` as if it had been read (``add_written``'s end)."""
    table: Table = obj.__table__  # type: ignore[attr-defined]
    for column, value in zip(table.primary_key.columns, key, strict=True):
        setattr(obj, column.name, value)
    make_transient_to_detached(obj)
    session.add(obj)


_INSERTS: dict[str, Any] = {}


def _held(session: Session, mapper: Any, values: dict[str, Any]) -> Any:
    """The object ``session`` holds for the row ``values`` is, or None."""
    return session.identity_map.get(mapper.identity_key_from_primary_key(
        [values[c.key] for c in mapper.primary_key]))


def held_as_read(session: Session, model: type[_Model], values: dict[str, Any]) -> _Model:
    """The ``model`` object of a row read as Core columns (``values``: every column by name),
    held in ``session`` as if the ORM had loaded it: later changes to it are flushed as usual.
    An object the session holds already for that key is returned as it is, as a query's would
    be. For statements that read model rows beside other things, run as Core columns without
    the ORM's execution and loading context (``people.record_with_sender``; issue 12)."""
    mapper = inspect(model)
    held = _held(session, mapper, values)
    if held is not None:
        return cast(_Model, held)
    obj: _Model = mapper.class_manager.new_instance()
    obj.__dict__.update(values)
    make_transient_to_detached(obj)
    session.add(obj)
    return obj


def refreshed_as_read(session: Session, model: type[_Model], values: dict[str, Any]) -> _Model:
    """``held_as_read`` of a row read again (locked): an object the session holds already is
    given the row's values as read, as the ORM's ``populate_existing`` would, without its
    execution and loading (issue 12). Read after a flush (``read``), as the ORM's refresh is
    after its autoflush: a held object has no change of its own pending."""
    held = _held(session, inspect(model), values)
    if held is None:
        return held_as_read(session, model, values)
    assert not inspect(held).modified, "a change not written would be dropped"
    now_held: dict[str, Any] = held.__dict__
    for name, value in values.items():
        if name not in now_held or now_held[name] != value:
            set_committed_value(held, name, value)
    return cast(_Model, held)


def as_written(session: Session, objects: Iterable[SQLModel], names: Iterable[str]) -> None:
    """The attributes ``names`` of ``objects`` were written by a statement of one's own: their
    values are now what the database holds, and each object is clean again unless something
    else of it changed. Setting the committed values alone (``set_committed_value``) left the
    object among the session's changed ones, so every later flush — a query's autoflush, the
    commit — ran the unit of work over it to find nothing to write: about 90 µs of CPU an
    object, a few times a claim and a send round (issue 12). Held again as if just read
    (``make_transient_to_detached``, as ``hold_written``) only when none of its attributes has
    a change left, so nothing still to write is ever dropped."""
    names = tuple(names)
    for obj in objects:
        for name in names:
            set_committed_value(obj, name, getattr(obj, name))
        if inspect(obj).modified and obj in session and not session.is_modified(obj):
            session.expunge(obj)
            make_transient(obj)
            make_transient_to_detached(obj)
            session.add(obj)


class AnyOf(ColumnElement[bool]):
    """``column`` is one of the list bound as ``name`` (``any_of``)."""

    inherit_cache = True
    _is_implicitly_boolean = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),  # noqa: RUF012
                           ("name", InternalTraversal.dp_string)]
    type = BOOLEANTYPE

    def __init__(self, column: Any, name: str) -> None:
        self.column = column
        self.name = name


def any_of(column: Any, name: str) -> AnyOf:
    """``column IN (…)`` for a list given at execution as the parameter ``name``. On
    PostgreSQL ``column = ANY(:name)``, the list one array parameter: an expanding IN made a
    new statement text for every length of the list, each rendered again by SQLAlchemy at
    execution, converted again by psycopg and never prepared (issue 12). Elsewhere the
    expanding IN."""
    return AnyOf(column, name)


@compiles(AnyOf)
def _any_of_in(element: AnyOf, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.in_(bindparam(element.name, expanding=True)), **kw)


@compiles(AnyOf, "postgresql")
def _any_of_array(element: AnyOf, compiler: SQLCompiler, **kw: Any) -> str:
    array = bindparam(element.name, type_=ARRAY(element.column.type))
    return compiler.process(element.column == any_(array), **kw)


class OneOf(ColumnElement[bool]):
    """``column`` is one of constant ``values`` (``one_of``)."""

    inherit_cache = True
    _is_implicitly_boolean = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),  # noqa: RUF012
                           ("values", InternalTraversal.dp_plain_obj)]
    type = BOOLEANTYPE

    def __init__(self, column: Any, values: tuple[str, ...]) -> None:
        self.column = column
        self.values = values


def one_of(column: Any, values: tuple[str, ...]) -> OneOf:
    """``column IN ('a', 'b')`` for constant words (statuses), written into the statement:
    ``in_`` of a constant list made it a parameter list that SQLAlchemy rendered again at
    every execution (issue 12)."""
    assert all(v.isascii() and v.replace("_", "").isalnum() for v in values), values
    return OneOf(column, tuple(values))


@compiles(OneOf)
def _one_of(element: OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    words = ", ".join(f"'{v}'" for v in element.values)
    return f"{compiler.process(element.column, **kw)} IN ({words})"
