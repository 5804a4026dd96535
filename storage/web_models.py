"""Tables of the web desk and the station screens: login codes, desk sessions, screen tokens,
failed logins. Secrets are stored as SHA-256 hashes; only a screen's token is kept as is (its
address is public by design, and an officer may ask for it again)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.models import _ts, utcnow


class LoginCode(SQLModel, table=True):
    """A one-time way into the desk, sent privately to an officer: a link and a 6-digit code,
    either of which works once, until ``expires_at``."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    code_hash: str = Field(index=True)
    link_hash: str = Field(index=True, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts())
    used_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class DeskSession(SQLModel, table=True):
    """A signed-in officer's browser; ends at ``expires_at``, on 退出, or 「退出后台」."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(index=True, unique=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts())
    ended_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class LoginFailure(SQLModel, table=True):
    """A wrong code or link, by client address: too many and that client waits."""

    id: int | None = Field(default=None, primary_key=True)
    client: str = Field(index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))


class ScreenToken(SQLModel, table=True):
    """A station screen bound to a region: ``/screen/<token>`` shows its open jobs."""

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(index=True, unique=True)
    region_code: str = Field(foreign_key="region.code")
    created_by: int = Field(foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    revoked_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
