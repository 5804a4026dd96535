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
_KE = re.compile(r"(?<=[我俺他她也都要就能们不莫没天个仨俩])克(?![服制隆扣])")


# Remembered: the routes' filters and the reading of one message squash the same text and its
# clauses some fifty times (a message's own text is cheap to keep, and the cache is bounded).
@lru_cache(maxsize=2048)
def squash(text: str) -> str:
    """A short command as people type it, without spaces, punctuation or case: 「我去！」 → 我去;
    the dialect's 克 after who goes is 去."""
    said = _KE.sub("去", _SQUASH.sub("", strip_decoration(text)).lower())
    return "去" if said == "克" else said  # 「克」 alone, replying to a card: 去


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
        if not _whole_post(found) and (_may_end_a_post(ctx) or _may_finish_a_post(ctx, found)):
            joined = _fragments(ctx)
            if joined is not None:
                whole = parse(forms.mandarin(joined), ctx.now, ctx.gazetteer, chat_region=region)
                if _whole_post(whole):
                    ctx.cache["fragments"] = joined
                    found = whole
        ctx.cache["parse"] = found
    return found


# A post typed a word or two at a time (「明天」「要人」「3个」「挖洋芋」「150」「电话139…」), or
# spoken in pieces where the button was let go (「嗯那个明天要」「三个人挖洋芋…」「一天一百五 管中饭
# 电话139… 我姓覃」): the message that gives the phone, no whole post by itself, is read with the
# sender's short messages just before it in the same chat, when together they make a whole post.
FRAGMENT_CHARS = 24
LAST_FRAGMENT_CHARS = 2 * FRAGMENT_CHARS  # the phone's piece says the pay and name with it
FRAGMENT_MINUTES = 10
FRAGMENTS_MAX = 6


def _may_end_a_post(ctx: Context) -> bool:
    from nlp import find_phones

    text = ctx.message.text
    return (len(text) <= LAST_FRAGMENT_CHARS and ctx.message.reply_to is None
            and any(len(d) == 11 and d.startswith("1") for _, _, d in find_phones(text)))


def _may_finish_a_post(ctx: Context, found: Parse) -> bool:
    """A short piece of a post with no phone (「要仨人 两白一天」) may end one whose phone came
    first or in the middle (「139…」「后天挖洋芋」「要仨人 两白一天」). Only a post's piece looks
    back: chatter and claims cost no look-up."""
    from nlp import find_phones

    text = ctx.message.text
    return (found.intent == "job_post" and len(text) <= FRAGMENT_CHARS
            and ctx.message.reply_to is None and not find_phones(text))


def _fragments(ctx: Context) -> str | None:
    """The sender's short messages just before this one, and this one, as one text; None when
    there were none."""
    from datetime import timedelta

    from sqlmodel import col, select

    from nlp import find_phones
    from storage.models import InboundMessage

    rows = ctx.session.exec(
        select(InboundMessage.id, InboundMessage.text).where(
            col(InboundMessage.chat_id) == ctx.message.chat.id,
            col(InboundMessage.sender_id) == ctx.message.sender.id,
            col(InboundMessage.id) != ctx.message.id, col(InboundMessage.content_kind) == "text",
            col(InboundMessage.sent_at) >= ctx.now - timedelta(minutes=FRAGMENT_MINUTES))
        .order_by(col(InboundMessage.sent_at))).all()
    # Oldest first, then walked back from the newest: pieces sent within the same second keep
    # the order they came in (the database's order for equal times), and the last ones are
    # read, never the first ones of a longer run.
    pieces: list[str] = []
    ids: list[str] = []
    # The run holds one phone: this message's, or, when it has none, one piece's that was no
    # post by itself (a bare 「139…」 sent first or between the pieces).
    phoned = bool(find_phones(ctx.message.text))
    for message_id, text in reversed(rows):
        if len(text) > FRAGMENT_CHARS or len(pieces) == FRAGMENTS_MAX:
            break  # a whole message: the run stops there
        if find_phones(text):
            if phoned or _whole_post(_parse_piece(ctx, text)):
                break  # the end of an earlier post
            phoned = True
        pieces.append(text)
        ids.append(message_id)
    if not pieces:
        return None
    # Which messages they were: a piece that made a draft by itself (「要个开车的」) is that
    # draft, which the whole post completes (handlers/posting.py).
    ctx.cache["fragment_ids"] = ids
    return " ".join([*reversed(pieces), ctx.message.as_written])


def _parse_piece(ctx: Context, text: str) -> Parse:
    from nlp import parse

    return parse(forms.mandarin(text), ctx.now, ctx.gazetteer)


def _whole_post(found: Parse) -> bool:
    return found.intent == "job_post" and any(
        j.work_type and (j.headcount or j.wage_min is not None) and j.phone for j in found.jobs)


def intent(*names: str) -> Filter:
    """The message's intent is one of ``names``; the parse is passed on as ``parse``."""

    def flt(ctx: Context) -> dict[str, Any] | bool:
        result = parsed(ctx)
        return {"parse": result} if result.intent in names else False

    return flt


_SQUASH = re.compile(r"[\s!！。.~～,，]+")
