"""Who hears about a job: ranking subscribers, private pushes, quiet hours, card updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlmodel import Session

from bot.clock import TZ
from bot.config import Settings
from bot.message import Button, Reply
from handlers import cards
from nlp.gazetteer import Gazetteer
from storage import jobs as store
from storage import outbox, people
from storage.models import Group, Job, Person, Subscription

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


def dm(session: Session, person_id: int, text: str, *, kind: str = "notice",
       job_id: int | None = None, buttons: tuple[Button, ...] = (),
       not_before: datetime | None = None, dedupe_key: str | None = None) -> Dm:
    """Messages to a person's private chats; a villager without a phone hears through the
    officer who looks after them."""
    chats = people.private_chats(session, person_id)
    reader: int | None = person_id
    prefix = ""
    if not chats:
        person = session.get(Person, person_id)
        if person is not None and person.managed_by is not None:
            chats = people.private_chats(session, person.managed_by)
            reader = person.managed_by
            prefix = f"（转告{person.name}）"
    if not chats:
        return Dm([], None)
    replies = [
        Reply(prefix + text, chat_id=chat, kind=kind, job_id=job_id, buttons=buttons,
              not_before=not_before,
              dedupe_key=f"{dedupe_key}:{chat}" if dedupe_key else None)
        for chat in chats
    ]
    return Dm(replies, reader)


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


def refresh_cards(session: Session, job: Job, now: datetime, *, skip: str | None = None
                  ) -> list[Reply]:
    """Edit the job's card in every chat it appeared in (sent anew where nothing can be
    edited)."""
    assert job.id is not None
    replies = []
    for chat_id in store.job_chats(session, job.id):
        if chat_id == skip:
            continue
        private = session.get(Group, chat_id) is None
        replies.append(card_reply(job, now, chat_id, private=private, edit=True))
    return replies


# --------------------------------------------------------------------------- job in sight


def job_of_message(session: Session, platform_message_id: str | None) -> Job | None:
    """The job a bot message (a card, a push, a question) was about."""
    if not platform_message_id:
        return None
    row = outbox.by_platform_id(session, platform_message_id)
    if row is None or row.job_id is None:
        return None
    return session.get(Job, row.job_id)


def job_in_sight(session: Session, chat_id: str, private: bool, reply_to: str | None
                 ) -> Job | None:
    """The job a short answer ("报名", "取消") is about: the message it replies to, else the
    latest card in a group, else the latest job message in a private chat."""
    job = job_of_message(session, reply_to)
    if job is not None:
        return job
    row = store.latest_job_message(session, chat_id, None if private else ("card",))
    return session.get(Job, row.job_id) if row is not None and row.job_id else None


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


def fit(sub: Subscription, job: Job, person: Person, gazetteer: Gazetteer, now: datetime
        ) -> tuple[int, ...] | None:
    """How well a subscription fits a job (higher is better), or None when it does not."""
    today = now.astimezone(TZ).date()
    if sub.paused_until is not None and (
        sub.paused_until >= today or (job.start_date and job.start_date <= sub.paused_until)
    ):
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
        available = 2 if sub.available_on == job.start_date else 0
    home = sub.region_code or person.region_code
    return (1 if types else 0, place_score(home, job, gazetteer), available, -person.no_shows)


def rank(session: Session, job: Job, gazetteer: Gazetteer, now: datetime) -> list[int]:
    """Subscribers best first: work type, place, availability, reliability; earliest
    subscriber first among equals. Never the poster, nor anyone already pushed or claiming."""
    assert job.id is not None
    skip = store.pushed_people(session, job.id) | {job.poster_id} | {
        c.person_id for c in store.claims_of_job(session, job.id)}
    best: dict[int, tuple[tuple[int, ...], int]] = {}
    subs = [s for s in store.all_active_subscriptions(session) if s.person_id not in skip]
    persons = store.people_by_id(session, {s.person_id for s in subs})
    for sub in subs:
        person = persons.get(sub.person_id)
        if person is None:
            continue
        score = fit(sub, job, person, gazetteer, now)
        if score is None:
            continue
        order = -(sub.id or 0)
        if sub.person_id not in best or (score, order) > best[sub.person_id]:
            best[sub.person_id] = (score, order)
    return sorted(best, key=lambda pid: best[pid], reverse=True)


def push_job(session: Session, job: Job, person_id: int, now: datetime, settings: Settings
             ) -> list[Reply]:
    """One private push with a claim button, held through quiet hours; never twice."""
    assert job.id is not None
    message = dm(session, person_id, cards.push_text(job, now), kind="push", job_id=job.id,
                 buttons=(Button(cards.CLAIM_LABEL, f"claim:{job.id}"),),
                 not_before=quiet_until(now, settings), dedupe_key=f"push:{job.id}:{person_id}")
    if not message.replies or not store.record_push(session, job.id, person_id, now):
        return []
    return message.replies


def match(session: Session, job: Job, gazetteer: Gazetteer, settings: Settings, now: datetime
          ) -> list[Reply]:
    """Push a newly open job to the best subscribers, up to ``max_pushes``."""
    if job.status != "open":
        return []
    replies: list[Reply] = []
    sent = 0
    for person_id in rank(session, job, gazetteer, now):
        if sent >= settings.matching.max_pushes:
            break
        pushed = push_job(session, job, person_id, now, settings)
        if pushed:
            sent += 1
            replies.extend(pushed)
    return replies


def jobs_for(session: Session, person_id: int, gazetteer: Gazetteer, now: datetime,
             limit: int = 3) -> list[Job]:
    """Open jobs that fit a (new) subscriber, soonest first."""
    person = session.get(Person, person_id)
    if person is None:
        return []
    subs = store.subscriptions_of(session, person_id)
    skip = store.jobs_pushed_to(session, person_id) | {
        c.job_id for c in store.active_claims_of(session, person_id)}
    found = []
    for job in store.open_jobs(session):
        if job.poster_id == person_id or job.id in skip:
            continue
        if any(fit(sub, job, person, gazetteer, now) is not None for sub in subs):
            found.append(job)
    found.sort(key=lambda j: (j.start_date is None, j.start_date, j.id))
    return found[:limit]
