"""Officer numbers: 统计 in chat and ``stats_command`` for ``lingong stats``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.clock import TZ
from handlers import stats
from storage import people
from storage.db import transaction
from storage.models import Claim, Push, Region
from tests.conversation import Conversation, to
from tests.test_officers import SETUP, add_job

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=TZ)


@pytest.fixture
def tchat() -> Iterator[Conversation]:
    conv = Conversation(start="2026-11-26 08:00")
    conv.say(SETUP)
    yield conv
    conv.close()


def history(conv: Conversation) -> dict[str, int]:
    """Jobs over a week: two filled in 青天村 (2 h and 4 h), one open in 木鱼村, one filled in
    松柏镇 (1 day), one from before the week."""
    ids = {
        "q1": add_job(conv, "搬运工", "青天村", opened=T0, filled=T0 + timedelta(hours=2),
                      status="filled", confirmed=3),
        "q2": add_job(conv, "采茶工", "青天村", opened=T0 + timedelta(days=1),
                      filled=T0 + timedelta(days=1, hours=4), status="filled", confirmed=3),
        "m1": add_job(conv, "泥瓦工", "木鱼村", opened=T0 + timedelta(days=2)),
        "s1": add_job(conv, "保洁员", "松柏镇", opened=T0 + timedelta(days=3),
                      filled=T0 + timedelta(days=4), status="filled", confirmed=3),
        "old": add_job(conv, "厨师", "青天村", opened=T0 - timedelta(days=30), status="expired"),
    }
    with transaction(conv.app.engine) as s:
        worker = {}
        for n in range(1, 7):
            person = people.person_for(s, f"console:工人{n}", f"工人{n}")
            assert person.id is not None
            worker[n] = person.id
        for n, job in ((1, "q1"), (2, "q1"), (2, "q2"), (3, "m1")):
            s.add(Claim(job_id=ids[job], person_id=worker[n], status="confirmed",
                        created_at=T0, updated_at=T0))
        for n, job in ((4, "q1"), (5, "q1"), (1, "q1"), (6, "s1")):
            s.add(Push(job_id=ids[job], person_id=worker[n], created_at=T0))
    return ids


def test_numbers_per_township_and_village(tchat: Conversation) -> None:
    history(tchat)
    with tchat.session() as s:
        county = stats.compute(s, tchat.app.gazetteer, "429021", stats.start_of(date(2026, 11, 20)))
    rows = {r.name: r for r in county}
    top = county[0]
    assert top.name == "神农架林区"
    assert (top.posted, top.filled, top.claims) == (4, 3, 4)
    assert top.fill_rate == 0.75
    assert top.median_hours == 4.0  # of 2 h, 4 h and 24 h
    assert len(top.reached) == 6  # claimants 1, 2, 3 and pushed 4, 5, 6
    muyu = rows["木鱼镇"]
    assert (muyu.posted, muyu.filled, muyu.claims, len(muyu.reached)) == (3, 2, 4, 5)
    qingtian = rows["青天村"]
    assert (qingtian.posted, qingtian.filled) == (2, 2) and qingtian.median_hours == 3.0
    assert rows["松柏镇"].posted == 1 and rows["松柏镇"].median_hours == 24.0
    assert [r.name for r in county] == ["神农架林区", "松柏镇", "木鱼镇", "木鱼村", "青天村"]


def test_all_time_counts_the_old_job(tchat: Conversation) -> None:
    history(tchat)
    with tchat.session() as s:
        rows = stats.compute(s, tchat.app.gazetteer, "429021", None)
    assert rows[0].posted == 5 and rows[0].filled == 3


def test_chat_command_scoped_to_the_officer(tchat: Conversation) -> None:
    history(tchat)
    out = tchat.say("李主任@神农架群: 统计 11月20日")
    text = to(out, "神农架群")[0]
    lines = text.split("\n  ")
    assert lines[0] == "【统计】神农架林区 11月20日以来"
    assert lines[1] == "合计 发布4 招满3(75%) 用时4小时 报名4 触达6人"
    assert "木鱼镇 发布3 招满2(67%) 用时3小时 报名4 触达5人" in lines
    assert "· 青天村 发布2 招满2(100%) 用时3小时 报名3 触达4人" in lines
    # a township officer sees their township by default, and nothing outside it
    out = tchat.say("""
        @officer 孙镇长 木鱼镇
        孙镇长: 统计 7天
        孙镇长: 统计 松柏镇
        王五@神农架群: 统计
        """)
    mine = to(out, "孙镇长")
    assert mine[0].startswith("【统计】木鱼镇 11月20日以来\n  合计 发布3")
    assert "不归您管" in mine[1]
    assert to(out, "神农架群") == ["只有信息员能看统计。需要开通请找区里的信息员。"]


def test_in_a_bound_group_the_group_region_is_the_default(tchat: Conversation) -> None:
    history(tchat)
    out = tchat.say("李主任@青天村群: 统计 本月")
    assert to(out, "青天村群")[0].startswith("【统计】青天村 11月1日以来\n  合计 发布2 招满2")


def test_stats_command_for_the_cli(tchat: Conversation) -> None:
    history(tchat)
    engine = tchat.app.engine
    text = stats.stats_command(engine, None, "2026-11-20")
    assert text.startswith("【统计】神农架林区 11月20日以来\n合计 发布4 招满3(75%)")
    table = list(csv.DictReader(io.StringIO(
        stats.stats_command(engine, "木鱼镇", "2026-11-20", as_csv_output=True))))
    assert [r["region"] for r in table] == ["木鱼镇", "木鱼村", "青天村"]
    assert table[0]["jobs_posted"] == "3" and table[0]["fill_rate"] == "0.667"
    assert table[2]["median_hours_to_fill"] == "3.00"
    assert table[0]["workers_reached"] == "5"
    with pytest.raises(ValueError, match="--region"):
        stats.stats_command(engine, "火星", None)
    with pytest.raises(ValueError, match="--since"):
        stats.stats_command(engine, None, "去年冬天")
    assert "发布5" in stats.stats_command(engine, "429021", None)


def test_stats_read_places_from_the_gazetteer_not_the_region_table(tchat: Conversation
                                                                   ) -> None:
    history(tchat)
    with transaction(tchat.app.engine) as s:
        for row in s.exec(select(Region)):
            row.name = "旧表" + row.name  # stale rows: the gazetteer alone names the places
            s.add(row)
    out = tchat.say("李主任@神农架群: 统计 木鱼镇 2026-11-20")
    assert to(out, "神农架群")[0].startswith("【统计】木鱼镇 11月20日以来\n  合计 发布3")
    assert "旧表" not in to(out, "神农架群")[0]
    text = stats.stats_command(tchat.app.engine, "青天村", "2026-11-20",
                               gazetteer=tchat.app.gazetteer)
    assert text.startswith("【统计】青天村 11月20日以来\n合计 发布2 招满2")
