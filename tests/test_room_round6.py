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


# --------------------------------------------------------------------------- the s and t sets,
# and a review of the round's rules


@pytest.mark.parametrize(("text", "count"), [
    ("喂喂听得到不 我跟我老伴两个人都可以来 我们两个", 2),  # voice checks the line first
    ("我去 明天早上坐班车来", 1),
    ("我们两个去 我和我屋里的", 2),
    ("我去 我姑娘也来 她放假在屋里", 2),
    ("要得要得 我和我屋里老头子两个都克 明早七点到 背篓自己带", 2),
])
def test_claims_of_the_s_and_t_sets(text: str, count: int) -> None:
    assert claim_around(text) == (count, None)


@pytest.mark.parametrize("text", [
    "我去过", "我来过了", "我也去过那里", "我去的",  # the past, not a sign-up
    "喂喂听得到不",
    "我去 坐车去镇上",
    "我去年在那个酒店干过 老板蛮好的",
    "我去 我姑娘在宜昌上班",
])
def test_their_look_alikes_sign_nobody_up(text: str) -> None:
    assert claim_around(text) is None


def test_a_card_replied_to_with_i_have_been_there_is_no_claim(chat: Conversation) -> None:
    chat.say(TWO[0])
    chat.say("老毛@桃园村群^: 我去过")
    assert chat.jobs()[0]["claims"] == []


def test_two_numbers_in_one_claim_are_not_guessed(chat: Conversation) -> None:
    chat.say(BANQUET)
    first, second = (j["id"] for j in chat.jobs())
    # the 帮厨 job has room for two: 【1】 must not be read as a party of one more
    assert chat.say(f"老毛@桃园村群: 报名【{second}】 报名【{first}】") == []
    assert chat.say(f"老毛@桃园村群: 报名【{second}】 【{first}】") == []
    assert [j["claims"] for j in chat.jobs()] == [[], []]


@pytest.mark.parametrize(("reply", "field", "value"), [
    ("我要加到6个人", "headcount", 6),
    ("我改到后天", "start_date", "2027-01-30"),
    ("改成后天 干三天", "start_date", "2027-01-30"),
    ("我改到坪阡村", "village", "坪阡村"),
])
def test_a_posters_correction_with_dao_is_no_errand(chat: Conversation, reply: str, field: str,
                                                   value: object) -> None:
    chat.say(POST)
    chat.say(f"覃大姐@桃园村群^: {reply}")
    assert chat.jobs()[0][field] == value


def test_what_the_poster_tells_of_past_years_corrects_nothing(chat: Conversation) -> None:
    chat.say(POST)
    chat.say("覃大姐@桃园村群^: 去年这个时候工价才一百 今年都涨了")
    assert chat.jobs()[0]["wage_min"] == 130


@pytest.mark.parametrize(("text", "fields"), [
    ("改成后天 干三天", {"start_date": dt.date(2027, 2, 12), "duration_days": 3}),
    ("不是明天 改成后天", {"start_date": dt.date(2027, 2, 12)}),
    ("工价150太低了 改成180", {"wage_min": 180.0, "wage_max": 180.0}),
])
def test_a_correction_keeps_what_else_it_says_and_skips_what_it_puts_aside(
        text: str, fields: dict[str, object]) -> None:
    from handlers.reading import stated_fields
    from nlp import load_gazetteer

    assert stated_fields(text, NOW, load_gazetteer()) == fields


def test_a_refused_claim_changes_no_phone(chat: Conversation) -> None:
    from sqlmodel import select

    from storage.models import Person

    chat.say("小彭: 你好")
    chat.say(BANQUET)
    chat.say("小彭@桃园村群: 电话13900002222 我去过几次")  # no claim; the bot learns no phone
    cook = chat.jobs()[0]
    chat.say("韩家大哥@桃园村群^: 不招了")  # replying to the latest card: the 帮厨 job
    chat.say(f"韩家大哥@桃园村群: 报名【{cook['id']}】")  # the poster's own: refused
    out = chat.say(f"韩家大哥@桃园村群: 报名【{cook['id']}】 电话13933334444")
    assert not any("电话已改为" in m for m in out)
    with chat.session() as s:
        assert s.exec(select(Person.phone).where(Person.name == "韩家大哥")).one() != \
            "13933334444"


@pytest.mark.parametrize("text", ["谢谢 明天有活就好", "谢谢 帮我问下最好",
                                  "要得 谢谢 工钱高点就好"])
def test_thanks_with_a_wish_is_no_mere_courtesy(chat: Conversation, text: str) -> None:
    out = to(chat.say(f"陈婆婆: {text}"), "陈婆婆")
    assert "不客气" not in " ".join(out)


def test_ones_own_open_job_is_no_rival(chat: Conversation) -> None:
    chat.say(TWO[0])
    chat.say(TWO[1])
    chat.say("田老板@桃园村群: 我去")  # his own job cannot be the one he means
    assert [len(j["claims"]) for j in chat.jobs()] == [0, 1]


def test_a_day_gone_by_is_no_start_date_beside_a_day_to_come() -> None:
    text = "我屋里老父亲昨晚走了 明天上山 要请打杂的六个 做饭的两个 都是一天一百五"
    jobs = parse(text, dt.datetime(2027, 6, 3, 7, 50, tzinfo=TZ), chat_region="盘水村").jobs
    assert [j.start_date for j in jobs] == [dt.date(2027, 6, 4)] * 2
    assert parse("昨天要3个搬运工 150一天", NOW).jobs[0].start_date == dt.date(2027, 2, 9)


def test_the_card_a_chat_saw_last_is_the_last_one_sent() -> None:
    from sqlmodel import Session

    from storage import outbox
    from storage.db import make_engine, upgrade
    from storage.models import OutboxMessage

    engine = make_engine("sqlite://")
    upgrade(engine)
    at = dt.datetime(2027, 2, 10, 7, 0, tzinfo=TZ)
    with Session(engine) as s:
        # a refresh held through the night (made first) goes after an edit made later
        s.add(OutboxMessage(chat_id="console:g", platform="console", text="held, sent 07:00",
                            card_key="job:1", kind="card", status="sent", created_at=at,
                            not_before=at, sent_at=at))
        s.add(OutboxMessage(chat_id="console:g", platform="console", text="edited at 22:00",
                            card_key="job:1", kind="card", status="sent", created_at=at,
                            not_before=at, sent_at=at - dt.timedelta(hours=9)))
        s.commit()
        seen = outbox.latest_card(s, "console:g", "job:1")
        assert seen is not None and seen.text == "held, sent 07:00"
    engine.dispose()


# --------------------------------------------------------------------------- the u and v sets


@pytest.mark.parametrize("text", ["广播站的喇叭又坏了 今天喊了半天没声音", "统计表我周五交到镇里",
                                  "广播里说明天停电"])
def test_an_officers_talk_with_a_command_word_inside_is_talk(chat: Conversation,
                                                            text: str) -> None:
    chat.say("@officer 孙镇长 阳日镇")
    chat.say("孙镇长: 你好")
    assert chat.say(f"孙镇长@桃园村群: {text}") == []


def test_an_officers_command_said_as_one_still_works(chat: Conversation) -> None:
    chat.say("@officer 孙镇长 阳日镇")
    chat.say("孙镇长: 你好")
    out = chat.say("孙镇长@桃园村群: 广播 明天上午9点在村委会开招工会")
    # the broadcast is taken: here no other bound group is there to reach
    assert any("广播没有发出" in m for m in to(out, "桃园村群"))


def test_a_private_correction_to_a_day_just_gone_is_refused(chat: Conversation) -> None:
    chat.say("黎姐: 你好")
    chat.say("黎姐@桃园村群: 明天摘辣椒 要三个人 一天一百三 电话13886401275 黎姐")
    out = to(chat.say("黎姐: 改到1月20号"), "黎姐")  # eight days ago, not next year
    assert "已经过去了" in out[0]
    assert chat.jobs()[0]["start_date"] == "2027-01-29"
    chat.say("黎姐: 改到2028年1月20号")  # said with its year, it is meant
    assert chat.jobs()[0]["start_date"] == "2028-01-20"


# --------------------------------------------------------------------------- the w and x sets:
# terse typing, posts in pieces, after the gig


@pytest.mark.parametrize("word", ["我", "算我", "1", "去", "克"])
def test_a_bare_word_replying_to_the_card_is_a_claim(chat: Conversation, word: str) -> None:
    chat.say(TWO[0])
    chat.say(f"老鲁@桃园村群^: {word}")
    assert [c["person"] for c in chat.jobs()[0]["claims"]] == ["老鲁"]


@pytest.mark.parametrize("word", ["我", "算我", "1", "去"])
def test_the_same_bare_word_to_the_group_claims_nothing(chat: Conversation, word: str) -> None:
    chat.say(TWO[0])
    chat.say("老汪@桃园村群: 贺哥 明早赶场去不")
    assert chat.say(f"老贺@桃园村群: {word}") == []
    assert chat.jobs()[0]["claims"] == []


@pytest.mark.parametrize(("text", "count"), [("我们仨克", 3), ("我俩克", 2)])
def test_sa_and_lia_before_ke(text: str, count: int) -> None:
    assert claim_around(text) == (count, None)


@pytest.mark.parametrize(("text", "wage"), [
    ("明添要两个扳运 卸花肥 一百武一天 电化13872640519", 150.0),
    ("要两个搬运 一天一百午饭自理", 100.0),  # 午 there is lunch
])
def test_wu_typed_for_five_in_an_amount(text: str, wage: float) -> None:
    assert parse(text, NOW, chat_region="桃园村").jobs[0].wage_min == wage


def test_not_this_but_that_under_ones_card(chat: Conversation) -> None:
    chat.say(POST)
    chat.say("覃大姐@桃园村群^: 不是3个 是4个")
    assert chat.jobs()[0]["headcount"] == 4


def test_going_elsewhere_is_no_withdrawal_but_ones_own_is() -> None:
    from handlers.reading import withdraw_tail

    assert not withdraw_tail("今天落雨 下午赶场去不成了")
    assert withdraw_tail("莫得空了 明天去不成了")
    assert withdraw_tail("我去不了了")


PIECES = ["明天", "要人", "3个", "挖洋芋", "150", "电化13972285613"]


def test_a_post_typed_in_pieces_is_one_job_when_its_phone_comes(chat: Conversation) -> None:
    for piece in PIECES[:-1]:
        assert chat.say(f"向大爷@桃园村群: {piece}") == []
    out = chat.say(f"向大爷@桃园村群: {PIECES[-1]}")
    [job] = chat.jobs()
    assert (job["work_type"], job["headcount"], job["wage_min"]) == ("采摘工", 3, 150)
    assert any("【招工】" in m for m in to(out, "桃园村群"))


def test_pieces_from_someone_else_are_not_the_posters(chat: Conversation) -> None:
    chat.say("向大爷@桃园村群: 明天")
    for piece in ["挖洋芋", "要3个", "150"]:
        chat.say(f"刘二姐@桃园村群: {piece}")
    chat.say("向大爷@桃园村群: 电话13972285613")
    assert chat.jobs() == []


def test_pieces_from_long_ago_do_not_run_on(chat: Conversation) -> None:
    for piece in PIECES[:-1]:
        chat.say(f"向大爷@桃园村群: {piece}")
    chat.say("@wait 15m")
    chat.say(f"向大爷@桃园村群: {PIECES[-1]}")
    assert chat.jobs() == []


def test_a_private_post_in_pieces(chat: Conversation) -> None:
    chat.say("邓老汉: 你好")
    for piece in ["后天在桃园村", "栽洋芋", "要两个人", "一天一百三"]:
        chat.say(f"邓老汉: {piece}")
    chat.say("邓老汉: 电话13329785140")
    [job] = chat.jobs()
    assert (job["work_type"], job["headcount"], job["wage_min"]) == ("种植工", 2, 130)


def test_a_phone_alone_privately_is_still_ones_phone(chat: Conversation) -> None:
    out = chat.say("邓老汉: 电话13329785140")
    assert "记下了，您的电话" in to(out, "邓老汉")[0]
    assert chat.jobs() == []


@pytest.mark.parametrize(("text", "day"), [
    ("今天后山砍树 要个人 一天两百", dt.date(2027, 2, 10)),
    ("国庆后要人 搬运 两个", None),
])
def test_the_hill_behind_is_a_place_not_after(text: str, day: dt.date | None) -> None:
    assert parse(text, NOW, chat_region="桃园村").jobs[0].start_date == day


def test_not_yet_with_when_is_an_unpaid_answer_and_stars_with_a_word_rate() -> None:
    from handlers.aftercare import _stars, _verdict

    assert _verdict("还没 老板说月底给") == "unpaid"
    assert _verdict("结清了 还差一百没给") is None  # taken back
    assert _stars("四星 工钱按时") == 4
    assert _stars("四星 明天再说") is None


# --------------------------------------------------------------------------- the y and z sets:
# voice input and the shortest typing


@pytest.mark.parametrize(("text", "count"), [
    ("喂 戴老板 我去 我明天一早就过来", 1),  # a name said to the poster
    ("喂 老胡 哦 老付 我去 明天几点到", 1),
    ("嗯 那个 老板 我去 我跟老杨两个人 后天早上七点到", 2),
    ("喂喂 魏老板 我去 我去 我的电话是13797052218 你到时候打我电话", 1),
    ("要得 我去 后天一早就到 我把我妹也喊上 我们两个", 2),
    ("要得 我去 腊月二十六一早到", 1),
    ("我跟老伴俩去", 2),
])
def test_voice_claims_with_names_fillers_and_calls(text: str, count: int) -> None:
    found = claim_around(text)
    assert found is not None and found[0] == count


@pytest.mark.parametrize("text", [
    "嗯 那个 老板 我去 一天才一百？", "那个 我去镇上", "我去 我把车也带上", "老板 你好",
])
def test_their_look_alikes_are_no_claim(text: str) -> None:
    assert claim_around(text) is None


@pytest.mark.parametrize(("text", "expect"), [
    ("明天要三个 不对不对 要四个 搬运 一百五", (4, 150.0, dt.date(2027, 2, 11))),
    ("明天 哦不 后天 要两个小工 一百八", (2, 180.0, dt.date(2027, 2, 12))),
    ("后天要两个帮厨 一天一百三 哦说错了 一百五", (2, 150.0, dt.date(2027, 2, 12))),
])
def test_a_value_taken_back_in_the_same_breath(text: str, expect: tuple[object, ...]) -> None:
    job = parse(text, NOW, chat_region="桃园村").jobs[0]
    assert (job.headcount, job.wage_min, job.start_date) == expect


def test_a_word_taken_back_and_a_plain_not_right() -> None:
    assert parse("砍柴 哦不对 是搬柴 要四个人 一百五", NOW).jobs[0].work_type == "搬运工"
    job = parse("明天要两个人搬运 工钱不对吧 一百五", NOW).jobs[0]
    assert job.start_date == dt.date(2027, 2, 11)  # no value of its kind after 不对: kept


@pytest.mark.parametrize("text", [
    "喂喂 你们听说冇得 松柏镇上要修路 说是要招好多人 一天两百 我也是听我表哥说的 不晓得真的假的",
    "老万 你听我说 你明天得空的话 过来帮我把柴搬一下 晚上就在我屋里喝酒",
])
def test_hearsay_and_a_favour_asked_by_name_are_no_post(text: str) -> None:
    assert parse(text, NOW, chat_region="桃园村").intent == "other"


def test_a_post_said_to_everyone_is_still_a_post() -> None:
    assert parse("喂 大家听我说 后天要四个栽树苗的 一天一百四 电话13508672234", NOW,
                 chat_region="桃园村").intent == "job_post"


def test_a_cancel_said_by_voice(chat: Conversation) -> None:
    from handlers.reading import cancel_with_reason

    assert cancel_with_reason("喂喂 那个 明天的活不招了啊 不好意思 屋里兄弟回来了") is not None
    assert cancel_with_reason("明天的活怎么样 不招了吗") is None


def test_a_lone_question_mark_in_a_group_is_no_call_for_help(chat: Conversation) -> None:
    chat.say(TWO[0])
    assert chat.say("阿芳@桃园村群^: ？") == []
    assert "招工小助手" in to(chat.say("阿芳: ？"), "阿芳")[0]


def test_a_bare_ke_answers_the_neighbour_with_no_card_in_sight(chat: Conversation) -> None:
    chat.say("兰嫂@桃园村群: 明天克镇上不")
    assert chat.say("老扈@桃园村群: 克") == []


def test_a_queue_said_as_also_fine_and_a_withdrawal_with_its_particle() -> None:
    from handlers.reading import withdrawal_said

    assert claim_around("嗯 算我一个 排个队也行") == (1, None)
    assert claim_around("排个队也行") is None  # no claim in it
    said = withdrawal_said("喂喂 那个 符老板啊 我明天不去了啊 屋里老娘病了 要送她克医院")
    assert said is not None and said[0] == "不去了"
    assert withdrawal_said("我不去了啊 你呢") is None  # a question to someone
