"""What runs on the clock: each bound group's digest at its time, and housekeeping.

``sync_schedule`` runs after every message in chat scripts, so it costs one small query when
nothing changed: the plan it last applied to a scheduler is remembered.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from weakref import WeakKeyDictionary

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.scheduler import Scheduler, Task
from handlers import digest
from storage import tiers

DIGEST_PREFIX = "digest:"
MORNING_ENDS = time(12, 0)  # a digest missed while down is still sent until noon
MIN_GRACE = timedelta(hours=2)  # … and at least this long after its time

Plan = dict[str, str]  # job id → digest time

_applied: WeakKeyDictionary[Scheduler, Plan] = WeakKeyDictionary()


def build_tasks() -> dict[str, Task]:
    """Scheduled tasks by name: stored jobs refer to them by these names."""
    return {"digest": digest.send_digest}


def digest_grace(hhmm: str) -> int:
    """Seconds after ``hhmm`` a missed digest still goes out: until noon, at least 2 hours."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    start = datetime.combine(datetime.min.date(), time(hour, minute))
    noon = datetime.combine(datetime.min.date(), MORNING_ENDS)
    return int(max(noon - start, MIN_GRACE).total_seconds())


def sync_schedule(scheduler: Scheduler, engine: Engine) -> None:
    """Make the scheduled jobs match the database: a digest per bound group at its time."""
    with Session(engine) as session:
        wanted: Plan = {DIGEST_PREFIX + chat_id: hhmm for chat_id, hhmm in
                        tiers.bound_groups(session)}
    applied = _applied.get(scheduler)
    if applied == wanted:
        return
    if applied is None:  # first time in this process: the store may hold anything
        applied = {j: "" for j in scheduler.job_ids() if j.startswith(DIGEST_PREFIX)}
    for job_id in applied.keys() - wanted.keys():
        scheduler.remove(job_id)
    for job_id, hhmm in wanted.items():
        if applied.get(job_id) != hhmm:
            chat_id = job_id.removeprefix(DIGEST_PREFIX)
            scheduler.daily(job_id, "digest", hhmm, chat_id, grace=digest_grace(hhmm))
    _applied[scheduler] = wanted
