"""Round 10 (issue 11): kinds found by authors_u and the sixteenth round's conversations,
fixed by mechanism.

Every sentence is new (none is a line of a labelled set), and each behaviour is shown with the
look-alikes that must not trigger it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from nlp import parse
from nlp.jobs import Job

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 1, 11, 9, 0, tzinfo=TZ)  # a Monday


def jobs(text: str, region: str | None = None) -> list[Job]:
    p = parse(text, NOW, chat_region=region)
    assert p.intent == "job_post", text
    return p.jobs


def one(text: str, region: str | None = None) -> Job:
    js = jobs(text, region)
    assert len(js) == 1, js
    return js[0]


# ==== a title said on its own after the task names the post


@pytest.mark.parametrize(("text", "kind"), [
    ("找个人帮忙扫院坝里的雪 小工 一天一百二 电话13907191234", "小工"),
    ("要人去铲门口的雪，小工，半天八十，13907191234", "小工"),
    ("帮忙搬下屋里的柜子 搬运工 两个 一天两百", "搬运工"),
])
def test_a_title_said_alone_after_the_task_is_the_work(text: str, kind: str) -> None:
    assert one(text).work_type == kind


@pytest.mark.parametrize(("text", "kind"), [
    # the task alone names the work
    ("找个人帮忙扫院坝里的雪 一天一百二 电话13907191234", "保洁员"),
    # a title inside a phrase is no label
    ("要人铲门口的雪 比小工轻松 一天一百五 电话13907191234", "保洁员"),
    ("要人铲门口的雪 按小工算 一天一百五 电话13907191234", "保洁员"),
])
def test_a_task_with_no_title_said_alone_keeps_its_kind(text: str, kind: str) -> None:
    assert one(text).work_type == kind


# ==== a township named in a house's name, in a village's group


def test_a_house_named_after_the_township_is_in_the_groups_village() -> None:
    job = one("大九湖雪乡民宿招服务员2名 一天一百五 包吃住 电话15997130000", region="坪阡村")
    assert (job.township, job.village) == ("大九湖镇", "坪阡村")


@pytest.mark.parametrize(("text", "region", "place"), [
    # the township's own scenic area is the township's, not the village's
    ("大九湖景区招保洁员3名 一天一百三 电话15997130000", "坪阡村", ("大九湖镇", None)),
    # a house in another township than the group's keeps only the township said
    ("红坪雪乡民宿招服务员2名 一天一百五 电话15997130000", "坪阡村", ("红坪镇", None)),
    # the township said on its own, as where the work is
    ("九湖镇这边 挖洋芋 要六个人 一天一百五", "坪阡村", ("大九湖镇", None)),
])
def test_a_township_said_otherwise_keeps_no_village(
    text: str, region: str, place: tuple[str, str | None]
) -> None:
    job = one(text, region=region)
    assert (job.township, job.village) == place


# ==== a gender said once for the whole post splits no amount


def test_one_gender_for_two_jobs_leaves_each_its_own_amount() -> None:
    a, b = jobs("修河堤 要小工5个 男的 一天一百八 另要挖机司机1名 一天四百 电话15171930000")
    assert (a.work_type, a.wage_min, a.gender) == ("小工", 180, "male")
    assert (b.work_type, b.wage_min) == ("司机", 400)


def test_amounts_labelled_by_gender_still_go_to_their_gender() -> None:
    a, b = jobs("茶厂要女工4个 男工2个 女的一天一百三 男的一天一百八")
    assert {(a.gender, a.wage_min), (b.gender, b.wage_min)} == {("female", 130), ("male", 180)}
