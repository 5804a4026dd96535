"""Round 12 (the eighteenth round's conversations): spring tea villages and families signing
up together — each kind with the messages that must act and the look-alikes that must not.
Every sentence is new (none is a line of a conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to


def _claims(conv: Conversation) -> list[list[tuple[str, int, str]]]:
    return [sorted((c["person"], c["count"], c["status"]) for c in job["claims"])
            for job in conv.jobs()]


# ==== a day named only as the time of the weather, its degree said after (「今天雾大得很」)

TEA = """
@group 盘龙村群 盘龙村
邓姐: 你好
邓姐@盘龙村群: 后天盘龙村茶园采茶 要六个人 一天一百二 电话15871329046 邓姐
"""


@pytest.fixture
def tea() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-21 08:00", autobind=True)
    conv.say(TEA)
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "今天风大得很 茶山上站都站不稳",
    "明天冷得要命 芽头都冇发",
    "今天太阳毒死了 晒得人发昏",
])
def test_weather_with_its_degree_after_under_ones_card_changes_no_day(
        tea: Conversation, text: str) -> None:
    out = tea.say(f"邓姐@盘龙村群^: {text}")
    assert not out
    assert tea.jobs()[0]["start_date"] == "2027-04-23"


def test_a_correction_said_beside_such_weather_still_corrects(tea: Conversation) -> None:
    tea.say("邓姐@盘龙村群^: 改成明天 后天雨大得很")
    assert tea.jobs()[0]["start_date"] == "2027-04-22"


# ==== a wage question takes no price of goods judged dear or cheap (「…贵得很 一斤都要…」)

DRAFT = """
@group 长坊村群 长坊村
贺老板: 你好
贺老板@长坊村群: 大后天要四个人栽魔芋 在长坊村 电话18972031156 贺老板
"""


@pytest.fixture
def waiting() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-27 10:00", autobind=True)
    conv.say(DRAFT)
    assert [j["state"] for j in conv.jobs()] == ["draft"]
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "今年魔芋种贵得很 一斤都要八块",
    "化肥比去年便宜点 一包一百二",
    "农药一瓶都要六十五",  # what a thing "comes to"
])
def test_what_goods_cost_answers_no_wage_question(waiting: Conversation, text: str) -> None:
    out = waiting.say(f"贺老板: {text}")
    assert [j["state"] for j in waiting.jobs()] == ["draft"]
    assert not to(out, "长坊村群")


@pytest.mark.parametrize(("text", "wage"), [
    ("一天一百五", 150),
    ("工钱一天一百四 比去年贵点", 140),  # the wage said with its word, a remark after it
])
def test_a_wage_said_as_the_jobs_answers_it(waiting: Conversation, text: str,
                                            wage: int) -> None:
    waiting.say(f"贺老板: {text}")
    [job] = waiting.jobs()
    assert (job["state"], job["wage_min"]) == ("open", wage)


# ==== a claim naming the job by whom it is for, said as its name (「女的那个」「男工那边」)

SPLIT = """
@group 中岭村群 中岭村
符老板: 你好
符老板@中岭村群: 后天收苞谷 要男的两个 女的三个 男的一天170 女的一天150 电话18986014471 符老板
"""


@pytest.fixture
def split() -> Iterator[Conversation]:
    conv = Conversation(start="2027-09-18 08:00", autobind=True)
    conv.say(SPLIT)
    assert len(conv.jobs()) == 2
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "job", "count"), [
    ("女的那个 我来", 1, 1),
    ("男工那边 算我一个", 0, 1),
    ("男的那个活 我和我兄弟两个", 0, 2),
])
def test_the_gender_said_as_the_jobs_name_takes_that_job(split: Conversation, text: str,
                                                        job: int, count: int) -> None:
    # replying to the last card (女的), whichever it is
    split.say(f"小向@中岭村群^: {text}")
    want: list[list[tuple[str, int, str]]] = [[], []]
    want[job] = [("小向", count, "confirmed")]
    assert _claims(split) == want


@pytest.mark.parametrize("text", [
    "女的那个是做么子的",  # a question naming it
    "男的那个 一天才一百七",  # talk of its pay
    "女的那个 男的那个 都算我一个",  # two named
])
def test_talk_naming_a_gender_job_claims_nothing(split: Conversation, text: str) -> None:
    split.say(f"小向@中岭村群^: {text}")
    assert _claims(split) == [[], []]


# ==== what hiring costs these days, said of 请人 (「现在请人…都要…」), is no post

@pytest.mark.parametrize("text", [
    "现在请人割草都要一百八一天了",
    "今年请人摘茶起码要一百五",
])
def test_what_hiring_costs_told_in_a_group_is_no_post(tea: Conversation, text: str) -> None:
    out = tea.say(f"老柯@盘龙村群: {text}")
    assert not out
    assert len(tea.jobs()) == 1


def test_hiring_at_that_pay_is_still_a_post(tea: Conversation) -> None:
    tea.say("老柯@盘龙村群: 请人割草 要三个 一天一百八 电话13872025518")
    assert len(tea.jobs()) == 2


# ==== 我去 in surprise with the weather named first (「我去 这风好大」)

@pytest.mark.parametrize("text", ["我去 这风好大", "我去 今天雨太大了 出不得门"])
def test_surprise_at_the_weather_under_the_card_claims_nothing(tea: Conversation,
                                                               text: str) -> None:
    out = tea.say(f"小梅@盘龙村群^: {text}")
    assert _claims(tea) == [[]]
    assert not out


def test_a_claim_with_what_one_brings_for_the_weather_claims(tea: Conversation) -> None:
    tea.say("小梅@盘龙村群^: 我去 雨衣我自己带")
    assert _claims(tea) == [[("小梅", 1, "confirmed")]]


# ==== a post wanting people "too" (「…也要人」), naming no work: the poster's work up

def test_a_second_post_wanting_people_too_takes_the_posters_work(tea: Conversation) -> None:
    tea.say("邓姐@盘龙村群: 大后天西坡村茶园也要人 三个 一天一百二 电话15871329046")
    first, second = tea.jobs()
    assert (second["work_type"], second["state"], second["headcount"]) == ("采茶工", "open", 3)
    assert second["village"] == "西坡村"
    assert first["headcount"] == 6


def test_wanting_people_too_from_someone_with_no_job_up_names_no_work(
        tea: Conversation) -> None:
    out = tea.say("老柯@盘龙村群: 大后天西坡村茶园也要人 三个 一天一百二 电话13872025518")
    second = tea.jobs()[1]
    assert (second["work_type"], second["state"]) == (None, "draft")
    assert any("工种" in m for m in to(out, "盘龙村群"))


def test_a_post_naming_its_own_work_keeps_it(tea: Conversation) -> None:
    tea.say("邓姐@盘龙村群: 大后天也要两个搬运的 卸茶叶 一天一百五 电话15871329046")
    assert tea.jobs()[1]["work_type"] == "搬运工"


# ==== news of someone named still going to work (「向婆婆都八十了还去薅草」) is no seek

@pytest.mark.parametrize("text", [
    # a pair (两口子) is no count of people wanted
    "向婆婆两口子都八十了还去摘茶 身体好得很",
    "王大爷两口子都七十了还在帮人搬砖",
    "李大爷七十几了天天在茶园里 儿女都劝不住",
])
def test_news_of_a_neighbour_still_working_gets_no_answer(tea: Conversation,
                                                          text: str) -> None:
    out = tea.say(f"老柯@盘龙村群: {text}")
    assert not out
    assert len(tea.jobs()) == 1


def test_a_post_for_a_neighbours_work_is_still_a_post(tea: Conversation) -> None:
    tea.say("老柯@盘龙村群: 向婆婆屋里大后天薅草 要两个人 一天一百二 电话13872025518")
    assert len(tea.jobs()) == 2


# ==== we and the kin we are, with how many (「我们姐妹两个去」), replying to the card

@pytest.mark.parametrize(("text", "count"), [
    ("我们姐妹两个去", 2),
    ("我们妯娌三个都来", 3),
])
def test_we_the_kin_and_our_number_claim_for_all(tea: Conversation, text: str,
                                                 count: int) -> None:
    tea.say(f"阿梅@盘龙村群^: {text}")
    assert _claims(tea) == [[("阿梅", count, "confirmed")]]


@pytest.mark.parametrize("text", [
    "他们兄弟两个去",  # someone else's party
    "我们姐妹两个明天去县里",  # our own errand
])
def test_kin_going_elsewhere_or_someone_elses_claim_nothing(tea: Conversation,
                                                           text: str) -> None:
    tea.say(f"阿梅@盘龙村群^: {text}")
    assert _claims(tea) == [[]]


# ==== 「我们俩」: the count word is the party

@pytest.mark.parametrize(("text", "count"), [
    ("我报女工 我们俩 我和我幺妹", 2),  # who the other is, in a word not of kin
    ("我去 我们仨", 3),
])
def test_we_two_said_with_the_claim_is_the_party(split: Conversation, text: str,
                                                 count: int) -> None:
    split.say(f"邹姐@中岭村群^: {text}")
    assert _claims(split) == [[], [("邹姐", count, "confirmed")]]


def test_we_two_going_elsewhere_claims_nothing(split: Conversation) -> None:
    split.say("邹姐@中岭村群^: 我们俩明天去松柏赶场")
    assert _claims(split) == [[], []]
