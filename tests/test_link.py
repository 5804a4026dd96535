"""One person on two platforms: 「绑定手机」, a code sent to the other account, the merge.

The console stands in for platform A; the other platform's account is a ``telegram:…`` identity
made with storage, so the code is an outbox row for that Telegram chat."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Table
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from bot.router import Router
from handlers import build_router
from handlers import link as link_handlers
from storage import jobs as store
from storage import link, people
from storage.db import make_engine, transaction, upgrade
from storage.models import (
    Claim,
    Identity,
    Job,
    OutboxMessage,
    Pending,
    Person,
    PhoneReveal,
    Post,
    Push,
    Region,
    Subscription,
)
from tests.conversation import Conversation, to

PHONE = "13812345678"
TG = "telegram:555"
SETUP = """
@group 青天村群 青天村
"""


def with_link_router(chat: Conversation) -> Conversation:
    """The bot's router, with the link router in front if the lead has not included it yet."""
    root = build_router()
    if link_handlers.router not in list(root._walk_routers()):
        wrapped = Router("test-root")
        wrapped.include(link_handlers.router, root)
        root = wrapped
    chat.app.dispatcher.router = root
    return chat


@pytest.fixture
def lc() -> Iterator[Conversation]:
    conv = with_link_router(Conversation())
    conv.say(SETUP)
    yield conv
    conv.close()


def telegram_person(chat: Conversation, name: str = "老王", phone: str | None = PHONE,
                    ident: str = TG, private: bool = True) -> int:
    with transaction(chat.app.engine) as s:
        person = people.person_for(s, ident, name, ident if private else None)
        person.phone = phone
        s.add(person)
        assert person.id is not None
        return person.id


def sent_to(chat: Conversation, chat_id: str) -> list[str]:
    with chat.session() as s:
        return [r.text for r in s.exec(select(OutboxMessage).where(
            OutboxMessage.chat_id == chat_id).order_by(col(OutboxMessage.id)))]


def code_sent(chat: Conversation, chat_id: str = TG) -> str:
    texts = [t for t in sent_to(chat, chat_id) if "验证码是" in t]
    assert texts, f"no code went to {chat_id}"
    found = re.search(r"\d{6}", texts[-1])
    assert found is not None
    return found.group(0)


def person_of(chat: Conversation, identity: str) -> int:
    with chat.session() as s:
        ident = s.get(Identity, identity)
        assert ident is not None
        return ident.person_id


def count_people(chat: Conversation) -> int:
    with chat.session() as s:
        return len(list(s.exec(select(Person))))


# --------------------------------------------------------------------------- the happy path


def test_code_goes_to_the_other_platform_and_links_both(lc: Conversation) -> None:
    tg = telegram_person(lc)
    out = lc.say(f"老王: 绑定手机 {PHONE}")
    assert to(out, "老王") == ["验证码已发到您的Telegram，请在这里回复（10分钟内有效）。"]
    [code_text] = sent_to(lc, TG)
    assert "您的验证码是" in code_text and "不是您本人操作请忽略" in code_text
    assert person_of(lc, "console:老王") != tg  # nothing changes before the code comes back

    out = lc.say(f"老王: {code_sent(lc)}")
    assert to(out, "老王")[0].startswith("已关联")
    assert sent_to(lc, TG)[-1].startswith("已关联")  # the other account is told too
    assert person_of(lc, "console:老王") == tg == person_of(lc, TG)
    with lc.session() as s:
        kept = s.get(Person, tg)
        assert kept is not None and kept.phone == PHONE
        assert sorted(people.private_chats(s, tg)) == ["console:dm:老王", TG]
    assert count_people(lc) == 1


def test_asking_again_after_linking(lc: Conversation) -> None:
    telegram_person(lc)
    lc.say(f"老王: 绑定手机 {PHONE}")
    lc.say(f"老王: {code_sent(lc)}")
    assert to(lc.say(f"老王: 绑定手机 {PHONE}"), "老王") == [link_handlers.ALREADY]


def test_guan_lian_and_a_code_said_with_words(lc: Conversation) -> None:
    telegram_person(lc)
    lc.say(f"老王: 关联 {PHONE}")
    out = lc.say(f"老王: 验证码：{code_sent(lc)}")
    assert to(out, "老王")[0].startswith("已关联")


def test_the_newer_person_merges_into_the_older(lc: Conversation) -> None:
    lc.say("老王: 你好")  # the console person first: they are the older one
    console = person_of(lc, "console:老王")
    telegram_person(lc)
    lc.say(f"老王: 绑定手机 {PHONE}")
    lc.say(f"老王: {code_sent(lc)}")
    assert person_of(lc, TG) == console
    assert count_people(lc) == 1


def test_phone_said_plainly_links_when_another_platform_has_it(lc: Conversation) -> None:
    telegram_person(lc)
    out = lc.say(f"老王: 电话{PHONE}")
    assert "验证码已发到您的Telegram" in to(out, "老王")[0]
    assert code_sent(lc)


# --------------------------------------------------------------------------- nobody else has it


def test_a_phone_nobody_has_is_just_recorded(lc: Conversation) -> None:
    out = lc.say(f"老王: 绑定手机 {PHONE}")
    assert to(out, "老王")[0].startswith("已记下您的电话 138****5678")
    with lc.session() as s:
        assert s.get(Person, person_of(lc, "console:老王")).phone == PHONE  # type: ignore[union-attr]
        assert not list(s.exec(select(Pending).where(Pending.kind == "link_code")))


def test_plain_phone_without_another_holder_is_still_the_subscription_note(
        lc: Conversation) -> None:
    out = lc.say(f"老王: 电话{PHONE}")
    assert to(out, "老王")[0].startswith("记下了，您的电话 138****5678")


def test_the_same_platform_is_not_linked_and_the_phone_is_not_taken(lc: Conversation) -> None:
    lc.say(f"老李: 绑定手机 {PHONE}")
    out = lc.say(f"老王: 绑定手机 {PHONE}")
    assert to(out, "老王")[0].startswith("这个号码已经登记在别人名下，没有记到您这里")
    assert to(out, "老李") == ["提醒：刚才有人（老王）想把您的电话 138****5678 登记成他的，"
                              "没有登记上。不是您本人在另一个账号上操作的话，请留意；有问题找信息员。"]
    assert count_people(lc) == 2
    with lc.session() as s:
        assert s.get(Person, person_of(lc, "console:老王")).phone is None  # type: ignore[union-attr]
        assert s.get(Person, person_of(lc, "console:老李")).phone == PHONE  # type: ignore[union-attr]


# --------------------------------------------------------------------------- refusals


def test_wrong_code_three_times_voids_it_and_changes_nothing(lc: Conversation) -> None:
    tg = telegram_person(lc)
    lc.say(f"老王: 绑定手机 {PHONE}")
    code = code_sent(lc)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert to(lc.say(f"老王: {wrong}"), "老王") == ["验证码不对，还能再试2次。"]
    assert to(lc.say(f"老王: {wrong}"), "老王") == ["验证码不对，还能再试1次。"]
    out = to(lc.say(f"老王: {wrong}"), "老王")
    assert out[0].startswith("验证码错了3次，已作废，账号没有关联")
    out = to(lc.say(f"老王: {code}"), "老王")  # too late: the code is gone
    assert not any("已关联" in m for m in out)
    assert person_of(lc, "console:老王") != tg and count_people(lc) == 2


def test_expired_code_changes_nothing(lc: Conversation) -> None:
    tg = telegram_person(lc)
    lc.say(f"老王: 绑定手机 {PHONE}")
    code = code_sent(lc)
    out = to(lc.say(f"@wait 11m\n老王: {code}"), "老王")
    assert out == [link_handlers.EXPIRED.format(phone=PHONE)]
    assert out[0].startswith("验证码已过期")
    assert person_of(lc, "console:老王") != tg


def test_a_new_request_replaces_the_old_code(lc: Conversation) -> None:
    telegram_person(lc)
    lc.say(f"老王: 绑定手机 {PHONE}")
    first = code_sent(lc)
    lc.say(f"老王: 绑定手机 {PHONE}")
    second = code_sent(lc)
    with lc.session() as s:
        open_ = list(s.exec(select(Pending).where(Pending.kind == "link_code",
                                                  col(Pending.closed).is_(False))))
    assert len(open_) == 1
    if first != second:
        assert "不对" in to(lc.say(f"老王: {first}"), "老王")[0]
    assert to(lc.say(f"老王: {second}"), "老王")[0].startswith("已关联")


def test_codes_are_limited_per_hour(lc: Conversation) -> None:
    telegram_person(lc)
    for _ in range(3):
        lc.say(f"老王: 绑定手机 {PHONE}")
    assert to(lc.say(f"老王: 绑定手机 {PHONE}"), "老王") == ["验证码发得太多了，请过一小时再试。"]
    assert len([t for t in sent_to(lc, TG) if "验证码是" in t]) == 3
    assert "验证码已发到" in to(lc.say(f"@wait 61m\n老王: 绑定手机 {PHONE}"), "老王")[0]


def test_other_account_without_a_private_chat_is_asked_to_write_first(lc: Conversation) -> None:
    telegram_person(lc, private=False)
    out = to(lc.say(f"老王: 绑定手机 {PHONE}"), "老王")
    assert out[0].startswith("这个号码登记在您的Telegram账号上，可那个账号还没私聊过我")


def test_in_a_group_the_number_is_not_taken(lc: Conversation) -> None:
    telegram_person(lc)
    out = lc.say(f"老王@青天村群: 绑定手机 {PHONE}")
    assert to(out, "青天村群")[0].startswith("电话号码别发在群里")
    assert not [t for t in sent_to(lc, TG) if "验证码" in t]


def test_without_a_number(lc: Conversation) -> None:
    assert to(lc.say("老王: 绑定手机"), "老王") == ["请带上手机号，如「绑定手机 13812345678」。"]


def test_six_digits_without_an_open_code_are_not_a_code(lc: Conversation) -> None:
    out = to(lc.say("老王: 123456"), "老王")
    assert not any("验证码" in m or "关联" in m for m in out)


# --------------------------------------------------------------------------- the merge


POST = "老张@青天村群: 明天要2个搬运工，150一天，青天村，电话13911112222"


def test_merge_moves_everything_and_keeps_the_counts(lc: Conversation) -> None:
    tg = telegram_person(lc)
    now = lc.clock.now()
    with transaction(lc.app.engine) as s:
        store.add_subscription(s, tg, work_types=["搬运工"], region_code=None, min_wage=None,
                               now=now)
    lc.say("老王: 订阅 搬运")  # the same wish on the console: a twin subscription
    lc.say(POST)  # pushed to both halves of 老王
    console = person_of(lc, "console:老王")
    [job] = lc.jobs()
    with lc.session() as s:
        assert {p.person_id for p in s.exec(select(Push).where(Push.job_id == job["id"]))} \
            >= {tg, console}
    with transaction(lc.app.engine) as s:  # 老王 claims on Telegram …
        assert store.claim_job(s, job["id"], tg, 1, now).status == "confirmed"
    lc.say("老王 [报名]")  # … and again on the console, from the push
    out = lc.say("小李@青天村群^: 我去")  # the job is full: 小李 waits
    assert any("候补" in m for m in to(out, "青天村群") + to(out, "小李"))
    lc.say("老王: 我的报名")
    with lc.session() as s:
        assert s.exec(select(PhoneReveal).where(PhoneReveal.shown_to_id == console)).first()

    lc.say(f"老王: 绑定手机 {PHONE}")
    out = lc.say(f"老王: {code_sent(lc)}")
    assert to(out, "老王")[0].startswith("已关联")
    # The duplicate claim went; 小李 (never wrote privately) moved up and hears it in the group.
    assert any("小李 从候补补上了" in m for m in to(out, "青天村群"))
    [after] = lc.jobs()
    active = [c for c in after["claims"] if c["status"] in ("confirmed", "waitlisted")]
    assert sorted((c["person"], c["status"]) for c in active) == [
        ("小李", "confirmed"), ("老王", "confirmed")]
    with lc.session() as s:
        j = s.get(Job, job["id"])
        assert j is not None
        confirmed = sum(c.count for c in s.exec(select(Claim).where(
            Claim.job_id == j.id, Claim.status == "confirmed")))
        assert j.confirmed == confirmed == 2 and j.status == "filled"
        pushes = list(s.exec(select(Push).where(Push.job_id == j.id, Push.person_id == tg)))
        assert len(pushes) == 1
        assert not list(s.exec(select(Push).where(Push.person_id == console)))
        subs = list(s.exec(select(Subscription).where(Subscription.person_id == tg,
                                                      col(Subscription.active).is_(True))))
        assert len(subs) == 1  # twins became one
        assert s.exec(select(PhoneReveal).where(PhoneReveal.shown_to_id == tg)).first()
        assert_no_reference(s, console)
    assert "13911112222" in to(lc.say("老王: 我的报名"), "老王")[0]


def test_a_new_job_after_linking_is_one_push_to_both_accounts(lc: Conversation) -> None:
    tg = telegram_person(lc)
    lc.say("老王: 订阅 搬运")
    lc.say(f"老王: 绑定手机 {PHONE}")
    lc.say(f"老王: {code_sent(lc)}")
    out = lc.say(POST)
    assert any("搬运工" in m for m in to(out, "老王"))
    assert any("搬运工" in t for t in sent_to(lc, TG))
    with lc.session() as s:
        assert len(list(s.exec(select(Push).where(Push.person_id == tg)))) == 1


def test_claim_on_ones_own_job_is_withdrawn_by_the_merge(lc: Conversation) -> None:
    tg = telegram_person(lc)
    lc.say("老王@青天村群: 明天要2个搬运工，150一天，青天村，电话13911112222")
    [job] = lc.jobs()
    with transaction(lc.app.engine) as s:
        assert store.claim_job(s, job["id"], tg, 1, lc.clock.now()).status == "confirmed"
    lc.say(f"老王: 绑定手机 {PHONE}")
    lc.say(f"老王: {code_sent(lc)}")
    with lc.session() as s:
        j = s.get(Job, job["id"])
        assert j is not None and j.confirmed == 0
        assert not store.active_claims_of(s, tg)


def assert_no_reference(session: Session, person_id: int) -> None:
    """No column that names a person still names ``person_id``."""
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "person" for fk in column.foreign_keys):
                assert isinstance(table, Table)
                hit = session.execute(sa_select(column).where(column == person_id)).first()
                assert hit is None, f"{table.name}.{column.name} still names {person_id}"
    assert session.get(Person, person_id) is None
    assert not session.exec(select(OutboxMessage).where(
        OutboxMessage.on_behalf_of == person_id)).first()


# --------------------------------------------------------------------------- storage alone


def _merge_on(engine_url: str) -> None:
    engine = make_engine(engine_url)
    upgrade(engine)
    now = datetime.fromisoformat("2026-11-26T08:00:00+08:00")
    with transaction(engine) as s:
        a = people.person_for(s, "telegram:1", "甲", "telegram:1")
        b = people.person_for(s, "wechat:wx1", "甲", "wechat:wx1")
        boss = people.person_for(s, "wechat:wx2", "老板", "wechat:wx2")
        assert a.id is not None and b.id is not None and boss.id is not None
        a_id, b_id, boss_id = a.id, b.id, boss.id
        for code, level in (("429021", "county"), ("429021102", "township")):
            s.add(Region(code=code, name=code, level=level, county_code="429021"))
        s.flush()
        people.make_officer(s, a_id, "429021102")
        people.make_officer(s, b_id, "429021102", appointed_by=boss.id)  # the same role twice
        people.make_officer(s, b_id, "429021", appointed_by=b_id)
        post = Post(source_message_id="m1", chat_id="wechat:r@chatroom", poster_id=boss.id,
                    text="招2人")
        s.add(post)
        s.flush()
        assert post.id is not None
        job = Job(post_id=post.id, poster_id=boss.id, status="open", headcount=2)
        s.add(job)
        s.flush()
        assert job.id is not None
        for who in (a_id, b_id):
            store.record_push(s, job.id, who, now)
            assert store.claim_job(s, job.id, who, 1, now).status == "confirmed"
        s.add(Pending(person_id=b_id, kind="x", created_at=now))
        s.add(Subscription(person_id=b_id, work_types="搬运工", created_at=now))
        villager = Person(name="王大爷", managed_by=b_id)
        s.add(villager)
        s.flush()
        kept = link.merge_people(s, *link.older(a, b), now).kept
        assert kept.id == a_id
        job_id = job.id
    with Session(engine) as s:
        assert {i.person_id for i in s.exec(select(Identity))} == {a_id, boss_id}
        assert_no_reference(s, b_id)
        assert s.exec(select(Person).where(Person.name == "王大爷")).one().managed_by == a_id
        roles = sorted(people.officer_regions(s, a_id))
        assert roles == ["429021", "429021102"]
        merged_job = s.get(Job, job_id)
        assert merged_job is not None and merged_job.confirmed == 1
        assert merged_job.status == "open"
        assert len(list(s.exec(select(Push).where(Push.job_id == job_id)))) == 1
        assert [c.person_id for c in store.active_claims_of(s, a_id)] == [a_id]
    engine.dispose()


def test_merge_in_storage_on_sqlite() -> None:
    _merge_on("sqlite://")


def test_merge_in_storage_on_postgresql(pg_url: str) -> None:
    _merge_on(pg_url)
