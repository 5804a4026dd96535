"""Parser rules added from the corpus errors, each written with sentences of its own."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from nlp import parse

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Thursday


def job(text: str, i: int = 0) -> dict[str, Any]:
    p = parse(text, NOW)
    assert p.intent == "job_post", (text, p.intent, p.extra)
    return p.jobs[i].to_contract()


@pytest.mark.parametrize(("text", "unit"), [
    ("要人铺地板 一平米二十块 3个", "piece"),
    ("要人捡石头 一吨五十 两个", "piece"),
    ("办酒席 要服务员四个 一人一百五", "job"),
    ("要人帮忙抬柜子 两个 半天六十", "job"),
    ("招焊工 工资按天算 四百 两名", "day"),
    ("民宿打扫 每个钟25 两个阿姨", "hour"),
    ("要小工3个 明天 一百六", None),
])
def test_wage_units(text: str, unit: str | None) -> None:
    assert job(text)["wage_unit"] == unit


def test_amount_before_a_perk_after_a_space() -> None:
    j = job("招保姆 照看小孩 3k 包吃住")
    assert (j["wage_min"], j["perks"]) == (3000, ["lodging", "meals"])


def test_afternoon_shift_end_on_the_twelve_hour_clock() -> None:
    j = job("招钟点工 下午1点到4点半 每小时20")
    assert (j["start_time"], j["end_time"]) == ("13:00", "16:30")


@pytest.mark.parametrize(("text", "head"), [
    ("明早要俩小工 一百五", 2),
    ("要个人帮忙搬家 给两百", 1),
    ("养猪场招夫妻俩 月薪五千", 2),
    ("挖坑 一个坑5块 人越多越好", None),
    ("招保洁 中午休息一个半小时 月薪两千", None),
])
def test_headcounts(text: str, head: int | None) -> None:
    assert job(text)["headcount"] == head


def test_bare_gender_and_age_range() -> None:
    j = job("招服务员 女 年龄20-45 月薪2800")
    assert (j["gender"], j["age_min"], j["age_max"]) == ("female", 20, 45)
    assert job("招包装工 男工优先 计件 八个")["gender"] is None


def test_one_job_per_kind_when_amounts_name_them() -> None:
    p = parse("修房子 要瓦工 电工 各3个 瓦工三百 电工三百五", NOW)
    assert [(j.work_type, j.headcount, j.wage_min) for j in p.jobs] == [
        ("泥瓦工", 3, 300), ("水电工", 3, 350),
    ]


def test_list_line_without_a_known_title_is_a_job() -> None:
    p = parse("宾馆招聘\n前台2名 月薪2600\n保洁3名 月薪2200\n包住 联系王经理", NOW)
    assert [(j.work_type, j.headcount, j.wage_min) for j in p.jobs] == [
        (None, 2, 2600), ("保洁员", 3, 2200),
    ]


def test_task_verbs_name_the_work() -> None:
    assert job("晚上要三个人卸两车化肥 给四百")["work_type"] == "搬运工"
    assert job("要个师傅砌个猪圈 一天三百")["work_type"] == "泥瓦工"


def test_start_marked_date_wins_and_vague_dates_are_not_start_dates() -> None:
    assert job("周六放假 下周一开工 要小工两个")["start_date"] == "2026-11-30"
    assert job("元宵以后要人栽树 一天一百五")["start_date"] is None


@pytest.mark.parametrize(("text", "intent"), [
    ("还差人不?我能去", "claim"),
    ("我们组有4个人明天8点到", "claim"),
    ("我爸也去", "claim"),
    ("我来问一下 工钱多少?", "other"),
    ("我去，又下雨了", "other"),
    ("有没有要摘茶的 我和我姐都会", "work_seek"),
    ("哪里招小工 我身体好", "work_seek"),
    ("青天村 要6个人", "job_post"),
])
def test_intents(text: str, intent: str) -> None:
    assert parse(text, NOW).intent == intent


def test_homophone_typos_in_field_words() -> None:
    j = job("后添要3个小工 一天两白五 包池住 日洁 点话13900002222")
    assert j["start_date"] == "2026-11-28" and j["wage_min"] == 250
    assert j["perks"] == ["lodging", "meals"] and j["settlement"] == "daily"
    assert j["phone"] == "13900002222"


def test_meeting_point_is_not_the_workplace() -> None:
    j = job("早上7点在松柏镇路口集合 去青天村挖土豆 5个人 一天一百五")
    assert (j["township"], j["village"]) == ("木鱼镇", "青天村")
    assert job("明早8点红坪镇集合 要5个人 一天两百")["township"] == "红坪镇"


def test_a_lunar_range_with_a_bare_end_day_gives_the_duration() -> None:
    j = job("腊月二十到二十八 要5个小工 150一天")
    assert (j["start_date"], j["duration_days"]) == ("2027-01-27", 9)


def test_an_afternoon_shift_written_with_a_space() -> None:
    j = job("下午 2点半到5点半 要2个小工 一百 电话13812345678")
    assert (j["start_time"], j["end_time"]) == ("14:30", "17:30")


# Intent boundaries, each category written in many voices (none of these is a corpus line).
@pytest.mark.parametrize("text", [
    "冇得活干了 哪个有活喊一声",
    "屋里冇得事做 会砌墙 有活的老板说一声",
    "最近冇活路 能搬能扛",
    "这几天冇得么事做 哪个要人说一声",
    "冇活干 闲得慌",
    "屋里冇得活路了 有力气",
    "会开挖机 这几天都有空",
    "会电焊 会木工 下周一到周五都空着",
    "泥瓦工 干了二十年 这个月都有时间",
    "开了十几年货车 周末都有空",
    "会贴瓷砖 会刮腻子 明天后天都空着",
    "我会修水管 也会装电线 最近都有时间",
    "做了八年厨师 这个月都闲着",
    "会做饭 会带小孩 有需要的联系我",
    "我们村有五六个妇女 想出去做点事 采茶 除草都行",
    "俺们组里有七八个婆婆 想找点事做 摘茶叶都会",
    "我们几个老乡 会砌墙 有活路的老板联系",
    "哪个老板要小工?我们村有3个人",
    "谁家需要钟点工?我们这边有两个大姐",
    "哪里要采茶的 我们村有五个",
])
def test_workers_offering_themselves_are_seeks(text: str) -> None:
    assert parse(text, NOW).intent == "work_seek", parse(text, NOW).extra


@pytest.mark.parametrize("text", [
    "二十分钟到",
    "5分钟到",
    "十分钟就到门口",
    "半个小时能过来",
    "我马上过去 十分钟",
    "收到 我九点前到",
    "收到 我八点之前到",
    "好的 十点以前赶到",
    "收到 我们两个八点前到",
    "下午三点以后可以 算我一个",
    "中午以后都可以 算我一个",
    "我周六以后都行 算上我",
    "算上我 还有我哥",
    "周末以后行的话 加我一个",
    "要是还缺人 算我一个",
])
def test_replies_offering_the_sender_are_claims(text: str) -> None:
    assert parse(text, NOW).intent == "claim", parse(text, NOW).extra


@pytest.mark.parametrize("text", [
    "一天一百二少了点吧",
    "150一天太低了",
    "两百一天低了吧",
    "一百八 太少了",
    "才一百五?",
    "工钱咋这么低",
    "去年都是一百八一天 今年咋还降了",
    "一斤才两块 划不来",
    "三块钱一斤不划算",
    "工钱两百 包不包吃?",
    "管不管饭?一天多少",
    "工资月结还是日结?",
    "十个人一天干得完不",
    "八十一天 谁干啊",
    "我去 下这么大雨",
    "我去 又涨价了",
    "我去 好冷啊今天",
    "我去 这路咋走啊",
])
def test_remarks_and_exclamations_under_a_post_are_other(text: str) -> None:
    assert parse(text, NOW).intent == "other", parse(text, NOW).extra


@pytest.mark.parametrize(("text", "intent"), [
    ("明天摘茶 一斤三块 有人来吗", "job_post"),
    ("搬砖 两车 给四百 谁来", "job_post"),
    ("帮我挖两天地 一天一百五", "job_post"),
    ("明天挖土豆 有空的来 一天一百五", "job_post"),
    ("哪个明天有空 来帮我锄两天草 一天一百六", "job_post"),
    ("出租小挖机 一天八百 有需要的联系", "other"),
    ("我这边有四个人 都能干", "claim"),
    ("我们组有6个人都能去", "claim"),
])
def test_posts_and_replies_that_look_like_the_new_cases(text: str, intent: str) -> None:
    assert parse(text, NOW).intent == intent, parse(text, NOW).extra
