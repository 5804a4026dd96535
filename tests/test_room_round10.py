"""Issue 10, a tenth round: what the sixteenth round's conversations found in the room. Each
kind in its own block, with the look-alikes that must (or must not) act."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to

GROUP = "古水村群"


@pytest.fixture
def conv() -> Iterator[Conversation]:
    c = Conversation(start="2027-09-14 09:00", autobind=True)  # a Tuesday
    c.say(f"""
@group {GROUP} 古水村
严老板: 你好
小黎: 你好
""")
    yield c
    c.close()


def _post(conv: Conversation) -> None:
    conv.say(f"严老板@{GROUP}: 明天要两个搬运工 往坡上背化肥 一天一百六 电话13872209651 严老板")
    assert len(conv.jobs()) == 1


# ==== a day named as the time of a remark under one's own card is no date


@pytest.mark.parametrize("text", [
    "今天雾好大 车都开不动",
    "明天要落雨 路上滑得很",
    "今天风太大了 瓦都吹跑了",
])
def test_a_remark_about_the_day_under_ones_card_changes_nothing(
        conv: Conversation, text: str) -> None:
    _post(conv)
    out = conv.say(f"严老板@{GROUP}^: {text}")
    assert out == []
    assert conv.jobs()[0]["start_date"] == "2027-09-15"


@pytest.mark.parametrize(("text", "day"), [
    ("改成后天 明天要落雨", "2027-09-16"),  # a correction word, the weather its reason
    ("后天 今天雾太大了", "2027-09-16"),  # a day said alone, beside the remark
    ("是后天", "2027-09-16"),
    ("后天好些 今天雾太大了", "2027-09-16"),  # a day preferred, not remarked on
])
def test_a_day_said_as_the_jobs_under_ones_card_still_moves_it(
        conv: Conversation, text: str, day: str) -> None:
    _post(conv)
    conv.say(f"严老板@{GROUP}^: {text}")
    assert conv.jobs()[0]["start_date"] == day


# ==== who signed up, asked in a group by someone with no job up, is talk about another's job


def test_who_signed_up_from_someone_without_a_job_gets_no_answer_in_a_group(
        conv: Conversation) -> None:
    _post(conv)
    conv.say(f"小黎@{GROUP}^: 我去")
    for text in ("谁报名了", "谁报名", "有谁报名了"):
        assert conv.say(f"老覃@{GROUP}: {text}") == []


def test_who_signed_up_from_the_poster_lists_the_claims(conv: Conversation) -> None:
    _post(conv)
    conv.say(f"小黎@{GROUP}^: 我去")
    out = conv.say(f"严老板@{GROUP}: 谁报名了")
    assert any("小黎" in m for m in to(out, GROUP))


def test_who_signed_up_privately_or_my_jobs_in_a_group_are_answered_without_a_job(
        conv: Conversation) -> None:
    _post(conv)
    assert any("没有在招的活" in m for m in to(conv.say("小黎: 谁报名了"), "小黎"))
    assert any("没有在招的活" in m for m in to(conv.say(f"小黎@{GROUP}: 我的招工"), GROUP))


# ==== a lift offered with a fare is no job; a driver hired is


def test_a_lift_with_seats_and_a_fare_makes_no_job_and_no_answer(conv: Conversation) -> None:
    out = conv.say(f"老幺@{GROUP}: 后天一早我开车去房县 顺路 车上还剩两个位子 一人三十 "
                   "要坐的打电话18871426630")
    assert out == []
    assert conv.jobs() == []
    # someone asking for a seat is no claim of anything
    assert conv.say(f"小黎@{GROUP}: 要得 给我留个位子 我去县里办事") == []


def test_a_driver_hired_for_a_trip_is_a_job(conv: Conversation) -> None:
    out = conv.say(f"严老板@{GROUP}: 后天要个开车的 帮我送两车木耳到房县 给四百 "
                   "电话13872209651 严老板")
    assert any("司机" in m for m in to(out, GROUP))
    assert len(conv.jobs()) == 1


# ==== a post quoted is no post; a forward of a card's post is the same job


def test_a_quoted_post_asked_about_makes_no_job(conv: Conversation) -> None:
    out = conv.say(f"田嫂@{GROUP}: 前年这时候有人发过「要四个摘核桃的 一天一百三」 今年还有没得")
    assert out == []
    assert conv.jobs() == []


def test_a_forward_of_the_post_is_the_same_job(conv: Conversation) -> None:
    _post(conv)
    out = conv.say(f"黄姐@{GROUP}: 转发一下：明天要两个搬运工 往坡上背化肥 一天一百六 "
                   "电话13872209651 严老板")
    assert len(conv.jobs()) == 1
    assert not any("13872209651" in m for m in to(out, GROUP))


# ==== what help costs these days is talk, not a draft asking for a wage


def test_the_going_rate_makes_no_draft_and_no_question(conv: Conversation) -> None:
    out = conv.say(f"覃姐@{GROUP}: 现在喊个大工一天都要三百了")
    assert out == []
    assert conv.jobs() == []
