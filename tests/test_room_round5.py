"""Issue 10, the kinds a fifth author's conversations found (played once before any was
read): a claim said with what the claimer brings, the poster's talk under their own card, a
post that names the work a waiting draft lacked, news told in the group (a hire already made,
a relative's factory job, a verdict on a post's pay), and a date written right before a
village whose name starts with 后. Each with the look-alikes that must not act."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from handlers.reading import claim_around
from nlp import parse
from tests.conversation import Conversation, to

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 4, 29, 12, 0, tzinfo=TZ)


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation(start="2027-01-22 14:00", autobind=True)
    conv.say("@group 中岭村群 中岭村")
    yield conv
    conv.close()


# --------------------------------------------------------------------------- what one brings


@pytest.mark.parametrize(("text", "count"), [
    ("我去 喷雾器我自己带", 1),
    ("报名 自带工具", 1),
    ("算我一个 我自己带饭", 1),
    ("我去 锄头自己带来", 1),
    ("我去 我自己带老婆来", 2),  # who comes along is a companion, not a thing brought
])
def test_a_claim_with_what_the_claimer_brings(text: str, count: int) -> None:
    assert claim_around(text) == (count, None)


@pytest.mark.parametrize("text", [
    "我去 钱自己带",  # money is never a circumstance
    "我去 你们带不带饭",  # a question
    "我去 自己带车去镇上",  # a place to go to
    "喷雾器我自己带",  # no claim in it at all
    "我去 自己带两个人",  # people brought are a party, not things: unsure, not one
])
def test_things_brought_without_a_plain_claim_are_no_claim(text: str) -> None:
    assert claim_around(text) is None


# --------------------------------------------------------------------------- the poster's talk

# (tests/test_posting.py: the poster's talk under their own card in a group stays quiet.)


# --------------------------------------------------------------------------- a draft named

DRAFT = "郝大姐@中岭村群: 后天要三个帮忙扎灯笼的 一天一百二 管饭 中岭村 电话18271504469"


def test_a_post_naming_the_work_a_draft_lacked_completes_it(chat: Conversation) -> None:
    out = chat.say(DRAFT)
    assert "缺工种" in to(out, "中岭村群")[0]
    assert [j["state"] for j in chat.jobs()] == ["draft"]
    out = chat.say("郝大姐@中岭村群: 后天要三个小工 扎灯笼 一天一百二 管饭 中岭村 "
                   "电话18271504469")
    jobs = chat.jobs()
    assert len(jobs) == 1
    assert (jobs[0]["state"], jobs[0]["work_type"], jobs[0]["headcount"]) == ("open", "小工", 3)
    assert any("【招工】小工 3人" in m for m in to(out, "中岭村群"))


@pytest.mark.parametrize("other", [
    # the same phone and day, but another job: too little in common with the draft
    "郝大姐@中岭村群: 后天要个司机 电话18271504469",
    # the same day's pay is common: it alone does not make the same job
    "郝大姐@中岭村群: 后天要司机 一天一百二 电话18271504469",
    # the same phone and day, a different count and pay
    "郝大姐@中岭村群: 后天要两个搬运工 一天一百五 中岭村 电话18271504469",
])
def test_another_job_by_the_same_poster_leaves_the_draft_alone(chat: Conversation,
                                                               other: str) -> None:
    chat.say(DRAFT)
    chat.say(other)
    jobs = chat.jobs()
    assert len(jobs) == 2
    assert jobs[0]["state"] == "draft" and jobs[0]["work_type"] is None


def test_a_different_phone_never_completes_anothers_draft(chat: Conversation) -> None:
    chat.say(DRAFT)
    chat.say("老吴@中岭村群: 后天要三个小工 一天一百二 管饭 中岭村 电话13907193316")
    assert [(j["state"], j["work_type"]) for j in chat.jobs()] == [("draft", None),
                                                                    ("open", "小工")]


# --------------------------------------------------------------------------- news, not posts


@pytest.mark.parametrize("text", [
    "我屋里请了个保姆 一个月三千五 还嫌少",
    "隔壁找了个放牛的 一天一百 天天喝酒",
    "我家丫头去宜昌进厂 体检费自己出了一百二 一个月四千多",
    "我儿子去东莞进厂了 一个月五千多",
    "放牛一天一百二还可以哦",
    "采茶一天一百四 还行",
])
def test_news_and_verdicts_on_pay_are_no_post(text: str) -> None:
    assert parse(text, NOW).intent == "other"


@pytest.mark.parametrize("text", [
    "明天要两个放牛的 一天一百二 还可以哦 电话13907193316",
    "屋里找个照顾老人的 白天陪护 一个月三千二 管中饭",
    "去宜昌进厂 招普工20名 月薪4500 电话13812345678",
    "我屋里请了个保姆 还差个做饭的 一个月三千 电话13907193316",
])
def test_posts_that_look_like_news_are_still_posts(text: str) -> None:
    assert parse(text, NOW).intent == "job_post"


# --------------------------------------------------------------------------- 明天后山坪村


@pytest.mark.parametrize(("text", "village"), [
    ("明天后山坪村茶园 要两个采茶的 一天一百四", "后山坪村"),
    ("明天 后山坪村 要两个采茶的 一天一百四", "后山坪村"),
])
def test_a_date_before_a_village_starting_with_hou_is_the_date(text: str, village: str) -> None:
    job = parse(text, NOW).jobs[0]
    assert (job.start_date, job.village) == (dt.date(2027, 4, 30), village)


@pytest.mark.parametrize("text", [
    "五一后 要两个采茶的 一天一百四",
    "明天后 要两个采茶的 一天一百四",
])
def test_a_date_followed_by_after_stays_vague(text: str) -> None:
    assert parse(text, NOW).jobs[0].start_date is None


# --------------------------------------------------------------------------- the j/k authors


@pytest.mark.parametrize(("text", "count"), [
    ("算我一个 周六早上八点到", 1),
    ("我去 下周一准时到", 1),
    ("报名 15号一早就来", 1),
    ("我去 我砌了十几年墙了", 1),
    ("我去 我砍了半辈子树", 1),
])
def test_a_claim_with_a_day_or_years_of_practice(text: str, count: int) -> None:
    assert claim_around(text) == (count, None)


@pytest.mark.parametrize("text", [
    "我去 周六我要去镇上",  # one's own plans
    "我去 搞了两年 工钱太少",  # talk of the pay
    "我去 我去年做过",  # 去年 is no practice named, and 去 is going somewhere
])
def test_days_and_years_that_are_no_claim(text: str) -> None:
    assert claim_around(text) is None


def test_an_errand_is_not_the_answer_to_a_drafts_place() -> None:
    conv = Conversation(start="2027-03-10 08:40")
    try:
        conv.say("詹老板: 你好")
        conv.say("詹老板: 下周一要两个砌墙的师傅 一天二百八 电话18972035146")
        conv.say("詹老板: 我下午要克木鱼镇拿药 晚点再说")
        assert [(j["state"], j["township"]) for j in conv.jobs()] == [("draft", None)]
        conv.say("詹老板: 在阳日镇武山村")
        assert [(j["state"], j["village"]) for j in conv.jobs()] == [("open", "武山村")]
    finally:
        conv.close()


def test_a_private_cancel_with_two_live_jobs_asks_which(chat: Conversation) -> None:
    chat.say("喻老板: 你好")
    chat.say("喻老板@中岭村群: 后天要三个下货的 一天一百六 电话13872640951")
    chat.say("喻老板@中岭村群: 后天要两个开车的 拉货克松柏镇 一趟三百 电话13872640951")
    # The boss is told of a claim on the second: it is the job last written about privately.
    assert to(chat.say("老尹@中岭村群^: 我去"), "喻老板")
    out = chat.say("喻老板: 取消")
    assert "要撤下哪个" in to(out, "喻老板")[0]
    assert [j["status"] for j in chat.jobs()] == ["open", "open"]
    # With one live job there is nothing to ask.
    chat.say("喻老板 [取消招工]")
    assert sorted(j["status"] for j in chat.jobs()) == ["cancelled", "open"]
    out = chat.say("喻老板: 取消")
    assert "已撤下" in to(out, "喻老板")[0]
    assert [j["status"] for j in chat.jobs()] == ["cancelled", "cancelled"]


def test_a_phone_said_with_a_claim_is_the_one_the_employer_gets(chat: Conversation) -> None:
    chat.say("小龚: 电话13986247130\n柯老板: 你好\n符大嫂: 电话13912345678")
    chat.say("柯老板@中岭村群: 明天要三个掰玉米的 一天一百四 电话15549271806")
    out = chat.say("小龚@中岭村群^: 我去 电话13872904615")
    boss = "\n".join(to(out, "柯老板"))
    assert "13872904615" in boss and "13986247130" not in boss
    # Someone else's number said with a claim is not taken: the claimer's own goes.
    out = chat.say("符大嫂@中岭村群^: 我去 电话13872904615")
    boss = "\n".join(to(out, "柯老板"))
    assert "13912345678" in boss and "13872904615" not in boss


@pytest.mark.parametrize("words", ["我的资料", "我的資訊", "删除我的资料", "导出我的数据"])
def test_ones_data_asked_in_a_group_is_sent_to_the_private_chat(chat: Conversation,
                                                                words: str) -> None:
    out = chat.say(f"小祝@中岭村群: {words}")
    assert "私聊" in to(out, "中岭村群")[0]


def test_talk_of_passing_data_on_is_quiet(chat: Conversation) -> None:
    assert chat.say("老聂@中岭村群: 小祝 你的信息我转给老甘了哈") == []


def test_a_care_job_outside_the_county_keeps_its_place() -> None:
    """「去宜昌照顾老人」 in a hire is where the work is (no place in the county, no fallback);
    「我要去宜昌带孙子」 is the poster's errand."""
    hire = parse("招保姆 去宜昌照顾老人 一个月4000 电话13812345678", NOW, chat_region="松柏镇")
    assert (hire.jobs[0].township, hire.jobs[0].village) == (None, None)
    errand = parse("我要去宜昌带孙子 屋里要个人喂猪 一个月两千 电话13812345678", NOW,
                   chat_region="松柏镇")
    assert errand.jobs[0].township == "松柏镇"


@pytest.mark.parametrize("text", [
    "砍树一天一百八 比去年多二十",
    "我表妹在酒店做客房 一个月三千八 还包住",
    "我堂哥在工地当小工 一天两百",
])
def test_more_news_is_no_post(text: str) -> None:
    assert parse(text, NOW).intent == "other"


@pytest.mark.parametrize(("text", "now", "day"), [
    # a lunar 八月十二 four days away, not the solar one eleven months off
    ("八月十二大岭村掰玉米 要三个人 一天一百五", dt.datetime(2027, 9, 8, 10, tzinfo=TZ),
     dt.date(2027, 9, 12)),
    # written with 号 or in digits it is the solar date, near or far
    ("八月十二号大岭村掰玉米 要三个人 一天一百五", dt.datetime(2027, 9, 8, 10, tzinfo=TZ),
     dt.date(2028, 8, 12)),
    ("8月12 大岭村掰玉米 要三个人 一天一百五", dt.datetime(2027, 9, 8, 10, tzinfo=TZ),
     dt.date(2028, 8, 12)),
    # near in the solar calendar: solar
    ("九月二十大岭村掰玉米 要三个人 一天一百五", dt.datetime(2027, 9, 8, 10, tzinfo=TZ),
     dt.date(2027, 9, 20)),
    # the solar day passed yesterday: a stale or mistyped post, kept solar (the poster is asked)
    ("八月十二要3个人摘茶", dt.datetime(2025, 8, 13, 10, tzinfo=TZ), dt.date(2026, 8, 12)),
])
def test_a_month_and_day_in_numerals_reads_as_the_nearer_calendar(
        text: str, now: dt.datetime, day: dt.date) -> None:
    assert parse(text, now).jobs[0].start_date == day


# --------------------------------------------------------------------------- the m/n authors

from handlers.reading import drop_phrase  # noqa: E402


@pytest.mark.parametrize(("text", "claim"), [
    ("还要人不 我可以", (1, None)),  # asking whether there is room, then offering
    ("还招吗 我来", (1, None)),
    ("那我也报个名 排个队", (1, None)),
    ("我也报一个 排后面", (1, None)),
    ("我去 一共三个", (3, None)),
    ("我们屋里5个人都去", (5, None)),
    ("我去 我开了二十年车 电话13886432907", (1, "13886432907")),
    ("要得要得 我去 我屋里老头子也克 我们两个人 明天早上七点钟就到", (2, None)),
    ("我也去 莫得问题", (1, None)),
    ("我克", (1, None)),  # 克 is 去 in the dialect
])
def test_claims_said_the_m_and_n_ways(text: str, claim: tuple[int, str | None]) -> None:
    assert claim_around(text) == claim


@pytest.mark.parametrize("text", [
    "还要人不",  # the question alone offers nobody
    "我可以",  # says not what
    "还要人不 我可以 几点到",  # a question is left open
    "我去 排后面的人多不多",
    "我克看看",  # 我去看看: going to look, no claim
    "我屋里去",  # going home
    "这边来",
    "要不 我也行",  # 要不 is "how about", not a question about room
])
def test_their_look_alikes_are_no_claim(text: str) -> None:
    assert claim_around(text) is None


@pytest.mark.parametrize(("text", "drops"), [
    ("那就不要了吧 屋里姑娘放假回来了", True),  # letting go, and why
    ("唉 那就不要了吧", True),
    ("唉 算了 不招了 屋里人够了", True),
    ("算了吧 明天再说", False),  # put off, not let go
    ("不要了 改成三个人", False),  # a number: a change, not a drop
    ("好的", False),
    ("不用 面议", False),  # answers a wage question
    ("不用了 到时候再商量", False),
    ("不要人 要车", False),
])
def test_letting_a_draft_go_with_a_reason(text: str, drops: bool) -> None:
    assert drop_phrase(text) is drops


def test_a_dropped_draft_is_not_revived_by_its_missing_place() -> None:
    conv = Conversation(start="2027-08-17 10:00")
    try:
        conv.say("冯姐: 订阅 家政 松柏镇")
        conv.say("宋大姐: 要个住家保姆 三千五一个月 包吃住 电话15926730158")
        conv.say("宋大姐: 那就不要了吧 屋里姑娘放假回来了")
        out = conv.say("宋大姐: 松柏镇")
        assert not to(out, "冯姐")
        assert [j["status"] for j in conv.jobs()] == ["cancelled"]
    finally:
        conv.close()


def test_letting_a_draft_go_with_ones_availability_drops_it() -> None:
    """「算了 这几天没空」 names availability, a command's word: the waiting draft is still
    looked at, and let go."""
    conv = Conversation(start="2027-03-10 08:40")
    try:
        conv.say("宦老板: 你好")
        conv.say("宦老板: 下个月要一个人帮我喂猪 喂一个月 新华镇猫儿观村 电话13677251408")
        assert [j["state"] for j in conv.jobs()] == ["draft"]
        conv.say("宦老板: 算了 这几天没空")
        assert [j["status"] for j in conv.jobs()] == ["cancelled"]
    finally:
        conv.close()
