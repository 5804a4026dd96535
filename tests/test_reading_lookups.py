"""What reading a message looks up: privately, the chat's latest job, one's own latest job and
one's waiting draft are read only when the text could be about them (issue 12: a command or a
greeting said privately cost three look-ups no reading used)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlmodel import select

from bot.filters import parsed
from bot.message import Chat, ChatKind, Message, User
from bot.router import Context
from handlers.reading import Situation, _may_claim_around, claim_around, situation
from storage.models import Identity, Person
from tests.conversation import Conversation

SETUP = """
@group 青天村群 木鱼镇
老张: 你好
李四: 你好
李四: 订阅 搬运
老张@青天村群: 明天要6个搬运工，150一天，木鱼镇青天村，电话13812345678 张老板
"""


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation()
    conv.say(SETUP)  # 李四 got the job pushed privately; 老张 posted it
    yield conv
    conv.close()


def seen(conv: Conversation, who: str, text: str, *, intent: str | None = None) -> Situation:
    """The situation of a private message from ``who``; ``intent`` overrides the parser's."""
    with conv.session() as session:
        ident = session.exec(select(Identity).where(Identity.display_name == who)).one()
        person = session.get(Person, ident.person_id)
        assert person is not None and ident.private_chat_id is not None
        message = Message(id=f"{ident.private_chat_id}:t", text=text, date=conv.clock.now(),
                          chat=Chat(ident.private_chat_id, ChatKind.PRIVATE, who),
                          sender=User(ident.id, who))
        ctx = Context(message=message, session=session, now=conv.clock.now(), person=person,
                      group=None, settings=conv.app.settings, gazetteer=conv.app.gazetteer)
        if intent is not None:
            ctx.cache["parse"] = replace(parsed(ctx), intent=intent)
        return situation(ctx)


@pytest.mark.parametrize("text", ["订阅 搬运", "退订 搬运", "帮助"])
def test_a_command_said_privately_looks_up_no_job_and_no_draft(chat: Conversation,
                                                                text: str) -> None:
    s = seen(chat, "李四", text)
    assert s.sight is None and s.own is None and s.pending is None


def test_a_greeting_said_privately_looks_up_only_a_draft_it_might_answer(
        chat: Conversation) -> None:
    s = seen(chat, "李四", "谢谢")
    assert s.sight is None and s.own is None


def test_a_waiting_draft_is_looked_up_for_what_may_answer_or_drop_it(chat: Conversation
                                                                     ) -> None:
    chat.say("老张: 后天要2个保洁员 电话13812345678")  # no wage, no place: a draft asks
    for text in ("150一天", "算了", "谢谢"):
        assert seen(chat, "老张", text).pending is not None, text
    for text in ("订阅 搬运", "帮助"):
        assert seen(chat, "老张", text).pending is None, text


@pytest.mark.parametrize("text", ["我去", "得空 算我一个", "改成2个人"])
def test_a_claim_said_privately_finds_the_job_in_sight(chat: Conversation, text: str) -> None:
    s = seen(chat, "李四", text)
    assert s.sight is not None and not s.sight.mine


def test_a_claim_with_circumstances_finds_its_job_though_the_parser_hears_none(
        chat: Conversation) -> None:
    # claim_around reads clause by clause what the parser may miss
    s = seen(chat, "李四", "得空 算我一个", intent="chatter")
    assert s.sight is not None


@pytest.mark.parametrize("text", ["200元", "工价200"])
def test_a_correction_said_privately_finds_ones_own_job(chat: Conversation, text: str) -> None:
    s = seen(chat, "老张", text)
    assert s.own is not None and s.own.mine


@pytest.mark.parametrize("text", [
    "得空 算我一个", "要得 我去 下午就到", "那我去 我和我表妹", "搬运算我一个",
    "行 明天一早就到 我去", "我会开车 我来",
])
def test_what_claim_around_reads_is_foreseen(text: str) -> None:
    assert claim_around(text, "搬运工") is not None and _may_claim_around(text)


@pytest.mark.parametrize("text", ["订阅 搬运 木鱼镇", "谢谢", "明天去镇上赶集", "退订", "你好"])
def test_what_claims_nothing_is_not_taken_for_a_claim(text: str) -> None:
    assert not _may_claim_around(text)
