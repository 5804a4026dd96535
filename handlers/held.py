"""Posts held as possible scams, from the officers' side: who is asked to review one (every
officer of its place and up the chain who can be reached), what happens when nobody can be
(the poster is told it waits; the officers get it once one is appointed, or once an officer
who could not be reached first writes privately), and telling the group the result of 放行/驳回.

posting.py holds the post and runs the review; it calls ``announce_held`` and
``review_told`` here.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.clock import TZ
from bot.message import Button, Reply
from handlers import cards
from handlers.matching import dm
from nlp import find_phones
from nlp.gazetteer import Gazetteer
from storage import people
from storage.models import ExposureEntry, Group, Job, Officer, OutboxMessage, Person, Post

WAITS = ("这条招工要等信息员核实后才能发出。这一片现在还没有能联系上的信息员，"
         "有信息员后会马上交给他，核实完会告诉您。")


def officers_up_chain(session: Session, gazetteer: Gazetteer, code: str | None) -> list[int]:
    """Officers for ``code``, its township and the county (every officer for a job without a
    place), nearest first."""
    rows = list(session.exec(select(Officer).order_by(col(Officer.id))))
    if code is not None:
        rows = [o for o in rows if gazetteer.contains(o.region_code, code)]
    rows.sort(key=lambda o: -len(o.region_code))  # village codes are longest
    found: list[int] = []
    for officer in rows:
        if officer.person_id not in found:
            found.append(officer.person_id)
    return found


def is_blocked(job: Job) -> bool:
    return job.exposure_id is not None


def why(session: Session, job: Job) -> str:
    """Why the officer is asked: the scam words, or the phone's confirmed scam."""
    if not is_blocked(job):
        return f"提到「{job.hold_reason or ''}」"
    entry = session.get(ExposureEntry, job.exposure_id)
    if entry is None:
        return "用的电话在曝光台上"
    return (f"用的电话{cards.mask_phone(entry.phone)}在曝光台上"
            f"（曝光【{entry.id}】：{entry.label}，信息员核实过的骗局）")


def _mask(text: str) -> str:
    for start, end, digits in sorted(find_phones(text), reverse=True):
        text = text[:start] + cards.mask_phone(digits) + text[end:]
    return text


def review_request(job: Job, where: str, post_text: str, reason: str
                   ) -> tuple[str, tuple[Button, ...]]:
    """The officer's note about a held post, with its 放行/驳回 buttons."""
    assert job.id is not None
    # the post as written, then the job as read: what 放行 publishes (the work, the pay, the
    # place), which a post in its own words (「招喂猪的」) does not say to the officer
    text = (f"⚠️ {where}有条招工{reason}，已扣下未推送（编号{job.id}）：\n"
            f"{_mask(post_text)[:300]}\n"
            f"放行后发出：{cards.short(job)} · {cards.wage_text(job)}\n"
            f"核实没问题点「{cards.RELEASE_LABEL}」，是骗局点「{cards.REJECT_LABEL}」")
    return text, (Button(cards.RELEASE_LABEL, f"release:{job.id}"),
                  Button(cards.REJECT_LABEL, f"reject:{job.id}"))


def _where(session: Session, job: Job) -> tuple[str, str]:
    """(where the post was written, its text)."""
    post = session.get(Post, job.post_id)
    if post is None:
        return "私聊", ""
    group = session.get(Group, post.chat_id)
    return (f"「{group.title}」" if group is not None else "私聊"), post.text


def ask_officers(session: Session, gazetteer: Gazetteer, job: Job, officer_ids: list[int]
                 ) -> list[Reply]:
    """The review request to each reachable officer in ``officer_ids``."""
    where, text = _where(session, job)
    note, buttons = review_request(job, where, text, why(session, job))
    replies: list[Reply] = []
    for officer_id in officer_ids:
        replies += dm(session, officer_id, note, kind="notice", job_id=job.id,
                      buttons=buttons).replies
    return replies


def announce_held(session: Session, gazetteer: Gazetteer, held: list[Job], group: Group | None,
                  poster: Person, reply_to: str | None) -> list[Reply]:
    """Ask the officers of the held post's place, up the chain, to review it. When none of
    them can be reached, the poster is told that it waits (it reaches the officers when one
    is appointed: ``waiting_for``)."""
    code = held[0].region_code or (group.region_code if group else None)
    replies: list[Reply] = []
    for job in held:
        replies += ask_officers(session, gazetteer, job,
                                officers_up_chain(session, gazetteer, code))
    if replies:
        return replies
    assert poster.id is not None
    told = dm(session, poster.id, WAITS, kind="notice", job_id=held[0].id).replies
    if told or group is None:
        return told or [Reply(WAITS, kind="notice", job_id=held[0].id)]
    return [Reply(f"{poster.name}，{WAITS}", reply_to=reply_to, kind="notice",
                  job_id=held[0].id)]


def waiting_for(session: Session, gazetteer: Gazetteer, officer_id: int) -> list[Reply]:
    """A newly appointed (or newly reachable) officer gets every post of their area still held
    for review that they were not asked about: one an officer up the chain was asked about
    waits for the nearer one too, who knows the place."""
    regions = people.officer_regions(session, officer_id)
    if not regions:
        return []
    chats = people.private_chats(session, officer_id)
    asked = set(session.exec(
        select(OutboxMessage.job_id).where(col(OutboxMessage.chat_id).in_(chats),
                                           col(OutboxMessage.job_id).is_not(None),
                                           col(OutboxMessage.buttons).contains('"release:'))
    )) if chats else set()
    replies: list[Reply] = []
    for job in session.exec(select(Job).where(Job.status == "held").order_by(col(Job.id))):
        if job.id in asked:
            continue
        code = job.region_code or _group_code(session, job)
        if code is None or any(gazetteer.contains(r, code) for r in regions):
            replies += ask_officers(session, gazetteer, job, [officer_id])
    return replies


def _group_code(session: Session, job: Job) -> str | None:
    post = session.get(Post, job.post_id)
    group = session.get(Group, post.chat_id) if post is not None else None
    return group.region_code if group is not None else None


def review_told(session: Session, job: Job, officer: Person, approve: bool,
                now: datetime) -> list[Reply]:
    """After 放行/驳回: the group it was posted in hears the result, and so does the poster
    (privately, when the post was private)."""
    assert job.id is not None
    post = session.get(Post, job.post_id)
    if post is None:
        return []
    today = now.astimezone(TZ).date()
    word = job.hold_reason or "收钱"
    said = "" if is_blocked(job) else f"（提到「{word}」）"
    if approve:
        text = (f"信息员{officer.name}核实过了，这条招工没问题，已放行：{cards.short(job, today)}")
    else:
        text = (f"信息员{officer.name}核实后驳回了这条招工{said}，不会推送。"
                "正规招工不收钱，别交钱、别垫付。")
    if session.get(Group, post.chat_id) is not None:
        return [Reply(text, chat_id=post.chat_id, reply_to=post.source_message_id,
                      kind="notice", job_id=job.id)]
    if post.poster_id == officer.id:
        return []
    mine = ("您的招工已核实放行：" + cards.short(job, today) if approve
            else ("您的招工" + (f"提到「{word}」，" if said else "")
                  + "信息员核实后驳回了，不会发出。有疑问请联系当地信息员。"))
    return dm(session, post.poster_id, mine, kind="notice", job_id=job.id).replies


def is_held_job(session: Session, job_id: int) -> bool:
    """Whether job ``job_id`` is or was held for review (an officer was asked about it)."""
    job = session.get(Job, job_id)
    if job is None:
        return False
    if job.status == "held":
        return True
    return session.exec(
        select(OutboxMessage.id).where(OutboxMessage.job_id == job_id,
                                       col(OutboxMessage.buttons).contains('"release:'))
        .limit(1)).first() is not None
