"""The 曝光台: only what an officer confirmed shows, named by its post and a masked phone; the
person named hears first and may 申诉; entries expire; a confirmed scam's phone holds new
posts — as conversations, with the look-alikes that must not act."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlmodel import col, select

from bot.clock import TZ
from bot.config import ExposureSettings, Settings
from bot.scheduler import TaskContext
from handlers import exposure, stats
from storage.models import ExposureEntry, Job, OutboxMessage
from tests.conversation import Conversation, to
from tests.test_budget import counting

SETUP = """
@group 青天村群 青天村
@group 木鱼镇群 木鱼镇
@group 松柏群 松柏镇
@officer 李主任
@officer 陈干事 木鱼镇
@officer 松柏干事 松柏镇
老黑: 你好
李四: 订阅 搬运 松柏镇
"""
SCAM = "老黑@青天村群: 招搬运工5名，日结300，先交押金200，木鱼镇青天村，电话13700001111"
MONTH = "@now 2026-12-01 09:05"  # the boards' default: the 1st at 09:00


def conv(settings: Settings | None = None) -> Conversation:
    c = Conversation(settings=settings)
    c.say(SETUP)
    return c


@pytest.fixture
def sc() -> Iterator[Conversation]:
    """A scam post in 青天村群, rejected by 陈干事 (木鱼镇's officer)."""
    c = conv()
    c.say(SCAM)
    c.say("陈干事 [驳回]")
    yield c
    c.close()


def entries(c: Conversation) -> list[tuple[str, str, str | None]]:
    with c.session() as s:
        return [(e.kind, e.status, e.phone) for e in
                s.exec(select(ExposureEntry).order_by(col(ExposureEntry.id)))]


def boards(messages: list[str], group: str) -> list[str]:
    return [m for m in to(messages, group) if "曝光台】" in m]


def group_lines(c: Conversation) -> list[str]:
    """Everything the bot ever said in a group, each message whole."""
    messages: list[str] = []
    for line in c.transcript().splitlines():
        if line.startswith(("→ ", "✎ ")) or not messages:
            messages.append(line)
        else:
            messages[-1] += "\n" + line
    groups = ("青天村群", "木鱼镇群", "松柏群")
    return [m for m in messages if m[2:].partition(":")[0] in groups]


# --------------------------------------------------------------------------- scams


def test_a_rejected_scam_is_told_first_then_posted_with_a_masked_phone() -> None:
    c = conv()
    c.say(SCAM)
    out = c.say("陈干事 [驳回]")
    assert "曝光台" in to(out, "陈干事")[0] and "已私下告诉发布人" in to(out, "陈干事")[0]
    [told] = to(out, "老黑")
    assert "申诉 1" in told and "11月29日前" in told and "137****1111" in told
    assert entries(c) == [("scam", "pending", "13700001111")]
    # Within the window it does not show, not even when asked for.
    out = c.say("王五@青天村群: 曝光台")
    assert "137****1111" not in to(out, "青天村群")[0]
    # After it, the township's groups get it on the 1st; another township's do not.
    out = c.say(MONTH)
    for group in ("青天村群", "木鱼镇群"):
        [board] = boards(out, group)
        assert board.startswith("【木鱼镇曝光台】2026年12月")
        assert "骗局" in board and "搬运工 · 木鱼镇青天村 · 11月26日" in board
        assert "137****1111" in board and "老黑" not in board
    assert boards(out, "松柏群") == []
    # The full phone never reached a group, in anything the bot said there.
    said = group_lines(c)
    assert any("137****1111" in m for m in said)
    assert not any("13700001111" in m for m in said)
    # … and the board masks it itself, not only the sender's last guard.
    with c.session() as s:
        queued = [m.text for m in s.exec(select(OutboxMessage))
                  if ":group:" in m.chat_id and "曝光台】" in m.text]
    assert queued and not any("13700001111" in t for t in queued)
    with c.session() as s:
        assert s.exec(select(ExposureEntry)).one().posted_at is not None
    c.close()


def test_a_released_post_never_goes_on_the_board() -> None:
    c = conv()
    c.say(SCAM)
    out = c.say("陈干事 [放行]")
    assert "曝光台" not in to(out, "陈干事")[0] and to(out, "老黑") == []
    assert entries(c) == []
    assert boards(c.say(MONTH), "青天村群") == []
    c.close()


def test_an_appeal_withdrawn_by_the_officer_never_shows(sc: Conversation) -> None:
    out = sc.say("老黑: 申诉 1 我没收过押金，是别人冒用我的电话")
    assert "已交信息员核实" in to(out, "老黑")[0]
    [note] = to(out, "陈干事")  # the officers of the place, nearest first
    assert "冒用" in note and "维持 1" in note and "撤下 1" in note
    assert "13700001111" not in note
    # An officer of another township cannot decide it.
    out = sc.say("松柏干事: 撤下 1")
    assert "不在您负责的片区" in to(out, "松柏干事")[0]
    assert entries(sc)[0][1] == "appealed"
    out = sc.say("陈干事: 撤下 1 核实是冒用")
    assert "已撤下" in to(out, "陈干事")[0]
    assert "申诉通过" in to(out, "老黑")[0]
    assert entries(sc)[0][1] == "withdrawn"
    assert boards(sc.say(MONTH), "青天村群") == []
    out = sc.say("陈干事: 维持 1")
    assert "已经撤下" in to(out, "陈干事")[0]


def test_an_appeal_upheld_shows_and_an_appeal_too_late_is_refused(sc: Conversation) -> None:
    sc.say("老黑: 申诉 1 冤枉")
    out = sc.say("李四: 申诉 1 我也有意见")  # not the person named
    assert "没有关于您的" in to(out, "李四")[0]
    # While it waits for the officer, it does not show even after the window.
    sc.say("@now 2026-11-30 08:00")
    out = sc.say("王五@青天村群: 曝光台")
    assert "137****1111" not in to(out, "青天村群")[0]
    out = sc.say("陈干事: 维持 1")
    assert "维持" in to(out, "陈干事")[0] and "维持" in to(out, "老黑")[0]
    [board] = boards(sc.say(MONTH), "青天村群")
    assert "137****1111" in board
    out = sc.say("老黑: 申诉 1 再申诉")
    assert "已维持" in to(out, "老黑")[0]


def test_after_the_window_an_appeal_is_too_late(sc: Conversation) -> None:
    sc.say("@now 2026-11-29 09:00")
    out = sc.say("老黑: 申诉 1 冤枉")
    assert "申诉期" in to(out, "老黑")[0] and "已经过了" in to(out, "老黑")[0]
    assert entries(sc)[0][1] == "pending"
    assert to(out, "陈干事") == []


def test_an_expired_entry_shows_no_more_and_holds_no_post() -> None:
    c = conv(Settings(exposure=ExposureSettings(appeal_days=3, keep_days=5)))
    c.say(SCAM)
    c.say("陈干事 [驳回]")
    c.say("@now 2026-11-30 08:00")
    assert "137****1111" in to(c.say("王五@青天村群: 曝光台"), "青天村群")[0]
    out = c.say(MONTH)  # 12-01 09:05: five days after 11-26 08:00
    assert boards(out, "青天村群") == []
    out = c.say("老黑@松柏群: 明天要2个搬运工 150一天 松柏镇 电话13700001111")
    assert to(out, "松柏群")[0].startswith("【招工】")
    # The next night's retention forgets the expired entry's phone; the entry stays counted.
    c.say("@now 2026-12-02 04:00")
    assert entries(c) == [("scam", "pending", None)]
    c.close()


# --------------------------------------------------------------------------- blocked phones


def test_the_scams_phone_is_held_in_every_group_and_another_phone_is_not(
        sc: Conversation) -> None:
    out = sc.say("老黑@松柏群: 明天要2个搬运工 150一天 松柏镇 电话13700001111")
    [said] = to(out, "松柏群")
    assert "等信息员核实" in said and "137" not in said and "押金" not in said
    assert to(out, "李四") == []  # subscribed to 搬运 in 松柏镇: never pushed
    [officer] = to(out, "松柏干事")
    assert "曝光台" in officer and "137****1111" in officer and "13700001111" not in officer
    with sc.session() as s:
        job = s.exec(select(Job).order_by(col(Job.id).desc())).first()
        assert job is not None and job.status == "held"
        # Held for the entry, by its id: no words of a scam are put in its mouth.
        assert job.exposure_id == 1 and job.hold_reason is None
    # Someone else's phone, one digit apart: published and pushed as usual.
    out = sc.say("王五@松柏群: 明天要2个搬运工 150一天 松柏镇 电话13700001112")
    assert to(out, "松柏群")[0].startswith("【招工】")
    assert to(out, "李四")
    # The officer may still release the held one (a new owner of the number).
    out = sc.say("松柏干事 [放行]")
    assert "已放行" in to(out, "松柏干事")[0]
    with sc.session() as s:
        released = s.get(Job, job.id)
        # Released: held for nothing any more (the desk shows no 曝光台 reason on it).
        assert released is not None and released.status == "open"
        assert released.exposure_id is None and released.hold_reason is None


def test_a_private_post_from_the_poster_whose_own_phone_is_blocked_is_held(
        sc: Conversation) -> None:
    sc.say("老黑: 电话13700001111")
    out = sc.say("老黑: 后天要2个采茶工 120一天 松柏镇")
    assert "等信息员核实" in to(out, "老黑")[0]
    assert "曝光台" in to(out, "松柏干事")[0]
    # Rejecting it too does not put the same phone on the board twice.
    out = sc.say("松柏干事 [驳回]")
    assert "曝光台" not in to(out, "松柏干事")[0]
    assert entries(sc) == [("scam", "pending", "13700001111")]


def test_a_withdrawn_entrys_phone_is_not_held(sc: Conversation) -> None:
    sc.say("陈干事: 撤下 1")
    out = sc.say("老黑@松柏群: 明天要2个搬运工 150一天 松柏镇 电话13700001111")
    assert to(out, "松柏群")[0].startswith("【招工】")
    assert to(out, "松柏干事") == []


# --------------------------------------------------------------------------- wage cases, complaints

WAGE = """
@group 青天村群 青天村
@officer 陈干事 木鱼镇
@officer 松柏干事 松柏镇
王老板: 你好
李四: 电话13900000001
赵六: 电话13900000002
王老板@青天村群: 明天要2个搬运工 150一天 日结 电话13812345678
李四@青天村群^: 我去
赵六@青天村群^: 我去
@now 2026-11-27 19:05
李四: 还没结
赵六: 还没结
赵六: 结清了
"""


def test_only_a_wage_case_the_station_advanced_goes_on_the_board() -> None:
    c = Conversation()
    c.say(WAGE)
    out = c.say("陈干事: 曝光 欠薪 1")  # reported, not confirmed
    assert "没有核实成立" in to(out, "陈干事")[0]
    out = c.say("陈干事: 曝光 欠薪 2")  # the worker said 结清了 after all: never
    assert "没有核实成立" in to(out, "陈干事")[0]
    assert entries(c) == []
    c.say("陈干事: 已垫付 1")
    out = c.say("松柏干事: 曝光 欠薪 1")
    assert "不在您负责的片区" in to(out, "松柏干事")[0]
    out = c.say("李四: 曝光 欠薪 1")
    assert "只有信息员" in to(out, "李四")[0]
    assert entries(c) == []
    out = c.say("陈干事: 曝光 欠薪 1")
    assert "曝光【1】" in to(out, "陈干事")[0]
    [told] = to(out, "王老板")
    assert "申诉 1" in told and "李四" not in told  # the employer never learns who reported
    out = c.say("陈干事: 曝光 欠薪 1")
    assert "已经登过曝光台" in to(out, "陈干事")[0]
    out = c.say(MONTH)
    [board] = boards(out, "青天村群")
    assert "欠薪" in board and "138****5678" in board
    assert "王老板" not in board and "13812345678" not in board
    c.say("陈干事: 撤下 1")
    out = c.say("陈干事: 曝光 欠薪 1")  # withdrawn is final: not entered again
    assert "已经登过曝光台" in to(out, "陈干事")[0] and "已撤下" in to(out, "陈干事")[0]
    assert entries(c) == [("wage", "withdrawn", "13812345678")]
    c.close()


def test_a_complaint_closed_as_groundless_never_goes_on_the_board() -> None:
    c = Conversation()
    c.say(WAGE)
    c.say("李四: 投诉 王老板 说好日结到现在没给")
    c.say("赵六: 投诉 王老板 骂人")
    c.say("陈干事: 结案 1 不成立 查无此事")
    out = c.say("陈干事: 曝光 投诉 1")
    assert "不成立" in to(out, "陈干事")[0]
    out = c.say("陈干事: 曝光 投诉 2")
    assert "还没结案" in to(out, "陈干事")[0]
    assert entries(c) == []
    c.say("陈干事: 结案 2 已解决 老板道歉了")
    out = c.say("陈干事: 曝光 投诉 2")
    assert "曝光【1】" in to(out, "陈干事")[0]
    assert entries(c) == [("complaint", "pending", "13812345678")]
    c.close()


# --------------------------------------------------------------------------- 榜单时间


def test_officers_set_when_the_boards_go_out() -> None:
    c = conv()
    c.say(SCAM)
    c.say("陈干事 [驳回]")
    refusals = {
        "李四@木鱼镇群: 榜单时间 每月5号 10点": "只有信息员",
        "松柏干事@木鱼镇群: 榜单时间 每月5号 10点": "不归您管",
        "陈干事@木鱼镇群: 榜单时间 每月31号 10点": "不是每个月都有",
        "陈干事@木鱼镇群: 榜单时间 每月5号 凌晨3点": "大家在睡觉",
        "陈干事@木鱼镇群: 榜单时间 下个月": "没看懂",
    }
    for line, why in refusals.items():
        out = c.say(line)
        assert why in to(out, "木鱼镇群")[0], line
    out = c.say("陈干事@木鱼镇群: 榜单时间 每月五号 上午10点")
    assert "每月5号10:00" in to(out, "木鱼镇群")[0]
    assert "boards:10:00" in c.app.scheduler.job_ids()
    out = c.say("王五@木鱼镇群: 榜单时间")
    assert "每月5号10:00" in to(out, "木鱼镇群")[0]
    # The 1st passes quietly for 木鱼镇; the 5th at 10:00 brings its board.
    assert boards(c.say(MONTH), "青天村群") == []
    out = c.say("@now 2026-12-05 10:05")
    assert len(boards(out, "青天村群")) == 1 and len(boards(out, "木鱼镇群")) == 1
    c.close()


def boards_run(groups: int) -> tuple[int, list[str]]:
    """Statements of one run of the 1st's boards, with ``groups`` groups in 木鱼镇 (an entry on
    its 曝光台, someone on the 荣誉榜's list), and the chats the 曝光台 was queued for."""
    c = Conversation()
    c.say("@officer 陈干事 木鱼镇\n老黑: 你好\n李四: 上榜\n@group 松柏群 松柏镇\n"
          + "".join(f"@group 木鱼{n}群 木鱼镇\n" for n in range(groups)))
    c.say("老黑@木鱼0群: 招搬运工5名，日结300，先交押金200，木鱼镇，电话13700001111")
    c.say("陈干事 [驳回]")
    ctx = TaskContext(c.app.engine, c.app.settings, c.app.gazetteer,
                      datetime(2026, 12, 1, 9, 0, tzinfo=TZ))
    with counting(c.app.engine) as statements:
        exposure.post_boards(ctx, "09:00")
    with c.session() as s:
        chats = [m.chat_id for m in s.exec(select(OutboxMessage).where(
            col(OutboxMessage.dedupe_key).startswith("exposure:")))]
    c.close()
    return len(statements), chats


def test_a_townships_boards_are_made_once_for_all_its_groups() -> None:
    one, chats = boards_run(1)
    three, chats3 = boards_run(3)
    assert chats == ["console:group:木鱼0群"]
    assert sorted(chats3) == [f"console:group:木鱼{n}群" for n in range(3)]
    assert three == one  # not a board per group: the same statements for 1 group or 3


def test_the_countys_board_time_is_every_townships_default_until_one_sets_its_own() -> None:
    c = Conversation()
    c.say("@group 林区群 神农架林区\n@group 木鱼镇群 木鱼镇\n@officer 李主任\n"
          "@officer 陈干事 木鱼镇\n@officer 松柏干事 松柏镇")
    out = c.say("陈干事@林区群: 榜单时间 每月2号 8点")  # a township officer, the county's group
    assert "不归您管" in to(out, "林区群")[0]
    out = c.say("李主任@林区群: 榜单时间 每月2号 8点")
    assert "全区各镇" in to(out, "林区群")[0]
    assert "每月2号08:00" in to(c.say("王五@木鱼镇群: 榜单时间"), "木鱼镇群")[0]
    out = c.say("松柏干事: 榜單時間 每月3號 9點半")  # privately, in Traditional: own township
    assert "松柏镇的荣誉榜和曝光台改在每月3号09:30" in to(out, "松柏干事")[0]
    c.say("陈干事@木鱼镇群: 榜单时间 每月6号 10点")
    c.say("李主任@林区群: 榜单时间 每月4号 8点")
    assert "每月6号10:00" in to(c.say("王五@木鱼镇群: 榜单时间"), "木鱼镇群")[0]
    assert {"boards:09:00", "boards:08:00", "boards:09:30", "boards:10:00"} <= set(
        c.app.scheduler.job_ids())
    c.close()


def test_the_board_schedule_survives_a_restart(tmp_path: object) -> None:
    from pathlib import Path

    from storage.db import make_engine, upgrade

    path = Path(str(tmp_path)) / "b.db"
    path.touch()
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    c = Conversation(engine=engine)
    c.say("@group 木鱼镇群 木鱼镇\n@officer 陈干事 木鱼镇\n陈干事@木鱼镇群: 榜单时间 每月3号 8点")
    c.close()
    again = Conversation(engine=make_engine(f"sqlite:///{path}"))
    out = again.say("王五@木鱼镇群: 榜单时间")
    assert "每月3号08:00" in to(out, "木鱼镇群")[0]
    assert "boards:08:00" in again.app.scheduler.job_ids()
    again.close()


# --------------------------------------------------------------------------- stats, erasure


def test_stats_count_entries_posted_appealed_withdrawn(sc: Conversation) -> None:
    sc.say("老黑@青天村群: 招搬运工3名，日结300，先交押金100，木鱼镇，电话13700002222")
    sc.say("陈干事 [驳回]")
    sc.say("老黑: 申诉 2 没有的事")
    sc.say("陈干事: 撤下 2")
    sc.say(MONTH)
    out = to(sc.say("陈干事: 统计"), "陈干事")[0]
    assert "曝光2条(已公布1 申诉1 撤下1)" in out
    table = {row["region"]: row for row in csv.DictReader(io.StringIO(
        stats.stats_command(sc.app.engine, "木鱼镇", None, as_csv_output=True)))}
    counts = [table["木鱼镇"][f] for f in ("exposures", "exposures_posted",
                                            "exposures_appealed", "exposures_withdrawn")]
    assert counts == ["2", "1", "1", "1"]


def test_erasing_the_person_named_clears_the_phone_from_their_entry(sc: Conversation) -> None:
    out = sc.say("老黑: 我的信息")
    assert "曝光台上关于您的：1条（【1】待公布）" in to(out, "老黑")[0]
    out = sc.say("李四: 申诉 冤枉")  # named on nothing
    assert "没有可以申诉的" in to(out, "李四")[0]
    sc.say("老黑: 删除我的信息")
    sc.say("老黑: 确认删除")
    assert entries(sc) == [("scam", "pending", None)]


def test_on_postgresql_the_schedule_and_the_held_phone_work_alike(pg_url: str) -> None:
    c = Conversation(db_url=pg_url)
    try:
        c.say(SETUP)
        c.say(SCAM)
        c.say("陈干事 [驳回]")
        out = c.say("陈干事@木鱼镇群: 榜单时间 每月2号 8点")
        assert "每月2号08:00" in to(out, "木鱼镇群")[0]
        assert "boards:08:00" in c.app.scheduler.job_ids()
        out = c.say("老黑@松柏群: 明天要2个搬运工 150一天 松柏镇 电话13700001111")
        assert "等信息员核实" in to(out, "松柏群")[0]
    finally:
        c.close()
