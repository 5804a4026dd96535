"""「我的信息」「导出我的信息」「删除我的信息」 on both real peers: the export arrives as a file,
the erasure asks with a button (Telegram) or a reply line (WeChat), and afterwards no table
holds the person's phone, name or account."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from bot.adapters.telegram import TelegramAdapter
from bot.adapters.wechat import WechatAdapter
from bot.app import App
from bot.clock import TZ
from tests.e2e.harness import TelegramPeer, WechatPeer, markup_buttons, run, wait_for
from tests.e2e.live import JumpClock, LiveApp
from tests.e2e.test_scenarios_wechat import said
from tests.test_privacy import scan


def recorded_scan(app: App, words: list[str], timeout: float = 5.0) -> list[str]:
    """``scan`` once the farewell's send is recorded: the peer shows a message during the send,
    and the sender records it (forgetting the farewell's chat) in its next round, just after."""
    found: list[str] = scan(app.engine, words)
    deadline = time.monotonic() + timeout
    while found and time.monotonic() < deadline:
        time.sleep(0.05)
        found = scan(app.engine, words)
    return found

Json = dict[str, Any]
START = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)  # a Thursday, 09:00
PHONE = "13900002222"


@pytest.fixture(scope="module")
def tg_live(telegram_peer: TelegramPeer, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[LiveApp]:
    peer = telegram_peer

    def adapter() -> TelegramAdapter:
        return TelegramAdapter(peer.token, base_url=peer.api_base, poll_interval=0.02,
                               poll_timeout=0)

    app = LiveApp(adapter, tmp_path_factory.mktemp("lingong-tg-privacy"),
                  clock=JumpClock(START)).start()
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture(scope="module")
def wx_live(wechat_peer: WechatPeer, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[LiveApp]:
    peer = wechat_peer

    def adapter() -> WechatAdapter:
        return WechatAdapter(peer.endpoint, peer.token, start_timeout=10, send_interval=0.2)

    app = LiveApp(adapter, tmp_path_factory.mktemp("lingong-wx-privacy"),
                  clock=JumpClock(START)).start()
    try:
        yield app
    finally:
        app.stop()


def text_of(m: Json) -> str:
    return str(m["message"].get("text", ""))


def has(*needles: str) -> Any:
    return lambda m: all(n in text_of(m) for n in needles)


def test_telegram_see_export_and_erase(tg_live: LiveApp, telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("青天村隐私群")
    tg_live.bind_group(f"telegram:{group.id}", group.title, "青天村")
    boss, worker = peer.new_user("钱老板"), peer.new_user("赵铁柱")
    boss_dm, dm = peer.private_chat(boss), peer.private_chat(worker)

    async def scenario() -> None:
        await peer.send_message(boss_dm, boss, "你好")
        await peer.send_message(dm, worker, f"电话{PHONE}")
        await peer.wait_bot_history(dm, has("记下了"))
        await peer.wait_bot_history(boss_dm, lambda m: True)  # the boss is reachable privately
        await peer.send_message(group, boss, "明天要2个小工,140一天,电话13700001111")
        card = await peer.wait_bot_history(group, lambda m: bool(markup_buttons(m)))
        await peer.press_button(worker, card, dict(markup_buttons(card))["报名"])
        await peer.wait_bot_history(boss_dm, has("赵铁柱", "报名了您的招工"))

        await peer.send_message(dm, worker, "我的信息")
        shown = await peer.wait_bot_history(dm, has("零工驿站存着的您的信息"))
        assert f"电话：{PHONE}" in text_of(shown) and "钱老板（您报名了他的招工" in text_of(shown)

        await peer.send_message(dm, worker, "导出我的信息")
        sent = await peer.wait_bot_history(dm, lambda m: "document" in m["message"])
        document = sent["message"]["document"]
        assert document["file_name"].endswith(".txt")
        assert "【基本】" in document["content"] and PHONE in document["content"]

        await peer.send_message(dm, worker, "删除我的信息")
        asked = await peer.wait_bot_history(dm, has("删除后不能恢复"))
        buttons = dict(markup_buttons(asked))
        assert set(buttons) == {"确认删除", "不删了"}
        await peer.press_button(worker, asked, buttons["确认删除"])
        await peer.wait_bot_history(dm, has("已删除。"))
        await peer.wait_bot_history(boss_dm, has("已注销用户 取消了报名"))

    run(scenario())
    [job] = [j for j in tg_live.jobs() if j["poster"] == "钱老板"]
    assert job["claims"] == [{"person": "已注销用户", "count": 1, "status": "cancelled"}]
    assert tg_live.app is not None
    assert recorded_scan(tg_live.app, [PHONE, "赵铁柱", f"telegram:{worker.id}"]) == []


def test_wechat_see_export_and_erase(wx_live: LiveApp, wechat_peer: WechatPeer) -> None:
    peer = wechat_peer

    async def scenario() -> str:
        boss = await peer.new_contact("孙老板")
        worker = await peer.new_contact("钱铁柱")
        room = await peer.new_room("松柏镇隐私群", [boss, worker])
        wx_live.bind_group(f"wechat:{room}", "松柏镇隐私群", "松柏镇")
        bot = peer.bot_id

        seq = await peer.last_seq()
        await peer.say(boss, bot, "你好")
        await peer.say(worker, bot, f"电话{PHONE}")
        await said(peer, seq, worker, "记下了")
        await said(peer, seq, boss)  # the boss can be written to privately from here on
        await peer.say(boss, room, "明天要2个小工,140一天,电话13700001111")
        card = await said(peer, seq, room, "【招工】")
        await peer.say(worker, room, "报名")
        await said(peer, card["seq"], boss, "钱铁柱", "报名了您的招工")

        seq = await peer.last_seq()
        await peer.say(worker, bot, "我的信息")
        shown = await said(peer, seq, worker, "零工驿站存着的您的信息")
        assert f"电话：{PHONE}" in shown["text"]

        seq = await peer.last_seq()
        await peer.say(worker, bot, "导出我的信息")
        await said(peer, seq, worker, "这是零工驿站存着的您的全部信息")
        async def a_file() -> Json | None:
            return next((m for m in await peer.sent(seq) if m.get("file_name")), None)

        exported = await wait_for(a_file, 10)
        assert exported["to"] == worker and exported["file_name"].endswith(".txt")
        assert "【基本】" in exported["file_text"] and PHONE in exported["file_text"]

        seq = await peer.last_seq()
        await peer.say(worker, bot, "刪除我的資訊")  # Traditional, as typed on some phones
        asked = await said(peer, seq, worker, "删除后不能恢复")
        assert "回复「确认删除」" in asked["text"]
        await peer.say(worker, bot, "确认删除")
        await said(peer, asked["seq"], worker, "已删除。")
        await said(peer, asked["seq"], boss, "已注销用户 取消了报名")
        return worker

    worker = run(scenario())
    [job] = [j for j in wx_live.jobs() if j["poster"] == "孙老板"]
    assert job["claims"] == [{"person": "已注销用户", "count": 1, "status": "cancelled"}]
    assert wx_live.app is not None
    assert recorded_scan(wx_live.app, [PHONE, "钱铁柱", f"wechat:{worker}"]) == []
