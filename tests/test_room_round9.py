"""Issue 10, a ninth round: what round 14's conversations found. Each kind in its own block,
with the look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.forms import command_form
from handlers.reading import claim_around, claim_with_question, withdraw_tail, withdrawal_said
from tests.conversation import Conversation, to

# ============================================================ claims, party sizes, withdrawals

ROOM = """
@group 龙口村群 龙口村
岳老板: 你好
小包: 你好
老焦: 你好
小甘: 你好
岳老板@龙口村群: 周六要三个砍树的 一天两百 电话13707193358 岳老板
小包@龙口村群^: 我去
老焦@龙口村群^: 我们俩去 我和我表弟
小甘@龙口村群^: 报名
"""


@pytest.fixture
def room() -> Iterator[Conversation]:
    conv = Conversation(start="2027-09-23 10:00", autobind=True)  # a Thursday; the job: Saturday
    conv.say(ROOM)
    yield conv
    conv.close()


def _claims(conv: Conversation, job: int = 0) -> list[tuple[str, int, str]]:
    return sorted((c["person"], c["count"], c["status"]) for c in conv.jobs()[job]["claims"])


FULL = [("小包", 1, "confirmed"), ("小甘", 1, "waitlisted"), ("老焦", 2, "confirmed")]


def test_the_room_starts_full_with_one_waiting(room: Conversation) -> None:
    assert _claims(room) == FULL


# --- one of one's party drops out: 「我那个兄弟不去了」 shrinks the party by one


@pytest.mark.parametrize(("text", "left"), [
    ("我那个表弟不去了", 1),
    ("我那个表弟不去了 就我一个人来", 1),
    ("我表弟来不了了 他屋里有事", 1),
])
def test_one_of_the_party_dropping_out_shrinks_it_and_moves_the_waitlist_up(
        room: Conversation, text: str, left: int) -> None:
    out = room.say(f"老焦@龙口村群^: {text}")
    assert _claims(room) == [("小包", 1, "confirmed"), ("小甘", 1, "confirmed"),
                             ("老焦", left, "confirmed")]
    assert any("报名成功" in m for m in to(out, "小甘"))
    assert to(out, "岳老板")


def test_one_of_the_party_dropping_out_privately_shrinks_it(room: Conversation) -> None:
    room.say("老焦: 我那个表弟不去了")
    assert ("老焦", 1, "confirmed") in _claims(room)


@pytest.mark.parametrize(("who", "text"), [
    ("老焦", "你表弟不去了？"),  # asked
    ("老焦", "老王那个表弟不去了"),  # someone else's
    ("老焦", "我表弟不去镇上了"),  # another errand
    ("老焦", "我表弟不去了 我也不去了"),  # more than one: not sure how many
    ("小包", "我那个兄弟不去了"),  # a party of one: the brother was never counted
    ("岳老板", "我那个兄弟不去了"),  # the poster holds no claim
])
def test_look_alikes_of_one_of_the_party_dropping_out_change_nothing(
        room: Conversation, who: str, text: str) -> None:
    out = room.say(f"{who}@龙口村群^: {text}")
    assert _claims(room) == FULL
    assert not to(out, "小甘")
    assert not to(out, "龙口村群")


def test_one_of_the_party_dropping_out_said_to_the_group_shrinks_it(
        room: Conversation) -> None:
    # round 17 (qe10): the claimer's own kin backing out, the card in sight, is the party's
    # news (tests/test_room_round17_members.py); another errand is not
    room.say("老焦@龙口村群: 我表弟不去镇上了")
    assert _claims(room) == FULL
    room.say("老焦@龙口村群: 我那个表弟不去了")
    assert ("老焦", 1, "confirmed") in _claims(room)


def test_a_party_of_one_saying_so_privately_is_not_told_about_party_sizes(
        room: Conversation) -> None:
    out = room.say("小包: 我那个兄弟不去了")
    assert _claims(room) == FULL
    assert not any("至少" in m or "改好了" in m or "没有变" in m for m in to(out, "小包"))


# --- the speaker and who comes along, without a verb, replying to the card: a claim


@pytest.fixture
def open_room() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-23 14:25", autobind=True)
    conv.say("""
    @group 古水村群 古水村
    黎老板: 你好
    阿芬: 你好
    黎老板@古水村群: 修猪圈 明天要4个小工 一天一百六 古水村 电话13872640519 黎老板
    """)
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "count"), [
    ("我和我老公两个", 2),
    ("我跟我老公", 2),
    ("我和我两个妯娌", 3),
])
def test_the_speaker_and_kin_replying_to_the_card_claims_for_the_party(
        open_room: Conversation, text: str, count: int) -> None:
    out = open_room.say(f"阿芬@古水村群^: {text}")
    assert _claims(open_room) == [("阿芬", count, "confirmed")]
    assert to(out, "黎老板")


@pytest.mark.parametrize("text", [
    "我和我老公两个都不去",
    "我和我老公两个人在家",
    "你和你老公两个？",
    "我老公两个",
])
def test_look_alikes_of_the_speaker_and_kin_claim_nothing(open_room: Conversation,
                                                         text: str) -> None:
    open_room.say(f"阿芬@古水村群^: {text}")
    assert _claims(open_room) == []


def test_the_speaker_and_kin_is_a_claim_only_in_answer_to_the_job() -> None:
    assert claim_around("我和我老公两个", replying=True) == (2, None)
    assert claim_around("我和我老公两个") is None  # said to no job: who is with whom


def test_the_speaker_and_kin_said_to_the_group_claims_nothing(open_room: Conversation) -> None:
    open_room.say("阿芬@古水村群: 我和我老公两个")
    assert _claims(open_room) == []


# --- a withdrawal naming its day: 「周六不去了」 withdraws the Saturday job, nothing else


@pytest.mark.parametrize("text", [
    "莫得空了 周六不去了",
    "孩子病了，週六來不了了",  # Traditional
    "25号去不了了",
])
def test_a_withdrawal_naming_the_jobs_day_privately_withdraws(room: Conversation,
                                                              text: str) -> None:
    out = room.say(f"小包: {text}")
    assert _claims(room) == [("小包", 1, "cancelled"), ("小甘", 1, "confirmed"),
                             ("老焦", 2, "confirmed")]
    assert any("报名成功" in m for m in to(out, "小甘"))
    assert to(out, "岳老板")


@pytest.mark.parametrize("text", [
    "莫得空了 周日不去了",  # another day: not this job
    "周六不去了？",  # asked
    "周六下午赶场去不成了",  # the market
])
def test_a_withdrawal_naming_another_day_or_asked_withdraws_nothing(room: Conversation,
                                                                   text: str) -> None:
    out = room.say(f"小包: {text}")
    assert _claims(room) == FULL
    assert not to(out, "小甘")


def test_a_withdrawal_naming_another_day_replying_to_the_card_withdraws_nothing(
        room: Conversation) -> None:
    room.say("小包@龙口村群^: 周五不去了")  # the job is Saturday
    assert _claims(room) == FULL
    room.say("小包@龙口村群^: 周六不去了")
    assert ("小包", 1, "cancelled") in _claims(room)


def test_a_withdrawal_saying_the_cards_relative_day_a_day_late_still_withdraws(
        room: Conversation) -> None:
    room.say("@wait 1d")
    room.say("小包: 莫得空了 后天不去了")  # the card said 后天 when it was read
    assert ("小包", 1, "cancelled") in _claims(room)

# ==================================================================== corrections and answers:
# a correction naming its job by the work (「保安工价改成180」「小工人数改成2」)

TWO_JOBS = ("田经理@红坪镇群: 后天景区厕所要2个打扫卫生的 一天130 停车场要3个保安 一天170 "
            "电话15971830264 田经理")


@pytest.fixture
def two_jobs() -> Iterator[Conversation]:
    conv = Conversation(start="2027-07-24 07:40", autobind=True)
    conv.say("田经理: 你好")
    conv.say(TWO_JOBS)
    yield conv
    conv.close()


def _job(conv: Conversation, work_type: str) -> dict[str, object]:
    return next(j for j in conv.jobs() if j["work_type"] == work_type)


@pytest.mark.parametrize("line", [
    "田经理@红坪镇群^: 保安工价改成180",  # replying to the 保安 card (the latest)
    "田经理@红坪镇群: 保安工价改成180",  # said to the group
    "田经理: 保安工价改成180",  # privately: the 保洁 job is not the one meant
    "田经理: 保安的工钱改成180 游客多",
])
def test_the_work_named_first_picks_which_job_a_correction_is_about(
        two_jobs: Conversation, line: str) -> None:
    two_jobs.say(line)
    assert _job(two_jobs, "保安")["wage_min"] == 180
    assert _job(two_jobs, "保洁员")["wage_min"] == 130
    assert len(two_jobs.jobs()) == 2  # no new job of it


def test_a_correction_naming_the_other_job_under_a_card_changes_that_job_only() -> None:
    conv = Conversation(start="2027-07-24 07:40", autobind=True)
    try:
        conv.say("田经理: 你好")
        # 保安 first: the 保洁 card is the latest, the correction names the 保安 job
        conv.say("田经理@红坪镇群: 后天停车场要3个保安 一天170 景区厕所要2个打扫卫生的 一天130 "
                 "电话15971830264")
        out = conv.say("田经理@红坪镇群^: 保安工价改成180")
        assert _job(conv, "保安")["wage_min"] == 180
        cleaner = _job(conv, "保洁员")
        assert (cleaner["wage_min"], cleaner["work_type"]) == (130, "保洁员")
        assert any("保安" in m for m in to(out, "红坪镇群"))
    finally:
        conv.close()


def test_a_headcount_named_by_its_work_privately_changes_that_job_and_makes_none() -> None:
    conv = Conversation(start="2027-04-10 08:20", autobind=True)
    try:
        conv.say("杜老板: 下周一在红坪镇红河村修仓库 要2个木工 一天两百六 还要3个小工 一天一百七 "
                 "电话13986412307 杜老板")
        conv.say("杜老板: 小工人数改成2 有个亲戚来帮忙")
        jobs = {j["work_type"]: j["headcount"] for j in conv.jobs()}
        assert jobs == {"木工": 2, "小工": 2}
    finally:
        conv.close()


@pytest.mark.parametrize("line", [
    "田经理: 木工工价改成180",  # no 木工 job of theirs: which job is not known
    "田经理@红坪镇群^: 木工工价改成180",
    "游客@红坪镇群: 保安工价改成180",  # not the poster
    "游客@红坪镇群^: 保安工价改成180",
    "田经理: 保安工价180还是170",  # no word of change
])
def test_a_work_named_that_is_none_of_the_posters_jobs_changes_nothing(
        two_jobs: Conversation, line: str) -> None:
    before = two_jobs.jobs()
    two_jobs.say(line)
    after = two_jobs.jobs()
    assert [(j["work_type"], j["wage_min"]) for j in after][:2] == \
        [(j["work_type"], j["wage_min"]) for j in before]


# ==================================================================== corrections and answers:
# the poster taking down one job of a post by its work (「取消 水电工我自己找到了」)

TRADES = ("卫老板@长坊村群: 修茶厂 5月6号开工 要3个泥工 一天两百八 再要2个水电工 一天三百 长坊村 "
          "电话15572903168 卫老板")


@pytest.fixture
def trades() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-28 09:30", autobind=True)
    for who in ("卫老板", "老钟", "小俞"):
        conv.say(f"{who}: 你好")
    conv.say(TRADES)
    conv.say("老钟@长坊村群: 报名【1】 我们两个")
    conv.say("小俞@长坊村群^: 我去 电工证我有")  # the 水电工 card, the latest
    yield conv
    conv.close()


def _status(conv: Conversation) -> dict[str, object]:
    return {j["work_type"]: j["status"] for j in conv.jobs()}


@pytest.mark.parametrize("line", [
    "卫老板@长坊村群^: 取消 水电工我自己找到了",
    "卫老板@长坊村群: 取消 水电工我自己找到了",
    "卫老板: 取消 水电工我自己找到了",  # privately, two jobs live: no need to ask which
    "卫老板: 水电工不招了 自己找到了",
    "卫老板: 取消水电工",
])
def test_a_cancel_naming_the_work_takes_down_that_job_only(trades: Conversation,
                                                         line: str) -> None:
    out = trades.say(line)
    assert _status(trades) == {"泥瓦工": "open", "水电工": "cancelled"}
    assert to(out, "小俞") and not to(out, "老钟")


def test_a_cancel_naming_the_other_work_under_a_card_takes_down_the_one_named(
        trades: Conversation) -> None:
    trades.say("卫老板@长坊村群^: 取消 泥工 人找齐了")  # replying to the 水电工 card
    assert _status(trades) == {"泥瓦工": "cancelled", "水电工": "open"}


@pytest.mark.parametrize("line", [
    "卫老板@长坊村群^: 取消 水电工吗",  # asking
    "卫老板: 取消 水电工改成3个",  # a reason that corrects
    "老钟@长坊村群: 取消 水电工我自己找到了",  # not the poster
    "卫老板: 取消 木工我自己找到了",  # no 木工 job
])
def test_look_alikes_of_a_named_cancel_take_nothing_down(trades: Conversation,
                                                         line: str) -> None:
    trades.say(line)
    assert _status(trades) == {"泥瓦工": "open", "水电工": "open"}


# ==================================================================== corrections and answers:
# the poster answering their draft's question in the group, without replying to it


def _draft(start: str, post: str, greet: tuple[str, ...] = ()) -> Conversation:
    conv = Conversation(start=start, autobind=True)
    for who in greet:
        conv.say(f"{who}: 你好")
    conv.say(post)
    assert conv.jobs()[0]["state"] == "draft"
    return conv


PLACE = ("2027-08-19 19:10",
         "曹师傅@修房帮工群: 后天要两个木匠 上屋梁 一天两百八 电话13477208315 曹")
WAGE = ("2027-05-26 12:10", "岳师傅@双建村群: 明天要两个人帮我粉墙 电话13297140562")
DAY = ("2027-05-12 08:10",
       "彭老板@木鱼镇群: 5月10号要3个采茶的 一天一百三 三堆河村 电话18972360514 彭")


@pytest.mark.parametrize(("draft", "line", "field", "value"), [
    (PLACE, "曹师傅@修房帮工群: 地方是红坪镇高坪村", "village", "高坪村"),
    (WAGE, "岳师傅@双建村群: 那就给两百一天", "wage_min", 200),
    (WAGE, "岳师傅@双建村群: 粉墙的工钱一天两百", "wage_min", 200),
    (DAY, "彭老板@木鱼镇群: 打错了 是15号", "start_date", "2027-05-15"),
    (DAY, "彭老板@木鱼镇群: 15号", "start_date", "2027-05-15"),
])
def test_the_posters_answer_in_the_group_opens_the_draft(
        draft: tuple[str, str], line: str, field: str, value: object) -> None:
    conv = _draft(*draft)
    try:
        conv.say(line)
        job = conv.jobs()[0]
        assert (job["state"], job[field]) == ("open", value)
        assert len(conv.jobs()) == 1
    finally:
        conv.close()


@pytest.mark.parametrize(("draft", "line"), [
    (PLACE, "小舒@修房帮工群: 地方是红坪镇高坪村"),  # not the poster
    (PLACE, "曹师傅@修房帮工群: 我下午去松柏买钉子了 刚回来"),  # an errand
    (PLACE, "曹师傅@修房帮工群: 地方是红坪镇高坪村 工钱改成三百 要五个人"),  # more than asked
    (WAGE, "老苟@双建村群: 粉墙起码一百八哦"),
    (WAGE, "岳师傅@双建村群: 我先吃个饭"),
    (WAGE, "岳师傅@双建村群: 给孙子买了两百块的书"),  # no wage of the job
    (DAY, "罗嫂@木鱼镇群: 是不是明天哦 彭老板"),
    (DAY, "彭老板@木鱼镇群: 是不是要下雨了"),
])
def test_other_words_in_the_group_leave_the_draft_waiting(draft: tuple[str, str],
                                                          line: str) -> None:
    conv = _draft(*draft)
    try:
        conv.say(line)
        assert conv.jobs()[0]["state"] == "draft"
    finally:
        conv.close()


def test_an_answer_in_another_group_is_not_taken() -> None:
    conv = _draft(*WAGE)
    try:
        conv.say("岳师傅@木鱼镇群: 那就给两百一天")  # the draft was posted in 双建村群
        assert conv.jobs()[0]["state"] == "draft"
        conv.say("岳师傅@双建村群: 那就给两百一天")
        assert conv.jobs()[0]["state"] == "open"
    finally:
        conv.close()

# =============================================================== talk that must get no answer


@pytest.fixture
def muyu_room() -> Iterator[Conversation]:
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
        muyu_room: Conversation, text: str) -> None:
    out = muyu_room.say(f"阿梁@木鱼镇群: {text}")
    assert out == []
    assert muyu_room.jobs() == []


@pytest.mark.parametrize("text", [
    "明天民宿要个打扫卫生的 一天一百二 上午九点到 电话15172308846 潘老板",
    "去年那批茶园今年还要采 要3个采茶的 一天一百三 电话15172308846",  # a past word, a hire
    "搬家要两个人 一般给一百五 电话15172308846",  # usual pay, said by the one who hires
    "急需泥工2个 起码要会砌墙 一天两百五 电话15172308846",
    "招泥工 明天开工 一般两百五一天",  # a hiring word: the usual pay is this job's
])
def test_posts_with_those_words_are_still_posts(muyu_room: Conversation, text: str) -> None:
    out = muyu_room.say(f"潘老板@木鱼镇群: {text}")
    assert len(muyu_room.jobs()) == 1 and muyu_room.jobs()[0]["status"] in ("open", "draft")
    assert to(out, "木鱼镇群")


def test_a_meal_missed_under_ones_own_card_changes_nothing(muyu_room: Conversation) -> None:
    muyu_room.say("潘老板@木鱼镇群: 明天农家乐要2个搞卫生的 一天一百三 电话13677198452 潘老板")
    before = muyu_room.jobs()
    out = muyu_room.say("潘老板@木鱼镇群^: 客人真多 忙都忙不赢 中午饭都没吃")
    assert out == [] and muyu_room.jobs() == before
    out = muyu_room.say("潘老板@木鱼镇群^: 中午饭管 工价140")  # meals and pay, said as the job's
    job = muyu_room.jobs()[0]
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


def _statuses(conv: Conversation) -> dict[str, str]:
    return {c["person"]: c["status"] for c in conv.jobs()[0]["claims"]}


def test_a_bare_no_show_never_marks_the_worker_just_moved_up(no_show: Conversation) -> None:
    out = no_show.say("施老板@猫儿观村群^: 老王早上一直没到")
    assert _statuses(no_show) == {"老王": "cancelled", "小周": "confirmed"}  # no-shows show so
    assert any("报名成功" in m for m in to(out, "小周"))
    out = no_show.say("施老板@猫儿观村群^: 没来")
    assert _statuses(no_show) == {"老王": "cancelled", "小周": "confirmed"}
    assert not to(out, "小周")


def test_a_bare_no_show_replying_marks_the_one_place_held_from_before(
        no_show: Conversation) -> None:
    out = no_show.say("施老板@猫儿观村群^: 没来")
    assert _statuses(no_show) == {"老王": "cancelled", "小周": "confirmed"}
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
        assert _statuses(conv) == {"小马": "confirmed"}
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
        assert _statuses(conv) == {"小包": "cancelled", "老焦": "confirmed", "小甘": "confirmed"}
        assert any("报名成功" in m for m in to(out, "小甘"))
        conv.say("小甘: 孩子病了，週六來不了了")
        assert _statuses(conv)["小甘"] == "cancelled"
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
        assert _statuses(conv) == {"老王": "cancelled"}  # held since it was taken: meant
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
        assert _statuses(conv) == {"柏二": "confirmed"}
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


# ============================================================ round 15: talk beside the card
# A withdrawal with a reason from someone holding no place, an errand offered to the group, a
# claim with no card out yet (a draft waits), a voice claim led by filler and a name, and the
# 还招吗 question asked in the group (no card: a reply to the latest card is not to it).

HARVEST = """
@group 太和山村群 太和山村
贺老板: 你好
小杨: 你好
贺老板@太和山村群: 明天太和山村打核桃 要两个人 一天一百四 管中饭 电话15997061238 贺老板
"""


def test_a_withdrawal_with_a_reason_from_one_holding_no_place_is_let_be() -> None:
    conv = Conversation(start="2027-10-19 16:30", autobind=True)
    try:
        conv.say(HARVEST)
        out = conv.say("李婶@太和山村群^: 我去不成 明天要赶场")
        assert to(out, "太和山村群") == [] and conv.jobs()[0]["claims"] == []
        conv.say("小杨@太和山村群^: 算我一个")
        out = conv.say("小杨@太和山村群^: 我去不成了 明天要赶场")  # holding one: withdrawn
        assert _statuses(conv) == {"小杨": "cancelled"}
        assert any("已取消报名" in m for m in to(out, "太和山村群"))
    finally:
        conv.close()


@pytest.mark.parametrize(("text", "offered"), [
    ("明天我去镇上买种子 哪个要带啥子不", False),
    ("明天我去镇上 有人要捎东西不", False),
    ("我明天得空 哪个要人不", True),  # asking who wants a worker: still a seek
])
def test_an_errand_offered_to_the_group_is_no_search_for_work(text: str, offered: bool) -> None:
    conv = Conversation(start="2027-04-06 09:00", autobind=True)
    try:
        out = conv.say(f"@group 桃坪村群 桃坪村\n桂花@桃坪村群: {text}")
        assert any("订阅" in m for m in to(out, "桃坪村群")) is offered
    finally:
        conv.close()


DRAFT = """
@group 宋洛村群 宋洛村
谭老板: 你好
谭老板@宋洛村群: 明天核桃装车 要两个人 宋洛村村委会门口 电话15872163390 谭老板
"""


def test_a_claim_while_the_groups_post_waits_as_a_draft_is_let_be() -> None:
    conv = Conversation(start="2027-09-13 13:20", autobind=True)
    try:
        conv.say(DRAFT)
        assert conv.jobs()[0]["state"] == "draft"
        out = conv.say("小田@宋洛村群: 我去")
        assert to(out, "宋洛村群") == [] and conv.jobs()[0]["claims"] == []
        # no draft waiting: the claim is answered with how to claim
        out = conv.say("@group 空群 木鱼镇\n孙七@空群: 我去")
        assert any("您要报哪个活" in m for m in to(out, "空群"))
    finally:
        conv.close()


VOICE = "嗯那个甘大爷我去啊我跟我屋里老婆子两个人一路的明天早上七点钟到"


def test_a_voice_claim_led_by_filler_and_the_posters_name_brings_its_party() -> None:
    assert claim_around(VOICE, "帮厨", replying=True) == (2, None)
    assert claim_around(VOICE + "吗", "帮厨", replying=True) is None  # a question: not taken
    assert claim_around("嗯那个明天我去镇上买肉我跟我屋里老婆子两个人一路的", "帮厨",
                        replying=True) is None  # one's own errand
    conv = Conversation(start="2028-01-04 10:20", autobind=True)
    try:
        conv.say("""
            @group 阳日镇群 阳日镇
            甘大爷: 你好
            甘大爷@阳日镇群: 明天要三个帮厨 一天一百五 在钱家湾村 电话13972086541 姓甘
        """)
        conv.say(f"邹大哥@阳日镇群^: {VOICE}")
        assert _claims(conv) == [("邹大哥", 2, "confirmed")]
    finally:
        conv.close()


def test_the_still_hiring_question_in_the_group_is_no_card_to_claim() -> None:
    conv = Conversation(start="2027-12-13 09:00", autobind=True)
    try:
        conv.say("""
            @group 红坪镇群 红坪镇
            冯婆婆: 你好
            杜老板@红坪镇群: 要个开车的师傅 帮忙拉几趟货 一天两百 电话18972418650
            冯婆婆@红坪镇群: 要个人帮我屋里搞卫生 一天一百二 红举村 电话13597751046
            @wait 2d
        """)
        out = conv.say("@wait 11h")  # 杜老板 never wrote privately: asked in the group
        assert any("还招吗" in m and "杜老板" in m for m in to(out, "红坪镇群"))
        out = conv.say("小宋@红坪镇群^: 我去 我就住红举村")
        assert [c["person"] for c in conv.jobs()[1]["claims"]] == ["小宋"]
        assert conv.jobs()[0]["claims"] == []
        assert any("小宋" in m for m in to(out, "冯婆婆"))
    finally:
        conv.close()


# =============================================================== thanks owning the trouble given


@pytest.mark.parametrize("text", ["麻烦你们了 谢谢", "谢谢 辛苦你了", "打扰了 多谢哈"])
def test_owning_the_trouble_beside_thanks_is_thanks(text: str) -> None:
    conv = Conversation(start="2027-11-19 10:00")
    try:
        conv.say("卢老板: 你好")
        out = conv.say(f"卢老板: {text}")
        assert any("不客气" in m for m in to(out, "卢老板"))
    finally:
        conv.close()


@pytest.mark.parametrize("text", ["麻烦你帮我问下 谢谢", "麻烦你们了 谢谢 明天还要人不"])
def test_a_request_with_thanks_is_no_courtesy(text: str) -> None:
    conv = Conversation(start="2027-11-19 10:00")
    try:
        conv.say("卢老板: 你好")
        out = conv.say(f"卢老板: {text}")
        assert not any("不客气" in m for m in to(out, "卢老板"))
    finally:
        conv.close()


# =============================================================== a private post typed word by word


PIECES = ["在不在", "后天", "要人", "3个", "挖洋芋", "温水村", "一百五一天"]


def test_the_last_pieces_before_the_phone_make_the_post_sent_in_one_minute() -> None:
    conv = Conversation(start="2027-09-09 16:20")  # every piece at the same minute
    try:
        for piece in PIECES:
            conv.say(f"冉大爷: {piece}")
        conv.say("冉大爷: 电话13597822046")
        jobs = conv.jobs()
        assert len(jobs) == 1
        assert (jobs[0]["headcount"], jobs[0]["wage_min"], jobs[0]["state"]) == (3, 150, "open")
        # the poster saying the value put aside and the one meant corrects it, privately
        conv.say("冉大爷: 不是3个 是4个")
        assert conv.jobs()[0]["headcount"] == 4
        conv.say("冉大爷: 不是4个是5个吗")  # asked, not said: nothing changes
        assert conv.jobs()[0]["headcount"] == 4
    finally:
        conv.close()


def test_pieces_before_a_whole_message_are_not_joined() -> None:
    conv = Conversation(start="2027-09-09 16:20")
    try:
        conv.say("冉大爷: 一百五一天")
        # a whole message ends the run
        conv.say("冉大爷: 我们屋里今年洋芋收成还可以 就是价钱不好卖")
        for piece in PIECES[1:6]:
            conv.say(f"冉大爷: {piece}")
        conv.say("冉大爷: 电话13597822046")
        jobs = conv.jobs()
        assert len(jobs) == 1 and jobs[0]["wage_min"] is None and jobs[0]["state"] == "draft"
        conv.say("冉大爷: 不是明天的事 是我屋里的事")  # no value of the job in it
        assert conv.jobs()[0]["headcount"] == 3
    finally:
        conv.close()
