"""Posting: confirm cards, corrections, drafts, repeats across groups, scam holds, expiry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlmodel import col, select

from bot.clock import TZ
from storage.models import Job, JobChat, OutboxMessage, Pending, PhoneReveal, Push
from tests.conversation import Conversation, to

SETUP = """
@group 青天村群 木鱼镇
@group 松柏群 松柏镇
@officer 李主任 木鱼镇
老张: 你好
"""
POST = "老张@青天村群: 明天要3个搬运工，150一天，木鱼镇青天村，电话13812345678 张老板"


def make_chat(start: str = "2026-11-26 08:00") -> Conversation:
    return Conversation(start=start)


def rows(chat: Conversation, model: Any) -> list[Any]:
    with chat.session() as s:
        return list(s.exec(select(model)))


def job(chat: Conversation, job_id: int = 1) -> Job:
    with chat.session() as s:
        found = s.get(Job, job_id)
        assert found is not None
        return found


@pytest.fixture
def jc() -> Iterator[Conversation]:
    conv = make_chat()
    conv.say(SETUP)
    yield conv
    conv.close()


def test_post_in_group_gets_a_masked_card_and_opens(jc: Conversation) -> None:
    out = jc.say(POST)
    card = to(out, "青天村群")[0]
    assert card.startswith("【招工】搬运工 3人")
    assert "138****5678" in card and "13812345678" not in card
    assert "150元/天" in card and "木鱼镇青天村" in card and "明天 11月27日" in card
    assert "[报名]" in card
    [state] = jc.jobs()
    assert state["status"] == "open" and state["headcount"] == 3 and state["poster"] == "老张"
    assert state["start_date"] == "2026-11-27"


def test_one_post_with_two_kinds_of_work_is_two_jobs(jc: Conversation) -> None:
    out = jc.say("老张@青天村群: 招泥工2名、小工3名，大工300小工180，木鱼镇青天村，"
                 "电话13812345678")
    cards = [m for m in to(out, "青天村群") if m.startswith("【招工】")]
    assert len(cards) == 2
    assert [j["work_type"] for j in jc.jobs()] == ["泥瓦工", "小工"]


def test_poster_corrects_by_replying_and_the_card_is_edited(jc: Conversation) -> None:
    jc.say(POST)
    out = jc.say("老张@青天村群^: 工价200")
    assert any(m.startswith("✎ 青天村群: 【招工】") and "200元/天" in m for m in out)
    assert any("已改好：工价" in m for m in out)
    out = jc.say("老张@青天村群^: 改成后天")
    assert jc.jobs()[0]["start_date"] == "2026-11-28"
    out = jc.say("老张@青天村群^: 人数5")
    assert jc.jobs()[0]["headcount"] == 5
    assert any("已报名 0/5" in m for m in out if m.startswith("✎"))


def test_correction_privately_applies_to_the_latest_job(jc: Conversation) -> None:
    jc.say(POST)
    out = jc.say("老张: 工价180")
    assert to(out, "老张")[0].startswith("已改好：工价")
    assert jc.jobs()[0]["wage_min"] == 180


def test_unparseable_correction_changes_nothing(jc: Conversation) -> None:
    jc.say(POST)
    before = jc.jobs()
    out = jc.say("老张@青天村群^: 改一下那个")
    assert "没看懂要改什么" in to(out, "青天村群")[0]
    assert jc.jobs() == before


def test_posters_talk_under_own_card_in_a_group_is_quiet(jc: Conversation) -> None:
    """「我去镇上买材料 下午回来再说」 under one's own card: talk, not a failed correction."""
    jc.say(POST)
    before = jc.jobs()
    for talk in ("老张@青天村群^: 嗯嗯好的呀", "老张@青天村群^: 我去镇上买材料 下午回来再说"):
        assert jc.say(talk) == []
    assert jc.jobs() == before
    out = jc.say("老张@青天村群^: 工价180")
    assert jc.jobs()[0]["wage_min"] == 180 and to(out, "青天村群")


def test_headcount_cannot_go_below_the_confirmed(jc: Conversation) -> None:
    jc.say(POST)
    jc.say("李四@青天村群^: 报名\n赵六@青天村群^: 报名")
    out = jc.say("老张@青天村群^: 人数1")
    assert "不能少于2" in to(out, "青天村群")[0]
    assert jc.jobs()[0]["headcount"] == 3


def test_poster_cancels_and_claimers_are_told(jc: Conversation) -> None:
    jc.say(POST)
    jc.say("李四: 你好\n李四@青天村群^: 我去")
    out = jc.say("老张@青天村群^: 取消")
    assert jc.jobs()[0]["status"] == "cancelled"
    assert any(m.startswith("✎ 青天村群:") and "已取消" in m for m in out)
    assert any("老板取消了这个活" in m for m in to(out, "李四"))
    # the warning is no job card (a script's ^ answers cards only): a claim said in the group
    # still takes no place on the held post
    out = jc.say("王五@青天村群: 报名")
    assert "取消" in to(out, "青天村群")[0]
    assert [c["person"] for c in jc.jobs()[0]["claims"]] == ["李四"]


def test_draft_asks_the_poster_privately_once_and_the_answer_opens_it(jc: Conversation) -> None:
    out = jc.say("老张@青天村群: 明天要3个搬运工，电话13812345678")
    assert jc.jobs()[0]["state"] == "draft"
    assert "还缺工价" in to(out, "青天村群")[0]
    question = to(out, "老张")
    assert len(question) == 1 and "还缺工价" in question[0]
    out = jc.say("老张: 150一天")
    assert jc.jobs()[0]["state"] == "open" and jc.jobs()[0]["wage_min"] == 150
    assert any(m.startswith("【招工】") for m in to(out, "青天村群"))
    assert rows(jc, Pending)[0].closed


def test_draft_without_a_private_chat_asks_under_the_post(jc: Conversation) -> None:
    out = jc.say("老刘@青天村群: 招2个小工，明天，电话13912345678")
    [ask] = to(out, "青天村群")
    assert ask.startswith("老刘，这条招工还缺") and "工价" in ask
    out = jc.say("老刘@青天村群^: 200一天")
    assert jc.jobs()[0]["state"] == "open"
    assert any(m.startswith("【招工】小工 2人") for m in to(out, "青天村群"))


def test_repeat_across_groups_is_one_job_linked_to_both(jc: Conversation) -> None:
    jc.say(POST)
    out = jc.say(POST.replace("青天村群", "松柏群", 1))
    assert len(jc.jobs()) == 1
    assert "同一个活" in to(out, "松柏群")[0]
    assert any(m.startswith("【招工】") for m in to(out, "松柏群"))
    assert {r.chat_id for r in rows(jc, JobChat)} == {"console:group:青天村群",
                                                      "console:group:松柏群"}
    # A claim in either group counts for the one job; both cards follow.
    out = jc.say("李四@松柏群^: 报名")
    edits = [m for m in out if m.startswith("✎")]
    assert {m.split(":")[0] for m in edits} == {"✎ 青天村群", "✎ 松柏群"}


def test_scam_post_is_held_warned_and_never_pushed(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运 木鱼镇")
    out = jc.say("老黑@青天村群: 招搬运工5名，日结300，先交押金200，木鱼镇，电话13700001111")
    [warning] = to(out, "青天村群")
    assert "押金" in warning and "信息员" in warning
    assert to(out, "李四") == []
    assert jc.jobs()[0]["state"] == "held"
    officer = to(out, "李主任")
    assert officer and "137****1111" in officer[0] and "13700001111" not in officer[0]
    assert rows(jc, Push) == []
    # the warning is no job card (a script's ^ answers cards only): a claim said in the group
    # still takes no place on the held post
    out = jc.say("王五@青天村群: 报名")
    assert jc.jobs()[0]["claims"] == []
    # The officer rejects it; it never reaches anyone.
    out = jc.say("李主任 [驳回]")
    assert jc.jobs()[0]["status"] == "cancelled"


@pytest.mark.parametrize(("text", "word"), [
    ("招包装工3名 在家就能做 轻松赚 日赚200 木鱼镇 电话13812345678", "在家就能做"),
    ("招搬运工5名，日结300，入职先交服装费50，木鱼镇，电话13700001111", "服装费"),
    ("日赚300 在家就能做 手机点赞 加微信abc123", "日赚"),
])
def test_whatever_the_parser_calls_a_scam_is_held(jc: Conversation, text: str, word: str
                                                  ) -> None:
    jc.say("李四: 订阅 木鱼镇")
    out = jc.say(f"老黑@青天村群: {text}")
    [warning] = to(out, "青天村群")
    assert f"提到「{word}」" in warning and "暂不推送" in warning
    assert to(out, "李四") == [] and rows(jc, Push) == []
    assert [j["state"] for j in jc.jobs()] == ["held"]
    assert job(jc).hold_reason == word
    assert f"提到「{word}」" in to(out, "李主任")[0]


def test_saying_there_is_no_fee_is_no_scam(jc: Conversation) -> None:
    out = jc.say("老张@青天村群: 招搬运工5名，日结300，不收押金，木鱼镇，电话13700001111")
    assert to(out, "青天村群")[0].startswith("【招工】")
    assert jc.jobs()[0]["status"] == "open"


@pytest.mark.parametrize("phone", ["137 0000 1111", "137-0000-1111", "１３７００００１１１１"])
def test_the_officers_copy_of_a_held_post_masks_phones_however_written(
        jc: Conversation, phone: str) -> None:
    out = jc.say(f"老黑@青天村群: 招搬运工5名，日结300，先交押金200，木鱼镇，电话{phone}")
    [officer] = to(out, "李主任")
    assert "137****1111" in officer
    digits = "".join(c for c in officer if c.isdigit())
    assert "13700001111" not in digits and "１１１１" not in officer


def test_officer_can_release_a_held_post(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运 木鱼镇")
    jc.say("老黑@青天村群: 招搬运工5名，日结300，先交押金100，木鱼镇，电话13700001111")
    out = jc.say("李主任 [放行]")
    assert jc.jobs()[0]["status"] == "open"
    assert any(m.startswith("【招工】") for m in to(out, "青天村群"))
    assert to(out, "李四")
    out = jc.say("王五: 放行 1")
    assert "已经处理过" in to(out, "王五")[0]


def test_private_post_gets_the_full_phone_card_with_a_cancel_button(jc: Conversation) -> None:
    out = jc.say("老张: 后天要2个采茶工，120一天，木鱼镇青天村，电话13812345678")
    [card] = to(out, "老张")
    assert "13812345678" in card and "[取消招工]" in card
    out = jc.say("老张 [取消招工]")
    assert jc.jobs()[0]["status"] == "cancelled"


def test_dated_job_expires_after_its_day_and_cards_say_so(jc: Conversation) -> None:
    jc.say(POST)
    assert not [m for m in jc.say("@now " + "2026-11-27 23:50") if m.startswith("✎")]
    out = jc.say("@now " + "2026-11-28 00:10")
    assert jc.jobs()[0]["status"] == "expired"
    # Expired in quiet hours: the card is not refreshed then, nor in the morning (a past job's
    # card again tells nobody anything; README, "What is promised about replies").
    out += jc.say("@now " + "2026-11-28 07:30")
    assert not [m for m in out if m.startswith("✎ 青天村群:")]
    out = jc.say("李四@青天村群^: 报名")
    assert "过期" in to(out, "青天村群")[0]
    assert jc.jobs()[0]["claims"] == []


def test_undated_job_asks_still_hiring_the_evening_before(jc: Conversation) -> None:
    jc.say("老张@青天村群: 长期招保洁员2名，100一天，木鱼镇青天村，电话13812345678")
    assert job(jc).start_date is None
    assert to(jc.say("@now " + "2026-11-27 19:00"), "老张") == []
    out = jc.say("@now " + "2026-11-28 19:00")
    [ask] = to(out, "老张")
    assert "还招吗" in ask and "[还招]" in ask
    assert to(jc.say("@now 2026-11-28 21:00"), "老张") == []  # asked once
    out = jc.say("老张: 还招")
    assert "继续招" in to(out, "老张")[0]
    jc.say("@now " + "2026-11-29 09:00")
    assert jc.jobs()[0]["status"] == "open"


def test_still_hiring_answer_filled_closes_the_job(jc: Conversation) -> None:
    jc.say("老张@青天村群: 长期招保洁员2名，100一天，木鱼镇青天村，电话13812345678")
    jc.say("李四@青天村群^: 报名")
    jc.say("@now " + "2026-11-28 19:00")
    out = jc.say("老张 [招满了]")
    assert jc.jobs()[0]["status"] == "filled"
    assert any(m.startswith("✎ 青天村群:") and "已招满" in m for m in out)


def test_filled_with_nobody_signed_up_is_not_shown_as_filled(jc: Conversation) -> None:
    jc.say("老张@青天村群: 长期招保洁员2名，100一天，木鱼镇青天村，电话13812345678")
    out = jc.say("老张@青天村群^: 招满了")
    assert jc.jobs()[0]["status"] == "open"
    assert not any("已招满" in m for m in out)
    assert any("还没有人报名" in m and "取消" in m for m in to(out, "青天村群"))


def test_filled_replying_to_a_card_is_about_that_card_not_the_question(
        jc: Conversation) -> None:
    jc.say("老张@青天村群: 长期招保洁员2名，100一天，木鱼镇青天村，电话13812345678")
    jc.say("赵六@青天村群^: 报名")
    jc.say("@now " + "2026-11-28 19:00")  # 还招吗 about job 1 is now open
    jc.say("老张@青天村群: 后天要2个搬运工，150一天，木鱼镇青天村，电话13812345678")
    jc.say("李四@青天村群^: 报名")
    out = jc.say("老张@青天村群^: 招满了")
    assert [j["status"] for j in jc.jobs()] == ["open", "filled"]
    assert any("已标成招满：搬运工" in m for m in to(out, "青天村群"))
    out = jc.say("老张: 招满了")  # nothing quoted: the job the bot asked about
    assert [j["status"] for j in jc.jobs()] == ["filled", "filled"]
    assert any("已标成招满：保洁员" in m for m in to(out, "老张"))


def test_undated_job_expires_after_three_days(jc: Conversation) -> None:
    jc.say("老张@青天村群: 长期招保洁员2名，100一天，木鱼镇青天村，电话13812345678")
    jc.say("@now " + "2026-11-29 07:50")
    assert jc.jobs()[0]["status"] == "open"
    jc.say("@now " + "2026-11-29 08:10")
    assert jc.jobs()[0]["status"] == "expired"


def test_every_full_phone_shown_is_logged(jc: Conversation) -> None:
    jc.say(POST)
    jc.say("李四: 你好\n李四@青天村群^: 报名")
    reveals = rows(jc, PhoneReveal)
    assert [(r.reason, r.chat_id) for r in reveals] == [("claim_confirmed", "console:dm:李四")]
    with jc.session() as s:
        texts = [r.text for r in s.exec(select(OutboxMessage).where(
            col(OutboxMessage.chat_id).like("console:group:%")))]
    assert texts and not any("13812345678" in t for t in texts)


def test_quiet_hours_hold_pushes_until_seven(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运")
    out = jc.say("@now 2026-11-26 22:00\n" + POST)
    assert to(out, "李四") == []
    with jc.session() as s:
        push = s.exec(select(OutboxMessage).where(OutboxMessage.kind == "push")).one()
    assert push.not_before.astimezone(TZ) == datetime(2026, 11, 27, 7, 0, tzinfo=TZ)
    out = jc.say("@now 2026-11-27 07:00")
    assert to(out, "李四") and "有个活适合您" in to(out, "李四")[0]


def test_a_new_post_while_a_draft_waits_is_not_taken_as_the_answer(jc: Conversation) -> None:
    jc.say("老张@青天村群: 明天要3个搬运工，电话13812345678")
    jc.say("老张: 后天要2个泥瓦工，200一天，木鱼镇青天村，电话13812345678")
    kinds = [(j["work_type"], j["state"]) for j in jc.jobs()]
    assert kinds == [("搬运工", "draft"), ("泥瓦工", "open")]


def test_held_post_text_masks_every_phone_like_number() -> None:
    from handlers.posting import mask_text

    assert mask_text("刷单日赚300 加微信13812345678") == "刷单日赚300 加微信138****5678"
    assert mask_text("电话 138-1234-5678 王姐") == "电话 138****5678 王姐"
    assert mask_text("QQ 123456789 咨询") == "QQ 123456789 咨询"
