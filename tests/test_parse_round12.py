"""Round 12 (the eighteenth round's conversations): the parser's kinds, each with the
look-alikes that must not trigger it. Every sentence is new (none is a line of a
conversation)."""

from __future__ import annotations

import datetime as dt

import pytest

from nlp import parse

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 4, 22, 9, 0, tzinfo=TZ)


# ==== what hiring costs these days, said of 请人 as of 请个 (「现在请人…都要…」), is news


@pytest.mark.parametrize("text", [
    "现在请人割草都要一百八一天了",
    "今年请人摘茶起码要一百五",
    "现在请人背柴最少两百一天",
])
def test_what_hiring_costs_is_no_post(text: str) -> None:
    assert parse(text, NOW).intent == "other"


@pytest.mark.parametrize("text", [
    "请人割草 要三个 一天一百八 电话13872025518",
    "现在请人摘茶 要五个 一天一百五 管午饭 电话13872025518",
])
def test_hiring_at_that_pay_is_a_post(text: str) -> None:
    assert parse(text, NOW).intent == "job_post"


# ==== someone named first, still going to work, told as news — a pair in it counts no one


@pytest.mark.parametrize("text", [
    "谭大爷两口子七十几了还去挖洋芋 硬朗得很",
    "向婆婆两口子八十了还天天去收苞谷",
    "王大爷两口子都七十了还在帮人搬砖",
])
def test_a_neighbour_still_going_to_work_is_news(text: str) -> None:
    result = parse(text, NOW)
    assert (result.intent, result.extra.get("reason")) == ("other", "news")


@pytest.mark.parametrize(("text", "intent"), [
    ("向婆婆屋里明天收苞谷 两个人", "job_post"),  # work at their home, wanted
    ("向婆婆屋里明天收苞谷 两个人 一天一百三", "job_post"),
    ("张婆婆两口子明天去挖洋芋 还差一个 一天一百三 电话13872025518", "job_post"),
])
def test_work_wanted_for_a_neighbour_stays_a_post(text: str, intent: str) -> None:
    assert parse(text, NOW).intent == intent


def test_a_neighbour_going_with_people_still_wanted_is_no_news() -> None:
    assert parse("向婆婆两口子也去摘茶 还差两个", NOW).extra.get("reason") != "news"


def test_a_neighbour_signed_up_is_no_news() -> None:
    assert parse("覃婆婆两口子明天也去 算两个", NOW).extra.get("reason") != "news"
