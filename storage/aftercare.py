"""After the gig: wage checks and cases, ratings, complaints and their history (queries)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, case, distinct, func, literal, union_all
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from storage.db import any_of, one_of, read
from storage.models import CaseEvent, Claim, Complaint, Job, Rating, WageCheck

ANSWERED = ("paid", "unpaid", "advanced")  # the worker went and said how the pay went
MIN_RATINGS = 3  # fewer than this: 「新人」, never a score
COMPLAINT_OPEN = ("accepted", "mediating")
RATE_DAYS = 7  # a rating question stays answerable this long
TZ = ZoneInfo("Asia/Shanghai")  # people's days


def last_work_day(job: Job) -> date | None:
    """The job's last work day: its date plus its duration; undated jobs end when they
    expire."""
    if job.start_date is not None:
        return job.start_date + timedelta(days=max(job.duration_days or 1, 1) - 1)
    if job.expires_at is not None:
        return job.expires_at.astimezone(TZ).date()
    return None


def settle_due(job: Job, last_day: date) -> date:
    """When the pay the post promised is overdue: 日结 the next day, 月结 the month's end,
    完工结 (or nothing said) three days after the work."""
    if job.settlement == "daily":
        return last_day + timedelta(days=1)
    if job.settlement == "monthly":
        end = calendar.monthrange(last_day.year, last_day.month)[1]
        return last_day.replace(day=end)
    return last_day + timedelta(days=3)


def jobs_ending_between(session: Session, first: date, last: date) -> list[Job]:
    """Jobs with confirmed workers whose last work day is in [first, last]."""
    dated = select(Job).where(col(Job.status).in_(("open", "filled", "expired")),
                              col(Job.confirmed) > 0,
                              col(Job.start_date).is_not(None),
                              col(Job.start_date) <= last,
                              col(Job.start_date) >= first - timedelta(days=62))
    undated = select(Job).where(col(Job.status).in_(("open", "filled", "expired")),
                                col(Job.confirmed) > 0, col(Job.start_date).is_(None),
                                col(Job.expires_at).is_not(None))
    out = []
    for job in [*session.exec(dated), *session.exec(undated)]:
        day = last_work_day(job)
        if day is not None and first <= day <= last:
            out.append(job)
    return sorted(out, key=lambda j: j.id or 0)


def confirmed_claims(session: Session, job_id: int) -> list[Claim]:
    return list(session.exec(select(Claim).where(Claim.job_id == job_id,
                                                 Claim.status == "confirmed")
                             .order_by(col(Claim.id))))


def check_for(session: Session, job_id: int, worker_id: int) -> WageCheck | None:
    return session.exec(select(WageCheck).where(WageCheck.job_id == job_id,
                                                WageCheck.worker_id == worker_id)).first()


def checks_of_worker(session: Session, worker_id: int, statuses: tuple[str, ...]
                     ) -> list[WageCheck]:
    return list(session.exec(select(WageCheck).where(
        WageCheck.worker_id == worker_id, col(WageCheck.status).in_(statuses))
        .order_by(col(WageCheck.id))))


def checks_of_employer(session: Session, employer_id: int) -> list[WageCheck]:
    return list(session.exec(select(WageCheck).where(WageCheck.employer_id == employer_id)
                             .order_by(col(WageCheck.id))))


def open_cases(session: Session) -> list[WageCheck]:
    return list(session.exec(select(WageCheck).where(WageCheck.status == "unpaid")
                             .order_by(col(WageCheck.id))))


def add_event(session: Session, kind: str, case_id: int, status: str, now: datetime, *,
              by_id: int | None = None, note: str = "", via: str = "chat") -> None:
    session.add(CaseEvent(case_kind=kind, case_id=case_id, status=status, by_id=by_id,
                          note=note, via=via, created_at=now))


def history(session: Session, kind: str, case_id: int) -> list[CaseEvent]:
    return list(session.exec(select(CaseEvent).where(CaseEvent.case_kind == kind,
                                                     CaseEvent.case_id == case_id)
                             .order_by(col(CaseEvent.created_at), col(CaseEvent.id))))


# --------------------------------------------------------------------------- ratings


def rating_of(session: Session, job_id: int, rater_id: int, ratee_id: int) -> Rating | None:
    return session.exec(select(Rating).where(Rating.job_id == job_id,
                                             Rating.rater_id == rater_id,
                                             Rating.ratee_id == ratee_id)).first()


def latest_rating_by(session: Session, rater_id: int) -> Rating | None:
    return session.exec(select(Rating).where(Rating.rater_id == rater_id)
                        .order_by(col(Rating.created_at).desc(), col(Rating.id).desc())).first()


def ratings_given(session: Session, rater_id: int) -> list[Rating]:
    return list(session.exec(select(Rating).where(Rating.rater_id == rater_id)
                             .order_by(col(Rating.id))))


def ratings_received(session: Session, ratee_id: int) -> list[Rating]:
    return list(session.exec(select(Rating).where(Rating.ratee_id == ratee_id)
                             .order_by(col(Rating.id))))


@dataclass(frozen=True)
class Record:
    """A person's history on one side: how many ratings and their average; jobs done (a
    worker) or wage checks answered and paid on time (an employer)."""

    ratings: int
    average: float | None
    jobs: int
    paid_on_time: int
    answered: int
    no_shows: int = 0


def _ratings(side: str) -> tuple[Any, Any]:
    """Count and average of the ratings a person (``person``) got from ``side``, as
    subqueries."""
    rated = (col(Rating.ratee_id) == bindparam("person"), col(Rating.side) == side)
    return (core_select(func.count()).where(*rated).scalar_subquery(),
            core_select(func.avg(Rating.stars)).where(*rated).scalar_subquery())


# Read for every notice and card that shows a record: each one statement, made once, run as
# a read of columns (``storage.db.read``).
_WORKER_RECORD = core_select(*_ratings("employer"), core_select(func.count()).where(
    col(WageCheck.worker_id) == bindparam("person"), one_of(col(WageCheck.status), ANSWERED)
).scalar_subquery())
_CHECKS = core_select(col(WageCheck.job_id), col(WageCheck.status),
                      col(WageCheck.opened_at)).where(
    col(WageCheck.employer_id) == bindparam("person"),
    one_of(col(WageCheck.status), ANSWERED)).subquery()
_EMPLOYER_RECORD = core_select(*_ratings("worker"), core_select(
    func.count(), func.count(distinct(_CHECKS.c.job_id)),
    func.coalesce(func.sum(case((and_(_CHECKS.c.status == "paid",
                                      _CHECKS.c.opened_at.is_(None)), 1), else_=0)), 0)
).select_from(_CHECKS).subquery())


# ``employer_record`` of several people and ``worker_record`` of others in one statement:
# ratings and answered wage checks, grouped by person and part (none of a part: no row).
_EMPLOYERS = "employers"  # the lists' parameters (storage.db.any_of)
_WORKERS = "workers"


def _rated(people: str, side: str, part: str) -> Any:
    return (core_select(col(Rating.ratee_id).label("person"), literal(part).label("part"),
                        func.count().label("a"), func.avg(Rating.stars).label("b"),
                        literal(0).label("c"))
            .where(any_of(col(Rating.ratee_id), people), col(Rating.side) == side)
            .group_by(col(Rating.ratee_id)))


_RECORDS = union_all(
    _rated(_EMPLOYERS, "worker", "employer rated"),
    core_select(col(WageCheck.employer_id), literal("employer checks"), func.count(),
                func.count(distinct(col(WageCheck.job_id))),
                func.coalesce(func.sum(case((and_(col(WageCheck.status) == "paid",
                                                  col(WageCheck.opened_at).is_(None)), 1),
                                            else_=0)), 0))
    .where(any_of(col(WageCheck.employer_id), _EMPLOYERS), one_of(col(WageCheck.status), ANSWERED))
    .group_by(col(WageCheck.employer_id)),
    _rated(_WORKERS, "employer", "worker rated"),
    core_select(col(WageCheck.worker_id), literal("worker checks"), func.count(), literal(0),
                literal(0))
    .where(any_of(col(WageCheck.worker_id), _WORKERS), one_of(col(WageCheck.status), ANSWERED))
    .group_by(col(WageCheck.worker_id)))


def records_of(session: Session, employers: set[int], workers: dict[int, int]
               ) -> tuple[dict[int, Record], dict[int, Record]]:
    """``employer_record`` of each of ``employers`` and ``worker_record`` of each of
    ``workers`` (person → no-shows), in one statement however many."""
    bosses = {pid: Record(0, None, 0, 0, 0) for pid in employers}
    hands = {pid: Record(0, None, 0, 0, 0, no_shows) for pid, no_shows in workers.items()}
    if not employers and not workers:
        return bosses, hands
    for pid, part, a, b, c in read(session, _RECORDS, {"employers": sorted(employers),
                                                       "workers": sorted(workers)}):
        found = bosses if part.startswith("employer") else hands
        old = found[pid]
        if part.endswith("rated"):
            found[pid] = replace(old, ratings=int(a),
                                 average=float(b) if b is not None else None)
        elif found is bosses:
            found[pid] = replace(old, answered=int(a), jobs=int(b), paid_on_time=int(c))
        else:
            found[pid] = replace(old, jobs=int(a))
    return bosses, hands


def employer_records(session: Session, person_ids: set[int]) -> dict[int, Record]:
    """``employer_record`` of each of ``person_ids``, in one statement however many."""
    return records_of(session, person_ids, {})[0]


def worker_record(session: Session, person_id: int, no_shows: int) -> Record:
    ratings, average, jobs = read(session, _WORKER_RECORD, {"person": person_id}).one()
    return Record(int(ratings), float(average) if average is not None else None, int(jobs),
                  0, 0, no_shows)


def employer_record(session: Session, person_id: int) -> Record:
    ratings, average, total, jobs, paid = read(
        session, _EMPLOYER_RECORD, {"person": person_id}).one()
    return Record(int(ratings), float(average) if average is not None else None, int(jobs),
                  int(paid), int(total))


# --------------------------------------------------------------------------- complaints


def complaints_by(session: Session, person_id: int) -> list[Complaint]:
    return list(session.exec(select(Complaint).where(Complaint.complainant_id == person_id)
                             .order_by(col(Complaint.id))))


def complaints_since(session: Session, person_id: int, since: datetime) -> int:
    return int(session.exec(select(func.count()).where(
        Complaint.complainant_id == person_id, col(Complaint.created_at) >= since)).one())


def all_complaints(session: Session, statuses: tuple[str, ...] | None = None
                   ) -> list[Complaint]:
    query = select(Complaint).order_by(col(Complaint.id))
    if statuses is not None:
        query = query.where(col(Complaint.status).in_(statuses))
    return list(session.exec(query))


def all_checks(session: Session, since: datetime | None = None,
               until: datetime | None = None) -> list[WageCheck]:
    query = select(WageCheck).order_by(col(WageCheck.id))
    if since is not None:
        query = query.where(col(WageCheck.asked_at) >= since)
    if until is not None:
        query = query.where(col(WageCheck.asked_at) < until)
    return list(session.exec(query))


def all_ratings(session: Session, since: datetime | None = None,
                until: datetime | None = None) -> list[tuple[Rating, str | None]]:
    """Ratings with the place of their job."""
    query = select(Rating, Job.region_code).join(Job, col(Job.id) == Rating.job_id)
    if since is not None:
        query = query.where(col(Rating.created_at) >= since)
    if until is not None:
        query = query.where(col(Rating.created_at) < until)
    return [(r, code) for r, code in session.exec(query.order_by(col(Rating.id)))]


def complaints_between(session: Session, since: datetime | None = None,
                       until: datetime | None = None) -> list[Complaint]:
    query = select(Complaint).order_by(col(Complaint.id))
    if since is not None:
        query = query.where(col(Complaint.created_at) >= since)
    if until is not None:
        query = query.where(col(Complaint.created_at) < until)
    return list(session.exec(query))
