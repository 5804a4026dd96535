"""Greeting, help, and what to say to things the bot cannot use."""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import Session

from bot import filters
from bot.clock import TZ
from bot.message import Message, Reply
from bot.router import Context, Router
from handlers.matching import dm
from handlers.posting import mask_text
from handlers.reading import AGREE
from storage import people
from storage.models import Person

router = Router("basics")
fallback = Router("fallback")

HELP = """您好，我是零工驿站的招工小助手。
招工：直接发「明天要3个搬运工，150一天，电话138…」
找活：私聊发「订阅 搬运 木鱼镇」，有合适的活会私信告诉您
报名：在招工消息下回复「我去」或「报名2人」，或点报名按钮
查看：「我的订阅」「我的报名」；不想收了发「退订」"""

NOT_UNDERSTOOD = (
    "没看明白您的意思。招工请写清工种、人数、工钱和地点；"
    "找活发「订阅 工种 地点」；发「帮助」看用法。"
)


@router.message(
    lambda ctx: bool(filters.text_equals("/start", "/help", "帮助", "help", "怎么用", "你好",
                                         "您好")(ctx))
    or (ctx.message.chat.is_private and bool(filters.text_equals("?", "？")(ctx)))
)
def help_() -> str:
    """In a group a lone 「？」 is someone's reaction (under a card, to a neighbour), not a
    call for help."""
    return HELP


def _asks_own_id(ctx: Context) -> bool:
    said = filters.squash(ctx.message.text).rstrip("?？")
    if said.startswith("/"):
        said = said.split("@", 1)[0]  # /id@the_bot in Telegram
    return said in ("我的编号", "我的編號", "我的id", "/id", "/myid")


@router.message(filters.private, _asks_own_id)
def own_ids(session: Session, person: Person) -> str:
    """The platform ids an operator writes into ``[bot] county_officers``."""
    assert person.id is not None
    ids = [i.id for i in people.identities(session, person.id)]
    lines = "\n".join(ids)
    return (f"您的编号：\n{lines}\n"
            "（要设为县级信息员，请把编号交给管理员，写进配置 [bot] county_officers。）")


@router.message(filters.private, filters.not_text)
def media_in_private() -> str:
    return "收到了，不过我只看得懂文字。招工或找活请直接打字发给我。"


@router.message(filters.not_text)
def media_in_group() -> None:
    """Photos and stickers in groups are the group's own business."""


@router.message(lambda ctx: not ctx.message.text.strip())
def empty() -> None:
    """Nothing to read."""


# What nothing else took may still be plain courtesy: a greeting said the way a phone call
# starts (「喂 你好」), thanks and a kind word (「要得 谢谢你们哈 政府搞的这个好」).
GREETING = re.compile(r"^(?:喂+|哎+|嗨|哈喽|hello|hi|老板|师傅|小助手|请问)*"
                      r"(?:你好|您好|你们好|大家好)(?:啊|呀|哈|哦)?(?:在吗|在不在)?$")
_THANKS = re.compile(r"^(?:要得|好的?|嗯+|好嘞|行|哦)*(?:谢谢|多谢|感谢|谢了)"
                     r"(?:你们|你|您|了|大家|政府|小助手|老板)*(?:哈|啊|呀|哦|啦)*$")
# Owning the trouble one gave (「麻烦你们了」「辛苦你了」「打扰了」) beside thanks is thanks too;
# with anything after it (「麻烦你帮我问下」) it is a request.
_BOTHER = re.compile(r"^(?:麻烦|辛苦|劳烦|打扰|难为)(?:你们|你|您|大家|老板)?了?"
                     r"(?:哈|啊|呀|哦|啦)*$")
# A kind word says nothing else: no wish (「有活就好」), no request (「帮我问下最好」), no
# complaint.
_KIND_WORD = re.compile(r"^(?![\u4e00-\u9fff]*[不没差烂坑骗活帮问钱工近远高低多最就要能想])"
                        r"[\u4e00-\u9fff]{0,8}(?:好|不错|方便|辛苦了|费心了)(?:得很|哦|啊|哈|呀)*$")


def _courtesy(ctx: Context) -> str | bool:
    clauses = [filters.squash(c) for c in re.split(r"[\s,，。.!！~～]+", ctx.message.text)]
    clauses = [c for c in clauses if c]
    if GREETING.match("".join(clauses)):
        return "greeting"
    thanked = any(_THANKS.match(c) for c in clauses)
    if thanked and all(_THANKS.match(c) or _KIND_WORD.match(c) or AGREE.match(c)
                       or _BOTHER.match(c) for c in clauses):
        return "thanks"
    return False


def _courteous(ctx: Context) -> bool | dict[str, str]:
    said = _courtesy(ctx)
    return {"said": said} if isinstance(said, str) else False


@fallback.message(filters.private, _courteous)
def courtesy_in_private(said: str) -> str:
    return HELP if said == "greeting" else "不客气！要招人或者想找活，随时发给我。"


@fallback.message(filters.private)
def not_understood_in_private() -> str:
    return NOT_UNDERSTOOD


@fallback.message(filters.in_group)
def group_chatter() -> None:
    """Groups talk about many things; the bot answers only what it understands."""


FAILED_NOTES_A_DAY = 10  # past this many, it is a fault for the operator, not people to call


def failure_notes(session: Session, message: Message, now: datetime) -> list[Reply]:
    """The county officers hear privately of every message the bot could not handle (the
    apology promises 「信息员会跟进」): who, where, when and what, phones masked. After
    ``FAILED_NOTES_A_DAY`` in a day one last note says so and points at ``lingong failed``."""
    midnight = now.astimezone(TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    failed_today = people.failed_since(session, midnight)  # this message counts already
    if failed_today > FAILED_NOTES_A_DAY:
        return []
    where = "私聊" if message.chat.is_private else f"「{message.chat.title or message.chat.id}」群"
    said = message.text.strip() or (f"[按钮 {message.button_data}]" if message.button_data
                                     else f"[{message.content_kind}]")
    if len(said) > 80:
        said = said[:80] + "…"
    when = message.date.astimezone(TZ).strftime("%m月%d日 %H:%M")
    text = (f"有一条消息机器人没处理好，请跟进：{message.sender.name or message.sender.id}"
            f"（{message.sender.id}）{when} 在{where}说：\n「{mask_text(said)}」\n"
            "已向本人致歉，请联系本人帮忙办理。")
    if failed_today == FAILED_NOTES_A_DAY:
        text += (f"\n今天已有{FAILED_NOTES_A_DAY}条消息没处理好，后面的不再逐条通知："
                 "请技术人员用 lingong failed 查看全部。")
    replies: list[Reply] = []
    for officer in people.county_officers(session):
        replies += dm(session, officer, text, dedupe_key=f"failed:{message.id}").replies
    return replies
