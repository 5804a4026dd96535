"""A person's 星级 and record, in the few words shown where the other side decides: beside a
claimer's name in the employer's note, and on an employer's cards once they have a history.

Fewer than ``MIN_RATINGS`` ratings show as 「新人」, never as a low score."""

from __future__ import annotations

from sqlalchemy.orm import object_session
from sqlmodel import Session

from storage import aftercare as store
from storage.models import Job, Person


def _stars(record: store.Record) -> str:
    if record.ratings < store.MIN_RATINGS or record.average is None:
        return "新人"
    return f"★{record.average:.1f}"


def worker_line(session: Session, person_id: int) -> str:
    """「★4.8 · 做过12次」, 「新人 · 做过2次」 or 「新人」: a worker beside their name."""
    person = session.get(Person, person_id)
    if person is None:
        return ""
    record = store.worker_record(session, person_id, person.no_shows)
    parts = [_stars(record)]
    if record.jobs:
        parts.append(f"做过{record.jobs}次")
    if record.no_shows:
        parts.append(f"没来{record.no_shows}次")
    return " · ".join(parts)


def employer_line(session: Session, person_id: int) -> str:
    """「★4.6 · 用工12次 · 按时结清 11/12」 once the employer has a history; else ""."""
    record = store.employer_record(session, person_id)
    if not record.answered:
        return ""
    return (f"{_stars(record)} · 用工{record.jobs}次 · "
            f"按时结清 {record.paid_on_time}/{record.answered}")


def card_line(job: Job) -> str:
    """The employer's record for a job card (「老板：★4.6 · …」), or "" with no history."""
    session = object_session(job)
    if session is None or not isinstance(session, Session):
        return ""
    line = employer_line(session, job.poster_id)
    return f"老板：{line}" if line else ""
