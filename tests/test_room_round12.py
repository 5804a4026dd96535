"""Round 12 (the eighteenth round's conversations): spring tea villages and families signing
up together — each kind with the messages that must act and the look-alikes that must not.
Every sentence is new (none is a line of a conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

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


# ==== someone saying they will post the work for everyone is no search for work


def test_a_villager_offering_to_post_the_work_for_everyone_is_left_alone() -> None:
    c = Conversation(start="2027-07-13 10:00")
    out = c.say("""
    @group 青天村群 青天村
    小孙@青天村群: 我是青天村的小孙 以后帮大家发活路
    小孙@青天村群: 有活的老板找我 我帮你们发活
    """)
    assert not to(out, "青天村群")
    c.close()


def test_someone_wanting_work_for_himself_is_still_offered_a_subscription() -> None:
    c = Conversation(start="2027-07-13 10:00")
    out = c.say("""
    @group 青天村群 青天村
    小孙@青天村群: 我是青天村的小孙 想找点活路 有活喊我
    """)
    assert any("订阅" in m for m in to(out, "青天村群"))
    c.close()


# ==== an errand offered («有冇得要带的») is no search for work


def test_an_errand_offered_to_the_group_gets_no_answer() -> None:
    c = Conversation(start="2027-06-09 08:00")
    out = c.say("""
    @group 松柏村群 松柏村
    老熊@松柏村群: 后天我去县里拿药 有冇得要带的
    老熊@松柏村群: 等下去镇上称肉 有没有要捎的
    """)
    assert not to(out, "松柏村群")
    c.close()


def test_asking_whether_anyone_wants_a_worker_is_still_a_search() -> None:
    c = Conversation(start="2027-06-09 08:00")
    out = c.say("""
    @group 松柏村群 松柏村
    老熊@松柏村群: 我这几天得空 有冇得要人的
    """)
    assert any("订阅" in m for m in to(out, "松柏村群"))
    c.close()


# ==== a village's job forwarded into its township's group, naming no place, is that job

FORWARDED = """
@group 八角庙村群 八角庙村
@group 松柏镇群 松柏镇
@group 木鱼镇群 木鱼镇
贝老板@八角庙村群: 大后天砌猪圈 要三个小工 一天一百七 电话15906711234 贝老板
"""


def test_a_forward_naming_no_place_in_the_township_group_adds_no_job() -> None:
    c = Conversation(start="2027-06-09 08:00")
    c.say(FORWARDED)
    c.say("老向@松柏镇群: 帮忙转一下：大后天砌猪圈 要三个小工 一天一百七 电话15906711234 贝老板")
    jobs = c.jobs()
    assert len(jobs) == 1 and jobs[0]["village"] == "八角庙村"
    c.close()


def test_a_repeat_naming_another_place_or_in_another_township_is_a_second_job() -> None:
    c = Conversation(start="2027-06-09 08:00")
    c.say(FORWARDED)
    # the same words, another village of the township said outright
    c.say("老向@松柏镇群: 大后天松柏村砌猪圈 要三个小工 一天一百七 电话15906711234 贝老板")
    # the township itself said outright, in its own group
    c.say("老向@松柏镇群: 大后天松柏镇上砌猪圈 要三个小工 一天一百七 电话15906711234 贝老板")
    # the same words in a group of a township the village is not in
    c.say("老谭@木鱼镇群: 大后天砌猪圈 要三个小工 一天一百七 电话15906711234 贝老板")
    assert [(j["township"], j["village"]) for j in c.jobs()] == [
        ("松柏镇", "八角庙村"),
        ("松柏镇", "松柏村"),
        ("松柏镇", None),
        ("木鱼镇", None),
    ]
    c.close()


# ==== a fee post quoted and asked about is not held as a post

FEE = """
@group 龙溪村群 龙溪村
@officer 黄干事 阳日镇
黄干事: 你好
"""


def test_a_quoted_fee_post_asked_about_is_no_post() -> None:
    c = Conversation(start="2027-06-17 10:00")
    c.say(FEE)
    out = c.say("老乔@龙溪村群: 前年有人发「招三个摘茶叶的 先交押金两百」 今年还有么")
    assert c.jobs() == []
    assert not to(out, "龙溪村群") and not to(out, "黄干事")
    c.close()


def test_the_fee_post_itself_is_still_held() -> None:
    c = Conversation(start="2027-06-17 10:00")
    c.say(FEE)
    out = c.say("老乔@龙溪村群: 招三个摘茶叶的 一天一百 先交押金两百 电话17762331234")
    assert [j["state"] for j in c.jobs()] == ["held"]
    assert any("押金" in m for m in to(out, "黄干事"))
    c.close()


# ==== what someone once asked of the sender (「上回有个老板喊我…」) is a story, no search


def test_a_story_of_what_a_boss_once_asked_gets_no_answer() -> None:
    c = Conversation(start="2027-06-17 10:00")
    out = c.say("""
    @group 龙溪村群 龙溪村
    老乔@龙溪村群: 那回有个包工头喊我交五十块报名费 我冇交
    老乔@龙溪村群: 以前有人叫我去工地看场子 后来也没去
    """)
    assert not to(out, "龙溪村群")
    c.close()


def test_call_me_when_there_is_work_after_a_story_is_still_a_search() -> None:
    c = Conversation(start="2027-06-17 10:00")
    out = c.say("""
    @group 龙溪村群 龙溪村
    老乔@龙溪村群: 上回那个活干完了 有活再喊我一声
    """)
    assert any("订阅" in m for m in to(out, "龙溪村群"))
    c.close()


# ==== no work, said with how the idle days pass, is a lament


def test_no_work_and_the_days_spent_by_the_fire_is_a_lament() -> None:
    c = Conversation(start="2027-12-09 16:00")
    out = c.say("""
    @group 钱家湾村群 钱家湾村
    老金@钱家湾村群: 这一向冇得活路 都在屋里看电视
    老金@钱家湾村群: 今年冬天没活干 一家人都在晒太阳
    """)
    assert not to(out, "钱家湾村群")
    c.close()


def test_no_work_and_asking_to_be_called_is_still_a_search() -> None:
    c = Conversation(start="2027-12-09 16:00")
    out = c.say("""
    @group 钱家湾村群 钱家湾村
    老金@钱家湾村群: 冇得么子活路 天天在屋里打牌 哪个有活喊我
    """)
    assert any("订阅" in m for m in to(out, "钱家湾村群"))
    c.close()


# ==== the poster asking who signed up and for their phones gets the list

WHO = """
@group 桃园村群 桃园村
贝老板: 你好
小田: 电话15826401234
贝老板@桃园村群: 大后天刷墙 要两个油漆工 一天两百二 电话15927441234 贝老板
小田@桃园村群^: 我去
"""


def test_the_poster_asking_who_signed_up_and_their_phones_gets_them() -> None:
    c = Conversation(start="2027-09-20 09:40")
    c.say(WHO)
    for text in ("谁报名了 把他们电话发我一下", "都有谁报名了 名单发给我看看"):
        out = c.say(f"贝老板: {text}")
        assert any("小田" in m and "15826401234" in m for m in to(out, "贝老板")), text
    c.close()


def test_someone_with_no_job_up_asking_the_same_gets_no_list() -> None:
    c = Conversation(start="2027-09-20 09:40")
    c.say(WHO)
    out = c.say("老万@桃园村群: 谁报名了 把电话发给我")
    assert not to(out, "桃园村群")
    out = c.say("小田: 谁报名了 把电话发给我")
    assert not any("15826401234" in m or "您发的招工" in m for m in to(out, "小田"))
    c.close()

