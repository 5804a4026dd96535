"""Round 12 (issue 11): the kinds of authors_v's mistakes, fixed by mechanism.

Every sentence is new (none is a line of authors_v or of a conversation), and each behaviour is
shown with the look-alikes that must not trigger it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from nlp import parse

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 4, 12, 9, 0, tzinfo=TZ)  # a Monday


def intent(text: str) -> str:
    return parse(text, NOW).intent


# ==== help asked for in kind (a meal, help returned, 不要钱) is no post


@pytest.mark.parametrize("text", [
    "后天屋里熏腊肉 哪个得空来帮个忙 不收钱的 晚上来喝两杯",
    "明天我屋里栽洋芋 隔壁的都来帮把手 中午到我屋里吃",
    "李嫂 你明天得空来帮个忙挖红薯 下个礼拜我去帮你",
    "下午搬柴 要两个帮忙的 没得工钱哦 来吃晚饭",
])
def test_help_repaid_in_kind_is_other(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize(("text", "want"), [
    # the same call with a wage is paid work
    ("后天屋里熏腊肉 哪个得空来帮个忙 一天一百五 晚上来喝两杯", "job_post"),
    ("明天我屋里栽洋芋 要两个人来帮忙 一天一百二 管中饭 电话13872610935", "job_post"),
    # one offering to help, nothing asked back
    ("上梁那天我来帮忙 算我一个", "claim"),
])
def test_paid_help_and_an_offer_to_help_keep_their_intent(text: str, want: str) -> None:
    assert intent(text) == want


# ==== lifts: seats left, a fare per head, a trip made every day


@pytest.mark.parametrize("text", [
    "每天下午木鱼到松柏 顺路带人 单程三十 电话13907196245",
    "周五有没有去宜昌的车 我搭个便车 出两百",
    "每天早上红坪到松柏 接送娃儿上学 一学期八百 还能坐三个",
    "正月回来 松柏到武汉 初八前天天一趟 一人一百八",
])
def test_a_lift_with_a_fare_is_other(text: str) -> None:
    assert intent(text) == "other"


@pytest.mark.parametrize("text", [
    "要个司机 每天一趟 松柏到木鱼拉货 一个月四千五 电话13907196245",
    "栽树 一人一天一百六 包车接送 要十个 龙溪村 电话15872306194",
    # a day's pay per head on a daily run is a wage, not a fare
    "松柏到木鱼 每天一趟 装卸 一人一天两百 两个人 电话13886014527",
])
def test_a_driver_hired_or_work_with_transport_is_still_a_post(text: str) -> None:
    assert intent(text) == "job_post"


# ==== pay short at settling, or worked out to show how little it is: complaints


@pytest.mark.parametrize("text", [
    "在木鱼摘了二十天茶 讲好的一千八 结账的时候给一千五 说我摘得老",
    "饭店洗碗一个月才两千二 天天干到半夜 算下来一个钟头六块钱",
])
def test_a_complaint_about_pay_is_other(text: str) -> None:
    assert intent(text) == "other"


def test_a_post_settling_at_the_end_is_still_a_post() -> None:
    assert intent("摘茶 要八个 一天一百二 干完结的时候一起给 电话13972605184") == "job_post"


# ==== a question about a post, then the sender offered for it: a claim


@pytest.mark.parametrize("text", [
    "请问砍树那个活 明天还要人不 我能来",
    "问一下 修路还缺人吗 我后天可以去",
])
def test_still_hiring_then_an_offer_is_a_claim(text: str) -> None:
    assert intent(text) == "claim"


@pytest.mark.parametrize("text", [
    "请问砍树那个活 明天还要人不",
    "问一下 在哪里报名",
    "采茶那里还缺人吗 我问问能不能带娃去",  # a second question, no offer
    "挖天麻还差人不 我想问能干几天",
])
def test_a_question_alone_is_other(text: str) -> None:
    assert intent(text) == "other"


# ==== a worker's own advert: one age and skills, or a crew's trades 都搞


@pytest.mark.parametrize("text", [
    "月嫂 48岁 带娃 做月子餐 都会 一个月六千 松柏 15272036481",
    "护工 55岁 照顾老人 做饭 都会 一个月三千八 包吃住 松柏 18627109354",
    "我们是红坪的一个施工队 七个人 砌堡坎 打地坪 修猪圈都搞 价钱好说 电话13907192648 陈队长",
    "我们是阳日的一个装修班子 五个人 刮腻子 贴砖 安门窗都搞 价钱好商量 电话13907192648 邓师傅",
])
def test_a_workers_own_advert_is_a_seek(text: str) -> None:
    assert intent(text) == "work_seek"


@pytest.mark.parametrize("text", [
    "招月嫂 45岁以下 带娃 做月子餐 一个月六千 松柏 15272036481",
    "要个保姆 50岁以内 做饭搞卫生 一个月三千 电话13886014527",
    "装修房子 要两个师傅 贴砖吊顶 一天三百五 电话13886014527",
    # a limit, no age of one's own
    "住家保姆 55岁以下 会做饭 都行 一个月三千五 包住 电话13886014527",
])
def test_an_age_limit_or_trades_wanted_is_a_post(text: str) -> None:
    assert intent(text) == "job_post"


@pytest.mark.parametrize("text", [
    "修猪圈 两天都搞完 泥工一个 三百",  # 都搞完: the work done, not trades taken on
    "搬砖 今天都搞完 两个人 一天两百",
])
def test_work_all_done_is_no_trade_taken_on(text: str) -> None:
    p = parse(text, NOW)
    # the rules themselves, not only the learned model, read no seek
    assert p.intent == "job_post" and "work_seek" not in str(p.extra["reason"])


def job(text: str) -> dict[str, object]:
    jobs = parse(text, NOW).to_contract("t")["jobs"]
    assert isinstance(jobs, list) and jobs, text
    first = jobs[0]
    assert isinstance(first, dict)
    return first


# ==== pieces of piecework counted (五千个坑, 两万棵) are no headcount


@pytest.mark.parametrize(("text", "head"), [
    ("栽核桃苗 一个坑两块 三千个坑 干完结 八个人左右", 8),
    ("挖窝子点苞谷 一个窝一毛 两万个窝 要六个人", 6),
])
def test_pieces_counted_are_not_the_people(text: str, head: int) -> None:
    assert job(text)["headcount"] == head


def test_people_counted_beside_pieces_still_count() -> None:
    assert job("要十个人挖坑 一天一百六 电话13972615840")["headcount"] == 10


# ==== an animal counted by the head is a piece rate


@pytest.mark.parametrize("text", [
    "龙溪村 冬月杀年猪 请个屠夫 一头猪一百二 二十几头 电话13597016248",
    "剪羊毛 一只羊五块 三百多只 电话13597016248",
])
def test_so_much_an_animal_is_a_piece_rate(text: str) -> None:
    assert job(text)["wage_unit"] == "piece"


def test_a_days_pay_beside_an_animal_stays_a_day() -> None:
    assert job("明天杀一头猪 要两个帮手 一天两百 电话13597016248")["wage_unit"] == "day"


# ==== 女的也要: women taken too, no restriction


@pytest.mark.parametrize("text", [
    "木鱼村 栽天麻 一天一百五 女的也要 八个人 电话13886204173",
    "搬砖 一天两百 男的也要 要六个 电话13886204173",
])
def test_one_sex_taken_too_is_no_restriction(text: str) -> None:
    assert job(text)["gender"] is None


def test_a_count_of_one_sex_still_restricts() -> None:
    assert job("摘茶 一天一百五 女的也要五个 电话13886204173")["gender"] == "female"


# ==== a meal named by when it is eaten (管中午一顿)


def test_a_meal_named_by_its_hour_is_a_perk() -> None:
    assert job("粉墙 还差一个人 一天两百六 管中午一顿 电话13972630481")["perks"] == ["meals"]


def test_no_meal_named_by_its_hour_is_none() -> None:
    assert job("粉墙 还差一个人 一天两百六 不管中午一顿 电话13972630481")["perks"] == []


# ==== 这两天 is a time, not a length


def test_these_days_give_no_duration() -> None:
    assert job("摘板栗 一天一百四 这两天就要人 要五个 电话13886027194")["duration_days"] is None


@pytest.mark.parametrize(("text", "days"), [
    ("摘板栗 一天一百四 要五个 干两天 电话13886027194", 2),
    ("下周六酒席 要四个端盘子的 每人一百五 就那一天 电话13886027194", 1),
])
def test_a_length_of_days_is_still_read(text: str, days: int) -> None:
    assert job(text)["duration_days"] == days


# ==== an age range said without 岁 before 的都行


def test_an_age_range_before_all_welcome() -> None:
    got = job("掰苞谷 一天一百三 要六个 二十到六十五的都行 电话13597208461")
    assert (got["age_min"], got["age_max"]) == (20, 65)


def test_small_numbers_before_all_welcome_are_no_age() -> None:
    got = job("掰苞谷 一天一百三 要六个 十到十二的都行 电话13597208461")
    assert (got["age_min"], got["age_max"]) == (None, None)


# ==== trades typed by sound: 木将 (木匠), 磁砖 (瓷砖)


@pytest.mark.parametrize(("text", "work"), [
    ("招木将一名 做柜子 一天三百 电话13972618450", "木工"),
    ("堂房村 卫生间贴磁砖 要个师傅 一天三百二 电话13972618450", "泥瓦工"),
])
def test_a_trade_typed_by_sound_is_read(text: str, work: str) -> None:
    assert job(text)["work_type"] == work


def test_the_sounds_alone_are_left() -> None:
    from nlp.typos import fix_typos

    assert fix_typos("将军 磁铁 酱油") == "将军 磁铁 酱油"
