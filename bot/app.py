"""Wiring: settings → database → gazetteer → router → dispatcher, sender, scheduler, adapters."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from bot.adapters.base import Adapter
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.dispatcher import Dispatcher, Outcome
from bot.message import Message
from bot.outbox import PLATFORM_CONCURRENCY, Sender
from bot.router import Router
from bot.scheduler import Scheduler
from bot.spool import Spool
from handlers import (
    build_renderers,
    build_router,
    build_tasks,
    claims,
    held,
    sync_if_changed,
    sync_schedule,
)
from handlers.basics import failure_notes
from nlp import warm_up
from nlp.gazetteer import Gazetteer, load_gazetteer
from storage import people, regions
from storage.db import check_writable, make_engine, transaction, upgrade

log = logging.getLogger(__name__)

SPOOL_RETRY = 5.0  # seconds between tries to replay the spool, doubling to SPOOL_RETRY_MAX
SPOOL_RETRY_MAX = 60.0
TICK = 0.01  # how often a hand-moved clock is looked at for due scheduled jobs
# Seconds a thread may hold the GIL while another waits for it (Python's default: 0.005). A
# message crosses between the event loop and the database threads a few dozen times (every
# statement lets the GIL go); at 5 ms a crossing, a busy event loop held each message up by
# tens of milliseconds.
SWITCH_INTERVAL = 0.0005
# How long a hand-moved clock's ticker trusts the next run time it read (it reads it again at
# once after a sync or a run here, and when the clock reaches it).
TICK_RECHECK = 1.0


@dataclass
class App:
    settings: Settings
    engine: Engine
    gazetteer: Gazetteer
    clock: Clock
    router: Router
    dispatcher: Dispatcher
    sender: Sender
    scheduler: Scheduler
    adapters: dict[str, Adapter] = field(default_factory=dict)
    # Syncing and firing touch the scheduler's job store from several threads.
    _schedule_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Counts what may have changed the scheduled jobs here (syncs, runs).
    _schedule_changes: int = field(default=0, repr=False)

    def scheduler_sync(self) -> None:
        """Make the scheduled jobs match the database (start-up, a group bound directly)."""
        with self._schedule_lock:
            self._schedule_changes += 1
            sync_schedule(self.scheduler, self.engine)

    def scheduler_sync_if_changed(self) -> None:
        """After a message: costs nothing unless 绑定 or 推送时间 changed the schedule."""
        with self._schedule_lock:
            if sync_if_changed(self.scheduler, self.engine):
                self._schedule_changes += 1

    def run_due(self) -> int:
        """A hand-moved clock: fire the scheduled jobs it has reached."""
        with self._schedule_lock:
            self._schedule_changes += 1
            return self.scheduler.run_due(self.clock.now())

    async def on_message(self, message: Message) -> Outcome:
        """Adapters call this for every inbound message."""
        outcome = await asyncio.to_thread(self._handle, message)
        self.sender.notify()
        return outcome

    def _handle(self, message: Message) -> Outcome:
        """One thread's work a message (a hop between threads costs more than the check)."""
        outcome = self.dispatcher.handle(message)
        try:
            # a bound group or a new digest time reaches the scheduler at once
            self.scheduler_sync_if_changed()
        except Exception as exc:  # the database went away meanwhile: the next sync catches up
            log.warning("schedule not synced after %s: %r", message.id, exc)
        return outcome

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until ``stop`` is set: adapters receive, the sender sends, the scheduler ticks,
        and what the spool kept while the database was down is handled once it is back."""
        switch = sys.getswitchinterval()
        sys.setswitchinterval(min(switch, SWITCH_INTERVAL))
        try:
            await self._run(stop)
        finally:
            sys.setswitchinterval(switch)

    async def _run(self, stop: asyncio.Event) -> None:
        recovered = self.sender.recover(self.settings.data_path)
        if recovered:
            log.info("re-queued %d outbox messages left mid-send", recovered)
        if not await self._start_adapters(stop):
            return  # told to stop while a channel was still waiting for its platform
        loop = asyncio.get_running_loop()
        self.scheduler.after_task = lambda: loop.call_soon_threadsafe(self.sender.notify)
        self.scheduler.start()
        self.scheduler_sync()
        log.info("%s", self.describe())
        background = [asyncio.create_task(self._replay_spool(stop), name="spool")]
        if self.scheduler.manual:
            background.append(asyncio.create_task(self._tick(stop), name="clock"))
        try:
            await self.sender.run(stop)  # drains once more after stop: nothing queued is left
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            self.scheduler.shutdown()
            for adapter in self.adapters.values():
                await adapter.stop()

    def describe(self) -> str:
        """The one start-up line: what is served, from which database, for which county."""
        database = self.engine.url.render_as_string(hide_password=True)
        county = self.gazetteer.county
        return (f"lingong serving {', '.join(self.adapters) or 'no channel'}; database "
                f"{database}; county {county.name} ({county.code})")

    async def _start_adapters(self, stop: asyncio.Event) -> bool:
        """All at once, so one waiting for its platform does not hold up the others. If one
        cannot start, or ``stop`` is set first, the others are called off and the started
        ones stopped again: the error is raised, or False returned."""
        starting = {asyncio.create_task(adapter.start(self.on_message)): adapter
                    for adapter in self.adapters.values()}
        stopping = asyncio.create_task(stop.wait())
        pending: set[asyncio.Task[Any]] = set(starting)
        failure: BaseException | None = None
        while pending and failure is None:
            done, pending = await asyncio.wait(pending | {stopping},
                                               return_when=asyncio.FIRST_COMPLETED)
            pending.discard(stopping)
            failure = next((t.exception() for t in done if t in starting and t.exception()),
                           None)
            if stop.is_set():
                break
        stopping.cancel()
        if failure is None and not pending:
            return True
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, stopping, return_exceptions=True)
        for task, adapter in starting.items():
            if task.done() and not task.cancelled() and task.exception() is None:
                await adapter.stop()
        if failure is not None:
            raise failure
        return False

    async def _replay_spool(self, stop: asyncio.Event) -> None:
        spool = self.dispatcher.spool
        if spool is None:
            return
        delay = SPOOL_RETRY
        while not stop.is_set():
            spool.refresh()
            if len(spool):
                done = await asyncio.to_thread(self.dispatcher.replay)
                if done:
                    await asyncio.to_thread(self.scheduler_sync_if_changed)
                    self.sender.notify()
                delay = SPOOL_RETRY if not len(spool) else min(delay * 2, SPOOL_RETRY_MAX)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)

    async def _tick(self, stop: asyncio.Event) -> None:
        """With a clock that is not the system's (a test's, which jumps), fire scheduled jobs
        as that clock reaches them — as APScheduler's own thread does on the system clock."""
        due: datetime | None = None
        read_at: tuple[int, float] | None = None  # (changes, monotonic time) when due was read
        while not stop.is_set():
            # The job store is read (every job unpickled) only when the schedule may have
            # changed, when the clock reached the time read, or after TICK_RECHECK.
            changes = self._schedule_changes
            if read_at is None or read_at[0] != changes or (
                    due is not None and due <= self.clock.now()) or (
                    time.monotonic() - read_at[1] >= TICK_RECHECK):
                read_at = (changes, time.monotonic())
                due = await asyncio.to_thread(self.scheduler.next_run_time)
            if due is not None and due <= self.clock.now():
                await asyncio.to_thread(self.run_due)
            # A plain sleep, the stop looked at after it: as quick to stop, and a wait_for
            # (a task a tick for stop.wait()) cost the event loop a few percent of lingong's
            # CPU in bench/load.py, whose clock ticks (issue 12).
            await asyncio.sleep(TICK)


def build_app(settings: Settings, adapters: dict[str, Adapter], clock: Clock | None = None,
              engine: Engine | None = None, migrate: bool = True) -> App:
    """Open (and upgrade) the database, load the gazetteer, seed regions and officers."""
    clock = clock or SystemClock()
    engine = engine or make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
        check_writable(engine)
    gazetteer = load_gazetteer(settings.bot.county, settings.data_path)
    warm_up(gazetteer)
    with transaction(engine) as session:
        regions.import_gazetteer(session, gazetteer)
        for identity in settings.bot.county_officers:
            # No name yet: the one they use is taken when they first speak.
            person = people.person_for(session, identity, "")
            assert person.id is not None
            people.make_officer(session, person.id, gazetteer.county.code)
    router = build_router()
    dispatcher = Dispatcher(engine, router, settings, gazetteer, clock,
                            spool=Spool.for_database(settings.data_path, engine),
                            failure_notes=failure_notes,
                            on_reachable=lambda session, person, message, now: [
                                *held.waiting_for(session, gazetteer, person.id or 0),
                                *claims.claimed_while_away(session, person, message, now)])
    # The console prints in queue order; real platforms are sent to several chats at once.
    concurrency = 1 if set(adapters) <= {"console"} else PLATFORM_CONCURRENCY
    sender = Sender(engine, adapters, clock, concurrency, renderers=build_renderers())
    scheduler = Scheduler(engine, settings, gazetteer, clock, build_tasks())
    return App(settings, engine, gazetteer, clock, router, dispatcher, sender, scheduler, adapters)
