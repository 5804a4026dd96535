"""Round 15: the leftovers of the twentieth round's fixes — the poster wanting more people
(「再要两个人」), a party said with 来 (「我们来四个」), a withdrawal said as 来不成了, a job of a
post named by its own part in the group, the order of messages sent in the same second, and
the day a weather remark leaves alone. Each kind is checked both ways; every sentence is new."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text as sql

from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

# ==== who spoke last in the same second: the message that came in last, by its number

ROAD = """
@group 桃坪村群 桃坪村
伍老板: 你好
伍老板@桃坪村群: 后天桃坪村修机耕路 要三个小工 一天一百四 电话15327718406 伍老板
"""


def _renumber(conv: Conversation, text: str, new_id: str) -> None:
    with conv.session() as s:
        s.exec(sql("UPDATE inboundmessage SET id = :new WHERE text = :text"),  # type: ignore[call-overload]
               params={"new": new_id, "text": text})
        s.commit()


@pytest.mark.parametrize(("question_id", "statement_id", "claimed"), [
    ("console:q10", "console:q9", False),  # the question came in last: 我来 answers it
    ("console:q9", "console:q10", True),  # the remark came in last: 我来 takes the job
])
def test_the_last_of_one_seconds_messages_is_the_one_numbered_last(
        question_id: str, statement_id: str, claimed: bool) -> None:
    conv = Conversation(start="2028-05-06 10:00", autobind=True)
    try:
        conv.say(ROAD)
        conv.say("@wait 1m")
        conv.say("甘大姐@桃坪村群: 小柴 晚上打牌来不来")
        conv.say("龙二@桃坪村群: 今天太阳好大")
        _renumber(conv, "小柴 晚上打牌来不来", question_id)
        _renumber(conv, "今天太阳好大", statement_id)
        conv.say("小柴@桃坪村群: 我来")
        assert _claims(conv) == ([[("小柴", 1, "confirmed")]] if claimed else [[]])
    finally:
        conv.close()
