"""Issue 10, a tenth round: what the sixteenth round of conversations found after the gig and
in subscriptions. Each with the look-alikes that must not act."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from handlers import aftercare
from storage.models import Person, Subscription, WageCheck
from tests.conversation import Conversation, to

# ==== 我的报名 shows the pay the worker said yes to


def test_my_claims_show_the_wage_as_it_is_now() -> None:
    c = Conversation(start="2027-09-23 15:30", autobind=True)
    c.say("""
    @group 麻湾村群 麻湾村
    曹老板: 你好
    小朱: 你好
    小吴: 你好
    曹老板@麻湾村群: 下周一麻湾村起屋 要1个木工 支模 一天三百五 电话13872641059 曹老板
    小朱@麻湾村群^: 我去
    小吴@麻湾村群^: 我去
    曹老板@麻湾村群^: 工价改成三百八
    """)
    mine = to(c.say("小朱: 我的报名"), "小朱")
    assert len(mine) == 1
    assert "工价：380元/天" in mine[0] and "13872641059" in mine[0]
    assert "350" not in mine[0]  # as the job is now, not as it was posted
    # the one waiting sees the pay too, but no phone before he has a place
    waiting = to(c.say("小吴: 我的报名"), "小吴")
    assert "候补第1位" in waiting[0] and "工价：380元/天" in waiting[0]
    assert "13872641059" not in waiting[0]
    c.close()


def test_my_claims_list_no_job_withdrawn_from() -> None:
    c = Conversation(start="2027-09-09 08:00", autobind=True)
    c.say("""
    @group 盘龙村群 盘龙村
    老卫: 你好
    谭老板@盘龙村群: 明天开始挖药材 干两天 要个人 一天一百六 完工结 电话13597702468 谭老板
    老卫@盘龙村群^: 我去
    老卫: 取消报名
    """)
    mine = to(c.say("老卫: 我的报名"), "老卫")
    assert mine == ["您现在没有报名的活。有合适的活会私信告诉您。"]
    c.close()


# ==== a wage answer said by voice: a hello, fillers and the topic before it, a remark run on

VOICE_SETUP = """
@group 坪阡村群 坪阡村
@officer 曹干事 大九湖镇
曹干事: 你好
汤老板: 你好
老严: 电话18827306145
汤老板@坪阡村群: 今天民宿要个打扫卫生的 一天一百四 日结 电话18972307716 汤老板
老严@坪阡村群^: 要得 我去 九点钟就到
"""


def _status(c: Conversation) -> list[str]:
    with c.session() as s:
        return [w.status for w in s.exec(select(WageCheck).order_by(col(WageCheck.id)))]


def test_a_spoken_not_yet_opens_a_case_and_the_employer_is_reminded_next_morning() -> None:
    c = Conversation(start="2027-12-15 07:50", autobind=True)
    c.say(VOICE_SETUP)
    c.say("@now 2027-12-15 17:50")
    out = c.say("老严: 今天累死了 腰都直不起来")  # before the question: no answer
    assert not to(out, "汤老板") and not to(out, "曹干事")
    assert "工钱结清了吗" in to(c.say("@now 2027-12-15 19:05"), "老严")[0]
    out = c.say("老严: 喂 那个工钱啊 还冇结 老板说过两天给")
    assert _status(c) == ["unpaid"]
    assert "欠薪编号" in to(out, "老严")[0]
    assert not to(out, "汤老板") and not to(out, "曹干事")
    reminded = to(c.say("@now 2027-12-16 10:05"), "汤老板")
    assert reminded and all("老严" not in m and "18827306145" not in m for m in reminded)
    out = c.say("老严: 嗯结了结了昨天晚上汤老板送过来的现钱一百四")
    assert _status(c) == ["paid"]
    assert to(out, "老严")
    c.close()


@pytest.mark.parametrize(("text", "verdict"), [
    ("喂 那个工钱啊 还没结 老板说过两天给", "unpaid"),
    ("喂喂 工钱 还没给", "unpaid"),
    ("嗯结了结了昨天晚上汤老板送过来的现钱一百四", "paid"),
    ("嗯 结清了", "paid"),
    ("那个 没去成 屋里有事", "absent"),
    ("结了结了老板人好", "paid"),
])
def test_a_voice_wage_answer_is_read(text: str, verdict: str) -> None:
    assert aftercare._verdict(text) == verdict


@pytest.mark.parametrize("text", [
    "喂 工钱啊",  # the topic alone
    "那个工钱啊 结清了吗",  # a question
    "嗯 结清了 还差一百没给",  # taken back
    "嗯结了结了昨天晚上还差一百",  # taken back, run on
    "今天累死了 腰都直不起来",
    "那个钱啊 老板跑了",
    "结了婚",  # no run-on cut: a word that goes on
    "还没去成",
])
def test_voice_words_that_are_no_wage_answer(text: str) -> None:
    assert aftercare._verdict(text) is None


# ==== a subscription in loose words: a floor said as a refusal, near home, a time of day


def _subs(c: Conversation, name: str) -> list[tuple[str, str | None, float | None]]:
    with c.session() as s:
        person = s.exec(select(Person).where(Person.name == name)).one()
        return [(sub.work_types, sub.region_code, sub.min_wage)
                for sub in s.exec(select(Subscription).where(
                    Subscription.person_id == person.id, col(Subscription.active)))]


def test_a_floor_said_as_a_refusal_keeps_lower_pay_away() -> None:
    c = Conversation(start="2027-04-12 09:00", autobind=True)
    out = c.say("@group 青天村群 青天村\n"
                "覃大姐: 我想找点零活 离家近的 我屋在青天村 搞卫生 洗碗都做得 工资低于一百五的不要")
    assert "150元以上" in to(out, "覃大姐")[0] and "青天村" in to(out, "覃大姐")[0]
    out = c.say("王老板@青天村群: 明天农家乐要个搞卫生的 一天一百六 电话13907191234 王老板")
    assert any("160元/天" in m for m in to(out, "覃大姐"))
    out = c.say("孙姐@青天村群: 周六屋里打扫卫生 要个人帮忙 一天一百二 电话15171239876")
    assert not to(out, "覃大姐")
    out = c.say("孙姐@青天村群: 周日屋里打扫卫生 要个人帮忙 一天一百五 电话15171239876")
    assert to(out, "覃大姐")  # the floor itself is taken
    c.close()


@pytest.mark.parametrize("text", [
    "想找保洁的活 低于一百五的也行",
    "想找保洁的活 一百五以下也做",
    "想找保洁的活 不到一百五也去",
    "想找保洁的活 工资低于一百五",  # a fact, no refusal
])
def test_a_low_amount_said_without_refusing_it_is_no_floor(text: str) -> None:
    c = Conversation(start="2027-04-12 09:00", autobind=True)
    c.say(f"@group 青天村群 青天村\n覃大姐: {text}")
    assert _subs(c, "覃大姐") == [("保洁员", None, None)]
    c.close()


def test_near_home_with_no_home_known_asks_where_and_subscribes_nothing() -> None:
    c = Conversation(start="2027-04-12 09:00", autobind=True)
    out = to(c.say("小李: 想找个搬运的活 离家近的 低于一百五的不去"), "小李")
    assert out == ["要离家近的活，您住哪个村？请发「订阅 搬运工 村名 150以上」，就推那一片的活。"]
    assert _subs(c, "小李") == []
    out = to(c.say("小李: 订阅 搬运工 青天村 150以上"), "小李")
    assert "订阅好了：搬运工 · 青天村 · 150元以上" in out[0]
    c.close()


def test_near_home_takes_the_home_known_from_before() -> None:
    c = Conversation(start="2027-04-12 09:00", autobind=True)
    c.say("小张: 订阅 保洁 青天村")
    out = to(c.say("小张: 还想找个帮厨的活 离家近的"), "小张")
    assert "订阅好了：帮厨 · 青天村" in out[0]
    # a place named wins over the home
    out = to(c.say("小张: 想找个搬运的活 离家近的 我屋在龙溪村"), "小张")
    assert "搬运工 · 龙溪村" in out[0]
    c.close()


def test_a_time_of_day_is_said_back_as_not_kept() -> None:
    c = Conversation(start="2027-04-12 09:00", autobind=True)
    out = to(c.say("小张: 想找个保洁的活 青天村 只做白天的"), "小张")
    assert "订阅好了：保洁员 · 青天村" in out[0]
    assert "「只做白天的」记不下" in out[0]
    out = to(c.say("小王: 想找个帮厨的活 青天村 晚上的不做"), "小王")
    assert "「晚上的不做」记不下" in out[0]
    # 白天 said as something else is no condition
    out = to(c.say("小刘: 想找个搬运的活 青天村 白天晚上都能干"), "小刘")
    assert "记不下" not in out[0]
    c.close()


# ==== a held post's note says the job as read: what 放行 would publish


def test_the_held_note_gives_the_job_as_read_to_the_officer_appointed_later() -> None:
    c = Conversation(start="2027-11-15 10:00", autobind=True)
    c.say("""
    @group 猫儿观村群 猫儿观村
    @officer 老谭
    马老板@猫儿观村群: 养猪场招喂猪的2名 一天一百五 包吃住 先交体检费150元 电话18271935064
    小覃: 你好
    """)
    out = c.say("老谭@猫儿观村群: 设为信息员 @小覃 猫儿观村")
    notes = [m for m in to(out, "小覃") if "已扣下未推送" in m]
    assert len(notes) == 1
    assert "放行后发出：养殖工 2人" in notes[0] and "150元/天" in notes[0]
    assert "18271935064" not in notes[0]  # the phone stays masked
    c.close()


def test_a_post_that_is_not_held_sends_no_review_note() -> None:
    c = Conversation(start="2027-11-15 10:00", autobind=True)
    out = c.say("""
    @group 猫儿观村群 猫儿观村
    @officer 老谭
    老谭: 你好
    马老板@猫儿观村群: 养猪场招喂猪的2名 一天一百五 包吃住 不收押金 电话18271935064 马老板
    """)
    assert not [m for m in to(out, "老谭") if "放行后发出" in m]
    c.close()
