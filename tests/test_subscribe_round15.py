"""Round 15: a subscription naming two or more work types keeps every one of them — set apart
by spaces, or joined in one word (和, 跟, 或者, 还有 …), or a work's own name said without its
工 (「泥瓦」) — and 「我的订阅」 shows them and a job of each type is pushed. Look-alikes add no
type: a place name holding a joining word, a place and a wage with no work, a work refused.
Every sentence is new (none is a line of a conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import col, select

from storage.models import Person, Subscription
from tests.conversation import Conversation, to

SETUP = """
@group 红坪群 红坪镇
@group 松柏群 松柏镇
"""


@pytest.fixture
def chat() -> Iterator[Conversation]:
    conv = Conversation(start="2027-04-12 09:00", autobind=True)
    conv.say(SETUP)
    conv.say("小彭: 你好")
    yield conv
    conv.close()


Kept = list[tuple[list[str], str | None, float | None]]


def kept(chat: Conversation, name: str = "小彭") -> Kept:
    with chat.session() as s:
        person = s.exec(select(Person).where(Person.name == name)).first()
        if person is None:
            return []
        return [(sorted(t for t in sub.work_types.split("|") if t), sub.region_code, sub.min_wage)
                for sub in s.exec(select(Subscription).where(
                    Subscription.person_id == person.id, col(Subscription.active).is_(True)))]


def types_kept(chat: Conversation) -> list[list[str]]:
    return [types for types, _, _ in kept(chat)]


# ==== several work types in one subscription: each one is kept

@pytest.mark.parametrize(("text", "want"), [
    ("订阅 泥瓦 帮厨 红坪镇", ["帮厨", "泥瓦工"]),  # 泥瓦: 泥瓦工 without its 工
    ("订阅 木工跟小工 松柏镇", ["小工", "木工"]),
    ("订阅 保洁或者服务员 一天130以上", ["保洁员", "服务员"]),
    ("订阅 开车还有搬运", ["司机", "搬运工"]),
    ("订阅 采茶和帮厨和木工", ["帮厨", "木工", "采茶工"]),
    ("订阅 林业 采茶 红坪镇", ["林业工", "采茶工"]),
    ("订阅 别墅保洁 搬运", ["保洁员", "搬运工"]),  # 别墅 is no refusal
])
def test_every_work_type_named_is_kept(chat: Conversation, text: str, want: list[str]) -> None:
    out = chat.say(f"小彭: {text}")
    assert to(out, "小彭")[0].startswith("订阅好了")
    assert "没认出" not in to(out, "小彭")[0]
    assert types_kept(chat) == [sorted(want)]


def test_joined_types_keep_the_place_and_the_floor_after_them(chat: Conversation) -> None:
    chat.say("小彭: 订阅 厨师或是帮厨 松柏镇 160以上")
    assert kept(chat) == [(["厨师", "帮厨"], "429021100", 160)]


def test_my_subscriptions_shows_them_and_a_job_of_each_type_is_pushed(
        chat: Conversation) -> None:
    chat.say("小彭: 订阅 泥瓦和帮厨 红坪镇")
    out = chat.say("小彭: 我的订阅")
    assert any("泥瓦工、帮厨 · 红坪镇" in m for m in to(out, "小彭"))
    out = chat.say("贺老板@红坪群: 后天砌院墙 要两个泥瓦工 一天二百 电话13972110458")
    assert any("泥瓦工" in m for m in to(out, "小彭"))
    out = chat.say("付老板@红坪群: 周六办酒席 要3个帮厨 一天150 电话13593318820")
    assert any("帮厨" in m for m in to(out, "小彭"))
    out = chat.say("邱老板@红坪群: 明天要两个搬运工 一天180 电话13872235519")
    assert not to(out, "小彭")  # a type not named is not pushed


def test_unsubscribing_joined_types_ends_both(chat: Conversation) -> None:
    chat.say("小彭: 订阅 木工 小工 保洁 松柏镇")
    chat.say("小彭: 退订 木工和小工")
    assert types_kept(chat) == [["保洁员"]]


# ==== look-alikes: no type added

def test_a_place_name_holding_a_joining_word_stays_a_place(chat: Conversation) -> None:
    chat.say("小彭: 订阅 帮厨 太和山村")
    [(types, region, _)] = kept(chat)
    assert (types, region) == (["帮厨"], "429021203203")  # 太和山村


def test_a_place_and_a_wage_with_no_work_take_any_work(chat: Conversation) -> None:
    out = chat.say("小彭: 订阅 红坪镇 一天170以上")
    assert "什么活都行" in to(out, "小彭")[0]
    assert kept(chat) == [([], "429021103", 170)]  # 红坪镇


@pytest.mark.parametrize(("text", "want"), [
    ("订阅 搬运 保洁的不做", ["搬运工"]),
    ("订阅 不想干帮厨 木工", ["木工"]),
    ("订阅 采茶 不接搬运 红坪镇", ["采茶工"]),
    ("订阅 别干保洁 帮厨", ["帮厨"]),
])
def test_a_refused_work_is_not_subscribed(chat: Conversation, text: str, want: list[str]) -> None:
    chat.say(f"小彭: {text}")
    assert types_kept(chat) == [want]


def test_a_refused_work_stays_out_when_the_words_are_read_freely(chat: Conversation) -> None:
    # a word the one-by-one reading does not know sends the words to the free reading, which
    # names the refused work too
    chat.say("小彭: 订阅 搬运 不要保洁 最好在松柏这边的")
    assert kept(chat) == [(["搬运工"], "429021100", None)]


def test_only_a_refusal_subscribes_nothing_and_asks(chat: Conversation) -> None:
    out = chat.say("小彭: 订阅 不要搬运 红坪镇")
    assert "记不下" in to(out, "小彭")[0]
    assert kept(chat) == []


def test_a_short_word_is_not_a_title_stem(chat: Conversation) -> None:
    out = chat.say("小彭: 订阅 木 红坪镇")  # 木 + 工 is 木工, but one character is no name
    assert "没认出" in to(out, "小彭")[0]


def test_a_work_word_holding_he_as_a_verb_is_not_split(chat: Conversation) -> None:
    # 和砂浆 is mixing mortar (a 小工's work), not 「and 砂浆」: 砂浆 alone is no work type
    chat.say("小彭: 订阅 搬砖和砂浆 松柏镇")
    assert types_kept(chat) == [["小工"]]
