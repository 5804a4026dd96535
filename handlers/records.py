"""A person's 星级 and record, in the few words shown where the other side decides: beside a
claimer's name in the employer's note, and on an employer's cards once they have a history.

Fewer than ``MIN_RATINGS`` ratings show as 「新人」, never as a low score."""

from __future__ import annotations

from sqlalchemy.orm import object_session
from sqlmodel import Session, col, select

from storage import aftercare as store
from storage.models import ExposureEntry, Job, Person


def _stars(record: store.Record) -> str:
    if record.ratings < store.MIN_RATINGS or record.average is None:
        return "新人"
    return f"★{record.average:.1f}"


def worker_line(session: Session, person_id: int, employer_id: int | None = None) -> str:
    """「★4.8 · 做过12次」, 「新人 · 做过2次」 or 「新人」: a worker beside their name. With
    ``employer_id`` (a claim: the job's cards are made next), the employer's record for
    ``card_line`` is read in the same statement."""
    person = session.get(Person, person_id)
    if person is None:
        return ""
    seen: dict[int, str] = session.info.setdefault(EMPLOYER_LINES, {})
    if employer_id is not None and employer_id not in seen:
        bosses, hands = store.records_of(session, {employer_id}, {person_id: person.no_shows})
        seen[employer_id] = _employer_text(bosses[employer_id])
        record = hands[person_id]
    else:
        record = store.worker_record(session, person_id, person.no_shows)
    parts = [_stars(record)]
    if record.jobs:
        parts.append(f"做过{record.jobs}次")
    if record.no_shows:
        parts.append(f"没来{record.no_shows}次")
    return " · ".join(parts)


def employer_line(session: Session, person_id: int) -> str:
    """「★4.6 · 用工12次 · 按时结清 11/12」 once the employer has a history; else ""."""
    return _employer_text(store.employer_record(session, person_id))


def _employer_text(record: store.Record) -> str:
    if not record.answered:
        return ""
    return (f"{_stars(record)} · 用工{record.jobs}次 · "
            f"按时结清 {record.paid_on_time}/{record.answered}")


EMPLOYER_LINES = "employer_lines"  # session.info: the lines read by this session


def read_employer_lines(session: Session, person_ids: set[int]) -> None:
    """The records of several employers whose cards are about to be made (a new subscriber's
    pushes, a sender's round), read in one statement for ``card_line``."""
    seen: dict[int, str] = session.info.setdefault(EMPLOYER_LINES, {})
    wanted = {pid for pid in person_ids if pid not in seen}
    if len(wanted) > 1:  # one alone is read by card_line as it comes
        for pid, record in store.employer_records(session, wanted).items():
            seen[pid] = _employer_text(record)


def card_line(job: Job) -> str:
    """The employer's record for a job card (「老板：★4.6 · …」), or "" with no history. Read
    once per transaction and employer (a job's cards in many chats cost one look-up)."""
    session = object_session(job)
    if session is None or not isinstance(session, Session):
        return ""
    seen: dict[int, str] = session.info.setdefault(EMPLOYER_LINES, {})
    if job.poster_id not in seen:
        seen[job.poster_id] = employer_line(session, job.poster_id)
    line = seen[job.poster_id]
    return f"老板：{line}" if line else ""


STATES = {"asked": "还没回答", "paid": "结清了", "unpaid": "还没结（跟进中）", "absent": "没去成",
          "advanced": "站里垫付", "withdrawn": "已注销，存档"}
COMPLAINT_STATES = {"accepted": "受理", "mediating": "调解中", "resolved": "已解决",
                    "rejected": "不成立"}


def kept_lines(session: Session, person_id: int) -> list[str]:
    """For 「我的信息」: the wage checks, ratings and complaints kept about a person."""
    checks = store.checks_of_worker(session, person_id, tuple(STATES))
    given = store.ratings_given(session, person_id)
    got = store.ratings_received(session, person_id)
    complaints = store.complaints_by(session, person_id)
    lines = []
    if checks:
        open_cases = sum(1 for c in checks if c.status == "unpaid")
        lines.append(f"· 问工钱：{len(checks)}次" + (f"（欠薪跟进中{open_cases}起）"
                                                      if open_cases else ""))
    if given or got:
        lines.append(f"· 评分：您打过{len(given)}次，别人给您打过{len(got)}次")
    if complaints:
        lines.append(f"· 投诉：{len(complaints)}次（"
                     + "、".join(f"【{c.id}】{COMPLAINT_STATES[c.status]}" for c in complaints)
                     + "）")
    named = _exposures(session, person_id)
    if named:
        lines.append(f"· 曝光台上关于您的：{len(named)}条（"
                     + "、".join(f"【{e.id}】{EXPOSURE_STATES[e.status]}" for e in named) + "）")
    return lines


EXPOSURE_STATES = {"pending": "待公布", "appealed": "申诉中", "upheld": "已维持",
                   "withdrawn": "已撤下"}


def _exposures(session: Session, person_id: int) -> list[ExposureEntry]:
    return list(session.exec(select(ExposureEntry).where(ExposureEntry.person_id == person_id)
                             .order_by(col(ExposureEntry.id))))


def export_lines(session: Session, person_id: int) -> list[str]:
    """For 「导出我的信息」: every wage answer, rating and complaint, one line each."""
    out = ["", "【问工钱】"]
    for check in store.checks_of_worker(session, person_id, tuple(STATES)):
        out.append(f"{check.last_day:%Y-%m-%d} 干完的活（编号{check.job_id}）："
                   f"{STATES[check.status]}")
    out += ["", "【评分】"]
    out += [f"您给编号{r.job_id}的活打了{r.stars}星" + (f"「{r.word}」" if r.word else "")
            for r in store.ratings_given(session, person_id)]
    out += [f"编号{r.job_id}的活别人给您打了{r.stars}星" + (f"「{r.word}」" if r.word else "")
            for r in store.ratings_received(session, person_id)]
    out += ["", "【投诉】"]
    out += [f"【{c.id}】{COMPLAINT_STATES[c.status]}：{c.text or '（文字已删除）'}"
            for c in store.complaints_by(session, person_id)]
    out += ["", "【曝光台】"]
    out += [f"【{e.id}】{EXPOSURE_STATES[e.status]}：{e.label} 电话{e.phone or '（无）'}"
            + (f" 申诉：{e.appeal_text}" if e.appeal_text else "")
            for e in _exposures(session, person_id)]
    return out
