"""Queries behind the officers' desk and the station screens: one-time login codes, desk
sessions, failed logins and screen tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from storage.web_models import DeskSession, LoginCode, LoginFailure, ScreenToken

CODE_TTL = timedelta(minutes=10)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- login codes ----------------------------------------------------------------------------

@dataclass(frozen=True)
class NewLogin:
    code: str  # 6 digits, typed on the login page
    link_token: str  # the one-time link's last part
    expires_at: datetime


def codes_since(session: Session, person_id: int, since: datetime) -> int:
    return int(session.exec(
        select(func.count()).select_from(LoginCode)
        .where(LoginCode.person_id == person_id, col(LoginCode.created_at) >= since)
    ).one())


def new_login(session: Session, person_id: int, now: datetime) -> NewLogin:
    """A fresh code and link for ``person_id``; their earlier unused ones stop working."""
    session.execute(
        update(LoginCode)
        .where(col(LoginCode.person_id) == person_id, col(LoginCode.used_at).is_(None))
        .values(used_at=now))
    while True:
        code = f"{secrets.randbelow(1_000_000):06d}"
        # Two live codes alike would make one officer's code log in another.
        if session.exec(select(LoginCode.id).where(
                LoginCode.code_hash == digest(code), col(LoginCode.used_at).is_(None),
                col(LoginCode.expires_at) > now)).first() is None:
            break
    link_token = secrets.token_urlsafe(24)
    row = LoginCode(person_id=person_id, code_hash=digest(code), link_hash=digest(link_token),
                    created_at=now, expires_at=now + CODE_TTL)
    session.add(row)
    session.flush()
    return NewLogin(code, link_token, row.expires_at)


def use_login(session: Session, now: datetime, *, code: str | None = None,
              link_token: str | None = None) -> int | None:
    """The person a live code or link belongs to, spending it; None if it is wrong, used or
    expired."""
    if code is not None:
        where = LoginCode.code_hash == digest(code)
    elif link_token is not None:
        where = LoginCode.link_hash == digest(link_token)
    else:
        return None
    row = session.exec(
        select(LoginCode).where(where, col(LoginCode.used_at).is_(None),
                                col(LoginCode.expires_at) > now)
        .order_by(col(LoginCode.id).desc()).with_for_update()
    ).first()
    if row is None:
        return None
    row.used_at = now
    session.add(row)
    session.flush()
    return row.person_id


def link_is_live(session: Session, link_token: str, now: datetime) -> bool:
    return session.exec(select(LoginCode.id).where(
        LoginCode.link_hash == digest(link_token), col(LoginCode.used_at).is_(None),
        col(LoginCode.expires_at) > now)).first() is not None


def record_failure(session: Session, client: str, now: datetime) -> None:
    session.add(LoginFailure(client=client, created_at=now))
    session.flush()


def failures_since(session: Session, since: datetime, client: str | None = None) -> int:
    query = select(func.count()).select_from(LoginFailure).where(
        col(LoginFailure.created_at) >= since)
    if client is not None:
        query = query.where(LoginFailure.client == client)
    return int(session.exec(query).one())


# --- sessions -------------------------------------------------------------------------------

def start_session(session: Session, person_id: int, now: datetime, ttl: timedelta) -> str:
    """A new desk session; returns its token (kept by the browser, stored here hashed)."""
    token = secrets.token_urlsafe(32)
    session.add(DeskSession(token_hash=digest(token), person_id=person_id, created_at=now,
                            expires_at=now + ttl))
    session.flush()
    return token


def session_person(session: Session, token: str, now: datetime) -> int | None:
    """Whose live session ``token`` is; None when unknown, ended or expired."""
    row = session.exec(select(DeskSession).where(DeskSession.token_hash == digest(token))).first()
    if row is None or row.ended_at is not None or row.expires_at <= now:
        return None
    return row.person_id


def end_session(session: Session, token: str, now: datetime) -> None:
    session.execute(update(DeskSession)
                    .where(col(DeskSession.token_hash) == digest(token),
                           col(DeskSession.ended_at).is_(None))
                    .values(ended_at=now))


def end_sessions_of(session: Session, person_id: int, now: datetime) -> int:
    """End every live session of a person (「退出后台」); how many there were."""
    rows = list(session.exec(select(DeskSession).where(
        DeskSession.person_id == person_id, col(DeskSession.ended_at).is_(None),
        col(DeskSession.expires_at) > now)))
    for row in rows:
        row.ended_at = now
        session.add(row)
    session.flush()
    return len(rows)


# --- screens --------------------------------------------------------------------------------

def new_screen(session: Session, region_code: str, person_id: int, now: datetime
               ) -> ScreenToken:
    row = ScreenToken(token=secrets.token_urlsafe(12), region_code=region_code,
                      created_by=person_id, created_at=now)
    session.add(row)
    session.flush()
    return row


def screen(session: Session, token: str) -> ScreenToken | None:
    """The live screen for ``token`` (None when unknown or revoked)."""
    row = session.exec(select(ScreenToken).where(ScreenToken.token == token)).first()
    return row if row is not None and row.revoked_at is None else None


def live_screens(session: Session, region_codes: set[str]) -> list[ScreenToken]:
    if not region_codes:
        return []
    return list(session.exec(
        select(ScreenToken)
        .where(col(ScreenToken.region_code).in_(region_codes),
               col(ScreenToken.revoked_at).is_(None))
        .order_by(col(ScreenToken.id))))


def revoke_screens(session: Session, rows: list[ScreenToken], now: datetime) -> None:
    for row in rows:
        row.revoked_at = now
        session.add(row)
    session.flush()
