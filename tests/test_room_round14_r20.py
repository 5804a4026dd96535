"""Round 14 for the twentieth round (spring tea, weddings and funerals, elderly users' typing):
the kinds behind its failing conversations, each closed by mechanism and checked both ways.
Every sentence is new (none is a line of a conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

# ==== a claim to the group naming one job of a post by whom it is for, without a reply

SPLIT = """
@group 桃园村群 桃园村
龚老板: 你好
龚老板@桃园村群: 大后天摘桃子 男工三个一天一百七 女工两个一天一百四 电话15871236045 龚老板
"""


@pytest.fixture
def split() -> Iterator[Conversation]:
    conv = Conversation(start="2028-06-10 09:00", autobind=True)
    conv.say(SPLIT)
    assert [j["state"] for j in conv.jobs()] == ["open", "open"]
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "job"), [
    ("男的那个 我来", 0),
    ("女工算我一个!", 1),
    ("女工那边 我去", 1),
    ("男的那边 我克", 0),  # 克 for 去, which the model does not read as a claim
])
def test_a_gender_named_to_the_group_takes_that_job_of_the_post(
        split: Conversation, text: str, job: int) -> None:
    out = split.say(f"小覃@桃园村群: {text}")
    want: list[list[tuple[str, int, str]]] = [[], []]
    want[job] = [("小覃", 1, "confirmed")]
    assert _claims(split) == want
    assert any("小覃" in m for m in to(out, "龚老板"))


@pytest.mark.parametrize("text", [
    "算我一个",  # which of the two is not said
    "男工那个是摘桃还是挑筐",  # a question naming the job
    "男工一天一百七 还可以",  # talk of its pay
])
def test_no_job_named_or_no_claim_takes_nothing(split: Conversation, text: str) -> None:
    out = split.say(f"小覃@桃园村群: {text}")
    assert _claims(split) == [[], []]
    assert not to(out, "龚老板")


def test_another_posts_card_in_sight_still_leaves_a_gender_claim_unsure() -> None:
    conv = Conversation(start="2028-06-10 09:00", autobind=True)
    try:
        conv.say(SPLIT)
        conv.say("""
柴嫂: 你好
柴嫂@桃园村群: 后天栽红薯 男工两个 一天一百六 女工一个 一天一百三 电话13986204517 柴嫂
""")
        out = conv.say("小覃@桃园村群: 男工算我一个")
        assert all(not c for c in _claims(conv))
        assert not to(out, "龚老板") and not to(out, "柴嫂")
    finally:
        conv.close()


# ==== people brought named by kin (also 「个」 with no number, and 一起 alone) make the party

FEAST = """
@group 古水村群 古水村
熊大哥: 你好
熊大哥@古水村群: 后天古水村我屋里做寿 要六个帮厨 一天一百五 电话15927304186 熊大哥
"""


@pytest.fixture
def feast() -> Iterator[Conversation]:
    conv = Conversation(start="2029-03-02 15:00", autobind=True)
    conv.say(FEAST)
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "party"), [
    ("我带两个儿媳来", 3),
    ("我带个侄儿一起", 2),
    ("带个徒弟一路来", 2),
    ("我带三个妯娌过来", 4),
])
def test_kin_brought_make_the_party(feast: Conversation, text: str, party: int) -> None:
    out = feast.say(f"蒲嫂@古水村群^: {text}")
    assert _claims(feast) == [[("蒲嫂", party, "confirmed")]]
    assert any("蒲嫂" in m for m in to(out, "熊大哥"))


@pytest.mark.parametrize("text", [
    "我带个媳妇回来过年",  # kin brought home, no going to the job
    "我带两个孙子来吃酒",  # guests at the feast
    "我带个盆来",  # a thing brought
])
def test_kin_or_things_brought_elsewhere_claim_nothing(feast: Conversation, text: str) -> None:
    out = feast.say(f"蒲嫂@古水村群^: {text}")
    assert _claims(feast) == [[]]
    assert not to(out, "熊大哥")


# ==== one of the party dropping out, told apart by their place among kin (「我那个二儿子…」)

def test_the_eldest_or_second_of_kin_dropping_out_is_one_fewer(feast: Conversation) -> None:
    feast.say("蒲嫂@古水村群^: 我带两个儿子来")
    assert _claims(feast) == [[("蒲嫂", 3, "confirmed")]]
    out = feast.say("蒲嫂@古水村群^: 我那个二儿子来不了了 他要上班")
    assert _claims(feast) == [[("蒲嫂", 2, "confirmed")]]
    assert any("蒲嫂" in m for m in to(out, "熊大哥"))


def test_someone_elses_eldest_or_a_word_like_it_changes_nothing(feast: Conversation) -> None:
    feast.say("蒲嫂@古水村群^: 我带两个儿子来")
    feast.say("蒲嫂@古水村群^: 你那个大儿子不来了？")
    feast.say("蒲嫂@古水村群^: 我那个大学同学不去了")
    assert _claims(feast) == [[("蒲嫂", 3, "confirmed")]]


# ==== a subscription asked for the elder whose phone it is (「帮我奶奶订阅一下…」)

@pytest.mark.parametrize("text", [
    "帮我奶奶订阅一下 采茶 红坪镇",
    "替我外公订阅 采茶 红坪镇",
    "订阅一下 采茶 红坪镇",
])
def test_a_subscription_for_the_elder_subscribes_the_phone(chat: Conversation, text: str) -> None:
    out = chat.say(f"谭婆婆: {text}")
    said = to(out, "谭婆婆")
    assert any("订阅好了" in m for m in said)
    assert not any("没认出" in m for m in said)


@pytest.mark.parametrize("text", [
    "帮我奶奶看看有么子活",  # no command word
    "我奶奶订阅号看不来",  # the word as a thing
])
def test_talk_of_the_elder_subscribes_nothing(chat: Conversation, text: str) -> None:
    out = chat.say(f"谭婆婆: {text}")
    assert not any("订阅好了" in m for m in to(out, "谭婆婆"))


# ==== the missing wage said alone in the group where the draft waits (「一天一百八 现结」)

DRAFT = """
@group 青天村群 青天村
游大爷: 你好
游大爷@青天村群: 后天要两个人栽秧 电话15172093648
"""


@pytest.fixture
def draft() -> Iterator[Conversation]:
    conv = Conversation(start="2028-05-06 08:10", autobind=True)
    conv.say(DRAFT)
    assert [j["state"] for j in conv.jobs()] == ["draft"]
    yield conv
    conv.close()


@pytest.mark.parametrize("text", ["一天一百八 现结", "170一天", "一百六一天 日洁"])
def test_the_posters_rate_alone_in_the_group_opens_the_draft(
        draft: Conversation, text: str) -> None:
    draft.say("@wait 2m")
    out = draft.say(f"游大爷@青天村群: {text}")
    assert [j["state"] for j in draft.jobs()] == ["open"]
    assert any("【招工】" in m for m in to(out, "青天村群"))


@pytest.mark.parametrize(("who", "text"), [
    ("邵嫂", "一天一百八 现结"),  # someone else's words
    ("游大爷", "一百五一天怕是请不到人"),  # the poster's own talk of a rate
    ("游大爷", "去年一天一百二"),  # a rate of another year
])
def test_a_rate_in_talk_or_from_another_leaves_the_draft_waiting(
        draft: Conversation, who: str, text: str) -> None:
    draft.say("邵嫂: 你好")
    out = draft.say(f"{who}@青天村群: {text}")
    assert [j["state"] for j in draft.jobs()] == ["draft"]
    assert not any("【招工】" in m for m in to(out, "青天村群"))


# ==== privately, a correction naming its job by the work, after the reason for it

TWO = """
@group 清泉村群 清泉村
孔叔: 你好
孔叔@清泉村群: 后天我屋里办寿酒 要一个掌勺的 三百五一天 三个帮厨 一百五一天 电话13872045196
"""


@pytest.fixture
def two() -> Iterator[Conversation]:
    conv = Conversation(start="2028-11-03 16:20", autobind=True)
    conv.say(TWO)
    assert [(j["work_type"], j["headcount"]) for j in conv.jobs()] == [("厨师", 1), ("帮厨", 3)]
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "field", "want"), [
    ("亲戚来得多 要加十桌 厨师人数改成2", "headcount", [1 + 1, 3]),
    ("菜多了 帮厨人数改成5", "headcount", [1, 5]),
    ("活重 帮厨工价改成一百八", "wage_min", [350, 180]),
])
def test_a_named_correction_after_its_reason_changes_that_job(
        two: Conversation, text: str, field: str, want: list[int]) -> None:
    out = two.say(f"孔叔: {text}")
    assert [j[field] for j in two.jobs()] == want
    assert any("已改好" in m for m in to(out, "孔叔"))


@pytest.mark.parametrize("text", [
    "客多了 厨师都不好请",  # no change said
    "客多了 木工人数改成2",  # a work none of his jobs is
    "客多了 帮厨怕是不够 明天再看",  # a worry, no value
])
def test_talk_or_another_work_after_a_reason_changes_nothing(two: Conversation, text: str) -> None:
    two.say(f"孔叔: {text}")
    assert [(j["headcount"], j["wage_min"]) for j in two.jobs()] == [(1, 350), (3, 150)]


# ==== a post wanting a count left open (「要几个」「请两三个」) is a post, not someone seeking work

GROUP = """
@group 高坪村群 高坪村
鲁老板: 你好
"""


@pytest.fixture
def group() -> Iterator[Conversation]:
    conv = Conversation(start="2027-05-20 09:30", autobind=True)
    conv.say(GROUP)
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "state"), [
    ("大后天要几个挖洋芋的 高坪村 电话13677120458", "draft"),  # the wage still to ask
    ("后天要几个摘茶叶的 早上五点半 电话13677120458", "draft"),
    ("明天请两三个帮厨 一天一百五 电话13677120458", "open"),
])
def test_an_open_count_of_a_work_wanted_is_a_post(
        group: Conversation, text: str, state: str) -> None:
    out = group.say(f"鲁老板@高坪村群: {text}")
    assert [j["state"] for j in group.jobs()] == [state]
    assert not any("想找" in m for m in to(out, "高坪村群"))


@pytest.mark.parametrize("text", [
    "你们要几个采茶的",  # asks how many
    "还要几个采茶的不",  # asks about a post
    "我要几个采茶的活",  # the sender's own wish
])
def test_how_many_asked_or_wished_posts_nothing(group: Conversation, text: str) -> None:
    group.say(f"鲁老板@高坪村群: {text}")
    assert group.jobs() == []


# ==== what help cost someone before (「上回…请个大厨一天都要四百了」) is news, no post

@pytest.mark.parametrize("text", [
    "去年我屋里起房子 请个砌匠一天都要三百了",
    "上次喊个人打药 起码一百五",
])
def test_what_help_cost_before_posts_nothing(group: Conversation, text: str) -> None:
    out = group.say(f"鲁老板@高坪村群: {text}")
    assert group.jobs() == []
    assert not to(out, "高坪村群")


def test_a_hire_after_what_it_cost_before_is_a_post(group: Conversation) -> None:
    group.say("鲁老板@高坪村群: 去年请过一个砌匠 今年还要请个砌匠 一天三百 电话13677120458")
    assert [(j["work_type"], j["state"]) for j in group.jobs()] == [("泥瓦工", "open")]


# ==== a machine let out on hire (「哪个屋里有…机要租的 一天两百」) is no post

@pytest.mark.parametrize("text", [
    "有摘茶机子租给大家 一天一百八",
    "我屋里的采茶机要租的找我 一天两百",
    "我屋里的微耕机出租 一天一百五 电话13677120458",
])
def test_a_machine_on_hire_posts_nothing(group: Conversation, text: str) -> None:
    out = group.say(f"鲁老板@高坪村群: {text}")
    assert group.jobs() == []
    assert not to(out, "高坪村群")


def test_someone_to_work_the_machine_is_a_post(group: Conversation) -> None:
    group.say("鲁老板@高坪村群: 后天要个开拖拉机的 租金另算 一天三百 电话13677120458")
    assert [j["state"] for j in group.jobs()] == ["open"]


# ==== what is still left of the field, told under one's card (「明天还有一大坡」), is no day

TEA = """
@group 温水村群 温水村
邓老板: 你好
邓老板@温水村群: 明天采茶 要三个人 一天一百三 早上六点到 电话18162093378 邓老板
"""


@pytest.fixture
def tea() -> Iterator[Conversation]:
    conv = Conversation(start="2028-04-20 13:00", autobind=True)
    conv.say(TEA)
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "今天摘了三百来斤 明天还剩两垄",
    "后天还有一大片 今天摘了一百多斤",
])
def test_the_field_left_changes_nothing(tea: Conversation, text: str) -> None:
    out = tea.say(f"邓老板@温水村群^: {text}")
    assert [(j["start_date"], j["headcount"]) for j in tea.jobs()] == [("2028-04-21", 3)]
    assert out == []


def test_a_correction_said_with_the_field_left_still_changes(tea: Conversation) -> None:
    tea.say("邓老板@温水村群^: 改到后天 明天还剩两垄 我自己摘")
    assert [j["start_date"] for j in tea.jobs()] == ["2028-04-22"]


# ==== someone asking the sender along (「小吴叫我一起去 我还在考虑」) is no search for work

@pytest.mark.parametrize("text", [
    "幺妹叫我一起去 我还在考虑",
    "表嫂喊我一路克 我还冇想好哦",
])
def test_being_asked_along_is_no_seek(tea: Conversation, text: str) -> None:
    out = tea.say(f"柏嫂@温水村群: {text}")
    assert not to(out, "温水村群")
    assert _claims(tea) == [[]]


def test_call_me_for_work_is_still_a_seek(group: Conversation) -> None:
    out = group.say("柏嫂@高坪村群: 有采茶的活喊我一声")
    assert any("订阅" in m for m in to(out, "高坪村群"))


def test_a_rate_among_a_post_typed_word_by_word_waits_for_its_phone() -> None:
    conv = Conversation(start="2028-05-06 08:10", autobind=True)
    try:
        conv.say("""
@group 青天村群 青天村
游大爷@青天村群: 后天
游大爷@青天村群: 要个开三轮的
游大爷@青天村群: 一天两百
游大爷@青天村群: 电话15172093648
""")
        assert [(j["state"], j["wage_min"]) for j in conv.jobs()] == [("open", 200)]
    finally:
        conv.close()
