"""After the gig on both real peers: the evening wage check, a rating and a complaint —
Telegram with buttons, WeChat by typed words."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.clock import TZ
from tests.e2e.harness import TelegramPeer, TgUser, WechatPeer, markup_buttons, run
from tests.e2e.live import LiveApp
from tests.e2e.test_scenarios_telegram import has, text_of, until
from tests.e2e.test_scenarios_wechat import said

Json = dict[str, Any]


def evening(day: str) -> datetime:
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, 19, 1, tzinfo=TZ)


# --------------------------------------------------------------------------- Telegram


def test_telegram_wage_check_rating_and_complaint_with_buttons(
        tg_live: LiveApp, telegram_peer: TelegramPeer, tg_officer: TgUser) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("青天村干活群")
    tg_live.bind_group(f"telegram:{group.id}", group.title, "青天村")
    boss, worker = peer.new_user("王老板"), peer.new_user("刘五")
    dm, boss_dm = peer.private_chat(worker), peer.private_chat(boss)
    officer_dm = peer.private_chat(tg_officer)

    async def claim() -> None:
        for user, chat in ((worker, dm), (boss, boss_dm), (tg_officer, officer_dm)):
            await peer.send_message(chat, user, "你好")
            await until(peer, chat, lambda m: True)
        await peer.send_message(group, boss, "明天要1个搬运工,150一天,日结,电话13812345678")
        card = await until(peer, group, lambda m: bool(markup_buttons(m)))
        await peer.press_button(worker, card, dict(markup_buttons(card))["报名"])
        await until(peer, group, has("刘五", "报名成功"))

    run(claim())
    [job] = [j for j in tg_live.jobs() if j["poster"] == "王老板"]
    tg_live.advance_to(evening(job["start_date"]))

    async def after() -> None:
        asked = await until(peer, dm, has("工钱结清了吗"))
        assert "王老板的搬运活" in text_of(asked)
        labels = dict(markup_buttons(asked))
        assert set(labels) == {"结清了", "还没结", "没去成"}
        await peer.press_button(worker, asked, labels["还没结"])
        await until(peer, dm, has("欠薪编号"))
        stars = await until(peer, dm, lambda m: "5星" in dict(markup_buttons(m)))
        await peer.press_button(worker, stars, dict(markup_buttons(stars))["2星"])
        await until(peer, dm, has("记下了2星"))
        # A complaint replying to the bot's question about the job.
        await peer.send_message(dm, worker, "投诉 说好日结，到现在不给钱",
                                reply_to=peer.as_seen(asked))
        await until(peer, dm, has("已受理您的投诉"))
        told = await until(peer, officer_dm, has("投诉【1】受理"))
        assert "说好日结" in text_of(told) and "王老板" in text_of(told)

    run(after())


# --------------------------------------------------------------------------- WeChat


def test_wechat_wage_check_rating_and_complaint_by_typed_words(
        wx_live: LiveApp, wechat_peer: WechatPeer, wx_officer: str) -> None:
    peer = wechat_peer

    async def claim() -> None:
        boss = await peer.new_contact("王老板")
        worker = await peer.new_contact("刘五")
        room = await peer.new_room("青天村干活群", [boss, worker])
        wx_live.bind_group(f"wechat:{room}", "青天村干活群", "青天村")
        for who in (worker, boss, wx_officer):
            seq = await peer.last_seq()
            await peer.say(who, peer.bot_id, "你好")
            await said(peer, seq, who)
        seq = await peer.last_seq()
        await peer.say(boss, room, "明天要1个搬运工,150一天,日结,电话13812345678")
        await said(peer, seq, room, "【招工】")
        await peer.say(worker, room, "报名")
        await said(peer, seq, room, "刘五", "报名成功")
        state["worker"], state["seq"] = worker, await peer.last_seq()

    state: dict[str, Any] = {}
    run(claim())
    [job] = [j for j in wx_live.jobs() if j["poster"] == "王老板"]
    wx_live.advance_to(evening(job["start_date"]))

    async def after() -> None:
        worker = state["worker"]
        asked = await said(peer, state["seq"], worker, "工钱结清了吗")
        assert "回复「结清了」" in asked["text"] and "回复「还没结」" in asked["text"]
        await peer.say(worker, peer.bot_id, "还没结")
        case = await said(peer, asked["seq"], worker, "欠薪编号")
        await peer.say(worker, peer.bot_id, "2星")
        rated = await said(peer, case["seq"], worker, "记下了2星")
        await peer.say(worker, peer.bot_id, f"投诉【{job['id']}】 说好日结，到现在不给钱")
        await said(peer, rated["seq"], worker, "已受理您的投诉")
        told = await said(peer, rated["seq"], wx_officer, "投诉【1】受理")
        assert "说好日结" in told["text"]

    run(after())
