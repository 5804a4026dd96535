"""Round 10 (issue 10): kinds found by the sixteenth round's conversations, fixed by mechanism.

Every sentence is new (none is a line of a labelled set), and each behaviour is shown with the
look-alikes that must not trigger it. Builders add their own sections below, each under its
own heading and self-contained.
"""

from __future__ import annotations

import datetime as dt

import pytest

from nlp import parse

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 4, 12, 9, 0, tzinfo=TZ)  # a Monday


# ==== a seeker's lowest pay said as a refusal of what is below it


@pytest.mark.parametrize(("text", "floor"), [
    ("想找个搬运的活 低于一百八的不去", 180),
    ("我想找点洗碗的活 工资少于120的不做", 120),
    ("找个保洁的活 一百五以下的活都不要", 150),
    ("想找个开车的活 不到两百免谈", 200),
    ("想找搬运的活 200以上", 200),  # said the usual way, as before
])
def test_a_floor_said_as_a_refusal_is_the_lowest_pay(text: str, floor: int) -> None:
    p = parse(text, NOW)
    assert p.intent == "work_seek" and p.seek.min_wage == floor


@pytest.mark.parametrize("text", [
    "想找个搬运的活 低于一百八的也去",  # a lower wage is welcome
    "想找点洗碗的活 一百二以下也做",
    "想找个保洁的活 去年低于一百五",  # a fact, no refusal
    "想找个搬运的活 我不要押金",  # a refusal of something else
])
def test_a_low_amount_not_refused_is_no_floor(text: str) -> None:
    p = parse(text, NOW)
    assert p.seek.min_wage is None


AUG = dt.datetime(2027, 8, 16, 9, 0, tzinfo=TZ)  # a Monday


def intent(text: str, region: str | None = "松柏镇") -> str:
    return parse(text, AUG, chat_region=region).intent


# ==== a lift offered on one's own trip, with seats and a fare per head, is no hire


@pytest.mark.parametrize("text", [
    "后天一早我开车去房县 顺路 车上还剩两个位子 一人三十 电话13872206415",
    "明早去松柏 顺路车 还有一个空位 一人二十五 要搭的打我电话15972031846",
    "礼拜三我去宜昌 拼车的说一声 还有三个座位 每人八十",
    "明天下午開車去木魚鎮 順路 還剩兩個位子 一人十五",  # Traditional, as typed
])
def test_a_lift_offered_with_a_fare_is_no_post(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize("text", [
    # a driver wanted for a trip, paid: the driver is hired
    "后天要个开车的 帮我送两车木耳到房县 给四百 电话13872206415",
    "明天要两个司机 拉砖到松柏 一天三百 电话15972031846",
    # people wanted, paid per head (no seat, no rider): a wage
    "明天要三个人 帮我搬家 一人一百五 电话13477120586",
])
def test_a_driver_or_hands_wanted_for_pay_are_still_posts(text: str) -> None:
    assert intent(text) == "job_post"


# ==== a post quoted and asked about is no post


@pytest.mark.parametrize("text", [
    "前年秋天群里有人发过「要六个摘核桃的 一天一百三 管午饭」 今年还有没得",
    "上回老周说“要两个砌墙的大工 一天三百” 后来也没见人来",
    "我记得有人写的「招3个采茶工 一天一百」 是不是这个茶园哦",
])
def test_a_quoted_post_told_of_or_asked_about_is_no_post(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize("text", [
    # quotation marks around the job's own words, with a phone to call: a post
    "「后天要四个采茶工 一天一百三」 有意的打电话13707196485",
    # the hire said outside the quote
    "要三个小工 一天一百五 「管中饭」 电话13872206415",
])
def test_a_post_with_quotation_marks_of_its_own_is_still_a_post(text: str) -> None:
    assert intent(text) == "job_post"


# ==== what help costs these days, the amount said before a particle


@pytest.mark.parametrize("text", [
    "现在喊个大工一天都要三百了",
    "如今请个保姆一个月都要四千了哦",
    "现在找个小工一天起码一百八了",
])
def test_the_going_rate_with_a_closing_particle_is_no_post(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize("text", [
    "现在要两个小工 一天一百八 电话13477120586",
    "屋里现在要个大工 一天三百 后天来",
])
def test_a_hire_said_with_now_is_still_a_post(text: str) -> None:
    assert intent(text) == "job_post"
