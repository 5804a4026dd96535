"""The records read together (issue 12: a new subscriber's pushes, a sender's round and a claim
read every employer's and the claimer's record in one statement) say what the records read one
by one say: ratings of each side apart, answered wage checks only, paid on time, no history."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import Session

from bot.clock import TZ
from storage import aftercare, people
from storage import jobs as store
from storage.db import make_engine, transaction, upgrade
from storage.models import Post, Rating, WageCheck

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)
DAY = date(2026, 11, 25)


@pytest.fixture
def url(either_url: str) -> str:
    return either_url


def test_records_read_together_are_the_records_read_one_by_one(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    try:
        with transaction(engine) as s:
            ids = [people.person_for(s, f"console:p{i}", f"人{i}").id for i in range(5)]
            boss, boss2, hand, hand2, quiet = (pid or 0 for pid in ids)
            post = Post(source_message_id="console:m1", chat_id="console:g", poster_id=boss,
                        text="招工", created_at=NOW)
            s.add(post)
            s.flush()
            jobs = [store.create_job(s, post, {"work_type": "搬运工", "headcount": 3},
                                     region_code=None, status="open", now=NOW,
                                     undated_days=3).id or 0 for _ in range(4)]
            # boss: two jobs checked (one paid on time, one paid after a case, one worker
            # unpaid, one still asked), rated by workers; boss2 only rated, by an employer
            # too (that rating is of boss2 as a worker)
            for job, worker, status, opened in (
                    (jobs[0], hand, "paid", None), (jobs[0], hand2, "unpaid", NOW),
                    (jobs[1], hand, "paid", NOW), (jobs[2], hand2, "asked", None),
                    (jobs[3], hand2, "advanced", NOW)):
                s.add(WageCheck(job_id=job, worker_id=worker, employer_id=boss, status=status,
                                last_day=DAY, due_on=DAY, asked_at=NOW, opened_at=opened))
            for job, rater, ratee, side, stars in (
                    (jobs[0], hand, boss, "worker", 5), (jobs[1], hand, boss, "worker", 4),
                    (jobs[0], hand2, boss2, "worker", 2), (jobs[0], boss, hand, "employer", 5),
                    (jobs[1], boss, hand, "employer", 3), (jobs[2], boss, boss2, "employer", 4)):
                s.add(Rating(job_id=job, rater_id=rater, ratee_id=ratee, side=side,
                             stars=stars, created_at=NOW))
        with Session(engine) as s:
            everyone = {boss, boss2, hand, hand2, quiet}
            bosses, hands = aftercare.records_of(s, everyone, {p: p % 3 for p in everyone})
            for pid in everyone:
                assert bosses[pid] == aftercare.employer_record(s, pid), pid
                assert hands[pid] == aftercare.worker_record(s, pid, pid % 3), pid
            assert aftercare.employer_records(s, {boss, quiet}) == {
                boss: aftercare.employer_record(s, boss),
                quiet: aftercare.employer_record(s, quiet)}
            # what was set up is really there: the comparison is not of empty records
            assert bosses[boss].answered == 4 and bosses[boss].paid_on_time == 1
            assert bosses[boss].jobs == 3 and bosses[boss2].ratings == 1
            assert hands[hand].ratings == 2 and hands[hand2].jobs == 2  # asked is no answer
            assert bosses[quiet] == aftercare.Record(0, None, 0, 0, 0)
            assert aftercare.records_of(s, set(), {}) == ({}, {})
    finally:
        engine.dispose()
