"""Round 15, parties (the nb conversations: a contractor's and farm bosses' township group):
how many a claim brings when it says who comes along, changes to that party, and the look-alikes
that must stay quiet. Every sentence is new (none is a line of a conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

ORCHARD = """
@group 西坡村群 西坡村
向老板: 你好
小柳: 你好
向老板@西坡村群: 后天西坡村摘李子 要六个人 一天一百四 管中饭 电话15927140368 向老板
"""


@pytest.fixture
def orchard() -> Iterator[Conversation]:
    conv = Conversation(start="2027-07-06 09:30", autobind=True)
    conv.say(ORCHARD)
    assert [j["state"] for j in conv.jobs()] == ["open"]
    yield conv
    conv.close()


def _acted(conv: Conversation, out: list[str], party: int) -> None:
    assert _claims(conv) == [[("小柳", party, "confirmed")]]
    assert any("小柳" in m for m in to(out, "向老板"))


def _unsure(conv: Conversation, out: list[str]) -> None:
    assert _claims(conv) == [[]]
    assert not to(out, "向老板")
    assert not to(out, "西坡村群")


# ==== 「算我们两个」: the party counted in as 「算我一个」 counts one, who comes along named after

@pytest.mark.parametrize(("text", "party"), [
    ("算我们两个 我跟我大姑子", 2),
    ("算我们三个 我和我两个妯娌", 3),
    ("算我们俩 我跟我屋里的", 2),
    ("算上我们仨", 3),
    ("算我们两个 我跟我老头子 我们都摘过", 2),
])
def test_we_counted_in_is_a_claim_of_that_many(orchard: Conversation, text: str,
                                               party: int) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _acted(orchard, out, party)


@pytest.mark.parametrize("text", [
    "算我们两个吗",  # asked
    "算我们倒霉",  # no count: a remark
    "这个钱算我们两个的",  # money reckoned, no one coming
    "算我们两个 我跟老王商量一下",  # still deciding
])
def test_we_counted_as_a_question_or_a_remark_is_no_claim(orchard: Conversation,
                                                          text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _unsure(orchard, out)


# ==== going along with one's kin: 「屋里的」 is one's spouse, 「一起」「一路」 says the going

@pytest.mark.parametrize(("text", "party"), [
    ("我带我屋里的一路", 2),
    ("我跟我家里的一起 我们都会摘", 2),
    ("我和我妹夫一路的", 2),
])
def test_going_together_with_kin_is_a_claim_for_two(orchard: Conversation, text: str,
                                                    party: int) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _acted(orchard, out, party)


@pytest.mark.parametrize("text", [
    "我带我屋里的去赶场",  # somewhere else
    "我跟我屋里的一起去镇上",
    "我屋里的一起吗",
])
def test_going_with_kin_elsewhere_is_no_claim(orchard: Conversation, text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _unsure(orchard, out)


# ==== voice input run together: a hello, who calls, the job pointed at, then the claim

@pytest.mark.parametrize(("text", "party"), [
    ("喂你好向老板我是西坡村的小柳那个摘果子的活我去啊我去我跟我屋里的两个人一路的"
     "后天早上八点钟就到", 2),
    ("喂向老板啊我是小柳我跟我表哥两个后天一早就来我们自己带剪刀", 2),
    # 「我屋里那个」 is the spouse: voice is not cut before its 那个
    ("要得我去我跟我屋里那个两个人后天就到", 2),
])
def test_a_voice_claim_with_hello_name_and_job_pointed_at(orchard: Conversation, text: str,
                                                          party: int) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _acted(orchard, out, party)


@pytest.mark.parametrize("text", [
    "喂你好向老板我是西坡村的小柳那个摘果子的活我后天去不成我要去走亲戚",
    "喂你好向老板我是西坡村的小柳那个砌墙的活我去啊",  # another job pointed at
    "喂向老板啊我是小柳我跟我表哥两个后天要去镇上赶场",
    "喂你好向老板我是老周那个摘果子的活我去啊",  # a name not the sender's: for whom?
])
def test_a_voice_message_not_taking_the_job_is_no_claim(orchard: Conversation,
                                                        text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _unsure(orchard, out)


# ==== thanks with whom they are for (「谢谢你啊同志」) before the claim

@pytest.mark.parametrize("text", [
    "要得 多谢你啊老板 我去",
    "好的 谢谢你呀同志 算我一个",
])
def test_thanks_calling_someone_keeps_the_claim(orchard: Conversation, text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _acted(orchard, out, 1)


@pytest.mark.parametrize("text", [
    "谢谢你啊同志 我去问问我屋里的",
    "谢谢你啊同志 我去年也摘过",
])
def test_thanks_before_something_else_is_no_claim(orchard: Conversation, text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _unsure(orchard, out)


def test_thanks_to_a_push_then_the_claim_privately() -> None:
    conv = Conversation(start="2027-07-06 09:30", autobind=True)
    try:
        conv.say("""
            @group 西坡村群 西坡村
            向老板: 你好
            老简: 订阅 采摘 西坡村
            """)
        conv.say("向老板@西坡村群: 后天西坡村摘李子 要六个人 一天一百四 电话15927140368 向老板")
        out = conv.say("老简^: 要得要得 谢谢你啊同志 我来")
        assert _claims(conv) == [[("老简", 1, "confirmed")]]
        assert any("15927140368" in m for m in to(out, "老简"))
        assert any("老简" in m for m in to(out, "向老板"))
    finally:
        conv.close()


# ==== one job of a post of two named by its work and 那个/那边, replying to the other's card

BUILD = """
@group 古水村群 古水村
甘老板: 你好
小柳: 你好
甘老板@古水村群: 明天古水村盖偏房 要泥工两个 一天三百 小工三个 一天一百八 电话13972604518 甘老板
"""


@pytest.fixture
def build() -> Iterator[Conversation]:
    conv = Conversation(start="2027-07-06 09:30", autobind=True)
    conv.say(BUILD)
    assert len(conv.jobs()) == 2
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "job", "party"), [
    ("泥工那边 算我一个", 0, 1),
    ("小工那个 算我们两个", 1, 2),
    ("泥工那个活 我和我老表去", 0, 2),
])
def test_a_work_pointed_at_under_a_card_of_the_post_takes_that_job(
        build: Conversation, text: str, job: int, party: int) -> None:
    out = build.say(f"小柳@古水村群^: {text}")
    want: list[list[tuple[str, int, str]]] = [[], []]
    want[job] = [("小柳", party, "confirmed")]
    assert _claims(build) == want
    assert any("小柳" in m for m in to(out, "甘老板"))


@pytest.mark.parametrize("text", [
    "泥工那个 一天几百",
    "泥工那边 我去年干过",
    "泥工那边 还要人不",
])
def test_a_work_pointed_at_without_a_claim_takes_nothing(build: Conversation,
                                                         text: str) -> None:
    out = build.say(f"小柳@古水村群^: {text}")
    assert _claims(build) == [[], []]
    assert not to(out, "甘老板")


# ==== a correction naming by gender one job of a post split by gender

def test_a_correction_headed_by_a_gender_changes_that_job_only() -> None:
    conv = Conversation(start="2027-07-06 09:30", autobind=True)
    try:
        conv.say("""
            @group 堂房村群 堂房村
            陶老板: 你好
            阿梅: 你好
            陶老板@堂房村群: 后天栽红薯 要男工两个 一天一百八 女工三个 一天一百四 电话15071239846
            阿梅@堂房村群^: 女工算我一个
            """)
        assert _claims(conv) == [[], [("阿梅", 1, "confirmed")]]
        out = conv.say("陶老板@堂房村群^: 男工工价改成两百")
        jobs = conv.jobs()
        assert (jobs[0]["wage_min"], jobs[1]["wage_min"]) == (200, 140)
        assert not to(out, "阿梅")  # her job did not change
        out = conv.say("陶老板@堂房村群^: 女工工价改成一百五")
        jobs = conv.jobs()
        assert (jobs[0]["wage_min"], jobs[1]["wage_min"]) == (200, 150)
        assert any("150" in m for m in to(out, "阿梅"))
    finally:
        conv.close()


# ==== the party changed: one of it drops out, or how many are left going

PAIR = """
@group 白莲村群 白莲村
殷老板: 你好
小柳: 你好
阿梅: 你好
殷老板@白莲村群: 明天白莲村挖红薯 要三个人 一天一百五 电话13607193358 殷老板
小柳@白莲村群^: 我和我表弟去
"""


@pytest.fixture
def pair() -> Iterator[Conversation]:
    conv = Conversation(start="2027-07-06 09:30", autobind=True)
    conv.say(PAIR)
    assert _claims(conv) == [[("小柳", 2, "confirmed")]]
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "我那个表弟来不成了 就我一个人来",
    "我表弟来不成了 他要去县里",
    "只来一个了 我表弟要上班",
])
def test_one_of_the_party_dropping_out_leaves_one(pair: Conversation, text: str) -> None:
    out = pair.say(f"小柳@白莲村群^: {text}")
    assert _claims(pair) == [[("小柳", 1, "confirmed")]]
    assert any("小柳" in m for m in to(out, "殷老板"))


@pytest.mark.parametrize("text", [
    "你表弟来不成了？",  # asked
    "只去一个了吗",
    "我表弟不去县城了 明天跟我一起来",  # the brother's other errand
])
def test_news_of_the_party_asked_or_elsewhere_changes_nothing(pair: Conversation,
                                                               text: str) -> None:
    out = pair.say(f"小柳@白莲村群^: {text}")
    assert _claims(pair) == [[("小柳", 2, "confirmed")]]
    assert not to(out, "殷老板")


def test_how_many_left_going_said_with_only_sets_the_party() -> None:
    conv = Conversation(start="2027-07-06 09:30", autobind=True)
    try:
        conv.say("""
            @group 白莲村群 白莲村
            殷老板: 你好
            小柳: 你好
            殷老板@白莲村群: 明天白莲村挖红薯 要六个人 一天一百五 电话13607193358 殷老板
            小柳@白莲村群^: 我们去四个人
            """)
        assert _claims(conv) == [[("小柳", 4, "confirmed")]]
        out = conv.say("小柳@白莲村群^: 只去三个了 有一个崴了脚")
        assert _claims(conv) == [[("小柳", 3, "confirmed")]]
        assert any("小柳" in m for m in to(out, "殷老板"))
        # from someone who holds no place it is their own news
        out = conv.say("阿梅@白莲村群^: 只去三个了")
        assert _claims(conv) == [[("小柳", 3, "confirmed")]]
        assert not to(out, "殷老板")
    finally:
        conv.close()


# ==== a withdrawal pointing at the job first (「那个活我不去了」)

def test_a_withdrawal_pointing_at_the_job_withdraws(pair: Conversation) -> None:
    out = pair.say("小柳@白莲村群^: 那个活我不去了 屋里来客了")
    assert _claims(pair) == [[("小柳", 2, "cancelled")]]
    assert any("小柳" in m for m in to(out, "殷老板"))


def test_a_withdrawal_pointing_at_the_job_privately_withdraws(pair: Conversation) -> None:
    pair.say("小柳: 你好")
    out = pair.say("小柳: 这个活我去不成了 腰痛")
    assert _claims(pair) == [[("小柳", 2, "cancelled")]]
    assert any("小柳" in m for m in to(out, "殷老板"))


@pytest.mark.parametrize("text", [
    "那个活我不去了 屋里来客了",  # holds no place
    "那个活你不去了？",
])
def test_pointing_at_the_job_without_a_place_withdraws_nothing(pair: Conversation,
                                                               text: str) -> None:
    out = pair.say(f"阿梅@白莲村群^: {text}")
    assert _claims(pair) == [[("小柳", 2, "confirmed")]]
    assert not to(out, "殷老板")
