"""Dates, clock times and durations in messy Chinese text.

Everything is found on `fold(text)` (same length as the input), so spans index the text
as given. Dates resolve forward from `now`, in now's own time zone; lunar dates go through
the `lunardate` package. Vague expressions (月底, 过两天, 年后, 3月中旬, 最近) give nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from lunardate import LunarDate

from nlp.normalize import fold
from nlp.numbers import find_numbers
from nlp.recache import rcompile


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen __init__ is slow
class DateSpan:
    start: int
    end: int
    date: dt.date
    text: str
    end_date: dt.date | None = None
    days: int | None = None  # days listed one by one ('本周六周日', '24号25号')
    holiday: bool = False  # named by a holiday (国庆, 中秋): a period more than a day


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen __init__ is slow
class TimeSpan:
    start: int
    end: int
    time: dt.time
    text: str
    end_time: dt.time | None = None


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen __init__ is slow
class DurationSpan:
    """A length of time. `days` for a day or longer (a month is 30 days, a year 365; a
    range takes its upper end; fractions round up), `seconds` for shorter ones (3个小时).
    `total_seconds` is always the exact length. `rate` marks 一天/一小时 used as "per"
    next to an amount (150一天, 一天150) rather than a length of work.
    """

    start: int
    end: int
    days: int | None
    text: str
    seconds: float | None = None
    approximate: bool = False
    total_seconds: float = 0.0
    rate: bool = False


# ---------------------------------------------------------------- small numbers

_CN_SMALL = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip


def _small_int(s: str) -> int | None:
    """1–99 written as 5, 05, 五, 十五, 二十三, 廿八, 三十; None when not such a number."""
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    s = s.replace("廿", "二十").replace("卅", "三十")
    if len(s) == 1:
        return _CN_SMALL.get(s, 10 if s == "十" else None)
    if "十" in s:
        head, _, tail = s.partition("十")
        if len(head) > 1 or len(tail) > 1:
            return None
        tens = _CN_SMALL.get(head) if head else 1
        ones = _CN_SMALL.get(tail) if tail else 0
        if tens is None or ones is None or tens == 0:
            return None
        return tens * 10 + ones
    return None


def _year_int(s: str) -> int | None:
    if s.isascii() and s.isdigit():
        y = int(s)
        return y + (2000 if y < 50 else 1900) if len(s) == 2 else y
    if all(ch in _CN_SMALL or ch == "〇" for ch in s) and len(s) >= 2:
        y = 0
        for ch in s:
            y = y * 10 + _CN_SMALL[ch]
        return y
    spans = find_numbers(s)
    if len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(s):
        return int(spans[0].value)
    return None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


# ---------------------------------------------------------------- lunar calendar


def _lunar_to_solar(y: int, m: int, d: int) -> dt.date | None:
    try:
        solar: dt.date = LunarDate(y, m, d).to_solar_date()
        return solar
    except (ValueError, IndexError, OverflowError):
        return None


def _lunar_today(today: dt.date) -> LunarDate | None:
    try:
        return LunarDate.from_solar_date(today.year, today.month, today.day)
    except (ValueError, IndexError, OverflowError):
        return None


def _lunar_forward(today: dt.date, m: int, d: int) -> dt.date | None:
    """The first solar date on or after today that is lunar month m, day d."""
    lt = _lunar_today(today)
    if lt is None:
        return None
    for y in range(lt.year - 1, lt.year + 4):
        sol = _lunar_to_solar(y, m, d)
        if sol is not None and sol >= today:
            return sol
    return None


def _lunar_same_month(first: dt.date, day: int) -> dt.date | None:
    lt = _lunar_today(first)
    if lt is None:
        return None
    try:
        solar: dt.date = LunarDate(lt.year, lt.month, day, lt.is_leap_month).to_solar_date()
        return solar
    except (ValueError, IndexError, OverflowError):
        return None


def _solar_same_month(first: dt.date, day: int) -> dt.date | None:
    return _safe_date(first.year, first.month, day)


def _new_years_eve(today: dt.date, year: int | None) -> dt.date | None:
    """除夕 / 大年三十: the day before lunar New Year (the last day of 腊月)."""
    if year is not None:
        ny = _lunar_to_solar(year + 1, 1, 1)
        return None if ny is None else ny - dt.timedelta(days=1)
    lt = _lunar_today(today)
    if lt is None:
        return None
    for y in range(lt.year, lt.year + 3):
        ny = _lunar_to_solar(y, 1, 1)
        if ny is not None and ny - dt.timedelta(days=1) >= today:
            return ny - dt.timedelta(days=1)
    return None


def _lunar_day_forward(today: dt.date, day: int) -> dt.date | None:
    """Bare 初X: the next lunar day X on or after today (this lunar month or the next)."""
    lt = _lunar_today(today)
    if lt is None:
        return None
    if day >= lt.day:
        return today + dt.timedelta(days=day - lt.day)
    # Lunar months have 29 or 30 days: this lands on day X or, after a 30-day month, X-1.
    cand = today + dt.timedelta(days=29 - lt.day + day)
    for _ in range(2):
        lc = _lunar_today(cand)
        if lc is None or lc.day == day:
            break
        cand += dt.timedelta(days=1)
    return cand


# ---------------------------------------------------------------- date patterns

_CNN = "[零〇一二两三四五六七八九十廿]"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]|十|[一二三四五六七八九]|正|腊|冬)"
_DAY = (
    r"(?:初[一二三四五六七八九十]|廿[一二三四五六七八九]?|三十一|三十|二十[一二三四五六七八九]?"
    r"|十[一二三四五六七八九]?|[一二三四五六七八九]|3[01]|[12][0-9]|0?[1-9])"
)
_YEAR = r"(?:\d{4}|\d{2}|[零〇一二三四五六七八九]{3,4}|[两二一]千零?[一二三四五六七八九十]{0,3})"
_REL_DAY = {
    "大后天": 3, "大前天": -3, "今明两天": 0, "明后两天": 1, "明后天": 1, "今天": 0,
    "今日": 0, "今儿个": 0, "今儿": 0, "今早": 0, "今晚": 0, "今夜": 0, "明天": 1,
    "明日": 1, "明儿个": 1, "明儿": 1, "明早": 1, "明晚": 1, "明个": 1, "后天": 2,
    "后儿个": 2, "后儿": 2, "后日": 2, "昨天": -1, "昨日": -1, "昨晚": -1, "前天": -2,
}  # fmt: skip
_REL_RANGE = {"今明两天": 1, "明后两天": 1, "明后天": 1}
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
_HOLIDAYS: dict[str, tuple[tuple[int, int] | None, tuple[int, int] | None]] = {
    "元旦": ((1, 1), None), "国庆": ((10, 1), None), "中秋": (None, (8, 15)),
    "端午": (None, (5, 5)), "元宵": (None, (1, 15)),
}  # fmt: skip
_HOLIDAY_DAYS = {"国庆": 7}
_REL_YEAR = {"今年": 0, "明年": 1, "去年": -1, "后年": 2, "前年": -2}

_DATE_RE = rcompile(
    # Every alternative starts with one of these; the lookahead lets the engine skip
    # other positions with a single class test.
    "(?<![0-9])(?=[0-9零〇一二两三四五六七八九十廿农阴今明去后前本这下上大除初昨星礼周元国中端正腊冬])(?:"
    # 2010-01-29, 2010.01.29, 2010/01/29, 2010 01 29
    r"(?<![\d.])(?P<ny>\d{4})(?P<s1>[-./ ])(?P<nm>\d{1,2})(?P=s1)(?P<nd>\d{1,2})(?![\d])"
    # 13.5.2015, 3-7-2017, 05/05/89, 27-7-3
    r"|(?<![\d.])(?P<a>\d{1,2})(?P<s2>[-./])(?P<b>\d{1,2})(?P=s2)(?P<c>\d{4}|\d{1,2})(?![\d])"
    # [去年|2015年][农历]M月D[日号], 农历2015年十月初一, 本月十日
    r"|(?P<lun0>农历|阴历)?(?:(?P<ry>今年|明年|去年|后年|前年)|(?P<y>" + _YEAR + r")年)?"
    r"(?P<lun1>农历|阴历)?"
    r"(?:(?P<m>" + _MONTH + r")月|(?P<rm>本月|这个月|这月|下个月|下月|上个月|上月))"
    r"(?P<d>" + _DAY + r")(?P<suf>日|号)?"
    # 大年初一, 大年三十, 除夕
    r"|(?P<eve>大年三十|除夕)|大年(?P<ny1>初[一二三四五六七八九十])"
    # 3到5号, 3-5号
    r"|(?<![\d.月])(?P<rd1>" + _DAY + r")(?:号|日)?(?:到|至|-|~)(?P<rd2>" + _DAY + r")(?:号|日)"
    # 15号, 十五号, 29日
    r"|(?<![\d.月])(?P<bd>3[01]|[12][0-9]|0?[1-9]|" + _CNN + r"{1,3})(?P<bs>号|日)"
    r"(?![楼房线院车口位桌码床机结薪工均夜])"
    # 初八
    r"|(?P<ld>初[一二三四五六七八九十])"
    # 元旦, 国庆, 中秋 …
    r"|(?P<hol>元旦|国庆节?|中秋节?|端午节?|元宵节?)"
    # 今天 明天 后天 …
    r"|(?P<rel>" + "|".join(sorted(_REL_DAY, key=len, reverse=True)) + r")"
    # 下周一, 这个星期六, 週六, 周末, 上上个周三, 周六日
    r"|(?P<wr>下下个?|上上个?|下个?|上个?|这个?|本)?(?:星期|礼拜|周)(?P<wd>[一二三四五六日天末])"
    r"(?P<wd2>(?<=六)[日天])?"
    # 3.5, 12/1 (month.day)
    r"|(?<![\d.¥价薪资斤钱块元棵株亩吨箱筐])(?P<pm>1[0-2]|0?[1-9])[./](?P<pd>3[01]|[12][0-9]|0?[1-9])"
    r"(?![\d./%万千kKwW元块天小年月周米斤个亩吨倍折公])"
    ")"
)
_DATE_TRIGGER = rcompile(r"[天日号月周期拜初年夕后早晚儿个旦庆秋午宵\d]")
# '到', and '开始干到', '干到', '上到' between the ends of a period
_RANGE_JOIN = rcompile(
    r"\s?(?:开始|开工|动工|上工|进场|开干)?\s?(?:干|做|搞|上|忙)?(?:到|至|-|~|—|–)\s?(?:次日|第二天)?"
    # '11月1日至次年4月30日': the end's month resolves forward from the start, into the next year
    r"(?:次年|翌年|第二年)?"
)
# between days listed one by one ('周六周日', '5月6号、7号', '二十四号二十五号')
_LIST_JOIN = rcompile(r"[\s、,和及]*")
# A bare day closing a range after a month and day ('到二十八', '-8号', '到廿三').
_RANGE_DAY = rcompile(
    r"\s?(?:到|至|-|~|—|–)\s?(?P<d>初[一二三四五六七八九十]|廿[一二三四五六七八九]?|"
    r"[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]|3[01]|[12][0-9]|0?[1-9])(?:号|日)?"
    r"(?![\d个名位人天块元点时分%月年岁斤件亩])"
)
_WEEKDAY_TAIL = rcompile(
    r"[\s,(（]*(?:星期|礼拜|周)[一二三四五六日天][)）]?"
)

Resolver = Callable[[dt.date], "tuple[dt.date, dt.date | None] | None"]


@dataclass
class _Hit:
    start: int
    end: int
    resolve: Resolver
    explicit: bool  # names a month/day (so a following weekday only confirms it)
    weekday: bool
    # for a month and day: the given day of the month a resolved date lies in, so that a
    # bare day closing a range ('腊月二十到二十八', '3月5号到8') takes the month from it
    same_month: Callable[[dt.date, int], dt.date | None] | None = None
    holiday: bool = False


def _forward_md(today: dt.date, m: int, d: int) -> dt.date | None:
    for y in range(today.year, today.year + 9):
        cand = _safe_date(y, m, d)
        if cand is not None and cand >= today:
            return cand
    return None


def _forward_day(today: dt.date, d: int) -> dt.date | None:
    y, m = today.year, today.month
    for _ in range(13):
        cand = _safe_date(y, m, d)
        if cand is not None and cand >= today:
            return cand
        y, m = _add_months(y, m, 1)
    return None


def _one(d: dt.date | None) -> tuple[dt.date, dt.date | None] | None:
    return None if d is None else (d, None)


def _date_hit(m: re.Match[str]) -> _Hit | None:
    g = m.groupdict()
    s, e = m.start(), m.end()
    if g["ny"]:
        y, mo, d = int(g["ny"]), int(g["nm"]), int(g["nd"])
        return _Hit(s, e, lambda _t: _one(_safe_date(y, mo, d)), True, False)
    if g["a"]:
        a, b, c = g["a"], g["b"], g["c"]
        if len(c) == 4 or int(c) > 31 or len(a) == 1:
            day, mon, year = int(a), int(b), _year_int(c)
        else:
            year, mon, day = _year_int(a), int(b), int(c)
        if year is None:
            return None
        return _Hit(s, e, lambda _t: _one(_safe_date(year, mon, day)), True, False)
    if g["d"] is not None and (g["m"] is not None or g["rm"] is not None):
        return _md_hit(m, g)
    if g["eve"]:
        return _Hit(s, e, lambda t: _one(_new_years_eve(t, None)), True, False)
    if g["ny1"]:
        d0 = _small_int(g["ny1"][1:])
        if d0 is None:
            return None
        nyd: int = d0
        return _Hit(s, e, lambda t: _one(_lunar_forward(t, 1, nyd)), True, False)
    if g["rd1"]:
        d1, d2 = _day_value(g["rd1"]), _day_value(g["rd2"])
        if d1 is None or d2 is None or d2 < d1:
            return None

        def _range(t: dt.date) -> tuple[dt.date, dt.date | None] | None:
            a1 = _forward_day(t, d1)
            if a1 is None:
                return None
            a2 = _safe_date(a1.year, a1.month, d2)
            return (a1, a2) if a2 is not None else None

        return _Hit(s, e, _range, True, False)
    if g["bd"]:
        bd = _small_int(g["bd"])
        if bd is None or not 1 <= bd <= 31:
            return None
        bdv: int = bd
        return _Hit(s, e, lambda t: _one(_forward_day(t, bdv)), True, False)
    if g["ld"]:
        ld = _small_int(g["ld"][1:])
        if ld is None:
            return None
        ldv: int = ld
        # '初一到十五': a bare day closing the range is a day of the same lunar month
        return _Hit(s, e, lambda t: _one(_lunar_day_forward(t, ldv)), True, False,
                    _lunar_same_month)
    if g["hol"]:
        solar_md, lunar_md = _HOLIDAYS[g["hol"][:2]]
        period = _HOLIDAY_DAYS.get(g["hol"][:2], 1)
        if solar_md is not None:
            hm, hd = solar_md

            def _solar(t: dt.date) -> tuple[dt.date, dt.date | None] | None:
                # during the holiday itself ('国庆人手不够' on 2 October) it means now
                this = _safe_date(t.year, hm, hd)
                if this is not None and this <= t < this + dt.timedelta(days=period):
                    return t, None
                return _one(_forward_md(t, hm, hd))

            return _Hit(s, e, _solar, True, False, holiday=True)
        if lunar_md is not None:
            lm, lday = lunar_md
            return _Hit(s, e, lambda t: _one(_lunar_forward(t, lm, lday)), True, False,
                        holiday=True)
        return None
    if g["rel"]:
        off = _REL_DAY[g["rel"]]
        span = _REL_RANGE.get(g["rel"])

        def _rel(t: dt.date) -> tuple[dt.date, dt.date | None] | None:
            first = t + dt.timedelta(days=off)
            return first, (first + dt.timedelta(days=span) if span else None)

        return _Hit(s, e, _rel, False, False)
    if g["wd"]:
        return _weekday_hit(s, e, g)
    if g["pm"]:
        mo, d = int(g["pm"]), int(g["pd"])
        return _Hit(s, e, lambda t: _one(_forward_md(t, mo, d)), True, False)
    return None


def _day_value(s: str) -> int | None:
    if s.startswith("初"):
        return _small_int(s[1:])
    return _small_int(s)


def _weekday_hit(s: int, e: int, g: dict[str, str | None]) -> _Hit:
    wd_char = g["wd"] or "一"
    wd = _WEEKDAY[wd_char]
    rel = (g["wr"] or "").replace("个", "")
    weeks = {"": None, "这": 0, "本": 0, "下": 1, "下下": 2, "上": -1, "上上": -2}.get(rel)
    weekend = wd_char == "末" or g["wd2"] is not None

    def _wk(t: dt.date) -> tuple[dt.date, dt.date | None] | None:
        if weeks is None:
            first = t + dt.timedelta(days=(wd - t.weekday()) % 7)
        else:
            monday = t - dt.timedelta(days=t.weekday())
            first = monday + dt.timedelta(days=7 * weeks + wd)
        return first, (first + dt.timedelta(days=1) if weekend else None)

    return _Hit(s, e, _wk, False, True)


_FESTIVAL_AFTER = rcompile(r"\s?(中秋|端午|元宵)")
_FESTIVAL_BEFORE = rcompile(r"(中秋|端午|元宵)节?\s?$")


def _beside_festival(t: str, s: int, e: int, month_s: str | None, day: int) -> bool:
    """A month and day with no 号/日 written beside a lunar festival whose date it is
    ('八月十五中秋节', '端午节五月初五'): the date is lunar, like the festival."""
    m = _FESTIVAL_AFTER.match(t, e) or _FESTIVAL_BEFORE.search(t, max(0, s - 4), s)
    if m is None:
        return False
    lunar_md = _HOLIDAYS[m.group(1)][1]
    return lunar_md is not None and lunar_md == (_small_int(month_s or ""), day)


# The lunar reading only when it is near and the solar day went by weeks ago: a solar day
# that passed a few days back is a stale or mistyped post, and the poster is asked.
_FAR_SOLAR_DAYS = 180
_NEAR_LUNAR_DAYS = 30
_SOLAR_PASSED_DAYS = 14


def _md_hit(m: re.Match[str], g: dict[str, str | None]) -> _Hit | None:
    s, e = m.start(), m.end()
    day_s = g["d"] or ""
    month_s = g["m"]
    lunar = bool(g["lun0"] or g["lun1"]) or day_s[:1] in "初廿" or (month_s or "") in (
        "正", "腊", "冬",
    )
    if g["suf"] is None and e < len(m.string):
        nxt = m.string[e]
        if nxt.isdigit() or nxt in "个名位人天块元点时分%":
            return None
    day = _day_value(day_s)
    if day is None or not 1 <= day <= 31:
        return None
    if not lunar and g["suf"] is None and _beside_festival(m.string, s, e, month_s, day):
        lunar = True  # '八月十五中秋节': the festival's own lunar date
    year: int | None = None
    year_off: int | None = None
    if g["y"]:
        year = _year_int(g["y"])
        if year is None:
            return None
    elif g["ry"]:
        year_off = _REL_YEAR[g["ry"]]
    if g["rm"]:
        rm = g["rm"]
        moff = 1 if rm.startswith("下") else -1 if rm.startswith("上") else 0

        def _rel_month(t: dt.date) -> tuple[dt.date, dt.date | None] | None:
            y0 = t.year + (year_off or 0)
            y1, m1 = _add_months(y0, t.month, moff)
            return _one(_safe_date(y1, m1, day))

        return _Hit(s, e, _rel_month, True, False)
    month = {"正": 1, "腊": 12, "冬": 11}.get(month_s or "")
    if month is None:
        month = _small_int(month_s or "")
    if month is None or not 1 <= month <= 12:
        return None
    mo = month
    # '八月十二' in numerals with no 号 or 日, and no year: a villager's lunar date when the
    # solar reading is most of a year off and the lunar one is weeks away.
    either = (not lunar and g["suf"] is None and year is None and year_off is None
              and not any(c.isdigit() for c in (month_s or "") + day_s))

    def _resolve(t: dt.date) -> tuple[dt.date, dt.date | None] | None:
        y = year if year is not None else (t.year + year_off if year_off is not None else None)
        if lunar:
            if y is not None:
                return _one(_lunar_to_solar(y, mo, day))
            return _one(_lunar_forward(t, mo, day))
        if y is not None:
            return _one(_safe_date(y, mo, day))
        solar = _forward_md(t, mo, day)
        if either and solar is not None and (solar - t).days > _FAR_SOLAR_DAYS:
            moon = _lunar_forward(t, mo, day)
            passed = _safe_date(solar.year - 1, mo, day)
            if (moon is not None and (moon - t).days <= _NEAR_LUNAR_DAYS
                    and (passed is None or (t - passed).days >= _SOLAR_PASSED_DAYS)):
                return _one(moon)
        return _one(solar)

    return _Hit(s, e, _resolve, True, False,
                _lunar_same_month if lunar else _solar_same_month)


def find_dates(text: str, now: dt.datetime) -> list[DateSpan]:
    """Dates in text, resolved forward from `now` (in now's own time zone)."""
    if not isinstance(text, str) or not text:
        return []
    t = fold(text)
    if _DATE_TRIGGER.search(t) is None:
        return []
    today = now.date()
    hits: list[_Hit] = []
    for m in _DATE_RE.finditer(t):
        try:
            hit = _date_hit(m)
        except (ValueError, OverflowError):
            hit = None
        if hit is not None:
            hits.append(hit)
    out: list[DateSpan] = []
    monthly: list[tuple[DateSpan, Callable[[dt.date, int], dt.date | None]]] = []
    k = 0
    while k < len(hits):
        h = hits[k]
        try:
            res = h.resolve(today)
        except (ValueError, OverflowError):
            res = None
        k += 1
        if res is None:
            continue
        first, last = res
        end = h.end
        # 3月5号（周四） — the weekday only confirms the date.
        if h.explicit and k < len(hits) and hits[k].weekday:
            wt = _WEEKDAY_TAIL.match(t, end)
            if wt is not None and wt.end() >= hits[k].end:
                end = wt.end()
                k += 1
        # 初一到初七, 3号到5号, 周一到周五: the second end resolves from the first.
        if k < len(hits):
            j = _RANGE_JOIN.fullmatch(t, end, hits[k].start)
            if j is not None:
                try:
                    res2 = hits[k].resolve(first)
                except (ValueError, OverflowError):
                    res2 = None
                if res2 is not None and res2[0] >= first:
                    last = res2[1] or res2[0]
                    end = hits[k].end
                    k += 1
        if last is None and h.same_month is not None:
            rd = _RANGE_DAY.match(t, end)
            day2 = _day_value(rd.group("d")) if rd is not None else None
            last2 = h.same_month(first, day2) if rd is not None and day2 else None
            if rd is not None and last2 is not None and last2 > first:
                last, end = last2, rd.end()
        # 本周六周日, 下周三周四, 24号25号, 5月6号、7号: days listed one by one
        days = None
        if last is None and not h.holiday:
            listed = [first]
            while k < len(hits) and hits[k].weekday == h.weekday and not hits[k].holiday:
                if _LIST_JOIN.fullmatch(t, end, hits[k].start) is None:
                    break
                if h.explicit and not hits[k].explicit and not hits[k].weekday:
                    break  # '干到腊月二十八 明天就可以来': 明天 counts from today, not from it
                try:
                    nxt = hits[k].resolve(listed[-1])
                except (ValueError, OverflowError):
                    nxt = None
                # days in a row: '周二 周四 周六' are three days, not one stretch of work
                if nxt is None or nxt[0] != listed[-1] + dt.timedelta(days=1):
                    break
                listed.append(nxt[0])
                end = hits[k].end
                k += 1
            if len(listed) > 1:
                days = len(listed)
        out.append(DateSpan(h.start, end, first, text[h.start:end], last, days, h.holiday))
        if h.same_month is not None and last is None:
            monthly.append((out[-1], h.same_month))
    if monthly:
        out.extend(_bare_ends(t, text, out, monthly))
        out.sort(key=lambda d: d.start)
    return out


# '初六开始 … 干到十五': a bare day the work runs to, after a date of a month named before it
_BARE_UNTIL = rcompile(
    r"(?<=[干做搞忙上]到)\s?(?P<d>廿[一二三四五六七八九]?|[二三]?十[一二三四五六七八九]?|3[01]|[12][0-9])"
    r"(?:号|日)?(?![\d个名位人天块元点时分%月年岁斤件亩一二三四五六七八九十百千万])")


def _bare_ends(t: str, text: str, out: list[DateSpan],
               monthly: list[tuple[DateSpan, Callable[[dt.date, int], dt.date | None]]],
               ) -> list[DateSpan]:
    """The bare days a period runs to, each in the month of the last date with a day before it
    (a lunar one's lunar month), when it falls after that date."""
    found: list[DateSpan] = []
    for m in _BARE_UNTIL.finditer(t):
        if any(d.start < m.end() and m.start() < d.end for d in out):
            continue
        before = [(d, same) for d, same in monthly if d.end <= m.start()]
        day = _day_value(m.group("d"))
        if not before or day is None:
            continue
        first, same = before[-1]
        last = same(first.date, day)
        if last is not None and last > first.date:
            found.append(DateSpan(m.start("d"), m.end(), last, text[m.start("d"):m.end()]))
    return found


# ---------------------------------------------------------------- clock times

_HOUR = r"(?:[01]?\d|2[0-4]|二十[一二三四]?|十[一二三四五六七八九]?|[零〇一二两三四五六七八九])"
_CN_MIN = r"(?:[二三四五]?十[一二三四五六七八九]?|零[一二三四五六七八九])"
_PERIOD = r"(?:凌晨|清晨|早晨|早上|上午|中午|午后|下午|傍晚|晚上|夜里|夜间|半夜|深夜|早|晚)"
_TIME_RE = rcompile(
    "(?=[0-9零〇一二两三四五六七八九十大约凌清早上中午下傍晚夜半深])(?:"
    r"(?P<ap>大约|大概|约)?(?P<ew>早上?)(?P<eh>" + _HOUR + r")点?(?P<ehalf>半)?[,\s]?"
    r"(?P<lw>晚上?|下午)(?P<lh>" + _HOUR + r")(?:点|点钟)?(?P<lhalf>半)?"
    r"|(?P<approx>大约|大概|约)?(?:(?P<per>" + _PERIOD + r")(?:\s|从)?)?(?:"
    r"(?<![\d.:])(?P<h>" + _HOUR + r")(?:点钟|点|时)"
    r"(?:(?P<half>半)|(?P<q>一刻|三刻)|(?P<mi>[0-5]\d(?!\d)|\d(?=分)|" + _CN_MIN + r")分?"
    r"|(?P<zheng>整|钟))?"
    r"|(?<![\d.:])(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)(?::[0-5]\d)?(?![\d:])"
    r"(?:\s?(?P<ampm2>[aApP]\.?[mM]\.?)(?![A-Za-z]))?"
    r"|(?<![\d.:])(?P<h3>1[0-2]|0?\d)\s?(?P<ampm>[aApP]\.?[mM]\.?)(?![A-Za-z])"
    r")(?P<suf>左右)?"
    ")"
)
_TIME_TRIGGER = rcompile(r"[点时:mM]")


def _hour_val(s: str) -> int | None:
    v = _small_int(s)
    if v is None and s in ("两", "〇", "零"):
        v = 2 if s == "两" else 0
    return v


def _apply_period(h: int, per: str | None) -> int:
    if per is None:
        return h
    if per in ("下午", "午后", "傍晚") and h < 12:
        return h + 12
    if per == "中午" and h < 6:
        return h + 12
    if per in ("晚上", "晚", "夜里", "夜间", "深夜", "半夜"):
        if h == 12:
            return 0
        if 6 <= h < 12 or (per in ("晚上", "晚") and 5 <= h < 12):
            return h + 12
    return h


@dataclass
class _TimeHit:
    start: int
    end: int
    time: dt.time
    end_time: dt.time | None
    period: bool


def _time_hit(m: re.Match[str]) -> _TimeHit | None:
    g = m.groupdict()
    if g["ew"]:
        h1, h2 = _hour_val(g["eh"] or ""), _hour_val(g["lh"] or "")
        if h1 is None or h2 is None or h1 > 12 or h2 > 12:
            return None
        t1 = dt.time(h1 % 24, 30 if g["ehalf"] else 0)
        t2 = dt.time(_apply_period(h2, "晚上" if g["lw"] != "下午" else "下午") % 24,
                     30 if g["lhalf"] else 0)
        return _TimeHit(m.start(), m.end(), t1, t2, True)
    per = g["per"]
    minute = 0
    if g["h"] is not None:
        h = _hour_val(g["h"])
        if h is None:
            return None
        has_min = bool(g["half"] or g["q"] or g["mi"] or g["zheng"])
        if g["h"] == "一" and not has_min and per in (None, "早", "晚"):
            return None  # 一点 / 早一点 / 晚一点: "a little", not one o'clock
        if g["half"]:
            minute = 30
        elif g["q"]:
            minute = 15 if g["q"] == "一刻" else 45
        elif g["mi"]:
            mv = _small_int(g["mi"])
            if mv is None or mv > 59:
                return None
            minute = mv
    elif g["h2"] is not None:
        h, minute = int(g["h2"]), int(g["m2"] or 0)
        if g["ampm2"]:
            h = _ampm(h, g["ampm2"])
    elif g["h3"] is not None:
        h = _ampm(int(g["h3"]), g["ampm"] or "")
    else:
        return None
    if h > 24:
        return None
    h = _apply_period(h, per) % 24
    start = m.start()
    return _TimeHit(start, m.end(), dt.time(h, minute), None, per is not None)


def _ampm(h: int, tag: str) -> int:
    if tag[:1] in "pP" and h < 12:
        return h + 12
    if tag[:1] in "aA" and h == 12:
        return 0
    return h


def find_times(text: str) -> list[TimeSpan]:
    """Clock times ("早上7点", "下午2点半", "7:30", "8am") and shifts ("8点到5点", "早8晚5")."""
    if not isinstance(text, str) or not text:
        return []
    t = fold(text)
    if _TIME_TRIGGER.search(t) is None and "早" not in t:
        return []
    hits = [h for h in (_time_hit(m) for m in _TIME_RE.finditer(t)) if h is not None]
    out: list[TimeSpan] = []
    k = 0
    while k < len(hits):
        h = hits[k]
        k += 1
        end, end_time = h.end, h.end_time
        join = _RANGE_JOIN.fullmatch(t, h.end, hits[k].start) if k < len(hits) else None
        if end_time is None and join is not None:
            second = hits[k]
            et = second.time
            overnight = "日" in join.group() or "天" in join.group()
            # 8点到5点 is 08:00–17:00 and 晚上8点到11点 ends at 23:00; 22:00-6:00 stays.
            if (
                not second.period
                and not overnight
                and et <= h.time
                and et.hour < 12
                and (et.hour + 12, et.minute) > (h.time.hour, h.time.minute)
            ):
                et = dt.time(et.hour + 12, et.minute)
            end_time, end = et, second.end
            k += 1
        out.append(TimeSpan(h.start, end, h.time, text[h.start:end], end_time))
    return out


# ---------------------------------------------------------------- durations

# Possessive quantifiers (++) and the look-behind keep failed matches on long digit
# runs linear: a count never restarts inside a number or gives digits back.
_DUR_NUM = (
    r"(?:(?<![\d.])\d++(?:\.\d++)?(?:\s?(?:-|~|到|至)\s?\d++(?:\.\d++)?)?"
    r"|[零〇一二两三四五六七八九十百廿俩仨壹贰叁肆伍陆柒捌玖拾佰]++"
    r"(?:(?:到|至)[一二两三四五六七八九十]++)?|半|个把)"
)
_DUR_ITEM = rcompile(
    r"(?P<n>" + _DUR_NUM + r")(?P<q>来|多|余)?(?P<ge>个)?(?P<half>半)?(?P<q2>多)?"
    r"(?P<u>小时|钟头|分钟|秒钟|星期|礼拜|年|月|周|天|日|时|分|秒|钟)(?P<half2>半)?"
    r"(?P<q3>多)?"
)
_UNIT_SECONDS = {
    "年": 365 * 86400.0, "月": 30 * 86400.0, "周": 7 * 86400.0, "星期": 7 * 86400.0,
    "礼拜": 7 * 86400.0, "天": 86400.0, "日": 86400.0, "小时": 3600.0, "钟头": 3600.0,
    "钟": 3600.0, "时": 3600.0, "分钟": 60.0, "分": 60.0, "秒": 1.0, "秒钟": 1.0,
}  # fmt: skip
_WEEK = 7 * 86400.0
_DUR_TRIGGER = rcompile(r"[年月周期拜天日时钟分秒]")
# Where a duration item can start: the engine skips other positions with one class test.
_DUR_FIND = rcompile(
    r"(?=[\d零〇一二两三四五六七八九十百廿俩仨壹贰叁肆伍陆柒捌玖拾佰半个])" + _DUR_ITEM.pattern
)
_DUR_PREFIX = ("大约", "大概", "约")
_CHAIN_ONLY = frozenset({"时", "分", "秒", "日"})
_ABBREVIATED = rcompile("[百佰千仟万][一二两三四五六七八九壹贰叁肆伍陆柒捌玖]$")
_CN_NUMERAL = frozenset("一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟")
_AMOUNT_END = frozenset("元块钱/每零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟")


@dataclass
class _DurItem:
    end: int
    seconds: float
    unit_seconds: float
    approx: bool
    trailing_more: bool
    one: bool


@lru_cache(maxsize=1024)
def _dur_number(s: str) -> tuple[float, bool] | None:
    """Value of a duration count (upper end of a range) and whether it is approximate."""
    if s == "半":
        return 0.5, False
    if s == "个把":
        return 1.0, True
    parts = re.split(r"\s?(?:-|~|到|至)\s?", s)
    if len(parts) == 2:
        hi = _dur_number(parts[1])
        return (None if hi is None else (hi[0], True))
    if s.isascii():
        try:
            return float(s), False
        except ValueError:
            return None
    spans = find_numbers(s)
    if len(spans) != 1 or spans[0].start != 0 or spans[0].end != len(s):
        return None
    sp = spans[0]
    if sp.kind not in ("number",):
        return None
    if sp.high is not None:
        return sp.high, True
    return sp.value, sp.approx


def _dur_item(t: str, i: int, first: bool) -> _DurItem | None:
    m = _DUR_ITEM.match(t, i)
    if m is None:
        return None
    g = m.groupdict()
    unit = g["u"]
    num = _dur_number(g["n"])
    if num is None:
        return None
    value, approx = num
    if _ABBREVIATED.search(g["n"]):
        return None  # 二百一天 is "200 a day"; the scan retries at 一天
    if unit == "周" and t.startswith("岁", m.end()):
        return None  # 60周岁 is an age
    item_end = m.end()
    half = bool(g["half"] or g["half2"])
    if g["half2"] and not g["q3"] and item_end < len(t) and t[item_end] in "个月":
        item_end -= 1  # 十天半个月: the 半 starts the next item
        half = bool(g["half"])
    if unit == "月" and not g["ge"] and g["n"] not in ("半", "个把"):
        return None  # 3月 is March
    if unit == "钟" and not g["ge"]:
        return None
    if first and unit in _CHAIN_ONLY:
        return None
    if unit == "年" and (value >= 100 or (len(g["n"]) >= 3 and g["n"].isdigit())):
        return None
    if unit == "年" and m.end() < len(t) and (t[m.end()].isdigit() or t[m.end()] in "月级代底初"):
        return None
    if g["ge"] and unit in ("年", "天", "日"):
        return None  # 两个年 is not Chinese; 个 belongs to something else
    if half:
        value += 0.5
    if g["q"] or g["q2"]:
        approx = True
    sec = value * _UNIT_SECONDS[unit]
    one = g["n"] in ("一", "1") and not (half or g["q"] or g["q2"])
    return _DurItem(item_end, sec, _UNIT_SECONDS[unit], approx, bool(g["q3"]), one)


def find_durations(text: str) -> list[DurationSpan]:
    """Lengths of time: 工期15天, 半个月, 一周左右, 3个小时, 四五天, 一年多三个月."""
    if not isinstance(text, str) or not text:
        return []
    t = fold(text)
    if _DUR_TRIGGER.search(t) is None:
        return []
    out: list[DurationSpan] = []
    n = len(t)
    i = 0
    while i < n:
        m = _DUR_FIND.search(t, i)
        if m is None:
            break
        p = m.start()
        if p > 0 and (t[p - 1] == "第" or (t[p - 1].isdigit() and t[p].isdigit())
                      or t[p - 1] == "."):
            i = p + 1
            continue
        if p > 0 and t[p - 1] in "这那" and t[p] in "两俩":
            i = p + 1  # '这两天就要': these days, a time and no length ('就那一天' is one)
            continue
        if t[p] in _WEEKDAY and (t[p - 1 : p] == "周" or t[max(0, p - 2) : p] in ("星期", "礼拜")):
            i = p + 1  # '周六周日': a weekday, not 六周 (six weeks)
            continue
        item = _dur_item(t, p, True)
        if item is None:
            i = p + 1
            continue
        total = item.seconds
        smallest = item.unit_seconds
        approx = item.approx
        end = item.end
        more = item.trailing_more
        units = 1
        per_week = False
        while True:
            q = end
            conn = ""
            if q < n and t[q] in "又零余":
                conn = t[q]
                q += 1
            nxt = _dur_item(t, q, False)
            if nxt is None:
                break
            if (conn == "" and item.one and units == 1 and item.unit_seconds == _WEEK
                    and nxt.unit_seconds == 86400.0):
                # '一个星期三天', '一周两天': days a week, a rate of work and no length
                per_week, end = True, nxt.end
                break
            if conn == "" and not more and nxt.unit_seconds > smallest:
                # 十天半个月, 三天两个月: two lengths side by side are a rough range.
                total = max(total, nxt.seconds)
                approx = True
                end = nxt.end
                units += 1
                break
            if not (conn == "又" or nxt.unit_seconds < smallest):
                break
            total += nxt.seconds
            smallest = min(smallest, nxt.unit_seconds)
            approx = approx or nxt.approx
            end, more = nxt.end, nxt.trailing_more
            units += 1
        if per_week:
            i = end
            continue
        start = p
        for pre in _DUR_PREFIX:
            if t.startswith(pre, p - len(pre)) and p >= len(pre):
                start, approx = p - len(pre), True
                break
        if more:
            approx = True
        if t.startswith("左右", end) or t.startswith("上下", end):
            end += 2
            approx = True
        rate = False
        if item.one and units == 1:
            bi = start - 1
            while bi >= 0 and t[bi] in " \t":
                bi -= 1
            ai = end
            while ai < n and t[ai] in " \t":
                ai += 1
            before = t[bi] if bi >= 0 else ""
            after = t[ai] if ai < n else ""
            rate = bool(before) and (before.isdigit() or before in _AMOUNT_END)
            rate = rate or (bool(after) and (after.isdigit() or after in _CN_NUMERAL))
        days: int | None
        seconds: float | None
        if total >= 86400 - 1e-6:
            days = math.ceil(total / 86400 - 1e-9)
            seconds = None
        else:
            days, seconds = None, total
        out.append(DurationSpan(start, end, days, text[start:end], seconds, approx, total, rate))
        i = end
    return out
