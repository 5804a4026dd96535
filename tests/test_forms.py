"""Every command in every form (conversation.md §7): Traditional characters, dialect and
full-width text route exactly like the Simplified words, and what the sender wrote is kept."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

import opencc
import pytest
from sqlmodel import col, select

from bot.forms import plain
from storage.models import InboundMessage, Job, Person, Post, Subscription
from tests.conversation import Conversation, to

# Every command word a person types, in a conversation that makes each one act: the same
# lines in Traditional and in full width must get the very same answers and leave the same
# state. (Lines are "speaker: text"; only the text is rewritten.)
WALK = """
@group 青天村群 青天村
@group 木鱼镇群 木鱼镇
@officer 李主任 木鱼镇
李主任@青天村群: 推送时间 7点半 没活不发
李主任@青天村群: 早报时间 8点
李主任@青天村群: 本群信息
李主任: 广播 本周六上午9点镇政府有招聘会
老张@青天村群: 明天要3个搬运工，150一天，木鱼镇青天村，电话13812345678
小张@青天村群^: 报名
小张: 我的报名
小张: 电话13912345678
小张: 我的报名
小张: 取消报名
小刘@青天村群^: 我报2个人
小刘@青天村群^: 不去了
小李: 订阅 搬运 木鱼镇
小李: 订阅 保洁 松柏镇 100以上
小李: 我的订阅
小李: 明天有空
小李: 这周不接活
小李: 恢复接活
小李: 退订 保洁
小李: 退订
小王: 找活
小王: 找活 木鱼镇
小王: 木鱼镇有什么活
小王: 报名【1】
小王: 取消
李主任: 统计
李主任: 代 王大爷 订阅 搬运 木鱼镇
李主任: 代 王大爷 退订
李主任@青天村群: 这条发到哪了
老张@青天村群^: 工价200
老张@青天村群^: 人数5
老张: 招满了
小赵: 帮助
小赵: 我的信息
小赵: 我的编号
"""

_S2T = opencc.OpenCC("s2t")


def _rewrite(script: str, change: Callable[[str], str]) -> str:
    out = []
    for line in script.strip().splitlines():
        head, sep, text = line.partition(": ")
        out.append(f"{head}{sep}{change(text)}" if sep and not line.startswith("@") else line)
    return "\n".join(out)


def traditional(text: str) -> str:
    return str(_S2T.convert(text))


def full_width(text: str) -> str:
    """Digits, Latin letters and signs in full width, spaces ideographic."""
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and
                   c not in "【】" else c for c in text)


def _play(script: str) -> tuple[list[str], list[tuple[object, ...]]]:
    conv = Conversation()
    try:
        said = conv.say(script)
        with conv.session() as s:
            subs = [(p.name, sub.work_types, sub.region_code, sub.active, sub.available_on)
                    for sub, p in s.exec(select(Subscription, Person).join(
                        Person, col(Person.id) == col(Subscription.person_id)))]
        state = [tuple(sorted((k, str(v)) for k, v in job.items())) for job in conv.jobs()]
        return said, [*state, *subs]
    finally:
        conv.close()


@pytest.fixture(scope="module")
def simplified() -> tuple[list[str], list[tuple[object, ...]]]:
    return _play(WALK)


@pytest.mark.parametrize("form", [traditional, full_width], ids=["traditional", "full_width"])
def test_every_command_word_acts_the_same_in_every_form(
        simplified: tuple[list[str], list[tuple[object, ...]]], form: Callable[[str], str]
) -> None:
    said, state = simplified
    # the walk really made each command act (a walk of 没看懂 would prove nothing)
    joined = "\n".join(said)
    for acted in ("本群早报改在每天07:30", "报名成功", "订阅好了", "已退订保洁员",
                  "您订阅的", "到11月29日（周日）为止的活不给您推送", "在招的活", "已替王大爷订阅",
                  "已替王大爷退订", "已广播", "已取消报名"):
        assert acted in joined, acted
    rewritten = _rewrite(WALK, form)
    assert rewritten != WALK
    other_said, other_state = _play(rewritten)
    assert other_said == said
    assert other_state == state


def test_the_walk_is_written_in_forms_the_bot_did_not_know_before() -> None:
    """The Traditional walk differs from the Simplified one in every command word."""
    for word in ("订阅", "退订", "取消报名", "我的报名", "统计", "推送时间", "广播", "我的订阅",
                 "恢复接活", "这条发到哪了", "帮助", "招满了", "找活"):
        written = traditional(word)
        assert written != word or word in ("找活",), word
        assert plain(written) == word
        assert plain(full_width(word)) == word


@pytest.mark.parametrize(("written", "read"), [
    ("訂閱 搬運 木魚鎮", "订阅 搬运 木鱼镇"),
    ("明天得空", "明天有空"),
    ("這週都得閒", "这周都有空"),
    ("莫得空", "没空"),
    ("明天冇得空", "明天没空"),
    ("不得空", "没空"),
    ("冇得活", "没有活"),
    ("有么子活", "有什么活"),
    ("要得", "好的"),
    ("要得！", "好的"),
    ("＋１", "+1"),
    ("推送時間\u3000７點", "推送时间 7点"),
    ("報名【１２】", "报名【12】"),
])
def test_forms_that_are_read_plainly(written: str, read: str) -> None:
    assert plain(written) == read
    assert plain(read) == read  # idempotent


@pytest.mark.parametrize("text", [
    "这活要得急不？",  # 要得 inside a sentence is "needed", not "all right"
    "我记得空出来的那间房",  # 记得 + 空
    "获得空间",
    "觉得空虚",
    "明天要3个搬运工，150一天",
    "工价：200，地点【青天村】",  # Chinese punctuation stays as typed
    "",
    "hello",
])
def test_look_alikes_are_left_alone(text: str) -> None:
    assert plain(text) == text


@pytest.fixture
def fc() -> Iterator[Conversation]:
    conv = Conversation()
    conv.say("@group 青天村群 青天村")
    yield conv
    conv.close()


def test_dialect_free_day_is_recorded_like_mandarin(fc: Conversation) -> None:
    out = fc.say("小李: 訂閱 搬運\n小李: 明天得空")
    assert "明天 11月27日 周五有空" in to(out, "小李")[-1]
    with fc.session() as s:
        [sub] = s.exec(select(Subscription)).all()
    assert sub.work_types == "搬运工" and sub.available_on == date(2026, 11, 27)


def test_a_dialect_no_time_pauses(fc: Conversation) -> None:
    fc.say("小李: 订阅 搬运")
    out = fc.say("小李: 明天莫得空")
    assert "不给您推送" in to(out, "小李")[0]


def test_look_alike_of_free_makes_no_subscription(fc: Conversation) -> None:
    fc.say("小李: 我记得空出来的那间房还没租")
    with fc.session() as s:
        assert s.exec(select(Subscription)).all() == []


def test_what_was_written_is_stored_and_the_contact_kept_as_written(fc: Conversation) -> None:
    post = "明天要3個搬運工，150一天，木魚鎮青天村，電話13812345678 張老闆"
    out = fc.say(f"老張@青天村群: {post}")
    card = to(out, "青天村群")[0]
    assert "搬运工" in card and "張老闆" in card
    with fc.session() as s:
        assert s.exec(select(Post.text)).one() == post
        texts = s.exec(select(InboundMessage.text)).all()
        assert post in texts
        job = s.exec(select(Job)).one()
    assert job.contact == "張老闆" and job.work_type == "搬运工"


def test_a_full_width_claim_takes_a_place(fc: Conversation) -> None:
    fc.say("老张@青天村群: 明天要3个搬运工，150一天，木鱼镇青天村，电话13812345678")
    out = fc.say("小张@青天村群^: 我報２個人")
    assert any("报名成功" in m for m in to(out, "小张") + to(out, "青天村群"))
    claims = fc.jobs()[0]["claims"]
    assert [(c["person"], c["count"]) for c in claims] == [("小张", 2)]


def test_look_alike_sentence_with_yaode_is_not_an_answer(fc: Conversation) -> None:
    out = fc.say("小张@青天村群: 这活要得急不？")
    assert not re.search("已|报名成功", "\n".join(out))
