"""Round 12 of reading the room: what the eighteenth round's conversations found (an
employer's changes over days, the waitlist that moves up, a worker switching cards). Each
kind in its own block, with the look-alikes that must not act."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from bot.clock import TZ
from handlers.reading import day_named
from tests.conversation import Conversation, to


def _claims(conv: Conversation, job: int = 0) -> list[tuple[str, int, str]]:
    return sorted((c["person"], c["count"], c["status"]) for c in conv.jobs()[job]["claims"])


# ==== a claim to the group naming its job by the poster, then a word of the post run into it

TWO_POSTS = """
@group 龙溪村群 龙溪村
熊老板: 你好
周师傅: 你好
熊老板@龙溪村群: 后天龙溪村猪场要两个打扫的 一天一百六 电话13972215563 熊老板
周师傅@龙溪村群: 后天要个泥工补院墙 一天两百六 电话15826673310 周师傅
"""


@pytest.fixture
def two_posts() -> Iterator[Conversation]:
    conv = Conversation(start="2027-10-12 08:00", autobind=True)
    conv.say(TWO_POSTS)
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "熊老板那个猪场算我一个",  # the poster, then the place of the work
    "熊老板那个猪场我去",
    "熊家那个猪场我也报",  # by surname; 「我也报」 is a sign-up
])
def test_poster_then_a_word_of_the_post_run_into_the_claim_takes_that_job(
        two_posts: Conversation, text: str) -> None:
    two_posts.say("小彭: 你好")
    out = two_posts.say(f"小彭@龙溪村群: {text}")
    assert _claims(two_posts, 0) == [("小彭", 1, "confirmed")]
    assert _claims(two_posts, 1) == []
    assert to(out, "熊老板")


@pytest.mark.parametrize("text", [
    "熊老板那个院墙算我一个",  # the word is the other job's: no one job fits both
    "熊老板那个猪场我去年去过",  # a visit, no claim
    "熊老板那个猪场好臭",  # talk
    "熊老板那个猪场我去不去哦",  # a doubt
])
def test_look_alikes_of_poster_then_word_claim_take_nothing(
        two_posts: Conversation, text: str) -> None:
    out = two_posts.say(f"小彭@龙溪村群: {text}")
    assert _claims(two_posts, 0) == [] and _claims(two_posts, 1) == []
    assert not to(out, "熊老板") and not to(out, "周师傅")


def test_asking_for_room_on_a_named_full_job_then_offering_waits_on_its_list(
        two_posts: Conversation) -> None:
    two_posts.say("""
    老范@龙溪村群: 猪场那个算我一个
    老蒲@龙溪村群: 熊老板那个我也去
    """)
    assert _claims(two_posts, 0) == [("老范", 1, "confirmed"), ("老蒲", 1, "confirmed")]
    two_posts.say("小彭@龙溪村群: 猪场那个还招不 我能来")
    assert ("小彭", 1, "waitlisted") in _claims(two_posts, 0)


@pytest.mark.parametrize("text", [
    "猪场那个还招不",  # asking only
    "猪场那个还招不 我问问",  # asking for someone
    "我能来",  # an offer with nothing named
])
def test_asking_for_room_without_an_offer_takes_nothing(
        two_posts: Conversation, text: str) -> None:
    two_posts.say(f"小彭@龙溪村群: {text}")
    assert _claims(two_posts, 0) == [] and _claims(two_posts, 1) == []


@pytest.mark.parametrize("text", ["我报", "我也报"])
def test_i_sign_up_said_short_replying_to_the_card_claims(text: str) -> None:
    conv = Conversation(start="2027-10-12 08:00", autobind=True)
    conv.say("""
    @group 龙溪村群 龙溪村
    熊老板@龙溪村群: 后天龙溪村猪场要两个打扫的 一天一百六 电话13972215563 熊老板
    """)
    conv.say(f"小彭@龙溪村群^: {text}")
    assert _claims(conv) == [("小彭", 1, "confirmed")]
    conv.close()


@pytest.mark.parametrize("text", ["报", "我报警", "我报的数"])
def test_look_alikes_of_i_sign_up_claim_nothing(text: str) -> None:
    conv = Conversation(start="2027-10-12 08:00", autobind=True)
    conv.say("""
    @group 龙溪村群 龙溪村
    熊老板@龙溪村群: 后天龙溪村猪场要两个打扫的 一天一百六 电话13972215563 熊老板
    """)
    conv.say(f"小彭@龙溪村群^: {text}")
    assert _claims(conv) == []
    conv.close()


# ==== a withdrawal naming its day: before the speaker (「5号我去不了」), or with the reason

WEEKEND = """
@group 东溪村群 东溪村
龚姐: 你好
小柯: 你好
龚姐@东溪村群: 周六农家乐要个洗碗的 一天一百二 电话15172239906 龚姐
小柯@东溪村群^: 我去
龚姐@东溪村群: 周日农家乐要个洗碗的 一天一百二 电话15172239906 龚姐
小柯@东溪村群^: 我去
"""


@pytest.fixture
def weekend() -> Iterator[Conversation]:
    conv = Conversation(start="2027-10-12 08:00", autobind=True)  # a Tuesday
    conv.say(WEEKEND)
    assert _claims(conv, 0) == _claims(conv, 1) == [("小柯", 1, "confirmed")]
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "gone"), [
    ("17号我去不了 屋里来客", 1),  # the date, before the speaker
    ("周六我来不了了 要送娃儿上学", 0),
    ("周日屋里要打谷子 去不成", 1),  # the day said with the reason
    ("周六娃儿要打针 来不了了", 0),
])
def test_a_withdrawal_naming_its_day_withdraws_only_that_days_claim(
        weekend: Conversation, text: str, gone: int) -> None:
    out = weekend.say(f"小柯: {text}")
    assert _claims(weekend, gone) == [("小柯", 1, "cancelled")]
    assert _claims(weekend, 1 - gone) == [("小柯", 1, "confirmed")]
    assert to(out, "龚姐")


@pytest.mark.parametrize("text", [
    "18号我去不了 屋里来客",  # no claim on the 18th
    "周一屋里要打谷子 去不成",  # a Monday: no job then
    "下周六我去不了 要吃酒",  # the Saturday after: no job then
    "17号我去不了吗",  # a question
])
def test_look_alikes_of_a_withdrawal_naming_its_day_withdraw_nothing(
        weekend: Conversation, text: str) -> None:
    weekend.say(f"小柯: {text}")
    assert _claims(weekend, 0) == _claims(weekend, 1) == [("小柯", 1, "confirmed")]


def test_a_withdrawal_to_the_group_naming_another_day_leaves_the_held_claim(
        weekend: Conversation) -> None:
    weekend.say("小柯: 周日不去了")
    out = weekend.say("小柯@东溪村群: 周日屋里要打谷子 去不成")
    assert _claims(weekend, 0) == [("小柯", 1, "confirmed")]
    assert not to(out, "龚姐")


@pytest.mark.parametrize(("text", "day"), [
    ("周日屋里要打谷子 去不成", dt.date(2027, 10, 17)),
    ("屋里要打谷子 周六去不成", dt.date(2027, 10, 16)),
    ("周六要吃酒 周日要打谷子 去不成", None),  # two days in the reason: neither is sure
    ("屋里有事 去不成", None),
])
def test_the_day_a_withdrawal_names_is_read_from_its_reason_when_one(
        text: str, day: dt.date | None) -> None:
    assert day_named(text, dt.datetime(2027, 10, 12, 8, tzinfo=TZ)) == day


# ==== a correction said privately first, its reason after naming the job's own work

MOVING_HOUSE = """
@group 清泉村群 清泉村
包老板: 你好
小江: 你好
包老板@清泉村群: 周五搬家 要两个人扛家具 一天两百 电话13617208835 包老板
小江@清泉村群^: 我去
"""


@pytest.fixture
def moving_house() -> Iterator[Conversation]:
    conv = Conversation(start="2027-10-12 08:00", autobind=True)
    conv.say(MOVING_HOUSE)
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "wage", "headcount"), [
    ("工价一百六 东西少 一上午就搬完了", 160, 2),  # the reason says the job's own work
    ("工钱一百七 柜子不多 搬起来快", 170, 2),
    ("人数改成一个 没得好多东西搬", 200, 1),
])
def test_a_correction_with_its_reason_after_changes_the_job_and_tells_its_workers(
        moving_house: Conversation, text: str, wage: int, headcount: int) -> None:
    out = moving_house.say(f"包老板: {text}")
    job = moving_house.jobs()[0]
    assert (job["wage_min"], job["headcount"]) == (wage, headcount)
    assert len(moving_house.jobs()) == 1
    assert to(out, "小江")


@pytest.mark.parametrize("text", [
    "工价一百六 再要两个搬运的 电话13972215563",  # people and a phone: maybe a new post
    "工价一百六 还要个泥工砌院墙",  # another hire
    "工价一百六 泥工砌院墙",  # another work
])
def test_a_correction_followed_by_another_hire_is_not_applied_silently(
        moving_house: Conversation, text: str) -> None:
    out = moving_house.say(f"包老板: {text}")
    assert moving_house.jobs()[0]["wage_min"] == 200
    assert not to(out, "小江")


# ==== a claim replying to the card after the pay raised, said as done (「涨到X了 那我也去」)

PICKING = """
@group 龙溪村群 龙溪村
郑老板@龙溪村群: 后天摘辣椒 要一个人 一天一百三 电话18671302594 郑老板
小谢@龙溪村群^: 我去
郑老板@龙溪村群^: 工价160
"""


@pytest.fixture
def picking() -> Iterator[Conversation]:
    conv = Conversation(start="2027-09-09 08:30", autobind=True)
    conv.say(PICKING)
    assert _claims(conv) == [("小谢", 1, "confirmed")]
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "加到一百六了 那我也去",
    "工钱涨到160了 我也报个名",
    "涨到一百六啦 那算我一个 排个队",
])
def test_a_claim_after_the_raise_said_as_done_waits_on_the_full_job(
        picking: Conversation, text: str) -> None:
    out = picking.say(f"老向@龙溪村群^: {text}")
    assert ("老向", 1, "waitlisted") in _claims(picking)
    assert any("候补" in m for m in out)


@pytest.mark.parametrize("text", [
    "要是涨到两百 那我也去",  # a condition
    "涨到两百 那我也去",  # a demand: not yet raised
    "才涨到一百六 那我不去",  # a doubt, and a no
    "涨到一百六了 那还差不多",  # no claim
    "涨到一百六了啊",  # news only
    "我去 才涨到一百六",  # a claim spoiled by the pay
])
def test_look_alikes_of_a_claim_after_a_raise_claim_nothing(
        picking: Conversation, text: str) -> None:
    picking.say(f"老向@龙溪村群^: {text}")
    assert _claims(picking) == [("小谢", 1, "confirmed")]


# ==== a claim switched: 「我报错了 是要去X那个」 from someone holding a place on another card


@pytest.fixture
def wrong_card(two_posts: Conversation) -> Conversation:
    two_posts.say("""
    小彭: 你好
    小彭@龙溪村群^: 我去
    """)
    assert _claims(two_posts, 1) == [("小彭", 1, "confirmed")]  # the latest card: 周师傅's
    return two_posts


@pytest.mark.parametrize("text", [
    "哎呀我报错了 是要去熊老板那个猪场的 泥工我搞不来",
    "不好意思 点错了 我要报的是熊老板那个",
    "搞错了 猪场那个算我一个",
])
def test_a_claim_switched_to_the_job_meant_withdraws_the_other(
        wrong_card: Conversation, text: str) -> None:
    out = wrong_card.say(f"小彭@龙溪村群: {text}")
    assert _claims(wrong_card, 1) == [("小彭", 1, "cancelled")]
    assert _claims(wrong_card, 0) == [("小彭", 1, "confirmed")]
    assert to(out, "熊老板") and to(out, "周师傅")
    assert any("13972215563" in m for m in to(out, "小彭"))


def test_a_switch_moves_the_wrong_jobs_waitlist_up(wrong_card: Conversation) -> None:
    wrong_card.say("""
    老范: 你好
    老范@龙溪村群: 周师傅那个我去 排个候补
    """)
    assert ("老范", 1, "waitlisted") in _claims(wrong_card, 1)
    out = wrong_card.say("小彭@龙溪村群: 我报错了 是熊老板那个")
    assert ("老范", 1, "confirmed") in _claims(wrong_card, 1)
    assert any("报名成功" in m for m in to(out, "老范"))


@pytest.mark.parametrize(("who", "text"), [
    ("小彭", "我报错了"),  # no job named
    ("小彭", "我报错了 是熊老板那个吗"),  # a question
    ("小彭", "我报错了 熊老板那个我去 要得不"),  # asking first
    ("小彭", "我报错了 熊老板那个周师傅那个都要去"),  # two jobs
    ("小彭", "我报错了 熊老板那个不去"),  # no claim after the name
    ("小彭", "熊老板那个报错了 猪场在隔壁村"),  # the post is wrong, not the claim
    ("老范", "我报错了 是熊老板那个"),  # holds no place anywhere
    ("老范", "小彭报错了 是熊老板那个"),  # someone else's error
])
def test_look_alikes_of_a_switch_change_nothing(
        wrong_card: Conversation, who: str, text: str) -> None:
    out = wrong_card.say(f"{who}@龙溪村群: {text}")
    assert _claims(wrong_card, 0) == []
    assert _claims(wrong_card, 1) == [("小彭", 1, "confirmed")]
    assert not to(out, "熊老板") and not to(out, "周师傅")


def test_a_poster_switching_to_their_own_job_changes_nothing(wrong_card: Conversation) -> None:
    wrong_card.say("熊老板@龙溪村群: 周师傅那个我去")
    assert ("熊老板", 1, "waitlisted") in _claims(wrong_card, 1)
    wrong_card.say("熊老板@龙溪村群: 我点错了 是猪场那个")
    assert ("熊老板", 1, "waitlisted") in _claims(wrong_card, 1)
    assert _claims(wrong_card, 0) == []



@pytest.mark.parametrize("text", ["熊老板那个猪场我也去 错不了", "猪场那个我也去 没错"])
def test_naming_another_job_without_saying_the_claim_was_wrong_keeps_it(
        wrong_card: Conversation, text: str) -> None:
    wrong_card.say(f"小彭@龙溪村群: {text}")
    assert _claims(wrong_card, 1) == [("小彭", 1, "confirmed")]


def test_a_switch_from_someone_holding_two_other_jobs_changes_nothing(
        wrong_card: Conversation) -> None:
    wrong_card.say("""
    郑姐@龙溪村群: 后天要个摘茶叶的 一天一百二 电话13607185520 郑姐
    小彭@龙溪村群^: 我去
    """)
    assert _claims(wrong_card, 2) == [("小彭", 1, "confirmed")]
    wrong_card.say("小彭@龙溪村群: 我报错了 是熊老板那个")  # which of the two was wrong?
    assert _claims(wrong_card, 0) == []
    assert _claims(wrong_card, 1) == _claims(wrong_card, 2) == [("小彭", 1, "confirmed")]
