"""One lingong process on Telegram and WeChat at once: ``lingong run --channels telegram,wechat``
started as an operator would (settings from ``LINGONG_*`` only), driven through both real peers.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.telegram import TelegramAdapter
from bot.adapters.wechat import WechatAdapter
from bot.cli import make_adapter
from bot.config import load_settings
from tests.e2e.harness import (
    PeerError,
    TelegramPeer,
    TgChat,
    WechatPeer,
    markup_buttons,
    run,
    wait_for,
)
from tests.e2e.live import LingongProcess

Json = dict[str, Any]
START_TIMEOUT = 40.0



def peer_env(tg: TelegramPeer, wx: WechatPeer) -> dict[str, str]:
    """What an operator sets to point lingong at Telegram and a WeChat puppet service."""
    return {
        "LINGONG_TELEGRAM_TOKEN": tg.token,
        "LINGONG_TELEGRAM_API_BASE_URL": tg.api_base,
        # The emulator answers getUpdates at once, never long-polls: poll fast instead.
        "LINGONG_TELEGRAM_POLL_INTERVAL": "0.02",
        "LINGONG_TELEGRAM_POLL_TIMEOUT": "0",
        "LINGONG_WECHAT_ENDPOINT": wx.endpoint,
        "LINGONG_WECHAT_TOKEN": wx.token,
        "LINGONG_WECHAT_START_TIMEOUT": "10",
        "LINGONG_WECHAT_SEND_INTERVAL": "0.2",
        # The process runs on the wall clock: no quiet hours, or pushes wait until 07:00.
        "LINGONG_MATCHING_QUIET_START": "00:00",
        "LINGONG_MATCHING_QUIET_END": "00:00",
    }


def test_settings_make_both_adapters(telegram_peer: TelegramPeer,
                                     wechat_peer: WechatPeer) -> None:
    """``lingong run`` builds each channel from settings with ``make_adapter``."""
    settings = load_settings(None, env={**peer_env(telegram_peer, wechat_peer),
                                        "LINGONG_BOT_CHANNELS": "telegram,wechat"})
    assert settings.bot.channels == ["telegram", "wechat"]
    tg = make_adapter("telegram", settings)
    wx = make_adapter("wechat", settings)
    assert isinstance(tg, TelegramAdapter) and isinstance(wx, WechatAdapter)
    assert (tg.platform, wx.platform) == ("telegram", "wechat")
    assert wx.endpoint == wechat_peer.endpoint and wx.limits.group_interval == 0.2


class Both:
    """The running process and a WeChat officer who can bind rooms."""

    def __init__(self, proc: LingongProcess, officer: str, prober: str) -> None:
        self.proc = proc
        self.officer = officer
        self.prober = prober


@pytest.fixture(scope="module")
def both(telegram_peer: TelegramPeer, wechat_peer: WechatPeer,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Both]:
    wx = wechat_peer

    async def contacts() -> tuple[str, str]:
        return await wx.new_contact("李主任"), await wx.new_contact("探针")

    officer, prober = asyncio.run(contacts())
    env = peer_env(telegram_peer, wechat_peer)
    env["LINGONG_BOT_COUNTY_OFFICERS"] = f"wechat:{officer}"
    proc = LingongProcess("telegram,wechat", env, tmp_path_factory.mktemp("lingong-both"))
    proc.start()
    try:
        asyncio.run(_until_serving(proc, wx, prober))
        yield Both(proc, officer, prober)
    finally:
        code = proc.stop()
    assert code == 0, f"lingong did not stop cleanly ({code}):\n{proc.output()}"


async def _until_serving(proc: LingongProcess, wx: WechatPeer, prober: str) -> None:
    """WeChat drops what is said before the bot logs in, so ask until it answers. Adapters
    start in order (telegram, then wechat): a WeChat answer means both are up."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + START_TIMEOUT
    seq = await wx.last_seq()
    while loop.time() < deadline:
        if not proc.running:
            raise PeerError(f"lingong run exited:\n{proc.output()}")
        await wx.say(prober, wx.bot_id, "帮助")
        for _ in range(25):
            if any(m["to"] == prober for m in await wx.sent(seq)):
                return
            await asyncio.sleep(0.02)
    raise PeerError(f"lingong run did not answer on WeChat within {START_TIMEOUT:.0f}s:\n"
                    f"{proc.output()}")


async def wx_said(peer: WechatPeer, since: int, to: str, *needles: str,
                  timeout: float = 30.0) -> Json:
    async def probe() -> Json | None:
        for m in await peer.sent(since):
            if m["to"] == to and all(n in m["text"] for n in needles):
                return m
        return None

    try:
        return await wait_for(probe, timeout)
    except TimeoutError:
        raise AssertionError(f"the bot never said {needles!r} to {to}") from None


async def tg_said(peer: TelegramPeer, chat: TgChat, pred: Callable[[Json], bool],
                  timeout: float = 30.0) -> Json:
    """The first new bot message in ``chat`` that satisfies ``pred`` (earlier ones are read)."""

    async def probe() -> Json | None:
        for m in await peer.bot_messages(chat):
            if pred(m):
                return m
        return None

    return await wait_for(probe, timeout)


def text_of(m: Json) -> str:
    return str(m["message"]["text"])


def test_job_from_a_wechat_room_filled_by_a_telegram_worker(
        both: Both, telegram_peer: TelegramPeer, wechat_peer: WechatPeer) -> None:
    tg, wx = telegram_peer, wechat_peer
    worker = tg.new_user("张三")
    worker_dm = tg.private_chat(worker)

    async def scenario() -> None:
        boss = await wx.new_contact("王老板")
        room = await wx.new_room("青天村零工群", [both.officer, boss])
        seq = await wx.last_seq()
        # The officer binds the WeChat room to the village, in plain words.
        await wx.say(both.officer, room, "绑定 木鱼镇青天村")
        await wx_said(wx, seq, room, "已绑定到", "青天村")
        # The employer has written to the bot privately once, so it can tell him things.
        await wx.say(boss, wx.bot_id, "你好")
        await wx_said(wx, seq, boss, "招工小助手")

        # A worker on Telegram subscribes privately.
        await tg.send_message(worker_dm, worker, "订阅 搬运 木鱼镇")
        ok = await tg_said(tg, worker_dm, lambda m: "订阅好了" in text_of(m))
        assert "搬运" in text_of(ok)

        # The job, posted in the WeChat room, gets its card there.
        seq = await wx.last_seq()
        await wx.say(boss, room, "明天要1个搬运工,150一天,电话13812345678")
        card = await wx_said(wx, seq, room, "搬运工", "回复「报名」")
        assert "13812345678" not in card["text"]

        # The Telegram worker gets the push and claims it with the button.
        push = await tg_said(tg, worker_dm, lambda m: bool(markup_buttons(m)))
        assert "搬运工" in text_of(push) and "150" in text_of(push)
        labels = dict(markup_buttons(push))
        await tg.press_button(worker, push, labels["报名"])
        got = await tg_said(tg, worker_dm, lambda m: "13812345678" in text_of(m))
        assert "搬运工" in text_of(got)

        # The employer hears it on WeChat, with the worker's name.
        await wx_said(wx, card["seq"], boss, "张三")
        # WeChat cannot edit: the room gets the card again, now full.
        full = await wx_said(wx, card["seq"], room, "已招满")
        assert "搬运工" in full["text"]

    run(scenario())


def test_one_person_links_telegram_and_wechat_by_phone(
        both: Both, telegram_peer: TelegramPeer, wechat_peer: WechatPeer) -> None:
    tg, wx = telegram_peer, wechat_peer
    user = tg.new_user("李四")
    dm = tg.private_chat(user)
    phone = "13911112222"

    async def scenario() -> None:
        me_on_wx = await wx.new_contact("李四")
        seq = await wx.last_seq()
        await wx.say(me_on_wx, wx.bot_id, f"绑定手机 {phone}")  # nobody has it yet: recorded
        await wx_said(wx, seq, me_on_wx, "已记下您的电话")

        await tg.send_message(dm, user, f"关联 {phone}")
        await tg_said(tg, dm, lambda m: "验证码已发到您的微信" in text_of(m))
        sent = await wx_said(wx, seq, me_on_wx, "您的验证码是")
        found = re.search(r"\d{6}", sent["text"])
        assert found is not None
        await tg.send_message(dm, user, found.group(0))
        await tg_said(tg, dm, lambda m: text_of(m).startswith("已关联"))
        await wx_said(wx, sent["seq"], me_on_wx, "已关联", "Telegram和微信")

        # One person now: 「我的订阅」 on WeChat shows what was subscribed on Telegram.
        await tg.send_message(dm, user, "订阅 开车 松柏镇")
        await tg_said(tg, dm, lambda m: "订阅好了" in text_of(m))
        seq = await wx.last_seq()
        await wx.say(me_on_wx, wx.bot_id, "我的订阅")
        await wx_said(wx, seq, me_on_wx, "司机", "松柏镇")

    run(scenario())


def test_the_data_directory_holds_the_database(both: Both) -> None:
    assert any(Path(both.proc.data_dir).glob("*.db")) or any(
        Path(both.proc.data_dir).glob("*.sqlite*"))


def test_the_start_is_one_log_line(both: Both) -> None:
    """What an operator sees of a good start (``lingong run`` logs at INFO by default)."""
    logged = [line for line in both.proc.output().splitlines()
              if re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [A-Z]+ ", line)]
    database = Path(both.proc.data_dir) / "lingong.db"
    assert [line.split(" ", 3)[3] for line in logged][:1] == [
        f"bot.app: lingong serving telegram, wechat; database sqlite:///{database}; "
        "county 神农架林区 (429021)"]
    assert logged[0].split(" ")[2] == "INFO"
