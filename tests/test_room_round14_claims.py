"""Round 14 (issue 10, the claim kinds): what may stand around a claim replying to the job
without making it unsure — the claimer's own circumstances (a student's year), a young
person's 「好滴」, a question about the job's time or place, a count put right after a slip
(and who is out, as its reason), an errand given up for the job, the job pointed at by its
shift — and what is 我去 in surprise (「我去 好快就满了」), not a claim. Each kind with the
look-alikes that must stay unsure or quiet. Every sentence is new (none is a line of a
conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from storage.models import Job
from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

ORCHARD = """
@group 西坡村群 西坡村
向老板: 你好
小柳: 你好
向老板@西坡村群: 后天西坡村摘李子 要六个人 一天一百四 管中饭 电话15927140368 向老板
"""


@pytest.fixture
def orchard() -> Iterator[Conversation]:
    conv = Conversation(start="2027-07-06 09:30", autobind=True)
    conv.say(ORCHARD)
    assert [j["state"] for j in conv.jobs()] == ["open"]
    yield conv
    conv.close()


def _acted(conv: Conversation, out: list[str], party: int) -> None:
    assert _claims(conv) == [[("小柳", party, "confirmed")]]
    assert any("小柳" in m for m in to(out, "向老板"))


def _unsure(conv: Conversation, out: list[str]) -> None:
    assert _claims(conv) == [[]]
    assert not to(out, "向老板")
    assert not to(out, "西坡村群")


# ==== the claimer's own circumstances after the claim: a student's year, the holidays

@pytest.mark.parametrize("text", [
    "报名 我高三刚毕业 整个暑假都闲着",
    "我来 我大一 放假了",
    "我来 我高二 放暑假了",  # a year said as 高二 is no one's name
    "算我一个 我读大三 七月都在屋里",
])
def test_a_claim_with_the_claimers_schooling_is_taken(orchard: Conversation, text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _acted(orchard, out, 1)


@pytest.mark.parametrize("text", [
    "大学生要不要 我儿子读大一",  # a question for someone else, no claim
    "我去年去过 他屋里管饭好",  # 我去年: last year, no going
    "我去 王二",  # a name not the sender's: for whom?
])
def test_schooling_or_a_name_without_ones_own_claim_is_no_claim(orchard: Conversation,
                                                                text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _unsure(orchard, out)


# ==== a young person's 好滴 before the claim, a question of when or where after it

@pytest.mark.parametrize("text", [
    "好哒 报名 几点集合呀",
    "好呀 我来 在哪里集合哇",
    "嗯嗯 算我一个 地址在哪呀",
    "好滴 我去 后天几号呀",
])
def test_young_agreement_and_a_question_of_time_or_place_keep_the_claim(
        orchard: Conversation, text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _acted(orchard, out, 1)


@pytest.mark.parametrize("text", [
    "好滴 我去 一天多少钱呀",  # the pay asked
    "好哒 我来 管晚饭不",  # the terms asked
    "好呀 几点开始呀",  # a question, no claim
    "好滴 我去 要做几天呀",  # a question about more than the time to come or the place
])
def test_young_agreement_with_other_questions_is_unsure(orchard: Conversation,
                                                        text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _unsure(orchard, out)


# ==== 我去 in surprise: too much of something, or the job already full

@pytest.mark.parametrize("text", [
    "我去 好多人",
    "我去 真贵",
    "我去 一下子就报满了",
    "我去 这就没名额了",
])
def test_wo_qu_in_surprise_is_no_claim(orchard: Conversation, text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _unsure(orchard, out)


def test_surprise_at_a_full_card_joins_no_waitlist() -> None:
    conv = Conversation(start="2027-07-06 09:30", autobind=True)
    try:
        conv.say("""
            @group 西坡村群 西坡村
            向老板: 你好
            老简: 你好
            小柳: 你好
            向老板@西坡村群: 明天西坡村搬砖 要一个人 一天两百 电话15927140368 向老板
            老简@西坡村群^: 我去
            """)
        assert _claims(conv) == [[("老简", 1, "confirmed")]]
        out = conv.say("小柳@西坡村群^: 我去 好快就招满了")
        assert _claims(conv) == [[("老简", 1, "confirmed")]]
        assert not any("候补" in m for m in to(out, "西坡村群"))
        assert not to(out, "向老板")
        # asking for a place behind is a claim on the full card: waitlisted
        conv.say("小柳@西坡村群^: 我去 排个候补")
        assert _claims(conv) == [[("小柳", 1, "waitlisted"), ("老简", 1, "confirmed")]]
    finally:
        conv.close()


@pytest.mark.parametrize("text", [
    "我去 我手脚快",  # about oneself, not surprise
    "我去 好的",  # agreeing
])
def test_wo_qu_with_a_remark_about_oneself_is_still_a_claim(orchard: Conversation,
                                                             text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _acted(orchard, out, 1)


# ==== a count put right after a slip: the count meant, and who is out as its reason

@pytest.mark.parametrize(("text", "party"), [
    ("我们报四个 不对 三个", 3),
    ("报名两个 说错了 是一个", 1),
    ("我们去两个 哦不 三个人", 3),
    ("我们去三个 不对不对 两个 我表哥他后天没空", 2),
    ("我们去四个 搞错了 三个 我跟我老婆还有我女儿", 3),
])
def test_a_count_put_right_is_the_count_meant(orchard: Conversation, text: str,
                                             party: int) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _acted(orchard, out, party)


@pytest.mark.parametrize("text", [
    "我们去三个 算了不去了",  # backs out
    "我们去两个 不对 不去了",  # the slip takes it back
    "我们去三个 不对",  # put right to nothing said
    "我去 我表哥他后天没空",  # news of someone else, no count put right
    "我们三个来 老吴他后天没空",  # who is out, the count not put right: of the three?
    "我们来两个 不对 我表哥也想来",  # the slip followed by someone else's wish
])
def test_a_slip_backing_out_or_news_of_others_is_unsure(orchard: Conversation,
                                                        text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _unsure(orchard, out)


# ==== an errand elsewhere given up for the job

@pytest.mark.parametrize(("text", "party"), [
    ("我们两个来 镇上的集不赶了", 2),
    ("算我一个 喜酒不喝了", 1),
    ("我去 不走亲戚了", 1),
])
def test_an_errand_given_up_keeps_the_claim(orchard: Conversation, text: str,
                                            party: int) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _acted(orchard, out, party)


@pytest.mark.parametrize("text", [
    "我去 酒不吃了 屋里有事",  # something else keeps them
    "我去 席不坐了要赶场",  # one errand given up for another
    "我带两个人来 活不干了",  # the job given up, not an errand
    "我去 镇上不去了",  # a 不去了 is too close to backing out
    "我去 吃酒",  # the errand kept
])
def test_giving_up_the_job_or_keeping_the_errand_is_unsure(orchard: Conversation,
                                                          text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _unsure(orchard, out)


# ==== the job pointed at by its shift: the hour its work starts

TEA = """
@group 八角庙村群 八角庙村
谭老板: 你好
小柳: 你好
谭老板@八角庙村群: 后天茶厂要四个人采茶 早上五点半到十一点 一个钟头十七 电话13872604159 谭老板
"""


@pytest.fixture
def tea() -> Iterator[Conversation]:
    conv = Conversation(start="2027-05-10 09:30", autobind=True)
    conv.say(TEA)
    with conv.session() as session:
        assert [j.start_time for j in session.exec(select(Job))] == ["05:30"]
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "那个早班的活算我一个",
    "喂 谭老板 那个早上的我克哈 后天五点半就到茶园",
])
def test_a_claim_pointing_at_the_jobs_shift_is_taken(tea: Conversation, text: str) -> None:
    out = tea.say(f"小柳@八角庙村群^: {text}")
    assert _claims(tea) == [[("小柳", 1, "confirmed")]]
    assert any("小柳" in m for m in to(out, "谭老板"))


@pytest.mark.parametrize("text", [
    "那个夜班的活我去",  # a shift this job is not
    "那个下午的我去",
    "那个晚上的活算我一个",
])
def test_a_claim_pointing_at_another_shift_is_unsure(tea: Conversation, text: str) -> None:
    out = tea.say(f"小柳@八角庙村群^: {text}")
    assert _claims(tea) == [[]]
    assert not to(out, "谭老板")


def test_a_shift_pointing_at_a_job_of_no_known_hour_is_unsure(orchard: Conversation) -> None:
    out = orchard.say("小柳@西坡村群^: 那个早班的活我去")
    _unsure(orchard, out)


# ==== review of round 14: a slip that denies a count — the count after it is the one meant

@pytest.mark.parametrize(("text", "party"), [
    ("我们四个来 不是四个 三个人", 3),  # the denied count, then the next clause
    ("我们两个来 不是两个 是三个", 3),  # up, said with 是
    ("我们四个来 不是四个是两个", 2),  # 不是N是M in one clause
    ("报名五个人 不对 四个", 4),
])
def test_the_count_after_a_denial_replaces_it(orchard: Conversation, text: str,
                                              party: int) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _acted(orchard, out, party)


@pytest.mark.parametrize("text", [
    "我们四个来 不是四个",  # denied, and nothing said in its place
    "我们两个来 不是两个 我再问问",  # denied, then a remark
    "我来 不对啊 就三个人",  # no count said before: a remark, not a count put right
    "算我一个 不是吧 才两个人",
])
def test_a_denial_with_no_count_in_its_place_is_unsure(orchard: Conversation,
                                                      text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _unsure(orchard, out)


# ==== review of round 14: only the claimer's own errand given up keeps the claim

@pytest.mark.parametrize("text", [
    "算我一个 他家的酒不喝了",  # someone else's
    "我来 别人屋里的席也不吃了",
    "我去 她的集不赶了",
])
def test_someone_elses_errand_given_up_is_unsure(orchard: Conversation, text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _unsure(orchard, out)


def test_ones_own_errand_given_up_still_keeps_the_claim(orchard: Conversation) -> None:
    out = orchard.say("小柳@西坡村群^: 算我一个 表哥屋里的酒不喝了")
    _acted(orchard, out, 1)


# ==== review of round 14: 「好几天」 tells how long, it asks nothing

@pytest.mark.parametrize("text", [
    "我来 屋里歇了好几天了",
    "算我一个 在屋里耍了好几天",  # ends on 几天, told
    "我去 屋里坐了十几天",
    "算我一个 这几天都在屋里",
    "我去 前几天摘过桃子",
])
def test_several_days_told_keeps_the_claim(orchard: Conversation, text: str) -> None:
    out = orchard.say(f"小柳@西坡村群^: {text}")
    _acted(orchard, out, 1)


def test_how_many_days_asked_is_still_unsure(orchard: Conversation) -> None:
    out = orchard.say("小柳@西坡村群^: 我来 要摘几天哇")
    _unsure(orchard, out)


# ==== review of round 14: agreeing right after someone asked the speaker answers that one

@pytest.mark.parametrize(("before", "text"), [
    ("老唐@西坡村群: 晚上喝酒 小柳来不来", "好滴 我来"),
    ("老唐@西坡村群: 明早赶集去不去", "要得 我去"),
    ("老唐@西坡村群: 小柳 帮我搬个柜子", "行 我来"),
    ("老唐@西坡村群: 周末钓鱼有人去吗", "好 我去"),
])
def test_agreeing_after_someone_elses_question_is_no_claim(orchard: Conversation,
                                                          before: str, text: str) -> None:
    orchard.say(before)
    out = orchard.say(f"小柳@西坡村群: {text}")
    _unsure(orchard, out)


@pytest.mark.parametrize("before", [
    "老唐@西坡村群: 今天好热",  # no question, no one named
    "向老板@西坡村群: 小柳来不来",  # the poster asking is asking for the job
])
def test_agreeing_after_a_remark_or_the_posters_question_claims(orchard: Conversation,
                                                                before: str) -> None:
    orchard.say(before)
    out = orchard.say("小柳@西坡村群: 好滴 我来")
    _acted(orchard, out, 1)


def test_agreeing_as_a_reply_to_the_card_claims_whatever_was_asked(
        orchard: Conversation) -> None:
    orchard.say("老唐@西坡村群: 晚上喝酒 小柳来不来")
    out = orchard.say("小柳@西坡村群^: 好滴 我来")
    _acted(orchard, out, 1)
