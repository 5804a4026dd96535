"""Round 15, the review's six: words said right after someone else's question or offer
answer that person (「要的吱声」「哪个陪我去…」), also a party said again, also others' answers
in a row before; a withdrawal pointing at 「那个活」 just after another job was asked about; the
poster's bare 「加三个」 (of what?); a day left beside a weather remark that decides nothing
(「后天再说」). Each kind is checked both ways; every sentence is new."""

from __future__ import annotations

import pytest

from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

CARD = """
@group 桃坪村群 桃坪村
彭老板: 你好
彭老板@桃坪村群: {day}桃坪村搬砖 要五个小工 一天一百六 电话15327718407 彭老板
"""


def _room(day: str = "后天") -> Conversation:
    conv = Conversation(start="2028-05-06 10:00", autobind=True)
    conv.say(CARD.format(day=day))
    return conv


# ==== a claim's words right after someone's offer or 「哪个…」 question answer that person

@pytest.mark.parametrize("lines", [
    ["柳嫂@桃坪村群: 自家打的糍粑 十块钱一斤 要的吱声", "小何@桃坪村群: 我来三个"],
    ["柳嫂@桃坪村群: 新摘的枇杷 需要的私聊", "小何@桃坪村群: 我来两个"],
    ["柳嫂@桃坪村群: 下午哪个陪我去镇上看病", "小何@桃坪村群: 我跟我兄弟一起"],
    ["柳嫂@桃坪村群: 礼拜天哪位得空帮我抬柜子", "小何@桃坪村群: 算我们两个"],
    # others answering the same question in a row: the next answer answers it too
    ["柳嫂@桃坪村群: 哪个跟我一路去县城", "小吕@桃坪村群: 我们来三个",
     "小何@桃坪村群: 我和我屋里的一起"],
])
def test_a_claims_words_answering_someone_elses_ask_take_nothing(lines: list[str]) -> None:
    conv = _room()
    try:
        out = conv.say("\n".join(lines))
        assert _claims(conv) == [[]]
        assert not to(out, "彭老板")
    finally:
        conv.close()


@pytest.mark.parametrize(("lines", "who", "count"), [
    (["小何@桃坪村群: 我来三个"], "小何", 3),  # right after the card, nothing between
    (["柳嫂@桃坪村群: 自家打的糍粑 十块钱一斤 要的吱声", "小何@桃坪村群^: 我来三个"], "小何", 3),
    # 哪个 before a thing (a place) asks no one to do anything
    (["柳嫂@桃坪村群: 哪个屋场搬砖 好像是彭家湾", "小何@桃坪村群: 算我们两个"], "小何", 2),
    # chatter between breaks the run of answers: the question is no longer in front
    (["柳嫂@桃坪村群: 哪个跟我一路去县城", "小吕@桃坪村群: 今天太阳好毒",
      "小何@桃坪村群: 我和我屋里的一起"], "小何", 2),
    # so does a claim replying to the card: it answers the card, not the question
    (["柳嫂@桃坪村群: 哪个跟我一路去县城", "小吕@桃坪村群^: 我去",
      "小何@桃坪村群: 算我们两个"], "小何", 2),
])
def test_a_claims_words_to_the_card_still_claim(lines: list[str], who: str, count: int) -> None:
    conv = _room()
    try:
        out = conv.say("\n".join(lines))
        assert (who, count, "confirmed") in _claims(conv)[0]
        assert to(out, "彭老板")
    finally:
        conv.close()


# ==== a party said again right after someone's question about one's own people

PARTY = "小何@桃坪村群^: 我们三个去"


def test_a_party_count_answering_someone_else_changes_nothing() -> None:
    conv = _room()
    try:
        conv.say(PARTY)
        out = conv.say("柳嫂@桃坪村群: 小何 礼拜天你屋里办酒 请了几个人帮忙\n"
                       "小何@桃坪村群: 只来两个")
        assert _claims(conv) == [[("小何", 3, "confirmed")]]
        assert not to(out, "彭老板")
    finally:
        conv.close()


@pytest.mark.parametrize("lines", [
    ["小何@桃坪村群: 只来两个"],  # right after one's claim
    ["柳嫂@桃坪村群: 小何 礼拜天你屋里办酒 请了几个人帮忙", "小何@桃坪村群^: 只来两个"],
])
def test_a_party_count_to_the_card_changes_the_party(lines: list[str]) -> None:
    conv = _room()
    try:
        conv.say(PARTY)
        conv.say("\n".join(lines))
        assert _claims(conv) == [[("小何", 2, "confirmed")]]
    finally:
        conv.close()


# ==== 「那个活我不去了」 just after another job was asked about withdraws nothing

CLAIM = "小何@桃坪村群^: 我去"
ASKED = "柳嫂@桃坪村群: 小何 上个月王老板喊你去砌墙 那个活你还去不"


def test_a_pointed_withdrawal_answering_another_job_keeps_the_claim() -> None:
    conv = _room()
    try:
        conv.say(CLAIM)
        out = conv.say(ASKED + "\n小何@桃坪村群: 那个活我不去了 太累")
        assert _claims(conv) == [[("小何", 1, "confirmed")]]
        assert not to(out, "彭老板")
    finally:
        conv.close()


@pytest.mark.parametrize("lines", [
    ["小何@桃坪村群: 那个活我不去了 太累"],  # nothing asked before: the card's job
    [ASKED, "小何@桃坪村群^: 那个活我不去了 太累"],  # replying to the card
    [ASKED, "小何: 那个活我不去了 太累"],  # privately
    [ASKED, "小何@桃坪村群: 取消报名 屋里有事"],  # pointing at no job: the one claimed
    # 那个 before the poster's name points at no job (a voice filler): the card's
    [ASKED, "小何@桃坪村群: 那个彭老板 后天我来不成了 屋里有事"],
])
def test_a_pointed_withdrawal_about_the_card_withdraws(lines: list[str]) -> None:
    conv = _room()
    try:
        conv.say(CLAIM)
        conv.say("\n".join(lines))
        assert _claims(conv) == [[("小何", 1, "cancelled")]]
    finally:
        conv.close()


# ==== the poster's bare 「加三个」 to the room raises no headcount

OFFER = "柳嫂@桃坪村群: 自家打的糍粑 十块钱一斤 要的吱声"


@pytest.mark.parametrize("lines", [
    [OFFER, "彭老板@桃坪村群: 加三个"],
    ["彭老板@桃坪村群: 加三个"],
])
def test_a_bare_add_to_the_room_raises_nothing(lines: list[str]) -> None:
    conv = _room()
    try:
        out = conv.say("\n".join(lines))
        assert conv.jobs()[0]["headcount"] == 5
        assert not to(out, "桃坪村群")
    finally:
        conv.close()


@pytest.mark.parametrize("line", [
    "彭老板@桃坪村群: 再加三个",
    "彭老板@桃坪村群: 加三个人",
    "彭老板@桃坪村群^: 加三个",
])
def test_more_people_said_so_or_to_the_card_raise_the_headcount(line: str) -> None:
    conv = _room()
    try:
        conv.say(OFFER + "\n" + line)
        assert conv.jobs()[0]["headcount"] == 8
    finally:
        conv.close()


# ==== beside a weather remark, only a day decided for the work moves the job

@pytest.mark.parametrize("line", [
    "彭老板@桃坪村群^: 明天打雷 后天再说",
    "彭老板@桃坪村群^: 明天刮大风 后天看天",
    "彭老板@桃坪村群^: 明天落雪 后天晴",
])
def test_a_day_that_decides_nothing_beside_the_weather_moves_nothing(line: str) -> None:
    conv = _room("明天")
    try:
        out = conv.say(line)
        assert conv.jobs()[0]["start_date"] == "2028-05-07"
        assert not to(out, "桃坪村群")
    finally:
        conv.close()


@pytest.mark.parametrize("line", [
    "彭老板@桃坪村群^: 明天打雷 后天再搞",
    "彭老板@桃坪村群^: 明天刮大风 改到后天",
    "彭老板@桃坪村群^: 明天落雪 后天干",
])
def test_a_day_decided_beside_the_weather_moves_the_job(line: str) -> None:
    conv = _room("明天")
    try:
        conv.say(line)
        assert conv.jobs()[0]["start_date"] == "2028-05-08"
    finally:
        conv.close()
