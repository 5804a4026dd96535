"""Subscribing in plain words, pausing, availability, group seek offers, officer proxies."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlmodel import col, select

from storage.models import Person, Subscription
from tests.conversation import Conversation, to

SETUP = """
@group 青天村群 木鱼镇
@officer 李主任 木鱼镇
"""
POST = "老张@青天村群: 明天要3个搬运工，150一天，木鱼镇青天村，电话13812345678"


@pytest.fixture
def jc() -> Iterator[Conversation]:
    conv = Conversation()
    conv.say(SETUP)
    yield conv
    conv.close()


def subs(chat: Conversation, name: str) -> list[Subscription]:
    with chat.session() as s:
        person = s.exec(select(Person).where(Person.name == name)).first()
        if person is None:
            return []
        return list(s.exec(select(Subscription).where(
            Subscription.person_id == person.id, col(Subscription.active).is_(True))))


def test_subscribe_with_type_and_place(jc: Conversation) -> None:
    out = jc.say("李四: 订阅 搬运 木鱼镇")
    assert to(out, "李四")[0].startswith("订阅好了：搬运工 · 木鱼镇")
    [sub] = subs(jc, "李四")
    assert sub.work_types == "搬运工" and sub.region_code == "429021102"


def test_subscribe_in_free_words(jc: Conversation) -> None:
    out = jc.say("王五: 我会开车 想在松柏找活 150以上")
    assert "司机" in to(out, "王五")[0]
    [sub] = subs(jc, "王五")
    assert (sub.work_types, sub.region_code, sub.min_wage) == ("司机", "429021100", 150)


def test_subscribe_twice_keeps_one_line(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运 木鱼镇\n李四: 订阅 搬运 木鱼镇")
    assert len(subs(jc, "李四")) == 1


def test_unknown_words_change_nothing(jc: Conversation) -> None:
    out = jc.say("李四: 订阅 火星开飞船")
    assert "没认出" in to(out, "李四")[0]
    out = jc.say("李四: 订阅")
    assert "要订阅什么活" in to(out, "李四")[0]
    assert subs(jc, "李四") == []


def test_available_tomorrow(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运")
    out = jc.say("李四: 明天有空")
    assert "明天 11月27日" in to(out, "李四")[0]
    assert subs(jc, "李四")[0].available_on == date(2026, 11, 27)


def test_available_without_a_subscription_takes_any_work(jc: Conversation) -> None:
    jc.say("李四: 明天有空")
    [sub] = subs(jc, "李四")
    assert sub.work_types == "" and sub.available_on == date(2026, 11, 27)
    out = jc.say(POST)
    assert to(out, "李四")  # any work in the county reaches them


def test_pause_this_week_then_resume(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运 木鱼镇")
    out = jc.say("李四: 这周不接活")
    assert "到11月29日（周日）为止的活不给您推送" in to(out, "李四")[0]
    assert subs(jc, "李四")[0].paused_until == date(2026, 11, 29)
    out = jc.say(POST)
    assert to(out, "李四") == []
    out = jc.say("李四: 恢复接活")
    assert subs(jc, "李四")[0].paused_until is None
    # the job that came during the pause, still open, comes at once
    assert any("有个活适合您" in m for m in to(out, "李四"))
    out = jc.say("老王@青天村群: 后天要2个搬运工，160一天，木鱼镇青天村，电话13811112222")
    assert to(out, "李四")


def pushed(out: list[str], name: str) -> list[str]:
    return [m for m in to(out, name) if "有个活适合您" in m]


def test_this_week_off_on_a_thursday_still_gets_next_weeks_jobs(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运 木鱼镇\n李四: 这周不接活")
    out = jc.say("老王@青天村群: 周日要2个搬运工，160一天，木鱼镇青天村，电话13811112222")
    assert pushed(out, "李四") == []  # Sunday is still this week
    out = jc.say("老刘@青天村群: 下周一要2个搬运工，170一天，木鱼镇青天村，电话13811113333")
    [push] = pushed(out, "李四")  # Monday is not
    assert "170" in push


def test_jobs_that_came_during_a_pause_come_when_it_ends(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运 木鱼镇\n李四: 这周不接活")
    out = jc.say("老刘@青天村群: 周六要3个搬运工，150一天，木鱼镇青天村，电话13811113333\n"
                 "老陈@青天村群: 要1个搬运工，300一天，木鱼镇青天村，电话13811114444")
    assert pushed(out, "李四") == []
    jc.say("老陈: 取消")  # taken down during the pause: never pushed
    jc.say("@wait 2d")  # Saturday
    out = jc.say("老王@青天村群: 要2个搬运工，160一天，木鱼镇青天村，电话13811112222")
    assert pushed(out, "李四") == []
    out = jc.say("@wait 1d")  # Sunday 08:00: still paused
    assert pushed(out, "李四") == []
    out = jc.say("@wait 23h")  # Monday 07:00: the pause is over
    [push] = pushed(out, "李四")
    assert "160" in push and "150" not in push  # Saturday's job expired meanwhile
    assert subs(jc, "李四")[0].paused_until is None
    assert pushed(jc.say("@wait 1d"), "李四") == []  # once


def test_tomorrow_off_pauses_tomorrow_only(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运 木鱼镇")
    [reply] = to(jc.say("李四: 明天不接活"), "李四")
    assert "明天 11月27日 周五的活不给您推送" in reply
    [sub] = subs(jc, "李四")
    assert (sub.paused_from, sub.paused_until) == (date(2026, 11, 27), date(2026, 11, 27))
    out = jc.say("老王@青天村群: 明天要2个搬运工，160一天，木鱼镇青天村，电话13811112222")
    assert pushed(out, "李四") == []
    out = jc.say("老刘@青天村群: 今天下午要2个搬运工，170一天，木鱼镇青天村，电话13811113333")
    assert len(pushed(out, "李四")) == 1  # today is not paused
    out = jc.say("老陈@青天村群: 要1个搬运工，180一天，木鱼镇青天村，电话13811114444")
    assert len(pushed(out, "李四")) == 1  # nor are undated jobs today


def test_next_week_free_is_next_week_not_today(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运")
    [reply] = to(jc.say("李四: 下周有空"), "李四")
    assert "11月30日到12月6日有空" in reply
    [sub] = subs(jc, "李四")
    assert (sub.available_on, sub.available_until) == (date(2026, 11, 30), date(2026, 12, 6))
    assert "11月30日到12月6日有空" in to(jc.say("李四: 我的订阅"), "李四")[0]
    [reply] = to(jc.say("李四: 今天有空"), "李四")
    assert "今天 11月26日" in reply and subs(jc, "李四")[0].available_until is None


def test_next_week_free_ranks_first_for_next_weeks_jobs_only(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运\n王五: 订阅 搬运\n王五: 下周有空")
    settings_max = jc.app.settings.matching.max_pushes
    assert settings_max >= 2
    out = jc.say("老刘@青天村群: 下周三要1个搬运工，170一天，木鱼镇青天村，电话13811113333")
    assert pushed(out, "王五") and pushed(out, "李四")


@pytest.mark.parametrize("start", ["2024-03-07 08:00", "2031-11-20 08:00"])
def test_pause_end_runs_on_the_conversations_clock(start: str) -> None:
    """A Thursday years before and after the machine's date: the same days, the same pushes."""
    conv = Conversation(start=start)
    try:
        conv.say(SETUP + "李四: 订阅 搬运 木鱼镇\n李四: 这周不接活\n@wait 2d")
        out = conv.say("老王@青天村群: 要2个搬运工，160一天，木鱼镇青天村，电话13811112222")
        assert pushed(out, "李四") == []
        assert pushed(conv.say("@wait 1d"), "李四") == []
        assert len(pushed(conv.say("@wait 23h"), "李四")) == 1
    finally:
        conv.close()


def test_my_subscriptions_and_unsubscribe(jc: Conversation) -> None:
    out = jc.say("李四: 我的订阅")
    assert "还没有订阅" in to(out, "李四")[0]
    jc.say("李四: 订阅 搬运 木鱼镇\n李四: 订阅 保洁 松柏镇 100以上")
    out = jc.say("李四: 我的订阅")
    listing = to(out, "李四")[0]
    assert "1. 搬运工 · 木鱼镇" in listing and "2. 保洁员 · 松柏镇 · 100元以上" in listing
    out = jc.say("李四: 退订")
    assert "已退订" in to(out, "李四")[0]
    assert subs(jc, "李四") == []
    out = jc.say(POST)
    assert to(out, "李四") == []
    out = jc.say("李四: 退订")
    assert "还没有订阅" in to(out, "李四")[0]


def test_new_subscriber_hears_of_open_jobs_that_fit(jc: Conversation) -> None:
    jc.say(POST)
    out = jc.say("李四: 订阅 搬运")
    pushed = to(out, "李四")
    assert len(pushed) == 2 and "有个活适合您" in pushed[1] and "[报名]" in pushed[1]
    out = jc.say("李四: 订阅 搬运 木鱼镇")
    assert len(to(out, "李四")) == 1  # the same job is never pushed twice


def test_work_seek_in_a_group_offers_to_subscribe(jc: Conversation) -> None:
    out = jc.say("赵六@青天村群: 本人52岁 想找个搬运的活 有活叫我")
    [offer] = to(out, "青天村群")
    assert offer.startswith("赵六") and "[订阅]" in offer
    out = jc.say("孙七@青天村群 [订阅]")
    assert "给别人" in to(out, "青天村群")[0]
    assert subs(jc, "孙七") == []
    out = jc.say("赵六@青天村群 [订阅]")
    assert "订阅好了：搬运工" in to(out, "青天村群")[0]
    [sub] = subs(jc, "赵六")
    assert sub.region_code is not None  # the group's place by default
    out = jc.say("赵六@青天村群 [订阅]")
    assert "已经订阅过了" in to(out, "青天村群")[0]


def test_subscribe_word_in_group_without_an_offer(jc: Conversation) -> None:
    out = jc.say("孙七@青天村群: 订阅")
    assert "私聊我" in to(out, "青天村群")[0]
    assert subs(jc, "孙七") == []


def test_officer_subscribes_a_villager_and_hears_for_them(jc: Conversation) -> None:
    out = jc.say("李主任: 代 王大爷 订阅 搬运 木鱼镇")
    assert "已替王大爷订阅" in to(out, "李主任")[0]
    out = jc.say(POST)
    [push] = to(out, "李主任")
    assert push.startswith("（转告王大爷）有个活适合您")
    out = jc.say("李主任: 代 王大爷 退订")
    assert "已替王大爷退订" in to(out, "李主任")[0]
    assert subs(jc, "王大爷") == []


def test_private_phone_is_recorded_masked_back(jc: Conversation) -> None:
    out = jc.say("李四: 电话13900000001")
    assert "139****0001" in to(out, "李四")[0]
    with jc.session() as s:
        assert s.exec(select(Person.phone).where(Person.name == "李四")).one() == "13900000001"


def test_subscribe_words_in_a_group_take_the_group_place(jc: Conversation) -> None:
    out = jc.say("孙七@青天村群: 订阅 搬运")
    assert to(out, "青天村群")[0].startswith("订阅好了：搬运工")
    assert subs(jc, "孙七")[0].work_types == "搬运工"


def test_my_claims_in_a_group_points_to_private(jc: Conversation) -> None:
    jc.say(POST)
    out = jc.say("孙七@青天村群: 我的报名")
    assert "私聊" in to(out, "青天村群")[0]
    assert jc.jobs()[0]["claims"] == []


def test_officer_acts_only_in_their_own_area(jc: Conversation) -> None:
    jc.say("@officer 松柏干事 松柏镇\n松柏干事: 代 刘奶奶 订阅 保洁 松柏镇")
    out = jc.say("李主任: 代 刘奶奶 订阅 搬运 木鱼镇")
    # The 刘奶奶 of 松柏镇 is out of reach: 李主任's is another woman, in 木鱼镇.
    assert "已替刘奶奶订阅：搬运工 · 木鱼镇" in to(out, "李主任")[0]
    with jc.session() as s:
        grannies = s.exec(select(Person).where(Person.name == "刘奶奶")
                          .order_by(col(Person.id))).all()
        assert [g.region_code for g in grannies] == ["429021100", "429021102"]  # 松柏镇, 木鱼镇
        assert [sorted(x.work_types for x in s.exec(select(Subscription).where(
            Subscription.person_id == g.id, col(Subscription.active).is_(True))))
                for g in grannies] == [["保洁员"], ["搬运工"]]
    out = jc.say("李主任: 代 松柏镇刘奶奶 退订")
    assert "松柏镇不在您负责的片区" in to(out, "李主任")[0]


def test_each_message_is_parsed_once(jc: Conversation, monkeypatch: pytest.MonkeyPatch
                                     ) -> None:
    import nlp

    calls: list[str] = []
    real = nlp.parse

    def counting(text: str, *args: Any, **kwargs: Any) -> nlp.Parse:
        calls.append(text)
        return real(text, *args, **kwargs)

    # Wherever the parser was imported by name, the count sees it.
    for name, module in list(sys.modules.items()):
        if name == "nlp" or name.startswith(("handlers.", "bot.")):
            if getattr(module, "parse", None) is real:
                monkeypatch.setattr(module, "parse", counting)
    for line in ("李四: 订阅 搬运 木鱼镇", "孙七: 我会开车 想在松柏找活 150以上",
                 "赵六@青天村群: 本人52岁 想找个搬运的活 有活叫我",
                 "李主任: 代 王大爷 订阅 搬运 木鱼镇"):
        calls.clear()
        out = jc.say(line)
        assert out and len(calls) == 1, (line, calls)
    assert subs(jc, "孙七")[0].work_types == "司机"


JOBS = """
老张@青天村群: 明天要3个搬运工，150一天，木鱼镇青天村，电话13812345678
老刘: 后天要2个保洁员，120一天，松柏镇，电话13812340000
老陈: 明天要1个厨师，200一天，木鱼镇青峰村，电话13812341111
"""


@pytest.mark.parametrize("words", ["找活", "有什么活？", "有没有活干", "找活 附近"])
def test_private_find_work_lists_open_jobs_nearest_first(jc: Conversation, words: str) -> None:
    jc.say(JOBS + "李四: 订阅 搬运 青天村")
    out = to(jc.say(f"李四: {words}"), "李四")
    [listing] = out
    lines = [line.strip() for line in listing.split("\n")]
    assert lines[0].startswith("全林区在招的活（3个")
    # same village, then the same township, then elsewhere
    assert lines[1].startswith("【1】搬运工 缺3人 · 150元/天 · 明天 11月27日 周五 · 木鱼镇青天村")
    assert lines[2].startswith("【3】厨师 缺1人") and lines[3].startswith("【2】保洁员 缺2人")
    assert "回「报名【编号】」" in listing and "[报名【1】] [报名【3】] [报名【2】]" in listing
    assert all(len(line) <= 60 for line in lines)
    assert "13812345678" not in listing


def test_find_work_in_a_place_and_claim_by_number(jc: Conversation) -> None:
    jc.say(JOBS + "李四: 电话13900000001")
    [listing] = to(jc.say("李四: 找活 松柏镇"), "李四")
    assert listing.startswith("松柏镇在招的活（1个") and "【2】保洁员" in listing
    assert "搬运工" not in listing
    [listing] = to(jc.say("李四: 木鱼镇有什么活"), "李四")
    assert "【1】搬运工" in listing and "【3】厨师" in listing and "保洁员" not in listing
    out = jc.say("李四 [报名【2】]")
    assert "报名成功" in to(out, "李四")[0]
    assert [c["person"] for c in jc.jobs()[1]["claims"]] == ["李四"]


def test_find_work_with_nothing_open_says_so_and_wishes_still_subscribe(jc: Conversation
                                                                         ) -> None:
    [reply] = to(jc.say("李四: 找活"), "李四")
    assert "现在没有在招的活" in reply and "订阅" in reply
    out = jc.say("李四: 想在松柏找活 150以上")
    assert to(out, "李四")[0].startswith("订阅好了")


def test_unsubscribe_one_line_says_what_remains(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运 木鱼镇\n李四: 订阅 保洁 松柏镇 100以上")
    [reply] = to(jc.say("李四: 退订 保洁"), "李四")
    assert reply.startswith("已退订保洁员。还订阅着：") and "1. 搬运工 · 木鱼镇" in reply
    assert [s.work_types for s in subs(jc, "李四")] == ["搬运工"]
    out = jc.say(POST)  # the 搬运工 line still works
    assert to(out, "李四")
    [reply] = to(jc.say("李四: 退订 1"), "李四")
    assert "现在没有订阅了" in reply and subs(jc, "李四") == []


def test_unsubscribe_one_type_of_a_line_keeps_the_others(jc: Conversation) -> None:
    jc.say("李四: 订阅 搬运 保洁 木鱼镇")
    [reply] = to(jc.say("李四: 取消订阅 保洁"), "李四")
    assert "已退订保洁员" in reply and "搬运工 · 木鱼镇" in reply
    [sub] = subs(jc, "李四")
    assert sub.work_types == "搬运工"


@pytest.mark.parametrize("words", ["退订 厨师", "退订 松柏镇", "退订 5", "退订 火星"])
def test_unsubscribe_naming_nothing_subscribed_changes_nothing(jc: Conversation, words: str
                                                                ) -> None:
    jc.say("李四: 订阅 搬运 木鱼镇\n李四: 订阅 保洁 木鱼镇")
    [reply] = to(jc.say(f"李四: {words}"), "李四")
    assert "您订阅的：" in reply and "退订 工种" in reply and "已退订" not in reply
    assert len(subs(jc, "李四")) == 2


def test_unsubscribe_by_place_and_for_a_villager(jc: Conversation) -> None:
    jc.say("李主任: 代 王大爷 订阅 搬运 木鱼镇\n李主任: 代 王大爷 订阅 保洁 松柏镇")
    [reply] = to(jc.say("李主任: 代 王大爷 退订 松柏镇"), "李主任")
    assert reply.startswith("已替王大爷退订") and "搬运工 · 木鱼镇" in reply
    assert [s.work_types for s in subs(jc, "王大爷")] == ["搬运工"]


def test_find_work_of_a_type_lists_those_jobs_and_offers_to_subscribe(jc: Conversation
                                                                       ) -> None:
    jc.say(JOBS)
    [listing] = to(jc.say("李四: 找活 搬运"), "李四")
    assert listing.startswith("全林区在招的搬运工活（1个") and "【1】搬运工" in listing
    assert "保洁员" not in listing and "厨师" not in listing
    assert "回「订阅」" in listing and "[订阅]" in listing
    assert subs(jc, "李四") == []  # listing is not subscribing
    [reply] = to(jc.say("李四: 订阅"), "李四")
    assert reply.startswith("订阅好了：搬运工")
    [sub] = subs(jc, "李四")
    assert sub.work_types == "搬运工"


def test_find_work_of_a_type_in_a_place_with_nothing_open_offers_the_button(jc: Conversation
                                                                             ) -> None:
    jc.say(JOBS)
    [reply] = to(jc.say("李四: 找活 厨师 松柏镇"), "李四")
    assert reply.startswith("松柏镇现在没有在招的厨师活") and "[订阅]" in reply
    assert subs(jc, "李四") == []
    out = jc.say("李四 [订阅]")
    assert to(out, "李四")[0].startswith("订阅好了：厨师 · 松柏镇")


@pytest.mark.parametrize("words", ["想在松柏找活 150以上", "找活 会开车 工资高点"])
def test_a_wish_with_more_than_type_and_place_still_subscribes(jc: Conversation, words: str
                                                              ) -> None:
    out = to(jc.say(f"李四: {words}"), "李四")
    assert out[0].startswith("订阅好了") or "没认出" in out[0]
    assert "在招的" not in out[0]


def test_on_wechat_lists_say_the_words_once() -> None:
    """WeChat shows buttons as 回复「…」 lines; the list's own words say it already."""
    from datetime import datetime

    from bot.clock import TZ
    from bot.message import Chat, ChatKind, Message, User

    conv = Conversation()
    try:
        conv.say(SETUP + JOBS)
        user = User("wechat:wxid_li", "李四")
        message = Message("wechat:m1", Chat("wechat:wxid_li", ChatKind.PRIVATE), user,
                          datetime(2026, 11, 26, 9, 0, tzinfo=TZ), text="找活 搬运")
        conv.app.dispatcher.handle(message)
        with conv.session() as s:
            from storage.models import OutboxMessage
            [row] = s.exec(select(OutboxMessage).where(
                OutboxMessage.chat_id == "wechat:wxid_li")).all()
        assert "回「报名【编号】」" in row.text and "回「订阅」。" in row.text
        assert row.buttons in ("", "[]")
    finally:
        conv.close()


def test_on_wechat_a_group_seek_offer_says_the_word_once() -> None:
    from datetime import datetime

    from bot.clock import TZ
    from bot.message import Chat, ChatKind, Message, User
    from storage.models import OutboxMessage

    conv = Conversation()
    try:
        room = Chat("wechat:room9@chatroom", ChatKind.GROUP, "微信群")
        message = Message("wechat:m9", room, User("wechat:wxid_zhao", "赵六"),
                          datetime(2026, 11, 26, 9, 0, tzinfo=TZ),
                          text="本人52岁 想找个搬运的活 有活叫我")
        conv.app.dispatcher.handle(message)
        with conv.session() as s:
            [row] = s.exec(select(OutboxMessage).where(
                OutboxMessage.chat_id == room.id)).all()
        assert row.text.count("「订阅」") == 1 and row.buttons in ("", "[]")
    finally:
        conv.close()
