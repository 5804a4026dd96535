"""Round 15's work on authors_c (issue 11): the kinds of its mistakes, fixed by mechanism.

Every sentence is new (none is a line of authors_c or of another set), and each behaviour is
shown with the look-alikes that must not trigger it.
"""

from __future__ import annotations

import datetime as dt

from nlp import parse

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 14, 8, 0, tzinfo=TZ)  # a Monday, before 春节


def intent(text: str) -> str:
    return parse(text, NOW).intent


def job(text: str, i: int = 0) -> dict[str, object]:
    p = parse(text, NOW)
    assert p.intent == "job_post", (text, p.intent)
    return p.to_contract("t")["jobs"][i]  # type: ignore[no-any-return]


def jobs(text: str) -> list[dict[str, object]]:
    p = parse(text, NOW)
    assert p.intent == "job_post", (text, p.intent)
    return p.to_contract("t")["jobs"]  # type: ignore[return-value]


# ==== work types by meaning: a load carried up a slope, tiles turned, seedlings planted,
# cars directed, meat cut in a kitchen; 协管员 unqualified names no trade


def test_a_load_carried_up_or_down_a_slope_is_carrying() -> None:
    assert job("后天要三个人背化肥上坡 一趟给八十 13872201546")["work_type"] == "搬运工"
    assert job("找两个人背木炭下山 一天两百 13872201547")["work_type"] == "搬运工"


def test_the_back_itself_is_no_load() -> None:
    # the back that aches, not one that carries
    assert job("腰背酸痛上山都难 明天找个人帮忙 一天一百五 13872201548").get("work_type") is None


def test_tiles_turned_and_seedlings_planted() -> None:
    assert job("老屋漏水 请个师傅捡下瓦 给三百 13872201549")["work_type"] == "泥瓦工"
    assert job("明天翻瓦 要个人 一天两百 13872201550")["work_type"] == "泥瓦工"
    assert job("后天栽果苗 要四个人 一天一百二 13872201551")["work_type"] == "种植工"


def test_directing_cars_is_a_guards_work() -> None:
    assert job("周末停车场要两个指挥车辆的 一天一百八 13872201552")["work_type"] == "保安"


def test_cutting_cured_meat_is_kitchen_work_smoking_it_is_not() -> None:
    assert job("要个切腊肉的 明天一天 给一百二 13872201553")["work_type"] == "帮厨"
    assert job("屋里熏腊肉 要个人帮忙 明天一天 给一百二 13872201554").get("work_type") is None


def test_an_assistant_with_no_field_names_no_trade() -> None:
    assert job("招村级协管员3名 每月1500 电话0719-3330001").get("work_type") is None
    assert job("招交通协管员3名 每月1800 电话0719-3330002")["work_type"] == "保安"


def test_snow_remarked_on_then_cleared() -> None:
    assert job("屋后那条路雪厚 找两个人铲一下 给三百 13872201555")["work_type"] == "保洁员"
    assert job("坡上雪深 喊几个人扫一下 给五百 13872201556")["work_type"] == "保洁员"


def test_a_remark_with_no_verb_after_it_names_no_work() -> None:
    # thick snow and a hire, but nothing to be cleared: the hire names the work
    assert job("今年雪厚 要个司机 开面包车 一天三百 13872201557")["work_type"] == "司机"


# ==== a fitting-out named as the project yields to the task; a helper in a kitchen's shop


def test_a_fitting_out_yields_to_the_task_named_beside_it() -> None:
    assert job("帮忙装修铺面 刮腻子 要两个 一天两百四 13872201558")["work_type"] == "油漆工"
    assert job("装修新房 贴瓷砖 要个师傅 一天三百 13872201559")["work_type"] == "泥瓦工"


def test_a_fitting_out_alone_or_a_fitter_stays_a_fitter() -> None:
    assert job("新房装修 要两个人 一天两百五 13872201560")["work_type"] == "装修工"
    assert job("要个装修师傅 刷墙 一天三百 13872201561")["work_type"] == "装修工"


def test_a_helper_at_a_kitchens_shop_is_a_kitchen_hand() -> None:
    assert job("镇上开了个面馆 要个帮工 一个月两千二 13872201562")["work_type"] == "帮厨"
    assert job("学校食堂 缺个帮工 一个月一千八 13872201563")["work_type"] == "帮厨"
    # an odd-job hand there stays a labourer (round 2)
    assert job("面馆要个打杂的 一个月两千 13872201594")["work_type"] == "小工"


def test_a_helper_elsewhere_is_a_labourer() -> None:
    assert job("建房 要个帮工 一天一百六 13872201564")["work_type"] == "小工"
    # the shop is somewhere to meet, but a trade is named: the trade wins
    assert job("饭店门口集合 要个帮工砌墙 一天三百 13872201565")["work_type"] == "泥瓦工"


# ==== settlement when the task is done; the word that says to call a committee


def test_paid_when_the_task_itself_is_done() -> None:
    assert job("明天卸一车水泥 要三个人 一人一百 卸完就结 13872201566")["settlement"] == (
        "on_completion")
    assert job("院坝铲雪 两个人 铲完结 一人八十 13872201567")["settlement"] == "on_completion"


def test_done_without_pay_is_no_settlement() -> None:
    assert job("明天卸一车水泥 要三个人 一人一百 卸完就走 13872201568").get(
        "settlement") is None


def test_the_call_word_is_not_the_committees_name() -> None:
    assert job("明天修路 要五个人 一天一百五 联系塔坪村委会 0719-3451111")["contact"] == (
        "塔坪村委会")
    assert job("明天修路 要五个人 一天一百五 塔坪村委会 0719-3451112")["contact"] == "塔坪村委会"


# ==== headcount: so much paid each is no count; a place of work counted is no one


def test_so_much_each_with_no_count_written_is_no_headcount() -> None:
    assert job("后山那段路要铲雪 找人 一个人给一百八 13872201570").get("headcount") is None
    assert job("屋里要挖个水窖 三个人 两天 一人给两百四 13872201571")["headcount"] == 3
    assert job("屋里要挖个水窖 三个人 两天 一人给两百四 13872201571")["wage_min"] == 240


def test_one_hired_then_paid_is_still_one() -> None:
    assert job("要一个人 给两百 明天砍柴 13872201572")["headcount"] == 1
    # no one hired uncounted: the one paid is the one wanted (round 8)
    assert job("明天帮忙抬个柜子 一个人给八十 13872201595")["headcount"] == 1


def test_a_place_of_work_counted_is_no_headcount() -> None:
    assert job("县城一个仓库要搬运工六个 一天两百八 13872201573")["headcount"] == 6
    assert job("两个民宿要保洁阿姨三个 一天一百五 13872201574")["headcount"] == 3


def test_staff_named_by_their_place_are_counted() -> None:
    assert job("招两名酒店服务员 一个月两千八 13872201575")["headcount"] == 2
    assert job("要保洁两名打扫民宿客房 一天一百四 13872201576")["headcount"] == 2


# ==== wage units: a rate per head of livestock, a small amount each, the trades' rates


def test_a_rate_per_head_then_how_many_a_day_is_a_piece_rate() -> None:
    w = job("找个杀猪匠 一头给一百 一天能杀三四头 13872201577")
    assert (w["wage_min"], w["wage_unit"]) == (100, "piece")


def test_a_days_rate_after_an_amount_is_still_a_days_rate() -> None:
    assert job("找个杀猪匠 给一百 一天 13872201578")["wage_unit"] == "day"


def test_a_small_amount_each_is_a_piece_rate() -> None:
    w = job("明年开春种树 挖坑 每个八毛 要十个人 13872201579")
    assert (w["wage_min"], w["wage_unit"]) == (0.8, "piece")


def test_a_persons_amount_each_is_not() -> None:
    assert job("要五个人 每个一百 明天搬砖 13872201580").get("wage_unit") != "piece"


def test_the_trades_rates_in_a_one_off_task_have_no_unit() -> None:
    js = jobs("帮忙修个牛圈 要大工一个小工两个 大工三百二小工一百八 搞三四天 13872201581")
    assert [(j["wage_min"], j.get("wage_unit")) for j in js] == [(320, None), (180, None)]


def test_a_one_off_tasks_amounts_by_sex_are_for_the_task() -> None:
    js = jobs("帮忙装一车柑橘 要男的两个女的两个 男一百二女一百 13872201582")
    assert [(j["wage_min"], j.get("wage_unit")) for j in js] == [(120, "job"), (100, "job")]


# ==== dates: a day that comes back each week, a sign-up period, the next line's deadline


def test_a_weekday_that_comes_back_is_no_first_day() -> None:
    assert job("找个钟点工 每周三五上午来做卫生 一小时三十 13872201583").get("start_date") is None
    assert job("逢星期六来打扫一次 一次一百 13872201584").get("start_date") is None


def test_a_weekday_said_once_is_the_first_day() -> None:
    assert job("周三来打扫 一次一百 13872201585")["start_date"] == "2026-12-16"
    assert job("每天都忙 周三来打扫一次 一次一百 13872201586")["start_date"] == "2026-12-16"


def test_a_sign_up_from_now_to_a_day_is_no_start() -> None:
    text = "招保洁员3名 每月1600 报名：即日起至12月20日 电话0719-3330003"
    assert job(text).get("start_date") is None


def test_a_work_period_from_now_to_a_day_starts() -> None:
    # no sign-up word: the work itself runs from now
    assert job("招保洁员3名 即日起至12月20日 一天一百 电话0719-3330004").get(
        "start_date") is not None
    assert job("招保洁员3名 即日起至12月20日 一天一百 报名电话0719-3330007").get(
        "start_date") is not None


def test_the_next_lines_deadline_leaves_a_period_its_start() -> None:
    text = "招护林员4名 每月2000元\n时间：2027年2月1日至4月30日\n报名截止1月10日 电话0719-3330005"
    w = job(text)
    assert (w["start_date"], w["duration_days"]) == ("2027-02-01", 89)


def test_a_deadline_on_the_dates_own_line_is_still_one() -> None:
    assert job("招护林员4名 一月十号前报名 每月两千 电话0719-3330006").get("start_date") is None


# ==== claims: a post named then 我报名 with the sender's years (岁 unsaid); a crew's coming
# named by its sex


def test_a_sign_up_with_the_senders_years_is_a_claim() -> None:
    assert intent("保安我报名 今年五十 身体没得问题") == "claim"
    assert intent("那个砍柴的我报名 今年48 力气大") == "claim"


def test_the_years_after_this_year_are_no_amount() -> None:
    # the same number after 今年 in a post is no wage either
    assert job("要个守夜的 今年60以下 一个月两千 13872201587")["wage_min"] == 2000
    # a bare amount with 今年 further back stays an amount
    assert job("今年活多 要砍柴的 80 13872201589")["wage_min"] == 80


def test_a_crews_coming_named_by_sex_is_a_claim() -> None:
    assert intent("我们坪上来两个女的") == "claim"
    assert intent("我们东溪去四个男的") == "claim"


def test_a_crew_that_came_is_told_of_not_offered() -> None:
    assert intent("我们村来了三个男的") == "other"


# ==== chatter: 我去 and how the snow or rain falls, a fear for tomorrow


def test_how_the_snow_falls_after_wo_qu_is_a_remark() -> None:
    assert intent("我去 这雪下得 路上怕是走不成了") == "other"
    assert intent("我去 外头雨落得 明天怕是搞不成") == "other"


def test_wo_qu_with_a_coming_stays_a_claim() -> None:
    assert intent("我去 明天几点到") == "claim"


# ==== lists: an item whose amounts are labelled by sex, uncounted


LISTED = ("要人:\n1、木工3个 三百六\n2、小工若干 男工二百一 女工一百八\n"
          "以上都是一天的价 电话13872201590")


def test_an_items_amounts_by_sex_make_a_job_each() -> None:
    js = jobs(LISTED)
    assert [(j["work_type"], j.get("gender"), j["wage_min"], j["wage_unit"]) for j in js] == [
        ("木工", None, 360, "day"), ("小工", "male", 210, "day"), ("小工", "female", 180, "day")]
    assert js[1].get("headcount") is None


def test_an_items_count_is_both_sexes_and_neither_ones() -> None:
    js = jobs("要人:\n1、木工3个 三百六\n2、小工6个 男工二百一 女工一百八\n电话13872201593")
    assert [(j.get("gender"), j.get("headcount")) for j in js[1:]] == [
        ("male", None), ("female", None)]


def test_an_item_of_one_amount_stays_one_job() -> None:
    js = jobs("要人:\n1、木工3个 三百六\n2、小工若干 二百一\n以上都是一天的价 电话13872201591")
    assert [(j["work_type"], j["wage_min"]) for j in js] == [("木工", 360), ("小工", 210)]


def test_a_line_pricing_the_items_by_title_is_no_item() -> None:
    js = jobs("要人:\n1、木工3个\n2、小工5个\n以上均为日薪:木工三百六 小工二百 电话13872201592")
    assert [(j["work_type"], j["headcount"], j["wage_min"]) for j in js] == [
        ("木工", 3, 360), ("小工", 5, 200)]
