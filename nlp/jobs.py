"""A job post's mentions → its jobs: one, or one per kind of work, list item or gender.

A post with several jobs is read as a list: its items (numbered or bulleted lines, one job a
line, or titles each with their own count or amount: '招泥工两名、小工三名'), each with what it
states for itself, and what the post states once for all of them distributed over the items:
- an amount labelled with a title goes to the items of that title, wherever it is written
  ('以上均为月薪：服务员3200，洗碗2800', '木工一天380 钢筋工一天360' on a line of its own);
- one amount written once after the items is every item's ('都是一百四一天');
- a count after 各 is each item's ('钢筋工 木工 各5名');
- a pay unit stated for all ('以上均为日薪', '都是一天的价') is every unlabelled amount's
  (nlp.extract reads it), and the unit of one amount in a row of labelled amounts is the next
  one's ('女工一天130 男的150').
Two amounts for women and men ('女工180 男工220') are two jobs, each with the count written
next to its gender ('要女工4个男工6个'), never the amount read as a count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from nlp.dates import DateSpan, TimeSpan, find_dates
from nlp.extract import (
    Doc,
    Mention,
    PlaceHit,
    Wage,
    gender_of,
    perks_of,
    region_default,
    resolve_places,
)
from nlp.gazetteer import Gazetteer
from nlp.lexicon import WorkMention
from nlp.normalize import HAN
from nlp.recache import rcompile

JOB_KEYS = (
    "work_type", "headcount", "start_date", "start_time", "end_time", "duration_days",
    "wage_min", "wage_max", "wage_unit", "settlement", "township", "village", "phone",
    "contact", "perks", "gender", "age_max", "age_min",
)


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
    # the part of the post that is this job's own, in a post of several jobs (not in the
    # contract): what a claim naming one of them (「摇蜜那个我去」) is looked up in
    own: str | None = field(default=None, compare=False, repr=False)

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
class Ctx:
    doc: Doc
    g: Gazetteer
    chat_region: str | None


# ---------------------------------------------------------------- choosing mentions

T = TypeVar("T")
Scope = Callable[[int], bool]


def _first(items: list[T], scope: Scope, pos: Callable[[T], int]) -> T | None:
    if scope is everywhere:
        return items[0] if items else None
    for it in items:
        if scope(pos(it)):
            return it
    return None


def _all(items: list[T], scope: Scope, pos: Callable[[T], int]) -> list[T]:
    if scope is everywhere:
        return list(items)
    return [it for it in items if scope(pos(it))]


def everywhere(_: int) -> bool:
    return True


def _in(start: int, end: int) -> Scope:
    return lambda p: start <= p < end


def _outside(ranges: list[tuple[int, int]]) -> Scope:
    return lambda p: not any(s <= p < e for s, e in ranges)


_HIRE_BEFORE = rcompile(r"(?:招|聘|要|找|请|缺|需要?)(?:[0-9一二两三四五六七八九十几个名位]*)$")
# a count written for each of the kinds before it ('钢筋工 木工 各5名', '各要四个')
_SHARED_HEAD = rcompile(r"各\s*(?:要|招|需要?|请|找)?\s*$")
# a one-off task: an amount for it is for the whole job ('帮忙抬个冰柜 一百块', '搬个家 四百')
_JOB_FINITE = rcompile(
    r"一车|一趟|这车|整车|这批|一批|包工|包干|承包|包给|搞半天|搞完|弄完|帮忙|帮我|帮个忙|"
    r"[搬抬拆修砌挖装卸扛打]个"
)
_ONE_BEFORE = rcompile(r"(?:要|找|请|招)(?:一)?(?:个|名|位)$")
# a kind wanted besides the one before it ('打核桃 四个人 一天一百八 还差个做饭的 一百二')
_ALSO_BEFORE = rcompile(r"(?:还|另外|再)(?:差|缺|要|找|请|招)(?:一)?(?:个|名|位)?\s*$")
# Helper words that name no trade of their own: the task written beside them does
# ('点苞谷要两个帮工' is planting work, '建房 要帮工' a labourer's).
_GENERIC = frozenset({"帮工", "劳力", "打杂", "零工", "劳动力", "杂活", "干杂活",
                      # the project a crew works on, not its task: a task named beside it
                      # says the work ('修步道 抬石头' is carrying)
                      "修步道", "修便道", "修栈道", "铺步道"})
# a kitchen's house of business: a helper (帮工, decision 13's 早餐店帮工) wanted there, no trade
# named, is a kitchen hand ('开个早餐店 要个帮工'); an odd-job hand there stays a labourer
# ('饭店要个打杂的', round 2)
_KITCHEN_VENUE = rcompile(r"早餐店|早点铺|包子铺|小吃店|饭店|饭馆|餐馆|面馆|馆子|食堂")
_KITCHEN_HELPERS = frozenset({"帮工"})


def _title_mention(works: list[WorkMention], text: str) -> WorkMention | None:
    """The job title among several mentions: one right after a hiring verb, else the first;
    a helper word yields to a trade named beside it."""
    title = next(
        (w for w in works if _HIRE_BEFORE.search(text[max(0, w.start - 4) : w.start])),
        works[0] if works else None,
    )
    if title is not None and title.word in _GENERIC:
        trade = next((w for w in works if w.word not in _GENERIC), None)
        if trade is not None:
            return trade
        if (title.word in _KITCHEN_HELPERS and ("店" in text or "馆" in text or "食堂" in text)
                and _KITCHEN_VENUE.search(text)):
            return WorkMention(title.start, title.end, "帮厨", title.word)
        return title
    if title is not None and title.word.startswith("装修") and not _TITLE_WORD.search(title.word):
        # a fitting-out named as the project, not its trade: a task named beside it says the
        # work ('装修门面 刷墙刮腻子' is painting)
        task = next((w for w in works if w.canonical != title.canonical
                     and w.word not in _GENERIC), None)
        if task is not None:
            return task
    if title is not None and not _TITLE_WORD.search(title.word):
        # '两个挑砖的小工': a task written onto a title describes it; the title wins ('砌砖的
        # 师傅' names no title the lexicon knows: the task names it)
        named = next((w for w in works if w.start == title.end + 1), None)
        if (named is not None and text[title.end] == "的" and named.word not in _GENERIC
                and _TITLE_WORD.search(named.word)):
            return named
        # '要个人帮忙铲屋顶上的雪 小工 一天一百五': a title said on its own, as a label after
        # the task, names the post (the task says what the 小工 will do)
        label = next((w for w in works if w.start > title.end and w.word not in _GENERIC
                      and _TITLE_WORD.search(w.word) and _alone(text, w)), None)
        if label is not None:
            return label
    return title


_LABEL_PAUSE = frozenset(" ,;.!?\n:、")


def _alone(text: str, w: WorkMention) -> bool:
    """A mention with a pause on both sides (or the text's end after it)."""
    return (w.start > 0 and text[w.start - 1] in _LABEL_PAUSE
            and (w.end == len(text) or text[w.end] in _LABEL_PAUSE))


# a house of business whose name starts with the place ('大九湖云上山庄', '红坪雪乡民宿')
_VENUE_AFTER = rcompile(HAN + r"{0,4}?(?:山庄|民宿|酒店|宾馆|客栈|农家乐|饭店|庄园)")


def place_for(ctx: Ctx, hits: list[PlaceHit]) -> tuple[str | None, str | None]:
    town, village, stated = resolve_places(hits, ctx.g)
    if stated:
        if (town is not None and village is None and ctx.chat_region
                and all(_VENUE_AFTER.match(ctx.doc.text, h.end) for h in hits)):
            # '大九湖云上山庄招暑期工' in a 坪阡村 group: the township only names a house of
            # the group's own township ('大九湖景区 …' is the township's, not a village's)
            home_town, home_village = region_default(ctx.chat_region, ctx.g)
            if home_town == town and home_village is not None:
                return town, home_village
        return town, village
    return region_default(ctx.chat_region, ctx.g)


def _shared_fields(ctx: Ctx, job: Job, scope: Scope, fallback: Scope) -> None:
    """Fields a post states once for all its jobs (or an item states for itself)."""
    d = ctx.doc

    def pick(items: list[T], pos: Callable[[T], int]) -> T | None:
        hit = _first(items, scope, pos)
        return hit if hit is not None else _first(items, fallback, pos)

    # 「老父亲昨晚走了 明天上山 要请打杂的」: a day gone by says what happened, not when the
    # work is, when a day to come is said too
    upcoming = [x for x in d.dates if x.date >= d.now.date()]
    date = pick(upcoming or d.dates, lambda x: x.start)
    nw = pick(d.now_words, lambda x: x.start)
    if date is not None and (nw is None or date.start < nw.start):
        job.start_date = date.date
    elif nw is not None:
        job.start_date = d.now.date()
    time = pick(d.times, lambda x: x.start)
    if time is not None:
        later = _afternoon_before(d.text, time)
        job.start_time = _later(time.time, later).strftime("%H:%M")
        if time.end_time is not None:
            end = time.end_time
            if later and end.hour >= 12 and end.hour - 12 < time.time.hour:
                # '晚上 8点到6点' was read as 08:00–18:00: in the evening it runs overnight
                end = end.replace(hour=end.hour - 12)
            elif later and end < time.time:
                later = 0  # overnight already: its end is the morning's
            job.end_time = _later(end, later if end >= time.time else 0).strftime("%H:%M")
        else:
            # '早上7点半集合 … 干到中午12点': the end of the day's work, written apart
            last = next((x for x in d.times if x.start > time.end and x.end_time is None
                         and x.time > time.time
                         and _UNTIL.search(d.text, max(0, x.start - 3), x.start)), None)
            if last is not None:
                job.end_time = last.time.strftime("%H:%M")
    dur = pick([x for x in d.durations if x.days is not None and x.days >= 1], lambda x: x.start)
    if dur is not None:
        job.duration_days = dur.days
    elif date is not None and date.end_date is not None:
        job.duration_days = (date.end_date - date.date).days + 1
    elif date is not None and date.days is not None:
        job.duration_days = date.days
    elif date is not None:
        until = _until(d.text, d.now, date) if _UNTIL_ANY.search(d.text) else None
        if until is not None:
            job.duration_days = (until - date.date).days + 1
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
    job.township, job.village = place_for(ctx, hits)


# the part of the day a sentence says before its clock time ('今天晚上要两个打包的 七点到十一点')
# — not the evening of the meals, the bed or the way home ('中午晚上都管饭', '晚上住我家',
# '晚上回家')
_AFTERNOON = rcompile(r"(?:晚上|今晚|明晚|夜里|夜间|下午|傍晚)"
                        r"(?!都?(?:饭|一顿|两顿|管|包))"
                        r"(?![^\s，,。；;0-9]{0,3}(?:住|回家|回去|回来|吃|睡|歇|休息|宿))")
_SENTENCE_STOP = rcompile(r"[;。\n]")
_DAY_SAID = rcompile(r"今天|明天|后天|大后天|[0-9一二两三四五六七八九十]+号")
_PERIOD_IN = rcompile(r"凌晨|早上|上午|中午|下午|傍晚|晚上|夜里")
_PERIOD_SAID = rcompile(
    r"^(?:凌晨|清晨|早晨|早上|上午|中午|午后|下午|傍晚|晚上|夜里|夜间|半夜|深夜|早|晚)")


def _afternoon_before(text: str, time: TimeSpan) -> int:
    """12 when a clock time said without its part of the day ('七点到十一点') follows, in its
    sentence, an afternoon or evening said before it ('今天晚上要两个 … 七点到十一点'); else 0."""
    if _PERIOD_SAID.match(time.text) or time.time.hour >= 12 or time.time.hour == 0:
        return 0
    # from the sentence's start, or the last day it names before the time ('今天晚上吃完饭再说
    # 明天要三个人 七点开始': 晚上 is today's, the seven o'clock tomorrow's)
    stops = [m.end() for m in _SENTENCE_STOP.finditer(text, 0, time.start)]
    stops += [m.start() for m in _DAY_SAID.finditer(text, 0, time.start)]
    said = _AFTERNOON.search(text, max(stops, default=0), time.start)
    if said is None or _PERIOD_IN.search(time.text):
        return 0  # '8点到下午5点': the range says its own part of the day, a morning's start
    return 12


def _later(t: dt.time, hours: int) -> dt.time:
    return t if not hours or t.hour >= 12 else t.replace(hour=t.hour + hours)


# '正月初九动工 … 干到正月二十': the work's last day, written apart from its first
_UNTIL = rcompile(r"(?:干|做|搞|忙|上)到\s?$")
_UNTIL_ANY = rcompile(r"(?:干|做|搞|忙|上)到")


def _until(text: str, now: dt.datetime, first: DateSpan) -> dt.date | None:
    """The day a period of work runs to, written apart from its first day (dropped as a
    start): after it, or before it ('干到腊月二十八 明天就可以来')."""
    for x in find_dates(text, now):
        if ((x.start > first.end or x.end < first.start) and x.end_date is None
                and x.date > first.date
                and _UNTIL.search(text, max(0, x.start - 3), x.start)):
            return x.date
    return None


_GENDER_LABELS = frozenset({"男工", "女工", "男的", "女的", "男", "女"})


def _trades_priced(wages: list[Wage]) -> bool:
    """Two or more amounts, each labelled by a trade ('大工三百 小工一百八'): the trades' rates,
    unit unwritten, not the price of a one-off task (by sex, '男一百五女一百二', they may be)."""
    traded = [w for w in wages if w.label is not None and w.label not in _GENDER_LABELS]
    return len(wages) >= 2 and len(traded) >= 1 and len({w.label for w in wages}) >= 2


def _apply_wage(ctx: Ctx, job: Job, w: Wage) -> None:
    job.wage_min, job.wage_max = w.low, w.high
    unit = w.unit
    if unit is None and _JOB_FINITE.search(ctx.doc.text) and not _trades_priced(ctx.doc.wages):
        unit = "job"
    job.wage_unit = unit


def single_job(ctx: Ctx, scope: Scope, fallback: Scope, own_wage: bool = False) -> Job:
    """One job from the mentions in scope, or in fallback where scope has none (with
    own_wage, the amount only from scope: the caller distributes the others)."""
    d = ctx.doc
    job = Job()
    works = _all(d.works, scope, lambda x: x.start)
    if not works and not own_wage:
        works = _all(d.works, fallback, lambda x: x.start)
    title = _title_mention(works, d.text)
    job.work_type = title.canonical if title else None
    head = _first(d.heads, scope, lambda x: x.start)
    if head is None and not own_wage:
        head = _first(d.heads, fallback, lambda x: x.start)
    if head is not None:
        job.headcount = int(head.value)  # type: ignore[call-overload]
    wage = _first(d.wages, scope, lambda x: x.start)
    if wage is None and not own_wage:
        wage = _first(d.wages, fallback, lambda x: x.start)
    if wage is not None:
        _apply_wage(ctx, job, wage)
    genders = _all(d.genders, scope, lambda x: x.start) or _all(d.genders, fallback,
                                                                  lambda x: x.start)
    job.gender = gender_of(genders)
    _shared_fields(ctx, job, scope, fallback)
    return job


# ---------------------------------------------------------------- the post's list of jobs


@dataclass
class _Item:
    """One job of a post: where its part of the text lies, and its title as written."""

    start: int
    end: int
    title: str
    canonical: str | None
    head: Mention | None = None
    gender: str | None = None
    owns: bool = False  # has its own count, gender or amount written with it
    also: bool = False  # wanted besides what the post named before it ('还差个做饭的')
    job: Job = field(default_factory=Job)


def _glued(text: str, start: int, end: int) -> bool:
    return _PAUSE.search(text, start, end) is None


_PAUSE = rcompile(r"[,.;、!?:\s]")


def _blank_in(s: str) -> bool:
    return " " in s or "\n" in s  # normalised text has no other whitespace


_VERB_GAP = rcompile(r"[招要找请需缺聘]")
# a title listed with a count left open ('小工若干', '保洁数名')
_COUNT_UNSTATED = rcompile(r"\s*(?:若干|数名|多名|几名)")
# a line that is a title with its count left open ('滑雪教练若干 待遇面议')
_UNSTATED_LINE = rcompile(r"\s*[^\W\d_]{2,8}?\s*(?:若干|数名|多名|几名)(?:\s|$)")
_LINE_TITLE = rcompile(r"([^\W\d_]{2,8}?)\s*(?:[(][^)]*[)])?\s*$")  # letters, Chinese too


_ITEM_PAUSE = rcompile(r"[\s;,。]")


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
            ranges.extend(_lines_also_wanted(d, nl + 1))
        else:
            # a list on one line: the last item ends with its own amount, and what follows
            # ('…2、厨师1名 月薪5000 包吃住 电话…') is the footer of every item
            last = [x for x in d.wages if x.start >= s]
            # where the item says its title or count first ('②背洋芋 2个' ends at its count)
            said = [m.end for m in d.heads if last and s <= m.start < last[0].start] or [
                w.end for w in d.works if last and s <= w.start < last[0].start][:1]
            pause = _ITEM_PAUSE.search(text, min(said), last[0].start) if said else None
            if pause is not None and not any(marks[0] <= x.start < s for x in d.wages):
                # '①售票员2名 ②保安2名 ③保洁4名 工资2800-3500': no item priced before the
                # last, and its amount after a pause: the footer of every item
                ranges[-1] = (s, pause.start())
            elif last:
                cut = _ITEM_PAUSE.search(text, last[0].end)
                if cut is not None:
                    ranges[-1] = (s, cut.start())
            else:
                # no amount in it ('…3、电焊工2名。以上人员均为日结 … 联系人:村委会'): the last
                # item ends with its count, and what follows is every item's
                counted = [m.end for m in d.heads if m.start >= s]
                cut = _ITEM_PAUSE.search(text, counted[0]) if counted else None
                if cut is not None:
                    ranges[-1] = (s, cut.start())
    else:
        pos = 0
        for line in text.split("\n"):
            ranges.append((pos, pos + len(line)))
            pos += len(line) + 1
    # an item is a job of its own: a count or an amount, with a kind of work, or a count and an
    # amount ('前台1名 月薪3000'), or in a numbered list just a count ('2、检票员2名')
    numbered = len(marks) >= 2
    items = []
    open_count = []
    for s, e in ranges:
        head = any(s <= h.start < e for h in d.heads)
        wage = any(s <= x.start < e for x in d.wages)
        work = any(s <= w.start < e for w in d.works)
        if ((work and (head or wage)) or (head and (wage or numbered))) and not _wage_line(d, s, e):
            items.append((s, e))
        elif not numbered and _UNSTATED_LINE.match(text, s, e):
            open_count.append((s, e))
    if len(items) < 2:
        return []
    # '滑雪教练若干 待遇面议' among lines each a job: a job too, its count and pay left open
    return sorted(items + open_count)


# a kind wanted besides the numbered ones, on a line of its own ('另要女小工3个 一天两百')
_ALSO_LINE = rcompile(r"\s*(?:另外|另|还|再)(?:要|招|需要?|请|找|缺|差)")


def _lines_also_wanted(d: Doc, pos: int) -> list[tuple[int, int]]:
    """Lines after a numbered list that add a kind of work ('一、木工4人 … 以上都是一天三百 /
    另要女小工3个 一天两百'): items of their own, not the footer."""
    out = []
    for line in d.text[pos:].split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if _ALSO_LINE.match(d.text, s) and any(s <= w.start < e for w in d.works):
            out.append((s, e))
    return out


def _wage_line(d: Doc, s: int, e: int) -> bool:
    """A line that only prices the items of the list ('以上均为月薪：服务员3200，洗碗2800')."""
    wages = [x for x in d.wages if s <= x.start < e]
    return (
        len(wages) >= 2
        and all(x.label or x.word for x in wages)
        and not any(s <= h.start < e for h in d.heads)
        # '③小工若干 男工二百二 女工一百九': the sexes of the line's own work priced
        and not (all(x.label is not None and x.label[:1] in ("男", "女") for x in wages)
                 and any(s <= w.start < wages[0].start for w in d.works))
    )


def _item_title(d: Doc, s: int, e: int) -> tuple[str, str | None]:
    """An item's title: its first work mention, else the words before its count ('检票员2名')."""
    w = next((w for w in d.works if s <= w.start < e), None)
    if w is not None:
        return w.word, w.canonical
    h = next((h for h in d.heads if s <= h.start < e), None)
    if h is not None:
        m = _LINE_TITLE.search(d.text, s, h.start)
        if m is not None:
            return m.group(1), None
    return "", None


_ENUM_SEP = rcompile(r"[\s、,/和及与]+")


def _enumerated(d: Doc, k: int) -> bool:
    """A title in a row of titles priced after it '分别' ('木工、瓦工、小工，工资分别是…')."""
    w = d.works[k]
    if _RESPECTIVELY.search(d.text, w.end) is None:
        return False
    prev = d.works[k - 1] if k > 0 else None
    nxt = d.works[k + 1] if k + 1 < len(d.works) else None
    return bool(
        (prev is not None and _ENUM_SEP.fullmatch(d.text, prev.end, w.start))
        or (nxt is not None and _ENUM_SEP.fullmatch(d.text, w.end, nxt.start))
    )


def _own_head(d: Doc, w: WorkMention, claimed: set[int]) -> Mention | None:
    """A count written right before or after a title ('2个大工', '小工3名', '收苞谷要3个')."""
    text = d.text
    for h in d.heads:
        if h.start in claimed or h.start > w.end + 3 or h.end < w.start - 3:
            continue
        if 0 <= w.start - h.end <= 2 and _glued(text, h.end, w.start):
            return h
        if 0 <= h.start - w.end <= 2 and _glued(text, w.end, h.start):
            gap = text[w.end : h.start]
            # '木工 要3个' is the count of what follows a verb only when nothing follows it
            if not _VERB_GAP.search(gap) or not any(x.start == h.end for x in d.works):
                return h
        # '采摘香菇要三个', '包装装瓶的两个': the task, what it works on, then its count
        if 3 <= h.start - w.end <= 4 and _OBJECT_GAP.fullmatch(text, w.end, h.start) and not any(
                w.end <= x.start < h.start for x in d.works):
            return h
    return None


_OBJECT_GAP = rcompile(HAN + r"{1,3}(?:的|要)")


def _gender_before(text: str, w: WorkMention) -> str | None:
    """'女服务员', '男帮厨', '女的帮厨': a gender written onto the title."""
    if w.start > 1 and text[w.start - 2 : w.start] in ("女的", "男的") and (
        w.start < 3 or text[w.start - 3] in " ,;:、"
    ):
        return "male" if text[w.start - 2] == "男" else "female"
    if w.start > 0 and text[w.start - 1] in "男女" and (
        w.start < 2 or text[w.start - 2] not in "妇少儿子"
    ):
        return "male" if text[w.start - 1] == "男" else "female"
    return None


def _matches(word: str | None, item: _Item) -> int:
    """How a label names an item: 2 the same title, 1 part of it ('洗碗' of 洗碗工, '服务员' of
    客房服务员), 0 not at all."""
    if not word or not item.title:
        return 0
    if word == item.title:
        return 2
    if len(word) >= 2 and (word in item.title or item.title in word):
        return 1
    return 0


def _anchor_items(d: Doc) -> tuple[list[_Item], bool]:
    """The kinds of work a post lists, each once, in written order: a title with its own count
    or gender, or one priced after it ('木工380') that names no kind listed before. True with
    them when a scene word before them was dropped ('装修房子 要木工1个 电工1个')."""
    text = d.text
    claimed: set[int] = set()
    items: list[_Item] = []
    shared = _shared_head(d)
    # a row of titles each priced after a space ('服务员 3000 收银 2800 厨工 3500')
    row = sum(1 for x in d.wages if x.label_end >= 0 and x.word) >= 3
    for k, w in enumerate(d.works):
        head = _own_head(d, w, claimed)
        gender = _gender_before(text, w)
        one = _ONE_BEFORE.search(text[max(0, w.start - 4) : w.start])
        before_shared = shared is not None and 0 <= shared.start - w.end <= 15
        item = _Item(w.start, w.end, w.word, w.canonical, head, gender)
        item.also = _ALSO_BEFORE.search(text, max(0, w.start - 6), w.start) is not None
        if head is not None:
            item.start = min(w.start, head.start)
        elif one is not None:
            item.start = w.start - len(one.group())
        # priced right after it ('木工380', '服务员一天180'), not after a pause ('照顾老人 月薪3千')
        priced = any(x.label_end == w.end and (row or not _blank_in(text[w.end : x.start]))
                     for x in d.wages)
        same = next((i for i, it in enumerate(items) if it.title == w.word
                     and not (gender and it.gender and gender != it.gender)), None)
        if head is not None and not priced:
            # '大工两百八 小工一百八 要大工两个 小工四个': priced first, counted after; the count
            # belongs to the kind already listed (a task of that kind, or the title again)
            kin = _counted_again(items, w, gender)
            if kin is not None:
                kin.head = head
                claimed.add(head.start)
                continue
        if same is not None and (items[same].owns or not (head or one or priced)):
            continue  # the same title again: a label or a repeat
        listed = _COUNT_UNSTATED.match(text, w.end) is not None or _enumerated(d, k)
        owns = (head is not None or gender is not None or one is not None or before_shared
                or listed)
        # an amount a few characters after it ('木工 300') also makes the first kind a job
        near = any(0 <= x.start - w.end <= 3 for x in d.wages)
        item.owns = owns or priced or near
        if same is not None:
            # the title's first mention owned nothing: this one is the job, in the first's place
            item.start = min(item.start, items[same].start)
            items[same] = item
            if head is not None:
                claimed.add(head.start)
        elif owns:
            if head is not None:
                claimed.add(head.start)
            items.append(item)
        elif (priced or (near and items and any(items[-1].end <= x.start < w.start
                                                 for x in d.wages))) and not any(
            _matches(w.word, it) or it.canonical == w.canonical for it in items
        ):
            # '招泥工 350一天 小工 180一天': each kind followed by its own amount, in turn
            items.append(item)
        elif k == 0:
            items.append(item)
    if items:
        items.extend(_untyped_items(d, items, claimed))
    items.sort(key=lambda it: it.start)
    if len(items) >= 2 and not items[0].owns:
        first = items[0]
        stated = [h.start for h in d.heads] + [x.start for x in d.wages]
        if items[1].also and any(first.start <= p < items[1].start for p in stated):
            # the first kind with its count or pay, then another wanted besides it: two jobs
            # ('装修房子 还差个木工' names a scene, then the one job)
            return items, False
        hired = _HIRE_BEFORE.search(text[max(0, first.start - 4) : first.start])
        # a scene word before the real jobs ('装修房子 要木工1个 电工1个') is not a job
        if not hired or any(it.canonical == first.canonical for it in items[1:]) or (
            # a task owning nothing before a title that does ('要砌坎子 和灰的要个小工')
            not _TITLE_WORD.search(first.title) and all(it.owns for it in items[1:])
        ):
            return items[1:], True
    return items, False


def _counted_again(items: list[_Item], w: WorkMention, gender: str | None) -> _Item | None:
    """The item listed before, without a count, that a title written again with its count
    names: the same title, or a task of the same kind ('修路砌挡墙 大工两百八 … 要大工两个')."""
    for it in items:
        if it.head is not None or not it.owns or (gender and it.gender and gender != it.gender):
            continue
        if it.title == w.word or (
            it.canonical == w.canonical and not _TITLE_WORD.search(it.title)
        ):
            return it
    return None


# a title the lexicon does not know, written glued before its count in a row of titles
# ('售票员2名 保安2名', '造雪工3名；食堂厨师1名'): the title is the run of letters after a pause
_UNTYPED_TITLE = rcompile(r"(?:^|(?<=[\s,;:、。]))([^\W\d_]{2,6})$")
_ITEM_END = rcompile(r"\s|[,;:、。]|$")
_NOT_TITLE_END = rcompile(r"[要招需请找缺聘共有各约近是的个男女人们还再加和及另]$")


# '打核桃的3个、背核桃下山的2个、剥核桃青皮的4个': items named by the one doing a task
_DOER_COUNT = rcompile(r"的\s*[0-9一二两三四五六七八九十几]+\s*(?:个|名|位)")


def _doer_item(text: str, word: str) -> bool:
    """A task and 的 ('剥核桃青皮的') in a list of two or more such items, each counted after
    its 的 (not '小工5个、年纪大点的2个': some of one item, the only 的 counted)."""
    return len(word) >= 4 and word.endswith("的") and len(_DOER_COUNT.findall(text)) >= 2


def _untyped_items(d: Doc, items: list[_Item], claimed: set[int]) -> list[_Item]:
    """Counts in a post's row of titles whose title the lexicon does not know: items of their
    own (work type null), so the row's other counts and amounts stay with their titles."""
    if not any(it.head is not None for it in items):
        return _priced_untyped(d, items)
    out = []
    for h in d.heads:
        if h.start in claimed or any(it.start <= h.start < it.end + 3 for it in items):
            continue
        m = _UNTYPED_TITLE.search(d.text, max(0, h.start - 6), h.start)
        if m is None or not _ITEM_END.match(d.text, h.end) or (
                _NOT_TITLE_END.search(m.group(1)) and not _doer_item(d.text, m.group(1))):
            continue
        s, e = m.span(1)
        if any(w.start < e and s < w.end for w in d.works) or any(
            p.start < e and s < p.end for p in d.places
        ):
            continue
        out.append(_Item(s, h.end, m.group(1), None, h, owns=True))
        claimed.add(h.start)
    return out


_PRICE_WORDS = rcompile(
    r"[0-9一二两三四五六七八九十百千万]|薪|工资|工价|工钱|价|天|月|日|小时|每|大概|约"
)


def _priced_untyped(d: Doc, items: list[_Item]) -> list[_Item]:
    """'服务员 3000 收银 2800 厨工 3500': in a row of titles each priced after it, a title the
    lexicon does not know is a job of its own (work type null), so the row's amounts stay with
    their titles."""
    priced = [x for x in d.wages if x.label_end >= 0]
    if len(priced) < 3 or not all(any(x.label_end == it.end for x in priced) for it in items):
        return []
    out = []
    for x in priced:
        word = x.word or ""
        if x.label is not None or not 2 <= len(word) <= 4 or _PRICE_WORDS.search(word):
            continue
        if _NOT_TITLE_END.search(word) or not _UNTYPED_TITLE.search(d.text, 0, x.label_end):
            continue
        if any(w.start < x.label_end and x.label_start < w.end for w in d.works) or any(
            p.start < x.label_end and x.label_start < p.end for p in d.places
        ):
            continue
        out.append(_Item(x.label_start, x.label_end, word, None, owns=True))
    return out


_TITLE_WORD = rcompile(r"(?:工|员|匠|师傅|师|阿姨|嫂|手|司机|保姆|保安)$")


def _shared_head(d: Doc) -> Mention | None:
    return next((h for h in d.heads if _SHARED_HEAD.search(d.text[max(0, h.start - 6) : h.start])),
                None)


# brackets belong to their own item ('保洁员10名（日结150）、钟点工5名（25元/小时）')
_BRACKETS = rcompile(r"[(][^()]*[)]")


def _jobs_of(ctx: Ctx, items: list[_Item], listed: bool) -> list[Job]:
    """Each item's job: what its part states, then what the post states for all."""
    d = ctx.doc
    n = len(items)
    if listed:
        bounds = [(it.start, it.end) for it in items]
    else:
        starts = [it.start for it in items]
        for i in range(1, n):
            # '…一个钟头二十；明天白天采摘香菇要三个': the item's sentence begins after the stop
            # before it — the day said there is its own
            stop = max(d.text.rfind(c, items[i - 1].end, starts[i]) for c in "；;。\n")
            if stop != -1:
                starts[i] = stop + 1
        starts[0] = 0
        bounds = [(starts[i], starts[i + 1] if i + 1 < n else len(d.text)) for i in range(n)]
    # what an item writes in brackets is its own; what the post's head writes is everyone's
    brackets = [m.span() for m in _BRACKETS.finditer(d.text) if m.start() >= items[0].start]
    used: set[int] = set()
    for i, it in enumerate(items):
        s, e = bounds[i]
        seg = _in(s, e)
        others = [(bs, be) for bs, be in brackets if not s <= bs < e]

        def fallback(p: int, others: list[tuple[int, int]] = others) -> bool:
            return not any(bs <= p < be for bs, be in others)

        if listed:
            job = single_job(ctx, seg, _outside(bounds), own_wage=True)
        else:
            job = Job(work_type=it.canonical)
            head = it.head or _first([h for h in d.heads if h.start not in _heads_of(items)],
                                     seg, lambda x: x.start)
            if head is not None:
                job.headcount = int(head.value)  # type: ignore[call-overload]
            # not the gender another item's title carries ('管家1名 保洁阿姨2名')
            titled = _outside([(o.start, o.end) for o in items if o is not it])
            job.gender = it.gender or gender_of(
                _all(d.genders, seg, lambda x: x.start)
                or [x for x in d.genders if fallback(x.start) and titled(x.start)])
            _shared_fields(ctx, job, seg, fallback)
        it.job = job
        # the post's head before the first item ('茶厂明天要两个搬砖的…') is every job's, none's
        # own part: a word from it names no one job — but the task said there ('蜂场大后天割蜜
        # 要三个小工') is the first job's
        first = min([it.start, *([it.head.start] if it.head is not None else []),
                     *(w.start for w in d.works if w.start < it.start)])
        job.own = d.text[first if i == 0 else s:e]
        own = next((x for x in d.wages if seg(x.start)), None) if listed else None
        if own is not None:
            used.add(own.start)
    _distribute_wages(ctx, items, bounds, used, listed)
    lacking = [it for it in items if it.job.wage_min is None]
    if listed and lacking:
        # '1.保洁 3人 2.帮厨 2人 3.服务员 5人 都是月薪两千八': written in the last item, for all
        for x in d.wages:
            if _FOR_ALL_BEFORE.search(d.text, max(0, x.start - 8), x.start):
                for it in lacking:
                    _apply_wage(ctx, it.job, x)
                break
    if listed:
        _shared_unit(items)
    shared = _shared_head(d)
    if shared is not None:
        for it in items:
            if it.job.headcount is None:
                it.job.headcount = int(shared.value)  # type: ignore[call-overload]
    return [it.job for it in items]


def _shared_unit(items: list[_Item]) -> None:
    """'1、普工 月薪四千五到五千五 2、质检 四千二': an amount in a list written without its
    unit is paid by the unit every other item's amount states, when it is of their size."""
    paid = [it.job for it in items if it.job.wage_unit is not None and it.job.wage_min]
    units = {j.wage_unit for j in paid}
    if len(units) != 1:
        return
    unit = units.pop()
    low = min(j.wage_min or 0 for j in paid)
    high = max(j.wage_max or j.wage_min or 0 for j in paid)
    for it in items:
        j = it.job
        if j.wage_unit is None and j.wage_min and low / 2 <= j.wage_min <= high * 2:
            j.wage_unit = unit


_FOR_ALL_BEFORE = rcompile(
    r"(?:都是|均为|均是|一律|统一|全部|都按|工资都|都|^以上|(?<=\n)以上)\s*(?:月薪|日薪|底薪|一天|每天|工资)?"
    r"\s*[:\s]*$"
)


def _heads_of(items: list[_Item]) -> set[int]:
    return {it.head.start for it in items if it.head is not None}


_RESPECTIVELY = rcompile(r"分别(?:是|为)?")


def _distribute_wages(
    ctx: Ctx, items: list[_Item], bounds: list[tuple[int, int]], used: set[int], listed: bool
) -> None:
    """Amounts to the items they are for: by the label written before them, then by where
    they stand, then one amount left over for every item still without one."""
    d = ctx.doc
    free = [x for x in d.wages if x.start not in used]
    taken: set[int] = set()
    # '木工、瓦工、小工，工资分别是350、300、200': the amounts in the order of the items
    respectively = _RESPECTIVELY.search(d.text)
    if respectively is not None:
        row = [x for x in free if x.start >= respectively.end()]
        if len(row) == len(items):
            for it, x in zip(items, row, strict=True):
                if it.job.wage_min is None:
                    _apply_wage(ctx, it.job, x)
                taken.add(x.start)
            free = [x for x in free if x.start not in taken]
    for x in free:
        targets = _label_targets(x, items) or _rest_targets(d.text, x, items)
        if targets and x.label_start > 0:
            targets = sorted(set(targets) | set(_joined_targets(d.text, x, items)))
        for i in targets:
            if items[i].job.wage_min is None:
                _apply_wage(ctx, items[i].job, x)
                taken.add(x.start)
        if targets:
            taken.add(x.start)
    # '要两个做饭的 四个帮工 每人两百': an amount for each person, after every item, is
    # every item's that has none
    # (the post's one amount: its label is only the item it follows)
    if len(items) > 1 and len(d.wages) == 1 and "人" in d.text:
        x = d.wages[-1]
        if x.start > max(it.end for it in items) and _EACH_BEFORE.search(
                d.text, max(0, x.start - 6), x.start):
            for it in items:
                _apply_wage(ctx, it.job, x)
            taken.add(x.start)
    if not listed:
        for i, (s, e) in enumerate(bounds):
            if items[i].job.wage_min is not None:
                continue
            own = next((x for x in free if s <= x.start < e and x.start not in taken), None)
            if own is not None:
                _apply_wage(ctx, items[i].job, own)
                taken.add(own.start)
    lacking = [it for it in items if it.job.wage_min is None]
    if not lacking:
        return
    unlabelled = [x for x in free if not _label_targets(x, items)]
    last = max(it.start for it in items)
    after = [x for x in unlabelled if x.start > last]
    if len(unlabelled) == 1 and after:
        for it in lacking:
            _apply_wage(ctx, it.job, after[0])


# '每人两百', '一个人一百五': an amount for each person
_EACH_BEFORE = rcompile(r"(?:每人|每个人|一人|一个人|每人每天|一人一天)\s*(?:都是|都)?\s*$")
# '保洁和帮厨三千八一个月': another title joined to the label before it
_JOINED_BEFORE = rcompile(r"(" + HAN + r"{1,6}?)\s*(?:和|跟|与|及|、|/)\s*$")
# '教练5500，其余3600': the items no amount has named yet
_REST_BEFORE = rcompile(r"(?:其余|其他|其它|剩下的?|别的)(?:的|岗位|工种)?\s*(?:都是|都|是)?\s*"
                          r"(?:月薪|一天|每天|工资)?\s*$")


# '木工泥工三百': another title glued to the label before it, with no word joining them
_GLUED_BEFORE = rcompile(HAN + r"{0,2}(?:工|匠|员|师傅)\s*$")


def _joined_targets(text: str, x: Wage, items: list[_Item]) -> list[int]:
    m = _JOINED_BEFORE.search(text, max(0, x.label_start - 8), x.label_start)
    if m is None and text[x.label_start - 1 : x.label_start] in "工匠员傅":
        m = _GLUED_BEFORE.search(text, max(0, x.label_start - 3), x.label_start)
        if m is None or m.start() == x.label_start:
            return []
        scores = [_matches(m.group(), it) for it in items]
        return [i for i, sc in enumerate(scores) if sc == 2]
    if m is None:
        return []
    scores = [_matches(m.group(1), it) for it in items]
    best = max(scores, default=0)
    return [i for i, sc in enumerate(scores) if sc == best] if best else []


def _rest_targets(text: str, x: Wage, items: list[_Item]) -> list[int]:
    if not _REST_BEFORE.search(text, max(0, x.start - 10), x.start):
        return []
    return [i for i, it in enumerate(items) if it.job.wage_min is None]


def _label_targets(x: Wage, items: list[_Item]) -> list[int]:
    """The items a labelled amount is for."""
    if x.label in ("大工", "师傅"):
        i = next((i for i, it in enumerate(items) if it.canonical != "小工"
                  and it.job.wage_min is None), None)
        return [] if i is None else [i]
    if x.label is not None and x.label[0] in "男女":
        # '女服务员4名 男帮厨2名 女工一天130 男的150': the amount of the item of that gender
        gender = "male" if x.label[0] == "男" else "female"
        # a gender its title carries, or (in a list) the one its line states ('1.采茶女工15个
        # 2.男工3个 … 女工一天一百六 男工两百')
        same = [i for i, it in enumerate(items) if (it.gender or it.job.gender) == gender]
        if len(same) == len(items) > 1 and not any(it.gender for it in items):
            # '要小工6个 男的 一天两百 … 另要司机1名 一天三百五': a gender said once for the
            # whole post tells no item from another; the amount is where it stands
            return []
        if same:
            return same
        if x.label not in ("女工", "男工"):
            return []
    scores = [_matches(x.word, it) for it in items]
    best = max(scores, default=0)
    if best:
        return [i for i, sc in enumerate(scores) if sc == best]
    if x.label is not None:
        same = [i for i, it in enumerate(items) if it.canonical == x.label]
        lacking = [i for i in same if items[i].job.wage_min is None]
        return lacking[:1] or same[:1]
    return []


def _gender_jobs(ctx: Ctx) -> list[Job]:
    """'女工180 男工220': one job per gender-labelled amount, in written order, with the count
    written beside its gender ('要女工4个男工6个', '男的3个') or after 各."""
    d = ctx.doc
    labelled = [w for w in d.wages if w.label and w.label[0] in "男女"]
    if len(labelled) < 2 or len({w.label[0] for w in labelled if w.label}) < 2:
        return _each_gender(ctx) or _counted_genders(ctx)
    counts = _gender_counts(d)
    shared = _shared_head(d)
    split: list[tuple[str, Mention | None, Wage | None]] = []
    for w in labelled:
        gender = "male" if w.label and w.label[0] == "男" else "female"
        split.append((gender, counts.get(gender) or shared, w))
    return _per_gender(ctx, split)


def _counted_genders(ctx: Ctx) -> list[Job]:
    """'要男工3个女工2个 一天150': a count for each gender, one amount: one job per gender."""
    d = ctx.doc
    counts = _gender_counts(d)
    if len(counts) < 2 or len(_kinds_named(d)) > 1:
        return []
    ordered = sorted(counts.items(), key=lambda kv: kv[1].start)
    # '女工5名一天120 男工2名一天150': an amount after each gender's count is that gender's
    wages = sorted(d.wages, key=lambda w: w.start)
    starts = [head.start for _, head in ordered] + [len(d.text)]
    own = len(wages) == len(ordered) and all(
        starts[i] < wages[i].start < starts[i + 1] for i in range(len(ordered)))
    return _per_gender(ctx, [(gender, head, wages[i] if own else None)
                             for i, (gender, head) in enumerate(ordered)])


def _kinds_named(d: Doc) -> set[str]:
    """The kinds of work a post names: its titles, when it names one ('茶园砌坎子 要小工 男工3个
    女工2个': the task is the scene of the 小工 wanted), else every task it names."""
    titles = {w.canonical for w in d.works if _TITLE_WORD.search(w.word)}
    return titles or {w.canonical for w in d.works}


_EACH_GENDER = rcompile(r"男女各\s*(?:要|招|需要?)?\s*$")


def _each_gender(ctx: Ctx) -> list[Job]:
    """'男女各一名': one job for each, with that count (the contract's convention)."""
    d = ctx.doc
    head = next((h for h in d.heads
                 if _EACH_GENDER.search(d.text, max(0, h.start - 6), h.start)), None)
    if head is None:
        return []
    return _per_gender(ctx, [("male", head, None), ("female", head, None)])


def _per_gender(
    ctx: Ctx, split: list[tuple[str, Mention | None, Wage | None]]
) -> list[Job]:
    """The post's one job, once for each gender with that gender's count and amount."""
    base = single_job(ctx, everywhere, everywhere)
    jobs = []
    for gender, head, wage in split:
        job = Job(**{k: getattr(base, k) for k in JOB_KEYS})
        job.perks = list(base.perks)
        job.gender = gender
        if wage is not None:
            _apply_wage(ctx, job, wage)
        job.headcount = int(head.value) if head is not None else None  # type: ignore[call-overload]
        jobs.append(job)
    return jobs


_GENDER_WORD = rcompile(r"([男女])(?:工|的|性|士|同志)?\s*(?:要|招)?\s*$")


def _gender_counts(d: Doc) -> dict[str, Mention]:
    out: dict[str, Mention] = {}
    for h in d.heads:
        m = _GENDER_WORD.search(d.text, max(0, h.start - 5), h.start)
        if m is not None:
            out.setdefault("male" if m.group(1) == "男" else "female", h)
    return out


def _split_by_gender(ctx: Ctx, s: int, e: int, job: Job) -> list[Job]:
    """A list item that splits its title by gender ('3、客房服务员 女工两名三千五 男工一名四千'):
    one job per gender, in written order, each with the count and amount written after it;
    the item's job unchanged otherwise."""
    d = ctx.doc
    counted = []
    for h in d.heads:
        if s <= h.start < e:
            m = _GENDER_WORD.search(d.text, max(s, h.start - 5), h.start)
            if m is not None:
                counted.append(("male" if m.group(1) == "男" else "female", h))
    if len(counted) < 2 or len({g for g, _ in counted}) < 2:
        return _split_by_gender_pay(ctx, s, e, job)
    wages = [x for x in d.wages if s <= x.start < e]
    bounds = [h.start for _, h in counted] + [e]
    own = len(wages) == len(counted) and all(
        bounds[i] < wages[i].start < bounds[i + 1] for i in range(len(counted))
    )
    if not own and len(wages) > 1:
        return [job]
    out = []
    for i, (gender, head) in enumerate(counted):
        one = Job(**{k: getattr(job, k) for k in JOB_KEYS})
        one.perks = list(job.perks)
        one.gender = gender
        one.headcount = int(head.value)  # type: ignore[call-overload]
        if own:
            # each gender's own amount ('女工两名三千五 男工一名四千'); else one amount for both
            _apply_wage(ctx, one, wages[i])
            if one.wage_unit is None:
                one.wage_unit = job.wage_unit  # a unit the post states for every item
        out.append(one)
    return out


def _split_by_gender_pay(ctx: Ctx, s: int, e: int, job: Job) -> list[Job]:
    """A list item whose amounts are labelled by gender, uncounted ('③小工若干 男工二百二 女工
    一百九'): one job per labelled amount, in written order, with no count (the item's, if any,
    is both genders'); the item's job unchanged otherwise."""
    labelled = [x for x in ctx.doc.wages
                if s <= x.start < e and x.label is not None and x.label[:1] in ("男", "女")]
    if len(labelled) < 2 or len({x.label[:1] for x in labelled if x.label}) < 2:
        return [job]
    out = []
    for x in labelled:
        one = Job(**{k: getattr(job, k) for k in JOB_KEYS})
        one.perks = list(job.perks)
        one.gender = "male" if x.label and x.label[0] == "男" else "female"
        one.headcount = None
        _apply_wage(ctx, one, x)
        if one.wage_unit is None:
            one.wage_unit = job.wage_unit
        out.append(one)
    return out


def _one_kind(items: list[_Item]) -> bool:
    """A task and a title of the same kind ('砌墙 一方一百二 找个大工'), at most one with a count
    or gender of its own: one job described twice, not two."""
    a, b = items
    return (
        a.canonical is not None and a.canonical == b.canonical and a.title != b.title
        and not (a.head is not None and b.head is not None)
        and not (a.gender or b.gender)
    )


# A shift of the day's work ('早班', '晚班', '白班', '夜班'), not the bus ('早班车').
SHIFT = rcompile(r"(?:早|晚|白|夜|中|白天|上午|下午)班(?!车)")


_TOTAL = rcompile(r"一共|总共|共计|合计|总计")
_ALLOWANCE = rcompile(r"加|补贴?|多给|另")


def _shift_jobs(ctx: Ctx) -> list[Job]:
    """'早班 要三个 一个钟头十八 晚班 要两个 一个钟头二十': shifts of one post, each with its
    own count or amount, are jobs of their own (each with the hours written in its part, the
    post's work, day, place and phone); the jobs come in the order the shifts are written,
    which is how a claim naming a shift finds its job (handlers.reading). Two shifts named
    without a count or amount of their own ('白班夜班两班倒 要10个人') are one job."""
    d = ctx.doc
    found = list(SHIFT.finditer(d.text))
    words = [m.group() for m in found]
    if len(found) < 2 or len(set(words)) != len(words):
        return []
    bounds = [(m.start(), found[i + 1].start() if i + 1 < len(found) else len(d.text))
              for i, m in enumerate(found)]
    if _TOTAL.search(d.text):
        return []  # '白班150 夜班180 一共要4个人': a total is one job's count, no split
    # an allowance ('上夜班的每晚加50', '夜班补贴30') is no shift's pay
    wages = [x for x in d.wages if not _ALLOWANCE.search(d.text, max(0, x.start - 3), x.start)]
    said = [(x.start, x.end) for x in d.heads] + [(x.start, x.end) for x in wages]
    kinds = [({"n" for x in d.heads if s <= x.start < e}
              | {"w" for x in wages if s <= x.start < e}) for s, e in bounds]
    if not all(kinds) or any(k != kinds[0] for k in kinds):
        # '早班3个 晚班3个 一天150': the pay after the last shift is every shift's — a shift
        # saying what the others do not is no job of its own: the post is one job
        return []
    # the last shift ends with its own count, amount or hours: what follows ('电话… 何场长') is
    # every shift's
    s, e = bounds[-1]
    said += [(x.start, x.end) for x in d.times]
    bounds[-1] = (s, max(b for a, b in said if s <= a < e))
    jobs = [single_job(ctx, _in(s, e), _outside(bounds)) for s, e in bounds]
    for job, (s, e) in zip(jobs, bounds, strict=True):
        job.own = d.text[s:e]
    # '早班要三个帮厨 … 晚班要两个 …': the work said in one shift is the post's, the work of a
    # shift that names none; shifts naming different work leave the silent one without
    named = {job.work_type for job in jobs if job.work_type}
    if len(named) == 1:
        for job in jobs:
            job.work_type = job.work_type or next(iter(named))
    return jobs


def build_jobs(ctx: Ctx) -> list[Job]:
    d = ctx.doc
    shifts = _shift_jobs(ctx)
    if shifts:
        return shifts
    ranges = _list_items(d)
    if ranges:
        items = []
        for s, e in ranges:
            title, canonical = _item_title(d, s, e)
            items.append(_Item(s, e, title, canonical))
        out: list[Job] = []
        for it, job in zip(items, _jobs_of(ctx, items, listed=True), strict=True):
            out.extend(_split_by_gender(ctx, it.start, it.end, job))
        return out
    anchors, dropped = _anchor_items(d)
    if len(anchors) >= 2 and len({it.gender for it in anchors}) == len(anchors) and all(
        it.gender and it.head for it in anchors
    ):
        # '女服务员3名 男服务员1名': titles written with their gender and count
        return _jobs_of(ctx, anchors, listed=False)
    gj = _gender_jobs(ctx)
    if gj:
        return gj
    if len(anchors) == 2 and _one_kind(anchors):
        anchors = anchors[1:] if anchors[1].head is not None else anchors[:1]
    if len(anchors) >= 2:
        return _jobs_of(ctx, anchors, listed=False)
    job = single_job(ctx, everywhere, everywhere)
    if dropped and anchors and anchors[0].title not in _GENERIC:
        job.work_type = anchors[0].canonical
    return [job]
