"""Round 11 (issue 10): kinds found by the seventeenth round's conversations, fixed by mechanism.

Every sentence is new (none is a line of a conversation), and each behaviour is shown with the
look-alikes that must not trigger it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from nlp import parse
from nlp.typos import fix_typos

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 4, 12, 9, 0, tzinfo=TZ)  # a Monday


# ==== where the poster comes from (我是房县的, 巴东过来的) is not where the work is


@pytest.mark.parametrize(("text", "town", "village"), [
    ("我是房县的 在红花坪村包了片茶园 要五个采茶的 一天一百二 电话13972610485",
     "木鱼镇", "红花坪村"),
    ("巴东过来的 在金甲坪村砌堡坎 要两个泥工 一天三百 电话15872304169",
     "下谷坪土家族乡", "金甲坪村"),
    ("俺是兴山那边过来的 在阳日村修猪圈 要三个小工 一天一百八 电话18627104935",
     "阳日镇", "阳日村"),
    ("我们是秭归来的 在松柏镇八角庙村搭大棚 要四个小工 一天两百 电话13597023618",
     "松柏镇", "八角庙村"),
])
def test_the_posters_home_county_leaves_the_village_named_as_the_place(
        text: str, town: str, village: str) -> None:
    job = parse(text, NOW).jobs[0]
    assert (job.township, job.village) == (town, village)


@pytest.mark.parametrize("text", [
    "在房县修房子 要两个泥工 一天三百 电话13972610485",  # the work is in 房县
    "房县那边的工地 要四个小工 一天两百 电话15872304169",
    "去兴山摘柑橘 要十个人 一天一百五 包吃住 电话18627104935",
    "我是兴山人 在兴山县城开饭店 招两个服务员 一天一百二 电话13597023618",  # home and work
])
def test_work_outside_the_county_still_has_no_place(text: str) -> None:
    job = parse(text, NOW).jobs[0]
    assert (job.township, job.village) == (None, None)


# ==== 找点活 / 有点活 is a bit of work, not 电话 typed by sound


@pytest.mark.parametrize("text", [
    "想找点活干", "屋里有点活要人帮忙", "农闲了 做点活路", "找点活搞",
])
def test_a_bit_of_work_is_not_taken_for_a_phone(text: str) -> None:
    assert fix_typos(text) == text


@pytest.mark.parametrize(("text", "fixed"), [
    ("联系点活13872600419", "联系电话13872600419"),
    ("点活 13872600419 李", "电话 13872600419 李"),
    ("电化13872600419", "电话13872600419"),
])
def test_the_phone_word_typed_by_sound_is_still_corrected(text: str, fixed: str) -> None:
    assert fix_typos(text) == fixed


def test_a_long_seek_with_a_bit_of_work_is_a_seek() -> None:
    p = parse("我在深圳工地干了六年钢筋 今年回来了 会扎钢筋 也会开三轮 想在木鱼附近找点活 两百以上",
              NOW)
    assert p.intent == "work_seek"
    assert p.seek.township == "木鱼镇"


# ==== a seeker's past work elsewhere is not where they look for work


@pytest.mark.parametrize(("text", "town"), [
    ("在宜昌工地干了五年 想在阳日找点活 会开挖机", "阳日镇"),
    ("以前在浙江厂里做了十年 现在想在松柏找个搬运的活", "松柏镇"),
])
def test_a_seek_looks_where_it_says_not_where_the_seeker_was(text: str, town: str) -> None:
    p = parse(text, NOW)
    assert p.intent == "work_seek" and p.seek.township == town


def test_a_seek_outside_the_county_alone_still_has_no_place() -> None:
    p = parse("想去宜昌找点活 会开挖机", NOW)
    assert p.intent == "work_seek" and (p.seek.township, p.seek.village) == (None, None)


# ==== a newcomer introducing themselves to the group is a greeting, not a seek


@pytest.mark.parametrize("text", [
    "大家好 我是松柏村的老周 刚回来 以后请多关照",
    "各位乡亲好 我是新嫁过来的小梅 多多关照",
    "我是青天村的 今天进群 还请关照",
])
def test_an_introduction_is_no_seek(text: str) -> None:
    assert parse(text, NOW, chat_region="松柏镇").intent == "other"


@pytest.mark.parametrize("text", [
    "大家好 我刚回来 会开车 有活喊我 请多关照",
    "各位好 我想找点活 多多关照",
    "大家好 我闲在家里 有活路的话说一声 多关照",
])
def test_an_introduction_that_asks_for_work_is_a_seek(text: str) -> None:
    assert parse(text, NOW, chat_region="松柏镇").intent == "work_seek"


# ==== a day to sign up by, with paid work: the one who takes the names is hiring


@pytest.mark.parametrize("text", [
    "8号前报名 栽天麻 一天一百五",
    "十五号前报名 挖洋芋 一天一百三 管中饭",
    "12号前报名 砍竹子 一天两百",
])
def test_a_sign_up_deadline_for_paid_work_is_a_post(text: str) -> None:
    assert parse(text, NOW).intent == "job_post"


@pytest.mark.parametrize("text", [
    "8号前报名 参加电工培训 不收钱",  # training, no work paid
    "采茶的报名截止了吗",  # a question
    "听说8号前报名的 一天一百五 是真的不",  # hearsay asked
])
def test_a_sign_up_deadline_without_paid_work_is_no_post(text: str) -> None:
    assert parse(text, NOW).intent != "job_post"
