"""A poster the bot cannot reach privately learns, once, under their first card, how to hear
who signed up; one it can reach never does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to

HINT = "有人报名我会私信告诉您名字和电话"


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation()
    conv.say("@group 青天村群 木鱼镇")
    yield conv
    conv.close()


def test_the_hint_goes_once_under_the_first_card(chat: Conversation) -> None:
    first = to(chat.say("老张@青天村群: 明天要3个搬运工，150一天，木鱼镇青天村，电话13812345678"),
               "青天村群")
    assert len(first) == 1 and first[0].startswith("【招工】") and HINT in first[0]
    assert "老张，" in first[0]
    again = to(chat.say("老张@青天村群: 后天要2个保洁员，120一天，木鱼镇青天村，电话13812345678"),
               "青天村群")
    assert again and not any(HINT in m for m in again)


def test_a_poster_the_bot_can_reach_gets_no_hint(chat: Conversation) -> None:
    chat.say("老李: 你好")
    out = chat.say("老李@青天村群: 明天要3个搬运工，150一天，木鱼镇青天村，电话13812345679")
    cards = to(out, "青天村群")
    assert cards and cards[0].startswith("【招工】") and not any(HINT in m for m in out)


def test_each_poster_gets_their_own_hint(chat: Conversation) -> None:
    chat.say("老张@青天村群: 明天要3个搬运工，150一天，木鱼镇青天村，电话13812345678")
    out = to(chat.say("老王@青天村群: 明天要2个木工，220一天，木鱼镇青天村，电话13812345670"),
             "青天村群")
    assert out and HINT in out[0] and "老王，" in out[0]
