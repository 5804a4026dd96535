"""Issue 10, an eleventh round: what round 17's conversations found. Each kind in its own
block, with the look-alikes that must not act."""

from __future__ import annotations

from tests.conversation import Conversation, to

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
