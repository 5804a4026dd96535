"""Reading the room: messages and their context in, the decided reading out. Each must-act
case has its look-alikes that must not act, side by side."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.clock import TZ
from handlers.reading import JobView, Situation, claim_phrase, decide, party_change, read
from nlp import extract_fields, load_gazetteer, parse

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=TZ)
G = load_gazetteer()
CARD = JobView(7, mine=False, work_type="搬运工")
MY_CARD = JobView(7, mine=True, work_type="搬运工")
CLAIMED = JobView(7, mine=False, work_type="搬运工", claimed=True)
DRAFT = JobView(9, mine=True, work_type="泥瓦工", status="draft")


def situation(text: str, *, private: bool = False, replied: JobView | None = None,
              sight: JobView | None = None, own: JobView | None = None,
              pending: JobView | None = None, asked: tuple[str, ...] = ()) -> Situation:
    return Situation(text=text, private=private, parse=parse(text, NOW, G),
                     fields=extract_fields(text, NOW, G), replied=replied, sight=sight,
                     own=own, pending=pending, asked=asked)


# (text, context, expected action, expected kind, expected data subset)
TABLE: list[tuple[str, dict[str, object], str, str, dict[str, object]]] = [
    # claims: a claim phrase standing alone, about the card replied to or in sight
    ("我去", {"replied": CARD}, "act", "claim", {"count": 1}),
    ("报名", {"sight": CARD}, "act", "claim", {"count": 1}),
    ("我们俩去", {"replied": CARD}, "act", "claim", {"count": 2}),
    ("我带3个人来", {"replied": CARD}, "act", "claim", {"count": 4}),
    ("我报2个人", {"sight": CARD}, "act", "claim", {"count": 2}),
    ("我去 电话13912345678", {"replied": CARD}, "act", "claim",
     {"count": 1, "phone": "13912345678"}),
    # … and the chatter that looks like one: never a claim in a group
    ("报名的人多不多", {"sight": CARD}, "quiet", "chatter", {}),
    ("+1 同问", {"sight": CARD}, "quiet", "chatter", {}),
    ("我明天去镇上", {"sight": CARD}, "quiet", "chatter", {}),
    ("我们俩明天去松柏走亲戚", {"sight": CARD}, "quiet", "chatter", {}),
    ("我去，一天才100？", {"replied": CARD}, "quiet", "chatter", {}),
    ("报名0人", {"replied": CARD}, "quiet", "chatter", {}),
    ("123456", {"sight": CARD}, "quiet", "chatter", {}),
    ("谁报名了", {"sight": MY_CARD}, "quiet", "chatter", {}),
    ("我去", {"sight": MY_CARD}, "quiet", "chatter", {}),  # one's own job
    # privately, a maybe-claim is asked about, with buttons
    ("我明天去镇上", {"private": True, "sight": CARD}, "ask", "claim", {}),
    # party size: only for someone with a claim
    ("我再加1个人", {"replied": CLAIMED}, "act", "party", {"how": "add", "count": 1}),
    ("改成2个人", {"sight": CLAIMED}, "act", "party", {"how": "set", "count": 2}),
    ("我再加1个人", {"replied": CARD}, "quiet", "chatter", {}),
    # chatter that looks like a post never becomes one in a group
    ("有没有要腊肉的，80一斤", {}, "quiet", "chatter", {}),
    ("张三欠我工钱300块一直不给", {}, "quiet", "chatter", {}),
    ("我儿子在工地上班，一天300", {}, "quiet", "chatter", {}),
    ("明天要3个搬运工，150一天，木鱼镇青天村", {}, "act", "post", {}),
    # a new post is a post, not a correction of the card in sight
    ("要2个小工，120一天", {"sight": MY_CARD}, "act", "post", {}),
    ("要2个小工，120一天", {"private": True, "own": MY_CARD}, "act", "post", {}),
    ("工价200", {"replied": MY_CARD}, "act", "correction", {}),
    ("工价200", {"private": True, "own": MY_CARD}, "act", "correction", {}),
    ("工价200", {"replied": CARD}, "quiet", "chatter", {}),  # not one's own job
    # a pending question takes only its answer
    ("木鱼镇青天村", {"private": True, "pending": DRAFT, "asked": ("地点",)},
     "act", "answer", {}),
    ("订阅 搬运 木鱼镇", {"private": True, "pending": DRAFT, "asked": ("地点",)},
     "quiet", "chatter", {}),
    ("明天有空", {"private": True, "pending": DRAFT, "asked": ("地点",)}, "quiet", "chatter", {}),
    ("你好", {"private": True, "pending": DRAFT, "asked": ("地点",)}, "quiet", "chatter", {}),
    ("明天要3个搬运工，150一天，木鱼镇青天村",
     {"private": True, "pending": DRAFT, "asked": ("地点",)}, "act", "post", {}),
    ("对", {"private": True, "pending": DRAFT, "asked": ("日期",)}, "act", "answer", {}),
    ("对", {"private": True, "pending": DRAFT, "asked": ("地点",)}, "quiet", "chatter", {}),
    ("算了", {"private": True, "pending": DRAFT, "asked": ("地点",)}, "act", "drop", {}),
    ("算了不招了", {"private": True, "pending": DRAFT, "asked": ("地点",)}, "act", "drop", {}),
    ("算了", {"private": True}, "quiet", "chatter", {}),
]


@pytest.mark.parametrize(("text", "context", "action", "kind", "data"), TABLE,
                         ids=[f"{t[0]}-{t[2]}" for t in TABLE])
def test_reading_table(text: str, context: dict[str, object], action: str, kind: str,
                       data: dict[str, object]) -> None:
    s = situation(text, **context)  # type: ignore[arg-type]
    decision = decide(read(s), s.private)
    assert (decision.action, decision.reading.kind) == (action, kind), read(s)
    for key, value in data.items():
        assert decision.reading.data.get(key) == value


def test_a_close_rival_blocks_acting() -> None:
    from handlers.reading import Reading

    claim = Reading("claim", 0.8, "claim phrase", 1)
    post = Reading("post", 0.75, "a job's worth", None)
    assert decide([claim, post], private=False).action == "quiet"
    assert decide([claim, post], private=True).action == "ask"
    assert decide([claim], private=False).action == "act"


@pytest.mark.parametrize(("text", "expected"), [
    ("我们三个去", (3, None)), ("好的我去", (1, None)), ("我也去", (1, None)),
    ("报名3人", (3, None)), ("我去，电话139 1234 5678", (1, "13912345678")),
    ("我们去", None), ("13912345678", None), ("我去不了了", None),
])
def test_claim_phrases(text: str, expected: tuple[int, str | None] | None) -> None:
    assert claim_phrase(text) == expected


def test_party_changes() -> None:
    assert party_change("加两个人") == ("add", 2)
    assert party_change("再带1个人") == ("add", 1)
    assert party_change("我带3个人来") is None  # a claim of 4, not a change
