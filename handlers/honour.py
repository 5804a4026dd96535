"""荣誉榜: reliable workers and employers who always paid on time, by their own consent.

「上榜」 privately agrees to be named (name and record only, never a phone); 「不上榜」 withdraws.
Once a month every bound group gets its township's roll with the 曝光台, on the day and hour
the officers set (「榜单时间」; the 1st at 09:00 unless they do: handlers/exposure.py); 「荣誉榜」
in a group (or privately, for one's own township) shows it now. A worker is on it with at
least ``MIN_RATINGS`` ratings averaging ``MIN_STARS`` or more and no no-show; an employer with
at least ``MIN_PAID`` wage answers, every one 结清 without a case.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot import filters
from bot.clock import TZ
from bot.router import Router
from handlers import records
from nlp.gazetteer import Gazetteer, Place
from storage import aftercare as store
from storage.models import Group, HonourOptIn, Person, WageCheck

router = Router("honour")

MIN_STARS = 4.5
MIN_PAID = 3


def township_of(g: Gazetteer, code: str | None) -> Place | None:
    """The township a place code lies in (itself for a township); None for the county."""
    place = g.by_code(code) if code else None
    if place is None or place.level == "county":
        return None
    return place if place.level == "township" else g.township_of(place)


def roll(session: Session, g: Gazetteer, township: Place) -> list[str]:
    """The roll's lines for a township: consenting people with a record there."""
    lines: list[str] = []
    for opt in session.exec(select(HonourOptIn).order_by(col(HonourOptIn.person_id))):
        person = session.get(Person, opt.person_id)
        if person is None:
            continue
        checks = [c for c in session.exec(select(WageCheck).where(
            (col(WageCheck.worker_id) == opt.person_id)
            | (col(WageCheck.employer_id) == opt.person_id)))
            if c.region_code and g.contains(township.code, c.region_code)]
        if not checks:
            continue
        worker = store.worker_record(session, opt.person_id, person.no_shows)
        if (worker.ratings >= store.MIN_RATINGS and worker.average is not None
                and worker.average >= MIN_STARS and not worker.no_shows):
            lines.append(f"👷 {person.name}（{records.worker_line(session, opt.person_id)}）")
        boss = store.employer_record(session, opt.person_id)
        if boss.answered >= MIN_PAID and boss.paid_on_time == boss.answered:
            lines.append(f"🤝 {person.name}（{records.employer_line(session, opt.person_id)}）")
    return lines


def roll_text(lines: list[str], township: Place, now: datetime) -> str:
    """The roll of ``township`` with its ``lines`` (``roll``)."""
    month = now.astimezone(TZ)
    head = f"【{township.name}荣誉榜】{month.year}年{month.month}月"
    if not lines:
        return head + "\n还没有人上榜。按时结清工钱、干活靠谱、评分高的，私聊我发「上榜」就能上。"
    return (head + "\n" + "\n".join(lines)
            + "\n（👷 靠谱工人 🤝 按时结清的老板；本人同意才上榜，私聊发「上榜」/「不上榜」）")


@router.message(filters.private, filters.text_equals("上榜", "我要上榜", "同意上榜"))
def opt_in(session: Session, person: Person, now: datetime) -> str:
    assert person.id is not None
    if session.get(HonourOptIn, person.id) is None:
        session.add(HonourOptIn(person_id=person.id, created_at=now))
    return ("好的，您同意上荣誉榜：每月在您干活所在镇的群里公布（一般是1号），"
            "只写名字和星级、次数，不写电话。够条件才上：工人评分4.5星以上、没有缺工；老板每次都按时结清。"
            "不想上了发「不上榜」。")


@router.message(filters.private, filters.text_equals("不上榜", "退出荣誉榜", "不要上榜"))
def opt_out(session: Session, person: Person) -> str:
    row = session.get(HonourOptIn, person.id)
    if row is not None:
        session.delete(row)
        return "好的，以后荣誉榜上不会有您。"
    return "您没有上荣誉榜，不用退出。"


@router.message(filters.text_equals("荣誉榜"))
def show(session: Session, person: Person, group: Group | None, gazetteer: Gazetteer,
         now: datetime) -> str | None:
    code = group.region_code if group is not None else person.region_code
    township = township_of(gazetteer, code)
    if township is None:
        return None if group is not None else "荣誉榜按镇公布，请在镇、村的群里发「荣誉榜」。"
    return roll_text(roll(session, gazetteer, township), township, now)
