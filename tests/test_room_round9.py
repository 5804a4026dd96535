"""Issue 10, a ninth round: what round 14's conversations found. Each kind in its own block,
with the look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers.reading import claim_around
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


def test_one_of_the_party_dropping_out_said_to_the_group_changes_nothing(
        room: Conversation) -> None:
    room.say("老焦@龙口村群: 我那个表弟不去了")  # not a reply: news to the room
    assert _claims(room) == FULL


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
