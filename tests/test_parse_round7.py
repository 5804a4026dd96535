"""Round 7 (issue 11): the kinds `authors_g` still missed after round 6, and kinds probed for
the never-read sets' weak spots (their `--summary` tables only), fixed by mechanism.

Every sentence is new (none is a line of a labelled set), and each behaviour is shown with the
look-alikes that must not trigger it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from nlp import parse

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 3, 10, 9, 0, tzinfo=TZ)  # a Wednesday


def intent(text: str) -> str:
    return parse(text, NOW, chat_region="松柏镇").intent


def jobs(text: str) -> list[dict[str, Any]]:
    p = parse(text, NOW, chat_region="松柏镇")
    assert p.intent == "job_post", (text, p.intent, p.extra)
    return [j.to_contract() for j in p.jobs]


def job(text: str) -> dict[str, Any]:
    return jobs(text)[0]


# ---------------------------------------------------------------- a reply taking a named post


@pytest.mark.parametrize("text", [
    "保姆那个活 我可以做 干过三年",
    "你说的那个事我能干 有健康证",
    "护工这个活 俺愿意做 电话等下发你",
    "修路那个活我们可以接",
    # a skill and a way to reach the sender beside it: still that post taken, not a seek
    "育婴员那个活 我可以做 有证 电话私信你",
    "看护那个事 我能干 有证书 微信发你了",
])
def test_a_named_post_taken_is_a_claim(text: str) -> None:
    p = parse(text, NOW, chat_region="松柏镇")
    assert p.intent == "claim", (text, p.extra)
    assert p.claim is not None


@pytest.mark.parametrize(("text", "expected"), [
    # no demonstrative: the sender offers for work in general
    ("保姆的活我都能做 干过三年 哪家要喊我", "work_seek"),
    # declining the post named
    ("那个活我做不了 太远了", "other"),
    ("那个事我不能去 屋里走不开", "other"),
])
def test_a_named_post_look_alikes(text: str, expected: str) -> None:
    assert intent(text) == expected


# ---------------------------------------------------------------- vehicles let out or hired


@pytest.mark.parametrize("text", [
    "长安面包 连人带车出租 搬家送货都行 一天三百 13329870015",
    "小货车对外出租 拉货 一天四百 15972201146",
    "包车 松柏到十堰 随时可走 七座车 价格面议 17762190011",
])
def test_a_vehicle_let_out_is_other(text: str) -> None:
    p = parse(text, NOW, chat_region="松柏镇")
    assert p.intent == "other", (text, p.extra)
    assert p.extra["reason"] == "rents out"


@pytest.mark.parametrize("text", [
    "招出租车司机 月薪五千 13800001111",
    "包车司机 要两个 一天三百",
    "要租两台车 拉砖 每台三百 13972201190",
])
def test_a_hire_with_rent_words_is_still_a_post(text: str) -> None:
    assert intent(text) == "job_post"


@pytest.mark.parametrize(("text", "count", "unit"), [
    # vehicles hired come with their drivers: a driver each
    ("下个月三号嫁姑娘 要包三台车 每台六百 管中饭 13886120045", 3, "job"),
    ("接亲 小车两台 从松柏到红坪 给四百 15907194461", 2, "job"),
    ("租五辆面包车 送客人去木鱼 每辆两百 联系杨哥 13593320018", 5, "job"),
])
def test_vehicles_hired_count_their_drivers(text: str, count: int, unit: str) -> None:
    j = job(text)
    assert (j["work_type"], j["headcount"], j["wage_unit"]) == ("司机", count, unit)


@pytest.mark.parametrize("text", [
    "厂里停了两台车 要司机一名 月薪五千",
    "我屋里有两台车 可以跑运输 有活喊我",
])
def test_vehicles_owned_are_no_headcount(text: str) -> None:
    p = parse(text, NOW, chat_region="松柏镇")
    assert all(j.headcount in (None, 1) for j in p.jobs), (text, p.jobs)


# ---------------------------------------------------------------- a second gender's unit


def test_a_second_genders_amount_takes_the_rows_unit() -> None:
    js = jobs("茶厂要人 女的拣茶一天一百三 男的搬运一百六 管中饭 13972203318")
    assert [(j["gender"], j["wage_min"], j["wage_unit"]) for j in js] == [
        ("female", 130, "day"), ("male", 160, "day")]


def test_a_second_amount_after_a_sentence_keeps_no_unit() -> None:
    # a phone between them ends the row: the second amount is no item of it
    js = jobs("女的帮厨一天一百三 13972203318 男的打杂 另外给一百六 管饭")
    assert js[0]["wage_unit"] == "day"


# ---------------------------------------------------------------- 宝妈 as an audience


@pytest.mark.parametrize("text", [
    "手机打字 一单2块 宝妈在家就能做 加微信ab1234",
    "串珠子手工 计件 宝妈兼职 不耽误带娃 一件五毛",
])
def test_mothers_at_home_are_an_audience_not_a_gender(text: str) -> None:
    assert job(text)["gender"] is None


def test_only_mothers_is_a_gender() -> None:
    assert job("超市招理货员 只招宝妈 一天一百 下午4点下班")["gender"] == "female"


# ---------------------------------------------------------------- probed for the never-read sets


@pytest.mark.parametrize("text", [
    "工地招人 有意者电话联系 钟经理",
    "厂里招工 有意的打电话 13972201234",
    "民宿招人 包吃住 联系老板娘",
    "急招 有意私聊",
])
def test_a_hiring_word_and_a_way_to_answer_is_a_post(text: str) -> None:
    assert intent(text) == "job_post", parse(text, NOW, chat_region="松柏镇").extra


@pytest.mark.parametrize(("text", "expected"), [
    ("听说厂里招工 是不是真的", "other"),  # asking whether it is true
    ("工地还招人吗 我想去", "claim"),  # the sender offering for it
    ("厂里招工吗?", "other"),  # a question with no way to answer
])
def test_hiring_word_look_alikes(text: str, expected: str) -> None:
    assert intent(text) == expected


@pytest.mark.parametrize("text", [
    "村里要修水渠 每户出一个劳力 不给钱",
    "修水渠 义务投工 每家出一个人",
])
def test_a_households_unpaid_labour_is_no_hire(text: str) -> None:
    p = parse(text, NOW, chat_region="松柏镇")
    assert (p.intent, p.extra["reason"]) == ("other", "duty")


def test_paid_village_work_is_still_a_post() -> None:
    assert intent("村里修水渠 要十个小工 一天一百八 找村主任") == "job_post"
