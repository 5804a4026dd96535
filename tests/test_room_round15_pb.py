"""Round 15 for 木鱼镇's summer employers and the harvest village groups (pb, pc): the kinds
behind their failing conversations, each closed by mechanism and checked both ways. Every
sentence is new (none is a line of a conversation)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to

# ==== 「再要N个」 from the poster of a post of several live jobs names none of them

BAKERY = """
@group 桃坪村群 桃坪村
冉老板: 你好
小郑: 你好
""" + ("冉老板@桃坪村群: 桃坪村米粉厂大后天要3个搬运工 一天一百六 "
       "还要2个包装工 一天一百三 电话13986204417 冉老板")


@pytest.fixture
def bakery() -> Iterator[Conversation]:
    conv = Conversation(start="2028-08-03 09:00", autobind=True)
    conv.say(BAKERY)
    assert [j["headcount"] for j in conv.jobs()] == [3, 2]
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "冉老板@桃坪村群^: 再要两个",  # under the latest card: which of the two jobs?
    "冉老板@桃坪村群^: 再加一个人",
    "冉老板@桃坪村群: 还要两个人",  # just after the cards, no reply
])
def test_more_people_on_a_post_of_several_jobs_changes_nothing(
        bakery: Conversation, line: str) -> None:
    bakery.say(line)
    assert [j["headcount"] for j in bakery.jobs()] == [3, 2]


def test_more_people_once_the_other_job_is_gone_raises_the_one_left(
        bakery: Conversation) -> None:
    bakery.say("冉老板: 搬运工不招了")
    assert [j["status"] for j in bakery.jobs()] == ["cancelled", "open"]
    out = bakery.say("冉老板@桃坪村群^: 再要一个")
    assert [j["headcount"] for j in bakery.jobs()] == [3, 3]
    assert any("已改好" in m for m in to(out, "桃坪村群"))


# ==== the poster wanting people as well, for another part of the day, is a second job

NOODLES = """
@group 桃坪村群 桃坪村
龚老板: 你好
小郑: 你好
龚老板@桃坪村群: 明天晚上粉馆要两个服务员 晚上五点到十一点 一个钟头二十二 电话13387201946 龚老板
"""


@pytest.fixture
def noodles() -> Iterator[Conversation]:
    conv = Conversation(start="2028-08-03 09:00", autobind=True)
    conv.say(NOODLES)
    assert [j["headcount"] for j in conv.jobs()] == [2]
    yield conv
    conv.close()


def test_people_wanted_as_well_for_the_morning_under_ones_card_is_a_second_job(
        noodles: Conversation) -> None:
    noodles.say("龚老板@桃坪村群^: 明天上午也要三个人 八点到十二点 一个钟头十六")
    jobs = noodles.jobs()
    assert [(j["headcount"], j["wage_min"]) for j in jobs] == [(2, 22), (3, 16)]
    assert jobs[1]["work_type"] == "服务员"


@pytest.mark.parametrize("line", [
    "龚老板@桃坪村群^: 人数改成三个 一个钟头十六",  # a correction of the card
    "龚老板@桃坪村群^: 三个人 一个钟头十六",  # its values said again under it
])
def test_values_under_ones_card_without_also_wanted_correct_it(
        noodles: Conversation, line: str) -> None:
    noodles.say(line)
    assert [(j["headcount"], j["wage_min"]) for j in noodles.jobs()] == [(3, 16)]


# ==== a shift that names no work does the work another shift of the post names

@pytest.mark.parametrize(("text", "works"), [
    ("后天白班要两个保安 一天一百五 夜班要一个 一天一百八 电话13387201946",
     ["保安", "保安"]),
    ("后天早班要三个帮厨 一天一百二 晚班要两个服务员 一天一百三 电话13387201946",
     ["帮厨", "服务员"]),
])
def test_a_shift_naming_no_work_takes_the_posts_work(text: str, works: list[str]) -> None:
    conv = Conversation(start="2028-08-03 09:00", autobind=True)
    try:
        conv.say(f"@group 桃坪村群 桃坪村\n龚老板: 你好\n龚老板@桃坪村群: {text}")
        assert [j["work_type"] for j in conv.jobs()] == works
    finally:
        conv.close()


def test_a_silent_shift_among_shifts_of_different_work_is_given_none() -> None:
    from nlp import parse

    text = ("后天早班要三个帮厨 一天一百二 中班要两个服务员 一天一百三 晚班要一个 一天一百五 "
            "电话13387201946")
    jobs = parse(text, dt.datetime(2028, 8, 3, 9, 0)).jobs
    assert [j.work_type for j in jobs] == ["帮厨", "服务员", None]


def test_a_shift_named_privately_finds_the_latest_post_past_a_note_of_an_older_one(
        noodles: Conversation) -> None:
    noodles.say("小郑@桃坪村群^: 我去")  # the poster's latest private note is of the first post
    noodles.say("龚老板@桃坪村群: 后天早班要三个帮厨 一天一百二 晚班要两个 一天一百三 "
                "电话13387201946")
    out = noodles.say("龚老板: 晚班的工价改成一百四")
    assert [j["wage_min"] for j in noodles.jobs()] == [22, 120, 140]
    assert any("已改好" in m for m in to(out, "龚老板"))


# ==== things done, counted by 个, told under one's own card are floor talk

@pytest.mark.parametrize("line", [
    "龚老板@桃坪村群^: 中午包了四百多个饺子 腰都直不起来",
    "龚老板@桃坪村群^: 昨天卖了三百个粽子",
])
def test_things_done_counted_by_ge_under_ones_card_change_nothing(
        noodles: Conversation, line: str) -> None:
    out = noodles.say(line)
    assert [j["headcount"] for j in noodles.jobs()] == [2]
    assert not to(out, "桃坪村群")


def test_people_counted_by_ge_under_ones_card_still_correct(noodles: Conversation) -> None:
    noodles.say("龚老板@桃坪村群^: 人数改成五个")
    assert [j["headcount"] for j in noodles.jobs()] == [5]


@pytest.mark.parametrize("text", ["今天来了三个服务员", "上午走了两个人", "昨天找了两个小工"])
def test_people_come_or_gone_are_no_report_of_things_done(text: str) -> None:
    from handlers.reading import floor_talk

    assert not floor_talk(text)


# ==== a visitor looking for somewhere to eat or stay is no one looking for work

@pytest.mark.parametrize("line", [
    "游客小饶@桃坪村群: 想找家宾馆住一晚 哪家干净",
    "游客小饶@桃坪村群: 想找家民宿住两晚 有推荐的冇",
])
def test_a_visitor_wanting_a_meal_or_a_bed_is_not_told_to_subscribe(
        noodles: Conversation, line: str) -> None:
    out = noodles.say(line)
    assert not to(out, "桃坪村群")


def test_someone_wanting_work_in_the_group_is_still_offered_the_subscription(
        noodles: Conversation) -> None:
    out = noodles.say("小郑@桃坪村群: 我想找个活做 力气活都行")
    assert any("订阅" in m for m in to(out, "桃坪村群"))


# ==== agreement said before a claim by number is no part of the claim

@pytest.mark.parametrize(("text", "count"), [
    ("要得 报名【1】", 1),
    ("好的，报名【1】 两个人", 2),
])
def test_a_claim_by_number_after_agreement_takes_its_place(
        noodles: Conversation, text: str, count: int) -> None:
    noodles.say(f"小郑@桃坪村群: {text}")
    assert [(c["person"], c["count"]) for c in noodles.jobs()[0]["claims"]] == [("小郑", count)]


@pytest.mark.parametrize("text", [
    "要得 【1】那个活远不远",  # agreement, then a question about the job
    "要得要得 报名的人多不多",
])
def test_agreement_before_talk_of_a_numbered_job_takes_nothing(
        noodles: Conversation, text: str) -> None:
    noodles.say(f"小郑@桃坪村群: {text}")
    assert noodles.jobs()[0]["claims"] == []


# ==== a chat script waits a duration said in parts

@pytest.mark.parametrize(("wait", "at"), [("2h45m", "12:45"), ("1d 30m", "10:30"),
                                          ("90m", "11:30")])
def test_a_wait_in_parts_moves_the_clock_by_their_sum(wait: str, at: str) -> None:
    conv = Conversation(start="2028-08-03 10:00", autobind=True)
    try:
        conv.say(f"@wait {wait}")
        assert conv.clock.now().strftime("%H:%M") == at
    finally:
        conv.close()


def test_a_wait_with_a_part_of_no_unit_is_refused() -> None:
    conv = Conversation(start="2028-08-03 10:00", autobind=True)
    try:
        with pytest.raises(Exception, match="duration"):
            conv.say("@wait 2h45")
    finally:
        conv.close()
