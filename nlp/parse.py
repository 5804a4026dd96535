"""parse(): a message in, its intent and structured jobs / seek / claim out."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar, cast

from nlp.extract import PlaceHit, build_doc, resolve_places
from nlp.gazetteer import Gazetteer, load_gazetteer
from nlp.intent import classify
from nlp.jobs import Ctx, Job, build_jobs, everywhere, place_for, single_job
from nlp.normalize import as_written, normalize
from nlp.numbers import find_numbers, parse_number
from nlp.recache import rcompile
from nlp.scam import scam_word
from nlp.typos import fix_typos

MAX_CHARS = 20_000
_WAGE_WORD = rcompile(
    r"(?:工价|工资|工钱|价格)\s*[:改为成是]*\s*([0-9一二两三四五六七八九十百千万.]+)"
)
T = TypeVar("T")


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


# ---------------------------------------------------------------- seek and claim

_MIN_WAGE = rcompile(r"([0-9]+|[一二两三四五六七八九十百千]+)\s*(?:元|块)?\s*(?:以上|起|往上)")
# A floor said as a refusal: 「低于一百五的不要」「不到120不去」「一百五以下的活不做」 → 150, 120,
# 150 (the amount itself is taken); said without refusing (「低于一百五也行」) it is no floor.
_AMOUNT = r"([0-9]+|[一二两三四五六七八九十百千]+)\s*(?:元|块)?钱?"
_REFUSE = r"(?:都|就|我|俺|一律)?\s*(?:不要|不去|不做|不干|不接|免谈|不考虑|莫找我|别找我)"
_MIN_WAGE_REFUSED = rcompile(
    r"(?:低于|少于|小于|不到|不足|不够)\s*" + _AMOUNT
    + r"\s*(?:一天|每天)?\s*的?\s*(?:活|工钱|工资)?\s*" + _REFUSE
    + r"|" + _AMOUNT + r"\s*以下\s*的?\s*(?:活)?\s*" + _REFUSE)
_UNAVAILABLE = rcompile(r"不接活|不接单|没空|没时间|暂停|不干活|休息几天|这周不|不出工|不去干")
_CLAIM_COUNT = rcompile(
    r"(?:我们|我报|报|带|有|加|\+)\s*([0-9]+|[一二两三四五六七八九十俩仨]+)\s*(?:个人|个|人|位|名)?"
)
_PEOPLE_N = rcompile(r"([0-9一二两三四五六七八九十俩仨]+)\s*(?:来|多)?\s*个人")
_NOT_PEOPLE = rcompile(r"(?:班子|队|组|车|辆|台|家|户|村)")
_CLAIM_PAIR = rcompile(r"我和|我跟|我带|两口子|我们两")


# one's home said before its places ('我是宋洛乡盘龙村的', '俺家住在长青村', '我们是八角庙的')
_HOME_LEAD = rcompile(
    r"(?:我|俺)(?:们)?(?:是|家(?:是|在|住在?)?|住(?:在)?|屋里(?:是|在)|老家(?:是|在)?)$")


def _not_home(text: str, hits: list[PlaceHit]) -> list[PlaceHit]:
    """The place hits that are not the seeker's home: a run of places right after 我是/家在/住在
    (「我是宋洛乡盘龙村的」) is where they live."""
    if "我" not in text and "俺" not in text:
        return hits
    out: list[PlaceHit] = []
    home_end = -1
    for h in hits:
        if h.start == home_end or _HOME_LEAD.search(text, max(0, h.start - 5), h.start):
            home_end = h.end  # the run goes on: 宋洛乡 then 盘龙村
            continue
        out.append(h)
    return out


def build_seek(ctx: Ctx) -> Seek:
    d = ctx.doc
    seek = Seek()
    for w in d.works:
        if w.canonical not in seek.work_types:
            seek.work_types.append(w.canonical)
    # '在广东厂里干了八年 … 想在松柏附近找点活': where the seeker has been is not where they
    # look; a place outside the county counts only when no place in it is named
    inside = [h for h in d.places if h.place is not None]
    # '我是宋洛乡盘龙村的 … 就在宋洛这边': where the seeker is from is not where they look,
    # when another place is named
    away = _not_home(d.text, inside)
    seek.township, seek.village = place_for(ctx, away or inside or d.places)
    if d.phones:
        seek.phone = str(d.phones[0].value)
    if d.dates:
        seek.available_date = d.dates[0].date
    elif d.now_words:
        seek.available_date = d.now.date()
    m = _MIN_WAGE.search(d.text) or _MIN_WAGE_REFUSED.search(d.text)
    if m is not None:
        v = parse_number(m.group(1) or m.group(2))
        if v is not None and v >= 20:
            seek.min_wage = v
    seek.unavailable = bool(_UNAVAILABLE.search(d.text))
    return seek


def build_claim(ctx: Ctx) -> ClaimIntent:
    text = ctx.doc.text
    for m in _CLAIM_COUNT.finditer(text):
        if _NOT_PEOPLE.match(text, m.end()):
            continue  # '我们有一个班子 七个人': a count of teams or things, not of people
        spans = find_numbers(m.group(1))
        # a range counts its upper number ('六七个劳力' → 7)
        v = (spans[0].high or spans[0].value) if len(spans) == 1 else parse_number(m.group(1))
        if v is not None and v == int(v) and 1 <= v <= 200:
            return ClaimIntent(int(v))
    people = _PEOPLE_N.search(text)
    if people is not None:
        v = parse_number(people.group(1))
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
    return parse_once(text, now, cast(Gazetteer, g.obj), chat_region)


def parse_once(text: str, now: dt.datetime, g: Gazetteer, chat_region: str | None) -> Parse:
    """``parse`` for a caller that reads each text once and hands its result out once (the
    ``lingong parse`` stream): no cache, no copy. ``now`` must be aware."""
    norm = fix_typos(normalize(text[:MAX_CHARS] if len(text) > MAX_CHARS else text))
    doc = build_doc(norm, now, g)
    ctx = Ctx(doc, g, chat_region)
    res = classify(doc)
    out = Parse(intent=res.intent, extra={"reason": res.reason})
    if res.intent == "job_post":
        out.jobs = build_jobs(ctx)
        for job in out.jobs:
            if job.contact is not None:
                job.contact = as_written(text, job.contact)  # '張老闆' stays as written
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


def seek_of(text: str, now: dt.datetime, gazetteer: Gazetteer | None = None) -> Seek:
    """What a text known to be a wish (the words of a 订阅 command: 「搬运的活 在松柏这边的
    一百五以下的就不做了」) asks for, read as a seek whatever the message would be taken for."""
    now = _ensure_aware(now)
    g = gazetteer or load_gazetteer()
    norm = fix_typos(normalize(text[:MAX_CHARS] if len(text) > MAX_CHARS else text))
    return build_seek(Ctx(build_doc(norm, now, g), g, None))


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
    ctx = Ctx(doc, g, None)
    job = single_job(ctx, everywhere, everywhere)
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
            out[k] = as_written(text, v) if k == "contact" else v
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
