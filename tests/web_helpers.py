"""Shared by the web tests: a conversation with two townships' officers, and the web app on its
database."""

from __future__ import annotations

import re

from bot.config import Settings
from tests.conversation import Conversation, to

SECRET = "test-secret-0123456789abcdef"

# 木鱼镇 and 松柏镇, an officer each; jobs in both; a held post in each.
TWO_TOWNS = """
@now 2026-11-26 08:00
@group 青天村群 青天村
@group 松柏镇群 松柏镇
@officer 陈干事 木鱼镇
@officer 周干事 松柏镇
陈干事: 你好
周干事: 你好
小张: 订阅 搬运 木鱼镇
王老板@青天村群: 明天要2个搬运工 150一天 日结 电话13812345678
小张 [报名]
老刘@青天村群^: 我去
刘姐@青天村群: 后天要3个保洁员 120一天 电话13700002222
老周@松柏镇群: 明天要木工2个 250一天 电话13600003333
骗子@青天村群: 招刷单员 日赚300 先交押金100 电话13900001111
骗子二@松柏镇群: 招打字员 日赚300 先交押金200 电话13900002222
"""


def settings(**web: object) -> Settings:
    s = Settings()
    s.web.secret = SECRET
    for key, value in web.items():
        setattr(s.web, key, value)
    return s


def login_code(conv: Conversation, who: str) -> tuple[str, str]:
    """(code, link token) the bot sends ``who`` for 「登录后台」."""
    said = to(conv.say(f"{who}: 登录后台"), who)
    text = "\n".join(said)
    code = re.search(r"登录码：(\d{6})", text)
    link = re.search(r"/login/([\w-]+)", text)
    assert code and link, text
    return code.group(1), link.group(1)


def job_id(conv: Conversation, work_type: str) -> int:
    return next(int(j["id"]) for j in conv.jobs() if j["work_type"] == work_type)
