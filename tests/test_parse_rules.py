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
