"""After the gig: the wage check, wage cases, 先行垫付 and ratings, as conversations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlmodel import col, select

from bot.adapters.console import dm_chat_id
from bot.clock import TZ
from bot.message import Chat, ChatKind, Message, User
from bot.scheduler import TaskContext
from handlers import aftercare
from storage.models import CaseEvent, PhoneReveal, Rating, WageCheck
from tests.conversation import Conversation, to

SETUP = """
@group 青天村群 青天村
@officer 李主任
@officer 陈干事 木鱼镇
@officer 松柏干事 松柏镇
王老板: 你好
李四: 电话13900000001
赵六: 电话13900000002
孙七: 你好
王老板@青天村群: 明天要2个搬运工 150一天 日结 电话13812345678
李四@青天村群^: 我去
赵六@青天村群^: 我去
"""
EVENING = "@now 2026-11-27 19:05"  # the evening of the work day (the check runs at 19:00)


@pytest.fixture
def wc() -> Iterator[Conversation]:
    conv = Conversation()
    conv.say(SETUP)
    yield conv
    conv.close()


def checks(c: Conversation) -> list[tuple[str, str]]:
    with c.session() as s:
        from storage.models import Person
        return [(s.get(Person, w.worker_id).name, w.status)  # type: ignore[union-attr]
                for w in s.exec(select(WageCheck).order_by(col(WageCheck.id)))]


def press(c: Conversation, who: str, data: str) -> list[str]:
    """A button press with this data from ``who``'s private chat (a forged one, too)."""
    c.app.dispatcher.handle(Message(
        id=c.console.new_id("m"), chat=Chat(dm_chat_id(who), ChatKind.PRIVATE),
        sender=User(f"console:{who}", who), date=c.clock.now(), button_data=data,
        content_kind="button"))
    return to(c.say("@wait 1s"), who)


def ratings(c: Conversation) -> list[tuple[str, int, str | None]]:
    with c.session() as s:
        return [(r.side, r.stars, r.word) for r in s.exec(select(Rating).order_by(col(Rating.id)))]


def test_evening_of_the_last_day_each_confirmed_worker_is_asked_privately(
        wc: Conversation) -> None:
    out = wc.say("@now 2026-11-27 18:30")  # not before the evening
    assert checks(wc) == [] and all("工钱" not in m for m in out)
    out = wc.say(EVENING)
    for worker in ("李四", "赵六"):
        asked = to(out, worker)
        assert len(asked) == 1
        assert asked[0].startswith("王老板的搬运活（今天），工钱结清了吗？")
        assert "[结清了] [还没结] [没去成]" in asked[0]
    assert "孙七" not in " ".join(out)  # not on the job: not asked
    assert all("工钱" not in m for m in to(out, "青天村群"))
    boss = to(out, "王老板")
    assert len(boss) == 2 and all("[5星]" in m for m in boss)  # rate each worker
    assert checks(wc) == [("李四", "asked"), ("赵六", "asked")]
    out = wc.say("@wait 1d")  # asked once only
    assert all("工钱结清了吗" not in m for m in out)
    assert checks(wc) == [("李四", "asked"), ("赵六", "asked")]


def test_a_job_spanning_days_is_asked_about_on_its_last_day() -> None:
    c = Conversation()
    c.say("""
    @group 青天村群 青天村
    王老板: 你好
    李四: 你好
    王老板@青天村群: 明天要1个木工 工期3天 200一天 完工结 电话13812345678
    李四@青天村群^: 我去
    @now 2026-11-27 19:05
    """)
    assert checks(c) == []
    out = c.say("@now 2026-11-29 19:05")
    assert to(out, "李四")[0].startswith("王老板的木工活（今天）")
    c.close()


def test_quiet_hours_hold_the_question_until_morning(wc: Conversation) -> None:
    """Run late (the bot came back at 21:30): the questions wait for 07:00."""
    from handlers import aftercare
    from storage.models import OutboxMessage
    wc.say("@now 2026-11-27 18:00")
    late = datetime(2026, 11, 27, 21, 30, tzinfo=TZ)
    aftercare.wage_check(TaskContext(wc.app.engine, wc.app.settings, wc.app.gazetteer, late))
    assert checks(wc) == [("李四", "asked"), ("赵六", "asked")]
    with wc.session() as s:
        held = list(s.exec(select(OutboxMessage).where(OutboxMessage.kind == "ask")))
    assert len(held) == 4
    assert {r.not_before.astimezone(TZ) for r in held} == {datetime(2026, 11, 28, 7, 0,
                                                                    tzinfo=TZ)}
    out = wc.say("@now 2026-11-28 07:01")
    assert to(out, "李四")[0].startswith("王老板的搬运活（11月27日），工钱结清了吗？")
    assert checks(wc) == [("李四", "asked"), ("赵六", "asked")]  # asked once


def test_paid_by_button_then_one_rating_with_a_word(wc: Conversation) -> None:
    wc.say(EVENING)
    out = wc.say("李四 [结清了]")
    assert to(out, "李四")[0] == "好的，记下了：王老板的搬运活工钱已结清。"
    assert "[5星]" in to(out, "李四")[1]
    assert to(out, "王老板") == []  # the employer hears nothing of the answer
    out = wc.say("李四 [4星]")
    assert "记下了4星" in to(out, "李四")[0] and "[工钱按时]" in to(out, "李四")[0]
    wc.say("李四 [工钱按时]")
    assert ratings(wc) == [("worker", 4, "工钱按时")]
    out = wc.say("李四 [5星]")  # a rating cannot be given twice
    assert "已经打过分了（4星）" in to(out, "李四")[0]
    assert ratings(wc) == [("worker", 4, "工钱按时")]
    assert checks(wc) == [("李四", "paid"), ("赵六", "asked")]


def test_wechat_style_typed_answers(wc: Conversation) -> None:
    """On WeChat buttons are words to type: 「结清了」, 「5星」, 「干得好」."""
    wc.say(EVENING)
    wc.say("赵六: 结清了")
    wc.say("赵六: 五星")
    wc.say("赵六: 活和说的一样")
    assert ratings(wc) == [("worker", 5, "活和说的一样")]
    # The employer has two workers to rate: a reply to one question is taken …
    wc.say("王老板^: 3星")  # the latest question: 赵六's
    wc.say("王老板: 干得好")
    assert ratings(wc)[-1] == ("employer", 3, "干得好")
    # … and a bare 「4星」 goes to the only one left.
    wc.say("王老板: 4星")
    assert ratings(wc)[-1] == ("employer", 4, None)
    out = wc.say("王老板: 4星")  # nothing left to rate: not a rating
    assert ratings(wc)[-1] == ("employer", 4, None) and len(ratings(wc)) == 3
    assert all("记下了" not in m for m in to(out, "王老板"))


def test_a_bare_rating_with_two_to_rate_is_asked_back(wc: Conversation) -> None:
    wc.say(EVENING)
    out = wc.say("王老板: 5星")
    assert "好几个" in to(out, "王老板")[0] and ratings(wc) == []


def test_not_on_the_job_changes_nothing(wc: Conversation) -> None:
    wc.say(EVENING)
    out = wc.say("孙七: 结清了")
    assert checks(wc) == [("李四", "asked"), ("赵六", "asked")]
    assert all("结清" not in m for m in to(out, "孙七"))
    # Forged buttons (they are in the worker's and employer's private chats).
    assert press(wc, "孙七", "wage:1:paid") == ["这是问干活的人的，您不用回答。"]
    assert press(wc, "孙七", "rate:1:1") == ["这个活您没参与，不能打分。"]
    assert press(wc, "王老板", "wage:1:unpaid") == ["这是问干活的人的，您不用回答。"]
    assert checks(wc) == [("李四", "asked"), ("赵六", "asked")] and ratings(wc) == []


def test_answers_in_a_group_are_just_talk(wc: Conversation) -> None:
    wc.say(EVENING)
    out = wc.say("李四@青天村群: 还没结\n李四@青天村群: 5星")
    assert out == []
    assert checks(wc) == [("李四", "asked"), ("赵六", "asked")] and ratings(wc) == []


def test_absent_worker_is_not_asked_to_rate(wc: Conversation) -> None:
    wc.say(EVENING)
    out = wc.say("李四 [没去成]")
    assert to(out, "李四") == ["好的，记下了：王老板的搬运活您没去成。这次不用打分。"]
    assert press(wc, "李四", "rate:1:5") == ["没去成的活不用打分。"]
    # nor does the employer rate a worker who did not go
    assert press(wc, "王老板", "rate:1:1") == ["这位工人说没去成，不用打分。"]
    assert ratings(wc) == []
    with wc.session() as s:
        from storage.models import Person
        assert s.exec(select(Person).where(Person.name == "李四")).one().no_shows == 0


def test_unpaid_opens_exactly_one_case_and_follows_it_up(wc: Conversation) -> None:
    wc.say(EVENING)
    out = wc.say("李四: 还没结")
    assert "欠薪编号【1】" in to(out, "李四")[0]
    out = wc.say("李四 [还没结]")  # again: still one case
    assert "正在跟进" in to(out, "李四")[0]
    assert checks(wc) == [("李四", "unpaid"), ("赵六", "asked")]
    # The next morning the employer is reminded kindly, never told who said it.
    out = wc.say("@now 2026-11-28 10:05")
    boss = to(out, "王老板")
    assert len(boss) == 1 and "工钱还没结清" in boss[0]
    assert "李四" not in boss[0] and "13900000001" not in boss[0]
    assert to(out, "陈干事") == []
    # 日结: past the 28th, the officer of the place hears, with both phones, privately.
    out = wc.say("@now 2026-11-29 10:05")
    officer = to(out, "陈干事")
    assert len(officer) == 1 and "欠薪跟进【1】" in officer[0]
    assert "13900000001" in officer[0] and "13812345678" in officer[0]
    assert to(out, "松柏干事") == [] and to(out, "李主任") == []  # nearest officers only
    assert all("欠薪" not in m for m in to(out, "青天村群"))
    with wc.session() as s:
        reasons = [r.reason for r in s.exec(select(PhoneReveal)) if r.reason == "wage_case"]
    assert len(reasons) == 2
    # Nothing more the day after.
    out = wc.say("@now 2026-11-30 10:05")
    assert to(out, "陈干事") == [] and to(out, "王老板") == []
    # 结清了 closes it; the officer is told.
    out = wc.say("李四: 结清了")
    assert "了结" in to(out, "李四")[0]
    assert "已结清" in to(out, "陈干事")[0]
    assert checks(wc)[0] == ("李四", "paid")
    with wc.session() as s:
        steps = [e.status for e in s.exec(select(CaseEvent).order_by(col(CaseEvent.id)))]
    assert steps == ["unpaid", "reminded", "escalated", "paid"]


def test_monthly_settlement_waits_for_the_month_end() -> None:
    c = Conversation()
    c.say("""
    @group 青天村群 青天村
    @officer 陈干事 木鱼镇
    王老板: 你好
    王老板@青天村群: 明天要1个搬运工 150一天 月结 电话13812345678
    李四@青天村群^: 我去
    @now 2026-11-27 19:05
    李四: 还没结
    @now 2026-11-30 10:05
    """)
    out = c.say("@now 2026-11-30 10:30")
    assert to(out, "陈干事") == []
    out = c.say("@now 2026-12-01 10:05")
    assert "欠薪跟进" in to(out, "陈干事")[0] and "月结" in to(out, "陈干事")[0]
    c.close()


def test_officer_records_an_advance_only_in_their_area(wc: Conversation) -> None:
    wc.say(EVENING + "\n李四: 还没结")
    out = wc.say("松柏干事: 已垫付 1")
    assert "不在您负责的片区" in to(out, "松柏干事")[0]
    out = wc.say("孙七: 已垫付 1")
    assert "只有信息员" in to(out, "孙七")[0]
    assert checks(wc)[0] == ("李四", "unpaid")
    out = wc.say("陈干事: 欠薪")
    assert "【1】李四" in to(out, "陈干事")[0]
    out = wc.say("陈干事: 已垫付 1")
    assert "先行垫付" in to(out, "陈干事")[0] and "先行垫付" in to(out, "李四")[0]
    assert checks(wc)[0] == ("李四", "advanced")
    out = wc.say("陈干事: 已垫付 1")
    assert "不用记垫付" in to(out, "陈干事")[0]
    out = wc.say("陈干事: 欠薪")
    assert "没有没结的欠薪" in to(out, "陈干事")[0]


def test_records_beside_claimers_and_on_cards() -> None:
    c = Conversation()
    c.say("""
    @group 青天村群 青天村
    王老板: 你好
    王老板@青天村群: 明天要1个搬运工 150一天 日结 电话13812345678
    """)
    out = c.say("李四@青天村群^: 我去")
    assert to(out, "王老板")[0].startswith("李四（新人） 报名了您的招工")
    c.say("@now 2026-11-27 19:05\n李四: 结清了\n李四: 5星\n王老板: 4星")
    out = c.say("王老板@青天村群: 后天要1个搬运工 150一天 日结 电话13812345678")
    card = to(out, "青天村群")[0]
    assert "老板：新人 · 用工1次 · 按时结清 1/1" in card  # one rating: 新人, not 5.0
    out = c.say("李四@青天村群^: 我去")
    assert to(out, "王老板")[0].startswith("李四（新人 · 做过1次） 报名了您的招工")
    c.close()


def test_low_ratings_never_show_with_few_of_them() -> None:
    from handlers import records
    from storage.models import Person
    c = Conversation()
    c.say("""
    @group 青天村群 青天村
    王老板: 你好
    王老板@青天村群: 明天要1个搬运工 150一天 日结 电话13812345678
    李四@青天村群^: 我去
    @now 2026-11-27 19:05
    李四: 还没结
    李四: 1星
    """)
    with c.session() as s:
        boss = s.exec(select(Person).where(Person.name == "王老板")).one()
        assert boss.id is not None
        line = records.employer_line(s, boss.id)
    assert line == "新人 · 用工1次 · 按时结清 0/1" and "★" not in line
    c.close()


def three_paid_days(c: Conversation) -> None:
    """王老板 hires 李四 and 赵六 in 青天村群 three days running: paid each day, 5 stars each."""
    for day in (27, 28, 29):
        c.say(f"""
        @now 2026-11-{day - 1} 20:00
        王老板@青天村群: 明天要2个搬运工 150一天 日结 电话13812345678
        李四@青天村群^: 我去
        赵六@青天村群^: 我去
        @now 2026-11-{day} 19:05
        李四: 结清了
        赵六: 结清了
        王老板 [5星]
        王老板: 5星
        """)


def test_honour_roll_names_only_consenting_reliable_people() -> None:
    c = Conversation()
    c.say("""
    @group 青天村群 青天村
    王老板: 你好
    李四: 你好
    赵六: 你好
    """)
    three_paid_days(c)
    c.say("李四: 上榜")  # 赵六 does not consent
    out = to(c.say("王老板@青天村群: 荣誉榜"), "青天村群")[0]
    assert out.startswith("【木鱼镇荣誉榜】")
    assert "👷 李四（★5.0 · 做过3次）" in out and "赵六" not in out
    assert "王老板" not in out  # always paid, but never said 上榜
    c.say("王老板: 上榜")
    monthly = to(c.say("@now 2026-12-01 09:05"), "青天村群")
    roll = [m for m in monthly if m.startswith("【木鱼镇荣誉榜】")]
    assert len(roll) == 1 and "🤝 王老板（新人 · 用工3次 · 按时结清 6/6）" in roll[0]
    assert "138" not in roll[0]
    c.say("李四: 不上榜")
    assert "李四" not in to(c.say("王老板@青天村群: 荣誉榜"), "青天村群")[0]
    c.close()


@pytest.mark.parametrize(("text", "verdict"), [
    ("结清了 今天上午给了", "paid"),
    ("还没结 老板说月底", "unpaid"),
    ("没去成 下雨了", "absent"),
    # look-alikes: the remark takes it back, or it is a question
    ("结清了 还差100没给", None),
    ("结清了吗", None),
    ("结了一半 还差两百", None),
    ("结清了吗 老板", None),
])
def test_a_wage_answer_with_a_remark_after_it(text: str, verdict: str | None) -> None:
    assert aftercare._verdict(text) == verdict
