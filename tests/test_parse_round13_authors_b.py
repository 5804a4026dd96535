"""Round 13 (issue 11): the kinds of authors_b's mistakes, and a known intent weakness of the
conversations, fixed by mechanism.

Every sentence is new (none is a line of authors_b or of a conversation), and each behaviour is
shown with the look-alikes that must not trigger it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from nlp import parse
from tests.conversation import Conversation

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 5, 10, 9, 0, tzinfo=TZ)  # a Monday


def intent(text: str) -> str:
    return parse(text, NOW).intent


def job(text: str) -> dict[str, object]:
    p = parse(text, NOW)
    assert p.intent == "job_post", (text, p.intent, p.extra)
    return p.to_contract("t")["jobs"][0]  # type: ignore[no-any-return]


# ==== asking whether a post still wants people, then saying one can NOT come: chatter


@pytest.mark.parametrize("text", [
    "还缺人不 后天我没法去",
    "挖天麻那个还要人不 明天我来不了",
    "还差人吗 我这两天没空去",
    "还招人不 俺们几个去不成了",
    "我没办法来",
])
def test_still_wanted_then_cannot_come_is_other(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize("text", [
    "还缺人不 后天我可以去",
    "还要人不 我能来",
    "还差人吗 我们两个都能来",
    "还要人不 我明天来不了 后天可以来",  # another day offered after the not
])
def test_still_wanted_then_coming_stays_a_claim(text: str) -> None:
    assert intent(text) == "claim"


CARD = """
@group 龙溪村群 龙溪村
覃老板: 你好
覃老板@龙溪村群: 后天龙溪村砍竹子 要三个人 一天一百六 电话15926613487 覃老板
"""


@pytest.fixture
def bamboo() -> Iterator[Conversation]:
    conv = Conversation(start="2027-05-10 08:00", autobind=True)
    conv.say(CARD)
    yield conv
    conv.close()


def _claims(conv: Conversation) -> list[tuple[str, int, str]]:
    return sorted((c["person"], c["count"], c["status"]) for j in conv.jobs() for c in j["claims"])


def test_under_the_card_cannot_come_takes_no_place(bamboo: Conversation) -> None:
    bamboo.say("向二哥@龙溪村群^: 还差人不 后天我没法来")
    assert _claims(bamboo) == []


def test_under_the_card_can_come_takes_a_place(bamboo: Conversation) -> None:
    bamboo.say("向二哥@龙溪村群^: 还差人不 我可以来")
    assert [c[:2] for c in _claims(bamboo)] == [("向二哥", 1)]


# ==== tasks said by their object first, or by where the load goes: the work they name


@pytest.mark.parametrize(("text", "kind"), [
    ("屋后的雪要扫 哪个来 给一百二", "保洁员"),  # the object, then 要 and the verb
    ("后天烟苗要栽了 要五个人 一天一百三", "种植工"),
    ("两车货得卸 要三个人 一人八十", "搬运工"),
    ("屋里的红薯哪个来帮我挖两天 一天一百二", "采摘工"),  # the crop, then who digs it
    ("一车瓦要从河边背到屋头 一块一毛钱 哪个来", "搬运工"),  # a load carried somewhere
    ("后天背肥料上坡 要三个人 一人一百三", "搬运工"),
    ("龙溪村 屋里要挖个沼气池 两个人 一人两百五", "小工"),
    ("哪个会开三轮车 帮我拉两天砖 一天两百", "司机"),
    ("早餐店要个做早点的 早上五点到十点 一个月两千四", "帮厨"),
    ("服装车间要踩缝纫机的 三个 一天一百四", "操作工"),
])
def test_task_names_its_work(text: str, kind: str) -> None:
    assert job(text)["work_type"] == kind


@pytest.mark.parametrize("text", [
    "钱要收 哪个来 给一百",  # 收钱 is no work
    "后天要赶场 要三个人 一天一百",
    "东西要得 明天要两个人 一天一百五",  # 要得 is "all right", no task
])
def test_no_task_is_invented(text: str) -> None:
    assert job(text)["work_type"] is None


# ==== an area said by the square metre is no headcount


@pytest.mark.parametrize("text", [
    "新房子贴瓷砖 六十个平 一个平三十五 会贴的来 电话13972211845",
    "老屋刷墙 九十个平米 包工一千六",
])
def test_square_metres_are_no_headcount(text: str) -> None:
    assert job(text)["headcount"] is None


@pytest.mark.parametrize(("text", "heads"), [
    ("新房子贴瓷砖 要两个平时做惯了的师傅 一个平三十五", 2),
    ("贴瓷砖 六十个平 要三个师傅 一个平三十", 3),
])
def test_a_count_of_people_beside_an_area_stays(text: str, heads: int) -> None:
    assert job(text)["headcount"] == heads


# ==== a probation, or what a quick hand earns in a day, is no length of the job


@pytest.mark.parametrize("text", [
    "酒店招前台2名 3000/月 试用期一个月 包吃住 电话0719-3335512",
    "招收银员 月薪两千八 试用期为两个月",
    "摘花椒 要五个人 一斤两块 手快的一天挣得到两百多",
    "掰苞谷 要四个人 一背篓五块 勤快的一天搞得到百把块",
])
def test_probation_and_earnings_are_no_duration(text: str) -> None:
    assert job(text)["duration_days"] is None


@pytest.mark.parametrize(("text", "days"), [
    ("招收银员 月薪两千八 干一个月", 30),
    ("后天摘花椒 搞两天 要五个人 一斤两块", 2),
])
def test_a_length_of_the_job_stays(text: str, days: int) -> None:
    assert job(text)["duration_days"] == days


# ==== a weekday ending in 天 (礼拜天, 星期天, 周天) is no per-day word before a number


@pytest.mark.parametrize("text", [
    "饭店这个礼拜天二十桌酒席 要五个端盘子的 一人一天一百三",
    "这个星期天四十桌 要五个帮厨 一人一天两百",
])
def test_a_count_after_sunday_is_no_wage(text: str) -> None:
    j = job(text)
    assert (j["wage_min"], j["wage_unit"]) in ((130, "day"), (200, "day"))


@pytest.mark.parametrize(("text", "wage"), [
    ("搬砖 要三个人 天一百八", 180),  # 天 alone still reads a day
    ("后天一天一百六 要三个人挖地", 160),
])
def test_a_day_word_before_a_number_stays_a_rate(text: str, wage: int) -> None:
    j = job(text)
    assert (j["wage_min"], j["wage_unit"]) == (wage, "day")


# ==== 快 typed for 块 after a numeral (the homophone layer)


@pytest.mark.parametrize(("text", "wage"), [
    ("摘茶一斤给到三快五 人越多越好", 3.5),
    ("一天一百五十快 要三个人搬砖", 150),
])
def test_kuai_typed_for_the_yuan(text: str, wage: float) -> None:
    assert job(text)["wage_min"] == wage


def test_kuai_as_quick_stays() -> None:
    assert parse("两个人快来 搬砖 一天一百五", NOW).to_contract("t")["jobs"][0]["wage_min"] == 150
    assert parse("十快到了 还要人不", NOW).intent == "other"


@pytest.mark.parametrize("text", ["干了一天 两百快到手了", "三十快到了 还差两个"])
def test_kuai_before_a_verb_is_quick(text: str) -> None:
    from nlp.typos import fix_typos
    assert fix_typos(text) == text


# ==== a crew asking where its kind of work is to be had is a seek, not a sign-up


@pytest.mark.parametrize("text", [
    "我们五个人 摘茶的活哪里有 松柏这边的",
    "俺们三个 挖洋芋的活哪儿有 下谷那边",
])
def test_work_asked_where_is_a_seek(text: str) -> None:
    assert intent(text) == "work_seek"


@pytest.mark.parametrize(("text", "want"), [
    ("我们五个人 可以接", "claim"),  # a crew under a post
    ("摘茶的活哪里有人要去不 一天一百二 电话13872215530", "job_post"),
])
def test_crew_sign_up_and_post_keep_their_intent(text: str, want: str) -> None:
    assert intent(text) == want


# ==== a crew named by its trade, its size and what it takes on, with a phone: its advert


@pytest.mark.parametrize("text", [
    "我们瓦工队 六个人 砌墙贴砖都能接 电话13972218846",
    "本装修队 五个师傅 水电吊顶刷漆 承接各种活 电话13872215530",
])
def test_trade_crew_advert_is_a_seek(text: str) -> None:
    assert intent(text) == "work_seek"


@pytest.mark.parametrize("text", [
    "施工队 六个人 砌墙 贴砖 打地坪 活多的也能接 电话0719-3321846",
    "瓦工队 五个人 砌墙 抹灰 贴砖 急活也能接 电话13972218846",
    pytest.param(
        "我们泥瓦队 七个人 贴砖一个平三十 大活小活都能接 电话13872215530",  # its own price
        # round 16: the model retrained on round 15's features overrules the crew's offer as a
        # claim by 2.60 logits (the margin is 2.5); making the reason firm instead had the bot
        # nudge a crew's look-alike in a group (test_room_round14_posts), so it was not kept
        marks=pytest.mark.xfail(strict=True, reason="the model overrules by 0.1 over its margin"),
    ),
])
def test_trade_crew_advert_is_read_by_the_rules(text: str) -> None:
    # its structure decides, not the learned second opinion
    p = parse(text, NOW)
    assert (p.intent, p.extra["reason"]) == ("work_seek", "crew offers itself")


@pytest.mark.parametrize("text", [
    "装修队招两个小工 一天一百八 电话13972218846",
    "我们装修队活多都能接 急招两个小工 一天一百八 电话13972218846",  # it hires, too
    "瓦工队要三个小工 砌墙 一天两百 都能接送 电话13872215530",
])
def test_trade_crew_hiring_stays_a_post(text: str) -> None:
    assert intent(text) == "job_post"


# ==== whoever wants a thing, at a price by the head, is trade: no post


@pytest.mark.parametrize("text", [
    "哪个屋里要羊子 五头 一千二一头",
    "谁家要鸭娃 三十来只 八块一只",
])
def test_thing_wanted_at_a_price_each_is_trade(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize("text", [
    "哪个屋里要人 三个 一百五一天",
    "哪个要去挖洋芋 要三个 一百五一个人",
    "哪个屋里要人 四个 两百一个",  # people, not a thing
    "哪个屋里要小伙子 三个 一百五一个人",  # a price by the person
    "谁家要年轻的 两个 两百一个工",  # by the day's work
])
def test_people_wanted_at_a_price_each_is_no_trade(text: str) -> None:
    assert intent(text) != "other"


def test_trade_crew_that_also_hires_is_no_advert_to_the_rules() -> None:
    p = parse("我们装修队活多都能接 急招两个小工 一天一百八 电话13972218846", NOW)
    assert p.intent == "job_post" and "crew offers itself" not in p.extra["reason"]


# ==== a place named with a numeral (八角庙, 九湖村) holds no amount


@pytest.mark.parametrize("text", [
    "后天两天 八角庙要三个人搬家 一人一天两百",
    "搞两天 九湖村要三个人挖地 一人一天两百",
])
def test_numeral_in_a_place_name_is_no_wage(text: str) -> None:
    j = job(text)
    assert (j["wage_min"], j["wage_unit"], j["headcount"]) == (200, "day", 3)


def test_numerals_beside_such_a_place_still_count() -> None:
    j = job("八角庙 八个人 一天一百八 搬家")
    assert (j["headcount"], j["wage_min"], j["village"]) == (8, 180, "八角庙村")


# ==== a numeral-named place (万福, 百花坪) that is the tail of a number phrase is the number's


@pytest.mark.parametrize(("text", "wage"), [
    ("招挖机师傅 月薪一万福利好 电话13972214408", 10000),
    ("招保安 两万福利待遇都有 电话13972214408", 20000),
    ("要个炒菜师傅 工资1万福利另算 电话13972214408", 10000),
    ("一天三百花坪村要两个人搬砖", 300),
])
def test_numeral_place_after_a_number_is_the_number(text: str, wage: int) -> None:
    assert job(text)["wage_min"] == wage


@pytest.mark.parametrize("text", [
    "后天 三堆河要两个人砍柴 一人一天两百",
    "搞三天 百花坪要两个人砌坎 一人一天两百",
])
def test_numeral_place_after_a_word_is_still_masked(text: str) -> None:
    j = job(text)
    assert (j["wage_min"], j["headcount"]) == (200, 2)


# ==== 个平 is an area only where 平 stands alone: 平整, 平板车 are work, the count is people


@pytest.mark.parametrize(("text", "head"), [
    ("后天要4个人平整院坝 一天一百六", 4),
    ("要两个人平板车运砖 一天两百", 2),
    ("要三个平时做惯了的 砌墙 一天两百", 3),
])
def test_count_before_a_ping_word_is_people(text: str, head: int) -> None:
    assert job(text)["headcount"] == head


@pytest.mark.parametrize("text", [
    "堂屋铺地砖 七十个平 一个平二十八 电话13972214408",
    "刷外墙 一百二十个平 包工两千",
])
def test_count_of_ping_alone_is_an_area(text: str) -> None:
    assert job(text)["headcount"] is None


# ==== a not-coming beside a hire of one's own (wage or phone) is why the post is made


@pytest.mark.parametrize("text", [
    "屋里老的走不动 女儿没法来 要个保姆 电话13972214408",
    "儿子没时间来 找个人帮我栽烟 一天一百四",
    "原来请的泥工来不成了 要个泥工 一天两百二",
    "我们没空去 招两个人摘茶 一天一百二",
])
def test_cannot_come_beside_a_hire_is_a_post(text: str) -> None:
    assert intent(text) == "job_post"


@pytest.mark.parametrize("text", [
    "还要人不 后天我没空去",
    "我后天来不成了 你们另外找个人吧",
    "那天我去不了 你们再找个人",
])
def test_cannot_come_without_a_hire_is_no_post(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize("text", [
    "明天我来不了了 老板要找个人顶一下",  # a hire named, but no wage or phone
    "我后天来不成了 你们另外找个人 一天一百五的活",  # a hire urged on others
])
def test_cannot_come_with_someone_else_to_find_stays_a_withdrawal(text: str) -> None:
    p = parse(text, NOW)
    assert (p.intent, p.extra["reason"]) == ("other", "withdrawal")


# ==== 背 after the body (腰背, 后背) or 背到现在 is the back, not a load carried


def test_sore_back_is_no_carrying() -> None:
    for text in ("后背到今天都疼 明天要个人帮我收包谷 一天一百五",
                 "我脊背到现在还酸 要个人帮忙 一天一百二 电话13972214408",
                 "腰背到晚上就痛 明天要个人帮忙 一天一百五",  # the body word alone
                 "这个背到现在都直不起 明天要个人帮忙 一天一百五"):  # 背到现在 alone
        assert job(text)["work_type"] != "搬运工", text


def test_load_carried_somewhere_is_still_carrying() -> None:
    assert job("两百块砖要背到坡上 一天一百八 要两个人")["work_type"] == "搬运工"
