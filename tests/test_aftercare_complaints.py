"""Complaints: 投诉 privately, the case's states, officers of the place, both parties told."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import col, select

from storage.models import CaseEvent, Complaint
from tests.conversation import Conversation, to

SETUP = """
@group 青天村群 青天村
@officer 李主任
@officer 陈干事 木鱼镇
@officer 松柏干事 松柏镇
王老板: 你好
李四: 电话13900000001
孙七: 你好
王老板@青天村群: 明天要2个搬运工 150一天 日结 电话13812345678
李四@青天村群^: 我去
"""


@pytest.fixture
def cc() -> Iterator[Conversation]:
    conv = Conversation()
    conv.say(SETUP)
    yield conv
    conv.close()


def cases(c: Conversation) -> list[tuple[int, str, str | None]]:
    with c.session() as s:
        from storage.models import Person
        out = []
        for case in s.exec(select(Complaint).order_by(col(Complaint.id))):
            against = s.get(Person, case.against_id) if case.against_id else None
            out.append((case.id or 0, case.status, against.name if against else None))
        return out


def test_a_complaint_replying_to_the_job_opens_a_case_and_tells_the_officers(
        cc: Conversation) -> None:
    out = cc.say("李四^: 投诉 地址虚标，说好搬家具结果是搬砖")  # replies to the job message
    assert cases(cc) == [(1, "accepted", "王老板")]
    assert "已受理您的投诉（编号【1】）" in to(out, "李四")[0]
    officer = to(out, "陈干事")
    assert len(officer) == 1 and "投诉【1】受理" in officer[0] and "地址虚标" in officer[0]
    assert to(out, "松柏干事") == [] and to(out, "李主任") == []
    assert to(out, "王老板") == []  # the other party hears nothing until mediation


def test_the_case_moves_and_both_parties_are_told_without_naming_the_complainant(
        cc: Conversation) -> None:
    cc.say("李四^: 投诉 地址虚标")
    out = cc.say("陈干事: 处理 1")
    assert "调解中" in to(out, "陈干事")[0]
    assert "已开始调解" in to(out, "李四")[0] and "调解中" in to(out, "李四")[0]
    boss = to(out, "王老板")
    assert len(boss) == 1 and "调解中" in boss[0] and "李四" not in boss[0]
    out = cc.say("陈干事: 结案 1 已解决 老板补了差价")
    assert cases(cc) == [(1, "resolved", "王老板")]
    assert "已解决：老板补了差价" in to(out, "李四")[0]
    assert "李四" not in to(out, "王老板")[0]
    out = cc.say("陈干事: 处理 1")
    assert "已经结案" in to(out, "陈干事")[0]
    with cc.session() as s:
        steps = [(e.status, e.note) for e in s.exec(select(CaseEvent).order_by(
            col(CaseEvent.id)))]
    assert steps == [("accepted", ""), ("mediating", ""), ("resolved", "老板补了差价")]


def test_an_officer_outside_the_area_cannot_move_or_close_a_case(cc: Conversation) -> None:
    cc.say("李四^: 投诉 地址虚标")
    out = cc.say("松柏干事: 结案 1 不成立")
    assert "不在您负责的片区" in to(out, "松柏干事")[0]
    out = cc.say("松柏干事: 处理 1")
    assert "不在您负责的片区" in to(out, "松柏干事")[0]
    assert cases(cc) == [(1, "accepted", "王老板")]
    assert to(out, "李四") == [] and to(out, "王老板") == []
    out = cc.say("孙七: 结案 1 不成立")  # not an officer: not a command
    assert cases(cc) == [(1, "accepted", "王老板")]
    out = cc.say("李主任: 结案 1 不成立 核实没有此事")  # the county officer may
    assert cases(cc) == [(1, "rejected", "王老板")]
    assert "不成立" in to(out, "李四")[0]


def test_naming_a_job_number_or_a_person(cc: Conversation) -> None:
    cc.say("李四: 投诉【1】 活和说的不一样")
    cc.say("王老板: 投诉 李四 干了半天就走了")
    assert cases(cc) == [(1, "accepted", "王老板"), (2, "accepted", "李四")]


@pytest.mark.parametrize("line", [
    "李四@青天村群: 投诉 王老板不给钱",  # in a group: not a case
    "李四@青天村群^: 投诉",
    "孙七: 投诉电话是多少",  # names nothing the bot can tell
    "孙七: 投诉",
    "李四: 我想了解一下投诉的流程",
])
def test_look_alikes_open_no_case(cc: Conversation, line: str) -> None:
    cc.say(line)
    assert cases(cc) == []


def test_a_complaint_that_names_nothing_is_asked_back(cc: Conversation) -> None:
    out = cc.say("孙七: 投诉 有人骗钱")
    assert "回复那条招工消息" in to(out, "孙七")[0] and cases(cc) == []


def test_an_officer_limits_groundless_repeats(cc: Conversation) -> None:
    cc.say("李四^: 投诉 乱说的")
    out = cc.say("陈干事: 限制投诉 1")
    assert "不成立的投诉" in to(out, "陈干事")[0]
    cc.say("陈干事: 结案 1 不成立")
    out = cc.say("陈干事: 限制投诉 1")
    assert "30天内不能再投诉" in to(out, "陈干事")[0]
    out = cc.say("李四: 投诉【1】 又来")
    assert "受限" in to(out, "李四")[0] and len(cases(cc)) == 1


def test_officers_list_open_complaints_of_their_area(cc: Conversation) -> None:
    cc.say("李四^: 投诉 地址虚标")
    assert "【1】受理" in to(cc.say("陈干事: 投诉列表"), "陈干事")[0]
    assert "没有没结的投诉" in to(cc.say("松柏干事: 投诉列表"), "松柏干事")[0]
