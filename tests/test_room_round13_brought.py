"""Round 13 (the nineteenth round's holiday work): people brought along, said as who they are
to the claimer (「我带2个同学来」), are the claim's party, as 「我带2个人来」 is; things brought
are not. Every sentence is new (none is a line of a conversation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conversation import Conversation, to
from tests.conversation import claims_by_job as _claims

SHOP = """
@group 松柏镇群 松柏镇
柯老板: 你好
小鹿: 你好
柯老板@松柏镇群: 后天超市理货 要五个人 一天一百二 电话15826471903 柯老板
"""


@pytest.fixture
def shop() -> Iterator[Conversation]:
    conv = Conversation(start="2027-07-20 10:15", autobind=True)
    conv.say(SHOP)
    assert [j["state"] for j in conv.jobs()] == ["open"]
    yield conv
    conv.close()


# ==== people brought, named as classmates, workmates, friends: the claimer and them

@pytest.mark.parametrize(("text", "party"), [
    ("我带两个同学来", 3),
    ("带1个室友过来", 2),
    ("我带三个工友一起来", 4),
    ("我跟我同学去", 2),
])
def test_people_brought_by_who_they_are_make_the_party(
        shop: Conversation, text: str, party: int) -> None:
    out = shop.say(f"小鹿@松柏镇群^: {text}")
    assert _claims(shop) == [[("小鹿", party, "confirmed")]]
    assert any("小鹿" in m for m in to(out, "柯老板"))


@pytest.mark.parametrize("text", [
    "我带两个箱子来",  # things brought
    "我带两个同学的书来",  # something of theirs
    "同学带两个人来",  # someone else brings people: not the sender's claim
])
def test_things_or_other_peoples_company_claim_nothing(shop: Conversation, text: str) -> None:
    out = shop.say(f"小鹿@松柏镇群^: {text}")
    assert _claims(shop) == [[]]
    assert not to(out, "柯老板")
