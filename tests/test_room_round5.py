"""Issue 10, the kinds a fifth author's conversations found (played once before any was
read): a claim said with what the claimer brings, the poster's talk under their own card, a
post that names the work a waiting draft lacked, news told in the group (a hire already made,
a relative's factory job, a verdict on a post's pay), and a date written right before a
village whose name starts with 后. Each with the look-alikes that must not act."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from handlers.reading import claim_around
from nlp import parse
from tests.conversation import Conversation, to

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 4, 29, 12, 0, tzinfo=TZ)


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation(start="2027-01-22 14:00", autobind=True)
    conv.say("@group 中岭村群 中岭村")
    yield conv
    conv.close()


# --------------------------------------------------------------------------- what one brings


@pytest.mark.parametrize(("text", "count"), [
    ("我去 喷雾器我自己带", 1),
    ("报名 自带工具", 1),
    ("算我一个 我自己带饭", 1),
    ("我去 锄头自己带来", 1),
    ("我去 我自己带老婆来", 2),  # who comes along is a companion, not a thing brought
])
def test_a_claim_with_what_the_claimer_brings(text: str, count: int) -> None:
    assert claim_around(text) == (count, None)


@pytest.mark.parametrize("text", [
    "我去 钱自己带",  # money is never a circumstance
    "我去 你们带不带饭",  # a question
    "我去 自己带车去镇上",  # a place to go to
    "喷雾器我自己带",  # no claim in it at all
])
def test_things_brought_without_a_plain_claim_are_no_claim(text: str) -> None:
    assert claim_around(text) is None


# --------------------------------------------------------------------------- the poster's talk

# (tests/test_posting.py: the poster's talk under their own card in a group stays quiet.)


# --------------------------------------------------------------------------- a draft named

DRAFT = "郝大姐@中岭村群: 后天要三个帮忙扎灯笼的 一天一百二 管饭 中岭村 电话18271504469"


def test_a_post_naming_the_work_a_draft_lacked_completes_it(chat: Conversation) -> None:
    out = chat.say(DRAFT)
    assert "缺工种" in to(out, "中岭村群")[0]
    assert [j["state"] for j in chat.jobs()] == ["draft"]
    out = chat.say("郝大姐@中岭村群: 后天要三个小工 扎灯笼 一天一百二 管饭 中岭村 "
                   "电话18271504469")
    jobs = chat.jobs()
    assert len(jobs) == 1
    assert (jobs[0]["state"], jobs[0]["work_type"], jobs[0]["headcount"]) == ("open", "小工", 3)
    assert any("【招工】小工 3人" in m for m in to(out, "中岭村群"))


@pytest.mark.parametrize("other", [
    # the same phone and day, but another job: too little in common with the draft
    "郝大姐@中岭村群: 后天要个司机 电话18271504469",
    # the same phone and day, a different count and pay
    "郝大姐@中岭村群: 后天要两个搬运工 一天一百五 中岭村 电话18271504469",
])
def test_another_job_by_the_same_poster_leaves_the_draft_alone(chat: Conversation,
                                                               other: str) -> None:
    chat.say(DRAFT)
    chat.say(other)
    jobs = chat.jobs()
    assert len(jobs) == 2
    assert jobs[0]["state"] == "draft" and jobs[0]["work_type"] is None


def test_a_different_phone_never_completes_anothers_draft(chat: Conversation) -> None:
    chat.say(DRAFT)
    chat.say("老吴@中岭村群: 后天要三个小工 一天一百二 管饭 中岭村 电话13907193316")
    assert [(j["state"], j["work_type"]) for j in chat.jobs()] == [("draft", None),
                                                                    ("open", "小工")]


# --------------------------------------------------------------------------- news, not posts


@pytest.mark.parametrize("text", [
    "我屋里请了个保姆 一个月三千五 还嫌少",
    "隔壁找了个放牛的 一天一百 天天喝酒",
    "我家丫头去宜昌进厂 体检费自己出了一百二 一个月四千多",
    "我儿子去东莞进厂了 一个月五千多",
    "放牛一天一百二还可以哦",
    "采茶一天一百四 还行",
])
def test_news_and_verdicts_on_pay_are_no_post(text: str) -> None:
    assert parse(text, NOW).intent == "other"


@pytest.mark.parametrize("text", [
    "明天要两个放牛的 一天一百二 还可以哦 电话13907193316",
    "屋里找个照顾老人的 白天陪护 一个月三千二 管中饭",
    "去宜昌进厂 招普工20名 月薪4500 电话13812345678",
    "我屋里请了个保姆 还差个做饭的 一个月三千 电话13907193316",
])
def test_posts_that_look_like_news_are_still_posts(text: str) -> None:
    assert parse(text, NOW).intent == "job_post"


# --------------------------------------------------------------------------- 明天后山坪村


@pytest.mark.parametrize(("text", "village"), [
    ("明天后山坪村茶园 要两个采茶的 一天一百四", "后山坪村"),
    ("明天 后山坪村 要两个采茶的 一天一百四", "后山坪村"),
])
def test_a_date_before_a_village_starting_with_hou_is_the_date(text: str, village: str) -> None:
    job = parse(text, NOW).jobs[0]
    assert (job.start_date, job.village) == (dt.date(2027, 4, 30), village)


@pytest.mark.parametrize("text", [
    "五一后 要两个采茶的 一天一百四",
    "明天后 要两个采茶的 一天一百四",
])
def test_a_date_followed_by_after_stays_vague(text: str) -> None:
    assert parse(text, NOW).jobs[0].start_date is None
