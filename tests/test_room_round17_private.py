"""Round 17: a correction made at night reaches the groups at 07:00 as a short 改动 note;
「订阅 挖掘机 司机」 subscribes the machine's operator, not any driver; a favour asked of the
group with no pay is no post. Each kind is checked both ways; every sentence is new (none is a
line of a conversation set)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers import notices
from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

# ==== a night's correction of a published card: one 改动 note to the group at 07:00


HAULING = """
@group 阴峪河村群 阴峪河村
龚老板: 你好
小蒲: 你好
龚老板@阴峪河村群: 后天要两个搬运工 卸河沙 一天两百 电话15907192283 龚老板
小蒲@阴峪河村群^: 我去
"""


@pytest.fixture
def hauling() -> Iterator[Conversation]:
    conv = Conversation(start="2028-06-12 18:00", autobind=True)
    conv.say(HAULING)
    conv.say("@now 2028-06-12 21:40")  # quiet hours from 21:00
    yield conv
    conv.close()


def _notes(out: list[str], chat: str) -> list[str]:
    return [m for m in to(out, chat) if "【改动】" in m]


def test_a_wage_raised_at_night_is_told_to_the_group_at_seven(hauling: Conversation) -> None:
    out = hauling.say("龚老板@阴峪河村群^: 工价两百二 河沙重")
    assert _notes(out, "阴峪河村群") == []  # nobody is woken tonight
    out = hauling.say("@now 2028-06-13 07:01")
    [note] = _notes(out, "阴峪河村群")
    assert "工价：220元/天" in note
    assert "时间" not in note and "人数" not in note  # only what changed
    assert "15907192283" not in note


def test_corrected_twice_in_one_night_is_one_note_with_both(hauling: Conversation) -> None:
    hauling.say("龚老板@阴峪河村群^: 改到大后天")
    hauling.say("@wait 40m\n龚老板@阴峪河村群^: 人数3")
    out = hauling.say("@now 2028-06-13 07:01")
    [note] = _notes(out, "阴峪河村群")
    # the day said as of the morning it is read: 6月15日 is 后天 on the 13th
    assert "时间：后天 6月15日" in note and "人数：3人" in note
    assert "工价" not in note


def test_a_private_correction_at_night_reaches_the_group_too(hauling: Conversation) -> None:
    hauling.say("龚老板: 工价两百三")
    out = hauling.say("@now 2028-06-13 07:01")
    [note] = _notes(out, "阴峪河村群")
    assert "230" in note


def test_changed_back_before_morning_says_nothing(hauling: Conversation) -> None:
    hauling.say("龚老板@阴峪河村群^: 工价两百五")
    hauling.say("@wait 30m\n龚老板@阴峪河村群^: 说错了 还是两百")
    out = hauling.say("@now 2028-06-13 07:01")
    assert _notes(out, "阴峪河村群") == []


def test_a_job_taken_down_overnight_gets_no_note(hauling: Conversation) -> None:
    hauling.say("龚老板@阴峪河村群^: 工价两百五")
    hauling.say("@wait 30m\n龚老板@阴峪河村群^: 取消 河涨水了")
    out = hauling.say("@now 2028-06-13 07:01")
    assert _notes(out, "阴峪河村群") == []


def test_a_daytime_correction_needs_no_morning_note() -> None:
    conv = Conversation(start="2028-06-12 18:00", autobind=True)
    try:
        conv.say(HAULING)
        out = conv.say("龚老板@阴峪河村群^: 工价两百二")
        assert _notes(out, "阴峪河村群") == []  # seen now, on the card everyone is reading
        out = conv.say("@now 2028-06-13 07:01")
        assert _notes(out, "阴峪河村群") == []
    finally:
        conv.close()


@pytest.mark.parametrize("text", [
    "工价两百",  # the value it has: nothing changes
    "明天河沙下得完不",  # talk under the card
])
def test_no_change_at_night_no_note(hauling: Conversation, text: str) -> None:
    hauling.say(f"龚老板@阴峪河村群^: {text}")
    out = hauling.say("@now 2028-06-13 07:01")
    assert _notes(out, "阴峪河村群") == []


def test_a_claim_at_night_is_no_change_to_announce(hauling: Conversation) -> None:
    hauling.say("老谌@阴峪河村群^: 我去")
    assert _claims(hauling) == [[("小蒲", 1, "confirmed"), ("老谌", 1, "confirmed")]]
    out = hauling.say("@now 2028-06-13 07:01")
    assert _notes(out, "阴峪河村群") == []


@pytest.mark.parametrize(("chat", "here", "goes"), [
    ("console:group:阴峪河村群", "console:龚老板", True),
    ("telegram:-100123", "telegram:42", True),
    ("wechat:r1@chatroom", "wechat:r1@chatroom", True),  # its card was edited (re-sent) at night
    ("wechat:r1@chatroom", "wechat:wxid_boss", False),  # its whole card comes at 07:00 anyway
])
def test_where_the_whole_card_comes_anew_at_seven_no_note_beside_it(
        chat: str, here: str, goes: bool) -> None:
    assert notices.note_beside_card(chat, here) is goes
