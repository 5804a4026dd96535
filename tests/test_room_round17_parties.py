"""Round 17, parties (round 23's tea-season conversations qd02, qd05, qd09, qd11): a team
leader's voice claim naming the party, a party said with who they are, a party growing with its
reason, a party going after all on the job posted again, and taking a place behind the others.
Each kind is checked both ways. Every sentence is new (none is a line of a conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

GARDEN = """
@group 板桥河村群 板桥河村
符老板: 你好
符老板@板桥河村群: 后天板桥河村茶园要八个采茶的 一天一百三 管中饭 电话15971386204 符老板
"""


@pytest.fixture
def garden() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-18 17:20", autobind=True)
    conv.say(GARDEN)
    assert [j["state"] for j in conv.jobs()] == ["open"]
    yield conv
    conv.close()


def _acted(conv: Conversation, out: list[str], who: str, party: int) -> None:
    assert _claims(conv) == [[(who, party, "confirmed")]]
    assert any(who in m for m in to(out, "符老板"))


def _quiet(conv: Conversation, out: list[str]) -> None:
    assert _claims(conv) == [[]]
    assert not to(out, "符老板")
    assert not to(out, "板桥河村群")


# ==== a team leader's voice claim: the whole claim phrase, with its count, run into who they are

@pytest.mark.parametrize(("text", "party"), [
    ("喂符老板啊我们四个去啊都是采了十几年茶的后天一早就到", 4),
    ("我们三个来哈手脚麻利得很", 3),
    ("符老板我们两个去嘛我们就住板桥河村走路十分钟", 2),
    ("嗯那个我们六个去啊后天几点到", 6),
])
def test_a_party_run_on_by_voice_claims_that_many(garden: Conversation, text: str,
                                                  party: int) -> None:
    out = garden.say(f"杜大姐@板桥河村群^: {text}")
    _acted(garden, out, "杜大姐", party)


@pytest.mark.parametrize("text", [
    "我们四个去啊去镇上赶场后天才回来",  # going elsewhere
    "我们四个去啊要是不下雨的话",  # a condition
    "我们四个去啊一天才一百三",  # a doubt about the pay
    "我们四个明天去松柏吃酒后天才回来",  # one's own plans, no claim phrase run on
    "我们去啊都是采了十几年茶的",  # 我们去 says not how many (nor takes one)
    "我们两个去年也在这里采过茶",  # last year, not going
])
def test_a_run_on_that_is_no_claim_takes_nothing(garden: Conversation, text: str) -> None:
    out = garden.say(f"杜大姐@板桥河村群^: {text}")
    _quiet(garden, out)


# ==== a party said with who they are (「我们三个女的」) is that many

def test_a_party_said_as_women_after_a_claim_by_number_is_that_many(
        garden: Conversation) -> None:
    out = garden.say("龙嫂@板桥河村群: 报名【1】 我们两个女的")
    _acted(garden, out, "龙嫂", 2)


def test_a_party_said_as_men_after_a_claim_reply_is_that_many(garden: Conversation) -> None:
    out = garden.say("龙嫂@板桥河村群^: 算我一个 我们三个男的")
    _acted(garden, out, "龙嫂", 3)


@pytest.mark.parametrize("text", [
    "我们两个女的",  # who they are, no claim said
    "报名【1】 要女的不",  # a question
])
def test_a_party_said_without_a_claim_or_asked_takes_nothing(garden: Conversation,
                                                             text: str) -> None:
    out = garden.say(f"龙嫂@板桥河村群^: {text}")
    _quiet(garden, out)


# ==== a party growing, with 那 first and coming to earn a little as its reason

def test_more_people_with_earning_a_little_as_the_reason_grow_the_party(
        garden: Conversation) -> None:
    garden.say("杨嫂@板桥河村群^: 我带一个人来")
    out = garden.say("杨嫂@板桥河村群^: 那我再加一个人 我表妹也想来赚几个钱")
    assert _claims(garden) == [[("杨嫂", 3, "confirmed")]]
    assert any("杨嫂" in m for m in to(out, "符老板"))


@pytest.mark.parametrize("text", [
    "那我再加一个人 一天能挣几个钱",  # asks the pay
    "那我再加一个人吗",  # asked
])
def test_more_people_asked_change_nothing(garden: Conversation, text: str) -> None:
    garden.say("杨嫂@板桥河村群^: 我带一个人来")
    out = garden.say(f"杨嫂@板桥河村群^: {text}")
    assert _claims(garden) == [[("杨嫂", 2, "confirmed")]]
    assert not to(out, "符老板")


# ==== a party going after all, on the job posted again after a rain cancel

@pytest.fixture
def reposted() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-18 17:20", autobind=True)
    conv.say(GARDEN)
    conv.say("符老板@板桥河村群^: 取消 后天要落雨")
    conv.say("@wait 30m")
    conv.say("符老板@板桥河村群: 大后天天晴了再采茶 还是要八个人 一天一百三 管中饭 "
             "电话15971386204")
    assert [j["state"] for j in conv.jobs()] == ["cancelled", "open"]
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "party"), [
    ("我们三个还是去", 3),
    ("这回我们两个也可以来", 2),
    ("那我还是去", 1),
])
def test_going_after_all_claims_the_new_job_for_the_party(reposted: Conversation, text: str,
                                                          party: int) -> None:
    out = reposted.say(f"覃姐@板桥河村群^: {text}")
    assert _claims(reposted) == [[], [("覃姐", party, "confirmed")]]
    assert any("覃姐" in m for m in to(out, "符老板"))


@pytest.mark.parametrize("text", [
    "我们还是去",  # says not how many
    "我们三个还是去镇上",  # going elsewhere
    "我们三个还是去不成",  # not going
])
def test_going_after_all_that_is_no_claim_takes_nothing(reposted: Conversation,
                                                        text: str) -> None:
    out = reposted.say(f"覃姐@板桥河村群^: {text}")
    assert _claims(reposted) == [[], []]
    assert not to(out, "符老板")


# ==== taking a place behind the others on a full job, in the words for "behind"

@pytest.fixture
def full() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-18 17:20", autobind=True)
    conv.say("""
@group 板桥河村群 板桥河村
符老板: 你好
符老板@板桥河村群: 后天板桥河村茶园要两个采茶的 一天一百三 电话15971386204 符老板
小谭@板桥河村群^: 我们两个去
""")
    assert [j["state"] for j in conv.jobs()] == ["filled"]
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "那我也报个名 排到后头",
    "我去 排在后边也行",
    "算我一个 排后头",
])
def test_a_claim_asking_to_wait_behind_joins_the_waitlist(full: Conversation,
                                                         text: str) -> None:
    out = full.say(f"田婶@板桥河村群^: {text}")
    assert _claims(full) == [[("小谭", 2, "confirmed"), ("田婶", 1, "waitlisted")]]
    assert any("候补" in m for m in out)


@pytest.mark.parametrize("text", [
    "排到后头",  # no claim said
    "我去 排到后头还有得用不",  # asks
])
def test_waiting_behind_without_a_claim_or_asked_takes_nothing(full: Conversation,
                                                               text: str) -> None:
    full.say(f"田婶@板桥河村群^: {text}")
    assert _claims(full) == [[("小谭", 2, "confirmed")]]
