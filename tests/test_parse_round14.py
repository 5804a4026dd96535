"""Round 14's work on authors_n (issue 11): the kinds of its mistakes, fixed by mechanism.

Every sentence is new (none is a line of authors_n or of another set), and each behaviour is
shown with the look-alikes that must not trigger it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from nlp import load_gazetteer, parse
from nlp.extract import build_doc
from nlp.intent import rules, standard
from nlp.normalize import normalize
from nlp.typos import fix_typos

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 9, 20, 8, 0, tzinfo=TZ)  # a Monday, the autumn harvest


def intent(text: str) -> str:
    return parse(text, NOW).intent


def ruled(text: str) -> str:
    """The rules' own reading, before the learned model's second opinion."""
    norm = fix_typos(normalize(text))
    return rules(build_doc(norm, NOW, load_gazetteer()), standard(norm.strip())).intent


def job(text: str, i: int = 0) -> dict[str, object]:
    p = parse(text, NOW)
    assert p.intent == "job_post", (text, p.intent)
    return p.to_contract("t")["jobs"][i]  # type: ignore[no-any-return]


def jobs(text: str) -> list[dict[str, object]]:
    p = parse(text, NOW)
    assert p.intent == "job_post", (text, p.intent)
    return p.to_contract("t")["jobs"]  # type: ignore[return-value]


# ==== typed by sound: 洋于 for 洋芋, 三论车 for 三轮车


def test_sound_slips_of_crop_and_vehicle() -> None:
    assert fix_typos("后天挖洋于") == "后天挖洋芋"
    assert fix_typos("会开三论车的") == "会开三轮车的"
    assert job("后天挖洋鱼 要三个人 一天一百四 13972208816")["work_type"] == "采摘工"
    assert job("找个开三伦车的 拉两天苞谷 一天两百 15872203341")["work_type"] == "司机"


def test_sound_slips_left_where_they_are_other_words() -> None:
    assert fix_typos("三论之争") == "三论之争"  # no 车 after it: not the vehicle
    assert fix_typos("于是明天去") == "于是明天去"


# ==== the harvest's words: 秋茶, 采收, 分级, 巡河 / 防汛值班


@pytest.mark.parametrize(("text", "want"), [
    ("茶场秋茶要人采 一斤三块 十来个 13677193320", "采茶工"),
    ("板栗园采收 要八个人 一天一百五 15926612208", "采摘工"),
    ("香菇分级 要女工四个 一天一百二 18972203361", "分拣员"),
    ("汛期巡河 招三人 一个月两千二 13872208835", "保安"),
    ("村里防汛值班 要两个人 一天一百 13972217740", "保安"),
])
def test_harvest_words_name_the_work(text: str, want: str) -> None:
    assert job(text)["work_type"] == want


# ==== works a flood broke, then that they are to be mended: labourers' work


@pytest.mark.parametrize("text", [
    "堰塘被水冲垮了 要五个人去修 一天两百 13972206631",
    "组里的便道冲毁了 下周三开始修 要六个劳力 一天一百八 15872201146",
    "河堤水毁修复 要十个人 一天两百二 17772208853",
])
def test_flood_damage_to_mend_is_labourers_work(text: str) -> None:
    assert job(text)["work_type"] == "小工"


@pytest.mark.parametrize("text", [
    "路被水冲了 今天去不了松柏",  # the damage told, nothing mended
    "桥冲断了 车子过不去",
])
def test_flood_damage_told_is_no_work(text: str) -> None:
    p = parse(text, NOW)
    assert p.intent != "job_post" or not any(
        j["work_type"] == "小工" for j in p.to_contract("t")["jobs"])  # type: ignore[index]


def test_flood_repair_needs_the_mending() -> None:
    # a road cut by the flood, and work that is not its mending: no 小工 from the flood
    assert job("路冲毁了 屋里要个人做饭 一天一百 13972218860")["work_type"] != "小工"
    assert job("路冲毁了 车子进不来 要两个人帮忙 一天一百五 13972206620")["work_type"] is None


# ==== a load put onto a vehicle: carrying work


def test_load_onto_a_vehicle_is_carrying() -> None:
    assert job("明早要两个人帮忙装板栗上车 半天一百 13872205514")["work_type"] == "搬运工"


def test_boarding_the_bus_is_no_carrying() -> None:
    w = job("采茶 要十个人 一天一百三 早上七点村口上车 13872206617")["work_type"]
    assert w == "采茶工"


# ==== a range into the next year: 次年 after the joiner


def test_range_into_the_next_year() -> None:
    j = job("招看林员两名 12月1日至次年3月31日 每月两千六 电话13972203314")
    assert j["start_date"] == "2027-12-01"
    assert j["duration_days"] == 122  # 2028 is a leap year


def test_sign_up_place_after_a_date_is_no_deadline() -> None:
    j = job("招护林员3名 每月两千五 上岗时间10月8日 报名地点：村委会 13972203345")
    assert j["start_date"] == "2027-10-08"


def test_sign_up_after_a_date_is_still_a_deadline() -> None:
    j = job("招护林员3名 每月两千五 10月8日报名 13972203345")
    assert j["start_date"] is None


# ==== meals where the work is; people of two kinds all welcome; a crew counted


def test_lunch_eaten_in_the_village_is_meals() -> None:
    assert "meals" in job("修水渠 要八个人 一天一百八 中午在村部吃 13872206650")["perks"]  # type: ignore[operator]


def test_two_kinds_of_people_welcome_is_no_sex() -> None:
    assert job("捡板栗 要十个人 一斤一块 学生妇女都可以 古水村 15872207709")["gender"] is None
    # the women alone asked for: female
    assert job("捡板栗 要十个人 一斤一块 只要妇女 古水村 15872207709")["gender"] == "female"


def test_a_crew_counted_is_no_headcount_and_no_amount() -> None:
    j = job("高山苞谷要掰 三十亩 包给一个队 十天掰完 一万二 电话13972201187")
    assert j["headcount"] is None
    assert j["wage_min"] == 12000


# ==== lists: a wage for two glued titles; each person's amount after the list; doer items


def test_two_titles_glued_share_their_amount() -> None:
    js = jobs("烤房维修 ①电工一个 ②焊工一个 ③小工两个 电工焊工三百五 小工两百 后天开工 "
              "13972208831")
    assert [j["wage_min"] for j in js] == [350, 350, 200]


def test_an_amount_for_each_person_after_the_list() -> None:
    js = jobs("周六屋里过事 要三个洗碗的 两个端菜的帮工 每人一百五 13872209920")
    assert [j["wage_min"] for j in js] == [150, 150]


def test_each_person_amount_leaves_an_item_its_own() -> None:
    js = jobs("周六要两个做饭的 一天两百 另外三个帮工 每人一百 13872209920")
    assert [j["wage_min"] for j in js] == [200, 100]
    js = jobs("周六要两个做饭的 一天两百 三个帮工 每人一百五 13872209920")
    assert [j["wage_min"] for j in js] == [200, 150]


def test_items_named_by_their_doer() -> None:
    js = jobs("合作社招工：摘板栗的4个、挑板栗上坡的2个、剥板栗壳的5个，都是一天一百五，"
              "电话17786201123")
    assert [j["headcount"] for j in js] == [4, 2, 5]


def test_two_doer_items() -> None:
    js = jobs("要摘板栗的4个、剥板栗壳的2个 一天一百五 电话17786201123")
    assert [j["headcount"] for j in js] == [4, 2]


def test_some_of_an_item_is_no_item() -> None:
    js = jobs("小工5个、年纪大点的2个，一天两百 13972203393")
    assert [(j["work_type"], j["headcount"]) for j in js] == [("小工", 5)]


def test_a_doer_word_alone_is_no_item() -> None:
    # one 的-count only: the count is the post's, no item of its own
    js = jobs("要剥核桃皮的5个 一天一百二 电话17786201123")
    assert len(js) == 1 and js[0]["headcount"] == 5


# ==== a crew charging for its work, and how far it goes: a seek


@pytest.mark.parametrize("text", [
    "砍树队 四个人 自带油锯 按方收费 松柏木鱼都去 电话13972207765",
    "专业收苞谷 计件收费 各村都去 15872206634",
])
def test_a_crew_charging_is_a_seek(text: str) -> None:
    assert intent(text) == "work_seek"
    assert ruled(text) == "work_seek"  # the rules' own reading, firm


def test_a_toll_is_no_charge() -> None:
    assert ruled("去木鱼的车 过收费站 各村都去 13972203392") != "work_seek"


def test_a_charging_crew_that_still_hires_is_a_post() -> None:
    assert ruled("打核桃队 按棵收费 各村都去 队里缺两个帮手 一天两百 13972203394") == "job_post"


def test_the_model_never_overrules_a_charge() -> None:
    from nlp.intent_model import second_opinion

    text = "招五个人 打核桃 一天两百 包吃住 电话13972206618"
    norm = fix_typos(normalize(text))
    doc = build_doc(norm, NOW, load_gazetteer())
    assert second_opinion(doc, standard(norm.strip()), "work_seek", "charges") is None
    # the same reading given for no firm reason is overruled: the model would say job_post
    assert second_opinion(doc, standard(norm.strip()), "work_seek", "") == "job_post"


@pytest.mark.parametrize("text", [
    "招收费员两名 一个月两千八 松柏都可以 13972203390",  # a cashier hired
    "停车场收费 要个人 一天一百 附近都可以 13972203391",  # someone hired to take the fees
])
def test_charging_look_alikes(text: str) -> None:
    assert intent(text) == "job_post"
    assert ruled(text) == "job_post"


# ==== 我去, the post's hour echoed, then a marvel at it: an exclamation


@pytest.mark.parametrize("text", [
    "我去 五点半集合 这么早啊",
    "我去 三十公里 好远啊",
])
def test_echoed_then_marvelled_is_other(text: str) -> None:
    assert intent(text) == "other"
    assert ruled(text) == "other"


@pytest.mark.parametrize("text", [
    "我去 我五点半到 好早啊",  # the sender's own coming
    "我去 明天来 好早啊",
])
def test_the_coming_then_a_marvel_is_a_claim(text: str) -> None:
    assert intent(text) == "claim"
    assert ruled(text) == "claim"


# ==== whoever's orchard or base wants people, asked by a crew; a buying station as a workplace


def test_whose_orchard_wants_people_is_a_seek() -> None:
    assert ruled("哪家果园要人 我们湾里有四个婆娘 摘果子打药都会 13972205517") == "work_seek"
    assert ruled("谁家药材基地缺人 我们两口子都能干 15872205518") == "work_seek"


def test_the_orchard_hiring_is_still_a_post() -> None:
    assert ruled("果园要人 摘果子 四个 一天一百三 13972205519") == "job_post"


def test_a_buying_station_hiring_is_a_post() -> None:
    assert ruled("药材收购站要个会计 月薪三千五 电话13972205520") == "job_post"
    assert ruled("收购点招两个搬运工 一天两百 13972205521") == "job_post"
    assert ruled("核桃收购站找个司机 月薪四千 电话13972205524") == "job_post"


def test_buying_goods_is_still_trade() -> None:
    assert ruled("高价收购核桃 上门收 电话13972205522") == "other"
    assert ruled("长期收购天麻 价格公道 电话13972205523") == "other"
