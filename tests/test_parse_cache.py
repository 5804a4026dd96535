"""parse() and extract_fields() are memoised per message: a second call is a lookup, and what a
caller does to a result never reaches the cache."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nlp import extract_fields, load_gazetteer, parse
from nlp.gazetteer import gazetteer_from_nbs

# the module, not the function nlp re-exports under the same name
nlp_parse = importlib.import_module("nlp.parse")

CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=CST)
POST = "明天要3个搬运工 150一天 包吃住 日结 电话13812345678 木鱼镇青天村"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Count the real analyses behind parse and extract_fields."""
    seen: list[str] = []
    nlp_parse._parse_cached.cache_clear()
    nlp_parse._fields_cached.cache_clear()

    def counting(name: str, real: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object) -> object:
            seen.append(name)
            return real(*args)
        return run

    monkeypatch.setattr(nlp_parse, "parse_once", counting("parse", nlp_parse.parse_once))
    monkeypatch.setattr(nlp_parse, "_extract_fields",
                        counting("fields", nlp_parse._extract_fields))
    yield seen
    nlp_parse._parse_cached.cache_clear()
    nlp_parse._fields_cached.cache_clear()


def test_the_same_message_is_analysed_once(calls: list[str]) -> None:
    g = load_gazetteer()
    first = parse(POST, NOW, g)
    again = parse(POST, NOW)  # no gazetteer is the shipped one: the same entry
    assert calls == ["parse"]
    assert again.to_contract(1) == first.to_contract(1)
    extract_fields("工价200", NOW, g)
    extract_fields("工价200", NOW)
    assert calls == ["parse", "fields"]
    parse(POST, NOW, g, "木鱼镇")  # another chat region is another question
    parse(POST + " ", NOW, g)
    parse(POST, NOW + dt.timedelta(minutes=1), g)
    assert calls == ["parse", "fields", "parse", "parse", "parse"]


def test_the_same_instant_in_another_zone_is_another_day(calls: list[str]) -> None:
    utc = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)  # 27th 04:00 in Shennongjia
    here = utc.astimezone(CST)
    assert utc == here
    assert parse(POST, utc).jobs[0].start_date == dt.date(2026, 11, 27)
    assert parse(POST, here).jobs[0].start_date == dt.date(2026, 11, 28)
    assert calls == ["parse", "parse"]


def test_another_gazetteer_object_is_not_served_from_the_cache(calls: list[str]) -> None:
    g = gazetteer_from_nbs(Path("/work/shared/data/regions/nbs-2023"), "429021")
    parse(POST, NOW)
    parse(POST, NOW, g)
    assert calls == ["parse", "parse"]


def test_changing_a_result_does_not_change_the_next_one(calls: list[str]) -> None:
    p = parse(POST, NOW)
    want = p.to_contract(1)
    job = p.jobs[0]
    job.phone, job.headcount = "13900000000", 9
    job.perks.append("包车")
    p.jobs.append(nlp_parse.Job(work_type="木工"))
    p.extra["scam"] = "押金"
    p.intent = "other"
    assert parse(POST, NOW).to_contract(1) == want

    s = parse("本人会木工 瓦工 明天有空 电话13812345678", NOW)
    assert s.seek is not None
    kinds = list(s.seek.work_types)
    s.seek.work_types.append("厨师")
    s.seek.phone = None
    s2 = parse("本人会木工 瓦工 明天有空 电话13812345678", NOW).seek
    assert s2 is not None and s2.work_types == kinds and s2.phone == "13812345678"

    c = parse("我去 带2个人", NOW).claim
    assert c is not None
    c.count = 7
    c2 = parse("我去 带2个人", NOW).claim
    assert c2 is not None and c2.count == 2

    f = extract_fields("包吃住 人数5", NOW)
    perks = f["perks"]
    assert isinstance(perks, list) and perks
    perks.append("包车")
    f["headcount"] = 1
    assert extract_fields("包吃住 人数5", NOW) == {"perks": perks[:-1], "headcount": 5}
    assert calls == ["parse", "parse", "parse", "fields"]


def test_the_cache_is_small_and_bounded() -> None:
    info = nlp_parse._parse_cached.cache_info()
    assert info.maxsize is not None and info.maxsize <= 256
    assert nlp_parse._fields_cached.cache_info().maxsize == info.maxsize
