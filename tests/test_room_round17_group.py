"""Round 17 (the twenty-third round's group conversations): what the bot read wrong in a
village group — the poster moving the job past a rainy day by saying when to come and do the
work (「明天落雨 后天来摘」), the poster's news of batches done under the card (「炒了三锅」), a
claim naming one job of a post with the claimer's circumstances after it (「做饭的我来 …做了
半辈子饭」), someone else's wish to go told as news (「周婆婆还想去摘茶」) and an offer to post
for the village's old people (「以后帮…老人家发活路」). Each kind is checked both ways with
sentences of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

# ==== the poster moves the job past the weather by saying when to come and do the work

ORCHARD = """
@group 青天村群 青天村
覃老板: 你好
小甘: 你好
覃老板@青天村群: 明天青天村摘猕猴桃 要三个人 一天一百四 电话13972218406 覃老板
小甘@青天村群^: 我去
"""


@pytest.fixture
def orchard() -> Iterator[Conversation]:
    conv = Conversation(start="2028-09-20 18:00", autobind=True)
    conv.say(ORCHARD)
    assert conv.jobs()[0]["start_date"] == "2028-09-21"
    assert _claims(conv) == [[("小甘", 1, "confirmed")]]
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "覃老板@青天村群^: 明天落雨 后天来摘",
    "覃老板@青天村群^: 明天要下大雨 后天过来摘",
    "覃老板@青天村群^: 明天落雨了 后天再来摘吧",
    "覃老板@青天村群^: 明天下雨 大家后天来装",
])
def test_rain_tomorrow_and_a_day_to_come_and_work_moves_the_job(orchard: Conversation,
                                                                line: str) -> None:
    out = orchard.say(line)
    assert orchard.jobs()[0]["start_date"] == "2028-09-22"
    assert orchard.jobs()[0]["status"] == "open"
    assert any("22日" in m for m in to(out, "小甘"))


@pytest.mark.parametrize("line", [
    "覃老板@青天村群^: 明天落雨 后天再看天色",
    "覃老板@青天村群^: 明天落雨 后天看情况",
    "覃老板@青天村群^: 明天落雨 后天出太阳",
    "覃老板@青天村群^: 明天下雨 后天再说",
    "小甘@青天村群^: 明天落雨 后天来摘要得不",  # the worker asking, not the poster
    "老覃@青天村群: 明天落雨 后天来摘",  # someone else, to the room
])
def test_rain_and_a_wait_or_another_voice_moves_nothing(orchard: Conversation,
                                                        line: str) -> None:
    orchard.say(line)
    assert orchard.jobs()[0]["start_date"] == "2028-09-21"
    assert _claims(orchard) == [[("小甘", 1, "confirmed")]]


# ==== the poster's news of batches and trips done under the card is no correction

MILL = """
@group 红花村群 红花村
向老板: 你好
阿丽: 你好
向老板@红花村群: 明天红花村茶厂要四个拣茶的 一天一百二 电话15072290613 向老板
阿丽@红花村群^: 我去
"""


@pytest.fixture
def mill() -> Iterator[Conversation]:
    conv = Conversation(start="2028-04-22 16:00", autobind=True)
    conv.say(MILL)
    assert conv.jobs()[0]["start_date"] == "2028-04-23"
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "向老板@红花村群^: 今天炒了三锅 腰都直不起来了",
    "向老板@红花村群^: 今天揉了五批 累得很",
    "向老板@红花村群^: 今天往镇上送了两趟货",
    "向老板@红花村群^: 今天烘了六锅 手膀子都是酸的",
])
def test_batches_and_trips_done_today_leave_the_job_and_the_group_alone(
        mill: Conversation, line: str) -> None:
    out = mill.say(line)
    job = mill.jobs()[0]
    assert (job["start_date"], job["headcount"]) == ("2028-04-23", 4)
    assert not to(out, "红花村群")
    assert not to(out, "阿丽")


@pytest.mark.parametrize("line", [
    "向老板@红花村群^: 改成后天",
    "向老板@红花村群^: 今天搞不完 改成后天",
])
def test_a_day_changed_with_its_word_is_still_taken(mill: Conversation, line: str) -> None:
    out = mill.say(line)
    assert mill.jobs()[0]["start_date"] == "2028-04-24"
    assert any("24日" in m for m in to(out, "阿丽"))


# ==== a claim naming one job of a post, the claimer's circumstances after it

KITCHEN = """
@group 盘水村群 盘水村
柯老板: 你好
蒋嫂: 你好
柯老板@盘水村群: 后天盘水村办酒 烧火做饭的一个 一天一百六；洗碗的两个 一天一百 电话18972316054
"""


@pytest.fixture
def kitchen() -> Iterator[Conversation]:
    conv = Conversation(start="2028-10-02 09:00", autobind=True)
    conv.say(KITCHEN)
    # both 帮厨: only each job's own part of the post (烧火做饭, 洗碗) tells them apart; the
    # latest card, the one replied to, is the 洗碗 job's
    assert [(j["work_type"], j["headcount"]) for j in conv.jobs()] == [("帮厨", 1), ("帮厨", 2)]
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "蒋嫂@盘水村群^: 做饭的我来 灶上的事做了半辈子",
    "蒋嫂@盘水村群^: 做饭的我去 我在馆子里帮过厨",
    "蒋嫂@盘水村群^: 做饭的我去 我就住盘水村",
    "蒋嫂@盘水村群^: 做饭的我来 明天几点到",  # when to come presumes the going
])
def test_the_part_named_with_ones_circumstances_claims_that_job(kitchen: Conversation,
                                                                line: str) -> None:
    out = kitchen.say(line)
    assert _claims(kitchen) == [[("蒋嫂", 1, "confirmed")], []]
    assert any("18972316054" in m for m in to(out, "蒋嫂"))


@pytest.mark.parametrize("line", [
    "蒋嫂@盘水村群^: 做饭的我来 一天好多钱",  # a question after it
    "蒋嫂@盘水村群^: 做饭的我来 要是屋里没事的话",  # a condition
    "蒋嫂@盘水村群^: 做饭的我来问下 管不管住",
    "蒋嫂@盘水村群^: 做饭的我来 你屋里几时办酒",
])
def test_the_part_named_with_a_question_or_a_condition_claims_nothing(
        kitchen: Conversation, line: str) -> None:
    kitchen.say(line)
    assert _claims(kitchen) == [[], []]


# ==== someone else's wish to go, told to the group, is news: no seek, no offer

WALNUTS = """
@group 温水村群 温水村
伍老板: 你好
小潘: 你好
伍老板@温水村群: 明天温水村打核桃 要两个人 一天一百六 电话15571208836 伍老板
"""


@pytest.fixture
def walnuts() -> Iterator[Conversation]:
    conv = Conversation(start="2028-09-05 17:00", autobind=True)
    conv.say(WALNUTS)
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "小潘@温水村群: 何大伯七十了还想去挖天麻 身体蛮好",
    "小潘@温水村群: 周婆婆八十了还想去打核桃 腿脚利索得很",
    "小潘@温水村群: 秦大爷也要去摘茶 说在屋里坐不住",
    "小潘@温水村群: 赵大妈还说要去挖洋芋 身体好得很",
])
def test_an_old_neighbours_wish_to_work_is_news(walnuts: Conversation, line: str) -> None:
    out = walnuts.say(line)
    assert not to(out, "温水村群")
    assert _claims(walnuts) == [[]]


def test_privately_a_neighbours_wish_is_not_taken_for_a_sign_up(walnuts: Conversation) -> None:
    walnuts.say("小潘: 订阅 采摘 红坪镇")
    walnuts.say("伍老板@温水村群: 后天温水村摘板栗 要三个人 一天一百五 电话15571208836 伍老板")
    out = walnuts.say("小潘: 符婆婆七十几了还想去摘板栗 身体硬朗得很")
    assert not any("报名" in m for m in to(out, "小潘"))
    assert _claims(walnuts) == [[], []]


def test_privately_counting_the_neighbour_in_is_asked_about(walnuts: Conversation) -> None:
    walnuts.say("小潘: 订阅 采摘 红坪镇")
    walnuts.say("伍老板@温水村群: 后天温水村摘板栗 要三个人 一天一百五 电话15571208836 伍老板")
    out = walnuts.say("小潘: 符婆婆还想去 算她一个")
    assert any("您是要报名这个活吗" in m for m in to(out, "小潘"))
    assert _claims(walnuts) == [[], []]


@pytest.mark.parametrize("line", [
    "小潘@温水村群: 我还想去打核桃 身体硬朗得很 有活喊我",
    "小潘@温水村群: 我六十了还想找点活干 身体好",
])
def test_ones_own_wish_to_work_still_gets_the_offer(walnuts: Conversation,
                                                     line: str) -> None:
    out = walnuts.say(line)
    assert any("订阅" in m for m in to(out, "温水村群"))


# ==== an offer to post for the village's old people is no seek

RELAY = """
@group 八角庙村群 八角庙村
小邹: 你好
"""


@pytest.fixture
def relay() -> Iterator[Conversation]:
    conv = Conversation(start="2028-03-02 10:00", autobind=True)
    conv.say(RELAY)
    yield conv
    conv.close()


@pytest.mark.parametrize("line", [
    "小邹@八角庙村群: 各位好 我是三组的小邹 以后帮冇得手机的老年人发活路",
    "小邹@八角庙村群: 大家好 我是三组的小邹 以后帮不会玩手机的老人家发活路 冇得手机的找我",
    "小邹@八角庙村群: 今后帮村里留守的老年人转招工 有事找我",
    "小邹@八角庙村群: 我以后帮屋里没得微信的乡亲们发招工",
])
def test_an_offer_to_post_for_old_people_gets_no_seek_offer(relay: Conversation,
                                                             line: str) -> None:
    out = relay.say(line)
    assert not to(out, "八角庙村群")


@pytest.mark.parametrize("line", [
    "小邹@八角庙村群: 大家好 我是三组的小邹 会开车 有活路喊我",
    "小邹@八角庙村群: 我以后想帮人家搬东西 有活喊我",
])
def test_offering_oneself_still_gets_the_offer(relay: Conversation, line: str) -> None:
    out = relay.say(line)
    assert any("订阅" in m for m in to(out, "八角庙村群"))
