"""Officer numbers ("统计", ``lingong stats``): jobs posted and filled, fill rate, time to fill,
claims and workers reached, for a region and each township and village below it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import TZ
from nlp.gazetteer import Gazetteer, Place, load_gazetteer
from storage import aftercare, corrections, exposure, tiers
from storage.db import upgrade

CSV_FIELDS = ("region_code", "region", "level", "parent_code", "jobs_posted", "jobs_filled",
              "fill_rate", "median_hours_to_fill", "claims", "workers_reached",
              # after the gig (绩效): wage cases, complaints, rating averages
              "wage_checks", "wage_cases", "wage_cases_open", "wage_cases_settled",
              "wage_cases_advanced", "median_hours_to_settle", "complaints", "complaints_open",
              "median_hours_to_close_complaint", "employer_rating_avg", "worker_rating_avg",
              # the 曝光台: entries opened, posted in the groups, appealed, withdrawn
              "exposures", "exposures_posted", "exposures_appealed", "exposures_withdrawn")


@dataclass
class Row:
    code: str
    name: str
    level: str
    parent_code: str | None
    posted: int = 0
    filled: int = 0
    hours_to_fill: list[float] = field(default_factory=list)
    claims: int = 0
    reached: set[int] = field(default_factory=set)
    # After the gig: wage checks asked; cases opened, still open, settled, advanced (垫付);
    # hours from a case to its end; complaints and hours to close them; stars given.
    wage_checks: int = 0
    wage_cases: int = 0
    wage_open: int = 0
    wage_settled: int = 0
    wage_advanced: int = 0
    hours_to_settle: list[float] = field(default_factory=list)
    complaints: int = 0
    complaints_open: int = 0
    hours_to_close: list[float] = field(default_factory=list)
    employer_stars: list[int] = field(default_factory=list)  # workers rating employers
    worker_stars: list[int] = field(default_factory=list)  # employers rating workers
    exposures: int = 0
    exposures_posted: int = 0
    exposures_appealed: int = 0
    exposures_withdrawn: int = 0

    @property
    def fill_rate(self) -> float | None:
        return self.filled / self.posted if self.posted else None

    @property
    def median_hours(self) -> float | None:
        return median(self.hours_to_fill) if self.hours_to_fill else None


def _chain(g: Gazetteer, code: str | None) -> list[str]:
    """The code and every code above it (empty for a place the gazetteer does not know)."""
    out: list[str] = []
    place = g.by_code(code) if code else None
    while place is not None:
        out.append(place.code)
        place = g.by_code(place.parent_code) if place.parent_code else None
    return out


def compute(session: Session, gazetteer: Gazetteer, region_code: str, since: datetime | None,
            until: datetime | None = None) -> list[Row]:
    """One row for the region, then each township (and village) below it that had jobs posted
    from ``since`` (and before ``until``: the desk's weeks)."""
    top = gazetteer.by_code(region_code)
    if top is None:
        raise ValueError(f"unknown region code {region_code!r}")
    facts = tiers.jobs_posted_since(session, since, until)
    rows: dict[str, Row] = {}

    def row(code: str) -> Row:
        if code not in rows:
            p = gazetteer.by_code(code)
            assert p is not None
            rows[code] = Row(p.code, p.name, p.level, p.parent_code or None)
        return rows[code]

    row(top.code)
    where: dict[int, list[Row]] = {}
    for fact in facts:
        chain = _chain(gazetteer, fact.region_code)
        if top.code not in chain:
            if not (top.level == "county" and fact.region_code is None):
                continue
            chain = [top.code]  # no place known: counted for the county only
        chain = chain[: chain.index(top.code) + 1]
        hits = [row(c) for c in chain]
        where[fact.job_id] = hits
        filled = fact.status == "filled" or fact.filled_at is not None
        hours = None
        if filled and fact.filled_at is not None and fact.opened_at is not None:
            hours = (fact.filled_at - fact.opened_at).total_seconds() / 3600
        for r in hits:
            r.posted += 1
            r.filled += filled
            if hours is not None:
                r.hours_to_fill.append(hours)
    ids = list(where)
    for job_id, person_id, _count, _status in tiers.claims_of(session, ids):
        for r in where[job_id]:
            r.claims += 1
            r.reached.add(person_id)
    for job_id, person_id in tiers.pushes_of(session, ids):
        for r in where[job_id]:
            r.reached.add(person_id)
    _after_the_gig(session, gazetteer, top, row, since, until)
    ordered = [rows[top.code]]
    for child in sorted(gazetteer.children(top.code), key=lambda p: p.code):
        if child.code in rows:
            ordered.append(rows[child.code])
            ordered.extend(rows[v.code] for v in sorted(gazetteer.children(child.code),
                                                       key=lambda p: p.code)
                           if v.code in rows)
    return ordered


def _hits(gazetteer: Gazetteer, top: Place, code: str | None) -> list[str]:
    """The codes from ``code`` up to ``top`` (the county alone for an unknown place)."""
    chain = _chain(gazetteer, code)
    if top.code not in chain:
        return [top.code] if top.level == "county" and code is None else []
    return chain[: chain.index(top.code) + 1]


def _after_the_gig(session: Session, gazetteer: Gazetteer, top: Place, row: Callable[[str], Row],
                   since: datetime | None, until: datetime | None) -> None:
    """Wage cases, complaints and ratings of the period, on the rows of their place."""
    for check in aftercare.all_checks(session, since, until):
        for r in (row(c) for c in _hits(gazetteer, top, check.region_code)):
            r.wage_checks += 1
            if check.opened_at is None:
                continue
            r.wage_cases += 1
            r.wage_open += check.status == "unpaid"
            r.wage_settled += check.status == "paid"
            r.wage_advanced += check.status == "advanced"
            if check.closed_at is not None and check.status != "withdrawn":
                r.hours_to_settle.append((check.closed_at - check.opened_at).total_seconds()
                                         / 3600)
    for case in aftercare.complaints_between(session, since, until):
        for r in (row(c) for c in _hits(gazetteer, top, case.region_code)):
            r.complaints += 1
            r.complaints_open += case.status in aftercare.COMPLAINT_OPEN
            if case.closed_at is not None:
                r.hours_to_close.append((case.closed_at - case.created_at).total_seconds()
                                        / 3600)
    for entry in exposure.entries(session):
        if (since is not None and entry.created_at < since) or (
                until is not None and entry.created_at >= until):
            continue
        for r in (row(c) for c in _hits(gazetteer, top, entry.region_code)):
            r.exposures += 1
            r.exposures_posted += entry.posted_at is not None
            r.exposures_appealed += entry.appealed_at is not None
            r.exposures_withdrawn += entry.status == "withdrawn"
    for rating, code in aftercare.all_ratings(session, since, until):
        for r in (row(c) for c in _hits(gazetteer, top, code)):
            (r.employer_stars if rating.side == "worker" else r.worker_stars).append(
                rating.stars)


def _avg(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def after_line(r: Row) -> str:
    """The 绩效 line of a row: wage cases, complaints, ratings ("" when there is none)."""
    parts = []
    if r.wage_checks:
        parts.append(f"问工钱{r.wage_checks}人 欠薪{r.wage_cases}起"
                     f"(未结{r.wage_open} 结清{r.wage_settled} 垫付{r.wage_advanced})"
                     + _hours(median(r.hours_to_settle) if r.hours_to_settle else None))
    if r.complaints:
        parts.append(f"投诉{r.complaints}起(未结{r.complaints_open})"
                     + _hours(median(r.hours_to_close) if r.hours_to_close else None))
    if r.exposures:
        parts.append(f"曝光{r.exposures}条(已公布{r.exposures_posted} 申诉{r.exposures_appealed}"
                     f" 撤下{r.exposures_withdrawn})")
    stars = [(who, _avg(v), len(v)) for who, v in (("老板", r.employer_stars),
                                                   ("工人", r.worker_stars)) if v]
    if stars:
        parts.append("评分 " + " ".join(f"{who}★{avg:.1f}({n})" for who, avg, n in stars
                                        if avg is not None))
    return " ".join(parts)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def _hours(value: float | None) -> str:
    if value is None:
        return ""
    if value < 1:
        return f" 用时{max(round(value * 60), 1)}分钟"
    if value < 48:
        return f" 用时{value:.1f}小时".replace(".0小时", "小时")
    return f" 用时{value / 24:.1f}天".replace(".0天", "天")


def line(r: Row) -> str:
    return (f"发布{r.posted} 招满{r.filled}({_pct(r.fill_rate)}){_hours(r.median_hours)} "
            f"报名{r.claims} 触达{len(r.reached)}人")


def as_text(rows: list[Row], since: datetime | None) -> str:
    top = rows[0]
    when = f"{since.month}月{since.day}日以来" if since else "全部"
    out = [f"【统计】{top.name} {when}", f"合计 {line(top)}"]
    if after_line(top):
        out.append(f"  {after_line(top)}")
    if top.posted == 0:
        out.append("这段时间还没有招工。")
    for r in rows[1:]:
        indent = "· " if r.level == "village" and top.level == "county" else ""
        out.append(f"{indent}{r.name} {line(r)}")
        if after_line(r):
            out.append(f"  {after_line(r)}")
    if top.posted:
        out.append("（用时：从发布到招满的中位数；触达：收到推送或报名的人）")
    if top.wage_checks or top.complaints:
        out.append("（欠薪、投诉的用时：从反映到了结的中位数；评分：平均星级(人次)）")
    return "\n".join(out)


def as_csv(rows: list[Row]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for r in rows:
        rate = r.fill_rate
        hours = r.median_hours
        settle = median(r.hours_to_settle) if r.hours_to_settle else None
        close = median(r.hours_to_close) if r.hours_to_close else None
        bosses, workers = _avg(r.employer_stars), _avg(r.worker_stars)
        writer.writerow([r.code, r.name, r.level, r.parent_code or "", r.posted, r.filled,
                         "" if rate is None else f"{rate:.3f}",
                         "" if hours is None else f"{hours:.2f}", r.claims, len(r.reached),
                         r.wage_checks, r.wage_cases, r.wage_open, r.wage_settled,
                         r.wage_advanced, "" if settle is None else f"{settle:.2f}",
                         r.complaints, r.complaints_open,
                         "" if close is None else f"{close:.2f}",
                         "" if bosses is None else f"{bosses:.2f}",
                         "" if workers is None else f"{workers:.2f}",
                         r.exposures, r.exposures_posted, r.exposures_appealed,
                         r.exposures_withdrawn])
    return buf.getvalue()


# --- reading "since" ------------------------------------------------------------------------

def parse_since(text: str, today: date) -> date | None:
    """``7天``/``近30天``, ``本周``, ``本月``, ``今天``, ``2026-11-01``, ``11月1日``; None if not
    one of those."""
    t = text.strip()
    if not t:
        return None
    if t in ("今天", "今日"):
        return today
    if t in ("本周", "这周"):
        return today - timedelta(days=today.weekday())
    if t in ("本月", "这个月"):
        return today.replace(day=1)
    m = re.fullmatch(r"(?:近|最近)?(\d{1,3})\s*天", t)
    if m:
        return today - timedelta(days=int(m.group(1)) - 1)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?(?:以来|起)?", t)
    if m:
        year = int(m.group(1)) if m.group(1) else today.year
        day = date(year, int(m.group(2)), int(m.group(3)))
        return day.replace(year=year - 1) if day > today and not m.group(1) else day
    return None


def start_of(day: date | None) -> datetime | None:
    return datetime.combine(day, time(0, 0), tzinfo=TZ) if day else None


def find_region(g: Gazetteer, text: str) -> Place | None:
    """A place by code, name or unambiguous alias: ``429021``, ``木鱼镇``, ``青天村``."""
    text = text.strip()
    return g.by_code(text) or g.by_name(text) or g.resolve(text)


def stats_command(engine: Engine, region: str | None = None, since: str | date | None = None,
                  as_csv_output: bool = False, today: date | None = None,
                  gazetteer: Gazetteer | None = None) -> str:
    """``lingong stats [--region R] [--since D] [--csv]``: the report as text or CSV.

    ``gazetteer`` defaults to the default county's. Raises ValueError with a one-line reason
    for an unknown region or date."""
    upgrade(engine)
    g = gazetteer or load_gazetteer()
    today = today or datetime.now(TZ).date()
    if isinstance(since, str):
        day = parse_since(since, today)
        if day is None:
            raise ValueError(f"--since {since!r}: use YYYY-MM-DD, 7天, 本周 or 本月")
        since = day
    target = find_region(g, region) if region else g.county
    if target is None:
        raise ValueError(f"--region {region!r}: not a township, village or code of the county")
    with Session(engine) as session:
        rows = compute(session, g, target.code, start_of(since))
        if as_csv_output:
            return as_csv(rows)
        text = as_text(rows, start_of(since))
        fixes = correction_line(session, g, target.code, start_of(since), rows[0].posted)
    return text + (f"\n{fixes}" if fixes else "") + "\n"


def correction_line(session: Session, g: Gazetteer, region_code: str, since: datetime | None,
                    posted: int) -> str:
    """The fields posters corrected on the region's cards, per job posted (storage.corrections)."""
    top = g.by_code(region_code)
    ids = [f.job_id for f in tiers.jobs_posted_since(session, since, None)
           if region_code in _chain(g, f.region_code)
           or (top is not None and top.level == "county" and f.region_code is None)]
    return corrections.rate_line(corrections.rate_by_field(session, ids), posted)
