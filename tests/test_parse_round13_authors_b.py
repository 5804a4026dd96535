"""Round 13 (issue 11): the kinds of authors_b's mistakes, and a known intent weakness of the
conversations, fixed by mechanism.

Every sentence is new (none is a line of authors_b or of a conversation), and each behaviour is
shown with the look-alikes that must not trigger it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from nlp import parse
from tests.conversation import Conversation

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 5, 10, 9, 0, tzinfo=TZ)  # a Monday


def intent(text: str) -> str:
    return parse(text, NOW).intent


def job(text: str) -> dict[str, object]:
    p = parse(text, NOW)
    assert p.intent == "job_post", (text, p.intent, p.extra)
    return p.to_contract("t")["jobs"][0]  # type: ignore[no-any-return]


# ==== asking whether a post still wants people, then saying one can NOT come: chatter


@pytest.mark.parametrize("text", [
    "还缺人不 后天我没法去",
    "挖天麻那个还要人不 明天我来不了",
    "还差人吗 我这两天没空去",
    "还招人不 俺们几个去不成了",
    "我没办法来",
])
def test_still_wanted_then_cannot_come_is_other(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize("text", [
    "还缺人不 后天我可以去",
    "还要人不 我能来",
    "还差人吗 我们两个都能来",
    "还要人不 我明天来不了 后天可以来",  # another day offered after the not
])
def test_still_wanted_then_coming_stays_a_claim(text: str) -> None:
    assert intent(text) == "claim"


CARD = """
@group 龙溪村群 龙溪村
覃老板: 你好
覃老板@龙溪村群: 后天龙溪村砍竹子 要三个人 一天一百六 电话15926613487 覃老板
"""


@pytest.fixture
def bamboo() -> Iterator[Conversation]:
    conv = Conversation(start="2027-05-10 08:00", autobind=True)
    conv.say(CARD)
    yield conv
    conv.close()


def _claims(conv: Conversation) -> list[tuple[str, int, str]]:
    return sorted((c["person"], c["count"], c["status"]) for j in conv.jobs() for c in j["claims"])


def test_under_the_card_cannot_come_takes_no_place(bamboo: Conversation) -> None:
    bamboo.say("向二哥@龙溪村群^: 还差人不 后天我没法来")
    assert _claims(bamboo) == []


def test_under_the_card_can_come_takes_a_place(bamboo: Conversation) -> None:
    bamboo.say("向二哥@龙溪村群^: 还差人不 我可以来")
    assert [c[:2] for c in _claims(bamboo)] == [("向二哥", 1)]
