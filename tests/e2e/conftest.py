"""Session-scoped real peers. Without ``node`` e2e tests skip, except in CI, where they fail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from bot.adapters.telegram import TelegramAdapter
from bot.adapters.wechat import WechatAdapter
from bot.clock import TZ
from tests.e2e.harness import TelegramPeer, TgUser, WechatPeer, in_ci, node_available, run
from tests.e2e.live import JumpClock, LiveApp


def _require_node() -> None:
    if node_available():
        return
    if in_ci():
        pytest.fail("node is not installed, and CI must run the end-to-end tests (.ci/peers.sh)")
    pytest.skip("node is not installed: the real Telegram/WeChat peers need Node.js 20+")


@pytest.fixture(scope="session")
def telegram_peer() -> Iterator[TelegramPeer]:
    _require_node()
    peer = TelegramPeer.start()
    try:
        yield peer
    finally:
        peer.stop()


@pytest.fixture(scope="session")
def wechat_peer() -> Iterator[WechatPeer]:
    _require_node()
    peer = WechatPeer.start()
    try:
        yield peer
    finally:
        peer.stop()


# A live app on each peer with a county officer, started afresh for each module that uses it
# (after the gig, the 曝光台), on a clock the test moves.
START = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)  # a Thursday, 09:00


@pytest.fixture(scope="module")
def tg_officer(telegram_peer: TelegramPeer) -> TgUser:
    return telegram_peer.new_user("陈主任")


@pytest.fixture(scope="module")
def tg_live(telegram_peer: TelegramPeer, tg_officer: TgUser,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    peer = telegram_peer

    def adapter() -> TelegramAdapter:
        return TelegramAdapter(peer.token, base_url=peer.api_base, poll_interval=0.02,
                               poll_timeout=0)

    app = LiveApp(adapter, tmp_path_factory.mktemp("lingong-tg-live"), clock=JumpClock(START),
                  officers=[f"telegram:{tg_officer.id}"]).start()
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture(scope="module")
def wx_officer(wechat_peer: WechatPeer) -> str:
    return run(wechat_peer.new_contact("陈主任"))


@pytest.fixture(scope="module")
def wx_live(wechat_peer: WechatPeer, wx_officer: str,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    peer = wechat_peer

    def adapter() -> WechatAdapter:
        return WechatAdapter(peer.endpoint, peer.token, start_timeout=10, send_interval=0.2)

    app = LiveApp(adapter, tmp_path_factory.mktemp("lingong-wx-live"), clock=JumpClock(START),
                  officers=[f"wechat:{wx_officer}"]).start()
    try:
        yield app
    finally:
        app.stop()
