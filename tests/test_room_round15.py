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


# ==== the poster wanting more people under their own card: the headcount raised by that many

WALNUTS = """
@group 桃坪村群 桃坪村
牟老板: 你好
小戴: 你好
阿珍: 你好
杭嫂: 你好
牟老板@桃坪村群: 大后天桃坪村打核桃 要两个人 一天一百六 电话13872205914 牟老板
小戴@桃坪村群^: 我去
阿珍@桃坪村群^: 我去
杭嫂@桃坪村群^: 我去
"""


@pytest.fixture
def walnuts() -> Iterator[Conversation]:
    conv = Conversation(start="2028-09-20 08:30", autobind=True)
    conv.say(WALNUTS)
    assert _claims(conv) == [[("小戴", 1, "confirmed"), ("杭嫂", 1, "waitlisted"),
                              ("阿珍", 1, "confirmed")]]
    yield conv
    conv.close()


def _count(conv: Conversation) -> list[int]:
    return [j["headcount"] for j in conv.jobs()]


@pytest.mark.parametrize(("line", "count"), [
    ("牟老板@桃坪村群^: 再要两个人", 4),  # replying to the card
    ("牟老板@桃坪村群: 还要一个", 3),  # in the group just after it: one still wanted
    ("牟老板: 再加两个", 4),  # privately
    ("牟老板@桃坪村群^: 那就再请三个哈", 5),
])
def test_the_poster_wanting_more_raises_the_count_and_the_waitlist_moves_up(
        walnuts: Conversation, line: str, count: int) -> None:
    out = walnuts.say(line)
    assert _count(walnuts) == [count]
    assert ("杭嫂", 1, "confirmed") in _claims(walnuts)[0]
    assert any("报名成功" in m for m in to(out, "杭嫂"))
    assert any("杭嫂" in m for m in to(out, "牟老板"))


@pytest.mark.parametrize("line", [
    "小戴@桃坪村群^: 再要两个人吗",  # someone else asking
    "牟老板@桃坪村群: 还要人不",  # the poster asking, no count
    "牟老板@桃坪村群: 再要两个人吗",  # the poster asking himself aloud
    "牟老板@桃坪村群^: 我们屋里还要两个人吃饭",  # more said than people wanted
    "牟老板@桃坪村群: 明天还要两个人帮我摘花椒",  # other work
])
def test_questions_and_other_talk_of_more_people_change_nothing(
        walnuts: Conversation, line: str) -> None:
    out = walnuts.say(line)
    assert _count(walnuts)[0] == 2  # (other work may be a post of its own)
    assert not to(out, "杭嫂")


def test_a_new_post_of_more_people_is_a_new_job(walnuts: Conversation) -> None:
    walnuts.say("牟老板@桃坪村群: 还要两个小工 一天一百三 电话13872205914")
    assert _count(walnuts) == [2, 2]
    assert walnuts.jobs()[1]["work_type"] == "小工"


def test_still_wanted_as_many_as_are_open_is_a_reminder(walnuts: Conversation) -> None:
    walnuts.say("牟老板@桃坪村群^: 再加三个")  # 5 places, 3 taken
    assert _count(walnuts) == [5]
    # fewer still wanted than are open: no raise, and never a cut the poster did not ask for
    out = walnuts.say("牟老板@桃坪村群: 还要一个")
    assert _count(walnuts) == [5]
    assert not to(out, "桃坪村群")


# ==== a party said with 来 and its count after it (「我们来四个」) is a claim for that many

TERRACE = """
@group 桃坪村群 桃坪村
郑老板: 你好
小龚: 你好
郑老板@桃坪村群: 后天桃坪村砌堡坎 要八个小工 一天一百五 电话15907213368 郑老板
"""


@pytest.fixture
def terrace() -> Iterator[Conversation]:
    conv = Conversation(start="2028-04-11 07:40", autobind=True)
    conv.say(TERRACE)
    yield conv
    conv.close()


@pytest.mark.parametrize(("line", "party"), [
    ("小龚@桃坪村群^: 我们来四个", 4),  # replying to the card
    ("小龚@桃坪村群: 我们来三个人", 3),  # in the group just after it
    ("小龚@桃坪村群^: 俺们也来两个", 2),
])
def test_a_party_said_with_come_and_its_count_claims_for_that_many(
        terrace: Conversation, line: str, party: int) -> None:
    out = terrace.say(line)
    assert _claims(terrace) == [[("小龚", party, "confirmed")]]
    assert any("小龚" in m for m in to(out, "郑老板"))


@pytest.mark.parametrize("line", [
    "小龚@桃坪村群: 我们来四个人吃饭",  # guests
    "小龚@桃坪村群: 来四个够不够",  # asking
    "小龚@桃坪村群: 上次来了四个",  # what was
    "小龚@桃坪村群: 来四个",  # no speaker: anyone's bidding
    "小龚@桃坪村群: 我们几个来",  # how many is not said
])
def test_come_with_a_count_in_other_talk_claims_nothing(terrace: Conversation, line: str) -> None:
    out = terrace.say(line)
    assert _claims(terrace) == [[]]
    assert not to(out, "郑老板")


def test_a_post_asking_for_four_to_come_is_a_post_not_a_claim(terrace: Conversation) -> None:
    terrace.say("小龚@桃坪村群: 明天来四个人帮我割草 一天一百二 电话13627745510")
    assert _claims(terrace)[0] == []
    assert len(terrace.jobs()) == 2


# ==== 「来不成了」 from a worker holding a place withdraws it, as 「去不成了」 does

HAY = """
@group 桃坪村群 桃坪村
柯老板: 你好
小柴: 你好
老幺: 你好
柯老板@桃坪村群: 明天桃坪村晒谷子 要一个小工 一天一百三 电话13597260418 柯老板
小柴@桃坪村群^: 我去
老幺@桃坪村群^: 我去
"""


@pytest.fixture
def hay() -> Iterator[Conversation]:
    conv = Conversation(start="2028-08-02 16:00", autobind=True)
    conv.say(HAY)
    assert _claims(conv) == [[("小柴", 1, "confirmed"), ("老幺", 1, "waitlisted")]]
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "小柴@桃坪村群: 来不成了",  # in the group, no reply
    "小柴@桃坪村群^: 明天来不成了 屋里来客了",  # replying, with a reason
    "小柴: 我来不成了",  # privately
    "小柴@桃坪村群: 怕是来不成了",  # a hedge, settled by 了
])
def test_coming_called_off_withdraws_and_the_waitlist_moves_up(hay: Conversation,
                                                                 line: str) -> None:
    out = hay.say(line)
    assert _claims(hay) == [[("小柴", 1, "cancelled"), ("老幺", 1, "confirmed")]]
    assert any("报名成功" in m for m in to(out, "老幺"))
    assert any("小柴" in m for m in to(out, "柯老板"))


@pytest.mark.parametrize("line", [
    "老幺@桃坪村群: 他来不成了吗",  # asking about someone
    "小柴@桃坪村群: 下雨怕是来不成",  # a worry about the weather
    "小柴@桃坪村群: 怕是来不成",  # a worry, no word given yet
    "小王@桃坪村群: 来不成了",  # someone with no place
])
def test_a_question_a_worry_or_no_place_withdraws_nothing(hay: Conversation, line: str) -> None:
    out = hay.say(line)
    assert _claims(hay) == [[("小柴", 1, "confirmed"), ("老幺", 1, "waitlisted")]]
    assert not to(out, "桃坪村群")
    assert not to(out, "柯老板")


# ==== a job of a post of several named by a word of its own part, in the group or replying

HONEY = """
@group 桃坪村群 桃坪村
谭老板: 你好
谭老板@桃坪村群: 后天桃坪村割蜜 要三个小工 一天一百五；还要两个灌瓶打包的 一天一百二 \
电话13476620815 谭老板
"""


@pytest.fixture
def honey() -> Iterator[Conversation]:
    conv = Conversation(start="2028-07-03 18:20", autobind=True)
    conv.say(HONEY)
    assert len(conv.jobs()) == 2
    yield conv
    conv.close()


@pytest.mark.parametrize(("line", "job"), [
    ("小阙@桃坪村群: 割蜜我来", 0),  # in the group just after the cards
    ("小阙@桃坪村群: 我去灌瓶", 1),
    ("小阙@桃坪村群^: 割蜜的我去", 0),  # replying to the other job's card
    ("小阙@桃坪村群: 嗯 灌瓶我来", 1),
    ("小阙@桃坪村群: 打包的算我一个", 1),  # 打包: a word the second part alone says
])
def test_a_word_of_one_jobs_part_takes_that_job(honey: Conversation, line: str,
                                                 job: int) -> None:
    out = honey.say(line)
    want: list[list[tuple[str, int, str]]] = [[], []]
    want[job] = [("小阙", 1, "confirmed")]
    assert _claims(honey) == want
    assert any("小阙" in m for m in to(out, "谭老板"))


@pytest.mark.parametrize("line", [
    "小阙@桃坪村群: 我去镇上",  # a place one goes to
    "小阙@桃坪村群: 灌瓶我来问问",  # more than a claim
    "小阙@桃坪村群: 割蜜的多少钱一天",  # a question
    "小阙@桃坪村群: 蜂蜜我来",  # a word of neither part
])
def test_other_talk_naming_a_part_takes_nothing(honey: Conversation, line: str) -> None:
    out = honey.say(line)
    assert _claims(honey) == [[], []]
    assert not to(out, "谭老板")


def test_another_posts_card_in_sight_leaves_a_part_word_unsure(honey: Conversation) -> None:
    honey.say("""
蔡嫂: 你好
蔡嫂@桃坪村群: 后天桃坪村摘花椒 要两个人 一天一百三 电话15826630947 蔡嫂
""")
    out = honey.say("小阙@桃坪村群: 割蜜我来")
    assert all(not c for c in _claims(honey))
    assert not to(out, "谭老板")


def test_a_day_in_one_jobs_part_is_no_name_of_it() -> None:
    conv = Conversation(start="2028-07-03 18:20", autobind=True)
    try:
        conv.say("""
@group 桃坪村群 桃坪村
童老板: 你好
童老板@桃坪村群: 明天要3个搬运工 后天要2个保洁 都是150一天 桃坪村 电话13476620815 童姐
""")
        assert len(conv.jobs()) == 2
        out = conv.say("小阙@桃坪村群: 后天我去")  # the post's 后天 stands in the first part
        assert _claims(conv)[0] == []
        out += conv.say("小阙@桃坪村群: 桃坪村我来")  # the place, said in the second part
        assert _claims(conv)[1] == []
        out += conv.say("小阙@桃坪村群: 童姐我来")  # the poster, named in the second part
        assert _claims(conv) == [[], []]
        assert not to(out, "童老板")
    finally:
        conv.close()


# ==== weather of one day and the job's day beside it: the day that counts is the action's

TEA = """
@group 桃坪村群 桃坪村
简老板: 你好
小晏: 你好
简老板@桃坪村群: {day}桃坪村采茶 要三个人 一天一百三 电话15172608834 简老板
小晏@桃坪村群^: 我去
"""


def _tea(day: str) -> Conversation:
    conv = Conversation(start="2028-04-20 12:00", autobind=True)
    conv.say(TEA.format(day=day))
    return conv


@pytest.mark.parametrize(("day", "line", "start"), [
    ("明天", "简老板@桃坪村群^: 明天下雨 后天来", "2028-04-22"),  # moved to the coming's day
    ("后天", "简老板@桃坪村群^: 今天雪好大 明天再采", "2028-04-21"),
    ("后天", "简老板@桃坪村群^: 明天落雨 改成大后天", "2028-04-23"),
])
def test_the_day_of_the_work_beside_a_weather_remark_moves_the_job(
        day: str, line: str, start: str) -> None:
    conv = _tea(day)
    try:
        out = conv.say(line)
        assert conv.jobs()[0]["start_date"] == start
        assert to(out, "小晏")
    finally:
        conv.close()


@pytest.mark.parametrize("line", [
    "简老板@桃坪村群^: 明天下雨 后天来",  # the job is already 后天's: nothing to change
    "简老板@桃坪村群^: 明天要落雨",  # a remark alone
    "小晏@桃坪村群^: 明天下雨 后天来",  # a worker's words move no job
])
def test_weather_with_the_jobs_own_day_or_none_moves_nothing(line: str) -> None:
    conv = _tea("后天")
    try:
        out = conv.say(line)
        assert conv.jobs()[0]["start_date"] == "2028-04-22"
        assert not to(out, "小晏")
        assert not to(out, "桃坪村群")
    finally:
        conv.close()


# ==== 我去 in surprise: one definition (nlp/intent.py), read by the parser and the claims

@pytest.mark.parametrize("remark", [
    "停电了",  # the parser's word for surprise, now the claims' too
    "我以为是下个月",  # a thing mistaken
    "好快就报满了",
])
def test_i_go_in_surprise_replying_to_the_card_claims_nothing(terrace: Conversation,
                                                               remark: str) -> None:
    from nlp import intent

    out = terrace.say(f"小龚@桃坪村群^: 我去 {remark}")
    assert _claims(terrace) == [[]]
    assert not to(out, "郑老板")
    assert intent.exclamation(intent.standard(f"我去 {remark}"))


@pytest.mark.parametrize("remark", ["明天几点到", "我力气大", "下午就到"])
def test_i_go_with_what_comes_with_going_still_claims(terrace: Conversation,
                                                      remark: str) -> None:
    from nlp import intent

    terrace.say(f"小龚@桃坪村群^: 我去 {remark}")
    assert _claims(terrace) == [[("小龚", 1, "confirmed")]]
    assert not intent.exclamation(intent.standard(f"我去 {remark}"))


def test_more_wanted_privately_finds_the_posters_latest_job_with_other_talk_between(
        walnuts: Conversation) -> None:
    walnuts.say("牟老板: 帮助")  # the bot's last private word is about no job
    walnuts.say("牟老板: 再加两个")
    assert _count(walnuts) == [4]
