"""Round 2 (issue 11): text from authors the parser had never met, each kind by its mechanism.

Every sentence here is written for this file (none is a line of the labelled sets), and each
behaviour is shown with the look-alikes that must not trigger it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from nlp import find_phones, parse

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=TZ)  # a Thursday, lunar 十月十八


def jobs(text: str, now: dt.datetime = NOW) -> list[dict[str, Any]]:
    p = parse(text, now)
    assert p.intent == "job_post", (text, p.intent, p.extra)
    return [j.to_contract() for j in p.jobs]


def job(text: str, now: dt.datetime = NOW) -> dict[str, Any]:
    return jobs(text, now)[0]


def intent(text: str) -> str:
    return parse(text, NOW).intent


# ---------------------------------------------------------------- phones and numbers


@pytest.mark.parametrize(("text", "phone"), [
    ("明天要两个人挖洋芋 打我电话幺三五七幺九八二四六零", "13571982460"),
    ("要个小工 一百五 电话一八六 七二零九 三三一四", "18672093314"),
    ("招保洁 电话幺五两七幺九零八六四四", "15271908644"),  # 两 for 2
    ("招门卫 座机零七幺九三四五六二零八", "07193456208"),
])
def test_a_phone_spelled_digit_by_digit(text: str, phone: str) -> None:
    assert job(text)["phone"] == phone


@pytest.mark.parametrize("text", [
    "一二三四五六七八九十 数到十就开工",  # counting, not a phone
    "一三五做工 二四六休息",
    "要三个人 一天两百 一共一千二",
])
def test_spelled_digits_that_are_no_phone(text: str) -> None:
    p = parse(text, NOW)
    assert all(j.phone is None for j in p.jobs)
    assert find_phones(text) == []


def test_a_spelled_phone_is_masked_like_a_typed_one() -> None:
    text = "挖天麻要人 电话幺三五七幺九八二四六零 张师傅"
    [(start, end, digits)] = find_phones(text)
    assert (text[start:end], digits) == ("幺三五七幺九八二四六零", "13571982460")


@pytest.mark.parametrize(("text", "low", "unit"), [
    ("卸砖 一块砖一分钱 要四个人", 0.01, "piece"),
    ("挖洋芋 挖一斤五分钱 人越多越好", 0.05, "piece"),
    ("锄草 一亩地八十 要五个人", 80, "piece"),
    ("砌堡坎 按方算 一方一百四 要三个人", 140, "piece"),
    ("刷墙 按间算 一间两百 找个油漆工", 200, "piece"),
    ("摘猕猴桃 一筐八块 十来个人", 8, "piece"),
    ("割漆 一棵四块 来两个", 4, "piece"),
    ("背苞谷 一背篓三块 要四个", 3, "piece"),
    ("编烟 一竿三块 要两个女的", 3, "piece"),
])
def test_piece_rates(text: str, low: float, unit: str) -> None:
    j = job(text)
    assert (j["wage_min"], j["wage_unit"]) == (low, unit)
    assert j["headcount"] != j["wage_min"]


def test_an_amount_for_so_many_days_is_the_whole_job() -> None:
    j = job("找个月嫂 下月上户 26天 13500 要有健康证")
    assert (j["wage_min"], j["wage_unit"]) == (13500, "job")
    # one day's rate stays a day's rate
    assert job("找个月嫂 一天450 要有健康证")["wage_unit"] == "day"


# ---------------------------------------------------------------- typos and homophones


@pytest.mark.parametrize(("text", "field", "value"), [
    ("要小工三个 一天两百 日节", "settlement", "daily"),
    ("招服务员 月薪三千 月节", "settlement", "monthly"),
    ("挖洋芋要五个人 一天一百三 包次", "perks", ["meals"]),
    ("工地要泥公两个 一天三百 包吃往", "perks", ["lodging", "meals"]),
    ("工地要泥公两个 一天三百", "work_type", "泥瓦工"),
])
def test_slips_of_the_ear_and_the_keyboard(text: str, field: str, value: object) -> None:
    assert job(text)[field] == value


def test_look_alikes_of_the_slips_stay_as_they_are() -> None:
    j = job("招司机一名 月薪五千 包往返车费 节日节目多")
    assert (j["perks"], j["settlement"]) == ([], None)
    assert job("小公司招保安 月薪三千")["work_type"] == "保安"


# ---------------------------------------------------------------- lists


def test_a_wage_line_after_the_titles_prices_each() -> None:
    js = jobs("农家乐招人\n前厅服务员 3名\n包间服务员 2名\n洗碗工 1名\n"
              "以上均为月薪：服务员3000，洗碗2600，包吃住")
    assert [(j["work_type"], j["headcount"], j["wage_min"], j["wage_unit"]) for j in js] == [
        ("服务员", 3, 3000, "month"), ("服务员", 2, 3000, "month"), ("帮厨", 1, 2600, "month")]
    assert all(j["perks"] == ["lodging", "meals"] for j in js)


def test_a_unit_written_once_for_all() -> None:
    js = jobs("以下都是一天的价：木工380 小工200 明天开工")
    assert [(j["wage_min"], j["wage_unit"], j["duration_days"]) for j in js] == [
        (380, "day", None), (200, "day", None)]
    js = jobs("要帮厨两个 服务员三个 帮厨一百八 服务员一百六 都是一天")
    assert [(j["work_type"], j["wage_min"], j["wage_unit"]) for j in js] == [
        ("帮厨", 180, "day"), ("服务员", 160, "day")]


def test_labelled_amounts_on_a_line_after_the_roster() -> None:
    js = jobs("工地招木工4名 钢筋工3名 小工若干\n木工一天380 钢筋工一天360 小工一天200")
    assert [(j["work_type"], j["headcount"], j["wage_min"]) for j in js] == [
        ("木工", 4, 380), ("钢筋工", 3, 360), ("小工", None, 200)]


def test_numbered_items_keep_their_own_amounts() -> None:
    js = jobs("招工：\n1、砌墙师傅2个 三百一天\n2、小工4个 一百八一天\n3、电工1个 三百二一天\n日结")
    assert [(j["work_type"], j["headcount"], j["wage_min"]) for j in js] == [
        ("泥瓦工", 2, 300), ("小工", 4, 180), ("水电工", 1, 320)]
    assert all(j["settlement"] == "daily" for j in js)


def test_a_numbered_item_with_only_a_count_and_prices_after_the_list() -> None:
    js = jobs("景区招聘：\n1、讲解员2名\n2、保洁员3名\n讲解员月薪3500，保洁2600")
    assert [(j["headcount"], j["wage_min"], j["wage_unit"]) for j in js] == [
        (2, 3500, "month"), (3, 2600, "month")]
    assert js[0]["work_type"] is None and js[1]["work_type"] == "保洁员"


def test_amounts_respectively() -> None:
    js = jobs("招木工、瓦工、小工，工资分别是350、300、180，明天开工")
    assert [(j["work_type"], j["wage_min"]) for j in js] == [
        ("木工", 350), ("泥瓦工", 300), ("小工", 180)]


@pytest.mark.parametrize(("text", "expected"), [
    ("茶园除草 女工150 男工180 要女工3个男工2个", [("female", 3, 150), ("male", 2, 180)]),
    ("饭庄招帮厨 女工170 男工200 各要两名", [("female", 2, 170), ("male", 2, 200)]),
    ("挖洋芋 要男的4个 女的3个 男的一天160 女的一天140",
     [("male", 4, 160), ("female", 3, 140)]),
    ("招服务员 男女各一名 月薪三千", [("male", 1, 3000), ("female", 1, 3000)]),
])
def test_gender_splits_count_each_gender_and_never_read_a_wage_as_a_count(
    text: str, expected: list[tuple[str, int, int]]
) -> None:
    assert [(j["gender"], j["headcount"], j["wage_min"]) for j in jobs(text)] == expected


def test_one_row_of_labelled_amounts_shares_its_unit() -> None:
    js = jobs("采茶 女工一天130 男的150 各要五个")
    assert [(j["wage_min"], j["wage_unit"]) for j in js] == [(130, "day"), (150, "day")]
    # two amounts with no unit anywhere stay without one (the contract: no unit written)
    assert [j["wage_unit"] for j in jobs("砌猪圈 大工300小工180 后天")] == [None, None]


# ---------------------------------------------------------------- work types and contacts


@pytest.mark.parametrize(("text", "work"), [
    ("点苞谷要两个帮工 一天130", "种植工"),
    ("建房上梁 要帮工十来个 每人给一百", "小工"),
    ("修产业路 要劳力二十个 一天一百五", "小工"),
    ("饭店要个打杂的 一个月两千五", "小工"),
    ("屋里种苞谷 要三个人 一天一百二", "种植工"),
    ("屋里苞谷要掰 后天 两个人 一百四", "采摘工"),
    ("挖洋芋的要十来个人 一天一百四", "采摘工"),
    ("挖天麻 要五个人 一天一百六", "种植工"),
    ("砌坎子 找会干的师傅三个 一天两百五", "泥瓦工"),
    ("找个放羊的 山上两百只 一个月两千八 包吃住", "养殖工"),
    ("背洋芋到公路边 一背篓三块 要四个", "搬运工"),
    ("砍过冬的柴 两个人 一天一百五", "林业工"),
])
def test_farm_words_map_to_the_canonical_work_types(text: str, work: str) -> None:
    assert job(text)["work_type"] == work


def test_a_scene_or_a_tool_is_no_farm_work() -> None:
    assert job("帮我开车到路口接你 挖洋芋要两个人 一天一百五")["work_type"] == "采摘工"
    assert job("招保安一名 砌的围墙要看好 月薪三千")["work_type"] == "保安"


@pytest.mark.parametrize(("text", "contact"), [
    ("修水渠要小工五个 一天两百 联系村委会 0719-3452218", "村委会"),
    ("砍杂竹要八个人 一天一百八 电话 13986734412 林场谢场长", "谢场长"),
    ("医院要护工两名 一天二百六 联系护士长 0719-3335119", "护士长"),
    ("挖洋芋要六个 一天一百五 13545906217 老包", "老包"),
    ("招搬運工三名 一天兩百 聯繫張老闆 13812345671", "張老闆"),
    ("要兩個小工 一百五 聯繫人：王師傅", "王師傅"),
])
def test_contacts_as_written(text: str, contact: str) -> None:
    assert job(text)["contact"] == contact


@pytest.mark.parametrize("text", [
    "老房子翻新 找两个油漆工 一天两百八 电话17771063810",
    "村委会门口集合 要小工五个 一天两百 电话13617195280 陈队长",
    "联系人：景区人事部 电话0719-3458001 招保洁三名 月薪两千六",
])
def test_no_contact_from_words_that_only_look_like_one(text: str) -> None:
    assert job(text)["contact"] in (None, "陈队长")


# ---------------------------------------------------------------- dates


def test_weekdays_listed_give_the_first_day_and_the_days_listed() -> None:
    j = job("本周六周日两天 栽核桃苗 要八个人 一天一百五")
    assert (j["start_date"], j["duration_days"]) == ("2026-11-28", 2)
    j = job("本周五周六周日三天 种魔芋 找六个人 一天一百五")
    assert (j["start_date"], j["duration_days"]) == ("2026-11-27", 3)
    # days that do not follow each other are not one stretch of work
    j = job("采茶 周二 周四 周六 各要五个人 一天一百二")
    assert (j["start_date"], j["duration_days"]) == ("2026-12-01", None)


def test_a_holiday_period_and_a_period_worked_to_a_date() -> None:
    may = dt.datetime(2027, 4, 20, 9, 0, tzinfo=TZ)
    j = job("五一假期5月1号到5号 农家乐招服务员三名 一天两百", may)
    assert (j["start_date"], j["duration_days"]) == ("2027-05-01", 5)
    j = job("从下周一干到12月12号 步道维修 要小工六个 一天两百")
    assert (j["start_date"], j["duration_days"]) == ("2026-11-30", 13)
    j = job("从明天开始干到12月5号 民宿招服务员 一天一百三")
    assert (j["start_date"], j["duration_days"]) == ("2026-11-27", 9)


def test_lunar_start_and_vague_or_ending_dates() -> None:
    jan = dt.datetime(2027, 2, 8, 9, 0, tzinfo=TZ)  # lunar 正月初三
    assert job("初八开工 工地要泥工五个 一天三百二", jan)["start_date"] == "2027-02-13"
    assert job("正月十五过后 砌坎子要师傅三个 二百五一天", jan)["start_date"] is None
    # an end with no start, a deadline and a day off are no start date
    assert job("滑雪场要服务员三个 一个月三千五 做到正月十五")["start_date"] is None
    assert job("护林员两名 每月两千 12号前到林业站报名")["start_date"] is None
    assert job("找个带孩子的 一个月三千五 周日休息")["start_date"] is None


# ---------------------------------------------------------------- intent by structure


@pytest.mark.parametrize("text", [
    "找个放羊的 山上一百多只 一个月两千五 包吃住",
    "找个司机 开面包车 拉游客 一个月四千 电话13872659140",
    "我屋里要挖洋芋 搞两天 一天一百三 管饭 哪个得行",
    "滑雪场雪季要人 压雪车司机两个 月薪六千五",
    "松柏镇宝妈找个月嫂 下月上户 26天 一万二",
])
def test_posts_with_no_employer_cue_word_are_posts(text: str) -> None:
    assert intent(text) == "job_post"


@pytest.mark.parametrize("text", [
    "我们队十来个人 可以接",
    "我们组里有6个 明早七点到",
    "覃哥 我明天来 我嫂子也一起",
    "罗主任 我报名 我是坪阡村的",
])
def test_crews_and_replies_that_offer_people_are_claims(text: str) -> None:
    assert intent(text) == "claim"


@pytest.mark.parametrize("text", [
    "去年帮那个老板挖了半个月天麻 一天一百五 到现在钱都没给",
    "张老板 上个月的三百块钱你还冇给我",
    "出售自家土鸡蛋 一块五一个 可以送货上门",
    "收洋芋 一块二一斤 上门收 电话13277196351",
    "有没有人晓得 那个收核桃的老板是哪个",
    "我明天去松柏医院看病 哪个顺路",
    "人已招满 谢谢大家 莫再打电话了",
    "【温馨提示】有人冒充驿站收取介绍费 驿站一律免费",
    "那个修路的还要人不 管不管饭哦",
    "平安夜 我去 超市人挤死了",
])
def test_look_alikes_with_work_and_money_words_are_other(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize("text", [
    "有人要小工不 明天后天都有空",
    "男 56岁 身体好 能吃苦 找个力气活",
    "打核桃挖洋芋的活有没有 我们三个人",
])
def test_offers_of_oneself_are_seeks(text: str) -> None:
    assert intent(text) == "work_seek"


def test_a_posts_requirements_are_not_a_workers_qualities() -> None:
    assert intent("挖天麻 按斤算 一斤一块五 要能吃苦的 管中饭 电话15997087630") == "job_post"
    assert intent("砍杉树 要伐木工6个 有证的优先 一天两百 电话13907193350") == "job_post"


@pytest.mark.parametrize(("text", "field", "value"), [
    ("要小工3个 每日150", "wage_unit", "day"),
    ("招保姆 包月3500", "wage_unit", "month"),
    ("招服务员2名 免费吃住 月薪3000", "perks", ["lodging", "meals"]),
    ("招木工 安排食宿 300一天", "perks", ["lodging", "meals"]),
    ("招保洁 吃住包 月薪2500", "perks", ["lodging", "meals"]),
    ("招保洁一名 月薪两千五 电话13800001112 王姨", "contact", "王姨"),
    ("砍杉树要伐木工6个 一天两百 电话13907193351 林站刘工", "contact", "刘工"),
])
def test_common_phrasings_of_units_perks_and_contacts(text: str, field: str, value: object) -> None:
    assert job(text)[field] == value


def test_a_count_for_each_gender_with_one_amount_is_a_job_for_each() -> None:
    js = jobs("挖洋芋 要男工3个女工2个 一天150")
    assert [(j["gender"], j["headcount"], j["wage_min"]) for j in js] == [
        ("male", 3, 150), ("female", 2, 150)]
    # one gender with its count is one job
    assert len(jobs("挖洋芋 要男工3个 一天150")) == 1


def test_so_much_a_person_is_no_count_and_no_amount_of_one() -> None:
    j = job("打扫卫生要几个人 明天一天一个人一百二")
    assert (j["headcount"], j["wage_min"], j["wage_unit"], j["duration_days"]) == (
        None, 120, "job", 1)
