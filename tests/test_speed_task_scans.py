"""Speed round (issue 11, "Speed"): the task patterns are kept as strings and compiled once, as
the two scans that read them (extract._TASK_RX, extract._FARM_RX), not also one by one at
import. Each scan must still hold every task: a message naming a task from the end of each list
is read as that work, and a look-alike is not.

Every sentence is written for this file.
"""

from __future__ import annotations

import datetime as dt

import pytest

from nlp import parse
from nlp.extract import _FARM_OF, _FARM_RX, _FARM_TASKS, _TASK_OF, _TASK_RX, _TASK_WORKS

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=TZ)


def works(text: str) -> list[str | None]:
    p = parse(text, NOW)
    assert p.intent == "job_post", (text, p.intent, p.extra)
    return [j.work_type for j in p.jobs]


# ==== the task scan (a verb and its load, the last tasks of the list) ====


@pytest.mark.parametrize(("text", "work"), [
    # a load carried somewhere: the carrying task, next to last in the list
    ("明天要两个人帮我把粮食从路边背到屋头 一天一百五 电话13872651134", "搬运工"),
    # vehicles hired with their drivers: the last task of the list
    ("后天包三台车 接亲用 一台给三百 电话13872651134", "司机"),
])
def test_a_task_from_the_end_of_the_list_is_still_read(text: str, work: str) -> None:
    assert works(text) == [work]


def test_the_back_that_hurts_is_no_carrying() -> None:
    assert parse("我腰背到现在还痛 明天不去了", NOW).intent == "other"


# ==== the farm scan (crops and village tasks, the last of the list) ====


@pytest.mark.parametrize(("text", "work"), [
    ("明天要两个人 砍屋后头坡上的柴 一天一百六", "林业工"),
    ("家里老人身体不好 要找人照顾 一个月三千五", "护工"),
    ("屋里苞谷要掰 要三个人 一天一百二", "采摘工"),
])
def test_a_farm_task_from_the_end_of_the_list_is_still_read(text: str, work: str) -> None:
    assert works(text) == [work]


# ==== each scan holds every task of its list, in order ====


def test_each_scan_has_one_named_group_a_task() -> None:
    assert len(_TASK_OF) == len(_TASK_WORKS) == sum(g[0] == "t" for g in _TASK_RX.groupindex)
    assert len(_FARM_OF) == len(_FARM_TASKS) == sum(g[0] == "f" for g in _FARM_RX.groupindex)
    for i, (pattern, canonical) in enumerate(_TASK_WORKS):
        assert isinstance(pattern, str)
        assert f"(?P<t{i}>{pattern})" in _TASK_RX.pattern
        assert _TASK_OF[f"t{i}"] == canonical
    for i, (pattern, canonical) in enumerate(_FARM_TASKS):
        assert isinstance(pattern, str)
        assert f"(?P<f{i}>{pattern})" in _FARM_RX.pattern
        assert _FARM_OF[f"f{i}"] == canonical
