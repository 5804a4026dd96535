"""Issue 10, an eighth round: the kinds left in KNOWN_FAILING and what the round's new
conversations found. Each with the look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.clock import TZ
from handlers.reading import claim_around, claim_phrase
from handlers.replying import claim_with_remarks
from storage.models import Group, Job, Subscription
from tests.conversation import Conversation, to


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation(start="2027-03-27 11:00", autobind=True)
    conv.say("小付: 订阅 种植 新华镇")
    conv.say("饶老汉: 明天要两个人栽洋芋 一百二一天 电话13098712265 我是龙口村的")
    conv.say("小付 [报名]")
    yield conv
    conv.close()


# --------------------------------------------------------------- a value said again, privately


@pytest.mark.parametrize(("text", "field", "value"), [
    ("是后添", "start_date", "2027-03-29"),  # 后天, mistyped
    ("喂喂 那个 我刚才说错了 不是明天 是后天 后天要人", "start_date", "2027-03-29"),
    ("不对 是三个人", "headcount", 3),
    ("说错了 是一百五一天", "wage_min", 150),
    ("搞错了 是龙潭村", "village", "龙潭村"),
])
def test_the_poster_saying_a_value_again_privately_corrects_the_job(
        chat: Conversation, text: str, field: str, value: object) -> None:
    out = chat.say(f"饶老汉: {text}")
    assert chat.jobs()[0][field] == value
    assert to(out, "小付")  # the claimer is told what changed


@pytest.mark.parametrize("text", [
    "是的",
    "是啊 后天要落雨",
    "是后天吗",  # asking
    "是不是后天要下雨",
    "是这样的 后天我去镇上",
    "是我 饶老汉 电话13098712265",  # who they are, no value of the job
    "是我儿子接电话 13912345678",  # who answers the phone: the poster's own words
    "以前是一百五",
    "原来是一百五 现在涨了",
    "是三个人吗",
])
def test_look_alikes_of_a_restatement_change_nothing(chat: Conversation, text: str) -> None:
    before = chat.jobs()[0]
    out = chat.say(f"饶老汉: {text}")
    assert chat.jobs()[0] == before
    assert not to(out, "小付")
    with chat.session() as session:
        assert [j.phone for j in session.exec(select(Job))] == ["13098712265"]


def test_a_restatement_by_someone_not_the_poster_changes_nothing(chat: Conversation) -> None:
    chat.say("小付: 是后天")
    assert chat.jobs()[0]["start_date"] == "2027-03-28"


def test_a_restatement_answering_a_drafts_question_is_the_answer() -> None:
    conv = Conversation(start="2027-03-05 10:00")
    try:
        conv.say("聂会计: 3月2号清泉村植树造林 要六个人 一天一百四 管午饭 电话15272906183")
        assert conv.jobs()[0]["state"] == "draft"  # a day just gone: asked, not published
        conv.say("聂会计: 打错了 是12号")
        job = conv.jobs()[0]
        assert (job["state"], job["start_date"]) == ("open", "2027-03-12")
    finally:
        conv.close()
# =============================================================================================
# Reading the room (issue 10, builder bd): a pending question takes only an answer of its
# type; commands said in people's own words; look-alikes of commands stay quiet.
# =============================================================================================


def _draft(start: str, post: str) -> Conversation:
    conv = Conversation(start=start, autobind=True)
    conv.say("小邓: 订阅 采摘 木鱼镇")
    conv.say("覃老汉: 你好")
    conv.say(f"覃老汉: {post}")
    assert [j["state"] for j in conv.jobs()] == ["draft"]
    return conv


@pytest.fixture
def wage_draft() -> Iterator[Conversation]:
    conv = _draft("2027-10-04 08:20", "后天要三个人帮我挖洋芋 在老君山村 电话13872094415 姓覃")
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "今年洋芋价钱好低 一块二一斤都冇得人要",
    "猪肉卖十五一斤",
    "镇上收购价一块二一斤",
    "我儿子在工地上班 一天三百",  # someone's own pay
])
def test_the_price_of_goods_is_no_answer_to_a_wage_question(wage_draft: Conversation,
                                                            text: str) -> None:
    out = wage_draft.say(f"覃老汉: {text}")
    [job] = wage_draft.jobs()
    assert (job["state"], job["wage_min"]) == ("draft", None)
    assert not to(out, "小邓")


@pytest.mark.parametrize(("text", "wage", "unit"), [
    ("一天一百三 管中饭", 130, "day"),
    ("工钱一天一百三 比卖洋芋强多了", 130, "day"),  # said with its word, goods talk aside
    ("按斤算 一斤三块", 3, "piece"),  # a piece rate per 斤 is a wage
])
def test_a_wage_answers_the_wage_question(wage_draft: Conversation, text: str, wage: float,
                                          unit: str) -> None:
    wage_draft.say("覃老汉: 今年洋芋价钱好低 一块二一斤都冇得人要")
    out = wage_draft.say(f"覃老汉: {text}")
    [job] = wage_draft.jobs()
    assert (job["state"], job["wage_min"], job["wage_unit"]) == ("open", wage, unit)
    assert to(out, "小邓")


@pytest.fixture
def date_draft() -> Iterator[Conversation]:
    conv = Conversation(start="2027-10-12 09:40", autobind=True)
    conv.say("蒋老师: 你好")
    conv.say("蒋老师: 10月9号要三个刷墙的 新华镇樟树坪社区 一天一百六 电话13774190863 蒋老师")
    assert [j["state"] for j in conv.jobs()] == ["draft"]
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "我孙子18号过生日 要从武汉回来",
    "我屋里姑娘19号结婚",
])
def test_a_day_of_family_news_is_no_answer_to_a_date_question(date_draft: Conversation,
                                                              text: str) -> None:
    date_draft.say(f"蒋老师: {text}")
    [job] = date_draft.jobs()
    assert job["state"] == "draft"


@pytest.mark.parametrize("text", ["打错了 是10月19号", "19号"])
def test_a_date_answers_the_date_question(date_draft: Conversation, text: str) -> None:
    date_draft.say("蒋老师: 我孙子18号过生日 要从武汉回来")
    date_draft.say(f"蒋老师: {text}")
    [job] = date_draft.jobs()
    assert (job["state"], job["start_date"]) == ("open", "2027-10-19")


@pytest.fixture
def place_draft() -> Iterator[Conversation]:
    conv = Conversation(start="2027-09-27 15:00", autobind=True)
    conv.say("宋经理: 你好")
    conv.say("宋经理: 国庆景区停车场要三个看场子的 一天两百 十月一号到七号 包吃 电话15327461980")
    assert [j["state"] for j in conv.jobs()] == ["draft"]
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "等哈我要克松柏镇接孙子",  # where the poster goes
    "我明天去松柏镇赶场",
    "我孙女在松柏读书",  # where the family is
])
def test_a_place_of_ones_own_errand_is_no_answer_to_a_place_question(
        place_draft: Conversation, text: str) -> None:
    place_draft.say(f"宋经理: {text}")
    [job] = place_draft.jobs()
    assert (job["state"], job["township"]) == ("draft", None)


@pytest.mark.parametrize("text", ["在木鱼镇神农坛村", "神农坛村"])
def test_a_place_answers_the_place_question(place_draft: Conversation, text: str) -> None:
    place_draft.say("宋经理: 等哈我要克松柏镇接孙子")
    place_draft.say(f"宋经理: {text}")
    [job] = place_draft.jobs()
    assert (job["state"], job["township"], job["village"]) == ("open", "木鱼镇", "神农坛村")


# --------------------------------------------------------------- 还招 said with a reason


@pytest.fixture
def asked_still_hiring() -> Iterator[Conversation]:
    conv = Conversation(start="2027-05-24 09:40", autobind=True)
    out = conv.say("""
        @group 官封村群 官封村
        周嫂: 你好
        周嫂@官封村群: 屋里要个带孩子的 白天带 一天一百二 电话15272480913 周嫂
        @wait 2d
        @wait 10h
    """)
    assert any("还招吗" in m for m in to(out, "周嫂"))
    yield conv
    conv.close()


def _expires(conv: Conversation) -> str:
    with conv.session() as session:
        job = session.exec(select(Job)).one()
        assert job.expires_at is not None
        return job.expires_at.astimezone(TZ).strftime("%m-%d")


@pytest.mark.parametrize("text", ["还招 还冇得人来", "还招", "还招 没人来"])
def test_still_hiring_with_a_reason_keeps_the_job_up(asked_still_hiring: Conversation,
                                                     text: str) -> None:
    assert _expires(asked_still_hiring) == "05-27"
    out = asked_still_hiring.say(f"周嫂: {text}")
    assert _expires(asked_still_hiring) == "05-30"
    assert any("继续招" in m for m in to(out, "周嫂"))


@pytest.mark.parametrize("text", ["还招 再要两个", "还招不", "还招 工价改成150"])
def test_still_hiring_said_with_more_is_not_a_bare_still_hiring(
        asked_still_hiring: Conversation, text: str) -> None:
    out = asked_still_hiring.say(f"周嫂: {text}")
    assert _expires(asked_still_hiring) == "05-27"
    assert not any("继续招" in m for m in to(out, "周嫂"))


# --------------------------------------------------------------- 找活 in the dialect


@pytest.fixture
def open_jobs() -> Iterator[Conversation]:
    conv = Conversation(start="2027-01-23 09:30", autobind=True)
    conv.say("""
        @group 金甲坪村群 金甲坪村
        老龚: 你好
        谭老板@金甲坪村群: 后天要三个搬运的 一天一百五 电话15623871049
    """)
    yield conv
    conv.close()


@pytest.mark.parametrize("text", ["还有么子活路冇得", "有活路没有", "有什么活儿吗"])
def test_asking_for_work_in_the_dialect_lists_jobs_without_subscribing(
        open_jobs: Conversation, text: str) -> None:
    out = open_jobs.say(f"老龚: {text}")
    assert any("搬运" in m for m in to(out, "老龚"))
    with open_jobs.session() as session:
        assert not session.exec(select(Subscription)).all()


@pytest.mark.parametrize("text", ["我儿子在外面找活路", "找条活路不容易"])
def test_talk_of_making_a_living_lists_nothing(open_jobs: Conversation, text: str) -> None:
    out = open_jobs.say(f"老龚: {text}")
    assert not any("在招的" in m for m in to(out, "老龚"))


# --------------------------------------------------------------- offering to post is no seek


@pytest.fixture
def village_group() -> Iterator[Conversation]:
    conv = Conversation(start="2027-06-08 10:00", autobind=True)
    conv.say("@group 松柏村群 松柏村")
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "大家好 我是村里新来的文书 以后有活我帮忙发",
    "以后招工信息我替你们发出去",
])
def test_offering_to_pass_posts_on_gets_no_subscribe_offer(village_group: Conversation,
                                                           text: str) -> None:
    assert village_group.say(f"张德平@松柏村群: {text}") == []


def test_a_seeker_who_can_hand_out_flyers_still_gets_the_offer(village_group: Conversation
                                                               ) -> None:
    out = village_group.say("小刘@松柏村群: 我想找点活 帮忙发传单也行")
    assert any("订阅" in m for m in to(out, "松柏村群"))


# --------------------------------------------------------------- a command word talked about


@pytest.fixture
def officer_group() -> Iterator[Conversation]:
    conv = Conversation(start="2027-12-02 14:00", autobind=True)
    conv.say("""
        @group 塔坪村群 塔坪村
        @group 红坪镇群 红坪镇
        @officer 秦干事 红坪镇
        秦干事: 你好
    """)
    yield conv
    conv.close()


def _digest_time(conv: Conversation) -> str:
    with conv.session() as session:
        return session.exec(select(Group).where(Group.title == "塔坪村群")).one().digest_time


@pytest.mark.parametrize("text", [
    "推送时间那个我搞不懂 下回你来教我",
    "推送时间这个事回头再说",
    "推送时间 我搞不懂 下回你来教我",
])
def test_talk_about_the_digest_time_is_no_command(officer_group: Conversation,
                                                  text: str) -> None:
    before = _digest_time(officer_group)
    assert officer_group.say(f"秦干事@塔坪村群: {text}") == []
    assert _digest_time(officer_group) == before


@pytest.mark.parametrize(("text", "hhmm"), [("推送时间 七点", "07:00"),
                                            ("推送时间 6:30", "06:30"),
                                            ("推送时间6点半", "06:30")])
def test_the_digest_time_command_still_works(officer_group: Conversation, text: str,
                                             hhmm: str) -> None:
    out = officer_group.say(f"秦干事@塔坪村群: {text}")
    assert any(hhmm in m for m in to(out, "塔坪村群"))
    assert _digest_time(officer_group) == hhmm


@pytest.mark.parametrize("text", ["广播那个事我回头再问问", "广播这个东西我不会弄"])
def test_talk_about_broadcasting_glued_to_the_word_is_no_broadcast(officer_group: Conversation,
                                                                  text: str) -> None:
    assert officer_group.say(f"秦干事@红坪镇群: {text}") == []


@pytest.mark.parametrize("text", ["广播 明天下午两点镇政府开零工对接会",
                                  "广播这个月底前镇上开零工对接会"])
def test_a_broadcast_still_reaches_the_villages(officer_group: Conversation, text: str) -> None:
    out = officer_group.say(f"秦干事@红坪镇群: {text}")
    assert any("对接会" in m for m in to(out, "塔坪村群"))
# =============================================================== claims said with more (bc)
# A claim signed with the claimer's own name, coming said as a reply to the card, voice
# fillers around a claim and its phone, kin words naming who comes along, what one can do
# (「家务做得来」), and an officer's 代报名 landing on the waitlist, told privately.


@pytest.mark.parametrize("text", ["算我一个 柏二", "柏二 算我一个", "我去 我是柏二", "报名，柏二"])
def test_a_claim_signed_with_ones_own_name_is_a_claim(text: str) -> None:
    assert claim_around(text, names=("柏二",)) == (1, None)


@pytest.mark.parametrize(("text", "me"), [
    ("算我一个 柏二", ()),  # whose name it is is not known: unsure
    ("算我一个 向老五", ("柏二",)),  # someone else's name: for them? not said
    ("柏二", ("柏二",)),  # a name alone claims nothing
    ("我是柏二", ("柏二",)),
    ("算我一个 柏二 一天才一百五？", ("柏二",)),
])
def test_look_alikes_of_a_signed_claim_stay_unsure(text: str, me: tuple[str, ...]) -> None:
    assert claim_around(text, names=me) is None


@pytest.mark.parametrize("text", [
    "要得 我后天一早就来",
    "好的 我明天早上七点就到你屋里",
    "要得要得我后天一早就来",  # voice, run together
    "我明天一早就到",
    "好 明天八点钟准时到",
])
def test_saying_when_one_comes_replying_to_the_job_is_a_claim(text: str) -> None:
    assert claim_around(text, replying=True) == (1, None)
    assert claim_around(text) is None  # said to the group, it is anyone's plan


@pytest.mark.parametrize("text", [
    "要得 我明天去县城",  # a place one goes to
    "要得 马上到",  # who or when not said: answers anyone
    "要得",
    "要得 我后天一早就来吗",
    "我后天一早就来看看",
    "要得 我后天一早就来 一天才一百二？",
])
def test_look_alikes_of_coming_stay_unsure_even_replying(text: str) -> None:
    assert claim_around(text, replying=True) is None


@pytest.mark.parametrize(("text", "said"), [
    ("嗯那个我去啊我去我明天早上七点钟就到你那里", (1, None)),
    ("嗯 那个 我去", (1, None)),
    ("我去那个电话是幺三四五幺七零六二八三", (1, "13451706283")),
    ("我去 嗯 电话就是13451706283", (1, "13451706283")),
])
def test_voice_fillers_around_a_claim_and_its_phone(text: str, said: tuple[int, str | None]
                                                    ) -> None:
    assert claim_around(text) == said


@pytest.mark.parametrize("text", [
    "我去今天这个雾好大啊开车都看不到路",
    "嗯那个我明天去县城",
    "那个电话是幺三四五幺七零六二八三",  # a number, no claim
    "嗯那个 报名的人多不多啊",
])
def test_look_alikes_of_a_voice_claim_stay_unsure(text: str) -> None:
    assert claim_around(text) is None


@pytest.mark.parametrize(("text", "count"), [
    ("我们俩去 我和我妯娌", 2),
    ("我和我妯娌去", 2),
    ("我跟我嫂子两个人去", 2),
    ("我去 我表姐也来", 2),
    ("算我一个 我和我亲家两个", 2),
])
def test_kin_words_name_who_comes_along(text: str, count: int) -> None:
    assert claim_around(text) == (count, None)


@pytest.mark.parametrize("text", [
    "我们俩去走亲戚",
    "我和我妯娌明天去松柏走亲戚",
    "我妯娌也去县城",
    "我和我妯娌",  # who, but no claim
])
def test_look_alikes_with_kin_words_stay_unsure(text: str) -> None:
    assert claim_around(text) is None


@pytest.mark.parametrize("text", [
    "报名 我带过三年孩子 家务做得来",
    "我去 重活干得动",
    "算我一个 砌墙我做得好",
])
def test_what_one_can_do_goes_with_a_claim(text: str) -> None:
    assert claim_around(text) == (1, None)


@pytest.mark.parametrize("text", [
    "我带过三年孩子",  # alone: no claim
    "家务做得来",
    "我去 家务做不来",
    "我去 回得来不",
    "我去 回得来",  # coming back, not an ability
])
def test_look_alikes_of_what_one_can_do_stay_unsure(text: str) -> None:
    assert claim_around(text) is None


def test_kin_words_are_claim_phrases_too() -> None:
    assert claim_phrase("我和我妯娌去") == (2, None)
    assert claim_phrase("我和我妯娌去县城") is None


ROOM = """
@group 猫儿观村群 猫儿观村
@officer 向书记 猫儿观村
胡老板: 你好
邓老四: 你好
柏二: 你好
向老五: 你好
向书记: 你好
胡老板@猫儿观村群: 屋顶漏雨 明天请两个小工帮忙翻瓦 一百五一天 电话13797250418
"""


@pytest.fixture
def room() -> Iterator[Conversation]:
    conv = Conversation(start="2027-11-03 08:40", autobind=True)
    conv.say(ROOM)
    yield conv
    conv.close()


def _claims(conv: Conversation) -> list[tuple[str, int, str]]:
    return sorted((c["person"], c["count"], c["status"]) for c in conv.jobs()[0]["claims"])


def test_a_claim_signed_with_ones_name_replying_to_the_card_claims(room: Conversation) -> None:
    out = room.say("柏二@猫儿观村群^: 算我一个 柏二")
    assert _claims(room) == [("柏二", 1, "confirmed")]
    assert to(out, "胡老板")


@pytest.mark.parametrize("text", ["柏二", "算我一个 邓老四"])
def test_a_name_alone_or_anothers_name_claims_nothing(room: Conversation, text: str) -> None:
    out = room.say(f"柏二@猫儿观村群^: {text}")
    assert _claims(room) == []
    assert not to(out, "胡老板")


def test_coming_said_replying_to_the_card_claims(room: Conversation) -> None:
    room.say("邓老四@猫儿观村群^: 要得 我明天一早就来")
    assert _claims(room) == [("邓老四", 1, "confirmed")]


@pytest.mark.parametrize("text", ["要得 我明天一早就来", "要得 我明天去县城"])
def test_coming_said_to_the_group_or_going_elsewhere_claims_nothing(room: Conversation,
                                                                    text: str) -> None:
    room.say(f"邓老四@猫儿观村群: {text}")
    room.say("向老五@猫儿观村群^: 要得 我明天去县城")
    assert _claims(room) == []


def test_a_numbered_claim_with_experience_in_traditional_full_width(room: Conversation
                                                                     ) -> None:
    room.say("柏二@猫儿观村群: 報名【１】 我帶過三年孩子 家務做得來")
    assert _claims(room) == [("柏二", 1, "confirmed")]
    room.say("向老五@猫儿观村群: 我帶過三年孩子 家務做得來")
    assert _claims(room) == [("柏二", 1, "confirmed")]


def test_an_officers_waitlisted_proxy_claim_is_told_privately_like_a_workers(
        room: Conversation) -> None:
    room.say("邓老四@猫儿观村群^: 我去\n柏二@猫儿观村群^: 我去")
    worker = room.say("向老五@猫儿观村群^: 我也去")
    assert any("候补" in m for m in to(worker, "向老五"))
    out = room.say("向书记@猫儿观村群^: 代 覃婆婆 报名")
    assert ("覃婆婆", 1, "waitlisted") in _claims(room)
    [note] = to(out, "向书记")
    assert "覃婆婆排在候补第2位" in note and "代 覃婆婆 取消报名" in note and "您" not in note
    [said] = to(out, "猫儿观村群")
    assert "覃婆婆排在候补第2位" in said and "您" not in said


NAMED_POSTER = """
@group 三堆河村群 三堆河村
春桂: 你好
石嫂: 你好
老万: 你好
春桂@三堆河村群: 后天要四个栽树苗的 一天一百四 在三堆河村 电话13508672234 春桂
"""


@pytest.mark.parametrize(("text", "claimed"), [
    ("春桂 我去 算我一个", True),  # the poster called by name: whom the claim answers
    ("我去 春桂", True),
    ("小吴 我去", False),  # someone else's name: for 小吴? to 小吴? not said
    ("春桂", False),  # a name alone
    ("春桂 我去县城", False),
])
def test_the_posters_name_beside_a_claim_replying_to_the_card(text: str,
                                                              claimed: bool) -> None:
    conv = Conversation(start="2027-02-25 15:10", autobind=True)
    try:
        conv.say(NAMED_POSTER)
        conv.say(f"石嫂@三堆河村群^: {text}")
        assert bool(conv.jobs()[0]["claims"]) is claimed
    finally:
        conv.close()


def test_a_numbered_claim_signed_with_ones_name(room: Conversation) -> None:
    room.say("柏二@猫儿观村群: 报名【1】 柏二")
    room.say("向老五@猫儿观村群: 报名【1】 柏二")  # another's name: for 柏二? not said
    assert _claims(room) == [("柏二", 1, "confirmed")]
# --------------------------------------------------------------- the poster's corrections (bk)
# A reply correction changes the card replied to; a spoken correction turns at its put-aside
# (…说错了, 不是…) and its reason after the new value does not win; an errand told under one's
# own card corrects nothing; a reply under another poster's card changes none of one's jobs.


@pytest.fixture
def card() -> Iterator[Conversation]:
    conv = Conversation(start="2027-06-12 07:40", autobind=True)
    conv.say("雷大爷: 你好\n小梅: 你好\n郝大姐: 你好")
    conv.say("雷大爷@盘龙村群: 明天要两个除草的 一天一百四 盘龙村 电话13545207819 姓雷")
    conv.say("小梅@盘龙村群^: 我去")
    yield conv
    conv.close()


def _duration(conv: Conversation, job_id: int = 1) -> int | None:
    with conv.session() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job.duration_days


@pytest.mark.parametrize(("text", "field", "value"), [
    ("那个日子说错了不是明天是后天明天我屋里要吃酒", "start_date", "2027-06-14"),
    ("我今天说错了是后天", "start_date", "2027-06-14"),  # 今天 is when it was said wrong
    ("改成后天明天要落雨", "start_date", "2027-06-14"),
    ("是后天明天我屋里要吃酒", "start_date", "2027-06-14"),
    ("工钱说错了不是一百四是一百六一天", "wage_min", 160),
    ("一百四说错了 是一百六", "wage_min", 160),
])
def test_a_spoken_correction_under_ones_card_takes_the_new_value(
        card: Conversation, text: str, field: str, value: object) -> None:
    out = card.say(f"雷大爷@盘龙村群^: {text}")
    assert card.jobs()[0][field] == value
    assert _duration(card) is None  # 「后天明天」 is no two-day span
    assert to(out, "小梅")


def test_a_spoken_correction_privately_takes_the_new_value(card: Conversation) -> None:
    out = card.say("雷大爷: 那个刚才工钱说错了不是一百四是一百六一天")
    assert card.jobs()[0]["wage_min"] == 160
    assert to(out, "小梅")


def test_a_span_in_a_correction_is_not_cut_at_its_second_day(card: Conversation) -> None:
    card.say("雷大爷@盘龙村群^: 改成后天到大后天")
    assert card.jobs()[0]["start_date"] == "2027-06-14"
    assert _duration(card) is not None  # the span is read whole (how long: the parser's)


@pytest.mark.parametrize("text", [
    "不是明天是后天吗",  # someone's doubt said again: a question
    "是不是后天",
    "我克镇上买点除草剂 下午回来再说",  # an errand: the work it names is no new work
    "我去镇上拉沙 下午回来再说",
    "我后天去县里 回来再说",  # nor the day it names
    "我明天去盘龙村那边看看",
])
def test_look_alikes_under_ones_card_change_nothing(card: Conversation, text: str) -> None:
    before = card.jobs()[0]
    out = card.say(f"雷大爷@盘龙村群^: {text}")
    assert card.jobs()[0] == before
    assert not to(out, "小梅")
    assert not to(out, "盘龙村群")


@pytest.mark.parametrize(("text", "field", "value"), [
    ("我去镇上 工钱加到一百六", "wage_min", 160),  # an errand said with a correction word
    ("日子说错了 是后天 我下午去镇上买化肥", "start_date", "2027-06-14"),
])
def test_an_errand_said_with_a_correction_corrects(
        card: Conversation, text: str, field: str, value: object) -> None:
    out = card.say(f"雷大爷@盘龙村群^: {text}")
    assert card.jobs()[0][field] == value
    assert to(out, "小梅")


def test_a_correction_under_another_posters_card_changes_none_of_ones_jobs(
        card: Conversation) -> None:
    card.say("郝大姐@盘龙村群: 后天喂猪喂鸡 要个人帮两天忙 一天一百二 电话15072983316 郝大姐")
    before = card.jobs()
    assert len(before) == 2
    out = card.say("雷大爷@盘龙村群^: 工价二百二")  # the latest card is 郝大姐's
    assert card.jobs() == before
    assert not to(out, "小梅")
    assert not to(out, "郝大姐")


def test_a_reply_goes_to_the_card_replied_to_not_the_one_edited_last() -> None:
    """Two cards from one post; a claim on the first edits it afterwards. The latest card in
    the group is still the second, and a reply to it corrects its job only."""
    conv = Conversation(start="2027-10-02 14:30", autobind=True)
    try:
        conv.say("陈姐: 你好\n苗嫂: 你好")
        conv.say("陈姐@木鱼坪社区群: 民宿缺两个搞卫生的 一个洗碗的 都是一百四一天 明天开始 "
                 "电话18972451063 陈姐")
        conv.say("苗嫂@木鱼坪社区群: 报名【1】")
        assert [c["person"] for c in conv.jobs()[0]["claims"]] == ["苗嫂"]
        out = conv.say("陈姐@木鱼坪社区群^: 工价一百六")
        jobs = conv.jobs()
        assert (jobs[0]["wage_min"], jobs[1]["wage_min"]) == (140, 160)
        assert not to(out, "苗嫂")
    finally:
        conv.close()


def test_a_restatement_answering_a_drafts_question_is_its_answer() -> None:
    """A draft asked for its date: 「打错了 是12号」 is both an answer and a restatement of the
    same job; the two readings are one change, not rivals, and the draft opens."""
    conv = Conversation(start="2027-03-05 10:00", autobind=True)
    try:
        conv.say("聂会计: 3月2号清泉村植树造林 要六个人 一天一百四 管午饭 电话15272906183")
        assert conv.jobs()[0]["state"] == "draft"
        conv.say("聂会计: 打错了 是12号")
        job = conv.jobs()[0]
        assert (job["status"], job["start_date"]) == ("open", "2027-03-12")
    finally:
        conv.close()


# ------------------------------------------------- a claim replying to the job, with remarks
# A reply to the job's card or push (or 报名【N】) says what it is about: after a claim the
# claimer's own remarks keep it a claim unless one spoils it (handlers/replying.py). Said to
# the group with the card merely in sight, only the old whitelist of circumstances passes.

DIG = "龚老板@桃园村群: 后天挖红薯 要三个人 一天一百五 电话13971234567 龚老板"


@pytest.fixture
def field() -> Iterator[Conversation]:
    conv = Conversation(start="2027-10-12 07:30", autobind=True)
    conv.say("@group 桃园村群 桃园村")
    conv.say("龚老板: 你好")
    conv.say(DIG)
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "count"), [
    ("我去 我屋里有背篓", 1),
    ("算我一个 我住在桃园村五组 近得很", 1),
    ("我去 我手脚快", 1),
    ("要得 这次我还是来", 1),
    ("喂 听得到不 算我一个 我七点到地里", 1),
    ("我去 没问题 我年轻 力气足", 1),
    ("我去 不怕累", 1),  # a "not" that denies a worry
    ("我去 我有三轮车 几点到", 1),  # asking when to come goes with going
    ("龚老板我去哈我跟我屋里老头子两个人一路的", 2),  # voice, the party said in the remarks
    ("还要人不 我也能去 我挖过红薯", 1),
    ("呃那个我去哈我后天一早就到你地里", 1),  # voice: thinking, the claim, when
])
def test_remarks_after_a_claim_keep_it_a_claim(text: str, count: int) -> None:
    assert claim_with_remarks(text, "种植工") == (count, None)


@pytest.mark.parametrize("text", [
    "我去 明天不得空",  # a "not" about going
    "算我一个 后天去不了",
    "我去 算了",  # backing out
    "我去 屋里有事",
    "算我一个 开玩笑的",
    "我去 再看一下",  # a hedge
    "算我一个 要是天晴的话",  # a condition
    "报名 可能晚点到",
    "我去 一天两百",  # the pay
    "我去 要管饭哦",  # the terms
    "+1 同问",  # someone's question, again
    "+1 要带锄头不",
    "我去 下午赶场",  # an errand elsewhere
    "我去 我明天要去宜昌",  # a place that is not the job's
    "我去 他也去",  # someone else's going
    "算我一个 她力气大",
    "我去 好大的雨",  # 我去 as an exclamation
    "我去 我以为是今天",
    "我去 是后天吗",  # a question that is not when, where or what to bring
    "我来了 路上堵车",  # arriving, not signing up
    "明天几点到 我去",  # it does not open with a claim
])
def test_a_spoiling_remark_leaves_the_claim_unsure(text: str) -> None:
    assert claim_with_remarks(text, "种植工") is None


def test_a_reply_claim_with_remarks_signs_up_and_tells_the_poster(field: Conversation) -> None:
    out = field.say("小向@桃园村群^: 我去 我屋里有背篓 手脚也快")
    assert _claims(field) == [("小向", 1, "confirmed")]
    assert any("小向" in m for m in to(out, "龚老板"))


def test_a_reply_claim_sizes_the_party_said_in_its_remarks(field: Conversation) -> None:
    field.say("周大妈@桃园村群^: 龚老板我克哈我跟我屋里老头子两个人一路的我们七点钟到")
    assert _claims(field) == [("周大妈", 2, "confirmed")]


def test_a_number_claim_with_remarks_signs_up(field: Conversation) -> None:
    job = field.jobs()[0]["id"]
    field.say(f"小向@桃园村群: 报名【{job}】 我屋里有背篓")
    assert _claims(field) == [("小向", 1, "confirmed")]


def test_the_same_words_said_to_the_group_without_replying_stay_quiet(
        field: Conversation) -> None:
    assert field.say("小向@桃园村群: 我去 我屋里有背篓 手脚也快") == []
    assert _claims(field) == []


@pytest.mark.parametrize("text", ["我去 明天不得空", "我去 下午赶场", "我去 他也去",
                                  "我去 一天两百", "我去 好大的雨"])
def test_a_reply_claim_with_a_spoiler_signs_nobody_up(field: Conversation, text: str) -> None:
    assert field.say(f"小向@桃园村群^: {text}") == []
    assert _claims(field) == []


def test_a_private_reply_to_a_push_with_remarks_signs_up() -> None:
    conv = Conversation(start="2027-10-12 07:30", autobind=True)
    try:
        conv.say("@group 桃园村群 桃园村")
        conv.say("小向: 订阅 采摘 阳日镇")
        conv.say(DIG)
        conv.say("小向^: 算我一个 我屋里有背篓 几点到")
        assert _claims(conv) == [("小向", 1, "confirmed")]
    finally:
        conv.close()


# ------------------------------------------------------------ the wage question, said twice


def test_a_wage_answer_said_twice_by_voice_is_the_answer() -> None:
    from handlers.aftercare import _verdict

    assert _verdict("结清了结清了 邓老板下午就把钱给我了") == "paid"
    assert _verdict("还没结还没结") == "unpaid"
    assert _verdict("结清了结清了 还差一百") is None  # taken back
    assert _verdict("结清了吗结清了吗") is None  # asking


# =============================================================================================
# Reading the room (issue 10, builder bd2): who signed up asked with a word around it; a post
# typed word by word whose piece made a draft; a draft never published is never shown; talk
# under one's own card that changes nothing; the card in sight is the one sent last.
# =============================================================================================


BD2_ROOM = """
@group 龙口村群 龙口村
小付: 你好
饶老汉@龙口村群: 明天要两个搬运工 一百五一天 电话13098712265 饶老汉
小付@龙口村群^: 我去
"""


@pytest.fixture
def bd2_room() -> Iterator[Conversation]:
    conv = Conversation(start="2027-03-27 11:00", autobind=True)
    conv.say(BD2_ROOM)
    assert [c["person"] for c in conv.jobs()[0]["claims"]] == ["小付"]
    yield conv
    conv.close()


# --------------------------------------------------------------- who signed up, in a few words


@pytest.mark.parametrize("text", ["现在谁报名了", "那到底谁报名了呢", "目前有谁报名了？",
                                  "那 现在都有谁报名了啊"])
def test_the_poster_asking_who_signed_up_with_words_around_it(bd2_room: Conversation,
                                                             text: str) -> None:
    out = bd2_room.say(f"饶老汉@龙口村群: {text}")
    [said] = to(out, "龙口村群")
    assert "小付" in said
    assert "13098712265" not in said


@pytest.mark.parametrize(("who", "text"), [
    ("老周", "现在谁报名了"),  # not a poster: talk about someone's job
    ("小付", "那到底谁报名了呢"),
    ("饶老汉", "老王那个活现在谁报名了"),  # someone else's job
    ("饶老汉", "现在谁报名了都不晓得 我去问问"),
])
def test_who_signed_up_look_alikes_stay_quiet(bd2_room: Conversation, who: str,
                                              text: str) -> None:
    assert not bd2_room.say(f"{who}@龙口村群: {text}")


# --------------------------------------------------------------- a post typed word by word


WORD_BY_WORD = """
@group 八角庙村群 八角庙村
吴大爷@八角庙村群: 明天
阿娇@八角庙村群: 吴大爷 你屋里药材收完了没
吴大爷@八角庙村群: 要个开车的
吴大爷@八角庙村群: 帮我拉一车药材
吴大爷@八角庙村群: 三百块一天
"""


def test_a_piece_that_made_a_draft_is_completed_by_the_whole_post() -> None:
    # 「要个开车的」 alone is a job without its wage: a draft, asked about in the group. The
    # phone at the end reads the pieces whole: that draft, completed — not a second job, and
    # not a correction of the draft's phone.
    conv = Conversation(start="2027-05-18 14:00", autobind=True)
    try:
        conv.say(WORD_BY_WORD)
        assert [j["state"] for j in conv.jobs()] == ["draft"]
        out = conv.say("吴大爷@八角庙村群: 电话13886120475")
        [job] = conv.jobs()
        assert (job["state"], job["work_type"], job["headcount"], job["wage_min"],
                job["start_date"]) == ("open", "司机", 1, 300, "2027-05-19")
        assert any("138****0475" in m for m in to(out, "八角庙村群"))
    finally:
        conv.close()


def test_a_post_in_pieces_is_no_correction_of_the_posters_card(bd2_room: Conversation) -> None:
    # The poster's card is in sight; a new post typed in pieces ends with 「电话…」, a
    # correction's head word: it is the new post, the old card keeps its phone.
    bd2_room.say("""
        @wait 1h
        饶老汉@龙口村群: 后天
        饶老汉@龙口村群: 还要三个栽洋芋的
        饶老汉@龙口村群: 一百二一天
    """)
    bd2_room.say("饶老汉@龙口村群: 电话13098712277")
    _, second = bd2_room.jobs()
    assert (second["work_type"], second["headcount"], second["state"]) == ("种植工", 3, "open")
    assert _phones(bd2_room) == ["13098712265", "13098712277"]


def test_a_phone_alone_under_ones_card_still_corrects_it(bd2_room: Conversation) -> None:
    bd2_room.say("@wait 1h")
    bd2_room.say("饶老汉@龙口村群: 电话13098712277")
    assert _phones(bd2_room) == ["13098712277"]


def _phones(conv: Conversation) -> list[str | None]:
    with conv.session() as s:
        return [j.phone for j in s.exec(select(Job).order_by(Job.id))]  # type: ignore[arg-type]


# --------------------------------------------------------------- a draft never published


def test_a_draft_dropped_privately_is_shown_nowhere() -> None:
    conv = Conversation(start="2027-03-10 08:40", autobind=True)
    try:
        out = conv.say("""
            @group 盘龙村群 盘龙村
            郑嫂: 你好
            郑嫂@盘龙村群: 礼拜六要三个人帮我种苞谷 电话13617284590 郑嫂
        """)
        assert all("【招工】" not in m for m in to(out, "盘龙村群"))  # only 「收到招工…」
        out = conv.say("郑嫂: 算了 不招了 我娘家兄弟过来帮忙")
        assert [j["state"] for j in conv.jobs()] == ["cancelled"]
        assert to(out, "郑嫂")
        assert not to(out, "盘龙村群")
        assert all("【招工】" not in m for m in to(out, "郑嫂"))
    finally:
        conv.close()


def test_a_published_job_taken_down_shows_its_card_cancelled(bd2_room: Conversation) -> None:
    out = bd2_room.say("饶老汉@龙口村群^: 不招了")
    [card] = to(out, "龙口村群")[-1:]
    assert "已取消" in card and "【招工】" in card


# --------------------------------------------------------------- talk under one's own card


@pytest.mark.parametrize("text", ["明天客人真多 忙都忙不赢", "明天怕是要落雨哦"])
def test_talk_under_ones_card_with_a_value_it_has_stays_quiet(bd2_room: Conversation,
                                                             text: str) -> None:
    before = bd2_room.jobs()
    out = bd2_room.say(f"饶老汉@龙口村群^: {text}")
    assert not out
    assert bd2_room.jobs() == before


@pytest.mark.parametrize("text", ["改成明天", "日期明天", "是明天", "不是后天 是明天"])
def test_a_correction_that_changes_nothing_says_so(bd2_room: Conversation, text: str) -> None:
    out = bd2_room.say(f"饶老汉@龙口村群^: {text}")
    assert any("信息没有变化" in m for m in to(out, "龙口村群"))


# --------------------------------------------------------------- the card in sight


def test_the_card_in_sight_is_the_one_sent_last_not_the_one_edited_last() -> None:
    # Card A (one place), then card B; A is filled by a button privately, so its card is
    # edited after B was sent. The edit leaves A where it was: 「我去」 to the group is
    # about B, the card at the bottom.
    conv = Conversation(start="2027-03-27 11:00", autobind=True)
    try:
        conv.say("""
            小付: 订阅 搬运 新华镇
            饶老汉@龙口村群: 明天要1个搬运工 一百五一天 电话13098712265
            田大姐@龙口村群: 后天要两个人栽洋芋 一百二一天 电话13098712288
            小付 [报名]
        """)
        conv.say("老周@龙口村群: 我去")
        a, b = conv.jobs()
        assert [c["person"] for c in a["claims"]] == ["小付"]
        assert [(c["person"], c["status"]) for c in b["claims"]] == [("老周", "confirmed")]
    finally:
        conv.close()


def test_an_edit_sent_anew_is_the_latest_message() -> None:
    from storage import jobs as store
    from storage.models import OutboxMessage

    conv = Conversation(start="2027-03-27 11:00")
    chat = "console:g:test"

    def row(job: int, platform_id: str, *, edit: bool = False,
            status: str = "sent") -> OutboxMessage:
        return OutboxMessage(platform="console", chat_id=chat, text="card", kind="card",
                             card_key=f"card:{job}", job_id=job, edit=edit, status=status,
                             platform_message_id=platform_id if status == "sent" else None)

    try:
        with conv.session() as s:
            s.add_all([row(1, "b1"), row(2, "b2"), row(1, "b1", edit=True)])
            s.commit()
            assert store.latest_job_id(s, chat, ("card",)) == 2  # edited in place: B is below
            s.add(row(1, "", edit=True, status="pending"))  # an edit waiting: in place
            s.commit()
            assert store.latest_job_id(s, chat, ("card",)) == 2
            s.add(row(1, "b3", edit=True))  # where the platform could not edit: sent anew
            s.commit()
            assert store.latest_job_id(s, chat, ("card",)) == 1
    finally:
        conv.close()


# --------------------------------------------------------------- a wage answer said twice


@pytest.mark.parametrize(("text", "answered"), [
    ("结清了结清了 邓老板下午就把钱给我了", True),
    ("结清了结清了", True),
    ("结清了结清了 还差一百没给", False),  # the remark takes it back
    ("结清了没有结清了没有", False),
])
def test_a_wage_answer_said_twice_is_said_once(text: str, answered: bool) -> None:
    from handlers.aftercare import _verdict

    assert (_verdict(text) == "paid") is answered
