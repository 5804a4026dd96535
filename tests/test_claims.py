"""Claims: first come first served, waitlist and promotion, private phones, bad claims."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from storage.models import Claim, Job, Person, PhoneReveal
from tests.conversation import Conversation, to

SETUP = """
@group 青天村群 木鱼镇
@officer 李主任 木鱼镇
老张: 你好
李四: 电话13900000001
赵六: 电话13900000002
孙七: 你好
"""
POST = "老张@青天村群: 明天要2个搬运工，150一天，木鱼镇青天村，电话13812345678 张老板"


@pytest.fixture
def jc() -> Iterator[Conversation]:
    conv = Conversation()
    conv.say(SETUP + POST)
    yield conv
    conv.close()


def claims(chat: Conversation) -> list[tuple[str, int, str]]:
    return [(c["person"], c["count"], c["status"]) for c in chat.jobs()[0]["claims"]]


def test_reply_claim_gives_phones_privately_both_ways(jc: Conversation) -> None:
    out = jc.say("李四@青天村群^: 我去")
    assert to(out, "青天村群")[0].startswith("李四 报名成功（已报 1/2）")
    assert "13812345678" in to(out, "李四")[0] and "[取消报名]" in to(out, "李四")[0]
    assert "13900000001" in to(out, "老张")[0]
    group_texts = " ".join(to(out, "青天村群"))
    assert "13812345678" not in group_texts and "13900000001" not in group_texts
    with jc.session() as s:
        reveals = {(r.reason, r.chat_id) for r in s.exec(select(PhoneReveal))}
    assert reveals == {("claim_confirmed", "console:dm:李四"),
                       ("claim_to_employer", "console:dm:老张")}
    assert claims(jc) == [("李四", 1, "confirmed")]


@pytest.mark.parametrize("words", ["报名", "+1", "我去", "我要去", "算我一个"])
def test_claim_words_take_the_card_in_sight(jc: Conversation, words: str) -> None:
    jc.say(f"孙七@青天村群: {words}")
    assert claims(jc) == [("孙七", 1, "confirmed")]


def test_claim_with_a_count(jc: Conversation) -> None:
    out = jc.say("孙七@青天村群^: 我报2个人")
    assert claims(jc) == [("孙七", 2, "confirmed")]
    assert jc.jobs()[0]["status"] == "filled"
    assert any(m.startswith("✎ 青天村群:") and "已招满" in m for m in out)


def test_too_many_people_is_refused(jc: Conversation) -> None:
    out = jc.say("孙七@青天村群^: 我们5个人报名")
    assert "只要2人" in to(out, "青天村群")[0]
    assert claims(jc) == []


def test_waitlist_and_promotion_in_order(jc: Conversation) -> None:
    jc.say("李四@青天村群^: 报名\n赵六@青天村群^: 报名")
    assert jc.jobs()[0]["status"] == "filled"
    out = jc.say("孙七@青天村群^: 报名")
    assert "候补第1位" in to(out, "青天村群")[0]
    assert "候补第1位" in to(out, "孙七")[0]
    out = jc.say("王五@青天村群^: 报名")
    assert "候补第2位" in to(out, "青天村群")[0]
    assert jc.jobs()[0]["status"] == "filled"
    # 李四 withdraws: 孙七 (first in line) moves up and hears the boss's phone.
    out = jc.say("李四: 取消报名")
    assert to(out, "李四")[0].startswith("已取消报名")
    assert "候补补上了" in to(out, "孙七")[0] and "13812345678" in to(out, "孙七")[0]
    boss = "\n".join(to(out, "老张"))
    assert "李四" in boss and "取消了报名" in boss and "孙七" in boss
    assert claims(jc) == [("李四", 1, "cancelled"), ("赵六", 1, "confirmed"),
                          ("孙七", 1, "confirmed"), ("王五", 1, "waitlisted")]
    assert jc.jobs()[0]["status"] == "filled"
    with jc.session() as s:
        job = s.get(Job, 1)
        assert job is not None and job.confirmed == 2


def test_withdraw_by_button_reopens_the_job(jc: Conversation) -> None:
    jc.say("李四@青天村群^: 报名\n赵六@青天村群^: 报名")
    out = jc.say("赵六 [取消报名]")
    assert jc.jobs()[0]["status"] == "open"
    assert any(m.startswith("✎ 青天村群:") and "已报名 1/2" in m for m in out)


def test_filling_tells_the_cards_and_the_waitlist(jc: Conversation) -> None:
    jc.say("李四@青天村群^: 我报2个人")
    jc.say("孙七@青天村群^: 报名\n赵六@青天村群^: 报名")
    out = jc.say("李四: 取消")  # 李四's two places free up: both in line move up
    assert claims(jc)[1:] == [("孙七", 1, "confirmed"), ("赵六", 1, "confirmed")]
    assert jc.jobs()[0]["status"] == "filled"
    assert any("已招满" in m for m in out if m.startswith("✎ 青天村群"))


def test_claim_with_no_job_in_sight(jc: Conversation) -> None:
    out = jc.say("孙七: 报名")
    assert "您要报哪个活" in to(out, "孙七")[0]
    conv = Conversation()
    try:
        out = conv.say("@group 空群 木鱼镇\n孙七@空群: 我去报名")
        assert "您要报哪个活" in to(out, "空群")[0]
        assert conv.jobs() == []
    finally:
        conv.close()
    assert claims(jc) == []


def test_poster_cannot_claim_own_job(jc: Conversation) -> None:
    out = jc.say("老张@青天村群^: 报名")
    assert "自己发的招工" in to(out, "青天村群")[0]
    out = jc.say("老张@青天村群 [报名]")
    assert "自己发的招工" in to(out, "青天村群")[0]
    assert claims(jc) == []


def test_claim_twice_changes_nothing(jc: Conversation) -> None:
    jc.say("李四@青天村群^: 报名")
    out = jc.say("李四@青天村群^: +1")
    assert "不用重复报名" in to(out, "青天村群")[0]
    assert claims(jc) == [("李四", 1, "confirmed")]


def test_claim_on_expired_job_changes_nothing(jc: Conversation) -> None:
    jc.say("@now 2026-11-28 08:00")
    out = jc.say("李四@青天村群^: 报名")
    assert "过期" in to(out, "青天村群")[0]
    out = jc.say("李四@青天村群 [报名]")
    assert "过期" in to(out, "青天村群")[0]
    assert claims(jc) == []


def test_withdraw_without_a_claim(jc: Conversation) -> None:
    out = jc.say("孙七: 取消报名")
    assert "没有报名" in to(out, "孙七")[0]
    out = jc.say("孙七@青天村群^: 取消")
    assert "没有报名这个活" in to(out, "青天村群")[0]
    assert jc.jobs()[0]["status"] == "open" and claims(jc) == []


def test_my_claims_shows_the_boss_phone_and_logs_it(jc: Conversation) -> None:
    jc.say("赵六@青天村群^: 报名")
    out = jc.say("赵六: 我的报名")
    assert "13812345678" in to(out, "赵六")[0]
    with jc.session() as s:
        assert any(r.reason == "my_claims" for r in s.exec(select(PhoneReveal)))


def test_officer_claims_for_a_villager_without_a_phone(jc: Conversation) -> None:
    out = jc.say("李主任@青天村群^: 代 王大爷 报名")
    assert claims(jc) == [("王大爷", 1, "confirmed")]
    assert "已代王大爷报名" in to(out, "李主任")[0]
    assert "信息员李主任代报" in to(out, "老张")[0]
    with jc.session() as s:
        villager = s.exec(select(Person).where(Person.name == "王大爷")).one()
        claim = s.exec(select(Claim)).one()
        officer = s.exec(select(Person).where(Person.name == "李主任")).one()
        assert villager.managed_by == officer.id and claim.by_person_id == officer.id


def test_only_officers_act_for_others(jc: Conversation) -> None:
    out = jc.say("孙七@青天村群^: 代 王大爷 报名")
    assert "只有信息员" in to(out, "青天村群")[0]
    assert claims(jc) == []


def test_group_chatter_quoting_a_card_is_left_alone(jc: Conversation) -> None:
    out = jc.say("孙七@青天村群^: 这老板人挺好的")
    assert to(out, "青天村群") == []
    assert claims(jc) == []


# --------------------------------------------------------------------------- chat scripts

SCRIPTS = Path(__file__).parent / "scripts"
SORRY = "没处理好"


def play(name: str) -> tuple[Conversation, list[str]]:
    conv = Conversation()
    return conv, conv.say((SCRIPTS / name).read_text(encoding="utf-8"))


def test_demo_script_posts_matches_and_fills() -> None:
    conv, out = play("jobs_demo.chat")
    try:
        assert not any(SORRY in m for m in out)
        [job] = conv.jobs()
        assert job["status"] == "filled" and job["wage_min"] == 180
        assert [(c["person"], c["status"]) for c in job["claims"]] == [
            ("李四", "cancelled"), ("赵六", "confirmed"), ("孙七", "confirmed")]
        assert to(out, "李四")[0].startswith("订阅好了") and "有个活适合您" in to(out, "李四")[1]
        assert to(out, "王五") == [to(out, "王五")[0]]  # a driver in 松柏 hears nothing of it
        assert "已招满" in [m for m in out if m.startswith("✎ 松柏群")][-1]
        assert "已招满" in [m for m in out if m.startswith("✎ 青天村群")][-1]
        boss = "\n".join(to(out, "老张"))
        assert "李四 取消了报名（已报 1/2）" in boss and "13900000006" in boss
    finally:
        conv.close()


def test_bad_inputs_script_answers_each_and_changes_nothing_else() -> None:
    conv, out = play("jobs_bad_inputs.chat")
    try:
        assert not any(SORRY in m for m in out)
        [job] = conv.jobs()
        assert job["status"] == "expired" and job["headcount"] == 1 and job["wage_min"] == 150
        assert [(c["person"], c["count"], c["status"]) for c in job["claims"]] == [
            ("孙七", 1, "confirmed"), ("周八", 1, "waitlisted")]
        group = to(out, "青天村群")
        for answer in ("您要报哪个活", "自己发的招工", "没看懂要改什么", "只要1人",
                       "不用重复报名", "没有报名这个活", "候补第1位", "人数要写成",
                       "过期了，报不了名", "过期了，改不了"):
            assert any(answer in m for m in group), answer
    finally:
        conv.close()


def test_workers_script_subscribes_pauses_and_proxies() -> None:
    conv, out = play("jobs_workers.chat")
    try:
        assert not any(SORRY in m for m in out)
        [job] = conv.jobs()
        assert job["claims"] == [{"person": "王大爷", "count": 1, "status": "confirmed"}]
        assert to(out, "李四")[-1].startswith("您还没有订阅")
        assert any(m.startswith("（转告王大爷）有个活适合您") for m in to(out, "李主任"))
    finally:
        conv.close()


def test_chat_words_like_recall_in_a_group_are_left_alone(jc: Conversation) -> None:
    out = jc.say("孙七@青天村群: 撤回")
    assert to(out, "青天村群") == []
    assert jc.jobs()[0]["status"] == "open"


def test_a_job_the_poster_called_full_only_waitlists(jc: Conversation) -> None:
    jc.say("李四@青天村群^: 报名")
    jc.say("老张: 招满了")
    assert jc.jobs()[0]["status"] == "filled"
    out = jc.say("孙七@青天村群^: 报名")
    assert "候补第1位" in to(out, "青天村群")[0]
    assert claims(jc) == [("李四", 1, "confirmed"), ("孙七", 1, "waitlisted")]


def test_poster_calling_it_full_lets_the_waitlist_go_and_a_withdrawal_reopens(
        jc: Conversation) -> None:
    jc.say("李四@青天村群^: 报名\n赵六@青天村群^: 我报2个人")
    assert claims(jc) == [("李四", 1, "confirmed"), ("赵六", 2, "waitlisted")]
    out = jc.say("老张: 招满了")
    assert jc.jobs()[0]["status"] == "filled"
    assert claims(jc) == [("李四", 1, "confirmed"), ("赵六", 2, "cancelled")]
    assert any("这次没排上" in m for m in to(out, "赵六"))
    jc.say("李四@青天村群^: 不去了")
    assert jc.jobs()[0]["status"] == "open"
    with jc.session() as s:
        job = s.get(Job, 1)
        assert job is not None and job.confirmed == 0 and job.filled_at is None


def test_a_proxy_never_picks_a_namesake_outside_the_officers_reach(jc: Conversation) -> None:
    jc.say("老王: 电话13900000009")  # a worker of that name, no place known: not a villager
    out = jc.say("李主任@青天村群^: 代 老王 报名")
    with jc.session() as s:
        wangs = s.exec(select(Person).where(Person.name == "老王")).all()
        officer = s.exec(select(Person).where(Person.name == "李主任")).one()
    assert len(wangs) == 2 and wangs[1].managed_by == officer.id
    assert "13900000009" not in " ".join(out)
    assert "信息员李主任代报" in to(out, "老张")[0]


def test_two_villagers_of_one_name_make_the_officer_say_which(jc: Conversation) -> None:
    jc.say("@officer 青天干事 青天村\n@officer 青峰干事 青峰村\n"
           "青天干事: 代 老王 订阅 搬运\n青峰干事: 代 老王 订阅 搬运")
    out = jc.say("李主任@青天村群^: 代 老王 报名")
    assert "叫老王的有2位（青天村、青峰村）" in to(out, "青天村群")[0]
    assert claims(jc) == []
    jc.say("李主任@青天村群^: 代 青峰村老王 报名")
    with jc.session() as s:
        claim = s.exec(select(Claim)).one()
        villager = s.get(Person, claim.person_id)
        assert villager is not None and villager.region_code == "429021102204"  # 青峰村


def test_a_no_show_is_recorded_by_the_poster_or_an_officer_after_work_began(
        jc: Conversation) -> None:
    jc.say("李四@青天村群^: 报名\n赵六@青天村群^: 报名\n孙七@青天村群^: 报名")
    assert claims(jc) == [("李四", 1, "confirmed"), ("赵六", 1, "confirmed"),
                          ("孙七", 1, "waitlisted")]
    out = jc.say("老张 [李四没来]")  # the button on the employer's note, the day before
    assert "还没到开工的日子" in to(out, "老张")[0]
    assert claims(jc)[0] == ("李四", 1, "confirmed")
    out = jc.say("@now 2026-11-27 09:30\n老张 [李四没来]")
    assert to(out, "老张")[0].startswith("记下了：李四没来")
    assert "老板说您没来上工" in to(out, "李四")[0] and "取消报名" in to(out, "李四")[0]
    assert any(m.startswith("候补补上了") for m in to(out, "孙七"))
    with jc.session() as s:
        people = {p.id: p for p in s.exec(select(Person))}
        rows = {people[c.person_id].name: c.status for c in s.exec(select(Claim))}
        no_shows = {p.name: p.no_shows for p in people.values()}
    assert rows["李四"] == "no_show" and no_shows["李四"] == 1 and rows["孙七"] == "confirmed"
    out = jc.say("老张 [李四没来]")
    assert "已经记过李四没来" in to(out, "老张")[0]
    # Someone else saying it in the group is talk; the officer of the place is heard.
    assert to(jc.say("孙七@青天村群^: 赵六没来"), "青天村群") == []
    out = jc.say("李主任@青天村群^: 赵六没来")
    assert to(out, "青天村群")[0].startswith("记下了：赵六没来")
    with jc.session() as s:
        assert s.exec(select(Person).where(Person.name == "赵六")).one().no_shows == 1
    out = jc.say("老张: 王五没来")
    assert "报上这个活的有：孙七" in to(out, "老张")[0]


def test_no_show_by_text_the_next_day_with_one_worker_on_the_job(jc: Conversation) -> None:
    jc.say("李四@青天村群^: 报名")
    out = jc.say("@now 2026-11-28 08:00\n老张^: 没来")  # the job has expired meanwhile
    # (the evening before, the bot asked 老张 to rate 李四: the answer is the last message)
    assert to(out, "老张")[-1].startswith("记下了：李四没来")
    assert claims(jc) == [("李四", 1, "cancelled")]  # jobs --json shows a no-show as cancelled
