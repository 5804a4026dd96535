"""The web desk and station screens, asked for in chat: 「登录后台」 sends an officer a one-time
link and code privately; 「大屏 木鱼镇」 makes a station screen's address; 「撤销大屏 木鱼镇」
switches it off; 「退出后台」 ends every desk session.

Codes and addresses go only to private chats: in a group the officer is told to ask privately.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot import filters
from bot.clock import local
from bot.config import Settings
from bot.router import Filter, Router
from handlers.officers import covers, find_place, full_name, refusal, scope
from nlp.gazetteer import Gazetteer
from storage import desk
from storage.models import Person

router = Router("desk")

MAX_CODES_PER_HOUR = 5

NOT_OFFICER = "只有信息员能{action}。需要开通请找区里的信息员。"
ASK_PRIVATELY = "{what}请私聊我发「{command}」，别在群里发。"
TOO_OFTEN = "登录码一小时内最多要{n}次，请过一会儿再试。"
LOGIN = ("后台登录（{until}前有效，只能用一次）：\n{url}/login/{token}\n"
         "或在 {url}/login 输入登录码：{code}\n登录码别告诉别人；不是您要的请忽略。")
LOGGED_OUT = "已退出后台（{n}个登录的浏览器）。"
NONE_LOGGED_IN = "您现在没有登录后台。"


def screen_command(*words: str) -> Filter:
    """「大屏 木鱼镇」: the word alone or followed by a space or colon, from anyone — 「大屏幕
    坏了」 is talk, not a command, even from an officer."""
    alternatives = "|".join(sorted(words, key=len, reverse=True))
    return filters.regex(rf"^\s*(?P<command>{alternatives})(?:$|[\s:：]+(?P<args>.*)$)")


@router.message(filters.in_group, filters.text_equals("登录后台", "后台登录", "退出后台"))
def desk_in_group() -> str:
    return ASK_PRIVATELY.format(what="后台登录", command="登录后台")


@router.message(filters.private, filters.text_equals("登录后台", "后台登录"))
def login_code(session: Session, gazetteer: Gazetteer, person: Person, now: datetime,
               settings: Settings) -> str:
    assert person.id is not None
    if not scope(session, gazetteer, person):
        return NOT_OFFICER.format(action="登录后台")
    if desk.codes_since(session, person.id, now - timedelta(hours=1)) >= MAX_CODES_PER_HOUR:
        return TOO_OFTEN.format(n=MAX_CODES_PER_HOUR)
    new = desk.new_login(session, person.id, now)
    return LOGIN.format(until=f"{local(new.expires_at):%H:%M}", url=settings.web.public_url,
                        token=new.link_token, code=new.code)


@router.message(filters.private, filters.text_equals("退出后台"))
def logout(session: Session, person: Person, now: datetime) -> str:
    assert person.id is not None
    ended = desk.end_sessions_of(session, person.id, now)
    return LOGGED_OUT.format(n=ended) if ended else NONE_LOGGED_IN


@router.message(filters.in_group, screen_command("大屏", "撤销大屏", "停用大屏"))
def screen_in_group() -> str:
    return ASK_PRIVATELY.format(what="大屏地址", command="大屏 地方名")


@router.message(filters.private, screen_command("大屏"))
def make_screen(session: Session, gazetteer: Gazetteer, person: Person, args: str | None,
                now: datetime, settings: Settings) -> str:
    assert person.id is not None
    mine = scope(session, gazetteer, person)
    if not mine:
        return NOT_OFFICER.format(action="开大屏")
    if not args:
        codes = set().union(*(gazetteer.subtree_codes(r.code) for r in mine))
        live = desk.live_screens(session, codes)
        lines = [f"· {_place_name(gazetteer, s.region_code)}：{settings.web.public_url}"
                 f"/screen/{s.token}" for s in live]
        head = f"您管的地方有{len(live)}块大屏：" if live else "您管的地方还没有大屏。"
        return "\n".join([head, *lines, "新开一块发「大屏 木鱼镇」，停用发「撤销大屏 木鱼镇」。"])
    place = find_place(gazetteer, args)
    if place is None:
        return f"没找到「{args}」这个地方。请写全称，如「大屏 木鱼镇」「大屏 木鱼镇青天村」。"
    if not covers(gazetteer, mine, place.code):
        return refusal(gazetteer, mine, place, "给那里开大屏")
    row = desk.new_screen(session, place.code, person.id, now)
    return (f"{full_name(gazetteer, place)}的大屏地址（不用登录，在驿站的电视或电脑浏览器里"
            f"打开，按F11全屏）：\n{settings.web.public_url}/screen/{row.token}\n"
            f"停用发「撤销大屏 {place.name}」。")


@router.message(filters.private, screen_command("撤销大屏", "停用大屏"))
def revoke_screen(session: Session, gazetteer: Gazetteer, person: Person, args: str | None,
                  now: datetime) -> str:
    mine = scope(session, gazetteer, person)
    if not mine:
        return NOT_OFFICER.format(action="撤销大屏")
    if not args:
        return "请写上哪里的大屏，如「撤销大屏 木鱼镇」。"
    place = find_place(gazetteer, args)
    if place is None:
        return f"没找到「{args}」这个地方。"
    if not covers(gazetteer, mine, place.code):
        return refusal(gazetteer, mine, place, "撤销那里的大屏")
    rows = desk.live_screens(session, {place.code})
    if not rows:
        return f"{full_name(gazetteer, place)}没有在用的大屏。"
    desk.revoke_screens(session, rows, now)
    return f"已停用{full_name(gazetteer, place)}的{len(rows)}块大屏，原地址打不开了。"


def _place_name(g: Gazetteer, code: str) -> str:
    place = g.by_code(code)
    return full_name(g, place) if place is not None else code
