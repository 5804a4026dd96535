"""A person's own data: 「我的信息」, 「导出我的信息」, 「删除我的信息」 (asked once, with a
button), the consent line on first claiming or subscribing, and forgetting old messages on the
clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, col, select

from bot.adapters.console import dm_chat_id
from bot.config import Settings
from bot.message import Chat, ChatKind, Message, User
from handlers import schedule, stats
from storage import privacy
from storage.models import (
    Claim,
    Identity,
    InboundMessage,
    Job,
    Officer,
    OutboxMessage,
    Pending,
    Person,
    PhoneReveal,
    Post,
    Subscription,
)
from tests.conversation import Conversation, to

PHONE = "13900001111"
NAME = "赵铁柱"
POST = "大后天要1个采茶工 100一天 木鱼镇青天村 电话13900001111"
CHATTER = "我是赵铁柱，家住青天村三组，有事打我电话"
SCAM = "后天要2个搬运工 先交押金200 150一天 木鱼镇青天村"  # held: officers get a copy

LIFE = f"""
@group 青天村群 青天村
@officer 李主任
{NAME}: 你好
{NAME}: 电话{PHONE}
{NAME}: 订阅 搬运 木鱼镇
王老板: 你好
王老板@青天村群: 明天要2个搬运工 150一天 电话13812345678
{NAME} [报名]
刘大姐: 你好
刘大姐@青天村群: 今天要1个小工 120一天 电话13700002222
{NAME}@青天村群^: 我去
@wait 1d
孙七: 你好
李主任: 设为信息员 @{NAME} 青天村
{NAME}@青天村群: {POST}
孙七@青天村群^: 报名
{NAME}@青天村群: {CHATTER}
@wait 1h
"""


@pytest.fixture
def pc() -> Iterator[Conversation]:
    conv = Conversation()
    yield conv
    conv.close()


def person_id(conv: Conversation, name: str = NAME) -> int:
    with conv.session() as s:
        ident = s.get(Identity, f"console:{name}")
        assert ident is not None
        return ident.person_id


def scan(engine: Engine, needles: list[str]) -> list[str]:
    """Every value of every column of every table (the scheduler's and alembic's too) that
    holds one of ``needles``."""
    found = []
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            quoted = conn.dialect.identifier_preparer.quote(table)
            for row in conn.execute(text(f"SELECT * FROM {quoted}")).mappings():
                for column, value in row.items():
                    if value is None:
                        continue
                    shown = (value.decode("utf-8", "replace")
                             if isinstance(value, bytes | bytearray) else str(value))
                    found += [f"{table}.{column}: {shown[:120]!r}" for n in needles if n in shown]
    return found


def stats_text(conv: Conversation) -> str:
    return stats.stats_command(conv.app.engine, today=conv.clock.now().date(),
                               gazetteer=conv.app.gazetteer)


# --------------------------------------------------------------------------- every table


def test_every_column_of_every_table_has_a_privacy_rule() -> None:
    assert privacy.unclassified() == []


def test_a_table_or_column_added_without_a_rule_is_caught() -> None:
    md = MetaData()
    for table in SQLModel.metadata.sorted_tables:
        table.to_metadata(md)
    assert privacy.unclassified(md) == []
    Table("wagecase", md, Column("id", Integer, primary_key=True), Column("note", String))
    md.tables["person"].append_column(Column("wechat_id", String))
    assert privacy.unclassified(md) == ["person.wechat_id", "wagecase.id", "wagecase.note"]


def test_erasing_refuses_to_run_while_a_column_has_no_rule(
        pc: Conversation, monkeypatch: pytest.MonkeyPatch) -> None:
    pc.say(f"{NAME}: 电话{PHONE}")
    monkeypatch.setitem(privacy.RULES, "push", privacy.Rule(keep=("job_id",),
                                                            person=("person_id",)))
    with pc.session() as s, pytest.raises(RuntimeError, match=r"push\.created_at"):
        privacy.erase_person(s, privacy.who(s, person_id(pc)))


# --------------------------------------------------------------------------- erasing


def test_erasing_leaves_no_phone_name_or_words_and_the_stats_unchanged(pc: Conversation
                                                                       ) -> None:
    pc.say(LIFE)
    held = pc.say(f"{NAME}@青天村群: {SCAM}")
    assert any(SCAM in m for m in to(held, "李主任"))
    # A reply to what they said tells their wish in other words: it is theirs too.
    wish = "焊工 · 红坪镇"
    assert any(wish in m for m in to(pc.say(f"{NAME}@青天村群: 订阅 焊工 红坪镇"), "青天村群"))
    who = person_id(pc)
    before = stats_text(pc)
    with pc.session() as s:
        said = len(list(s.exec(select(InboundMessage).where(
            InboundMessage.sender_id == f"console:{NAME}"))))
    pc.say(f"{NAME}: 删除我的信息")
    out = pc.say(f"{NAME} [确认删除]")
    # Everyone it touched is told, in words without the person in them.
    assert to(out, "王老板") == ["已注销用户 取消了报名（已报 0/2）\n  电话：（已删除）\n"
                                "  搬运工 2人 · 今天 11月27日 周五 · 木鱼镇青天村"]
    assert to(out, "孙七") == [
        "老板取消了这个活，不用去了：\n  采茶工 1人 · 11月30日 周一 · 木鱼镇青天村"]
    assert to(out, "李主任") == [
        "您设的木鱼镇青天村信息员删除了自己的信息，信息员身份已结束。"
        "需要的话请另设一位：「设为信息员 @名字 木鱼镇青天村」。"]
    [farewell] = to(out, NAME)
    assert farewell.startswith("已删除。") and "正在报名的1个活已替您取消" in farewell
    assert "在招的2个活已撤下" in farewell and "信息员身份已结束" in farewell
    assert any(m.startswith("✎ 青天村群: 【招工】采茶工") and "✖ 已取消" in m for m in out)

    assert scan(pc.app.engine, [PHONE, privacy.mask(PHONE), NAME, POST, CHATTER, SCAM,
                                f"电话{PHONE}", wish]) == []
    assert stats_text(pc) == before
    with pc.session() as s:
        person = s.get(Person, who)
        assert person is not None and person.name == privacy.ERASED_NAME
        assert person.phone is None and person.region_code is None
        for table in (Identity, Subscription, Officer, Pending):
            assert not list(s.exec(select(table).where(table.person_id == who))), table
        claims = {c.status for c in s.exec(select(Claim).where(Claim.person_id == who))}
        assert claims == {"cancelled", "confirmed"}  # the open one withdrawn, the past one kept
        assert {p.text for p in s.exec(select(Post).where(Post.poster_id == who))} == {""}
        own = list(s.exec(select(Job).where(Job.poster_id == who)))
        assert {j.status for j in own} == {"cancelled"}
        assert {(j.phone, j.dedupe_key, j.contact) for j in own} == {(None, None, None)}
        mine = list(s.exec(select(InboundMessage).where(
            col(InboundMessage.sender_id) == f"console:erased-{who}")))
        # counted, not readable: what they said before, the question and the answer
        assert len(mine) == said + 2 and {m.text for m in mine} == {""}
        assert not list(s.exec(select(OutboxMessage).where(
            col(OutboxMessage.status) == "pending")))


def test_erasing_a_confirmed_worker_moves_the_waitlist_up_and_tells_the_employer(
        pc: Conversation) -> None:
    pc.say(f"""
        @group 青天村群 青天村
        刘大姐: 你好
        刘大姐@青天村群: 后天要1个小工 120一天 电话13700002222
        {NAME}: 你好
        {NAME}@青天村群^: 我去
        孙七: 你好
        孙七@青天村群^: 我去
        {NAME}: 删除我的信息
        """)
    out = pc.say(f"{NAME} [确认删除]")
    assert to(out, "孙七")[0].startswith("候补补上了！报名成功：小工 1人")
    assert to(out, "刘大姐") == [
        "已注销用户 取消了报名（已报 0/1）\n  没留电话，可在群里找他\n"
        "  小工 1人 · 后天 11月28日 周六 · 木鱼镇青天村",
        "孙七 从候补补上了（已报 1/1）\n  没留电话，可在群里找他\n"
        "  小工 1人 · 后天 11月28日 周六 · 木鱼镇青天村\n  [孙七没来]"]
    assert any(m.startswith("✎ 青天村群: 【招工】小工") and "已招满" in m for m in out)
    [job] = pc.jobs()
    assert [(c["person"], c["status"]) for c in job["claims"]] == [
        (privacy.ERASED_NAME, "cancelled"), ("孙七", "confirmed")]


def test_what_waits_for_quiet_hours_is_never_sent_to_someone_erased(pc: Conversation
                                                                     ) -> None:
    pc.say(f"""
        @group 青天村群 青天村
        {NAME}: 订阅 搬运 木鱼镇
        @now 2026-11-26 22:00
        王老板@青天村群: 明天要2个搬运工 150一天 电话13812345678
        {NAME}: 删除我的信息
        """)
    with pc.session() as s:
        [push] = s.exec(select(OutboxMessage).where(OutboxMessage.kind == "push"))
        assert push.status == "pending"  # held until 07:00
    pc.say(f"{NAME} [确认删除]")
    out = pc.say("@now 2026-11-27 08:00")
    assert not [m for m in out if "erased" in m or "有个活适合您" in m]
    with pc.session() as s:
        row = s.get(OutboxMessage, push.id)
        assert row is not None and row.status == "dead" and row.text == ""


def test_an_erased_officers_villagers_go_to_the_officer_who_appointed_them(
        pc: Conversation) -> None:
    pc.say(f"""
        @group 青天村群 青天村
        @officer 李主任
        {NAME}@青天村群: 大家好
        李主任: 设为信息员 @{NAME} 青天村
        {NAME}: 代 王大爷 订阅 搬运
        {NAME}: 删除我的信息
        """)
    out = pc.say(f"{NAME}: 确认删除")
    [told] = to(out, "李主任")
    assert "他代管的1位村民（王大爷）改由您代管" in told
    with pc.session() as s:
        [villager] = s.exec(select(Person).where(Person.name == "王大爷"))
        assert villager.managed_by == person_id(pc, "李主任")
    assert scan(pc.app.engine, [NAME]) == []


# --------------------------------------------------------------------------- the question


def test_the_erase_question_takes_only_its_answer(pc: Conversation) -> None:
    pc.say(f"""
        {NAME}: 电话{PHONE}
        {NAME}: 订阅 搬运 木鱼镇
        """)
    [asked] = to(pc.say(f"{NAME}: 删除我的信息"), NAME)
    assert asked.startswith("删除后不能恢复") and "[确认删除] [不删了]" in asked
    # Anything else is handled as itself, and the question stays.
    assert to(pc.say(f"{NAME}: 我的订阅"), NAME)[0].startswith("您订阅的：")
    assert to(pc.say(f"{NAME}: 我的报名"), NAME) == ["您现在没有报名的活。有合适的活会私信告诉您。"]
    with pc.session() as s:
        assert s.get(Person, person_id(pc)) is not None
    [done] = to(pc.say(f"{NAME}: 确认删除"), NAME)
    assert done.startswith("已删除。")


def test_not_deleting_and_the_look_alikes_change_nothing(pc: Conversation) -> None:
    pc.say(f"{NAME}: 电话{PHONE}")
    pc.say(f"{NAME}: 删除我的信息")
    assert to(pc.say(f"{NAME}: 算了"), NAME) == ["好的，不删了，您的信息都还在。"]
    assert to(pc.say(f"{NAME}: 确认删除"), NAME) == ["要删除您的信息，请先发「删除我的信息」。"]
    pc.say(f"{NAME}: 删除我的信息")
    assert to(pc.say(f"{NAME} [不删了]"), NAME) == ["好的，不删了，您的信息都还在。"]
    for said in ("删除", "帮我删除这条信息", "我的信息员是谁", "删除我的信息吗怎么删", "确认"):
        replies = to(pc.say(f"{NAME}: {said}"), NAME)
        acted = ("删除后不能恢复", "已删除", "零工驿站存着")
        assert not any(r.startswith(acted) for r in replies), said
    out = pc.say(f"""
        @group 青天村群 青天村
        {NAME}@青天村群: 删除我的信息
        """)
    assert to(out, "青天村群") == [
        "个人信息只在私聊里看和删：请私聊我发「我的信息」「导出我的信息」或「删除我的信息」。"]
    with pc.session() as s:
        person = s.get(Person, person_id(pc))
        assert person is not None and person.phone == PHONE
        assert not list(s.exec(select(Pending).where(Pending.kind == "erase",
                                                     col(Pending.closed).is_(False))))


def test_cancel_answers_the_question_while_it_is_fresh_then_withdraws_again(
        pc: Conversation) -> None:
    pc.say(f"""
        @group 青天村群 青天村
        刘大姐: 你好
        刘大姐@青天村群: 后天要2个小工 120一天 电话13700002222
        {NAME}: 你好
        {NAME}@青天村群^: 我去
        {NAME}: 删除我的信息
        """)
    assert to(pc.say(f"{NAME}: 取消"), NAME) == ["好的，不删了，您的信息都还在。"]
    [job] = pc.jobs()
    assert job["claims"][0]["status"] == "confirmed"  # 取消 did not withdraw the claim
    pc.say(f"{NAME}: 删除我的信息")
    out = pc.say(f"""
        @wait 11m
        {NAME}: 取消
        """)
    assert to(out, NAME)[0].startswith("已取消报名")
    assert to(pc.say(f"{NAME}: 确认删除"), NAME) == [
        "删除的确认已过期（10分钟内有效），什么都没删。要删除请重新发「删除我的信息」。"]
    with pc.session() as s:
        assert s.get(Identity, f"console:{NAME}") is not None


def test_a_newer_question_takes_its_own_answer_first(pc: Conversation) -> None:
    pc.say(f"""
        {NAME}: 你好
        {NAME}: 删除我的信息
        {NAME}: 明天要3个搬运工 木鱼镇青天村 电话13812345678
        """)
    # The bot now waits for the draft's wage: 取消 is the draft's answer, not the erasure's.
    assert to(pc.say(f"{NAME}: 取消"), NAME)[0].startswith("已撤下")
    assert to(pc.say(f"{NAME}: 确认删除"), NAME)[0].startswith("已删除。")


def test_every_form_of_the_commands_works(pc: Conversation) -> None:
    pc.say(f"{NAME}: 电话{PHONE}")
    assert to(pc.say(f"{NAME}: 我的資訊"), NAME)[0].startswith("零工驿站存着的您的信息")
    assert to(pc.say(f"{NAME}: 我的信息！"), NAME)[0].startswith("零工驿站存着的您的信息")
    assert to(pc.say(f"{NAME}: 導出我的信息"), NAME)[0].startswith("这是零工驿站存着的")
    assert to(pc.say(f"{NAME}: 刪除我的資訊"), NAME)[0].startswith("删除后不能恢复")
    assert to(pc.say(f"{NAME}: 確認刪除"), NAME)[0].startswith("已删除。")


def test_only_the_asker_can_press_the_button_and_only_once(pc: Conversation) -> None:
    pc.say(f"{NAME}: 删除我的信息")
    with pc.session() as s:
        [pending] = s.exec(select(Pending).where(Pending.kind == "erase"))
    # Someone else presses it (a forged callback: the button is in the asker's private chat).
    stranger = Message(id=pc.console.new_id("m"), chat=Chat(dm_chat_id("孙七"), ChatKind.PRIVATE),
                       sender=User("console:孙七", "孙七"), date=pc.clock.now(),
                       button_data=f"erase:{pending.id}", content_kind="button")
    pc.app.dispatcher.handle(stranger)
    assert to(pc.say("@wait 1s"), "孙七") == ["要删除您的信息，请先发「删除我的信息」。"]
    with pc.session() as s:
        assert s.get(Identity, f"console:{NAME}") is not None
    assert to(pc.say(f"{NAME} [确认删除]"), NAME)[0].startswith("已删除。")
    with pc.session() as s:
        assert s.get(Pending, pending.id) is None  # the erasure took their questions with it
    again = Message(id=pc.console.new_id("m"), chat=Chat(dm_chat_id(NAME), ChatKind.PRIVATE),
                    sender=User(f"console:{NAME}", NAME), date=pc.clock.now(),
                    button_data=f"erase:{pending.id}", content_kind="button")
    pc.app.dispatcher.handle(again)  # pressed again: they are someone new now
    assert to(pc.say("@wait 1s"), NAME) == ["要删除您的信息，请先发「删除我的信息」。"]


# --------------------------------------------------------------------------- seeing it


def test_my_information_lists_what_is_kept_and_who_saw_the_phone(pc: Conversation) -> None:
    pc.say(LIFE)
    [shown] = to(pc.say(f"{NAME}: 我的信息"), NAME)
    assert f"· 名字：{NAME}" in shown and f"· 电话：{PHONE}" in shown
    assert "· 账号：终端" in shown and "· 订阅：搬运工 · 木鱼镇" in shown
    assert "· 报名：共2次，正在报的：搬运工 2人" in shown
    assert "· 发的招工：1条（在招1个）" in shown and "· 信息员：木鱼镇青天村" in shown
    assert "王老板（您报名了他的招工：搬运工 2人" in shown
    assert "刘大姐（您报名了他的招工：小工 1人" in shown
    assert "孙七（报名了您的招工：采茶工 1人" in shown
    assert "文字保存180天" in shown


def test_export_sends_everything_as_a_file_or_as_text(pc: Conversation) -> None:
    pc.say(LIFE)
    out = to(pc.say(f"{NAME}: 导出我的信息"), NAME)
    assert out[0] == "这是零工驿站存着的您的全部信息，请自己收好，别转给别人。"
    exported = out[1]
    for part in ("【基本】", f"电话：{PHONE}", "【账号】", "终端：" + NAME, "【订阅】",
                 "【报名】共2次", "（1人，已报上）", "【发的招工】共1条", POST, "【信息员】",
                 "【谁看过您的电话】共3次", "【您发给我的消息】共", CHATTER):
        assert part in exported, part
    with pc.session() as s:
        [row] = s.exec(select(OutboxMessage).where(col(OutboxMessage.attachment).is_not(None)))
        # the console cannot take files: it got the text; the copy is not kept once sent
        assert row.attachment is not None and row.attachment.endswith(".txt")
        assert row.status == "sent" and row.text == ""


def test_my_information_in_a_group_points_to_the_private_chat(pc: Conversation) -> None:
    out = pc.say(f"""
        @group 青天村群 青天村
        {NAME}@青天村群: 我的信息
        {NAME}@青天村群: 我的信息发错了
        """)
    assert to(out, "青天村群") == [
        "个人信息只在私聊里看和删：请私聊我发「我的信息」「导出我的信息」或「删除我的信息」。"]


# --------------------------------------------------------------------------- consent


def test_the_first_claim_or_subscription_says_who_sees_the_phone_once(pc: Conversation
                                                                      ) -> None:
    out = pc.say(f"""
        @group 青天村群 青天村
        {NAME}: 订阅 搬运 木鱼镇
        {NAME}: 订阅 装卸 松柏镇
        """)
    first, second = to(out, NAME)
    assert first.endswith(privacy_line()) and privacy_line() not in second
    out = pc.say("""
        刘大姐: 你好
        刘大姐@青天村群: 后天要2个小工 120一天 电话13700002222
        孙七@青天村群^: 我去
        孙七: 你好
        """)
    assert not any(privacy_line() in m for m in to(out, "孙七"))  # not reachable yet: waits
    out = pc.say("""
        刘大姐@青天村群: 大后天要1个搬运工 150一天 电话13700002222
        孙七@青天村群^: 我去
        """)
    [confirmed] = [m for m in to(out, "孙七") if m.startswith("报名成功")]
    assert privacy_line() in confirmed
    out = pc.say("""
        刘大姐@青天村群: 大后天要1个保洁员 100一天 电话13700002222
        孙七@青天村群^: 我去
        """)
    assert not any(privacy_line() in m for m in to(out, "孙七"))


def privacy_line() -> str:
    from handlers.privacy import CONSENT

    return CONSENT


def test_a_proxy_claim_tells_no_one_about_consent(pc: Conversation) -> None:
    out = pc.say("""
        @group 青天村群 青天村
        @officer 李主任 青天村
        刘大姐: 你好
        刘大姐@青天村群: 后天要2个小工 120一天 电话13700002222
        李主任@青天村群^: 代 王大爷 报名
        """)
    assert not any(privacy_line() in m for m in out)


# --------------------------------------------------------------------------- on the clock


def test_old_messages_and_reveals_are_forgotten_on_the_clock() -> None:
    settings = Settings()
    settings.privacy.keep_messages_days = 2
    settings.privacy.keep_reveals_days = 3
    conv = Conversation(settings=settings)
    try:
        conv.say(f"""
            @group 青天村群 青天村
            刘大姐: 你好
            刘大姐@青天村群: 今天要1个小工 120一天 电话13700002222
            {NAME}: 你好
            {NAME}@青天村群^: 我去
            刘大姐@青天村群: 12月20号要3个采茶工 100一天 电话13700002222 木鱼镇青天村
            {NAME}@青天村群: 今天天气好
            """)
        assert schedule.RETENTION_JOB in conv.app.scheduler.job_ids()
        conv.say("@wait 1d")
        conv.say(f"{NAME}@青天村群: 明天下雨")
        with conv.session() as s:
            received = len(list(s.exec(select(InboundMessage))))
            reveals = len(list(s.exec(select(PhoneReveal))))
        assert reveals == 1
        conv.say("@wait 1d")
        with conv.session() as s:  # two days later at 03:30: nothing is older than 2 days
            assert "今天天气好" in {m.text for m in s.exec(select(InboundMessage))}
        conv.say("@wait 1d")
        with conv.session() as s:
            texts = {m.text for m in s.exec(select(InboundMessage))}
            assert "今天天气好" not in texts and "明天下雨" in texts
            assert len(list(s.exec(select(InboundMessage)))) == received  # the count stays
            posts = {p.text for p in s.exec(select(Post))}
            assert "今天要1个小工 120一天 电话13700002222" not in posts  # its job is over
            assert any(p.startswith("12月20号要3个采茶工") for p in posts)  # still open: kept
            assert len(list(s.exec(select(PhoneReveal)))) == reveals
        conv.say("@wait 2d")
        with conv.session() as s:
            assert list(s.exec(select(PhoneReveal))) == []
            assert "明天下雨" not in {m.text for m in s.exec(select(InboundMessage))}
            assert len(list(s.exec(select(Claim)))) == 1  # job records stay
    finally:
        conv.close()
