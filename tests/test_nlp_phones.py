"""nlp.find_phones: every phone number in raw text, spans into the text as typed (for masking)."""

from __future__ import annotations

import unicodedata

import pytest

from nlp import find_phones


@pytest.mark.parametrize(("text", "digits"), [
    ("电话13812345678", "13812345678"),
    ("电话 138 1234 5678 王师傅", "13812345678"),
    ("电话:138-1234-5678", "13812345678"),
    ("电话138  1234  5678", "13812345678"),
    ("联系１３８１２３４５６７８", "13812345678"),
    ("座机0719-3456208", "07193456208"),
    ("座机(0719)3456 208", "07193456208"),
    ("加微信13812345678", "13812345678"),
])
def test_finds_the_number_where_it_was_typed(text: str, digits: str) -> None:
    spans = find_phones(text)
    assert [d for _, _, d in spans] == [digits]
    start, end, _ = spans[0]
    typed = text[start:end]
    assert "".join(str(unicodedata.digit(c)) for c in typed if c.isdigit()) == digits
    assert text[start].isdigit() or text[start] in "(（"
    assert text[end - 1].isdigit()


def test_several_numbers_left_to_right() -> None:
    text = "张师傅13812345678 李姐 139-0000-1111 门市0719 3456208"
    assert [d for _, _, d in find_phones(text)] == ["13812345678", "13900001111", "07193456208"]


@pytest.mark.parametrize("text", [
    "明天要3个搬运工 150一天", "工价150-200", "2026-11-26", "12345678901", "身份证号码4290211990",
])
def test_no_phone(text: str) -> None:
    assert find_phones(text) == []
