"""The 曝光台 (exposure board) and the boards' posting schedule (queries)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Table, bindparam, cast, null, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from storage.db import any_of, read
from storage.models import BoardSchedule, ExposureEntry, Group

LIVE = ("pending", "appealed", "upheld")  # not withdrawn
DEFAULT_DAY = 1
DEFAULT_TIME = "09:00"


def entries(session: Session, statuses: tuple[str, ...] | None = None) -> list[ExposureEntry]:
    query = select(ExposureEntry).order_by(col(ExposureEntry.id))
    if statuses is not None:
        query = query.where(col(ExposureEntry.status).in_(statuses))
    return list(session.exec(query))


def shows(entry: ExposureEntry, now: datetime) -> bool:
    """On the board now: upheld, or told and not appealed within the window; not expired."""
    if now >= entry.expires_at:
        return False
    return entry.status == "upheld" or (entry.status == "pending" and now >= entry.appeal_until)


def showing(session: Session, now: datetime) -> list[ExposureEntry]:
    return [e for e in entries(session, ("pending", "upheld")) if shows(e, now)]


def existing(session: Session, kind: str, source_id: int) -> ExposureEntry | None:
    return session.exec(select(ExposureEntry).where(ExposureEntry.kind == kind,
                                                    ExposureEntry.source_id == source_id)
                        .order_by(col(ExposureEntry.id).desc())).first()


def blocking(session: Session, phones: set[str], now: datetime) -> ExposureEntry | None:
    """A confirmed scam with one of ``phones``, not withdrawn and not expired: new posts with
    it wait for an officer. (Pending and appealed ones block too: the 驳回 was the officer's
    word; only a withdrawal or the expiry lifts it.)"""
    if not phones:
        return None
    found = read(session, _BLOCKING, {"phones": sorted(phones), "now": now}).first()
    return None if found is None else session.get(ExposureEntry, found[0])


# Asked of every new post, and nearly always finds nothing: made once (making it cost more CPU
# than running it), and of the table's columns, not the model's objects, which cost about half
# the CPU again (issue 12); the entry is read as an object only when there is one.
_EXPOSURE: Table = ExposureEntry.__table__  # type: ignore[attr-defined]
_BLOCKING = (sa_select(_EXPOSURE.c.id).where(
    _EXPOSURE.c.kind == "scam", _EXPOSURE.c.status.in_(LIVE),
    any_of(_EXPOSURE.c.phone, "phones"),
    _EXPOSURE.c.expires_at > bindparam("now"))
    .order_by(_EXPOSURE.c.id).limit(1))


def appealable(session: Session, person_id: int) -> list[ExposureEntry]:
    return list(session.exec(select(ExposureEntry).where(
        ExposureEntry.person_id == person_id, ExposureEntry.status == "pending")
        .order_by(col(ExposureEntry.id))))


# --------------------------------------------------------------------------- the schedule


def schedule_of(session: Session, township_code: str, county_code: str) -> tuple[int, str]:
    """(day of the month, HH:MM) a township's boards go out: its own, else the county's, else
    the 1st at 09:00."""
    for code in (township_code, county_code):
        row = session.get(BoardSchedule, code)
        if row is not None:
            return row.day, row.hhmm
    return DEFAULT_DAY, DEFAULT_TIME


def plan_rows(session: Session) -> tuple[list[tuple[str, str]], set[str]]:
    """In one query (the scheduler's sync runs it after every change): (chat_id, digest time)
    of every bound group, and every time of day boards go out."""
    groups = (sa_select(col(Group.chat_id), col(Group.digest_time))
              .where(col(Group.region_code).is_not(None)))
    times = sa_select(cast(null(), String).label("chat_id"), col(BoardSchedule.hhmm))
    digests: list[tuple[str, str]] = []
    boards = {DEFAULT_TIME}
    for chat_id, hhmm in session.execute(union_all(groups, times)):
        if chat_id is None:
            boards.add(hhmm)
        else:
            digests.append((chat_id, hhmm))
    return sorted(digests), boards


def set_schedule(session: Session, code: str, day: int, hhmm: str, by_id: int | None,
                 now: datetime) -> None:
    row = session.get(BoardSchedule, code) or BoardSchedule(region_code=code)
    row.day, row.hhmm, row.set_by, row.updated_at = day, hhmm, by_id, now
    session.add(row)
