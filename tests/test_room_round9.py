"""Issue 10, a ninth round: what round 14's conversation sets found. Each kind in its own
block, with the look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.forms import command_form
from handlers.reading import claim_with_question, withdraw_tail, withdrawal_said
from tests.conversation import Conversation, to

# =============================================================== talk that must get no answer


@pytest.fixture
def room() -> Iterator[Conversation]:
    conv = Conversation(start="2027-08-20 20:15", autobind=True)
    conv.say("@group 木鱼镇群 木鱼镇")
    conv.say("潘老板: 你好")
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "去年暑假我在民宿搞卫生 一天一百二 做了两个月",  # one's own past work and its pay
    "以前我在工地搬砖 一天才八十",
    "搬家一般给一百五",  # what work usually pays
    "砍树通常都是两百一天",
    "泥工木工一个价？泥工起码要两百五",  # pay argued over
    "女的一百五 男的两百 一样搬石头 凭么子",
    "这几天不接活 天太热了 屋里歇两天",  # a pause, told the group: no search for work
])
def test_pay_talk_in_a_group_gets_no_answer_and_makes_no_job(
        room: Conversation, text: str) -> None:
    out = room.say(f"阿梁@木鱼镇群: {text}")
    assert out == []
    assert room.jobs() == []


@pytest.mark.parametrize("text", [
    "明天民宿要个打扫卫生的 一天一百二 上午九点到 电话15172308846 潘老板",
    "去年那批茶园今年还要采 要3个采茶的 一天一百三 电话15172308846",  # a past word, a hire
    "搬家要两个人 一般给一百五 电话15172308846",  # usual pay, said by the one who hires
    "急需泥工2个 起码要会砌墙 一天两百五 电话15172308846",
    "招泥工 明天开工 一般两百五一天",  # a hiring word: the usual pay is this job's
])
def test_posts_with_those_words_are_still_posts(room: Conversation, text: str) -> None:
    out = room.say(f"潘老板@木鱼镇群: {text}")
    assert len(room.jobs()) == 1 and room.jobs()[0]["status"] in ("open", "draft")
    assert to(out, "木鱼镇群")


def test_a_meal_missed_under_ones_own_card_changes_nothing(room: Conversation) -> None:
    room.say("潘老板@木鱼镇群: 明天农家乐要2个搞卫生的 一天一百三 电话13677198452 潘老板")
    before = room.jobs()
    out = room.say("潘老板@木鱼镇群^: 客人真多 忙都忙不赢 中午饭都没吃")
    assert out == [] and room.jobs() == before
    out = room.say("潘老板@木鱼镇群^: 中午饭管 工价140")  # meals and pay, said as the job's
    job = room.jobs()[0]
    assert job["wage_min"] == 140 and to(out, "木鱼镇群")


# =============================================================== subscriptions and pauses


@pytest.mark.parametrize(("text", "form"), [
    ("我还想订阅 帮厨 木鱼镇", "订阅 帮厨 木鱼镇"),
    ("帮我订阅一下 种植 红坪镇", "订阅 种植 红坪镇"),
    ("我要退订 保洁", "退订 保洁"),
    ("我也想订阅", "订阅"),
    # not a command asked for: left as written
    ("这个月话费里头退订了好几个业务", "这个月话费里头退订了好几个业务"),
    ("我订阅了三个", "我订阅了三个"),
    ("我想订阅了个什么", "我想订阅了个什么"),
])
def test_a_command_asked_for_in_words_routes_as_the_command(text: str, form: str) -> None:
    assert command_form(text) == form


@pytest.fixture
def worker() -> Iterator[Conversation]:
    conv = Conversation(start="2027-03-24 09:00", autobind=True)
    conv.say("@group 三堆河村群 三堆河村")
    conv.say("阿梅: 订阅 保洁 木鱼镇")
    yield conv
    conv.close()


def test_a_second_subscription_asked_for_in_words_and_one_ended(worker: Conversation) -> None:
    out = worker.say("阿梅: 我还想订阅 帮厨 木鱼镇")
    assert any("帮厨" in m for m in to(out, "阿梅"))
    out = worker.say("阿梅: 退订 保洁")
    assert any("还订阅着" in m and "帮厨" in m for m in to(out, "阿梅"))
    out = worker.say("曾师傅@三堆河村群: 后天要个洗碗的 一天一百五 电话15607196632")
    assert any("150" in m for m in to(out, "阿梅"))  # the one left still pushes


def test_resuming_with_a_reason_resumes_and_pushes(worker: Conversation) -> None:
    worker.say("阿梅: 这几天不接活 腰扭了")
    out = worker.say("易老板@三堆河村群: 明天要个打扫卫生的 一天一百二 电话13329871064")
    assert not to(out, "阿梅")
    out = worker.say("阿梅: 这几天不接活 天太热了")  # said again: no resume
    assert not any("120" in m for m in to(out, "阿梅"))
    out = worker.say("阿梅: 恢复接活 不过周六没空")  # a reason that pauses again: not this
    assert not any("120" in m for m in to(out, "阿梅"))
    out = worker.say("阿梅: 恢复接活 腰好了")
    assert any("恢复" in m for m in to(out, "阿梅"))
    assert any("120" in m for m in to(out, "阿梅"))


def test_a_pause_ended_pushes_the_still_open_job_of_several_days() -> None:
    conv = Conversation(start="2027-05-12 10:00", autobind=True)
    try:
        conv.say("""
            @group 青峰村群 青峰村
            小罗: 订阅 采茶 木鱼镇
            小罗: 明天不接活 要克医院
            冯老板@青峰村群: 明天开始采茶 要两个人 干三天 一天一百三 电话13477162095
            谭姐@青峰村群: 明天要个摘茶叶的 一天一百四 电话15172958806
        """)
        assert not to(conv.say("@wait 22h"), "小罗")
        out = conv.say("@wait 1d")
        pushed = to(out, "小罗")
        assert any("130" in m for m in pushed)  # day two of three: still hiring
        assert not any("140" in m for m in pushed)  # a one-day job of the day off: over
        statuses = {j["wage_min"]: j["status"] for j in conv.jobs()}
        assert statuses == {130: "open", 140: "expired"}
        conv.say("@wait 2d")
        assert {j["wage_min"]: j["status"] for j in conv.jobs()}[130] == "expired"
    finally:
        conv.close()


# =============================================================== singles


def test_a_relayed_job_carries_the_masked_phone() -> None:
    conv = Conversation(start="2027-11-29 08:50", autobind=True)
    try:
        conv.say("""
            @group 龙溪村群 龙溪村
            @group 武山村群 武山村
            @officer 向干事 阳日镇
            向干事: 你好
            贝老板@龙溪村群: 明天杀年猪办席 要2个帮厨 一天一百三 电话15997736605 贝老板
        """)
        out = conv.say("向干事@龙溪村群^: 转发")
        relayed = to(out, "武山村群")
        assert relayed and "159****6605" in relayed[0] and "15997736605" not in relayed[0]
    finally:
        conv.close()


@pytest.fixture
def no_show() -> Iterator[Conversation]:
    conv = Conversation(start="2027-10-13 16:00", autobind=True)
    conv.say("""
        @group 猫儿观村群 猫儿观村
        施老板: 你好
        老王: 你好
        小周: 你好
        施老板@猫儿观村群: 明天要个装卸工 早上7点到 一天一百六 电话13593027714 施老板
        老王@猫儿观村群^: 我去
        小周@猫儿观村群^: 我报名 排个候补
        @wait 16h
    """)
    yield conv
    conv.close()


def _claims(conv: Conversation) -> dict[str, str]:
    return {c["person"]: c["status"] for c in conv.jobs()[0]["claims"]}


def test_a_bare_no_show_never_marks_the_worker_just_moved_up(no_show: Conversation) -> None:
    out = no_show.say("施老板@猫儿观村群^: 老王早上一直没到")
    assert _claims(no_show) == {"老王": "cancelled", "小周": "confirmed"}  # no-shows show so
    assert any("报名成功" in m for m in to(out, "小周"))
    out = no_show.say("施老板@猫儿观村群^: 没来")
    assert _claims(no_show) == {"老王": "cancelled", "小周": "confirmed"}
    assert not to(out, "小周")


def test_a_bare_no_show_replying_marks_the_one_place_held_from_before(
        no_show: Conversation) -> None:
    out = no_show.say("施老板@猫儿观村群^: 没来")
    assert _claims(no_show) == {"老王": "cancelled", "小周": "confirmed"}
    assert any("没来" in m for m in to(out, "老王"))


def test_a_voice_post_in_three_pieces_is_one_job() -> None:
    conv = Conversation(start="2027-09-21 17:40", autobind=True)
    try:
        conv.say("""
            @group 盘水村群 盘水村
            覃老汉: 你好
            覃老汉@盘水村群: 嗯那个明天要
            覃老汉@盘水村群: 三个人挖洋芋 在我屋后头坡上
        """)
        out = conv.say("覃老汉@盘水村群: 一天一百五 管中饭 电话13972460318 我姓覃")
        jobs = conv.jobs()
        assert len(jobs) == 1
        assert (jobs[0]["headcount"], jobs[0]["wage_min"], jobs[0]["status"]) == (3, 150, "open")
        assert any("139****0318" in m for m in to(out, "盘水村群"))
        # a whole post with its phone after short talk stays itself: nothing joined to it
        conv.say("覃老汉@盘水村群: 今天累死了")
        conv.say("覃老汉@盘水村群: 后天要2个搬运工 一天两百 电话13972460318")
        assert [j["headcount"] for j in conv.jobs()] == [3, 2]
    finally:
        conv.close()


@pytest.mark.parametrize(("text", "count"), [
    ("我去 是后天吗", 1),
    ("我去 管饭吗", 1),
    ("我们两个去 是后天吗", 2),
    ("我去，一天才120？", None),  # doubting the pay asks nothing of the job
    ("报名的人多不多", None),
    ("我去", None),  # a claim alone is a claim, not a question
])
def test_a_claim_said_with_a_question(text: str, count: int | None) -> None:
    assert claim_with_question(text) == count


def test_a_claim_said_with_a_question_is_asked_about_never_taken() -> None:
    conv = Conversation(start="2027-08-04 07:50", autobind=True)
    try:
        conv.say("""
            @group 红举村群 红举村
            杨老板: 你好
            小马: 订阅 种植 红坪镇
            杨老板@红举村群: 后天要三个锄草的 一天一百二 管中饭 电话13026438851 杨老板
        """)
        out = conv.say("小马^: 我去 是后天吗")
        assert any("您是要报名这个活吗" in m for m in to(out, "小马"))
        assert conv.jobs()[0]["claims"] == []
        out = conv.say("小马@红举村群^: 我去 是后天吗")  # in the group: let go
        assert out == [] and conv.jobs()[0]["claims"] == []
        conv.say("小马 [报名]")
        assert _claims(conv) == {"小马": "confirmed"}
    finally:
        conv.close()


@pytest.mark.parametrize("text", ["没空了 周六不去了", "孩子病了，周六来不了了",
                                  "18号来不了了 屋里有事"])
def test_a_withdrawal_naming_the_weekday_or_date(text: str) -> None:
    assert withdrawal_said(text) is not None


@pytest.mark.parametrize("text", ["周六来不了了", "我下周三去不了了", "没空了 周六不去了"])
def test_a_withdrawal_ending_a_message_may_name_the_weekday(text: str) -> None:
    assert withdraw_tail(text)


@pytest.mark.parametrize("text", ["周六赶场去不成了", "周六下雨 去不去哦"])
def test_going_elsewhere_on_a_weekday_is_no_withdrawal(text: str) -> None:
    assert not withdraw_tail(text) and withdrawal_said(text) is None


def test_a_private_withdrawal_naming_the_weekday_moves_the_waitlist_up() -> None:
    conv = Conversation(start="2027-09-23 10:00", autobind=True)
    try:
        conv.say("""
            @group 龙口村群 龙口村
            岳老板: 你好
            小包: 你好
            小甘: 你好
            岳老板@龙口村群: 周六要两个砍树的 一天两百 电话13707193358 岳老板
            小包@龙口村群^: 我去
            老焦@龙口村群^: 我去
            小甘@龙口村群^: 报名
        """)
        out = conv.say("小包: 莫得空了 周六不去了")
        assert _claims(conv) == {"小包": "cancelled", "老焦": "confirmed", "小甘": "confirmed"}
        assert any("报名成功" in m for m in to(out, "小甘"))
        conv.say("小甘: 孩子病了，週六來不了了")
        assert _claims(conv)["小甘"] == "cancelled"
    finally:
        conv.close()


def test_a_bare_no_show_replying_marks_a_place_taken_on_the_day_itself() -> None:
    conv = Conversation(start="2027-10-14 06:00", autobind=True)
    try:
        conv.say("""
            @group 猫儿观村群 猫儿观村
            施老板: 你好
            老王: 你好
            施老板@猫儿观村群: 今天要个装卸工 早上9点到 一天一百六 电话13593027714 施老板
            老王@猫儿观村群^: 我去
            @wait 4h
        """)
        conv.say("施老板@猫儿观村群^: 没来")
        assert _claims(conv) == {"老王": "cancelled"}  # held since it was taken: meant
    finally:
        conv.close()


def test_a_claim_replying_to_the_hint_under_a_push_is_a_reply_to_the_job() -> None:
    conv = Conversation(start="2027-08-04 07:50", autobind=True)
    try:
        conv.say("""
            @group 红举村群 红举村
            杨老板: 你好
            柏二: 订阅 种植 红坪镇
            杨老板@红举村群: 后天要三个锄草的 一天一百二 管中饭 电话13026438851 杨老板
        """)
        out = conv.say("柏二^: 我去，一天才120？")
        assert conv.jobs()[0]["claims"] == [] and any("回「报名」" in m for m in to(out, "柏二"))
        out = conv.say("柏二^: 要得 算我一个 后天一早就来")
        assert _claims(conv) == {"柏二": "confirmed"}
        assert any("13026438851" in m for m in to(out, "柏二"))
    finally:
        conv.close()


def test_a_private_post_in_pieces_completes_the_draft_its_first_piece_made() -> None:
    conv = Conversation(start="2027-02-26 14:00")
    try:
        conv.say("""
            田婆婆: 你好
            田婆婆: 我屋里要请个护工
        """)
        out = conv.say("田婆婆: 照顾我屋里老头子 他中风了 一个月三千五 电话13593816042")
        jobs = conv.jobs()
        assert len(jobs) == 1 and jobs[0]["wage_min"] == 3500  # one job, its pay taken
        assert not any("没看明白" in m for m in to(out, "田婆婆"))
    finally:
        conv.close()
