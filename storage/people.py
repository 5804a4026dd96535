"""People, their platform identities, officers and groups."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.models import Group, Identity, InboundMessage, Officer, Person, Region


def person_for(session: Session, identity_id: str, name: str, private_chat_id: str | None = None
               ) -> Person:
    """The person behind a platform account, created on first sight."""
    ident = session.get(Identity, identity_id)
    if ident is not None:
        person = session.get(Person, ident.person_id)
        assert person is not None
        if private_chat_id and ident.private_chat_id != private_chat_id:
            ident.private_chat_id = private_chat_id
            session.add(ident)
        if name and not ident.display_name:
            # Seeded from settings before they ever spoke: now we know what they are called.
            ident.display_name = name
            session.add(ident)
            if person.name == identity_id.split(":", 1)[1]:
                person.name = name
                session.add(person)
        return person
    person = Person(name=name or identity_id.split(":", 1)[1])
    session.add(person)
    session.flush()
    assert person.id is not None
    session.add(Identity(id=identity_id, person_id=person.id, display_name=name,
                         private_chat_id=private_chat_id))
    session.flush()
    return person


def identities(session: Session, person_id: int) -> list[Identity]:
    return list(session.exec(select(Identity).where(Identity.person_id == person_id)))


def private_chats(session: Session, person_id: int) -> list[str]:
    """Where a private message to this person goes (one per linked platform)."""
    return private_chats_of(session, [person_id]).get(person_id, [])


def private_chats_of(session: Session, person_ids: list[int]) -> dict[int, list[str]]:
    """``private_chats`` of many people in one query."""
    out: dict[int, list[str]] = {}
    if not person_ids:
        return out
    for ident in session.exec(select(Identity).where(col(Identity.person_id).in_(person_ids),
                                                     col(Identity.private_chat_id).is_not(None))
                              .order_by(col(Identity.id))):
        assert ident.private_chat_id is not None
        out.setdefault(ident.person_id, []).append(ident.private_chat_id)
    return out


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
    """The group chat, created on first sight with ``digest_time`` for its morning digest."""
    group = session.get(Group, chat_id)
    if group is None:
        group = Group(chat_id=chat_id, title=title, digest_time=digest_time)
        session.add(group)
        session.flush()
    elif title and group.title != title:
        group.title = title
        session.add(group)
    return group


def officer_regions(session: Session, person_id: int) -> list[str]:
    return list(
        session.exec(select(Officer.region_code).where(Officer.person_id == person_id))
    )


def make_officer(session: Session, person_id: int, region_code: str,
                 appointed_by: int | None = None) -> Officer:
    found = session.exec(
        select(Officer).where(Officer.person_id == person_id, Officer.region_code == region_code)
    ).first()
    if found is not None:
        return found
    officer = Officer(person_id=person_id, region_code=region_code, appointed_by=appointed_by)
    session.add(officer)
    session.flush()
    return officer


def region(session: Session, code: str) -> Region | None:
    return session.get(Region, code)
