"""What the desk and the screens show, computed from the database with the chat's own
functions (scope, cards, stats, the held-post review). Nothing here knows about HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.clock import TZ, local
from bot.config import Settings
from bot.dispatcher import queue_reply
from handlers import cards, honour, posting, stats
from handlers.officers import covers, full_name, group_name, scope
from nlp.gazetteer import Gazetteer, Place
from storage import jobs as store
from storage import people, tiers
from storage.models import (
    Claim,
    Group,
    Identity,
    InboundMessage,
    Job,
    JobChat,
    Person,
    PhoneReveal,
    Post,
    Subscription,
)
from storage.report import jobs_json

STATUS_NAMES = {"open": "在招", "filled": "已招满", "expired": "已过期", "cancelled": "已取消",
                "held": "待核实", "draft": "待补全"}
CLAIM_NAMES = {"confirmed": "已报上", "waitlisted": "候补", "cancelled": "已取消",
               "no_show": "没去"}
LEVEL_NAMES = {"county": "区", "township": "镇", "village": "村"}
DESK_CHAT = "web:desk"  # where actions taken on the desk are recorded as having been said


class NotYours(Exception):
    """Something outside the officer's area: the message says what."""


class BadFilter(ValueError):
    """A filter the desk cannot read: the message says which."""


@dataclass
class Officer:
    """A signed-in officer and the area they see: exactly their regions in chat."""

    person: Person
    regions: list[Place]
    codes: set[str]

    @property
    def id(self) -> int:
        assert self.person.id is not None
        return self.person.id

    def where(self, g: Gazetteer) -> str:
        return "、".join(full_name(g, r) for r in self.regions)


def officer(session: Session, g: Gazetteer, person_id: int) -> Officer | None:
    person = session.get(Person, person_id)
    if person is None:
        return None
    regions = scope(session, g, person)
    if not regions:
        return None
    codes: set[str] = set()
    for r in regions:
        codes |= g.subtree_codes(r.code)
    return Officer(person, regions, codes)


def can_see(session: Session, g: Gazetteer, off: Officer, job: Job) -> bool:
    """The chat's rule for acting on a job (posting.officer_of_job: an officer of its place;
    any officer for a job with no place, as a held post reaches every officer), on the area
    already read, so a list of thousands of jobs costs no query each."""
    return job.region_code is None or job.region_code in off.codes


def job_for(session: Session, g: Gazetteer, off: Officer, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise LookupError(f"没有编号为【{job_id}】的活。")
    if not can_see(session, g, off, job):
        raise NotYours(f"【{job_id}】不在您管的地方（{off.where(g)}），看不了。")
    return job


def places(g: Gazetteer, off: Officer) -> list[tuple[str, str]]:
    """(code, name) of every place an officer may filter by, the tree in order."""
    out: list[tuple[str, str]] = []

    def walk(place: Place, depth: int) -> None:
        out.append((place.code, "　" * depth + place.name))
        for child in sorted(g.children(place.code), key=lambda p: p.code):
            walk(child, depth + 1)

    for r in sorted(off.regions, key=lambda p: p.code):
        walk(r, 0)
    return out


def place_in_scope(g: Gazetteer, off: Officer, code: str) -> Place:
    place = g.by_code(code)
    if place is None:
        raise BadFilter(f"没有代码为 {code} 的地方。")
    if not covers(g, off.regions, place.code):
        raise NotYours(f"{full_name(g, place)}不归您管（您管{off.where(g)}）。")
    return place


# --- jobs -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class JobFilter:
    place: str = ""  # a region code
    status: str = ""
    date_from: date | None = None  # posted on or after (Asia/Shanghai)
    date_to: date | None = None  # posted on or before
    work_type: str = ""

    @classmethod
    def read(cls, query: Mapping[str, str]) -> JobFilter:
        def day(name: str, label: str) -> date | None:
            text = (query.get(name) or "").strip()
            if not text:
                return None
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise BadFilter(f"{label}「{text}」不是日期，请写成 2026-11-01。") from None

        status = (query.get("status") or "").strip()
        if status and status not in STATUS_NAMES:
            raise BadFilter(f"没有「{status}」这种状态。")
        return cls(place=(query.get("place") or "").strip(), status=status,
                   date_from=day("date_from", "开始日期"), date_to=day("date_to", "结束日期"),
                   work_type=(query.get("work_type") or "").strip())

    def query(self) -> dict[str, str]:
        """The filter as URL parameters (for exports and links)."""
        found = {"place": self.place, "status": self.status,
                 "date_from": self.date_from.isoformat() if self.date_from else "",
                 "date_to": self.date_to.isoformat() if self.date_to else "",
                 "work_type": self.work_type}
        return {k: v for k, v in found.items() if v}


@dataclass(frozen=True)
class DeskJob:
    row: dict[str, Any]  # exactly as `lingong jobs --json` has it
    job: Job


def filtered_jobs(session: Session, g: Gazetteer, off: Officer, flt: JobFilter) -> list[DeskJob]:
    """The officer's jobs matching ``flt``, newest first; rows as `lingong jobs --json`."""
    codes = g.subtree_codes(place_in_scope(g, off, flt.place).code) if flt.place else None
    jobs = {j.id: j for j in session.exec(select(Job))}
    out: list[DeskJob] = []
    for row in jobs_json(session):
        job = jobs[row["id"]]
        if not can_see(session, g, off, job):
            continue
        if codes is not None and job.region_code not in codes:
            continue
        if flt.status and job.status != flt.status:
            continue
        if flt.work_type and job.work_type != flt.work_type:
            continue
        posted = local(job.created_at).date()
        if (flt.date_from and posted < flt.date_from) or (flt.date_to and posted > flt.date_to):
            continue
        out.append(DeskJob(row, job))
    out.sort(key=lambda d: d.row["id"], reverse=True)
    return out


def work_types(items: list[DeskJob]) -> list[str]:
    return sorted({d.job.work_type for d in items if d.job.work_type})


def _revealed(session: Session, job_id: int | None, owner_id: int, reader_id: int) -> bool:
    """Whether the chat showed ``owner_id``'s phone in full to ``reader_id`` (PhoneReveal is
    that record), for this job when one is given."""
    query = select(PhoneReveal.id).where(PhoneReveal.owner_id == owner_id,
                                         PhoneReveal.shown_to_id == reader_id)
    if job_id is not None:
        query = query.where(PhoneReveal.job_id == job_id)
    return session.exec(query.limit(1)).first() is not None


def job_phone(session: Session, off: Officer, job: Job) -> str:
    """The job's phone, in full only for its poster or someone the chat gave it to."""
    full = job.poster_id == off.id or _revealed(session, job.id, job.poster_id, off.id)
    return (job.phone or "") if full else cards.mask_phone(job.phone)


def person_phone(session: Session, off: Officer, person: Person, job_id: int | None = None
                 ) -> str:
    assert person.id is not None
    full = (person.id == off.id or person.managed_by == off.id
            or _revealed(session, job_id, person.id, off.id))
    return (person.phone or "") if full else cards.mask_phone(person.phone)


@dataclass
class Event:
    at: datetime
    text: str


@dataclass
class JobPage:
    job: Job
    row: dict[str, Any]
    status: str
    place: str
    when: str
    wage: str
    phone: str
    contact: str
    poster: str
    post_text: str
    claims: list[dict[str, str]] = field(default_factory=list)
    history: list[Event] = field(default_factory=list)


def job_page(session: Session, g: Gazetteer, off: Officer, job: Job, now: datetime) -> JobPage:
    assert job.id is not None
    row = next(r for r in jobs_json(session) if r["id"] == job.id)
    poster = session.get(Person, job.poster_id)
    post = session.get(Post, job.post_id)
    today = now.astimezone(TZ).date()
    page = JobPage(
        job=job, row=row, status=STATUS_NAMES.get(job.status, job.status),
        place=cards.place_text(job), when=cards.when_text(job, today),
        wage=cards.wage_text(job), phone=job_phone(session, off, job),
        contact=job.contact or "", poster=poster.name if poster else "?",
        post_text=posting.mask_text(post.text) if post else "")
    names: dict[int, Person] = {}

    def who(person_id: int | None) -> Person | None:
        if person_id is None:
            return None
        if person_id not in names:
            found = session.get(Person, person_id)
            if found is None:
                return None
            names[person_id] = found
        return names[person_id]

    for claim in store.claims_of_job(session, job.id):
        worker = who(claim.person_id)
        proxy = who(claim.by_person_id)
        page.claims.append({
            "name": worker.name if worker else "?",
            "count": str(claim.count),
            "status": CLAIM_NAMES.get(claim.status, claim.status),
            "at": f"{local(claim.created_at):%m-%d %H:%M}",
            "phone": person_phone(session, off, worker, job.id) if worker else "",
            "by": f"信息员{proxy.name}代报" if proxy else "",
        })
    page.history = _history(session, job, post, who)
    return page


def _history(session: Session, job: Job, post: Post | None,
             who: Any) -> list[Event]:
    assert job.id is not None
    events: list[Event] = []
    if post is not None:
        by = who(post.poster_id)
        events.append(Event(post.created_at, f"{by.name if by else '?'}在"
                                             f"{_chat(session, post.chat_id)}发布"))
    if job.opened_at is not None:
        events.append(Event(job.opened_at, "开始招人"))
    first = post.chat_id if post is not None else None
    for link in session.exec(select(JobChat).where(JobChat.job_id == job.id)):
        if link.chat_id != first:
            events.append(Event(link.created_at, f"也发到了{_chat(session, link.chat_id)}"))
    pushes: list[datetime] = []
    for d in tiers.deliveries(session, job_id=job.id):
        if d.at is None:
            continue
        if d.kind == "push":
            pushes.append(d.at)
        elif d.kind == "digest":
            events.append(Event(d.at, f"上了{_chat(session, d.chat_id)}的早报"))
        elif d.kind == "card" and d.on_behalf_of is not None:
            by = who(d.on_behalf_of)
            events.append(Event(d.at, f"{by.name if by else '?'}转发到"
                                      f"{_chat(session, d.chat_id)}"))
    if pushes:
        events.append(Event(min(pushes), f"私信推送给{len(pushes)}个订阅的人"))
    for claim in store.claims_of_job(session, job.id):
        person = who(claim.person_id)
        name = person.name if person else "?"
        count = f"{claim.count}人" if claim.count > 1 else ""
        events.append(Event(claim.created_at, f"{name}报名{count}"))
        if claim.status in ("cancelled", "no_show") and claim.updated_at != claim.created_at:
            what = "没去" if claim.status == "no_show" else "取消报名"
            events.append(Event(claim.updated_at, f"{name}{what}"))
    for msg in session.exec(select(InboundMessage).where(
            col(InboundMessage.button_data).in_((f"release:{job.id}", f"reject:{job.id}")))):
        ident = session.get(Identity, msg.sender_id)
        sender = session.get(Person, ident.person_id) if ident is not None else None
        where = "在后台" if msg.chat_id == DESK_CHAT else "在聊天里"
        what = "放行" if (msg.button_data or "").startswith("release") else "驳回"
        events.append(Event(msg.received_at,
                            f"信息员{sender.name if sender else '?'}{where}{what}"))
    if job.filled_at is not None:
        events.append(Event(job.filled_at, "招满"))
    if job.status == "expired" and job.expires_at is not None:
        events.append(Event(job.expires_at, "过期下架"))
    events.sort(key=lambda e: e.at)
    return events


def _chat(session: Session, chat_id: str) -> str:
    group = session.get(Group, chat_id)
    return f"「{group_name(group, chat_id)}」" if group is not None else "私聊"


# --- held posts -----------------------------------------------------------------------------

def held_jobs(session: Session, g: Gazetteer, off: Officer) -> list[tuple[Job, str]]:
    """Held posts the officer may release or reject, with the post's text, phones masked."""
    out = []
    for job in session.exec(select(Job).where(Job.status == "held").order_by(col(Job.id))):
        if can_see(session, g, off, job):
            post = session.get(Post, job.post_id)
            out.append((job, posting.mask_text(post.text) if post else ""))
    return out


def review_on_desk(session: Session, g: Gazetteer, settings: Settings, off: Officer, job: Job,
                   approve: bool, now: datetime) -> list[str]:
    """放行/驳回 from the desk: the chat's review, recorded as if pressed in chat (a button
    press from the officer), its messages to others queued in the outbox. Returns what the
    chat would have answered the officer."""
    assert job.id is not None
    identity = people.identities(session, off.id)
    session.add(InboundMessage(
        id=f"web:{uuid.uuid4().hex}", chat_id=DESK_CHAT,
        sender_id=identity[0].id if identity else f"web:person:{off.id}",
        text=cards.RELEASE_LABEL if approve else cards.REJECT_LABEL, content_kind="button",
        button_data=f"{'release' if approve else 'reject'}:{job.id}", sent_at=now,
        received_at=now))
    answers = []
    for reply in posting.review(session, job, off.person, approve, now, settings, g):
        if reply.chat_id is None:
            answers.append(reply.text)
        else:
            queue_reply(session, reply, None, now)
    return answers


# --- people ---------------------------------------------------------------------------------

@dataclass
class PersonRow:
    name: str
    home: str
    phone: str
    subscriptions: str
    claims: int
    posts: int
    no_shows: int


def area_people(session: Session, g: Gazetteer, off: Officer) -> list[PersonRow]:
    """People who live, look for work, post or claim in the officer's area."""
    ids: set[int] = set()
    for p in session.exec(select(Person).where(col(Person.region_code).in_(off.codes))):
        ids.add(p.id or 0)
    subs: dict[int, list[Subscription]] = {}
    for sub in session.exec(select(Subscription).where(col(Subscription.active).is_(True))):
        subs.setdefault(sub.person_id, []).append(sub)
        if sub.region_code in off.codes:
            ids.add(sub.person_id)
    jobs = [j for j in session.exec(select(Job).where(col(Job.region_code).in_(off.codes)))]
    posts: dict[int, int] = {}
    for j in jobs:
        ids.add(j.poster_id)
        posts[j.poster_id] = posts.get(j.poster_id, 0) + 1
    claims: dict[int, int] = {}
    job_ids = [j.id for j in jobs]
    for claim in session.exec(select(Claim).where(col(Claim.job_id).in_(job_ids))):
        ids.add(claim.person_id)
        claims[claim.person_id] = claims.get(claim.person_id, 0) + 1
    rows = []
    for person in session.exec(select(Person).where(col(Person.id).in_(ids))
                               .order_by(col(Person.name))):
        assert person.id is not None
        home = g.by_code(person.region_code) if person.region_code else None
        wishes = []
        for sub in subs.get(person.id, []):
            place = g.by_code(sub.region_code) if sub.region_code else None
            wishes.append(" ".join(x for x in (sub.work_types.replace("|", "、") or "什么活都行",
                                               place.name if place else "全区",
                                               f"{cards.money(sub.min_wage)}元以上"
                                               if sub.min_wage else "") if x))
        rows.append(PersonRow(person.name, full_name(g, home) if home else "",
                              person_phone(session, off, person), "；".join(wishes),
                              claims.get(person.id, 0), posts.get(person.id, 0),
                              person.no_shows))
    return rows


def area_officers(session: Session, g: Gazetteer, off: Officer) -> list[tuple[str, str]]:
    """(name, region) of the officers inside the area, widest region first."""
    out = []
    for person, code in tiers.officers_of(session, off.codes):
        place = g.by_code(code)
        out.append((len(code), person.name, full_name(g, place) if place else code))
    return [(name, where) for _, name, where in sorted(out)]


# --- stats ----------------------------------------------------------------------------------

@dataclass
class StatsPage:
    place: Place
    since: date | None
    rows: list[stats.Row]
    text: str  # what 「统计」 answers in chat for the same filters
    weeks: list[date]  # Mondays, oldest first
    weekly: list[tuple[str, list[stats.Row | None]]]  # (place name, a row per week)


def stats_page(session: Session, g: Gazetteer, off: Officer, region: str, since: date | None,
               now: datetime, weeks: int = 8) -> StatsPage:
    place = (place_in_scope(g, off, region) if region
             else min(off.regions, key=lambda r: len(r.code)))
    start = stats.start_of(since)
    rows = stats.compute(session, g, place.code, start)
    today = now.astimezone(TZ).date()
    monday = today - timedelta(days=today.weekday())
    mondays = [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    per_week = [{r.code: r for r in stats.compute(
        session, g, place.code, stats.start_of(m), stats.start_of(m + timedelta(days=7)))}
        for m in mondays]
    weekly = [(r.name, [week.get(r.code) for week in per_week]) for r in rows]
    return StatsPage(place, since, rows, stats.as_text(rows, start), mondays, weekly)


# --- the station screen ---------------------------------------------------------------------

@dataclass
class ScreenJob:
    number: int
    work: str
    needed: str
    wage: str
    place: str
    day: str
    filled: bool


@dataclass
class Screen:
    place: Place
    name: str
    jobs: list[ScreenJob]
    posted_today: int
    open_jobs: int
    people_needed: int
    claimed_today: int
    honour: list[str] = field(default_factory=list)  # the 荣誉榜: consenting people only


HONOUR_LINES = 8  # what a screen has room for beside the jobs


def honour_lines(session: Session, g: Gazetteer, place: Place) -> list[str]:
    """The honour roll for a screen: its township's, or every township's on a county screen."""
    if place.level == "county":
        towns = [p for p in g.children(place.code) if p.level == "township"]
    else:
        town = g.township_of(place) if place.level != "township" else place
        towns = [town] if town is not None else []
    lines: list[str] = []
    for town in towns:
        lines.extend(honour.roll(session, g, town))
    return lines[:HONOUR_LINES]


def screen(session: Session, g: Gazetteer, place: Place, now: datetime) -> Screen:
    """The region's jobs people can still take, and those just filled (marked), most urgent and
    newest first; never a phone."""
    today = now.astimezone(TZ).date()
    codes = g.subtree_codes(place.code)
    rows = [j for j in session.exec(select(Job).where(col(Job.status).in_(("open", "filled")),
                                                      col(Job.region_code).in_(codes)))
            if (j.expires_at is None or j.expires_at > now)
            and (j.start_date is None or j.start_date >= today)]
    far = today + timedelta(days=3650)
    rows.sort(key=lambda j: (j.status == "filled", j.start_date or far,
                             -local(j.created_at).timestamp(), -(j.id or 0)))
    jobs = [ScreenJob(j.id or 0, j.work_type or "零工",
                      "已招满" if j.status == "filled" else cards.needed(j),
                      cards.wage_text(j).split(" · ")[0], cards.place_text(j),
                      cards.day_text(j.start_date, today) if j.start_date else "日期面议",
                      j.status == "filled") for j in rows]
    start = stats.start_of(today)
    assert start is not None
    posted = [j for j in session.exec(select(Job).where(col(Job.region_code).in_(codes),
                                                        col(Job.created_at) >= start,
                                                        col(Job.opened_at).is_not(None)))]
    open_rows = [j for j in rows if j.status == "open"]
    claimed = session.exec(
        select(Claim).join(Job, col(Job.id) == col(Claim.job_id))
        .where(col(Job.region_code).in_(codes), col(Claim.created_at) >= start,
               col(Claim.status).in_(("confirmed", "waitlisted")))).all()
    return Screen(place, full_name(g, place), jobs, len(posted), len(open_rows),
                  sum(max((j.headcount or 0) - j.confirmed, 0) for j in open_rows),
                  sum(c.count for c in claimed), honour_lines(session, g, place))
