"""The whole bot on WeChat: real puppet service over gRPC, the full app, buttons as text.

As on Telegram, the app's clock starts on a weekday morning and runs from there
(``JumpClock``); an officer (a county officer by settings) binds rooms by typing in them.
The live app and its officer are the shared ``wx_live`` / ``wx_officer`` of ``conftest.py``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from tests.e2e.harness import WechatPeer, run
from tests.e2e.live import LiveApp

Json = dict[str, Any]


async def said(peer: WechatPeer, since: int, to: str, *needles: str, timeout: float = 30.0) -> Json:
    """The first thing the bot said to ``to`` after ``since`` that contains every needle.

    The wait is generous because a loaded CI machine (the second, faketime pass) once took
    longer than 10 s; a failure shows what the bot did say there, to tell slow from wrong."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        sent = await peer.sent(since)
        for m in sent:
            if m["to"] == to and all(n in m["text"] for n in needles):
                return m
        if asyncio.get_running_loop().time() > deadline:
            there = [m["text"] for m in sent if m["to"] == to]
            elsewhere = [(m["to"], m["text"][:60]) for m in sent if m["to"] != to]
            raise TimeoutError(f"the bot never said {needles!r} to {to}; it said {there!r}; "
                               f"elsewhere it said {elsewhere!r}")
        await asyncio.sleep(0.02)


def test_job_post_gets_a_text_card_and_a_typed_label_claims(
    wx_live: LiveApp, wechat_peer: WechatPeer
) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        boss = await peer.new_contact("王老板")
        worker = await peer.new_contact("张三")
        room = await peer.new_room("青天村零工群", [boss, worker])
        wx_live.bind_group(f"wechat:{room}", "青天村零工群", "青天村")

        seq = await peer.last_seq()
        await peer.say(boss, room, "明天要3个搬运工,150一天,电话13812345678")
        card = await said(peer, seq, room, "搬运工")
        assert "3人" in card["text"] and "150" in card["text"]
        assert "13812345678" not in card["text"]
        assert "回复「报名」" in card["text"]  # the button, as WeChat can show it

        seq = card["seq"]
        await peer.say(worker, room, "报名")
        ack = await said(peer, seq, room, "张三")
        assert "报名成功" in ack["text"]
        # No edits on WeChat: the updated card comes as a new message.
        update = await said(peer, seq, room, "【招工】", "1/3")
        assert "搬运工" in update["text"] and "回复「报名」" in update["text"]

    run(scenario())


def test_mentioning_the_bot_in_a_room_is_handled(wx_live: LiveApp, wechat_peer: WechatPeer) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        boss = await peer.new_contact("赵老板")
        room = await peer.new_room("松柏镇零工群", [boss])
        wx_live.bind_group(f"wechat:{room}", "松柏镇零工群", "松柏镇")
        seq = await peer.last_seq()
        text = f"@{peer.bot_name}\u2005后天招2个采茶工,一天120,电话13987654321"
        await peer.say(boss, room, text, mention_ids=[peer.bot_id])
        card = await said(peer, seq, room, "采茶工")
        assert "2人" in card["text"] and "回复「报名」" in card["text"]

    run(scenario())


# --- what the issue asks for, each as the users see it in the mock --------------------------


async def bind(peer: WechatPeer, wx_officer: str, room: str, place: str) -> Json:
    """The officer types 「绑定 …」 in the room itself; the bot confirms there."""
    seq = await peer.last_seq()
    await peer.say(wx_officer, room, f"绑定 {place}")
    return await said(peer, seq, room, "本群已绑定到")


async def say_hello(peer: WechatPeer, contact: str) -> None:
    """A contact writes to the bot once, so it knows their private chat."""
    seq = await peer.last_seq()
    await peer.say(contact, peer.bot_id, "你好")
    await said(peer, seq, contact)


def posted_job(wx_live: LiveApp, poster: str) -> dict[str, Any]:
    found = [j for j in wx_live.jobs() if j["poster"] == poster]
    assert len(found) == 1, found
    return found[0]


def test_push_to_a_subscriber_claimed_by_text_tells_the_employer_and_fills_the_card(
    wx_live: LiveApp, wechat_peer: WechatPeer, wx_officer: str
) -> None:
    peer = wechat_peer

    async def scenario() -> None:
        boss = await peer.new_contact("周老板")
        worker = await peer.new_contact("吴六")
        room = await peer.new_room("青天村老乡群", [wx_officer, boss, worker])
        bound = await bind(peer, wx_officer, room, "木鱼镇青天村")
        assert "青天村" in bound["text"]
        await say_hello(peer, boss)
        seq = await peer.last_seq()
        await peer.say(worker, peer.bot_id, "订阅 瓦工 木鱼镇")
        await said(peer, seq, worker, "订阅好了")

        seq = await peer.last_seq()
        await peer.say(boss, room, "明天要1个瓦工,230一天,电话13812340001")
        card = await said(peer, seq, room, "【招工】", "瓦工")
        assert "13812340001" not in card["text"] and "0/1" in card["text"]

        # The push comes privately; WeChat has no buttons, so the worker types 报名 there.
        push = await said(peer, seq, worker, "有个活适合您", "瓦工", "230")
        assert "回复「报名」" in push["text"]
        await peer.say(worker, peer.bot_id, "报名")
        confirmed = await said(peer, push["seq"], worker, "13812340001")
        assert "瓦工" in confirmed["text"]

        # The employer hears who claimed, privately.
        told = await said(peer, push["seq"], boss, "吴六", "报名了您的招工")
        assert "1/1" in told["text"]

        # No edits on WeChat: the room gets the card again, now full.
        full = await said(peer, card["seq"], room, "【招工】", "已招满")
        assert "瓦工" in full["text"]

    run(scenario())
    job = posted_job(wx_live, "周老板")
    assert job["state"] == "filled" and job["village"] == "青天村"
    assert job["claims"] == [{"person": "吴六", "count": 1, "status": "confirmed"}]


def test_officer_binds_two_rooms_broadcasts_and_both_get_the_morning_digest(
    wx_live: LiveApp, wechat_peer: WechatPeer, wx_officer: str
) -> None:
    peer = wechat_peer

    async def bind_and_post() -> tuple[str, str, str, int]:
        boss = await peer.new_contact("郑老板")
        worker = await peer.new_contact("冯七")
        village = await peer.new_room("青天村早报群", [wx_officer, boss])
        township = await peer.new_room("木鱼镇早报群", [wx_officer, worker])
        await bind(peer, wx_officer, village, "木鱼镇青天村")
        await bind(peer, wx_officer, township, "木鱼镇")

        seq = await peer.last_seq()
        await peer.say(wx_officer, peer.bot_id, "广播 本周六上午镇政府有招聘会")
        for room in (village, township):
            notice = await said(peer, seq, room, "📢 本周六上午镇政府有招聘会")
            assert "——神农架林区信息员 陈主任" in notice["text"]
        await said(peer, seq, wx_officer, "已广播到", "青天村早报群", "木鱼镇早报群")

        seq = await peer.last_seq()
        await peer.say(boss, village, "明天要2个砌砖工,260一天,电话13812340002")
        await said(peer, seq, village, "【招工】", "260")
        return village, township, worker, posted_job(wx_live, "郑老板")["id"]

    village, township, worker, job_id = run(bind_and_post())
    assert wx_live.group_region(f"wechat:{village}") == wx_live.region_code("青天村")
    assert wx_live.group_region(f"wechat:{township}") == wx_live.region_code("木鱼镇")

    seq = run(peer.last_seq())
    wx_live.advance_to(wx_live.next_morning())  # the evening, the night, then 07:30: digests

    async def mornings() -> None:
        digests = {}
        for room in (village, township):
            digests[room] = await said(peer, seq, room, "早报】", f"【{job_id}】")
        assert "【青天村早报】11月27日 周五" in digests[village]["text"]
        assert "【木鱼镇早报】11月27日 周五" in digests[township]["text"]
        # Claimed from the other room by the number the digest gives it, in plain text.
        await peer.say(worker, township, f"报名【{job_id}】")
        await said(peer, digests[township]["seq"], township, "冯七", "报名成功")

    run(mornings())
    job = wx_live.job(job_id)
    assert job["state"] == "open" and job["start_date"] == "2026-11-27"
    assert job["claims"] == [{"person": "冯七", "count": 1, "status": "confirmed"}]
