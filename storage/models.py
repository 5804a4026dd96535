"""The tables. Times are stored in UTC (aware); people see Asia/Shanghai."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Dialect,
    Index,
    UniqueConstraint,
    delete,
    event,
    insert,
    inspect,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class AwareDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns aware UTC, on SQLite (which drops offsets) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to an aware column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _ts(index: bool = False, nullable: bool = False) -> Any:
    return Column(AwareDateTime(), index=index, nullable=nullable)


class Region(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=20)
    name: str = Field(index=True)
    level: str  # county | township | village
    parent_code: str | None = Field(default=None, index=True)
    county_code: str = Field(index=True)
    aliases: str = ""  # "|"-joined


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    phone: str | None = None  # private: shown in full only to the people of a job
    region_code: str | None = None  # home village or township, when known
    # An elderly villager without a phone of their own, looked after by an officer.
    managed_by: int | None = Field(default=None, foreign_key="person.id")
    no_shows: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    # When they were told, on first claiming or subscribing, that employers see their phone.
    privacy_told_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Identity(SQLModel, table=True):
    """One account of a person on one platform (``telegram:123``)."""

    id: str = Field(primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    display_name: str = ""
    private_chat_id: str | None = None  # where a private message to this account goes


class Officer(SQLModel, table=True):
    """An information officer for a region's subtree."""

    __table_args__ = (UniqueConstraint("person_id", "region_code"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    region_code: str = Field(foreign_key="region.code")
    appointed_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Group(SQLModel, table=True):
    """A group chat the bot is in, bound to a region (and so a tier)."""

    chat_id: str = Field(primary_key=True)
    title: str = ""
    region_code: str | None = Field(default=None, foreign_key="region.code", index=True)
    digest_time: str = "07:30"  # HH:MM Asia/Shanghai
    digest_when_empty: bool = True
    bound_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Post(SQLModel, table=True):
    """A message that offered work; it yields one or more jobs."""

    id: int | None = Field(default=None, primary_key=True)
    source_message_id: str = Field(index=True)
    chat_id: str
    poster_id: int = Field(foreign_key="person.id", index=True)
    on_behalf_of: int | None = Field(default=None, foreign_key="person.id")
    text: str  # as written, emoji and all
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Job(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id", index=True)
    poster_id: int = Field(foreign_key="person.id", index=True)
    # draft | held | open | filled | expired | cancelled
    status: str = Field(default="draft", index=True)
    work_type: str | None = Field(default=None, index=True)
    headcount: int | None = None
    confirmed: int = 0  # people confirmed; kept with the row locked, never above headcount
    start_date: date | None = Field(default=None, index=True)
    start_time: str | None = None
    end_time: str | None = None
    duration_days: int | None = None
    wage_min: float | None = None
    wage_max: float | None = None
    wage_unit: str | None = None
    settlement: str | None = None
    township: str | None = None
    village: str | None = None
    region_code: str | None = Field(default=None, index=True)
    phone: str | None = None
    contact: str | None = None
    perks: str = ""  # "|"-joined, sorted
    gender: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    # Same phone, work type and date across groups: one job.
    dedupe_key: str | None = Field(default=None, index=True)
    hold_reason: str | None = None  # why a post was held for an officer (scam words)
    # The 曝光台 entry whose phone held the post. No foreign key: exposureentry.job_id already
    # points here, and a cycle between the two tables would leave no order to create them in.
    exposure_id: int | None = None
    asked_missing: bool = False
    asked_still_hiring: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    opened_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    filled_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    expires_at: datetime | None = Field(default=None, sa_column=_ts(index=True, nullable=True))


class JobChat(SQLModel, table=True):
    """Every chat a job appeared in (its post, a repeat of it, a relay)."""

    job_id: int = Field(foreign_key="job.id", primary_key=True)
    chat_id: str = Field(primary_key=True)
    source_message_id: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Claim(SQLModel, table=True):
    __table_args__ = (Index("ix_claim_job_status", "job_id", "status"),)
    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    count: int = 1
    # confirmed | waitlisted | cancelled | no_show
    status: str
    by_person_id: int | None = Field(default=None, foreign_key="person.id")  # officer proxy
    source_message_id: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Subscription(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    work_types: str = ""  # "|"-joined canonical names; empty: any
    region_code: str | None = Field(default=None, index=True)  # a subtree; None: the county
    min_wage: float | None = None  # per day
    available_on: date | None = None  # "明天有空"; the first day of "下周有空"
    available_until: date | None = None  # the last day of "下周有空"; None: available_on only
    paused_from: date | None = None  # "明天不接活": the pause's first day; None: already on
    paused_until: date | None = None  # "这周不接活": no pushes through that day
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


ANY_WORK = ""  # SubscriptionWorkType.work_type of a subscription that takes any work


class SubscriptionWorkType(SQLModel, table=True):
    """Each work type a subscription asks for (``ANY_WORK`` for any), so matching finds a
    job's subscribers by index. Kept in step with ``Subscription.work_types`` by the mapper
    events below, whichever code writes the subscription."""

    work_type: str = Field(primary_key=True)
    subscription_id: int = Field(foreign_key="subscription.id", primary_key=True, index=True)


def indexed_work_types(work_types: str) -> list[str]:
    """The ``SubscriptionWorkType`` rows' work types of a subscription's ``work_types``."""
    return [t for t in dict.fromkeys(work_types.split("|")) if t] or [ANY_WORK]


def _work_type_rows(sub: Subscription) -> list[dict[str, Any]]:
    return [{"work_type": t, "subscription_id": sub.id}
            for t in indexed_work_types(sub.work_types)]


@event.listens_for(Subscription, "after_insert")
def _index_work_types(_mapper: Mapper[Subscription], conn: Connection,
                      sub: Subscription) -> None:
    conn.execute(insert(SubscriptionWorkType), _work_type_rows(sub))


@event.listens_for(Subscription, "after_update")
def _reindex_work_types(_mapper: Mapper[Subscription], conn: Connection,
                        sub: Subscription) -> None:
    if inspect(sub).attrs.work_types.history.has_changes():
        conn.execute(delete(SubscriptionWorkType)
                     .where(SubscriptionWorkType.subscription_id == sub.id))  # type: ignore[arg-type]
        conn.execute(insert(SubscriptionWorkType), _work_type_rows(sub))


@event.listens_for(Subscription, "before_delete")
def _unindex_work_types(_mapper: Mapper[Subscription], conn: Connection,
                        sub: Subscription) -> None:
    conn.execute(delete(SubscriptionWorkType)
                 .where(SubscriptionWorkType.subscription_id == sub.id))  # type: ignore[arg-type]


class Push(SQLModel, table=True):
    """A job pushed privately to a worker: no one gets the same job twice."""

    job_id: int = Field(foreign_key="job.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class PhoneReveal(SQLModel, table=True):
    """Every time a full phone number was shown, to whom and why."""

    id: int | None = Field(default=None, primary_key=True)
    job_id: int | None = Field(default=None, foreign_key="job.id")
    owner_id: int = Field(foreign_key="person.id")
    shown_to_id: int = Field(foreign_key="person.id")
    chat_id: str
    reason: str
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Pending(SQLModel, table=True):
    """A question the bot asked a person and waits for (a draft's missing field, …)."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str  # e.g. "missing_fields", "still_hiring", "link_code"
    job_id: int | None = Field(default=None, foreign_key="job.id")
    data: str = ""  # JSON
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    closed: bool = False


class InboundMessage(SQLModel, table=True):
    """Every message the bot received, once (the platform message id is the key)."""

    id: str = Field(primary_key=True)
    chat_id: str = Field(index=True)
    sender_id: str
    text: str = ""
    content_kind: str = "text"
    reply_to: str | None = None
    button_data: str | None = None
    sent_at: datetime = Field(sa_column=_ts())
    received_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    status: str = "handled"  # handled | failed
    error: str | None = None
    # The text as received, JSON-escaped, when it held what no database stores (NUL, lone
    # surrogates) and ``text`` is its cleaned copy.
    raw_text: str | None = None


class OutboxMessage(SQLModel, table=True):
    """A message to send. Rows are written in the handler's transaction; senders drain them.

    Sent rows stay: they are the delivery log (where a job or broadcast went, when, for whom).
    A chat's rows go out one at a time in (``not_before``, ``id``) order; see storage/outbox.py.
    """

    __table_args__ = (
        Index("ix_outbox_due", "status", "not_before"),
        # A chat's queue: what is ahead of a row, the card to edit, the latest message.
        Index("ix_outbox_chat_queue", "chat_id", "status", "not_before", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(index=True)
    chat_id: str
    text: str
    buttons: str = ""  # JSON list of [label, data]
    reply_to: str | None = None
    card_key: str | None = Field(default=None, index=True)
    edit: bool = False
    kind: str = "reply"  # reply | card | push | digest | broadcast | notice
    status: str = "pending"  # pending | sending | sent | dead | dropped
    attempts: int = 0
    # When it may go; with the id, its place in its chat's order (a retry keeps it).
    not_before: datetime = Field(default_factory=utcnow, sa_column=_ts())
    retry_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    sent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    platform_message_id: str | None = Field(default=None, index=True)
    last_error: str | None = None
    job_id: int | None = Field(default=None, index=True)
    broadcast_id: int | None = Field(default=None, index=True)
    source_inbound_id: str | None = None
    on_behalf_of: int | None = None  # person id: relay attribution
    # At most one row per key ever: a digest per group and day, a push per job and worker.
    dedupe_key: str | None = Field(default=None, unique=True)
    # A file name: ``text`` goes as a file of this name where the platform takes files (as
    # text elsewhere), and is not kept once sent.
    attachment: str | None = None
    # While sending: which sender holds the row, until when; the rate slot it took.
    owner: str | None = None
    lease_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    slot_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    parts_sent: int = 0  # a text longer than the platform takes goes in parts
    # A renderer (registered by the handlers) makes the text again when the row goes out.
    render: str | None = None
    render_data: str = ""  # JSON for the renderer


class SendWindow(SQLModel, table=True):
    """Recent sends, shared by every sender process: one row per platform (its total rate and
    daily count) and one per chat (its own rate; ``free_at``: when it may have the next)."""

    key: str = Field(primary_key=True)  # "telegram" or a chat id "telegram:-100…"
    recent: str = "[]"  # JSON list of send times (epoch seconds) still inside the window
    day: str = ""  # the Asia/Shanghai date ``day_count`` counts
    day_count: int = 0
    free_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class ParserCorrection(SQLModel, table=True):
    """A field of a job card its poster corrected ('工价200', '改成后天'): what the parser read
    and what the poster meant, so the county's own corrections can be labelled and taught back
    to the parser (``lingong corrections --export``). A phone's values are never kept."""

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    field_name: str = Field(index=True)  # a JOB key of the parse contract
    old_value: str | None = None  # JSON of what the card said
    new_value: str | None = None  # JSON of what the poster meant
    said: str = ""  # the correction as written
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))


# --------------------------------------------------------------------------- after the gig


class WageCheck(SQLModel, table=True):
    """The evening of a job's last work day each confirmed worker is asked whether they were
    paid. 「还没结」 makes it a wage case (``opened_at``) until 「结清了」 or an officer's 垫付."""

    __table_args__ = (UniqueConstraint("job_id", "worker_id"),)
    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True)
    worker_id: int = Field(foreign_key="person.id", index=True)
    employer_id: int = Field(foreign_key="person.id", index=True)
    region_code: str | None = Field(default=None, index=True)  # the job's place
    # asked | paid | unpaid | absent | advanced (the station paid: 先行垫付)
    status: str = Field(default="asked", index=True)
    last_day: date
    due_on: date  # when the officer hears of a case still open (the promised settlement)
    asked_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    answered_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    opened_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    reminded_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    escalated_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    closed_by: int | None = Field(default=None, foreign_key="person.id")  # officer for 垫付


class Rating(SQLModel, table=True):
    """One side rating the other after a job: 1–5 stars and an optional word. Once only."""

    __table_args__ = (UniqueConstraint("job_id", "rater_id", "ratee_id"),)
    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True)
    rater_id: int = Field(foreign_key="person.id", index=True)
    ratee_id: int = Field(foreign_key="person.id", index=True)
    side: str  # "worker" (a worker rates the employer) | "employer" (rates a worker)
    stars: int
    word: str | None = None  # one of the fixed words (工钱按时, 干得好 …)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Complaint(SQLModel, table=True):
    """「投诉 …」: a case with its states, anonymous toward the other party by default."""

    id: int | None = Field(default=None, primary_key=True)
    complainant_id: int = Field(foreign_key="person.id", index=True)
    against_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    job_id: int | None = Field(default=None, foreign_key="job.id", index=True)
    region_code: str | None = Field(default=None, index=True)
    text: str
    # accepted (受理) | mediating (调解中) | resolved (已解决) | rejected (不成立)
    status: str = Field(default="accepted", index=True)
    anonymous: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    closed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class CaseEvent(SQLModel, table=True):
    """Every step of a wage case or a complaint: who moved it, to what, with what note, from
    where (the chat or the web desk)."""

    id: int | None = Field(default=None, primary_key=True)
    case_kind: str = Field(index=True)  # wage | complaint
    case_id: int = Field(index=True)
    status: str
    by_id: int | None = Field(default=None, foreign_key="person.id")
    note: str = ""
    via: str = "chat"  # chat | web | clock
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class ComplaintLimit(SQLModel, table=True):
    """An officer stopped a person's repeated, groundless complaints until a day."""

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    until: date
    by_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class HonourOptIn(SQLModel, table=True):
    """「上榜」: the person agreed to be named on the monthly 荣誉榜 (「不上榜」 withdraws)."""

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class ExposureEntry(SQLModel, table=True):
    """A line of the 曝光台: something an officer confirmed (a scam post rejected with 驳回, a
    wage case the station had to pay, a complaint against a poster found true), named by its
    post and a masked phone. The person named is told first and may 申诉 until
    ``appeal_until``; an entry shows from then (or once an officer upholds an appeal) until
    ``expires_at``, never when withdrawn."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)  # scam | wage | complaint
    source_id: int  # the held job, the wage check or the complaint
    job_id: int | None = Field(default=None, foreign_key="job.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)  # named
    phone: str | None = Field(default=None, index=True)  # full, never shown: blocks scam posts
    label: str = ""  # the post: work type · place · date (no name, no phone)
    region_code: str | None = Field(default=None, index=True)
    # pending (told, may appeal) | appealed | upheld | withdrawn
    status: str = Field(default="pending", index=True)
    confirmed_by: int | None = Field(default=None, foreign_key="person.id")
    appeal_text: str = ""
    decided_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    appeal_until: datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))
    appealed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    decided_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    posted_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))  # first


class BoardSchedule(SQLModel, table=True):
    """When the 荣誉榜 and 曝光台 go into a township's groups (「榜单时间 每月1号 9点」); the
    county's row is every township's default."""

    region_code: str = Field(primary_key=True)
    day: int = 1  # of the month, 1–28
    hhmm: str = "09:00"  # Asia/Shanghai
    set_by: int | None = Field(default=None, foreign_key="person.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
