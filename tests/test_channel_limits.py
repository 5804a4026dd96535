"""WeChat's send_interval spaces group sends only, as documented: one 报名 answers the group,
the worker and the employer at once, while two group sends stay send_interval apart."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from bot.adapters.base import Outgoing
from bot.adapters.wechat import WechatAdapter
from bot.clock import ManualClock
from bot.outbox import Sender
from storage.db import transaction
from storage.models import Group
from tests.test_dispatcher import START
from tests.test_outbox import engine_at, queue

ROOM = "wechat:room1@chatroom"
ROOM2 = "wechat:room2@chatroom"


class WechatLike:
    """Records sends under the real WeChat adapter's limits."""

    platform = "wechat"
    supports_buttons = False
    supports_edit = False
    supports_files = False

    def __init__(self, send_interval: float) -> None:
        self.limits = WechatAdapter("127.0.0.1:1", "token-x", send_interval=send_interval).limits
        self.sent: list[Outgoing] = []

    async def start(self, inbound: object) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, out: Outgoing) -> str:
        self.sent.append(out)
        return f"wechat:m{len(self.sent)}"


def test_send_interval_spaces_group_sends_and_not_private_ones(tmp_path: Path) -> None:
    engine = engine_at(tmp_path)
    with transaction(engine) as session:
        session.add(Group(chat_id=ROOM, title="青天村群"))
        session.add(Group(chat_id=ROOM2, title="木鱼镇群"))
    clock = ManualClock(START)
    adapter = WechatLike(send_interval=3.0)
    sender = Sender(engine, {"wechat": adapter}, clock)
    # One 报名: the group hears it, the worker and the employer privately; a second group too.
    queue(engine, "张三报名成功", chat_id=ROOM)
    queue(engine, "报名成功，老板电话…", chat_id="wechat:wxid_zhang")
    queue(engine, "张三报名了您的招工", chat_id="wechat:wxid_boss")
    queue(engine, "早报", chat_id=ROOM2)

    first = asyncio.run(sender.drain())
    assert [o.chat_id for o in adapter.sent] == [ROOM, "wechat:wxid_zhang", "wechat:wxid_boss"]
    # the other group waits its turn (the sender may wake earlier, when the platform's own
    # 3-a-second window frees)
    assert first.next_wake is not None and START < first.next_wake <= START + timedelta(seconds=3)
    clock.advance(timedelta(seconds=2.9))
    asyncio.run(sender.drain())
    assert len(adapter.sent) == 3
    clock.advance(timedelta(seconds=0.1))
    asyncio.run(sender.drain())
    assert [o.chat_id for o in adapter.sent][-1] == ROOM2
