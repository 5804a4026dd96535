"""Complaints (投诉): 「投诉 …」 privately, replying to a card or naming a job or a person.

A case goes 受理 → 调解中 → 已解决 / 不成立. The officers of the place are told when it opens;
they move it with 「处理 编号」 and 「结案 编号 已解决/不成立 …」; the complainant hears every
step, the other party from 调解中 on — never who complained. Every step is a CaseEvent. An
officer may stop a person's groundless repeats: 「限制投诉 编号」 (30 days).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot import filters
from bot.clock import TZ
from bot.message import Reply
from bot.router import Context, Router
from handlers import cards
from handlers.aftercare import (
    NOT_OFFICER,
    is_officer,
    may_handle,
    not_officer,
    officers_of_place,
)
from handlers.matching import dm, job_of_message
from handlers.posting import mask_text
from nlp.gazetteer import Gazetteer
from storage import aftercare as store
from storage import outbox
from storage.models import Claim, Complaint, ComplaintLimit, Job, Person, WageCheck

router = Router("complaints")

STATES = {"accepted": "受理", "mediating": "调解中", "resolved": "已解决", "rejected": "不成立"}
VERDICTS = {"已解决": "resolved", "解决": "resolved", "不成立": "rejected"}
LIMIT_DAYS = 30
COMPLAINT = re.compile(r"^\s*(?:我要)?投诉\s*[:：,，]?\s*(?P<rest>.*)$", re.S)
NUMBER = r"\s*[【\[#＃]?\s*(?P<n>\d+)\s*[】\]]?"
HANDLE = re.compile(rf"^\s*处理{NUMBER}\s*$")
CLOSE = re.compile(rf"^\s*结案{NUMBER}\s*(?P<rest>.*)$", re.S)
LIMIT = re.compile(rf"^\s*限制投诉{NUMBER}\s*$")
JOB_NUMBER = re.compile(r"[【\[#＃]\s*(\d+)\s*[】\]]|(\d+)\s*号活")
PHONE = re.compile(r"1[3-9]\d{9}")
HOW = ("要投诉，请私聊我，回复那条招工消息说「投诉 …」，或写明是哪个活（早报上的编号，"
       "如「投诉【5】 …」）、哪个人，再说说发生了什么。")


@dataclass(frozen=True)
class Target:
    job: Job | None
    against: Person | None


def _counterparts(session: Session, person_id: int) -> list[tuple[Person, Job]]:
    """People the complainant worked with: posters of jobs they claimed, people who claimed
    their jobs (newest first)."""
    out: list[tuple[Person, Job]] = []
    for job in session.exec(select(Job).join(Claim, col(Claim.job_id) == Job.id)
                            .where(Claim.person_id == person_id)
                            .order_by(col(Job.id).desc())):
        poster = session.get(Person, job.poster_id)
        if poster is not None:
            out.append((poster, job))
    for claim, job in session.exec(select(Claim, Job).join(Job, col(Job.id) == Claim.job_id)
                                   .where(Job.poster_id == person_id)
                                   .order_by(col(Job.id).desc())):
        worker = session.get(Person, claim.person_id)
        if worker is not None:
            out.append((worker, job))
    return out


def find_target(ctx: Context, text: str) -> Target | None:
    """What the complaint is about: the message it replies to, a job number, a phone, or the
    name of someone the complainant worked with. None when it cannot be told."""
    session, me = ctx.session, ctx.person
    assert me.id is not None
    job = job_of_message(session, ctx.message.reply_to)
    if job is None and ctx.message.reply_to:
        row = outbox.by_platform_id(session, ctx.message.reply_to)
        key = row.dedupe_key if row is not None and row.dedupe_key else ""
        if key.startswith(("wage:", "rate:")) and key.split(":")[1].isdigit():
            check = session.get(WageCheck, int(key.split(":")[1]))
            job = session.get(Job, check.job_id) if check is not None else None
    if job is None:
        m = JOB_NUMBER.search(text)
        if m is not None:
            job = session.get(Job, int(m.group(1) or m.group(2)))
            if job is None or job.status in ("draft",):
                return None
    if job is None:
        phone = PHONE.search(text)
        if phone is not None:
            job = session.exec(select(Job).where(Job.phone == phone.group(0))
                               .order_by(col(Job.id).desc())).first()
    named = [(p, j) for p, j in _counterparts(session, me.id)
             if len(p.name) >= 2 and p.name in text and p.id != me.id]
    if job is not None:
        if job.poster_id != me.id:
            return Target(job, session.get(Person, job.poster_id))
        mine = [p for p, j in named if j.id == job.id]
        return Target(job, mine[0] if mine else None)
    if named:
        person, job = named[0]
        return Target(job, person)
    return None


def _complaint(ctx: Context) -> dict[str, Any] | bool:
    m = COMPLAINT.match(ctx.message.text)
    if m is None:
        return False
    return {"rest": m.group("rest").strip()}


@router.message(filters.private, filters.text_equals("投诉", "投诉列表", "投诉情况"), is_officer)
def complaint_list(session: Session, person: Person, gazetteer: Gazetteer, now: datetime
                   ) -> Reply:
    lines = []
    for case in store.all_complaints(session, store.COMPLAINT_OPEN):
        if may_handle(session, gazetteer, person, case.region_code):
            lines.append(f"【{case.id}】{STATES[case.status]} · {_about(session, case, now)}"
                         f" · {mask_text(case.text)[:40]}")
    if not lines:
        return Reply("您片区现在没有没结的投诉。")
    return Reply("没结的投诉：\n" + "\n".join(lines)
                 + "\n调解回「处理 编号」，结案回「结案 编号 已解决 …」或「结案 编号 不成立 …」。")


@router.message(filters.private, _complaint)
def complain(ctx: Context, rest: str, session: Session, person: Person, now: datetime,
             gazetteer: Gazetteer) -> list[Reply]:
    assert person.id is not None
    if not rest:
        return [Reply(HOW)]
    limit = session.get(ComplaintLimit, person.id)
    today = now.astimezone(TZ).date()
    if limit is not None and limit.until >= today:
        return [Reply(f"您的投诉暂时受限到{limit.until.month}月{limit.until.day}日。"
                      "有急事请直接找信息员。")]
    target = find_target(ctx, rest)
    if target is None:
        return [Reply(HOW)]
    job, against = target.job, target.against
    region = (job.region_code if job is not None else None) or (
        against.region_code if against is not None else None) or person.region_code
    case = Complaint(complainant_id=person.id, against_id=against.id if against else None,
                     job_id=job.id if job else None, region_code=region, text=rest,
                     created_at=now, updated_at=now)
    session.add(case)
    session.flush()
    assert case.id is not None
    store.add_event(session, "complaint", case.id, "accepted", now, by_id=person.id)
    about = _about(session, case, now)
    replies = [Reply(f"已受理您的投诉（编号【{case.id}】）：{about}。\n"
                     "已告诉管这里的信息员，对方不会知道是谁投诉的。每一步进展都会告诉您。")]
    text = (f"投诉【{case.id}】受理：{person.name}（电话 {person.phone or '没留'}）投诉"
            f"{about}：\n「{mask_text(rest)[:300]}」\n"
            f"调解请回「处理 {case.id}」；结案回「结案 {case.id} 已解决 …」"
            f"或「结案 {case.id} 不成立 …」。")
    for officer_id in officers_of_place(session, gazetteer, region):
        replies.extend(dm(session, officer_id, text, kind="notice").replies)
    return replies


def _about(session: Session, case: Complaint, now: datetime) -> str:
    parts = []
    if case.against_id is not None:
        against = session.get(Person, case.against_id)
        if against is not None:
            parts.append(against.name)
    if case.job_id is not None:
        job = session.get(Job, case.job_id)
        if job is not None:
            parts.append(f"（{cards.short(job, now.astimezone(TZ).date())}）")
    return "".join(parts) or "（未写明对象）"


def _case(ctx: Context, pattern: re.Pattern[str]) -> dict[str, Any] | bool:
    m = pattern.match(ctx.message.text)
    if m is None or not is_officer(ctx):
        return False
    found: dict[str, Any] = {"case_id": int(m.group("n"))}
    if "rest" in m.groupdict():
        found["rest"] = m.group("rest").strip()
    return found


def move(session: Session, gazetteer: Gazetteer, case: Complaint, officer: Person,
         status: str, note: str, now: datetime, via: str = "chat") -> tuple[str, list[Reply]]:
    """An officer moves a case: (the answer to the officer, messages to the parties)."""
    assert case.id is not None
    if not may_handle(session, gazetteer, officer, case.region_code):
        return "这个投诉不在您负责的片区，不能处理。", []
    if case.status not in store.COMPLAINT_OPEN:
        return f"投诉【{case.id}】已经结案（{STATES[case.status]}）。", []
    if status == "mediating" and case.status == "mediating":
        return f"投诉【{case.id}】已经在调解中。", []
    case.status = status
    case.updated_at = now
    if status in ("resolved", "rejected"):
        case.closed_at = now
    session.add(case)
    store.add_event(session, "complaint", case.id, status, now, by_id=officer.id, note=note,
                    via=via)
    about = _about(session, case, now)
    said = f"：{note}" if note else ""
    to_complainant = {
        "mediating": f"您的投诉【{case.id}】（{about}）现在「调解中」：信息员{officer.name}"
                     "已开始调解，会联系您。",
        "resolved": f"您的投诉【{case.id}】（{about}）已解决{said}。",
        "rejected": f"您的投诉【{case.id}】（{about}）经信息员核实不成立{said}。"
                    "有新情况可以再说。",
    }[status]
    replies = dm(session, case.complainant_id, to_complainant, kind="notice").replies
    if case.against_id is not None:
        job = session.get(Job, case.job_id) if case.job_id is not None else None
        what = f"（{cards.short(job, now.astimezone(TZ).date())}）" if job else ""
        to_other = {
            "mediating": f"有人反映了您{what}的一件事，现在「调解中」：信息员{officer.name}"
                         "会联系您调解。",
            "resolved": f"关于您{what}的反映经调解已解决{said}。谢谢配合！",
            "rejected": f"关于您{what}的反映经核实不成立，已结案。",
        }[status]
        replies += dm(session, case.against_id, to_other, kind="notice").replies
    return f"投诉【{case.id}】现在是「{STATES[status]}」，已告诉双方。", replies


@router.message(lambda ctx: _case(ctx, HANDLE))
def handle_case(case_id: int, session: Session, person: Person, now: datetime,
                gazetteer: Gazetteer) -> list[Reply]:
    case = session.get(Complaint, case_id)
    if case is None:
        return [Reply(f"没有编号【{case_id}】的投诉。发「投诉列表」看您片区的投诉。")]
    answer, told = move(session, gazetteer, case, person, "mediating", "", now)
    return [Reply(answer), *told]


@router.message(lambda ctx: _case(ctx, CLOSE))
def close_case(case_id: int, rest: str, session: Session, person: Person, now: datetime,
               gazetteer: Gazetteer) -> list[Reply]:
    case = session.get(Complaint, case_id)
    if case is None:
        return [Reply(f"没有编号【{case_id}】的投诉。发「投诉列表」看您片区的投诉。")]
    verdict = next((v for w, v in VERDICTS.items() if rest.startswith(w)), None)
    if verdict is None:
        return [Reply(f"请写明结果：「结案 {case_id} 已解决 …」或「结案 {case_id} 不成立 …」。")]
    word = next(w for w in VERDICTS if rest.startswith(w))
    note = rest[len(word):].strip(" :：,，")
    answer, told = move(session, gazetteer, case, person, verdict, note, now)
    return [Reply(answer), *told]


@router.message(lambda ctx: _case(ctx, LIMIT))
def limit_complainant(case_id: int, session: Session, person: Person, now: datetime,
                      gazetteer: Gazetteer) -> Reply:
    case = session.get(Complaint, case_id)
    if case is None:
        return Reply(f"没有编号【{case_id}】的投诉。")
    if not may_handle(session, gazetteer, person, case.region_code):
        return Reply("这个投诉不在您负责的片区，不能限制。")
    if case.status != "rejected":
        return Reply("只有核实不成立的投诉，才能限制投诉人再投诉。")
    until = now.astimezone(TZ).date() + timedelta(days=LIMIT_DAYS)
    limit = session.get(ComplaintLimit, case.complainant_id)
    if limit is None:
        limit = ComplaintLimit(person_id=case.complainant_id, until=until, by_id=person.id,
                               created_at=now)
    limit.until, limit.by_id = until, person.id
    session.add(limit)
    assert case.id is not None
    store.add_event(session, "complaint", case.id, "limited", now, by_id=person.id)
    return Reply(f"好的，投诉【{case_id}】的投诉人{LIMIT_DAYS}天内不能再投诉"
                 f"（到{until.month}月{until.day}日）。")


@router.message(filters.private,
                lambda ctx: any(p.match(ctx.message.text) for p in (HANDLE, CLOSE, LIMIT)),
                not_officer)
def case_not_officer() -> str:
    """「处理 3」「结案 3 …」「限制投诉 3」 from someone who is no officer."""
    return NOT_OFFICER.format(action="处理投诉")
