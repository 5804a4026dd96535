"""The desk's 欠薪与投诉 tab: the officer's area only, the chat's actions, recorded the same."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import col, select
from starlette.testclient import TestClient

from bot.web.app import create_app
from storage.models import CaseEvent, Complaint, InboundMessage, WageCheck
from tests.conversation import Conversation, to
from tests.test_web import sign_in
from tests.web_helpers import TWO_TOWNS, settings

AFTER = """
@now 2026-11-27 19:05
小张: 还没结
木匠: 你好
老周: 你好
"""


@pytest.fixture
def conv() -> Iterator[Conversation]:
    c = Conversation(settings=settings())
    c.say(TWO_TOWNS + "木匠: 你好\n木匠@松柏镇群^: 我去\n" + AFTER)
    c.say("木匠: 投诉【3】 活和说的不一样")
    yield c
    c.close()


@pytest.fixture
def web(conv: Conversation) -> TestClient:
    app = create_app(conv.app.engine, conv.app.settings, conv.app.gazetteer, conv.clock)
    return TestClient(app, base_url="http://testserver", follow_redirects=False)


def test_the_tab_shows_the_areas_cases_only(conv: Conversation, web: TestClient) -> None:
    sign_in(web, conv)
    page = web.get("/desk/cases").text
    assert "欠薪【1】 未结" in page and "小张" in page
    assert "投诉【" not in page  # 松柏镇's complaint is not 陈干事's
    assert "13812345678" not in page
    sign_in(web, conv, "周干事")
    page = web.get("/desk/cases").text
    assert "投诉【1】 受理" in page and "活和说的不一样" in page and "欠薪【" not in page


def test_an_advance_from_the_desk_is_the_chats_and_tells_the_worker(
        conv: Conversation, web: TestClient) -> None:
    csrf = sign_in(web, conv)
    r = web.post("/desk/cases/wage/1", data={"action": "advance", "csrf": csrf,
                                             "note": "站里先垫了150"})
    assert r.status_code == 303
    with conv.session() as s:
        check = s.get(WageCheck, 1)
        assert check is not None and check.status == "advanced"
        [event] = s.exec(select(CaseEvent).where(CaseEvent.status == "advanced"))
        assert (event.via, event.note) == ("web", "站里先垫了150")
        said = [m.text for m in s.exec(select(InboundMessage).where(
            InboundMessage.chat_id == "web:desk"))]
    assert said == ["已垫付 1 站里先垫了150"]
    assert any("先行垫付" in m for m in to(conv.say("@wait 1s"), "小张"))
    assert "站里垫付" in web.get("/desk/cases").text


def test_another_areas_case_is_refused_and_unchanged(conv: Conversation,
                                                      web: TestClient) -> None:
    csrf = sign_in(web, conv)
    r = web.post("/desk/cases/complaint/1", data={"action": "reject", "csrf": csrf})
    assert r.status_code == 403
    r = web.post("/desk/cases/wage/1", data={"action": "advance", "csrf": "x" * len(csrf)})
    assert r.status_code == 403
    with conv.session() as s:
        assert [c.status for c in s.exec(select(Complaint))] == ["accepted"]
        assert s.get(WageCheck, 1).status == "unpaid"  # type: ignore[union-attr]


def test_a_complaint_moves_from_the_desk_and_both_sides_hear(conv: Conversation,
                                                           web: TestClient) -> None:
    csrf = sign_in(web, conv, "周干事")
    assert web.post("/desk/cases/complaint/1",
                    data={"action": "mediate", "csrf": csrf}).status_code == 303
    assert web.post("/desk/cases/complaint/1", data={
        "action": "resolve", "csrf": csrf, "note": "补了差价"}).status_code == 303
    out = conv.say("@wait 1s")
    assert any("已解决：补了差价" in m for m in to(out, "木匠"))
    assert any("经调解已解决" in m and "木匠" not in m for m in to(out, "老周"))
    with conv.session() as s:
        steps = [(e.status, e.via) for e in s.exec(
            select(CaseEvent).where(CaseEvent.case_kind == "complaint")
            .order_by(col(CaseEvent.id)))]
    assert steps == [("accepted", "chat"), ("mediating", "web"), ("resolved", "web")]
