"""Round 16 (the twenty-second round's conversations pe06, pe09, pe16, qa18, qa20, qb02, qc02,
qc14): chatter or an officer's preface that became a job, or a post misread. Each kind is closed
by mechanism and checked both ways — the chatter stays chatter, the real posts that look like it
still post. Every sentence is new (none is a line of a conversation)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from nlp.parse import parse
from tests.conversation import Conversation, to

NOW = dt.datetime(2027, 5, 11, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _intent(text: str) -> str:
    return parse(text, NOW).intent


def _jobs(text: str) -> list[tuple[str | None, int | None, float | None]]:
    p = parse(text, NOW)
    assert p.intent == "job_post", (text, p.intent, p.extra)
    return [(j.work_type, j.headcount, j.wage_min) for j in p.jobs]


GROUP = """
@group 盘龙村群 盘龙村
@officer 覃主任 宋洛乡
覃主任: 你好
阿梅: 订阅 种植 宋洛乡
"""


@pytest.fixture
def group() -> Iterator[Conversation]:
    conv = Conversation(start="2027-05-11 10:00", autobind=True)
    conv.say(GROUP)
    yield conv
    conv.close()


# ==== an offer to pass others' posts on is no seek for work

@pytest.mark.parametrize("text", [
    "大家好 我是五组的春梅 往后哪家要人我帮你们在群里发",
    "以后有活路的跟我说 我来帮大家发到群里",
    "各位乡亲 我是新来的小谭 村里招工的事我可以帮大家转",
])
def test_a_relay_offer_is_chatter(text: str) -> None:
    assert _intent(text) == "other"
    assert parse(text, NOW).extra["reason"] == "relay offer"


@pytest.mark.parametrize("text", [
    "我是五组的春梅 有活路喊我 我帮大家干",  # offers herself: a seek
    "我想找点活干 有活的喊我一声",
])
def test_a_worker_offering_herself_still_seeks(text: str) -> None:
    assert _intent(text) == "work_seek"


def test_a_relay_offer_carrying_a_post_is_the_post() -> None:
    assert _jobs("我帮大家发个招工 明天采茶 要三个人 一天一百二 电话13907181234") == [
        ("采茶工", 3, 120.0)]


def test_a_relay_offer_in_the_group_gets_no_nudge(group: Conversation) -> None:
    out = group.say("春梅@盘龙村群: 大家好 我是五组的春梅 往后哪家要人我帮你们在群里发")
    assert out == []
    assert group.jobs() == []


# ==== an officer's relay preface: the one of 发一个 counts the post, not the people

@pytest.mark.parametrize("text, want", [
    ("帮李婶发一个 明天掰玉米 要三个人 一天一百三 电话13977001122 李婶",
     [("采摘工", 3, 130.0)]),
    ("帮王婆婆发个招工 后天摘茶 要四个人 一天一百二 电话13477081265",
     [("采茶工", 4, 120.0)]),
    ("帮老陈发一下 明天砌墙 要一个大工 一天两百五 还要两个小工 一天一百五 电话15927001122",
     [("泥瓦工", 1, 250.0), ("小工", 2, 150.0)]),
    ("帮向家发一条 5月20号修水渠 要五个小工 一天一百六 电话18727001122",
     [("小工", 5, 160.0)]),
])
def test_a_relay_preface_counts_no_one(text: str, want: list[tuple[str, int, float]]) -> None:
    assert _jobs(text) == want


def test_a_month_after_fa_is_no_preface() -> None:
    # 「发一个月传单」: the 一个 of 一个月 is how long, the pay still by the month
    p = parse("帮超市发一个月传单 一个月三千 要两个人 电话13907181234", NOW)
    assert [(j.headcount, j.wage_min, j.wage_unit) for j in p.jobs] == [(2, 3000.0, "month")]


def test_a_count_after_the_preface_is_still_read() -> None:
    # 「帮我发个」 then 要一个: the one wanted is the count after 要, not the preface's
    assert _jobs("帮我发个 明天要一个搬运工 一天两百 电话13900001111") == [("搬运工", 1, 200.0)]


def test_an_officer_relays_one_post_in_the_group(group: Conversation) -> None:
    out = group.say("覃主任@盘龙村群: 帮向大爹发一个 后天栽洋芋 要三个人 一天一百三 "
                    "盘龙村二组 电话13545001122 向大爹")
    jobs = group.jobs()
    assert [(j["work_type"], j["headcount"], j["wage_min"]) for j in jobs] == [
        ("种植工", 3, 130.0)]
    assert any("种植工" in m for m in to(out, "阿梅"))


# ==== what the work is worth, judged or priced, is no post

@pytest.mark.parametrize("text", [
    "掰玉米一天一百三 算公道了",
    "搬砖一百五差不多",
    "挖洋芋一天一百 太少了",
    "今年核桃贵 十二块",
    "板栗便宜 四块",
])
def test_a_rate_judged_or_a_price_is_chatter(text: str) -> None:
    assert _intent(text) == "other"


@pytest.mark.parametrize("text, want", [
    ("明天掰玉米 要三个人 一天一百三 电话13977001122", [("采摘工", 3, 130.0)]),
    ("明天要两个人挖地 一天一百二 差不多", [("种植工", 2, 120.0)]),  # a count wanted
    ("要两个人打核桃 一百五 不便宜了", [("采摘工", 2, 150.0)]),
])
def test_a_post_with_a_verdict_or_a_price_word_still_posts(
        text: str, want: list[tuple[str, int, float]]) -> None:
    assert _jobs(text) == want


def test_a_real_post_right_after_a_rate_remark_posts(group: Conversation) -> None:
    out = group.say("老蒋@盘龙村群: 栽洋芋一天一百三差不多")
    assert out == [] and group.jobs() == []
    out = group.say("向嫂@盘龙村群: 后天栽洋芋 要两个人 一天一百三 电话13972001122")
    assert [(j["work_type"], j["headcount"]) for j in group.jobs()] == [("种植工", 2)]
    assert any("种植工" in m for m in to(out, "阿梅"))


def test_a_rate_remark_while_a_draft_waits_for_its_wage(group: Conversation) -> None:
    group.say("覃主任@盘龙村群: 帮向婆婆发下 后天栽洋芋 要两个人 盘龙村 电话13617001122 向婆婆")
    assert [j["state"] for j in group.jobs()] == ["draft"]
    out = group.say("老蒋@盘龙村群: 栽洋芋一天一百二就差不多了")
    assert out == []
    assert [j["state"] for j in group.jobs()] == ["draft"]


# ==== a post quoted, with how much the pay moved, is no post; a post quoting its old pay is

def test_a_quote_with_its_rise_is_chatter() -> None:
    assert _intent("前年她屋里发「要三个挖洋芋的 一天一百」 今年涨了二十") == "other"


@pytest.mark.parametrize("text, want", [
    ("去年发「一天一百二」 今年涨了十块 一天一百三 要五个采茶的 电话13907181234",
     [("采茶工", 5, 130.0)]),
    ("明天采茶 要五个 比去年涨了十块 一天一百三 电话13907181234", [("采茶工", 5, 130.0)]),
    ("招采茶工「一天一百二」 要五个 电话13907181234", [("采茶工", 5, 120.0)]),
])
def test_a_post_quoting_its_old_pay_is_paid_the_new(
        text: str, want: list[tuple[str, int, float]]) -> None:
    assert _jobs(text) == want


# ==== a hire made years ago, or a family member's work, told as news

@pytest.mark.parametrize("text", [
    "我前年修房子请了三个大工 一天才两百",
    "我屋里那年盖猪圈找了两个泥工 一个一百八",
    "我男人在镇上砌墙 一天两百 天天喊腰疼",
    "我屋里老汉在茶厂炒茶 一个月三千",
])
def test_a_story_of_pay_is_chatter(text: str) -> None:
    assert _intent(text) == "other"


@pytest.mark.parametrize("text, want", [
    ("我男人在镇上砌墙 还要两个小工 一天一百五 电话13907181234", [("小工", 2, 150.0)]),
    ("我老公在工地上 要两个小工 一天两百", [("小工", 2, 200.0)]),
    ("我男人在镇上砌墙 要两个小工 一天一百五", [("小工", 2, 150.0)]),
    ("我屋里今年盖猪圈 要两个泥工 一天一百八 电话13907181234", [("泥瓦工", 2, 180.0)]),
])
def test_a_family_hire_with_a_count_still_posts(
        text: str, want: list[tuple[str, int, float]]) -> None:
    assert _jobs(text) == want


# ==== one's own trip and its fare is no post

@pytest.mark.parametrize("text", [
    "我明早坐班车去房县 车票二十五",
    "搬完砖我坐五点的班车回房县 车票二十",
    "挖完洋芋我坐班车回去 车票十二块",
])
def test_a_fare_is_chatter(text: str) -> None:
    p = parse(text, NOW)
    assert (p.intent, p.extra["reason"]) == ("other", "travel")


@pytest.mark.parametrize("text, want", [
    ("明天去房县卸货 要两个人 一天两百 车费报销 电话13907181234", [("搬运工", 2, 200.0)]),
    ("赶班车去镇上 要两个搬运工 车费二十 一天两百", [("搬运工", 2, 200.0)]),
    ("搬砖 赶早班车来 一天一百八 包中饭", [("搬运工", None, 180.0)]),  # a day's pay, no fare
])
def test_a_post_naming_a_fare_still_posts(
        text: str, want: list[tuple[str, int | None, float]]) -> None:
    assert _jobs(text) == want
