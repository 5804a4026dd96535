"""The screen and the desk in a real browser: Debian's Chromium driven by Playwright, against
`lingong web` served by uvicorn on the conversation's database.

Screenshots go to $LINGONG_SCREENSHOTS (default: pytest's temporary directory); the ones in
docs/ were taken from these tests' runs."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, sync_playwright

from bot.cli import main as lingong
from bot.web.app import create_app
from tests.conversation import Conversation, to
from tests.web_helpers import TWO_TOWNS, login_code, settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium: apt-get install chromium fonts-noto-cjk")
    pytest.skip("no chromium (apt-get install chromium fonts-noto-cjk)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    where = Path(os.environ.get("LINGONG_SCREENSHOTS") or tmp_path / "screenshots")
    where.mkdir(parents=True, exist_ok=True)
    return where


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(conv: Conversation, refresh: int = 30) -> Iterator[str]:
    """`lingong web` on the conversation's database and clock, in a thread."""
    port = free_port()
    app = create_app(conv.app.engine, conv.app.settings, conv.app.gazetteer, conv.clock,
                     screen_refresh=refresh)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the web server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)


class Chat(Conversation):
    """A conversation whose event loop runs in a thread of its own: Playwright's sync API keeps
    an event loop running in the test's thread."""

    def __init__(self, db_url: str) -> None:
        self._thread = ThreadPoolExecutor(1)
        self._thread.submit(super().__init__, db_url=db_url, settings=settings(
            bot_link="https://t.me/example_lingong_bot")).result()

    def say(self, script: str) -> list[str]:
        return self._thread.submit(super().say, script).result()

    def close(self) -> None:
        self._thread.submit(super().close).result()
        self._thread.shutdown()


@pytest.fixture
def conv(tmp_path: Path) -> Iterator[Conversation]:
    c = Chat(f"sqlite:///{tmp_path / 'web.db'}")
    yield c
    c.close()


def screen_path(conv: Conversation, officer: str, place: str) -> str:
    said = "\n".join(to(conv.say(f"{officer}: 大屏 {place}"), officer))
    found = re.search(r"(/screen/[\w-]+)", said)
    assert found, said
    return found.group(1)


def test_screen_shows_a_posted_job_and_marks_it_filled(conv: Conversation, browser: Browser,
                                                       shots: Path) -> None:
    conv.say("""
        @now 2026-11-26 08:00
        @group 青天村群 青天村
        @officer 陈干事 木鱼镇
        王老板@青天村群: 明天要2个搬运工 150一天 日结 电话13812345678
    """)
    path = screen_path(conv, "陈干事", "木鱼镇")
    with serving(conv, refresh=1) as base:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(base + path)
        row = page.locator(".job", has_text="搬运工")
        assert "缺2人" in row.inner_text() and "150元/天" in row.inner_text()
        assert "13812345678" not in page.content()
        page.evaluate("window.stayed = true")  # gone if the page reloads itself
        conv.say("""
            小张@青天村群^: 我去
            老刘@青天村群^: 我去
        """)
        page.locator(".job.full", has_text="搬运工").wait_for(timeout=5000)
        assert "已招满" in row.inner_text()
        assert page.evaluate("window.stayed") is True  # refreshed in place, no reload
        page.screenshot(path=str(shots / "screen-filled.png"))
        page.close()


MORE = """
@group 木鱼镇群 木鱼镇
陈干事@青天村群: 明天要4个采茶工 130一天 电话13500005555
吴老板@木鱼镇群: 后天要3个小工 160一天 木鱼镇红花坪村 电话13311112222
赵姐@木鱼镇群: 招保洁员2名 木鱼坪社区 120一天 包午饭 电话13700004444
钱老板@木鱼镇群: 明天要2个厨师 180一天 木鱼镇木鱼村 电话13800006666
孙老板@木鱼镇群: 大后天要5个采茶工 140一天 木鱼镇红花坪村 电话13900007777
"""


def test_officer_logs_in_filters_exports_and_stays_in_the_area(
        conv: Conversation, browser: Browser, shots: Path, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    conv.say(TWO_TOWNS)
    conv.say(MORE)
    code, _ = login_code(conv, "陈干事")
    outside = next(j["id"] for j in conv.jobs() if j["township"] == "松柏镇")
    with serving(conv) as base:
        context = browser.new_context(
            viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True)
        page = context.new_page()
        page.goto(base + "/desk/jobs")
        assert page.url.endswith("/login")
        page.fill("#code", code)
        page.click("button:has-text('登录')")
        page.wait_for_url(re.compile(r"/desk/jobs$"))
        assert "陈干事" in page.inner_text("header")
        assert "木工" not in page.inner_text("table")  # 松柏镇's job is not 陈干事's
        page.screenshot(path=str(shots / "desk-jobs.png"), full_page=True)

        page.select_option("select[name=status]", "open")
        page.select_option("select[name=place]", label="　青天村")
        page.click("button:has-text('筛选')")
        page.wait_for_url(re.compile(r"status=open"))
        shown = [int(n) for n in re.findall(r"【(\d+)】", page.inner_text("table"))]
        with page.expect_download() as got:
            page.click("a:has-text('CSV')")
        saved = tmp_path / "jobs.csv"
        got.value.save_as(saved)

        # the CSV's rows are `lingong jobs --json`'s, filtered as on the page
        assert lingong(["jobs", "--json", "--db", str(conv.app.engine.url)]) == 0
        listed = {j["id"]: j for j in json.loads(capsys.readouterr().out)}
        rows = list(csv.DictReader(io.StringIO(saved.read_text("utf-8-sig"))))
        assert [int(r["id"]) for r in rows] == shown and shown
        for r in rows:
            job = listed[int(r["id"])]
            assert job["state"] == "open" and job["village"] == "青天村"
            for key in ("work_type", "status", "township", "village", "start_date",
                        "wage_unit", "poster"):
                assert r[key] == (job[key] or ""), key
            for key in ("headcount", "wage_min", "wage_max"):
                assert (float(r[key]) if r[key] else None) == job[key], key
        assert {j["id"] for j in listed.values() if j["state"] == "open"
                and j["village"] == "青天村"} == set(shown)

        page.click(f"a:has-text('【{shown[-1]}】')")
        page.wait_for_url(re.compile(rf"/desk/jobs/{shown[-1]}$"))
        assert "经过" in page.inner_text("main")
        response = page.goto(f"{base}/desk/jobs/{outside}")
        assert response is not None and response.status == 403
        assert "不在您管的地方" in page.inner_text("main")

        for name in ("held", "stats"):
            page.goto(f"{base}/desk/{name}")
            page.screenshot(path=str(shots / f"desk-{name}.png"), full_page=True)
        context.close()

        screen = browser.new_page(viewport={"width": 1920, "height": 1080})
        screen.goto(base + screen_path(conv, "陈干事", "木鱼镇"))
        assert screen.locator(".qr svg").count() == 1
        # seven jobs: six on the first page, the screen turns the pages by itself
        assert screen.locator(".job").count() == 7
        assert screen.locator(".job:visible").count() == 6
        assert screen.inner_text("#pager") == "第 1 / 2 页"
        screen.screenshot(path=str(shots / "screen.png"))
        screen.close()
