"""Issue 10, a ninth round: what round 14's conversations found. Each kind in its own block,
with the look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers.reading import claim_around
from tests.conversation import Conversation, to

# ============================================================ claims, party sizes, withdrawals

ROOM = """
@group 龙口村群 龙口村
岳老板: 你好
小包: 你好
老焦: 你好
小甘: 你好
岳老板@龙口村群: 周六要三个砍树的 一天两百 电话13707193358 岳老板
小包@龙口村群^: 我去
老焦@龙口村群^: 我们俩去 我和我表弟
小甘@龙口村群^: 报名
"""


@pytest.fixture
def room() -> Iterator[Conversation]:
    conv = Conversation(start="2027-09-23 10:00", autobind=True)  # a Thursday; the job: Saturday
    conv.say(ROOM)
    yield conv
    conv.close()


def _claims(conv: Conversation, job: int = 0) -> list[tuple[str, int, str]]:
    return sorted((c["person"], c["count"], c["status"]) for c in conv.jobs()[job]["claims"])


FULL = [("小包", 1, "confirmed"), ("小甘", 1, "waitlisted"), ("老焦", 2, "confirmed")]


def test_the_room_starts_full_with_one_waiting(room: Conversation) -> None:
    assert _claims(room) == FULL


# --- one of one's party drops out: 「我那个兄弟不去了」 shrinks the party by one


@pytest.mark.parametrize(("text", "left"), [
    ("我那个表弟不去了", 1),
    ("我那个表弟不去了 就我一个人来", 1),
    ("我表弟来不了了 他屋里有事", 1),
])
def test_one_of_the_party_dropping_out_shrinks_it_and_moves_the_waitlist_up(
        room: Conversation, text: str, left: int) -> None:
    out = room.say(f"老焦@龙口村群^: {text}")
    assert _claims(room) == [("小包", 1, "confirmed"), ("小甘", 1, "confirmed"),
                             ("老焦", left, "confirmed")]
    assert any("报名成功" in m for m in to(out, "小甘"))
    assert to(out, "岳老板")


def test_one_of_the_party_dropping_out_privately_shrinks_it(room: Conversation) -> None:
    room.say("老焦: 我那个表弟不去了")
    assert ("老焦", 1, "confirmed") in _claims(room)


@pytest.mark.parametrize(("who", "text"), [
    ("老焦", "你表弟不去了？"),  # asked
    ("老焦", "老王那个表弟不去了"),  # someone else's
    ("老焦", "我表弟不去镇上了"),  # another errand
    ("老焦", "我表弟不去了 我也不去了"),  # more than one: not sure how many
    ("小包", "我那个兄弟不去了"),  # a party of one: the brother was never counted
    ("岳老板", "我那个兄弟不去了"),  # the poster holds no claim
])
def test_look_alikes_of_one_of_the_party_dropping_out_change_nothing(
        room: Conversation, who: str, text: str) -> None:
    out = room.say(f"{who}@龙口村群^: {text}")
    assert _claims(room) == FULL
    assert not to(out, "小甘")
    assert not to(out, "龙口村群")


def test_one_of_the_party_dropping_out_said_to_the_group_changes_nothing(
        room: Conversation) -> None:
    room.say("老焦@龙口村群: 我那个表弟不去了")  # not a reply: news to the room
    assert _claims(room) == FULL


def test_a_party_of_one_saying_so_privately_is_not_told_about_party_sizes(
        room: Conversation) -> None:
    out = room.say("小包: 我那个兄弟不去了")
    assert _claims(room) == FULL
    assert not any("至少" in m or "改好了" in m or "没有变" in m for m in to(out, "小包"))


# --- the speaker and who comes along, without a verb, replying to the card: a claim


@pytest.fixture
def open_room() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-23 14:25", autobind=True)
    conv.say("""
    @group 古水村群 古水村
    黎老板: 你好
    阿芬: 你好
    黎老板@古水村群: 修猪圈 明天要4个小工 一天一百六 古水村 电话13872640519 黎老板
    """)
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "count"), [
    ("我和我老公两个", 2),
    ("我跟我老公", 2),
    ("我和我两个妯娌", 3),
])
def test_the_speaker_and_kin_replying_to_the_card_claims_for_the_party(
        open_room: Conversation, text: str, count: int) -> None:
    out = open_room.say(f"阿芬@古水村群^: {text}")
    assert _claims(open_room) == [("阿芬", count, "confirmed")]
    assert to(out, "黎老板")


@pytest.mark.parametrize("text", [
    "我和我老公两个都不去",
    "我和我老公两个人在家",
    "你和你老公两个？",
    "我老公两个",
])
def test_look_alikes_of_the_speaker_and_kin_claim_nothing(open_room: Conversation,
                                                         text: str) -> None:
    open_room.say(f"阿芬@古水村群^: {text}")
    assert _claims(open_room) == []


def test_the_speaker_and_kin_is_a_claim_only_in_answer_to_the_job() -> None:
    assert claim_around("我和我老公两个", replying=True) == (2, None)
    assert claim_around("我和我老公两个") is None  # said to no job: who is with whom


def test_the_speaker_and_kin_said_to_the_group_claims_nothing(open_room: Conversation) -> None:
    open_room.say("阿芬@古水村群: 我和我老公两个")
    assert _claims(open_room) == []


# --- a withdrawal naming its day: 「周六不去了」 withdraws the Saturday job, nothing else


@pytest.mark.parametrize("text", [
    "莫得空了 周六不去了",
    "孩子病了，週六來不了了",  # Traditional
    "25号去不了了",
])
def test_a_withdrawal_naming_the_jobs_day_privately_withdraws(room: Conversation,
                                                              text: str) -> None:
    out = room.say(f"小包: {text}")
    assert _claims(room) == [("小包", 1, "cancelled"), ("小甘", 1, "confirmed"),
                             ("老焦", 2, "confirmed")]
    assert any("报名成功" in m for m in to(out, "小甘"))
    assert to(out, "岳老板")


@pytest.mark.parametrize("text", [
    "莫得空了 周日不去了",  # another day: not this job
    "周六不去了？",  # asked
    "周六下午赶场去不成了",  # the market
])
def test_a_withdrawal_naming_another_day_or_asked_withdraws_nothing(room: Conversation,
                                                                   text: str) -> None:
    out = room.say(f"小包: {text}")
    assert _claims(room) == FULL
    assert not to(out, "小甘")


def test_a_withdrawal_naming_another_day_replying_to_the_card_withdraws_nothing(
        room: Conversation) -> None:
    room.say("小包@龙口村群^: 周五不去了")  # the job is Saturday
    assert _claims(room) == FULL
    room.say("小包@龙口村群^: 周六不去了")
    assert ("小包", 1, "cancelled") in _claims(room)


def test_a_withdrawal_saying_the_cards_relative_day_a_day_late_still_withdraws(
        room: Conversation) -> None:
    room.say("@wait 1d")
    room.say("小包: 莫得空了 后天不去了")  # the card said 后天 when it was read
    assert ("小包", 1, "cancelled") in _claims(room)
