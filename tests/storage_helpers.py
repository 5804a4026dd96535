"""Rows tests of the storage layer start from, made through its own query functions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from storage import jobs as store
from storage.db import transaction
from storage.models import Person


def open_job_with_workers(engine: Engine, headcount: int, workers: int,
                          now: datetime) -> tuple[int, list[int]]:
    """An open 搬运工 job in 木鱼镇 for ``headcount`` and ``workers`` people to claim it."""
    with transaction(engine) as session:
        poster = Person(name="老张")
        session.add(poster)
        session.flush()
        assert poster.id is not None
        post = store.create_post(session, source_message_id="console:m1", chat_id="console:g",
                                 poster_id=poster.id, text="要搬运工", now=now)
        job = store.create_job(session, post, {"work_type": "搬运工", "headcount": headcount,
                                               "wage_min": 150, "township": "木鱼镇"},
                               region_code="429021102", status="open", now=now,
                               undated_days=3)
        people = [Person(name=f"工人{i}") for i in range(workers)]
        session.add_all(people)
        session.flush()
        assert job.id is not None
        return job.id, [p.id or 0 for p in people]
