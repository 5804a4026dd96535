"""Numbers as village group members write them."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.numbers import NumSpan, find_numbers, parse_money, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一百五", 150),
        ("二百三", 230),
        ("两百八", 280),
        ("叁佰", 300),
        ("贰", 2),
        ("叁拾", 30),
        ("壹佰伍拾", 150),
        ("1.5万", 15000),
        ("3k", 3000),
        ("1.5w", 15000),
        ("两", 2),
        ("俩", 2),
        ("仨", 3),
        ("十", 10),
        ("十五", 15),
        ("一千二", 1200),
        ("一千零五", 1005),
        ("一万三", 13000),
        ("1,200", 1200),
        ("３００", 300),
        ("兩千四百五", 2450),
        ("三点五", 3.5),
        ("百三", 130),
        ("半百", 50),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "   ", "abc", "一定", "万", "百", "一百五十块钱的活", "5毛"])
def test_parse_number_rejects_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5毛", 0.5),
        ("3角", 0.3),
        ("1块2", 1.2),
        ("两块五", 2.5),
        ("150元", 150),
        ("150块钱", 150),
        ("¥80", 80),
        ("3k", 3000),
        ("一百五", 150),
        ("5毛5", 0.55),
    ],
)
def test_parse_money(text: str, value: float) -> None:
    assert parse_money(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "面议", "二分之一", "元"])
def test_parse_money_rejects(text: str) -> None:
    assert parse_money(text) is None


def spans(text: str) -> list[tuple[str, float, float | None]]:
    return [(s.text, s.value, s.high) for s in find_numbers(text)]


def test_a_typical_post() -> None:
    text = "明天要3个搬运工,150一天,电话13872651134"
    found = find_numbers(text)
    assert [s.text for s in found] == ["3", "150", "一", "13872651134"]
    for s in found:
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("要七八个人", [("七八", 7, 8)]),
        ("两三个小工", [("两三", 2, 3)]),
        ("一两个人", [("一两", 1, 2)]),
        ("三两个人", [("三两", 2, 3)]),
        ("十五六个人", [("十五六", 15, 16)]),
        ("三四十个", [("三四十", 30, 40)]),
        ("3-5人", [("3-5", 3, 5)]),
        ("一天150到180", [("一", 1, None), ("150到180", 150, 180)]),
        ("月薪3000-3500", [("3000-3500", 3000, 3500)]),
        ("一天百八十块钱", [("一", 1, None), ("百八十", 80, 100)]),
        ("十来个", [("十来", 10, None)]),
    ],
)
def test_ranges_and_rough_numbers(
    text: str, expected: list[tuple[str, float, float | None]]
) -> None:
    assert spans(text) == expected


def test_approximate_flags() -> None:
    (ten,) = find_numbers("十来个")
    assert ten.approx and ten.high is None
    (four_hundred,) = find_numbers("四百多")
    assert four_hundred.text == "四百" and four_hundred.approx
    (exact,) = find_numbers("四百")
    assert not exact.approx


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("剥核桃 1块2一斤", [("1块2", 1.2, None), ("一", 1, None)]),
        ("卖土豆 一块二一斤", [("一块二", 1.2, None), ("一", 1, None)]),
        ("计件 5毛一件", [("5毛", 0.5, None), ("一", 1, None)]),
        ("一包五毛", [("一", 1, None), ("五毛", 0.5, None)]),
    ],
)
def test_money_forms(text: str, expected: list[tuple[str, float, float | None]]) -> None:
    assert spans(text) == expected
    assert all(s.kind == "money" for s in find_numbers(text) if "毛" in s.text or "块" in s.text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一百八一天", [("一百八", 180, None), ("一", 1, None)]),
        ("二百一天", [("二百", 200, None), ("一", 1, None)]),
        ("一天三百二", [("一", 1, None), ("三百二", 320, None)]),
        ("帮厨一天一百五", [("一", 1, None), ("一百五", 150, None)]),
    ],
)
def test_wage_per_day_is_not_read_as_one_number(
    text: str, expected: list[tuple[str, float, float | None]]
) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "一定要来",
        "大家一起干",
        "等一下",
        "万一下雨",
        "一般般",
        "统一安排",
        "一直有活",
        "初一开工",
        "星期一",
        "周一",
        "礼拜一",
        "早一点来",
        "十分感谢",
        "零工驿站",
        "收拾房间",
        "队伍",
        "三三两两",
    ],
)
def test_words_that_are_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def test_place_name_is_not_money() -> None:
    assert all(s.kind != "money" for s in find_numbers("松柏镇八角庙村"))


def test_repeated_digit_is_not_a_number() -> None:
    assert [s.text for s in find_numbers("两两一组")] == ["一"]


def test_ten_minutes_is_a_number_but_very_is_not() -> None:
    assert spans("十分钟") == [("十", 10, None)]
    assert spans("十分好") == []


def test_spans_index_the_original_traditional_full_width_text() -> None:
    text = "要５個人，日薪壹佰伍拾元，兩千四百五"
    found = find_numbers(text)
    expected = [("５", 5), ("壹佰伍拾", 150), ("兩千四百五", 2450)]
    assert [(s.text, s.value) for s in found] == expected
    assert all(text[s.start : s.end] == s.text for s in found)


def test_numspan_is_frozen_with_the_agreed_fields() -> None:
    s = NumSpan(start=0, end=2, value=7.0, high=8.0, text="七八")
    assert (s.start, s.end, s.value, s.high, s.text) == (0, 2, 7.0, 8.0, "七八")
    with pytest.raises(AttributeError):
        s.value = 3.0  # type: ignore[misc]


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_never_raises(text: str) -> None:
    for s in find_numbers(text):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
    parse_number(text)
    parse_money(text)


NUMERALS = (
    "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点多来余几分之又负块毛"
    " -.,/^e%0123456789k"
)


@given(st.text(alphabet=NUMERALS, max_size=400))
@settings(max_examples=300, deadline=None)
def test_numeral_soup_never_raises(text: str) -> None:
    for s in find_numbers(text):
        assert text[s.start : s.end] == s.text
        assert s.value == s.value  # not NaN


def _best_time(text: str) -> float:
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        find_numbers(text)
        parse_number(text)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize(
    "unit",
    ["一 ", "1", "一百五十", "十", "1,", "3-", "两三", "一点", "二零", "负", "5毛", "1/", "万",
     "分之", "又一", "零", "1e", "百八十块", "七八个人一天一百五 "],
)
def test_time_is_linear_on_20000_chars(unit: str) -> None:
    small = (unit * (5000 // len(unit) + 1))[:5000]
    big = (unit * (20000 // len(unit) + 1))[:20000]
    t_small, t_big = _best_time(small), _best_time(big)
    assert t_big < 2.0
    # 4x the text: linear is ~4x, quadratic 16x; the margin absorbs a busy machine
    assert t_big < 12 * t_small + 0.02


@pytest.mark.parametrize(("text", "expected"), [
    ("一吨五十 两个", [("一", 1.0), ("五十", 50.0), ("两", 2.0)]),   # not 52
    ("五十 两", [("五十", 50.0), ("两", 2.0)]),                     # 两 never the ones place
    ("一百 三天", [("一百", 100.0), ("三", 3.0)]),                  # a digit with its measure word
    ("一百 13986721100", [("一百", 100.0), ("13986721100", 13986721100.0)]),
    ("一百二 十月一号", [("一百二", 120.0), ("十", 10.0), ("一", 1.0)]),  # a month after the space
    ("一百 五 十 二", [("一百 五 十 二", 152.0)]),                  # place values written apart
    ("7万 5千 4百", [("7万 5千 4百", 75400.0)]),
    ("3 万", [("3 万", 30000.0)]),
])
def test_numerals_across_a_space(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(n.text, n.value) for n in find_numbers(text)] == expected
