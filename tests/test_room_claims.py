"""Issue 10, claims said with more words: a claim, a withdrawal, a party change or the
poster's command with the speaker's circumstances or a reason around it acts like the bare
words; a question, a doubt or a place one goes to does not. Also typed ratings, and the
officer who relays a 代报名. Each kind with the look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers.reading import claim_around, party_said, withdrawal_said
from tests.conversation import Conversation, to

SETUP = """
@group 青天村群 木鱼镇
@officer 李主任 木鱼镇
老张: 你好
李四: 电话13900000001
赵六: 电话13900000002
孙七: 电话13900000003
"""
POST = "老张@青天村群: 明天要3个搬运工，150一天，木鱼镇青天村，电话13812345678 张老板"


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation()
    conv.say(SETUP)
    conv.say(POST)
    yield conv
    conv.close()


def claims(conv: Conversation) -> list[tuple[str, int, str]]:
    return sorted((c["person"], c["count"], c["status"]) for c in conv.jobs()[0]["claims"])


def state(conv: Conversation) -> str:
    return str(conv.jobs()[0]["state"])


# --------------------------------------------------------------------------- K1 claims


@pytest.mark.parametrize(("text", "count"), [
    ("那算我一个", 1),
    ("得空 算我一个", 1),
    ("行 算我一个", 1),
    ("那我来", 1),
    ("有空，我去", 1),
    ("我去 我开了二十年车", 1),
    ("我来 我干过几年搬运", 1),
    ("报名 我有驾照", 1),
    ("要得 我去 下午就到", 1),
    ("好的 报名 明早八点到", 1),
    ("我们两个去 我和我表妹", 2),
    # what one can do, in one's own words (a third author's set)
    ("我也去 我会铺床叠被子", 1),
    ("我也报名 砌石头我在行", 1),
    ("我去 我放过几年羊", 1),
    ("我去 切菜我拿手", 1),
    ("我们两个去 我跟我姐", 2),
    ("我带2个人来 我们一伙的", 3),
    ("报名🙋", 1),
    ("我去👍", 1),
    ("要得 我们三个去 我和我两个老表", 3),
    ("我去 我老婆也来", 2),
    ("报名，带我儿子一起", 2),
    ("我报名 明天一早就来", 1),
    ("我去 七点前到", 1),
    ("那我报个名 我在家闲着", 1),
    ("要得要得 我来 谢谢老板", 1),
    ("报名 我跟我老公两个", 2),
])
def test_a_claim_with_the_claimers_circumstances(text: str, count: int) -> None:
    assert claim_around(text) == (count, None)


@pytest.mark.parametrize("text", [
    "我去，一天才100？",  # a question about the pay
    "我去 一天150太少了",
    "我去 一天100",  # the pay, no circumstance
    "明天我去看看 不下雨再说",  # a doubt
    "我去 要考虑一下",
    "我去 可能下午到",
    "我明天去镇上",  # a place one goes to
    "我去镇上 我会开车",
    "我去 过年前能干完",
    "我去 明年再说",
    "我去 今年没空",
    "我去 会不会下雨",
    "我去 明天去镇上办事",
    "报名的人多不多",
    "+1 同问",
    "+1 我也想问",
    "去不去哦",
    "去不去嘛 我去",
    "我去 有事",
    "我去年干过",
    "我去 干过他家的活不给钱",
    "我老婆去",  # someone else
    "那算我一个？",  # a question, its mark lost once the clause is squashed
    "好 我去?",
    "我去 我干过几回看情况",  # a doubt inside what one can do
    "我来 我干过一天才给80",
])
def test_claim_look_alikes_with_more_words(text: str) -> None:
    assert claim_around(text) is None


def test_a_reply_with_circumstances_claims_with_the_party(chat: Conversation) -> None:
    out = chat.say("李四@青天村群^: 要得 我去 下午就到")
    assert claims(chat) == [("李四", 1, "confirmed")]
    assert any("报名成功" in m for m in to(out, "李四"))
    assert any("李四" in m and "报名了" in m for m in to(out, "老张"))
    chat.say("赵六@青天村群^: 我们两个去 我和我表妹")
    assert claims(chat) == [("李四", 1, "confirmed"), ("赵六", 2, "confirmed")]
    assert state(chat) == "filled"


def test_look_alikes_replying_to_the_card_take_no_place(chat: Conversation) -> None:
    for text in ("我去，一天才100？", "明天我去看看 不下雨再说", "我明天去镇上", "+1 同问",
                 "去不去哦"):
        out = chat.say(f"李四@青天村群^: {text}")
        assert not any("报名成功" in m for m in out), text
    assert claims(chat) == []


def test_circumstances_without_a_reply_are_not_a_claim_in_a_group(chat: Conversation) -> None:
    out = chat.say("李四@青天村群: 得空 算我一个")
    assert claims(chat) == [] and not to(out, "老张")


def test_privately_without_a_reply_it_is_asked_about() -> None:
    conv = Conversation()
    try:
        conv.say(SETUP)
        conv.say("李四: 订阅 搬运 木鱼镇")
        out = conv.say(POST)
        assert any("搬运工" in m for m in to(out, "李四"))  # the push: the job in sight
        out = conv.say("李四: 要得 我去 下午就到")
        assert claims(conv) == []
        assert any("[报名] [不是]" in m for m in to(out, "李四"))
        conv.say("李四 [报名]")
        assert claims(conv) == [("李四", 1, "confirmed")]
    finally:
        conv.close()


def test_the_question_keeps_the_party_for_its_button() -> None:
    conv = Conversation()
    try:
        conv.say(SETUP)
        conv.say("李四: 订阅 搬运 木鱼镇")
        conv.say(POST)
        out = conv.say("李四: 我们两个去 我和我表妹")
        assert claims(conv) == [] and any("2个人" in m for m in to(out, "李四"))
        conv.say("李四 [报名]")
        assert claims(conv) == [("李四", 2, "confirmed")]
    finally:
        conv.close()


def test_the_poster_saying_it_is_told_it_is_his_own(chat: Conversation) -> None:
    out = chat.say("老张@青天村群^: 要得 我去 下午就到")
    assert claims(chat) == [] and any("自己发的" in m for m in to(out, "青天村群"))


# --------------------------------------------------------------------------- K2 withdrawals


@pytest.mark.parametrize(("text", "head"), [
    ("取消报名 明天起不来", "取消报名"),
    ("取消报名，临时有事", "取消报名"),
    ("不去了 屋里有事", "不去了"),
    ("我不去了，家里来客人了", "不去了"),
    ("退出报名 腰闪了", "退出报名"),
    ("不好意思 去不了了 孩子生病", "去不了了"),
    ("明天去不了了，下雨", "去不了了"),
    ("老板对不起 我明天不去了 家里来客了", "不去了"),
    ("孩子病了，明天来不了了", "来不了了"),
])
def test_a_withdrawal_with_a_reason(text: str, head: str) -> None:
    said = withdrawal_said(text)
    assert said is not None and said[0] == head


@pytest.mark.parametrize("text", [
    "取消报名要扣钱不",
    "取消报名 会不会扣钱",
    "取消报名 要扣钱不",
    "不去了吗 还差人不",
    "取消报名",  # the bare words: handled as themselves
    "我看他不去了 屋里有事",  # someone else
    "他明天不去了 屋里有事",
    "不去了吗",
    "不去了 改成2个人",  # a party change said after it
])
def test_withdrawal_look_alikes(text: str) -> None:
    assert withdrawal_said(text) is None


def test_withdrawing_with_a_reason_moves_the_waitlist_and_tells_the_boss(
        chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我们三个去")
    chat.say("赵六@青天村群^: 我去")
    assert claims(chat) == [("李四", 3, "confirmed"), ("赵六", 1, "waitlisted")]
    out = chat.say("李四@青天村群^: 取消报名 明天起不来")
    assert claims(chat) == [("李四", 3, "cancelled"), ("赵六", 1, "confirmed")]
    assert any("报名成功" in m for m in to(out, "赵六"))
    assert any("李四" in m and "取消了报名" in m for m in to(out, "老张"))


def test_withdrawing_privately_with_a_reason(chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我去")
    out = chat.say("李四: 不去了 屋里有事")
    assert claims(chat) == [("李四", 1, "cancelled")]
    assert any("已取消报名" in m for m in to(out, "李四"))
    chat.say("赵六@青天村群^: 我去")
    chat.say("赵六: 莫得空了 明天不去了")
    assert ("赵六", 1, "cancelled") in claims(chat)


def test_a_question_about_withdrawing_withdraws_nothing(chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我去")
    chat.say("李四@青天村群^: 取消报名要扣钱不")
    chat.say("李四: 取消报名 会不会扣钱")
    assert claims(chat) == [("李四", 1, "confirmed")]


def test_in_a_group_a_bare_cancel_with_other_words_is_talk(chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我去")
    out = chat.say("李四@青天村群: 取消 这个群太吵了")
    assert claims(chat) == [("李四", 1, "confirmed")] and out == []


# --------------------------------------------------------------------------- K3 party size


def test_party_change_with_a_reason() -> None:
    assert party_said("改成1个人 我兄弟来不了") == ("set", 1)
    assert party_said("改成2个人，有一个要去医院") == ("set", 2)
    assert party_said("有一个要去医院 改成2个人") == ("set", 2)
    assert party_said("我再加1个人 我老表也来") == ("add", 1)
    assert party_said("改成2个人吗") is None
    assert party_said("改成2个人 行不行") is None
    # one of the party dropping out, alone: one fewer (acted on only for a party of two or
    # more, replying or privately: tests/test_room_round9.py)
    assert party_said("我兄弟来不了") == ("add", -1)
    assert party_said("改成1个人 我去") is None  # a claim inside: not only a reason
    assert party_said("只去1个人了 我兄弟来不了") == ("set", 1)
    assert party_said("少去1个人 他屋里有事") == ("add", -1)
    assert party_said("少去1个人吗") is None
    assert party_said("少去1个人 行不行") is None


def test_shrinking_the_party_keeps_the_claim_and_moves_the_waitlist(
        chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我们两个去")
    chat.say("赵六@青天村群^: 我去")
    chat.say("孙七@青天村群^: 我去")
    assert state(chat) == "filled" and ("孙七", 1, "waitlisted") in claims(chat)
    out = chat.say("李四@青天村群^: 改成1个人 我兄弟来不了")
    assert claims(chat) == [("孙七", 1, "confirmed"), ("李四", 1, "confirmed"),
                            ("赵六", 1, "confirmed")]
    assert any("报名成功" in m for m in to(out, "孙七"))
    boss = " ".join(to(out, "老张"))
    assert "改成了1人" in boss and "孙七" in boss
    assert any("李四这边1个人" in m for m in to(out, "青天村群"))  # a name, not 您, in a group


def test_shrinking_a_full_job_without_waitlist_reopens_it(chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我们三个去")
    assert state(chat) == "filled"
    out = chat.say("李四@青天村群^: 改成2个人 有一个要去医院")
    assert claims(chat) == [("李四", 2, "confirmed")] and state(chat) == "open"
    assert any("改成了2人" in m for m in to(out, "老张"))
    chat.say("李四: 少去1个人 他屋里有事")  # privately, the job in sight
    assert claims(chat) == [("李四", 1, "confirmed")]


def test_a_party_change_with_another_job_in_sight_changes_the_claim_held() -> None:
    """With another job's push last in sight, 「改成1个人 我兄弟来不了」 is about the one claim
    held: it shrinks, never read as 「来不了」 withdrawing it."""
    conv = Conversation()
    try:
        conv.say(SETUP + "李四: 订阅 保洁 木鱼镇")
        conv.say(POST)
        conv.say("李四@青天村群^: 我们两个去")
        conv.say("老张@青天村群: 后天要1个保洁，120一天，木鱼镇青天村，电话13812345678")
        out = conv.say("李四: 改成1个人 我兄弟来不了")
        assert claims(conv) == [("李四", 1, "confirmed")]
        assert any("改成了1人" in m for m in to(out, "老张"))
    finally:
        conv.close()


def test_a_party_change_in_a_group_under_another_card_withdraws_nothing(
        chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我们两个去")
    chat.say("老张@青天村群: 后天要1个保洁，120一天，木鱼镇青天村，电话13812345678")
    chat.say("李四@青天村群: 改成1个人 我兄弟来不了")  # not a reply; the 保洁 card is last
    assert claims(chat) == [("李四", 2, "confirmed")]


def test_growing_with_room_and_refused_when_full(chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我去")
    chat.say("李四@青天村群^: 我再加1个人")
    assert claims(chat) == [("李四", 2, "confirmed")]
    chat.say("赵六@青天村群^: 我去")
    out = chat.say("李四@青天村群^: 我再加1个人")
    assert claims(chat) == [("李四", 2, "confirmed"), ("赵六", 1, "confirmed")]
    refused = to(out, "青天村群")
    assert refused and "报满" in refused[0] and "还是2个人" in refused[0]


def test_the_posters_same_words_correct_the_headcount(chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我们两个去")
    chat.say("老张@青天村群^: 人数改成5个")
    assert chat.jobs()[0]["headcount"] == 5
    assert claims(chat) == [("李四", 2, "confirmed")]


# --------------------------------------------------------------------------- K4 poster


def test_filled_with_a_reason(chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我去")
    out = chat.say("老张@青天村群^: 招满了 亲戚过来帮忙")
    assert state(chat) == "filled"
    assert any("已招满" in m for m in to(out, "青天村群"))


def test_filled_said_longer_with_a_reason_privately(chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我去")
    chat.say("老张: 人已经招满了，自家亲戚来帮忙")
    assert state(chat) == "filled"


def test_stop_and_cancel_with_a_reason(chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我去")
    out = chat.say("老张: 取消 家里老人过来带了")
    assert state(chat) == "cancelled" and to(out, "李四")


def test_stop_with_a_reason_replying(chat: Conversation) -> None:
    chat.say("老张@青天村群^: 不招了 下大雪了")
    assert state(chat) == "cancelled"


def test_poster_command_look_alikes(chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我去")
    chat.say("老张@青天村群^: 招满了 工价改成200")  # a correction, not only a reason
    assert state(chat) == "open"
    chat.say("赵六@青天村群^: 招满了 好可惜")  # not the poster
    chat.say("老张@青天村群^: 招满了吗 还有人要来不")  # a question
    chat.say("老张: 取消 改成后天")  # a correction after it: no cancel
    assert state(chat) == "open"


# --------------------------------------------------------------------------- K6 officer


def test_the_officer_who_signs_up_a_villager_is_told_to_relay(chat: Conversation) -> None:
    out = chat.say("李主任@青天村群^: 代 覃婆婆 报名")
    assert claims(chat) == [("覃婆婆", 1, "confirmed")]
    note = to(out, "李主任")[0]
    phone_line = next(line for line in note.splitlines() if "13812345678" in line)
    assert "请转告覃婆婆" in phone_line
    assert "代 覃婆婆 取消报名" in note and "[取消报名]" not in note  # the undo is the officer's
    # A worker claiming for themself is not asked to relay.
    out = chat.say("李四@青天村群^: 我去")
    assert "转告" not in to(out, "李四")[0]


# --------------------------------------------------------------------------- K5 typed ratings

RATED = """
@group 青天村群 青天村
王老板: 你好
李四: 电话13900000001
王老板@青天村群: 明天要1个搬运工 150一天 日结 电话13812345678
李四@青天村群^: 我去
"""
EVENING = "@now 2026-11-27 19:05"


@pytest.fixture
def rc() -> Iterator[Conversation]:
    conv = Conversation()
    conv.say(RATED)
    yield conv
    conv.close()


def stars(conv: Conversation) -> list[tuple[str, int]]:
    from sqlmodel import col, select

    from storage.models import Rating
    with conv.session() as s:
        return [(r.side, r.stars) for r in s.exec(select(Rating).order_by(col(Rating.id)))]


def test_a_bare_digit_answering_the_rating_question_is_a_rating(rc: Conversation) -> None:
    rc.say(EVENING)
    out = rc.say("李四: 结清了")
    assert any("打个分" in m for m in to(out, "李四"))
    out = rc.say("李四^: 4")
    assert stars(rc) == [("worker", 4)] and "记下了4星" in to(out, "李四")[0]
    out = rc.say("李四^: 5星")  # a second rating: refused, naming the first
    assert stars(rc) == [("worker", 4)]
    assert "4星" in to(out, "李四")[0] and "没看明白" not in to(out, "李四")[0]
    out = rc.say("王老板: 四星")  # the employer, typed (WeChat cannot quote)
    assert stars(rc) == [("worker", 4), ("employer", 4)]


def test_a_bare_digit_unquoted_right_after_the_question(rc: Conversation) -> None:
    rc.say(EVENING)
    rc.say("王老板: 你好")  # the bot answers: the rating question is no longer the latest
    out = rc.say("王老板: 3")
    assert stars(rc) == [] and all("记下了" not in m for m in to(out, "王老板"))
    rc.say("李四: 结清了")
    rc.say("李四: 5")  # the latest message to 李四 is the rating question
    assert stars(rc) == [("worker", 5)]


def test_a_bare_digit_with_no_rating_question_is_not_a_rating(rc: Conversation) -> None:
    out = rc.say("李四: 4")  # the day before the work: nothing to rate
    assert stars(rc) == [] and all("星" not in m for m in to(out, "李四"))
    rc.say(EVENING)
    rc.say("李四: 结清了")
    rc.say("李四: 我的报名")  # something else came in between
    rc.say("李四: 4")
    assert stars(rc) == []


def test_a_second_rating_long_after_is_not_answered_as_one(rc: Conversation) -> None:
    rc.say(EVENING)
    rc.say("李四: 结清了")
    rc.say("李四: 4星")
    rc.say("@wait 8d")
    out = rc.say("李四: 5星")
    assert stars(rc) == [("worker", 4)] and all("4星" not in m for m in to(out, "李四"))


def test_a_forged_party_of_none_on_the_button_claims_one(chat: Conversation) -> None:
    from bot.adapters.console import dm_chat_id
    from bot.message import Chat, ChatKind, Message, User

    chat.app.dispatcher.handle(Message(
        id=chat.console.new_id("m"), chat=Chat(dm_chat_id("李四"), ChatKind.PRIVATE),
        sender=User("console:李四", "李四"), date=chat.clock.now(), button_data="claim:1:0",
        content_kind="button"))
    chat.say("@wait 1s")
    assert claims(chat) == [("李四", 1, "confirmed")]


@pytest.mark.parametrize(("text", "work_type", "count"), [
    ("我去洗碗 我在馆子里洗过几年", "帮厨", 1),
    ("洗碗算我一个", "帮厨", 1),
    ("我也去放羊", "养殖工", 1),
    # the task is another job's, a place, or no job is in sight: not this claim
    ("我去搬砖", "帮厨", None),
    ("我去镇上", "帮厨", None),
    ("我去洗碗", None, None),
    ("我去看看", "帮厨", None),
])
def test_a_claim_naming_the_jobs_task(text: str, work_type: str | None,
                                      count: int | None) -> None:
    said = claim_around(text, work_type)
    assert (said[0] if said else None) == count
