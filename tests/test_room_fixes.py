"""Issue 10, classes of misreadings found by the held-out conversations: people who come along
named by kin, a party grown with a clause about who comes, a cancel with its reason, an
officer acting outside their area, a draft posted again with what it lacked. Each with the
look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers.reading import cancel_with_reason, claim_phrase, party_change
from tests.conversation import Conversation, to

SETUP = """
@group 青天村群 木鱼镇
@officer 李主任 木鱼镇
@officer 王干事 宋洛乡
老张: 你好
李四: 电话13900000001
赵六: 电话13900000002
王干事: 你好
"""
POST = "老张@青天村群: 明天要6个搬运工，150一天，木鱼镇青天村，电话13812345678 张老板"


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation()
    conv.say(SETUP)
    yield conv
    conv.close()


def claims(conv: Conversation, k: int = 0) -> list[tuple[str, int, str]]:
    return sorted((c["person"], c["count"], c["status"]) for c in conv.jobs()[k]["claims"])


# --------------------------------------------------------------------------- who comes along


@pytest.mark.parametrize(("text", "count"), [
    ("我跟我媳妇两个一起去", 2),
    ("我跟我媳妇一起去", 2),
    ("我同我兄弟来", 2),
    ("俺和老刘三个人去", 3),
    ("要得 我们夫妻俩都来", 2),
    ("我带我女婿过来", 2),
])
def test_kin_and_counted_companions_make_the_party(text: str, count: int | None) -> None:
    found = claim_phrase(text)
    assert (found[0] if found else None) == count


@pytest.mark.parametrize("text", [
    "我和我媳妇明天去镇上赶集",  # own plans
    "我跟老刘去",  # a friend named, no number: how many is not said
    "我和我儿子两个人去得了吗",  # a question
    "我们两口子去年就去过",
    "我老婆去",  # someone else, not the speaker
])
def test_companion_look_alikes_are_not_claims(text: str) -> None:
    assert claim_phrase(text) is None


def test_a_reply_with_kin_claims_for_both(chat: Conversation) -> None:
    chat.say(POST)
    out = chat.say("李四@青天村群^: 我跟我媳妇一起去")
    assert claims(chat) == [("李四", 2, "confirmed")]
    assert any("报名成功" in m for m in to(out, "李四"))
    chat.say("赵六@青天村群^: 我和我媳妇明天去镇上赶集")
    assert claims(chat) == [("李四", 2, "confirmed")]


# --------------------------------------------------------------------------- party grows


def test_party_change_takes_a_clause_about_who_comes() -> None:
    assert party_change("再加2个人，我两个侄儿也来") == ("add", 2)
    assert party_change("我再加一个 我弟弟跟着来") == ("add", 1)
    assert party_change("再加1个人 工钱怎么算") is None  # the second clause asks
    assert party_change("再加1个人吗") is None


def test_adding_one_with_who_comes_grows_the_same_claim(chat: Conversation) -> None:
    chat.say(POST)
    chat.say("李四@青天村群^: 我去")
    chat.say("李四@青天村群^: 我还加1个人，我侄儿也去")
    assert claims(chat) == [("李四", 2, "confirmed")]
    chat.say("李四@青天村群^: 再加1个人 工钱怎么算")  # a question: nothing changes
    assert claims(chat) == [("李四", 2, "confirmed")]


# --------------------------------------------------------------------------- cancel + reason


def test_cancel_with_reason_is_read_only_as_a_head() -> None:
    assert cancel_with_reason("不招了 老板家里有事") == "老板家里有事"
    assert cancel_with_reason("不招了") is None  # handled as the bare word
    assert cancel_with_reason("不招了吗 还要人不") is None
    assert cancel_with_reason("我看他们不招了 房子不弄了") is None


def test_poster_cancels_a_filled_job_with_a_reason(chat: Conversation) -> None:
    chat.say("老张@青天村群: 明天要1个搬运工，150一天，木鱼镇青天村，电话13812345678 张老板")
    chat.say("李四@青天村群^: 报名")
    chat.say("赵六@青天村群^: 报名")
    assert claims(chat) == [("李四", 1, "confirmed"), ("赵六", 1, "waitlisted")]
    out = chat.say("老张@青天村群^: 算了不招了，货不到了")
    assert chat.jobs()[0]["state"] == "cancelled"
    assert claims(chat) == [("李四", 1, "cancelled"), ("赵六", 1, "cancelled")]
    assert to(out, "李四") and to(out, "赵六")


def test_cancel_head_with_a_correction_after_it_does_not_cancel(chat: Conversation) -> None:
    chat.say(POST)
    chat.say("老张@青天村群^: 取消 改成后天")
    assert chat.jobs()[0]["state"] == "open"


def test_someone_else_saying_not_hiring_cancels_nothing(chat: Conversation) -> None:
    chat.say(POST)
    chat.say("李四@青天村群^: 不招了 人够了吧")
    assert chat.jobs()[0]["state"] == "open"


# --------------------------------------------------------------------------- officer's area


def test_officer_claims_for_a_villager_only_in_their_area(chat: Conversation) -> None:
    chat.say(POST)
    out = chat.say("王干事@青天村群^: 代 周婆婆 报名")
    assert claims(chat) == []
    assert any("不在您负责的片区" in m for m in out)
    assert not any("13812345678" in m for m in to(out, "王干事"))
    chat.say("李主任@青天村群^: 代 周婆婆 报名")  # the township's own officer may
    assert claims(chat) == [("周婆婆", 1, "confirmed")]


# --------------------------------------------------------------------------- repost of a draft


def test_the_draft_posted_again_with_its_place_completes_it(chat: Conversation) -> None:
    chat.say("老张: 后天要3个采茶工 一天一百二")
    assert chat.jobs()[0]["state"] == "draft"
    out = chat.say("老张: 后天要3个采茶工 一天一百二 木鱼镇青天村")
    assert len(chat.jobs()) == 1
    assert chat.jobs()[0]["state"] == "open" and chat.jobs()[0]["village"] == "青天村"
    assert not any("重复" in m for m in to(out, "老张"))


def test_a_different_post_while_a_draft_waits_is_not_the_draft(chat: Conversation) -> None:
    chat.say("老张: 后天要3个采茶工 一天一百二")
    chat.say("老张: 后天要5个采茶工 一天一百五 木鱼镇青天村")  # headcount and wage differ
    assert chat.jobs()[0]["headcount"] == 3 and chat.jobs()[0]["wage_min"] == 120
    assert chat.jobs()[0]["state"] == "draft"


# --------------------------------------------------------------------------- one field named


def test_a_correction_naming_one_field_changes_only_when_read_as_that_field(
        chat: Conversation) -> None:
    chat.say(POST)
    out = chat.say("老张@青天村群^: 人数两千")  # read as a headcount and a wage too: unclear
    job = chat.jobs()[0]
    assert (job["headcount"], job["wage_min"]) == (6, 150)
    assert any("没看明白" in m for m in out)
    chat.say("老张@青天村群^: 人数4")
    chat.say("老张@青天村群^: 工价一百八")
    job = chat.jobs()[0]
    assert (job["headcount"], job["wage_min"]) == (4, 180)
