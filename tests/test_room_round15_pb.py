"""Round 15 for 木鱼镇's summer employers and the harvest village groups (pb, pc): the kinds
behind their failing conversations, each closed by mechanism and checked both ways. Every
sentence is new (none is a line of a conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to

# ==== 「再要N个」 from the poster of a post of several live jobs names none of them

BAKERY = """
@group 桃坪村群 桃坪村
冉老板: 你好
小郑: 你好
""" + ("冉老板@桃坪村群: 桃坪村米粉厂大后天要3个搬运工 一天一百六 "
       "还要2个包装工 一天一百三 电话13986204417 冉老板")


@pytest.fixture
def bakery() -> Iterator[Conversation]:
    conv = Conversation(start="2028-08-03 09:00", autobind=True)
    conv.say(BAKERY)
    assert [j["headcount"] for j in conv.jobs()] == [3, 2]
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "冉老板@桃坪村群^: 再要两个",  # under the latest card: which of the two jobs?
    "冉老板@桃坪村群^: 再加一个人",
    "冉老板@桃坪村群: 还要两个人",  # just after the cards, no reply
])
def test_more_people_on_a_post_of_several_jobs_changes_nothing(
        bakery: Conversation, line: str) -> None:
    bakery.say(line)
    assert [j["headcount"] for j in bakery.jobs()] == [3, 2]


def test_more_people_once_the_other_job_is_gone_raises_the_one_left(
        bakery: Conversation) -> None:
    bakery.say("冉老板: 搬运工不招了")
    assert [j["status"] for j in bakery.jobs()] == ["cancelled", "open"]
    out = bakery.say("冉老板@桃坪村群^: 再要一个")
    assert [j["headcount"] for j in bakery.jobs()] == [3, 3]
    assert any("已改好" in m for m in to(out, "桃坪村群"))
