"""Issue 10, what the third round of probing found: a phone given with a claim under any of
its everyday labels, a held post reaching an officer who could not be reached when it was
held, bare digits that are no claim. Each with the look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from handlers.reading import claim_phrase
from storage import people
from storage.models import Person
from tests.conversation import Conversation, to


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation(start="2026-12-09 08:00", autobind=True)
    conv.say("@group 马鹿场村群 马鹿场村\n@group 青天村群 青天村")
    yield conv
    conv.close()


def claims(conv: Conversation, k: int = 0) -> list[tuple[str, int, str]]:
    return sorted((c["person"], c["count"], c["status"]) for c in conv.jobs()[k]["claims"])


# --------------------------------------------------------------------------- a phone with a claim


@pytest.mark.parametrize("text", [
    "俺去 手机号15071234567",
    "我去，我电话是15071234567",
    "报名 手机号码：15071234567",
    "我去 我的联系电话15071234567",
])
def test_a_phone_under_any_label_goes_with_the_claim(text: str) -> None:
    assert claim_phrase(text) == (1, "15071234567")


@pytest.mark.parametrize("text", [
    "我明天去看看 手机号15071234567",  # own plans
    "谁去 手机号15071234567",  # a question
    "我去过 电话15071234567",
])
def test_a_phone_after_chatter_is_no_claim(text: str) -> None:
    assert claim_phrase(text) is None


def test_the_employer_gets_the_phone_given_under_a_label(chat: Conversation) -> None:
    chat.say("蔡老板: 你好\n"
             "蔡老板@马鹿场村群: 明天马鹿场村要2个挑砖的 一天一百八 电话13707100155")
    out = chat.say("老钱@马鹿场村群^: 俺去 手机号15071234567")
    assert claims(chat) == [("老钱", 1, "confirmed")]
    assert any("15071234567" in m for m in to(out, "蔡老板"))
    assert not any("15071234567" in m for m in to(out, "马鹿场村群"))


# ----------------------------------------------------------------- officers reachable later


def appoint_unreachable(conv: Conversation, name: str, code: str) -> None:
    """An officer who has only ever written in a group (appointed by 设为信息员 or config)."""
    conv.say(f"{name}@青天村群: 大家好")
    with conv.session() as s:
        person = s.exec(select(Person).where(Person.name == name)).one()
        assert person.id is not None and not people.private_chats(s, person.id)
        people.make_officer(s, person.id, code)
        s.commit()


SCAM = "骗子丙@马鹿场村群: 明天马鹿场村要4个普工 一天三百 先交押金五百 电话13872107171"


def test_an_officer_who_first_writes_later_gets_the_held_posts_of_the_area(
        chat: Conversation) -> None:
    appoint_unreachable(chat, "老向", "429021104")  # 新华镇
    appoint_unreachable(chat, "老木", "429021102")  # 木鱼镇: not 马鹿场村's
    out = chat.say(SCAM)
    assert chat.jobs()[0]["state"] == "held"
    assert any("信息员" in m for m in to(out, "马鹿场村群"))  # the poster hears it waits
    out = chat.say("老向: 你好")
    [review] = [m for m in to(out, "老向") if "押金" in m]
    assert "放行" in review and "13872107171" not in review
    assert not any("押金" in m for m in to(chat.say("老木: 你好"), "老木"))  # not his area
    assert not any("押金" in m for m in to(chat.say("老向: 帮助"), "老向"))  # once
    assert not any("押金" in m for m in to(chat.say("路人: 你好"), "路人"))  # no officer


def test_a_released_post_does_not_reach_an_officer_later(chat: Conversation) -> None:
    chat.say("@officer 区管理员\n区管理员: 你好")
    appoint_unreachable(chat, "老向", "429021104")
    chat.say(SCAM)
    chat.say("区管理员: 放行 1")
    assert chat.jobs()[0]["state"] == "open"
    assert not any("押金" in m for m in to(chat.say("老向: 你好"), "老向"))


def test_a_post_held_with_an_officer_asked_still_reaches_a_newly_reachable_one(
        chat: Conversation) -> None:
    """Still waiting for review: the officer of the place, reachable now, is asked too."""
    chat.say("@officer 区管理员\n区管理员: 你好")
    appoint_unreachable(chat, "老向", "429021104")
    chat.say(SCAM)
    out = chat.say("老向: 在")
    assert any("押金" in m for m in to(out, "老向"))


# --------------------------------------------------------------------------- letting a draft go


@pytest.mark.parametrize("text", ["先不发了", "那就不要了吧", "不用了谢谢", "还是算了吧",
                                  "暂时不招了", "算了不招了"])
def test_a_draft_ends_in_everyday_words(chat: Conversation, text: str) -> None:
    chat.say("安老板: 明天太和山村要2个砍柴的")
    assert chat.jobs()[0]["state"] == "draft"
    chat.say(f"安老板: {text}")
    assert chat.jobs()[0]["state"] == "cancelled"


@pytest.mark.parametrize("text", ["不要两个了 要三个", "算了吗", "不用管工钱", "好了", "谢谢"])
def test_words_that_do_not_let_the_draft_go(chat: Conversation, text: str) -> None:
    chat.say("安老板: 明天太和山村要2个砍柴的")
    chat.say(f"安老板: {text}")
    assert chat.jobs()[0]["state"] == "draft"


# --------------------------------------------------------------------------- a digest's number


def test_a_digest_number_with_a_count_in_chinese_takes_that_many(chat: Conversation) -> None:
    chat.say("刘老板@马鹿场村群: 后天马鹿场村要4个砌坎的 一天两百二 电话13872105511")
    chat.say("小己@马鹿场村群: 报名【1】两个人")
    assert claims(chat) == [("小己", 2, "confirmed")]
    out = chat.say("小庚@马鹿场村群: 报名【1】0人")
    assert claims(chat) == [("小己", 2, "confirmed")]
    assert any("几个人" in m for m in to(out, "马鹿场村群"))
    chat.say("小戊@马鹿场村群: 【1】还招吗")
    assert claims(chat) == [("小己", 2, "confirmed")]


# --------------------------------------------------------------------------- one claim a person


def test_signing_up_again_after_withdrawing_shows_one_claim(chat: Conversation) -> None:
    chat.say("魏老板@马鹿场村群: 明天马鹿场村要2个打扫的 一天一百二 电话13872102020\n"
             "小九@马鹿场村群^: 我去\n小九: 取消报名")
    assert claims(chat) == [("小九", 1, "cancelled")]
    chat.say("小九@马鹿场村群^: 我去")
    assert claims(chat) == [("小九", 1, "confirmed")]


# ----------------------------------------------------------- work the parser does not know


def test_a_hire_of_unknown_work_asks_the_poster_not_lost(chat: Conversation) -> None:
    out = chat.say("牛老板: 你好\n"
                   "牛老板@马鹿场村群: 明天马鹿场村要3个拔草的 一天一百一 电话13872109911")
    assert [j["state"] for j in chat.jobs()] == ["draft"]
    assert any("工种" in m for m in to(out, "牛老板"))
    assert not any("13872109911" in m for m in to(out, "马鹿场村群"))


@pytest.mark.parametrize("text", [
    "我儿子在工地上班，一天三百 电话13872109911",  # no count
    "有要土鸡蛋的没 2块一个 电话13872109911",
    "我们3个人一天挣一百五",  # no phone
])
def test_pay_talk_without_count_or_phone_stays_quiet(chat: Conversation, text: str) -> None:
    assert chat.say(f"老魏@马鹿场村群: {text}") == []
    assert chat.jobs() == []


# --------------------------------------------------------------------------- asking in a group


@pytest.mark.parametrize("text", ["最近有什么活", "这边有活吗？", "有什么活"])
def test_asking_for_work_in_a_group_lists_the_townships_jobs(chat: Conversation,
                                                             text: str) -> None:
    chat.say("郑老板@马鹿场村群: 明天马鹿场村要2个搬运工 一天一百六 电话13872106611\n"
             "韩老板@青天村群: 明天青天村要2个保洁 一天一百二 电话13872106612")
    [listing] = to(chat.say(f"小甲@马鹿场村群: {text}"), "马鹿场村群")
    assert "【1】搬运工" in listing and "保洁" not in listing  # 青天村 is in 木鱼镇
    assert "13872106611" not in listing
    assert claims(chat) == []


@pytest.mark.parametrize(("text", "count"), [("明天我去", 1), ("明天我们俩去", 2),
                                             ("后天我报名", 1)])
def test_a_day_said_first_still_claims(text: str, count: int) -> None:
    assert claim_phrase(text) == (count, None)


@pytest.mark.parametrize("text", ["明天我去镇上", "明天我去可以吗", "明天我们去"])
def test_a_day_said_first_with_plans_or_a_question_is_no_claim(text: str) -> None:
    assert claim_phrase(text) is None


# --------------------------------------------------------------------------- someone's own pay


@pytest.mark.parametrize("text", [
    "我孙女在县城酒店当服务员 一个月三千五",
    "我女婿开挖机的 一天八百",
    "俺闺女在镇上超市做收银 一个月两千八",
    "我老公跑货车的 一个月一万",
])
def test_what_a_relative_earns_is_no_post(chat: Conversation, text: str) -> None:
    out = chat.say(f"老王@马鹿场村群: {text}")
    assert not to(out, "马鹿场村群") and chat.jobs() == []


@pytest.mark.parametrize(("text", "work"), [
    ("我女儿结婚 要请2个厨师 一天三百 电话13872100009", "厨师"),
    ("我家盖房子 要3个小工 一天160", "小工"),
    ("我儿子的厂里招普工10名 月薪四千 电话13872100008", "操作工"),
])
def test_a_family_hiring_is_a_post(chat: Conversation, text: str, work: str) -> None:
    chat.say(f"老王@马鹿场村群: {text}")
    assert [j["work_type"] for j in chat.jobs()] == [work]


# --------------------------------------------------------------------------- 广播 typed in a group


def test_a_broadcast_typed_in_a_group_is_receipted_privately(chat: Conversation) -> None:
    chat.say("@officer 钟主任 新华镇\n钟主任: 你好\n@group 龙口村群 龙口村")
    out = chat.say("钟主任@马鹿场村群: 广播 明天上午九点村委会发放补贴")
    assert any("补贴" in m for m in to(out, "龙口村群"))
    assert not to(out, "马鹿场村群")
    assert any("已广播到" in m for m in to(out, "钟主任"))


def test_an_officer_the_bot_cannot_reach_gets_the_receipt_in_the_group(
        chat: Conversation) -> None:
    appoint_unreachable(chat, "老向", "429021104")
    chat.say("@group 龙口村群 龙口村")
    out = chat.say("老向@马鹿场村群: 广播 明天上午九点村委会发放补贴")
    assert any("补贴" in m for m in to(out, "龙口村群"))
    assert any("已广播到" in m for m in to(out, "马鹿场村群"))


# --------------------------------------------------------------------------- voice input


@pytest.mark.parametrize(("text", "count"), [("嗯那个我去我去", 1), ("报名报名", 1),
                                             ("喂 老板 我去", 1), ("那个我们俩去", 2)])
def test_voice_fillers_and_a_word_said_twice_still_claim(text: str, count: int) -> None:
    assert claim_phrase(text) == (count, None)


@pytest.mark.parametrize("text", ["就是我去看看", "那个那个", "嗯嗯", "哈哈哈哈", "去去去"])
def test_voice_fillers_alone_are_no_claim(text: str) -> None:
    assert claim_phrase(text) is None


# --------------------------------------------------------------------------- bare numbers


POSTED = "包老板@马鹿场村群: 明天马鹿场村要2个搬运工 一天一百六 电话13872100101"


@pytest.mark.parametrize("text", ["200", "两百", "5"])
def test_a_bare_number_under_ones_card_changes_nothing_and_asks_which(
        chat: Conversation, text: str) -> None:
    chat.say(POSTED)
    out = chat.say(f"包老板@马鹿场村群^: {text}")
    job = chat.jobs()[0]
    assert (job["wage_min"], job["headcount"]) == (160, 2)
    assert any("工价" in m for m in to(out, "马鹿场村群"))


def test_a_number_with_its_field_still_corrects(chat: Conversation) -> None:
    chat.say(POSTED + "\n包老板@马鹿场村群^: 工价200")
    assert chat.jobs()[0]["wage_min"] == 200


def test_a_bare_number_answers_a_drafts_question(chat: Conversation) -> None:
    chat.say("王大爷@马鹿场村群: 后天要2个打扫卫生的 电话13872100101\n王大爷@马鹿场村群^: 150")
    job = chat.jobs()[0]
    assert (job["state"], job["wage_min"]) == ("open", 150)


def test_digits_with_no_code_pending_are_nothing(chat: Conversation) -> None:
    chat.say(POSTED)
    chat.say("小严@马鹿场村群^: 123456\n小严: 123456\n小严@马鹿场村群: 8")
    assert claims(chat) == [] and len(chat.jobs()) == 1


# --------------------------------------------------------------------------- no-shows named


NOSHOW_SETUP = """
戴老板: 你好
张三: 你好
李四: 你好
戴老板@马鹿场村群: 今天马鹿场村要1个挖沟的 一天两百 电话13872101212
张三@马鹿场村群^: 我去
李四@马鹿场村群^: 我去
"""


@pytest.mark.parametrize("text", ["张三今天没来", "张三他早上一直没到", "张三压根没来啊"])
def test_a_no_show_named_with_when_moves_the_waitlist_up(chat: Conversation,
                                                          text: str) -> None:
    chat.say(NOSHOW_SETUP)
    out = chat.say(f"戴老板: {text}")
    assert claims(chat) == [("张三", 1, "cancelled"), ("李四", 1, "confirmed")]
    assert any("13872101212" in m for m in to(out, "李四"))


@pytest.mark.parametrize("text", ["没来", "今天没来", "王五今天没来",
                                  # on the way, not a no-show
                                  "张三还没到", "张三怎么还没来", "张三还是没到吗"])
def test_a_no_show_naming_nobody_here_changes_nothing(chat: Conversation, text: str) -> None:
    chat.say(NOSHOW_SETUP)
    chat.say(f"戴老板: {text}")
    assert claims(chat) == [("张三", 1, "confirmed"), ("李四", 1, "waitlisted")]


# ----------------------------------------------------------------- employers reachable later


AWAY = """
小甲: 电话15000004444
包老板@马鹿场村群: 明天马鹿场村要2个搬运工 一天一百六 电话13872100101
小甲@马鹿场村群^: 我去
"""


def test_an_employer_who_first_writes_after_a_claim_hears_who_claimed(
        chat: Conversation) -> None:
    chat.say(AWAY)
    out = chat.say("包老板: 你好")
    [told] = [m for m in to(out, "包老板") if "有人报名" in m]
    assert "小甲" in told and "15000004444" in told
    assert not any("有人报名" in m for m in to(chat.say("包老板: 你好"), "包老板"))  # once


def test_an_employer_without_claims_hears_nothing_more(chat: Conversation) -> None:
    chat.say("包老板@马鹿场村群: 明天马鹿场村要2个搬运工 一天一百六 电话13872100101")
    out = chat.say("包老板: 你好")
    assert not any("有人报名" in m for m in to(out, "包老板"))


def test_my_jobs_as_the_first_private_message_is_answered_once(chat: Conversation) -> None:
    chat.say(AWAY)
    out = to(chat.say("包老板: 我的招工"), "包老板")
    assert len([m for m in out if "小甲" in m]) == 1


# --------------------------------------------------------------------------- coming and going


@pytest.mark.parametrize("text", ["我来了", "我去了", "我先走了"])
def test_coming_or_going_said_to_the_group_is_no_claim(chat: Conversation, text: str) -> None:
    chat.say(POSTED)
    chat.say(f"小甲@马鹿场村群: {text}")
    assert claims(chat) == []


@pytest.mark.parametrize("text", ["我去", "好的我去", "我报名了"])
def test_a_sign_up_said_to_the_group_still_claims(chat: Conversation, text: str) -> None:
    chat.say(POSTED)
    chat.say(f"小甲@马鹿场村群: {text}")
    assert claims(chat) == [("小甲", 1, "confirmed")]


def test_i_am_coming_in_reply_to_the_card_claims(chat: Conversation) -> None:
    chat.say(POSTED + "\n小甲@马鹿场村群^: 我来了")
    assert claims(chat) == [("小甲", 1, "confirmed")]
