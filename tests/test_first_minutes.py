"""Issue 16, the first five minutes with `lingong chat`: the README's lines typed into the
interactive console give a published card; a group named after a place is bound on first
sight (typed live only); the prompt names the directives and @help explains them; drafts that
waited for their place are published when the group gets one (@group, 绑定)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conversation import Conversation, to
from tests.test_cli import REPO, lingong

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_chat_line() -> str:
    """The example line of `lingong chat` in the README's table, exactly as printed."""
    m = re.search(r"^\| `lingong chat` \| talk to the bot yourself: `([^`]+)` \|$", README,
                  re.MULTILINE)
    assert m is not None, "the README's table has no `lingong chat` example"
    return m.group(1)


def readme_script() -> str:
    """The README's chat-script example block, exactly as printed."""
    start = README.index("```\n@now") + len("```\n")
    return README[start:README.index("```", start)]


def published_cards(stdout: str, group: str) -> list[str]:
    return [block for block in stdout.split("\n→ ")
            if block.lstrip("→ ").startswith(f"{group}: 【招工】") and "[报名]" in block]


# --- the interactive console, through stdin ---------------------------------------------------

def test_the_readme_line_typed_into_a_fresh_chat_gives_a_published_card() -> None:
    line = readme_chat_line()
    assert line == "王大爷@青天村群: 明天要3个搬运工 150一天"
    proc = lingong("chat", stdin=line + "\n")
    assert proc.returncode == 0, proc.stderr
    first = proc.stderr.splitlines()[0]
    for directive in ("@group NAME PLACE", "@officer NAME", "@now", "@wait", "@help"):
        assert directive in first
    out = proc.stdout
    assert out.count("本群按群名绑定到木鱼镇青天村（村群）") == 1
    [card] = published_cards(out, "青天村群")
    assert "地点：木鱼镇青天村" in card and "搬运工 3人" in card
    assert "还缺" not in out and "待补全" not in out


def test_the_readme_script_typed_line_by_line_plays_as_printed(tmp_path: Path) -> None:
    script = readme_script()
    url = f"sqlite:///{tmp_path / 'readme.db'}"
    assert lingong("db", "upgrade", "--db", url).returncode == 0
    proc = lingong("chat", "--db", url, stdin=script)
    assert proc.returncode == 0
    assert "（line" not in proc.stderr, proc.stderr  # no line was refused
    assert published_cards(proc.stdout, "青天村群")
    assert "本群按群名绑定" not in proc.stdout  # bound by the script's own @group
    [job] = json.loads(lingong("jobs", "--json", "--db", url).stdout)
    assert job["state"] == "open" and job["village"] == "青天村"
    assert sorted(c["person"] for c in job["claims"]) == ["小张", "老刘"]
    assert "【青天村早报】" in proc.stdout  # @wait 1d


def test_at_help_prints_every_directive_with_an_example() -> None:
    proc = lingong("chat", stdin="@help\n")
    assert proc.returncode == 0
    shown = proc.stderr
    for example in ("@group 闲聊群 青天村", "@officer 李主任", "@now 2026-11-26 08:00",
                    "@wait 1d", "王大爷@青天村群: 明天要3个搬运工 150一天", "小张 [报名]"):
        assert f"例：{example}" in shown
    assert proc.stdout == ""  # stdout carries only the bot's messages


# --- first sight of a place-named group (typed live) ----------------------------------------

@pytest.fixture
def live() -> Iterator[Conversation]:
    conv = Conversation(autobind=True)
    yield conv
    conv.close()


def test_a_group_named_after_a_place_is_bound_on_first_sight_and_says_so_once(
        live: Conversation) -> None:
    for name, where in (("青天村群", "木鱼镇青天村（村群）"), ("木鱼镇群", "木鱼镇（镇群）"),
                        ("神农架林区群", "神农架林区（区群）")):
        out = live.say(f"王五@{name}: 大家好")
        assert to(out, name) == [f"（终端试用）本群按群名绑定到{where}。"
                                 + (f"群里发的招工默认在{where.split('（')[0][-3:]}。"
                                    if "区群" not in where else "")
                                 + "别的群名用「@group 群名 地方」绑定。"], out
        assert live.say(f"王五@{name}: 又来了") == []  # once
    out = live.say("王大爷@木鱼镇群: 明天要2个搬运工 150一天")
    assert live.jobs()[0]["status"] == "open" and live.jobs()[0]["township"] == "木鱼镇"


def test_other_names_are_not_bound(live: Conversation) -> None:
    for i, name in enumerate(("闲聊群", "红花坪群", "青天村", "青天村二组群")):
        # no place, two places, no 群, more than a place
        out = live.say(f"老板{i}@{name}: 明天要3个搬运工 150一天")
        assert not any("按群名绑定" in m for m in out), out
        assert any("还缺地点" in m for m in to(out, name)), out
    assert all(j["state"] == "draft" for j in live.jobs())


def test_a_group_seen_before_is_never_bound_by_its_name_later(live: Conversation) -> None:
    live.say("@group 青天村群 松柏镇")
    out = live.say("王五@青天村群: 大家好")
    assert out == []
    out = live.say("王大爷@青天村群: 明天要3个搬运工 150一天")
    assert live.jobs()[0]["township"] == "松柏镇"


def test_a_chat_script_binds_a_place_named_group_as_typing_does() -> None:
    conv = Conversation(autobind=True)  # as `lingong chat --script` plays it
    try:
        out = conv.say("王大爷@青天村群: 明天要3个搬运工 150一天")
        assert sum("按群名绑定" in m for m in out) == 1
        assert conv.jobs()[0]["state"] == "open"
        out = conv.say("李四@闲聊群: 明天要2个保洁 120一天")
        assert not any("按群名绑定" in m for m in out)
        assert conv.jobs()[1]["state"] == "draft"
    finally:
        conv.close()


# --- drafts completed when the group gets its place -----------------------------------------

@pytest.fixture
def conv() -> Iterator[Conversation]:
    c = Conversation()
    yield c
    c.close()


def test_at_group_publishes_the_drafts_that_waited_for_their_place(conv: Conversation) -> None:
    conv.say("""
        王大爷@闲聊群: 明天要3个搬运工 150一天
        王大爷: 你好
        """)
    assert conv.jobs()[0]["state"] == "draft"
    out = conv.say("@group 闲聊群 青天村")
    [job] = conv.jobs()
    assert job["state"] == "open" and job["village"] == "青天村"
    assert any(m.startswith("【招工】搬运工 3人") and "[报名]" in m for m in to(out, "闲聊群"))
    assert any("您的招工已补上地点并发出" in m for m in to(out, "王大爷"))


def test_an_officer_binding_publishes_the_drafts_but_not_those_missing_more(
        conv: Conversation) -> None:
    conv.say("""
        @officer 李主任
        王大爷@闲聊群: 明天要3个搬运工 150一天
        老张@闲聊群: 招2个泥瓦工 明天开工 电话13912345678
        李四@别的群: 明天要2个保洁 120一天
        """)
    out = conv.say("李主任@闲聊群: 绑定 木鱼镇青天村")
    jobs = {j["work_type"]: j for j in conv.jobs()}
    assert jobs["搬运工"]["status"] == "open"
    assert jobs["泥瓦工"]["state"] == "draft"  # still no wage: its question stands
    assert jobs["泥瓦工"]["village"] == "青天村"  # but the place is known now
    other = [j for j in conv.jobs() if j["poster"] == "李四"]
    assert other and other[0]["state"] == "draft"  # another group's draft is not touched
    assert "好的，本群已绑定到木鱼镇青天村" in to(out, "闲聊群")[0]
    assert sum("【招工】搬运工" in m for m in to(out, "闲聊群")) == 1


def test_binding_to_the_county_gives_no_place_to_drafts(conv: Conversation) -> None:
    conv.say("王大爷@区群A: 明天要3个搬运工 150一天")
    conv.say("@group 区群A 神农架林区")
    assert conv.jobs()[0]["state"] == "draft"
