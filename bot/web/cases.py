"""The desk's 欠薪与投诉 tab: the wage cases and complaints of the officer's area, and the chat's
own actions on them (已垫付, 处理, 结案), recorded as if said in chat."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.clock import TZ
from bot.dispatcher import queue_reply
from bot.message import Reply
from bot.web.views import DESK_CHAT, NotYours, Officer
from handlers import aftercare, cards, complaints
from nlp.gazetteer import Gazetteer
from storage import aftercare as store
from storage import people
from storage.models import Complaint, InboundMessage, Job, Person, WageCheck

WAGE_STATES = {"unpaid": "未结", "paid": "已结清", "advanced": "站里垫付",
               "withdrawn": "工人已注销，存档"}
ACTIONS = {"advance": "已垫付", "mediate": "处理", "resolve": "结案", "reject": "结案"}


@dataclass
class CaseRow:
    kind: str  # wage | complaint
    id: int
    state: str
    open: bool
    who: str  # the worker (wage) / the complainant (complaint)
    about: str
    text: str
    opened: datetime
    history: list[tuple[datetime, str, str, str]]  # when, state, by, note


def _name(session: Session, person_id: int | None) -> str:
    person = session.get(Person, person_id) if person_id is not None else None
    return person.name if person is not None else "系统"


def _history(session: Session, kind: str, case_id: int, names: dict[str, str]
             ) -> list[tuple[datetime, str, str, str]]:
    return [(e.created_at, names.get(e.status, e.status),
             "定时提醒" if e.via == "clock" else _name(session, e.by_id)
             + ("（后台）" if e.via == "web" else ""), e.note)
            for e in store.history(session, kind, case_id)]


EVENT_NAMES = {"unpaid": "工人说还没结", "reminded": "已提醒老板", "escalated": "已告诉信息员",
               "paid": "工人说结清了", "advanced": "站里垫付", "withdrawn": "工人已注销，不再跟进"}


def area_cases(session: Session, g: Gazetteer, off: Officer, now: datetime) -> list[CaseRow]:
    """Wage cases (ever opened) and complaints of the officer's area, open ones first."""
    today = now.astimezone(TZ).date()
    rows: list[CaseRow] = []
    for check in store.all_checks(session):
        if check.opened_at is None or not aftercare.may_handle(session, g, off.person,
                                                                check.region_code):
            continue
        assert check.id is not None
        job = session.get(Job, check.job_id)
        about = (f"{aftercare.gig_name(session, job)} · {cards.short(job, today)}"
                 if job is not None else "")
        rows.append(CaseRow("wage", check.id, WAGE_STATES.get(check.status, check.status),
                            check.status == "unpaid", _name(session, check.worker_id), about,
                            f"说好的结算到 {check.due_on:%m-%d}", check.opened_at,
                            _history(session, "wage", check.id, EVENT_NAMES)))
    for case in store.all_complaints(session):
        if not aftercare.may_handle(session, g, off.person, case.region_code):
            continue
        assert case.id is not None
        rows.append(CaseRow("complaint", case.id, complaints.STATES[case.status],
                            case.status in store.COMPLAINT_OPEN,
                            _name(session, case.complainant_id),
                            complaints._about(session, case, now), case.text, case.created_at,
                            _history(session, "complaint", case.id,
                                     {**complaints.STATES, "limited": "限制再投诉"})))
    rows.sort(key=lambda r: (not r.open, -r.opened.timestamp()))
    return rows


def act(session: Session, g: Gazetteer, off: Officer, kind: str, case_id: int, action: str,
        note: str, now: datetime) -> list[str]:
    """An officer's action from the desk, exactly the chat's: recorded as a message they sent,
    the others told through the outbox. Returns what the chat would have answered them."""
    said = f"{ACTIONS[action]} {case_id}" + (
        {"resolve": " 已解决", "reject": " 不成立"}.get(action, "")) + (f" {note}" if note else "")
    identity = people.identities(session, off.id)
    session.add(InboundMessage(
        id=f"web:{uuid.uuid4().hex}", chat_id=DESK_CHAT,
        sender_id=identity[0].id if identity else f"web:person:{off.id}", text=said,
        sent_at=now, received_at=now))
    told: list[Reply]
    if kind == "wage" and action == "advance":
        check = session.get(WageCheck, case_id)
        if check is None or check.opened_at is None:
            raise LookupError(f"没有编号【{case_id}】的欠薪。")
        if not aftercare.may_handle(session, g, off.person, check.region_code):
            raise NotYours("这个欠薪不在您负责的片区。")
        _done, answer, told = aftercare.record_advance(session, g, check, off.person, now,
                                                       via="web", note=note)
    elif kind == "complaint" and action in ("mediate", "resolve", "reject"):
        case = session.get(Complaint, case_id)
        if case is None:
            raise LookupError(f"没有编号【{case_id}】的投诉。")
        if not aftercare.may_handle(session, g, off.person, case.region_code):
            raise NotYours("这个投诉不在您负责的片区。")
        status = {"mediate": "mediating", "resolve": "resolved", "reject": "rejected"}[action]
        answer, told = complaints.move(session, g, case, off.person, status, note, now,
                                       via="web")
    else:
        raise ValueError("不认识的操作。")
    for reply in told:
        queue_reply(session, reply, None, now)
    return [answer]

