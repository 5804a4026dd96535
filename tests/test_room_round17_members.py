"""Round 17 (issue 10, "Read the room"), round 23's qe10: after a party claim 「我和我妈两个」,
「我妈来不成了 就我一个人来」 changed nothing. One of one's own party named by who they are to
the claimer (我妈, 我老汉, 我媳妇, 我兄弟, 我表姐 …) backing out shrinks the party by one, and
「就我一个人来」「只我一个了」「只来两个了」 set it to those left — replying to the card, to the
group after it, or privately; the employer is told and the waitlist moves up. The same words
from someone with no party, someone else's mother, a worry, or one never of the party change
nothing. Every sentence is new."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers.reading import just_me, party_said
from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

# ==== one of one's own party backing out: the party shrinks by one, the employer is told

KIWI = """
@group 九湖村群 九湖村
覃老板: 你好
小霞: 你好
老包: 你好
阿英: 你好
覃老板@九湖村群: 后天九湖村猕猴桃园疏果 要三个小工 一天一百三 电话13872261540 覃老板
小霞@九湖村群^: 我和我妈两个
老包@九湖村群^: 我去
阿英@九湖村群^: 算我一个 排个候补
"""


@pytest.fixture
def kiwi() -> Iterator[Conversation]:
    conv = Conversation(start="2027-05-10 07:30", autobind=True)
    conv.say(KIWI)
    assert _claims(conv) == [[("小霞", 2, "confirmed"), ("老包", 1, "confirmed"),
                              ("阿英", 1, "waitlisted")]]
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "小霞@九湖村群^: 我妈腿疼 来不成了 就我一个人来",
    "小霞@九湖村群^: 我妈来不成了",  # the member alone: one fewer
    "小霞@九湖村群: 我妈去不成了 就我一个人来",  # to the group after the card, no reply
    "小霞@九湖村群: 我妈怕是来不成了 屋里猪要下崽",  # a hedge settled by 了
    "小霞: 我妈妈来不了了 只有我来",  # privately
    "小霞@九湖村群^: 就我一个人来",  # only me now, the member unnamed
    "小霞@九湖村群: 只我一个了",
    "小霞: 只剩我一个了",
])
def test_a_member_of_ones_party_backing_out_shrinks_it(kiwi: Conversation, line: str) -> None:
    out = kiwi.say(line)
    claims = _claims(kiwi)[0]
    assert ("小霞", 1, "confirmed") in claims, line
    assert ("阿英", 1, "confirmed") in claims  # the place freed goes to the first waiting
    assert any("小霞" in m and "把报名人数改成了1人" in m for m in to(out, "覃老板"))
    assert any("13872261540" in m for m in to(out, "阿英"))


@pytest.mark.parametrize("line", [
    "小霞@九湖村群: 我妈说今年的果子结得密",  # news of her, no backing out
    "小霞@九湖村群: 我妈来不成 她本来也没报",  # never of the party: her news
    "小霞@九湖村群^: 我妈又没报名 她来不成了",
    "小霞@九湖村群: 我妈怕是来不成",  # a worry, not settled
    "小霞@九湖村群^: 要是落雨 我妈怕是去不成",
    "小霞@九湖村群: 老包他妈来不成了",  # someone else's mother
    "小霞@九湖村群: 你妈来不成了吗",  # asked
    "小霞@九湖村群^: 就我一个人来吗",
    "老包@九湖村群^: 我妈来不成了 就我一个人来",  # a party of one: nothing to shrink
    "老包@九湖村群: 就我一个人来",
    "老包@九湖村群^: 就我们两个来",  # only shrinks: a claim of one is not grown by it
    "阿英@九湖村群: 我老汉来不成了",  # a wait of one
    "小邱@九湖村群: 我媳妇来不成了 只我一个了",  # no claim at all
])
def test_the_same_words_about_no_member_of_a_party_change_nothing(kiwi: Conversation,
                                                                  line: str) -> None:
    out = kiwi.say(line)
    assert _claims(kiwi) == [[("小霞", 2, "confirmed"), ("老包", 1, "confirmed"),
                              ("阿英", 1, "waitlisted")]], line
    assert not to(out, "覃老板")
    assert not to(out, "阿英")


def test_only_us_two_grows_no_claim_of_one_even_with_room() -> None:
    """「就我们两个来」 only ever shrinks a party: from a claim of one on a job with places
    left it adds nobody (the full job above would refuse a growth anyway)."""
    conv = Conversation(start="2027-05-10 07:30", autobind=True)
    conv.say("""
@group 九湖村群 九湖村
覃老板: 你好
老包: 你好
覃老板@九湖村群: 后天九湖村猕猴桃园疏果 要五个小工 一天一百三 电话13872261540 覃老板
老包@九湖村群^: 我去
""")
    out = conv.say("老包@九湖村群^: 就我们两个来")
    assert _claims(conv) == [[("老包", 1, "confirmed")]]
    assert not to(out, "覃老板")
    conv.close()


# ==== a party of three: a member named takes one off, 只来两个了 sets the rest

FAMILY = """
@group 坪阡村群 坪阡村
尹老板: 你好
老柯: 你好
小莫: 你好
尹老板@坪阡村群: 明天坪阡村挖洋芋 要三个人 一天一百二 电话13545580362 尹老板
老柯@坪阡村群^: 我们三个来 我和我老汉还有我表姐
小莫@坪阡村群^: 我也去 排候补
"""


@pytest.fixture
def family() -> Iterator[Conversation]:
    conv = Conversation(start="2027-09-14 17:00", autobind=True)
    conv.say(FAMILY)
    assert _claims(conv) == [[("小莫", 1, "waitlisted"), ("老柯", 3, "confirmed")]]
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "老柯@坪阡村群^: 我表姐来不成了 她屋里来客",
    "老柯@坪阡村群: 我老汉去不成了",
    "老柯: 我那个表姐来不了了",
    "老柯@坪阡村群: 只来两个了",
    "老柯@坪阡村群^: 就我们两个来",
])
def test_one_of_three_backing_out_leaves_two(family: Conversation, line: str) -> None:
    out = family.say(line)
    assert _claims(family) == [[("小莫", 1, "confirmed"), ("老柯", 2, "confirmed")]], line
    assert any("把报名人数改成了2人" in m for m in to(out, "尹老板"))


def test_only_me_from_a_party_of_three_leaves_one(family: Conversation) -> None:
    family.say("老柯@坪阡村群^: 我老汉和表姐都来不成了 就我一个人来")
    assert ("老柯", 1, "confirmed") in _claims(family)[0]


def test_the_party_shrinks_twice_one_by_one(family: Conversation) -> None:
    family.say("老柯@坪阡村群: 我表姐来不成了")
    family.say("老柯@坪阡村群: 我老汉也来不成了 只我一个了")
    assert ("老柯", 1, "confirmed") in _claims(family)[0]


# ==== the readings themselves

def test_the_member_and_the_rest_read_as_a_party_change() -> None:
    assert party_said("我妈来不成了 就我一个人来") == ("set", 1)
    assert party_said("我老汉去不成了") == ("add", -1)
    assert party_said("我妈怕是来不成了") == ("add", -1)
    assert party_said("我妈怕是来不成") is None
    assert party_said("我妈来不成 她本来也没报") is None
    assert party_said("我妈说今年茶叶好") is None
    assert just_me("就我一个人来") == 1
    assert just_me("只我一个了") == 1
    assert just_me("就我们两个来") == 2
    assert just_me("就我一个人来吗") is None
    assert just_me("我一个人来") is None
