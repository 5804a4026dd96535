"""Round 15 for an officer's winter week and workers in private chat (nc, pa) and two kinds of
the nb set: the kinds behind their failing conversations, each closed by mechanism and checked
both ways. Every sentence is new (none is a line of a conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import col, select

from storage.models import Job, Person, Subscription
from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims


def _subs(conv: Conversation) -> list[tuple[str, str, str | None]]:
    """Each active subscription: who, its work types, the name of its place."""
    from nlp.gazetteer import load_gazetteer

    g = load_gazetteer()
    with conv.session() as s:
        rows = s.exec(select(Subscription, Person).join(
            Person, col(Person.id) == col(Subscription.person_id))).all()
        out = []
        for sub, p in rows:
            if not sub.active:
                continue
            place = g.by_code(sub.region_code) if sub.region_code else None
            out.append((p.name, sub.work_types, place.name if place else None))
        return out


# ==== a scam's words repeated to mock them are talk, not a post to hold

MOCKED = """
@group 红河村群 红河村
@officer 欧干事 红坪镇
欧干事: 你好
付老板: 你好
付老板@红河村群: 招手工活 在家就能做 日赚四百 先交押金三百 电话17055441122
"""


@pytest.fixture
def mocked() -> Iterator[Conversation]:
    conv = Conversation(start="2027-12-14 10:00", autobind=True)
    conv.say(MOCKED)
    assert [j["state"] for j in conv.jobs()] == ["held"]
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "日赚四百 在家就能做 哪有这种好事哟",
    "在家就能做还日赚四百 天上掉馅饼啊",
    "刷单日赚的都是骗人的 莫信",
])
def test_a_scam_mocked_in_the_group_is_no_post(mocked: Conversation, text: str) -> None:
    out = mocked.say(f"谢婶@红河村群: {text}")
    assert out == []
    assert len(mocked.jobs()) == 1
    # the officer's 驳回 is about the one post held
    out = mocked.say("欧干事 [驳回]")
    assert [j["state"] for j in mocked.jobs()] == ["cancelled"]
    assert any("驳回" in m for m in to(out, "红河村群"))
    assert any("曝光台" in m for m in to(out, "付老板"))


@pytest.mark.parametrize("text", [
    "在家就能做 日赚两百 不是骗子 加微信详聊",  # the scam's own assurance
    "招打包工 在家就能做 日赚三百 绝不骗人 电话17011223344",
    "日赚三百 在家就能做 莫信中介 直接找我 电话17088990011",  # disbelief words, and a phone
])
def test_a_scam_that_denies_being_one_is_still_held(mocked: Conversation, text: str) -> None:
    out = mocked.say(f"江哥@红河村群: {text}")
    assert [j["state"] for j in mocked.jobs()] == ["held", "held"]
    assert any("扣下未推送" in m for m in to(out, "欧干事"))


# ==== a held phone's poster is told privately; the group hears it waits, not 「您」

def test_a_blocked_phones_new_post_tells_its_poster_privately(mocked: Conversation) -> None:
    mocked.say("欧干事 [驳回]")
    mocked.say("@group 温水村群 温水村")
    out = mocked.say("付老板@温水村群: 后天要三个砍柴的 一天一百五 电话17055441122")
    [group] = to(out, "温水村群")
    assert "等信息员核实" in group and "您" not in group and "170" not in group
    [poster] = to(out, "付老板")
    assert "温水村群" in poster and "核实完会告诉您" in poster and "曝光台" not in poster


def test_a_blocked_phones_poster_never_met_privately_is_answered_in_the_group() -> None:
    conv = Conversation(start="2027-12-14 10:00", autobind=True)
    try:
        conv.say(MOCKED)
        conv.say("欧干事 [驳回]")
        out = conv.say("卢二@红河村群: 明天要两个砍柴的 一天一百六 电话17055441122")
        [group] = to(out, "红河村群")
        assert "核实完会告诉您" in group  # the only place he can be told
        assert to(out, "卢二") == []
    finally:
        conv.close()


# ==== work there is, sent to someone else, is no one's search for work

REFER = """
@group 武山村群 武山村
"""


@pytest.mark.parametrize("text", [
    "老蒋管招工登记了 以后有活就找他",
    "幺妹现在是信息员 有招工的都可以问她",
])
def test_work_sent_to_someone_else_is_no_seek(text: str) -> None:
    conv = Conversation(start="2027-12-14 10:00", autobind=True)
    try:
        conv.say(REFER)
        out = conv.say(f"黄叔@武山村群: {text}")
        assert out == []
        assert _subs(conv) == []
    finally:
        conv.close()


@pytest.mark.parametrize("text", [
    "我屋里老大会砌砖 有活就喊他",  # one's own kin, with a skill: offered
    "他会开三轮 有活就找他",
    "老二手艺好 有活就喊他",  # a skill of his
    "幺妹身体好 有活就找她",  # a quality of hers
    "侄儿回来了 他想找点活干",  # his own search, no one sent to
])
def test_someone_offered_with_a_skill_is_still_a_seek(text: str) -> None:
    conv = Conversation(start="2027-12-14 10:00", autobind=True)
    try:
        conv.say(REFER)
        out = conv.say(f"黄叔@武山村群: {text}")
        assert any("订阅" in m for m in to(out, "武山村群"))
    finally:
        conv.close()


# ==== 「订阅」 starting group talk that names no work, place or floor

GROUP_SUB = """
@group 大坪村群 大坪村
明姐: 你好
"""


@pytest.mark.parametrize("text", [
    "订阅号上讲后天有冻雨",
    "订阅的那个公众号今天没更新",
])
def test_group_talk_starting_with_subscribe_gets_no_answer(text: str) -> None:
    conv = Conversation(start="2027-12-14 10:00", autobind=True)
    try:
        conv.say(GROUP_SUB)
        out = conv.say(f"明姐@大坪村群: {text}")
        assert out == []
        assert _subs(conv) == []
    finally:
        conv.close()


def test_a_group_subscribe_naming_a_work_still_subscribes() -> None:
    conv = Conversation(start="2027-12-14 10:00", autobind=True)
    try:
        conv.say(GROUP_SUB)
        conv.say("明姐@大坪村群: 订阅 保洁")
        assert [s[:2] for s in _subs(conv)] == [("明姐", "保洁员")]
    finally:
        conv.close()


def test_private_subscribe_with_unknown_words_still_says_so() -> None:
    conv = Conversation(start="2027-12-14 10:00")
    try:
        out = conv.say("明姐: 订阅号里的东西你看了没")
        assert "没认出" in to(out, "明姐")[0]
    finally:
        conv.close()


# ==== 「那我订阅 …」: the sender doing it now, after a word taking up what was said

@pytest.mark.parametrize("text", [
    "好 我订阅 保洁 阳日镇", "那就订阅 保洁 阳日镇", "那我订阅 保洁 阳日镇"])
def test_subscribe_after_a_taking_up_word_subscribes(text: str) -> None:
    conv = Conversation(start="2028-05-02 15:00")
    try:
        conv.say(f"秋菊: {text}")
        assert _subs(conv) == [("秋菊", "保洁员", "阳日镇")]
    finally:
        conv.close()


@pytest.mark.parametrize("text", ["那我订阅了保洁没有", "我订阅的保洁怎么没推"])
def test_asking_about_ones_subscription_subscribes_nothing(text: str) -> None:
    conv = Conversation(start="2028-05-02 15:00")
    try:
        conv.say(f"秋菊: {text}")
        assert _subs(conv) == []
    finally:
        conv.close()


def test_unsubscribe_after_a_taking_up_word_unsubscribes() -> None:
    conv = Conversation(start="2028-05-02 15:00")
    try:
        conv.say("秋菊: 订阅 保洁 阳日镇")
        conv.say("秋菊: 行 我退订")
        assert _subs(conv) == []
    finally:
        conv.close()


# ==== where a seeker is from is not where they look, when they name another place

def test_the_place_looked_in_wins_over_the_home_said_first() -> None:
    conv = Conversation(start="2028-04-26 11:00")
    try:
        conv.say("贺嫂: 喂我是阳日镇长青村的我想订阅一下保洁的活就在宋洛那边")
        assert _subs(conv) == [("贺嫂", "保洁员", "宋洛乡")]
    finally:
        conv.close()


def test_the_home_is_where_a_seeker_looks_when_no_other_place_here_is_named() -> None:
    conv = Conversation(start="2028-04-26 11:00")
    try:
        conv.say("贺嫂: 我是长青村的 在广东打了几年工 想找保洁的活")
        assert _subs(conv) == [("贺嫂", "保洁员", "长青村")]
    finally:
        conv.close()


def test_the_home_alone_is_where_a_seeker_looks() -> None:
    conv = Conversation(start="2028-04-26 11:00")
    try:
        conv.say("贺嫂: 我是长青村的 我想订阅一下保洁的活")
        assert _subs(conv) == [("贺嫂", "保洁员", "长青村")]
    finally:
        conv.close()


# ==== a voice claim led by the job's own work, replying to the push

PUSHED = """
@group 梨子坪村群 梨子坪村
贺嫂: 你好
贺嫂: 订阅 挖洋芋 宋洛乡
龚姐@梨子坪村群: 后天挖洋芋 要四个人 一天一百二 电话15927361045 龚姐
"""


@pytest.mark.parametrize(("text", "claimed"), [
    ("嗯那个挖洋芋的活我去啊我后天早上八点钟就到", True),
    ("呃那个挖洋芋的活我去我后天一早就来", True),
    ("嗯那个砍柴的活我去啊我后天早上八点钟就到", False),  # another work: not this job
])
def test_a_run_on_claim_led_by_the_jobs_work_takes_it(text: str, claimed: bool) -> None:
    conv = Conversation(start="2028-04-26 11:00", autobind=True)
    try:
        conv.say(PUSHED)
        conv.say(f"贺嫂^: {text}")
        assert _claims(conv) == [[("贺嫂", 1, "confirmed")] if claimed else []]
    finally:
        conv.close()


# ==== arriving at the work's meeting spot, replying to the card, is taking it

SPOT = """
@group 红举村群 红举村
向老板: 你好
向老板@红举村群: 明天要两个人上山砍柴 一天一百七 电话15172609934 向老板
"""


@pytest.mark.parametrize("text", ["要得 我去 明早八点到路口", "我来 明天七点半到村口等"])
def test_coming_to_the_meeting_spot_replying_takes_the_job(text: str) -> None:
    conv = Conversation(start="2027-12-06 11:00", autobind=True)
    try:
        conv.say(SPOT)
        out = conv.say(f"小谭@红举村群^: {text}")
        assert _claims(conv) == [[("小谭", 1, "confirmed")]]
        assert to(out, "向老板")
    finally:
        conv.close()


@pytest.mark.parametrize("text", [
    "明天八点到路口",  # said to the group: anyone's plan
    "我明早到村口 搭个车去镇上",
])
def test_coming_to_a_spot_said_to_the_group_takes_nothing(text: str) -> None:
    conv = Conversation(start="2027-12-06 11:00", autobind=True)
    try:
        conv.say(SPOT)
        conv.say(f"小谭@红举村群: {text}")
        assert _claims(conv) == [[]]
    finally:
        conv.close()


# ==== a correction naming one job of a gender-split post by whom it is for


def _split_jobs(conv: Conversation) -> list[tuple[str | None, float | None]]:
    with conv.session() as s:
        return [(j.gender, j.wage_min) for j in s.exec(select(Job).order_by(col(Job.id)))]


SPLIT = """
@group 麻湾村群 麻湾村
邹老板: 你好
邹老板@麻湾村群: 大后天栽魔芋 男工两个 一天一百九 女工三个 一天一百五 电话13997124406 邹老板
"""


@pytest.fixture
def split() -> Iterator[Conversation]:
    conv = Conversation(start="2027-10-20 09:00", autobind=True)
    conv.say(SPLIT)
    assert _split_jobs(conv) == [("male", 190), ("female", 150)]
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "wages"), [
    ("女工工价改成一百六", [190, 160]),  # replying to the female card's neighbour
    ("男的工价改成两百", [200, 150]),
    ("第一个工价改成一百九十五", [195, 150]),
])
def test_a_correction_naming_a_gender_changes_only_that_job(
        split: Conversation, text: str, wages: list[int]) -> None:
    out = split.say(f"邹老板@麻湾村群^: {text}")  # the reply is to the latest card (女工)
    assert _split_jobs(split) == [("male", wages[0]), ("female", wages[1])]
    assert any("已改好：工价" in m for m in to(out, "麻湾村群"))


def test_a_gender_word_from_someone_else_changes_nothing(split: Conversation) -> None:
    split.say("小汪@麻湾村群^: 男工工价改成两百五就好了")
    assert _split_jobs(split) == [("male", 190), ("female", 150)]


# ==== a private withdrawal pointing at 「那个活」

HELD = """
@group 龙沟村群 龙沟村
柯老板: 你好
老詹: 你好
柯老板@龙沟村群: 后天搬木料 要一个人 一天一百八 电话18972650017 柯老板
老詹@龙沟村群^: 我去
小符@龙沟村群^: 我也报一个
"""


@pytest.mark.parametrize("text", [
    "那个活我去不成了 脚崴了",
    "这个活我不去了",
    "那活路俺来不了了 屋里来客了",
])
def test_a_private_withdrawal_pointing_at_the_job_withdraws(text: str) -> None:
    conv = Conversation(start="2027-09-20 09:00", autobind=True)
    try:
        conv.say(HELD)
        out = conv.say(f"老詹: {text}")
        assert _claims(conv) == [[("小符", 1, "confirmed"), ("老詹", 1, "cancelled")]]
        assert any("小符" in m for m in to(out, "柯老板"))
    finally:
        conv.close()


@pytest.mark.parametrize("text", [
    "那个活我还去不去了",  # a question
    "那个活我去了 腰还好",  # going
])
def test_a_look_alike_pointing_at_the_job_withdraws_nothing(text: str) -> None:
    conv = Conversation(start="2027-09-20 09:00", autobind=True)
    try:
        conv.say(HELD)
        conv.say(f"老詹: {text}")
        assert _claims(conv) == [[("小符", 1, "waitlisted"), ("老詹", 1, "confirmed")]]
    finally:
        conv.close()


# ==== thanks with a title around a claim replying to a push

THANKED = """
@group 梨子坪村群 梨子坪村
贺嫂: 你好
贺嫂: 订阅 挖洋芋 宋洛乡
龚姐@梨子坪村群: 大后天挖洋芋 要三个人 一天一百三 电话15927361188 龚姐
"""


@pytest.mark.parametrize(("text", "claimed"), [
    ("要得 多谢你啊师傅 我去", True),
    ("谢谢你啊同志 我去", True),
    ("谢谢你啊同志", False),  # thanks alone takes nothing
])
def test_thanks_with_a_title_around_a_claim_keeps_it_one(text: str, claimed: bool) -> None:
    conv = Conversation(start="2028-04-26 11:00", autobind=True)
    try:
        conv.say(THANKED)
        conv.say(f"贺嫂^: {text}")
        assert _claims(conv) == [[("贺嫂", 1, "confirmed")] if claimed else []]
    finally:
        conv.close()
