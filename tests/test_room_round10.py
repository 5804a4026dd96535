"""Issue 10, a tenth round: what round 16's conversations found. Each kind in its own block,
with the look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import col, select

from handlers import aftercare
from handlers.reading import Item, item_named
from storage.models import Person, Subscription, WageCheck
from tests.conversation import Conversation, to

# ==== a claim naming one job of a post (its work, its place in the list, whom it is for)

TEA_POST = ("明天采茶 招采茶工 男工3名 女工10名 男工一天150 女工一天130 日结 地点武山村茶园 "
            "电话13872615094 贺经理")
TEA = f"""
@group 武山村群 武山村
贺经理: 你好
田嫂: 你好
老覃: 你好
贺经理@武山村群: {TEA_POST}
"""

SITE_POST = ("项目部招工：1、钢筋工5名 一天三百 2、木工4名 一天三百二 3、小工10名 一天一百八 "
             "4、电焊工2名 一天三百五 后天进场 月结 地点松柏镇 电话18972034615 周工")
SITE = f"""
@group 松柏镇群 松柏镇
周工: 你好
蒋师傅: 你好
小鲁: 你好
周工@松柏镇群: {SITE_POST}
"""


def _conv(script: str, start: str) -> Conversation:
    conv = Conversation(start=start, autobind=True)
    conv.say(script)
    return conv


@pytest.fixture
def tea() -> Iterator[Conversation]:
    conv = _conv(TEA, "2027-04-08 16:20")
    yield conv
    conv.close()


@pytest.fixture
def site() -> Iterator[Conversation]:
    conv = _conv(SITE, "2027-05-17 09:30")
    yield conv
    conv.close()


def _claims(conv: Conversation) -> list[list[tuple[str, int]]]:
    """Each job's claims, in the post's order: (who, how many)."""
    return [sorted((c["person"], c["count"]) for c in job["claims"]) for job in conv.jobs()]


def test_the_gender_split_post_gives_two_jobs(tea: Conversation) -> None:
    assert [(j["work_type"], j["headcount"]) for j in tea.jobs()] == [("采茶工", 3),
                                                                       ("采茶工", 10)]


def test_women_claim_the_womens_job_replying_to_its_card(tea: Conversation) -> None:
    out = tea.say("田嫂@武山村群^: 我报女工 我们三个人 我和我两个妯娌")
    assert _claims(tea) == [[], [("田嫂", 3)]]
    assert any("田嫂" in m for m in to(out, "贺经理"))


def test_men_claim_the_mens_job_from_the_womens_card(tea: Conversation) -> None:
    # the women's card is the latest one: 「男工」 says which job
    out = tea.say("老覃@武山村群^: 男工算我一个")
    assert _claims(tea) == [[("老覃", 1)], []]
    assert any("老覃" in m for m in to(out, "贺经理"))


def test_a_work_both_jobs_are_claims_the_card_replied_to(tea: Conversation) -> None:
    tea.say("田嫂@武山村群^: 我去当采茶工")
    assert _claims(tea) == [[], [("田嫂", 1)]]


@pytest.mark.parametrize("text", [
    "女的一百三 男的一百五 一样摘茶 凭么子",  # the pay argued, no claim
    "男工要几个",  # a question
    "男工女工都算我一个",  # two items named: which is not one
    "男工多 我去看看",  # a doubt
])
def test_look_alikes_naming_a_gender_claim_nothing(tea: Conversation, text: str) -> None:
    out = tea.say(f"老覃@武山村群^: {text}")
    assert _claims(tea) == [[], []]
    assert not to(out, "贺经理")


def test_a_claim_naming_the_work_takes_that_job_from_another_card(site: Conversation) -> None:
    # the last card is the 电焊工 one
    out = site.say("蒋师傅@松柏镇群^: 我去当钢筋工 扎了十几年钢筋了")
    assert _claims(site) == [[("蒋师傅", 1)], [], [], []]
    assert any("蒋师傅" in m for m in to(out, "周工"))


@pytest.mark.parametrize(("text", "job"), [
    ("报名 第二个", 1),
    ("第三个算我一个", 2),
    ("我去当焊工", 3),  # the card replied to, named
    ("那我去当小工 我力气大", 2),
])
def test_a_claim_naming_its_item_takes_it(site: Conversation, text: str, job: int) -> None:
    site.say(f"蒋师傅@松柏镇群^: {text}")
    want: list[list[tuple[str, int]]] = [[], [], [], []]
    want[job] = [("蒋师傅", 1)]
    assert _claims(site) == want


@pytest.mark.parametrize("text", [
    "第二个是做么子的 打扫房间啊",  # asks about the item
    "我以前在宜昌工地当过电焊工 一天四百",  # one's past, and the pay
    "报名 第五个",  # the post lists four
    "我去当保洁",  # a work the post does not offer
    "我去当钢筋工 是后天吗",  # a question with it: never acted on in a group
])
def test_look_alikes_naming_an_item_claim_nothing(site: Conversation, text: str) -> None:
    out = site.say(f"蒋师傅@松柏镇群^: {text}")
    assert _claims(site) == [[], [], [], []]
    assert not to(out, "周工")


def test_a_work_named_that_a_one_job_post_is_not_claims_nothing() -> None:
    conv = _conv("""
        @group 青天村群 青天村
        王老板: 你好
        小张: 你好
        王老板@青天村群: 明天要3个小工 一天150 木鱼镇青天村 电话13812345678 王老板
        """, "2027-05-17 09:30")
    try:
        conv.say("小张@青天村群^: 我去当钢筋工")
        assert _claims(conv) == [[]]
        conv.say("小张@青天村群^: 我去当小工")
        assert _claims(conv) == [[("小张", 1)]]
    finally:
        conv.close()


@pytest.mark.parametrize(("text", "item", "claim"), [
    ("我去当钢筋工 扎了十几年钢筋了", Item(work_type="钢筋工"), "我去 扎了十几年钢筋了"),
    ("报名 第二个", Item(ordinal=2), "报名"),
    ("我报女工 我们三个人", Item(gender="female"), "我报名 我们三个人"),
    ("男工算我一个", Item(gender="male"), "算我一个"),
    ("那我去当保洁", Item(work_type="保洁员"), "那我去"),
])
def test_the_item_is_taken_out_of_the_claim(text: str, item: Item, claim: str) -> None:
    assert item_named(text) == (item, claim)


@pytest.mark.parametrize("text", [
    "第二个是做么子的",  # a question: no claim beside the item
    "我以前当过电焊工",
    "我去镇上",
    "我去当钢筋工 我报女工",  # two different items
    "第二个",  # the item alone, no claim
    "我去 今天这太阳好毒",
])
def test_no_item_is_named_by_talk(text: str) -> None:
    assert item_named(text) is None


# ==== asking which jobs one signed up for is 「我的报名」 in words

MINE = """
@group 高坪村群 高坪村
饶老板: 你好
王二嫂: 你好
饶老板@高坪村群: 明天农家乐要个洗碗的 一天一百三 红坪镇高坪村 电话13872019384 饶老板
王二嫂@高坪村群^: 我去
"""


@pytest.fixture
def mine() -> Iterator[Conversation]:
    conv = _conv(MINE, "2027-08-09 08:00")
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "我报了哪些",
    "我报了哪些活哦 记不清了",
    "我都报了些什么活",
    "我报名了哪几个？",
])
def test_asking_what_one_signed_up_for_lists_ones_claims(mine: Conversation, text: str) -> None:
    out = mine.say(f"王二嫂: {text}")
    said = to(out, "王二嫂")
    assert any("您报名的活" in m and "13872019384" in m for m in said)
    assert not any("您是要报名" in m for m in said)


@pytest.mark.parametrize("text", [
    "他报了哪些",  # someone else's
    "我报了哪些 取消一个",  # more than the question
    "报名的人多不多",
])
def test_look_alikes_of_asking_what_one_signed_up_for_list_nothing(
        mine: Conversation, text: str) -> None:
    out = mine.say(f"王二嫂: {text}")
    assert not any("您报名的活" in m for m in to(out, "王二嫂"))

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

GROUP = "古水村群"


@pytest.fixture
def conv() -> Iterator[Conversation]:
    c = Conversation(start="2027-09-14 09:00", autobind=True)  # a Tuesday
    c.say(f"""
@group {GROUP} 古水村
严老板: 你好
小黎: 你好
""")
    yield c
    c.close()


def _post(conv: Conversation) -> None:
    conv.say(f"严老板@{GROUP}: 明天要两个搬运工 往坡上背化肥 一天一百六 电话13872209651 严老板")
    assert len(conv.jobs()) == 1


# ==== a day named as the time of a remark under one's own card is no date


@pytest.mark.parametrize("text", [
    "今天雾好大 车都开不动",
    "明天要落雨 路上滑得很",
    "今天风太大了 瓦都吹跑了",
])
def test_a_remark_about_the_day_under_ones_card_changes_nothing(
        conv: Conversation, text: str) -> None:
    _post(conv)
    out = conv.say(f"严老板@{GROUP}^: {text}")
    assert out == []
    assert conv.jobs()[0]["start_date"] == "2027-09-15"


@pytest.mark.parametrize(("text", "day"), [
    ("改成后天 明天要落雨", "2027-09-16"),  # a correction word, the weather its reason
    ("后天 今天雾太大了", "2027-09-16"),  # a day said alone, beside the remark
    ("是后天", "2027-09-16"),
    ("后天好些 今天雾太大了", "2027-09-16"),  # a day preferred, not remarked on
])
def test_a_day_said_as_the_jobs_under_ones_card_still_moves_it(
        conv: Conversation, text: str, day: str) -> None:
    _post(conv)
    conv.say(f"严老板@{GROUP}^: {text}")
    assert conv.jobs()[0]["start_date"] == day


# ==== who signed up, asked in a group by someone with no job up, is talk about another's job


def test_who_signed_up_from_someone_without_a_job_gets_no_answer_in_a_group(
        conv: Conversation) -> None:
    _post(conv)
    conv.say(f"小黎@{GROUP}^: 我去")
    for text in ("谁报名了", "谁报名", "有谁报名了"):
        assert conv.say(f"老覃@{GROUP}: {text}") == []


def test_who_signed_up_from_the_poster_lists_the_claims(conv: Conversation) -> None:
    _post(conv)
    conv.say(f"小黎@{GROUP}^: 我去")
    out = conv.say(f"严老板@{GROUP}: 谁报名了")
    assert any("小黎" in m for m in to(out, GROUP))


def test_who_signed_up_privately_or_my_jobs_in_a_group_are_answered_without_a_job(
        conv: Conversation) -> None:
    _post(conv)
    assert any("没有在招的活" in m for m in to(conv.say("小黎: 谁报名了"), "小黎"))
    assert any("没有在招的活" in m for m in to(conv.say(f"小黎@{GROUP}: 我的招工"), GROUP))


# ==== a lift offered with a fare is no job; a driver hired is


def test_a_lift_with_seats_and_a_fare_makes_no_job_and_no_answer(conv: Conversation) -> None:
    out = conv.say(f"老幺@{GROUP}: 后天一早我开车去房县 顺路 车上还剩两个位子 一人三十 "
                   "要坐的打电话18871426630")
    assert out == []
    assert conv.jobs() == []
    # someone asking for a seat is no claim of anything
    assert conv.say(f"小黎@{GROUP}: 要得 给我留个位子 我去县里办事") == []


def test_a_driver_hired_for_a_trip_is_a_job(conv: Conversation) -> None:
    out = conv.say(f"严老板@{GROUP}: 后天要个开车的 帮我送两车木耳到房县 给四百 "
                   "电话13872209651 严老板")
    assert any("司机" in m for m in to(out, GROUP))
    assert len(conv.jobs()) == 1


# ==== a post quoted is no post; a forward of a card's post is the same job


def test_a_quoted_post_asked_about_makes_no_job(conv: Conversation) -> None:
    out = conv.say(f"田嫂@{GROUP}: 前年这时候有人发过「要四个摘核桃的 一天一百三」 今年还有没得")
    assert out == []
    assert conv.jobs() == []


def test_a_forward_of_the_post_is_the_same_job(conv: Conversation) -> None:
    _post(conv)
    out = conv.say(f"黄姐@{GROUP}: 转发一下：明天要两个搬运工 往坡上背化肥 一天一百六 "
                   "电话13872209651 严老板")
    assert len(conv.jobs()) == 1
    assert not any("13872209651" in m for m in to(out, GROUP))


# ==== what help costs these days is talk, not a draft asking for a wage


def test_the_going_rate_makes_no_draft_and_no_question(conv: Conversation) -> None:
    out = conv.say(f"覃姐@{GROUP}: 现在喊个大工一天都要三百了")
    assert out == []
    assert conv.jobs() == []

def _job(conv: Conversation, work: str) -> dict[str, Any]:
    return next(j for j in conv.jobs() if j["work_type"] == work)


def _statuses(job: dict[str, Any]) -> dict[str, str]:
    return {c["person"]: c["status"] for c in job["claims"]}


@pytest.fixture
def card() -> Iterator[Conversation]:
    """A job for the day after tomorrow, both places taken, in 青天村's group."""
    conv = Conversation(start="2027-05-10 09:00", autobind=True)
    conv.say("""
        @group 青天村群 青天村
        王老板: 你好
        小李: 你好
        小赵: 你好
        王老板@青天村群: 后天要两个搬运工 一天一百五 电话13812345678 王老板
        小李@青天村群^: 我去
        小赵@青天村群^: 我去
    """)
    yield conv
    conv.close()


# ==== a cancel with its reason: the reason may name the job's own day, place or the poster's kin


@pytest.mark.parametrize("text", [
    "取消 后天要下大雨 搞不成",  # the job's own day
    "不招了 青天村那边路断了",  # the job's own place
    "取消 我两个侄儿回来帮忙",  # the poster's kin, counted: who helps instead
    "取消 我三个侄儿放假回来了",  # however many they are
    "不招了 屋里老人过来帮忙了",
])
def test_a_cancel_with_its_reason_takes_the_job_down(card: Conversation, text: str) -> None:
    out = card.say(f"王老板@青天村群^: {text}")
    job = card.jobs()[0]
    assert job["status"] == "cancelled"
    assert set(_statuses(job).values()) == {"cancelled"}
    assert to(out, "小李") and to(out, "小赵")  # everyone who had a place is told


@pytest.mark.parametrize("text", [
    "取消 改到大后天",  # a correction word: a change, not a reason
    "不招了 工价改成两百",
    "取消 大后天再说",  # another day than the job's
    "不招了 改成三个人",
    "取消 时间改一下",  # a correction word, its value unread: the help, no cancel
    "不招了 工价改成一百五",  # the same value, said as a correction: no change, no cancel
    "取消 去松柏镇干",  # another place
])
def test_a_cancel_word_with_a_change_after_it_does_not_take_the_job_down(
        card: Conversation, text: str) -> None:
    card.say(f"王老板@青天村群^: {text}")
    assert card.jobs()[0]["status"] != "cancelled"


def test_someone_elses_cancel_with_a_reason_takes_nothing_down(card: Conversation) -> None:
    card.say("老孙@青天村群^: 不招了 后天要下大雨")
    assert card.jobs()[0]["status"] == "filled"


# ==== a private cancel naming the work, with two live jobs: the named one only


@pytest.fixture
def two_jobs() -> Iterator[Conversation]:
    conv = Conversation(start="2027-08-19 19:10", autobind=True)
    conv.say("""
        @group 堂房村群 堂房村
        屈老板: 你好
        春花: 你好
        老柯: 你好
        屈老板@堂房村群: 周六起屋 要泥工两个 小工两个 大工三百一天 小工一百六一天 电话13593017264
        春花@堂房村群^: 我去
        老柯@堂房村群: 报名【1】
    """)
    assert len(conv.jobs()) == 2
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "取消 小工 我两个侄儿放假回来帮忙",
    "取消 小工 我三个侄儿放假回来帮忙",
    "小工不招了 侄儿回来帮忙",
    "取消小工",
])
def test_a_private_cancel_naming_the_work_takes_down_that_job_only(
        two_jobs: Conversation, text: str) -> None:
    out = two_jobs.say(f"屈老板: {text}")
    assert _job(two_jobs, "小工")["status"] == "cancelled"
    assert _job(two_jobs, "泥瓦工")["status"] == "open"
    assert _statuses(_job(two_jobs, "泥瓦工")) == {"老柯": "confirmed"}
    assert to(out, "春花") and not to(out, "老柯")


@pytest.mark.parametrize("text", [
    "取消 小工 人数改成1",  # a change of the 小工 job, said after 取消: no cancel
    "取消 木工 侄儿回来了",  # no job of that work
    "取消 小工 下周六再说",  # another day than the job's
    "泥工那边 我侄儿回来了 人数改成1",  # a work named: the latest job (小工) is not it
])
def test_a_private_cancel_with_a_change_or_another_work_takes_nothing_down(
        two_jobs: Conversation, text: str) -> None:
    before = two_jobs.jobs()
    two_jobs.say(f"屈老板: {text}")
    assert {j["status"] for j in two_jobs.jobs()} == {"open"}
    if "人数" not in text:
        assert two_jobs.jobs() == before
    assert _job(two_jobs, "泥瓦工") == before[0]  # the other job is not touched


def test_a_bare_private_cancel_with_two_live_jobs_still_asks_which(
        two_jobs: Conversation) -> None:
    out = two_jobs.say("屈老板: 取消")
    assert any("要撤下哪个" in m for m in to(out, "屈老板"))
    assert {j["status"] for j in two_jobs.jobs()} == {"open"}


# ==== a private correction said after its reason


@pytest.fixture
def private_post() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-12 10:00")
    conv.say("""
        龚大姐: 你好
        柴老板: 民宿开业前搞卫生 后天 木鱼坪社区 要两个人打扫卫生 一天一百五 电话18671420593
        龚大姐: 报名【1】
    """)
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "field", "value"), [
    ("开业推迟了 改到18号", "start_date", "2027-04-18"),
    ("下雨了 日期改成大后天", "start_date", "2027-04-15"),
    ("活多 人数改成3", "headcount", 3),
    ("想了一下 工价改成一百六", "wage_min", 160),
])
def test_a_private_correction_after_its_reason_changes_the_latest_job(
        private_post: Conversation, text: str, field: str, value: object) -> None:
    out = private_post.say(f"柴老板: {text}")
    assert private_post.jobs()[0][field] == value
    assert to(out, "龚大姐")  # the worker with a place hears of it


@pytest.mark.parametrize("text", [
    "今天好累 改天再说",  # 改天: another day, no value
    "开业推迟了",  # no value said
    "我上回改过了 后天不变",
    "好的 改好了",
])
def test_look_alikes_of_a_correction_after_a_reason_change_nothing(
        private_post: Conversation, text: str) -> None:
    before = private_post.jobs()[0]
    out = private_post.say(f"柴老板: {text}")
    assert private_post.jobs()[0] == before
    assert not to(out, "龚大姐")


def test_a_reason_then_a_change_word_in_the_group_without_a_reply_changes_nothing(
        card: Conversation) -> None:
    before = card.jobs()[0]
    card.say("王老板@青天村群: 今天好热 改天再说")
    card.say("王老板@青天村群: 今晚上的村民大会取消了 改到下个礼拜")  # someone else's plan
    assert card.jobs()[0] == before


# ==== an officer's command from someone who is none: told so, never 没看明白


@pytest.fixture
def officers() -> Iterator[Conversation]:
    conv = Conversation(start="2027-11-24 07:40", autobind=True)
    conv.say("""
        @group 青天村群 青天村
        @officer 孙干事 木鱼镇
        孙干事: 你好
        老彭: 你好
    """)
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "欠薪", "欠薪列表", "处理 3", "结案 3 已解决 老板补了差价", "限制投诉 3", "维持 1", "撤下 1",
])
def test_an_officers_command_from_someone_who_is_none_is_refused_privately(
        officers: Conversation, text: str) -> None:
    out = officers.say(f"老彭: {text}")
    said = to(out, "老彭")
    assert said and "只有信息员" in said[0]


@pytest.mark.parametrize("text", ["欠薪", "处理 3", "维持 1"])
def test_the_same_command_from_an_officer_is_done(officers: Conversation, text: str) -> None:
    said = to(officers.say(f"孙干事: {text}"), "孙干事")
    assert said and "只有信息员" not in said[0] and "没看明白" not in said[0]


@pytest.mark.parametrize("text", [
    "现在这些老板 欠薪的多得很 冇得良心",  # talk about unpaid wages
    "处理 3",  # a numbered command in the group: not said to the bot
    "维持 1",
])
def test_look_alikes_in_the_group_get_no_answer(officers: Conversation, text: str) -> None:
    assert not to(officers.say(f"老彭@青天村群: {text}"), "青天村群")


def test_a_bare_wage_list_word_in_the_group_is_refused_as_statistics_is(
        officers: Conversation) -> None:
    said = to(officers.say("老彭@青天村群: 欠薪"), "青天村群")
    assert said and "只有信息员" in said[0]


@pytest.mark.parametrize(("text", "hint"), [
    ("推送时间 7点", "群里"),
    ("推送时间", "群里"),
    ("本群信息", "群里"),
    ("这条发到哪了", "回复"),
    ("转发", "回复"),
])
def test_a_group_command_said_privately_says_where_it_works(
        officers: Conversation, text: str, hint: str) -> None:
    said = to(officers.say(f"孙干事: {text}"), "孙干事")
    assert said and hint in said[0] and "没看明白" not in said[0]


def test_a_private_relay_from_someone_who_is_no_officer_is_refused(
        officers: Conversation) -> None:
    said = to(officers.say("老彭: 转发"), "老彭")
    assert said and "只有信息员" in said[0]


def test_talk_about_the_digest_time_privately_is_no_command(officers: Conversation) -> None:
    said = to(officers.say("老彭: 推送时间那个我搞不懂"), "老彭")
    assert not any("群里发「推送时间" in m for m in said)
