"""The parser's side of issue 10 ('read the room'): every job of a post kept with its own wage,
chatter that only looks like a post read as chatter, and the look-alikes that must still act."""

from __future__ import annotations

import datetime as dt

import pytest

from nlp import parse

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _jobs(text: str) -> list[tuple[str | None, int | None, float | None, str | None, str | None]]:
    p = parse(text, NOW, chat_region="松柏镇")
    assert p.intent == "job_post", p.extra
    return [(j.work_type, j.headcount, j.wage_min, j.wage_unit, j.gender) for j in p.jobs]


@pytest.mark.parametrize(("text", "jobs"), [
    # two jobs each with its own count and wage (the 800 once went to the wrong one)
    ("挖掘机师傅一名 一天800 还要普工五个 一天150",
     [("司机", 1, 800, "day", None), ("操作工", 5, 150, "day", None)]),
    ("要个开挖掘机的 一天九百 再要小工三个 一天一百六",
     [("司机", 1, 900, "day", None), ("小工", 3, 160, "day", None)]),
    # one amount for all
    ("明天要3个搬运工和2个保洁 都是150一天",
     [("搬运工", 3, 150, "day", None), ("保洁员", 2, 150, "day", None)]),
    ("后天要两个木工 三个小工 都是两百一天",
     [("木工", 2, 200, "day", None), ("小工", 3, 200, "day", None)]),
    # a count and an amount per gender
    ("招男工2名女工3名 采茶 男150女120",
     [("采茶工", 2, 150, None, "male"), ("采茶工", 3, 120, None, "female")]),
    # a task and a title of the same kind are one job, not two
    ("砌墙 一方一百二 找个大工", [("泥瓦工", 1, 120, "piece", None)]),
])
def test_every_job_keeps_its_own_wage(text: str, jobs: list[object]) -> None:
    assert _jobs(text) == jobs


def test_a_post_of_400_jobs_keeps_them_all() -> None:
    kinds = ["泥工", "小工", "木工", "电工", "保洁员", "搬运工", "厨师", "服务员"]
    lines = [f"{i + 1}、{kinds[i % 8]}{i % 5 + 1}名 日薪{150 + i % 10 * 10}" for i in range(400)]
    text = "招聘\n" + "\n".join(lines) + "\n电话13900001111"
    p = parse(text, NOW)
    assert p.intent == "job_post" and len(p.jobs) == 400
    last = p.jobs[-1]
    assert (last.work_type, last.headcount, last.wage_min, last.phone) == (
        "服务员", 5, 240, "13900001111")


@pytest.mark.parametrize(("text", "reason"), [
    ("有没有要腊肉的，80一斤", "trade"),
    ("有冇得要土鸡蛋的 一块五一个", "trade"),
    ("张三欠我工钱300块一直不给", "unpaid"),
    ("我儿子在工地上班，一天300", "news"),
    ("我老公在砖厂做事 一个月五千", "news"),
    ("我们俩明天去松柏走亲戚", "travel"),
    ("我去，一天才100？", "exclamation"),
])
def test_chatter_that_looks_like_a_post_is_chatter(text: str, reason: str) -> None:
    p = parse(text, NOW, chat_region="松柏镇")
    assert p.intent == "other"
    assert p.extra["reason"] == reason
    assert p.jobs == []


@pytest.mark.parametrize(("text", "intent"), [
    # the look-alikes that must still act
    ("有没有要搬砖的 一块砖一分钱 要两个人", "job_post"),
    ("我儿子在工地上 还缺两个小工 一天两百 电话13900001111", "job_post"),
    ("我们俩去", "claim"),
    ("我去，明天几点到", "claim"),
    ("我儿子在家闲着 有没有活干", "work_seek"),
])
def test_look_alikes_still_act(text: str, intent: str) -> None:
    assert parse(text, NOW, chat_region="松柏镇").intent == intent


def test_a_sign_up_for_two_counts_two() -> None:
    p = parse("我们俩去", NOW)
    assert p.claim is not None and p.claim.count == 2


@pytest.mark.parametrize(("text", "jobs"), [
    # a title the lexicon does not know keeps its own count in a row of titles
    ("【急聘】神农架机场 安检员3名 保洁员2名 月薪3000",
     [(None, 3, 3000, "month", None), ("保洁员", 2, 3000, "month", None)]),
    ("酒店招人：前厅接待2名，一个月三千；客房服务员4名，一个月两千八；厨师1名，一个月六千",
     [(None, 2, 3000, "month", None), ("服务员", 4, 2800, "month", None),
      ("厨师", 1, 6000, "month", None)]),
    # look-alike: a count of the people served is not an item
    ("招保姆一个，照顾一个老人，月薪3800，包吃住", [("家政", 1, 3800, "month", None)]),
])
def test_rows_of_titles_the_lexicon_does_not_know(text: str, jobs: list[object]) -> None:
    assert _jobs(text) == jobs


@pytest.mark.parametrize(("text", "perks"), [
    ("摘茶 一斤五块 我开车子来接你", ["transport"]),
    ("挖洋芋 一天一百五 中午就在我家里吃", ["meals"]),
    ("剥玉米 一天一百 住的地方也有", ["lodging"]),
    ("剥玉米 一天一百 没有住的地方", []),
])
def test_perks_said_in_spoken_words(text: str, perks: list[str]) -> None:
    p = parse(text, NOW, chat_region="松柏镇")
    assert p.intent == "job_post" and p.jobs[0].perks == perks


def test_a_preferred_couple_is_no_count_and_a_spaced_wan_no_multiplier() -> None:
    assert parse("养鸡场要喂鸡的 一个月三千 两口子更好", NOW).jobs[0].headcount is None
    assert parse("养鸡场要两口子 一个月六千", NOW).jobs[0].headcount == 2
    job = parse("要个打杂的 一天一百五 万福村", NOW).jobs[0]
    assert (job.wage_min, job.village) == (150, "万福村")


def test_titles_written_with_their_gender_are_one_job_each() -> None:
    assert _jobs("饭庄招 女帮厨2名 男帮厨1名 一个月两千八 包吃住") == [
        ("帮厨", 2, 2800, "month", "female"), ("帮厨", 1, 2800, "month", "male")]
    assert _jobs("农家乐要女服务员3个 男厨师1个 女的一天120 男的一天200") == [
        ("服务员", 3, 120, "day", "female"), ("厨师", 1, 200, "day", "male")]


@pytest.mark.parametrize(("text", "days"), [
    ("招保安 一天十二个小时 月薪三千", None),  # a day's hours are no length
    ("厨房要个帮厨 干一天算一天 一天一百", None),
    ("修围墙 要两个小工 干三天 一天一百六", 3),
])
def test_what_is_no_duration(text: str, days: int | None) -> None:
    assert parse(text, NOW).jobs[0].duration_days == days


@pytest.mark.parametrize(("text", "intent"), [
    ("后天去茶场的车几点走？在哪里等", "other"),
    ("一个月四千包吃住 在这边算不错了", "other"),
    ("神农顶看日出 客栈预订 一晚一百八 含早", "other"),
    ("我五十八了 腿脚不好 想找个守夜的活 哪个晓得说一声", "work_seek"),
    # look-alikes: asking the time while taking the post, and a post with a price a night
    ("我去，明天几点？", "claim"),
    ("客栈招前台一名 月薪三千 包吃住 电话13900001111", "job_post"),
])
def test_questions_remarks_and_ads(text: str, intent: str) -> None:
    assert parse(text, NOW, chat_region="松柏镇").intent == intent


def test_a_wage_for_all_written_in_the_last_item_of_a_numbered_list() -> None:
    assert _jobs("1.洗碗 2人 2.传菜 3人 3.保洁 1人 都是一天一百二") == [
        ("帮厨", 2, 120, "day", None), ("服务员", 3, 120, "day", None),
        ("保洁员", 1, 120, "day", None)]


@pytest.mark.parametrize(("text", "intent"), [
    ("下周六周日两天 收板栗 一天一百四", "job_post"),  # harvest paid by the day
    ("收板栗 四块一斤 有要卖的联系我", "other"),  # buying
])
def test_harvest_paid_by_the_day_is_no_trade(text: str, intent: str) -> None:
    assert parse(text, NOW, chat_region="松柏镇").intent == intent


def test_farm_voice_posts() -> None:
    # a task that owns nothing before the title that does: one job, the title's
    assert _jobs("屋里要砌猪圈 打下手的要个小工 一天一百四 搞两天") == [
        ("小工", 1, 140, "day", None)]
    # women wanted in the local word
    assert _jobs("摘花椒 一斤两块 要几个婆娘") == [("采摘工", None, 2, "piece", "female")]
    # a deadline to sign up, then the start marked as such
    job = parse("8号前报名 10号开工 栽天麻 一天一百五 要四个人", NOW).jobs[0]
    assert job.start_date == dt.date(2026, 12, 10)
    assert parse("8号前报名 栽天麻 一天一百五", NOW).jobs[0].start_date is None


# a fee's amount is never the wage, but only the amount written with the fee phrase is the
# fee's: the day wage before a travel cost the boss bears stays the wage
@pytest.mark.parametrize(("text", "wage", "scam"), [
    ("下周一兴隆寺村茶叶加工厂要3个普工 一天一百四 来回路费老板垫付 电话13872176621",
     (140, "day"), None),
    ("要3个普工 一天一百四 路费报销", (140, "day"), None),
    ("要3个普工 一天一百四来回路费报销", (140, "day"), None),
    ("报到先交体检费150 月薪4500", (4500, "month"), "体检费"),
    ("招普工3名 月薪4500 入职交200元服装费", (4500, "month"), "服装费"),
])
def test_a_wage_next_to_a_travel_cost_is_kept(
    text: str, wage: tuple[int, str], scam: str | None
) -> None:
    p = parse(text, NOW)
    assert p.intent == "job_post", p.extra
    assert [(j.wage_min, j.wage_unit) for j in p.jobs] == [wage]
    assert p.extra.get("scam") == scam


@pytest.mark.parametrize(("text", "wages"), [
    # the fee's own amount, glued to it or after it, is never read as a wage
    ("招普工3名 先交体检费150", [None]),
    ("招普工3名 150体检费 包吃住", [None]),
    ("招普工3名 200元中介费", [None]),
])
def test_a_fee_amount_is_no_wage(text: str, wages: list[float | None]) -> None:
    p = parse(text, NOW)
    assert [j.wage_min for j in p.jobs] == wages
    assert p.extra.get("scam")


@pytest.mark.parametrize(("text", "intent", "jobs"), [
    # 要/招 + a count + a worker noun: an employer's post, even with no wage and a phone
    ("后天松柏镇盘水村农家乐要2个搞卫生的 电话15171908834", "job_post", [("保洁员", 2)]),
    ("农家乐要两个洗碗的 电话15171908834", "job_post", [("帮厨", 2)]),
    ("我们厂要3个普工 电话13900001111", "job_post", [("操作工", 3)]),
    # look-alikes: the sender's own wish for such work is a seek
    ("我要找个搞卫生的活", "work_seek", []),
    ("我要找个搞卫生的活 电话15171908834", "work_seek", []),
    # a sign-up that repeats the post's count is a claim, not a second post
    ("我去 要2个搞卫生的 带上我", "claim", []),
    ("我报名 你们要2个搞卫生的", "claim", []),
])
def test_a_count_of_workers_wanted_is_a_hire(
    text: str, intent: str, jobs: list[tuple[str, int]]
) -> None:
    p = parse(text, NOW)
    assert p.intent == intent, p.extra
    assert [(j.work_type, j.headcount) for j in p.jobs] == jobs
