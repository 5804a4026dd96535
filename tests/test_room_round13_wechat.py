"""Round 13 (the nineteenth round's WeChat habits): stickers written as [抱拳] [强] [捂脸],
greetings, thanks for a red envelope, 「收到」 and @mentions around a claim — each kind with the
messages that must act and the look-alikes that must not. Every sentence is new (none is a line
of a conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from handlers.reading import claim_around
from nlp.normalize import normalize, strip_decoration
from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

ORCHARD = """
@group 新华镇群 新华镇
熊老板: 你好
小艾: 你好
熊老板@新华镇群: 后天桃坪村摘桃子 要三个人 一天一百七 电话15826471903 熊老板
"""


@pytest.fixture
def orchard() -> Iterator[Conversation]:
    conv = Conversation(start="2027-07-08 07:50", autobind=True)
    conv.say(ORCHARD)
    assert [j["state"] for j in conv.jobs()] == ["open"]
    yield conv
    conv.close()


# ==== WeChat's stickers are faces, not words: 「[抱拳]」 around a claim is read as an emoji is

@pytest.mark.parametrize("text", [
    "我报名[握手]",
    "[OK]算我一个",
    "我克[胜利][胜利]",
])
def test_a_claim_with_wechat_stickers_is_taken(orchard: Conversation, text: str) -> None:
    out = orchard.say(f"小艾@新华镇群^: {text}")
    assert _claims(orchard) == [[("小艾", 1, "confirmed")]]
    assert any("小艾" in m for m in to(out, "熊老板"))


@pytest.mark.parametrize("text", [
    "[鼓掌][鼓掌][鼓掌]",
    "[好的]",
    "[呲牙]我去 今天这雨好大",  # 我去 in surprise, the face before it
    "我去 摘桃子才一百七？[撇嘴]",
])
def test_stickers_alone_or_around_other_talk_claim_nothing(
        orchard: Conversation, text: str) -> None:
    out = orchard.say(f"小艾@新华镇群^: {text}")
    assert _claims(orchard) == [[]]
    assert not to(out, "熊老板")


def test_only_wechat_sticker_names_are_dropped() -> None:
    assert normalize("[红包]端午安康") == "端午安康"
    assert strip_decoration("我去[抱拳]") == "我去"
    # a post's own bracketed head is words, not a sticker
    assert normalize("[急招]包吃住") == "[急招]包吃住"


# ==== the group's greetings and thanks before a claim (「早安🌸 我去」「多谢老板红包 算我一个」)

@pytest.mark.parametrize("text", [
    "各位早安🌸 我报名",
    "下午好 我去 桃子我摘过好几年",
    "多谢熊老板的大红包[抱拳] 算我一个",
    "感谢老板 我克",
])
def test_a_claim_after_a_greeting_or_thanks_is_taken(orchard: Conversation, text: str) -> None:
    orchard.say(f"小艾@新华镇群^: {text}")
    assert _claims(orchard) == [[("小艾", 1, "confirmed")]]


@pytest.mark.parametrize("text", [
    "各位早安🌸🌸",
    "多谢熊老板的大红包[抱拳][抱拳]",
    "早上好 今天好热[流汗]",
    "早 我去 外面这场雾好大",
])
def test_greetings_and_thanks_alone_claim_nothing(orchard: Conversation, text: str) -> None:
    out = orchard.say(f"小艾@新华镇群^: {text}")
    assert _claims(orchard) == [[]]
    assert not to(out, "熊老板")


# ==== 「收到」 before a claim answering the card is only read receipt; alone it claims nothing

@pytest.mark.parametrize("text", [
    "收到 后天早上六点到",
    "晓得了 我来",
    "收到[抱拳] 报名",
])
def test_a_claim_after_shoudao_replying_to_the_card_is_taken(
        orchard: Conversation, text: str) -> None:
    orchard.say(f"小艾@新华镇群^: {text}")
    assert _claims(orchard) == [[("小艾", 1, "confirmed")]]


@pytest.mark.parametrize("line", [
    "小艾@新华镇群^: 收到",
    "小艾@新华镇群^: 收到[OK]",
    "小艾@新华镇群: 收到 后天早上六点到",  # not a reply: anyone's plan for the day
    "小艾@新华镇群^: 收到 后天是不是要下雨",
])
def test_shoudao_without_a_claim_on_the_card_claims_nothing(
        orchard: Conversation, line: str) -> None:
    out = orchard.say(line)
    assert _claims(orchard) == [[]]
    assert not to(out, "熊老板")


# ==== WeChat's @mention of the poster before a claim calls him, as his name does

@pytest.mark.parametrize("text, count", [
    ("@熊老板 我报名[抱拳]", 1),
    ("@熊老板 我跟我老婆两个", 2),
])
def test_a_claim_after_at_the_poster_is_taken(
        orchard: Conversation, text: str, count: int) -> None:
    orchard.say(f"小艾@新华镇群^: {text}")
    assert _claims(orchard) == [[("小艾", count, "confirmed")]]


@pytest.mark.parametrize("text", [
    "@熊老板 桃园管午饭不",
    "@熊老板 一天才一百七？",
    "@所有人 后天赶集的七点路口等车",
])
def test_at_mentions_without_a_claim_claim_nothing(orchard: Conversation, text: str) -> None:
    out = orchard.say(f"小艾@新华镇群^: {text}")
    assert _claims(orchard) == [[]]
    assert not to(out, "熊老板")


def test_a_claim_after_at_someone_else_is_not_taken() -> None:
    # 「@小周 我去」: said to 小周, not to the poster — for whom? Not through.
    assert claim_around("@小周 我去", names=("熊老板",), replying=True) is None
    assert claim_around("@熊老板 我去", names=("熊老板",), replying=True) == (1, None)
