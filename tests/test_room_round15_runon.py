"""Round 15, run-ons: the poster raising the headcount with the reason for it beside
(「再加两个人 …」), and a worker backing out in one breath of voice with no stops. Both ways;
every sentence is new (none is a line of a conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

# ==== more people with the reason for them, before or after

TEA = """
@group 桃坪村群 桃坪村
谭老板: 你好
小秦: 你好
阿梅: 你好
桂嫂: 你好
谭老板@桃坪村群: 大后天桃坪村摘茶叶 要两个人 一天一百四 电话13986214570 谭老板
小秦@桃坪村群^: 我去
阿梅@桃坪村群^: 我去
桂嫂@桃坪村群^: 我去
"""


@pytest.fixture
def tea() -> Iterator[Conversation]:
    conv = Conversation(start="2028-04-02 08:20", autobind=True)
    conv.say(TEA)
    assert ("桂嫂", 1, "waitlisted") in _claims(conv)[0]
    yield conv
    conv.close()


def _job(conv: Conversation) -> tuple[int, float]:
    job = conv.jobs()[0]
    return job["headcount"], job["wage_min"]


@pytest.mark.parametrize("line", [
    "谭老板@桃坪村群^: 再加两个人 今年茶叶发得好 两个人摘不赢",  # the job's own count in it
    "谭老板@桃坪村群^: 茶叶冒得太快了 再加两个",  # the reason first
    "谭老板: 再加两个人 山上那片也要摘",  # privately
])
def test_a_raise_with_its_reason_raises_and_moves_the_waitlist_up(
        tea: Conversation, line: str) -> None:
    out = tea.say(line)
    assert _job(tea) == (4, 140)
    assert ("桂嫂", 1, "confirmed") in _claims(tea)[0]
    assert any("报名成功" in m for m in to(out, "桂嫂"))
    assert any("13986214570" in m for m in to(out, "桂嫂"))
    assert any("桂嫂" in m for m in to(out, "谭老板"))


@pytest.mark.parametrize("line", [
    "谭老板@桃坪村群^: 再加两个人的饭",  # food, not people
    "谭老板@桃坪村群^: 再加两个人 工钱一百六",  # a new wage: for whom? not applied unasked
    "谭老板@桃坪村群^: 再加两个人 电话13986214571",  # a phone: maybe a new post
    "谭老板@桃坪村群^: 再加两个人 要会炒茶的",  # more said of the people
    "谭老板@桃坪村群^: 再加两个人 一共要六个人",  # a count not the job's
    "谭老板@桃坪村群^: 再加两个人 泥工也要",  # other work named
    "谭老板@桃坪村群^: 再加两个人 改到后天",  # a correction beside it
    "谭老板@桃坪村群^: 再加两个人 后天就来",  # a day
    "小秦@桃坪村群^: 再加两个人吧",  # a bystander's wish
    "小秦@桃坪村群^: 再加两个人 两个人摘不赢",  # a worker's advice
    "谭老板@桃坪村群^: 再加两个人 两个人摘得完不",  # asked
])
def test_a_raise_with_more_than_a_reason_or_from_another_changes_nothing(
        tea: Conversation, line: str) -> None:
    out = tea.say(line)
    assert _job(tea) == (2, 140)
    assert ("桂嫂", 1, "waitlisted") in _claims(tea)[0]
    assert not to(out, "桂嫂")


# ==== backing out in one breath of voice, the reason after it

MOVE = """
@group 百花坪社区群 百花坪社区
龚老板: 你好
老向: 你好
小蔡: 你好
阿琴: 你好
龚老板@百花坪社区群: 后天百花坪社区搬家 要三个人 一天两百 电话15172604418 龚老板
老向@百花坪社区群^: 我跟我老表两个去
小蔡@百花坪社区群^: 算我一个
阿琴@百花坪社区群^: 我也报 排个队
"""


@pytest.fixture
def move() -> Iterator[Conversation]:
    conv = Conversation(start="2028-03-14 09:10", autobind=True)
    conv.say(MOVE)
    assert sorted(_claims(conv)[0]) == [("小蔡", 1, "confirmed"), ("老向", 2, "confirmed"),
                                        ("阿琴", 1, "waitlisted")]
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "喂龚老板啊后天我们两个来不成了我老表的腰扭到了走不得路",
    "喂喂那个老板我们俩去不成了屋里老人住院了要去守",
    "龚老板后天我就来不了了我要去县里办事",
    "喂那个龚老板啊后天我们两个真的来不成了",  # no reason said: long, still one's own
    "@private 喂龚老板啊后天我们两个来不成了屋里的谷子要收",  # privately
])
def test_a_voice_withdrawal_in_one_breath_moves_the_waitlist_up(move: Conversation,
                                                                text: str) -> None:
    line = (f"老向: {text.removeprefix('@private ')}" if text.startswith("@private ")
            else f"老向@百花坪社区群^: {text}")
    out = move.say(line)
    assert ("老向", 2, "cancelled") in _claims(move)[0]
    assert ("阿琴", 1, "confirmed") in _claims(move)[0]
    assert any("15172604418" in m for m in to(out, "阿琴"))
    assert any("阿琴" in m for m in to(out, "龚老板"))


@pytest.mark.parametrize(("who", "text"), [
    ("小蔡", "老向你们两个来不成了啊"),  # someone else's going, asked about
    ("小蔡", "他们两个来不成了吗"),
    ("老向", "喂龚老板啊后天我们两个来不成了吗"),  # asked
    ("老向", "喂龚老板啊他们两个来不成了听说屋里有事"),  # others' news
    ("老向", "喂龚老板啊赶场我们两个去不成了下雨"),  # somewhere else
    ("老向", "喂龚老板啊后天我们两个来不成了只来一个了"),  # the party changes
])
def test_a_run_on_that_is_not_ones_own_place_given_up_changes_nothing(
        move: Conversation, who: str, text: str) -> None:
    move.say(f"{who}@百花坪社区群^: {text}")
    claims = _claims(move)[0]
    assert ("老向", 2, "confirmed") in claims
    assert ("小蔡", 1, "confirmed") in claims


def test_a_bystander_backing_out_in_one_breath_changes_nothing(move: Conversation) -> None:
    move.say("周二@百花坪社区群: 喂后天我们两个来不成了屋里要栽洋芋")
    assert ("阿琴", 1, "waitlisted") in _claims(move)[0]
    assert ("老向", 2, "confirmed") in _claims(move)[0]


def test_a_count_said_with_its_word_beside_the_raise_is_the_count(tea: Conversation) -> None:
    tea.say("谭老板@桃坪村群^: 人数3 再要一个")  # the count with its word is the correction
    assert _job(tea) == (3, 140)
    tea.say("谭老板@桃坪村群^: 人数3 再要一个")  # said again: still 3, never 4
    assert _job(tea) == (3, 140)
