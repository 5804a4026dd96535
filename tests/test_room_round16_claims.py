"""Round 16 (the twenty-second round's conversations): real claims that were missed or landed
on the wrong job — a claim asking when or where to come, a claim with the claimer's age, fitness,
home or given-up plans beside it, a job named by its own post's word among jobs of one kind or
by its village said without 村, and a claim under a real job after a held scam post's warning.
Each kind closed by mechanism and checked both ways; every sentence is new (none is a line of a
conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers.reading import claim_around, logistics_off
from storage import jobs as store
from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

# ==== a claim asking when or where to come is a claim; asking the pay, meals or leave is not

ONE_JOB = """
@group 青天村群 青天村
胥老板: 你好
小万: 订阅 搬运 木鱼镇
胥老板@青天村群: 后天要两个搬运工 一天一百六 电话13911112222 胥老板
"""


@pytest.fixture
def one_job() -> Iterator[Conversation]:
    conv = Conversation(start="2027-03-02 09:00")
    conv.say(ONE_JOB)
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "行 我去 后天几点集合",
    "报名 在哪里碰头",
    "好嘞 我来 几点钟到哦",
])
def test_privately_a_claim_asking_when_to_come_acts(one_job: Conversation, text: str) -> None:
    out = one_job.say(f"小万: {text}")
    assert _claims(one_job) == [[("小万", 1, "confirmed")]], text
    assert any("小万" in m for m in to(out, "胥老板"))


@pytest.mark.parametrize("text", [
    "我去 一天才一百六？",  # doubting the pay
    "我去 管不管饭",  # meals first
    "我去 要得不",  # asking leave
    "我去过 几点开工",  # been there
    "要得 我去 下午就到",  # circumstances alone, privately: still asked (tests/test_room_claims)
])
def test_privately_look_alikes_take_no_place(one_job: Conversation, text: str) -> None:
    out = one_job.say(f"小万: {text}")
    assert _claims(one_job) == [[]], text
    assert not to(out, "胥老板")


@pytest.mark.parametrize("text", ["我来 那我后天几点到", "要得 报名 那我们几点出发"])
def test_replying_a_claim_asking_when_to_come_acts(one_job: Conversation, text: str) -> None:
    one_job.say(f"小万@青天村群^: {text}")
    assert _claims(one_job) == [[("小万", 1, "confirmed")]], text


def test_logistics_off_keeps_the_rest() -> None:
    assert logistics_off("我去 几点到") == "我去"
    assert logistics_off("算我一个我身体好得很几点钟到哦") == "算我一个我身体好得很"
    assert logistics_off("几点到") == ""  # the question alone: nothing left to claim
    assert logistics_off("我去 要得不") == "我去 要得不"
    assert logistics_off("一天好多钱") == "一天好多钱"


# ==== one's age, fitness, home, nearness, a road open again, a plan given up: circumstances

@pytest.mark.parametrize(("text", "count"), [
    ("报名 我今年四十八 力气大", 1),
    ("算我一个 我七十了 手脚还麻利", 1),
    ("算我一个我今年六十一了干活利索", 1),  # voice, run together
    ("我来 我住在青天村", 1),
    ("我去 骑车五分钟就到", 1),
    ("我来 雨停了", 1),
    ("那我也去 打牌不打了", 1),
    ("我也报名 我放寒假在家", 1),
    ("我们两个去 我六十五了", 2),  # the age is no party
    ("我去 我坐明早六点的班车来", 1),
])
def test_circumstances_beside_a_claim(text: str, count: int) -> None:
    assert claim_around(text, "搬运工", replying=True) == (count, None), text


@pytest.mark.parametrize("text", [
    "我去 路封了",  # the road closed: 我去 an exclamation
    "我去 我住得远",
    "我来 我住老远",
    "我去 我七十了干不动了",  # the age, run on into what one cannot do
    "我去 我五十",  # fifty what? the pay, maybe
    "我去 我七十了 干不动了",
    "我去 明天不去了",
    "我去 好快就满了",
    "我去 腿脚不方便",
    "我去 一个钟头才走得到",
])
def test_look_alike_circumstances(text: str) -> None:
    assert claim_around(text, "搬运工", replying=True) is None, text


def test_a_reply_with_a_plan_given_up_claims(one_job: Conversation) -> None:
    one_job.say("小万@青天村群^: 后天我去不成 要赶场")
    assert _claims(one_job) == [[]]
    one_job.say("小万@青天村群^: 那我还是去 场不赶了")
    assert _claims(one_job) == [[("小万", 1, "confirmed")]]


# ==== a job named by its own post's word among jobs of one kind; a village without its 村

THREE_HARVESTS = """
@group 武山村群 武山村
甘老板: 你好
邹嫂: 你好
熊大爷: 你好
甘老板@武山村群: 明天摘苹果 要三个人 一天一百四 电话13622223333 甘老板
邹嫂@武山村群: 明天掰玉米 要两个人 一天一百三 电话13633334444 邹嫂
熊大爷@武山村群: 后天收板栗 要两个人 一天一百五 电话13644445555 熊大爷
"""


@pytest.fixture
def harvests() -> Iterator[Conversation]:
    conv = Conversation(start="2027-09-20 08:00")
    conv.say(THREE_HARVESTS)
    assert len(conv.jobs()) == 3
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "job", "count"), [
    ("掰玉米那个 算我一个 我就住武山村", 1, 1),
    ("摘苹果的 我们两个去 我和我老公", 0, 2),
    ("收板栗那個 我報名 我放暑假在家", 2, 1),
])
def test_the_posts_own_word_names_one_job_of_a_kind(harvests: Conversation, text: str,
                                                     job: int, count: int) -> None:
    harvests.say(f"小季@武山村群: {text}")
    got = _claims(harvests)
    assert got[job] == [("小季", count, "confirmed")], text
    assert sum(len(c) for c in got) == 1


@pytest.mark.parametrize("text", [
    "采摘那个 我去",  # a kind all three share, said by none of the posts: which is not said
    "明天那个 算我一个",  # two jobs are tomorrow's
    "掰玉米那个 我去 一天才一百三？",
    "掰玉米那个 我去 要得不",
])
def test_an_unsure_naming_takes_no_place(harvests: Conversation, text: str) -> None:
    out = harvests.say(f"小季@武山村群: {text}")
    assert _claims(harvests) == [[], [], []], text
    assert not any("报名成功" in m for m in out)


TOWNSHIP = """
@group 大九湖镇群 大九湖镇
鲁老板: 你好
鲁老板@大九湖镇群: 明天东溪村修路 要三个小工 一天一百五 电话13655556666 鲁老板
付姐@大九湖镇群: 明天青树村民宿打扫 要两个人 一天一百三 电话13666667777 付姐
"""


@pytest.fixture
def township() -> Iterator[Conversation]:
    conv = Conversation(start="2027-09-20 16:00")
    conv.say(TOWNSHIP)
    assert len(conv.jobs()) == 2
    yield conv
    conv.close()


def test_a_village_said_without_its_cun_in_a_run_on(township: Conversation) -> None:
    township.say("小蔡@大九湖镇群: 嗯那个鲁老板那个修路的活我来啊我明天早上七点钟就到东溪")
    assert _claims(township) == [[("小蔡", 1, "confirmed")], []]


def test_a_named_claim_asking_when_to_come(township: Conversation) -> None:
    township.say("小蔡@大九湖镇群: 付姐那个 我去 几点到")
    assert _claims(township) == [[], [("小蔡", 1, "confirmed")]]
    township.say("老全@大九湖镇群: 鲁老板那个活算我一个我今年五十五了身体好得很几点钟到哦")
    assert _claims(township) == [[("老全", 1, "confirmed")], [("小蔡", 1, "confirmed")]]


@pytest.mark.parametrize("text", [
    "付姐那个 我去 行不行",
    "鲁老板那个 我来 一天好多钱",
    "我去过东溪 路不好走",
])
def test_named_look_alikes_take_no_place(township: Conversation, text: str) -> None:
    township.say(f"小蔡@大九湖镇群: {text}")
    assert _claims(township) == [[], []], text


# ==== a held post's warning is no card: replies and the job in sight are the real job's

REAL_THEN_SCAM = """
@group 红坪镇群 红坪镇
@officer 柯主任 红坪镇
柯主任: 你好
向经理@红坪镇群: 明天酒店要3个服务员 一天一百六 电话13677778888 向经理
"""
SCAM = "骆经理@红坪镇群: 酒店招保洁 先交两百押金 一天两百 电话13688889999 骆经理"


@pytest.fixture
def scam() -> Iterator[Conversation]:
    conv = Conversation(start="2027-01-10 10:00")
    conv.say(REAL_THEN_SCAM)
    conv.say(SCAM)
    assert [j["state"] for j in conv.jobs()] == ["open", "held"]
    yield conv
    conv.close()


def _sight(conv: Conversation) -> int | None:
    with conv.session() as s:
        return store.latest_job_id(s, "console:group:红坪镇群", ("card",))


def test_a_reply_after_a_rejected_scam_is_the_real_jobs(scam: Conversation) -> None:
    scam.say("柯主任 [驳回]")
    assert [j["state"] for j in scam.jobs()] == ["open", "cancelled"]
    out = scam.say("小段@红坪镇群^: 我也去 我在酒店干过")
    assert _claims(scam)[0] == [("小段", 1, "confirmed")]
    assert not any("已经取消" in m for m in out)


def test_while_held_the_job_in_sight_is_the_real_one(scam: Conversation) -> None:
    assert _sight(scam) == 1
    scam.say("小段@红坪镇群: 我去")
    assert _claims(scam) == [[("小段", 1, "confirmed")], []]


def test_a_released_post_is_offered_again(scam: Conversation) -> None:
    scam.say("柯主任 [放行]")
    assert [j["state"] for j in scam.jobs()] == ["open", "open"]
    assert _sight(scam) == 2  # its card took the warning's place
    scam.say("小段@红坪镇群^: 我去")
    assert _claims(scam) == [[], [("小段", 1, "confirmed")]]
