"""Routing: order, include, first match wins, filter findings injected by name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlmodel import Session

from bot import filters
from bot.clock import TZ
from bot.config import Settings
from bot.message import Chat, ChatKind, Message, Reply, User
from bot.router import Context, Router, as_replies
from nlp.gazetteer import load_gazetteer
from storage.models import Person

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)


def ctx_for(text: str = "", *, private: bool = True, button: str | None = None) -> Context:
    chat = Chat("console:dm:老王", ChatKind.PRIVATE, "老王") if private else Chat(
        "console:group:青天村群", ChatKind.GROUP, "青天村群")
    msg = Message(id="console:m1", chat=chat, sender=User("console:老王", "老王"), date=NOW,
                  text=text, button_data=button, content_kind="button" if button else "text")
    return Context(message=msg, session=Session(), now=NOW, person=Person(id=1, name="老王"),
                   group=None, settings=Settings(), gazetteer=load_gazetteer())


def test_first_match_wins_and_own_routes_come_before_included() -> None:
    root, child = Router("root"), Router("child")
    seen: list[str] = []

    @child.message(filters.command("订阅"))
    def child_subscribe() -> str:
        seen.append("child")
        return "child"

    @root.message(filters.command("订阅"))
    def root_subscribe() -> str:
        seen.append("root")
        return "root"

    @root.message()
    def anything() -> str:
        return "anything"

    root.include(child)
    route, replies = root.dispatch(ctx_for("订阅 搬运")) or (None, [])
    assert route is not None and route.name == "root.root_subscribe"
    assert [r.text for r in replies] == ["root"]
    assert seen == ["root"]


def test_included_routers_are_tried_in_include_order() -> None:
    root, a, b = Router("root"), Router("a"), Router("b")

    @a.message(filters.text_equals("我去"))
    def a_claim() -> str:
        return "a"

    @b.message(filters.text_equals("我去"))
    def b_claim() -> str:
        return "b"

    root.include(b, a)
    found = root.dispatch(ctx_for("我去！"))
    assert found is not None and found[1] == [Reply("b")]


def test_filter_dicts_flow_into_handler_parameters_by_name() -> None:
    router = Router()

    def worker_count(ctx: Context) -> dict[str, Any] | bool:
        return {"count": 2} if "2" in ctx.message.text else False

    @router.message(filters.regex(r"报名(?P<n>\d+)人"), worker_count)
    def claim(n: str, count: int, person: Person, now: datetime, text: str) -> str:
        return f"{person.name} {n} {count} {now:%H:%M} {text}"

    found = router.dispatch(ctx_for("报名2人"))
    assert found is not None
    assert found[1][0].text == "老王 2 2 08:00 报名2人"


def test_a_failed_filter_leaves_no_findings_behind() -> None:
    router = Router()

    def finds_then(ctx: Context) -> dict[str, Any]:
        return {"leak": True}

    @router.message(finds_then, filters.text_equals("不会匹配"))
    def never() -> str:
        return "never"

    @router.message()
    def fallback(leak: bool = False) -> str:
        return f"leak={leak}"

    found = router.dispatch(ctx_for("随便说说"))
    assert found is not None and found[1][0].text == "leak=False"


def test_buttons_go_to_button_routes_only() -> None:
    router = Router()

    @router.message()
    def any_text() -> str:
        return "text"

    @router.button(filters.button("claim"))
    def claim(arg: str) -> str:
        return f"claim {arg}"

    found = router.dispatch(ctx_for(button="claim:12"))
    assert found is not None and found[1][0].text == "claim 12"
    assert router.dispatch(ctx_for(button="other:1")) is None


def test_private_and_group_filters() -> None:
    router = Router()

    @router.message(filters.private)
    def dm() -> str:
        return "dm"

    @router.message(filters.in_group)
    def grp() -> None:
        return None

    assert router.dispatch(ctx_for("hi", private=True)) is not None
    found = router.dispatch(ctx_for("hi", private=False))
    assert found is not None and found[0].name == "root.grp" and found[1] == []


def test_handler_asking_for_something_nobody_provides_is_an_error() -> None:
    router = Router()

    @router.message()
    def needs(job_id: int) -> str:
        return str(job_id)

    with pytest.raises(TypeError, match="job_id"):
        router.dispatch(ctx_for("x"))


def test_a_router_cannot_include_itself() -> None:
    a, b = Router("a"), Router("b")
    a.include(b)
    with pytest.raises(ValueError):
        b.include(a)


def test_handler_results_become_replies() -> None:
    assert as_replies(None) == []
    assert as_replies("好") == [Reply("好")]
    said: list[str | Reply] = [Reply("一", chat_id="console:dm:x"), "二"]
    assert as_replies(said) == [
        Reply("一", chat_id="console:dm:x"), Reply("二")]


def test_squash_reads_short_commands_as_typed() -> None:
    assert filters.squash(" 我去！") == "我去"
    assert filters.squash("报名，2人。") == "报名2人"
    assert filters.squash("OK~") == "ok"
    assert not filters.text_equals("?")(ctx_for(""))  # an empty message matches no command


def test_a_message_tries_only_the_routes_its_chat_can_match() -> None:
    root, child = Router("root"), Router("child")
    tried: list[str] = []

    def seen(name: str) -> Any:
        def flt(ctx: Context) -> bool:
            tried.append(name)
            return True
        return flt

    @child.message(seen("private"), filters.private)
    def in_private() -> str:
        return "private"

    @child.message(seen("group"), filters.in_group)
    def in_group() -> str:
        return "group"

    root.include(child)
    found = root.dispatch(ctx_for("你好", private=False))
    assert found is not None and found[1] == [Reply("group")]
    assert tried == ["group"]  # the private route was not even tried
    found = root.dispatch(ctx_for("你好", private=True))
    assert found is not None and found[1] == [Reply("private")]
    assert tried == ["group", "private"]


def test_a_route_added_after_the_first_message_is_tried_too() -> None:
    root, child = Router("root"), Router("child")
    root.include(child)

    @child.message(filters.text_equals("你好"))
    def hello() -> str:
        return "hello"

    assert root.dispatch(ctx_for("再见")) is None  # the tables are made now
    assert root.dispatch(ctx_for("你好")) is not None

    @child.message(filters.text_equals("再见"))
    def bye() -> str:
        return "bye"

    found = root.dispatch(ctx_for("再见"))
    assert found is not None and found[1] == [Reply("bye")]


def test_a_router_included_after_the_first_message_is_tried_too() -> None:
    root, late = Router("root"), Router("late")

    @late.message(filters.text_equals("你好"))
    def hello() -> str:
        return "hello"

    assert root.dispatch(ctx_for("你好")) is None  # root's tables are made now, empty
    root.include(late)
    found = root.dispatch(ctx_for("你好"))
    assert found is not None and found[1] == [Reply("hello")]


def test_a_late_route_reaches_every_includer_up_the_tree() -> None:
    """A router shared by two parents, one of them included again: all three tables, made
    at a first message each, are made again when the shared router gains a route."""
    root, middle, other, shared = Router("root"), Router("middle"), Router("other"), Router("s")
    middle.include(shared)
    other.include(shared)
    root.include(middle)
    for router in (root, middle, other):
        assert router.dispatch(ctx_for("你好")) is None

    @shared.message(filters.text_equals("你好"))
    def hello() -> str:
        return "hello"

    for router in (root, middle, other):
        found = router.dispatch(ctx_for("你好"))
        assert found is not None and found[1] == [Reply("hello")], router.name
