"""The 曝光台 on both real peers: an officer rejects a scam post (Telegram: the [驳回] button;
WeChat: 「驳回 N」 typed), the poster hears it privately with the masked phone and may 申诉;
a new post with that phone is held while the entry stands; the officer's 撤下 withdraws it."""

from __future__ import annotations

from typing import Any

from tests.e2e.harness import TelegramPeer, TgUser, WechatPeer, markup_buttons, run
from tests.e2e.live import LiveApp
from tests.e2e.test_scenarios_telegram import has, text_of, until
from tests.e2e.test_scenarios_wechat import said

Json = dict[str, Any]
SCAM = "招搬运工5名，日结300，先交押金200，木鱼镇青天村，电话13700001111"
AGAIN = "明天要2个搬运工 150一天 青天村 电话13700001111"


def test_telegram_reject_appeal_and_withdraw(
        tg_live: LiveApp, telegram_peer: TelegramPeer, tg_officer: TgUser) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("青天村曝光群")
    tg_live.bind_group(f"telegram:{group.id}", group.title, "青天村")
    poster = peer.new_user("老黑")
    poster_dm, officer_dm = peer.private_chat(poster), peer.private_chat(tg_officer)

    async def play() -> None:
        for user, chat in ((poster, poster_dm), (tg_officer, officer_dm)):
            await peer.send_message(chat, user, "你好")
            await until(peer, chat, lambda m: True)
        await peer.send_message(group, poster, SCAM)
        held = await until(peer, officer_dm, has("扣下未推送"))
        await peer.press_button(tg_officer, held, dict(markup_buttons(held))["驳回"])
        await until(peer, officer_dm, has("曝光台"))
        told = await until(peer, poster_dm, has("申诉 1"))
        assert "137****1111" in text_of(told) and "13700001111" not in text_of(told)
        # While the entry stands, a new post with that phone waits for an officer.
        await peer.send_message(group, poster, AGAIN)
        await until(peer, group, has("等信息员核实"))
        await until(peer, officer_dm, has("曝光台", "137****1111"))
        await peer.send_message(poster_dm, poster, "申诉 1 是别人冒用我的电话")
        note = await until(peer, officer_dm, has("冒用", "撤下 1"))
        assert "13700001111" not in text_of(note)
        await peer.send_message(officer_dm, tg_officer, "撤下 1 核实是冒用")
        await until(peer, officer_dm, has("已撤下"))
        await until(peer, poster_dm, has("申诉通过"))
        for m in await peer.bot_messages(group):
            assert "13700001111" not in text_of(m)

    run(play())


def test_wechat_reject_appeal_and_withdraw_by_typed_words(
        wx_live: LiveApp, wechat_peer: WechatPeer, wx_officer: str) -> None:
    peer = wechat_peer

    async def play() -> None:
        poster = await peer.new_contact("老黑")
        other = await peer.new_contact("刘五")
        room = await peer.new_room("青天村曝光群", [poster, other])
        wx_live.bind_group(f"wechat:{room}", "青天村曝光群", "青天村")
        for who in (poster, wx_officer):
            seq = await peer.last_seq()
            await peer.say(who, peer.bot_id, "你好")
            await said(peer, seq, who)
        seq = await peer.last_seq()
        await peer.say(poster, room, SCAM)
        held = await said(peer, seq, wx_officer, "扣下未推送")
        [job] = [j for j in wx_live.jobs() if j["poster"] == "老黑"]
        await peer.say(wx_officer, peer.bot_id, f"驳回 {job['id']}")
        told = await said(peer, held["seq"], poster, "申诉 1")
        assert "137****1111" in told["text"] and "13700001111" not in told["text"]
        await peer.say(poster, room, AGAIN)
        await said(peer, told["seq"], room, "等信息员核实")
        await peer.say(poster, peer.bot_id, "申诉 1 是别人冒用我的电话")
        note = await said(peer, told["seq"], wx_officer, "冒用", "撤下 1")
        await peer.say(wx_officer, peer.bot_id, "撤下 1 核实是冒用")
        await said(peer, note["seq"], poster, "申诉通过")
        for m in await peer.sent(seq):
            assert m["to"] != room or "13700001111" not in m["text"]

    run(play())
