"""Issue 10, an eleventh round: a claim said to a busy group naming which of its open jobs
it takes — by the poster, the task or the place — with the look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers.reading import Known, group_named, squash
from tests.conversation import Conversation, to

# ==== a claim to the group naming one of its open jobs (its poster, its task, its place)

TWO = """
@group 阳日镇群 阳日镇
邓老板: 你好
覃姐: 你好
小杜: 你好
邓老板@阳日镇群: 明天武山村我屋里搬砖 卸两车砖 要四个人 一天一百六 电话18671930452 邓老板
覃姐@阳日镇群: 后天长青村打药除草 要两个人 一天一百三 管饭 电话15826970318 覃姐
"""


@pytest.fixture
def group() -> Iterator[Conversation]:
    conv = Conversation(start="2027-05-11 08:05", autobind=True)
    conv.say(TWO)
    yield conv
    conv.close()


def _claims(conv: Conversation) -> list[list[tuple[str, int]]]:
    return [sorted((c["person"], c["count"]) for c in job["claims"]) for job in conv.jobs()]


@pytest.mark.parametrize(("text", "job", "poster"), [
    ("搬砖的那个 我去", 0, "邓老板"),  # the task as the post writes it
    ("邓老板那个活算我一个 我屋里就在武山村", 0, "邓老板"),  # the poster
    ("覃姐那个打药的我去 喷雾器我自己带", 1, "覃姐"),  # the poster and the task
    ("长青村那个 我去", 1, "覃姐"),  # the place
    ("邓家的那个活算我一个", 0, "邓老板"),  # the poster by surname
])
def test_a_claim_naming_one_open_job_takes_it(group: Conversation, text: str, job: int,
                                              poster: str) -> None:
    out = group.say(f"小杜@阳日镇群: {text}")
    want: list[list[tuple[str, int]]] = [[], []]
    want[job] = [("小杜", 1)]
    assert _claims(group) == want
    assert any("小杜" in m for m in to(out, poster))


@pytest.mark.parametrize("text", [
    "我去",  # which is not said
    "+1 同问 覃姐那边管几顿饭",  # a question naming a job
    "覃姐那边管几顿饭",
    "报名的人多不多",
    "邓老板那个活 覃姐那个活 都算我一个",  # two jobs named
])
def test_look_alikes_naming_no_one_job_claim_nothing(group: Conversation, text: str) -> None:
    out = group.say(f"小杜@阳日镇群: {text}")
    assert _claims(group) == [[], []]
    assert not to(out, "邓老板") and not to(out, "覃姐")


# ==== a claim naming a job already full waits for it; the open one is taken before the full


def test_a_claim_naming_a_full_job_waits_for_it(group: Conversation) -> None:
    group.say("小杜@阳日镇群: 覃姐那个打药的我去")
    group.say("小周@阳日镇群: 覃姐那个打药的 我去")
    assert [j["status"] for j in group.jobs()] == ["open", "filled"]
    group.say("阿英@阳日镇群: 打药的那个我也去")
    claims = {c["person"]: c["status"] for c in group.jobs()[1]["claims"]}
    assert claims == {"小杜": "confirmed", "小周": "confirmed", "阿英": "waitlisted"}
    assert group.jobs()[0]["claims"] == []


def test_words_fitting_an_open_and_a_full_job_take_the_open_one() -> None:
    conv = Conversation(start="2027-05-11 08:05", autobind=True)
    conv.say("""
@group 阳日镇群 阳日镇
老王@阳日镇群: 明天武山村搬砖 要一个人 一天一百六 电话18671930452 老王
老李@阳日镇群: 后天长青村搬砖 要两个人 一天一百五 电话15826970318 老李
小杜@阳日镇群: 老王那个搬砖的我去
""")
    assert [j["status"] for j in conv.jobs()] == ["filled", "open"]
    conv.say("阿英@阳日镇群: 搬砖的那个我也去")
    assert [c["person"] for c in conv.jobs()[0]["claims"]] == ["小杜"]
    assert [c["person"] for c in conv.jobs()[1]["claims"]] == ["阿英"]
    conv.close()


def _known() -> list[Known]:
    return [Known(1, ("邓老板",), squash("明天武山村我屋里搬砖 卸两车砖 电话18671930452 邓老板"),
                  "搬运工", "武山村"),
            Known(2, ("覃姐",), squash("后天长青村打药除草 管饭 电话15826970318 覃姐"),
                  "种植工", "长青村"),
            Known(4, ("胡老板",), squash("龙口村起房子 招泥工两个 小工三个"), "泥瓦工", "龙口村"),
            Known(5, ("胡老板",), squash("龙口村起房子 招泥工两个 小工三个"), "小工", "龙口村"),
            Known(3, ("老李",), squash("后天长青村搬砖 电话13971111111"), "搬运工", "长青村")]


@pytest.mark.parametrize(("text", "want"), [
    ("搬砖的那个 我去", (None, "我去")),  # two posts say 搬砖: named, but not one
    ("武山村那个搬砖的 我去", (1, "我去")),  # the place and the task together: one
    ("老李那个活我去", (3, "我去")),
    ("李老板那个活我去", (3, "我去")),  # the surname with a title
    ("覃姐那边管几顿饭", None),
    ("泥工的那个 我去", (4, "我去")),  # the work, among the jobs of one post
    ("胡老板那个小工 算我一个", (5, "算我一个")),  # the poster, then the work
    ("+1 同问 覃姐那边管几顿饭", None),  # +1 there agrees with the question
    ("我那个活干完了", None),
])
def test_what_a_claim_names(text: str, want: tuple[int | None, str] | None) -> None:
    assert group_named(text, _known()) == want

# ==== a boss from outside the county posts work in a village of it: pushed as usual


def test_a_boss_from_another_county_posts_for_the_village_he_names() -> None:
    c = Conversation(start="2027-05-10 08:30", autobind=True)
    c.say("""
    @group 木鱼镇群 木鱼镇
    小江: 订阅 采茶 木鱼镇
    """)
    out = c.say("黄老板@木鱼镇群: 我是房县过来的 在青天村包了片茶园 后天要四个采茶的 "
                "一天一百三 电话13986021547 黄")
    job = c.jobs()[0]
    assert job["status"] == "open"
    assert (job["township"], job["village"]) == ("木鱼镇", "青天村")
    assert any("青天" in m for m in to(out, "小江"))
    c.close()


def test_work_in_another_county_is_not_pushed_as_the_groups() -> None:
    c = Conversation(start="2027-05-10 08:30", autobind=True)
    c.say("""
    @group 木鱼镇群 木鱼镇
    小江: 订阅 采茶 木鱼镇
    """)
    out = c.say("黄老板@木鱼镇群: 房县那边的茶园 后天要四个采茶的 一天一百三 电话13986021547 黄")
    assert not to(out, "小江")
    c.close()


# ==== a new clerk saying he will post the work in this group is not offered a subscription


def test_a_clerk_saying_he_will_post_work_here_is_left_alone() -> None:
    c = Conversation(start="2027-05-10 08:30", autobind=True)
    out = c.say("""
    @group 坪阡村群 坪阡村
    小彭@坪阡村群: 各位好 我是村里的信息员小彭 以后有活就在这个群里发
    """)
    assert not to(out, "坪阡村群")
    c.close()


def test_someone_asking_to_be_told_of_work_is_still_offered_a_subscription() -> None:
    c = Conversation(start="2027-05-10 08:30", autobind=True)
    out = c.say("""
    @group 坪阡村群 坪阡村
    小彭@坪阡村群: 我会开车 也会砌墙 以后有活喊我
    """)
    assert any("订阅" in m for m in to(out, "坪阡村群"))
    c.close()


# ==== an officer appoints someone he sees in the group he writes in, bound or not

APPOINT = """
@officer 向干事 木鱼镇
向干事: 你好
小覃: 你好
"""


def test_an_officer_appoints_whom_he_names_in_the_unbound_group_they_spoke_in() -> None:
    c = Conversation(start="2027-03-08 09:00")
    c.say(APPOINT + "小覃@老乡群: 大家好 我是小覃")
    out = c.say("向干事@老乡群: 设为信息员 @小覃 木鱼镇青天村")
    assert any("信息员" in m and "青天村" in m for m in to(out, "小覃"))
    c.close()


def test_someone_who_spoke_only_in_another_unbound_group_is_not_found() -> None:
    c = Conversation(start="2027-03-08 09:00")
    c.say(APPOINT + "小覃@别的群: 大家好 我是小覃\n向干事@老乡群: 大家好")
    out = c.say("向干事@老乡群: 设为信息员 @小覃 木鱼镇青天村")
    assert any("没找到小覃" in m for m in to(out, "老乡群"))
    assert not any("信息员" in m for m in to(out, "小覃"))
    c.close()
