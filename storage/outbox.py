"""The outbox: messages written in the handler's transaction and sent afterwards.

A row moves pending → sending → sent (or dead). Rows left in ``sending`` by a crash go back to
pending on start: a reply is never lost; it is re-sent only if the crash fell inside the
platform call itself.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from storage.models import OutboxMessage

ButtonSpec = tuple[str, str]  # (label, data)

MAX_ATTEMPTS = 8
# The last message to someone who erased their data: its address is forgotten once it went out
# (or never can).
FAREWELL = "farewell"


def enqueue(
    session: Session,
    chat_id: str,
    text: str,
    *,
    now: datetime,
    buttons: list[ButtonSpec] | None = None,
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
    attachment: str | None = None,
) -> OutboxMessage | None:
    """Queue a message. With ``dedupe_key``, a second row for the same key is not added."""
    if dedupe_key is not None and session.exec(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    ).first() is not None:
        return None
    row = OutboxMessage(
        platform=chat_id.split(":", 1)[0],
        chat_id=chat_id,
        text=text,
        buttons=json.dumps([list(b) for b in buttons or []], ensure_ascii=False),
        reply_to=reply_to,
        card_key=card_key,
        edit=edit,
        kind=kind,
        not_before=not_before or now,
        created_at=now,
        job_id=job_id,
        broadcast_id=broadcast_id,
        source_inbound_id=source_inbound_id,
        on_behalf_of=on_behalf_of,
        dedupe_key=dedupe_key,
        attachment=attachment,
    )
    if dedupe_key is None:
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


def buttons_of(row: OutboxMessage) -> list[ButtonSpec]:
    return [(str(label), str(data)) for label, data in json.loads(row.buttons or "[]")]


def due(session: Session, now: datetime, platforms: list[str], limit: int = 200
        ) -> list[OutboxMessage]:
    return list(
        session.exec(
            select(OutboxMessage)
            .where(
                OutboxMessage.status == "pending",
                col(OutboxMessage.not_before) <= now,
                col(OutboxMessage.platform).in_(platforms),
            )
            .order_by(col(OutboxMessage.not_before), col(OutboxMessage.id))
            .limit(limit)
        )
    )


def next_due_time(session: Session, platforms: list[str]) -> datetime | None:
    return session.exec(
        select(OutboxMessage.not_before)
        .where(OutboxMessage.status == "pending", col(OutboxMessage.platform).in_(platforms))
        .order_by(col(OutboxMessage.not_before))
        .limit(1)
    ).first()


def take(session: Session, row_id: int) -> bool:
    """Mark a row as being sent; False if another sender took it first."""
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == row_id, col(OutboxMessage.status) == "pending")
        .values(status="sending", attempts=OutboxMessage.attempts + 1)
    )
    return bool(getattr(result, "rowcount", 0))


def mark_sent(session: Session, row_id: int, platform_message_id: str, now: datetime) -> None:
    row = session.get(OutboxMessage, row_id)
    assert row is not None
    row.status = "sent"
    row.sent_at = now
    row.platform_message_id = platform_message_id
    row.last_error = None
    if row.attachment is not None:
        row.text = ""  # a file (an export of someone's data) is not kept once it went out
    _forget_farewell(row)
    session.add(row)


def mark_failed(session: Session, row_id: int, error: str, now: datetime,
                retry_in: float | None) -> None:
    """Back to pending after ``retry_in`` seconds, or dead when None or out of attempts."""
    row = session.get(OutboxMessage, row_id)
    assert row is not None
    row.last_error = error[:500]
    if retry_in is None or row.attempts >= MAX_ATTEMPTS:
        row.status = "dead"
        _forget_farewell(row)
    else:
        row.status = "pending"
        row.not_before = now + timedelta(seconds=retry_in)
    session.add(row)


def _forget_farewell(row: OutboxMessage) -> None:
    if row.kind == FAREWELL:
        row.chat_id = row.platform_message_id = f"{row.platform}:erased"
        row.last_error = None


def sent_since(session: Session, platform: str, since: datetime) -> int:
    """How many messages went out on ``platform`` since ``since`` (for daily caps)."""
    return session.exec(
        select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.platform == platform,
            OutboxMessage.status == "sent",
            col(OutboxMessage.sent_at) >= since,
        )
    ).one()


def recover(session: Session) -> int:
    """After a crash: rows caught mid-send go back to the queue."""
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.status) == "sending")
        .values(status="pending")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def card_message_id(session: Session, chat_id: str, card_key: str) -> str | None:
    """The platform id of the first sent message of a card, to edit it in place."""
    return session.exec(
        select(OutboxMessage.platform_message_id)
        .where(
            OutboxMessage.chat_id == chat_id,
            OutboxMessage.card_key == card_key,
            OutboxMessage.status == "sent",
            col(OutboxMessage.platform_message_id).is_not(None),
        )
        .order_by(col(OutboxMessage.id))
        .limit(1)
    ).first()


def by_platform_id(session: Session, platform_message_id: str) -> OutboxMessage | None:
    """What we sent as this platform message (to know which job a reply or button is about)."""
    return session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.platform_message_id == platform_message_id)
        .order_by(col(OutboxMessage.id))
        .limit(1)
    ).first()


def latest_sent(session: Session, chat_id: str, kind: str | None = None) -> OutboxMessage | None:
    query = select(OutboxMessage).where(
        OutboxMessage.chat_id == chat_id,
        OutboxMessage.status == "sent",
        col(OutboxMessage.platform_message_id).is_not(None),
    )
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return session.exec(query.order_by(col(OutboxMessage.id).desc()).limit(1)).first()
