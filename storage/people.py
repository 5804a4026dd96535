"""People, their platform identities, officers and groups."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, event, func
from sqlalchemy import select as core_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, SessionTransaction
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel, col, select

from storage.db import any_of, held_as_read, read
from storage.models import Group, Identity, InboundMessage, Officer, Person, Region


def insert_unless_exists(session: Session, row: SQLModel, key: list[str]) -> bool:
    """``INSERT … ON CONFLICT (key) DO NOTHING`` of ``row``'s columns: True if it went in, False
    if a row with that key exists — also one that a concurrent transaction was inserting and
    then committed (PostgreSQL waits for it), where a plain INSERT would fail the message."""
    table = row.__table__  # type: ignore[attr-defined]
    values = {c.name: getattr(row, c.name) for c in table.columns
              if getattr(row, c.name) is not None}
    return insert_values_unless_exists(session, table, values, key)


def insert_values_unless_exists(session: Session, table: Table, values: dict[str, Any],
                                key: list[str]) -> bool:
    """``insert_unless_exists`` of a row's column values (without making the model object)."""
    dialect = session.get_bind().dialect.name
    statement = _INSERTS.get((dialect, table.name, tuple(key)))
    if statement is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        # RETURNING, not rowcount: the driver's rowcount for this statement is not to be
        # trusted. The values go as parameters: the statement is made and compiled once.
        statement = insert(table).on_conflict_do_nothing(index_elements=key).returning(
            table.c[key[0]])
        _INSERTS[(dialect, table.name, tuple(key))] = statement
    return session.execute(statement, values).first() is not None


_INSERTS: dict[tuple[str, str, tuple[str, ...]], Any] = {}

# ``session.info`` key: the people whose first private chat this transaction recorded (the bot
# can reach them from now on, so what waited for them can go out: held posts to an officer).
NEWLY_REACHABLE = "lingong.newly_reachable"


def _now_reachable(session: Session, person_id: int | None) -> None:
    if person_id is not None:
        session.info.setdefault(NEWLY_REACHABLE, set()).add(person_id)


def newly_reachable(session: Session) -> set[int]:
    """The people who became reachable privately in this transaction (read once)."""
    found: set[int] = session.info.pop(NEWLY_REACHABLE, set())
    return found


def person_for(session: Session, identity_id: str, name: str, private_chat_id: str | None = None
               ) -> Person:
    """The person behind a platform account, created on first sight (race-free: two first
    messages of a new person at once make one person)."""
    ident = session.get(Identity, identity_id)
    if ident is None:
        new = Person(name=name or identity_id.split(":", 1)[1])
        session.add(new)
        session.flush()
        assert new.id is not None
        if insert_unless_exists(session, Identity(id=identity_id, person_id=new.id,
                                                  display_name=name,
                                                  private_chat_id=private_chat_id), ["id"]):
            if private_chat_id:
                _now_reachable(session, new.id)
            return new
        # Another message of theirs created the account first: use its person, not ours.
        session.delete(new)
        session.flush()
        ident = session.get(Identity, identity_id)
        assert ident is not None
    person = session.get(Person, ident.person_id)
    assert person is not None
    _update_identity(session, ident, person, identity_id, name, private_chat_id)
    return person


def _update_identity(session: Session, ident: Identity, person: Person, identity_id: str,
                     name: str, private_chat_id: str | None) -> None:
    """What a message tells of an account already known: its private chat, its name."""
    if private_chat_id and ident.private_chat_id != private_chat_id:
        if ident.private_chat_id is None:
            _now_reachable(session, person.id)
        ident.private_chat_id = private_chat_id
        session.add(ident)
    if name and not ident.display_name:
        # Seeded from settings before they ever spoke: now we know what they are called.
        ident.display_name = name
        session.add(ident)
        if person.name == identity_id.split(":", 1)[1]:
            person.name = name
            session.add(person)


# Made once (a statement built per message costs more CPU than its round trip).
_SENDER = (select(Identity, Person).join(Person, col(Person.id) == Identity.person_id)
           .where(col(Identity.id) == bindparam("identity")))
_SENDER_IN_GROUP = (select(Identity, Person, Group)
                    .join(Person, col(Person.id) == Identity.person_id)
                    .join(Group, col(Group.chat_id) == bindparam("chat"))
                    .where(col(Identity.id) == bindparam("identity")))


@dataclass(frozen=True)
class Sender:
    """What ``record_with_sender`` read of a message's sender and group (None: not known). The
    account is its columns, made a model object only when the message changes it."""

    identity: dict[str, Any] | None
    person: Person | None
    group: Group | None


def record_with_sender(session: Session, table: Table, values: dict[str, Any],
                       identity_id: str, group_chat_id: str | None) -> Sender | None:
    """PostgreSQL: ``insert_values_unless_exists`` of an inbound message (its columns in
    ``values``, all of them, None for NULL) and what ``sender_and_group`` reads, in one
    statement (an INSERT in a WITH, the sender and group joined to what it returned): every
    message costs one round trip fewer (issue 12). None when the message was recorded before
    (nothing is read then). Run as Core columns on the session's connection, the person and the
    group held as if loaded (``held_as_read``) and the account left as columns: the ORM's
    execution and loading of three objects were the most costly single statement of a
    message (about 550 µs of CPU, issue 12). The first statement of its transaction: nothing
    is pending, and the table written is no one's remembered reading."""
    in_group = group_chat_id is not None
    statement = _RECORD_WITH_SENDER.get((table.name, in_group))
    if statement is None:
        statement = _RECORD_WITH_SENDER[(table.name, in_group)] = _record_with_sender(
            table, in_group)
    params = {f"new_{k}": v for k, v in values.items()}
    params.update(identity=identity_id, chat=group_chat_id)
    session.flush()  # what was pending goes first, as a query through the session does
    row = session.connection().execute(statement, params).first()
    if row is None:
        return None
    identity = person = group = None
    at = 1 + len(_ID_COLUMNS)
    if row[1] is not None:
        identity = dict(zip(_ID_COLUMNS, row[1:at], strict=True))
    if row[at] is not None:
        person = held_as_read(session, Person, dict(
            zip(_PERSON_COLUMNS, row[at:at + len(_PERSON_COLUMNS)], strict=True)))
    at += len(_PERSON_COLUMNS)
    if in_group and row[at] is not None:
        group = held_as_read(session, Group, dict(zip(_GROUP_COLUMNS, row[at:], strict=True)))
    return Sender(identity, person, group)


_IDENTITY_T: Table = Identity.__table__  # type: ignore[attr-defined]
_PERSON_T: Table = Person.__table__  # type: ignore[attr-defined]
_GROUP_T: Table = Group.__table__  # type: ignore[attr-defined]
_ID_COLUMNS = tuple(c.name for c in _IDENTITY_T.columns)
_PERSON_COLUMNS = tuple(c.name for c in _PERSON_T.columns)
_GROUP_COLUMNS = tuple(c.name for c in _GROUP_T.columns)


def _record_with_sender(table: Table, in_group: bool) -> Any:
    recorded = (postgresql.insert(table)
                .values({c.name: bindparam(f"new_{c.name}", type_=c.type) for c in table.columns})
                .on_conflict_do_nothing(index_elements=[table.c.id])
                .returning(table.c.id).cte("recorded"))
    # Every column of the account, the person and the group, in the tables' order (read by
    # position: the three share column names).
    statement = (core_select(recorded.c.id, *_IDENTITY_T.columns, *_PERSON_T.columns,
                             *(_GROUP_T.columns if in_group else ()))
                 .select_from(recorded)
                 .outerjoin(_IDENTITY_T, _IDENTITY_T.c.id == bindparam("identity"))
                 .outerjoin(_PERSON_T, _PERSON_T.c.id == _IDENTITY_T.c.person_id))
    if in_group:
        statement = statement.outerjoin(_GROUP_T, _GROUP_T.c.chat_id == bindparam("chat"))
    return statement


_RECORD_WITH_SENDER: dict[tuple[str, bool], Any] = {}


def sender_and_group(session: Session, identity_id: str, name: str,
                     private_chat_id: str | None, group_chat_id: str | None, title: str,
                     digest_time: str = "07:30", known: Sender | None = None
                     ) -> tuple[Person, Group | None]:
    """``person_for`` and (for a group message) ``group_for`` of one inbound message in one
    query when both are known, as they are for all but a first message; a new person or a new
    group takes the longer way. ``known``: what ``record_with_sender`` read of them."""
    if known is not None:
        return _sender_known(session, known, identity_id, name, private_chat_id,
                             group_chat_id, title, digest_time)
    found: tuple[Identity, Person, Group | None] | None = None
    if group_chat_id is None:
        row = session.execute(_SENDER, {"identity": identity_id}).first()
        if row is not None:
            found = (row[0], row[1], None)
    else:
        row = session.execute(_SENDER_IN_GROUP, {"identity": identity_id,
                                                 "chat": group_chat_id}).first()
        if row is not None:
            found = (row[0], row[1], row[2])
    if found is None:
        person = person_for(session, identity_id, name, private_chat_id)
        group = None if group_chat_id is None else group_for(session, group_chat_id, title,
                                                             digest_time)
        return person, group
    ident, person, group = found
    _update_identity(session, ident, person, identity_id, name, private_chat_id)
    if group is not None and title and group.title != title:
        group.title = title
        session.add(group)
    return person, group


def _sender_known(session: Session, known: Sender, identity_id: str, name: str,
                  private_chat_id: str | None, group_chat_id: str | None, title: str,
                  digest_time: str) -> tuple[Person, Group | None]:
    """``sender_and_group`` from what was read with the message's record: a new person or a
    new group (each apart) takes the longer way."""
    if known.identity is None or known.person is None:
        person = person_for(session, identity_id, name, private_chat_id)
    else:
        person = known.person
        account = known.identity
        if (private_chat_id and account["private_chat_id"] != private_chat_id) or (
                name and not account["display_name"]):
            # Something to write of the account: as its model object, as read.
            _update_identity(session, held_as_read(session, Identity, account), person,
                             identity_id, name, private_chat_id)
    if group_chat_id is None:
        return person, None
    group = known.group
    if group is None:
        return person, group_for(session, group_chat_id, title, digest_time)
    if title and group.title != title:
        group.title = title
        session.add(group)
    return person, group


def identities(session: Session, person_id: int) -> list[Identity]:
    return list(session.exec(select(Identity).where(Identity.person_id == person_id)))


def private_chats(session: Session, person_id: int) -> list[str]:
    """Where a private message to this person goes (one per linked platform)."""
    return private_chats_of(session, [person_id]).get(person_id, [])


def private_chats_of(session: Session, person_ids: list[int]) -> dict[int, list[str]]:
    """``private_chats`` of many people in one query; asked again in the same transaction (a
    claim asks for the claimer, the consent note, the reveal), only for people not asked yet."""
    if any(isinstance(obj, Identity) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.flush()  # an account changed and is not written yet: written, and forgotten
    known: dict[int, list[str]] = session.info.setdefault(_PRIVATE_CHATS, {})
    missing = sorted({pid for pid in person_ids if pid not in known})
    if missing:
        for pid in missing:
            known[pid] = []
        for person_id, chat_id in read(session, _PRIVATE_OF, {"people": missing}):
            known[person_id].append(chat_id)
    return {pid: list(known[pid]) for pid in person_ids if known.get(pid)}


# Columns, not the model's objects: a read on nearly every message, and rows cost about half
# the CPU of objects (issue 12).
_IDENTITY: Table = Identity.__table__  # type: ignore[attr-defined]
_PRIVATE_OF = (core_select(_IDENTITY.c.person_id, _IDENTITY.c.private_chat_id)
               .where(any_of(_IDENTITY.c.person_id, "people"),
                      _IDENTITY.c.private_chat_id.is_not(None))
               .order_by(_IDENTITY.c.id))

# What private_chats_of found in this transaction; forgotten when the transaction ends and
# whenever an identity is written (an account linked, a private chat seen, an erasure).
_PRIVATE_CHATS = "people.private_chats"


@event.listens_for(OrmSession, "after_flush")
def _identities_flushed(session: OrmSession, _context: Any) -> None:
    if _PRIVATE_CHATS in session.info and any(
            isinstance(obj, Identity)
            for obj in (*session.new, *session.dirty, *session.deleted)):
        del session.info[_PRIVATE_CHATS]


@event.listens_for(OrmSession, "do_orm_execute")
def _identities_written(state: ORMExecuteState) -> None:
    if _PRIVATE_CHATS not in state.session.info or state.is_select:
        return
    table = getattr(state.statement, "table", None)
    if table is None or getattr(table, "name", None) == Identity.__tablename__:
        del state.session.info[_PRIVATE_CHATS]


@event.listens_for(OrmSession, "after_transaction_end")
def _transaction_ended(session: OrmSession, transaction: SessionTransaction) -> None:
    # A flush's own inner transaction ends too: that is not the end of anything.
    if transaction.nested or transaction.parent is None:
        session.info.pop(_PRIVATE_CHATS, None)


def people_named(session: Session, name: str) -> list[Person]:
    """Everyone called ``name``, oldest first (names are not unique: callers narrow down)."""
    return list(session.exec(select(Person).where(Person.name == name).order_by(col(Person.id))))


def spoke_in(session: Session, person_id: int, chat_ids: set[str]) -> bool:
    """Whether any of the person's accounts ever wrote in one of ``chat_ids``."""
    if not chat_ids:
        return False
    ids = [i.id for i in identities(session, person_id)]
    return session.exec(
        select(InboundMessage.id).where(col(InboundMessage.sender_id).in_(ids),
                                        col(InboundMessage.chat_id).in_(chat_ids)).limit(1)
    ).first() is not None


def spoke_in_any_group(session: Session, person_id: int) -> bool:
    ids = [i.id for i in identities(session, person_id)]
    return session.exec(
        select(InboundMessage.id).join(Group, col(Group.chat_id) == InboundMessage.chat_id)
        .where(col(InboundMessage.sender_id).in_(ids)).limit(1)
    ).first() is not None


def author_of(session: Session, message_id: str) -> Person | None:
    """Who wrote an inbound message (to act on someone by replying to what they said)."""
    inbound = session.get(InboundMessage, message_id)
    ident = session.get(Identity, inbound.sender_id) if inbound is not None else None
    return session.get(Person, ident.person_id) if ident is not None else None


def group_for(session: Session, chat_id: str, title: str, digest_time: str = "07:30") -> Group:
    """The group chat, created on first sight with ``digest_time`` for its morning digest
    (race-free: two first messages in a new group at once make one group)."""
    group = session.get(Group, chat_id)
    if group is None:
        insert_unless_exists(session, Group(chat_id=chat_id, title=title,
                                            digest_time=digest_time), ["chat_id"])
        group = session.get(Group, chat_id)
        assert group is not None
    if title and group.title != title:
        group.title = title
        session.add(group)
    return group


def officer_regions(session: Session, person_id: int) -> list[str]:
    return list(read(session, _OFFICER_REGIONS, {"person": person_id}).scalars())


# Asked whenever someone can first be reached privately (what waited for an officer): made
# once, a read of columns.
_OFFICER_REGIONS = select(Officer.region_code).where(col(Officer.person_id) == bindparam("person"))


def make_officer(session: Session, person_id: int, region_code: str,
                 appointed_by: int | None = None) -> Officer:
    """Idempotent, and race-free (two processes seeding the configured officers at once)."""
    insert_unless_exists(session, Officer(person_id=person_id, region_code=region_code,
                                          appointed_by=appointed_by),
                         ["person_id", "region_code"])
    found = session.exec(
        select(Officer).where(Officer.person_id == person_id, Officer.region_code == region_code)
    ).one()
    return found


def county_officers(session: Session) -> list[int]:
    """Person ids of the officers of a whole county (``[bot] county_officers`` and those a
    county officer appointed for the county)."""
    return list(session.exec(
        select(Officer.person_id).join(Region, col(Region.code) == Officer.region_code)
        .where(Region.level == "county").distinct().order_by(col(Officer.person_id))
    ))


def failed_since(session: Session, since: datetime) -> int:
    """How many messages the bot could not handle since ``since``."""
    return session.exec(
        select(func.count()).select_from(InboundMessage).where(
            InboundMessage.status == "failed", col(InboundMessage.received_at) >= since)
    ).one()


def region(session: Session, code: str) -> Region | None:
    return session.get(Region, code)


def failed_messages(session: Session, limit: int = 50) -> list[InboundMessage]:
    """The messages the bot could not handle, newest first."""
    return list(session.exec(
        select(InboundMessage).where(InboundMessage.status == "failed")
        .order_by(col(InboundMessage.received_at).desc()).limit(limit)
    ))
