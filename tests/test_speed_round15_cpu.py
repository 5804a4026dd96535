"""Issue 12, the CPU a message costs (round 15): cheap preconditions in front of costly
readings, each with the messages that must still act and the look-alikes that must not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import col, select

from handlers import reading
from handlers.reading import Item, item_named
from storage.models import (
    ANY_WORK,
    JobChat,
    Person,
    Post,
    Subscription,
    SubscriptionWorkType,
)
from tests.conversation import Conversation, to

CONVERSATIONS = Path(__file__).parent / "data" / "conversations"

# ==== a claim naming one job of a post: a clause's parts are tried only when it holds 第, 男,
# 女 or a listed work word (handlers/reading.py, _may_name_item)

CANAL_POST = ("后天修水渠招人 1、泥瓦工2名 一天二百八 2、小工4名 一天一百六 3、厨师1名 一天二百 "
              "地点龙潭村 电话13907185246 向师傅")
CANAL = f"""
@group 龙潭村群 龙潭村
向师傅: 你好
毛二: 你好
幺妹: 你好
向师傅@龙潭村群: {CANAL_POST}
"""

PICKING_POST = ("大后天摘茶 男工2名 女工6名 男的一天一百七 女的一天一百四 武山村三组 "
                "电话13677201958 柯大姐")
PICKING = f"""
@group 武山村群 武山村
柯大姐: 你好
老向: 你好
杨嫂: 你好
柯大姐@武山村群: {PICKING_POST}
"""


def _conv(script: str) -> Conversation:
    conv = Conversation(start="2027-06-03 08:10", autobind=True)
    conv.say(script)
    return conv


@pytest.fixture
def canal() -> Iterator[Conversation]:
    conv = _conv(CANAL)
    yield conv
    conv.close()


@pytest.fixture
def picking() -> Iterator[Conversation]:
    conv = _conv(PICKING)
    yield conv
    conv.close()


def _claims(conv: Conversation) -> list[list[tuple[str, int]]]:
    """Each job's claims, in the post's order: (who, how many)."""
    return [sorted((c["person"], c["count"]) for c in job["claims"]) for job in conv.jobs()]


@pytest.mark.parametrize(("text", "job"), [
    ("我去当泥瓦工 砌了二十年砖", 0),  # a listed work word
    ("泥瓦匠算我一个", 0),  # a work word with a title after it
    ("第二个我去", 1),  # its place in the list
    ("那我去当小工", 1),
])
def test_a_claim_naming_its_job_takes_it(canal: Conversation, text: str, job: int) -> None:
    # the latest card is the 厨师 one: the word said picks another job of the post
    out = canal.say(f"毛二@龙潭村群^: {text}")
    want: list[list[tuple[str, int]]] = [[], [], []]
    want[job] = [("毛二", 1)]
    assert _claims(canal) == want
    assert any("毛二" in m for m in to(out, "向师傅"))


@pytest.mark.parametrize(("text", "job"), [
    ("我们俩女的都去", 1),  # whom it is for, said between who goes and the going
    ("男工算我一个", 0),
])
def test_a_claim_naming_whom_the_job_is_for_takes_it(picking: Conversation, text: str,
                                                     job: int) -> None:
    picking.say(f"杨嫂@武山村群^: {text}")
    want: list[list[tuple[str, int]]] = [[], []]
    want[job] = [("杨嫂", 2 if "俩" in text else 1)]
    assert _claims(picking) == want


@pytest.mark.parametrize("text", [
    "水渠修好了田里就不缺水了",  # chatter under the card: no word of an item
    "后天我家收油菜 去不了",
    "第一次听说这个价",  # 第 without an item
    "泥瓦工的工钱是不是少了点",  # a work word, asked about: no claim
])
def test_look_alikes_claim_nothing(canal: Conversation, text: str) -> None:
    out = canal.say(f"毛二@龙潭村群^: {text}")
    assert _claims(canal) == [[], [], []]
    assert not to(out, "向师傅")


@pytest.mark.parametrize(("text", "item"), [
    ("我去当泥瓦工", Item(work_type="泥瓦工")),
    ("厨师我去", Item(work_type="厨师")),
    ("报名第三个", Item(ordinal=3)),
    ("女工那边算我一个", Item(gender="female")),
    ("我们俩男的都去", Item(gender="male")),
])
def test_each_kind_of_item_word_is_still_found(text: str, item: Item) -> None:
    found = item_named(text)
    assert found is not None and found[0] == item


def _said() -> list[str]:
    """What people say in the conversation sets (not the bot's lines or the checks)."""
    line = re.compile(r"^[^#$=@\s][^:：]{0,30}: (.+)$")
    return [m.group(1) for path in sorted(CONVERSATIONS.glob("*.convo"))
            for raw in path.read_text(encoding="utf-8").splitlines()
            if (m := line.match(raw))]


def test_the_precondition_changes_no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    # every sentence of the conversation sets names the same item with and without it
    texts = _said()
    assert len(texts) > 5000
    with_it = [item_named(t) for t in texts]
    monkeypatch.setattr(reading, "_may_name_item", lambda clause: True)
    without = [item_named(t) for t in texts]
    assert sum(x is not None for x in without) > 300
    assert [t for t, a, b in zip(texts, with_it, without, strict=True) if a != b] == []


def test_chatter_tries_no_part_of_its_clauses(monkeypatch: pytest.MonkeyPatch) -> None:
    tried: list[str] = []
    word = reading._item_word
    monkeypatch.setattr(reading, "_item_word", lambda w: tried.append(w) or word(w))
    for text in ("今天晚上村里放电影", "谁家的鸡跑到路上了 快来捉", "我去 算我一个"):
        assert item_named(text) is None
    assert tried == []
    assert item_named("我去当小工") is not None and tried


# ==== a new job and the chat of its post, a new subscription and its work types' index rows:
# plain statements, on PostgreSQL one each (storage/jobs.py insert_job, _insert_subscription)

def _job_chats(conv: Conversation) -> list[tuple[int, str, str | None]]:
    with conv.session() as s:
        return sorted(s.exec(select(JobChat.job_id, JobChat.chat_id,
                                    JobChat.source_message_id)).all())


def _indexed(conv: Conversation) -> list[tuple[str, str, bool]]:
    """Every subscription's index rows: (whose, work type, active)."""
    with conv.session() as s:
        rows = s.exec(select(Person.name, SubscriptionWorkType.work_type, Subscription.active)
                      .join(Subscription, col(Subscription.person_id) == Person.id)
                      .join(SubscriptionWorkType,
                            col(SubscriptionWorkType.subscription_id) == Subscription.id))
        return sorted((name or "", work, active) for name, work, active in rows)


def test_each_job_of_a_post_is_written_with_its_chat(either_url: str) -> None:
    conv = Conversation(start="2027-06-03 08:10", db_url=either_url, autobind=True)
    try:
        conv.say(CANAL)
        chats = _job_chats(conv)
        jobs = [j["id"] for j in conv.jobs()]
        assert [job for job, _, _ in chats] == jobs and len(jobs) == 3
        with conv.session() as s:
            post = s.exec(select(Post.chat_id, Post.source_message_id)).one()
        assert {(chat, source) for _, chat, source in chats} == {tuple(post)}
        assert post[0].endswith("龙潭村群") and post[1]
        # the job held as written takes its claims as before
        conv.say("毛二@龙潭村群^: 第二个我去")
        assert _claims(conv) == [[], [("毛二", 1)], []]
    finally:
        conv.close()


def test_a_new_subscription_is_found_by_its_work_types(either_url: str) -> None:
    conv = Conversation(start="2027-06-03 08:10", db_url=either_url, autobind=True)
    try:
        conv.say("""
            @group 龙潭村群 龙潭村
            向师傅: 你好
            幺妹: 你好
            覃老四: 订阅 泥瓦工 厨师
            """)
        assert _indexed(conv) == [("覃老四", "厨师", True), ("覃老四", "泥瓦工", True)]
        out = conv.say(f"向师傅@龙潭村群: {CANAL_POST}")
        assert len(to(out, "覃老四")) == 2  # the 泥瓦工 and the 厨师 jobs, not the 小工 one
        # the same line again is kept once; another line adds its own rows
        conv.say("覃老四: 订阅 泥瓦工 厨师\n覃老四: 订阅 小工")
        assert _indexed(conv) == [("覃老四", "厨师", True), ("覃老四", "小工", True),
                                  ("覃老四", "泥瓦工", True)]
        out = conv.say("幺妹@龙潭村群: 下周一搬砖 要两个小工 一天一百五 电话13986047215")
        assert len(to(out, "覃老四")) == 1
    finally:
        conv.close()


def test_a_subscription_for_any_work_is_indexed_as_any(either_url: str) -> None:
    conv = Conversation(start="2027-06-03 08:10", db_url=either_url, autobind=True)
    try:
        conv.say("@group 龙潭村群 龙潭村\n向师傅: 你好\n覃老四: 订阅 龙潭村")
        assert _indexed(conv) == [("覃老四", ANY_WORK, True)]
        out = conv.say(f"向师傅@龙潭村群: {CANAL_POST}")
        assert len(to(out, "覃老四")) == 3
        # chatter in the group pushes nothing
        out = conv.say("向师傅@龙潭村群: 水渠的水泥明天到")
        assert not to(out, "覃老四")
    finally:
        conv.close()
