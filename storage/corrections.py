"""What posters correct on their job cards, kept to teach the parser (issue 11, 'learn from use').

Every field a poster corrects in plain words ('工价200', '改成后天') is one row: the job, the
field, what the card said (the parser's reading), what the poster meant, and the words they
used. ``export_lines`` turns them into JSON Lines shaped like the parse corpus
(tests/data/README.md: the post's text, ``now``, ``chat_region``, ``expected`` with the jobs as
the poster left them), phones removed, ready to be checked by hand and added to a corpus;
``rate_by_field`` gives ``lingong stats`` its correction rate per field.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from nlp.extract import phone_spans
from nlp.gazetteer import Gazetteer
from storage.models import Group, Job, ParserCorrection, Person, Post

# The contract's JOB keys, in its order (the card's perks are '|'-joined in the table).
JOB_KEYS = (
    "work_type", "headcount", "start_date", "start_time", "end_time", "duration_days",
    "wage_min", "wage_max", "wage_unit", "settlement", "township", "village", "phone",
    "contact", "perks", "gender", "age_max", "age_min",
)
# Fields whose values are never kept: a phone says who someone is and nothing of the parser.
NO_VALUES = frozenset({"phone"})
FIELD_NAMES = {
    "work_type": "工种", "headcount": "人数", "start_date": "日期", "start_time": "开始时间",
    "end_time": "结束时间", "duration_days": "天数", "wage_min": "工价", "wage_max": "工价上限",
    "wage_unit": "工价单位", "settlement": "结算", "township": "乡镇", "village": "村",
    "phone": "电话", "contact": "联系人", "perks": "待遇", "gender": "性别", "age_max": "年龄上限",
    "age_min": "年龄下限",
}
PHONE_MARK = "[电话]"
TZ = ZoneInfo("Asia/Shanghai")
# what phone_spans does not catch: masked numbers and any other long run of digits
_DIGITS = re.compile(r"1[3-9][0-9*xX]{4,}[0-9*xX]*|[0-9]{7,}")


def snapshot(job: Job) -> dict[str, Any]:
    """The card's fields before a correction is applied (see ``record``)."""
    return {k: _card_value(job, k) for k in JOB_KEYS}


def record(session: Session, job: Job, before: dict[str, Any], changed: Iterable[str],
           said: str, person: Person, now: datetime) -> list[ParserCorrection]:
    """One row per field the correction changed (a field set to what it already was is no
    correction of the parser's). ``before``: ``snapshot(job)`` taken before the change."""
    assert job.id is not None and person.id is not None
    fields = list(dict.fromkeys(changed))
    if "wage_min" in fields and "wage_max" not in fields:
        fields.append("wage_max")  # an amount sets both ends
    rows = []
    for name in fields:
        if name not in before:
            continue
        old, new = before[name], _card_value(job, name)
        if old == new:
            continue
        keep = name not in NO_VALUES
        row = ParserCorrection(
            job_id=job.id, person_id=person.id, field_name=name,
            old_value=_dump(old) if keep else None, new_value=_dump(new) if keep else None,
            said=remove_phones(said), created_at=now)
        session.add(row)
        rows.append(row)
    if rows:
        session.flush()
    return rows


def _card_value(job: Job, name: str) -> Any:
    value = getattr(job, name)
    if name == "perks":
        return sorted(p for p in (value or "").split("|") if p)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value == int(value):
        return int(value)
    return value


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _load(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def remove_phones(text: str) -> str:
    """The text with every phone number (digits, spelled 幺三九…, masked) replaced."""
    for start, end, _ in sorted(phone_spans(text), reverse=True):
        text = text[:start] + PHONE_MARK + text[end:]
    return _DIGITS.sub(PHONE_MARK, text)


# --------------------------------------------------------------------------- reading


def corrections(session: Session, since: datetime | None = None) -> list[ParserCorrection]:
    q = select(ParserCorrection).order_by(col(ParserCorrection.id))
    if since is not None:
        q = q.where(col(ParserCorrection.created_at) >= since)
    return list(session.exec(q))


def rate_by_field(session: Session, job_ids: Iterable[int]) -> Counter[str]:
    """How many of these jobs had each field corrected (a job counts once per field)."""
    ids = set(job_ids)
    if not ids:
        return Counter()
    seen = {(c.job_id, c.field_name) for c in session.exec(
        select(ParserCorrection).where(col(ParserCorrection.job_id).in_(ids)))}
    # the two ends of an amount are one thing to the poster
    fields = {(job, "wage_min" if f == "wage_max" else f) for job, f in seen}
    return Counter(f for _, f in fields)


def rate_line(counts: Counter[str], posted: int) -> str:
    """``纠错率 工价 3(12%) · 日期 1(4%)``: fields corrected per job posted, most first."""
    if not posted:
        return ""
    if not counts:
        return "纠错率 0（发布人没有改过卡片）"
    parts = [f"{FIELD_NAMES.get(f, f)} {n}({round(n * 100 / posted)}%)"
             for f, n in sorted(counts.items(), key=lambda kv: (-kv[1], JOB_KEYS.index(kv[0])))]
    return "纠错率 " + " · ".join(parts)


@dataclass
class _PostRows:
    post: Post
    rows: list[ParserCorrection]


def export_lines(session: Session, gazetteer: Gazetteer,
                 since: datetime | None = None) -> Iterator[dict[str, Any]]:
    """One corpus-shaped line per corrected post (oldest first), phones removed: ``text``,
    ``now`` (when it was posted), ``chat_region``, ``expected`` (every job of the post as its
    poster left it, phone null) and ``corrections`` (what the parser read, what was meant)."""
    by_post: dict[int, _PostRows] = {}
    jobs: dict[int, Job] = {}
    for c in corrections(session, since):
        job = jobs.get(c.job_id) or session.get(Job, c.job_id)
        if job is None:
            continue
        jobs[c.job_id] = job
        post = session.get(Post, job.post_id)
        if post is None or not post.text:
            continue  # its words were forgotten (retention): nothing left to label
        by_post.setdefault(post.id or 0, _PostRows(post, [])).rows.append(c)
    for post_id, pr in by_post.items():
        post_jobs = list(session.exec(
            select(Job).where(col(Job.post_id) == post_id).order_by(col(Job.id))))
        index = {j.id: i for i, j in enumerate(post_jobs)}
        line: dict[str, Any] = {
            "id": f"k{post_id:04d}",
            "text": remove_phones(pr.post.text),
            "now": pr.post.created_at.astimezone(TZ).isoformat(timespec="seconds"),
        }
        group = session.get(Group, pr.post.chat_id)
        place = gazetteer.by_code(group.region_code) if group and group.region_code else None
        if place is not None:
            line["chat_region"] = place.name
        line["expected"] = {
            "intent": "job_post",
            "jobs": [_contract_job(j) for j in post_jobs],
            "seek": None, "claim": None,
        }
        line["corrections"] = [
            {"job": index.get(c.job_id, 0), "field": c.field_name,
             "parsed": _load(c.old_value), "meant": _load(c.new_value), "said": c.said}
            for c in pr.rows
        ]
        line["tags"] = ["correction"]
        yield line


def _contract_job(job: Job) -> dict[str, Any]:
    out = {k: _card_value(job, k) for k in JOB_KEYS}
    out["phone"] = None
    return out
