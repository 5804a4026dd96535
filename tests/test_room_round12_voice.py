"""Issue 10, a twelfth round: what round 18's conversations found. Each kind in its own block,
with the look-alikes that must not act."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.forms import command_form
from tests.conversation import Conversation, to


def _conv(script: str, start: str) -> Conversation:
    conv = Conversation(start=start, autobind=True)
    conv.say(script)
    return conv


def _claims(conv: Conversation) -> list[list[tuple[str, int]]]:
    """Each job's live claims, in the jobs' order: (who, how many)."""
    return [sorted((c["person"], c["count"]) for c in job["claims"]
                   if c["status"] in ("confirmed", "waitlisted")) for job in conv.jobs()]


# ==== a private command said after voice input's hello and fillers

@pytest.mark.parametrize(("text", "form"), [
    ("嗯 那个 我想订阅一下 保洁 在红坪镇", "订阅 保洁 在红坪镇"),
    ("喂 嗯 我想就是说 订阅一下那个搬运的活", "订阅 搬运的活"),
    ("那个 恢复接活 脚好了", "恢复接活 脚好了"),
    ("嗯 那个 还有什么活没有", "还有什么活没有"),
    ("我想订阅一下帮厨", "订阅 帮厨"),
])
def test_fillers_before_a_command_are_dropped(text: str, form: str) -> None:
    assert command_form(text) == form


@pytest.mark.parametrize("text", [
    "嗯 那个 明天要三个人挖洋芋 一天一百五",  # a post: no command after the fillers
    "嗯 那个 我想明天去镇上",
    "那个 活还要人不",
])
def test_fillers_before_anything_else_are_left(text: str) -> None:
    assert command_form(text) == text


def test_a_voice_subscription_and_its_resume_work_as_typed() -> None:
    conv = _conv("""
        @group 古水村群 古水村
        周嫂: 喂 你好
        """, "2027-04-12 08:00")
    try:
        out = conv.say("周嫂: 嗯 那个 我想订阅一下 打扫卫生的活 在松柏镇")
        assert any("订阅好了" in m and "保洁员" in m and "松柏镇" in m for m in to(out, "周嫂"))
        conv.say("周嫂: 这周不接活")
        out = conv.say("周嫂: 嗯 恢复接活 感冒好了")
        assert any("恢复" in m for m in to(out, "周嫂"))
        out = conv.say("周嫂: 嗯 那个 还有么子活路冇得")
        assert not any("没看明白" in m for m in to(out, "周嫂"))
    finally:
        conv.close()


# ==== the words after 订阅 read as a wish in free words (a place said with 在…这边, a floor
# said as a refusal), only when they say more than the words one by one

def test_a_subscription_in_free_words_keeps_its_place_and_floor() -> None:
    conv = _conv("", "2027-04-12 08:00")
    try:
        conv.say("老向: 你好")
        out = conv.say("老向: 订阅 搬运的活 在红坪那边的 一百八以下的就不做了")
        said = to(out, "老向")
        assert any("搬运工" in m and "红坪镇" in m and "180" in m for m in said)
        assert not any("没认出" in m for m in said)
    finally:
        conv.close()


def test_a_word_no_reading_knows_is_still_said_not_understood() -> None:
    conv = _conv("", "2027-04-12 08:00")
    try:
        conv.say("老向: 你好")
        out = conv.say("老向: 订阅 搬运 北京")
        assert any("没认出：北京" in m for m in to(out, "老向"))
    finally:
        conv.close()


# ==== a voice claim replying to the job: the poster called with a particle (「谭婶啊」), the
# claimer saying who talks (「我是覃婆婆」), the job pointed at before the claim (「你屋里那个
# 锄草的活」「这个活」「那个卸货的」), the claim said twice, a phone spoken in groups, coming
# after a meal, strength said plainly, a son by his order (老二)

WEED = """
@group 青天村群 青天村
向大伯: 你好
覃婆婆: 你好
向大伯@青天村群: 明天要三个人帮我屋里锄草 一天一百二 管中饭 电话13971528046 向大伯
"""


@pytest.fixture
def weed() -> Iterator[Conversation]:
    conv = _conv(WEED, "2027-03-08 08:20")
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "count"), [
    ("嗯 向大伯啊 我是覃婆婆 你屋里那个锄草的活算我一个 我明天吃了饭就过来", 1),
    ("喂 向大伯呀 这个活我去 明天早上几点走", 1),
    ("嗯 好的好的 那个锄草的我去 我力气还可以 明天一早我就过来", 1),
    ("嗯 向大伯啊 我和我屋里老二两个 明天一早就来", 2),
    ("嗯那个我去啊我去 我跟我屋里老二两个人", 2),
])
def test_a_voice_claim_replying_to_the_card_takes_a_place(weed: Conversation, text: str,
                                                           count: int) -> None:
    out = weed.say(f"覃婆婆@青天村群^: {text}")
    assert _claims(weed) == [[("覃婆婆", count)]]
    assert any("覃婆婆" in m for m in to(out, "向大伯"))


def test_a_phone_spoken_in_groups_reaches_the_employer(weed: Conversation) -> None:
    out = weed.say("覃婆婆@青天村群^: 嗯那个我去啊我去 我那个电话是幺三四 五六七零 八八二一 "
                   "你到时候打我电话")
    assert _claims(weed) == [[("覃婆婆", 1)]]
    assert any("13456708821" in m for m in to(out, "向大伯"))
    assert not any("13456708821" in m for m in to(out, "青天村群"))


@pytest.mark.parametrize(("text", "phone"), [
    # a remark that is no circumstance (what one has) after the claim: read as remarks
    ("嗯 向大伯啊 我是覃婆婆 这个活算我一个 锄头我屋里有", None),
    ("我去啊我去 锄头我屋里有", None),
    ("我去 我那个电话是幺三四 五六七零 八八二一 锄头我屋里有", "13456708821"),
])
def test_a_voice_claim_with_a_remark_takes_a_place(weed: Conversation, text: str,
                                                   phone: str | None) -> None:
    out = weed.say(f"覃婆婆@青天村群^: {text}")
    assert _claims(weed) == [[("覃婆婆", 1)]]
    note = [m for m in to(out, "向大伯") if "覃婆婆" in m]
    assert note and (phone is None or phone in note[0])


@pytest.mark.parametrize("text", [
    "嗯 向大伯啊 你屋里那个锄草的活要几个人",  # a question about the job
    "嗯 向大伯啊 我是覃婆婆 我去年也在你屋里锄过草",  # one's past
    "这个活我去不成 明天要赶场",  # backing out
    "那个挖沙的我去",  # another kind of work pointed at
    "嗯 向大伯啊 我是覃婆婆",  # who talks, and no claim
    "我去啊我去 好大的雾",  # 我去 in surprise
    "我去 老天啊",  # surprise, calling on nobody
])
def test_voice_look_alikes_replying_to_the_card_claim_nothing(weed: Conversation,
                                                              text: str) -> None:
    out = weed.say(f"覃婆婆@青天村群^: {text}")
    assert _claims(weed) == [[]]
    assert not to(out, "向大伯")


def test_a_named_job_of_a_post_pointed_at_with_na_ge() -> None:
    conv = _conv("""
        @group 朝阳村群 朝阳村
        胡包头: 你好
        向大伯: 你好
        胡包头@朝阳村群: 后天要三个搬砖的两个搞卫生的 都是一百四一天 电话18071982267
        """, "2027-03-24 08:00")
    try:
        # the 保洁 card is the latest: 「那个搬砖的」 says which job
        conv.say("向大伯@朝阳村群^: 嗯 那个搬砖的我去 我跟我屋里老二两个人")
        assert _claims(conv) == [[("向大伯", 2)], []]
    finally:
        conv.close()


# ==== a claim to the group naming its job by the poster and the task run together
# (「周老板锄草那个」), said as voice runs it on: the claim twice, the party, arriving at the
# job's village

BUSY = """
@group 宋洛乡群 宋洛乡
周老板: 你好
雷师傅: 你好
周老板@宋洛乡群: 明天盘龙村药材地里锄草 要三个人 一天一百四 管中饭 电话13972833016 周老板
雷师傅@宋洛乡群: 后天宋洛村要两个会开车的 帮我拉药材 一天两百 电话18995317744 雷师傅
"""


@pytest.fixture
def busy() -> Iterator[Conversation]:
    conv = _conv(BUSY, "2027-06-22 07:50")
    yield conv
    conv.close()


@pytest.mark.parametrize(("text", "count"), [
    ("周老板锄草那个我克哈我跟我屋里老婆子两个人一路的", 2),
    ("嗯那个周老板那个锄草的活我去啊我去我明天早上七点钟就到盘龙村", 1),
    ("雷师傅开车那个我去哈我们两个人", 2),
])
def test_a_run_on_claim_naming_the_job_takes_it(busy: Conversation, text: str,
                                                count: int) -> None:
    busy.say(f"老蒋@宋洛乡群: {text}")
    claims = _claims(busy)
    job = 1 if text.startswith("雷") else 0
    assert claims[job] == [("老蒋", count)] and claims[1 - job] == []


@pytest.mark.parametrize("text", [
    "周老板锄草那个我屋里老二说他想去他等哈自己来报",  # someone else's going
    "周老板锄草那个是明天吗我去不去得成还不晓得",  # a question and a doubt
    "雷师傅锄草那个我去",  # the poster of one job, the task of the other
    "周老板锄草那个我去啊我去我明天要去县里",  # going elsewhere
])
def test_run_on_look_alikes_naming_a_job_claim_nothing(busy: Conversation, text: str) -> None:
    out = busy.say(f"老蒋@宋洛乡群: {text}")
    assert _claims(busy) == [[], []]
    assert not to(out, "周老板") and not to(out, "雷师傅")


# ==== a remark about the weather under one's card, with words between the day and the remark

RAIN = """
@group 八角庙村群 八角庙村
柯师傅: 你好
柯师傅@八角庙村群: 后天要两个泥工 一天两百 电话15827193306 柯师傅
"""


@pytest.fixture
def rain() -> Iterator[Conversation]:
    conv = _conv(RAIN, "2027-03-15 10:00")
    yield conv
    conv.close()


@pytest.mark.parametrize("text", [
    "今天这个雨下得好大 路上都是泥巴",
    "今天这个风刮得好大",
])
def test_a_weather_remark_under_ones_card_changes_nothing(rain: Conversation, text: str) -> None:
    out = rain.say(f"柯师傅@八角庙村群^: {text}")
    assert rain.jobs()[0]["start_date"] == "2027-03-17"
    assert out == []


def test_a_day_said_as_a_correction_still_moves_the_job(rain: Conversation) -> None:
    rain.say("柯师傅@八角庙村群^: 日子说错了 不是后天是今天 这个雨下得好大")
    assert rain.jobs()[0]["start_date"] == "2027-03-15"
