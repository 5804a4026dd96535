"""Round 17 (issue 10, "Read the room"): four kinds the bot read wrong — a post opening with a
hire of a year gone (「我去年请了三个大工 今年还要三个 …」) taken for 我去 in surprise and lost;
a backing out whose reason names the day one is called back (「厂里喊我周日回去 去不成了」)
read as another day, and that reason alone read as a search for work or a day offered; two of
a party of three backing out (「我们两个来不成了」) changing nothing; and the poster's raise of
one job named by its work (「揉茶的再要一个」) changing nothing. Each kind closed by mechanism
and checked both ways; every sentence is new."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from bot.clock import TZ
from handlers.reading import day_named, more_named
from nlp import parse
from nlp.intent import exclamation, standard
from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

# ==== a post opening with one's hire of last year is a post; 我去年 is no 我去

QUARRY = """
@group 九湖村群 九湖村
饶老板: 你好
老盛: 你好
小甘: 你好
饶老板@九湖村群: 后天要两个搬运工 搬石头 一天一百七 电话13797140026 饶老板
"""


@pytest.fixture
def quarry() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-12 08:30", autobind=True)
    conv.say(QUARRY)
    assert len(conv.jobs()) == 1
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "老盛@九湖村群: 我去年请了三个大工 今年还要三个 一天两百五 电话13872250913",
    "老盛@九湖村群: 我去年秋天请过三个砌墙的大工 今年我屋里还要三个 一天两百五 电话13872250913",
    "老盛: 我去年请了三个大工 今年还要三个 一天两百五 电话13872250913",  # privately too
])
def test_a_post_opening_with_last_years_hire_is_published(quarry: Conversation,
                                                          line: str) -> None:
    out = quarry.say(line)
    jobs = quarry.jobs()
    assert len(jobs) == 2, line
    assert (jobs[1]["work_type"], jobs[1]["headcount"], jobs[1]["wage_min"]) == ("泥瓦工", 3, 250)
    assert _claims(quarry) == [[], []]  # no claim of 饶老板's job
    assert not to(out, "饶老板")


def test_a_genuine_claim_asking_when_to_come_still_claims(quarry: Conversation) -> None:
    out = quarry.say("小甘@九湖村群^: 我去 几点到")
    assert _claims(quarry) == [[("小甘", 1, "confirmed")]]
    assert any("小甘" in m for m in to(out, "饶老板"))


@pytest.mark.parametrize("line", [
    "小甘@九湖村群^: 我去年也干过这个",  # chatter of a year gone
    "小甘@九湖村群^: 我去！一天才一百七？",  # surprise at the pay
    "小甘@九湖村群^: 我去过他那个石场 路不好走",  # been there
    "小甘@九湖村群: 我去的时候他们都收工了",
    "老盛@九湖村群: 我去年请过三个大工 一天两百五",  # a hire told as done, no one wanted now
    "老盛@九湖村群: 我前年请了两个小工 一天一百二 现在都涨价了",
])
def test_talk_of_a_going_or_hire_gone_by_claims_and_posts_nothing(quarry: Conversation,
                                                                  line: str) -> None:
    out = quarry.say(line)
    assert len(quarry.jobs()) == 1, line
    assert _claims(quarry) == [[]], line
    assert not to(out, "饶老板")
    assert not to(out, "九湖村群")


@pytest.mark.parametrize(("text", "surprised"), [
    ("我去年请了三个大工 今年还要三个 一天两百五", False),
    ("我去过那里", False),
    ("我去的时候没看到人", False),
    ("我去那年这里还没通路", False),  # 那 after 我去 is a marvel's word only after a bare 我去
    ("我去年那个活路太累了", False),
    ("我去! 一天才一百?", True),
    ("我去 好快就满了", True),
])
def test_a_going_done_is_no_surprise(text: str, surprised: bool) -> None:
    assert exclamation(standard(text)) is surprised, text


def test_last_years_hire_with_people_wanted_now_parses_as_a_post() -> None:
    now = dt.datetime(2027, 4, 12, 8, 30, tzinfo=TZ)
    got = parse("我去年请了三个大工 今年还要三个 一天两百五 电话13872250913", now, None)
    assert got.intent == "job_post"
    # people wanted now beside the hire gone by: a post, its phone to come
    assert parse("我去年请了三个大工 今年还要三个 一天两百五", now, None).intent == "job_post"
    assert parse("我去年也干过这个", now, None).intent != "claim"
    assert parse("我去年请过三个大工 一天两百五", now, None).intent == "other"


# ==== the day one is called back on is a reason, not another day nor a day offered

FENCE = """
@group 坪阡村群 坪阡村
简老板: 你好
小向: 你好
阿珍: 你好
老鲁: 你好
简老板@坪阡村群: 后天坪阡村扎篱笆 要两个小工 一天一百五 电话13593316072 简老板
小向@坪阡村群^: 我去
阿珍@坪阡村群^: 算我一个
老鲁@坪阡村群^: 我也报 排个候补
"""


@pytest.fixture
def fence() -> Iterator[Conversation]:
    # a Monday: 后天 is Wednesday, 周日 the Sunday after
    conv = Conversation(start="2027-06-07 09:00", autobind=True)
    conv.say(FENCE)
    assert conv.jobs()[0]["start_date"] == "2027-06-09"
    assert _claims(conv) == [[("小向", 1, "confirmed"), ("老鲁", 1, "waitlisted"),
                              ("阿珍", 1, "confirmed")]]
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "小向: 厂里喊我周日回去 去不成了",
    "小向@坪阡村群^: 老板叫我礼拜六回厂上班 来不成了",
    "小向: 对不住 屋里催我周五回深圳 去不了了",
])
def test_a_backing_out_for_a_call_back_on_a_day_withdraws(fence: Conversation,
                                                          line: str) -> None:
    out = fence.say(line)
    assert _claims(fence) == [[("小向", 1, "cancelled"), ("老鲁", 1, "confirmed"),
                               ("阿珍", 1, "confirmed")]], line
    assert any("13593316072" in m for m in to(out, "老鲁"))
    assert any("小向" in m for m in to(out, "简老板"))


@pytest.mark.parametrize("line", [
    "小向: 周日屋里办酒 去不成了",  # busy on Sunday: another day than the job's
    "小向@坪阡村群^: 周六要去县里 来不成了",
])
def test_a_reason_busy_on_another_day_withdraws_nothing(fence: Conversation, line: str) -> None:
    fence.say(line)
    assert ("小向", 1, "confirmed") in _claims(fence)[0]


def test_a_call_back_alone_privately_is_asked_about_and_changes_nothing(
        fence: Conversation) -> None:
    out = fence.say("小向: 厂里喊我周日回去")
    assert ("小向", 1, "confirmed") in _claims(fence)[0]
    mine = to(out, "小向")
    assert any("取消报名" in m for m in mine)  # the button to give the place up
    assert not any("您是要报名" in m for m in mine)  # not read as a day offered
    assert not to(out, "简老板")
    assert not to(out, "老鲁")
    out = fence.say("小向 [取消报名]")
    assert ("小向", 1, "cancelled") in _claims(fence)[0]
    assert any("小向" in m for m in to(out, "简老板"))


@pytest.mark.parametrize("line", [
    "小向@坪阡村群^: 厂里喊我周日回去",  # in a group: nothing
    "阿香@坪阡村群: 老板喊我初十回去上班",  # no claim: no search for work to nudge
    "阿香: 厂里喊我周日回去上班",  # privately, no claim: no subscription, no claim asked
])
def test_a_call_back_alone_in_a_group_or_without_a_claim_does_nothing(fence: Conversation,
                                                                      line: str) -> None:
    out = fence.say(line)
    assert _claims(fence)[0] == [("小向", 1, "confirmed"), ("老鲁", 1, "waitlisted"),
                                 ("阿珍", 1, "confirmed")]
    assert not to(out, "坪阡村群")
    assert not to(out, "简老板")
    assert not any("报名" in m or "订阅好了" in m for m in to(out, "阿香"))


def test_the_day_of_a_call_back_names_no_day_not_gone_to() -> None:
    now = dt.datetime(2027, 6, 7, 9, 0, tzinfo=TZ)
    assert day_named("厂里喊我周日回去 去不成了", now) is None
    assert day_named("周日屋里办酒 去不成了", now) == dt.date(2027, 6, 13)
    for text in ("厂里喊我周日回去", "老板叫我初十回厂上班"):
        assert parse(text, now, None).intent == "other", text


# ==== two of a party of three backing out: the claim shrinks to one, the employer is told

ORCHARD = """
@group 三堆河村群 三堆河村
邵老板: 你好
老冉: 你好
阿贵: 你好
小喻: 你好
邵老板@三堆河村群: 后天三堆河村剪果枝 要五个小工 一天一百四 电话13636219047 邵老板
老冉@三堆河村群^: 我们三个来 我和我两个侄儿
阿贵@三堆河村群^: 我们两个去 我和我老婆
小喻@三堆河村群^: 算我一个 排候补
"""


@pytest.fixture
def orchard() -> Iterator[Conversation]:
    conv = Conversation(start="2027-02-22 18:00", autobind=True)
    conv.say(ORCHARD)
    assert _claims(conv) == [[("小喻", 1, "waitlisted"), ("老冉", 3, "confirmed"),
                              ("阿贵", 2, "confirmed")]]
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "老冉@三堆河村群^: 我两个侄儿回学校了 我们两个来不成了",
    "老冉: 对不住 我们俩去不成了 河里涨水了",
    "老冉@三堆河村群^: 喂邵老板啊我们两个来不成了车子坏了",
])
def test_two_of_a_party_of_three_backing_out_leaves_one(orchard: Conversation,
                                                        line: str) -> None:
    out = orchard.say(line)
    claims = _claims(orchard)[0]
    assert ("老冉", 1, "confirmed") in claims, line
    assert ("小喻", 1, "confirmed") in claims  # a place freed: the wait moves up
    assert any("老冉" in m and "1人" in m for m in to(out, "邵老板"))
    assert any("13636219047" in m for m in to(out, "小喻"))


def test_the_whole_party_backing_out_withdraws(orchard: Conversation) -> None:
    orchard.say("阿贵@三堆河村群^: 我们两个来不成了 屋里老人病了")
    assert ("阿贵", 2, "cancelled") in _claims(orchard)[0]


@pytest.mark.parametrize(("who", "text"), [
    ("小喻", "我们两个来不成了 河里涨水了"),  # a wait of one: two is not its party
    ("老冉", "我们两个怕是来不成"),  # a worry, not settled by 了
    ("老冉", "要是落雨 我们两个怕是去不成"),
    ("阿贵", "我们三个来不成了"),  # more than the party of two: not theirs
])
def test_another_size_or_a_worry_changes_no_party(orchard: Conversation, who: str,
                                                  text: str) -> None:
    out = orchard.say(f"{who}@三堆河村群^: {text}")
    claims = _claims(orchard)[0]
    assert ("老冉", 3, "confirmed") in claims
    assert ("阿贵", 2, "confirmed") in claims
    assert ("小喻", 1, "waitlisted") in claims
    assert not to(out, "邵老板")


# ==== the poster's raise of one job named by its work: that job's headcount, told as a raise

TEA = """
@group 龙溪村群 龙溪村
田老板: 你好
小鄢: 你好
阿翠: 你好
老杜: 你好
田老板@龙溪村群: 后天龙溪村茶厂要四个摘茶的 一天一百二 还要两个炒茶揉茶的 一天一百九 \
电话13487740215 田老板
"""


@pytest.fixture
def tea() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-02 07:40", autobind=True)
    conv.say(TEA)
    assert [(j["work_type"], j["headcount"]) for j in conv.jobs()] == [("采茶工", 4),
                                                                       ("操作工", 2)]
    conv.say("""
小鄢@龙溪村群^: 我去
阿翠@龙溪村群^: 算我一个
老杜@龙溪村群^: 我也去 排个队
""")
    assert _claims(conv) == [[], [("小鄢", 1, "confirmed"), ("老杜", 1, "waitlisted"),
                                  ("阿翠", 1, "confirmed")]]
    yield conv
    conv.close()


def _heads(conv: Conversation) -> list[int]:
    return [j["headcount"] for j in conv.jobs()]


@pytest.mark.parametrize("line", [
    "田老板@龙溪村群: 揉茶的再要一个",  # to the group, no reply
    "田老板@龙溪村群^: 揉茶的再要一个",  # replying to the card
    "田老板: 揉茶的再要一个",  # privately
])
def test_the_posters_raise_of_a_job_named_by_its_work_raises_it(tea: Conversation,
                                                                line: str) -> None:
    out = tea.say(line)
    assert _heads(tea) == [4, 3], line
    assert ("老杜", 1, "confirmed") in _claims(tea)[1]
    assert any("报名成功" in m and "13487740215" in m for m in to(out, "老杜"))
    assert any("老杜" in m for m in to(out, "田老板"))
    assert any("3人" in m for m in to(out, "龙溪村群"))  # the card shows the new count


def test_a_raise_of_the_other_job_of_the_post_raises_that_one(tea: Conversation) -> None:
    tea.say("田老板: 摘茶的再要两个")
    assert _heads(tea) == [6, 2]


def test_a_raise_of_a_job_posted_alone_named_by_its_work() -> None:
    conv = Conversation(start="2027-04-02 07:40", autobind=True)
    try:
        conv.say("""
@group 龙溪村群 龙溪村
田老板: 你好
田老板@龙溪村群: 后天龙溪村要三个摘茶的 一天一百二 电话13487740215 田老板
""")
        conv.say("田老板@龙溪村群: 摘茶的再要一个")
        assert _heads(conv) == [4]
        # 还要: that many beyond those placed — with four places open, a reminder
        conv.say("田老板@龙溪村群^: 摘茶的还要一个")
        assert _heads(conv) == [4]
    finally:
        conv.close()


@pytest.mark.parametrize("line", [
    "小鄢@龙溪村群: 揉茶的还要人不",  # a worker asking
    "阿翠@龙溪村群: 再要一个就满了",  # another member's remark
    "阿翠@龙溪村群^: 揉茶的再要一个",  # another member saying the poster's words
    "田老板@龙溪村群: 揉茶的再要一个吗",  # asked, not said
    "田老板@龙溪村群: 炒菜的再要一个",  # a work none of the post's jobs is
])
def test_a_question_a_remark_or_anothers_words_raise_nothing(tea: Conversation,
                                                              line: str) -> None:
    out = tea.say(line)
    assert _heads(tea) == [4, 2], line
    assert ("老杜", 1, "waitlisted") in _claims(tea)[1]
    assert not to(out, "老杜")


def test_more_named_reads_the_raise_after_the_work() -> None:
    assert more_named("揉茶的再要一个") == ("more", 1)
    assert more_named("端盘子的还要两个") == ("still", 2)
    assert more_named("再要一个就满了") is None
    assert more_named("揉茶的还要人不") is None
