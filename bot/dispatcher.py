"""Inbound path: record the message once, run the router in one transaction, queue replies.

Nothing is lost: a message the database cannot take now (locked past its timeout, read-only,
gone) goes to the spool and is handled when the database is back; a message whose handler
broke is kept as failed, its sender gets an apology and the county officers a note.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot import forms
from bot.clock import Clock
from bot.config import Settings
from bot.message import HANDLING_CHAT, Message, Reply, storable
from bot.router import Context, Router
from bot.spool import Spool
from nlp.gazetteer import Gazetteer
from storage import outbox, people
from storage.db import disconnected, reason, transaction, unavailable
from storage.models import InboundMessage, Person

log = logging.getLogger(__name__)
INBOUND = InboundMessage.__table__  # type: ignore[attr-defined]

MAX_TEXT = 4000  # longer messages are cut for handling; the full text is kept in the log
SORRY = "抱歉，这条消息没处理好，已经记下了，信息员会跟进。您也可以换个说法再发一次。"
# When no officer can be told (none configured, or none ever wrote to the bot privately).
SORRY_UNFOLLOWED = "抱歉，这条消息没处理好，已经记下了。您可以换个说法再发一次。"

# Who hears of a message the bot could not handle: replies queued with the apology.
FailureNotes = Callable[[Session, Message, datetime], list[Reply]]
# What waited for someone the bot could not reach, sent once they first write privately
# (held posts to an officer appointed before they ever did, sign-ups to an employer).
OnReachable = Callable[[Session, Person, Message, datetime], list[Reply]]


@dataclass(frozen=True)
class Outcome:
    duplicate: bool = False
    route: str | None = None
    queued: int = 0
    failed: bool = False
    spooled: bool = False  # kept in the spool until the database can take it


class _CannotStore(Exception):
    """Even the failure record could not be written, though the database answers."""


class Dispatcher:
    def __init__(self, engine: Engine, router: Router, settings: Settings,
                 gazetteer: Gazetteer, clock: Clock, *, spool: Spool | None = None,
                 failure_notes: FailureNotes | None = None,
                 on_reachable: OnReachable | None = None) -> None:
        self.engine = engine
        self.router = router
        self.settings = settings
        self.gazetteer = gazetteer
        self.clock = clock
        self.spool = spool
        self.failure_notes = failure_notes
        self.on_reachable = on_reachable
        self._replaying = threading.Lock()
        # PostgreSQL records a message and reads its sender in one statement.
        self._record_with_sender = engine.dialect.name == "postgresql"

    def handle(self, message: Message) -> Outcome:
        """Handle one inbound message exactly once; a redelivery changes nothing."""
        message = storable(message)
        if self.spool is not None and len(self.spool):
            self.replay()
            if len(self.spool):
                # What came before is still waiting for the database: this one waits behind it.
                return self._keep(message, "older messages are waiting in the spool")
        try:
            return self._handle(message, keep=True)
        except _CannotStore as exc:
            return self._keep(message, str(exc))

    def replay(self) -> int:
        """Handle the spooled messages, oldest first, until the database fails again; returns
        how many left the spool. Safe to call from several threads (one replays)."""
        spool = self.spool
        if spool is None or not self._replaying.acquire(blocking=False):
            return 0
        done = 0
        try:
            while files := spool.files():
                for path in files:
                    try:
                        message = spool.load(path)
                    except (OSError, ValueError, KeyError, TypeError) as exc:
                        log.error("spool file %s is unreadable (%r): set aside", path, exc)
                        spool.set_aside(path)
                        continue
                    try:
                        outcome = self._handle(message, keep=False)
                    except _CannotStore as exc:
                        log.error("spooled message %s cannot be stored (%s): set aside in %s",
                                  message.id, exc, spool.folder)
                        spool.set_aside(path)
                        continue
                    if outcome.spooled:
                        return done  # the database still cannot take it
                    spool.remove(path)
                    done += 1
            spool.refresh()
        finally:
            self._replaying.release()
            if done:
                log.warning("handled %d messages kept while the database was unavailable", done)
        return done

    def _handle(self, message: Message, keep: bool) -> Outcome:
        """One try (two after a conflict); ``keep``: spool the message if the database cannot
        take it, else only say so (it is in the spool already)."""
        error: Exception | None = None
        for _ in range(2):
            try:
                return self._attempt(message)
            except IntegrityError as exc:
                # A redelivery committed first; or two writers raced inside a handler, which a
                # second try (on a fresh transaction) settles.
                error = exc
                if self._recorded(message):
                    return Outcome(duplicate=True)
            except Exception as exc:
                error = exc
                if not disconnected(exc):
                    break
                # The connection died under us (a restarted server): once more on a new one.
        assert error is not None
        if unavailable(error):
            log.warning("database unavailable for %s: %s", message.id, reason(error))
            return self._keep(message, reason(error)) if keep else Outcome(spooled=True)
        log.error("handler failed for %s", message.id, exc_info=error)
        return self._record_failure(message, error, keep)

    def _attempt(self, message: Message) -> Outcome:
        with transaction(self.engine) as session:
            # Recorded first, in one statement that does nothing for a message recorded
            # before (a redelivery; on PostgreSQL it waits for one being handled right now).
            # On SQLite the handler then runs holding the database's write lock: simultaneous
            # messages are handled one after another. On PostgreSQL the same statement reads
            # the sender and the group.
            known: people.Sender | None = None
            values = self._values(message, "handled", None)
            if self._record_with_sender:
                known = people.record_with_sender(
                    session, INBOUND, {c.name: values.get(c.name) for c in INBOUND.columns},
                    message.sender.id, None if message.chat.is_private else message.chat.id)
                if known is None:
                    return Outcome(duplicate=True)
            elif not people.insert_values_unless_exists(session, INBOUND, values, ["id"]):
                return Outcome(duplicate=True)
            route, queued = self._route(session, message, known)
            return Outcome(route=route, queued=queued)

    def _recorded(self, message: Message) -> bool:
        try:
            with Session(self.engine) as session:
                return session.get(InboundMessage, message.id) is not None
        except Exception:
            return False

    def _keep(self, message: Message, reason: str) -> Outcome:
        if self.spool is None:
            log.error("message %s lost: the database cannot take it (%s) and this database has "
                      "no spool (in memory)", message.id, reason)
            return Outcome(failed=True)
        try:
            path = self.spool.put(message, reason)
        except OSError as exc:
            log.error("message %s lost: the database cannot take it (%s) and the spool in %s "
                      "cannot be written (%s)", message.id, reason, self.spool.folder, exc)
            return Outcome(failed=True)
        log.warning("message %s kept in %s until the database can take it", message.id, path)
        return Outcome(spooled=True)

    def _record(self, session: Session, message: Message, status: str, error: str | None) -> None:
        session.add(self._row(message, status, error))
        session.flush()

    def _values(self, message: Message, status: str, error: str | None) -> dict[str, Any]:
        """The inbound row's columns (a model object costs a validation per message)."""
        values = {"id": message.id, "chat_id": message.chat.id,
                  "sender_id": message.sender.id, "text": message.text,
                  "raw_text": message.raw_text, "content_kind": message.content_kind,
                  "reply_to": message.reply_to, "button_data": message.button_data,
                  "sent_at": message.date, "received_at": self.clock.now(), "status": status,
                  "error": error}
        return {k: v for k, v in values.items() if v is not None}

    def _row(self, message: Message, status: str, error: str | None) -> InboundMessage:
        return InboundMessage(
            id=message.id,
            chat_id=message.chat.id,
            sender_id=message.sender.id,
            text=message.text,
            raw_text=message.raw_text,
            content_kind=message.content_kind,
            reply_to=message.reply_to,
            button_data=message.button_data,
            sent_at=message.date,
            received_at=self.clock.now(),
            status=status,
            error=error,
        )

    def _route(self, session: Session, message: Message, known: people.Sender | None = None
               ) -> tuple[str | None, int]:
        now = self.clock.now()
        private_chat = message.chat.id if message.chat.is_private else None
        person, group = people.sender_and_group(
            session, message.sender.id, message.sender.name, private_chat,
            None if message.chat.is_private else message.chat.id, message.chat.title,
            self.settings.digest.default_time, known)
        if len(message.text) > MAX_TEXT:
            message = _truncated(message)
        message = forms.normalised(message)  # one reading of every form, before any filter
        ctx = Context(message=message, session=session, now=now, person=person, group=group,
                      settings=self.settings, gazetteer=self.gazetteer)
        session.info[HANDLING_CHAT] = message.chat.id
        try:
            found = self.router.dispatch(ctx)
        finally:
            session.info.pop(HANDLING_CHAT, None)
        waiting: list[Reply] = []
        if (self.on_reachable is not None and person.id is not None
                and person.id in people.newly_reachable(session)):
            waiting = self.on_reachable(session, person, message, now)
        if found is None:
            queue_replies(session, waiting, None, now)
            return None, len(waiting)
        route, replies = found
        queue_replies(session, replies, message, now)
        queue_replies(session, waiting, None, now)
        return route.name, len(replies) + len(waiting)

    def _record_failure(self, message: Message, error: Exception, keep: bool) -> Outcome:
        """Keep the message as failed, apologise, tell the officers — though the handler
        broke. If even that cannot be written, the message goes to the spool."""
        detail = "".join(traceback.format_exception(type(error), error, error.__traceback__,
                                                    limit=5))
        try:
            with transaction(self.engine) as session:
                if session.get(InboundMessage, message.id) is not None:
                    return Outcome(duplicate=True)
                self._record(session, message, "failed", detail)
                now = self.clock.now()
                notes = self._notes(session, message, now)
                outbox.enqueue(session, message.chat.id, SORRY if notes else SORRY_UNFOLLOWED,
                               now=now, reply_to=message.id, source_inbound_id=message.id)
                for note in notes:
                    queue_reply(session, note, message, now)
        except Exception as exc:
            if unavailable(exc):
                log.warning("database unavailable for %s: %s", message.id, reason(exc))
                return self._keep(message, reason(exc)) if keep else Outcome(spooled=True)
            log.error("could not record failed message %s", message.id, exc_info=exc)
            raise _CannotStore(reason(exc)) from exc
        return Outcome(failed=True, queued=1 + len(notes))

    def _notes(self, session: Session, message: Message, now: datetime) -> list[Reply]:
        if self.failure_notes is None:
            return []
        try:
            with session.begin_nested():
                return self.failure_notes(session, message, now)
        except Exception:
            # The apology must go out even if telling the officers broke too.
            log.exception("failure notes for %s failed", message.id)
            return []


def queue_reply(session: Session, reply: Reply, source: Message | None, now: datetime) -> None:
    queue_replies(session, [reply], source, now)


def queue_replies(session: Session, replies: list[Reply], source: Message | None,
                  now: datetime) -> None:
    """Write replies to the outbox in one statement, in order."""
    rows = []
    for reply in replies:
        chat_id = reply.chat_id or (source.chat.id if source else None)
        if chat_id is None:
            raise ValueError("a reply without a chat and without a message to answer")
        rows.append(outbox.row_values(
            chat_id,
            reply.text,
            now=now,
            buttons=[(b.label, b.data) for b in reply.buttons],
            reply_to=reply.reply_to,
            card_key=reply.card_key,
            edit=reply.edit,
            kind=reply.kind or ("card" if reply.card_key else "reply"),
            job_id=reply.job_id,
            broadcast_id=reply.broadcast_id,
            source_inbound_id=source.id if source else None,
            on_behalf_of=reply.on_behalf_of,
            dedupe_key=reply.dedupe_key,
            not_before=reply.not_before,
            render=reply.render,
            render_data=dict(reply.render_data) if reply.render_data else None,
            attachment=reply.attachment,
        ))
    outbox.enqueue_many(session, rows)


def _truncated(message: Message) -> Message:
    return replace(message, text=message.text[:MAX_TEXT])

