"""Round 12, after a review of the merged round: what the round's new rules took too far —
each with the case that must still act and the look-alike that must not."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from bot.clock import TZ
from bot.forms import command_form
from handlers.reading import _party_said, claim_phrase
from nlp import parse
from tests.conversation import Conversation, to

NOW = datetime(2027, 5, 10, 8, 0, tzinfo=TZ)

# ==== voice fillers before a spoken phone: a long run of them reads in linear time


def test_a_long_run_of_fillers_before_a_phone_reads_at_once() -> None:
    # three filler runs side by side once shared 嗯嗯嗯… out among themselves: 2 s at 200
    started = time.perf_counter()
    claim_phrase("嗯" * 300 + "去13912345678")
    assert time.perf_counter() - started < 0.5


def test_fillers_and_a_phone_word_still_lead_a_phone() -> None:
    assert claim_phrase("我去那个就是我的电话号码是13912345678") is not None
    assert claim_phrase("嗯嗯我去那个电话是13912345678") is not None


# ==== a fare for the trip is a lift; the way paid in a post is no fare


def _intent(text: str) -> str:
    return parse(text, NOW).intent


@pytest.mark.parametrize("text", [
    "明天房县工地搬砖 四个人 一人两百 包往返路费 电话18672345678",
    "宜昌工地要钢筋工三个 一天三百 往返车费老板出 电话13872345671",
])
def test_the_way_paid_in_a_post_keeps_it_a_post(text: str) -> None:
    assert _intent(text) == "job_post"


@pytest.mark.parametrize("text", [
    "每天早上松柏到阳日 顺路带人 往返四十 电话13907196245",
    "明早去房县 单程五十 还有两个位子",
])
def test_a_fare_for_the_trip_is_still_a_lift(text: str) -> None:
    assert _intent(text) == "other"


# ==== a switch gives up a place only for one surely had on the job meant

SWITCH = """
@group 龙溪村群 龙溪村
覃姐: 你好
周师傅: 你好
覃姐@龙溪村群: 后天龙溪村要两个人摘茶 一天一百三 电话13972215563 覃姐
周师傅@龙溪村群: 后天要五个小工搬砖 一天一百八 电话15826673310 周师傅
老范: 你好
"""


def _claims(conv: Conversation, job: int) -> list[tuple[str, int, str]]:
    return sorted((c["person"], c["count"], c["status"]) for c in conv.jobs()[job]["claims"])


def test_a_switch_for_a_party_the_job_meant_has_no_room_for_changes_nothing() -> None:
    conv = Conversation(start="2027-05-10 08:00", autobind=True)
    conv.say(SWITCH)
    conv.say("老范@龙溪村群^: 我们三个去")
    assert _claims(conv, 1) == [("老范", 3, "confirmed")]
    conv.say("老范@龙溪村群: 我报错了 是覃姐那个")
    assert _claims(conv, 1) == [("老范", 3, "confirmed")]
    assert ("老范", 3, "confirmed") not in _claims(conv, 0)
    conv.close()


def test_a_switch_to_a_full_job_keeps_the_place_held() -> None:
    conv = Conversation(start="2027-05-10 08:00", autobind=True)
    conv.say(SWITCH)
    conv.say("""
    小何: 你好
    小何@龙溪村群: 覃姐那个我们两个去
    老范@龙溪村群^: 我去
    """)
    assert conv.jobs()[0]["status"] == "filled"
    conv.say("老范@龙溪村群: 我报错了 是覃姐那个")
    assert ("老范", 1, "confirmed") in _claims(conv, 1)


def test_a_switch_with_room_still_moves_the_claim() -> None:
    conv = Conversation(start="2027-05-10 08:00", autobind=True)
    conv.say(SWITCH)
    conv.say("老范@龙溪村群^: 我去")
    conv.say("老范@龙溪村群: 我报错了 是覃姐那个")
    assert _claims(conv, 0) == [("老范", 1, "confirmed")]
    assert _claims(conv, 1) == [("老范", 1, "cancelled")]
    conv.close()


# ==== someone else's own need, said like a job up in the group, is their post

ECHO = """
@group 阳日镇群 阳日镇
邓老板: 你好
小杜: 你好
邓老板@阳日镇群: 明天武山村我屋里搬砖 卸两车砖 要四个人 一天一百六 管中饭 电话18671930452 邓老板
"""


@pytest.mark.parametrize("line", [
    "小杜@阳日镇群: 我屋里也要搬砖的 一天一百六 管饭",
    "小杜@阳日镇群: 俺家还要搬砖的 一天一百六",
])
def test_another_persons_own_need_like_the_job_up_is_their_post(line: str) -> None:
    conv = Conversation(start="2027-05-11 08:05", autobind=True)
    conv.say(ECHO)
    conv.say(line)
    assert len(conv.jobs()) == 2
    conv.close()


@pytest.mark.parametrize("line", [
    "小杜@阳日镇群: 邓老板屋里搬砖的 一天一百六 管饭 划得来",  # talk of the job up
    "邓老板@阳日镇群: 我屋里还要搬砖的 一天一百六",  # the poster calling again
])
def test_talk_of_the_job_up_or_its_poster_calling_again_posts_nothing(line: str) -> None:
    conv = Conversation(start="2027-05-11 08:05", autobind=True)
    conv.say(ECHO)
    conv.say(line)
    assert len(conv.jobs()) == 1
    conv.close()


# ==== a withdrawal naming its day as 明天: the reason's other day is another matter

SATURDAY = """
@group 龙溪村群 龙溪村
周师傅: 你好
周师傅@龙溪村群: 5月15号周六要三个小工搬砖 一天一百八 电话15826673310 周师傅
老范: 你好
老范@龙溪村群^: 我去
"""


@pytest.mark.parametrize(("text", "left"), [
    ("明天不去了 周日要去医院", "cancelled"),  # Friday: 明天 is the Saturday of the job
    ("周日屋里要收谷子 去不成", "confirmed"),  # the reason's day, and no job that day
])
def test_a_withdrawal_names_its_own_day_before_its_reasons(text: str, left: str) -> None:
    conv = Conversation(start="2027-05-14 08:00", autobind=True)  # a Friday
    conv.say(SATURDAY)
    conv.say(f"老范: {text}")
    assert _claims(conv, 0) == [("老范", 1, left)]
    conv.close()


# ==== 俩 / 仨 said after a run-on claim count the party, as 两个人 does


@pytest.mark.parametrize(("clause", "n"), [("我们俩", 2), ("我们仨", 3), ("我们两个人", 2)])
def test_we_two_or_three_after_a_run_on_claim_is_the_party(clause: str, n: int) -> None:
    assert _party_said(clause) == n


# ==== a rate by the day answers the wage question, 贵 or 都要 around it or not

DRAFT = """
@group 长坊村群 长坊村
贺老板: 你好
贺老板@长坊村群: 大后天要四个人栽魔芋 在长坊村 电话18972031156 贺老板
"""


@pytest.mark.parametrize(("text", "wage"), [
    ("四个人都要一百五一天", 150),
    ("一天一百五 不贵", 150),
    ("每天一百四 比种子便宜", 140),
])
def test_a_day_rate_with_dear_or_cheap_answers_the_wage(text: str, wage: int) -> None:
    conv = Conversation(start="2027-04-27 10:00", autobind=True)
    conv.say(DRAFT)
    conv.say(f"贺老板: {text}")
    [job] = conv.jobs()
    assert (job["state"], job["wage_min"]) == ("open", wage)
    conv.close()


def test_goods_by_the_piece_still_answer_nothing() -> None:
    conv = Conversation(start="2027-04-27 10:00", autobind=True)
    conv.say(DRAFT)
    conv.say("贺老板: 魔芋种贵得很 一斤都要八块")
    assert [j["state"] for j in conv.jobs()] == ["draft"]
    conv.close()


# ==== a raise said as done is news of the card only at the wage the card shows

PICKING = """
@group 龙溪村群 龙溪村
郑老板@龙溪村群: 后天摘辣椒 要两个人 一天一百三 电话18671302594 郑老板
郑老板@龙溪村群^: 工价160
老向: 你好
"""


@pytest.mark.parametrize(("text", "taken"), [
    ("涨到一百六了 那我也去", True),  # the card's 160
    ("涨到两百了 那我也去", False),  # a sum the card does not show: a demand
])
def test_a_claim_after_a_raise_said_as_done_only_at_the_cards_wage(text: str,
                                                                   taken: bool) -> None:
    conv = Conversation(start="2027-08-10 08:00", autobind=True)
    conv.say(PICKING)
    conv.say(f"老向@龙溪村群^: {text}")
    assert (_claims(conv, 0) == [("老向", 1, "confirmed")]) is taken
    conv.close()


# ==== 那个 / 这个 before a command word is dropped only as a pause


@pytest.mark.parametrize("text", ["这个订阅是干啥的", "那个退订是么子意思"])
def test_this_word_asked_about_is_no_command(text: str) -> None:
    assert command_form(text) == text


def test_this_as_a_pause_before_a_command_is_dropped() -> None:
    assert command_form("这个 订阅 保洁 在红坪镇") == "订阅 保洁 在红坪镇"


# ==== people wanted "too", naming no work: the poster's work only when one work is up

TWO_WORKS = """
@group 盘龙村群 盘龙村
邓姐: 你好
邓姐@盘龙村群: 后天盘龙村茶园采茶 要六个人 一天一百二 电话15871329046 邓姐
邓姐@盘龙村群: 后天要两个搬运的 卸茶叶 一天一百五 电话15871329046
"""


def test_wanting_people_too_with_two_works_up_asks_which() -> None:
    conv = Conversation(start="2027-04-21 08:00", autobind=True)
    conv.say(TWO_WORKS)
    out = conv.say("邓姐@盘龙村群: 大后天西坡村也要人 三个 一天一百二 电话15871329046")
    third = conv.jobs()[2]
    assert (third["work_type"], third["state"]) == (None, "draft")
    assert any("工种" in m for m in to(out, "盘龙村群"))
    conv.close()


# ==== 搞错了 / 弄错了 said of a fact, not of one's claim, moves no claim


@pytest.mark.parametrize("text", ["搞错了 覃姐那个是大后天", "弄错了 覃姐那个在西坡村"])
def test_a_fact_said_wrong_switches_nothing(text: str) -> None:
    conv = Conversation(start="2027-05-10 08:00", autobind=True)
    conv.say(SWITCH)
    conv.say("老范@龙溪村群^: 我去")
    conv.say(f"老范@龙溪村群: {text}")
    assert _claims(conv, 0) == []
    assert _claims(conv, 1) == [("老范", 1, "confirmed")]
    conv.close()
