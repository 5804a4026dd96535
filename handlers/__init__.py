"""What the bot does. ``build_router`` includes every handler router, in match order;
``build_renderers`` names the renderers of messages made again when they go out."""

from __future__ import annotations

from bot.router import Router
from handlers import (
    aftercare,
    basics,
    complaints,
    desk,
    exposure,
    honour,
    link,
    matching,
    notices,
    officers,
    privacy,
    work,
)
from handlers.schedule import build_tasks, sync_if_changed, sync_schedule
from storage.outbox import Renderer

__all__ = ["build_renderers", "build_router", "build_tasks", "sync_if_changed", "sync_schedule"]


def build_router() -> Router:
    root = Router("root")
    root.include(basics.router)  # help, media, empty messages
    root.include(privacy.router)  # 我的信息 …, and the erase question's answer before 取消
    root.include(link.router)  # 绑定手机 and its code: before the officers' 绑定 and posts
    root.include(officers.router)  # 绑定, 广播, 统计 … before posts: "广播 明天要人" is a broadcast
    root.include(desk.router)  # 登录后台, 大屏: the web desk and station screens
    root.include(aftercare.router)  # wage checks, ratings: answers to the bot's questions
    root.include(complaints.router)  # 投诉, and the officers' 处理 / 结案
    root.include(honour.router)  # 上榜 / 不上榜 / 荣誉榜
    root.include(exposure.router)  # 曝光台, 曝光 欠薪/投诉 N, 申诉, 维持 / 撤下
    root.include(work.router)  # posting, claims, subscriptions
    root.include(basics.fallback)  # last: catches what nothing else took
    return root


def build_renderers() -> dict[str, Renderer]:
    """Outbox rows with ``render`` set are made again by these when they go out (a reply's
    ``render``/``render_data``; see storage/outbox.py)."""
    return {**matching.RENDERERS, **notices.RENDERERS}
