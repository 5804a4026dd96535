"""Workers say, in plain words, what work they want, where, for how much and when."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

import nlp
from bot import filters
from bot.clock import TZ
from bot.config import Settings
from bot.dispatcher import queue_replies
from bot.message import Button, Message, Reply
from bot.router import Context, HandlerResult, Router
from bot.scheduler import TaskContext
from handlers import cards, digest, privacy
from handlers.matching import jobs_for, place_score, push_each
from handlers.reading import FAVOUR_ASKED
from nlp import Parse, Seek, extract_fields, work_type_of
from nlp.gazetteer import Gazetteer, Place
from nlp.lexicon import is_title, title_of
from storage import jobs as store
from storage import people
from storage.db import transaction
from storage.models import Group, Pending, Person, Subscription

router = Router("subscribe")  # private commands
# 「明天不接活」: never a claim, whatever else the words look like; before the claims.
pause_router = Router("subscribe.pause")
seek_router = Router("subscribe.seek")  # "找活…" in any chat, after posts were tried

HOW = "请这样发：订阅 搬运 木鱼镇（工种、地点，想要的工钱可加「150以上」）"
SPLIT = re.compile(r"[\s,，、;；/]+")
WAGE = re.compile(r"^(\d{2,5})(?:元|块)?(?:以上|起|往上)?(?:一天|每天|/天)?$")
FREE = re.compile(r"(?<![没不])(有空|有时间|能干活|可以干活|能上工|可以上工|闲着)")
BUSY = re.compile(r"不接活|不接单|没空|没时间|不干活|不出工|休息|不找活|不干了")
# The words that only ever mean a pause (没空, 休息 may be part of withdrawing from a job).
SURELY_BUSY = re.compile(r"不接活|不接单|不出工|不找活")
RESUME = ("恢复接活", "接活了", "可以接活了", "又能接活了", "恢复推送", "恢复订阅")
PHONE = re.compile(r"^(?:我的)?(?:电话|手机)(?:号码|号)?(?:是|:|：)?\s*(1[3-9]\d{9})$")


# Conditions said in loose words that a subscription keeps only in part: near home (「离家近的」)
# is the home place when the bot knows it (named in the words or kept from before), and is
# asked for when it does not; a time of day (「只做白天的」「晚上的不做」) is not kept, and the
# answer says so rather than letting the worker believe it was.
NEAR_HOME = re.compile(r"离家近|离屋近|离家不远|家门口|家附近|屋附近|就近")
TIME_OF_DAY = re.compile(
    r"(?:只|不)(?:做|干|要|接|上|去)?(?:白天|晚上|夜班|夜里|夜间|上午|下午|早班|晚班)"
    r"|(?:白天|晚上|夜班|夜里|夜间|上午|下午)的?(?:活)?(?:都)?(?:不做|不干|不要|不去|不接)")
# Several work types in one word, joined (「泥瓦工和厨师」「厨师或者帮厨」「搬运还有保洁」): each
# one is wished for — only when every part is a work type (「太和山村」 is one village).
JOINED = re.compile(r"以及|或者|或是|还有|加上|和|跟|与|及|或")
# A work word refused (「不要保洁」「保洁的不做」) is no wish for it: the subscription keeps only
# the work named as wanted, which already leaves the refused one out.
REFUSED = re.compile(r"^(?:不要|不想|不做|不干|不接|不去|别做|别干|莫做|莫干)"
                     r"|的?都?(?:不要|不做|不干|不接|不去)$")


@dataclass
class Wish:
    work_types: list[str] = field(default_factory=list)
    region_code: str | None = None
    min_wage: float | None = None
    available_on: date | None = None
    unknown: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # work types said as not wanted
    # Two words read as one listed work that is narrower than its type (「挖掘机 司机」 →
    # 挖掘机司机 → 司机): the phrase and its work type, so the answer says what is pushed.
    joined: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.work_types and self.region_code is None and self.min_wage is None


def read_wish(text: str, gazetteer: Gazetteer, seek: Seek | None) -> Wish:
    """Work types, place and lowest pay from "搬运 木鱼镇 150以上", or from free words as the
    parser read them (``seek``: the message's own parse, never a second one)."""
    wish = Wish()
    tokens = [token for token in SPLIT.split(text.strip()) if token]
    for token in _rejoined(tokens, wish):
        kinds = _kinds_in(token)
        place = gazetteer.by_name(token) or gazetteer.resolve(token)
        wage = WAGE.match(token)
        if kinds and REFUSED.search(token):
            wish.refused += kinds
        elif kinds:
            wish.work_types += kinds
        elif place is not None and place.level != "county":
            wish.region_code = wish.region_code or place.code
        elif wage is not None and int(wage.group(1)) >= 20:
            wish.min_wage = float(wage.group(1))
        elif place is None:
            wish.unknown.append(token)
    if seek is not None:
        wish.work_types += [t for t in seek.work_types
                            if t not in wish.work_types and t not in wish.refused]
        if wish.region_code is None:
            for name in (seek.village, seek.township):
                place = gazetteer.by_name(name) if name else None
                if place is not None:
                    wish.region_code = place.code
                    break
        wish.min_wage = wish.min_wage or seek.min_wage
        wish.available_on = seek.available_date
        if wish.work_types or wish.region_code:
            wish.unknown = []  # the free reading understood it
    wish.work_types = list(dict.fromkeys(wish.work_types))
    return wish


def _rejoined(tokens: list[str], wish: Wish) -> list[str]:
    """Words split by a space that together are one listed work — a machine and its operator,
    「挖掘机 司机」「挖机 师傅」「铲车 司机」, in either order (「司机 挖掘机」: the driver of an
    excavator, the same work) — are one word, kept as the work type the table gives that
    phrase. Not when each names a work alone: two works side by side (「司机 保安」, also
    「家政 服务员」) stay two, so neither is lost."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i:i + 2]
        found = _one_work(pair[0], pair[1]) if len(pair) == 2 else None
        if found is None:
            out.append(tokens[i])
            i += 1
            continue
        # 「挖掘机 司机」 narrows 司机 to a machine; 「保洁 阿姨」「搬运 工」 only add a title
        if any(not _kinds_in(word) and not is_title(word) for word in pair):
            wish.joined.append(found)
        out.append(found[0])
        i += 2
    return out


def _one_work(a: str, b: str) -> tuple[str, str] | None:
    """The listed phrase two words make (either order) and its work type, as ``_rejoined``:
    the table's phrase is the more exact reading (「厨房 帮工」 is 帮厨, though 帮工 alone is
    小工)."""
    if _kinds_in(a) and _kinds_in(b):
        return None
    for phrase in (a + b, b + a):
        kind = title_of(phrase)
        if kind is not None:
            return phrase, kind
    return None


def _kinds_in(token: str) -> list[str]:
    """The work types one word names: 「泥瓦工和厨师」 both, when every joined part is one."""
    parts = [part for part in JOINED.split(token) if part]
    if len(parts) > 1:
        kinds = [_kind_of(part) for part in parts]
        if all(kinds):
            return list(dict.fromkeys(k for k in kinds if k))
    kind = _kind_of(token)
    return [kind] if kind is not None else []


def _kind_of(word: str) -> str | None:
    """The work type a word names; a work type's own name said without its 工 too (「泥瓦」 for
    泥瓦工, 「林业」 for 林业工: only those names, whole)."""
    kind = work_type_of(word)
    if kind is None and len(word) >= 2 and f"{word}工" in nlp.load_work_types():
        return f"{word}工"
    return kind


def describe(sub: Subscription, gazetteer: Gazetteer) -> str:
    types = "、".join(t for t in sub.work_types.split("|") if t) or "什么活都行"
    place = gazetteer.by_code(sub.region_code) if sub.region_code else None
    parts = [types, place.name if place else "全林区"]
    if sub.min_wage:
        parts.append(f"{cards.money(sub.min_wage)}元以上")
    if sub.available_on:
        parts.append(f"{span_text(sub.available_on, sub.available_until or sub.available_on)}有空")
    if sub.paused_until:
        if sub.paused_from is None:
            parts.append(f"到{sub.paused_until.month}月{sub.paused_until.day}日不接活")
        else:
            parts.append(f"{span_text(sub.paused_from, sub.paused_until)}不接活")
    return " · ".join(parts)


def subscribe_for(session: Session, target: Person, text: str, now: datetime,
                  gazetteer: Gazetteer, *, seek: Seek | None, proxy: Person | None = None,
                  settings: Settings | None = None) -> list[Reply]:
    """Save a wish as a subscription and show what fits already."""
    assert target.id is not None
    wish = read_wish(text, gazetteer, seek)
    if wish.empty:
        if wish.unknown:
            return [Reply(f"没认出「{'、'.join(wish.unknown)}」是什么工种或地方。{HOW}")]
        return [Reply(f"要订阅什么活？{HOW}")]
    if wish.refused and not wish.work_types:  # 「不要保洁 木鱼镇」: not every work but that one
        return [Reply(f"「不要{'、'.join(wish.refused)}」记不下：订阅只记想做的活，"
                      f"请说想做哪些。{HOW}")]
    if NEAR_HOME.search(text) and wish.region_code is None:
        if target.region_code is None:  # near an unknown home: asked, not the whole county
            kinds = "、".join(wish.work_types) or "工种"
            wage = f" {cards.money(wish.min_wage)}以上" if wish.min_wage else ""
            whose, acting = ("您", "") if proxy is None else (target.name, f"代 {target.name} ")
            if proxy is None:
                # the answer may come alone (「龙口村」「我屋在龙口村」): kept with the wish
                store.add_pending(session, target.id, NEAR_KIND, None, now, {"text": text})
            return [Reply(f"要离家近的活，{whose}住哪个村？"
                          f"请发「{acting}订阅 {kinds} 村名{wage}」，就推那一片的活。")]
        wish.region_code = target.region_code  # the home known from before
    sub, active = store.add_subscription_line(
        session, target.id, work_types=wish.work_types, region_code=wish.region_code,
        min_wage=wish.min_wage, now=now, available_on=wish.available_on)
    if target.region_code is None and wish.region_code is not None:
        target.region_code = wish.region_code
        session.add(target)
    who = f"已替{target.name}订阅" if proxy is not None else "订阅好了"
    lines = [f"{who}：{describe(sub, gazetteer)}"]
    if wish.unknown:
        lines.append(f"（没认出：{'、'.join(wish.unknown)}）")
    for phrase, kind in dict.fromkeys(wish.joined):
        if kind in wish.work_types:  # said plainly: the type kept is wider than the phrase
            lines.append(f"「{phrase}」的活算在「{kind}」里，{kind}的活都会推给您。")
    said = next((token for token in SPLIT.split(text) if TIME_OF_DAY.search(token)), None)
    if said is not None:
        lines.append(f"「{said}」记不下：推来的活请看清上工时间再报名。")
    lines.append("有合适的活会私信告诉您。发「我的订阅」查看，「退订」不再接收。")
    if proxy is not None:
        lines[-1] = "有合适的活会私信您转告。"
    elif not people.private_chats(session, target.id):
        lines.append("请先私聊我说一句话，我才能私信您。")
    else:
        lines.append(privacy.consent_note(session, target, now).strip())
    replies = [Reply("\n".join(line for line in lines if line))]
    if settings is not None:
        replies.extend(push_each(session, jobs_for(session, target.id, gazetteer, now,
                                                   subs=active), target.id, now, settings))
    return replies


ALL_WORDS = ("", "了", "吧", "全部", "所有", "都退", "全部退订", "所有的", "全退")
NUMBER = re.compile(r"^第?(\d{1,2})(?:条|个|号)?$")


def unsubscribe_for(session: Session, target: Person, proxy: Person | None = None, *,
                    args: str = "", gazetteer: Gazetteer | None = None) -> list[Reply]:
    """「退订」 ends every subscription; 「退订 保洁」「退订 木鱼镇」「退订 2」 only the lines (or
    the work types of a line) named, and says what remains."""
    assert target.id is not None
    whose = "您" if proxy is None else target.name
    subs = store.subscriptions_of(session, target.id)
    if not subs:
        return [Reply("您还没有订阅，不用退订。" if proxy is None
                      else f"{target.name}还没有订阅。")]
    words = filters.squash(args)
    if words in ALL_WORDS or gazetteer is None:
        store.unsubscribe(session, target.id)
        if proxy is not None:
            return [Reply(f"已替{target.name}退订，不再推送。")]
        return [Reply("已退订，不再给您推送招工。想再接活发「订阅 工种 地点」。")]
    ended = _named_lines(subs, args, gazetteer)
    if isinstance(ended, str):
        listing = "\n".join(f"{i}. {describe(sub, gazetteer)}" for i, sub in enumerate(subs, 1))
        return [Reply(f"{ended}{whose}订阅的：\n{listing}\n"
                      "退订一条发「退订 工种」或「退订 序号」，如「退订 1」；"
                      "全部不要了发「退订」。")]
    what: list[str] = []
    for sub, types in ended:
        what.append("、".join(types) if types else describe(sub, gazetteer))
        store.end_subscription(session, sub, types)
    done = f"已替{target.name}退订" if proxy is not None else "已退订"
    left = store.subscriptions_of(session, target.id)
    if not left:
        return [Reply(f"{done}{'；'.join(dict.fromkeys(what))}。现在没有订阅了，不再推送。")]
    lines = [f"{i}. {describe(sub, gazetteer)}" for i, sub in enumerate(left, 1)]
    return [Reply(f"{done}{'；'.join(dict.fromkeys(what))}。还订阅着：\n" + "\n".join(lines))]


# Why one unsubscribes, said after what (「退订 小工 腿杆子不行了」「退订 保洁 太远了 去不了」):
# a clause saying how one is or what one cannot — a change (了) or a negation in it, and no
# place's name (「松柏真」 mistyped stays a word not understood).
_REASON = re.compile(r"了|不|没|冇|莫|太|怕|累|忙")
ASKED = re.compile(r"[?？吗么呢]|怎么|咋|不$")  # 「退订 小工 还能再订不」 asks


def _named_before_reason(args: str, gazetteer: Gazetteer) -> str:
    """The words of 「退订 …」 that name what to end, when a reason follows them; ``args`` as it
    is otherwise (a word not understood among them is still said)."""
    tokens = [t for t in SPLIT.split(args.strip()) if t]
    named = 0
    while named < len(tokens) and not read_wish(tokens[named], gazetteer, None).unknown:
        named += 1
    rest = tokens[named:]
    if not named or not rest or any(
            not _REASON.search(t) or gazetteer.candidates(t) or _kinds_in(t)
            or ASKED.search(t) for t in rest):
        return args
    return " ".join(tokens[:named])


def _named_lines(subs: list[Subscription], args: str, gazetteer: Gazetteer
                 ) -> list[tuple[Subscription, list[str] | None]] | str:
    """The subscriptions 「退订 …」 names, each with the work types to drop (None: the whole
    line); a sentence saying why when it names none."""
    number = NUMBER.match(filters.squash(args))
    if number is not None:
        n = int(number.group(1))
        if 1 <= n <= len(subs):
            return [(subs[n - 1], None)]
        return f"没有第{n}条订阅。"
    wish = read_wish(_named_before_reason(args, gazetteer), gazetteer, None)
    if wish.unknown or (not wish.work_types and wish.region_code is None):
        return f"没认出「{'、'.join(wish.unknown) or args}」是什么工种或地方。"
    found: list[tuple[Subscription, list[str] | None]] = []
    for sub in subs:
        if wish.region_code is not None and sub.region_code != wish.region_code:
            continue
        types = [t for t in sub.work_types.split("|") if t]
        if not wish.work_types:
            found.append((sub, None))
        elif any(t in types for t in wish.work_types):
            found.append((sub, [t for t in types if t in wish.work_types]))
    if not found:
        named = "、".join(wish.work_types)
        place = gazetteer.by_code(wish.region_code) if wish.region_code else None
        return f"没有订阅{place.name if place else ''}{named or ''}的活。"
    return found


# --------------------------------------------------------------------------- private words


def _wish_in_words(args: str, now: datetime, gazetteer: Gazetteer) -> Seek | None:
    """The words after 订阅 read in free words, as a wish whatever else they might look like
    (「搬运的活 在松柏这边的 一百五以下的就不做了」 names a work and a wage, as a post does) —
    only when that says more than the words taken one by one (a place, a floor, a work); a
    word neither reading knows (「北京」) is still said not understood."""
    alone = read_wish(args, gazetteer, None)
    if not alone.unknown:
        return None
    seek = nlp.seek_of(args, now, gazetteer)
    read = read_wish(args, gazetteer, seek)
    said_more = (read.region_code != alone.region_code or read.min_wage != alone.min_wage
                 or set(read.work_types) != set(alone.work_types))
    return seek if said_more else None


@router.message(filters.private, filters.command("订阅", "我要订阅", "订阅招工"))
def subscribe(ctx: Context, args: str, session: Session, person: Person, now: datetime,
              gazetteer: Gazetteer, settings: Settings) -> list[Reply]:
    if not args:
        offer = _open_offer(session, person)
        if offer is not None:
            return _accept_offer(session, offer, person, now, gazetteer, settings)
        return [Reply(f"要订阅什么活？{HOW}")]
    return subscribe_for(session, person, args, now, gazetteer, settings=settings,
                         seek=filters.parsed(ctx).seek or _wish_in_words(args, now, gazetteer))


def _group_subscribe_words(ctx: Context) -> dict[str, Any] | bool:
    """「订阅 搬运」 to a group, when its words name a work, a place or a floor: 「订阅号里说明天
    降温」 starts with the word and names none of them — talk, on which a group hears nothing."""
    found = filters.command("订阅")(ctx)
    if not isinstance(found, dict) or not found["args"]:
        return False
    args = found["args"]
    wish = read_wish(args, ctx.gazetteer, filters.parsed(ctx).seek
                     or _wish_in_words(args, ctx.now, ctx.gazetteer))
    return False if wish.empty else found


@router.message(filters.in_group, _group_subscribe_words)
def subscribe_words_in_group(ctx: Context, args: str, session: Session, person: Person,
                             now: datetime, gazetteer: Gazetteer, settings: Settings
                             ) -> list[Reply]:
    """"订阅 搬运" said in a group: subscribe, with the group's place as the default."""
    return subscribe_for(session, person, args, now, gazetteer, settings=settings,
                         seek=filters.parsed(ctx).seek or _wish_in_words(args, now, gazetteer))


@router.message(filters.private, filters.text_equals("我的订阅", "查看订阅", "订阅了什么"))
def my_subscriptions(session: Session, person: Person, gazetteer: Gazetteer) -> Reply:
    assert person.id is not None
    subs = store.subscriptions_of(session, person.id)
    if not subs:
        return Reply(f"您还没有订阅。{HOW}")
    lines = [f"{i}. {describe(s, gazetteer)}" for i, s in enumerate(subs, 1)]
    return Reply("您订阅的：\n" + "\n".join(lines) + "\n不想收了发「退订」")


@router.message(filters.private, filters.text_equals("不要推送", "别发了"))
def unsubscribe_all(session: Session, person: Person) -> list[Reply]:
    return unsubscribe_for(session, person)


# 「全部退订」「都退订了」, and the command said after why (「我下个礼拜去广东进厂了 全部退订」
# 「腰不好了 退订 搬运」): a clause of its own, last or before what it names. Not a question
# (「那怎么退订」), and not the word quoted (「他们说不想收就发 退订」: 发, 回, 说 … before it).
_UNSUB_CLAUSE = re.compile(
    r"(?:^|[\s,，。.!！;；]+)(?:那|那就|所以)?(?:我|俺)?(?:就|先|还是)?"
    r"(?P<all>全部|全都|都|统统|所有的?|一律)?(?:都)?(?:退订|取消订阅)(?:了|吧|掉)*(?=$|[\s:：,，])")
_QUOTED = re.compile(r"[发回说打写点按叫]$")


def _unsubscribe_said(ctx: Context) -> dict[str, Any] | bool:
    """「退订 …」 as a command, or said after its reason; ``args`` what it names."""
    found = filters.command("退订", "取消订阅")(ctx)
    if found:
        return found
    text = ctx.message.text.strip()
    m = _UNSUB_CLAUSE.search(text)
    if m is None:
        return False
    why = text[:m.start()].strip()
    if (not why and not m.group("all")) or (why and (ASKED.search(why) or _QUOTED.search(why))):
        return False
    return {"args": "全部" if m.group("all") else text[m.end():].strip(" :：,，")}


@router.message(filters.private, _unsubscribe_said)
def unsubscribe(args: str, session: Session, person: Person, gazetteer: Gazetteer
                ) -> list[Reply]:
    """「退订」: everything; 「退订 保洁」: that subscription only."""
    return unsubscribe_for(session, person, args=args, gazetteer=gazetteer)


def _resume_said(ctx: Context) -> bool:
    """「恢复接活」, also with why after it (「恢复接活 腰好了」): a reason that is no pause again
    (「恢复接活 不过周六没空」) and no question."""
    from handlers.reading import head_with_reason

    text = ctx.message.text
    if filters.squash(text) in _RESUME_WORDS:
        return True
    said = head_with_reason(text, RESUME)
    return said is not None and not BUSY.search(said[1])


_RESUME_WORDS = frozenset(filters.squash(w) for w in RESUME)


@router.message(filters.private, _resume_said)
def resume(session: Session, person: Person, now: datetime, gazetteer: Gazetteer,
           settings: Settings) -> list[Reply]:
    """「恢复接活」: the pause ends now, and what fits and is still open comes at once."""
    assert person.id is not None
    if not store.pause(session, person.id, None):
        return [Reply(f"您还没有订阅。{HOW}")]
    return [Reply("好的，恢复给您推送招工。"), *pushes_after_pause(session, person.id, gazetteer,
                                                                now, settings)]


# How many waiting jobs a worker hears of at once when a pause ends (the soonest first).
AFTER_PAUSE_MAX = 5


def pushes_after_pause(session: Session, person_id: int, gazetteer: Gazetteer, now: datetime,
                       settings: Settings) -> list[Reply]:
    """Open jobs that fit and were not pushed while the worker was off: matching's own pushes
    (held through quiet hours, rendered again when they go out, never twice)."""
    replies: list[Reply] = []
    replies.extend(push_each(session, jobs_for(session, person_id, gazetteer, now,
                                               limit=AFTER_PAUSE_MAX), person_id, now, settings))
    return replies


def resume_after_pauses(ctx: TaskContext) -> None:
    """Daily when quiet hours end: pauses that ended before today are cleared, and each of
    those workers gets the open jobs that fit which came while they were off."""
    now = ctx.now
    today = now.astimezone(TZ).date()
    with transaction(ctx.engine) as session:
        ended = store.ended_pauses(session, today)
        for sub in ended:
            sub.paused_from = sub.paused_until = None
            session.add(sub)
        session.flush()
        for person_id in dict.fromkeys(sub.person_id for sub in ended):
            replies = pushes_after_pause(session, person_id, ctx.gazetteer, now, ctx.settings)
            queue_replies(session, replies, None, now)


def days_named(text: str, now: datetime, gazetteer: Gazetteer) -> tuple[date, date] | None:
    """The days a 「…不接活」 or 「…有空」 speaks of, first and last: 这周 → today to Sunday,
    下周 → next Monday to Sunday, 周末, 这个月, 下个月, or the one day the words name
    (明天, 后天, 周六, 3号); None when they name none."""
    today = now.astimezone(TZ).date()
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    for words, first, last in (
        (("下周末", "下个周末"), sunday + timedelta(days=6), sunday + timedelta(days=7)),
        (("下周", "下个星期", "下礼拜", "下个礼拜", "下星期"), monday + timedelta(days=7),
         sunday + timedelta(days=7)),
        (("这周末", "周末", "这个周末", "本周末"), max(monday + timedelta(days=5), today),
         sunday),
        (("这周", "本周", "这个星期", "这礼拜", "这个礼拜", "这星期"), today, sunday),
        (("这个月", "本月"), today,
         today.replace(day=calendar.monthrange(today.year, today.month)[1])),
    ):
        if any(w in text for w in words):
            return first, last
    if "下个月" in text:
        first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    found = extract_fields(text, now, gazetteer).get("start_date")
    if isinstance(found, date) and found >= today:
        return found, found
    return None


def span_text(first: date, last: date, today: date | None = None) -> str:
    """「明天 11月27日 周五」 for one day, 「11月30日到12月6日」 for several."""
    if first == last:
        return cards.day_text(first, today)
    end = f"{last.day}日" if last.month == first.month else f"{last.month}月{last.day}日"
    return f"{first.month}月{first.day}日到{end}"


@pause_router.message(filters.private, filters.regex(SURELY_BUSY.pattern))
@router.message(filters.private, filters.regex(BUSY.pattern))
def busy(text: str, session: Session, person: Person, now: datetime, gazetteer: Gazetteer
         ) -> Reply:
    """「这周不接活」: no jobs of the days through Sunday; jobs of later days still come, and the
    jobs that came meanwhile come when the pause ends (``resume_after_pauses``). 「明天不接活」:
    tomorrow only. Without a day named, a week."""
    assert person.id is not None
    today = now.astimezone(TZ).date()
    first, last = days_named(text, now, gazetteer) or (today, today + timedelta(days=6))
    start = first if first > today else None
    if not store.pause(session, person.id, last, start):
        return Reply("好的。您还没订阅，本来也不会给您推送。")
    if start is None:
        when = f"到{last.month}月{last.day}日（周{cards.WEEKDAYS[last.weekday()]}）为止"
        days = "这几天"
    else:
        when = span_text(first, last, today)
        days = "那天" if first == last else "那几天"
    return Reply(f"好的，{when}的活不给您推送，别的日子的活照常发；"
                 f"{days}里来的活，过后还招的话再告诉您。想早点接活发「恢复接活」。")


# Who is free asked of others (「哪个有空帮我看下娃」「谁明天有时间」): not the sender's own time.
WHO_FREE = re.compile(r"(?:哪个|哪位|哪些人|谁|有没有人|有冇得人|有没得人|有人)"
                      r"[^,，.。;；!！?？\s]{0,4}?(?:有空|有时间|得空|闲着)")


def _own_time(ctx: Context) -> bool:
    return WHO_FREE.search(ctx.message.text) is None


@router.message(filters.private, filters.regex(FREE.pattern), _own_time)
def free(text: str, session: Session, person: Person, now: datetime, gazetteer: Gazetteer,
         settings: Settings) -> list[Reply]:
    """「明天有空」「下周有空」: rank this worker first for jobs on those days."""
    assert person.id is not None
    today = now.astimezone(TZ).date()
    first, last = days_named(text, now, gazetteer) or (today, today)
    created = store.set_available(session, person.id, first, now, last)
    note = f"记下了：{span_text(first, last, today)}有空。"
    if created:
        note += "您还没订阅工种，有活都会告诉您；也可以发「订阅 搬运 木鱼镇」只收某类活。"
    replies = [Reply(note)]
    replies.extend(push_each(session, jobs_for(session, person.id, gazetteer, now), person.id,
                             now, settings))
    return replies


def _not_a_post(ctx: Context) -> bool:
    """A phone sent after a post typed in pieces ends the post (bot/filters.py)."""
    return filters.parsed(ctx).intent != "job_post"


@router.message(filters.private, filters.regex(PHONE.pattern), _not_a_post)
def phone(match: re.Match[str], session: Session, person: Person) -> Reply:
    person.phone = match.group(1)
    session.add(person)
    return Reply(f"记下了，您的电话 {cards.mask_phone(person.phone)}，"
                 "只在您报名后私下告诉老板。")


# --------------------------------------------------------------------------- open jobs


LIST_WORDS = ("有没有活干|有什么活干|有什么活|有啥活|有没有活|有活吗|有么子活|找活干|找活|找工作|"
              "看看活|看活|"
              # 「有活没有」「有活路冇得」: 有活 asked as a question, at the end
              "有活(?=(?:路|儿|计)?(?:没有|没得|没|不|吗|么|啵|嘛)$)")
LIST_END = re.compile(r"[\s?？!！。.~～,，]+$")
# 活路 / 活儿 / 活计 are 活 in the mountains' words (「还有么子活路冇得」), and a question may end
# in 没有/不/吗 after it («有…没有»): neither names a kind of work or a place.
JOB_LIST = re.compile(
    rf"^(?P<before>[^\n]{{0,14}}?)\s*(?:{LIST_WORDS})(?:路|儿|计)?\s*(?P<after>[^\n]{{0,20}}?)"
    r"(?:没有|没得|没|不|吗|嘛|么|啵|呢|哦|啊|哈)*$")
LIST_MAX = 8
NEAR_WORDS = ("附近", "这边", "现在", "今天", "最近", "这几天", "这两天", "这段时间", "请问", "还",
              "的")


def _job_list(ctx: Context) -> dict[str, Any] | bool:
    """"找活", "有什么活", "找活 木鱼镇", "木鱼镇有什么活", "找活 搬运": the open jobs, near the
    person or of the work and place named. Anything more ("想在松柏找活 150以上") is a wish,
    not this."""
    m = JOB_LIST.match(LIST_END.sub("", ctx.message.text.strip()))
    if m is None:
        return False
    words = f"{m.group('before')} {m.group('after')}"
    for near in NEAR_WORDS:
        words = words.replace(near, " ")
    if not words.strip():
        return {"place": None, "kinds": []}
    wish = read_wish(words, ctx.gazetteer, None)
    if wish.unknown or wish.min_wage is not None or wish.empty:
        return False
    place = ctx.gazetteer.by_code(wish.region_code) if wish.region_code else None
    return {"place": place, "kinds": wish.work_types}


def _home(session: Session, person: Person) -> str | None:
    if person.region_code:
        return person.region_code
    assert person.id is not None
    return next((s.region_code for s in store.subscriptions_of(session, person.id)
                 if s.region_code), None)


@router.message(filters.private, _job_list)
def job_list(place: Place | None, kinds: list[str], message: Message, session: Session,
             person: Person, now: datetime, gazetteer: Gazetteer) -> Reply:
    """Open jobs, nearest and soonest first, one short line each, with how to claim; with a
    work type named, an offer to hear of the next ones (one word: 订阅)."""
    assert person.id is not None
    today = now.astimezone(TZ).date()
    jobs = store.open_jobs(session)
    if place is not None:
        jobs = [j for j in jobs
                if j.region_code is not None and gazetteer.contains(place.code, j.region_code)]
    if kinds:
        jobs = [j for j in jobs if j.work_type in kinds]
    where = place.name if place is not None else "全林区"
    what = "、".join(kinds)
    home = place.code if place is not None else _home(session, person)
    far = date.max
    jobs.sort(key=lambda j: (-place_score(home, j, gazetteer), j.start_date or far, j.id))
    shown = jobs[:LIST_MAX]
    buttons_shown = digest.shows_buttons(message.chat.id)
    offer_line = ""
    offer_buttons: tuple[Button, ...] = ()
    if kinds:
        words = " ".join([*kinds, *([place.name] if place is not None else [])])
        offer = store.add_pending(session, person.id, "seek_offer", None, now,
                                  {"text": words, "chat_region": None,
                                   "listed": [j.id for j in shown]})
        offer_line = (f"以后有{what}的活想让我私信告诉您，回「{cards.SUBSCRIBE_LABEL}」"
                      + ("或点下面的按钮。" if buttons_shown else "。"))
        offer_buttons = (Button(cards.SUBSCRIBE_LABEL, f"sub:{offer.id}"),)
    if not jobs:
        text = f"{where}现在没有在招的{what}活。"
        if offer_line:
            return Reply(f"{text}{offer_line}", buttons=offer_buttons if buttons_shown else ())
        return Reply(f"{text}发「订阅 工种 地点」，有合适的活会私信告诉您。")
    lines = [f"{where}在招的{what}活（{len(jobs)}个，近的在前）："]
    lines += [cards.list_line(j, today, cards.place_text(j)) for j in shown]
    if len(jobs) > len(shown):
        narrower = f"「找活 {what or '工种'} 镇名」" if place is None else "「找活 工种 村名」"
        lines.append(f"……还有{len(jobs) - len(shown)}个，发{narrower}看得更准")
    lines.append(f"想去回「报名【编号】」，比如「报名【{shown[0].id}】」")
    if offer_line:
        lines.append(offer_line)
    buttons = (*(cards.number_claim_button(j) for j in shown), *offer_buttons)
    return Reply("\n".join(lines), buttons=buttons if buttons_shown else ())


@router.message(filters.in_group, _job_list)
def job_list_in_group(place: Place | None, kinds: list[str], message: Message,
                      session: Session, person: Person, group: Group | None, now: datetime,
                      gazetteer: Gazetteer) -> HandlerResult:
    """「最近有什么活」 in a group is a question the group's own list answers: the open jobs of
    the group's township (or the place named), numbered as in the digest, no phone."""
    if place is None and group is not None and group.region_code:
        home = gazetteer.by_code(group.region_code)
        place = gazetteer.township_of(home) if home is not None else None
    return job_list(place, kinds, message, session, person, now, gazetteer)


# --------------------------------------------------------------------------- near home

NEAR_KIND = "near_home"  # the pending question 「要离家近的活，您住哪个村？」
NEAR_HOURS = 24  # how long it waits for its answer
# Where one lives, said as the answer: the place alone (「龙口村」), or one's home said to be
# there (「我住龙口村」「我屋在龙口村」「我屋里在龙口村」「我家就在龙口村」「我是龙口村的」
# 「住在龙口村」), a particle after it allowed. What is left must be a place and nothing else.
HOME_LEAD = re.compile(r"^(?:我|俺)?(?:们)?(?:屋里|屋头|家里|老家|家|屋)?(?:就|也)?"
                       r"(?:住在|住|在|是)?")
# The village's own team after its name (「我屋在龙口村 三组」「龙口村5组的」: 村民小组, 队, 社)
# says where in it, nothing more.
HOME_TAIL = re.compile(r"(?:[0-9一二三四五六七八九十]{1,3}(?:小组|组|队|社))?"
                       r"(?:的人|的|这边|那边|这块|那块|这里|那里|这儿|那儿)?"
                       r"(?:住|住的)?[啊呀哈噻嘛哦咯]*$")


def home_answer(text: str, gazetteer: Gazetteer) -> Place | None:
    """The village or township an answer to 「您住哪个村？」 names as one's home, else None."""
    words = filters.squash(text)
    lead = HOME_LEAD.match(words)
    rest = words[lead.end():] if lead is not None else words
    rest = HOME_TAIL.sub("", rest)
    if not rest:
        return None
    place = gazetteer.by_name(rest) or gazetteer.resolve(rest)
    return place if place is not None and place.level != "county" else None


def _near_answer(ctx: Context) -> dict[str, Any] | bool:
    if ctx.person.id is None:
        return False
    place = home_answer(ctx.message.text, ctx.gazetteer)
    if place is None:
        return False
    asked = store.open_pending(ctx.session, ctx.person.id, NEAR_KIND)
    if asked is None or ctx.now - asked.created_at > timedelta(hours=NEAR_HOURS):
        return False
    # a subscription made since answered the question of one's village; asked here, on the
    # rare bare place, rather than by a statement more on every subscription
    if store.subscribed_since(ctx.session, ctx.person.id, asked.created_at):
        return False
    return {"asked": asked, "place": place}


@seek_router.message(filters.private, _near_answer)
def near_answer(asked: Pending, place: Place, session: Session, person: Person, now: datetime,
                gazetteer: Gazetteer, settings: Settings) -> list[Reply]:
    """「我屋在龙口村」 answering 「您住哪个村？」: the wish it asked about, near that place."""
    asked.closed = True
    session.add(asked)
    text = f"{store.pending_data(asked).get('text', '')} {place.name}"
    reading = nlp.parse(text, now, gazetteer)
    return subscribe_for(session, person, text, now, gazetteer, settings=settings,
                         seek=reading.seek)


# --------------------------------------------------------------------------- seeking work


def _open_offer(session: Session, person: Person) -> Pending | None:
    assert person.id is not None
    return store.open_pending(session, person.id, "seek_offer")


def _accept_offer(session: Session, offer: Pending, person: Person, now: datetime,
                  gazetteer: Gazetteer, settings: Settings) -> list[Reply]:
    offer.closed = True
    session.add(offer)
    data = store.pending_data(offer)
    # The offer's words were said in another message: read them once, now.
    text = str(data.get("text", ""))
    region = data.get("chat_region")
    reading = nlp.parse(text, now, gazetteer,
                        chat_region=region if isinstance(region, str) else None)
    listed = data.get("listed")
    if isinstance(listed, list) and person.id is not None:
        # Jobs the offer's list showed were seen already: not pushed again.
        for job_id in listed:
            if isinstance(job_id, int):
                store.record_push(session, job_id, person.id, now)
    return subscribe_for(session, person, text, now, gazetteer, settings=settings,
                         seek=reading.seek)


def _chat_region(ctx: Context) -> str | None:
    if ctx.group is None or not ctx.group.region_code:
        return None
    place = ctx.gazetteer.by_code(ctx.group.region_code)
    return place.name if place is not None and place.level != "county" else None


# Offering to post or pass on others' jobs (「以后有活我帮忙发」「有招工的我帮大家转」): a
# village clerk or officer speaking, not someone looking for work.
# What is passed on is the post itself (发 at the clause's end, or 发招工/发信息/发活路:
# 「以后帮大家发活路」): 「帮忙发传单」 is work one can do, and so is 「帮忙发活动的传单」.
RELAY_OFFER = re.compile(
    r"(?:帮忙|帮(?:你们|大家|大伙|各位|你)|替(?:你们|大家|大伙|各位|你)?|代)(?:一起|一下)?"
    r"(?:(?:发布|发|转发|转|登记)(?:一下|出去|到群里)?"
    r"(?=$|[\s,，。.!！;；]|招工|信息|消息|通知|帖子|活(?!动))"
    r"|喊人|招人|找人)"
    # 「以后有活路就在这个群里发」: the work there is, posted by the speaker in the group
    r"|有(?:活路?|招工|事)(?:的话)?(?:就|都)?(?:在|往|到)?(?:这个|咱们?|我们)?群里?"
    r"(?:发布|发)(?:出来|给大家)?(?=$|[\s,，。.!！;；])")


def _not_relay_offer(ctx: Context) -> bool:
    return RELAY_OFFER.search(ctx.message.text.strip()) is None


def _not_favour(ctx: Context) -> bool:
    """Help asked of anyone for the sender (「哪个明天帮我背下肥料 电话…」) seeks no work,
    whatever a phone and a work in it look like."""
    return FAVOUR_ASKED.search(ctx.message.text) is None


@seek_router.message(filters.intent("work_seek"), _not_relay_offer, _not_favour)
def seek(ctx: Context, message: Message, session: Session, person: Person,
         group: Group | None, now: datetime, gazetteer: Gazetteer, settings: Settings,
         parse: Parse) -> list[Reply]:
    """Privately, a seek subscribes; in a group, the bot offers to."""
    assert person.id is not None
    if group is None:
        return subscribe_for(session, person, message.text, now, gazetteer, settings=settings,
                             seek=parse.seek)
    offer = store.add_pending(session, person.id, "seek_offer", None, now,
                              {"text": message.text, "chat_region": _chat_region(ctx)})
    wish = read_wish(message.text, gazetteer, parse.seek)
    what = "、".join(wish.work_types) or ""
    if not digest.shows_buttons(message.chat.id):  # WeChat: the words, once
        return [Reply(f"{person.name}，想找{what}活的话回复「{cards.SUBSCRIBE_LABEL}」，"
                      "有合适的活我私信告诉您。", reply_to=message.id)]
    return [Reply(f"{person.name}，想找{what}活的话点「{cards.SUBSCRIBE_LABEL}」"
                  f"（或回复「{cards.SUBSCRIBE_LABEL}」），有合适的活我私信告诉您。",
                  reply_to=message.id,
                  buttons=(Button(cards.SUBSCRIBE_LABEL, f"sub:{offer.id}"),))]


def _own_offer(ctx: Context) -> dict[str, Any] | bool:
    offer = _open_offer(ctx.session, ctx.person)
    return {"offer": offer} if offer is not None else False


@seek_router.message(filters.in_group, filters.text_equals(cards.SUBSCRIBE_LABEL), _own_offer)
def accept_in_group(offer: Pending, session: Session, person: Person, now: datetime,
                    gazetteer: Gazetteer, settings: Settings) -> list[Reply]:
    return _accept_offer(session, offer, person, now, gazetteer, settings)


@seek_router.message(filters.in_group, filters.text_equals(cards.SUBSCRIBE_LABEL))
def subscribe_in_group() -> Reply:
    return Reply("想订阅招工请私聊我，发「订阅 工种 地点」，比如「订阅 搬运 木鱼镇」。")


@router.button(filters.button("sub"))
def offer_button(arg: str, session: Session, person: Person, now: datetime,
                 gazetteer: Gazetteer, settings: Settings) -> list[Reply]:
    offer = session.get(Pending, int(arg)) if arg.isdigit() else None
    if offer is None or offer.kind != "seek_offer":
        return [Reply("这个订阅提示已失效，请私聊我发「订阅 工种 地点」。")]
    if offer.person_id != person.id:
        return [Reply("这是给别人的订阅提示。您想订阅请私聊我发「订阅 工种 地点」。")]
    if offer.closed:
        return [Reply("已经订阅过了，发「我的订阅」查看。")]
    return _accept_offer(session, offer, person, now, gazetteer, settings)
