"""First messages at once, on the machine's PostgreSQL: a new person's (or a new group's)
first two messages arriving together make one person (one group), and both are handled; the
same update delivered to two webhook workers is handled once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from bot.clock import TZ
from bot.message import Chat, ChatKind, Message, User
from storage import people
from storage.db import make_engine, transaction, upgrade
from storage.models import Group, Identity, InboundMessage, OutboxMessage, Person
from tests.conversation import Conversation

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)
AT_ONCE = 12


def all_at_once(work: Callable[[int], object], n: int = AT_ONCE) -> list[BaseException]:
    start = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait()
            work(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return errors


def rows(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_one_person_and_one_group_however_many_first_transactions_race(pg_url: str) -> None:
    engine = make_engine(pg_url)
    upgrade(engine)

    def first_sight(_: int) -> None:
        with transaction(engine) as session:
            people.person_for(session, "telegram:4242", "老王", "telegram:4242")
            people.group_for(session, "telegram:-1004242", "青天村群")
            # Every transaction has looked before any commits: the race in its widest form.
            time.sleep(0.3)

    try:
        assert all_at_once(first_sight) == []
        with Session(engine) as session:
            assert rows(session, Person) == 1 and rows(session, Identity) == 1
            assert rows(session, Group) == 1
            ident = session.get(Identity, "telegram:4242")
            assert ident is not None and ident.private_chat_id == "telegram:4242"
    finally:
        engine.dispose()


def test_a_new_persons_first_messages_at_once_are_all_handled(pg_url: str) -> None:
    chat = Conversation(db_url=pg_url)
    group = Chat("console:group:新群", ChatKind.GROUP, "新群")

    def say(i: int) -> None:
        outcome = chat.app.dispatcher.handle(Message(
            id=f"console:first{i}", chat=group if i % 2 else Chat(
                "console:dm:新来的", ChatKind.PRIVATE, "新来的"),
            sender=User("console:新来的", "新来的"), date=NOW, text="帮助"))
        assert not outcome.failed and not outcome.spooled and not outcome.duplicate

    try:
        assert all_at_once(say) == []
        with chat.session() as session:
            assert rows(session, InboundMessage) == AT_ONCE
            assert session.exec(select(func.count()).select_from(Identity).where(
                Identity.id == "console:新来的")).one() == 1
            assert session.exec(select(func.count()).select_from(Group).where(
                Group.chat_id == "console:group:新群")).one() == 1
            statuses = set(session.exec(select(InboundMessage.status)).all())
            assert statuses == {"handled"}
    finally:
        chat.close()
        chat.app.engine.dispose()


def test_two_webhook_workers_given_the_same_update_handle_it_once(pg_url: str) -> None:
    """Behind one webhook URL, a load balancer may hand a retried update to another worker
    while the first still works on it: the inbound record makes it once."""
    workers = [Conversation(db_url=pg_url) for _ in range(2)]
    update = Message(id="telegram:-1001:77", chat=Chat("telegram:555", ChatKind.PRIVATE, "老李"),
                     sender=User("telegram:555", "老李"), date=NOW, text="帮助")
    outcomes = []
    try:
        errors = all_at_once(lambda i: outcomes.append(
            workers[i].app.dispatcher.handle(update)), n=2)
        assert errors == []
        assert sorted(o.duplicate for o in outcomes) == [False, True]
        with workers[0].session() as session:
            assert rows(session, InboundMessage) == 1
            assert session.exec(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.chat_id == "telegram:555")).one() == 1
    finally:
        for w in workers:
            w.close()
            w.app.engine.dispose()
