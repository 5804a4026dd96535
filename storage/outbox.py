"""The outbox: messages written in the handler's transaction and sent afterwards.

A row moves pending → sending → sent (or dead; or dropped, when its renderer says the news is
stale). Any number of senders, in any number of processes, share the outbox:

- ``take`` is the one query that hands a sender what may go now: the first unsent row of each
  chat (order: ``not_before``, then ``id``), ready, its chat's rate window free, locked with
  ``FOR UPDATE SKIP LOCKED`` on PostgreSQL. A row in flight holds its chat back, so a chat's
  messages go one at a time and in order; a row that failed keeps its place (``retry_at``
  delays it, never ``not_before``), so nothing newer in its chat overtakes it.
- ``claim`` marks the taken rows ``sending`` with the sender as ``owner`` and a ``lease``.
  Nobody else touches a row in flight until its lease runs out; a sender that died is noticed
  at the next start on its machine (its journal is no longer locked, see bot/outbox.py), and
  by everyone else when the lease ends.

What is promised: every committed row is sent **at least once**, each chat's rows in order,
and a part of a long message already sent is not sent again. A message goes out **twice**
only when the platform accepted it and the sender then could not note that:

- the process died in the moment between reading the platform's answer and writing one line
  to its journal (the line is written before the database is told), or the machine lost
  power (the journal is not fsynced), or the row is taken over, after its lease, by a process
  on another machine, which cannot read the dead one's journal;
- the database was unreachable for longer than the lease, and another process took the row
  over before the sender could record it.

Card edits are safe to repeat. Telegram and WeChat offer no way to ask whether a message
arrived, so this is as far as the platforms allow.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    column,
    delete,
    event,
    exists,
    or_,
    type_coerce,
    update,
)
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import ORMExecuteState, SessionTransaction, aliased
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, func, select

from storage.db import (
    any_of,
    as_written,
    held_as_read,
    one_of,
    read,
    refreshed_as_read,
)
from storage.models import AwareDateTime, Group, Job, OutboxMessage, SendWindow

ButtonSpec = tuple[str, str]  # (label, data)

MAX_ATTEMPTS = 8
UNSENT = ("pending", "sending")
# The last message to someone who erased their data: its address is forgotten once it went out
# (or never can).
FAREWELL = "farewell"

# The jobs of the outbox rows a sender is about to render, by id (the job when it was read with
# the others): renderers may read what they need of all of them at once (set by bot/outbox.py
# in its session).
RENDERING_JOBS = "outbox.rendering_jobs"


@dataclass(frozen=True)
class Rendered:
    """A row's text and buttons made again at send time."""

    text: str
    buttons: tuple[ButtonSpec, ...] = ()


# Called with the sender's session and clock when a row with ``render`` set goes out;
# None drops the row (the news it carried is no longer true).
Renderer = Callable[[Session, OutboxMessage, datetime], Rendered | None]


def row_values(
    chat_id: str,
    text: str,
    *,
    now: datetime,
    buttons: Iterable[ButtonSpec] = (),
    reply_to: str | None = None,
    card_key: str | None = None,
    edit: bool = False,
    kind: str = "reply",
    not_before: datetime | None = None,
    job_id: int | None = None,
    broadcast_id: int | None = None,
    source_inbound_id: str | None = None,
    on_behalf_of: int | None = None,
    dedupe_key: str | None = None,
    render: str | None = None,
    render_data: dict[str, Any] | None = None,
    attachment: str | None = None,
) -> dict[str, Any]:
    """One row's columns, for ``enqueue`` and ``enqueue_many``."""
    return {
        "platform": chat_id.split(":", 1)[0],
        "chat_id": chat_id,
        "text": text,
        "buttons": json.dumps([list(b) for b in buttons], ensure_ascii=False),
        "reply_to": reply_to,
        "card_key": card_key,
        "edit": edit,
        "kind": kind,
        "status": "pending",
        "attempts": 0,
        "parts_sent": 0,
        "not_before": not_before or now,
        "created_at": now,
        "job_id": job_id,
        "broadcast_id": broadcast_id,
        "source_inbound_id": source_inbound_id,
        "on_behalf_of": on_behalf_of,
        "dedupe_key": dedupe_key,
        "render": render,
        "render_data": json.dumps(render_data, ensure_ascii=False) if render_data else "",
        "attachment": attachment,
    }


def enqueue(session: Session, chat_id: str, text: str, *, now: datetime,
            buttons: list[ButtonSpec] | None = None, **kw: Any) -> OutboxMessage | None:
    """Queue a message. With ``dedupe_key``, a second row for the same key is not added."""
    row = OutboxMessage(**row_values(chat_id, text, now=now, buttons=buttons or (), **kw))
    if row.dedupe_key is None:
        session.add(row)
        session.flush()
        return row
    # Another process may race us to the same key: the unique index decides.
    try:
        with session.begin_nested():
            session.add(row)
        return row
    except IntegrityError:
        return None


def enqueue_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Queue many messages in one statement (``row_values`` each); a row whose dedupe key is
    taken is skipped."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    statement = _ENQUEUE.get(dialect)
    if statement is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        # The rows as parameters of one statement made once (SQLAlchemy sends them as one
        # multi-row INSERT). No RETURNING: nobody needs the ids, and reading back what went in
        # cost about as much CPU again as the INSERT (issue 12).
        statement = _ENQUEUE[dialect] = insert(
            OutboxMessage.__table__).on_conflict_do_nothing()  # type: ignore[attr-defined]
    session.execute(statement, rows)


_ENQUEUE: dict[str, Any] = {}


def buttons_of(row: OutboxMessage) -> list[ButtonSpec]:
    return [(str(label), str(data)) for label, data in json.loads(row.buttons or "[]")]


def render_data(row: OutboxMessage) -> dict[str, Any]:
    data = json.loads(row.render_data or "{}")
    return data if isinstance(data, dict) else {}


# --------------------------------------------------------------------------- sending


@dataclass
class Head:
    """The first unsent row of a chat, ready to go."""

    row: OutboxMessage
    is_group: bool
    window: SendWindow | None  # the chat's rate window, None before its first send


def _is_head(row: type[OutboxMessage]) -> Any:
    """No unsent row of the same chat comes before ``row``."""
    earlier = aliased(OutboxMessage)
    return ~exists().where(
        col(earlier.chat_id) == col(row.chat_id),
        one_of(col(earlier.status), UNSENT),
        or_(col(earlier.not_before) < col(row.not_before),
            and_(col(earlier.not_before) == col(row.not_before), col(earlier.id) < col(row.id))),
    )


# Made once: building the alias and adapting its columns cost 30 ms of CPU a query on a busy
# machine, more than running it.
_HEAD = _is_head(OutboxMessage)


def _ready(now: Any) -> Any:
    """Pending and due, or left in flight by a sender whose lease ran out; ``now`` is a time
    or a bound parameter."""
    return or_(
        and_(col(OutboxMessage.status) == "pending", col(OutboxMessage.not_before) <= now,
             or_(col(OutboxMessage.retry_at).is_(None), col(OutboxMessage.retry_at) <= now)),
        and_(col(OutboxMessage.status) == "sending", col(OutboxMessage.lease_until) < now),
    )


def any_ready(session: Session, now: datetime, platforms: list[str]) -> bool:
    """Whether some row is ready (not whether its chat may have it now): an index probe."""
    return read(session, _ANY_READY, {"now": now, "platforms": platforms}).first() is not None


def take(session: Session, now: datetime, platforms: list[str], limit: int) -> list[Head]:
    """What may be sent now, oldest first: each chat's first unsent row if it is ready and the
    chat's rate window is free. The rows are locked (skipping rows other senders hold) until
    the transaction ends; ``claim`` them in it."""
    if not platforms or limit <= 0:
        return []
    params = {"now": now, "platforms": platforms, "limit": limit}
    return [Head(row, group is not None, window)
            for row, group, window in session.exec(_TAKE, params=params)]


# Made once, as _HEAD (it is asked before every send: making it cost a third of its CPU).
_NOW: Any = bindparam("now", type_=AwareDateTime)
_ANY_READY: Any = (select(OutboxMessage.id)
                   .where(_ready(_NOW),
                          any_of(col(OutboxMessage.platform), "platforms"))
                   .limit(1))
_TAKE: Any = (
    select(OutboxMessage, Group.chat_id, SendWindow)
    .outerjoin(Group, col(Group.chat_id) == OutboxMessage.chat_id)
    .outerjoin(SendWindow, col(SendWindow.key) == OutboxMessage.chat_id)
    .where(
        _ready(_NOW),
        any_of(col(OutboxMessage.platform), "platforms"),
        or_(col(SendWindow.free_at).is_(None), col(SendWindow.free_at) <= _NOW),
        _HEAD,
    )
    .order_by(col(OutboxMessage.not_before), col(OutboxMessage.id))
    .limit(bindparam("limit"))
    .with_for_update(of=OutboxMessage, skip_locked=True)
)


def claim(session: Session, rows: list[OutboxMessage], owner: str, lease: timedelta,
          now: datetime, *, windows: bool = False) -> None:
    """The rows are ``owner``'s to send until the lease ends; each took a rate slot now. One
    UPDATE for them all (the rows' objects are told what it wrote, as loaded). On PostgreSQL
    it also writes the text and buttons of the rows rendered again (the unit of work's flush of
    them cost more than the claim itself; issue 12). ``windows``: the rate windows changed in
    the session are written too (``write_windows``), on PostgreSQL in the same statement."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if windows and (not postgres or not rows):
        write_windows(session)
        windows = False
    if not rows:
        return
    values: dict[str, Any] = {"status": "sending", "owner": owner, "lease_until": now + lease,
                              "slot_at": now, "retry_at": None}
    params: dict[str, Any] = {"rows": [row.id for row in rows], "owner": owner,
                              "lease": now + lease, "slot": now}
    if not postgres:
        session.execute(_CLAIM, params)
    else:
        rendered = session.dirty
        texts: list[str | None] = []
        buttons: list[str | None] = []
        for row in rows:
            changed = row in rendered
            texts.append(row.text if changed else None)
            buttons.append(row.buttons if changed else None)
        # written below: the unit of work has nothing left of them
        as_written(session, [row for row in rows if row in rendered], ("text", "buttons"))
        counted = _windows_document(session) if windows else None
        if counted is None:
            session.execute(_CLAIM_RENDERED, {**params, "texts": texts, "buttons": buttons})
        else:  # the windows' UPDATE in a WITH: one statement a round fewer
            session.execute(_CLAIM_COUNTED, {**params, "texts": texts, "buttons": buttons,
                                             "windows": counted})
    for row in rows:
        for key, value in values.items():
            set_committed_value(row, key, value)
        set_committed_value(row, "attempts", row.attempts + 1)


# Made once, on the table (a statement made for every round cost more CPU than its run).
_ROWS: Any = OutboxMessage.__table__  # type: ignore[attr-defined]
_CLAIM: Any = (update(_ROWS).where(any_of(_ROWS.c.id, "rows"))
               .values(attempts=_ROWS.c.attempts + 1, status="sending",
                       owner=bindparam("owner"), lease_until=bindparam("lease"),
                       slot_at=bindparam("slot"), retry_at=None))
# PostgreSQL: with each row's new text and buttons (NULL: as they are).
_CLAIMED: Any = func.unnest(
    bindparam("rows", type_=ARRAY(Integer)), bindparam("texts", type_=ARRAY(String)),
    bindparam("buttons", type_=ARRAY(String)),
).table_valued("row_id", "text", "buttons").render_derived(name="claimed")
_CLAIM_RENDERED: Any = (
    update(_ROWS).where(_ROWS.c.id == _CLAIMED.c.row_id)
    .values(attempts=_ROWS.c.attempts + 1, status="sending", owner=bindparam("owner"),
            lease_until=bindparam("lease"), slot_at=bindparam("slot"), retry_at=None,
            text=func.coalesce(_CLAIMED.c.text, _ROWS.c.text),
            buttons=func.coalesce(_CLAIMED.c.buttons, _ROWS.c.buttons)))


def windows(session: Session, keys: Iterable[str], *, lock: bool = False,
            create: bool = True) -> dict[str, SendWindow]:
    """The rate windows of platforms or chats, made when missing; ``lock`` holds them until
    the transaction ends (every change to a platform's limits goes through its row), and with
    ``create`` they are first made in the database, so that there is a row to lock."""
    keys = sorted(set(keys))
    if not keys:
        return {}
    if lock and create:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(dialect.insert(SendWindow).values([{"key": k, "recent": "[]", "day": "",
                                                            "day_count": 0} for k in keys])
                        .on_conflict_do_nothing())
    # Read as columns (what was pending is flushed first), each window held as if the ORM had
    # loaded it, and when locked given the values other senders wrote since, as the ORM's
    # refresh did: a sender's round reads them every time, and the ORM's execution and
    # loading cost more than the statement (issue 12).
    hold = refreshed_as_read if lock else held_as_read
    found: dict[str, SendWindow] = {}
    for row in read(session, _LOCK_WINDOW_ROWS if lock else _WINDOW_ROWS, {"keys": keys}):
        window = hold(session, SendWindow, dict(zip(_WINDOW_ALL, row, strict=True)))
        found[window.key] = window
    for key in keys:
        if key not in found:
            found[key] = SendWindow(key=key)
            session.add(found[key])
    return found


# Read before every send: made once.
_WINDOW_T: Any = SendWindow.__table__  # type: ignore[attr-defined]
_WINDOW_ALL = tuple(c.name for c in _WINDOW_T.columns)
_WINDOW_ROWS: Any = (sa_select(*_WINDOW_T.columns).where(any_of(_WINDOW_T.c.key, "keys"))
                     .order_by(_WINDOW_T.c.key))
_LOCK_WINDOW_ROWS: Any = _WINDOW_ROWS.with_for_update()


@dataclass(frozen=True)
class Taken:
    """A row a sender took, as it is now: who holds it with which slot, and its chat's rate
    window (None when it has none)."""

    id: int
    platform: str
    owner: str | None
    slot_at: datetime | None
    window: SendWindow | None


def taken(session: Session, ids: Iterable[int]) -> list[Taken]:
    """Rows a sender took, locked and as they are now, each with its chat's rate window (None
    when it has none: a farewell's goes once it went, and none is made here). Only the
    columns that say who holds a row are read, not the rows themselves."""
    ids = list(ids)
    if not ids:
        return []
    return [Taken(row_id or 0, platform, owner, slot_at, window)
            for row_id, platform, owner, slot_at, window in session.execute(
                _TAKEN, {"rows": ids})]


# Asked as each round records what went: made once.
_TAKEN: Any = (
    sa_select(col(OutboxMessage.id), col(OutboxMessage.platform), col(OutboxMessage.owner),
              col(OutboxMessage.slot_at), SendWindow)
    .outerjoin(SendWindow, col(SendWindow.key) == OutboxMessage.chat_id)
    .where(any_of(col(OutboxMessage.id), "rows"))
    .with_for_update(of=OutboxMessage)
    .execution_options(populate_existing=True)
)


def card_message_ids(session: Session, rows: list[OutboxMessage]) -> dict[int, str]:
    """For card edits: the platform id of the first sent message of each row's card."""
    wanted = {(r.chat_id, r.card_key or ""): r.id or 0 for r in rows if r.edit and r.card_key}
    if not wanted:
        return {}
    found = read(session, _CARD_MESSAGES, {"keys": sorted({key for _, key in wanted}),
                                           "chats": sorted({chat for chat, _ in wanted})})
    out: dict[int, str] = {}
    for chat_id, card_key, message_id in found:
        row_id = wanted.get((chat_id, card_key or ""))
        if row_id is not None and message_id:
            out[row_id] = message_id  # the oldest comes last and wins
    return out


# Asked whenever a round edits cards: made once.
_CARD_MESSAGES: Any = (
    select(OutboxMessage.chat_id, OutboxMessage.card_key, OutboxMessage.platform_message_id)
    .where(
        any_of(col(OutboxMessage.card_key), "keys"),
        any_of(col(OutboxMessage.chat_id), "chats"),
        OutboxMessage.status == "sent",
        col(OutboxMessage.platform_message_id).is_not(None),
    )
    .order_by(col(OutboxMessage.id).desc())
)


@dataclass(frozen=True)
class Sent:
    """What the platform took of one row: ``parts`` parts, the first with id ``message_id``."""

    row_id: int
    message_id: str
    parts: int
    done: bool  # every part is out
    at: datetime


def mark_sent(session: Session, sent: list[Sent],
              rows: Mapping[int, OutboxMessage] | None = None) -> None:
    """Record sends; a row with parts still to go keeps its place for the next part. With the
    ``rows`` as the sender took them, what only files and farewells need is done only for
    them (else the database is asked which they are)."""
    done = [s for s in sent if s.done]
    partial = [s for s in sent if not s.done]
    if done and session.get_bind().dialect.name == "postgresql":
        session.execute(_MARK_DONE_ALL, {"rows": [s.row_id for s in done],
                                         "ats": [s.at for s in done],
                                         "messages": [s.message_id for s in done],
                                         "parts": [s.parts for s in done]})
    elif done:
        session.execute(_MARK_DONE, [{"row": s.row_id, "at": s.at, "message": s.message_id,
                                      "parts": s.parts} for s in done])
    if partial:
        session.execute(_MARK_PARTIAL, [{"row": s.row_id, "message": s.message_id,
                                         "parts": s.parts} for s in partial])
    if not done:
        return
    ids = [s.row_id for s in done]
    known = rows is not None and all(i in rows for i in ids)
    files = [i for i in ids if rows[i].attachment is not None] if rows and known else ids
    if files:
        # A file (an export of someone's data) is not kept once it went out.
        session.execute(update(OutboxMessage).where(
            col(OutboxMessage.id).in_(files), col(OutboxMessage.attachment).is_not(None)
        ).values(text=""))
    farewells = [i for i in ids if rows[i].kind == FAREWELL] if rows and known else ids
    if farewells:
        _forget_farewells(session, farewells)


# Made once, on the table (one statement run for many rows; the ORM's bulk update by primary
# key did the same with several times the CPU).
_OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
_MARK_DONE = (update(_OUTBOX).where(_OUTBOX.c.id == bindparam("row"))
              .values(status="sent", sent_at=bindparam("at"),
                      platform_message_id=bindparam("message"), parts_sent=bindparam("parts"),
                      owner=None, lease_until=None, last_error=None))
_MARK_PARTIAL = (update(_OUTBOX).where(_OUTBOX.c.id == bindparam("row"))
                 .values(platform_message_id=bindparam("message"),
                         parts_sent=bindparam("parts")))
# PostgreSQL: the same for every row in one statement, the rows' values as arrays (run once
# for many rows, an UPDATE costs the driver a round of its own for each; issue 12).
_SENT: Any = func.unnest(
    bindparam("rows", type_=ARRAY(Integer)), bindparam("ats", type_=ARRAY(AwareDateTime())),
    bindparam("messages", type_=ARRAY(String)), bindparam("parts", type_=ARRAY(Integer)),
).table_valued("row_id", "sent_at", "message_id", "parts").render_derived(name="sent")
_MARK_DONE_ALL = (update(_OUTBOX).where(_OUTBOX.c.id == _SENT.c.row_id)
                  .values(status="sent", sent_at=_SENT.c.sent_at,
                          platform_message_id=_SENT.c.message_id, parts_sent=_SENT.c.parts,
                          owner=None, lease_until=None, last_error=None))


def write_windows(session: Session) -> None:
    """The rate windows changed in the session (``RateLimiter`` changes them as it counts)
    written now, in one statement made once, not by the unit of work, which cost about twice
    the CPU for these few columns, twice a round (issue 12). Windows new to the database are
    left to it (a chat's first send)."""
    # On the connection: through the session, its flush would first write whatever else is
    # pending (rows rendered again, which the claim writes).
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        counted = _windows_document(session)
        if counted is not None:
            connection.execute(_WRITE_WINDOWS_ALL, {"windows": counted})
        return
    changed = _changed_windows(session)
    if changed:
        connection.execute(_WRITE_WINDOWS, [
            {"window": w.key, "recent": w.recent, "free": w.free_at, "day": w.day,
             "count": w.day_count} for w in changed])


def _changed_windows(session: Session) -> list[SendWindow]:
    """The windows changed in the session, marked as written (the unit of work has nothing
    left of them): the caller writes them."""
    # Changed in fact: a window may be in ``session.dirty`` with its values set back as they
    # were. All of them leave it (``as_written``), so no later flush looks at them again.
    dirty = [w for w in session.dirty if isinstance(w, SendWindow)]
    changed = [w for w in dirty if session.is_modified(w)]
    as_written(session, dirty, _WINDOW_COLUMNS)
    return changed


def _windows_document(session: Session) -> str | None:
    """PostgreSQL: the changed windows as one JSON document (``_WRITE_WINDOWS_ALL``'s), None
    when none changed. As array elements a platform's window, a second's sends, cost the driver
    more to quote than the statement to run."""
    changed = _changed_windows(session)
    if not changed:
        return None
    return json.dumps([
        {"key": w.key, "recent": w.recent, "day": w.day, "day_count": w.day_count,
         "free_at": w.free_at.isoformat() if w.free_at is not None else None}
        for w in changed])


_WINDOW_COLUMNS = ("recent", "free_at", "day", "day_count")
_WINDOW: Any = SendWindow.__table__  # type: ignore[attr-defined]
_WRITE_WINDOWS = (update(_WINDOW).where(_WINDOW.c.key == bindparam("window"))
                  .values(recent=bindparam("recent"), free_at=bindparam("free"),
                          day=bindparam("day"), day_count=bindparam("count")))
_WINDOWS_NOW: Any = func.json_to_recordset(
    cast(bindparam("windows", type_=String), postgresql.JSON),
).table_valued(column("key", String), column("recent", String),
               column("free_at", DateTime(timezone=True)), column("day", String),
               column("day_count", Integer)).render_derived(name="counted", with_types=True)
_WRITE_WINDOWS_ALL = (update(_WINDOW).where(_WINDOW.c.key == _WINDOWS_NOW.c.key)
                      .values(recent=_WINDOWS_NOW.c.recent, free_at=_WINDOWS_NOW.c.free_at,
                              day=_WINDOWS_NOW.c.day, day_count=_WINDOWS_NOW.c.day_count))
# The claim with the windows' UPDATE in a WITH (the tables apart: neither reads the other).
_CLAIM_COUNTED: Any = _CLAIM_RENDERED.add_cte(_WRITE_WINDOWS_ALL.cte("windows_counted"))


def _forget_farewells(session: Session, ids: list[int]) -> None:
    chats = list(session.exec(select(OutboxMessage.chat_id).where(
        col(OutboxMessage.id).in_(ids), col(OutboxMessage.kind) == FAREWELL)))
    if not chats:
        return
    # The chat's send window would keep its id after the farewell went out.
    session.execute(delete(SendWindow).where(col(SendWindow.key).in_(chats)))
    erased = OutboxMessage.platform + ":erased"
    session.execute(update(OutboxMessage).where(
        col(OutboxMessage.id).in_(ids), col(OutboxMessage.kind) == FAREWELL
    ).values(chat_id=erased, platform_message_id=erased, last_error=None))


def release(session: Session, row_id: int, *, error: str | None, retry_at: datetime | None,
            dead: bool = False) -> None:
    """A row goes back to its chat's queue, keeping its place (``retry_at``: not before
    then), or is given up (``dead``)."""
    values: dict[str, Any] = {"owner": None, "lease_until": None, "slot_at": None}
    if error is not None:
        values["last_error"] = error[:500]
    if dead:
        values["status"] = "dead"
    else:
        values.update(status="pending", retry_at=retry_at)
    session.execute(update(OutboxMessage).where(col(OutboxMessage.id) == row_id).values(**values))
    if dead:
        _forget_farewells(session, [row_id])


def put_back(session: Session, row_ids: list[int], owner: str) -> None:
    """Rows ``owner`` took and did not try go back to their chats' queues at once, keeping
    their places, their attempts not counted (their sends would have started too late for
    their rate slots). One statement for them all."""
    if not row_ids:
        return
    session.execute(update(OutboxMessage).where(
        col(OutboxMessage.id).in_(row_ids), col(OutboxMessage.owner) == owner,
        col(OutboxMessage.status) == "sending",
    ).values(status="pending", owner=None, lease_until=None, slot_at=None, retry_at=None,
             attempts=col(OutboxMessage.attempts) - 1))


def drop(session: Session, row: OutboxMessage, reason: str) -> None:
    """The row will never go: its renderer says what it told is no longer true."""
    row.status = "dropped"
    row.last_error = reason
    row.owner = None
    row.lease_until = None
    session.add(row)


def release_owner(session: Session, owner: str) -> int:
    """A sender died: its rows in flight go back to their chats' queues."""
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.owner) == owner, col(OutboxMessage.status) == "sending")
        .values(status="pending", owner=None, lease_until=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def next_due_time(session: Session, platforms: list[str]) -> datetime | None:
    """The earliest time a chat's first unsent row may go: its own time, its retry, its
    chat's rate window, or the lease of the sender holding it."""
    if not platforms:
        return None
    found = session.exec(_NEXT_DUE, params={"platforms": platforms}).one()
    return found if isinstance(found, datetime) else None


def _next_due() -> Any:
    o = OutboxMessage
    window = SendWindow
    after_retry = case((col(o.retry_at) > col(o.not_before), col(o.retry_at)),
                       else_=col(o.not_before))
    after_window = case((col(window.free_at) > after_retry, col(window.free_at)),
                        else_=after_retry)
    when = case((col(o.status) == "sending", col(o.lease_until)), else_=after_window)
    return (select(func.min(type_coerce(when, AwareDateTime())))
            .select_from(o)
            .outerjoin(window, col(window.key) == o.chat_id)
            .where(one_of(col(o.status), UNSENT),
                   any_of(col(o.platform), "platforms"), _HEAD))


# Asked after every round of sends: made once.
_NEXT_DUE = _next_due()


def unsent(session: Session) -> int:
    """Rows not sent yet (pending or in flight)."""
    return int(session.exec(
        select(func.count()).select_from(OutboxMessage)
        .where(one_of(col(OutboxMessage.status), UNSENT))
    ).one())


# --------------------------------------------------------------------------- reading the log


def latest_card(session: Session, chat_id: str, card_key: str) -> OutboxMessage | None:
    """What a chat was last shown of a card: its latest sent version (first or edited). By
    when it went, not when it was made: a refresh held through the night goes after edits
    made later in the chat where people were talking."""
    return session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.chat_id == chat_id, OutboxMessage.card_key == card_key,
               OutboxMessage.status == "sent")
        .order_by(col(OutboxMessage.sent_at).desc(), col(OutboxMessage.id).desc())
        .limit(1)
    ).first()


def by_platform_id(session: Session, platform_message_id: str) -> OutboxMessage | None:
    """What we sent as this platform message (to know which job a reply or button is about).
    Remembered for the transaction: the filters of one reply each ask what it replies to."""
    return sent_with_job(session, platform_message_id)[0]


def sent_with_job(session: Session, platform_message_id: str
                  ) -> tuple[OutboxMessage | None, Job | None]:
    """``by_platform_id`` and the job its row is about, read in the same statement and held
    for the transaction (the session holds objects weakly): what a reply to a card or a push
    is about costs one statement, not two (issue 12). The job is the session's own object when
    it holds one already, as ``session.get`` would give."""
    known: dict[str, tuple[OutboxMessage | None, Job | None]] = session.info.setdefault(
        _BY_PLATFORM_ID, {})
    found = known.get(platform_message_id)
    if found is None:
        row = session.exec(_BY_PLATFORM, params={"id": platform_message_id}).first()
        found = known[platform_message_id] = (row[0], row[1]) if row is not None else (
            None, None)
    return found


_BY_PLATFORM = (select(OutboxMessage, Job)
                .outerjoin(Job, col(Job.id) == OutboxMessage.job_id)
                .where(col(OutboxMessage.platform_message_id) == bindparam("id"))
                .order_by(col(OutboxMessage.id)).limit(1))
# What by_platform_id found in this transaction; forgotten when it ends and whenever the
# outbox is written by a statement (a send recorded, an erasure). A flush of an object is not
# seen here: platform_message_id must only ever be written by statements (mark_sent), or a
# lookup later in the same transaction would miss it.
_BY_PLATFORM_ID = "outbox.by_platform_id"


@event.listens_for(OrmSession, "do_orm_execute")
def _outbox_written(state: ORMExecuteState) -> None:
    if _BY_PLATFORM_ID not in state.session.info or state.is_select:
        return
    table = getattr(state.statement, "table", None)
    if table is None or getattr(table, "name", None) == OutboxMessage.__tablename__:
        del state.session.info[_BY_PLATFORM_ID]


@event.listens_for(OrmSession, "after_transaction_end")
def _transaction_ended(session: OrmSession, transaction: SessionTransaction) -> None:
    # A flush's own inner transaction ends too: that is not the end of anything.
    if transaction.nested or transaction.parent is None:
        session.info.pop(_BY_PLATFORM_ID, None)


def latest_sent(session: Session, chat_id: str, kind: str | None = None,
                skip_jobs: Any = None) -> OutboxMessage | None:
    """The bot's most recent message in the chat, as it was first sent. An edit is no new
    message: it changes one already there, which keeps its place in the chat (a card edited
    after a claim is not the latest card when another was posted after it). ``skip_jobs``: a
    select of job ids whose messages do not count (storage.jobs.NEVER_OFFERED for cards)."""
    first = select(func.min(OutboxMessage.id)).where(
        OutboxMessage.chat_id == chat_id,
        OutboxMessage.status == "sent",
        col(OutboxMessage.platform_message_id).is_not(None),
    )
    if kind is not None:
        first = first.where(OutboxMessage.kind == kind)
    if skip_jobs is not None:
        first = first.where(col(OutboxMessage.job_id).not_in(skip_jobs))
    first = first.group_by(col(OutboxMessage.platform_message_id))
    query = select(OutboxMessage).where(col(OutboxMessage.id).in_(first))
    return session.exec(query.order_by(col(OutboxMessage.id).desc()).limit(1)).first()
