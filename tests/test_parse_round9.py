"""Round 9 (issue 11): kinds found by the fourteenth round's sets and the listed conversations,
fixed by mechanism.

Every sentence is new (none is a line of a labelled set), and each behaviour is shown with the
look-alikes that must not trigger it. Builders add their own sections below, each under its
own heading and self-contained.
"""

from __future__ import annotations

import datetime as dt

import pytest

from nlp import parse

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 5, 17, 9, 0, tzinfo=TZ)  # a Monday


def intent(text: str, region: str | None = "松柏镇") -> str:
    return parse(text, NOW, chat_region=region).intent


# ================================================================ what help costs, complained of


@pytest.mark.parametrize("text", [
    "现在请个小工一天都要两百了 么样搞得起",
    "大工都要三百了 哪个请得起哦",
    "一天要两百五 屋里种点地请不起人",
])
def test_a_complaint_about_what_help_costs_is_no_post(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize("text", [
    # a price and a count both after 要: the count still makes the post
    "屋里要两个小工 一天两百 管中饭",
    "请不起大工 要2个小工 一天150",
    "要三个人掰苞谷 一天一百五",
])
def test_posts_that_say_a_price_after_yao_are_still_posts(text: str) -> None:
    assert intent(text) == "job_post"


# ================================================================ people hired by their count


@pytest.mark.parametrize("text", [
    # the sender's own 我 before 请 + a count of people: an employer, not a claimer
    "我要请仨人 后天挖洋芋 电话13477120586",
    "我想喊两个帮工 下礼拜砍柴",
    "我屋里要雇三个人 礼拜四掰苞谷 一天一百五",
])
def test_hiring_people_by_their_count_is_a_post(text: str) -> None:
    assert intent(text) == "job_post"


@pytest.mark.parametrize("text", [
    "他屋里请了两个人 搞了三天",  # news of someone else's hire
    "你请几个人？",  # a question about a post
    "请两个人要好多钱啊",  # a remark on the cost
])
def test_talk_about_hiring_people_is_no_post(text: str) -> None:
    assert intent(text) == "other"
