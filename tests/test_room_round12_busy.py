"""A twelfth round: a crowded morning in a township group — claims naming which job without
replying to its card, talk that says a job again, a poster changing or taking down a job
mid-claims — with the look-alikes that must not act."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from handlers.reading import (
    Known,
    claim_around,
    claim_phrase,
    group_named,
    item_named,
    squash,
    stated_fields,
    withdraw_tail,
    withdrawal_said,
)
from nlp.gazetteer import load_gazetteer
from tests.conversation import Conversation, to

TWO = """
@group 阳日镇群 阳日镇
邓老板: 你好
覃姐: 你好
小杜: 你好
邓老板@阳日镇群: 明天武山村我屋里搬砖 卸两车砖 要四个人 一天一百六 管中饭 电话18671930452 邓老板
覃姐@阳日镇群: 后天长青村打药除草 要两个人 一天一百三 电话15826970318 覃姐
"""


@pytest.fixture
def group() -> Iterator[Conversation]:
    conv = Conversation(start="2027-05-11 08:05", autobind=True)
    conv.say(TWO)
    yield conv
    conv.close()


def _claims(conv: Conversation) -> list[list[tuple[str, int, str]]]:
    return [
        sorted((c["person"], c["count"], c["status"]) for c in job["claims"]) for job in conv.jobs()
    ]


# ==== a post saying again what an open job of the group says is talk about that job


@pytest.mark.parametrize(
    "line",
    [
        # a bystander telling what 邓老板's job pays and gives, from what they know
        "小杜@阳日镇群: 邓老板屋里搬砖管中饭的 前年我兄弟去搬过 一天一百六",
        # an opinion on the pay of the job up, its wage said again
        "小杜@阳日镇群: 搬砖一百六还算公道 镇上都是这个价",
        # the poster calling for people to her own job again, nothing new in it
        "覃姐@阳日镇群: 哪个来帮我打药哦 草长疯了",
    ],
)
def test_talk_saying_a_job_of_the_group_again_posts_nothing(group: Conversation, line: str) -> None:
    out = group.say(line)
    assert len(group.jobs()) == 2
    assert not to(out, "阳日镇群")


@pytest.mark.parametrize(
    "line",
    [
        # the same work at another wage: someone else's hire, not the job up
        "小杜@阳日镇群: 搬砖的 一天两百 管饭",
        # the same work with a headcount of its own
        "小杜@阳日镇群: 要两个搬砖的 一天一百六",
    ],
)
def test_a_post_saying_what_no_job_of_the_group_says_is_a_post(
    group: Conversation, line: str
) -> None:
    out = group.say(line)
    assert len(group.jobs()) == 3
    assert to(out, "阳日镇群")


# ==== a sign-up said first, the job named after it (in a busy group, and with one job left)


def test_a_sign_up_said_before_the_job_named_takes_that_job(group: Conversation) -> None:
    out = group.say("小杜@阳日镇群: 那我也报覃姐那个打药的")
    assert _claims(group) == [[], [("小杜", 1, "confirmed")]]
    assert any("小杜" in m for m in to(out, "覃姐"))


def test_a_sign_up_naming_the_one_job_left_in_the_group_takes_it(group: Conversation) -> None:
    group.say("邓老板: 不招了 砖不来了")
    group.say("小杜@阳日镇群: 那我报名覃姐那个")
    assert _claims(group) == [[], [("小杜", 1, "confirmed")]]


@pytest.mark.parametrize(
    "text",
    [
        "那我报覃姐那个 看后天下不下雨",  # a hedge after it
        "我报覃姐的店里买的农药",  # more than the job's names after the sign-up
        "那我报覃姐那个 邓老板那个",  # two jobs named
    ],
)
def test_a_sign_up_first_with_more_than_the_job_named_claims_nothing(
    group: Conversation, text: str
) -> None:
    group.say(f"小杜@阳日镇群: {text}")
    assert _claims(group) == [[], []]


# ==== a claim naming its job in the group keeps the phone said with it


def test_a_phone_said_after_a_claim_naming_the_job_reaches_the_employer(
    group: Conversation,
) -> None:
    out = group.say("小杜@阳日镇群: 覃姐那个打药的我去 电话13971234560")
    assert _claims(group) == [[], [("小杜", 1, "confirmed")]]
    assert any("13971234560" in m for m in to(out, "覃姐"))
    assert not any("13971234560" in m for m in to(out, "阳日镇群"))


def test_a_question_for_the_phone_of_a_job_named_claims_nothing(group: Conversation) -> None:
    group.say("小杜@阳日镇群: 覃姐那个打药的 电话多少")
    assert _claims(group) == [[], []]


# ==== two names run together (the poster's and the work's) name one job


def _known() -> list[Known]:
    return [
        Known(1, ("邓老板",), squash("明天武山村我屋里搬砖 卸两车砖"), "搬运工", "武山村"),
        Known(2, ("覃姐",), squash("后天长青村打药除草"), "种植工", "长青村"),
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("邓老板搬砖那个 算我一个", (1, "算我一个")),
        ("覃姐打药的那个我去", (2, "我去")),
        ("覃姐搬砖那个 算我一个", None),  # the two names fit two jobs: none
        ("邓老板明天那个 算我一个", (1, "算我一个")),  # a word of his post
    ],
)
def test_two_names_run_together(text: str, want: tuple[int, str] | None) -> None:
    got = group_named(text, _known())
    assert (got if got is None or got[0] is not None else None) == want


def test_a_claim_naming_the_poster_and_the_work_together_takes_it(group: Conversation) -> None:
    group.say("小杜@阳日镇群: 邓老板搬砖那个 算我一个")
    assert _claims(group) == [[("小杜", 1, "confirmed")], []]


# ==== 「我也报」 after the job named is a claim; someone else's is not


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("我也报", (1, None)),
        ("我报", (1, None)),
        ("他也报", None),
        ("报", None),
        ("我报不上", None),
    ],
)
def test_i_sign_up_too(text: str, want: tuple[int, None] | None) -> None:
    assert claim_phrase(text) == want


def test_the_job_named_then_i_sign_up_too_waits_on_a_full_job() -> None:
    conv = Conversation(start="2027-05-11 08:05", autobind=True)
    conv.say("""
@group 阳日镇群 阳日镇
老王@阳日镇群: 明天武山村卸水泥 要一个人 一天一百六 电话18671930452 老王
老李@阳日镇群: 后天长青村挖洋芋 要两个人 一天一百三 电话15826970318 老李
小杜@阳日镇群: 卸水泥那个我去
阿英@阳日镇群: 卸水泥的那个我也报
""")
    assert [(c["person"], c["status"]) for c in conv.jobs()[0]["claims"]] == [
        ("小杜", "confirmed"),
        ("阿英", "waitlisted"),
    ]
    conv.close()


# ==== the job's own work said first, then the claimer about themself


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("打药我得空 算我一个", (1, None)),
        ("除草我有空 我去", (1, None)),
        ("打药我得空", None),  # free, but no claim said
        ("打药我得空 后天再说", None),  # a hedge
        ("搬砖我得空 算我一个", None),  # another work than the job's
    ],
)
def test_the_jobs_own_work_before_a_circumstance(text: str, want: tuple[int, None] | None) -> None:
    assert claim_around(text, "种植工", replying=True) == want


def test_a_reply_naming_the_jobs_work_and_being_free_claims_it(group: Conversation) -> None:
    group.say("小杜@阳日镇群^: 打药我得空 算我一个")
    assert _claims(group) == [[], [("小杜", 1, "confirmed")]]


# ==== a withdrawal with the day said before 我


@pytest.mark.parametrize("text", ["明天我来不了了 屋里有事", "后天我去不成了 腰扭了"])
def test_the_day_before_i_in_a_withdrawal(text: str) -> None:
    assert withdrawal_said(text) is not None


@pytest.mark.parametrize("text", ["明天我去赶场 屋里有事", "明天我去镇上 再说"])
def test_the_day_before_i_in_other_talk_withdraws_nothing(text: str) -> None:
    assert withdrawal_said(text) is None


def test_the_day_before_i_ending_a_short_message() -> None:
    assert withdraw_tail("明天我来不了了")
    assert not withdraw_tail("明天我来了")


def test_a_withdrawal_with_the_day_first_frees_the_place(group: Conversation) -> None:
    group.say("小杜@阳日镇群^: 我去")
    out = group.say("小杜@阳日镇群^: 后天我来不了了 屋里老人病了")
    assert _claims(group) == [[], [("小杜", 1, "cancelled")]]
    assert any("小杜" in m for m in to(out, "覃姐"))


def test_the_same_words_from_someone_holding_no_place_change_nothing(group: Conversation) -> None:
    group.say("小杜@阳日镇群^: 我去")
    group.say("阿英@阳日镇群^: 后天我来不了了 屋里老人病了")
    assert _claims(group) == [[], [("小杜", 1, "confirmed")]]


# ==== the item said between who goes and the going (「我们两个男的都去」)


@pytest.mark.parametrize(
    ("text", "gender", "rest"),
    [
        ("我们两个男的都去", "male", "我们两个都去"),
        ("我们四个女的去 我和我三个姐妹", "female", "我们四个去 我和我三个姐妹"),
    ],
)
def test_the_item_between_who_and_going(text: str, gender: str, rest: str) -> None:
    found = item_named(text)
    assert found is not None and (found[0].gender, found[1]) == (gender, rest)


@pytest.mark.parametrize("text", ["我们两个女的明天去赶场", "我们两个都去"])
def test_no_item_or_no_claim_between(text: str) -> None:
    assert item_named(text) is None


GENDERED = """
@group 中岭村群 中岭村
严老板@中岭村群: 明天修堰塘 要小工 男工3个 两百一天 女工2个 一百六一天 中岭村 电话18986035127 严老板
"""


def test_a_party_saying_its_gender_in_the_middle_claims_that_job() -> None:
    conv = Conversation(start="2027-05-04 07:20", autobind=True)
    conv.say(GENDERED)
    conv.say("老卢@中岭村群^: 我们两个男的都去 我和我侄儿")
    assert [[(c["person"], c["count"]) for c in j["claims"]] for j in conv.jobs()] == [
        [("老卢", 2)],
        [],
    ]
    conv.close()


# ==== a correction's value said with its field's word wins over a count said in passing

_NOW = dt.datetime(2027, 5, 4, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("男工再加两个 人数5", 5),  # the reason first, the headcount after it
        ("人数5 再加两个", 5),  # the headcount first
        ("又来了一个 人数改成6", 6),
    ],
)
def test_the_headcount_said_with_its_word(text: str, want: int) -> None:
    assert stated_fields(text, _NOW, load_gazetteer())["headcount"] == want


def test_a_poster_adding_one_to_a_gendered_job_sets_the_headcount_said() -> None:
    conv = Conversation(start="2027-05-04 07:20", autobind=True)
    conv.say(GENDERED)
    out = conv.say("严老板@中岭村群^: 女工还差一个 人数3")
    assert [j["headcount"] for j in conv.jobs()] == [3, 3]
    assert not any("不能少于" in m for m in to(out, "中岭村群"))
    conv.close()


# ==== 要得不 / 得行不 after a claim asks leave (the dialect's 行不行): nothing taken yet


@pytest.mark.parametrize(("text", "taken"), [
    ("熊老板那个我去 要得不", False),
    ("熊老板那个算我一个 得行不", False),
    ("熊老板那个我去 要得", True),  # agreeing, not asking
    ("熊老板那个我去 要得不得了", True),  # 「不得了」 is no question
])
def test_leave_asked_after_a_named_claim_takes_nothing(text: str, taken: bool) -> None:
    conv = Conversation(start="2027-10-12 08:00", autobind=True)
    conv.say("""
    @group 龙溪村群 龙溪村
    熊老板@龙溪村群: 后天龙溪村猪场要两个打扫的 一天一百六 电话13972215563 熊老板
    周师傅@龙溪村群: 后天要个泥工补院墙 一天两百六 电话15826673310 周师傅
    小彭: 你好
    """)
    conv.say(f"小彭@龙溪村群: {text}")
    claims = [c["person"] for c in conv.jobs()[0]["claims"]]
    assert claims == (["小彭"] if taken else [])
    conv.close()
