"""Round 16 (private chat flows and timed messages): a wage paid in part is not settled, a
private claim with two pushes in sight says which job or is asked about, and the village asked
for a 「离家近的」 wish is taken from the answer alone. Each kind is checked both ways; every
sentence is new (none is the round's failing one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers import aftercare
from handlers.subscribe import home_answer
from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

# ==== a wage paid in part is not settled: 「还没结完」「只给了一半」 open a case


@pytest.mark.parametrize("text", [
    "还没给完 说下个月",
    "没结齐 差两百",
    "都冇结完",
    "只结了一半",
    "才给了一部分 剩下的等卖了茶叶",
    "只给了一半了",
])
def test_pay_in_part_is_not_settled(text: str) -> None:
    assert aftercare._verdict(text) == "unpaid"


@pytest.mark.parametrize(("text", "verdict"), [
    ("结完了", "paid"),  # the pay's end said as done
    ("结完了 昨天晚上给的", "paid"),
    ("还没给完吗", None),  # a question
    ("结清了 只给了一半", None),  # taken back
    ("一半的人没来", None),  # no answer at all
    ("给了一半的人", None),
])
def test_look_alikes_of_pay_in_part(text: str, verdict: str | None) -> None:
    assert aftercare._verdict(text) == verdict


PEPPERS = """
@group 桃坪村群 桃坪村
覃老板: 你好
阿满: 你好
二妹: 你好
覃老板@桃坪村群: 明天摘辣椒 要两个人 一天一百三 电话13972206418 覃老板
阿满@桃坪村群^: 我去
二妹@桃坪村群^: 我去
"""


@pytest.fixture
def peppers() -> Iterator[Conversation]:
    conv = Conversation(start="2028-08-03 08:00", autobind=True)
    conv.say(PEPPERS)
    conv.say("@now 2028-08-04 19:05")
    yield conv
    conv.close()


def test_a_part_paid_answer_reminds_the_employer_next_morning_without_a_name(
        peppers: Conversation) -> None:
    out = peppers.say("二妹: 还没给完 老板说卖了辣椒再给")
    assert "欠薪编号" in to(out, "二妹")[0]
    assert to(out, "覃老板") == []  # nothing reaches the employer tonight
    out = peppers.say("@now 2028-08-05 10:05")
    boss = to(out, "覃老板")
    assert len(boss) == 1 and "还没结清" in boss[0] and "二妹" not in boss[0]


def test_done_paying_said_with_its_end_is_settled(peppers: Conversation) -> None:
    out = peppers.say("二妹: 结完了 晚上送过来的")
    assert "已结清" in to(out, "二妹")[0]
    out = peppers.say("@now 2028-08-05 10:05")
    assert to(out, "覃老板") == []


# ==== privately, two pushes in sight: a claim that names neither is asked about; a day that
# is one job's alone, or a reply, takes it

TWO_PUSHES = """
@group 桃坪村群 桃坪村
@group 大岭村群 大岭村
老符: 订阅 小工 新华镇
伍老板: 你好
田嫂: 你好
伍老板@桃坪村群: 周五要两个小工 砌猪圈 一天一百五 电话13508871264 伍老板
田嫂@大岭村群: 下周一要三个小工 挑沙 一天一百四 电话18995520731 田嫂
"""


@pytest.fixture
def pushed() -> Iterator[Conversation]:
    conv = Conversation(start="2028-03-06 08:00", autobind=True)  # a Monday
    conv.say(TWO_PUSHES)
    yield conv
    conv.close()


@pytest.mark.parametrize("text", ["算我一个", "我去 我力气大", "要得 我去 我早上七点到"])
def test_two_pushes_in_sight_a_claim_naming_neither_is_asked(pushed: Conversation,
                                                            text: str) -> None:
    out = pushed.say(f"老符: {text}")
    assert _claims(pushed) == [[], []]
    [asked] = to(out, "老符")
    assert "您是要报名这个活吗" in asked and "[报名] [不是]" in asked


@pytest.mark.parametrize(("text", "claimed"), [
    ("要得 我去 周五一早就到", 0),  # Friday: 伍老板's job, the older push
    ("算我一个 下周一早上八点到", 1),  # next Monday: 田嫂's
    ("我去 13号早上到", 1),
])
def test_a_day_that_is_one_pushed_job_alone_takes_it(pushed: Conversation, text: str,
                                                      claimed: int) -> None:
    out = pushed.say(f"老符: {text}")
    expected: list[list[tuple[str, int, str]]] = [[], []]
    expected[claimed] = [("老符", 1, "confirmed")]
    assert _claims(pushed) == expected
    assert any("报名成功" in m for m in to(out, "老符"))


@pytest.mark.parametrize("text", [
    "要得 我去 周六一早到",  # the day of neither job
    "我去 周五下周一都得空",  # both days
])
def test_a_day_of_neither_or_both_is_still_asked(pushed: Conversation, text: str) -> None:
    out = pushed.say(f"老符: {text}")
    assert _claims(pushed) == [[], []]
    assert any("您是要报名这个活吗" in m for m in to(out, "老符"))


def test_a_day_both_pushed_jobs_are_on_names_neither() -> None:
    conv = Conversation(start="2028-03-06 08:00", autobind=True)
    try:
        conv.say("""
            @group 桃坪村群 桃坪村
            @group 大岭村群 大岭村
            老符: 订阅 小工 新华镇
            伍老板: 你好
            田嫂: 你好
            伍老板@桃坪村群: 周五要两个小工 砌猪圈 一天一百五 电话13508871264 伍老板
            田嫂@大岭村群: 周五要三个小工 挑沙 一天一百四 电话18995520731 田嫂
        """)
        out = conv.say("老符: 要得 我去 周五一早就到")
        assert _claims(conv) == [[], []]
        assert any("您是要报名这个活吗" in m for m in to(out, "老符"))
    finally:
        conv.close()


def test_replying_to_one_push_takes_it(pushed: Conversation) -> None:
    pushed.say("老符^: 我去")
    assert _claims(pushed) == [[], [("老符", 1, "confirmed")]]


def test_one_push_in_sight_a_bare_claim_still_takes_it() -> None:
    conv = Conversation(start="2028-03-06 08:00", autobind=True)
    try:
        conv.say("""
            @group 桃坪村群 桃坪村
            老符: 订阅 小工 新华镇
            伍老板: 你好
            伍老板@桃坪村群: 周五要两个小工 砌猪圈 一天一百五 电话13508871264 伍老板
        """)
        conv.say("老符: 算我一个")
        assert _claims(conv) == [[("老符", 1, "confirmed")]]
    finally:
        conv.close()


def test_a_push_already_claimed_is_no_rival() -> None:
    conv = Conversation(start="2028-03-06 08:00", autobind=True)
    try:
        conv.say("""
            @group 桃坪村群 桃坪村
            @group 大岭村群 大岭村
            老符: 订阅 小工 新华镇
            伍老板: 你好
            田嫂: 你好
            伍老板@桃坪村群: 周五要两个小工 砌猪圈 一天一百五 电话13508871264 伍老板
            老符@桃坪村群^: 我去
            田嫂@大岭村群: 下周一要三个小工 挑沙 一天一百四 电话18995520731 田嫂
        """)
        conv.say("老符: 我去")  # the newest push; the one claimed does not compete
        assert _claims(conv) == [[("老符", 1, "confirmed")], [("老符", 1, "confirmed")]]
    finally:
        conv.close()


# ==== 「离家近的」: the village asked for, answered alone or as one's home


@pytest.mark.parametrize(("text", "place"), [
    ("桃坪村", "桃坪村"),
    ("我住桃坪村", "桃坪村"),
    ("我屋里就在桃坪村哈", "桃坪村"),
    ("俺家在大岭村", "大岭村"),
    ("我是大岭村的", "大岭村"),
    ("住在桃坪村这边", "桃坪村"),
])
def test_a_home_said_as_an_answer(text: str, place: str) -> None:
    conv = Conversation()
    try:
        found = home_answer(text, conv.app.gazetteer)
        assert found is not None and found.name == place
    finally:
        conv.close()


@pytest.mark.parametrize("text", ["我去桃坪村", "桃坪村有活吗", "桃坪村的洋芋好", "明天去桃坪村",
                                  "我屋在那边"])
def test_not_a_home_said(text: str) -> None:
    conv = Conversation()
    try:
        assert home_answer(text, conv.app.gazetteer) is None
    finally:
        conv.close()


NEAR = """
@group 桃坪村群 桃坪村
@group 大岭村群 大岭村
小柯: 想做离屋近的活 锄草 种菜都行
"""


@pytest.fixture
def near() -> Iterator[Conversation]:
    conv = Conversation(start="2028-04-10 09:00", autobind=True)
    out = conv.say(NEAR)
    assert any("住哪个村" in m for m in to(out, "小柯"))
    yield conv
    conv.close()


def test_the_village_said_as_home_subscribes_near_it(near: Conversation) -> None:
    near.say("小柯: 找活")  # a command meanwhile: handled as itself, the question stays
    out = near.say("小柯: 我屋里在大岭村")
    assert any("订阅好了" in m and "大岭村" in m for m in to(out, "小柯"))
    out = near.say("伍老板@大岭村群: 后天锄草 要两个人 一天一百二 电话13508871264")
    assert any("有个活适合您" in m for m in to(out, "小柯"))
    out = near.say("伍老板@桃坪村群: 后天锄草 要两个人 一天一百三 电话13508871264")
    assert to(out, "小柯") == []  # another village: not near her


@pytest.mark.parametrize("text", ["我明天去桃坪村走亲戚", "大岭村的路修好了没"])
def test_a_place_said_otherwise_answers_nothing(near: Conversation, text: str) -> None:
    out = near.say(f"小柯: {text}")
    assert all("订阅好了" not in m for m in to(out, "小柯"))


def test_without_the_question_a_village_alone_subscribes_nothing() -> None:
    conv = Conversation(start="2028-04-10 09:00", autobind=True)
    try:
        out = conv.say("@group 桃坪村群 桃坪村\n小柯: 你好\n小柯: 我住桃坪村")
        assert all("订阅好了" not in m for m in to(out, "小柯"))
    finally:
        conv.close()


def test_a_subscription_made_closes_the_question(near: Conversation) -> None:
    near.say("小柯: 订阅 锄草 大岭村")
    out = near.say("小柯: 桃坪村")  # answered already by the subscription: nothing asked
    assert all("订阅好了" not in m for m in to(out, "小柯"))


def test_the_question_lapses_after_a_day(near: Conversation) -> None:
    out = near.say("@wait 25h\n小柯: 桃坪村")
    assert all("订阅好了" not in m for m in to(out, "小柯"))
