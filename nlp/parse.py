"""parse(): a message in, its intent and structured jobs / seek / claim out."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar, cast

from nlp.extract import (
    Doc,
    PlaceHit,
    Wage,
    build_doc,
    gender_of,
    perks_of,
    region_default,
    resolve_places,
)
from nlp.gazetteer import Gazetteer, load_gazetteer
from nlp.intent import classify
from nlp.lexicon import WorkMention
from nlp.normalize import normalize
from nlp.numbers import parse_number
from nlp.scam import scam_word
from nlp.typos import fix_typos

JOB_KEYS = (
    "work_type", "headcount", "start_date", "start_time", "end_time", "duration_days",
    "wage_min", "wage_max", "wage_unit", "settlement", "township", "village", "phone",
    "contact", "perks", "gender", "age_max", "age_min",
)
MAX_CHARS = 20_000


@dataclass
class Job:
    work_type: str | None = None
    headcount: int | None = None
    start_date: dt.date | None = None
    start_time: str | None = None
    end_time: str | None = None
    duration_days: int | None = None
    wage_min: float | None = None
    wage_max: float | None = None
    wage_unit: str | None = None
    settlement: str | None = None
    township: str | None = None
    village: str | None = None
    phone: str | None = None
    contact: str | None = None
    perks: list[str] = field(default_factory=list)
    gender: str | None = None
    age_max: int | None = None
    age_min: int | None = None

    def to_contract(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for k in JOB_KEYS:
            v = getattr(self, k)
            if isinstance(v, dt.date):
                v = v.isoformat()
            elif isinstance(v, float) and v == int(v):
                v = int(v)
            elif isinstance(v, list):
                v = list(v)
            out[k] = v
        return out


@dataclass
class Seek:
    work_types: list[str] = field(default_factory=list)
    township: str | None = None
    village: str | None = None
    phone: str | None = None
    available_date: dt.date | None = None
    min_wage: float | None = None
    unavailable: bool = False

    def to_contract(self) -> dict[str, object]:
        return {
            "work_types": list(self.work_types),
            "township": self.township,
            "village": self.village,
            "phone": self.phone,
            "available_date": self.available_date.isoformat() if self.available_date else None,
        }


@dataclass
class ClaimIntent:
    count: int = 1


@dataclass
class Parse:
    intent: str
    jobs: list[Job] = field(default_factory=list)
    seek: Seek | None = None
    claim: ClaimIntent | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def to_contract(self, id: object) -> dict[str, object]:
        extra = dict(self.extra)
        if self.seek is not None:
            if self.seek.min_wage is not None:
                extra["min_wage"] = _num_out(self.seek.min_wage)
            if self.seek.unavailable:
                extra["unavailable"] = True
        return {
            "id": id,
            "intent": self.intent,
            "jobs": [j.to_contract() for j in self.jobs],
            "seek": self.seek.to_contract() if self.seek else None,
            "claim": {"count": self.claim.count} if self.claim else None,
            "extra": extra,
        }


def _num_out(v: float) -> float | int:
    return int(v) if v == int(v) else v


# ---------------------------------------------------------------- choosing mentions

T = TypeVar("T")
Scope = Callable[[int], bool]


def _first(items: list[T], scope: Scope, pos: Callable[[T], int]) -> T | None:
    for it in items:
        if scope(pos(it)):
            return it
    return None


def _all(items: list[T], scope: Scope, pos: Callable[[T], int]) -> list[T]:
    return [it for it in items if scope(pos(it))]


def _everywhere(_: int) -> bool:
    return True


def _in(start: int, end: int) -> Scope:
    return lambda p: start <= p < end


def _outside(ranges: list[tuple[int, int]]) -> Scope:
    return lambda p: not any(s <= p < e for s, e in ranges)


_HIRE_BEFORE = re.compile(r"(?:招|聘|要|找|请|缺|需要?)(?:[0-9一二两三四五六七八九十几个名位]*)$")
_SHARED_HEAD = re.compile(r"各\s*$")
# a one-off task: an amount for it is for the whole job ('帮忙抬个冰柜 一百块', '搬个家 四百')
_JOB_FINITE = re.compile(
    r"一车|一趟|这车|整车|这批|一批|包工|包干|承包|搞半天|搞完|弄完|帮忙|帮我|帮个忙|"
    r"[搬抬拆修砌挖装卸扛打]个"
)
_ONE_BEFORE = re.compile(r"(?:要|找|请|招)(?:一)?(?:个|名|位)$")
_WAGE_WORD = re.compile(
    r"(?:工价|工资|工钱|价格)\s*[:改为成是]*\s*([0-9一二两三四五六七八九十百千万.]+)"
)


@dataclass
class _Ctx:
    doc: Doc
    g: Gazetteer
    chat_region: str | None


def _title_mention(works: list[WorkMention], text: str) -> WorkMention | None:
    """The job title among several mentions: one right after a hiring verb, else the first."""
    for w in works:
        if _HIRE_BEFORE.search(text[max(0, w.start - 4) : w.start]):
            return w
    return works[0] if works else None


def _place_for(ctx: _Ctx, hits: list[PlaceHit]) -> tuple[str | None, str | None]:
    town, village, stated = resolve_places(hits, ctx.g)
    if stated:
        return town, village
    return region_default(ctx.chat_region, ctx.g)


def _shared_fields(ctx: _Ctx, job: Job, scope: Scope, fallback: Scope) -> None:
    """Fields a post states once for all its jobs (or an item states for itself)."""
    d = ctx.doc

    def pick(items: list[T], pos: Callable[[T], int]) -> T | None:
        hit = _first(items, scope, pos)
        return hit if hit is not None else _first(items, fallback, pos)

    date = pick(d.dates, lambda x: x.start)
    nw = pick(d.now_words, lambda x: x.start)
    if date is not None and (nw is None or date.start < nw.start):
        job.start_date = date.date
    elif nw is not None:
        job.start_date = d.now.date()
    time = pick(d.times, lambda x: x.start)
    if time is not None:
        job.start_time = time.time.strftime("%H:%M")
        if time.end_time is not None:
            job.end_time = time.end_time.strftime("%H:%M")
    dur = pick([x for x in d.durations if x.days is not None and x.days >= 1], lambda x: x.start)
    if dur is not None:
        job.duration_days = dur.days
    elif date is not None and date.end_date is not None:
        job.duration_days = (date.end_date - date.date).days + 1
    settle = pick(d.settlements, lambda x: x.start)
    if settle is not None and isinstance(settle.value, str):
        job.settlement = settle.value
    phone = pick(d.phones, lambda x: x.start)
    if phone is not None:
        job.phone = str(phone.value)
    contact = pick(d.contacts, lambda x: x.start)
    if contact is not None:
        job.contact = str(contact.value)
    perks = _all(d.perks, scope, lambda x: x.start) or _all(d.perks, fallback, lambda x: x.start)
    job.perks = perks_of(perks)
    ages = _all(d.ages, scope, lambda x: x.start) or _all(d.ages, fallback, lambda x: x.start)
    for a in ages:
        lo, hi = cast(tuple[int | None, int | None], a.value)
        if lo is not None and job.age_min is None:
            job.age_min = lo
        if hi is not None and job.age_max is None:
            job.age_max = hi
    hits = _all(d.places, scope, lambda x: x.start) or _all(d.places, fallback, lambda x: x.start)
    job.township, job.village = _place_for(ctx, hits)


def _apply_wage(ctx: _Ctx, job: Job, w: Wage) -> None:
    job.wage_min, job.wage_max = w.low, w.high
    unit = w.unit
    if unit is None and _JOB_FINITE.search(ctx.doc.text):
        unit = "job"
    job.wage_unit = unit


def _single_job(ctx: _Ctx, scope: Scope, fallback: Scope) -> Job:
    d = ctx.doc
    job = Job()
    works = _all(d.works, scope, lambda x: x.start) or _all(d.works, fallback, lambda x: x.start)
    title = _title_mention(works, d.text)
    job.work_type = title.canonical if title else None
    head = _first(d.heads, scope, lambda x: x.start) or _first(d.heads, fallback, lambda x: x.start)
    if head is not None:
        job.headcount = int(head.value)  # type: ignore[call-overload]
    wage = _first(d.wages, scope, lambda x: x.start) or _first(d.wages, fallback, lambda x: x.start)
    if wage is not None:
        _apply_wage(ctx, job, wage)
    genders = _all(d.genders, scope, lambda x: x.start) or _all(d.genders, fallback,
                                                                  lambda x: x.start)
    job.gender = gender_of(genders)
    _shared_fields(ctx, job, scope, fallback)
    return job


def _list_items(d: Doc) -> list[tuple[int, int]]:
    """Item ranges of a post written as a list (one job a line or a numbered item)."""
    text = d.text
    marks = d.marks
    ranges: list[tuple[int, int]] = []
    if len(marks) >= 2:
        bounds = [*marks, len(text)]
        ranges = [(bounds[i], bounds[i + 1]) for i in range(len(marks))]
        # the last item ends at its line's end: what follows is a footer shared by all
        s, _ = ranges[-1]
        nl = text.find("\n", s)
        if nl != -1:
            ranges[-1] = (s, nl)
    else:
        pos = 0
        for line in text.split("\n"):
            ranges.append((pos, pos + len(line)))
            pos += len(line) + 1
    # a line with a headcount and an amount is a job even when its title is not a known work
    # type ('前台1名 月薪3000')
    items = [
        (s, e) for s, e in ranges
        if any(s <= w.start < e for w in d.works)
        or (any(s <= h.start < e for h in d.heads) and any(s <= x.start < e for x in d.wages))
    ]
    if len(items) < 2:
        return []
    # each item must look like a job of its own: an amount or a headcount
    starts = [x.start for x in d.wages] + [x.start for x in d.heads]
    if not all(any(s <= p < e for p in starts) for s, e in items):
        return []
    return items


def _glued(text: str, start: int, end: int) -> bool:
    return not re.search(r"[,.;、!?:\s]", text[start:end])


_VERB_GAP = re.compile(r"[招要找请需缺聘]")


def _anchors(d: Doc) -> list[tuple[WorkMention, int]]:
    """Mentions that open a job of their own, with where their part of the text starts.

    Per kind of work, the first mention with its own headcount or amount ('钢筋工 木工 各5名
    钢筋350 木工380' → the amounts' mentions), else its first mention.
    """
    text = d.text
    chosen: dict[str, tuple[WorkMention, int, bool]] = {}
    head_starts = [h.start for h in d.heads]
    wage_starts = [x.start for x in d.wages]
    for w in d.works:
        # only mentions a few characters around w matter: look them up, not scan them all
        lo, hi = bisect_left(head_starts, w.start - 12), bisect_right(head_starts, w.end + 2)
        heads = d.heads[lo:hi]
        wages = d.wages[bisect_left(wage_starts, w.end) : bisect_right(wage_starts, w.end + 2)]
        head_before = next(
            (h for h in heads if 0 <= w.start - h.end <= 2 and _glued(text, h.end, w.start)),
            None,
        )
        head_after = next(
            (h for h in heads if 0 <= h.start - w.end <= 2 and _glued(text, w.end, h.start)
             and not _VERB_GAP.search(text[w.end : h.start])),
            None,
        )
        # an amount glued to the mention ('木工380', '钢筋:350'), not one after a space
        wage_after = next(
            (x for x in wages if 0 <= x.start - w.end <= 2 and x.label == w.canonical
             and not text[w.end : x.start].strip(":")), None
        )
        one_before = _ONE_BEFORE.search(text[max(0, w.start - 4) : w.start])
        own = bool(head_before or head_after or wage_after or one_before)
        start = head_before.start if head_before else w.start
        if one_before:
            start = w.start - len(one_before.group())
        prev = chosen.get(w.canonical)
        if prev is None or (own and not prev[2]):
            chosen[w.canonical] = (w, start, own)
    first = d.works[0] if d.works else None
    out = sorted(((w, st) for w, st, own in chosen.values() if own or w is first),
                 key=lambda x: x[0].start)
    if first is not None and all(w is not first for w, _ in out) and first.canonical not in {
        w.canonical for w, _ in out
    }:
        out.insert(0, (first, first.start))
    return out


def _multi_jobs(ctx: _Ctx, anchors: list[tuple[WorkMention, int]]) -> list[Job]:
    d = ctx.doc
    n = len(anchors)
    starts = [s for _, s in anchors]
    starts[0] = 0
    bounds = [*starts, len(d.text)]
    jobs: list[Job] = []
    for i, (w, _) in enumerate(anchors):
        seg = _in(bounds[i], bounds[i + 1])
        job = Job(work_type=w.canonical)
        head = _first(d.heads, seg, lambda x: x.start)
        if head is not None:
            job.headcount = int(head.value)  # type: ignore[call-overload]
        job.gender = gender_of(_all(d.genders, seg, lambda x: x.start))
        _shared_fields(ctx, job, _everywhere, _everywhere)
        jobs.append(job)
    # labelled amounts first ('大工300小工180'), then each part's own amount
    used: set[int] = set()
    for x in d.wages:
        if x.label is None:
            continue
        target = None
        for i, (w, _) in enumerate(anchors):
            if w.canonical == x.label or (x.label == "小工" and w.canonical == "小工"):
                target = i
                break
        if target is None and x.label in ("大工", "师傅"):
            target = next((i for i, (w, _) in enumerate(anchors) if w.canonical != "小工"), None)
        if target is not None and jobs[target].wage_min is None:
            _apply_wage(ctx, jobs[target], x)
            used.add(x.start)
    for i in range(n):
        if jobs[i].wage_min is not None:
            continue
        seg = _in(bounds[i], bounds[i + 1])
        own = next((x for x in d.wages if seg(x.start) and x.start not in used), None)
        if own is not None:
            _apply_wage(ctx, jobs[i], own)
            used.add(own.start)
    shared_head = next((h for h in d.heads if _SHARED_HEAD.search(d.text[: h.start])), None)
    if shared_head is not None:
        for j in jobs:
            if j.headcount is None:
                j.headcount = int(shared_head.value)  # type: ignore[call-overload]
    return jobs


def _gender_jobs(ctx: _Ctx) -> list[Job]:
    """'女工180 男工220': one job per gender-labelled amount, in written order."""
    d = ctx.doc
    labelled = [w for w in d.wages if w.label and w.label[0] in "男女"]
    if len(labelled) < 2 or len({w.label[0] for w in labelled if w.label}) < 2:
        return []
    base = _single_job(ctx, _everywhere, _everywhere)
    jobs = []
    for w in labelled:
        job = Job(**{k: getattr(base, k) for k in JOB_KEYS})
        job.perks = list(base.perks)
        job.gender = "male" if w.label and w.label[0] == "男" else "female"
        _apply_wage(ctx, job, w)
        # a headcount is per gender only when written next to that gender
        job.headcount = None
        jobs.append(job)
    return jobs


def build_jobs(ctx: _Ctx) -> list[Job]:
    d = ctx.doc
    items = _list_items(d)
    if items:
        rest = _outside(items)
        return [_single_job(ctx, _in(s, e), rest) for s, e in items]
    gj = _gender_jobs(ctx)
    if gj:
        return gj
    anchors = _anchors(d)
    if (
        len(anchors) >= 2
        and not _owns(d, anchors[0][0])
        and not _HIRE_BEFORE.search(d.text[max(0, anchors[0][0].start - 4) : anchors[0][0].start])
    ):
        # a scene word before the real jobs ('装修房子 要木工1个 电工1个') is not a job
        anchors = anchors[1:]
        if len(anchors) == 1:
            job = _single_job(ctx, _everywhere, _everywhere)
            job.work_type = anchors[0][0].canonical
            return [job]
    if len(anchors) < 2 and _shared_head_after_works(d):
        # '包装 分拣 各五名': kinds listed before a shared count are one job each
        anchors = _distinct_works(d)
    if len(anchors) >= 2:
        return _multi_jobs(ctx, anchors)
    return [_single_job(ctx, _everywhere, _everywhere)]


def _shared_head_after_works(d: Doc) -> bool:
    return any(_SHARED_HEAD.search(d.text[: h.start]) for h in d.heads) and len(
        {w.canonical for w in d.works}) >= 2


def _distinct_works(d: Doc) -> list[tuple[WorkMention, int]]:
    """Each kind's first mention before the shared count, in written order."""
    shared = next(h for h in d.heads if _SHARED_HEAD.search(d.text[: h.start]))
    out: list[tuple[WorkMention, int]] = []
    seen: set[str] = set()
    for w in d.works:
        if w.start < shared.start and w.canonical not in seen:
            seen.add(w.canonical)
            out.append((w, w.start))
    return out


def _owns(d: Doc, w: WorkMention) -> bool:
    """Whether a mention has its own headcount or amount written next to it."""
    text = d.text
    for h in d.heads:
        if 0 <= w.start - h.end <= 2 and _glued(text, h.end, w.start):
            return True
        if (0 <= h.start - w.end <= 2 and _glued(text, w.end, h.start)
                and not _VERB_GAP.search(text[w.end : h.start])):
            return True
    if any(0 <= x.start - w.end <= 3 for x in d.wages):
        return True
    return bool(_ONE_BEFORE.search(text[max(0, w.start - 4) : w.start]))


# ---------------------------------------------------------------- seek and claim

_MIN_WAGE = re.compile(r"([0-9]+|[一二两三四五六七八九十百千]+)\s*(?:元|块)?\s*(?:以上|起|往上)")
_UNAVAILABLE = re.compile(r"不接活|不接单|没空|没时间|暂停|不干活|休息几天|这周不|不出工|不去干")
_CLAIM_COUNT = re.compile(
    r"(?:我们|我报|报|带|有|加|\+)\s*([0-9]+|[一二两三四五六七八九十俩仨]+)\s*(?:个人|个|人|位|名)?"
)
_CLAIM_PAIR = re.compile(r"我和|我跟|我带|两口子|我们两")


def build_seek(ctx: _Ctx) -> Seek:
    d = ctx.doc
    seek = Seek()
    for w in d.works:
        if w.canonical not in seek.work_types:
            seek.work_types.append(w.canonical)
    seek.township, seek.village = _place_for(ctx, d.places)
    if d.phones:
        seek.phone = str(d.phones[0].value)
    if d.dates:
        seek.available_date = d.dates[0].date
    elif d.now_words:
        seek.available_date = d.now.date()
    m = _MIN_WAGE.search(d.text)
    if m is not None:
        v = parse_number(m.group(1))
        if v is not None and v >= 20:
            seek.min_wage = v
    seek.unavailable = bool(_UNAVAILABLE.search(d.text))
    return seek


def build_claim(ctx: _Ctx) -> ClaimIntent:
    text = ctx.doc.text
    for m in _CLAIM_COUNT.finditer(text):
        v = parse_number(m.group(1))
        if v is not None and v == int(v) and 1 <= v <= 200:
            return ClaimIntent(int(v))
    if ctx.doc.heads:
        hv = ctx.doc.heads[0].value
        if isinstance(hv, int):
            return ClaimIntent(hv)
    if _CLAIM_PAIR.search(text):
        return ClaimIntent(2)
    return ClaimIntent(1)


# ---------------------------------------------------------------- entry points


def _ensure_aware(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None:
        return now.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return now


class _Same:
    """A cache key part that is equal only to the very same object (the gazetteer is mutable,
    hence unhashable); the key holding it keeps the object alive, so its id is not reused."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj


# A handler may ask again about the message it is handling (a filter parsed it, then the
# handler; a correction reads extract_fields after parse): the second call is a lookup. Small,
# as only the message at hand repeats. Results are shared by the cache, so every call hands
# out its own copy: callers may change what they get (posting fills in the poster's phone).
_CACHE_SIZE = 64


def parse(
    text: str,
    now: dt.datetime,
    gazetteer: Gazetteer | None = None,
    chat_region: str | None = None,
) -> Parse:
    """Read one group message: intent plus jobs, seek or claim."""
    now = _ensure_aware(now)
    # equal instants in other time zones are other days and hours to the reader: key the zone
    p = _parse_cached(text, now, now.tzinfo, _Same(gazetteer or load_gazetteer()), chat_region)
    return _copy_parse(p)


def _copy_parse(p: Parse) -> Parse:
    jobs = []
    for j in p.jobs:
        c = _clone(j)
        c.perks = list(j.perks)
        jobs.append(c)
    seek = None
    if p.seek is not None:
        seek = _clone(p.seek)
        seek.work_types = list(p.seek.work_types)
    claim = _clone(p.claim) if p.claim is not None else None
    return Parse(p.intent, jobs, seek, claim, dict(p.extra))


def _clone(obj: T) -> T:
    """A shallow copy of a plain dataclass (a third of copy.copy's time)."""
    c: T = object.__new__(type(obj))
    c.__dict__.update(obj.__dict__)
    return c


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_cached(
    text: str, now: dt.datetime, _tz: object, g: _Same, chat_region: str | None
) -> Parse:
    return _parse(text, now, cast(Gazetteer, g.obj), chat_region)


def _parse(text: str, now: dt.datetime, g: Gazetteer, chat_region: str | None) -> Parse:
    norm = fix_typos(normalize(text[:MAX_CHARS] if len(text) > MAX_CHARS else text))
    doc = build_doc(norm, now, g)
    ctx = _Ctx(doc, g, chat_region)
    res = classify(doc)
    out = Parse(intent=res.intent, extra={"reason": res.reason})
    if res.intent == "job_post":
        out.jobs = build_jobs(ctx)
        scam = scam_word(norm)
        if scam is not None:
            out.extra["scam"] = scam
    elif res.intent == "work_seek":
        out.seek = build_seek(ctx)
    elif res.intent == "claim":
        out.claim = build_claim(ctx)
    if doc.masked_phone:
        out.extra["masked_phone"] = True
    return out


def extract_fields(
    text: str, now: dt.datetime, gazetteer: Gazetteer | None = None
) -> dict[str, object]:
    """Only the JOB fields a (correction) text states: '工价200', '改成后天', '人数5' …"""
    now = _ensure_aware(now)
    fields = _fields_cached(text, now, now.tzinfo, _Same(gazetteer or load_gazetteer()))
    return {k: list(v) if isinstance(v, list) else v for k, v in fields.items()}


@lru_cache(maxsize=_CACHE_SIZE)
def _fields_cached(text: str, now: dt.datetime, _tz: object, g: _Same) -> dict[str, object]:
    return _extract_fields(text, now, cast(Gazetteer, g.obj))


def _extract_fields(text: str, now: dt.datetime, g: Gazetteer) -> dict[str, object]:
    norm = fix_typos(normalize(text[:MAX_CHARS] if len(text) > MAX_CHARS else text))
    doc = build_doc(norm, now, g)
    ctx = _Ctx(doc, g, None)
    job = _single_job(ctx, _everywhere, _everywhere)
    out: dict[str, object] = {}
    if doc.works:
        out["work_type"] = job.work_type
    if doc.heads or re.search(r"人数", norm):
        m = re.search(r"人数\s*[:改为成是]*\s*([0-9一二两三四五六七八九十]+)", norm)
        if job.headcount is not None:
            out["headcount"] = job.headcount
        elif m is not None:
            v = parse_number(m.group(1))
            if v is not None:
                out["headcount"] = int(v)
    if job.start_date is not None:
        out["start_date"] = job.start_date
    for k in ("start_time", "end_time", "duration_days", "settlement", "phone", "contact",
              "gender", "age_max", "age_min"):
        v = getattr(job, k)
        if v is not None:
            out[k] = v
    if job.wage_min is not None:
        out["wage_min"], out["wage_max"] = job.wage_min, job.wage_max
        if job.wage_unit is not None:
            out["wage_unit"] = job.wage_unit
    elif doc.heads == [] and re.search(r"工价|工资|工钱|价格", norm):
        m = _WAGE_WORD.search(norm)
        if m is not None:
            v = parse_number(m.group(1))
            if v is not None:
                out["wage_min"] = out["wage_max"] = v
    if doc.places:
        town, village, _ = resolve_places(doc.places, g)
        out["township"], out["village"] = town, village
    if doc.perks:
        out["perks"] = job.perks
    return out
