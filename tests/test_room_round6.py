"""Issue 10, the kinds a seventh round's winter conversations found (played once before any
was read): a claim with a place in the queue, a question about when to come or what to bring,
a voice run-on; 「报名【1】」 with the claimer's circumstances; the poster's errand under their
own card; courtesy in a private chat; a regret and someone else's qualities read as a seek; a
seek after news of one's own; 初十要个厨师. Each with the look-alikes that must not act."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from handlers.reading import claim_around
from nlp import parse
from tests.conversation import Conversation, to

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 2, 10, 9, 15, tzinfo=TZ)


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation(start="2027-01-28 18:00", autobind=True)
    conv.say("@group 桃园村群 桃园村")
    yield conv
    conv.close()


# --------------------------------------------------------------------------- said with a claim


@pytest.mark.parametrize(("text", "count"), [
    ("我报名 排个候补", 1),
    ("报名 候补一个", 1),
    ("我去 几点到", 1),  # the contract's 「我可以去，几点到？」
    ("我去，明天几点", 1),
    ("我去 哪里集合", 1),
    ("我去 要不要带扫把", 1),
    ("要得要得我去嘛那天早上八点钟就到你屋里 要不要带扫把", 1),  # voice, run together
    ("我们两个去 几点集合", 2),
])
def test_a_claim_with_a_queue_a_time_or_what_to_bring(text: str, count: int) -> None:
    assert claim_around(text) == (count, None)


@pytest.mark.parametrize("text", [
    "我去，一天才100？",  # a doubt about the pay
    "几点到",  # asking, with no claim
    "要不要带扫把",
    "我去 要不要带钱",  # money is never a circumstance
    "我去 管饭不",  # asking about the terms is no plain claim
    "明天我去镇上",  # one's own plans
    "我去嘛 看看再说",
    "排个候补",  # a queue with no claim
])
def test_look_alikes_around_a_claim_stay_unsure(text: str) -> None:
    assert claim_around(text) is None


BANQUET = ("韩家大哥@桃园村群: 腊月二十八我屋里老爷子过八十大寿 要一个掌勺的大厨 三百一天 "
           "还要两个帮厨 一天一百五 电话18162739405 韩家")


def test_a_claim_by_number_with_the_claimers_circumstances(chat: Conversation) -> None:
    chat.say("老毛: 你好")
    chat.say(BANQUET)
    cook = chat.jobs()[0]
    out = chat.say(f"老毛@桃园村群: 报名【{cook['id']}】 我做了二十年酒席")
    assert "18162739405" in to(out, "老毛")[0]
    assert [c["person"] for c in chat.jobs()[0]["claims"]] == ["老毛"]


@pytest.mark.parametrize("rest", ["一天才三百？", "我去镇上看看", "明天再说"])
def test_a_number_claim_with_a_doubt_or_a_plan_signs_nobody_up(chat: Conversation,
                                                               rest: str) -> None:
    chat.say(BANQUET)
    cook = chat.jobs()[0]
    chat.say(f"老毛@桃园村群: 报名【{cook['id']}】 {rest}")
    assert chat.jobs()[0]["claims"] == []


# --------------------------------------------------------------------------- the poster's errand


POST = "覃大姐@桃园村群: 明天屋里大扫除 要三个搞卫生的 一天一百三 电话13797325516 覃大姐"


def test_the_posters_errand_under_their_card_changes_nothing(chat: Conversation) -> None:
    chat.say(POST)
    out = chat.say("覃大姐@桃园村群^: 我下午去坪阡买对联 回来再说")
    assert out == []
    assert chat.jobs()[0]["village"] == "桃园村"


@pytest.mark.parametrize("reply", ["地点坪阡村", "改到坪阡村"])
def test_a_place_correction_under_ones_card_still_corrects(chat: Conversation,
                                                          reply: str) -> None:
    chat.say(POST)
    out = chat.say(f"覃大姐@桃园村群^: {reply}")
    assert any("已改好" in m for m in to(out, "桃园村群"))
    assert chat.jobs()[0]["village"] == "坪阡村"


# --------------------------------------------------------------------------- courtesy, privately


def test_a_greeting_the_way_a_call_starts_gets_the_help(chat: Conversation) -> None:
    out = chat.say("陈婆婆: 喂 你好")
    assert "招工小助手" in to(out, "陈婆婆")[0]


def test_thanks_and_a_kind_word_get_a_kind_answer(chat: Conversation) -> None:
    out = chat.say("陈婆婆: 要得 谢谢你们哈 政府搞的这个好")
    assert to(out, "陈婆婆") == ["不客气！要招人或者想找活，随时发给我。"]


@pytest.mark.parametrize("text", ["你们搞的这个不好", "谢谢 你们搞的这个不好",
                                  "谢谢 我那个工钱还没给", "喂 你好 我想找活"])
def test_complaints_and_requests_are_not_taken_for_courtesy(chat: Conversation,
                                                           text: str) -> None:
    out = to(chat.say(f"陈婆婆: {text}"), "陈婆婆")
    assert "不客气" not in " ".join(out)


def test_thanks_never_swallows_a_post(chat: Conversation) -> None:
    chat.say("陈婆婆: 谢谢 后天要两个搞卫生的 一天一百二 电话13581726649 桃园村")
    assert [j["work_type"] for j in chat.jobs()] == ["保洁员"]


# --------------------------------------------------------------------------- who seeks work


@pytest.mark.parametrize("text", [
    "可惜了 本来想挣点过年钱",  # a wish given up
    "早知道去年就出去挣点钱",
    "王大爷今年八十了还去帮忙杀猪 身体好得很",  # someone else's qualities
    "他身体好 能吃苦",
])
def test_regrets_and_someone_elses_qualities_seek_nothing(text: str) -> None:
    assert parse(text, NOW, chat_region="桃园村").intent == "other"


@pytest.mark.parametrize("text", [
    "想挣点过年钱 有活喊我",
    "我身体好得很 有活喊我",
    "我在东莞打工刚回来 会开车 想在松柏找几天活 两百以上",  # news of one's own, then a seek
])
def test_ones_own_wish_for_work_is_a_seek(text: str) -> None:
    assert parse(text, NOW, chat_region="桃园村").intent == "work_seek"


def test_a_relatives_work_elsewhere_is_still_news() -> None:
    assert parse("我儿子在东莞打工 一个月六千", NOW).intent == "other"


# --------------------------------------------------------------------------- 初十要个


@pytest.mark.parametrize(("text", "heads"), [
    ("初十要个厨师 酒店开业 一天三百", 1),
    ("初十要三个厨师 一天三百", 3),
    ("后天要个厨师 一天三百", 1),
])
def test_a_lunar_day_before_yao_ge_is_a_day_not_an_amount(text: str, heads: int) -> None:
    job = parse(text, NOW, chat_region="黄柏阡村").jobs[0]
    assert job.headcount == heads
    assert job.start_date is not None


def test_a_claim_by_number_with_a_phone_keeps_the_phone(chat: Conversation) -> None:
    from sqlmodel import select

    from storage.models import Person

    chat.say("韩家大哥: 你好")
    chat.say(BANQUET)
    cook = chat.jobs()[0]
    chat.say(f"小彭: 报名【{cook['id']}】 电话13972615530")
    assert [c["person"] for c in chat.jobs()[0]["claims"]] == ["小彭"]
    with chat.session() as s:
        assert s.exec(select(Person.phone).where(Person.name == "小彭")).one() == "13972615530"


# --------------------------------------------------------------------------- the q and r sets


@pytest.mark.parametrize(("text", "count"), [
    ("符老板我去哈我跟我屋里那个一起来我们两个人明天早上七点到", 2),  # voice, no punctuation
    ("涨了那我也去", 1),  # what happened, then the claim it brings on
    ("要得 我去 二十五下午就到", 1),  # a lunar day with no 号
    ("我去 初八早上到", 1),
])
def test_more_claims_said_with_circumstances(text: str, count: int) -> None:
    assert claim_around(text) == (count, None)


@pytest.mark.parametrize("text", [
    "我也想去但是我明天要克医院看我妈等下回再说",  # wants to, cannot: no claim
    "要是涨了那我也去",  # an "if" is no claim yet
    "下雨了那我不去",
    "那个我去镇上",
    "我去 二十五号去镇上",
    "我屋里那个也想去 问下几点",
])
def test_their_look_alikes_stay_unsure(text: str) -> None:
    assert claim_around(text) is None


def test_a_withdrawal_begun_with_na_and_a_reason() -> None:
    from handlers.reading import withdrawal_said

    assert withdrawal_said("那我不去了 后天屋里有事") == ("不去了", "后天屋里有事")
    assert withdrawal_said("那我不去镇上了 后天屋里有事") is None


def test_things_given_away_seek_no_work() -> None:
    assert parse("我那双胶鞋不要了 哪个要拿去 四十码的", NOW).intent == "other"
    assert parse("有冇得活 哪个要人喊我", NOW).intent == "work_seek"


@pytest.mark.parametrize(("text", "fields"), [
    ("改成后天 明天要落雨", {"start_date": dt.date(2027, 2, 12)}),  # the reason names a day too
    ("人数4 再要两个", {"headcount": 4}),  # a restatement, not a second count
    ("工价200 人数5", {"wage_min": 200.0, "wage_max": 200.0, "headcount": 5}),  # two fields
    ("工价 200 一天", {"wage_min": 200.0, "wage_max": 200.0, "wage_unit": "day"}),
])
def test_a_correction_is_read_by_its_first_saying_of_each_field(
        text: str, fields: dict[str, object]) -> None:
    from handlers.reading import stated_fields
    from nlp import load_gazetteer

    assert stated_fields(text, NOW, load_gazetteer()) == fields


TWO = ("田老板@桃园村群: 明天打核桃 要三个人 一天一百五 电话15971183026",
       "覃嫂@桃园村群: 后天挖洋芋 两个人 一天一百三 电话13597742180")


def test_a_bare_claim_with_two_open_cards_in_sight_takes_neither(chat: Conversation) -> None:
    for post in TWO:
        chat.say(post)
    assert to(chat.say("向婶@桃园村群: 我去"), "桃园村群") == []
    assert [j["claims"] for j in chat.jobs()] == [[], []]
    chat.say("向婶@桃园村群^: 我去")  # replying to the latest card says which
    assert [len(j["claims"]) for j in chat.jobs()] == [0, 1]


def test_a_bare_claim_with_one_open_card_takes_it(chat: Conversation) -> None:
    chat.say(TWO[0])
    chat.say("向婶@桃园村群: 我去")
    assert [len(j["claims"]) for j in chat.jobs()] == [1]
