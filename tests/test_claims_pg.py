"""The headcount invariant under concurrency, on the machine's PostgreSQL: 50 people claim a
3-person job at the same moment; exactly 3 are confirmed and 47 wait in line."""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from bot.clock import TZ
from bot.message import Chat, ChatKind, Message, User
from storage import jobs as store
from storage.db import make_engine, transaction, upgrade
from storage.models import Claim, Job
from tests.conversation import Conversation
from tests.storage_helpers import open_job_with_workers

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)
PEOPLE = 50
HEADCOUNT = 3


def _all_at_once(work: list[threading.Thread], start: threading.Barrier) -> None:
    for t in work:
        t.start()
    for t in work:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in work)
    assert start.broken is False


def test_fifty_claims_through_the_storage_layer(pg_url: str) -> None:
    engine = make_engine(pg_url)
    upgrade(engine)
    job_id, worker_ids = open_job_with_workers(engine, HEADCOUNT, PEOPLE, NOW)
    start = threading.Barrier(PEOPLE)
    results: list[str] = []
    errors: list[BaseException] = []

    def claim(person_id: int) -> None:
        try:
            start.wait()
            with transaction(engine) as session:
                results.append(store.claim_job(session, job_id, person_id, 1, NOW).status)
        except BaseException as exc:
            errors.append(exc)

    _all_at_once([threading.Thread(target=claim, args=(pid,)) for pid in worker_ids if pid],
                 start)
    assert errors == []
    assert sorted(results).count("confirmed") == HEADCOUNT
    assert sorted(results).count("waitlisted") == PEOPLE - HEADCOUNT
    with Session(engine) as session:
        row = session.get(Job, job_id)
        assert row is not None and row.confirmed == HEADCOUNT and row.status == "filled"
        total = session.exec(select(func.sum(Claim.count)).where(
            Claim.job_id == job_id, Claim.status == "confirmed")).one()
        assert total == HEADCOUNT
    engine.dispose()


def test_fifty_button_presses_through_the_bot(pg_url: str) -> None:
    """The same, end to end: 50 people press 报名 on the group card in the same instant."""
    chat = Conversation(db_url=pg_url)
    try:
        chat.say("@group 青天村群 木鱼镇\n"
                 "老张@青天村群: 明天要3个搬运工，150一天，木鱼镇青天村，电话13812345678")
        [job] = chat.jobs()
        start = threading.Barrier(PEOPLE)
        errors: list[BaseException] = []

        def press(i: int) -> None:
            message = Message(
                id=f"console:press{i}", chat=Chat("console:group:青天村群", ChatKind.GROUP,
                                                   "青天村群"),
                sender=User(f"console:工人{i}", f"工人{i}"), date=NOW, text="",
                button_data=f"claim:{job['id']}", content_kind="button")
            try:
                start.wait()
                outcome = chat.app.dispatcher.handle(message)
                assert not outcome.failed
            except BaseException as exc:
                errors.append(exc)

        _all_at_once([threading.Thread(target=press, args=(i,)) for i in range(PEOPLE)], start)
        assert errors == []
        [after] = chat.jobs()
        statuses = [c["status"] for c in after["claims"]]
        assert statuses.count("confirmed") == HEADCOUNT
        assert statuses.count("waitlisted") == PEOPLE - HEADCOUNT
        assert after["status"] == "filled"
    finally:
        chat.close()
        chat.app.engine.dispose()
