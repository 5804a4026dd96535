"""What the WeChat adapter asks the puppet service, on a message's way in and its answer's way
out (issue 12: every puppet call is a gRPC round trip on the path of an answer).

A room message's author is kept with its id when it is read (the latest AUTHORS_KEPT), so the
reply that @mentions them asks nothing more; a new person's name and a new room's topic are asked
at once, not one after the other."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest

from bot.adapters import wechat
from bot.adapters.base import Outgoing
from bot.adapters.wechat import WechatAdapter
from bot.message import Message
from tests.e2e.harness import Inbox, WechatPeer, run

ASKED = ("message_payload", "contact_payload", "room_payload")


class Calls:
    """The puppet calls an adapter makes, counted by name, and the most made at once."""

    def __init__(self, adapter: WechatAdapter) -> None:
        self.count: Counter[str] = Counter()
        self.asked: list[tuple[str, str]] = []
        self.in_flight = 0
        self.most_at_once = 0
        puppet = adapter._puppet
        for name in ASKED:
            setattr(puppet, name, self._counted(name, getattr(puppet, name)))

    def _counted(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        async def counted(item_id: str) -> Any:
            self.count[name] += 1
            self.asked.append((name, item_id))
            self.in_flight += 1
            self.most_at_once = max(self.most_at_once, self.in_flight)
            try:
                await asyncio.sleep(0.01)  # long enough for a second call to start meanwhile
                return await original(item_id)
            finally:
                self.in_flight -= 1

        return counted

    def reset(self) -> None:
        self.count.clear()
        self.asked.clear()
        self.most_at_once = 0


@asynccontextmanager
async def started(peer: WechatPeer) -> AsyncIterator[tuple[WechatAdapter, Inbox, Calls]]:
    adapter = WechatAdapter(peer.endpoint, peer.token, start_timeout=10, send_interval=0.1)
    inbox = Inbox()
    await adapter.start(inbox)
    try:
        yield adapter, inbox, Calls(adapter)
    finally:
        await adapter.stop()


def said(chat: str, text: str) -> Callable[[Message], bool]:
    return lambda m: m.chat.id == f"wechat:{chat}" and m.text == text


# ==== a reply into a room ====


def test_a_reply_to_a_room_message_read_here_asks_nothing_for_its_author(
        wechat_peer: WechatPeer) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        liu = await peer.new_contact("刘嫂")
        he = await peer.new_contact("何老三")
        room = await peer.new_room("双河村帮工群", [liu, he])
        async with started(peer) as (adapter, inbox, calls):
            await peer.say(liu, room, "后天找4个割稻的,一天170")
            [first] = await inbox.wait(said(room, "后天找4个割稻的,一天170"))
            await peer.say(he, room, "我家也要2个人挑谷子")
            [second] = await inbox.wait(said(room, "我家也要2个人挑谷子"))
            calls.reset()
            seq = await peer.last_seq()
            # The answer to the first post @mentions its author, not the room's latest speaker.
            await adapter.send(Outgoing(chat_id=first.chat.id, text="割稻 4人", reply_to=first.id))
            [card] = await peer.wait_sent(seq, to=room)
            assert card["text"] == "@刘嫂\u2005割稻 4人"
            assert card["mention_ids"] == [liu]
            await adapter.send(Outgoing(chat_id=second.chat.id, text="挑谷 2人",
                                        reply_to=second.id))
            [_, other] = await peer.wait_sent(seq, count=2, to=room)
            assert other["text"] == "@何老三\u2005挑谷 2人"
            assert other["mention_ids"] == [he]
            # Both authors were known from reading their messages; both names too.
            assert ("message_payload", first.id.removeprefix("wechat:")) not in calls.asked
            assert ("message_payload", second.id.removeprefix("wechat:")) not in calls.asked
            assert calls.count["contact_payload"] == 0

    run(scenario())


def test_a_reply_to_a_message_this_adapter_never_read_still_finds_its_author(
        wechat_peer: WechatPeer) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        tang = await peer.new_contact("唐婶")
        room = await peer.new_room("红岩村做工群", [tang])
        async with started(peer) as (_adapter, inbox, _calls):
            await peer.say(tang, room, "下周一要个砌墙的师傅")
            [post] = await inbox.wait(said(room, "下周一要个砌墙的师傅"))
        # Another start (a restart of lingong): nothing read before is remembered.
        async with started(peer) as (adapter, _inbox, calls):
            seq = await peer.last_seq()
            await adapter.send(Outgoing(chat_id=post.chat.id, text="砌墙 1人", reply_to=post.id))
            [card] = await peer.wait_sent(seq, to=room)
            assert card["text"] == "@唐婶\u2005砌墙 1人"
            assert card["mention_ids"] == [tang]
            assert ("message_payload", post.id.removeprefix("wechat:")) in calls.asked

    run(scenario())


def test_only_the_latest_authors_are_kept(wechat_peer: WechatPeer,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    peer = wechat_peer
    monkeypatch.setattr(wechat, "AUTHORS_KEPT", 2)

    async def scenario() -> None:
        pan = await peer.new_contact("潘叔")
        room = await peer.new_room("桃园村零工群", [pan])
        async with started(peer) as (adapter, inbox, calls):
            texts = ["周末要人摘桃", "摘桃一天130", "管中午饭"]
            for text in texts:
                await peer.say(pan, room, text)
            read = [(await inbox.wait(said(room, text)))[0] for text in texts]
            calls.reset()
            seq = await peer.last_seq()
            # The oldest of three is forgotten (two kept): its author is asked again.
            await adapter.send(Outgoing(chat_id=read[0].chat.id, text="好", reply_to=read[0].id))
            await adapter.send(Outgoing(chat_id=read[2].chat.id, text="行", reply_to=read[2].id))
            sent = await peer.wait_sent(seq, count=2, to=room)
            assert [m["text"] for m in sent] == ["@潘叔\u2005好", "@潘叔\u2005行"]
            asked = [i for name, i in calls.asked if name == "message_payload"]
            assert read[0].id.removeprefix("wechat:") in asked
            assert read[2].id.removeprefix("wechat:") not in asked

    run(scenario())


# ==== names of a room message ====


def test_a_new_speakers_name_and_a_new_rooms_topic_are_asked_at_once(
        wechat_peer: WechatPeer) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        lu = await peer.new_contact("陆二哥")
        room = await peer.new_room("石桥村做活群", [lu])
        async with started(peer) as (_adapter, inbox, calls):
            await peer.say(lu, room, "谁会开拖拉机")
            [msg] = await inbox.wait(said(room, "谁会开拖拉机"))
            assert (msg.sender.name, msg.chat.title) == ("陆二哥", "石桥村做活群")
            assert calls.count["contact_payload"] == 1 and calls.count["room_payload"] == 1
            assert calls.most_at_once == 2

            # Known now: the next message asks no name at all.
            calls.reset()
            await peer.say(lu, room, "工钱好商量")
            [_, again] = await inbox.wait(lambda m: m.chat.id == msg.chat.id, count=2)
            assert (again.sender.name, again.chat.title) == ("陆二哥", "石桥村做活群")
            assert calls.count["contact_payload"] == 0 and calls.count["room_payload"] == 0

    run(scenario())


def test_a_private_message_asks_only_its_speakers_name(wechat_peer: WechatPeer) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        xu = await peer.new_contact("许大妈")
        async with started(peer) as (_adapter, inbox, calls):
            await peer.say(xu, peer.bot_id, "在吗")
            [msg] = await inbox.wait(said(xu, "在吗"))
            assert msg.chat.title == "许大妈"
            assert calls.count["contact_payload"] == 1 and calls.count["room_payload"] == 0
            assert calls.most_at_once == 1

    run(scenario())
