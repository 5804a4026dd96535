"""Dates, clock times and durations as village group members write them."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunardate import LunarDate

from nlp.dates import DateSpan, DurationSpan, TimeSpan, find_dates, find_durations, find_times

SH = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, h: int = 8) -> dt.datetime:
    return dt.datetime(y, m, d, h, 0, tzinfo=SH)


def lunar(y: int, m: int, d: int) -> dt.date:
    solar: dt.date = LunarDate(y, m, d).to_solar_date()
    return solar


def dates(text: str, now: dt.datetime) -> list[tuple[str, dt.date, dt.date | None]]:
    return [(s.text, s.date, s.end_date) for s in find_dates(text, now)]


def one_date(text: str, now: dt.datetime) -> dt.date:
    found = find_dates(text, now)
    assert len(found) == 1, found
    return found[0].date


# 2026-11-26 is a Thursday; lunar 2026-10-18.
THU = at(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今天", dt.date(2026, 11, 26)),
        ("现在就要 今天干", dt.date(2026, 11, 26)),
        ("明天", dt.date(2026, 11, 27)),
        ("明儿要俩小工", dt.date(2026, 11, 27)),
        ("明早到", dt.date(2026, 11, 27)),
        ("今晚卸货", dt.date(2026, 11, 26)),
        ("后天开工", dt.date(2026, 11, 28)),
        ("後天", dt.date(2026, 11, 28)),
        ("大后天开始", dt.date(2026, 11, 29)),
        ("下周一开始", dt.date(2026, 11, 30)),
        ("下礼拜三要人打药", dt.date(2026, 12, 2)),
        ("这周六要人挖洋芋", dt.date(2026, 11, 28)),
        ("本周五 砌院墙", dt.date(2026, 11, 27)),
        ("这周一", dt.date(2026, 11, 23)),
        ("周六要人杀年猪", dt.date(2026, 11, 28)),
        ("週六", dt.date(2026, 11, 28)),
        ("星期天", dt.date(2026, 11, 29)),
        ("礼拜日", dt.date(2026, 11, 29)),
        ("周四", dt.date(2026, 11, 26)),
        ("15号开始", dt.date(2026, 12, 15)),
        ("十号开始要人割草", dt.date(2026, 12, 10)),
        ("26号", dt.date(2026, 11, 26)),
        ("31号开工", dt.date(2026, 12, 31)),
        ("3月5号要人栽树苗", dt.date(2027, 3, 5)),
        ("三月五号", dt.date(2027, 3, 5)),
        ("12月3号上午9点", dt.date(2026, 12, 3)),
        ("3.5开工", dt.date(2027, 3, 5)),
        ("12/1", dt.date(2026, 12, 1)),
        ("下个月3号开工", dt.date(2026, 12, 3)),
        ("2027年1月8日", dt.date(2027, 1, 8)),
        ("2027-01-08", dt.date(2027, 1, 8)),
        ("元旦那天", dt.date(2027, 1, 1)),
    ],
)
def test_dates_resolve_forward_from_a_thursday(text: str, expected: dt.date) -> None:
    assert one_date(text, THU) == expected


def test_a_weekday_confirming_a_date_is_part_of_it() -> None:
    assert dates("3月5号（周五）开工", THU) == [("3月5号（周五）", dt.date(2027, 3, 5), None)]


@pytest.mark.parametrize(
    "text",
    ["月底要人收玉米", "过完年要几个人", "年后要人种药材", "3月中旬开始采茶", "过两天", "最近忙",
     "2月底前", "下周", "2月30日", "当天结", "日结", "150日结", "15号楼"],
)
def test_vague_or_impossible_dates_give_nothing(text: str) -> None:
    assert find_dates(text, THU) == []


def test_lunar_dates_before_new_year() -> None:
    assert one_date("腊月初八屋里办酒", THU) == dt.date(2027, 1, 15)
    assert one_date("腊月初八", THU) == lunar(2026, 12, 8)
    assert one_date("正月初十在松柏举行", THU) == lunar(2027, 1, 10)
    assert one_date("大年初一", THU) == lunar(2027, 1, 1)
    assert one_date("除夕", THU) == lunar(2027, 1, 1) - dt.timedelta(days=1)


def test_bare_lunar_day_is_the_next_such_day() -> None:
    # 2026-11-26 is lunar 十月十八: the next 初八 is 冬月初八.
    assert one_date("初八开工", THU) == lunar(2026, 11, 8)
    # On 除夕 the next 初八 is 正月初八.
    eve = lunar(2027, 1, 1) - dt.timedelta(days=1)
    assert one_date("初八开工", at(eve.year, eve.month, eve.day)) == lunar(2027, 1, 8)
    # During 正月, before 初八: this 正月.
    d3 = lunar(2027, 1, 3)
    assert one_date("初八开工", at(d3.year, d3.month, d3.day)) == lunar(2027, 1, 8)
    # On 初八 itself: today.
    d8 = lunar(2027, 1, 8)
    assert one_date("初八", at(d8.year, d8.month, d8.day)) == d8
    # After 正月初八: the next month's 初八.
    d10 = lunar(2027, 1, 10)
    assert one_date("初八", at(d10.year, d10.month, d10.day)) == lunar(2027, 2, 8)


def test_lunar_month_day_after_it_passed_goes_to_next_year() -> None:
    now = at(2027, 1, 20)  # lunar 2026-12-13, after 腊月初八
    assert one_date("腊月初八", now) == lunar(2027, 12, 8)
    assert one_date("正月初十", now) == lunar(2027, 1, 10)


def test_lunar_ranges_count_inclusively() -> None:
    (span,) = find_dates("正月初一到初七景区停车场要人看场子", THU)
    assert span.text == "正月初一到初七"
    assert span.date == lunar(2027, 1, 1)
    assert span.end_date == lunar(2027, 1, 7)
    assert (span.end_date - span.date).days + 1 == 7
    eve_month = at(2027, 1, 20)
    (bare,) = find_dates("初一到初七", eve_month)
    assert (bare.date, bare.end_date) == (lunar(2027, 1, 1), lunar(2027, 1, 7))


def test_day_ranges() -> None:
    assert dates("3号到5号", THU) == [("3号到5号", dt.date(2026, 12, 3), dt.date(2026, 12, 5))]
    assert dates("3-5号", THU) == [("3-5号", dt.date(2026, 12, 3), dt.date(2026, 12, 5))]
    assert dates("周一到周五", THU) == [
        ("周一到周五", dt.date(2026, 11, 30), dt.date(2026, 12, 4))
    ]
    assert dates("今明两天", THU) == [("今明两天", dt.date(2026, 11, 26), dt.date(2026, 11, 27))]


def test_across_month_and_year_ends() -> None:
    end_nov = at(2026, 11, 30)
    assert one_date("明天", end_nov) == dt.date(2026, 12, 1)
    assert one_date("3号", end_nov) == dt.date(2026, 12, 3)
    new_year_eve = at(2026, 12, 31)  # a Thursday
    assert one_date("明天", new_year_eve) == dt.date(2027, 1, 1)
    assert one_date("15号", new_year_eve) == dt.date(2027, 1, 15)
    assert one_date("下周一", new_year_eve) == dt.date(2027, 1, 4)
    assert one_date("1月3号", new_year_eve) == dt.date(2027, 1, 3)
    assert one_date("31号", at(2027, 2, 10)) == dt.date(2027, 3, 31)
    assert one_date("2月29日", at(2027, 3, 1)) == dt.date(2028, 2, 29)


def test_resolution_uses_nows_own_time_zone() -> None:
    late_utc = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)  # 04:00 on the 27th in Shanghai
    assert one_date("明天", late_utc) == dt.date(2026, 11, 27)
    assert one_date("明天", late_utc.astimezone(SH)) == dt.date(2026, 11, 28)


def test_date_spans_index_the_original_text() -> None:
    text = "诚招泥工，後天开工，臘月初八结束"
    for s in find_dates(text, THU):
        assert text[s.start : s.end] == s.text
    assert [s.text for s in find_dates(text, THU)] == ["後天", "臘月初八"]
    assert isinstance(find_dates(text, THU)[0], DateSpan)


# ---------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("早上7点", "07:00", None),
        ("明早7点半村口集合", "07:30", None),
        ("下午2点半", "14:30", None),
        ("晚上8点", "20:00", None),
        ("今天下午两点要个人", "14:00", None),
        ("7:30到", "07:30", None),
        ("6点半", "06:30", None),
        ("8am", "08:00", None),
        ("8:30pm", "20:30", None),
        ("凌晨2点半", "02:30", None),
        ("中午12点", "12:00", None),
        ("中午1点", "13:00", None),
        ("下午一点", "13:00", None),
        ("上午九点", "09:00", None),
        ("8点一刻", "08:15", None),
        ("7点05分", "07:05", None),
        ("早8晚5", "08:00", "17:00"),
        ("8点到5点", "08:00", "17:00"),
        ("8点-17点", "08:00", "17:00"),
        ("上午8点到下午5点", "08:00", "17:00"),
        ("8:00-18:00", "08:00", "18:00"),
        ("中午11点到下午2点", "11:00", "14:00"),
        ("今晚8点到11点", "20:00", "23:00"),
        ("晚班20:00-次日6:00", "20:00", "06:00"),
    ],
)
def test_times_and_shifts(text: str, start: str, end: str | None) -> None:
    (span,) = find_times(text)
    assert span.time.strftime("%H:%M") == start
    assert (span.end_time.strftime("%H:%M") if span.end_time else None) == end
    assert text[span.start : span.end] == span.text
    assert isinstance(span, TimeSpan)


@pytest.mark.parametrize("text", ["早一点来", "有一点累", "上午", "明天早上", "一点", "晚一点再说"])
def test_no_clock_time(text: str) -> None:
    assert find_times(text) == []


# ---------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "days", "approximate"),
    [
        ("工期15天", 15, False),
        ("干半个月", 15, False),
        ("做一周", 7, False),
        ("做一个礼拜", 7, False),
        ("干两个月", 60, False),
        ("四五天的活", 5, True),
        ("3-5天", 5, True),
        ("一周左右", 7, True),
        ("工期20天左右", 20, True),
        ("十来天", 10, True),
        ("个把月", 30, True),
        ("十天半个月", 15, True),
        ("一年半", 548, False),
        ("工期叁拾天", 30, False),
        ("做一週", 7, False),
    ],
)
def test_durations_in_days(text: str, days: int, approximate: bool) -> None:
    (span,) = find_durations(text)
    assert span.days == days
    assert span.seconds is None
    assert span.approximate is approximate
    assert text[span.start : span.end] == span.text


def test_hour_durations_are_in_seconds() -> None:
    (span,) = find_durations("要干3个小时")
    assert (span.days, span.seconds) == (None, 3 * 3600)
    (half,) = find_durations("两个半小时")
    assert half.seconds == 2.5 * 3600
    (half_day,) = find_durations("搞半天")
    assert (half_day.days, half_day.seconds) == (None, 43200)


def test_per_day_wages_are_marked_as_rates() -> None:
    for text in ("150一天", "一天150", "帮厨一天一百五", "二百一天"):
        (span,) = find_durations(text)
        assert span.text == "一天" and span.rate, text
    (work,) = find_durations("明天一天 男女都可以")
    assert not work.rate


@pytest.mark.parametrize(
    "text", ["2026年", "3月5号", "60周岁以下", "第三天", "长期", "干到过年", "几天", "5分"]
)
def test_not_durations(text: str) -> None:
    assert find_durations(text) == []


def test_compound_duration() -> None:
    (span,) = find_durations("一年多三个月又20天8小时余50分钟20秒")
    assert isinstance(span, DurationSpan)
    assert span.total_seconds == 41071820
    assert span.days == 476


# ---------------------------------------------------------------- robustness

ALPHABET = (
    "今明后天大前周星期礼拜一二三四五六日末号月年初正腊冬十廿农历点半早晚上下午到至-~:/."
    "0123456789个小时钟分秒多来左右又零两三百千万 ,"
)


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_arbitrary_text_never_raises(text: str) -> None:
    for s in find_dates(text, THU):
        assert text[s.start : s.end] == s.text
    for t in find_times(text):
        assert text[t.start : t.end] == t.text
    for d in find_durations(text):
        assert text[d.start : d.end] == d.text


@given(st.text(alphabet=ALPHABET, max_size=400), st.datetimes(
    min_value=dt.datetime(1901, 3, 1), max_value=dt.datetime(2098, 10, 1)))
@settings(max_examples=300, deadline=None)
def test_date_soup_never_raises(text: str, now: dt.datetime) -> None:
    aware = now.replace(tzinfo=SH)
    for s in find_dates(text, aware):
        assert s.end_date is None or s.end_date >= s.date
    find_times(text)
    find_durations(text)


def _best(text: str) -> float:
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        find_dates(text, THU)
        find_times(text)
        find_durations(text)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize(
    "unit",
    ["初一到", "3号到", "明天", "周一", "8点到", "早8晚5", "一天", "十天半个月", "2020-01-",
     "1 ", "1", "9天", "一年又", "3.5", "下下个", "农历2015年", "左右", "十", "一"],
)
def test_time_is_linear_on_20000_chars(unit: str) -> None:
    small = (unit * (5000 // len(unit) + 1))[:5000]
    big = (unit * (20000 // len(unit) + 1))[:20000]
    t_small, t_big = _best(small), _best(big)
    assert t_big < 2.0
    # 4x the text: linear is ~4x, quadratic 16x; the margin absorbs a busy machine
    assert t_big < 12 * t_small + 0.02


@pytest.mark.parametrize(("text", "start", "end"), [
    ("下午2点半到5点半", "14:30", "17:30"),
    ("下午 2点半到5点半", "14:30", "17:30"),   # the period word before a space still counts
    ("下午从2点半到5点半", "14:30", "17:30"),
    ("明天 晚上 8点", "20:00", None),
])
def test_afternoon_spans(text: str, start: str, end: str | None) -> None:
    (span,) = find_times(text)
    assert span.time.strftime("%H:%M") == start
    assert (span.end_time.strftime("%H:%M") if span.end_time else None) == end


def test_a_bare_day_closes_a_range_in_the_first_dates_month() -> None:
    (span,) = find_dates("腊月二十到二十八 要人杀年猪", THU)
    assert span.text == "腊月二十到二十八"
    assert (span.date, span.end_date) == (lunar(2026, 12, 20), lunar(2026, 12, 28))
    assert span.end_date is not None and (span.end_date - span.date).days + 1 == 9
    assert dates("正月初八到十五", THU) == [
        ("正月初八到十五", lunar(2027, 1, 8), lunar(2027, 1, 15))
    ]
    assert dates("3月5号到8", THU) == [("3月5号到8", dt.date(2027, 3, 5), dt.date(2027, 3, 8))]
    # a count after the range word is not a day; a day before the first is no range
    assert dates("12月5号到10个人", THU) == [("12月5号", dt.date(2026, 12, 5), None)]
    assert dates("腊月二十八到二十", THU) == [("腊月二十八", lunar(2026, 12, 28), None)]
