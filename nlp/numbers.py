"""Numbers in messy Chinese text: 一百五, 两百八, 叁佰, 1.5万, 3k, 七八个, 十来个, 5毛, 1块2.

The scanner works on `fold(text)` (same length as the input), so spans index the text as
given. It is a single left-to-right pass; every parse attempt only looks forward from
its start and the scan resumes after what was consumed, so the time is linear.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from nlp.normalize import fold
from nlp.recache import rcompile


@dataclass(frozen=True, init=False)
class NumSpan:
    """A number found in text. `high` is set for ranges and spans like 百八十 (80–100).

    `approx` marks numbers written as approximate (十来, 十几, 四百多, 三百左右);
    `kind` is "number", "money" (5毛, 1块2), "fraction" (3/5, 二分之一) or "digits"
    (a numeral read digit by digit, such as 二零二六).
    """

    start: int
    end: int
    value: float
    high: float | None
    text: str
    approx: bool = False
    kind: str = "number"

    def __init__(self, start: int, end: int, value: float, high: float | None, text: str,
                 approx: bool = False, kind: str = "number") -> None:
        # the fields as a frozen dataclass's own __init__ sets them, in one call where it makes
        # seven (object.__setattr__ a field): one is made for every number of every message
        self.__dict__.update(start=start, end=end, value=value, high=high, text=text,
                             approx=approx, kind=kind)


_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3,
    "叁": 3, "仨": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7,
    "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000, "兆": 1_000_000_000_000}
# Digits that may follow 点 as decimals: 两/俩/仨 never do (两百点两 is 200 and 2).
_DECIMAL_DIGITS = frozenset("零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖")
# Formal numerals that are also ordinary words (队伍, 陆地, 收拾, 放肆): alone they are not numbers.
_AMBIGUOUS_ALONE = frozenset("伍陆拾肆")
_SPACES = frozenset(" \t")
_ASCII_ALNUM = rcompile(r"[A-Za-z0-9]")
_ARABIC = rcompile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
_EXPONENT = rcompile(r"[eE]([+-]?\d{1,3})(?![A-Za-z0-9])")
_POWER = rcompile(r"\^([+-]*)(\d+(?:\.\d+)?)")
_SLASH = rcompile(r"/(\d{1,6})(?![\d/.])")
_CN_RUN = rcompile("[零〇一二三四五六七八九两]{2,}")

_START = rcompile(
    "[0-9.\\-负零〇一二三四五六七八九壹贰两俩叁仨肆伍陆柒捌玖十拾百佰千仟半]"
)
# Words whose numeral is not a quantity; matched where the numeral starts.
_IDIOMS = rcompile(
    "一切|一看|一定|一起|一下|一般|一直|一些|一样|一旦|一律|一致|一同|一向|一共|一边|一面|"
    "一会|一再|一番|一贯|一概|一味|一阵|一心|一路|一带|一口气|一手|一把手|一线|一流|一道|"
    "一举|一见|一时|一并|一刀切|一塌糊涂|一清二楚|一五一十|一模一样|一无所|一窝蜂|"
    "万一|万分|万能|万万不|千万(?![元块])|百货|百姓|百度|百分百|"
    "十分(?!钟)|十足|十字|四川|四季|五金|三轮|二手|三农|八卦|九州|零工|零活|零钱|零售|零件|"
    "零散|零碎|零星|零时工|半天|半夜|半年|半个|半小时|半月|半价|半途|半山|半坡|半边|"
    "三三两两|两两|三番五次|七上八下|乱七八糟|四面八方|五花八门|一点点|有一点|一点儿"
)

def _idiom_tails(pattern: str) -> dict[str, re.Pattern[str]]:
    """The idiom alternation split by first character, so each check is one short match."""
    by_head: dict[str, list[str]] = {}
    for word in pattern.split("|"):
        by_head.setdefault(word[0], []).append(word[1:])
    return {
        head: rcompile("|".join(sorted(tails, key=len, reverse=True)))
        for head, tails in by_head.items()
    }


_IDIOM_TAILS = _idiom_tails(_IDIOMS.pattern)
# A numeral right after one of these is part of a date or weekday, not a quantity.
_WEEKDAY_PREFIX = ("星期", "礼拜")
_ONE_AFTER = frozenset("统唯逐专划")  # 统一, 唯一, 逐一 …
_WEEKDAY_CHARS = frozenset("一二三四五六七日天")
_DOZEN_VERBS = frozenset("工杂包扫卡电针算架字车的听球牌")
_MONEY_AFTER = frozenset(
    "个名位人天日号月年点岁斤件次元块十百千万%来多包箱筐单亩平米吨车趟张条只头"
)
_RANGE_PAIRS = {(3, 5), (3, 2)}
_PLAIN_CN = frozenset("一二两三四五六七八九俩仨")
_PLAIN_INT = rcompile(r"\d{1,15}(?![\d])")
# Characters after which a numeral may go on (units, decimals, ranges, fractions, money).
_CONTINUES = frozenset(
    "十拾百佰千仟万亿兆多余几来分又毛角块元打%^/.,-~到至 \t零〇壹贰叁肆伍陆柒捌玖"
)
# ASCII characters that cannot continue an Arabic number.
_PLAIN_END = frozenset("\n:;!?()[]{}<>\"'*#@&|+=_")
# Words measured "per one": 一天, 一个, 一斤 … (after an amount, 一 means "per").
_PER_MEASURE = frozenset("天个月年周斤件名人位小次晚趟车亩平包箱筐单吨只张条头")
# After 5毛 / 8角: what may follow a money 毛/角 (八角庙 is a place, 毛巾 a towel).
_AFTER_MAO = frozenset("钱一每/,.;!?)、，。；！？ \n")


# 一张一分五: the measure word of a price per thing, and the tenths a fen may carry
# ('一匹砖一分五': 匹 counts bricks in the region's speech)
_PER_THING = frozenset("斤张个件片块只根棵瓶袋箱盒包条瓦砖颗粒双匹")
_FEN_TENTHS = {
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9
}
_NOT_FEN_TAIL = frozenset("钟秒之分十百千万点")
_PAUSES = frozenset(" ,.;!?，。；！？、\n")
# What may follow a digit that continues a numeral across a space ('一百 五 十 二').
_AFTER_SPACED_DIGIT = frozenset(" \t点又分") | frozenset(_SMALL_UNITS) | frozenset(_BIG_UNITS)


_MEASURE_AFTER_PAIR = frozenset("个名位人天号岁斤亩")


def _continues_after_space(t: str, q: int) -> bool:
    """Whether the numeral goes on at q after a space. Units and place-value digits written
    apart do ('三千 八百 九十六 万'); a digit with its own measure word ('五十 两个', '一百 三天')
    starts a new number, and 两/俩/仨 count things, never the ones place ('五十 两')."""
    c = t[q]
    nxt = t[q + 1] if q + 1 < len(t) else ""
    if c not in _CN_DIGITS and not ("0" <= c <= "9"):
        # ...nor does a month or a day ('一百二 十月一号'), nor a name that starts with a big
        # unit ('一百五 万福村')
        if c in _BIG_UNITS and nxt != "" and "\u4e00" <= nxt <= "\u9fff" and nxt not in (
            "元块圆"
        ) and nxt not in _CN_DIGITS:
            return False
        # ...nor a unit with its own measure word ('四千五 十天左右': 4500, then ten days)
        return not (c in _SMALL_UNITS and nxt != "" and (nxt in "月号日"
                                                         or nxt in _MEASURE_AFTER_PAIR))
    if nxt in _CN_DIGITS and q + 2 < len(t) and t[q + 2] in _MEASURE_AFTER_PAIR:
        return False  # '两百 七八个人': a count of its own
    if "0" <= c <= "9" or c in "两俩仨":
        # only with a place unit ('7万 5千 4百'): Arabic digits after a space are a number of
        # their own (a phone: '一百 13986721100')
        return nxt != "" and (nxt in _SMALL_UNITS or nxt in _BIG_UNITS)
    return nxt == "" or nxt in _AFTER_SPACED_DIGIT or nxt in _CN_DIGITS or "0" <= nxt <= "9"


def _skip_spaces(t: str, i: int) -> int:
    n = len(t)
    while i < n and t[i] in _SPACES:
        i += 1
    return i


@dataclass
class _Core:
    end: int
    lo: float
    hi: float
    approx: bool
    ranged: bool
    arabic_only: bool  # the whole core is one Arabic literal (exponents, k, / apply)
    integer: bool
    single_unit: bool  # only a bare unit such as 百 or 千 was read


def _parse_core(t: str, i: int) -> _Core | None:
    """Parse one integer/decimal numeral (Chinese, Arabic or mixed) starting at i."""
    n = len(t)
    res_lo = res_hi = 0.0
    sec_lo = sec_hi = 0.0
    dig_lo: float | None = None
    dig_hi: float | None = None
    dig_single = False  # pending digit is a single digit (may be an abbreviated tail)
    prev = "start"
    prev_unit = 0
    last_small = 10_000
    last_big = 0
    end = i
    p = i
    approx = False
    ranged = False
    tokens = 0
    arabic_tokens = 0
    units_seen = 0
    decimal_done = False
    integer = True

    while p < n:
        q = _skip_spaces(t, p) if tokens else p
        if q >= n:
            break
        c = t[q]
        if q > p and not _continues_after_space(t, q):
            break
        if q > p and c in _CN_DIGITS and q + 1 < n and _SMALL_UNITS.get(t[q + 1], 0) >= last_small:
            break  # '一亩六十 四十亩': a place value already used starts a number of its own
        if (c.isdigit() and c.isascii()) or (c == "." and q + 1 < n and t[q + 1].isdigit()):
            if dig_lo is not None or prev not in ("start", "small", "big", "zero"):
                break
            m = _ARABIC.match(t, q)
            if m is None:
                break
            lit = m.group().replace(",", "")
            if prev != "start" and "," in m.group():
                break
            try:
                val = float(lit)
            except ValueError:
                break
            if "." in lit:
                integer = False
            dig_lo = dig_hi = val
            dig_single = len(lit) == 1 and prev in ("small", "big")
            prev = "arabic"
            p = end = m.end()
            tokens += 1
            arabic_tokens += 1
            continue
        if c in _CN_DIGITS:
            if dig_lo is not None or prev == "arabic":
                break
            d = _CN_DIGITS[c]
            if d == 0:
                if prev == "zero":
                    p = q + 1
                    continue
                prev = "zero"
                p = q + 1
                tokens += 1
                continue
            nxt = t[q + 1] if q + 1 < n else ""
            if not ranged and nxt in _CN_DIGITS and _CN_DIGITS[nxt] != 0:
                e = _CN_DIGITS[nxt]
                if e == d + 1 or (d, e) in _RANGE_PAIRS:
                    dig_lo, dig_hi = float(min(d, e)), float(max(d, e))
                    ranged = True
                    approx = True
                    dig_single = True
                    prev = "digit"
                    p = end = q + 2
                    tokens += 1
                    continue
            dig_lo = dig_hi = float(d)
            dig_single = prev in ("small", "big")
            prev = "digit"
            p = end = q + 1
            tokens += 1
            continue
        if c in _SMALL_UNITS:
            u = _SMALL_UNITS[c]
            if u >= last_small:
                break
            if dig_lo is not None and dig_hi is not None:
                sec_lo += dig_lo * u
                sec_hi += dig_hi * u
            elif prev in ("start", "zero"):
                sec_lo += u
                sec_hi += u
            else:
                break
            dig_lo = dig_hi = None
            last_small = u
            prev = "small"
            prev_unit = u
            units_seen += 1
            p = end = q + 1
            tokens += 1
            continue
        if c in _BIG_UNITS:
            big = _BIG_UNITS[c]
            tmp_lo = sec_lo + (dig_lo or 0.0)
            tmp_hi = sec_hi + (dig_hi or 0.0)
            if prev == "zero":
                break
            if tmp_lo == 0 and res_lo == 0:
                break
            if last_big and last_big < big:
                res_lo = (res_lo + tmp_lo) * big
                res_hi = (res_hi + tmp_hi) * big
            elif tmp_lo == 0:
                res_lo *= big
                res_hi *= big
            else:
                res_lo += tmp_lo * big
                res_hi += tmp_hi * big
            sec_lo = sec_hi = 0.0
            dig_lo = dig_hi = None
            last_big = big
            last_small = 10_000
            prev = "big"
            prev_unit = big
            units_seen += 1
            p = end = q + 1
            tokens += 1
            continue
        if c == "点" and not decimal_done and prev in ("digit", "small", "big", "zero"):
            r = _skip_spaces(t, q + 1)
            s = r
            while s < n and t[s] in _DECIMAL_DIGITS:
                s += 1
            if s == r or (s < n and t[s] in _SMALL_UNITS):
                break
            frac = float("0." + "".join(str(_CN_DIGITS[ch]) for ch in t[r:s]))
            scale = prev_unit / 10.0 if dig_single and prev_unit >= 100 and prev == "digit" else 1.0
            base_lo = res_lo + sec_lo + (dig_lo or 0.0) * scale
            base_hi = res_hi + sec_hi + (dig_hi or 0.0) * scale
            res_lo, res_hi = base_lo + frac, base_hi + frac
            sec_lo = sec_hi = 0.0
            dig_lo = dig_hi = None
            decimal_done = True
            integer = False
            prev = "decimal"
            p = end = s
            tokens += 1
            # 三点五万: a big unit may scale the decimal when none was used before it.
            if last_big == 0 and s < n and t[s] in _BIG_UNITS:
                big = _BIG_UNITS[t[s]]
                res_lo *= big
                res_hi *= big
                p = end = s + 1
            break
        if c in "多余几来" and prev in ("small", "big", "arabic", "zero"):
            r = _skip_spaces(t, q + 1)
            approx = True
            if r < n and t[r] in _BIG_UNITS and c != "来":
                prev = "approx"
                p = r
                continue
            if c == "来" and prev in ("small", "big", "arabic"):
                end = q + 1
            break
        break

    if tokens == 0:
        return None
    tail_lo = dig_lo or 0.0
    tail_hi = dig_hi or 0.0
    abbreviated = dig_lo is not None and dig_single and prev_unit >= 100 and prev == "digit"
    if abbreviated and end < n and (
        (t[end - 1] == "一" and t[end] in _PER_MEASURE)
        or (t[end] in "个名位" and end + 1 < n and t[end + 1] in "人分")
    ):
        # 二百一天 is 200 a day, not 210: the 一 starts "一天"; 四百四个人分 is 400 for four
        end -= 1
        tail_lo = tail_hi = 0.0
    elif dig_lo is not None and dig_single and prev_unit >= 100 and prev in ("digit", "arabic"):
        # 一百五 = 150, 一万三 = 13000, 两千四百五 = 2450: a lone digit after a unit.
        # Not after 零 (一千零五 = 1005): dig_single is only set right after a unit.
        tail_lo *= prev_unit / 10
        tail_hi *= prev_unit / 10
    lo = res_lo + sec_lo + tail_lo
    hi = res_hi + sec_hi + tail_hi
    single_unit = units_seen == 1 and tokens == 1 and dig_lo is None and prev == "small"
    if end == i:
        return None
    return _Core(end, lo, hi, approx, ranged, arabic_tokens == 1 and tokens == 1, integer,
                 single_unit)


@dataclass
class _Num:
    start: int
    end: int
    lo: float
    hi: float
    approx: bool
    ranged: bool
    kind: str


def _sign_allowed(t: str, i: int) -> bool:
    """A '-' is a minus sign only where it cannot be a range dash or a separator."""
    if i == 0:
        return True
    prev = t[i - 1]
    return not (prev.isalnum() or prev in "-~/.")


def _parse_signed_core(t: str, i: int) -> tuple[_Core, bool] | None:
    neg = False
    j = i
    if j < len(t) and (t[j] == "负" or (t[j] == "-" and _sign_allowed(t, j))):
        neg = True
        j += 1
    core = _parse_core(t, j)
    if core is None:
        return None
    return core, neg


def _fraction_after(t: str, core_end: int) -> tuple[float, int] | None:
    """`分之` + numerator after a denominator that ended at core_end."""
    n = len(t)
    r = _skip_spaces(t, core_end)
    if r >= n or t[r] != "分":
        return None
    r = _skip_spaces(t, r + 1)
    if r >= n or t[r] != "之":
        return None
    r = _skip_spaces(t, r + 1)
    num = _parse_signed_core(t, r)
    if num is None or num[0].single_unit:
        return None
    core, neg = num
    return (-core.lo if neg else core.lo), core.end


def _parse_at(t: str, i: int) -> _Num | None:
    n = len(t)
    c = t[i]
    # 百八十 / 千八百 / 万八千 (and 百儿八十): "eighty to a hundred" etc.
    for head, tail, lo, hi in (
        ("百", "八十", 80.0, 100.0), ("千", "八百", 800.0, 1000.0), ("万", "八千", 8000.0, 10000.0)
    ):
        if c == head:
            if t.startswith(tail, i + 1):
                return _Num(i, i + 1 + len(tail), lo, hi, True, True, "number")
            if t.startswith("儿" + tail, i + 1):
                return _Num(i, i + 2 + len(tail), lo, hi, True, True, "number")
    if c == "半":
        if i + 1 < n and t[i + 1] in "百千万":
            val = {"百": 50.0, "千": 500.0, "万": 5000.0}[t[i + 1]]
            return _Num(i, i + 2, val, val, False, False, "number")
        return None

    signed = _parse_signed_core(t, i)
    if signed is None:
        return None
    core, neg = signed
    if core.single_unit and t[i] not in "十拾":
        return None
    lo, hi, end = core.lo, core.hi, core.end
    kind = "number"

    # Fractions: 五分之一, 负3分之负157, 一百万又五十万分之二十五, 3/5, 1 3/5.
    frac = _fraction_after(t, end)
    if frac is not None and lo != 0:
        val = frac[0] / lo
        if neg:
            val = -val
        return _Num(i, frac[1], val, val, False, False, "fraction")
    r = _skip_spaces(t, end)
    if r < n and t[r] == "又":
        whole = -lo if neg else lo
        s = _skip_spaces(t, r + 1)
        den = _parse_signed_core(t, s)
        if den is not None and not den[0].single_unit:
            fr = _fraction_after(t, den[0].end)
            if fr is not None and den[0].lo != 0:
                part = fr[0] / (-den[0].lo if den[1] else den[0].lo)
                val = whole - part if whole < 0 else whole + part
                return _Num(i, fr[1], val, val, False, False, "fraction")

    if core.arabic_only:
        m = _SLASH.match(t, end)
        if m is not None and core.integer and (i == 0 or t[i - 1] not in "/."):
            den_v = float(m.group(1))
            if den_v != 0:
                val = lo / den_v
                return _Num(i, m.end(), -val if neg else val, -val if neg else val, False,
                            False, "fraction")
        if core.integer and end < n and t[end] in _SPACES:
            # mixed number 1 3/5
            m2 = re.match(r" (\d{1,6})/(\d{1,6})(?![\d/.])", t[end:end + 16])
            if m2 is not None and float(m2.group(2)) != 0:
                val = lo + float(m2.group(1)) / float(m2.group(2))
                return _Num(i, end + m2.end(), -val if neg else val, -val if neg else val,
                            False, False, "fraction")
        m = _EXPONENT.match(t, end)
        if m is not None:
            e = int(m.group(1))
            lo = hi = lo * 10.0**e
            end = m.end()
        else:
            m = _POWER.match(t, end)
            if m is not None:
                exp = float(m.group(2))
                if m.group(1).count("-") % 2:
                    exp = -exp
                try:
                    lo = hi = lo**exp
                except (OverflowError, ZeroDivisionError):
                    return None
                end = m.end()
            elif end < n and t[end] in "kKwW" and (end + 1 >= n or not t[end + 1].isascii()
                                                  or not t[end + 1].isalpha()):
                mult = 1000.0 if t[end] in "kK" else 10000.0
                lo, hi = lo * mult, hi * mult
                end += 1

    # Money: 5毛 = 0.5, 1块2 = 1.2, 两块五 = 2.5, 3毛5 = 0.35.
    if end < n and not neg:
        ch = t[end]
        after = t[end + 1] if end + 1 < n else ""
        mao_ok = after == "" or after in _AFTER_MAO or after.isdigit() or after in _CN_DIGITS
        if ch == "分" and after == "钱" and core.integer and lo < 10:
            # 五分钱 = 0.05 (一块砖一分钱); 五分 alone is minutes or a score
            return _Num(i, end + 1, lo / 100, lo / 100, False, False, "money")
        if (ch == "分" and core.integer and lo < 10 and i > 0 and t[i - 1] in _PER_THING
                and (after == "" or after in _PAUSES)):
            # 一块砖两分: fen closing a price per thing
            return _Num(i, end + 1, lo / 100, lo / 100, False, False, "money")
        if (ch == "分" and core.integer and lo < 10 and i > 0 and t[i - 1] in _PER_THING
                and after in _FEN_TENTHS
                and (end + 2 >= n or t[end + 2] not in _NOT_FEN_TAIL)):
            # 一张一分五 = 0.015: fen and tenths of a fen, only as a price per thing (一张 before)
            val = (lo + _FEN_TENTHS[after] / 10) / 100
            return _Num(i, end + 2, val, val, False, False, "money")
        if (ch == "分" and core.integer and lo < 10 and after == "一"
                and end + 2 < n and t[end + 2] in _PER_THING
                and t[end + 3 : end + 4] not in ("人", "名")):
            # '两分一块', '五分一个': fen before the thing it is paid for
            return _Num(i, end + 1, lo / 100, lo / 100, False, False, "money")
        if (ch == "分" and core.integer and lo < 10 and after in _FEN_TENTHS
                and end + 3 < n and t[end + 2] == "一" and t[end + 3] in _PER_THING):
            # '一分五一个' = 0.015 a thing
            val = (lo + _FEN_TENTHS[after] / 10) / 100
            return _Num(i, end + 2, val, val, False, False, "money")
        if ch in "毛角" and core.integer and lo < 100 and mao_ok:
            val = lo / 10
            e2 = end + 1
            d = _single_digit(t, e2)
            if d is not None and t[e2] != "一" and (e2 + 1 >= n or t[e2 + 1] not in _MONEY_AFTER):
                val += d / 100
                e2 += 1
            return _Num(i, e2, val, val, False, False, "money")
        if ch in "块元" and core.integer and lo < 1000 and not core.ranged:
            d = _single_digit(t, end + 1)
            follow = t[end + 2] if end + 2 < n else ""
            if (
                d is not None
                and t[end + 1] != "一"
                and (follow not in _MONEY_AFTER or follow == "一")
                and not follow.isdigit()
            ):
                val = lo + d / 10
                e2 = end + 2
                if e2 < n and t[e2] in "毛角":
                    e2 += 1
                return _Num(i, e2, val, val, False, False, "money")
        if ch == "打" and core.integer and (end + 1 >= n or t[end + 1] not in _DOZEN_VERBS):
            lo, hi = lo * 12, hi * 12
            end += 1

    if neg:
        lo, hi = -hi, -lo
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return None
    approx = core.approx
    if end < n and t[end] == "%":
        kind = "percent"
    r = _skip_spaces(t, end)
    if t.startswith("左右", r) or (r < n and t[r] in "多余几来"):
        approx = True
    return _Num(i, end, lo, hi, approx, core.ranged, kind)


def _single_digit(t: str, i: int) -> int | None:
    if i >= len(t):
        return None
    ch = t[i]
    if ch.isascii() and ch.isdigit():
        if i + 1 < len(t) and t[i + 1].isascii() and t[i + 1].isdigit():
            return None
        return int(ch)
    if ch in _CN_DIGITS and _CN_DIGITS[ch] != 0:
        nxt = t[i + 1] if i + 1 < len(t) else ""
        if (nxt in _CN_DIGITS and nxt != "一") or nxt in _SMALL_UNITS:
            return None
        return _CN_DIGITS[ch]
    return None


def _digit_run(t: str, i: int) -> tuple[int, float | None] | None:
    """A run of Chinese digits with no units: 二零二六 → 2026; 两两, 九九 → no number."""
    m = _CN_RUN.match(t, i)
    if m is None:
        return None
    run = m.group()
    if len(run) > 15:
        return m.end(), None  # no quantity is spelled in so many digits (and floats overflow)
    nxt = t[m.end()] if m.end() < len(t) else ""
    if nxt in _SMALL_UNITS or nxt in _BIG_UNITS or nxt == "点":
        return None
    if len(run) == 2:
        a, b = _CN_DIGITS[run[0]], _CN_DIGITS[run[1]]
        if b == a + 1 or (a, b) in _RANGE_PAIRS or (a != 0 and b != 0 and "零" not in run
                                                    and "〇" not in run):
            return None if (b == a + 1 or (a, b) in _RANGE_PAIRS) else (m.end(), None)
    value = 0.0
    for ch in run:
        value = value * 10 + _CN_DIGITS[ch]
    return m.end(), value


def _plain_after_space(t: str, j: int) -> bool:
    """After "139 ": does what follows the space leave the number as it is?"""
    if j >= len(t):
        return True
    c = t[j]
    if c in _CONTINUES or c in _CN_DIGITS:
        return False
    if "0" <= c <= "9":  # 1 3/5 is a mixed fraction; 139 7193 two numbers
        m = _PLAIN_INT.match(t, j)
        return m is not None and not t.startswith("/", m.end())
    return True


def _scan(t: str) -> list[_Num]:
    out: list[_Num] = []
    n = len(t)
    i = 0
    while i < n:
        m = _START.search(t, i)
        if m is None:
            break
        p = m.start()
        c = t[p]
        prev = t[p - 1] if p else ""
        ascii_digit = "0" <= c <= "9"
        if ascii_digit:
            if prev.isascii() and prev.isalpha():
                # part of a latin token such as a WeChat id: skip the whole token
                q = p
                while q < n and _ASCII_ALNUM.match(t, q):
                    q += 1
                i = q
                continue
        elif c == ".":
            if prev == "." or prev.isdigit():
                i = p + 1
                continue
        elif c == "-":
            if not (p + 1 < n and (t[p + 1].isdigit() or t[p + 1] == ".")):
                i = p + 1
                continue
        else:
            idiom = _IDIOM_TAILS.get(c)
            if idiom is not None:
                im = idiom.match(t, p + 1)
                if im is not None:
                    i = im.end()
                    continue
            if prev == "初" and c in "一二三四五六七八九十":
                i = p + 1
                while i < n and t[i] in "一二三四五六七八九十":
                    i += 1
                continue
            if c in _WEEKDAY_CHARS and (prev == "周" or t[p - 2 : p] in _WEEKDAY_PREFIX):
                i = p + 1
                while i < n and (t[i] in _CN_DIGITS or t[i] == "十"):
                    i += 1
                continue
            if c == "一" and prev in _ONE_AFTER:
                i = p + 1
                continue
            # Fast path for a lone digit ("一天", "3个" below): anything that could
            # continue a number goes through the full parser.
            nc = t[p + 1] if p + 1 < n else ""
            if c in _PLAIN_CN and nc not in _CONTINUES and nc not in _CN_DIGITS and nc != "点":
                v = float(_CN_DIGITS[c])
                out.append(_Num(p, p + 1, v, v, False, False, "number"))
                i = p + 1
                continue
        if ascii_digit:
            pm = _PLAIN_INT.match(t, p)
            if pm is not None:
                e = pm.end()
                after = t[e] if e < n else ""
                nxt2 = t[e + 1] if e + 1 < n else ""
                if (
                    after == ""
                    or (after not in _CONTINUES and not after.isascii())
                    or after in _PLAIN_END
                    or (after in ",." and not ("0" <= nxt2 <= "9"))
                    or (after == " " and _plain_after_space(t, e + 1))
                ):
                    lit = pm.group()
                    val = float(lit)
                    out.append(_Num(p, e, val, val, False, False, "number"))
                    i = e
                    continue
        run = _digit_run(t, p)
        if run is not None:
            end, value = run
            if value is not None:
                out.append(_Num(p, end, value, value, False, False, "digits"))
            i = end
            continue
        num = _parse_at(t, p)
        if num is None:
            i = p + 1
            # never re-read the tail of a digit run that failed as a whole (too long, …)
            while c.isdigit() and i < n and t[i].isascii() and t[i].isdigit():
                i += 1
            continue
        text = t[num.start:num.end]
        if len(text) == 1 and text in _AMBIGUOUS_ALONE:
            i = num.end
            continue
        if text == "零":
            i = num.end
            continue
        if text == "一" and t.startswith("点", num.end):
            # 一点 is "a little" or one o'clock; dates.find_times reads the clock.
            i = num.end + 1
            continue
        out.append(num)
        i = max(num.end, p + 1)
    return _merge_ranges(t, out)


_RANGE_DASH = rcompile(r"\s?(?:-|~|—|到|至)\s?")


def _merge_ranges(t: str, nums: list[_Num]) -> list[_Num]:
    """3-5, 150~200, 三到五: one span with value = low, high = high."""
    if len(nums) < 2:
        return nums
    out: list[_Num] = []
    k = 0
    while k < len(nums):
        a = nums[k]
        if k + 1 < len(nums):
            b = nums[k + 1]
            m = _RANGE_DASH.fullmatch(t, a.end, b.start)
            if (
                m is not None
                and a.kind == b.kind == "number"
                and not a.ranged
                and not b.ranged
                and 0 < a.lo < b.lo <= a.lo * 100
                and not t.startswith("0", a.start)
                and (a.start == 0 or t[a.start - 1] not in "-/.:")
                and (b.end >= len(t) or t[b.end] not in "-/.:")
            ):
                out.append(_Num(a.start, b.end, a.lo, b.hi, a.approx or b.approx, True, "number"))
                k += 2
                continue
        out.append(a)
        k += 1
    return out


def find_numbers(text: str) -> list[NumSpan]:
    """Every number in running text, left to right, with spans into `text`."""
    if not isinstance(text, str) or not text:
        return []
    try:
        t = fold(text)
        nums = _scan(t)
    except (ValueError, OverflowError, IndexError):
        return []
    spans: list[NumSpan] = []
    for num in nums:
        high = num.hi if (num.ranged or num.hi != num.lo) else None
        spans.append(NumSpan(num.start, num.end, num.lo, high, text[num.start:num.end],
                             num.approx, num.kind))
    return spans


def _whole(s: str) -> NumSpan | None:
    if not isinstance(s, str):
        return None
    stripped = s.strip()
    if not stripped:
        return None
    spans = find_numbers(stripped)
    if len(spans) != 1 or spans[0].start != 0 or spans[0].end != len(stripped):
        if stripped in ("两", "俩", "仨"):
            return NumSpan(0, 1, float(_CN_DIGITS[stripped]), None, stripped)
        return None
    return spans[0]


def parse_number(s: str) -> float | None:
    """The number that the whole string spells ("一百五" → 150, "3k" → 3000), else None."""
    span = _whole(s)
    if span is None or span.kind == "money":
        return None
    return span.value


_MONEY_SUFFIX = rcompile(r"(?:元钱|块钱|元|块|圆|rmb|RMB)$")


def parse_money(s: str) -> float | None:
    """An amount of yuan ("5毛" → 0.5, "1块2" → 1.2, "150元" → 150), else None."""
    if not isinstance(s, str):
        return None
    t = fold(s).strip()
    t = t.lstrip("¥￥").strip()
    if not t:
        return None
    span = _whole(t)
    if span is None:
        stripped = _MONEY_SUFFIX.sub("", t).strip()
        if stripped == t or not stripped:
            return None
        span = _whole(stripped)
        if span is None:
            return None
    if span.kind == "fraction" or span.kind == "digits":
        return None
    return span.value
