"""Round 17 (workers in private chat): a command word typed with the wrong characters of its
sound, being free now said with a claim, an unsubscribe said with its reason (after what it
names, or before the command), a home village said with its team, stars rated with a remark,
and a claim giving a new phone with a word about the old one. Each kind is checked both ways;
every sentence is new (none is the round's failing one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.forms import command_form
from handlers.aftercare import _stars
from handlers.reading import claim_around
from handlers.subscribe import home_answer
from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

# ==== a command word's slip of sound: 「定阅」 is 订阅 where a command word stands


@pytest.mark.parametrize(("text", "plain"), [
    ("定阅 挖洋芋 木鱼镇", "订阅 挖洋芋 木鱼镇"),
    ("顶阅 保洁", "订阅 保洁"),
    ("订月 搬运 红坪镇", "订阅 搬运 红坪镇"),
    ("我的定阅", "我的订阅"),
    ("取消定阅", "取消订阅"),
    ("退定 采茶", "退订 采茶"),
    ("推订", "退订"),
    ("我还想定阅一下 帮厨", "订阅 帮厨"),
])
def test_a_command_typed_by_its_sound_is_the_command(text: str, plain: str) -> None:
    assert command_form(text) == plain


@pytest.mark.parametrize("text", [
    "订约 下个月签合同",  # 订约: to sign, a word of its own
    "我要订月饼 中秋送人",  # glued to what follows: another word
    "退定金要几天",
    "他定阅了没有",  # not where a command stands
    "腊月定月子中心",
])
def test_look_alikes_of_a_command_slip_stay_as_written(text: str) -> None:
    assert command_form(text) == text


def test_a_slipped_subscribe_subscribes_privately() -> None:
    conv = Conversation(start="2027-05-10 08:00", autobind=True)
    try:
        out = conv.say("@group 桃坪村群 桃坪村\n阿秀: 定阅 锄草 木鱼镇")
        assert any("订阅好了" in m and "木鱼镇" in m for m in to(out, "阿秀"))
        out = conv.say("阿秀: 我的定阅")
        assert any("您订阅的" in m for m in to(out, "阿秀"))
    finally:
        conv.close()


# ==== free now, said with a claim: 「这回得空了」 is the claimer's circumstance


@pytest.mark.parametrize("text", [
    "报名 这下有时间了",
    "要得 我去 现在有空了",
    "算我一个 总算得空了",
])
def test_free_now_said_with_a_claim_claims(text: str) -> None:
    assert claim_around(text, "保洁员", replying=True) == (1, None)


@pytest.mark.parametrize("text", [
    "报名 这回没空了",  # not free: no circumstance of a claim
    "我去 现在有空了吗",  # a question
    "报名 老头子这回有空了",  # someone else
])
def test_not_free_or_not_oneself_is_no_claim(text: str) -> None:
    assert claim_around(text, "保洁员", replying=True) is None


# ==== 退订 with its reason: after what it names, or said before the command


SUBSCRIBED = """
@group 龙沟村群 龙沟村
老满: 订阅 砌墙 小工 松柏镇
"""


@pytest.fixture
def subscribed() -> Iterator[Conversation]:
    conv = Conversation(start="2027-09-06 08:00", autobind=True)
    out = conv.say(SUBSCRIBED)
    assert any("订阅好了" in m for m in to(out, "老满"))
    yield conv
    conv.close()


def test_unsubscribing_one_work_with_why_ends_only_it(subscribed: Conversation) -> None:
    out = subscribed.say("老满: 退订 小工 肩膀扛不动了")
    [said] = to(out, "老满")
    assert "已退订小工" in said and "还订阅着" in said
    out = subscribed.say("蒋老板@龙沟村群: 明天要两个小工 搬砖 一天一百六 电话13545710833")
    assert to(out, "老满") == []  # no push of the work ended
    out = subscribed.say("蒋老板@龙沟村群: 后天砌围墙 要个泥瓦工 一天两百四 电话13545710833")
    assert any("有个活适合您" in m for m in to(out, "老满"))


@pytest.mark.parametrize("text", [
    "退订 小工 还能再订不",  # asks
    "退订 小工 松柏真",  # a mistyped place: not understood, said so
    "退订 小工 北京",
])
def test_after_the_named_work_a_question_or_a_place_ends_nothing(subscribed: Conversation,
                                                                text: str) -> None:
    out = subscribed.say(f"老满: {text}")
    assert any("没认出" in m for m in to(out, "老满"))
    out = subscribed.say("老满: 我的订阅")
    assert any("小工" in m for m in to(out, "老满"))


@pytest.mark.parametrize("text", [
    "全部退订",
    "都退订了",
    "我要去浙江带孙子了 全部退订",
    "年纪大了干不动了 退订",
])
def test_unsubscribing_all_said_with_why_first_ends_all(subscribed: Conversation,
                                                        text: str) -> None:
    out = subscribed.say(f"老满: {text}")
    assert any("已退订" in m for m in to(out, "老满"))
    out = subscribed.say("蒋老板@龙沟村群: 明天要两个小工 搬砖 一天一百六 电话13545710833")
    assert to(out, "老满") == []


def test_the_reason_before_may_name_one_work(subscribed: Conversation) -> None:
    out = subscribed.say("老满: 腰杆闪了 退订 小工")
    [said] = to(out, "老满")
    assert "已退订小工" in said and "泥瓦工" in said


@pytest.mark.parametrize("text", [
    "那要咋个退订",  # asks how
    "他们讲不想收就发 退订",  # the word quoted
    "隔壁老王全部退订了吗",
    "退订号码是多少",
])
def test_talk_of_unsubscribing_ends_nothing(subscribed: Conversation, text: str) -> None:
    subscribed.say(f"老满: {text}")
    out = subscribed.say("蒋老板@龙沟村群: 明天要两个小工 搬砖 一天一百六 电话13545710833")
    assert any("有个活适合您" in m for m in to(out, "老满"))


# ==== 「离家近的」: the home village said with its team (三组, 5队)


@pytest.mark.parametrize(("text", "place"), [
    ("我屋在桃坪村 四组", "桃坪村"),
    ("大岭村2组的", "大岭村"),
    ("俺家在桃坪村七队那边", "桃坪村"),
])
def test_a_home_with_its_team_is_the_village(text: str, place: str) -> None:
    conv = Conversation()
    try:
        found = home_answer(text, conv.app.gazetteer)
        assert found is not None and found.name == place
    finally:
        conv.close()


@pytest.mark.parametrize("text", ["四组", "桃坪村四组有活吗", "桃坪村四个人", "我去桃坪村三组"])
def test_a_team_alone_or_in_other_words_is_no_home(text: str) -> None:
    conv = Conversation()
    try:
        assert home_answer(text, conv.app.gazetteer) is None
    finally:
        conv.close()


# ==== stars with a remark of one's own: the stars are recorded, the remark said not kept


@pytest.mark.parametrize(("text", "stars"), [
    ("4星 老板说话算数", 4),
    ("两星 吃的太差了", 2),
    ("五颗星 下回还跟他干", 5),
])
def test_stars_with_a_remark_are_a_rating(text: str, stars: int) -> None:
    assert _stars(text) == stars


@pytest.mark.parametrize("text", [
    "4星 不对 3星",  # not sure which
    "三星 还是两星",
    "三星 的手机贵不",  # a question
    "4星 5星都行",
    "三星手机 摔坏了",
    "两星 回头再讲",  # put off
])
def test_stars_unsure_or_asked_are_no_rating(text: str) -> None:
    assert _stars(text) is None


BEANS = """
@group 桃坪村群 桃坪村
阿凤: 你好
覃老板: 你好
覃老板@桃坪村群: 明天摘辣椒 要两个人 一天一百二 电话13972206455 覃老板
阿凤@桃坪村群^: 我去
"""


def test_a_rating_with_a_remark_is_recorded_and_a_second_refused() -> None:
    conv = Conversation(start="2028-07-03 08:00", autobind=True)
    try:
        conv.say(BEANS)
        conv.say("@now 2028-07-04 19:05")
        conv.say("阿凤: 结清了")
        out = conv.say("阿凤: 2星 饭都没管")
        [said] = to(out, "阿凤")
        assert "记下了2星" in said and "没有记下" in said
        out = conv.say("阿凤: 5星")
        assert any("2星" in m and "打过分" in m for m in to(out, "阿凤"))
    finally:
        conv.close()


# ==== a new phone given with a claim, the old one said unused


@pytest.mark.parametrize("text", [
    "我去 电话15607194428 以前那个号停机了",
    "报名 15607194428 换号了",
    "算我一个 手机15607194428 这是我的新号",
])
def test_a_claim_with_a_new_phone_and_word_of_the_old_one_claims(text: str) -> None:
    assert claim_around(text, "司机", replying=True) == (1, "15607194428")


@pytest.mark.parametrize("text", [
    "我去 以前那个号停机了",  # no new number given: the employer would get the old one
    "我去 电话15607194428 原来那个号还能打吗",
    "我去 换号了吗",
])
def test_word_of_a_phone_without_the_new_one_is_no_claim(text: str) -> None:
    assert claim_around(text, "司机", replying=True) is None


def test_the_new_phone_reaches_the_employer() -> None:
    conv = Conversation(start="2028-07-13 07:05", autobind=True)
    try:
        conv.say("@group 红花朵村群 红花朵村\n小陶: 订阅 开车 松柏镇\n小陶: 电话15872013611\n"
                 "伍老板: 你好\n"
                 "伍老板@红花朵村群: 后天要个开货车的 拉木材 一天三百 电话18995470299")
        out = conv.say("小陶^: 报名 电话13986025122 旧号码不用了")
        assert _claims(conv) == [[("小陶", 1, "confirmed")]]
        assert any("13986025122" in m for m in to(out, "伍老板"))
        assert all("15872013611" not in m for m in to(out, "伍老板"))
    finally:
        conv.close()
