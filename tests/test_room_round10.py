"""Issue 10, the sixteenth round: the poster's and the officer's own commands — a cancel with
its reason, a private cancel naming the work, a private correction said after its reason, an
officer's command from someone who is none. Each with the look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conversation import Conversation, to


def _job(conv: Conversation, work: str) -> dict[str, Any]:
    return next(j for j in conv.jobs() if j["work_type"] == work)


def _claims(job: dict[str, Any]) -> dict[str, str]:
    return {c["person"]: c["status"] for c in job["claims"]}


@pytest.fixture
def card() -> Iterator[Conversation]:
    """A job for the day after tomorrow, both places taken, in 青天村's group."""
    conv = Conversation(start="2027-05-10 09:00", autobind=True)
    conv.say("""
        @group 青天村群 青天村
        王老板: 你好
        小李: 你好
        小赵: 你好
        王老板@青天村群: 后天要两个搬运工 一天一百五 电话13812345678 王老板
        小李@青天村群^: 我去
        小赵@青天村群^: 我去
    """)
    yield conv
    conv.close()


# ==== a cancel with its reason: the reason may name the job's own day, place or the poster's kin


@pytest.mark.parametrize("text", [
    "取消 后天要下大雨 搞不成",  # the job's own day
    "不招了 青天村那边路断了",  # the job's own place
    "取消 我两个侄儿回来帮忙",  # the poster's kin, counted: who helps instead
    "取消 我三个侄儿放假回来了",  # however many they are
    "不招了 屋里老人过来帮忙了",
])
def test_a_cancel_with_its_reason_takes_the_job_down(card: Conversation, text: str) -> None:
    out = card.say(f"王老板@青天村群^: {text}")
    job = card.jobs()[0]
    assert job["status"] == "cancelled"
    assert set(_claims(job).values()) == {"cancelled"}
    assert to(out, "小李") and to(out, "小赵")  # everyone who had a place is told


@pytest.mark.parametrize("text", [
    "取消 改到大后天",  # a correction word: a change, not a reason
    "不招了 工价改成两百",
    "取消 大后天再说",  # another day than the job's
    "不招了 改成三个人",
    "取消 时间改一下",  # a correction word, its value unread: the help, no cancel
    "不招了 工价改成一百五",  # the same value, said as a correction: no change, no cancel
    "取消 去松柏镇干",  # another place
])
def test_a_cancel_word_with_a_change_after_it_does_not_take_the_job_down(
        card: Conversation, text: str) -> None:
    card.say(f"王老板@青天村群^: {text}")
    assert card.jobs()[0]["status"] != "cancelled"


def test_someone_elses_cancel_with_a_reason_takes_nothing_down(card: Conversation) -> None:
    card.say("老孙@青天村群^: 不招了 后天要下大雨")
    assert card.jobs()[0]["status"] == "filled"


# ==== a private cancel naming the work, with two live jobs: the named one only


@pytest.fixture
def two_jobs() -> Iterator[Conversation]:
    conv = Conversation(start="2027-08-19 19:10", autobind=True)
    conv.say("""
        @group 堂房村群 堂房村
        屈老板: 你好
        春花: 你好
        老柯: 你好
        屈老板@堂房村群: 周六起屋 要泥工两个 小工两个 大工三百一天 小工一百六一天 电话13593017264
        春花@堂房村群^: 我去
        老柯@堂房村群: 报名【1】
    """)
    assert len(conv.jobs()) == 2
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "取消 小工 我两个侄儿放假回来帮忙",
    "取消 小工 我三个侄儿放假回来帮忙",
    "小工不招了 侄儿回来帮忙",
    "取消小工",
])
def test_a_private_cancel_naming_the_work_takes_down_that_job_only(
        two_jobs: Conversation, text: str) -> None:
    out = two_jobs.say(f"屈老板: {text}")
    assert _job(two_jobs, "小工")["status"] == "cancelled"
    assert _job(two_jobs, "泥瓦工")["status"] == "open"
    assert _claims(_job(two_jobs, "泥瓦工")) == {"老柯": "confirmed"}
    assert to(out, "春花") and not to(out, "老柯")


@pytest.mark.parametrize("text", [
    "取消 小工 人数改成1",  # a change of the 小工 job, said after 取消: no cancel
    "取消 木工 侄儿回来了",  # no job of that work
    "取消 小工 下周六再说",  # another day than the job's
    "泥工那边 我侄儿回来了 人数改成1",  # a work named: the latest job (小工) is not it
])
def test_a_private_cancel_with_a_change_or_another_work_takes_nothing_down(
        two_jobs: Conversation, text: str) -> None:
    before = two_jobs.jobs()
    two_jobs.say(f"屈老板: {text}")
    assert {j["status"] for j in two_jobs.jobs()} == {"open"}
    if "人数" not in text:
        assert two_jobs.jobs() == before
    assert _job(two_jobs, "泥瓦工") == before[0]  # the other job is not touched


def test_a_bare_private_cancel_with_two_live_jobs_still_asks_which(
        two_jobs: Conversation) -> None:
    out = two_jobs.say("屈老板: 取消")
    assert any("要撤下哪个" in m for m in to(out, "屈老板"))
    assert {j["status"] for j in two_jobs.jobs()} == {"open"}


# ==== a private correction said after its reason


@pytest.fixture
def private_post() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-12 10:00")
    conv.say("""
        龚大姐: 你好
        柴老板: 民宿开业前搞卫生 后天 木鱼坪社区 要两个人打扫卫生 一天一百五 电话18671420593
        龚大姐: 报名【1】
    """)
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "field", "value"), [
    ("开业推迟了 改到18号", "start_date", "2027-04-18"),
    ("下雨了 日期改成大后天", "start_date", "2027-04-15"),
    ("活多 人数改成3", "headcount", 3),
    ("想了一下 工价改成一百六", "wage_min", 160),
])
def test_a_private_correction_after_its_reason_changes_the_latest_job(
        private_post: Conversation, text: str, field: str, value: object) -> None:
    out = private_post.say(f"柴老板: {text}")
    assert private_post.jobs()[0][field] == value
    assert to(out, "龚大姐")  # the worker with a place hears of it


@pytest.mark.parametrize("text", [
    "今天好累 改天再说",  # 改天: another day, no value
    "开业推迟了",  # no value said
    "我上回改过了 后天不变",
    "好的 改好了",
])
def test_look_alikes_of_a_correction_after_a_reason_change_nothing(
        private_post: Conversation, text: str) -> None:
    before = private_post.jobs()[0]
    out = private_post.say(f"柴老板: {text}")
    assert private_post.jobs()[0] == before
    assert not to(out, "龚大姐")


def test_a_reason_then_a_change_word_in_the_group_without_a_reply_changes_nothing(
        card: Conversation) -> None:
    before = card.jobs()[0]
    card.say("王老板@青天村群: 今天好热 改天再说")
    card.say("王老板@青天村群: 今晚上的村民大会取消了 改到下个礼拜")  # someone else's plan
    assert card.jobs()[0] == before


# ==== an officer's command from someone who is none: told so, never 没看明白


@pytest.fixture
def officers() -> Iterator[Conversation]:
    conv = Conversation(start="2027-11-24 07:40", autobind=True)
    conv.say("""
        @group 青天村群 青天村
        @officer 孙干事 木鱼镇
        孙干事: 你好
        老彭: 你好
    """)
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "欠薪", "欠薪列表", "处理 3", "结案 3 已解决 老板补了差价", "限制投诉 3", "维持 1", "撤下 1",
])
def test_an_officers_command_from_someone_who_is_none_is_refused_privately(
        officers: Conversation, text: str) -> None:
    out = officers.say(f"老彭: {text}")
    said = to(out, "老彭")
    assert said and "只有信息员" in said[0]


@pytest.mark.parametrize("text", ["欠薪", "处理 3", "维持 1"])
def test_the_same_command_from_an_officer_is_done(officers: Conversation, text: str) -> None:
    said = to(officers.say(f"孙干事: {text}"), "孙干事")
    assert said and "只有信息员" not in said[0] and "没看明白" not in said[0]


@pytest.mark.parametrize("text", [
    "现在这些老板 欠薪的多得很 冇得良心",  # talk about unpaid wages
    "处理 3",  # a numbered command in the group: not said to the bot
    "维持 1",
])
def test_look_alikes_in_the_group_get_no_answer(officers: Conversation, text: str) -> None:
    assert not to(officers.say(f"老彭@青天村群: {text}"), "青天村群")


def test_a_bare_wage_list_word_in_the_group_is_refused_as_statistics_is(
        officers: Conversation) -> None:
    said = to(officers.say("老彭@青天村群: 欠薪"), "青天村群")
    assert said and "只有信息员" in said[0]


@pytest.mark.parametrize(("text", "hint"), [
    ("推送时间 7点", "群里"),
    ("推送时间", "群里"),
    ("本群信息", "群里"),
    ("这条发到哪了", "回复"),
    ("转发", "回复"),
])
def test_a_group_command_said_privately_says_where_it_works(
        officers: Conversation, text: str, hint: str) -> None:
    said = to(officers.say(f"孙干事: {text}"), "孙干事")
    assert said and hint in said[0] and "没看明白" not in said[0]


def test_a_private_relay_from_someone_who_is_no_officer_is_refused(
        officers: Conversation) -> None:
    said = to(officers.say("老彭: 转发"), "老彭")
    assert said and "只有信息员" in said[0]


def test_talk_about_the_digest_time_privately_is_no_command(officers: Conversation) -> None:
    said = to(officers.say("老彭: 推送时间那个我搞不懂"), "老彭")
    assert not any("群里发「推送时间" in m for m in said)
