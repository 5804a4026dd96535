"""A worker who erases themselves (删除我的信息) while their wage case is open: the case stays as
an anonymous record, stops (no reminder, no officer note) and carries nothing of them."""

from __future__ import annotations

from sqlmodel import col, select

from storage.models import CaseEvent, OutboxMessage, WageCheck
from tests.conversation import Conversation, to

SETUP = """
@group 青天村群 青天村
@officer 陈干事 木鱼镇
王老板: 你好
李四: 电话13900000001
王老板@青天村群: 明天要1个搬运工 150一天 日结 电话13812345678
李四@青天村群^: 我去
@now 2026-11-27 19:05
李四: 还没结
"""


def erase(c: Conversation, who: str) -> list[str]:
    c.say(f"{who}: 删除我的信息")
    return c.say(f"{who} [确认删除]")


def state(c: Conversation) -> str:
    with c.session() as s:
        return s.exec(select(WageCheck)).one().status


def test_erased_before_the_reminder_no_one_is_reminded_or_told() -> None:
    c = Conversation()
    c.say(SETUP)
    erase(c, "李四")
    assert state(c) == "withdrawn"
    out = c.say("@now 2026-11-28 10:05")
    assert to(out, "王老板") == []  # without the worker there is no case to remind of
    out = c.say("@now 2026-11-29 10:05")
    assert to(out, "陈干事") == []
    assert "没有没结的欠薪" in to(c.say("陈干事: 欠薪"), "陈干事")[0]
    c.close()


def test_erased_after_the_officer_heard_the_officer_hears_it_stopped_without_the_name() -> None:
    c = Conversation()
    c.say(SETUP)
    c.say("@now 2026-11-28 10:05")
    out = c.say("@now 2026-11-29 10:05")
    assert "李四" in to(out, "陈干事")[0] and "13900000001" in to(out, "陈干事")[0]
    out = erase(c, "李四")
    [note] = to(out, "陈干事")
    assert "欠薪【1】" in note and "删除了自己的信息" in note and "不再跟进" in note
    assert "李四" not in note and "13900000001" not in note
    assert state(c) == "withdrawn"
    with c.session() as s:
        steps = [e.status for e in s.exec(select(CaseEvent).order_by(col(CaseEvent.id)))]
        assert steps[-1] == "withdrawn"
        # What the officer was sent before is kept without them too.
        texts = [m.text for m in s.exec(select(OutboxMessage))]
    assert not any("13900000001" in t for t in texts)
    assert not any("李四" in t for t in texts)
    # Nothing more comes of it, and the station's figures still count the case.
    out = c.say("@now 2026-11-30 10:05")
    assert to(out, "陈干事") == [] and to(out, "王老板") == []
    stats = to(c.say("陈干事: 统计"), "陈干事")[0]
    assert "欠薪1起(未结0 结清0 垫付0)" in stats
    c.close()


def test_the_employer_erasing_themselves_leaves_the_workers_case_open() -> None:
    c = Conversation()
    c.say(SETUP)
    erase(c, "王老板")
    assert state(c) == "unpaid"  # the worker is still owed: the officer still hears
    out = c.say("@now 2026-11-29 10:05")
    assert "欠薪跟进【1】" in to(out, "陈干事")[0]
    c.close()
