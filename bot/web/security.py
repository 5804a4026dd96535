"""Signed cookies, CSRF tokens and login rate limits for the desk. No web framework here: the
app calls these with strings."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session

from storage import desk

SESSION_COOKIE = "lingong_desk"
PRE_COOKIE = "lingong_pre"  # the login form's CSRF cookie, before there is a session
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_CLIENT = 5
MAX_FAILURES_TOTAL = 50  # all clients together: a spread-out guesser is slowed down too


def _mac(secret: str, purpose: str, value: str) -> str:
    digest = hmac.new(secret.encode(), f"{purpose}|{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def sign(secret: str, token: str) -> str:
    """The cookie value for a session token: the token and its signature."""
    return f"{token}.{_mac(secret, 'session', token)}"


def unsign(secret: str, value: str | None) -> str | None:
    """The token of a signed cookie value; None when missing or forged."""
    if not value or "." not in value:
        return None
    token, _, mac = value.rpartition(".")
    return token if hmac.compare_digest(mac, _mac(secret, "session", token)) else None


def csrf_token(secret: str, session_token: str) -> str:
    """Every form of a session carries this; a page of another site cannot know it."""
    return _mac(secret, "csrf", session_token)


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def new_pre_token() -> str:
    return secrets.token_urlsafe(16)


def locked_out(session: Session, client: str, now: datetime) -> bool:
    """Too many wrong codes lately, from this client or from everyone."""
    since = now - FAILURE_WINDOW
    return (desk.failures_since(session, since, client) >= MAX_FAILURES_PER_CLIENT
            or desk.failures_since(session, since) >= MAX_FAILURES_TOTAL)
