"""The morning digests: the three kinds across ``@wait 1d``, empty days, splitting, claiming
from a digest, and never twice a day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot.config import Settings
from bot.message import Chat, ChatKind, Message, User
from bot.scheduler import TaskContext
from handlers import cards, digest
from storage.models import Group, Job, OutboxMessage
from storage.tiers_models import DigestItem, DigestRun
from tests.conversation import Conversation, to
from tests.test_officers import SETUP, add_job, play

TOMORROW = date(2026, 11, 27)
EMPTY = digest.EMPTY


@pytest.fixture
def tchat() -> Iterator[Conversation]:
    conv = Conversation(start="2026-11-26 08:00")
    conv.say(SETUP)
    yield conv
    conv.close()


def jobs_around(conv: Conversation) -> dict[str, int]:
    return {
        "青天": add_job(conv, "搬运工", "青天村", 3, 150, start=TOMORROW),
        "木鱼村": add_job(conv, "采茶工", "木鱼村", 5, 120),
        "木鱼镇": add_job(conv, "泥瓦工", "木鱼镇", 2, 300, start=date(2026, 11, 28)),
        "松柏": add_job(conv, "保洁员", "松柏村", 1, 20, unit="hour"),
        "红坪": add_job(conv, "厨师", "红坪镇", 1, 5000, unit="month"),
    }


def test_the_three_kinds_the_next_morning(tchat: Conversation) -> None:
    ids = jobs_around(tchat)
    out = tchat.say("@wait 1d")
    village = to(out, "青天村群")
    assert len(village) == 1
    lines = village[0].split("\n  ")
    assert lines[0] == "【青天村早报】11月27日 周五"
    # own village first, then the township, then the best of the county
    assert lines[1] == "本村："
    assert lines[2] == f"【{ids['青天']}】搬运工 缺3人 · 150元/天 · 今天 11月27日 周五"
    assert lines[3] == "本镇（木鱼镇）："
    assert lines[4] == f"【{ids['木鱼镇']}】泥瓦工 缺2人 · 300元/天 · 明天 11月28日 周六 · 木鱼镇"
    assert lines[5].startswith(f"【{ids['木鱼村']}】采茶工")
    assert lines[6] == "全区好活："
    assert lines[7] == f"【{ids['红坪']}】厨师 缺1人 · 5000元/月 · 红坪镇"
    assert lines[8] == f"【{ids['松柏']}】保洁员 缺1人 · 20元/小时 · 松柏镇松柏村"
    assert f"报名【{ids['青天']}】" in lines[9]
    assert lines[10].startswith(f"[报名【{ids['青天']}】]")

    town = to(out, "木鱼镇群")[0].split("\n  ")
    assert town[0] == "【木鱼镇早报】11月27日 周五"
    assert town[1:7] == [
        "镇上：", f"【{ids['木鱼镇']}】泥瓦工 缺2人 · 300元/天 · 明天 11月28日 周六",
        "木鱼村：", f"【{ids['木鱼村']}】采茶工 缺5人 · 120元/天",
        "青天村：", f"【{ids['青天']}】搬运工 缺3人 · 150元/天 · 今天 11月27日 周五"]
    assert not any("保洁员" in line for line in town), "other townships stay out"

    county = to(out, "神农架群")[0].split("\n  ")
    assert county[1] == "在招5个活："
    assert "松柏镇：1个活，缺1人" in county
    assert "木鱼镇：3个活，缺10人" in county
    assert "红坪镇：1个活，缺1人" in county
    best = county.index("今日好活：")
    assert county[best + 1].startswith(f"【{ids['木鱼镇']}】泥瓦工")  # 300 a day beats all

    with tchat.session() as s:
        runs = s.exec(select(DigestRun)).all()
        assert sorted(r.kind for r in runs) == ["county", "township", "township", "village"]
        items = s.exec(select(DigestItem)).all()
        assert len(items) == 5 + 3 + 1 + 5


def test_a_posted_job_is_in_the_next_morning_digest(tchat: Conversation) -> None:
    out = tchat.say("王老板@青天村群: 明天要3个搬运工，150一天，电话13812345678")
    assert to(out, "青天村群"), "posting answered"
    posted = [j for j in tchat.jobs() if j["work_type"] == "搬运工"]
    assert posted and posted[0]["village"] == "青天村", "the bound group's region is the default"
    out = tchat.say("@wait 1d")
    assert f"【{posted[0]['id']}】搬运工 缺3人 · 150元/天 · 今天" in to(out, "青天村群")[-1]


def test_a_job_reads_the_same_in_its_card_and_the_digest(tchat: Conversation) -> None:
    job_id = add_job(tchat, "砍树工", "青天村", 2, 300, unit="job", start=TOMORROW)
    out = tchat.say("@wait 1d")
    line = next(x for x in to(out, "青天村群")[0].split("\n  ") if x.startswith(f"【{job_id}】"))
    assert line == f"【{job_id}】砍树工 缺2人 · 包活300元 · 今天 11月27日 周五"
    with tchat.session() as s:
        job = s.get(Job, job_id)
        assert job is not None
        card = cards.job_card(job, tchat.clock.now())
    assert "工价：包活300元" in card and "时间：今天 11月27日 周五" in card


def test_an_unwritten_wage_reads_as_on_the_card(tchat: Conversation) -> None:
    add_job(tchat, "帮工", "青天村", 2, None, start=TOMORROW)
    out = tchat.say("@wait 1d")
    assert "缺2人 · 工价未写 · 今天" in to(out, "青天村群")[0]


def test_an_empty_day_is_one_line_or_nothing(tchat: Conversation) -> None:
    tchat.say("李主任@松柏镇群: 推送时间 7点半 没活不发")
    out = tchat.say("@wait 1d")
    assert to(out, "青天村群") == [f"【青天村早报】11月27日 周五：{EMPTY}"]
    assert to(out, "松柏镇群") == []
    with tchat.session() as s:
        skipped = s.exec(select(DigestRun).where(DigestRun.chat_id == "console:group:松柏镇群")
                         ).one()
        assert skipped.parts == 0, "an empty day the group chose to skip still counts as done"


def test_filled_expired_and_past_jobs_stay_out(tchat: Conversation) -> None:
    add_job(tchat, "搬运工", "青天村", status="filled", confirmed=3)
    add_job(tchat, "采茶工", "青天村", status="expired")
    add_job(tchat, "泥瓦工", "青天村", start=date(2026, 11, 26))  # today, gone by tomorrow
    keep = add_job(tchat, "保洁员", "青天村", headcount=4, confirmed=1)
    out = tchat.say("@wait 1d")
    text = to(out, "青天村群")[0]
    assert f"【{keep}】保洁员 缺3人" in text
    for gone in ("搬运工", "采茶工", "泥瓦工"):
        assert gone not in text


def test_the_digest_moves_with_the_days(tchat: Conversation) -> None:
    job = add_job(tchat, "搬运工", "青天村", start=TOMORROW)
    out = tchat.say("@wait 1d")
    assert f"【{job}】" in to(out, "青天村群")[0]
    out = tchat.say("@wait 1d")
    assert to(out, "青天村群") == [f"【青天村早报】11月28日 周六：{EMPTY}"]


def test_a_long_digest_is_split_within_the_limit() -> None:
    settings = Settings()
    settings.digest.max_chars = 150
    conv = Conversation(start="2026-11-26 08:00", settings=settings)
    try:
        conv.say(SETUP)
        ids = [add_job(conv, "采茶工", "青天村", n + 1, 100 + n) for n in range(25)]
        out = conv.say("@wait 1d")
        parts = to(out, "青天村群")
        assert len(parts) >= 3
        texts = [p.split("\n  [")[0].replace("\n  ", "\n") for p in parts]
        assert all(len(t) <= 150 for t in texts), [len(t) for t in texts]
        assert all(t.startswith("（接上条）") for t in texts[1:])
        listed = "\n".join(texts)
        shown = [i for i in ids if f"【{i}】" in listed]
        assert len(shown) == digest.VILLAGE_OWN_MAX
        assert f"……还有{25 - digest.VILLAGE_OWN_MAX}个" in listed
        with conv.session() as s:
            keys = [r.dedupe_key for r in s.exec(
                select(OutboxMessage).where(OutboxMessage.kind == "digest",
                                            OutboxMessage.chat_id == "console:group:青天村群"))]
        assert keys[0] == "digest:console:group:青天村群:2026-11-27"
        assert keys[1] == "digest:console:group:青天村群:2026-11-27:2"
    finally:
        conv.close()


def test_split_digest_keeps_lines_whole() -> None:
    lines = [f"第{n}行" + "活" * (n % 7) for n in range(60)]
    parts = digest.split_digest(lines, 50)
    assert all(len(p) <= 50 for p in parts)
    assert all(p.startswith("（接上条）\n") for p in parts[1:])
    rebuilt = [line for p in parts for line in p.split("\n") if line != "（接上条）"]
    assert rebuilt == lines
    assert digest.split_digest(["短"], 50) == ["短"]


def test_max_chars_alone_decides_the_parts(tchat: Conversation) -> None:
    # WeChat's own size (2000) is the outbox's business, not the digest's.
    for n in range(12):
        add_job(tchat, "采茶" * 90 + "工", "青天村", n + 1, 100 + n)
    tchat.app.settings.digest.max_chars = 3000
    with tchat.session() as s:
        group = Group(chat_id="wechat:1@chatroom", region_code="429021102207")
        built = digest.build_digest(s, tchat.app.gazetteer, group, tchat.clock.now(),
                                    tchat.app.settings)
    assert built is not None and len(built.job_ids) == 12
    assert len(built.parts) == 1 and 2000 < len(built.parts[0]) <= 3000


def test_claiming_from_the_digest(tchat: Conversation) -> None:
    job = add_job(tchat, "搬运工", "青天村", 2, 150, start=TOMORROW)
    other = add_job(tchat, "泥瓦工", "木鱼镇", 2, 300, start=TOMORROW)
    tchat.say("@wait 1d")
    out = tchat.say(f"小李@青天村群: 报名【{job}】")
    assert any("小李 报名成功" in m for m in to(out, "青天村群")), out
    out = tchat.say(f"小王@青天村群 [报名【{other}】]")
    assert any("小王 报名成功" in m for m in to(out, "青天村群")), out
    out = tchat.say("小赵: 报名【999】")
    assert to(out, "小赵") == ["没有编号为【999】的活，请看早报上的编号。"]
    claims = {j["id"]: [c["person"] for c in j["claims"]] for j in tchat.jobs()}
    assert claims[job] == ["小李"] and claims[other] == ["小王"]


def test_never_twice_a_day_even_when_the_time_moves(tchat: Conversation) -> None:
    add_job(tchat, "搬运工", "青天村")
    out = tchat.say("@now 2026-11-27 07:40")
    assert len(to(out, "青天村群")) == 1
    out = tchat.say("""
        李主任@青天村群: 推送时间 9点
        @now 2026-11-27 09:30
        """)
    assert to(out, "青天村群") == ["好的，本群早报改在每天09:00，没活时也说一声。"]
    out = tchat.say("@now 2026-11-28 09:01")
    assert len(to(out, "青天村群")) == 1 and "11月28日" in to(out, "青天村群")[0]
    with tchat.session() as s:
        assert s.exec(select(Job)).first() is not None
        runs = s.exec(select(DigestRun).where(DigestRun.chat_id == "console:group:青天村群")
                      ).all()
        assert [r.day for r in runs] == [date(2026, 11, 27), date(2026, 11, 28)]


def test_morning_script() -> None:
    conv, out = play("tiers_morning.chat")
    try:
        assert not any("没处理好" in m for m in out)
        morning = [m for m in out if "早报】11月27日" in m]
        assert [m.split(":")[0] for m in morning] == [
            "→ 木鱼镇群", "→ 神农架群", "→ 青天村群", "→ 松柏镇群"]  # 07:00 first, then 07:30
        assert "【1】搬运工 缺2人 · 150元/天 · 日结 · 今天" in to(out, "青天村群")[-4]
        assert any(m.startswith("赵六 报名成功") for m in to(out, "青天村群"))
        [job] = [j for j in conv.jobs() if j["id"] == 1]
        assert job["claims"] == [{"person": "赵六", "count": 1, "status": "confirmed"}]
        assert to(out, "孙镇长")[-1].startswith("这条广播发到了2个群")
        assert to(out, "神农架群")[-1].startswith("【统计】神农架林区 11月21日以来\n  合计 发布2")
    finally:
        conv.close()


def test_a_bare_claim_quoting_a_digest_asks_which(tchat: Conversation) -> None:
    job = add_job(tchat, "搬运工", "青天村", 2, 150, start=TOMORROW)
    tchat.say("@wait 1d")
    with tchat.session() as s:
        sent = s.exec(select(OutboxMessage).where(
            OutboxMessage.kind == "digest",
            OutboxMessage.chat_id == "console:group:青天村群")).one()
    for n, text in enumerate(("我去", f"报名 {job}")):
        tchat.app.dispatcher.handle(Message(
            id=f"console:m-q{n}", chat=Chat("console:group:青天村群", ChatKind.GROUP, "青天村群"),
            sender=User("console:小李", "小李"), date=tchat.clock.now(), text=text,
            reply_to=sent.platform_message_id))
    tchat._loop.run_until_complete(tchat.player.settle())
    out = to(tchat.new_messages(), "青天村群")
    assert out[0].startswith("早报里有好几个活，请说编号")
    assert out[1].startswith("小李 报名成功")  # a bare number quoting a digest names the job


@pytest.mark.parametrize("written", ["凌晨3点", "晚上10点", "半夜12点", "4:59", "晚上7点 没活不发"])
def test_a_digest_time_in_the_night_is_refused_and_changes_nothing(tchat: Conversation,
                                                                    written: str) -> None:
    tchat.say(SETUP)
    [reply] = to(tchat.say(f"李主任@青天村群: 推送时间 {written}"), "青天村群")
    assert "早上5点到傍晚6点之间" in reply and "没有改" in reply
    with tchat.session() as s:
        group = s.exec(select(Group).where(Group.title == "青天村群")).one()
    assert (group.digest_time, group.digest_when_empty) == ("07:30", True)


@pytest.mark.parametrize(("written", "hhmm"), [("5点", "05:00"), ("下午6点", "18:00"),
                                                ("早上六点半", "06:30")])
def test_a_digest_time_in_the_day_is_taken(tchat: Conversation, written: str, hhmm: str
                                           ) -> None:
    tchat.say(SETUP)
    [reply] = to(tchat.say(f"李主任@青天村群: 推送时间 {written}"), "青天村群")
    assert f"改在每天{hhmm}" in reply


def test_a_quiet_village_hears_it_is_quiet_once_a_week(tchat: Conversation) -> None:
    said = [bool(to(tchat.say("@wait 1d"), "青天村群")) for _ in range(9)]
    # 11月27日 (the first empty morning), then a week later, and not the days between
    assert [i for i, s in enumerate(said) if s] == [0, 7]
    job = add_job(tchat, "搬运工", "青天村", start=date(2026, 12, 6))
    assert f"【{job}】" in to(tchat.say("@wait 1d"), "青天村群")[0]  # 12月6日: listed
    # 12月7日: the job is gone, and that is said once; 12月8日: nothing
    assert to(tchat.say("@wait 1d"), "青天村群") == [f"【青天村早报】12月7日 周一：{EMPTY}"]
    assert to(tchat.say("@wait 1d"), "青天村群") == []


def test_a_digest_with_more_jobs_than_room_says_how_to_see_them(tchat: Conversation) -> None:
    for n in range(digest.VILLAGE_OWN_MAX + 2):
        add_job(tchat, "采茶工", "青天村", n + 1, 100 + n)
    text = to(tchat.say("@wait 1d"), "青天村群")[0]
    assert "……还有2个，私聊我发「找活 青天村」查看" in text
    [listing] = to(tchat.say("小李: 找活 青天村"), "小李")
    assert listing.startswith(f"青天村在招的活（{digest.VILLAGE_OWN_MAX + 2}个")


def test_on_wechat_a_digest_says_the_claim_words_once(tchat: Conversation) -> None:
    """WeChat shows buttons as 回复「…」 lines: the digest's own hint says it already."""
    add_job(tchat, "搬运工", "青天村", start=TOMORROW)
    wechat = "wechat:1@chatroom"
    with tchat.session() as s:
        s.add(Group(chat_id=wechat, title="微信青天村群", region_code="429021102207"))
        s.commit()
    ctx = TaskContext(tchat.app.engine, tchat.app.settings, tchat.app.gazetteer,
                      tchat.clock.now() + timedelta(days=1))
    digest.queue_digest(ctx, wechat)
    digest.queue_digest(ctx, "console:group:青天村群")
    with tchat.session() as s:
        rows = {r.chat_id: r for r in s.exec(select(OutboxMessage).where(
            OutboxMessage.kind == "digest"))}
    assert "想去：发「报名【编号】」" in rows[wechat].text
    assert rows[wechat].buttons in ("", "[]", None)
    assert "报名【" in rows["console:group:青天村群"].buttons


@pytest.mark.parametrize("start", ["2023-02-09 08:00", "2032-06-10 08:00"])
def test_the_quiet_rule_and_the_digest_run_on_the_conversations_clock(start: str) -> None:
    """Years before and after the machine's date: digests go by the script's days."""
    conv = Conversation(start=start)
    try:
        conv.say(SETUP)
        said = [to(conv.say("@wait 1d"), "青天村群") for _ in range(3)]
        assert [bool(s) for s in said] == [True, False, False]
        assert said[0][0].endswith(EMPTY) and "早报】" in said[0][0]
        tomorrow = conv.clock.now().date() + timedelta(days=1)
        job = add_job(conv, "搬运工", "青天村", start=tomorrow)
        [listed] = to(conv.say("@wait 1d"), "青天村群")
        assert f"【{job}】搬运工" in listed and "今天" in listed
    finally:
        conv.close()
