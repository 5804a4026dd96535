"""Officer tools: bind a group to a region, appoint officers, set the digest time, broadcast,
relay a job, see where something went, and the numbers.

An officer acts only inside their region's subtree; anything outside is refused with a reason.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from sqlmodel import Session, col, select

from bot import filters
from bot.clock import TZ, local
from bot.config import Settings
from bot.message import Button, Message, Reply
from bot.router import Context, Filter, Router
from handlers import cards, digest, held, matching, reading, replying, schedule, stats
from handlers.completion import complete_group_drafts
from handlers.posting import mask_text
from nlp.dates import find_times
from nlp.gazetteer import Gazetteer, Place
from storage import exposure as exposure_store
from storage import jobs as store
from storage import outbox, people, tiers
from storage.models import Group, Job, Person, Post
from storage.tiers_models import Broadcast

router = Router("officers")

LEVEL_NAMES = {"county": "区", "township": "镇", "village": "村"}
NOT_OFFICER = "只有信息员能{action}。需要开通请找区里的信息员。"
WHERE_ASKS = ("这条发到哪了", "这条发哪了", "发到哪了", "这条发到哪里了", "发到哪些群了")


# --- regions and scope ----------------------------------------------------------------------

def find_place(g: Gazetteer, text: str) -> Place | None:
    """A place as officers write it: ``青天村``, ``木鱼镇青天村``, ``神农架林区木鱼镇``."""
    t = re.sub(r"[\s,，、/]+", "", text).removesuffix("群")
    if not t:
        return None
    place = g.by_name(t) or g.resolve(t)
    if place is not None:
        return place
    for cut in range(2, len(t) - 1):
        head = g.by_name(t[:cut]) or g.resolve(t[:cut])
        if head is None or head.level == "village":
            continue
        below = g.subtree_codes(head.code)
        tail = find_place(g, t[cut:])
        if tail is not None and tail.code in below:
            return tail
        inside = [p for p in g.candidates(t[cut:]) if p.code in below]
        if len(inside) == 1:
            return inside[0]
    return None


def place_choices(g: Gazetteer, text: str) -> list[Place]:
    """Every place a written name could mean: one when it is unambiguous (「青天村」,
    「木鱼镇青天村」, 「九湖镇」), several when it is not (「红花坪」: the village and the
    community; 「红坪」: the township and its community), none when nothing fits."""
    t = re.sub(r"[\s,，、/]+", "", text).removesuffix("群")
    if not t:
        return []
    exact = g.by_name(t)
    if exact is not None and exact.name == t:
        return [exact]
    found = g.candidates(t)
    if found:
        return found
    for cut in range(2, len(t) - 1):
        head = g.by_name(t[:cut]) or g.resolve(t[:cut])
        if head is None or head.level == "village":
            continue
        below = g.subtree_codes(head.code)
        inside = [p for p in place_choices(g, t[cut:]) if p.code in below]
        if inside:
            return inside
    return []


def full_name(g: Gazetteer, place: Place) -> str:
    """``木鱼镇青天村`` for a village, the name alone otherwise."""
    if place.level == "village":
        town = g.township_of(place)
        return f"{town.name}{place.name}" if town else place.name
    return place.name


def scope(session: Session, g: Gazetteer, person: Person) -> list[Place]:
    """The regions a person is an officer for (empty: not an officer)."""
    assert person.id is not None
    return [p for c in people.officer_regions(session, person.id)
            if (p := g.by_code(c)) is not None]


def covers(g: Gazetteer, regions: list[Place], code: str) -> bool:
    """Whether an officer for ``regions`` may act on the place ``code``."""
    return any(g.contains(r.code, code) for r in regions)


def refusal(g: Gazetteer, regions: list[Place], place: Place, action: str) -> str:
    mine = "、".join(full_name(g, r) for r in regions)
    return (f"{full_name(g, place)}不归您管：您是{mine}的信息员，不能{action}。"
            "请找管那里的信息员或区里的信息员。")


def group_name(group: Group | None, chat_id: str) -> str:
    if group is not None and group.title:
        return group.title
    return chat_id.rsplit(":", 1)[-1]


def _officer_text(action: str) -> str:
    return NOT_OFFICER.format(action=action)


# --- 绑定 / 本群信息 -----------------------------------------------------------------------

# What glues to a command word to make another word: 广播站, 广播里, 统计表, 统计局, 绑定的 …;
# and talk about the command itself, the command named as a thing (「推送时间那个我搞不懂」
# 「绑定这个事」), never its argument (「广播这个月底…」 names a time).
_COMPOUND = re.compile(r"(?:站|里|室|员|表|局|的|台|说|了|过|喇叭|一下|"
                       r"(?:那|这)(?:个|件|些|事|块|种)(?![月星礼周号天年]))")


def officer_command(*words: str) -> Filter:
    """``filters.command`` for officer words. Glued to more text (「广播说明天停电」,
    「统计一下谁去」) it is a command only from an officer: other people are just talking."""
    plain = filters.command(*words)

    def flt(ctx: Context) -> dict[str, Any] | bool:
        found = plain(ctx)
        if not isinstance(found, dict):
            return False
        rest = ctx.message.text.strip()[len(found["command"]):]
        if not rest or rest[0] in " \t:：,，":
            return found
        if _COMPOUND.match(rest):
            return False  # 「广播站的喇叭又坏了」「统计表我周五交」: a word of its own
        return found if people.officer_regions(ctx.session, ctx.person.id or 0) else False

    return flt


def _bind_filter(ctx: Context) -> dict[str, Any] | bool:
    # A private "绑定 123456" belongs to account linking, not to groups.
    if not filters.in_group(ctx):
        return False
    return officer_command("绑定")(ctx)


@router.message(_bind_filter)
def bind(session: Session, gazetteer: Gazetteer, person: Person, group: Group | None,
         args: str, settings: Settings, now: datetime) -> list[Reply] | str:
    assert group is not None
    if not args:
        return "请写上地方，如「绑定 木鱼镇青天村」「绑定 松柏镇」。"
    mine = scope(session, gazetteer, person)
    if not mine:
        return _officer_text("绑定群")
    choices = place_choices(gazetteer, args)
    if not choices:
        return f"没找到「{args}」这个地方。请写全称，如「绑定 木鱼镇青天村」。"
    if len(choices) == 1:
        return bind_to(session, gazetteer, person, group, choices[0], settings, now)
    # Several places fit the name: the officer chooses; nothing is bound until then.
    allowed = [p for p in choices if covers(gazetteer, mine, p.code)]
    if not allowed:
        return refusal(gazetteer, mine, choices[0], "把群绑定到那里")
    names = "、".join(full_name(gazetteer, p) for p in choices)
    return [Reply(f"「{args}」有{len(choices)}个地方：{names}。要绑定哪一个？请点下面的按钮"
                  f"（或写全称，如「绑定 {full_name(gazetteer, allowed[0])}」）。",
                  buttons=tuple(Button(full_name(gazetteer, p), f"bind:{p.code}")
                                for p in allowed))]


@router.button(filters.in_group, filters.button("bind"))
def bind_button(session: Session, gazetteer: Gazetteer, person: Person, group: Group | None,
                arg: str, settings: Settings, now: datetime) -> list[Reply] | str:
    assert group is not None
    place = gazetteer.by_code(arg)
    if place is None:
        return "这个地方找不到了，请重新发「绑定 地方全称」。"
    mine = scope(session, gazetteer, person)
    if not mine:
        return _officer_text("绑定群")
    return bind_to(session, gazetteer, person, group, place, settings, now)


def bind_to(session: Session, gazetteer: Gazetteer, person: Person, group: Group,
            place: Place, settings: Settings, now: datetime) -> list[Reply] | str:
    """Bind ``group`` to ``place`` for an officer, then publish the drafts that waited there
    for their place."""
    mine = scope(session, gazetteer, person)
    if not covers(gazetteer, mine, place.code):
        return refusal(gazetteer, mine, place, "把群绑定到那里")
    if group.region_code and group.region_code != place.code:
        old = gazetteer.by_code(group.region_code)
        if old is not None and not covers(gazetteer, mine, old.code):
            return refusal(gazetteer, mine, old, "改这个群的绑定")
    group.region_code = place.code
    group.bound_by = person.id
    session.add(group)
    session.flush()
    schedule.schedule_changed(session)
    said = (f"好的，本群已绑定到{full_name(gazetteer, place)}"
            f"（{LEVEL_NAMES[place.level]}群）。\n"
            f"群里发的招工默认在{place.name}。\n"
            f"每天{group.digest_time}发早报：{_what_digest(gazetteer, place)}。\n"
            "改时间发「推送时间 7点」；绑错了发「解绑」。")
    return [Reply(said), *complete_group_drafts(session, group, gazetteer, settings, now)]


@router.message(filters.in_group, officer_command("解绑", "取消绑定"))
def unbind(session: Session, gazetteer: Gazetteer, person: Person, group: Group | None
           ) -> str:
    assert group is not None
    place = gazetteer.by_code(group.region_code) if group.region_code else None
    if place is None:
        return "本群还没绑定地方，不用解绑。"
    mine = scope(session, gazetteer, person)
    if not mine:
        return _officer_text("解绑群")
    if not covers(gazetteer, mine, place.code):
        return refusal(gazetteer, mine, place, "解绑这个群")
    group.region_code = None
    group.bound_by = None
    session.add(group)
    schedule.schedule_changed(session)
    return (f"本群已解绑（原来是{full_name(gazetteer, place)}）：不再发早报，群里的招工也不再"
            "默认地点。要重新绑定发「绑定 木鱼镇青天村」。")


def _private_bind(ctx: Context) -> dict[str, Any] | bool:
    """「绑定 青天村」 said privately: binding is for groups (digits are account linking)."""
    found = filters.command("绑定", "解绑")(ctx)
    if not isinstance(found, dict):
        return False
    args = str(found["args"])
    return not args[:1].isdigit() and not args.startswith(("手机", "电话", "账号", "号码"))


@router.message(filters.private, _private_bind)
def bind_in_private(text: str) -> str:
    word = "解绑" if text.strip().startswith("解绑") else "绑定"
    return (f"请在要{word}的群里发「{text.strip()}」：{word}的是发这句话的那个群。"
            "（机器人要先被拉进那个群。）")


def _what_digest(g: Gazetteer, place: Place) -> str:
    if place.level == "village":
        town = g.township_of(place)
        return f"本村、{town.name if town else '本镇'}和全区的好活"
    if place.level == "township":
        return "本镇各村的活"
    return "各乡镇的活数和当天好活"


@router.message(filters.in_group, filters.text_equals("本群信息", "群信息"))
def group_info(session: Session, gazetteer: Gazetteer, group: Group | None, now: datetime
               ) -> str:
    assert group is not None
    place = gazetteer.by_code(group.region_code) if group.region_code else None
    if place is None:
        return "本群还没绑定地方。信息员发「绑定 木鱼镇青天村」就能绑定，之后每天推送早报。"
    lines = [f"本群：{full_name(gazetteer, place)}（{LEVEL_NAMES[place.level]}群）",
             f"早报：每天{group.digest_time}，"
             + ("没活时也说一声" if group.digest_when_empty else "没活就不发"),
             f"内容：{_what_digest(gazetteer, place)}"]
    above = [place.code]
    town = gazetteer.township_of(place)
    if town is not None and town.code != place.code:
        above.append(town.code)
    above.append(gazetteer.county.code)
    officers = tiers.officers_of(session, above)
    if officers:
        names = "、".join(dict.fromkeys(
            f"{p.name}（{_place_name(gazetteer, c)}）" for p, c in officers))
        lines.append(f"信息员：{names}")
    codes = gazetteer.subtree_codes(place.code)
    mine = [j for j in tiers.takeable_jobs(session, now) if j.region_code in codes]
    lines.append(f"在招：{len(mine)}个活")
    return "\n".join(lines)


def _place_name(g: Gazetteer, code: str) -> str:
    place = g.by_code(code)
    return place.name if place is not None else code


# --- 设为信息员 -----------------------------------------------------------------------------

APPOINT = re.compile(r"^@?(?P<name>[^\s@]+)\s*(?P<region>.*)$")


@router.message(officer_command("设为信息员", "设信息员"))
def appoint(session: Session, gazetteer: Gazetteer, person: Person, group: Group | None,
            args: str, now: datetime, message: Message) -> list[Reply] | str:
    mine = scope(session, gazetteer, person)
    if not mine:
        return _officer_text("设信息员")
    quoted = people.author_of(session, message.reply_to) if message.reply_to else None
    if quoted is not None and (not args.strip() or find_place(gazetteer, args) is not None):
        # Replying to someone's message names them exactly; the words are only the place.
        name, region = quoted.name, args.strip()
    else:
        quoted = None
        m = APPOINT.match(args.strip())
        if m is None:
            return "请这样写：「设为信息员 @张三 松柏镇」。"
        name, region = m.group("name"), m.group("region").strip()
    if region:
        place = find_place(gazetteer, region)
        if place is None:
            return f"没找到「{region}」这个地方。请写全称，如「松柏镇」「木鱼镇青天村」。"
    elif group is not None and group.region_code:
        place = gazetteer.by_code(group.region_code)
        assert place is not None
    else:
        return f"请写上管哪里，如「设为信息员 @{name} 松柏镇」。"
    if not covers(gazetteer, mine, place.code):
        return refusal(gazetteer, mine, place, "在那里设信息员")
    here = message.chat.id if group is not None else None
    found = quoted if quoted is not None else _appointee(session, gazetteer, name, place, here)
    if isinstance(found, str):
        return found
    who = found
    assert who.id is not None
    people.make_officer(session, who.id, place.code, appointed_by=person.id)
    where = full_name(gazetteer, place)
    replies = [Reply(f"已设{who.name}为{where}的信息员，管{where}"
                     + ("及下面各村" if place.level != "village" else "") + "。")]
    told = [Reply(f"{person.name}已设您为{where}的信息员。在群里可用：绑定、本群信息、推送时间、"
                  "榜单时间、广播、这条发到哪了、统计。发「帮助」看用法。", chat_id=chat_id,
                  kind="notice")
            for chat_id in people.private_chats(session, who.id)]
    if not told:
        replies.append(Reply(unreachable(who.name, "设为信息员")))
    replies += told
    if told:
        replies += held.waiting_for(session, gazetteer, who.id)
    return replies


def unreachable(name: str, what: str) -> str:
    """What an officer hears when the person they acted on cannot be told privately."""
    return (f"不过{name}还没私聊过我，我没法告诉他被{what}了。请让{name}私聊我说句话"
            "（比如「帮助」），以后的通知他就能收到；这次请您当面或打电话告诉他。")


# --- 撤销信息员 -----------------------------------------------------------------------------

@router.message(officer_command("撤销信息员", "取消信息员", "免去信息员"))
def dismiss(session: Session, gazetteer: Gazetteer, person: Person, group: Group | None,
            args: str, message: Message) -> list[Reply] | str:
    mine = scope(session, gazetteer, person)
    if not mine:
        return _officer_text("撤销信息员")
    quoted = people.author_of(session, message.reply_to) if message.reply_to else None
    region = args.strip()
    if quoted is not None and (not region or find_place(gazetteer, region) is not None):
        name = quoted.name
    else:
        quoted = None
        m = APPOINT.match(region)
        if m is None:
            return "请这样写：「撤销信息员 @张三」或「撤销信息员 @张三 松柏镇」。"
        name, region = m.group("name"), m.group("region").strip()
    place: Place | None = None
    if region:
        place = find_place(gazetteer, region)
        if place is None:
            return f"没找到「{region}」这个地方。请写全称，如「松柏镇」「木鱼镇青天村」。"
    named = [quoted] if quoted is not None else people.people_named(session, name)
    roles = [(p, o) for p in named if p.id is not None
             for o in tiers.officer_rows(session, p.id)
             if place is None or o.region_code == place.code]
    if not roles:
        where = f"{full_name(gazetteer, place)}的" if place is not None else ""
        return f"{name}不是{where}信息员，没有要撤销的。"
    mine_roles = [(p, o) for p, o in roles if covers(gazetteer, mine, o.region_code)]
    if not mine_roles:
        there = gazetteer.by_code(roles[0][1].region_code)
        assert there is not None
        return refusal(gazetteer, mine, there, "撤销那里的信息员")
    if len({p.id for p, _ in mine_roles}) > 1:
        return (f"有{len({p.id for p, _ in mine_roles})}个信息员叫{name}。请回复要撤销的那位在群里"
                f"发的一条消息，发「撤销信息员」。")
    who = mine_roles[0][0]
    assert who.id is not None
    if who.id == person.id:
        return "不能撤销自己。要卸任请找区里的信息员。"
    if any(o.appointed_by is None and len(o.region_code) == len(gazetteer.county.code)
           for _, o in mine_roles):
        return (f"{who.name}是配置里写的区级信息员，要在配置 [bot] county_officers 里去掉，"
                "聊天里撤销不了。")
    places = "、".join(_place_name_full(gazetteer, o.region_code) for _, o in mine_roles)
    for _, row in mine_roles:
        session.delete(row)
    session.flush()
    replies = [Reply(f"已撤销{who.name}{places}的信息员。")]
    told = [Reply(f"{person.name}撤销了您{places}的信息员身份，之后不能再绑定群、广播、"
                  "看统计了。有疑问请找他。", chat_id=chat_id, kind="notice")
            for chat_id in people.private_chats(session, who.id)]
    if not told:
        replies.append(Reply(unreachable(who.name, "撤销信息员")))
    return replies + told


def _place_name_full(g: Gazetteer, code: str) -> str:
    place = g.by_code(code)
    return full_name(g, place) if place is not None else code


def _appointee(session: Session, gazetteer: Gazetteer, name: str, place: Place,
               here: str | None = None) -> Person | str:
    """The one person called ``name`` who lives in ``place`` or has spoken in one of its
    groups, or in the group the officer writes in (a group not bound yet: the officer sees
    whom he names there) — names are not unique across a county — or what to tell the officer."""
    named = people.people_named(session, name)
    area_chats = {g.chat_id for g in tiers.groups_in(session, gazetteer.subtree_codes(place.code))}
    if here is not None:
        area_chats.add(here)
    near = [p for p in named
            if (p.region_code and gazetteer.contains(place.code, p.region_code))
            or (p.id is not None and people.spoke_in(session, p.id, area_chats))]
    if len(near) == 1:
        return near[0]
    if not near and len(named) == 1 and named[0].id is not None and not named[0].region_code \
            and not people.spoke_in_any_group(session, named[0].id):
        return named[0]  # has only written to the bot privately: nobody else it could be
    if not near:
        return f"没找到{name}：请{name}先在{place.name}的群里说句话，再设。"
    return (f"{place.name}有{len(near)}个人叫{name}。请回复{name}在群里发的一条消息，"
            f"发「设为信息员 {place.name}」。")


# --- 放行 / 驳回 with a number that is no held post -------------------------------------------
# The review itself is posting's; a number naming no post held for review is answered here.

REVIEW_NUMBER = re.compile(rf"^\s*(?P<word>{cards.RELEASE_LABEL}|{cards.REJECT_LABEL})\s*[#＃]?"
                           r"\s*(?P<number>\d+)\s*$")


def _review_unknown(ctx: Context) -> dict[str, Any] | bool:
    m = REVIEW_NUMBER.match(ctx.message.text)
    if m is None or held.is_held_job(ctx.session, int(m.group("number"))):
        return False
    return {"word": m.group("word"), "number": int(m.group("number"))}


@router.message(_review_unknown)
def review_unknown(word: str, number: int) -> str:
    return (f"没有编号{number}的待审招工。要{word}哪条，请点招工提醒下的「{word}」按钮，"
            "或照提醒里的编号发。")


# --- 推送时间 -------------------------------------------------------------------------------

EMPTY_OFF = ("没活不发", "没活就不发", "空的不发", "无活不发", "没活不推")
EMPTY_ON = ("没活也发", "空的也发", "没活也推")


def parse_time(text: str) -> str | None:
    """``7点`` ``七点半`` ``7:30`` ``下午6点`` ``6点一刻`` → ``HH:MM``; None if no clock time.

    Spaces are dropped first: officers type 「7 点」 and 「7点 半」 too."""
    found = find_times(re.sub(r"\s+", "", text))
    return f"{found[0].time:%H:%M}" if found else None


# What an attempt at a digest time says: a number, a time of day, or the empty-days words.
# Words after 推送时间 with none of them are talk about it (「推送时间 那个我搞不懂」).
_TIMEISH = re.compile(r"[0-9一二两三四五六七八九十点半早晚时:]|上午|下午|中午|" + "|".join(
    EMPTY_OFF + EMPTY_ON))


def _digest_time_command(ctx: Context) -> dict[str, Any] | bool:
    found = officer_command("推送时间", "早报时间")(ctx)
    if isinstance(found, dict) and found["args"] and not _TIMEISH.search(
            re.sub(r"\s+", "", found["args"])):
        return False
    return found


@router.message(filters.in_group, _digest_time_command)
def digest_time(session: Session, gazetteer: Gazetteer, person: Person, group: Group | None,
                args: str) -> str:
    assert group is not None
    place = gazetteer.by_code(group.region_code) if group.region_code else None
    if place is None:
        return "本群还没绑定地方，先请信息员发「绑定 木鱼镇青天村」。"
    if not args:
        return (f"本群早报每天{group.digest_time}。改时间发「推送时间 7点」；"
                "没活时不想收，发「推送时间 7点 没活不发」。")
    mine = scope(session, gazetteer, person)
    if not mine:
        return _officer_text("改推送时间")
    if not covers(gazetteer, mine, place.code):
        return refusal(gazetteer, mine, place, "改这个群的推送时间")
    hhmm = parse_time(args)
    squashed = re.sub(r"\s+", "", args)
    empty: bool | None = None
    if any(w in squashed for w in EMPTY_OFF):
        empty = False
    elif any(w in squashed for w in EMPTY_ON):
        empty = True
    if hhmm is None and empty is None:
        return f"没看懂「{args}」。请写成「推送时间 7点」或「推送时间 7:30」。"
    refused = digest.time_refusal(hhmm) if hhmm is not None else None
    if refused is not None:
        return refused
    if hhmm is not None:
        group.digest_time = hhmm
        schedule.schedule_changed(session)
    if empty is not None:
        group.digest_when_empty = empty
    session.add(group)
    return (f"好的，本群早报改在每天{group.digest_time}，"
            + ("没活时也说一声。" if group.digest_when_empty else "没活就不发。"))


# --- 榜单时间 -------------------------------------------------------------------------------
# When a township's 荣誉榜 and 曝光台 go into its groups: a day of every month (1–28: every
# month has one) at an hour people are awake and not yet asleep. Inclusive.
BOARD_EARLIEST = time(7, 0)
BOARD_LATEST = time(20, 0)
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
BOARD_DAY = re.compile(r"(?:每月|每个月)?\s*(?P<d>\d{1,2}|[一二两三四五六七八九十]{1,3})\s*[号日]")


def _cn_day(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return _CN_DIGITS.get(text)
    high = _CN_DIGITS.get(tens, 0) if tens else 1
    low = _CN_DIGITS.get(ones, 0) if ones else 0
    return high * 10 + low if (not tens or tens in _CN_DIGITS) and (
        not ones or ones in _CN_DIGITS) else None


def board_place(g: Gazetteer, place: Place | None) -> Place | None:
    """The region a 榜单时间 is kept for: a township (a village's), or the county (the default
    of every township)."""
    if place is None or place.level == "county":
        return place
    return place if place.level == "township" else g.township_of(place)


@router.message(officer_command("榜单时间", "榜单時間"))
def board_time(session: Session, gazetteer: Gazetteer, person: Person, group: Group | None,
               args: str, now: datetime) -> str:
    mine = scope(session, gazetteer, person)
    if group is not None:
        place = board_place(gazetteer, gazetteer.by_code(group.region_code)
                            if group.region_code else None)
        if place is None:
            return "本群还没绑定地方，先请信息员发「绑定 木鱼镇」。"
    elif len(mine) == 1:
        place = board_place(gazetteer, mine[0])
    elif mine:
        return "您管着几个地方：请在要改的那个镇的群里发「榜单时间 每月1号 9点」。"
    else:
        return _officer_text("改榜单时间")
    assert place is not None
    day, hhmm = exposure_store.schedule_of(session, place.code, gazetteer.county.code)
    where = "全区各镇（镇里自己设了的除外）" if place.level == "county" else place.name
    if not args:
        return (f"{where}的荣誉榜和曝光台每月{day}号{hhmm}发到群里。"
                "改时间发「榜单时间 每月1号 9点」。")
    if not mine:
        return _officer_text("改榜单时间")
    if not covers(gazetteer, mine, place.code):
        return refusal(gazetteer, mine, place, "改那里的榜单时间")
    found = BOARD_DAY.search(args)
    new_day = _cn_day(found.group("d")) if found else None
    rest = args[:found.start()] + args[found.end():] if found else args
    new_time = parse_time(rest)
    if new_day is None or new_time is None:
        return (f"没看懂「{args}」。请写成「榜单时间 每月1号 9点」（几号、几点都要写）。"
                "榜单时间没有改。")
    if not 1 <= new_day <= 28:
        return (f"每月{new_day}号不是每个月都有。请设在1号到28号之间，"
                "比如「榜单时间 每月1号 9点」。榜单时间没有改。")
    hour, minute = (int(x) for x in new_time.split(":"))
    if not BOARD_EARLIEST <= time(hour, minute) <= BOARD_LATEST:
        return (f"榜单不能设在{new_time}发，那时大家在睡觉。请设在早上7点到晚上8点之间，"
                "比如「榜单时间 每月1号 9点」。榜单时间没有改。")
    exposure_store.set_schedule(session, place.code, new_day, new_time, person.id, now)
    schedule.schedule_changed(session)
    return f"好的，{where}的荣誉榜和曝光台改在每月{new_day}号{new_time}发到群里。"


# --- 广播 -----------------------------------------------------------------------------------

@router.message(officer_command("广播"))
def broadcast(session: Session, gazetteer: Gazetteer, person: Person, message: Message,
              args: str, now: datetime) -> list[Reply] | str:
    mine = scope(session, gazetteer, person)
    if not mine:
        return _officer_text("广播")
    if not args:
        return "请把要广播的话写在后面，如「广播 明天上午9点在村委会开招工会」。"
    targets, body = mine, args
    head, sep, rest = args.partition("：") if "：" in args else args.partition(":")
    if sep and rest.strip():
        place = find_place(gazetteer, head)
        if place is not None:
            if not covers(gazetteer, mine, place.code):
                return refusal(gazetteer, mine, place, "向那里广播")
            targets, body = [place], rest.strip()
    codes: set[str] = set()
    for region in targets:
        codes |= gazetteer.subtree_codes(region.code)
    groups = [g for g in tiers.groups_in(session, codes) if g.chat_id != message.chat.id]
    where = "、".join(full_name(gazetteer, r) for r in targets)
    if not groups:
        return f"{where}下面还没有别的绑定的群，广播没有发出。"
    assert person.id is not None
    shown = mask_text(body)
    masked = shown != body
    row = tiers.add_broadcast(session, person.id, [r.code for r in targets], shown,
                              message.chat.id, message.id, now)
    # Signed with the officer's own title: the regions of theirs that cover the targets.
    own = [r for r in mine if any(gazetteer.contains(r.code, t.code) for t in targets)]
    title = "、".join(full_name(gazetteer, r) for r in own or mine)
    signed = f"📢 {shown}\n——{title}信息员 {person.name}"
    replies = [Reply(signed, chat_id=g.chat_id, kind="broadcast", broadcast_id=row.id,
                     on_behalf_of=person.id) for g in groups]
    names = "、".join(group_name(g, g.chat_id) for g in groups[:10])
    more = f"等{len(groups)}个群" if len(groups) > 10 else f"共{len(groups)}个群"
    note = f"已广播到{names}，{more}。回复原消息发「这条发到哪了」可查。"
    if masked:
        note += ("\n广播里的电话已打码（群里不公开完整号码）。要招人请把它当招工发，"
                 "工人报名后会私下收到电话。")
    if message.chat.is_private:
        replies.append(Reply(note, broadcast_id=row.id, kind="notice"))
        return replies
    # Typed in a group: the group already reads the officer's words; the receipt is the
    # officer's alone (in the group only when the bot cannot reach them privately).
    told = [Reply(note, chat_id=chat, broadcast_id=row.id, kind="notice")
            for chat in people.private_chats(session, person.id)]
    return replies + (told or [Reply(note, broadcast_id=row.id, kind="notice")])


# --- 转发 (relay) ---------------------------------------------------------------------------

def _job_replied_to(session: Session, message: Message) -> Job | None:
    """The job of a bot message replied to, or of the employer's own post quoted."""
    job = matching.job_of_message(session, message.reply_to)
    if job is not None or not message.reply_to:
        return job
    post = session.exec(select(Post).where(Post.source_message_id == message.reply_to)).first()
    if post is None:
        return None
    return session.exec(select(Job).where(Job.post_id == post.id).order_by(col(Job.id))).first()


@router.message(lambda ctx: bool(ctx.message.reply_to), officer_command("转发"))
def relay(session: Session, gazetteer: Gazetteer, person: Person, message: Message, args: str,
          now: datetime) -> list[Reply] | str:
    mine = scope(session, gazetteer, person)
    if not mine:
        return _officer_text("转发招工")
    job = _job_replied_to(session, message)
    if job is None or job.id is None:
        return "请回复一条招工消息再发「转发」。"
    if job.status != "open":
        return "这个活现在不在招，不能转发。"
    targets = mine
    if args:
        place = find_place(gazetteer, args)
        if place is None:
            return f"没找到「{args}」这个地方。"
        if not covers(gazetteer, mine, place.code):
            return refusal(gazetteer, mine, place, "转发到那里")
        targets = [place]
    codes: set[str] = set()
    for region in targets:
        codes |= gazetteer.subtree_codes(region.code)
    already = {d.chat_id for d in tiers.deliveries(session, job_id=job.id)}
    already |= set(store.job_chats(session, job.id))
    groups = [g for g in tiers.groups_in(session, codes)
              if g.chat_id != message.chat.id and g.chat_id not in already]
    if not groups:
        return "能转发的群都已经有这个活了。"
    today = now.astimezone(TZ).date()
    # Whom to call, masked as the card it relays shows it: a relayed job is still reachable.
    text = (f"📌 招工 {digest.job_line(job, today, cards.place_text(job))}\n"
            f"联系：{cards.contact_text(job, full_phone=False)}\n"
            f"{person.name}（信息员）转发 · 回复本条「我去」报名")
    replies = []
    for g in groups:
        store.link_chat(session, job, g.chat_id, None, now)
        replies.append(Reply(text, chat_id=g.chat_id, kind="card", job_id=job.id,
                             on_behalf_of=person.id))
    names = "、".join(group_name(g, g.chat_id) for g in groups[:10])
    replies.append(Reply(f"已转发到{names}，共{len(groups)}个群。", kind="notice"))
    return replies


# --- 这条发到哪了 ---------------------------------------------------------------------------

@router.message(lambda ctx: bool(ctx.message.reply_to), filters.text_equals(*WHERE_ASKS))
def where_sent(session: Session, gazetteer: Gazetteer, person: Person, message: Message
               ) -> str:
    assert message.reply_to is not None
    sent = outbox.by_platform_id(session, message.reply_to)
    broadcast_id = sent.broadcast_id if sent is not None else None
    job: Job | None = None
    if broadcast_id is None:
        row = tiers.broadcast_by_source(session, message.reply_to)
        broadcast_id = row.id if row is not None else None
    if broadcast_id is None:
        job = _job_replied_to(session, message)
    if broadcast_id is None and job is None:
        return "这条不是招工或广播，查不到去向。请回复招工消息或广播再问。"
    mine = scope(session, gazetteer, person)
    owner = _owner(session, job, broadcast_id)
    if owner != person.id and not _covers_target(session, gazetteer, mine, job, broadcast_id):
        # The group list is the area's: an officer elsewhere does not see it.
        return ("只有这条的发布人和当地的信息员能查去向。" if mine else
                "只有信息员和发布人能查去向。")
    if job is not None:
        assert job.id is not None
        return _where_text(session, f"这条招工【{job.id}】",
                           tiers.deliveries(session, job_id=job.id), _origin(session, job))
    return _where_text(session, "这条广播", tiers.deliveries(session, broadcast_id=broadcast_id),
                       None)


def _covers_target(session: Session, g: Gazetteer, mine: list[Place], job: Job | None,
                   broadcast_id: int | None) -> bool:
    """Whether an officer for ``mine`` may see where this job or broadcast went."""
    if not mine:
        return False
    if job is not None:
        return job.region_code is None or covers(g, mine, job.region_code)
    row = session.get(Broadcast, broadcast_id)
    codes = [c for c in (row.region_codes.split("|") if row is not None else []) if c]
    return any(covers(g, mine, c) or any(g.contains(c, r.code) for r in mine) for c in codes)


def _owner(session: Session, job: Job | None, broadcast_id: int | None) -> int | None:
    if job is not None:
        return job.poster_id
    row = session.get(Broadcast, broadcast_id)
    return row.sender_id if row is not None else None


def _origin(session: Session, job: Job) -> tuple[str, datetime, str] | None:
    post = session.get(Post, job.post_id)
    if post is None:
        return None
    poster = session.get(Person, post.poster_id)
    who = poster.name if poster else "?"
    if post.on_behalf_of is not None:
        for_whom = session.get(Person, post.on_behalf_of)
        who = f"{who}替{for_whom.name if for_whom else '?'}"
    return post.chat_id, post.created_at, f"{who}发的"


KIND_NAMES = {"card": "", "digest": "早报", "broadcast": "", "reply": "", "notice": ""}


def _where_text(session: Session, what: str, found: list[tiers.Delivery],
                origin: tuple[str, datetime, str] | None) -> str:
    lines: list[str] = []
    groups = 0
    if origin is not None:
        chat_id, at, note = origin
        lines.append(f"· {_chat_name(session, chat_id)} {local(at):%m-%d %H:%M} 原帖（{note}）")
        groups += 1
    private: set[str] = set()
    names: dict[int, str] = {}
    listed = {origin[0]} if origin is not None else set()
    for d in found:
        if d.kind in ("notice", "reply"):
            continue  # our answers to the officer, not the thing itself
        if d.kind == "push" or session.get(
                Group, d.chat_id) is None:
            private.add(d.chat_id)
            continue
        if d.chat_id in listed and d.on_behalf_of is None:
            continue  # a group once: its card, the card's edits and the original post are one
        listed.add(d.chat_id)
        groups += 1
        when = f"{local(d.at):%m-%d %H:%M}" if d.at else "排队中"
        note = KIND_NAMES.get(d.kind, "")
        if d.on_behalf_of is not None:
            if d.on_behalf_of not in names:
                p = session.get(Person, d.on_behalf_of)
                names[d.on_behalf_of] = p.name if p else "?"
            note = f"{names[d.on_behalf_of]}" + ("转发" if d.kind == "card" else "发")
        lines.append(f"· {_chat_name(session, d.chat_id)} {when}" + (f" {note}" if note else ""))
    head = f"{what}发到了{groups}个群" + (f"，另私信{len(private)}人" if private else "") + "："
    if not lines:
        return f"{what}还没发到任何群" + (f"，私信了{len(private)}人。" if private else "。")
    return "\n".join([head, *lines])


def _chat_name(session: Session, chat_id: str) -> str:
    return group_name(session.get(Group, chat_id), chat_id)


# --- 统计 -----------------------------------------------------------------------------------

@router.message(officer_command("统计"))
def numbers(session: Session, gazetteer: Gazetteer, person: Person, group: Group | None,
            args: str, now: datetime) -> str:
    mine = scope(session, gazetteer, person)
    if not mine:
        return _officer_text("看统计")
    today = now.astimezone(TZ).date()
    place: Place | None = None
    since = None
    for word in args.split():
        day = stats.parse_since(word, today)
        if day is not None:
            since = day
            continue
        place = find_place(gazetteer, word)
        if place is None:
            return f"没看懂「{word}」。可以写「统计 木鱼镇 7天」「统计 本月」。"
    if place is None and group is not None and group.region_code:
        here = gazetteer.by_code(group.region_code)
        if here is not None and covers(gazetteer, mine, here.code):
            place = here
    if place is None:
        place = min(mine, key=lambda r: len(r.code))  # the widest region they look after
    if not covers(gazetteer, mine, place.code):
        return refusal(gazetteer, mine, place, "看那里的统计")
    rows = stats.compute(session, gazetteer, place.code, stats.start_of(since))
    return stats.as_text(rows, stats.start_of(since))


# --- claims from a digest --------------------------------------------------------------------
# A digest lists many jobs under numbers (【12】); "报名【12】" or "我去12号" names one. A bare
# "报名" quoting a digest cannot say which, so it is asked back instead of guessed.

# The claim words of every channel, longest first so 我报名 is not read as 我 + 报名.
CLAIM_WORDS = "(?:" + "|".join(
    re.escape(w) for w in sorted(filters.CLAIM_WORDS, key=len, reverse=True)) + ")"
BY_NUMBER = re.compile(
    rf"^\s*{CLAIM_WORDS}\s*(?:[【\[#＃]\s*(?P<a>\d+)\s*[】\]]?|(?P<b>\d+)\s*号)\s*"
    r"(?:(?P<n>\d{1,3}|[一两俩二三仨四五六七八九十])\s*[个人位名]+)?(?=\s|$|[,，。.!！])")
# 「报名【1】 报名【2】」「报名【1】 【2】」: more than one job named; which is not guessed
_ANOTHER_JOB = re.compile(r"[【\[#＃]\s*\d+|\d+\s*号|报名")
BARE_NUMBER = re.compile(rf"^\s*{CLAIM_WORDS}\s*(?P<a>\d+)\s*$")
# 「要得 报名【1】」「好的 我去3号」: agreement said first is no part of the claim
_AGREED_FIRST = re.compile(r"^\s*(?:(?:要得|得行|好的?|好嘞|行|可以|中|嗯+|没问题)[\s,，!！。~]*)+"
                           rf"(?={CLAIM_WORDS})")


def _quotes_digest(ctx: Context) -> bool:
    if not ctx.message.reply_to:
        return False
    row = outbox.by_platform_id(ctx.session, ctx.message.reply_to)
    return row is not None and row.kind == "digest"


def _claim_by_number(ctx: Context) -> dict[str, Any] | bool:
    text = _AGREED_FIRST.sub("", ctx.message.text, count=1)
    m = BY_NUMBER.match(text)
    if m is None:
        bare = BARE_NUMBER.match(text)
        m = bare if bare is not None and _quotes_digest(ctx) else None
    if m is None:
        return False
    number = m.groupdict().get("a") or m.groupdict().get("b")
    count = reading.count_word(m.groupdict().get("n"))
    rest = text[m.end():].strip(" ,，。.!！")
    phone = None
    if rest and _ANOTHER_JOB.search(rest):
        return False
    if rest:
        # 「报名【1】 我做了二十年酒席」: the same claim said with the claimer's circumstances,
        # read as a plain claim with them would be; anything else leaves it unsure.
        claim = f"报名{count}人 {rest}" if m.group("n") else f"报名 {rest}"
        # the number says which job, as a reply does: the remarks after it are the claimer's
        names = reading.claim_names(ctx, None)
        said = (reading.claim_around(claim, names=names)
                or replying.claim_with_remarks(claim, names=names))
        if said is None:
            return False
        count, phone = said
    return {"job_number": int(number or 0), "count": count, "phone": phone}


@router.message(_claim_by_number)
def claim_by_number(ctx: Context, session: Session, person: Person, job_number: int,
                    count: int, phone: str | None, now: datetime, settings: Any,
                    gazetteer: Gazetteer) -> list[Reply] | str:
    # the claim flow a reply takes: a phone said with it is the worker's to be called on
    from handlers.claims import claim_from_reading

    job = session.get(Job, job_number)
    if job is None or job.status in ("draft", "held"):
        return f"没有编号为【{job_number}】的活，请看早报上的编号。"
    if count < 1:
        return (f"报名要说几个人，比如「报名【{job_number}】2人」；"
                f"一个人就发「报名【{job_number}】」。")
    return claim_from_reading(session, job, person, {"count": count, "phone": phone},
                              ctx.message, now, settings, gazetteer)


@router.message(lambda ctx: bool(re.fullmatch(rf"\s*{CLAIM_WORDS}\s*[!！。.]*\s*",
                                              ctx.message.text)), _quotes_digest)
def claim_which(group: Group | None) -> str:
    return "早报里有好几个活，请说编号，如「报名【12】」，或点下面对应的报名按钮。"


# Group commands said privately, or said about no message: told where and how they work,
# never answered 没看明白.
@router.message(filters.private, _digest_time_command)
def digest_time_in_private(text: str) -> str:
    return (f"请在群里发「{text.strip()}」：说的是发这句话的那个群的早报时间。"
            "（只有管那里的信息员能改。）")


@router.message(filters.private, filters.text_equals("本群信息", "群信息"))
def group_info_in_private() -> str:
    return "请在群里发「本群信息」：说的是发这句话的那个群。"


@router.message(filters.private, lambda ctx: not ctx.message.reply_to,
                filters.text_equals(*WHERE_ASKS))
def where_sent_unreplied() -> str:
    return "请回复要查的那条招工或广播，再发「这条发到哪了」。"


@router.message(filters.private, lambda ctx: not ctx.message.reply_to, officer_command("转发"))
def relay_unreplied(session: Session, gazetteer: Gazetteer, person: Person) -> str:
    if not scope(session, gazetteer, person):
        return _officer_text("转发招工")
    return "请回复要转发的那条招工，再发「转发」。"

