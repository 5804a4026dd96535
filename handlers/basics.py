"""Greeting, help, and what to say to things the bot cannot use."""

from __future__ import annotations

from bot import filters
from bot.router import Router

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
    filters.text_equals("/start", "/help", "帮助", "help", "?", "？", "怎么用", "你好", "您好")
)
def help_() -> str:
    return HELP


@router.message(filters.private, filters.not_text)
def media_in_private() -> str:
    return "收到了，不过我只看得懂文字。招工或找活请直接打字发给我。"


@router.message(filters.not_text)
def media_in_group() -> None:
    """Photos and stickers in groups are the group's own business."""


@router.message(lambda ctx: not ctx.message.text.strip())
def empty() -> None:
    """Nothing to read."""


@fallback.message(filters.private)
def not_understood_in_private() -> str:
    return NOT_UNDERSTOOD


@fallback.message(filters.in_group)
def group_chatter() -> None:
    """Groups talk about many things; the bot answers only what it understands."""
