"""What runs on the clock: each bound group's digest at its time; jobs expiring (every 10
minutes) and "还招吗" to posters (daily at settings.jobs.still_hiring_time); old message texts
and phone reveals forgotten (daily, 03:30); workers whose pause ended hear of the jobs that came
meanwhile (daily as quiet hours end, [matching] quiet_end); a backup (daily at [backup] time,
when a dir is set).

``sync_schedule`` makes the scheduler match the database (one small query when nothing changed:
the plan it last applied to a scheduler is remembered). After each message the app calls
``sync_if_changed`` instead, which costs nothing unless a handler changed the plan (绑定,
推送时间, 榜单时间 call ``schedule_changed(session)``; the change counts once its transaction
commits).
"""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.scheduler import Scheduler, Task
from handlers import aftercare, digest, exposure, housekeeping, privacy, subscribe
from storage import exposure as boards

DIGEST_PREFIX = "digest:"
EXPIRE_JOB = "housekeeping:expire_jobs"
STILL_HIRING_JOB = "housekeeping:ask_still_hiring"
RETENTION_JOB = "privacy:retention"
RETENTION_TIME = "03:30"
BACKUP_JOB = "backup:nightly"
RESUME_JOB = "subscribe:resume_after_pauses"
WAGE_CHECK_JOB = "aftercare:wage_check"
WAGE_FOLLOW_UP_JOB = "aftercare:wage_follow_up"
HONOUR_JOB = "aftercare:honour_roll"  # before 榜单时间: one job on the 1st at 09:00
BOARDS_PREFIX = "boards:"  # the 荣誉榜 and 曝光台, one job per time of day officers chose
MORNING_ENDS = time(12, 0)  # a digest missed while down is still sent until noon
MIN_GRACE = timedelta(hours=2)  # … and at least this long after its time

EXPIRE_EVERY = 10  # minutes
Plan = dict[str, str]  # job id → when (a digest's HH:MM, housekeeping's own spec)

_applied: WeakKeyDictionary[Scheduler, Plan] = WeakKeyDictionary()

# Committed changes to what sync_schedule reads, in this process; and the count each scheduler
# was last synced at.
_changes = 0
_changes_lock = threading.Lock()
_synced_at: WeakKeyDictionary[Scheduler, int] = WeakKeyDictionary()


def _count_change(_session: Session) -> None:
    global _changes
    with _changes_lock:
        _changes += 1


def schedule_changed(session: Session) -> None:
    """A handler changed a group's binding or digest time: once ``session`` commits, the next
    ``sync_if_changed`` syncs. (Counted at commit, so a sync running meanwhile in another
    thread, which cannot see the change yet, does not pass for having seen it.)"""
    event.listen(session, "after_commit", _count_change, once=True)


def sync_if_changed(scheduler: Scheduler, engine: Engine) -> bool:
    """``sync_schedule`` only if something changed since this scheduler's last sync (or it
    never synced): what to run after each message. True if it synced."""
    if _synced_at.get(scheduler) == _changes:
        return False
    sync_schedule(scheduler, engine)
    return True


def build_tasks() -> dict[str, Task]:
    """Scheduled tasks by name: stored jobs refer to them by these names."""
    return {
        "digest": digest.send_digest,
        "expire_jobs": housekeeping.expire_jobs,
        "ask_still_hiring": housekeeping.ask_still_hiring,
        "retention": privacy.retention,
        "backup": privacy.nightly_backup,
        "resume_after_pauses": subscribe.resume_after_pauses,
        "wage_check": aftercare.wage_check,
        "wage_follow_up": aftercare.wage_follow_up,
        "boards": exposure.post_boards,
    }


def digest_grace(hhmm: str) -> int:
    """Seconds after ``hhmm`` a missed digest still goes out: until noon, at least 2 hours."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    start = datetime.combine(datetime.min.date(), time(hour, minute))
    noon = datetime.combine(datetime.min.date(), MORNING_ENDS)
    return int(max(noon - start, MIN_GRACE).total_seconds())


def sync_schedule(scheduler: Scheduler, engine: Engine) -> None:
    """Make the scheduled jobs match the database: a digest per bound group at its time."""
    seen = _changes  # read first: a change committed during the query syncs again next time
    with Session(engine) as session:
        digests, board_times = boards.plan_rows(session)
    wanted: Plan = {DIGEST_PREFIX + chat_id: hhmm for chat_id, hhmm in digests}
    # 榜单时间: each township's boards go out on its day at its hour; a job per hour in use.
    wanted |= {BOARDS_PREFIX + hhmm: hhmm for hhmm in board_times}
    still_hiring = scheduler.settings.jobs.still_hiring_time
    wanted[EXPIRE_JOB] = f"every {EXPIRE_EVERY}m"
    wanted[STILL_HIRING_JOB] = still_hiring
    wanted[RETENTION_JOB] = RETENTION_TIME
    # Pauses that ended: the jobs that came meanwhile go out as quiet hours end.
    wanted[RESUME_JOB] = scheduler.settings.matching.quiet_end
    wanted[WAGE_CHECK_JOB] = aftercare.WAGE_CHECK_TIME
    wanted[WAGE_FOLLOW_UP_JOB] = aftercare.FOLLOW_UP_TIME
    if scheduler.settings.backup.dir:
        wanted[BACKUP_JOB] = scheduler.settings.backup.time
    applied = _applied.get(scheduler)
    if applied == wanted:
        _synced_at[scheduler] = seen
        return
    if applied is None:  # first time in this process: the store may hold anything
        applied = {j: "" for j in scheduler.job_ids()
                   if j.startswith((DIGEST_PREFIX, BOARDS_PREFIX)) or j in (BACKUP_JOB, HONOUR_JOB)}
    for job_id in applied.keys() - wanted.keys():
        scheduler.remove(job_id)
    for job_id, when in wanted.items():
        if applied.get(job_id) == when:
            continue
        if job_id == EXPIRE_JOB:
            scheduler.every(EXPIRE_JOB, "expire_jobs", EXPIRE_EVERY)
        elif job_id == STILL_HIRING_JOB:
            scheduler.daily(STILL_HIRING_JOB, "ask_still_hiring", when)
        elif job_id == RETENTION_JOB:
            scheduler.daily(RETENTION_JOB, "retention", when)
        elif job_id == RESUME_JOB:
            scheduler.daily(RESUME_JOB, "resume_after_pauses", when)
        elif job_id == WAGE_CHECK_JOB:
            scheduler.daily(WAGE_CHECK_JOB, "wage_check", when, grace=aftercare.WAGE_CHECK_GRACE)
        elif job_id == WAGE_FOLLOW_UP_JOB:
            scheduler.daily(WAGE_FOLLOW_UP_JOB, "wage_follow_up", when)
        elif job_id.startswith(BOARDS_PREFIX):
            scheduler.daily(job_id, "boards", when, when)
        elif job_id == BACKUP_JOB:
            scheduler.daily(BACKUP_JOB, "backup", when)
        else:
            chat_id = job_id.removeprefix(DIGEST_PREFIX)
            scheduler.daily(job_id, "digest", when, chat_id, grace=digest_grace(when))
    _applied[scheduler] = wanted
    _synced_at[scheduler] = seen
