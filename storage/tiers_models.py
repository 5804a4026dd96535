"""Tables of the three tiers: broadcasts, the digests sent, and what each digest carried."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models import _ts, utcnow


class Broadcast(SQLModel, table=True):
    """An officer's notice to the groups of a region's subtree ("广播 …")."""

    id: int | None = Field(default=None, primary_key=True)
    sender_id: int = Field(foreign_key="person.id", index=True)
    region_codes: str  # "|"-joined: the subtrees it went to
    text: str
    source_chat_id: str | None = None
    source_message_id: str | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class DigestRun(SQLModel, table=True):
    """One morning digest of one group: at most one per group and day, whoever sends it."""

    __table_args__ = (UniqueConstraint("chat_id", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: str = Field(index=True)
    day: date
    kind: str  # village | township | county
    jobs: int = 0  # jobs listed
    parts: int = 0  # messages it took (0: an empty day the group chose to skip)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class DigestItem(SQLModel, table=True):
    """A job listed in a digest: with the outbox, where a job went (relay attribution)."""

    digest_id: int = Field(foreign_key="digestrun.id", primary_key=True)
    job_id: int = Field(foreign_key="job.id", primary_key=True, index=True)
