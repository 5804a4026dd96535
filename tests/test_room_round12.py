"""The eighteenth round of conversations: talk in a village group that only looks like a
search for work or a post, a job forwarded into its township's group, and the poster asking
who signed up together with their phones — each with the look-alikes that must act."""

from __future__ import annotations

from tests.conversation import Conversation, to

# ==== someone saying they will post the work for everyone is no search for work


def test_a_villager_offering_to_post_the_work_for_everyone_is_left_alone() -> None:
    c = Conversation(start="2027-07-13 10:00")
    out = c.say("""
    @group 青天村群 青天村
    小孙@青天村群: 我是青天村的小孙 以后帮大家发活路
    小孙@青天村群: 有活的老板找我 我帮你们发活
    """)
    assert not to(out, "青天村群")
    c.close()


def test_someone_wanting_work_for_himself_is_still_offered_a_subscription() -> None:
    c = Conversation(start="2027-07-13 10:00")
    out = c.say("""
    @group 青天村群 青天村
    小孙@青天村群: 我是青天村的小孙 想找点活路 有活喊我
    """)
    assert any("订阅" in m for m in to(out, "青天村群"))
    c.close()


# ==== an errand offered («有冇得要带的») is no search for work


def test_an_errand_offered_to_the_group_gets_no_answer() -> None:
    c = Conversation(start="2027-06-09 08:00")
    out = c.say("""
    @group 松柏村群 松柏村
    老熊@松柏村群: 后天我去县里拿药 有冇得要带的
    老熊@松柏村群: 等下去镇上称肉 有没有要捎的
    """)
    assert not to(out, "松柏村群")
    c.close()


def test_asking_whether_anyone_wants_a_worker_is_still_a_search() -> None:
    c = Conversation(start="2027-06-09 08:00")
    out = c.say("""
    @group 松柏村群 松柏村
    老熊@松柏村群: 我这几天得空 有冇得要人的
    """)
    assert any("订阅" in m for m in to(out, "松柏村群"))
    c.close()


# ==== a village's job forwarded into its township's group, naming no place, is that job

FORWARDED = """
@group 八角庙村群 八角庙村
@group 松柏镇群 松柏镇
@group 木鱼镇群 木鱼镇
贝老板@八角庙村群: 大后天砌猪圈 要三个小工 一天一百七 电话15906711234 贝老板
"""


def test_a_forward_naming_no_place_in_the_township_group_adds_no_job() -> None:
    c = Conversation(start="2027-06-09 08:00")
    c.say(FORWARDED)
    c.say("老向@松柏镇群: 帮忙转一下：大后天砌猪圈 要三个小工 一天一百七 电话15906711234 贝老板")
    jobs = c.jobs()
    assert len(jobs) == 1 and jobs[0]["village"] == "八角庙村"
    c.close()


def test_a_repeat_naming_another_place_or_in_another_township_is_a_second_job() -> None:
    c = Conversation(start="2027-06-09 08:00")
    c.say(FORWARDED)
    # the same words, another village of the township said outright
    c.say("老向@松柏镇群: 大后天松柏村砌猪圈 要三个小工 一天一百七 电话15906711234 贝老板")
    # the township itself said outright, in its own group
    c.say("老向@松柏镇群: 大后天松柏镇上砌猪圈 要三个小工 一天一百七 电话15906711234 贝老板")
    # the same words in a group of a township the village is not in
    c.say("老谭@木鱼镇群: 大后天砌猪圈 要三个小工 一天一百七 电话15906711234 贝老板")
    assert [(j["township"], j["village"]) for j in c.jobs()] == [
        ("松柏镇", "八角庙村"),
        ("松柏镇", "松柏村"),
        ("松柏镇", None),
        ("木鱼镇", None),
    ]
    c.close()


# ==== a fee post quoted and asked about is not held as a post

FEE = """
@group 龙溪村群 龙溪村
@officer 黄干事 阳日镇
黄干事: 你好
"""


def test_a_quoted_fee_post_asked_about_is_no_post() -> None:
    c = Conversation(start="2027-06-17 10:00")
    c.say(FEE)
    out = c.say("老乔@龙溪村群: 前年有人发「招三个摘茶叶的 先交押金两百」 今年还有么")
    assert c.jobs() == []
    assert not to(out, "龙溪村群") and not to(out, "黄干事")
    c.close()


def test_the_fee_post_itself_is_still_held() -> None:
    c = Conversation(start="2027-06-17 10:00")
    c.say(FEE)
    out = c.say("老乔@龙溪村群: 招三个摘茶叶的 一天一百 先交押金两百 电话17762331234")
    assert [j["state"] for j in c.jobs()] == ["held"]
    assert any("押金" in m for m in to(out, "黄干事"))
    c.close()


# ==== what someone once asked of the sender (「上回有个老板喊我…」) is a story, no search


def test_a_story_of_what_a_boss_once_asked_gets_no_answer() -> None:
    c = Conversation(start="2027-06-17 10:00")
    out = c.say("""
    @group 龙溪村群 龙溪村
    老乔@龙溪村群: 那回有个包工头喊我交五十块报名费 我冇交
    老乔@龙溪村群: 以前有人叫我去工地看场子 后来也没去
    """)
    assert not to(out, "龙溪村群")
    c.close()


def test_call_me_when_there_is_work_after_a_story_is_still_a_search() -> None:
    c = Conversation(start="2027-06-17 10:00")
    out = c.say("""
    @group 龙溪村群 龙溪村
    老乔@龙溪村群: 上回那个活干完了 有活再喊我一声
    """)
    assert any("订阅" in m for m in to(out, "龙溪村群"))
    c.close()


# ==== no work, said with how the idle days pass, is a lament


def test_no_work_and_the_days_spent_by_the_fire_is_a_lament() -> None:
    c = Conversation(start="2027-12-09 16:00")
    out = c.say("""
    @group 钱家湾村群 钱家湾村
    老金@钱家湾村群: 这一向冇得活路 都在屋里看电视
    老金@钱家湾村群: 今年冬天没活干 一家人都在晒太阳
    """)
    assert not to(out, "钱家湾村群")
    c.close()


def test_no_work_and_asking_to_be_called_is_still_a_search() -> None:
    c = Conversation(start="2027-12-09 16:00")
    out = c.say("""
    @group 钱家湾村群 钱家湾村
    老金@钱家湾村群: 冇得么子活路 天天在屋里打牌 哪个有活喊我
    """)
    assert any("订阅" in m for m in to(out, "钱家湾村群"))
    c.close()


# ==== the poster asking who signed up and for their phones gets the list

WHO = """
@group 桃园村群 桃园村
贝老板: 你好
小田: 电话15826401234
贝老板@桃园村群: 大后天刷墙 要两个油漆工 一天两百二 电话15927441234 贝老板
小田@桃园村群^: 我去
"""


def test_the_poster_asking_who_signed_up_and_their_phones_gets_them() -> None:
    c = Conversation(start="2027-09-20 09:40")
    c.say(WHO)
    for text in ("谁报名了 把他们电话发我一下", "都有谁报名了 名单发给我看看"):
        out = c.say(f"贝老板: {text}")
        assert any("小田" in m and "15826401234" in m for m in to(out, "贝老板")), text
    c.close()


def test_someone_with_no_job_up_asking_the_same_gets_no_list() -> None:
    c = Conversation(start="2027-09-20 09:40")
    c.say(WHO)
    out = c.say("老万@桃园村群: 谁报名了 把电话发给我")
    assert not to(out, "桃园村群")
    out = c.say("小田: 谁报名了 把电话发给我")
    assert not any("15826401234" in m or "您发的招工" in m for m in to(out, "小田"))
    c.close()
