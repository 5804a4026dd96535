"""Round 17: a correction made at night reaches the groups at 07:00 as a short 改动 note;
「订阅 挖掘机 司机」 subscribes the machine's operator, not any driver; a favour asked of the
group with no pay is no post. Each kind is checked both ways; every sentence is new (none is a
line of a conversation set)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import col, select

from handlers import notices
from nlp.gazetteer import load_gazetteer
from storage.models import Person, Subscription
from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

# ==== a night's correction of a published card: one 改动 note to the group at 07:00


HAULING = """
@group 温水村群 温水村
龚老板: 你好
小蒲: 你好
龚老板@温水村群: 后天要两个搬运工 卸河沙 一天两百 电话15907192283 龚老板
小蒲@温水村群^: 我去
"""


@pytest.fixture
def hauling() -> Iterator[Conversation]:
    conv = Conversation(start="2028-06-12 18:00", autobind=True)
    conv.say(HAULING)
    conv.say("@now 2028-06-12 21:40")  # quiet hours from 21:00
    yield conv
    conv.close()


def _notes(out: list[str], chat: str) -> list[str]:
    return [m for m in to(out, chat) if "【改动】" in m]


def test_a_wage_raised_at_night_is_told_to_the_group_at_seven(hauling: Conversation) -> None:
    out = hauling.say("龚老板@温水村群^: 工价两百二 河沙重")
    assert _notes(out, "温水村群") == []  # nobody is woken tonight
    out = hauling.say("@now 2028-06-13 07:01")
    [note] = _notes(out, "温水村群")
    assert "工价：220元/天" in note
    assert "时间" not in note and "人数" not in note  # only what changed
    assert "15907192283" not in note


def test_corrected_twice_in_one_night_is_one_note_with_both(hauling: Conversation) -> None:
    hauling.say("龚老板@温水村群^: 改到大后天")
    hauling.say("@wait 40m\n龚老板@温水村群^: 人数3")
    out = hauling.say("@now 2028-06-13 07:01")
    [note] = _notes(out, "温水村群")
    # the day said as of the morning it is read: 6月15日 is 后天 on the 13th
    assert "时间：后天 6月15日" in note and "人数：3人" in note
    assert "工价" not in note


def test_a_private_correction_at_night_reaches_the_group_too(hauling: Conversation) -> None:
    hauling.say("龚老板: 工价两百三")
    out = hauling.say("@now 2028-06-13 07:01")
    [note] = _notes(out, "温水村群")
    assert "230" in note


def test_changed_back_before_morning_says_nothing(hauling: Conversation) -> None:
    hauling.say("龚老板@温水村群^: 工价两百五")
    hauling.say("@wait 30m\n龚老板@温水村群^: 说错了 还是两百")
    out = hauling.say("@now 2028-06-13 07:01")
    assert _notes(out, "温水村群") == []


def test_a_job_taken_down_overnight_gets_no_note(hauling: Conversation) -> None:
    hauling.say("龚老板@温水村群^: 工价两百五")
    hauling.say("@wait 30m\n龚老板@温水村群^: 取消 河涨水了")
    out = hauling.say("@now 2028-06-13 07:01")
    assert _notes(out, "温水村群") == []


def test_a_daytime_correction_needs_no_morning_note() -> None:
    conv = Conversation(start="2028-06-12 18:00", autobind=True)
    try:
        conv.say(HAULING)
        out = conv.say("龚老板@温水村群^: 工价两百二")
        assert _notes(out, "温水村群") == []  # seen now, on the card everyone is reading
        out = conv.say("@now 2028-06-13 07:01")
        assert _notes(out, "温水村群") == []
    finally:
        conv.close()


@pytest.mark.parametrize("text", [
    "工价两百",  # the value it has: nothing changes
    "明天河沙下得完不",  # talk under the card
])
def test_no_change_at_night_no_note(hauling: Conversation, text: str) -> None:
    hauling.say(f"龚老板@温水村群^: {text}")
    out = hauling.say("@now 2028-06-13 07:01")
    assert _notes(out, "温水村群") == []


def test_a_claim_at_night_is_no_change_to_announce(hauling: Conversation) -> None:
    hauling.say("老谌@温水村群^: 我去")
    assert _claims(hauling) == [[("小蒲", 1, "confirmed"), ("老谌", 1, "confirmed")]]
    out = hauling.say("@now 2028-06-13 07:01")
    assert _notes(out, "温水村群") == []


@pytest.mark.parametrize(("chat", "here", "goes"), [
    ("console:group:温水村群", "console:龚老板", True),
    ("telegram:-100123", "telegram:42", True),
    ("wechat:r1@chatroom", "wechat:r1@chatroom", True),  # its card was edited (re-sent) at night
    ("wechat:r1@chatroom", "wechat:wxid_boss", False),  # its whole card comes at 07:00 anyway
])
def test_where_the_whole_card_comes_anew_at_seven_no_note_beside_it(
        chat: str, here: str, goes: bool) -> None:
    assert notices.note_beside_card(chat, here) is goes


# ==== 「订阅 挖掘机 司机」: a machine and its operator are one work, the type the table gives it


def _subs(conv: Conversation) -> list[tuple[str, str | None]]:
    """Each active subscription: its work types and the name of its place."""
    g = load_gazetteer()
    with conv.session() as s:
        rows = s.exec(select(Subscription, Person).join(
            Person, col(Person.id) == col(Subscription.person_id))).all()
        return [(sub.work_types, place.name if place else None)
                for sub, _ in rows if sub.active
                for place in [g.by_code(sub.region_code) if sub.region_code else None]]


@pytest.fixture
def private() -> Iterator[Conversation]:
    conv = Conversation(start="2028-05-08 09:00", autobind=True)
    conv.say("小贺: 你好")
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "place", "phrase"), [
    ("订阅 挖掘机 司机", None, "挖掘机司机"),
    ("订阅 挖机 师傅 红坪镇", "红坪镇", "挖机师傅"),
    ("订阅 铲车 司机，松柏镇", "松柏镇", "铲车司机"),
    # the machine after its operator: the same work, the driver of an excavator
    ("订阅 司机 挖掘机", None, "挖掘机司机"),
    ("订阅 师傅 钩机 宋洛乡", "宋洛乡", "钩机师傅"),
])
def test_a_machine_and_its_operator_subscribe_that_work(private: Conversation, text: str,
                                                       place: str | None, phrase: str) -> None:
    out = private.say(f"小贺: {text}")
    [answer] = to(out, "小贺")
    assert _subs(private) == [("司机", place)]
    assert "没认出" not in answer
    assert f"「{phrase}」的活算在「司机」里" in answer  # told what the type holds


def test_a_place_of_work_and_a_helper_are_the_listed_work(private: Conversation) -> None:
    out = private.say("小贺: 订阅 厨房 帮工")  # the kitchen's helper: 帮厨, not any 小工
    assert _subs(private) == [("帮厨", None)]
    assert "没认出" not in to(out, "小贺")[0]


def test_an_operator_subscribed_hears_of_the_machine_job(private: Conversation) -> None:
    private.say("小贺: 订阅 挖机 师傅 红坪镇")
    out = private.say("""
        @group 红河村群 红河村
        晏老板@红河村群: 明天要个挖机师傅 挖屋基 一天八百 电话13687120954 晏老板
    """)
    assert any("有个活适合您" in m for m in to(out, "小贺"))


@pytest.mark.parametrize(("text", "subs"), [
    ("订阅 挖掘机 司机 小工", [("司机|小工", None)]),  # two works: both kept
    ("订阅 小工 铲车 司机", [("小工|司机", None)]),
    ("订阅 司机 保安", [("司机|保安", None)]),  # two works side by side stay two
    ("订阅 家政 服务员", [("家政|服务员", None)]),  # even where the table lists them joined
])
def test_distinct_works_in_one_subscription_are_all_kept(private: Conversation, text: str,
                                                         subs: list[tuple[str, None]]) -> None:
    private.say(f"小贺: {text}")
    assert _subs(private) == subs


@pytest.mark.parametrize(("text", "subs", "unknown"), [
    ("订阅 北京 司机", [("司机", None)], "北京"),  # a place far off does not join the work
    ("订阅 司机 木鱼镇", [("司机", "木鱼镇")], None),  # a place stays a place
    ("订阅 司机 200以上", [("司机", None)], None),
])
def test_a_word_beside_the_operator_that_is_no_machine_is_read_alone(
        private: Conversation, text: str, subs: list[tuple[str, str | None]],
        unknown: str | None) -> None:
    out = private.say(f"小贺: {text}")
    [answer] = to(out, "小贺")
    assert _subs(private) == subs
    assert "算在" not in answer
    assert (f"没认出：{unknown}" in answer) if unknown else ("没认出" not in answer)


def test_a_machine_alone_is_not_understood_as_a_work(private: Conversation) -> None:
    out = private.say("小贺: 订阅 挖掘机")  # to hire one, or to drive one? asked how to say it
    assert _subs(private) == []
    assert "没认出「挖掘机」" in to(out, "小贺")[0]


@pytest.mark.parametrize(("text", "kind"), [
    ("订阅 保洁 阿姨", "保洁员"),
    ("订阅 搬运 工", "搬运工"),
])
def test_a_work_and_a_bare_title_need_no_note(private: Conversation, text: str,
                                              kind: str) -> None:
    out = private.say(f"小贺: {text}")
    assert _subs(private) == [(kind, None)]
    assert "算在" not in to(out, "小贺")[0]


def test_unsubscribing_the_machine_operator_ends_that_work(private: Conversation) -> None:
    private.say("小贺: 订阅 司机 红坪镇\n小贺: 订阅 小工 红坪镇")
    private.say("小贺: 退订 挖掘机 司机")
    assert _subs(private) == [("小工", "红坪镇")]


# ==== a favour asked of the group (「哪个明天帮我把柴背一下」): no pay, no post; with pay, a post


@pytest.fixture
def village() -> Iterator[Conversation]:
    conv = Conversation(start="2028-10-16 18:20", autobind=True)
    conv.say("@group 官封村群 官封村\n田婆婆: 你好")
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "哪个明天帮我把苞谷杆背一下",
    "哪个有空帮我看下孙娃 我去趟镇上",
    "谁后天得空帮我挖下洋芋哦",
    "有没有人明天帮我把猪赶到坡上",
    "哪位明天帮我砍点柴 要两个人",  # a count, still help asked, no pay
    "哪个明天帮我背下肥料 电话13872265190",  # a phone to call, no pay
    "有冇得人帮下忙 明天我屋里杀猪",
])
def test_a_favour_with_no_pay_is_no_post(village: Conversation, text: str) -> None:
    out = village.say(f"田婆婆@官封村群: {text}")
    assert village.jobs() == []
    assert to(out, "官封村群") == []  # no card, no 还缺工价 said to the group
    assert to(out, "田婆婆") == []  # nor asked privately


@pytest.mark.parametrize(("text", "work"), [
    ("哪个明天帮我背柴 给一百", "搬运工"),
    ("哪个明天有空帮我带娃 一天给一百", "育婴员"),
    ("有没有人后天帮我搬下家 两个人 一人一百五", "搬运工"),
])
def test_a_favour_with_a_pay_is_a_post(village: Conversation, text: str, work: str) -> None:
    out = village.say(f"田婆婆@官封村群: {text}")
    [job] = village.jobs()
    assert (job["work_type"], job["state"]) == (work, "open")
    assert any("【招工】" in m for m in to(out, "官封村群"))


def test_a_hire_not_asked_as_a_favour_still_asks_its_wage(village: Conversation) -> None:
    out = village.say("田婆婆@官封村群: 明天要两个搬运工 背肥料 电话13872265190")
    [job] = village.jobs()
    assert job["state"] == "draft"
    assert any("工价" in m for m in to(out, "田婆婆"))


@pytest.mark.parametrize("text", ["哪个有空帮我看下孙娃", "谁明天有时间 帮我背下柴",
                                  "哪个明天帮我背下肥料 电话13872265190"])
def test_a_favour_asked_privately_is_no_free_day_post_or_seek(village: Conversation,
                                                              text: str) -> None:
    out = village.say(f"田婆婆: {text}")
    assert village.jobs() == []
    assert _subs(village) == []  # no seek subscribed
    assert all("有空" not in m or "记下了" not in m for m in to(out, "田婆婆"))


@pytest.mark.parametrize("text", ["明天有空", "我后天有时间 哪个要人"])
def test_ones_own_free_day_is_still_kept(village: Conversation, text: str) -> None:
    out = village.say(f"田婆婆: {text}")
    assert any("记下了" in m and "有空" in m for m in to(out, "田婆婆"))
