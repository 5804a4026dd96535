"""The morning digest: what a village, township or county group sees each day at its time.

A village group gets the open jobs of its village, then of its township, then the best of the
county; a township group its township's jobs by village; the county group a count per township
and the day's best jobs. Lines are short enough for a phone, and a long digest is cut into
messages at line boundaries within [digest] max_chars.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import text as sql_text
from sqlmodel import Session

from bot.clock import TZ
from bot.config import Settings
from bot.outbox import split_text
from bot.scheduler import TaskContext
from handlers import cards, matching
from nlp.gazetteer import Gazetteer, Place
from storage import outbox, tiers
from storage.db import transaction
from storage.models import Group, Job

log = logging.getLogger(__name__)

VILLAGE_OWN_MAX = 12
VILLAGE_TOWN_MAX = 8
VILLAGE_COUNTY_MAX = 5
TOWNSHIP_MAX = 30
COUNTY_BEST_MAX = 8

HOW_TO_CLAIM = "想去：发「报名【编号】」，如「报名【{example}】」"

# When a group's digest may be set (推送时间): in the day, never at night, when a phone ringing
# in a village group wakes people. Inclusive.
EARLIEST = time(5, 0)
LATEST = time(18, 0)


def time_refusal(hhmm: str) -> str | None:
    """Why a digest cannot go out at ``hhmm`` (「凌晨3点」), or None when it can."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    if EARLIEST <= time(hour, minute) <= LATEST:
        return None
    return (f"早报不能设在{hhmm}，那时大家在睡觉。请设在早上5点到傍晚6点之间，"
            "比如「推送时间 7点」。推送时间没有改。")
CLAIM_BUTTONS_MAX = 10  # buttons under a digest, for its first jobs


@dataclass
class Digest:
    kind: str  # village | township | county
    parts: list[str] = field(default_factory=list)  # the messages, in order
    job_ids: list[int] = field(default_factory=list)  # every job listed


# --- one job, one short line ----------------------------------------------------------------
# The pieces are the cards' own (handlers/cards.py), so a job reads the same in its card, its
# push and the digest: 「包活300元」, 「工价未写」, 「明天 11月27日 周五」.

def needed(job: Job) -> str:
    if job.headcount is None:
        return "要人"
    return f"缺{max(job.headcount - job.confirmed, 0)}人"


def job_line(job: Job, today: date, place: str = "") -> str:
    """``【12】搬运工 缺3人 · 150元/天 · 明天 11月27日 周五 · 木鱼镇青天村`` — the number is
    how people claim it."""
    bits = [f"【{job.id}】{job.work_type or '零工'} {needed(job)}", cards.wage_text(job),
            cards.day_text(job.start_date, today) if job.start_date else "", place]
    return " · ".join(b for b in bits if b)


def day_wage(job: Job) -> float:
    """A day's pay, to rank by (matching's reckoning); 0 when pay is per piece, per job or
    unwritten."""
    return matching.day_wage(job) or 0.0


def best_first(jobs: Sequence[Job], today: date) -> list[Job]:
    """Best pay a day first, then the soonest, then the most people wanted."""
    far = today + timedelta(days=3650)
    return sorted(jobs, key=lambda j: (-day_wage(j), j.start_date or far,
                                        -(j.headcount or 0), j.id or 0))


def soonest_first(jobs: Sequence[Job], today: date) -> list[Job]:
    far = today + timedelta(days=3650)
    return sorted(jobs, key=lambda j: (j.start_date or far, -day_wage(j), j.id or 0))


# --- the three kinds ------------------------------------------------------------------------

def more_line(count: int, where: str) -> str:
    """The jobs a digest had no room for, and how to see them: the job list of that place."""
    return f"……还有{count}个，私聊我发「找活 {where}」查看"


def title(place: Place, today: date) -> str:
    return f"【{place.name}早报】{cards.day_text(today)}"


def build_digest(session: Session, gazetteer: Gazetteer, group: Group, now: datetime,
                 settings: Settings) -> Digest | None:
    """The group's digest for ``now``'s day; None when the group is not bound."""
    place = gazetteer.by_code(group.region_code) if group.region_code else None
    if place is None:
        return None
    now = now.astimezone(TZ)
    today = now.date()
    jobs = tiers.takeable_jobs(session, now)
    if place.level == "village":
        digest, lines = _village(place, jobs, gazetteer, today)
    elif place.level == "township":
        digest, lines = _township(place, jobs, gazetteer, today)
    else:
        digest, lines = _county(place, jobs, gazetteer, today)
    head = title(place, today)
    if not digest.job_ids:
        if group.digest_when_empty and announce_empty(session, group.chat_id, today):
            digest.parts = [f"{head}：{EMPTY}"]
        return digest
    lines.append(HOW_TO_CLAIM.format(example=digest.job_ids[0]))
    digest.job_ids = list(dict.fromkeys(digest.job_ids))
    digest.parts = split_digest([head, *lines], settings.digest.max_chars)
    return digest


EMPTY = "今天没有新的招工，有活请直接在群里发。"
EMPTY_EVERY = 7  # days: a quiet group hears it is quiet at most this often


def announce_empty(session: Session, chat_id: str, today: date) -> bool:
    """Whether a morning with no jobs is said (for groups that want it said): on the first
    empty morning after one that listed jobs — the jobs are gone — and then once a week while
    the group stays quiet, so a quiet village is not told 「没有招工」 every day."""
    recent = tiers.digests_between(session, chat_id, today - timedelta(days=EMPTY_EVERY - 1),
                                   today - timedelta(days=1))
    if recent and recent[0].jobs > 0:
        return True
    return not any(run.parts > 0 for run in recent)


def _in(job: Job, codes: set[str]) -> bool:
    return job.region_code is not None and job.region_code in codes


def _village(place: Place, jobs: list[Job], g: Gazetteer, today: date
             ) -> tuple[Digest, list[str]]:
    digest = Digest("village")
    town = g.township_of(place)
    town_codes = g.subtree_codes(town.code) if town else {place.code}
    own = soonest_first([j for j in jobs if j.region_code == place.code], today)
    near = best_first([j for j in jobs if _in(j, town_codes) and j.region_code != place.code],
                      today)
    rest = best_first([j for j in jobs if not _in(j, town_codes)], today)
    lines: list[str] = []
    for label, chosen, cap in (
        ("本村", own, VILLAGE_OWN_MAX),
        (f"本镇（{town.name}）" if town else "本镇", near, VILLAGE_TOWN_MAX),
        ("全区好活", rest, VILLAGE_COUNTY_MAX),
    ):
        if not chosen:
            continue
        lines.append(f"{label}：")
        for job in chosen[:cap]:
            place_name = "" if label == "本村" else cards.place_text(job)
            lines.append(job_line(job, today, place_name))
            digest.job_ids.append(job.id or 0)
        if len(chosen) > cap and label != "全区好活":
            where = place.name if label == "本村" else (town.name if town else place.name)
            lines.append(more_line(len(chosen) - cap, where))
    return digest, lines


def _township(place: Place, jobs: list[Job], g: Gazetteer, today: date
              ) -> tuple[Digest, list[str]]:
    digest = Digest("township")
    codes = g.subtree_codes(place.code)
    mine = [j for j in jobs if _in(j, codes)]
    by_village: dict[str, list[Job]] = {}
    for job in mine:
        key = job.region_code if job.region_code != place.code else ""
        by_village.setdefault(key or "", []).append(job)
    order = [""] + [p.code for p in g.children(place.code)]
    lines: list[str] = []
    shown = 0
    for code in order:
        chosen = soonest_first(by_village.get(code, []), today)
        if not chosen:
            continue
        village = g.by_code(code) if code else None
        lines.append(f"{village.name if village else '镇上'}：")
        for job in chosen:
            if shown >= TOWNSHIP_MAX:
                break
            lines.append(job_line(job, today))
            digest.job_ids.append(job.id or 0)
            shown += 1
    if len(mine) > shown:
        lines.append(more_line(len(mine) - shown, place.name))
    return digest, lines


def _county(place: Place, jobs: list[Job], g: Gazetteer, today: date
            ) -> tuple[Digest, list[str]]:
    digest = Digest("county")
    lines: list[str] = []
    towns = [p for p in g.children(place.code) if p.level == "township"]
    counted = 0
    summary: list[str] = []
    for town in towns:
        codes = g.subtree_codes(town.code)
        mine = [j for j in jobs if _in(j, codes)]
        if not mine:
            continue
        counted += len(mine)
        people = sum(max((j.headcount or 1) - j.confirmed, 0) for j in mine)
        summary.append(f"{town.name}：{len(mine)}个活，缺{people}人")
    elsewhere = len(jobs) - counted
    if elsewhere:
        summary.append(f"未标乡镇：{elsewhere}个活")
    if summary:
        lines.append(f"在招{len(jobs)}个活：")
        lines.extend(summary)
    best = best_first(jobs, today)[:COUNTY_BEST_MAX]
    if best:
        lines.append("今日好活：")
        for job in best:
            lines.append(job_line(job, today, cards.place_text(job)))
            digest.job_ids.append(job.id or 0)
    return digest, lines


# --- splitting ------------------------------------------------------------------------------
# [digest] max_chars is a readability choice (a phone shows a part whole); the platforms' own
# sizes are the adapters' Limits.max_text, which the outbox splits at when it sends.

MORE = "（接上条）"


def split_digest(lines: list[str], limit: int) -> list[str]:
    """Messages of whole lines within ``limit`` characters; later ones say they continue."""
    parts = split_text("\n".join(lines), max(limit - len(MORE) - 1, 1))
    return [parts[0], *(f"{MORE}\n{p}" for p in parts[1:])]


# Platforms that show buttons as 「回复「…」」 lines (bot/adapters/wechat.py): where the text
# already says which words to send, the buttons would only repeat it, once per job.
WORDS_ONLY = frozenset({"wechat"})


def shows_buttons(chat_id: str) -> bool:
    return chat_id.partition(":")[0] not in WORDS_ONLY


def claim_buttons(digest: Digest) -> list[tuple[str, str]]:
    """报名 buttons for the first jobs (the claims flow takes ``claim:<job id>``)."""
    return [(f"报名【{j}】", f"claim:{j}") for j in digest.job_ids[:CLAIM_BUTTONS_MAX]]


# --- the scheduled task ---------------------------------------------------------------------

def dedupe_key(chat_id: str, day: date, part: int) -> str:
    base = f"digest:{chat_id}:{day.isoformat()}"
    return base if part == 0 else f"{base}:{part + 1}"


def send_digest(ctx: TaskContext, chat_id: str) -> None:
    """The scheduled task: queue the group's digest for today."""
    queue_digest(ctx, chat_id)


def queue_digest(ctx: TaskContext, chat_id: str) -> int:
    """Queue the group's digest for today, once per group and day across every process.
    Returns how many messages were queued."""
    now = ctx.now.astimezone(TZ)
    day = now.date()
    with transaction(ctx.engine) as session:
        _lock(session, chat_id, day)
        if tiers.digest_sent(session, chat_id, day):
            return 0
        group = session.get(Group, chat_id)
        if group is None:
            return 0
        digest = build_digest(session, ctx.gazetteer, group, now, ctx.settings)
        if digest is None:
            return 0
        run = tiers.record_digest(session, chat_id, day, digest.kind, digest.job_ids,
                                  len(digest.parts), now)
        if run is None:
            return 0
        queued = 0
        last = len(digest.parts) - 1
        for i, part in enumerate(digest.parts):
            buttons = claim_buttons(digest) if i == last and shows_buttons(chat_id) else None
            row = outbox.enqueue(session, chat_id, part, now=now, kind="digest",
                                 buttons=buttons,
                                 dedupe_key=dedupe_key(chat_id, day, i))
            queued += row is not None
        log.info("digest for %s on %s: %d jobs, %d messages", chat_id, day, len(digest.job_ids),
                 queued)
        return queued


def _lock(session: Session, chat_id: str, day: date) -> None:
    """On PostgreSQL, one transaction at a time builds a group's digest for a day; the others
    wait and then find it sent. (SQLite writers are serialized anyway.)"""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(sql_text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"),
                        {"k": f"digest:{chat_id}:{day.isoformat()}"})
