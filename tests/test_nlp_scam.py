"""The one scam lexicon: a job post asking workers for money or a click-farm ad carries
extra["scam"] (the word found); the intent stays job_post."""

from __future__ import annotations

import datetime as dt

import pytest

from nlp import SCAM_WORDS, parse, scam_word

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.mark.parametrize(("text", "word"), [
    ("招包装工3名 在家就能做 轻松赚 日赚200 木鱼镇 电话13812345678", "在家就能做"),
    ("招搬运工5名 一天200 先交押金300 电话13812345678", "押金"),
    ("招小工3名 押金一分不能少 一天150 电话13812345678", "押金"),
    ("招保安2名 月薪4000 入职交服装费200 电话13812345678", "服装费"),
    ("招服务员3个 包吃住 一个月3000 需交報名費100 电话13812345678", "报名费"),
    ("刷单 日赚300 在家就能做 加微信 sd8866", "刷单"),
    ("【兼职】抖音点赞 日赚200+ 手机操作 加V: dz6688", "点赞"),
    # issue 10: fees the lexicon missed, and a typo of 押金
    ("招普工5名 先交中介费200 日结300 电话13812345678", "中介费"),
    ("酒店招服务员 入职需交体检费 月薪3200 电话13812345678", "体检费"),
    ("招保安两名 压金500 月薪2800 电话13812345678", "压金"),
    ("招打字员 在家操作 先转账激活账号 一单20", "先转账"),
    ("招装卸工 需自己垫付路费 到了再报 一天二百", "垫付"),
    ("招仓库管理员 需先交300元 月薪四千", "先交钱"),
])
def test_scam_post_is_a_job_post_with_the_word(text: str, word: str) -> None:
    p = parse(text, NOW)
    assert p.intent == "job_post"
    assert p.extra.get("scam") == word
    assert p.to_contract("x")["extra"]["scam"] == word  # type: ignore[index]


@pytest.mark.parametrize("text", [
    "明天要3个搬运工 150一天 日结 电话13812345678 木鱼镇",
    "招小工5名 不收押金 一天180 电话13812345678",
    "招采茶工10人 无需保证金 三块一斤 木鱼镇 电话13812345678",
    # the boss pays the fare: no money asked of the worker (issue 10)
    "招司机1名 老板垫付路费 月薪6000 电话13812345678",
    "招泥工3个 路费公司垫付 一天三百 电话13812345678",
    "招服务员 不交任何费用 月薪三千 电话13812345678",
    # the denial may name how little: not a cent of deposit
    "后天要2个泥工 砌猪圈 三百一天 保证当天结清 不要一分钱押金 电话13812345678",
    "招保洁2名 不用交押金 一天120 电话13812345678",
])
def test_honest_post_has_no_scam(text: str) -> None:
    p = parse(text, NOW)
    assert p.intent == "job_post"
    assert "scam" not in p.extra


def test_scam_only_on_job_posts() -> None:
    # a warning about fees is no post, and nothing is held
    p = parse("各位群友:近期有人冒充驿站工作人员收取报名费,请大家提高警惕,驿站招工一律不收费!", NOW)
    assert p.intent == "other"
    assert "scam" not in p.extra


def test_lexicon_holds_both_lists() -> None:
    for w in ("押金", "压金", "工号费", "培训费", "刷单", "保证金", "报名费", "入职费", "服装费",
              "中介费", "体检费", "日赚", "在家就能做", "轻松赚", "点赞", "躺赚"):
        assert w in SCAM_WORDS
        assert scam_word(f"招工 {w} 电话") == w
    assert scam_word("不用垫付任何费用") is None
    assert scam_word("老板垫付路费") is None and scam_word("要先垫付路费") == "垫付"


def test_a_fee_is_never_the_wage() -> None:
    job = parse("招普工 先交中介费200 一天300 电话13812345678", NOW).jobs[0]
    assert (job.wage_min, job.wage_unit) == (300, "day")
    job = parse("招保安 押金500元 月薪2800", NOW).jobs[0]
    assert (job.wage_min, job.wage_unit) == (2800, "month")
    assert scam_word("无押金, 但要交培训费") == "培训费"
