"""Round 10 (issue 10): kinds found by the sixteenth round's conversations, fixed by mechanism.

Every sentence is new (none is a line of a labelled set), and each behaviour is shown with the
look-alikes that must not trigger it. Builders add their own sections below, each under its
own heading and self-contained.
"""

from __future__ import annotations

import datetime as dt

import pytest

from nlp import parse

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 4, 12, 9, 0, tzinfo=TZ)  # a Monday


# ==== a seeker's lowest pay said as a refusal of what is below it


@pytest.mark.parametrize(("text", "floor"), [
    ("想找个搬运的活 低于一百八的不去", 180),
    ("我想找点洗碗的活 工资少于120的不做", 120),
    ("找个保洁的活 一百五以下的活都不要", 150),
    ("想找个开车的活 不到两百免谈", 200),
    ("想找搬运的活 200以上", 200),  # said the usual way, as before
])
def test_a_floor_said_as_a_refusal_is_the_lowest_pay(text: str, floor: int) -> None:
    p = parse(text, NOW)
    assert p.intent == "work_seek" and p.seek.min_wage == floor


@pytest.mark.parametrize("text", [
    "想找个搬运的活 低于一百八的也去",  # a lower wage is welcome
    "想找点洗碗的活 一百二以下也做",
    "想找个保洁的活 去年低于一百五",  # a fact, no refusal
    "想找个搬运的活 我不要押金",  # a refusal of something else
])
def test_a_low_amount_not_refused_is_no_floor(text: str) -> None:
    p = parse(text, NOW)
    assert p.seek.min_wage is None
