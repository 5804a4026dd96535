"""parse() never raises, on any text, and its time grows linearly with length."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import parse
from nlp.numbers import parse_number

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
PIECES = ["招", "要", "3个", "一百五", "一天", "明天", "松柏", "村", "包吃住", "不", "138", "0000",
          "1111", "-", "到", "点", "半", "男", "女", "岁以下", "号", "初八", "腊月", "工", "小工",
          "我去", "?", " ", "\n", "、", "1", "2", "十", "万", "k", "元", "/", "*"]


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_arbitrary_unicode(text: str) -> None:
    p = parse(text, NOW)
    assert p.intent in {"job_post", "work_seek", "claim", "other"}
    p.to_contract("x")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join), st.sampled_from(
    [None, "松柏镇", "青天村", "神农架林区", "不存在"]))
def test_postingish_noise(text: str, region: str | None) -> None:
    parse(text, NOW, chat_region=region).to_contract("x")


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_decoded_leniently(raw: bytes) -> None:
    parse(raw.decode("utf-8", errors="replace"), NOW).to_contract("x")


def _timed(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        parse(text, NOW)
        best = min(best, time.perf_counter() - t)
    return best


def test_long_messages_scale_linearly() -> None:
    unit = "招小工3名 一百五一天 明天 松柏镇八角庙村 电话13800001111 包吃住 55岁以下 "
    parse(unit, NOW)  # load dictionaries outside the timing
    short = unit * (5_000 // len(unit))
    long = unit * (20_000 // len(unit))
    t_short, t_long = _timed(short), _timed(long)
    ratio = len(long) / len(short)
    assert t_long < 2.5 * ratio * t_short + 0.05, (t_short, t_long)
    assert t_long < 5.0


def test_twenty_thousand_random_chars() -> None:
    import random

    rng = random.Random(7)
    text = "".join(chr(rng.randint(0x20, 0x9FFF)) for _ in range(20_000))
    t = time.perf_counter()
    parse(text, NOW)
    assert time.perf_counter() - t < 5.0


def _parse_time(text: str) -> float:
    """Best of three parses of text, each a real parse (the result cache is emptied)."""
    from nlp.parse import _parse_cached

    best = float("inf")
    for _ in range(5):
        _parse_cached.cache_clear()
        t = time.process_time()
        parse(text, NOW)
        best = min(best, time.process_time() - t)
    return best


@pytest.mark.parametrize("unit", ["1", "一", "150一天", "3岁 ", "1-"])
def test_long_runs_cost_in_proportion_to_their_length(unit: str) -> None:
    # A 20,000-digit line once took 27 s: every age pattern restarted inside the digit run, and
    # each duration was checked against every wage. Four times the text must cost about four
    # times the time (a quadratic step costs sixteen), whatever the machine's speed; ten leaves
    # room for a busy machine.
    parse(unit * 10, NOW)
    short = unit * (4_000 // len(unit))
    long = unit * (16_000 // len(unit))
    t_short, t_long = _parse_time(short), _parse_time(long)
    assert t_long < 10 * t_short + 0.05, (unit, t_short, t_long)


def test_a_run_of_chinese_digits_too_long_for_a_number_is_no_number() -> None:
    # '一' twenty thousand times once overflowed to infinity and raised
    p = parse("一" * 20_000, NOW)
    assert p.intent == "other"
    # a phone spelled in digits is still read as digits ('二零二六' the year stays 2026)
    assert parse_number("二零二六") == 2026
