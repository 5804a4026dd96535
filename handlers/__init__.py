"""What the bot does. ``build_router`` includes every handler router, in match order."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bot.router import Router
from bot.scheduler import Scheduler, Task
from handlers import basics


def build_router() -> Router:
    root = Router("root")
    root.include(basics.router)
    root.include(basics.fallback)  # last: catches what nothing else took
    return root


def build_tasks() -> dict[str, Task]:
    """Scheduled tasks by name (jobs in the database refer to them by these names)."""
    return {}


def sync_schedule(scheduler: Scheduler, engine: Engine) -> None:
    """Make the scheduled jobs match the database (groups' digest times, housekeeping)."""
