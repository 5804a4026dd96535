"""Issue 10, the conversation layer: act only when sure, tell everyone, lose nothing. Each
test plays a conversation and checks the replies, who got them, and the rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to

SETUP = """
@group 青天村群 木鱼镇
@officer 李主任 木鱼镇
老张: 你好
李四: 电话13900000001
赵六: 电话13900000002
孙七: 你好
"""
POST = "老张@青天村群: 明天要2个搬运工，150一天，木鱼镇青天村，电话13812345678 张老板"


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation()
    conv.say(SETUP)
    yield conv
    conv.close()


def claims(conv: Conversation, k: int = 0) -> list[tuple[str, int, str]]:
    return [(c["person"], c["count"], c["status"]) for c in conv.jobs()[k]["claims"]]


# --------------------------------------------------------------------------- 1. data loss


def test_a_pending_question_does_not_swallow_commands(chat: Conversation) -> None:
    chat.say("老张: 招3个泥瓦工，200一天，电话13812345678")  # no place: asked
    assert chat.jobs()[0]["state"] == "draft"
    out = chat.say("老张: 订阅 搬运 木鱼镇")
    assert chat.jobs()[0]["work_type"] == "泥瓦工" and chat.jobs()[0]["state"] == "draft"
    assert any("订阅" in m for m in to(out, "老张"))
    chat.say("老张: 明天有空")
    assert chat.jobs()[0]["start_date"] is None
    chat.say("老张: 木鱼镇青天村")  # the answer it asked for
    assert chat.jobs()[0]["state"] == "open" and chat.jobs()[0]["village"] == "青天村"


def test_drop_words_end_a_draft(chat: Conversation) -> None:
    chat.say("老张: 招3个泥瓦工，200一天，电话13812345678")
    out = chat.say("老张: 算了")
    assert chat.jobs()[0]["state"] == "cancelled" and any("不发了" in m for m in out)
    chat.say("老张: 后天招3个泥瓦工，200一天，电话13812345678")
    out = chat.say("老张: 算了不招了")
    assert chat.jobs()[1]["state"] == "cancelled"
    assert any("不发了" in m or "已撤下" in m for m in to(out, "老张"))
    chat.say("老张: 木鱼镇青天村")  # the question is gone: nothing reopens
    assert [j["state"] for j in chat.jobs()] == ["cancelled", "cancelled"]


def test_different_jobs_of_one_phone_are_two_jobs(chat: Conversation) -> None:
    chat.say("老张@青天村群: 要2个搬运工 150一天 青天村 电话13812345678")
    out = chat.say("老张@青天村群: 要5个搬运工 200一天 松柏镇 电话13812345678")
    assert len(chat.jobs()) == 2
    assert not any("不用重复发" in m or "别处发过" in m for m in out)
    # the very same post again is one job
    out = chat.say("老张@青天村群: 要5个搬运工 200一天 松柏镇 电话13812345678")
    assert len(chat.jobs()) == 2 and any("不用重复发" in m for m in out)


def test_two_jobs_of_one_type_in_one_post_are_both_kept(chat: Conversation) -> None:
    out = chat.say("老张@青天村群: 招男工2名女工3名 采茶 男150女120 青天村 电话13812345678")
    assert sorted((j["headcount"], j["wage_min"]) for j in chat.jobs()) == [(2, 150), (3, 120)]
    assert not any("不用重复发" in m for m in out)


@pytest.mark.parametrize(("fix", "why"), [
    ("地点北京", "没找到这个地点"), ("工价0", "工价要大于0"), ("人数10000", "太多"),
    ("改成昨天", "已经过去"),
])
def test_corrections_that_would_corrupt_change_nothing_and_say_why(
        chat: Conversation, fix: str, why: str) -> None:
    chat.say(POST)
    before = chat.jobs()[0]
    out = chat.say(f"老张@青天村群^: {fix}")
    after = chat.jobs()[0]
    assert {k: after[k] for k in ("township", "village", "wage_min", "headcount",
                                  "start_date")} == {
        k: before[k] for k in ("township", "village", "wage_min", "headcount", "start_date")}
    assert any(why in m and "没改" in m for m in to(out, "青天村群"))


def test_a_good_correction_still_changes_and_repeating_it_tells_nobody(
        chat: Conversation) -> None:
    chat.say(POST)
    chat.say("李四@青天村群^: 报名")
    out = chat.say("老张@青天村群: 工价200")
    assert chat.jobs()[0]["wage_min"] == 200
    assert any("有变动" in m for m in to(out, "李四"))
    out = chat.say("老张@青天村群: 工价200")
    assert not to(out, "李四") and any("没有变化" in m for m in to(out, "青天村群"))


def test_a_new_post_is_a_post_not_a_correction(chat: Conversation) -> None:
    chat.say(POST)
    chat.say("老张@青天村群: 要2个小工，120一天，青天村")
    jobs = chat.jobs()
    assert [j["work_type"] for j in jobs] == ["搬运工", "小工"]
    assert jobs[0]["headcount"] == 2 and jobs[0]["wage_min"] == 150


def test_a_phone_given_with_a_claim_reaches_the_employer(chat: Conversation) -> None:
    chat.say(POST)
    out = chat.say("新人@青天村群^: 我去 电话13977776666")
    assert claims(chat) == [("新人", 1, "confirmed")]
    assert any("13977776666" in m for m in to(out, "老张"))
    assert not any("没留电话" in m for m in to(out, "老张"))
    assert not any("13977776666" in m for m in to(out, "青天村群"))


# --------------------------------------------------------------------------- 2. phantoms


@pytest.mark.parametrize("text", [
    "报名的人多不多", "+1 同问", "我明天去镇上", "我们俩明天去松柏走亲戚", "我去，一天才100？",
    "123456", "报名0人"])
def test_chatter_is_not_a_claim(chat: Conversation, text: str) -> None:
    chat.say(POST)
    out = chat.say(f"孙七@青天村群: {text}")
    assert claims(chat) == []
    assert not to(out, "老张") and not to(out, "青天村群")


@pytest.mark.parametrize("text", [
    "有没有要腊肉的，80一斤", "张三欠我工钱300块一直不给", "我儿子在工地上班，一天300"])
def test_chatter_never_becomes_a_draft_with_a_public_question(chat: Conversation,
                                                              text: str) -> None:
    out = chat.say(f"孙七@青天村群: {text}")
    assert chat.jobs() == [] and not to(out, "青天村群")


def test_a_real_claim_for_two_replying_to_the_card(chat: Conversation) -> None:
    chat.say(POST)
    out = chat.say("孙七@青天村群^: 我们俩去")
    assert claims(chat) == [("孙七", 2, "confirmed")]
    assert any("报名成功" in m for m in to(out, "青天村群"))


def test_a_maybe_claim_privately_is_asked_with_buttons(chat: Conversation) -> None:
    chat.say(POST)
    chat.say("孙七: 订阅 搬运 木鱼镇")
    out = chat.say("孙七: 我明天去镇上")
    assert claims(chat) == []
    [asked] = to(out, "孙七")
    assert "您是要报名这个活吗" in asked and "[报名] [不是]" in asked
    out = chat.say("孙七 [不是]")
    assert claims(chat) == [] and "没给您报名" in to(out, "孙七")[0]
    chat.say("孙七 [报名]")
    assert claims(chat) == [("孙七", 1, "confirmed")]


# --------------------------------------------------------------------------- 3. tell everyone


def test_raising_the_headcount_promotes_and_tells_everyone(chat: Conversation) -> None:
    chat.say(POST)
    chat.say("李四@青天村群^: 我报2个人")
    chat.say("赵六@青天村群: 报名")
    assert claims(chat) == [("李四", 2, "confirmed"), ("赵六", 1, "waitlisted")]
    out = chat.say("老张@青天村群: 人数3")
    assert claims(chat)[1] == ("赵六", 1, "confirmed")
    assert any("报名成功" in m and "13812345678" in m for m in to(out, "赵六"))
    assert not any("有变动" in m for m in to(out, "赵六"))  # told once, as what it is
    assert any("赵六" in m and "13900000002" in m for m in to(out, "老张"))
    assert any(m.startswith("✎ 青天村群") for m in out)


def test_my_jobs_lists_who_claimed_phones_privately_only(chat: Conversation) -> None:
    chat.say(POST)
    chat.say("李四@青天村群^: 报名")
    out = chat.say("老张: 我的招工")
    [mine] = to(out, "老张")
    assert "李四" in mine and "13900000001" in mine
    out = chat.say("老张@青天村群: 谁报名了")
    [listed] = to(out, "青天村群")
    assert "李四" in listed and "139****0001" in listed and "13900000001" not in listed
    assert claims(chat) == [("李四", 1, "confirmed")]  # not read as a claim


def test_an_employer_who_never_wrote_privately_is_told_how(chat: Conversation) -> None:
    out = chat.say("王老板@青天村群: 明天要2个搬运工，150一天，木鱼镇青天村，电话13812340000")
    assert any("私聊我" in m and "我的招工" in m for m in to(out, "青天村群"))
    out = chat.say("王老板@青天村群: 后天要3个小工，120一天，木鱼镇青天村，电话13812340000")
    assert not any("私聊我" in m for m in to(out, "青天村群"))  # once


# --------------------------------------------------------------------------- 4. undo


def test_proxy_claim_can_be_withdrawn_and_a_village_name_is_the_same_person(
        chat: Conversation) -> None:
    chat.say(POST)
    chat.say("李主任@青天村群^: 代 王大爷 报名")
    out = chat.say("李主任@青天村群^: 代 青天村王大爷 报名")
    assert claims(chat) == [("王大爷", 1, "confirmed")]
    assert any("不用重复报名" in m for m in out)
    out = chat.say("李主任@青天村群: 代 王大爷 取消报名")
    assert claims(chat) == [("王大爷", 1, "cancelled")]
    assert any("已替王大爷取消报名" in m for m in out)


def test_proxy_phone_is_stored_as_a_phone(chat: Conversation) -> None:
    chat.say("李主任: 代 王大爷13812345608 订阅 搬运 木鱼镇")
    from sqlmodel import select

    from storage.models import Person
    with chat.session() as s:
        [villager] = s.exec(select(Person).where(Person.name == "王大爷")).all()
    assert villager.phone == "13812345608"


def test_the_posters_private_cancel_takes_the_job_down(chat: Conversation) -> None:
    chat.say(POST)
    out = chat.say("老张: 取消")
    assert chat.jobs()[0]["status"] == "cancelled"
    assert not any("没有报名的活" in m for m in out)


def test_the_posters_private_cancel_asks_which_of_several(chat: Conversation) -> None:
    chat.say(POST)
    chat.say("老张@青天村群: 后天要3个小工，120一天，木鱼镇青天村，电话13812345678")
    out = chat.say("老张: 取消")
    assert [j["status"] for j in chat.jobs()] == ["open", "open"]
    assert any("要撤下哪个" in m for m in to(out, "老张"))


# --------------------------------------------------------------------------- 5. time


def test_a_post_for_yesterday_waits_for_the_poster(chat: Conversation) -> None:
    out = chat.say("老张@青天村群: 昨天要2个搬运工，150一天，木鱼镇青天村，电话13812345678")
    assert chat.jobs()[0]["state"] == "draft"
    assert any("已经过去" in m for m in out)
    chat.say("老张: 明天")
    assert chat.jobs()[0]["status"] == "open"


def test_a_date_most_of_a_year_away_is_confirmed_first() -> None:
    conv = Conversation(start="2027-03-05 09:00")
    try:
        conv.say(SETUP)
        out = conv.say("老张: 3月2号要2个搬运工，150一天，木鱼镇青天村")
        job = conv.jobs()[0]
        if job["start_date"] != "2028-03-02":
            pytest.skip("the parser reads 3月2号 differently")
        assert job["state"] == "draft" and any("2028年" in m for m in out)
        conv.say("老张: 对")
        assert conv.jobs()[0]["state"] == "open"
    finally:
        conv.close()


def test_a_bare_no_show_does_not_mark_someone_just_promoted(chat: Conversation) -> None:
    chat.say("老张@青天村群: 今天要1个搬运工，150一天，木鱼镇青天村，电话13812345678")
    chat.say("李四@青天村群^: 报名")
    chat.say("赵六@青天村群: 报名")
    chat.say("李四: 取消报名")  # 赵六 moves up now
    chat.say("老张@青天村群: 没来")
    assert ("赵六", 1, "confirmed") in claims(chat)
    chat.say("老张@青天村群: 赵六没来")
    assert ("赵六", 1, "cancelled") in claims(chat)  # named: recorded (a no-show)


def test_jobs_json_shows_held_posts_and_claims_of_cancelled_jobs(chat: Conversation) -> None:
    chat.say("老黑@青天村群: 招搬运工5名，日结300，入职先交押金50，木鱼镇，电话13700001111")
    assert chat.jobs()[0]["state"] == "held"
    chat.say(POST)
    chat.say("李四@青天村群^: 报名")
    chat.say("老张@青天村群: 取消")
    assert chat.jobs()[1]["status"] == "cancelled"
    assert claims(chat, 1) == [("李四", 1, "cancelled")]


# --------------------------------------------------------------------------- 6d. party size


def test_party_size_changes(chat: Conversation) -> None:
    chat.say("老张@青天村群: 明天要5个搬运工，150一天，木鱼镇青天村，电话13812345678")
    chat.say("李四@青天村群^: 报名")
    chat.say("李四@青天村群: 我再加1个人")
    assert claims(chat) == [("李四", 2, "confirmed")]
    chat.say("李四@青天村群: 改成3个人")
    assert claims(chat) == [("李四", 3, "confirmed")]
    out = chat.say("李四@青天村群: 改成9个人")
    assert claims(chat) == [("李四", 3, "confirmed")] and any("改不成" in m for m in out)
    chat.say("赵六@青天村群^: 我带3个人来")
    assert claims(chat)[1] == ("赵六", 4, "waitlisted")
    chat.say("李四@青天村群: 改成1个人")
    assert claims(chat) == [("李四", 1, "confirmed"), ("赵六", 4, "confirmed")]


# --------------------------------------------------------------------------- held pushes


def test_a_push_held_overnight_is_dropped_when_the_job_was_cancelled(chat: Conversation
                                                                     ) -> None:
    chat.say("孙七: 订阅 搬运 木鱼镇")
    chat.say("@now 2026-11-26 22:00")
    chat.say(POST)
    chat.say("老张@青天村群: 取消")
    out = chat.say("@wait 10h")
    assert not to(out, "孙七")


def test_a_held_push_says_its_day_as_of_sending(chat: Conversation) -> None:
    chat.say("孙七: 订阅 搬运 木鱼镇")
    chat.say("@now 2026-11-26 22:00")
    chat.say("老张@青天村群: 后天要2个搬运工，150一天，木鱼镇青天村，电话13812345678")
    out = chat.say("@wait 10h")
    [push] = to(out, "孙七")
    assert "明天 11月28日" in push and "后天" not in push


def test_employers_are_not_told_of_claims_at_night(chat: Conversation) -> None:
    chat.say(POST)
    chat.say("@now 2026-11-26 23:00")
    out = chat.say("李四@青天村群^: 报名")
    assert not to(out, "老张")
    out = chat.say("@wait 9h")
    assert any("李四" in m and "13900000001" in m for m in to(out, "老张"))


def test_a_night_claim_withdrawn_before_morning_is_not_announced(chat: Conversation) -> None:
    chat.say(POST)
    chat.say("@now 2026-11-26 23:00")
    chat.say("李四@青天村群^: 报名")
    chat.say("李四: 取消报名")
    out = chat.say("@wait 9h")
    assert not any("报名了您的招工" in m for m in to(out, "老张"))
    assert not any("李四" in m for m in to(out, "老张")), "nor its withdrawal: nothing happened"


def test_a_day_claim_withdrawn_at_night_is_told_in_the_morning(chat: Conversation) -> None:
    chat.say(POST)
    out = chat.say("李四@青天村群^: 报名")
    assert any("李四" in m for m in to(out, "老张"))
    chat.say("@now 2026-11-26 23:00")
    out = chat.say("李四: 取消报名")
    assert not to(out, "老张")
    out = chat.say("@wait 9h")
    assert any("李四" in m and "取消了报名" in m for m in to(out, "老张"))


# --------------------------------------------------------------------------- jobs dropped
# The parser (nlp/jobs.py) owns these; the tests say what a post must give.


def test_two_kinds_with_their_own_wages_give_two_jobs(chat: Conversation) -> None:
    chat.say("老张@青天村群: 挖掘机师傅一名 一天800 还要普工五个 一天150 青天村 电话13812345678")
    jobs = sorted((j["headcount"], j["wage_min"]) for j in chat.jobs())
    assert jobs == [(1, 800), (5, 150)]


def test_a_shared_wage_reaches_every_job(chat: Conversation) -> None:
    chat.say("老张@青天村群: 明天要3个搬运工和2个保洁 都是150一天 青天村 电话13812345678")
    assert sorted((j["work_type"], j["wage_min"]) for j in chat.jobs()) == [
        ("保洁员", 150), ("搬运工", 150)]


# --------------------------------------------------------------------------- wording


def test_a_proxied_villager_is_not_addressed_as_you_in_the_group(chat: Conversation) -> None:
    chat.say("老张@青天村群: 明天要1个搬运工，150一天，木鱼镇青天村，电话13812345678")
    chat.say("李四@青天村群^: 报名")
    out = chat.say("李主任@青天村群: 代 李奶奶 报名")
    [said] = to(out, "青天村群")
    assert "李奶奶排在候补第1位" in said and "您" not in said


def test_the_scam_warning_to_a_private_poster_does_not_say_everyone(chat: Conversation
                                                                    ) -> None:
    out = chat.say("老黑: 招搬运工5名，日结300，入职先交押金50，木鱼镇，电话13700001111")
    [warning] = [m for m in to(out, "老黑") if "⚠️" in m]
    assert "大家" not in warning
    out = chat.say("老黑@青天村群: 招搬运工5名，日结300，入职先交押金50，木鱼镇，电话13700001111")
    assert any("大家" in m for m in to(out, "青天村群"))


def test_the_employer_gets_a_no_show_button_not_a_reply_hint(chat: Conversation) -> None:
    chat.say(POST)
    out = chat.say("李四@青天村群^: 报名")
    [note] = to(out, "老张")
    assert "[李四没来]" in note and "回复「" not in note


def test_wechat_shows_a_reply_hint_once() -> None:
    from bot.adapters.base import Outgoing
    from bot.adapters.wechat import render
    from bot.message import Button

    text = "有个活适合您：…\n想去就回复「报名」"
    shown = render(Outgoing(chat_id="wechat:dm:x", text=text,
                            buttons=(Button("报名", "claim:1"), Button("不是", "notclaim:1"))))
    assert shown.count("回复「报名」") == 1 and "回复「不是」" in shown and "点「" not in shown


def test_drop_words_in_a_group_end_the_posters_draft(chat: Conversation) -> None:
    chat.say("老刘@青天村群: 招2个小工，明天，电话13912345678")
    assert chat.jobs()[0]["state"] == "draft"
    chat.say("老刘@青天村群: 算了不招了")
    assert chat.jobs()[0]["state"] == "cancelled"
    chat.say("孙七@青天村群: 算了不招了")  # someone else's words: nothing of theirs
    assert chat.jobs()[0]["state"] == "cancelled" and len(chat.jobs()) == 1
