"""Who hears about a job: ranking subscribers, private pushes, quiet hours, card updates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from sqlmodel import Session

from bot.clock import TZ
from bot.config import Settings
from bot.message import HANDLING_CHAT, Button, Reply
from handlers import cards, records
from nlp.gazetteer import Gazetteer
from storage import jobs as store
from storage import outbox, people
from storage.models import Job, OutboxMessage, Person, Subscription

# A rough day's pay for units that can be compared with a "150以上" wish.
DAY_FACTOR = {"day": 1.0, "hour": 8.0, "month": 1 / 26}


def _hhmm(value: str) -> time:
    hour, minute = (int(x) for x in value.split(":"))
    return time(hour, minute)


def quiet_until(now: datetime, settings: Settings) -> datetime | None:
    """When quiet hours (21:00–07:00) end, if ``now`` falls inside them."""
    local = now.astimezone(TZ)
    start, end = _hhmm(settings.matching.quiet_start), _hhmm(settings.matching.quiet_end)
    t = local.time()
    quiet = (t >= start or t < end) if start > end else (start <= t < end)
    if not quiet:
        return None
    day = local.date() if t < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=TZ)


@dataclass(frozen=True)
class Dm:
    """Private messages to a person: where they go and who reads them (for reveal logs)."""

    replies: list[Reply]
    reader_id: int | None  # the person who reads them (an officer for a villager)


@dataclass(frozen=True)
class Reach:
    """Where a private message to a person goes."""

    chats: list[str]
    reader_id: int | None  # who reads it: the person, or the officer looking after them
    for_name: str | None = None  # set when an officer reads it for a villager


def reach(session: Session, person_ids: list[int]) -> dict[int, Reach]:
    """How to reach each person privately, in two queries however many: a villager without a
    phone hears through the officer who looks after them; unreachable people are left out."""
    chats = people.private_chats_of(session, person_ids)
    out = {pid: Reach(chats[pid], pid) for pid in person_ids if chats.get(pid)}
    missing = [pid for pid in person_ids if pid not in out]
    if missing:
        managed = {p.id: p for p in store.people_by_id(session, set(missing)).values()
                   if p.managed_by is not None}
        officers = people.private_chats_of(
            session, [p.managed_by for p in managed.values() if p.managed_by is not None])
        for pid, person in managed.items():
            assert pid is not None and person.managed_by is not None
            if officers.get(person.managed_by):
                out[pid] = Reach(officers[person.managed_by], person.managed_by, person.name)
    return out


def dm(session: Session, person_id: int, text: str, *, kind: str = "notice",
       job_id: int | None = None, buttons: tuple[Button, ...] = (),
       not_before: datetime | None = None, dedupe_key: str | None = None,
       render: str | None = None, render_data: dict[str, Any] | None = None) -> Dm:
    """Messages to a person's private chats; a villager without a phone hears through the
    officer who looks after them. With ``render``, the text is made again when it goes out
    (``render_data`` gets ``for``: the villager's name when an officer reads it)."""
    found = reach(session, [person_id]).get(person_id)
    if found is None:
        return Dm([], None)
    return Dm(_dm_replies(found, text, kind=kind, job_id=job_id, buttons=buttons,
                          not_before=not_before, dedupe_key=dedupe_key, render=render,
                          render_data=render_data), found.reader_id)


def _dm_replies(found: Reach, text: str, *, kind: str, job_id: int | None,
                buttons: tuple[Button, ...], not_before: datetime | None,
                dedupe_key: str | None, render: str | None,
                render_data: dict[str, Any] | None) -> list[Reply]:
    prefix = f"（转告{found.for_name}）" if found.for_name else ""
    # Kept without a renderer too: what a note was about (an employer's note names its claim).
    data = render_data
    if render is not None:
        data = {**(render_data or {}), **({"for": found.for_name} if found.for_name else {})}
    return [
        Reply(prefix + text, chat_id=chat, kind=kind, job_id=job_id, buttons=buttons,
              not_before=not_before, dedupe_key=f"{dedupe_key}:{chat}" if dedupe_key else None,
              render=render, render_data=data)
        for chat in found.chats
    ]


def reveal(session: Session, message: Dm, *, job: Job, owner_id: int, reason: str,
           now: datetime) -> list[Reply]:
    """Log every full phone shown privately; returns the replies to send."""
    if message.reader_id is not None:
        for reply in message.replies:
            assert reply.chat_id is not None
            store.log_reveal(session, job_id=job.id, owner_id=owner_id,
                             shown_to_id=message.reader_id, chat_id=reply.chat_id,
                             reason=reason, now=now)
    return message.replies


# --------------------------------------------------------------------------- cards

CARD = "card"  # the renderer of a card refresh held through quiet hours


def card_reply(job: Job, now: datetime, chat_id: str | None = None, *, private: bool = False,
               edit: bool = False, reply_to: str | None = None) -> Reply:
    """The job's card in one chat: the poster's private copy has the full phone."""
    assert job.id is not None
    live = job.status in ("open", "filled", "draft", "held")
    if private:
        hint = cards.POSTER_HINT if live else ""
        buttons: tuple[Button, ...] = (
            (Button(cards.CLOSE_LABEL, f"cancel:{job.id}"),) if live else ())
    else:
        hint = {"open": cards.GROUP_HINT, "filled": cards.FILLED_HINT}.get(job.status, "")
        buttons = cards.claim_buttons(job)
    return Reply(cards.job_card(job, now, full_phone=private, hint=hint), chat_id=chat_id,
                 buttons=buttons, card_key=f"card:{job.id}", edit=edit, kind="card",
                 job_id=job.id, reply_to=reply_to)


def refresh_cards(session: Session, job: Job, now: datetime, *, settings: Settings,
                  skip: str | None = None) -> list[Reply]:
    """Edit the job's card in every chat it appeared in (sent anew where nothing can be
    edited). During quiet hours each chat's refresh waits for their end, one per card and night
    however often the job changes, and is made then from the job as it is (``render_card``) —
    except in the chat whose message made the change, where people are talking now."""
    assert job.id is not None
    held = quiet_until(now, settings)
    here = session.info.get(HANDLING_CHAT)
    # A card is first shown only for a job one can take: a job that ends (a draft dropped,
    # cancelled or expired) is not shown where its card never was — a group that read only
    # 「收到招工，还缺工价」 is not shown a 已取消 card of a job it never saw.
    shown = None if job.status in ("open", "filled") else store.chats_shown_card(session, job.id)
    replies = []
    for chat_id, is_group in store.job_chats_with_kind(session, job.id):
        if chat_id == skip or (shown is not None and chat_id not in shown):
            continue
        reply = card_reply(job, now, chat_id, private=not is_group, edit=True)
        if held is not None and chat_id != here:
            reply = replace(reply, not_before=held, render=CARD,
                            render_data={"private": not is_group},
                            dedupe_key=f"refresh:{job.id}:{chat_id}:{held:%Y-%m-%d}")
        replies.append(reply)
    return replies


def render_card(session: Session, row: OutboxMessage, now: datetime) -> outbox.Rendered | None:
    """A card refresh held through quiet hours, as the job is when it goes out. Dropped when
    it would change nothing the chat last saw of the card (the job made again as of that time
    reads the same: a claim and its withdrawal in one night), and when the job has expired (a
    past job's card again, as a new message on WeChat, tells nobody anything; a claim on the
    old card is answered that it is over)."""
    job = None if row.job_id is None else session.get(Job, row.job_id)
    if job is None or job.status == "expired":
        return None
    private = outbox.render_data(row).get("private") is True
    fresh = card_reply(job, now, private=private)
    last = outbox.latest_card(session, row.chat_id, row.card_key or "")
    if last is not None and last.sent_at is not None:
        before = card_reply(job, last.sent_at, private=private)
        if before.text == last.text and _specs(before) == outbox.buttons_of(last):
            return None
    return outbox.Rendered(fresh.text, tuple(_specs(fresh)))


def _specs(reply: Reply) -> list[outbox.ButtonSpec]:
    return [(b.label, b.data) for b in reply.buttons]


# --------------------------------------------------------------------------- job in sight


def job_of_message(session: Session, platform_message_id: str | None) -> Job | None:
    """The job a bot message (a card, a push, a question) was about."""
    if not platform_message_id:
        return None
    row, job = outbox.sent_with_job(session, platform_message_id)  # one statement for both
    if row is None or row.job_id is None:
        return None
    return job


def job_in_sight(session: Session, chat_id: str, private: bool, reply_to: str | None
                 ) -> Job | None:
    """The job a short answer ("报名", "取消") is about: the message it replies to, else the
    latest card in a group, else the latest job message in a private chat."""
    job = job_of_message(session, reply_to)
    if job is not None:
        return job
    return store.latest_job_in_chat(session, chat_id, None if private else ("card",))


# --------------------------------------------------------------------------- matching


def day_wage(job: Job) -> float | None:
    if job.wage_min is None:
        return None
    factor = DAY_FACTOR.get(job.wage_unit or "day")
    if factor is None:
        return None  # piece work or a lump sum: not comparable with a daily wish
    return (job.wage_max or job.wage_min) * factor


def place_score(home: str | None, job: Job, gazetteer: Gazetteer) -> int:
    """3: same village, 2: same township, 1: same county."""
    if home is None or job.region_code is None:
        return 1
    if home == job.region_code:
        return 3
    home_place, job_place = gazetteer.by_code(home), gazetteer.by_code(job.region_code)
    if home_place is None or job_place is None:
        return 1
    town_a, town_b = gazetteer.township_of(home_place), gazetteer.township_of(job_place)
    return 2 if town_a is not None and town_a == town_b else 1


class Who(Protocol):
    """What matching reads of a subscriber: the model's object, or a ``store.Worker``."""

    @property
    def region_code(self) -> str | None: ...
    @property
    def no_shows(self) -> int: ...


def fit(sub: store.Wish, job: Job, person: Who, gazetteer: Gazetteer, now: datetime
        ) -> tuple[int, ...] | None:
    """How well a subscription fits a job (higher is better), or None when it does not."""
    today = now.astimezone(TZ).date()
    if store.paused_on(sub, job.start_date or today):  # a job of a day the worker is off
        return None
    types = [t for t in sub.work_types.split("|") if t]
    if types and job.work_type not in types:
        return None
    if sub.region_code and (
        job.region_code is None or not gazetteer.contains(sub.region_code, job.region_code)
    ):
        return None
    wage = day_wage(job)
    if sub.min_wage is not None and wage is not None and wage < sub.min_wage:
        return None
    if sub.available_on is None or job.start_date is None:
        available = 1
    else:
        available = 2 if store.free_on(sub, job.start_date) else 0
    home = sub.region_code or person.region_code
    return (1 if types else 0, place_score(home, job, gazetteer), available, -person.no_shows)


def rank(session: Session, job: Job, gazetteer: Gazetteer, now: datetime) -> list[int]:
    """Subscribers best first: work type, place, availability, reliability; earliest
    subscriber first among equals. Never the poster, nor anyone already pushed or claiming.
    The candidates come from one indexed query (store.candidate_subscriptions), so the cost
    follows the job's own subscribers, not every subscription."""
    assert job.id is not None
    best: dict[int, tuple[tuple[int, ...], int]] = {}
    for sub, person in store.candidate_subscriptions(session, job, _up(gazetteer,
                                                                       job.region_code)):
        score = fit(sub, job, person, gazetteer, now)
        if score is None:
            continue
        order = -(sub.id or 0)
        if sub.person_id not in best or (score, order) > best[sub.person_id]:
            best[sub.person_id] = (score, order)
    return sorted(best, key=lambda pid: best[pid], reverse=True)


def _up(gazetteer: Gazetteer, code: str | None) -> list[str]:
    """The place and every place above it (what a subscription may name to cover it)."""
    out: list[str] = []
    place = gazetteer.by_code(code) if code else None
    while place is not None and len(out) < 8:
        out.append(place.code)
        place = gazetteer.by_code(place.parent_code) if place.parent_code else None
    return out


def push_jobs(session: Session, job: Job, person_ids: list[int], now: datetime,
              settings: Settings, limit: int | None = None) -> list[Reply]:
    """Private pushes with a claim button to the first ``limit`` of ``person_ids`` who can be
    reached and were never pushed this job, in a few statements however many. Held through
    quiet hours; rendered again when they go out (``render_push``)."""
    assert job.id is not None
    # The poster's private chats with the subscribers' (one read): who signed up is told them.
    people.private_chats_of(session, [*person_ids, job.poster_id] if person_ids else [])
    found = reach(session, person_ids)
    chosen = [pid for pid in person_ids if pid in found][:limit]
    replies: list[Reply] = []
    text = cards.push_text(job, now)
    held = quiet_until(now, settings)
    for pid in store.record_pushes(session, job.id, chosen, now):
        replies.extend(_dm_replies(
            found[pid], text, kind="push", job_id=job.id,
            buttons=(Button(cards.CLAIM_LABEL, f"claim:{job.id}"),), not_before=held,
            dedupe_key=f"push:{job.id}:{pid}", render=PUSH, render_data={"person": pid}))
    return replies


def push_each(session: Session, jobs: list[Job], person_id: int, now: datetime,
              settings: Settings) -> list[Reply]:
    """Private pushes of several jobs to one person (a new subscriber), with a claim button,
    held through quiet hours, never twice: recorded in one statement, in the jobs' order."""
    found = reach(session, [person_id]).get(person_id)
    if found is None or not jobs:
        return []
    held = quiet_until(now, settings)
    new = store.record_push_pairs(session, [(job.id or 0, person_id) for job in jobs], now)
    # The employers' records on the cards, in one statement.
    records.read_employer_lines(session, {job.poster_id for job in jobs
                                          if (job.id or 0, person_id) in new})
    replies: list[Reply] = []
    for job in jobs:
        if (job.id or 0, person_id) not in new:
            continue
        replies.extend(_dm_replies(
            found, cards.push_text(job, now), kind="push", job_id=job.id,
            buttons=(Button(cards.CLAIM_LABEL, f"claim:{job.id}"),), not_before=held,
            dedupe_key=f"push:{job.id}:{person_id}", render=PUSH,
            render_data={"person": person_id}))
    return replies


def match(session: Session, job: Job, gazetteer: Gazetteer, settings: Settings, now: datetime
          ) -> list[Reply]:
    """Push a newly open job to the best subscribers, up to ``max_pushes``."""
    if job.status != "open":
        return []
    return push_jobs(session, job, rank(session, job, gazetteer, now), now, settings,
                     limit=settings.matching.max_pushes)


PUSH = "push"
CLAIMERS = "matching.claimers"
PUSH_TEXTS = "matching.push_texts"


def render_push(session: Session, row: OutboxMessage, now: datetime) -> outbox.Rendered | None:
    """A push as it is when it goes out (a held one at 07:00): the job as it is now, its day
    said from today; dropped when the job is no longer open or the worker already claimed."""
    rendering: dict[int, Job | None] = session.info.get(outbox.RENDERING_JOBS) or {}
    job = None if row.job_id is None else (rendering.get(row.job_id)
                                           or session.get(Job, row.job_id))
    if job is None or job.status != "open" or (job.expires_at and job.expires_at <= now):
        return None
    data = outbox.render_data(row)
    person = data.get("person")
    # One query for every job being rendered together, however many pushes each has; and
    # one for their employers' records on the cards.
    claimers: dict[int, set[int]] | None = session.info.get(CLAIMERS)
    if claimers is None or job.id not in claimers:
        ids = {job.id or 0} | set(rendering)
        claimers = session.info[CLAIMERS] = store.claimers_of_jobs(session, ids)
        records.read_employer_lines(session, {job.poster_id} | {
            j.poster_id for j in rendering.values() if j is not None})
    if person in claimers[job.id or 0]:
        return None
    for_name = data.get("for")
    # A job's pushes to its many subscribers read the same (a round renders them together, the
    # job as this transaction read it): made once a round.
    texts: dict[tuple[int, str | None, date], str] = session.info.setdefault(PUSH_TEXTS, {})
    key = (job.id or 0, for_name if isinstance(for_name, str) else None,
           now.astimezone(TZ).date())
    text = texts.get(key)
    if text is None:
        text = texts[key] = cards.push_text(job, now, key[1])
    return outbox.Rendered(text, ((cards.CLAIM_LABEL, f"claim:{job.id}"),))


RENDERERS: dict[str, outbox.Renderer] = {PUSH: render_push, CARD: render_card}


def jobs_for(session: Session, person_id: int, gazetteer: Gazetteer, now: datetime,
             limit: int = 3, subs: list[Subscription] | None = None) -> list[Job]:
    """Open jobs that fit a (new) subscriber, soonest first: each subscription's work types
    and place narrow the query, so the cost follows what fits, not every open job. ``subs``:
    the person's active subscriptions, when the caller has them."""
    person = session.get(Person, person_id)
    if person is None:
        return []
    found: dict[int, Job] = {}
    for sub in store.subscriptions_of(session, person_id) if subs is None else subs:
        types = [t for t in sub.work_types.split("|") if t]
        places = (None if sub.region_code in (None, gazetteer.county.code)
                  else gazetteer.subtree_codes(sub.region_code or ""))
        for job in store.open_jobs_for(session, person_id, types, places):
            if job.id not in found and fit(sub, job, person, gazetteer, now) is not None:
                found[job.id or 0] = job
    ordered = sorted(found.values(), key=lambda j: (j.start_date is None, j.start_date, j.id))
    return ordered[:limit]
