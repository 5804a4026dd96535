"""Notifications derived from state changes, so that no path can forget someone.

Whenever the waitlist moves up (a withdrawal, a no-show, a raised headcount, a smaller party),
storage records the promoted claims on the session (``storage.jobs.promoted_since``);
``settle`` turns every one of them into the messages the change owes: the worker hears
「候补补上了！报名成功」 with the employer's phone, the employer hears who, every card updates.
Notes to employers about claims wait for the end of quiet hours and are made again from the
claim as it is when they go out (a claim withdrawn overnight is not announced at 07:00).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, time

from sqlmodel import Session, col, select

from bot.clock import TZ
from bot.config import Settings
from bot.message import HANDLING_CHAT, Button, Reply
from handlers import cards, records
from handlers.matching import dm, quiet_until, reveal
from storage import jobs as store
from storage import outbox
from storage.models import Claim, Group, Job, OutboxMessage, Person

NO_SHOW_LABEL = "没来"
EMPLOYER_NOTE = "employer_note"


def phone_for(session: Session, claimer: Person, proxy: Person | None) -> str | None:
    """The number the employer can call: the worker's, else the officer's who acts for them."""
    if claimer.phone:
        return claimer.phone
    if proxy is not None:
        return proxy.phone
    if claimer.managed_by is not None:
        officer = session.get(Person, claimer.managed_by)
        return officer.phone if officer else None
    return None


def _employer_text(session: Session, job: Job, claim: Claim, claimer: Person,
                   proxy: Person | None, now: datetime, what: str,
                   confirmed: int | None) -> tuple[str, str | None]:
    phone = phone_for(session, claimer, proxy)
    count = job.confirmed if confirmed is None else confirmed
    progress = f"（已报 {count}/{job.headcount}）" if job.headcount else ""
    name = claimer.name
    if what == "报名了您的招工" and claimer.id is not None:
        # 星级 and record, where they decide (the job's cards, made next, show the employer's)
        line = records.worker_line(session, claimer.id, job.poster_id)
        name += f"（{line}）" if line else ""
    name += f"（{claim.count}人）" if claim.count > 1 else ""
    if proxy is not None:
        name += f"（信息员{proxy.name}代报）"
    reach = f"电话：{phone}" if phone else "没留电话，可在群里找他"
    text = f"{name} {what}{progress}\n{reach}\n{cards.short(job, now.astimezone(TZ).date())}"
    return text, phone


def tell_employer(session: Session, job: Job, claim: Claim, claimer: Person,
                  proxy: Person | None, now: datetime, what: str,
                  confirmed: int | None = None, settings: Settings | None = None
                  ) -> list[Reply]:
    """The employer hears who claimed, withdrew or moved up, with the phone; held through
    quiet hours and made again when it goes out."""
    assert claimer.id is not None and claim.id is not None
    if proxy is None and claim.by_person_id is not None:
        proxy = session.get(Person, claim.by_person_id)
    text, phone = _employer_text(session, job, claim, claimer, proxy, now, what, confirmed)
    # The [没来] button says it all; no 回复「小张没来」 hint at claim time.
    buttons = ((Button(f"{claimer.name}{NO_SHOW_LABEL}", f"noshow:{claim.id}"),)
               if claim.status == "confirmed" else ())
    held = quiet_until(now, settings) if settings is not None else None
    told = dm(session, job.poster_id, text, kind="notice", job_id=job.id, buttons=buttons,
              not_before=held,
              render=EMPLOYER_NOTE if held is not None else None,
              render_data={"claim": claim.id, "status": claim.status, "what": what,
                           "proxy": proxy.id if proxy else None})
    owner = claimer.id if claimer.phone or proxy is None else proxy.id
    if phone and owner is not None:
        return reveal(session, told, job=job, owner_id=owner, reason="claim_to_employer",
                      now=now)
    return told.replies


WITHDREW = "取消了报名"


def _told_of_claim(session: Session, row: OutboxMessage, claim: Claim) -> bool:
    """Whether a note about this claim already went to this chat."""
    return session.exec(select(OutboxMessage.id).where(
        OutboxMessage.chat_id == row.chat_id, OutboxMessage.job_id == claim.job_id,
        OutboxMessage.status == "sent", col(OutboxMessage.id) < row.id,
        col(OutboxMessage.render_data).contains(f'"claim": {claim.id},'))).first() is not None


def render_employer_note(session: Session, row: OutboxMessage, now: datetime
                         ) -> outbox.Rendered | None:
    """A held note to an employer, as it is at send time: dropped when the claim changed
    state meanwhile or the job is gone."""
    data = outbox.render_data(row)
    claim_id = data.get("claim")
    claim = session.get(Claim, claim_id) if isinstance(claim_id, int) else None
    job = session.get(Job, claim.job_id) if claim is not None else None
    if claim is None or job is None or claim.status != data.get("status"):
        return None
    if job.status in ("cancelled", "expired"):
        return None
    if data.get("what") == WITHDREW and not _told_of_claim(session, row, claim):
        return None  # claimed and withdrawn while the employer slept: nothing to tell
    claimer = session.get(Person, claim.person_id)
    proxy_id = data.get("proxy")
    proxy = session.get(Person, proxy_id) if isinstance(proxy_id, int) else None
    if claimer is None:
        return None
    what = str(data.get("what") or "报名了您的招工")
    text, _ = _employer_text(session, job, claim, claimer, proxy, now, what, None)
    buttons = (((f"{claimer.name}{NO_SHOW_LABEL}", f"noshow:{claim.id}"),)
               if claim.status == "confirmed" else ())
    return outbox.Rendered(text, buttons)


CHANGED = "changed"
CHANGED_HEAD = "您报名的活有变动，请留意：\n"


def _too_late_at(job: Job, held: datetime, now: datetime, changed: Collection[str]) -> bool:
    """Would a note held to ``held`` come after the work starts? The job starts before then
    (「改成早上6点开工」 at 23:00), or its day was just moved to the morning the note would go
    (「改到明天」 at 22:00): the worker must know tonight, not at the door."""
    if job.start_date is None:
        return False
    if "start_date" in changed and job.start_date <= held.astimezone(TZ).date():
        return True
    try:
        hour, minute = (int(x) for x in (job.start_time or "").split(":")[:2])
    except ValueError:
        return False  # no time of day said: the day alone starts with the morning
    start = datetime.combine(job.start_date, time(hour, minute), tzinfo=TZ)
    return now <= start < held  # a job already under way has nothing to be woken for


def job_changed(session: Session, job: Job, claim: Claim, now: datetime,
                settings: Settings, changed: Collection[str] = ()) -> list[Reply]:
    """A confirmed worker hears that the poster changed the job. Changed between 21:00 and
    07:00, the note waits for 07:00 like every push (the worker is not woken), one a night
    however often the job changed, and is made then from the job as it is — unless it would
    come after the work starts (``_too_late_at``): then it goes at once."""
    assert job.id is not None and claim.id is not None
    held = quiet_until(now, settings)
    if held is None or _too_late_at(job, held, now, changed):
        return dm(session, claim.person_id, CHANGED_HEAD + cards.job_card(job, now),
                  kind="notice", job_id=job.id).replies
    return dm(session, claim.person_id, CHANGED_HEAD + cards.job_card(job, now), kind="notice",
              job_id=job.id, not_before=held, render=CHANGED,
              render_data={"claim": claim.id},
              dedupe_key=f"changed:{job.id}:{claim.id}:{held:%Y-%m-%d}").replies


def render_changed(session: Session, row: OutboxMessage, now: datetime
                   ) -> outbox.Rendered | None:
    """A held change note, as the job is at 07:00: dropped when the worker's place is gone
    (withdrawn overnight) or the job was taken down or its day ended meanwhile."""
    data = outbox.render_data(row)
    claim_id = data.get("claim")
    claim = session.get(Claim, claim_id) if isinstance(claim_id, int) else None
    job = session.get(Job, claim.job_id) if claim is not None else None
    if claim is None or job is None or claim.status != "confirmed":
        return None
    if job.status not in ("open", "filled") or (job.expires_at and job.expires_at <= now):
        return None  # taken down, or its day is over: a change to it tells nobody anything
    for_name = data.get("for")
    prefix = f"（转告{for_name}）" if isinstance(for_name, str) else ""
    return outbox.Rendered(prefix + CHANGED_HEAD + cards.job_card(job, now))


GROUP_CHANGED = "group_changed"
# Platforms whose cards cannot be edited (bot/adapters/*: supports_edit): a card refreshed
# there is the whole card sent anew, which shows the change itself.
CARDS_RESENT = frozenset({"wechat"})


def group_changed(session: Session, job: Job, was: dict[str, str], now: datetime,
                  settings: Settings) -> list[Reply]:
    """A published job changed during quiet hours: its card is edited silently (at once in
    the chat whose message changed it, at their end elsewhere), so nobody asleep sees the
    change. Each group shown the card gets a short 改动 note when quiet hours end, naming the
    lines that differ from the card as it was before the night's first change (``was``:
    ``cards.group_facts`` without a day) — one a night however often the job changes, made
    when it goes out (``render_group_changed``)."""
    assert job.id is not None
    held = quiet_until(now, settings)
    if held is None:
        return []  # by day the card is edited while people read it
    here = session.info.get(HANDLING_CHAT)
    shown = store.chats_shown_card(session, job.id)
    text = _group_change_text(job, was, now)
    if text is None:
        return []
    return [Reply(text, chat_id=chat_id, kind="notice", job_id=job.id,
                  not_before=held, render=GROUP_CHANGED, render_data={"was": was},
                  dedupe_key=f"groupchange:{job.id}:{chat_id}:{held:%Y-%m-%d}")
            for chat_id, is_group in store.job_chats_with_kind(session, job.id)
            if is_group and chat_id in shown and note_beside_card(chat_id, here)]


def note_beside_card(chat_id: str, here: object) -> bool:
    """Does a group need the 改动 note? Not where the whole card is sent anew at 07:00 (a
    platform that cannot edit, in a chat other than the one whose message made the change)."""
    return chat_id == here or chat_id.split(":")[0] not in CARDS_RESENT


def render_group_changed(session: Session, row: OutboxMessage, now: datetime
                         ) -> outbox.Rendered | None:
    """A held 改动 note, as the job is when it goes out: the lines that differ from the card
    before the night's changes, relative days said as of now. Dropped when nothing differs
    any more (changed and changed back) or the job was taken down or its day ended."""
    job = None if row.job_id is None else session.get(Job, row.job_id)
    if job is None or job.status not in ("open", "filled"):
        return None
    if job.expires_at and job.expires_at <= now:
        return None
    was = outbox.render_data(row).get("was")
    text = _group_change_text(job, was, now) if isinstance(was, dict) else None
    return None if text is None else outbox.Rendered(text)


def _group_change_text(job: Job, was: dict[str, str], now: datetime) -> str | None:
    """【改动】 and the card's lines that differ from ``was``, or None when none does."""
    plain, shown = cards.group_facts(job), cards.group_facts(job, now.astimezone(TZ).date())
    lines = [f"{name}：{shown[name]}" for name, value in plain.items() if was.get(name) != value]
    if not lines:
        return None
    head = "【改动】发布人夜里改了这条招工：" + f"{plain['工种']} · {plain['地点']}"
    return "\n".join([head, *lines])


def promoted(session: Session, job: Job, claim: Claim, now: datetime,
             settings: Settings | None = None) -> list[Reply]:
    """A waitlisted worker moved up: 报名成功 with the employer's phone (in the groups when
    the bot cannot reach them privately); the employer hears who."""
    worker = session.get(Person, claim.person_id)
    assert worker is not None and job.id is not None
    told = dm(session, claim.person_id, "候补补上了！" + cards.confirmed_for_worker(job, now),
              kind="notice", job_id=job.id,
              buttons=(Button(cards.WITHDRAW_LABEL, f"cancel:{job.id}"),))
    replies = reveal(session, told, job=job, owner_id=job.poster_id, reason="claim_promoted",
                     now=now)
    if not told.replies:
        replies = [Reply(f"{worker.name} 从候补补上了，私聊我发「我的报名」可看老板电话。",
                         chat_id=chat_id)
                   for chat_id in store.job_chats(session, job.id)
                   if session.get(Group, chat_id) is not None]
    return replies + tell_employer(session, job, claim, worker, None, now, "从候补补上了",
                                   settings=settings)


def settle(session: Session, now: datetime, settings: Settings | None = None) -> list[Reply]:
    """Every promotion storage recorded since the last call, told to everyone it touches
    (the caller updates the cards of the job it changed)."""
    replies: list[Reply] = []
    for claim in store.take_promoted(session):
        job = session.get(Job, claim.job_id)
        if job is None or job.id is None:
            continue
        replies.extend(promoted(session, job, claim, now, settings))
    return replies


RENDERERS: dict[str, outbox.Renderer] = {EMPLOYER_NOTE: render_employer_note,
                                         CHANGED: render_changed,
                                         GROUP_CHANGED: render_group_changed}
