"""「我的编号」 (or /id), privately: a person learns the platform id(s) an operator writes into
``[bot] county_officers``. Elsewhere, or said as part of something else, it does nothing."""

from __future__ import annotations

from sqlmodel import select

from storage.models import Identity
from tests.conversation import Conversation, to


def test_a_person_asks_for_their_id_privately(chat: Conversation) -> None:
    for asked in ("我的编号", "我的编号？", "/id", "/id@lingong_bot", "我的ID"):
        [answer] = to(chat.say(f"小张: {asked}"), "小张")
        assert answer.startswith("您的编号：\n  console:小张\n"), asked
        assert "[bot] county_officers" in answer


def test_every_linked_account_is_listed(chat: Conversation) -> None:
    chat.say("小张: 你好")
    with chat.session() as s:
        mine = s.exec(select(Identity).where(Identity.id == "console:小张")).one()
        s.add(Identity(id="telegram:123456789", person_id=mine.person_id))
        s.commit()
    [answer] = to(chat.say("小张: 我的编号"), "小张")
    assert "console:小张" in answer and "telegram:123456789" in answer


def test_look_alikes_and_groups_do_not_get_an_id(chat: Conversation) -> None:
    chat.say("@group 青天村群 青天村")
    assert chat.say("小张@青天村群: 我的编号") == []  # a group is not the place for it
    for said in ("我的编号是12345", "报名编号", "编号"):
        answers = to(chat.say(f"小张: {said}"), "小张")
        assert not any(a.startswith("您的编号") for a in answers), said
