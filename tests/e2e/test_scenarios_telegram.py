"""The whole bot on Telegram: real emulator, real PTB, the full app (dispatcher, outbox, sender).

The app's clock starts on a weekday morning and runs from there (``JumpClock``): pushes are
not held for quiet hours whenever the tests run, and a test can jump to the next morning to
fire the digests. An officer (a county officer by settings) binds groups by typing in them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from bot.adapters.telegram import TelegramAdapter
from bot.clock import TZ
from tests.e2e.harness import TelegramPeer, TgChat, TgUser, markup_buttons, run, wait_for
from tests.e2e.live import JumpClock, LiveApp

Json = dict[str, Any]
START = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)  # a Thursday, 09:00



@pytest.fixture(scope="module")
def officer(telegram_peer: TelegramPeer) -> TgUser:
    return telegram_peer.new_user("李主任")


@pytest.fixture(scope="module")
def live(
    telegram_peer: TelegramPeer, officer: TgUser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveApp]:
    peer = telegram_peer

    def adapter() -> TelegramAdapter:
        return TelegramAdapter(
            peer.token, base_url=peer.api_base, poll_interval=0.02, poll_timeout=0
        )

    app = LiveApp(adapter, tmp_path_factory.mktemp("lingong-tg"), clock=JumpClock(START),
                  officers=[f"telegram:{officer.id}"]).start()
    try:
        yield app
    finally:
        app.stop()


async def until(peer: TelegramPeer, chat: TgChat, pred: Any, timeout: float = 30.0) -> Json:
    """The first new bot message in ``chat`` that satisfies ``pred`` (earlier ones are read)."""

    async def probe() -> Json | None:
        for m in await peer.bot_messages(chat):
            if pred(m):
                return m
        return None

    return await wait_for(probe, timeout)


async def edited(peer: TelegramPeer, chat: TgChat, message_id: int, needle: str) -> Json:
    async def probe() -> Json | None:
        m = await peer.bot_message(chat.id, message_id)
        return m if m is not None and needle in m["message"]["text"] else None

    return await wait_for(probe, 10)


def test_job_post_gets_a_card_and_a_button_press_claims(
    live: LiveApp, telegram_peer: TelegramPeer
) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("青天村零工群")
    live.bind_group(f"telegram:{group.id}", group.title, "青天村")
    boss, worker = peer.new_user("王老板"), peer.new_user("张三")

    async def scenario() -> None:
        await peer.send_message(group, boss, "明天要3个搬运工,150一天,电话13812345678")
        card = await until(peer, group, lambda m: bool(markup_buttons(m)))
        text = card["message"]["text"]
        assert "搬运工" in text and "3人" in text and "150" in text
        assert "13812345678" not in text  # the phone stays private in the group
        labels = dict(markup_buttons(card))
        assert "报名" in labels

        await peer.press_button(worker, card, labels["报名"])
        ack = await until(peer, group, lambda m: "张三" in m["message"]["text"])
        assert "报名成功" in ack["message"]["text"]
        await edited(peer, group, card["messageId"], "1/3")

    run(scenario())


def test_claimant_sees_the_phone_in_private(live: LiveApp, telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("红坪镇零工群")
    live.bind_group(f"telegram:{group.id}", group.title, "红坪镇")
    boss, worker = peer.new_user("钱老板"), peer.new_user("孙五")
    dm = peer.private_chat(worker)

    async def scenario() -> None:
        await peer.send_message(group, boss, "明天要2个小工,140一天,电话13700001111")
        card = await until(peer, group, lambda m: bool(markup_buttons(m)))
        await peer.press_button(worker, card, dict(markup_buttons(card))["报名"])
        await until(peer, group, lambda m: "孙五" in m["message"]["text"])
        await peer.send_message(dm, worker, "我的报名")
        mine = await until(peer, dm, lambda m: True)
        assert "13700001111" in mine["message"]["text"]

    run(scenario())


def test_typed_claim_in_reply_to_the_card(live: LiveApp, telegram_peer: TelegramPeer) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("松柏镇零工群")
    live.bind_group(f"telegram:{group.id}", group.title, "松柏镇")
    boss, worker = peer.new_user("赵老板"), peer.new_user("李四")

    async def scenario() -> None:
        await peer.send_message(group, boss, "后天招2个采茶工,一天120,电话13987654321")
        card = await until(peer, group, lambda m: bool(markup_buttons(m)))
        await peer.send_message(group, worker, "报名", reply_to=peer.as_seen(card))
        ack = await until(peer, group, lambda m: "李四" in m["message"]["text"])
        assert "报名成功" in ack["message"]["text"]
        await edited(peer, group, card["messageId"], "1/2")

    run(scenario())


# --- what the issue asks for, each as the users see it in the emulator ----------------------


def text_of(m: Json) -> str:
    return str(m["message"].get("text", ""))


def has(*needles: str) -> Any:
    return lambda m: all(n in text_of(m) for n in needles)


def job_id_of(card: Json) -> int:
    """The job a card or push is about, from its 报名 button (``claim:<job id>``)."""
    data = dict(markup_buttons(card))["报名"]
    prefix, _, job_id = data.partition(":")
    assert prefix == "claim", data
    return int(job_id)


async def bind(peer: TelegramPeer, officer: TgUser, group: TgChat, place: str) -> Json:
    """The officer types 「绑定 …」 in the group itself; the bot confirms there."""
    await peer.send_message(group, officer, f"绑定 {place}")
    return await peer.wait_bot_history(group, has("本群已绑定到"))


async def say_hello(peer: TelegramPeer, user: TgUser) -> None:
    """A user opens the private chat (Telegram bots cannot write to anyone first)."""
    dm = peer.private_chat(user)
    await peer.send_message(dm, user, "你好")
    await peer.wait_bot_history(dm, lambda m: True)


def test_push_to_a_subscriber_claimed_by_button_tells_the_employer_and_fills_the_card(
    live: LiveApp, telegram_peer: TelegramPeer, officer: TgUser
) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("青天村老乡群")
    boss, worker = peer.new_user("周老板"), peer.new_user("吴六")
    boss_dm, worker_dm = peer.private_chat(boss), peer.private_chat(worker)

    async def scenario() -> None:
        bound = await bind(peer, officer, group, "木鱼镇青天村")
        assert "青天村" in text_of(bound)
        await say_hello(peer, boss)
        await peer.send_message(worker_dm, worker, "订阅 瓦工 木鱼镇")
        await peer.wait_bot_history(worker_dm, has("订阅好了"))

        await peer.send_message(group, boss, "明天要1个瓦工,230一天,电话13812340001")
        card = await peer.wait_bot_history(group, has("【招工】", "瓦工"))
        job_id = job_id_of(card)
        assert "13812340001" not in text_of(card) and "0/1" in text_of(card)

        # The push comes privately, with its own 报名 button; pressing it claims.
        push = await peer.wait_bot_history(
            worker_dm, lambda m: bool(markup_buttons(m)) and job_id_of(m) == job_id)
        assert "有个活适合您" in text_of(push) and "230" in text_of(push)
        await peer.press_button(worker, push, dict(markup_buttons(push))["报名"])
        confirmed = await peer.wait_bot_history(worker_dm, has("13812340001"))
        assert "瓦工" in text_of(confirmed)

        # The employer hears who claimed, privately.
        told = await peer.wait_bot_history(boss_dm, has("吴六", "报名了您的招工"))
        assert "1/1" in text_of(told)

        # The group's card is edited in place: full.
        await peer.wait_bot_history(
            group, lambda m: m["messageId"] == card["messageId"] and "已招满" in text_of(m))

    run(scenario())
    job = live.job(job_id_from_db(live, "周老板"))
    assert job["state"] == "filled" and job["village"] == "青天村"
    assert job["claims"] == [{"person": "吴六", "count": 1, "status": "confirmed"}]


def job_id_from_db(live: LiveApp, poster: str) -> int:
    ids = [j["id"] for j in live.jobs() if j["poster"] == poster]
    assert len(ids) == 1, ids
    return int(ids[0])


def test_officer_binds_two_groups_broadcasts_and_both_get_the_morning_digest(
    live: LiveApp, telegram_peer: TelegramPeer, officer: TgUser
) -> None:
    peer = telegram_peer
    village = peer.new_supergroup("青天村早报群")
    township = peer.new_supergroup("木鱼镇早报群")
    boss, worker = peer.new_user("郑老板"), peer.new_user("冯七")
    officer_dm = peer.private_chat(officer)

    async def bind_both() -> None:
        await bind(peer, officer, village, "木鱼镇青天村")
        await bind(peer, officer, township, "木鱼镇")

    run(bind_both())
    assert live.group_region(f"telegram:{village.id}") == live.region_code("青天村")
    assert live.group_region(f"telegram:{township.id}") == live.region_code("木鱼镇")

    async def broadcast_and_post() -> int:
        await peer.send_message(officer_dm, officer, "广播 本周六上午镇政府有招聘会")
        for group in (village, township):
            notice = await peer.wait_bot_history(group, has("📢 本周六上午镇政府有招聘会"))
            assert "——神农架林区信息员 李主任" in text_of(notice)
        await peer.wait_bot_history(officer_dm, has("已广播到", "青天村早报群", "木鱼镇早报群"))

        await peer.send_message(village, boss, "明天要2个砌砖工,260一天,电话13812340002")
        card = await peer.wait_bot_history(village, has("【招工】", "260"))
        return job_id_of(card)

    job_id = run(broadcast_and_post())
    live.advance_to(live.next_morning())  # the evening, the night, then 07:30: digests

    async def mornings() -> None:
        digests = {}
        for group in (village, township):
            digests[group.id] = await peer.wait_bot_history(group, has("早报】", f"【{job_id}】"))
        assert "【青天村早报】11月27日 周五" in text_of(digests[village.id])
        assert "【木鱼镇早报】11月27日 周五" in text_of(digests[township.id])
        # The digest's own button claims the job, from the other group.
        digest = digests[township.id]
        buttons = dict(markup_buttons(digest))
        label = next(k for k, v in buttons.items() if v == f"claim:{job_id}")
        await peer.press_button(worker, digest, buttons[label])
        await peer.wait_bot_history(township, has("冯七", "报名成功"))

    run(mornings())
    job = live.job(job_id)
    assert job["state"] == "open" and job["start_date"] == "2026-11-27"
    assert job["claims"] == [{"person": "冯七", "count": 1, "status": "confirmed"}]


def test_a_configured_officer_is_known_by_the_name_they_use(
    live: LiveApp, telegram_peer: TelegramPeer, officer: TgUser
) -> None:
    peer = telegram_peer
    group = peer.new_supergroup("阳日镇零工群")

    async def scenario() -> None:
        await bind(peer, officer, group, "阳日镇")
        await peer.send_message(group, officer, "本群信息")
        info = await peer.wait_bot_history(group, has("本群：", "信息员："))
        assert "李主任（神农架林区）" in text_of(info), text_of(info)

    run(scenario())
