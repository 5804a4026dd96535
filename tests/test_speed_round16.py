"""Speed round 16 (issue 11, "Speed"): a search passes over the positions where no match can
start in C (nlp/recache.py `_with_first_chars`).

`re` gives a pattern a set of first characters only when its first item is a character, a class
or alternatives of single characters; a pattern that starts with an optional word
(「(不|没有)?(包吃|…)」), a look-behind, a look-ahead or alternatives of groups got none, and its
search tried the whole pattern at every position of the text. The set read off the pattern is
what any match must start with, so the matches are the same as `re`'s; these tests hold both:
the same matches on every kind of start, and the set given where it can be (and not where it
must not: an anchored pattern, one that can match nothing, one that can start anywhere).

Every sentence is written for this file.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
from typing import Any

import pytest

from nlp import recache

TEXTS = [
    "后天要两个砌墙的 不包吃住 一天两百二 电话13907190011",
    "没有包住 只管中饭 一天一百六",
    "我们这边无包吃 自己带饭 七八个人都能来",
    "１２个人 工钱３００ 明早七点 村口集合",
    "٣ 个 小工, 明天",
    "住宿统一安排 食宿都包 车接车送",
    "b ab aab xb  bb a",
    "AbC abc ABC Abc",
    "",
    "说好了 包吃包住 结果住都不让住",
    "本周六周日两天 要人摘橘子 一斤三毛",
    "招\t 小工  \n\n  两名\u3000 电工",
]


def _ours(pattern: str, flags: int = 0) -> re.Pattern[str]:
    compiled: re.Pattern[str] = _sre.compile(
        pattern, *recache._unpacked(recache._program(pattern, flags)))
    return compiled


def _has_first_set(pattern: str, flags: int = 0) -> bool:
    program = recache._unpacked(recache._program(pattern, flags))
    code = program[1]
    return bool(code[0] == recache._C.INFO and code[2] & recache._C.SRE_INFO_CHARSET)


def _re_has_set(pattern: str, flags: int = 0) -> bool:
    p = recache._parser.parse(pattern, flags)
    code: list[Any] = recache._compiler._code(p, flags)
    return bool(code[2] & (recache._C.SRE_INFO_CHARSET | recache._C.SRE_INFO_PREFIX))


def _same_matches(pattern: str, flags: int = 0) -> None:
    ours, want = _ours(pattern, flags), re.compile(pattern, flags)
    for text in TEXTS:
        assert [(m.span(), m.groups()) for m in ours.finditer(text)] == [
            (m.span(), m.groups()) for m in want.finditer(text)], (pattern, text)
        for i in range(len(text) + 1):  # a search from every position, and up to one
            for j in (i, (i + len(text)) // 2, len(text)):
                a, b = ours.search(text, i, j), want.search(text, i, j)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


# ==== patterns that get a set of first characters: the same matches as re's ====

GIVEN = [
    r"(不|没有|没|无)?(包吃包住|包吃住|包住|管饭|包吃)",  # an optional word first
    r"(?<![0-9])(?:要|招)(?:两|三)个",  # a look-behind first
    r"(?=[0-9一两二三])(?:[0-9]+|[一两二三]+)个人",  # a look-ahead first
    r"(?:(?:不)?包|(?:免费)?管)(?:吃|住)",  # alternatives that start with groups
    r"(?<!a)\d+\s*个",  # \d: any digit (Unicode), as re reads it for a text
    r"(?:a|)b",  # an empty alternative: what follows may start the match
    r"a*b",  # a repeat that may be empty
    r"(?:a{0,2}|x)b",  # an alternative that may be empty inside
    r"(?:\b|x)(?:ab|b)",  # an anchor inside the alternatives
    r"(?>a|b)b",  # an atomic group
    r"(?:住宿|食宿)(?:都包|统一安排)|(?<=住宿)(?:和|及)三餐",
    r"[^\S\n]+",  # a negated class alone: its own set (white space but a line break)
    r"(?<![0-9])[^\W\d_a-zA-Z]{2,3}(?:工|员)",  # a negated class after a look-behind
]


@pytest.mark.parametrize("pattern", GIVEN)
def test_a_pattern_re_gives_no_set_gets_one_and_matches_the_same(pattern: str) -> None:
    assert not _re_has_set(pattern)
    assert _has_first_set(pattern)
    _same_matches(pattern)


def test_an_optional_word_first_still_finds_the_word_after_it() -> None:
    rx = _ours(r"(不|没有|没)?(包吃住|包住)")
    found = [m.group() for m in rx.finditer("不包吃住 包住 没有包住")]
    assert found == ["不包吃住", "包住", "没有包住"]


def test_a_unicode_digit_starts_a_match_of_d() -> None:
    assert _ours(r"(?<!a)\d+\s*个").search("٣ 个 小工") is not None
    assert _ours(r"(?<!a)\d+\s*个").search("１２个人") is not None


def test_an_empty_alternative_lets_what_follows_start() -> None:
    assert [m.span() for m in _ours(r"(?:a|)b").finditer("xb ab")] == [(1, 2), (3, 5)]


# ==== patterns that keep re's program: the same code, the same matches ====

KEPT = [
    r"^(?:收到|好的)[!.\s]*$",  # anchored at the start: its search stops at once
    r"(?:不)?",  # can match nothing
    r"a*",  # can match nothing
    r"(?:.|x)b",  # starts anywhere
    r"[^0-9]个",  # a negated class starts anywhere
    r"(?:[^a-z]|b)c",  # … and beside another alternative
    r"(?:[^a-z])?bc",  # … or before what may start the match
    r"(?i)(?:a)?bc",  # case folded
    r"(?i:a)?bc",  # case folded in a group
    r"(a)?\1b",  # a back-reference
    r"包吃住",  # re has its own (a literal prefix)
    r"[包管]吃",  # re has its own (a set)
]


@pytest.mark.parametrize("pattern", KEPT)
def test_a_pattern_that_must_not_get_a_set_keeps_re_s_program(pattern: str) -> None:
    p = recache._parser.parse(pattern, 0)
    code = recache._compiler._code(p, 0)
    assert recache._unpacked(recache._program(pattern, 0))[1] == list(code)
    _same_matches(pattern)


def test_an_anchored_pattern_is_not_given_a_set() -> None:
    assert not _has_first_set(r"^(?:要|招)?人")
    assert _has_first_set(r"(?:要|招)?人")


# ==== every pattern of the parser matches as re's does ====


def test_every_pattern_of_the_parser_matches_as_re_s(monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp.stream  # noqa: F401  (every module of the parser, its patterns compiled)

    keys = sorted(recache._used)
    assert len(keys) > 300
    given = 0
    for pattern, flags in keys:
        if _has_first_set(pattern, flags):
            given += 1
        ours, want = _ours(pattern, flags), re.compile(pattern, flags)
        for text in TEXTS:
            assert [(m.span(), m.groups()) for m in ours.finditer(text)] == [
                (m.span(), m.groups()) for m in want.finditer(text)], pattern
    assert given > 100  # the parser's patterns that had none


# ==== pinyin initials: searched for only where a letter they start with is written ====


def test_no_other_character_folds_to_an_initial_s_first_letter() -> None:
    from nlp import normalize

    folded = re.compile(r"(?i)[zbrd]")
    first = normalize._INITIALS_FIRST
    extra = [c for c in range(0x110000) if folded.fullmatch(chr(c)) and not first.match(chr(c))]
    assert extra == []


@pytest.mark.parametrize("text, want", [
    ("ZP 小工两名 BCZ RJ DH13907190011", "招聘 小工两名 包吃住 日结 电话13907190011"),
    ("zp电工 rj", "招聘电工 日结"),
    ("Dh: 13907190011", "电话: 13907190011"),
    ("明早七点 要人 rj 150", "明早七点 要人 日结 150"),
])
def test_initials_are_still_expanded(text: str, want: str) -> None:
    from nlp.normalize import normalize

    assert normalize(text) == want


@pytest.mark.parametrize(
    "text", ["zpx 小工", "abcz 明天", "ok 收到", "PDF 文件 发我", "明天要两个人"])
def test_words_that_are_no_initials_stay(text: str) -> None:
    from nlp.normalize import normalize

    assert normalize(text) == text


# ==== a doc's lazy values: found when first asked for, then kept ====


def test_a_doc_s_lazy_value_is_found_once_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from nlp import extract
    from nlp.gazetteer import load_gazetteer

    calls: list[str] = []
    real = extract.find_perks

    def counted(text: str) -> list[extract.Mention]:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(extract, "find_perks", counted)
    now = dt.datetime(2026, 12, 7, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    doc = extract.build_doc("后天要两个小工 包吃住 一天一百八", now, load_gazetteer())
    assert calls == []  # not found until asked for
    first = doc.perks
    assert sorted(m.value for m in first) == [("lodging", True), ("meals", True)]
    assert doc.perks is first and len(calls) == 1
    assert "perks" in doc.__dict__


# ==== the intent rules: a plain test first, the contacts looked for only where they decide ====


def _doc(text: str) -> Any:
    import datetime as dt

    from nlp.extract import build_doc
    from nlp.gazetteer import load_gazetteer
    from nlp.normalize import normalize
    from nlp.typos import fix_typos

    now = dt.datetime(2026, 12, 7, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return build_doc(fix_typos(normalize(text)), now, load_gazetteer())


@pytest.mark.parametrize("text, reason", [
    ("下周一修村道 每户都要出一个人 义务投工", "duty"),
    ("听说松柏那边砖厂又在招人了 不晓得真的假的", "hearsay"),
    ("老板到现在工钱还没给 拖了三个月了", "unpaid"),
])
def test_a_message_decided_early_never_looks_for_contacts(text: str, reason: str) -> None:
    from nlp.intent import rules, standard

    doc = _doc(text)
    got = rules(doc, standard(doc.text.strip()))
    assert got.reason == reason
    assert "contacts" not in doc.__dict__  # never asked for


@pytest.mark.parametrize("text, reason", [
    ("一般都是一天一百五 今年不晓得涨没涨", "news"),  # no way to reach anyone: a pay told
    ("现在请个小工都要两百了", "news"),  # a going rate told
])
def test_pay_told_as_news_still_asks_for_a_contact(text: str, reason: str) -> None:
    from nlp.intent import rules, standard

    doc = _doc(text)
    got = rules(doc, standard(doc.text.strip()))
    assert got.reason == reason
    assert "contacts" in doc.__dict__  # asked: a contact would have made it no news


@pytest.mark.parametrize("text, intent", [
    ("每户出一个人修水渠 一天给一百二 电话13907190011", "job_post"),  # a wage: no duty
    ("听说砖厂要两个小工 一天一百六 电话13907190011", "job_post"),  # a phone: no hearsay
    ("一般都是一天一百五 有活找我 13907190011", "work_seek"),  # reached: no pay told as news
    ("现在请个小工都要两百了 电话13907190011", "job_post"),  # reached: no going rate told
    ("现在请个小工都要两百了 找刘师傅", "job_post"),  # … nor by a name to ask for
    ("明天要两个小工 一天一百八 找刘师傅", "job_post"),
])
def test_look_alikes_with_pay_or_an_offer_are_not_decided_early(text: str, intent: str) -> None:
    from nlp import parse

    now = __import__("datetime").datetime(2026, 12, 7, 9)
    assert parse(text, now).intent == intent


# ==== a number found: a frozen record, its fields as given ====


def test_a_number_found_is_the_frozen_record_it_was() -> None:
    import dataclasses

    from nlp.numbers import NumSpan

    a = NumSpan(3, 5, 150.0, 180.0, "一百五", True, "money")
    assert (a.start, a.end, a.value, a.high, a.text, a.approx, a.kind) == (
        3, 5, 150.0, 180.0, "一百五", True, "money")
    b = NumSpan(start=3, end=5, value=150.0, high=180.0, text="一百五", approx=True, kind="money")
    assert a == b and hash(a) == hash(b)
    assert NumSpan(0, 1, 2.0, None, "两") == NumSpan(0, 1, 2.0, None, "两", False, "number")
    assert repr(NumSpan(0, 1, 2.0, None, "两")) == (
        "NumSpan(start=0, end=1, value=2.0, high=None, text='两', approx=False, kind='number')")
    assert dataclasses.replace(a, value=160.0).value == 160.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.value = 3.0  # type: ignore[misc]
