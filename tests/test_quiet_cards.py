"""Card refreshes during quiet hours (21:00–07:00) wait for their end, one per card and chat,
made then from the job as it is: nothing when the night changed nothing or the job expired.
And a phone said with a claim that replaces the one held is told to the worker, masked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import col, select

from storage.models import OutboxMessage
from tests.conversation import Conversation, to

GROUP = "中岭村群"
POST = f"柯老板@{GROUP}: 明天要两个掰玉米的 一天一百四 电话15549271806"


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation(start="2027-01-22 20:00", autobind=True)
    conv.say(f"@group {GROUP} 中岭村\n柯老板: 你好")
    yield conv
    conv.close()


def pushed(chat: Conversation) -> None:
    """Two subscribers get the job privately at 20:00; they claim by replying there."""
    chat.say("小龚: 订阅 采摘 宋洛乡\n符大嫂: 订阅 采摘 宋洛乡")
    chat.say(POST)


def edits(messages: list[str], chat: str = GROUP) -> list[str]:
    return [m for m in messages if m.startswith(f"✎ {chat}:")]


def test_a_card_changed_at_night_is_edited_once_when_quiet_hours_end(chat: Conversation
                                                                     ) -> None:
    pushed(chat)
    night = chat.say("@wait 60m\n小龚^: 我去\n@wait 30m\n符大嫂^: 我去")
    assert "报名成功" in "\n".join(to(night, "符大嫂"))
    assert edits(night) == []
    with chat.session() as s:  # coalesced: one row for the card, however often it changed
        held = s.exec(select(OutboxMessage).where(OutboxMessage.render == "card",
                                                  col(OutboxMessage.status) == "pending"))
        assert len(list(held)) == 1
    morning = chat.say("@wait 600m")  # 21:30 → 07:30
    assert len(edits(morning)) == 1 and "已招满" in edits(morning)[0]


def test_a_card_changed_in_the_day_is_edited_at_once(chat: Conversation) -> None:
    pushed(chat)
    out = chat.say("@wait 720m\n小龚^: 我去")  # 08:00
    assert len(edits(out)) == 1 and "已报名 1/2" in edits(out)[0]


def test_a_card_changed_at_night_by_a_message_in_its_own_chat_is_edited_at_once(
        chat: Conversation) -> None:
    """People are talking in the group now: its card follows what they just did."""
    chat.say(POST)
    out = chat.say("@wait 90m\n小龚@中岭村群^: 我去\n符大嫂@中岭村群^: +1")
    assert len(edits(out)) == 2 and "已招满" in edits(out)[-1]
    assert edits(chat.say("@wait 600m")) == []


def test_a_change_undone_in_the_night_is_not_sent_in_the_morning(chat: Conversation) -> None:
    pushed(chat)
    night = chat.say("@wait 60m\n小龚^: 我去\n@wait 30m\n小龚: 取消报名")
    assert "已取消报名" in "\n".join(to(night, "小龚"))
    assert edits(night) == []
    assert edits(chat.say("@wait 600m")) == []


def test_a_job_cancelled_at_night_is_shown_cancelled_in_the_morning(chat: Conversation
                                                                    ) -> None:
    chat.say(POST)
    night = chat.say("@wait 90m\n柯老板: 取消")
    assert "已撤下" in "\n".join(to(night, "柯老板")) and edits(night) == []
    morning = chat.say("@wait 600m")
    assert len(edits(morning)) == 1 and "取消" in edits(morning)[0]


def test_a_job_expired_at_midnight_is_not_sent_again() -> None:
    conv = Conversation(start="2027-01-22 15:00", autobind=True)
    try:
        conv.say(f"@group {GROUP} 中岭村")
        conv.say(f"柯老板@{GROUP}: 今天下午要两个掰玉米的 一天一百四 电话15549271806")
        out = conv.say("@wait 1000m")  # through midnight to 07:40
        assert edits(out) == [] and [j["status"] for j in conv.jobs()] == ["expired"]
    finally:
        conv.close()


# --------------------------------------------------------------------------- a new phone


def test_a_phone_with_a_claim_that_replaces_the_old_one_is_told(chat: Conversation) -> None:
    chat.say("小龚: 电话13986247130")
    chat.say(POST)
    out = chat.say("@wait 720m\n小龚@中岭村群^: 我去 电话13872904615")
    worker = "\n".join(to(out, "小龚"))
    assert "电话已改为 138****4615" in worker and "139****7130" in worker
    assert "电话已改为" not in "\n".join(to(out, GROUP))  # never in the group


def test_a_new_phone_with_a_private_claim_is_told_there(chat: Conversation) -> None:
    chat.say("小龚: 电话13986247130\n小龚: 订阅 采摘 宋洛乡")
    chat.say(POST)  # pushed to 小龚 at once (20:00)
    out = chat.say("@wait 720m\n小龚^: 我去 电话13872904615")
    assert "电话已改为 138****4615" in "\n".join(to(out, "小龚"))


@pytest.mark.parametrize("claim", [
    "我去",  # no phone said
    "我去 电话13986247130",  # the phone already held
    "我去 电话15549271806",  # the employer's own: not taken
])
def test_a_claim_that_changes_no_phone_says_nothing_of_it(chat: Conversation,
                                                          claim: str) -> None:
    chat.say("小龚: 电话13986247130")
    chat.say(POST)
    out = chat.say(f"@wait 720m\n小龚@中岭村群^: {claim}")
    assert "报名成功" in "\n".join(to(out, "小龚"))
    assert "电话已改为" not in "\n".join(out)


def test_a_first_phone_with_a_claim_replaces_nothing(chat: Conversation) -> None:
    chat.say(POST)
    out = chat.say("@wait 720m\n小龚@中岭村群^: 我去 电话13872904615")
    assert "13872904615" in "\n".join(to(out, "柯老板"))
    assert "电话已改为" not in "\n".join(out)
