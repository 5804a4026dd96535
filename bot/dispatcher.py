"""Inbound path: record the message once, run the router in one transaction, queue replies."""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.clock import Clock
from bot.config import Settings
from bot.message import Message, Reply
from bot.router import Context, Router
from nlp.gazetteer import Gazetteer
from storage import outbox, people
from storage.db import transaction
from storage.models import InboundMessage

log = logging.getLogger(__name__)

MAX_TEXT = 4000  # longer messages are cut for handling; the full text is kept in the log
SORRY = "抱歉，这条消息没处理好，已经记下了，信息员会跟进。您也可以换个说法再发一次。"


@dataclass(frozen=True)
class Outcome:
    duplicate: bool = False
    route: str | None = None
    queued: int = 0
    failed: bool = False


class Dispatcher:
    def __init__(self, engine: Engine, router: Router, settings: Settings,
                 gazetteer: Gazetteer, clock: Clock) -> None:
        self.engine = engine
        self.router = router
        self.settings = settings
        self.gazetteer = gazetteer
        self.clock = clock

    def handle(self, message: Message) -> Outcome:
        """Handle one inbound message exactly once; a redelivery changes nothing."""
        try:
            with transaction(self.engine) as session:
                if session.get(InboundMessage, message.id) is not None:
                    return Outcome(duplicate=True)
                # Writing the inbound row first means that on SQLite the handler runs holding the
                # database's write lock: simultaneous messages are handled one after another.
                self._record(session, message, "handled", None)
                route, queued = self._route(session, message)
                return Outcome(route=route, queued=queued)
        except IntegrityError:
            # A concurrent delivery of the same message committed first.
            with Session(self.engine) as session:
                if session.get(InboundMessage, message.id) is not None:
                    return Outcome(duplicate=True)
            raise
        except Exception:
            log.exception("handler failed for %s", message.id)
            return self._record_failure(message, traceback.format_exc(limit=5))

    def _record(self, session: Session, message: Message, status: str, error: str | None) -> None:
        session.add(
            InboundMessage(
                id=message.id,
                chat_id=message.chat.id,
                sender_id=message.sender.id,
                text=message.text,
                content_kind=message.content_kind,
                reply_to=message.reply_to,
                button_data=message.button_data,
                sent_at=message.date,
                received_at=self.clock.now(),
                status=status,
                error=error,
            )
        )
        session.flush()

    def _route(self, session: Session, message: Message) -> tuple[str | None, int]:
        now = self.clock.now()
        private_chat = message.chat.id if message.chat.is_private else None
        person = people.person_for(session, message.sender.id, message.sender.name, private_chat)
        group = None if message.chat.is_private else people.group_for(
            session, message.chat.id, message.chat.title, self.settings.digest.default_time)
        if len(message.text) > MAX_TEXT:
            message = _truncated(message)
        ctx = Context(message=message, session=session, now=now, person=person, group=group,
                      settings=self.settings, gazetteer=self.gazetteer)
        found = self.router.dispatch(ctx)
        if found is None:
            return None, 0
        route, replies = found
        queue_replies(session, replies, message, now)
        return route.name, len(replies)

    def _record_failure(self, message: Message, error: str) -> Outcome:
        """Keep the message and tell the sender, even though the handler broke."""
        with transaction(self.engine) as session:
            if session.get(InboundMessage, message.id) is not None:
                return Outcome(duplicate=True)
            self._record(session, message, "failed", error)
            outbox.enqueue(session, message.chat.id, SORRY, now=self.clock.now(),
                           reply_to=message.id, source_inbound_id=message.id)
        return Outcome(failed=True, queued=1)


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
