"""Drafts completed by other means: when a group gets its place (「绑定」 in the group, the
console's first sight of a group named after a place, a chat script's ``@group``), the drafts
posted there that waited only for their place are completed and published, and their posters
hear so. Publishing is posting's own (``apply_correction``), as if the poster had answered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.config import Settings
from bot.message import Reply
from handlers.matching import card_reply, dm
from handlers.posting import apply_correction
from nlp.gazetteer import Gazetteer, Place
from storage import jobs as store
from storage.models import Group, Job, Person, Post


def place_fields(gazetteer: Gazetteer, place: Place) -> dict[str, Any] | None:
    """A job's 地点 fields for a group's place; None for the county (no place for a job)."""
    if place.level == "village":
        town = gazetteer.township_of(place)
        return {"township": town.name if town else None, "village": place.name}
    if place.level == "township":
        return {"township": place.name}
    return None


def drafts_in(session: Session, chat_id: str) -> list[Job]:
    """The drafts posted in ``chat_id`` that still have no place, oldest first."""
    rows = session.exec(
        select(Job).join(Post, col(Post.id) == Job.post_id)
        .where(Post.chat_id == chat_id, Job.status == "draft")
        .order_by(col(Job.id))
    )
    return [job for job in rows if "地点" in store.missing_fields(job)]


def complete_group_drafts(session: Session, group: Group, gazetteer: Gazetteer,
                          settings: Settings, now: datetime) -> list[Reply]:
    """Give the group's place to its drafts that lacked one. A draft that lacked only the
    place is published (card in the group, pushes, the poster told privately); one that lacks
    more keeps its question. Every reply names its chat."""
    place = gazetteer.by_code(group.region_code) if group.region_code else None
    fields = place_fields(gazetteer, place) if place is not None else None
    if fields is None:
        return []
    replies: list[Reply] = []
    for job in drafts_in(session, group.chat_id):
        poster = session.get(Person, job.poster_id)
        if poster is None or poster.id is None or job.id is None:
            continue
        done = apply_correction(session, job, "", poster, now, settings, gazetteer,
                                private=False, found=dict(fields))
        if job.status != "open":
            continue  # still missing 工种 or 工价: the poster's question stands
        store.link_chat(session, job, group.chat_id, None, now)
        told = dm(session, poster.id, "本群绑定了地方，您的招工已补上地点并发出：\n"
                  + done[0].text.split("\n", 1)[-1], kind="notice", job_id=job.id).replies
        # The group sees the finished card; the rest (pushes, edits elsewhere) as posting made.
        rest = [r for r in done[1:] if r.chat_id is not None and r.chat_id != group.chat_id]
        replies += [card_reply(job, now, group.chat_id), *told, *rest]
    return replies
