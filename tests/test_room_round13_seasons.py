"""Round 13 (the nineteenth round's conversations): the rainy season, household work and long
jobs — each kind with the messages that must act and the look-alikes that must not. Every
sentence is new (none is a line of a conversation)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from bot.clock import TZ
from nlp import extract_fields, parse
from nlp.normalize import normalize
from nlp.scam import scam_word
from tests.conversation import Conversation, to


def _claims(conv: Conversation, job: int = 0) -> list[tuple[str, int, str]]:
    return sorted((c["person"], c["count"], c["status"]) for c in conv.jobs()[job]["claims"])


# ==== a withdrawal said with 来不了 (no 了) and its reason, on the day the poster moved it to

RAPESEED = """
@group 清泉村群 清泉村
包老板: 你好
小江: 你好
老谭: 你好
秀英: 你好
包老板@清泉村群: 周三割油菜 要两个人 一天一百五 电话13617208835 包老板
小江@清泉村群^: 我去
老谭@清泉村群^: 我也去
秀英@清泉村群^: 算我一个 候补也行
包老板@清泉村群^: 改到周四 周三要下雨
"""
HELD = sorted([("小江", 1, "confirmed"), ("秀英", 1, "waitlisted"), ("老谭", 1, "confirmed")])


@pytest.fixture
def moved() -> Iterator[Conversation]:
    conv = Conversation(start="2027-06-14 10:00", autobind=True)  # a Monday
    conv.say(RAPESEED)
    assert conv.jobs()[0]["start_date"] == "2027-06-17"
    assert _claims(conv) == HELD
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "周四我来不了 要去镇上吃酒",  # the new day, the reason after
    "周四来不了 屋里来客",
    "不好意思 我来不了 孩子发烧",
    "17号我来不了 要送老娘去医院",  # the new day as a date
])
def test_来不了_with_a_reason_on_the_moved_day_withdraws_and_the_waitlist_moves_up(
        moved: Conversation, text: str) -> None:
    out = moved.say(f"小江@清泉村群^: {text}")
    assert _claims(moved) == sorted([("小江", 1, "cancelled"), ("秀英", 1, "confirmed"),
                                     ("老谭", 1, "confirmed")])
    assert any("13617208835" in m for m in to(out, "秀英"))  # moved up, with the phone
    assert any("秀英" in m for m in to(out, "包老板"))


@pytest.mark.parametrize("text", [
    "周三我来不了 要去镇上吃酒",  # the old day: the job is not on it any more
    "我兄弟来不了 屋里有事",  # someone else, and he brought nobody
    "周四我来不了 换个人行不行",  # asked
    "你来不了 我帮你顶",  # not the speaker
])
def test_look_alikes_of_来不了_withdraw_nothing(moved: Conversation, text: str) -> None:
    moved.say(f"小江@清泉村群^: {text}")
    assert _claims(moved) == HELD


# ==== where the poster or their family works away is no place of the job

@pytest.mark.parametrize(("text", "town", "village"), [
    ("我是在宜昌上班的 我爸一个人在松柏镇清泉村 想请个保姆照顾他 一个月三千二 包吃住 "
     "电话13995812046 李先生", "松柏镇", "清泉村"),
    ("儿子在深圳打工 屋里在木鱼镇青天村 老娘要人看护 一个月两千八 电话17702713395",
     "木鱼镇", "青天村"),
    ("我现在在武汉做事 宋洛乡中岭村屋里要个做饭的 一个月两千五 电话15826970431",
     "宋洛乡", "中岭村"),
])
def test_a_place_where_someone_works_away_leaves_the_jobs_own_place(
        text: str, town: str, village: str) -> None:
    now = dt.datetime(2027, 3, 17, 19, 40, tzinfo=TZ)
    [job] = parse(text, now).jobs
    assert (job.township, job.village) == (town, village)


@pytest.mark.parametrize("text", [
    "去宜昌上班 包吃住 一个月五千 要十个普工 电话13995812046",  # the job is there
    "在深圳电子厂上班 要二十个普工 月薪五千 电话17702713395",
])
def test_a_job_away_stays_away(text: str) -> None:
    now = dt.datetime(2027, 3, 17, 19, 40, tzinfo=TZ)
    for job in parse(text, now).jobs:
        assert job.township is None


def test_a_son_away_posting_privately_for_his_mother_opens_the_job_and_pushes_it() -> None:
    conv = Conversation(start="2027-03-17 10:00")
    try:
        conv.say("小柴: 订阅 保姆 松柏镇")
        out = conv.say("周先生: 我是在宜昌上班的 我妈一个人在松柏镇清泉村 要个住家保姆 一个月三千 "
                       "包吃住 电话13995812046 周先生")
        [job] = conv.jobs()
        assert (job["status"], job["village"]) == ("open", "清泉村")
        assert to(out, "小柴")
    finally:
        conv.close()


# ==== ...but a place where the poster's own business is, and it hires there, is the job's place

OWN_BUSINESS_AWAY = [
    "我在十堰做生意 店里缺个服务员 一个月两千二 电话13545087721",
    "俺在襄阳打工 厂里招十个普工 包吃住 月薪四千五 电话13995812046",
    "我在十堰做生意 要个洗碗工 一个月两千四 电话17702713395",  # the hire right after
    "我老公在武汉做生意的 那边缺个做饭的 一个月三千 电话15826970431",
    "我是在宜昌上班的 我们公司要两个保安 一个月三千五 电话13617208835",
]


@pytest.mark.parametrize("text", OWN_BUSINESS_AWAY)
def test_a_business_away_that_hires_is_no_place_of_the_group(text: str) -> None:
    conv = Conversation(start="2027-03-17 10:00", autobind=True)
    try:
        out = conv.say(f"@group 桃园村群 桃园村\n老板: 你好\n老板@桃园村群: {text}")
        [job] = conv.jobs()
        assert job["village"] is None  # not the group's 桃园村: the work is away
        assert any("还缺地点" in m for m in to(out, "桃园村群"))
    finally:
        conv.close()


@pytest.mark.parametrize("text", [
    "我在襄阳上班 家里老娘要个保姆照顾 一个月两千六 电话13617208835",  # 家里: home
    "儿子在十堰打工 屋里两亩茶叶没人摘 要两个采茶的 一天一百二 电话17702713395",
    "我是在深圳做事的 过年才回来 屋里要个人喂猪 一个月两千 电话15826970431",
])
def test_a_place_of_work_away_with_the_job_at_home_takes_the_groups_place(text: str) -> None:
    conv = Conversation(start="2027-03-17 10:00", autobind=True)
    try:
        out = conv.say(f"@group 桃园村群 桃园村\n老板: 你好\n老板@桃园村群: {text}")
        [job] = conv.jobs()
        assert job["village"] == "桃园村"
        assert any("阳日镇桃园村" in m for m in to(out, "桃园村群"))
    finally:
        conv.close()


# ==== one denial said of a list of fees denies each; a fee asked beside it still holds

@pytest.mark.parametrize("text", [
    "招保姆 不收任何押金和中介费 电话13995812046",
    "招普工 无押金、培训费、服装费",
    "不收押金或者报名费",
    "免介绍费与体检费",
])
def test_fees_denied_together_are_no_scam(text: str) -> None:
    assert scam_word(normalize(text)) is None


@pytest.mark.parametrize(("text", "word"), [
    ("不收押金 但要交培训费600", "培训费"),  # a fee asked after the denial
    ("押金和中介费都要先交", "押金"),  # a list asked, not denied
    ("不收中介费 押金五百", "押金"),  # another clause
])
def test_a_fee_asked_beside_a_denial_is_still_held(text: str, word: str) -> None:
    assert scam_word(normalize(text)) == word


def test_a_post_denying_fees_together_opens_and_pushes_in_the_group() -> None:
    conv = Conversation(start="2027-03-26 09:00", autobind=True)
    try:
        conv.say("""
@group 松柏镇群 松柏镇
@officer 龚主任 松柏镇
龚主任: 你好
小柴: 订阅 看护 松柏镇
""")
        out = conv.say("金姐@松柏镇群: 松柏镇上要个住家保姆照顾老人 月薪四千 不收押金和介绍费 "
                       "电话13995812046 金姐")
        [job] = conv.jobs()
        assert job["status"] == "open"
        assert to(out, "小柴")
        assert not to(out, "龚主任")
    finally:
        conv.close()


# ==== how long the weather has lasted, said under one's own card, is no length of the job

SEA_WALL = """
@group 龙溪村群 龙溪村
郑老板: 你好
郑老板@龙溪村群: 明天砌堡坎 要两个小工 一天一百六 电话18671302594 郑老板
"""


@pytest.fixture
def wall() -> Iterator[Conversation]:
    conv = Conversation(start="2027-09-09 18:00", autobind=True)
    conv.say(SEA_WALL)
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "雨落了五天了 路上全是泥巴",
    "这个雨下了一个礼拜了 哦",
    "等晴等了半个月了",
])
def test_time_gone_by_under_ones_card_changes_nothing(wall: Conversation, text: str) -> None:
    out = wall.say(f"郑老板@龙溪村群^: {text}")
    assert not out
    assert wall.jobs()[0]["start_date"] == "2027-09-10"


def test_the_jobs_length_said_under_ones_card_still_corrects(wall: Conversation) -> None:
    out = wall.say("郑老板@龙溪村群^: 工期改成四天")
    assert out
    assert "干4天" in "\n".join(to(out, "龙溪村群"))


@pytest.mark.parametrize(("text", "days"), [
    ("雨下了四天了 明天要两个小工 一天一百六", None),  # time gone by
    ("还要干三天了 要两个小工 一天一百六", 3),  # what is still needed
    ("明天开始 干五天 要两个小工 一天一百六", 5),
])
def test_elapsed_time_is_no_duration_but_what_is_still_needed_is(
        text: str, days: int | None) -> None:
    now = dt.datetime(2027, 9, 9, 18, tzinfo=TZ)
    assert extract_fields(text, now).get("duration_days") == days


# ==== a change made at night reaches its workers at 07:00, once, as the job then is

LOADING = """
@group 龙溪村群 龙溪村
郑老板: 你好
小谢: 你好
老向: 你好
郑老板@龙溪村群: 明天卸砖 要两个人 一天一百六 电话18671302594 郑老板
小谢@龙溪村群^: 我去
老向@龙溪村群^: 我去
"""


@pytest.fixture
def loading() -> Iterator[Conversation]:
    conv = Conversation(start="2027-09-09 17:00", autobind=True)
    conv.say(LOADING)
    yield conv
    conv.close()


def test_a_change_at_night_waits_for_seven_and_goes_once_as_the_job_then_is(
        loading: Conversation) -> None:
    loading.say("@wait 5h")  # 22:00
    out = loading.say("郑老板: 改到后天 明天落大雨")
    assert loading.jobs()[0]["start_date"] == "2027-09-11"
    assert to(out, "郑老板")  # the poster is answered at once
    assert not to(out, "小谢") and not to(out, "老向")
    out = loading.say("郑老板: 工价一百八")  # a second change in the same night
    assert not to(out, "小谢")
    out = loading.say("@wait 9h")  # 07:00
    for worker in ("小谢", "老向"):
        [note] = to(out, worker)
        assert "有变动" in note and "明天 9月11日" in note and "180" in note


def test_a_worker_who_withdrew_overnight_is_not_told_of_the_change(
        loading: Conversation) -> None:
    loading.say("@wait 5h")
    loading.say("郑老板: 工价一百八")
    loading.say("小谢: 不去了 屋里有事")
    out = loading.say("@wait 9h")
    assert not to(out, "小谢")
    assert to(out, "老向")


def test_a_change_in_the_evening_before_nine_is_told_at_once(loading: Conversation) -> None:
    loading.say("@wait 3h")  # 20:00
    out = loading.say("郑老板: 工价一百八")
    assert any("有变动" in m for m in to(out, "小谢"))
    assert any("有变动" in m for m in to(out, "老向"))


def test_a_job_taken_down_before_seven_sends_no_change_note(loading: Conversation) -> None:
    loading.say("@wait 5h")
    loading.say("郑老板: 工价一百八")
    loading.say("郑老板: 取消")
    out = loading.say("@wait 9h")
    assert not any("有变动" in m for m in to(out, "小谢") + to(out, "老向"))


def test_a_change_at_night_to_a_job_whose_day_is_over_by_seven_tells_nobody() -> None:
    conv = Conversation(start="2027-09-09 07:30", autobind=True)
    try:
        conv.say("""
@group 龙溪村群 龙溪村
郑老板: 你好
小谢: 你好
郑老板@龙溪村群: 今天卸砖 要一个人 一天一百六 电话18671302594 郑老板
小谢@龙溪村群^: 我去
@wait 15h
郑老板: 工价一百八 今天辛苦了
""")
        out = conv.say("@wait 9h")
        assert not any("有变动" in m for m in to(out, "小谢"))
    finally:
        conv.close()


# ==== ...but a change at night that the 07:00 note would come too late for goes at once

@pytest.mark.parametrize(("wait", "text", "when"), [
    ("3h", "改成早上6点开工", "06:00"),  # 20:00 claim, 23:00 change: work before seven
    ("6h", "改成早上五点半开工", "05:30"),  # past midnight
])
def test_a_start_before_seven_is_told_at_once(
        loading: Conversation, wait: str, text: str, when: str) -> None:
    loading.say(f"@wait {wait}")
    out = loading.say(f"郑老板: {text}")
    for worker in ("小谢", "老向"):
        [note] = to(out, worker)
        assert "有变动" in note and when in note
    out = loading.say("@wait 9h")
    assert not any("有变动" in m for m in to(out, "小谢"))  # not told again at seven


def test_a_job_moved_to_tomorrow_at_night_is_told_at_once() -> None:
    conv = Conversation(start="2027-09-09 17:00", autobind=True)
    try:
        conv.say(LOADING.replace("明天卸砖", "后天卸砖"))
        conv.say("@wait 5h")  # 22:00
        out = conv.say("郑老板: 改到明天 后天要下雨")
        assert conv.jobs()[0]["start_date"] == "2027-09-10"
        assert any("明天 9月10日" in m for m in to(out, "小谢"))
    finally:
        conv.close()


@pytest.mark.parametrize("text", [
    "改成早上8点开工",  # after seven: the morning note is in time
    "工价一百八",
    "改成早上七点半开工",  # after seven too
])
def test_other_night_changes_still_wait_for_seven(loading: Conversation, text: str) -> None:
    loading.say("@wait 6h")  # 23:00
    out = loading.say(f"郑老板: {text}")
    assert not to(out, "小谢") and not to(out, "老向")


def test_a_change_of_a_job_already_under_way_still_waits() -> None:
    conv = Conversation(start="2027-09-09 05:00", autobind=True)
    try:
        conv.say(LOADING.replace("明天卸砖", "今天早上6点卸砖"))
        conv.say("@wait 90m")  # 06:30, the work begun
        out = conv.say("郑老板: 工价一百八")
        assert not to(out, "小谢")
    finally:
        conv.close()
