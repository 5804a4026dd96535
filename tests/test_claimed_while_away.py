"""An employer the bot could not reach until their first private message hears who signed up
meanwhile; one nobody signed up with hears nothing of it. The claims of all their jobs are
read at once (issue 12: one statement per job before)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from tests.conversation import Conversation, to

NOTE = "您之前私聊不到，这期间有人报名了您的招工"


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation()
    conv.say("""
@group 青天村群 木鱼镇
李四: 你好
老张@青天村群: 明天要3个搬运工，150一天，木鱼镇青天村，电话13812345678
老张@青天村群: 后天要2个保洁员，120一天，木鱼镇青天村，电话13812345678
老张@青天村群: 大后天要2个木工，220一天，木鱼镇青天村，电话13812345678
""")
    yield conv
    conv.close()


def test_the_employer_hears_who_signed_up_while_away(chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我去")  # the latest card: the 木工 job
    statements: list[str] = []

    def one(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(chat.app.engine, "before_cursor_execute", one)
    try:
        out = to(chat.say("老张: 你好"), "老张")
    finally:
        event.remove(chat.app.engine, "before_cursor_execute", one)
    notes = [m for m in out if m.startswith(NOTE)]
    assert len(notes) == 1 and "木工" in notes[0] and "李四" in notes[0]
    assert "搬运工" not in notes[0]  # a job nobody claimed is not listed
    # three live jobs: their claims in one statement, and again only for the one listed
    claims = [s for s in statements if "FROM claim" in " ".join(s.split())]
    assert len(claims) <= 2, "\n".join(claims)


def test_no_note_when_nobody_signed_up(chat: Conversation) -> None:
    out = to(chat.say("老张: 你好"), "老张")
    assert out and not any(m.startswith(NOTE) for m in out)


def test_my_jobs_answers_for_itself(chat: Conversation) -> None:
    chat.say("李四@青天村群^: 我去")
    out = to(chat.say("老张: 我的招工"), "老张")
    assert out and not any(m.startswith(NOTE) for m in out)
