"""The process's one APScheduler (Asia/Shanghai), its jobs kept in the database.

With the system clock it runs on its own thread. With a hand-moved clock (scripts, tests,
benches) it is started paused and :meth:`Scheduler.run_due` fires what the clock has reached,
in order, so ``@wait 1d`` behaves like a day going by.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apscheduler.job import Job as ApsJob
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.clock import TZ, Clock, SystemClock
from bot.config import Settings
from nlp.gazetteer import Gazetteer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TaskContext:
    engine: Engine
    settings: Settings
    gazetteer: Gazetteer
    now: datetime


Task = Callable[..., None]  # Task(ctx: TaskContext, *args)

# The jobstore holds a reference to _run plus the task's name: tasks are looked up on the
# running Scheduler, so stored jobs survive code changes to the task functions.
_active: Scheduler | None = None


def _run(task_name: str, *args: Any) -> None:
    if _active is None:
        log.warning("scheduled task %s fired with no scheduler running", task_name)
        return
    _active.run_task(task_name, args)


class _JobStore(SQLAlchemyJobStore):  # type: ignore[misc]
    """The jobs table on the app's own engine, which the app (not the scheduler) disposes."""

    def shutdown(self) -> None:
        return None


class _HandMoved(BaseScheduler):  # type: ignore[misc]
    """APScheduler without its thread: with a hand-moved clock only run_due fires jobs. (A
    BackgroundScheduler's thread, even paused, looks for due jobs by the wall clock once more
    as it shuts down, and would move the stored next run times.)"""

    def wakeup(self) -> None:
        return None

    def shutdown(self, wait: bool = True) -> None:
        # BaseScheduler declares shutdown abstract; there is no thread to stop.
        super().shutdown(wait)


@contextmanager
def _task_lock(engine: Engine, key: str) -> Iterator[bool]:
    """A session-level advisory lock on PostgreSQL (True when we hold it); always True on
    SQLite, where one process owns the file's writes anyway."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    with engine.connect() as conn:
        held = bool(conn.execute(text("SELECT pg_try_advisory_lock(hashtextextended(:k, 0))"),
                                 {"k": key}).scalar())
        conn.commit()
        try:
            yield held
        finally:
            if held:
                conn.execute(text("SELECT pg_advisory_unlock(hashtextextended(:k, 0))"),
                             {"k": key})
                conn.commit()


class Scheduler:
    def __init__(self, engine: Engine, settings: Settings, gazetteer: Gazetteer, clock: Clock,
                 tasks: dict[str, Task] | None = None) -> None:
        self.engine = engine
        self.settings = settings
        self.gazetteer = gazetteer
        self.clock = clock
        self.tasks: dict[str, Task] = dict(tasks or {})
        self.manual = not isinstance(clock, SystemClock)
        self.after_task: Callable[[], object] = lambda: None
        kind = _HandMoved if self.manual else BackgroundScheduler
        self._aps: BaseScheduler = kind(
            jobstores={"default": _JobStore(engine=engine)},
            timezone=TZ,
            job_defaults={"coalesce": True, "max_instances": 1},
        )
        self._started = False

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        global _active
        if self._started:
            return
        _active = self
        self._aps.start(paused=self.manual)
        self._started = True

    def shutdown(self) -> None:
        global _active
        if self._started:
            self._aps.shutdown(wait=False)
            self._started = False
        if _active is self:
            _active = None

    # --- jobs ------------------------------------------------------------------------------
    def daily(self, job_id: str, task: str, hhmm: str, *args: Any, grace: int = 4 * 3600
              ) -> None:
        """Run ``task`` every day at ``hhmm`` Asia/Shanghai; a run missed while down still
        happens on start if within ``grace`` seconds."""
        hour, minute = (int(x) for x in hhmm.split(":"))
        self._put(job_id, task, CronTrigger(hour=hour, minute=minute, timezone=TZ), args, grace)

    def every(self, job_id: str, task: str, minutes: int, *args: Any) -> None:
        # Anchored on the injected clock: without start_date APScheduler anchors on the
        # machine's wall clock, and a script or test clock behind it would never fire.
        trigger = IntervalTrigger(minutes=minutes, timezone=TZ, start_date=self.clock.now())
        self._put(job_id, task, trigger, args, 60 * minutes)

    def remove(self, job_id: str) -> None:
        self.start()
        if self._aps.get_job(job_id) is not None:
            self._aps.remove_job(job_id)

    def job_ids(self) -> list[str]:
        self.start()
        return [job.id for job in self._aps.get_jobs()]

    def _put(self, job_id: str, task: str, trigger: BaseTrigger, args: tuple[Any, ...],
             grace: int) -> None:
        if task not in self.tasks:
            raise KeyError(f"unknown scheduled task {task!r}")
        self.start()
        existing: ApsJob | None = self._aps.get_job(job_id)
        if existing is not None and str(existing.trigger) == str(trigger) and existing.args == (
            task, *args
        ):
            return  # unchanged: keep its next run time (and so any missed run)
        now = self.clock.now()
        self._aps.add_job(
            _run,
            trigger=trigger,
            args=(task, *args),
            id=job_id,
            replace_existing=True,
            misfire_grace_time=grace,
            next_run_time=trigger.get_next_fire_time(None, now),
        )

    # --- running ---------------------------------------------------------------------------
    def run_task(self, task_name: str, args: tuple[Any, ...]) -> bool:
        """Run one task now; False when it is unknown or another process is running it.

        Every process sharing the database fires the same stored jobs. On PostgreSQL an
        advisory lock per task and arguments lets only one of them run it at a time; the
        tasks themselves make a second, later run change nothing (a digest per group and
        day, an outbox dedupe key).
        """
        task = self.tasks.get(task_name)
        if task is None:
            log.error("scheduled task %s is not known to this build", task_name)
            return False
        with _task_lock(self.engine, f"task:{task_name}:{args!r}") as held:
            if not held:
                log.info("scheduled task %s%r is running elsewhere", task_name, args)
                return False
            ctx = TaskContext(self.engine, self.settings, self.gazetteer, self.clock.now())
            try:
                task(ctx, *args)
            except Exception:
                log.exception("scheduled task %s%r failed", task_name, args)
        self.after_task()
        return True

    def next_run_time(self) -> datetime | None:
        self.start()
        times = [j.next_run_time for j in self._aps.get_jobs() if j.next_run_time is not None]
        return min(times) if times else None

    def run_due(self, now: datetime) -> int:
        """Hand-moved clock: fire every job due by ``now`` (once, however many runs it missed,
        and not at all if it missed by more than its grace), then schedule its next run."""
        self.start()
        fired = 0
        store = self._aps._lookup_jobstore("default")
        for job in store.get_due_jobs(now):
            run_times = job._get_run_times(now)
            if run_times and (now - run_times[-1]).total_seconds() <= (
                job.misfire_grace_time or 0
            ):
                self.run_task(job.args[0], tuple(job.args[1:]))
                fired += 1
            last = run_times[-1] if run_times else now
            following = job.trigger.get_next_fire_time(last, now)
            if following is None:
                store.remove_job(job.id)
            else:
                job._modify(next_run_time=following)
                store.update_job(job)
        return fired
