"""Round 13 (the nineteenth round's cooperatives): shifts of one post as jobs of their own, a
claim naming a shift or a task of a post of several, shop-floor talk under one's own card,
more of one's work posted again, a withdrawal from today's job only — each kind with the
messages that must act and the look-alikes that must not. Every sentence is new (none is a
line of a conversation)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from nlp import parse
from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

NOW = dt.datetime(2027, 6, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _jobs(text: str) -> list[dict[str, object]]:
    return [j.to_contract() for j in parse(text, NOW).jobs]


# ==== a post of shifts, each with its own count or pay: one job per shift

@pytest.mark.parametrize(("text", "counts", "wages", "starts"), [
    ("后天纸箱厂糊纸盒 白班要四个 早上七点到下午三点 一个钟头十六；夜班要两个 "
     "晚上八点到十二点 一个钟头二十 电话13907196342 柯厂长", [4, 2], [16, 20], ["07:00", "20:00"]),
    ("明天柑橘分拣 早班五个人 一小时15 中班三个人 一小时17 晚班两个人 一小时19 "
     "电话15572031964", [5, 3, 2], [15, 17, 19], [None, None, None]),
    ("魔芋厂明天切片 夜班要三个 一个钟头二十二 早班要两个 一个钟头十八 电话18671920437",
     [3, 2], [22, 18], [None, None]),
])
def test_shifts_each_with_their_count_or_pay_are_jobs_of_their_own(
        text: str, counts: list[int], wages: list[int], starts: list[str | None]) -> None:
    jobs = _jobs(text)
    assert [j["headcount"] for j in jobs] == counts
    assert [j["wage_min"] for j in jobs] == wages
    assert [j["start_time"] for j in jobs] == starts
    # what the post says once (the work, the day, the phone) is every shift's
    assert len({j["work_type"] for j in jobs}) == 1
    assert len({j["phone"] for j in jobs}) == 1 and jobs[0]["phone"]
    assert len({j["start_date"] for j in jobs}) == 1


@pytest.mark.parametrize("text", [
    "砖厂两班倒 白班夜班都要人 要十个 一天两百 电话13872019465",  # shifts named, one count
    "坐早班车过来 晚班要两个人 一天一百五 电话13872019465",  # the bus is no shift
    "明早早班车送货 要两个跟车的 一天一百五 晚班车也要跟两个 一天一百五",
    "白班早上八点到晚上八点 夜班晚上八点到早上八点 招普工10名 月薪5000",  # hours only
    "早班晚班都可以 要三个人 一个钟头十五 电话13872019465",
])
def test_shifts_without_their_own_count_or_pay_are_one_job(text: str) -> None:
    assert len(_jobs(text)) == 1


# ==== a task with what it works on before its count: a kind of work of its own

@pytest.mark.parametrize(("text", "kinds"), [
    ("蜂场后天要人 割蜜的小工两个 一天一百六；灌装封口的三个 一瓶四毛 电话13597206418",
     ["小工", "包装工"]),
    ("今天下午要三个打包发货的 一个钟头十八；明天采摘杨梅要五个 一天一百三 电话15997120346",
     ["包装工", "采摘工"]),
])
def test_a_task_and_its_object_before_the_count_is_its_own_job(text: str,
                                                               kinds: list[str]) -> None:
    assert [j["work_type"] for j in _jobs(text)] == kinds


def test_each_item_keeps_the_day_its_sentence_says() -> None:
    jobs = _jobs("今天下午要三个打包发货的 一个钟头十八；明天采摘杨梅要五个 一天一百三 "
                 "电话15997120346")
    assert [j["start_date"] for j in jobs] == ["2027-06-02", "2027-06-03"]


# ==== a clock time said without its part of the day follows the evening said before it

@pytest.mark.parametrize(("text", "start", "end"), [
    ("今天晚上要两个卸货的 八点到十一点 一个钟头二十五 电话13972018563", "20:00", "23:00"),
    ("明天下午要三个人装车 两点到五点半 一小时二十 电话13972018563", "14:00", "17:30"),
    ("晚上要人看鱼塘 9点到6点 一晚上两百 电话13972018563", "21:00", "06:00"),
])
def test_an_hour_after_the_evening_said_is_the_evenings(text: str, start: str,
                                                        end: str) -> None:
    job = _jobs(text)[0]
    assert (job["start_time"], job["end_time"]) == (start, end)


@pytest.mark.parametrize(("text", "start"), [
    ("明天要三个人装车 早上七点到十一点 一小时二十 电话13972018563", "07:00"),
    ("今天晚上吃完饭再说 明天要三个人装车 七点开始 一天一百五 电话13972018563", "07:00"),
])
def test_an_hour_in_a_morning_or_another_sentence_stays(text: str, start: str) -> None:
    assert _jobs(text)[0]["start_time"] == start


# ==== a claim naming a shift (「夜班那个我去」) takes that shift's job

SHIFTS = """
@group 盘龙村群 盘龙村
柯厂长: 你好
小游: 你好
老税: 你好
柯厂长@盘龙村群: 后天果园分拣柑橘 白班要两个 早上七点到下午三点 一个钟头十六；夜班要两个 \
晚上八点到十二点 一个钟头二十 电话13907196342 柯厂长
"""


@pytest.fixture
def shifts() -> Iterator[Conversation]:
    conv = Conversation(start="2027-06-02 09:00", autobind=True)
    conv.say(SHIFTS)
    assert [j["status"] for j in conv.jobs()] == ["open", "open"]
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "which"), [
    ("夜班那个我去", 1),
    ("白班那个算我一个", 0),
    ("夜班的活算我一个", 1),
])
def test_a_claim_naming_a_shift_takes_that_shifts_job(shifts: Conversation, text: str,
                                                       which: int) -> None:
    shifts.say(f"小游@盘龙村群: {text}")
    claims = _claims(shifts)
    assert claims[which] == [("小游", 1, "confirmed")]
    assert claims[1 - which] == []


@pytest.mark.parametrize("text", [
    "夜班几点下班哦",  # asks
    "我在厂里上了两年夜班 一个钟头才十二",  # one's own past
    "白班那个好多钱一个钟头",
])
def test_talk_of_a_shift_claims_nothing(shifts: Conversation, text: str) -> None:
    out = shifts.say(f"老税@盘龙村群: {text}")
    assert _claims(shifts) == [[], []]
    assert not to(out, "盘龙村群")


# ==== a claim naming a task of a post of several: the job whose part says it

HONEY = """
@group 长坊村群 长坊村
覃会计: 你好
老税: 你好
小游: 你好
覃会计@长坊村群: 长坊村蜂场大后天割蜜 要三个小工 一天一百六；还要两个包装封口的 一瓶四毛 \
电话13597206418 覃会计
"""


@pytest.fixture
def honey() -> Iterator[Conversation]:
    conv = Conversation(start="2027-06-02 09:00", autobind=True)
    conv.say(HONEY)
    assert [j["status"] for j in conv.jobs()] == ["open", "open"]
    yield conv
    conv.close()


def test_the_task_said_in_the_posts_head_names_its_first_job(honey: Conversation) -> None:
    honey.say("老税@长坊村群: 割蜜那个算我一个")
    honey.say("小游@长坊村群: 封口那个我去")
    assert _claims(honey) == [[("老税", 1, "confirmed")], [("小游", 1, "confirmed")]]


def test_who_comes_along_after_a_named_claim_is_its_party(honey: Conversation) -> None:
    honey.say("老税@长坊村群: 包装那个我去 我跟我屋里的两个")
    assert _claims(honey) == [[], [("老税", 2, "confirmed")]]


def test_a_phone_after_a_named_claim_reaches_the_employer(honey: Conversation) -> None:
    out = honey.say("老税@长坊村群: 割蜜那个算我一个 电话15871206394")
    assert _claims(honey) == [[("老税", 1, "confirmed")], []]
    assert any("15871206394" in m for m in to(out, "覃会计"))


def test_a_remark_after_a_named_claim_keeps_it_one(honey: Conversation) -> None:
    honey.say("老税@长坊村群: 包装那个我去 我屋就在蜂场边上")
    assert _claims(honey) == [[], [("老税", 1, "confirmed")]]


def test_a_task_of_a_job_taken_down_names_no_sibling(honey: Conversation) -> None:
    honey.say("覃会计: 取消 包装 屋里人回来帮忙了")
    assert [j["status"] for j in honey.jobs()] == ["open", "cancelled"]
    honey.say("小游@长坊村群: 封口那个我去")
    assert _claims(honey) == [[], []]
    honey.say("小游@长坊村群: 割蜜那个我去")
    assert _claims(honey) == [[("小游", 1, "confirmed")], []]


# ==== shop-floor talk under one's own card changes nothing

KILN = """
@group 盘龙村群 盘龙村
秦会计: 你好
秦会计@盘龙村群: 后天合作社烤烟房分拣烟叶 要四个 一个钟头十七 早上八点到下午五点 \
电话15629807316 秦会计
"""


@pytest.fixture
def kiln() -> Iterator[Conversation]:
    conv = Conversation(start="2027-06-02 09:00", autobind=True)
    conv.say(KILN)
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "今天烤了八百多斤 手都黑了",
    "今天收了两千斤烟叶 明天怕是要搞到天黑",
    "几点收工还不晓得 今天装了三十筐",
])
def test_floor_talk_under_ones_card_corrects_nothing(kiln: Conversation, text: str) -> None:
    out = kiln.say(f"秦会计@盘龙村群^: {text}")
    job = kiln.jobs()[0]
    assert (job["start_date"], job["headcount"], job["wage_min"]) == ("2027-06-04", 4, 17)
    assert not to(out, "盘龙村群")


@pytest.mark.parametrize(("text", "field", "value"), [
    ("改成明天 今天收了两千斤", "start_date", "2027-06-03"),
    ("人数6 今天烤了八百多斤 忙不过来", "headcount", 6),
])
def test_a_correction_beside_floor_talk_still_corrects(kiln: Conversation, text: str,
                                                       field: str, value: object) -> None:
    kiln.say(f"秦会计@盘龙村群^: {text}")
    assert kiln.jobs()[0][field] == value


# ==== more of one's own work posted again (「晚班也要两个人」): a second job

def test_more_of_ones_work_without_its_name_is_a_second_job(kiln: Conversation) -> None:
    kiln.say("秦会计@盘龙村群: 后天夜班也要三个人 晚上六点到十点 一个钟头二十")
    jobs = kiln.jobs()
    assert len(jobs) == 2
    assert jobs[1]["work_type"] == jobs[0]["work_type"]
    assert (jobs[1]["headcount"], jobs[1]["wage_min"]) == (3, 20)
    assert (jobs[0]["headcount"], jobs[0]["wage_min"]) == (4, 17)


def test_someone_elses_also_wanted_is_not_more_of_the_posters_work(
        kiln: Conversation) -> None:
    out = kiln.say("老税@盘龙村群: 我屋里后天也要两个人 一天一百五")
    assert len(kiln.jobs()) == 1
    assert not to(out, "盘龙村群")


@pytest.mark.parametrize("who", ["秦会计", "老税"])
def test_also_wanted_with_no_count_or_pay_or_from_another_is_no_job(
        kiln: Conversation, who: str) -> None:
    text = "我们那边也要人 你们问问" if who == "老税" else "明天也要人哦"
    kiln.say(f"{who}@盘龙村群: {text}")
    assert len(kiln.jobs()) == 1


# ==== 「今天去不成了」 withdraws today's claim, not tomorrow's

TWO_DAYS = """
@group 长坊村群 长坊村
覃老板: 你好
秋菊: 你好
覃老板@长坊村群: 今天晚上要两个卸货的 八点到十一点 一个钟头二十五；明天采摘杨梅要四个 \
一天一百三 电话13972018563 覃老板
秋菊@长坊村群: 卸货那个算我一个
秋菊@长坊村群: 采摘那个我也去
"""


@pytest.fixture
def two_days() -> Iterator[Conversation]:
    conv = Conversation(start="2027-06-02 15:00", autobind=True)
    conv.say(TWO_DAYS)
    assert _claims(conv) == [[("秋菊", 1, "confirmed")], [("秋菊", 1, "confirmed")]]
    yield conv
    conv.close()


@pytest.mark.parametrize("text", ["今天去不成了 屋里来客了", "今天去不了了 腰杆痛"])
def test_today_said_withdraws_todays_claim_only(two_days: Conversation, text: str) -> None:
    two_days.say(f"秋菊: {text}")
    assert _claims(two_days) == [[("秋菊", 1, "cancelled")], [("秋菊", 1, "confirmed")]]


def test_someone_without_a_claim_saying_today_is_heard_by_nobody(
        two_days: Conversation) -> None:
    out = two_days.say("老税@长坊村群: 今天去不成了 屋里要吃酒")
    assert not to(out, "长坊村群")
    assert _claims(two_days)[0] == [("秋菊", 1, "confirmed")]


# ==== the evening carried onto a clock time: only when it is the time of the work itself

@pytest.mark.parametrize(("text", "start", "end"), [
    ("今天晚上要三个人剥玉米 七点到十点 一个钟头十八 电话13886204517", "19:00", "22:00"),
    ("下午要两个人卸化肥 两点开工 一天一百 电话13886204517", "14:00", None),
])
def test_the_evening_of_the_work_carries_onto_its_hours(text: str, start: str,
                                                       end: str | None) -> None:
    job = _jobs(text)[0]
    assert (job["start_time"], job.get("end_time")) == (start, end)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("后天要四个人插秧 中午晚上都包饭 7点到下午6点 一天160 电话13886204517", "07:00", "18:00"),
    ("明天要两个人砌墙 晚上住工棚 7点开工 电话13886204517", "07:00", None),
    ("要三个人摘辣椒 晚上各自回去 8点上工 一天120", "08:00", None),
    ("要三个人摘辣椒 晚上吃了饭再走 8点上工 一天120", "08:00", None),
    # the range says its own afternoon: a morning's start, read forwards
    ("后天要四个人修水渠 晚上有电影看 7点到下午5点 一天150", "07:00", "17:00"),
])
def test_the_evening_of_meals_bed_or_home_is_not_the_works(text: str, start: str,
                                                          end: str | None) -> None:
    job = _jobs(text)[0]
    assert (job["start_time"], job.get("end_time")) == (start, end)


# ==== what every shift shares: a pay or count said once, a total, an allowance

@pytest.mark.parametrize(("text", "count", "wage"), [
    ("后天榨油坊要人 早班4个 晚班4个 一天160 电话13886204517", 4, 160),  # the pay is both's
    ("面条厂要人压面 早班120 晚班140 总共要六个人 电话13886204517", 6, None),  # a total
    ("面条厂一共要六个人压面 早班120 晚班140 电话13886204517", 6, None),  # a total first
    ("仓库招两个守夜的 白班一天130 上夜班的每晚补贴40 电话13886204517", 2, 130),  # allowance
])
def test_what_the_shifts_share_makes_them_one_job(text: str, count: int,
                                                  wage: int | None) -> None:
    jobs = _jobs(text)
    assert len(jobs) == 1
    assert jobs[0]["headcount"] == count
    if wage is not None:
        assert jobs[0]["wage_min"] == wage


def test_shifts_each_with_count_and_pay_and_a_phone_after_stay_apart() -> None:
    jobs = _jobs("后天榨油坊 早班4个 一天160 晚班3个 一天180 电话13886204517")
    assert [(j["headcount"], j["wage_min"]) for j in jobs] == [(4, 160), (3, 180)]
    assert jobs[1]["phone"] == jobs[0]["phone"] == "13886204517"


# ==== a word of the post's head before its first item names no one job

def test_a_place_in_the_head_of_several_jobs_names_neither() -> None:
    conv = Conversation(start="2027-06-02 09:00", autobind=True)
    conv.say("""
@group 盘龙村群 盘龙村
柯老板: 你好
小游: 你好
柯老板@盘龙村群: 砖厂后天要三个码砖的 一天160 一个烧饭的 一天110 电话13886204517
""")
    conv.say("小游@盘龙村群: 砖厂那个我去")
    assert _claims(conv) == [[], []]
    conv.say("小游@盘龙村群: 烧饭那个我去")
    assert _claims(conv) == [[], [("小游", 1, "confirmed")]]
    conv.close()


# ==== 「也要N个人」 under one's own card with no other shift or day: a correction

@pytest.mark.parametrize("text", ["也要6个人 4个不够", "人也要6个 工钱不变"])
def test_also_wanting_a_count_with_no_other_shift_or_day_corrects(kiln: Conversation,
                                                                   text: str) -> None:
    out = kiln.say(f"秦会计@盘龙村群^: {text}")
    jobs = kiln.jobs()
    assert len(jobs) == 1 and jobs[0]["headcount"] == 6
    assert to(out, "盘龙村群")


# ==== a guess of the people needed under one's card is not left unanswered

def test_a_guessed_count_under_ones_card_is_answered(kiln: Conversation) -> None:
    out = kiln.say("秦会计@盘龙村群^: 恐怕要7个人才忙得过来")
    assert to(out, "盘龙村群")
    assert kiln.jobs()[0]["headcount"] == 7
