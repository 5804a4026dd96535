"""Message clean-up: Traditional→Simplified, half-width, no emoji, pinyin initials."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.normalize import fold, normalize


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("招聘搬運工 明天 五個人 日結", "招聘搬运工 明天 五个人 日结"),
        ("聯繫電話１３９０７１９８８３２", "联系电话13907198832"),
        ("要３个人，现结！", "要3个人,现结!"),
        ("工价：１５０元／天（包吃）", "工价:150元/天(包吃)"),
        ("🔥🔥急招🔥 酒店服务员", "急招 酒店服务员"),
        ("★★★神农架某度假酒店★★★", "神农架某度假酒店"),
        ("【急招】手机刷单", "急招 手机刷单"),
        ("👉木工师傅2名✨", "木工师傅2名"),
        ("👷\u200d♂️木工", "木工"),
        ("  要   两个人\t\t明天  ", "要 两个人 明天"),
        ("岗位:\n\n  1、厨师2名  \n2、服务员", "岗位:\n1、厨师2名\n2、服务员"),
    ],
)
def test_normalize(raw: str, clean: str) -> None:
    assert normalize(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("zp 采茶工 10名 bcz rj 120一天 dh 13774561209",
         "招聘 采茶工 10名 包吃住 日结 120一天 电话 13774561209"),
        ("ZP保洁 RJ", "招聘保洁 日结"),
        ("dh:15907193321", "电话:15907193321"),
        ("zp木工", "招聘木工"),
        ("dhl快递 zpx", "dhl快递 zpx"),
        ("adh rjb", "adh rjb"),
    ],
)
def test_pinyin_initials_expand_only_as_whole_tokens(raw: str, clean: str) -> None:
    assert normalize(raw) == clean


def test_chinese_punctuation_that_is_not_full_width_ascii_is_kept() -> None:
    assert normalize("1、木工；2、瓦工") == "1、木工;2、瓦工"


def test_fold_keeps_length_and_maps_digits_and_key_traditional_characters() -> None:
    raw = "５個人，兩千萬，週六，後天，臘月"
    folded = fold(raw)
    assert len(folded) == len(raw)
    assert folded == "5个人,两千万,周六,后天,腊月"


@given(st.text(max_size=500))
@settings(max_examples=300, deadline=None)
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert isinstance(once, str)
    assert normalize(once) == once
    assert len(fold(text)) == len(text)


def test_long_input() -> None:
    text = "招聘搬運工🔥 ｚｐ  " * 2000
    out = normalize(text)
    assert "🔥" not in out and "运" in out and "  " not in out
