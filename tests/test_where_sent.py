"""这条发到哪了: the poster and the place's officers see each group once; nobody else does."""

from __future__ import annotations

from tests.conversation import Conversation

SETUP = """
    @now 2026-11-26 08:00
    @group 青天村群 青天村
    @group 松柏群 松柏镇
    @officer 孙镇长 松柏镇
    @officer 李主任 木鱼镇
    王老板@青天村群: 明天要3个搬运工 150一天 电话13812345678
    李四@青天村群^: 我去
    """


def test_each_group_once_for_the_local_officer_and_the_poster() -> None:
    conv = Conversation()
    try:
        conv.say(SETUP)
        for who in ("李主任", "王老板"):
            [answer] = conv.say(f"{who}@青天村群^: 这条发到哪了")
            assert "发到了1个群" in answer, answer
            assert answer.count("青天村群 11-26") == 1
    finally:
        conv.close()


def test_an_officer_of_another_township_does_not_see_the_groups() -> None:
    conv = Conversation()
    try:
        conv.say(SETUP)
        [answer] = conv.say("孙镇长@青天村群^: 这条发到哪了")
        assert "发到了" not in answer and "当地的信息员" in answer
        [answer] = conv.say("李四@青天村群^: 这条发到哪了")
        assert "发到了" not in answer
    finally:
        conv.close()
