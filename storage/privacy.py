"""What lingong keeps about a person: reading it, erasing it, and forgetting old messages.

Every column of every table has a rule in ``RULES``. ``unclassified()`` lists the columns that
have none, and a test demands it be empty: a table or column added later without a rule fails
the tests instead of escaping an erasure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, MetaData, Table, and_, delete, exists, false, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.sql import Select
from sqlmodel import Session, SQLModel, col, select

import storage.tables  # noqa: F401  (every table in the metadata)
from storage.models import (
    CaseEvent,
    Claim,
    Complaint,
    ExposureEntry,
    HonourOptIn,
    Identity,
    InboundMessage,
    Job,
    Officer,
    OutboxMessage,
    ParserCorrection,
    Pending,
    Person,
    PhoneReveal,
    Post,
    Subscription,
    SubscriptionWorkType,
)
from storage.tiers_models import Broadcast
from storage.web_models import DeskSession, LoginCode

ERASED_NAME = "已注销用户"  # what an erased person is called from then on
ERASED = "（已删除）"  # what stands where their phone or words were
MIN_NAME = 2  # a one-character name is in too many words to be hunted in free text
LIVE = ("draft", "held", "open", "filled")


class Kind(StrEnum):
    """What a column may hold about a person, and so what an erasure does to it."""

    KEEP = "keep"  # nothing about anyone: ids, states, times, counts, places, group chats
    PERSON = "person"  # a person's id: kept, it then points at the anonymous row (counts hold)
    OWN = "own"  # the row's person's own data: cleared on their rows
    QUOTE = "quote"  # free text: cleared on their rows; their name and phone replaced in others'
    CHAT = "chat"  # a chat, account or message id, which may be or begin with their account


@dataclass(frozen=True)
class Who:
    """Everything that identifies one person, gathered before anything is changed."""

    person_id: int
    accounts: tuple[str, ...]  # identity ids (telegram:123)
    chats: tuple[str, ...]  # private chats
    phones: tuple[str, ...]
    names: tuple[str, ...]
    jobs: tuple[int, ...]  # jobs they posted or that carry their phone

    @property
    def ids(self) -> tuple[str, ...]:
        """Account and chat ids, longest first (so a longer one is replaced whole)."""
        return tuple(sorted(set(self.accounts) | set(self.chats), key=len, reverse=True))

    def anonymous(self, an_id: str) -> str:
        return f"{an_id.split(':', 1)[0]}:erased-{self.person_id}"

    def quoted(self) -> list[tuple[str, str]]:
        """(what to look for in free text, what to put instead), longest first."""
        pairs = [(p, ERASED) for p in self.phones] + [(mask(p), ERASED) for p in self.phones]
        pairs += [(n, ERASED_NAME) for n in self.names]
        return sorted(set(pairs), key=lambda pair: len(pair[0]), reverse=True)


Owned = Callable[[Who], ColumnElement[bool]]


@dataclass(frozen=True)
class Rule:
    """A table's columns by what they hold, and which rows are a person's own."""

    keep: tuple[str, ...] = ()
    person: tuple[str, ...] = ()
    own: tuple[str, ...] = ()
    quote: tuple[str, ...] = ()
    chat: tuple[str, ...] = ()
    owned: Owned | None = None  # which rows are the person's own (None: nobody's)
    delete_owned: bool = False  # their rows go (else their OWN and QUOTE columns are cleared)
    cleared: dict[str, Any] = field(default_factory=dict)  # what a cleared column becomes

    @property
    def columns(self) -> dict[str, Kind]:
        return {name: kind for kind, names in (
            (Kind.KEEP, self.keep), (Kind.PERSON, self.person), (Kind.OWN, self.own),
            (Kind.QUOTE, self.quote), (Kind.CHAT, self.chat)) for name in names}


def _their_messages(who: Who) -> Select[str]:
    return sa_select(col(InboundMessage.id)).where(col(InboundMessage.sender_id).in_(who.accounts))


RULES: dict[str, Rule] = {
    "region": Rule(keep=("code", "name", "level", "parent_code", "county_code", "aliases")),
    "person": Rule(
        keep=("id", "no_shows", "created_at", "privacy_told_at"), person=("managed_by",),
        own=("name", "phone", "region_code"),
        owned=lambda w: col(Person.id) == w.person_id, cleared={"name": ERASED_NAME}),
    "identity": Rule(
        person=("person_id",), own=("id", "display_name", "private_chat_id"),
        owned=lambda w: col(Identity.person_id) == w.person_id, delete_owned=True),
    "officer": Rule(
        keep=("id", "region_code", "created_at"), person=("person_id", "appointed_by"),
        owned=lambda w: col(Officer.person_id) == w.person_id, delete_owned=True),
    # A group chat, its title and place are the group's, not anyone's.
    "group": Rule(keep=("chat_id", "title", "region_code", "digest_time", "digest_when_empty",
                        "created_at"), person=("bound_by",)),
    "post": Rule(
        keep=("id", "created_at"), person=("poster_id", "on_behalf_of"), quote=("text",),
        chat=("source_message_id", "chat_id"),
        owned=lambda w: or_(col(Post.poster_id) == w.person_id,
                            col(Post.on_behalf_of) == w.person_id)),
    # A job held for its phone names the 曝光台 entry by id (exposure_id): the phone is the
    # entry's, cleared there.
    "job": Rule(
        keep=("id", "post_id", "status", "work_type", "headcount", "confirmed", "start_date",
              "start_time", "end_time", "duration_days", "wage_min", "wage_max", "wage_unit",
              "settlement", "township", "village", "region_code", "perks", "gender", "age_min",
              "age_max", "hold_reason", "exposure_id", "asked_missing", "asked_still_hiring",
              "created_at", "opened_at", "filled_at", "expires_at"),
        person=("poster_id",), own=("phone", "contact", "dedupe_key"),
        owned=lambda w: col(Job.id).in_(w.jobs)),
    # A poster's corrections of their cards: the words and values are theirs (a contact's name
    # may be in them; a phone's values are never kept); they go with the poster or the job.
    "parsercorrection": Rule(
        keep=("id", "job_id", "field_name", "created_at"), person=("person_id",),
        quote=("old_value", "new_value", "said"),
        owned=lambda w: or_(col(ParserCorrection.person_id) == w.person_id,
                            col(ParserCorrection.job_id).in_(w.jobs)),
        delete_owned=True),
    "jobchat": Rule(keep=("job_id", "created_at"), chat=("chat_id", "source_message_id")),
    "claim": Rule(keep=("id", "job_id", "count", "status", "created_at", "updated_at"),
                  person=("person_id", "by_person_id"), chat=("source_message_id",)),
    "subscription": Rule(
        keep=("id", "active", "created_at"), person=("person_id",),
        own=("work_types", "region_code", "min_wage", "available_on", "available_until",
             "paused_from", "paused_until"),
        owned=lambda w: col(Subscription.person_id) == w.person_id, delete_owned=True),
    "subscriptionworktype": Rule(
        keep=("work_type",), person=("subscription_id",),
        owned=lambda w: col(SubscriptionWorkType.subscription_id).in_(
            sa_select(col(Subscription.id)).where(col(Subscription.person_id) == w.person_id)),
        delete_owned=True),
    # A platform's or a chat's recent send times: a private chat's key is theirs.
    "sendwindow": Rule(keep=("recent", "day", "day_count", "free_at"), chat=("key",)),
    "push": Rule(keep=("job_id", "created_at"), person=("person_id",)),
    "phonereveal": Rule(keep=("id", "job_id", "reason", "created_at"),
                        person=("owner_id", "shown_to_id"), chat=("chat_id",)),
    "pending": Rule(
        keep=("id", "kind", "job_id", "created_at", "closed"), person=("person_id",),
        quote=("data",),
        owned=lambda w: col(Pending.person_id) == w.person_id, delete_owned=True),
    "inboundmessage": Rule(
        keep=("content_kind", "button_data", "sent_at", "received_at", "status"),
        own=("error",), quote=("text", "raw_text"),
        chat=("id", "chat_id", "sender_id", "reply_to"),
        owned=lambda w: col(InboundMessage.sender_id).in_(w.accounts)),
    # The bot's own messages: those to them, in answer to them, about their jobs or signed by
    # them are theirs (a bot message that quotes what someone wrote answers that message).
    "outboxmessage": Rule(
        keep=("id", "platform", "card_key", "edit", "kind", "status", "attempts", "not_before",
              "created_at", "sent_at", "job_id", "broadcast_id", "attachment", "retry_at",
              "owner", "lease_until", "slot_at", "parts_sent", "render"),
        person=("on_behalf_of",), quote=("text", "buttons", "last_error", "render_data"),
        chat=("chat_id", "reply_to", "platform_message_id", "source_inbound_id", "dedupe_key"),
        owned=lambda w: and_(
            or_(col(OutboxMessage.status).not_in(("pending", "sending")),
                col(OutboxMessage.chat_id).in_(w.chats)),
            or_(col(OutboxMessage.chat_id).in_(w.chats),
                col(OutboxMessage.source_inbound_id).in_(_their_messages(w)),
                col(OutboxMessage.job_id).in_(w.jobs),
                col(OutboxMessage.on_behalf_of) == w.person_id)),
        cleared={"buttons": "[]"}),
    "broadcast": Rule(
        keep=("id", "region_codes", "created_at"), person=("sender_id",), quote=("text",),
        chat=("source_chat_id", "source_message_id"),
        owned=lambda w: col(Broadcast.sender_id) == w.person_id),
    "digestrun": Rule(keep=("id", "day", "kind", "jobs", "parts", "created_at"),
                      chat=("chat_id",)),
    "digestitem": Rule(keep=("digest_id", "job_id")),
    # The web desk: an erased officer's ways in (codes, sessions) go with them.
    "logincode": Rule(
        keep=("id", "created_at", "expires_at", "used_at"), person=("person_id",),
        own=("code_hash", "link_hash"),
        owned=lambda w: col(LoginCode.person_id) == w.person_id, delete_owned=True),
    "desksession": Rule(
        keep=("id", "created_at", "expires_at", "ended_at"), person=("person_id",),
        own=("token_hash",),
        owned=lambda w: col(DeskSession.person_id) == w.person_id, delete_owned=True),
    # A client address that failed to log in: nobody known is behind it.
    "loginfailure": Rule(keep=("id", "client", "created_at")),
    "screentoken": Rule(keep=("id", "token", "region_code", "created_at", "revoked_at"),
                        person=("created_by",)),
    # After the gig: wage checks and ratings are facts about a job (states, dates, stars and
    # fixed words), kept so the records and 绩效 figures hold; a complaint's words and a case
    # note are free text, cleared on the writer's rows and searched for them in others'.
    "wagecheck": Rule(
        keep=("id", "job_id", "region_code", "status", "last_day", "due_on", "asked_at",
              "answered_at", "opened_at", "reminded_at", "escalated_at", "closed_at"),
        person=("worker_id", "employer_id", "closed_by")),
    "rating": Rule(keep=("id", "job_id", "side", "stars", "word", "created_at"),
                   person=("rater_id", "ratee_id")),
    "complaint": Rule(
        keep=("id", "job_id", "region_code", "status", "anonymous", "created_at", "updated_at",
              "closed_at"),
        person=("complainant_id", "against_id"), quote=("text",),
        owned=lambda w: col(Complaint.complainant_id) == w.person_id),
    "caseevent": Rule(
        keep=("id", "case_kind", "case_id", "status", "via", "created_at"), person=("by_id",),
        quote=("note",), owned=lambda w: col(CaseEvent.by_id) == w.person_id),
    "honouroptin": Rule(keep=("created_at",), person=("person_id",),
                        owned=lambda w: col(HonourOptIn.person_id) == w.person_id,
                        delete_owned=True),
    "complaintlimit": Rule(keep=("until", "created_at"), person=("person_id", "by_id")),
    # The 曝光台: what an officer confirmed stays a fact about a post (its label names no one);
    # the named person's phone and the words of their appeal are theirs, cleared on erasure
    # (the entry then shows by its post alone and no longer holds a phone's new posts).
    "exposureentry": Rule(
        keep=("id", "kind", "source_id", "job_id", "label", "region_code", "status",
              "created_at", "appeal_until", "expires_at", "appealed_at", "decided_at",
              "posted_at"),
        person=("person_id", "confirmed_by", "decided_by"), own=("phone",),
        quote=("appeal_text",), owned=lambda w: or_(
            col(ExposureEntry.person_id) == w.person_id,
            col(ExposureEntry.phone).in_(w.phones))),
    "boardschedule": Rule(keep=("region_code", "day", "hhmm", "updated_at"),
                          person=("set_by",)),
}


def unclassified(metadata: MetaData | None = None) -> list[str]:
    """``table.column`` for every column without a rule, and every rule for a column that
    does not exist (the tests demand an empty list)."""
    tables = list((metadata or SQLModel.metadata).sorted_tables)
    missing: list[str] = []
    for table in tables:
        rule = RULES.get(table.name)
        names = {c.name for c in table.columns}
        known = set(rule.columns) if rule is not None else set()
        missing += [f"{table.name}.{name}" for name in sorted(names - known)]
        missing += [f"{table.name}.{name} (no such column)" for name in sorted(known - names)]
    present = {t.name for t in tables}
    missing += [f"{name} (no such table)" for name in sorted(set(RULES) - present)]
    return missing


def mask(phone: str) -> str:
    """The masked form cards show (138****5678)."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else phone


# --------------------------------------------------------------------------- who


def who(session: Session, person_id: int) -> Who:
    person = session.get(Person, person_id)
    if person is None:
        raise LookupError(f"no person {person_id}")
    idents = list(session.exec(select(Identity).where(Identity.person_id == person_id)))
    phones = {person.phone} if person.phone else set()
    posted = list(session.exec(select(Job.id, Job.phone).where(or_(
        col(Job.poster_id) == person_id,
        col(Job.post_id).in_(sa_select(col(Post.id)).where(col(Post.on_behalf_of) == person_id))))))
    phones |= {phone for _, phone in posted if phone}
    jobs = {job_id for job_id, _ in posted if job_id is not None}
    if phones:
        jobs |= {j for j in session.exec(select(Job.id).where(col(Job.phone).in_(phones)))
                 if j is not None}
    names = {person.name, *(i.display_name for i in idents)} - {ERASED_NAME, ""}
    return Who(
        person_id=person_id,
        accounts=tuple(sorted(i.id for i in idents)),
        chats=tuple(sorted({i.private_chat_id for i in idents if i.private_chat_id})),
        phones=tuple(sorted(phones)),
        names=tuple(sorted(n for n in names if len(n) >= MIN_NAME)),
        jobs=tuple(sorted(jobs)),
    )


# --------------------------------------------------------------------------- erasing


@dataclass
class Erasure:
    """Rows changed per table."""

    changed: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        if count:
            self.changed[table] = self.changed.get(table, 0) + count


def erase_person(session: Session, person: Who) -> Erasure:
    """Erase or anonymise everything of ``person`` in every table, in the caller's transaction.

    The Person row stays, renamed and emptied, so claims, pushes and posts still count; their
    accounts, subscriptions, roles and questions go; their words are cleared; wherever else their
    phone or name is quoted it is replaced; every id of their accounts and private chats becomes
    ``platform:erased-ID``. Telling anyone (employers, the waitlist, an officer) is the
    caller's, before this.
    """
    gaps = unclassified()
    if gaps:
        raise RuntimeError(f"no privacy rule for {', '.join(gaps)}: add them to RULES")
    done = Erasure()
    tables = list(SQLModel.metadata.sorted_tables)
    # Own rows first: which rows are theirs is decided by the ids rewritten below.
    for table in reversed(tables):
        rule = RULES[table.name]
        if rule.owned is None:
            continue
        where = rule.owned(person)
        if rule.delete_owned:
            done.add(table.name, _count(session.execute(delete(table).where(where))))
            continue
        values = {name: _cleared(table, name, rule) for name, kind in rule.columns.items()
                  if kind in (Kind.OWN, Kind.QUOTE)}
        done.add(table.name, _count(session.execute(update(table).where(where).values(values))))
    # What was queued for them and not sent never will be.
    session.execute(update(OutboxMessage).where(
        col(OutboxMessage.chat_id).in_(person.chats),
        col(OutboxMessage.status) == "pending").values(status="dead", last_error="erased"))
    for table in tables:
        done.add(table.name, _rewrite(session, table, RULES[table.name], person))
    session.expire_all()
    return done


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _cleared(table: Table, name: str, rule: Rule) -> Any:
    if name in rule.cleared:
        return rule.cleared[name]
    return None if table.columns[name].nullable else ""


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _rewrite(session: Session, table: Table, rule: Rule, person: Who) -> int:
    """Replace their ids in CHAT columns and their phone and name in QUOTE columns, in every
    row that holds one (found with LIKE, changed in Python: SQL has no portable regex)."""
    chats = [n for n, k in rule.columns.items() if k is Kind.CHAT]
    quotes = [n for n, k in rule.columns.items() if k is Kind.QUOTE]
    quoted = person.quoted()
    tests = [table.columns[n].like(_like(i), escape="\\") for n in chats for i in person.ids]
    tests += [table.columns[n].like(_like(q), escape="\\") for n in quotes for q, _ in quoted]
    if not tests:
        return 0
    keys = list(table.primary_key.columns)
    names = chats + quotes
    rows = session.execute(
        sa_select(*keys, *(table.columns[n] for n in names)).where(or_(false(), *tests))
    ).all()
    ids = re.compile("|".join(rf"(?<![^:]){re.escape(i)}(?![^:])" for i in person.ids)) \
        if person.ids else None
    changed = 0
    for row in rows:
        key, values = row[: len(keys)], dict(zip(names, row[len(keys):], strict=True))
        new: dict[str, Any] = {}
        for name, value in values.items():
            if not isinstance(value, str):
                continue
            if name in chats and ids is not None:
                fixed = ids.sub(lambda m: person.anonymous(m.group(0)), value)
            else:
                fixed = value
                for found, instead in quoted:
                    fixed = fixed.replace(found, instead)
            if fixed != value:
                new[name] = fixed
        if new:
            session.execute(update(table).where(
                and_(*(k == v for k, v in zip(keys, key, strict=True)))).values(new))
            changed += 1
    return changed


# --------------------------------------------------------------------------- retention


def forget_old_messages(session: Session, before: datetime) -> int:
    """Clear the words of messages received before ``before``: the inbound log (what counts
    need stays: who, where, when), the posts of jobs that are over, and answered questions."""
    done = _count(session.execute(update(InboundMessage).where(
        col(InboundMessage.received_at) < before,
        or_(col(InboundMessage.text) != "", col(InboundMessage.error).is_not(None),
            col(InboundMessage.raw_text).is_not(None)),
    ).values(text="", error=None, raw_text=None)))
    live = exists().where(col(Job.post_id) == Post.id, col(Job.status).in_(LIVE))
    done += _count(session.execute(update(Post).where(
        col(Post.created_at) < before, col(Post.text) != "", ~live).values(text="")))
    done += _count(session.execute(update(Pending).where(
        col(Pending.closed).is_(True), col(Pending.created_at) < before, col(Pending.data) != "",
    ).values(data="")))
    return done


def forget_old_reveals(session: Session, before: datetime) -> int:
    """Drop the phone-reveal log from before ``before``."""
    return _count(session.execute(delete(PhoneReveal).where(
        col(PhoneReveal.created_at) < before)))


def forget_expired_exposures(session: Session, now: datetime) -> int:
    """An expired 曝光台 entry holds no post any more: its full phone is no longer kept (the
    entry stays, named by its post, for the counts)."""
    return _count(session.execute(update(ExposureEntry).where(
        col(ExposureEntry.expires_at) <= now, col(ExposureEntry.phone).is_not(None))
        .values(phone=None)))


# --------------------------------------------------------------------------- reading


@dataclass
class Kept:
    """What lingong keeps about one person, for 「我的信息」 and 「导出我的信息」."""

    person: Person
    identities: list[Identity]
    subscriptions: list[Subscription]
    claims: list[tuple[Claim, Job]]
    posts: list[tuple[Post, list[Job]]]
    roles: list[Officer]
    reveals: list[tuple[PhoneReveal, str, Job | None]]  # their phone shown to (name), when
    messages: list[InboundMessage]


def kept_about(session: Session, person_id: int) -> Kept:
    person = session.get(Person, person_id)
    if person is None:
        raise LookupError(f"no person {person_id}")
    idents = list(session.exec(select(Identity).where(Identity.person_id == person_id)
                               .order_by(col(Identity.id))))
    claims = [(c, j) for c, j in session.exec(
        select(Claim, Job).join(Job, col(Job.id) == Claim.job_id)
        .where(Claim.person_id == person_id).order_by(col(Claim.id)))]
    posts = []
    for post in session.exec(select(Post).where(Post.poster_id == person_id)
                             .order_by(col(Post.id))):
        jobs = list(session.exec(select(Job).where(Job.post_id == post.id)
                                 .order_by(col(Job.id))))
        posts.append((post, jobs))
    reveals = []
    for reveal, name in session.exec(
            select(PhoneReveal, Person.name).join(Person, col(Person.id) ==
                                                  PhoneReveal.shown_to_id)
            .where(PhoneReveal.owner_id == person_id, PhoneReveal.shown_to_id != person_id)
            .order_by(col(PhoneReveal.created_at), col(PhoneReveal.id))):
        job = session.get(Job, reveal.job_id) if reveal.job_id is not None else None
        reveals.append((reveal, name, job))
    accounts = [i.id for i in idents]
    messages = list(session.exec(
        select(InboundMessage).where(col(InboundMessage.sender_id).in_(accounts))
        .order_by(col(InboundMessage.received_at), col(InboundMessage.id)))) if accounts else []
    return Kept(
        person=person,
        identities=idents,
        subscriptions=list(session.exec(
            select(Subscription).where(Subscription.person_id == person_id,
                                       col(Subscription.active).is_(True))
            .order_by(col(Subscription.id)))),
        claims=claims,
        posts=posts,
        roles=list(session.exec(select(Officer).where(Officer.person_id == person_id)
                                .order_by(col(Officer.id)))),
        reveals=reveals,
        messages=messages,
    )
