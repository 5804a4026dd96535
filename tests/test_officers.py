"""Officer tools as conversations: binding, group info, appointing, digest time, broadcast with
attribution, relays, and refusals outside an officer's subtree.

The helpers at the top are shared by the other tiers tests (digest, schedule, stats, fanout).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.adapters.console import dm_chat_id, person_id
from bot.clock import TZ
from bot.message import Chat, ChatKind, Message, User
from handlers import officers
from nlp.gazetteer import load_gazetteer
from storage import jobs as store
from storage import outbox, people
from storage.models import Group, Identity, InboundMessage, Job, Officer, Person, Post
from storage.tiers_models import Broadcast
from tests.conversation import Conversation, to


def conversation(start: str = "2026-11-26 08:00", db_url: str = "sqlite://") -> Conversation:
    return Conversation(start=start, db_url=db_url)


@pytest.fixture
def tchat() -> Iterator[Conversation]:
    conv = conversation()
    yield conv
    conv.close()


GAZ = load_gazetteer()


def add_job(conv: Conversation, work_type: str, place: str, headcount: int | None = 3,
            wage: float | None = 150, unit: str = "day", start: date | None = None,
            status: str = "open", poster: str = "王老板", confirmed: int = 0,
            opened: datetime | None = None, filled: datetime | None = None) -> int:
    """An open job straight in the database (as posting would leave it)."""
    where = GAZ.by_name(place) or GAZ.resolve(place)
    assert where is not None, place
    town = GAZ.township_of(where)
    now = opened or conv.clock.now()
    with conv.session() as s:
        person = people.person_for(s, person_id(poster), poster, dm_chat_id(poster))
        assert person.id is not None
        post = Post(source_message_id=f"console:m-post-{work_type}-{place}-{now.timestamp()}",
                    chat_id="console:group:某群", poster_id=person.id, text="…", created_at=now)
        s.add(post)
        s.flush()
        assert post.id is not None
        job = Job(post_id=post.id, poster_id=person.id, status=status, work_type=work_type,
                  headcount=headcount, confirmed=confirmed, wage_min=wage, wage_max=wage,
                  wage_unit=unit if wage is not None else None, start_date=start,
                  township=town.name if town else None,
                  village=where.name if where.level == "village" else None,
                  region_code=where.code, created_at=now, opened_at=now, filled_at=filled,
                  expires_at=now + timedelta(days=30))
        s.add(job)
        s.commit()
        assert job.id is not None
        return job.id


SETUP = """
@officer 李主任
@group 神农架群 神农架林区
@group 木鱼镇群 木鱼镇
@group 青天村群 青天村
@group 松柏镇群 松柏镇
"""


# --- binding --------------------------------------------------------------------------------

def test_an_officer_binds_a_group_and_its_posts_default_to_the_region(tchat: Conversation
                                                                      ) -> None:
    out = tchat.say("""
        @officer 李主任
        李主任@青天村群: 绑定 木鱼镇青天村
        """)
    said = to(out, "青天村群")
    assert said and "已绑定到木鱼镇青天村（村群）" in said[0]
    assert "每天07:30" in said[0]
    with tchat.session() as s:
        group = s.get(Group, "console:group:青天村群")
        assert group is not None
        assert group.region_code == GAZ.by_name("青天村").code  # type: ignore[union-attr]
    assert "digest:console:group:青天村群" in tchat.app.scheduler.job_ids()


def test_binding_reads_the_ways_officers_write_places(tchat: Conversation) -> None:
    tchat.say("@officer 李主任")
    for written, canonical in (("木鱼镇 青天村", "青天村"), ("神农架林区木鱼镇", "木鱼镇"),
                               ("九湖镇", "大九湖镇"), ("红坪镇", "红坪镇")):
        out = tchat.say(f"李主任@群A: 绑定 {written}")
        assert f"{canonical}（" in to(out, "群A")[0], (written, out)


def test_group_info_says_what_the_group_is(tchat: Conversation) -> None:
    tchat.say(SETUP)
    add_job(tchat, "搬运工", "青天村")
    out = tchat.say("王五@青天村群: 本群信息")
    info = to(out, "青天村群")[0]
    assert "木鱼镇青天村（村群）" in info
    assert "早报：每天07:30" in info
    assert "李主任（神农架林区）" in info
    assert "在招：1个活" in info
    out = tchat.say("王五@闲聊群: 本群信息")
    assert "还没绑定" in to(out, "闲聊群")[0]


def test_a_non_officer_cannot_bind(tchat: Conversation) -> None:
    out = tchat.say("王五@青天村群: 绑定 木鱼镇青天村")
    assert "只有信息员能绑定群" in to(out, "青天村群")[0]
    with tchat.session() as s:
        group = s.get(Group, "console:group:青天村群")
        assert group is not None and group.region_code is None


def test_an_unknown_place_is_asked_again(tchat: Conversation) -> None:
    out = tchat.say("""
        @officer 李主任
        李主任@群A: 绑定 火星村
        """)
    assert "没找到「火星村」" in to(out, "群A")[0]


# --- officers and their subtrees ------------------------------------------------------------

def test_a_county_officer_appoints_a_township_officer_who_acts_only_inside(tchat: Conversation
                                                                        ) -> None:
    tchat.say(SETUP)
    out = tchat.say("""
        张三: 你好
        李主任@神农架群: 设为信息员 @张三 松柏镇
        """)
    assert "已设张三为松柏镇的信息员" in to(out, "神农架群")[0]
    assert any("已设您为松柏镇的信息员" in m for m in to(out, "张三"))
    with tchat.session() as s:
        row = s.exec(select(Officer).join(Person, col(Person.id) == col(Officer.person_id))
                     .where(Person.name == "张三")).one()
        assert row.region_code == GAZ.by_name("松柏镇").code  # type: ignore[union-attr]
        assert row.appointed_by is not None

    # inside: a village of 松柏镇
    out = tchat.say("张三@松柏村群: 绑定 松柏镇松柏村")
    assert "已绑定到松柏镇松柏村" in to(out, "松柏村群")[0]
    # outside: a 木鱼镇 village group, its digest time, a broadcast there, a new officer there
    out = tchat.say("""
        张三@青天村群: 推送时间 6点
        张三@群B: 绑定 木鱼镇青天村
        张三: 广播 木鱼镇：明天停水
        张三: 设为信息员 @王五 木鱼镇
        张三@神农架群: 统计 木鱼镇
        """)
    refusals = to(out, "青天村群") + to(out, "群B") + to(out, "张三") + to(out, "神农架群")
    assert len(refusals) == 5, out
    for text in refusals:
        assert "不归您管" in text and "您是松柏镇的信息员" in text, text
    assert not to(out, "木鱼镇群"), "nothing was broadcast outside"
    with tchat.session() as s:
        group = s.get(Group, "console:group:青天村群")
        assert group is not None and group.digest_time == "07:30"
        assert s.get(Group, "console:group:群B") is not None
        assert s.get(Group, "console:group:群B").region_code is None  # type: ignore[union-attr]


def test_a_township_officer_cannot_take_over_a_group_bound_elsewhere(tchat: Conversation
                                                                     ) -> None:
    tchat.say(SETUP + "@officer 张三 松柏镇")
    out = tchat.say("张三@青天村群: 绑定 松柏镇")
    assert "不能改这个群的绑定" in to(out, "青天村群")[0]


def test_appointing_someone_unknown_says_how(tchat: Conversation) -> None:
    out = tchat.say(SETUP + "李主任@神农架群: 设为信息员 @赵六 松柏镇")
    assert "没找到赵六" in to(out, "神农架群")[0]


# --- digest time ----------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "hhmm"), [
    ("7点", "07:00"), ("七点半", "07:30"), ("6:45", "06:45"), ("早上八点一刻", "08:15"),
    ("下午6点", "18:00"), ("7点20分", "07:20"), ("十点", "10:00"), ("7:30", "07:30"),
    ("6点一刻", "06:15"), ("六点一刻", "06:15"), ("7：30", "07:30"), ("7 点", "07:00"),
    ("7点 半", "07:30"), ("傍晚6点", "18:00"), ("七点四十", "07:40"), ("7点 没活不发", "07:00"),
    ("6点三刻", "06:45"), ("中午两点", "14:00"), ("八点钟", "08:00"),
])
def test_digest_time_reads_clock_times(written: str, hhmm: str) -> None:
    assert officers.parse_time(written) == hhmm


@pytest.mark.parametrize("written", ["没活不发", "明天", "七", ""])
def test_digest_time_without_a_clock_time_is_none(written: str) -> None:
    assert officers.parse_time(written) is None


@pytest.mark.parametrize(("written", "hhmm"), [
    ("七点半", "07:30"), ("6点一刻", "06:15"), ("7:40", "07:40"), ("下午6点", "18:00"),
])
def test_officer_sets_the_digest_time_as_people_write_it(tchat: Conversation, written: str,
                                                         hhmm: str) -> None:
    tchat.say(SETUP)
    out = tchat.say(f"李主任@青天村群: 推送时间 {written}")
    assert f"本群早报改在每天{hhmm}" in to(out, "青天村群")[0]


def test_digest_time_not_understood_is_said(tchat: Conversation) -> None:
    tchat.say(SETUP)
    out = tchat.say("李主任@青天村群: 推送时间 早点")
    assert "没看懂「早点」" in to(out, "青天村群")[0]


def test_digest_time_moves_the_scheduled_digest(tchat: Conversation) -> None:
    tchat.say(SETUP)
    out = tchat.say("李主任@青天村群: 推送时间 6点半 没活不发")
    assert "06:30" in to(out, "青天村群")[0] and "没活就不发" in to(out, "青天村群")[0]
    add_job(tchat, "搬运工", "青天村", start=date(2026, 11, 27))
    out = tchat.say("@now 2026-11-27 06:31")
    assert to(out, "青天村群") and "【青天村早报】" in to(out, "青天村群")[0]
    assert not to(out, "木鱼镇群"), "the others still wait for 07:30"


# --- broadcast and attribution --------------------------------------------------------------

def test_broadcast_goes_to_the_subtree_with_attribution(tchat: Conversation) -> None:
    tchat.say(SETUP + "@officer 孙镇长 木鱼镇\n孙镇长@木鱼镇群: 你好")
    out = tchat.say("孙镇长@木鱼镇群: 广播 明天上午9点在镇政府开招工会")
    assert to(out, "青天村群") == ["📢 明天上午9点在镇政府开招工会\n  ——木鱼镇信息员 孙镇长"]
    assert not to(out, "松柏镇群") and not to(out, "神农架群")
    # The group read the officer's own words: the receipt is his, privately.
    assert "已广播到青天村群，共1个群" in to(out, "孙镇长")[0]
    assert not to(out, "木鱼镇群")
    with tchat.session() as s:
        row = s.exec(select(Broadcast)).one()
        assert row.text == "明天上午9点在镇政府开招工会"

    # Where did it go? The officer replies to their own message (chat scripts cannot quote
    # a person's message, so the reply is delivered by hand).
    assert row.source_message_id is not None
    ask = Message(id="console:m-ask", chat=Chat("console:group:木鱼镇群", ChatKind.GROUP,
                                                "木鱼镇群"),
                  sender=User("console:孙镇长", "孙镇长"), date=tchat.clock.now(),
                  text="这条发到哪了", reply_to=row.source_message_id)
    tchat.app.dispatcher.handle(ask)
    tchat._loop.run_until_complete(tchat.player.settle())
    answer = to(tchat.new_messages(), "木鱼镇群")[0]
    assert answer.startswith("这条广播发到了1个群")
    assert "青天村群 11-26 08:00 孙镇长发" in answer


def test_where_a_private_broadcast_went(tchat: Conversation) -> None:
    tchat.say(SETUP)
    tchat.say("@wait 5m\n李主任: 广播 木鱼镇：明天停电")
    out = tchat.say("李主任^: 这条发到哪了")
    answer = to(out, "李主任")[0]
    assert answer.splitlines()[0] == "这条广播发到了2个群："
    assert "· 木鱼镇群 11-26 08:05 李主任发" in answer
    assert "· 青天村群 11-26 08:05 李主任发" in answer
    out = tchat.say("王五@青天村群: 广播 我也来")
    assert "只有信息员" in to(out, "青天村群")[0]


def test_broadcast_to_a_named_township_and_nothing_to_send(tchat: Conversation) -> None:
    tchat.say(SETUP)
    out = tchat.say("李主任: 广播 松柏镇：周六体检")
    assert to(out, "松柏镇群") == ["📢 周六体检\n  ——神农架林区信息员 李主任"]  # their own title
    assert not to(out, "木鱼镇群")
    out = tchat.say("李主任: 广播 红坪镇：周六体检")
    assert "红坪镇下面还没有别的绑定的群" in to(out, "李主任")[0]


def test_a_worker_cannot_broadcast_and_cannot_ask_where_things_went(tchat: Conversation
                                                                   ) -> None:
    tchat.say(SETUP)
    out = tchat.say("王五@青天村群: 广播 大家好")
    assert to(out, "青天村群") == ["只有信息员能广播。需要开通请找区里的信息员。"]
    job_id = add_job(tchat, "采茶工", "青天村")
    card(tchat, "青天村群", job_id)
    out = tchat.say("王五@青天村群^: 这条发到哪了")
    assert to(out, "青天村群") == ["只有信息员和发布人能查去向。"]
    out = tchat.say("王老板@青天村群^: 这条发到哪了")
    assert to(out, "青天村群")[0].startswith(f"这条招工【{job_id}】发到了")


def card(conv: Conversation, group: str, job_id: int) -> None:
    """The job's card in a group, as posting sends it."""
    with conv.session() as s:
        outbox.enqueue(s, f"console:group:{group}", f"招工【{job_id}】", now=conv.clock.now(),
                       kind="card", job_id=job_id, card_key=f"card:{job_id}")
        s.commit()
    conv._loop.run_until_complete(conv.player.settle())
    conv.new_messages()


def test_relay_records_the_groups_and_on_whose_behalf(tchat: Conversation) -> None:
    tchat.say(SETUP + "@officer 孙镇长 木鱼镇")
    job_id = add_job(tchat, "采茶工", "青天村", headcount=5, wage=120)
    card(tchat, "青天村群", job_id)
    out = tchat.say("孙镇长@青天村群^: 转发")
    relayed = to(out, "木鱼镇群")
    assert relayed and f"【{job_id}】采茶工 缺5人 · 120元/天 · 木鱼镇青天村" in relayed[0]
    assert "孙镇长（信息员）转发" in relayed[0]
    assert not to(out, "松柏镇群"), "a township officer relays inside the township"
    assert "已转发到木鱼镇群，共1个群" in to(out, "青天村群")[0]
    out = tchat.say("孙镇长@青天村群^: 这条发到哪了")
    answer = to(out, "青天村群")[0]
    assert f"这条招工【{job_id}】发到了" in answer
    assert "木鱼镇群" in answer and "孙镇长转发" in answer
    assert "原帖（王老板发的）" in answer
    out = tchat.say("孙镇长@青天村群^: 转发")
    assert "都已经有这个活了" in to(out, "青天村群")[0]
    out = tchat.say("孙镇长@青天村群^: 转发 松柏镇")
    assert "不归您管" in to(out, "青天村群")[0]


def test_relay_quoting_the_employers_own_post(tchat: Conversation) -> None:
    tchat.say(SETUP + "@officer 孙镇长 木鱼镇")
    tchat.say("王老板@青天村群: 明天要3个搬运工，150一天，电话13812345678")
    [job] = tchat.jobs()
    with tchat.session() as s:
        post = s.exec(select(Post)).one()
    # The officer quotes the employer's message, not the bot's card (delivered by hand: chat
    # scripts cannot quote a person's message).
    relay = Message(id="console:m-relay", chat=Chat("console:group:青天村群", ChatKind.GROUP,
                                                    "青天村群"),
                    sender=User("console:孙镇长", "孙镇长"), date=tchat.clock.now(),
                    text="转发", reply_to=post.source_message_id)
    tchat.app.dispatcher.handle(relay)
    tchat._loop.run_until_complete(tchat.player.settle())
    out = tchat.new_messages()
    assert f"【{job['id']}】搬运工 缺3人" in to(out, "木鱼镇群")[0]
    assert "已转发到木鱼镇群，共1个群" in to(out, "青天村群")[0]
    with tchat.session() as s:
        assert set(store.job_chats(s, job["id"])) == {"console:group:青天村群",
                                                      "console:group:木鱼镇群"}


def test_refusal_for_a_village_officer_outside_the_village(tchat: Conversation) -> None:
    tchat.say(SETUP + "@officer 周村长 青天村\n@group 木鱼村群 木鱼村")
    out = tchat.say("""
        周村长@木鱼村群: 推送时间 7点
        周村长@青天村群: 推送时间 7点
        """)
    assert "不归您管：您是木鱼镇青天村的信息员" in to(out, "木鱼村群")[0]
    assert "07:00" in to(out, "青天村群")[0]


def test_places_as_officers_write_them() -> None:
    assert officers.find_place(GAZ, "火星") is None
    place = officers.find_place(GAZ, "木鱼镇青天村")
    assert place is not None and place.name == "青天村"
    assert officers.full_name(GAZ, place) == "木鱼镇青天村"


# --- the chat scripts -----------------------------------------------------------------------

SCRIPTS = Path(__file__).parent / "scripts"


def play(name: str) -> tuple[Conversation, list[str]]:
    conv = conversation()
    return conv, conv.say((SCRIPTS / name).read_text(encoding="utf-8"))


def test_refusals_script() -> None:
    conv, out = play("tiers_refusals.chat")
    try:
        assert not any("没处理好" in m for m in out)
        village = to(out, "青天村群")
        assert sum("只有信息员能" in m for m in village + to(out, "王五")) == 4
        refused = [m for m in out if "不归您管" in m]
        assert len(refused) == 4
        assert all("您是木鱼镇青天村的信息员" in m for m in refused)
        assert to(out, "青天村群")[-1].startswith("📢 今晚村委会开会"), "nothing on the empty day"
        assert to(out, "木鱼村群")[-1].startswith("【木鱼村早报】11月27日 周五：今天没有新的招工")
        with conv.session() as s:
            group = s.get(Group, "console:group:木鱼村群")
            muyu = GAZ.by_name("木鱼村")
            assert group is not None and muyu is not None and group.region_code == muyu.code
    finally:
        conv.close()


def test_command_words_in_chatter_are_left_alone(tchat: Conversation) -> None:
    tchat.say(SETUP)
    out = tchat.say("""
        王五@青天村群: 广播说明天停电
        王五@青天村群: 统计一下明天谁去
        """)
    assert to(out, "青天村群") == []
    out = tchat.say("李主任: 广播明天停电")  # an officer may leave the space out
    assert to(out, "青天村群") == ["📢 明天停电\n  ——神农架林区信息员 李主任"]


def test_a_new_group_gets_the_configured_digest_time() -> None:
    from bot.config import Settings

    settings = Settings()
    settings.digest.default_time = "06:45"
    conv = Conversation(settings=settings)
    try:
        out = conv.say("""
            @now 2026-11-26 08:00
            @officer 李主任
            李主任@青天村群: 绑定 木鱼镇青天村
            王五@青天村群: 本群信息
        """)
        assert "每天06:45发早报" in to(out, "青天村群")[0]
        assert "早报：每天06:45" in to(out, "青天村群")[1]
        assert "digest:console:group:青天村群" in conv.app.scheduler.job_ids()
        out = conv.say("@wait 22h\n@wait 30m")  # to 06:30 the next day: not yet
        assert to(out, "青天村群") == []
        out = conv.say("@wait 15m")
        assert to(out, "青天村群")[0].startswith("【青天村早报】")
    finally:
        conv.close()


NOW = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)


def test_appointing_picks_the_namesake_who_is_local() -> None:
    conv = conversation()
    try:
        out = conv.say(SETUP + """
            张三@松柏镇群: 我在松柏
            张三@木鱼镇群: 大家好
            李主任@神农架群: 设为信息员 @张三 木鱼镇
        """)
        # Two people are called 张三 (the console names people by name, so one 张三 spoke in
        # both groups); make a second, unrelated 张三 who only ever spoke in 松柏镇群.
        assert "已设张三为木鱼镇的信息员" in to(out, "神农架群")[0]
        with conv.session() as s:
            other = Person(name="张三")
            s.add(other)
            s.flush()
            assert other.id is not None
            s.add(Identity(id="telegram:777", person_id=other.id, display_name="张三"))
            s.add(InboundMessage(id="telegram:1:5", chat_id="console:group:松柏镇群",
                                 sender_id="telegram:777", text="有活吗", sent_at=NOW))
            s.commit()
        out = conv.say("李主任@神农架群: 设为信息员 @张三 松柏镇")
        assert "松柏镇有2个人叫张三" in to(out, "神农架群")[0]
        with conv.session() as s:
            assert not s.exec(select(Officer).where(Officer.region_code == "429021100")).all()
        # Replying to what the right 张三 said names him exactly.
        loop_msg = Message(id="console:m-reply", chat=Chat("console:group:神农架群",
                           ChatKind.GROUP, "神农架群"), sender=User(person_id("李主任"), "李主任"),
                           date=NOW, text="设为信息员 松柏镇", reply_to="telegram:1:5")
        conv._loop.run_until_complete(conv.player.deliver(loop_msg))
        assert "已设张三为松柏镇的信息员" in to(conv.new_messages(), "神农架群")[0]
        with conv.session() as s:
            [appointed] = s.exec(select(Officer).where(Officer.region_code == "429021100")).all()
            assert appointed.person_id == other.id
    finally:
        conv.close()
