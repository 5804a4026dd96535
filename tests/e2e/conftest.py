"""Session-scoped real peers. Without ``node`` e2e tests skip, except in CI, where they fail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.harness import TelegramPeer, WechatPeer, in_ci, node_available


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
