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


@pytest.mark.parametrize(("text", "intent"), [
    # dialect: 有冇得 / 没得 is 有没有, 得空 is 有空, 要得 is 可以
    ("有冇得晚班的事做 白天要接伢 夜里得空", "work_seek"),
    ("有没得要挖地的 我屋里有微耕机", "work_seek"),
    ("下个月中旬过后我就得空了 会开铲车", "work_seek"),
    ("屋里老伴会做豆腐 做酒席都会 哪个要喊她", "work_seek"),
    ("有冇得厂里招人 贴标签 装箱都做过", "work_seek"),
    ("月嫂 有证 带过十几个宝宝 接单", "work_seek"),
    ("水电安装 改线 修水管 电话13900001234", "work_seek"),
    ("我们俩也想去 要得不", "claim"),
    ("麻烦也帮我报个名", "claim"),
    ("给我们留三个位置", "claim"),
    ("我叫了我表弟 加上我一共两个", "claim"),
    ("收到 明天七点我在桥头等", "claim"),
    ("陈老板 木工我算一个", "claim"),
    ("人招够了没 没够的话我来", "claim"),
    ("人招齐了 多谢 没赶上的下回", "other"),
    ("一斤才给八毛 哪个划得来", "other"),
    ("一百五一天还不管饭 哪个去", "other"),
    ("我去 工资又降了", "other"),
    ("我去 六点就要到 太早了吧", "other"),
    ("我去问下屋里人再说", "other"),
    ("我去看看那边路好不好走", "other"),
    ("多大岁数的可以去", "other"),
    ("群里莫发广告链接 再发就踢", "other"),
    ("屋后那块田 有人想租吗 一年三百", "other"),
    ("老人家编的草鞋 有要的吗 二十块一双", "other"),
    ("有冇得人会开三轮的 后天拉一车砖 给三百", "job_post"),
    ("有没得会刷墙的师傅 两间屋 包工 价钱好商量", "job_post"),
    ("哪个屋里有闲人 帮我喂几天猪 一天八十", "job_post"),
])
def test_intent_cues_in_dialect_and_colloquial_forms(text: str, intent: str) -> None:
    assert parse(text, NOW).intent == intent, parse(text, NOW).extra


@pytest.mark.parametrize(("text", "work_type"), [
    ("明天割谷子 要五个人 一天一百三", "采摘工"),
    ("挖红苕 要三个人 一百二一天", "采摘工"),
    ("帮忙打两天板栗 一百五一天 要四个", "采摘工"),
    ("拆老房子 要5个人 一天两百", "小工"),
    ("帮我拆个旧猪圈 两个人 三百", "小工"),
    ("送桶装水 要一个 月薪三千", "快递员"),
    ("宾馆打扫客房 要两个阿姨 月薪两千五", "保洁员"),
    ("卸钢筋 两车 要4个人 每人一百", "搬运工"),
    ("搬钢管 要三个人 一天两百", "搬运工"),
    ("快递分拣 要10个人 一小时18", "分拣员"),
    ("蜂场招养蜂帮工一名 月薪三千", "养殖工"),
    ("要泥凡工两个 三百一天", "泥瓦工"),
    ("招押车员 一个 一个月三千", None),
    ("临时工 要三个 一百五一天", None),
    ("帮我放几天羊 一天一百", "养殖工"),
    ("谁帮我带几天外孙 一天九十", "育婴员"),
])
def test_work_named_by_meaning(text: str, work_type: str | None) -> None:
    assert job(text)["work_type"] == work_type


@pytest.mark.parametrize(("text", "amount", "unit"), [
    ("招采茶工 一斤鲜叶六块 包中饭", 6, "piece"),
    ("摘花椒 每斤干椒八块 要人", 8, "piece"),
    ("扛水泥 一包两毛 要四个", 0.2, "piece"),
    ("编竹篮 三块一个 要两个会编的", 3, "piece"),
    ("做竹篮 八十一个 要两个会编的", 80, "piece"),
    ("今晚要三个人看场子 两百一个", 200, "job"),
    ("帮忙抬个柜子上四楼 八十块", 80, "job"),
    ("明天搬个家 两个人 五百", 500, "job"),
])
def test_per_piece_and_per_task_amounts(text: str, amount: float, unit: str) -> None:
    j = job(text)
    assert (j["wage_min"], j["wage_unit"]) == (amount, unit)


def test_a_pay_word_written_once_sets_every_jobs_unit() -> None:
    p = parse("月薪 服务员2800 保洁2500 厨师5000 包吃住", NOW)
    assert [(j.work_type, j.wage_min, j.wage_unit) for j in p.jobs] == [
        ("服务员", 2800, "month"), ("保洁员", 2500, "month"), ("厨师", 5000, "month"),
    ]


def test_kinds_listed_before_a_shared_count_are_one_job_each() -> None:
    p = parse("厂里招工 装箱 理货 各四名 月薪三千二", NOW)
    assert [(j.work_type, j.headcount) for j in p.jobs] == [("包装工", 4), ("分拣员", 4)]


@pytest.mark.parametrize(("text", "settlement"), [
    ("要小工3个 干完一起结 一天一百五", "on_completion"),
    ("要小工3个 搞完就结 一天一百五", "on_completion"),
    ("要两个人 活做完了一次性结 一天两百", "on_completion"),
    ("招普工 月底统一结 一天一百六", "monthly"),
    ("招普工 月底一起发 一天一百六", "monthly"),
])
def test_settlement_wordings(text: str, settlement: str) -> None:
    assert job(text)["settlement"] == settlement


def test_other_fields_in_their_written_forms() -> None:
    assert job("要小工两个 电话0719 3456 208")["phone"] == "07193456208"
    assert job("要小工两个 电话0719-345 6208")["phone"] == "07193456208"
    j = job("招护工 男的 六十以下 月薪4500 包吃住")
    assert (j["age_max"], j["wage_min"], j["wage_unit"]) == (60, 4500, "month")
    assert job("电焊工一名 300一天 电话13508671111 李工")["contact"] == "李工"
    assert job("日结180 在家做手工 宝妈首选 要十个")["gender"] is None
    assert job("明天要五个人挖地 一百五 管两顿饭")["perks"] == ["meals"]


def test_a_date_range_is_when_the_work_runs_not_an_arrival() -> None:
    p = parse("明天到7号 要人挖地 3个 一天一百五", NOW)
    assert p.intent == "job_post"
    assert (p.jobs[0].start_date, p.jobs[0].duration_days) == (dt.date(2026, 11, 27), 11)


@pytest.mark.parametrize(("text", "intent"), [
    ("冇得活路做 身体还行", "work_seek"),
    ("家里冇得事 想出门挣几个钱", "work_seek"),
    ("会开拖拉机 会犁地 这段时间都闲", "work_seek"),
    ("电工证有 水电都会 周末有空", "work_seek"),
    ("我们院子里几个老头 还能干 哪个要小工喊一声", "work_seek"),
    ("哪位老板缺人手 我们组有四个劳力", "work_seek"),
    ("俺村有十来个妇女 都会采茶", "work_seek"),
    ("哪个老板要小工 我们村有两个闲人", "work_seek"),
    ("四十分钟左右到", "claim"),
    ("收到 我们下午两点前赶到", "claim"),
    ("明天上午以后都行 算我一个", "claim"),
    ("收到 算上我两口子", "claim"),
    ("好 我吃完饭就过去", "claim"),
    ("这工钱低了点", "other"),
    ("五十个人?要这么多", "other"),
    ("两毛一包 谁划得来", "other"),
    ("去年一百六 今年一百五 越来越少", "other"),
    ("我去 这么大的雾", "other"),
    ("我去 真便宜", "other"),
])
def test_more_voices_at_the_intent_boundaries(text: str, intent: str) -> None:
    assert parse(text, NOW).intent == intent, parse(text, NOW).extra
