"""Reusable filters. Each takes the Context and returns ``bool`` or a ``dict`` of findings."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bot import forms
from bot.message import ChatKind
from bot.router import Context, Filter
from nlp.normalize import strip_decoration

if TYPE_CHECKING:
    from nlp import Parse


# What a short claim says, in every channel (button labels are these words too).
CLAIM_WORDS = ("报名", "我去", "+1", "＋1", "我报名", "报个名", "算我一个", "接单", "我要去")


# Western Hubei says 克 for 去 ('我克', '他也克', '我们都克'): folded after who goes.
_KE = re.compile(r"(?<=[我俺他她也都要就能们不莫没天个])克(?![服制隆扣])")


# Remembered: the routes' filters and the reading of one message squash the same text and its
# clauses some fifty times (a message's own text is cheap to keep, and the cache is bounded).
@lru_cache(maxsize=2048)
def squash(text: str) -> str:
    """A short command as people type it, without spaces, punctuation or case: 「我去！」 → 我去;
    the dialect's 克 after who goes is 去."""
    return _KE.sub("去", _SQUASH.sub("", strip_decoration(text)).lower())


def private(ctx: Context) -> bool:
    return ctx.message.chat.kind is ChatKind.PRIVATE


def in_group(ctx: Context) -> bool:
    return ctx.message.chat.kind is ChatKind.GROUP


# What the router reads to try a route only in the chats it can match (Route.for_chat).
private.private_chat = True  # type: ignore[attr-defined]
in_group.private_chat = False  # type: ignore[attr-defined]


def not_text(ctx: Context) -> bool:
    return ctx.message.content_kind not in ("text", "button")


def text_equals(*words: str) -> Filter:
    wanted = {squash(w) for w in words}

    def flt(ctx: Context) -> bool:
        said = squash(ctx.message.text)
        return bool(said) and said in wanted

    return flt


def command(*words: str) -> Filter:
    """Text that starts with one of ``words`` (``/start`` or ``订阅``); the rest is ``args``."""
    ordered = sorted(words, key=len, reverse=True)

    def flt(ctx: Context) -> dict[str, Any] | bool:
        text = ctx.message.text.strip()
        for word in ordered:
            if text.startswith(word):
                return {"command": word, "args": text[len(word) :].strip(" :：,，")}
        return False

    return flt


def regex(pattern: str) -> Filter:
    """A regular expression searched in the text; named groups are passed on by name."""
    compiled = re.compile(pattern)

    def flt(ctx: Context) -> dict[str, Any] | bool:
        m = compiled.search(ctx.message.text)
        if m is None:
            return False
        found: dict[str, Any] = {"match": m}
        found.update({k: v for k, v in m.groupdict().items()})
        return found

    return flt


def button(prefix: str) -> Filter:
    """A button press whose data is ``prefix:arg``; ``arg`` is passed on."""

    def flt(ctx: Context) -> dict[str, Any] | bool:
        data = ctx.message.button_data or ""
        head, sep, arg = data.partition(":")
        return {"arg": arg} if head == prefix and sep else False

    return flt


def parsed(ctx: Context) -> Parse:
    """The nlp reading of this message, computed once and shared by every filter."""
    found = ctx.cache.get("parse")
    if found is None:
        from nlp import parse

        region = None
        if ctx.group is not None and ctx.group.region_code:
            place = ctx.gazetteer.by_code(ctx.group.region_code)
            if place is not None and place.level != "county":
                region = place.name
        # As written, dialect made Mandarin: the parser has its own Traditional and full-width
        # reading and keeps contacts as written (bot/forms.py).
        found = parse(forms.mandarin(ctx.message.as_written), ctx.now, ctx.gazetteer,
                      chat_region=region)
        ctx.cache["parse"] = found
    return found


def intent(*names: str) -> Filter:
    """The message's intent is one of ``names``; the parse is passed on as ``parse``."""

    def flt(ctx: Context) -> dict[str, Any] | bool:
        result = parsed(ctx)
        return {"parse": result} if result.intent in names else False

    return flt


_SQUASH = re.compile(r"[\s!！。.~～,，]+")
