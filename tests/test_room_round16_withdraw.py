"""Round 16 (the twenty-second round's conversations): withdrawals the bot missed — a hedge
settled by 了 (「怕是来不成了」), the party named (「我们两个来不成了」), a lunar day
(「初八我去不成了」), a voice run-on calling the poster by title (「喂那个罗经理啊…」) — and
the poster's changes naming one job of several (「端盘子的工价改成一百七」, 「取消 厨师 我屋
里幺儿回来了 他会做饭」). Each kind is checked both ways: worries, conditionals, errands,
another day, another size and a name that fits two jobs change nothing. Every sentence is
new."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

# ==== a hedge settled by 了: 「怕是来不成了」 withdraws, 「怕是来不成」 is a worry

TEA = """
@group 桃坪村群 桃坪村
符老板: 你好
阿秀: 你好
小蒋: 你好
老莫: 你好
符老板@桃坪村群: 后天桃坪村摘春茶 要两个人 一天一百三 电话15927713046 符老板
阿秀@桃坪村群^: 我去
小蒋@桃坪村群^: 算我一个
老莫@桃坪村群^: 我也报 排个候补
"""


@pytest.fixture
def tea() -> Iterator[Conversation]:
    conv = Conversation(start="2028-04-10 08:00", autobind=True)
    conv.say(TEA)
    assert _claims(conv) == [[("小蒋", 1, "confirmed"), ("老莫", 1, "waitlisted"),
                              ("阿秀", 1, "confirmed")]]
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "阿秀: 怕是来不成了 我屋里老汉摔了一跤",  # privately, the hedge settled by 了
    "阿秀@桃坪村群^: 看来去不成了 孙子发烧要去县里",
    "阿秀@桃坪村群^: 可能不去了 屋里来客了",
    "阿秀: 我怕是去不了了 腰杆扭了",
    "阿秀: 厂里说要加班 怕是来不成了",  # one's own reason, said by the factory
    "阿秀@桃坪村群^: 喂那个符老板啊我怕是来不成了屋里的牛跑了要去找",  # in one breath
])
def test_a_hedged_withdrawal_settled_by_le_moves_the_waitlist_up(tea: Conversation,
                                                                 line: str) -> None:
    out = tea.say(line)
    assert ("阿秀", 1, "cancelled") in _claims(tea)[0]
    assert ("老莫", 1, "confirmed") in _claims(tea)[0]
    assert any("报名成功" in m for m in to(out, "老莫"))
    assert any("15927713046" in m for m in to(out, "老莫"))
    assert any("老莫" in m for m in to(out, "符老板"))
    assert not any("15927713046" in m for m in to(out, "桃坪村群"))


@pytest.mark.parametrize("line", [
    "阿秀: 要是落雨怕是来不成",  # a conditional worry
    "阿秀@桃坪村群^: 怕是来不成 看天",
    "阿秀: 怕是去不了 腰杆有点痛",  # 去不了 without the settling 了
    "阿秀@桃坪村群^: 喂那个符老板啊我怕是来不成要是下雨的话",
    "阿秀: 下午赶场去不成了 车子没油了",  # the market, not the job
    "阿秀@桃坪村群^: 明天走人户怕是去不成了",  # another errand
    "小蒋@桃坪村群: 阿秀怕是来不成了",  # someone else's news
    "阿秀@桃坪村群^: 小蒋说她屋里老人病了 怕是来不成了",  # another's words passed on
    "阿秀: 听说他屋里有事 怕是来不成了",
])
def test_a_worry_a_condition_or_an_errand_withdraws_nothing(tea: Conversation,
                                                            line: str) -> None:
    out = tea.say(line)
    assert ("阿秀", 1, "confirmed") in _claims(tea)[0]
    assert ("老莫", 1, "waitlisted") in _claims(tea)[0]
    assert not to(out, "符老板")
    assert not to(out, "老莫")


# ==== the party named: 「我们两个来不成了」 withdraws a claim of two, not one of three

ROAD = """
@group 温水村群 温水村
熊主任: 你好
老柯: 你好
小舒: 你好
阿满: 你好
熊主任@温水村群: 后天温水村铲雪 要五个小工 一天一百五 电话13872206731 熊主任
老柯@温水村群^: 我们两个去 我和我屋里的
阿满@温水村群^: 我们三个来 我和我两个兄弟
"""


@pytest.fixture
def road() -> Iterator[Conversation]:
    conv = Conversation(start="2028-01-11 17:30", autobind=True)
    conv.say(ROAD)
    assert _claims(conv) == [[("老柯", 2, "confirmed"), ("阿满", 3, "confirmed")]]
    conv.say("小舒@温水村群^: 算我一个 排候补")
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "坡上垮方了 我们两个来不成了",
    "对不住 我们俩去不成了 屋里老人病了",
    "雪太大了 我们两个人不来了",
])
def test_a_party_of_two_saying_we_two_withdraws(road: Conversation, text: str) -> None:
    out = road.say(f"老柯@温水村群^: {text}")
    assert ("老柯", 2, "cancelled") in _claims(road)[0]
    assert ("小舒", 1, "confirmed") in _claims(road)[0]
    assert any("老柯" in m for m in to(out, "熊主任"))


@pytest.mark.parametrize(("who", "text"), [
    # (two of a party of three backing out shrink it to one since round 17:
    # test_room_round17_claims)
    ("小舒", "我们两个来不成了 路封了"),  # a wait of one, not a party of two
    ("老柯", "下雪怕是来不成"),  # a worry
])
def test_another_size_or_a_worry_withdraws_nothing(road: Conversation, who: str,
                                                   text: str) -> None:
    road.say(f"{who}@温水村群^: {text}")
    claims = _claims(road)[0]
    assert ("老柯", 2, "confirmed") in claims
    assert ("阿满", 3, "confirmed") in claims


# ==== a lunar day is the job's day or another: 「初八我去不成了」

DITCH = """
@group 金甲坪村群 金甲坪村
谭老板: 你好
小谭: 你好
老龙: 你好
谭老板@金甲坪村群: 水管冻爆了 初八挖沟埋管子 要一个小工 一天一百六 电话13597761284 谭老板
小谭@金甲坪村群^: 我去
老龙@金甲坪村群^: 算我一个 排队
"""


@pytest.fixture
def ditch() -> Iterator[Conversation]:
    conv = Conversation(start="2028-01-28 10:00", autobind=True)  # 初八 is 2028-02-02
    conv.say(DITCH)
    job = conv.jobs()[0]
    assert job["start_date"] == "2028-02-02"
    assert _claims(conv) == [[("小谭", 1, "confirmed"), ("老龙", 1, "waitlisted")]]
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "小谭@金甲坪村群^: 初八我去不成了 厂里喊我回深圳",
    "小谭@金甲坪村群^: 正月初八不去了 要送娃儿上学",
    "小谭: 对不住 初八来不了了 屋里有事",
    "小谭: 取消报名 厂里喊我初十回去上班",  # the command: the reason's day is the factory's
])
def test_a_lunar_day_naming_the_jobs_day_withdraws(ditch: Conversation, line: str) -> None:
    out = ditch.say(line)
    assert _claims(ditch) == [[("小谭", 1, "cancelled"), ("老龙", 1, "confirmed")]]
    assert any("13597761284" in m for m in to(out, "老龙"))
    assert any("小谭" in m for m in to(out, "谭老板"))


@pytest.mark.parametrize("line", [
    "小谭@金甲坪村群^: 初九我去不成了 要走人户",  # another day
    "小谭: 正月十五不去了 屋里有事",
    "小谭@金甲坪村群^: 喂谭老板啊初十我去不成了要去县里",
    "小谭: 初十屋里要办酒 去不成",  # the reason's day before a backing out: another day
])
def test_a_lunar_day_that_is_not_the_jobs_day_withdraws_nothing(ditch: Conversation,
                                                                line: str) -> None:
    ditch.say(line)
    assert _claims(ditch) == [[("小谭", 1, "confirmed"), ("老龙", 1, "waitlisted")]]


# ==== a voice run-on calling the poster by title; a weekday in it that is not the job's

SKI = """
@group 红坪社区群 红坪社区
罗经理: 你好
谢嫂: 你好
小熊: 你好
罗经理@红坪社区群: 周六滑雪场要一个保洁 一天一百六 电话17386624419 罗经理
谢嫂@红坪社区群^: 我去
小熊@红坪社区群^: 我也报 排个候补
"""


@pytest.fixture
def ski() -> Iterator[Conversation]:
    conv = Conversation(start="2028-01-04 09:00", autobind=True)  # a Tuesday; 周六 is 01-08
    conv.say(SKI)
    assert conv.jobs()[0]["start_date"] == "2028-01-08"
    assert _claims(conv) == [[("小熊", 1, "waitlisted"), ("谢嫂", 1, "confirmed")]]
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "喂那个罗经理啊我来不成了屋里的猪跑了",
    "喂罗经理我去不成了班车停了",
    "罗经理啊周六我来不了了娃儿发烧",
])
def test_a_run_on_calling_the_poster_by_title_withdraws(ski: Conversation, text: str) -> None:
    out = ski.say(f"谢嫂@红坪社区群^: {text}")
    assert _claims(ski) == [[("小熊", 1, "confirmed"), ("谢嫂", 1, "cancelled")]]
    assert any("17386624419" in m for m in to(out, "小熊"))
    assert any("小熊" in m for m in to(out, "罗经理"))


@pytest.mark.parametrize("line", [
    "谢嫂@红坪社区群^: 喂那个罗经理啊周五我去不成了屋里有事",  # Friday, the job is Saturday
    "谢嫂: 周五去不成了 要去县里",
    "谢嫂@红坪社区群^: 罗经理啊周日我来不了了要走人户",
    "谢嫂@红坪社区群^: 喂那个罗经理啊赶场我去不成了车坏了",  # the market
])
def test_a_run_on_about_another_day_or_errand_withdraws_nothing(ski: Conversation,
                                                                 line: str) -> None:
    ski.say(line)
    assert _claims(ski) == [[("小熊", 1, "waitlisted"), ("谢嫂", 1, "confirmed")]]


def test_a_traditional_withdrawal_on_a_lunar_day_and_the_place_taken_again() -> None:
    conv = Conversation(start="2028-01-28 15:00", autobind=True)
    try:
        conv.say("""
@group 兴隆寺村群 兴隆寺村
覃主任: 你好
老向: 你好
覃主任@兴隆寺村群: 初七村委會要一個搞衛生的 一天一百三 電話13636081592 覃主任
老向@兴隆寺村群^: 我去
""")
        assert conv.jobs()[0]["start_date"] == "2028-02-01"
        out = conv.say("老向: 沒得空了 初七不來了 屋裡有事")
        assert _claims(conv) == [[("老向", 1, "cancelled")]]
        assert any("老向" in m for m in to(out, "覃主任"))
        conv.say("小田@兴隆寺村群^: 還要人不 我可以")
        assert sorted(_claims(conv)[0]) == [("小田", 1, "confirmed"), ("老向", 1, "cancelled")]
    finally:
        conv.close()


# ==== the poster's changes naming one job of several

WEDDING = """
@group 桃坪村群 桃坪村
田大姐: 你好
刘嫂: 你好
老王: 你好
田大姐@桃坪村群: 8号屋里办寿宴 要个大厨 一天四百 还要两个帮厨 五个端盘子的 都是一百四一天 \
电话13872091146 田大姐
老王@桃坪村群: 大厨那个我去
刘嫂@桃坪村群: 端盘子的算我们两个
"""


@pytest.fixture
def wedding() -> Iterator[Conversation]:
    conv = Conversation(start="2028-07-01 09:20", autobind=True)
    conv.say(WEDDING)
    assert [(j["work_type"], j["headcount"], j["wage_min"]) for j in conv.jobs()] == [
        ("厨师", 1, 400), ("帮厨", 2, 140), ("服务员", 5, 140)]
    assert _claims(conv) == [[("老王", 1, "confirmed")], [], [("刘嫂", 2, "confirmed")]]
    yield conv
    conv.close()


def _wages(conv: Conversation) -> list[tuple[int, float]]:
    return [(j["headcount"], j["wage_min"]) for j in conv.jobs()]


def test_a_change_naming_one_job_by_its_task_changes_that_job_and_tells_its_workers(
        wedding: Conversation) -> None:
    out = wedding.say("田大姐@桃坪村群^: 端盘子的工价改成一百七")
    assert _wages(wedding) == [(1, 400), (2, 140), (5, 170)]
    assert any("170" in m for m in to(out, "刘嫂"))
    assert not to(out, "老王")


@pytest.mark.parametrize("line", [
    "刘嫂@桃坪村群^: 端盘子的工价改成一百七",  # not the poster
    "田大姐@桃坪村群: 我那年端盘子的一天才八十",  # talk of another year
    # (「端盘子的再要一个」 from the poster raises that job since round 17:
    # test_room_round17_claims; from another it changes nothing)
    "刘嫂@桃坪村群^: 端盘子的再要一个",
])
def test_a_change_from_another_or_talk_or_a_raise_changes_nothing(wedding: Conversation,
                                                                 line: str) -> None:
    wedding.say(line)
    assert _wages(wedding) == [(1, 400), (2, 140), (5, 140)]
    assert len(wedding.jobs()) == 3


def test_a_raise_of_one_job_of_a_post_named_by_its_task_raises_that_job() -> None:
    # round 17: the job named by its task is the one raised (was: nothing changed)
    conv = Conversation(start="2028-04-02 08:00", autobind=True)
    try:
        conv.say("""
@group 桃坪村群 桃坪村
向老板: 你好
向老板@桃坪村群: 后天茶厂要四个摘茶的 一天一百二 还要两个搬运工 一天一百八 电话13986217740 向老板
""")
        assert [(j["headcount"], j["wage_min"]) for j in conv.jobs()] == [(4, 120), (2, 180)]
        conv.say("向老板@桃坪村群^: 摘茶的再要一个")
        assert [(j["headcount"], j["wage_min"]) for j in conv.jobs()] == [(5, 120), (2, 180)]
    finally:
        conv.close()


# ==== the poster's private cancel naming one job of several

INN = """
石老板: 正月初十要两个搞卫生的 民宿开荒 一天一百五 大九湖镇坪阡村 电话15347712296 石老板
石老板: 还有 正月十二要个厨师 一天三百 也在坪阡村 电话15347712296
"""


@pytest.fixture
def inn() -> Iterator[Conversation]:
    conv = Conversation(start="2028-01-20 10:00", autobind=True)
    conv.say(INN)
    assert [(j["work_type"], j["status"]) for j in conv.jobs()] == [("保洁员", "open"),
                                                                   ("厨师", "open")]
    yield conv
    conv.close()


def _status(conv: Conversation) -> list[str]:
    return [j["status"] for j in conv.jobs()]


@pytest.mark.parametrize("text", [
    "取消 厨师 我屋里二儿子回来了 他会炒菜",  # family news: who cooks instead
    "取消 厨师 我媳妇放假回来了 她做饭",
])
def test_a_private_cancel_naming_one_job_with_family_news_takes_down_that_job(
        inn: Conversation, text: str) -> None:
    inn.say(f"石老板: {text}")
    assert _status(inn) == ["open", "cancelled"]


@pytest.mark.parametrize("text", [
    "取消 厨师 改成帮厨",  # a change, not a cancel
    "取消",  # two jobs live: which one is asked
])
def test_a_cancel_with_a_change_or_naming_no_job_takes_down_nothing(inn: Conversation,
                                                                     text: str) -> None:
    inn.say(f"石老板: {text}")
    assert _status(inn) == ["open", "open"]


def test_a_cancel_naming_a_work_two_jobs_are_of_takes_down_nothing() -> None:
    conv = Conversation(start="2028-01-20 10:00", autobind=True)
    try:
        conv.say("""
石老板: 正月初十要个厨师 一天三百 大九湖镇坪阡村 电话15347712296 石老板
石老板: 正月十二也要个厨师 一天三百五 大九湖镇坪阡村 电话15347712296
""")
        assert [j["work_type"] for j in conv.jobs()] == ["厨师", "厨师"]
        out = conv.say("石老板: 取消 厨师 我屋里幺儿回来了 他会做饭")
        assert _status(conv) == ["open", "open"]
        assert any("哪个" in m for m in to(out, "石老板"))  # which one is asked
    finally:
        conv.close()
