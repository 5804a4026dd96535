"""Issue 10, a tenth round: what round 16's conversations found. Each kind in its own block,
with the look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers.reading import Item, item_named
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
