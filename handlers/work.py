"""A job's whole life in the chat: posting, subscribing, matching, claiming, upkeep."""

from __future__ import annotations

from bot.router import Router
from handlers import claims, housekeeping, posting, subscribe

router = Router("work")
# Order matters, first match wins: answers to the bot's own questions, then anything that
# quotes a job or names a claim, then subscriptions, then new posts, then seeking work.
router.include(
    housekeeping.router,
    posting.answers,
    subscribe.pause_router,
    claims.router,
    posting.corrections,
    subscribe.router,
    posting.router,
    subscribe.seek_router,
)
