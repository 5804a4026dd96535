"""Wiring: settings → database → gazetteer → router → dispatcher, sender, scheduler, adapters."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from bot.adapters.base import Adapter
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.dispatcher import Dispatcher, Outcome
from bot.message import Message
from bot.outbox import PLATFORM_CONCURRENCY, Sender
from bot.router import Router
from bot.scheduler import Scheduler
from handlers import build_renderers, build_router, build_tasks, sync_if_changed, sync_schedule
from nlp import warm_up
from nlp.gazetteer import Gazetteer, load_gazetteer
from storage import people, regions
from storage.db import make_engine, transaction, upgrade

log = logging.getLogger(__name__)


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

    def scheduler_sync(self) -> None:
        """Make the scheduled jobs match the database (start-up, a group bound directly)."""
        sync_schedule(self.scheduler, self.engine)

    def scheduler_sync_if_changed(self) -> None:
        """After a message: costs nothing unless 绑定 or 推送时间 changed the schedule."""
        sync_if_changed(self.scheduler, self.engine)

    async def on_message(self, message: Message) -> Outcome:
        """Adapters call this for every inbound message."""
        outcome = await asyncio.to_thread(self.dispatcher.handle, message)
        # a bound group or a new digest time reaches the scheduler at once
        await asyncio.to_thread(self.scheduler_sync_if_changed)
        self.sender.notify()
        return outcome

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until ``stop`` is set: adapters receive, the sender sends, the scheduler ticks."""
        recovered = self.sender.recover(self.settings.data_path)
        if recovered:
            log.info("re-queued %d outbox messages left mid-send", recovered)
        for adapter in self.adapters.values():
            await adapter.start(self.on_message)
        loop = asyncio.get_running_loop()
        self.scheduler.after_task = lambda: loop.call_soon_threadsafe(self.sender.notify)
        self.scheduler.start()
        self.scheduler_sync()
        try:
            await self.sender.run(stop)  # drains once more after stop: nothing queued is left
        finally:
            self.scheduler.shutdown()
            for adapter in self.adapters.values():
                await adapter.stop()


def build_app(settings: Settings, adapters: dict[str, Adapter], clock: Clock | None = None,
              engine: Engine | None = None, migrate: bool = True) -> App:
    """Open (and upgrade) the database, load the gazetteer, seed regions and officers."""
    clock = clock or SystemClock()
    engine = engine or make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
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
    dispatcher = Dispatcher(engine, router, settings, gazetteer, clock)
    # The console prints in queue order; real platforms are sent to several chats at once.
    concurrency = 1 if set(adapters) <= {"console"} else PLATFORM_CONCURRENCY
    sender = Sender(engine, adapters, clock, concurrency, renderers=build_renderers())
    scheduler = Scheduler(engine, settings, gazetteer, clock, build_tasks())
    return App(settings, engine, gazetteer, clock, router, dispatcher, sender, scheduler, adapters)
