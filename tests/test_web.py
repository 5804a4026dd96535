"""The web desk and station screens, through HTTP (Starlette's test client): login codes from
the chat, sessions, CSRF, the officer's area on every request, exports, phones, screens."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import col, select
from starlette.testclient import TestClient

from bot.web import exports, security
from bot.web.app import create_app
from handlers import stats
from storage.models import InboundMessage, Job, OutboxMessage, Person
from storage.report import jobs_json
from tests.conversation import Conversation, to
from tests.web_helpers import SECRET, TWO_TOWNS, job_id, login_code, settings


@pytest.fixture
def conv() -> Iterator[Conversation]:
    c = Conversation(settings=settings())
    c.say(TWO_TOWNS)
    yield c
    c.close()


@pytest.fixture
def web(conv: Conversation) -> TestClient:
    app = create_app(conv.app.engine, conv.app.settings, conv.app.gazetteer, conv.clock)
    return TestClient(app, base_url="http://testserver", follow_redirects=False)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def sign_in(client: TestClient, conv: Conversation, who: str = "陈干事") -> str:
    """Log ``who`` in with the code the bot sends; returns the desk's CSRF token."""
    code, _ = login_code(conv, who)
    form = client.get("/login")
    r = client.post("/login", data={"code": code, "csrf": csrf_of(form.text)})
    assert r.status_code == 303 and r.headers["location"] == "/desk/jobs", r.text
    return csrf_of(client.get("/desk/jobs").text)


# --- 登录后台 in chat --------------------------------------------------------------------------

def test_login_code_comes_privately_and_only_to_officers(conv: Conversation) -> None:
    said = conv.say("陈干事@青天村群: 登录后台")
    assert to(said, "青天村群") == ["后台登录请私聊我发「登录后台」，别在群里发。"]
    assert not re.search(r"\d{6}", said[0])
    assert "只有信息员能登录后台" in to(conv.say("小张: 登录后台"), "小张")[0]
    code, link = login_code(conv, "陈干事")
    assert len(code) == 6 and len(link) > 20
    # talk that merely contains the words is not the command
    assert not any("登录码" in m for m in conv.say("陈干事: 怎么登录后台啊"))


def test_login_codes_are_rate_limited_per_officer(conv: Conversation) -> None:
    for _ in range(5):
        login_code(conv, "陈干事")
    too_many = to(conv.say("陈干事: 登录后台"), "陈干事")
    assert too_many == ["登录码一小时内最多要5次，请过一会儿再试。"]
    conv.say("@wait 61m")
    login_code(conv, "陈干事")


def test_a_new_code_voids_the_earlier_one(conv: Conversation, web: TestClient) -> None:
    old, _ = login_code(conv, "陈干事")
    login_code(conv, "陈干事")
    form = web.get("/login")
    r = web.post("/login", data={"code": old, "csrf": csrf_of(form.text)})
    assert r.status_code == 400 and "登录码不对或已过期" in r.text


# --- logging in ------------------------------------------------------------------------------

def test_code_logs_in_once_and_expires(conv: Conversation, web: TestClient) -> None:
    assert web.get("/desk/jobs").headers["location"] == "/login"
    csrf = sign_in(web, conv)
    assert csrf
    page = web.get("/desk/jobs")
    assert page.status_code == 200 and "陈干事" in page.text
    # the same code a second time, from another browser, does nothing
    other = TestClient(web.app, follow_redirects=False)
    code, _ = login_code(conv, "陈干事")
    form = other.get("/login")
    assert other.post("/login", data={"code": code, "csrf": csrf_of(form.text)}
                      ).status_code == 303
    again = TestClient(web.app, follow_redirects=False)
    form = again.get("/login")
    assert again.post("/login", data={"code": code, "csrf": csrf_of(form.text)}
                      ).status_code == 400
    # a code older than ten minutes is refused
    late, _ = login_code(conv, "陈干事")
    conv.say("@wait 11m")
    form = again.get("/login")
    assert again.post("/login", data={"code": late, "csrf": csrf_of(form.text)}
                      ).status_code == 400


def test_a_link_survives_chat_previews_and_works_once(conv: Conversation,
                                                      web: TestClient) -> None:
    _, link = login_code(conv, "陈干事")
    # Chat apps fetch a link to preview it: a GET spends nothing.
    assert web.get(f"/login/{link}").status_code == 200
    form = web.get(f"/login/{link}")
    r = web.post(f"/login/{link}", data={"csrf": csrf_of(form.text)})
    assert r.status_code == 303
    assert web.get("/desk/jobs").status_code == 200
    assert web.get(f"/login/{link}").status_code == 410


def test_wrong_codes_lock_the_client_out(conv: Conversation, web: TestClient) -> None:
    code, _ = login_code(conv, "陈干事")
    for wrong in ("000000", "111111", "222222", "333333", "444444"):
        if wrong == code:
            continue
        form = web.get("/login")
        assert web.post("/login", data={"code": wrong, "csrf": csrf_of(form.text)}
                        ).status_code == 400
    form = web.get("/login")
    r = web.post("/login", data={"code": code, "csrf": csrf_of(form.text)})
    assert r.status_code == 429 and "15分钟" in r.text
    conv.say("@wait 16m")
    code, _ = login_code(conv, "陈干事")
    form = web.get("/login")
    assert web.post("/login", data={"code": code, "csrf": csrf_of(form.text)}
                    ).status_code == 303


def test_non_officer_cannot_log_in_even_with_a_forged_cookie(conv: Conversation,
                                                             web: TestClient) -> None:
    web.cookies.set(security.SESSION_COOKIE, "made-up.token")
    assert web.get("/desk/jobs").headers["location"] == "/login"
    web.cookies.set(security.SESSION_COOKIE, security.sign("another secret", "x" * 40))
    assert web.get("/desk/jobs").headers["location"] == "/login"


def test_sessions_end_on_logout_on_退出后台_and_when_they_expire(conv: Conversation,
                                                             web: TestClient) -> None:
    csrf = sign_in(web, conv)
    assert web.post("/logout", data={"csrf": csrf}).headers["location"] == "/login"
    assert web.get("/desk/jobs").headers["location"] == "/login"

    sign_in(web, conv)
    assert to(conv.say("陈干事: 退出后台"), "陈干事") == ["已退出后台（1个登录的浏览器）。"]
    assert web.get("/desk/jobs").headers["location"] == "/login"
    assert to(conv.say("陈干事: 退出后台"), "陈干事") == ["您现在没有登录后台。"]

    sign_in(web, conv)
    conv.clock.advance(timedelta(hours=12, minutes=1))
    assert web.get("/desk/jobs").headers["location"] == "/login"


# --- CSRF ------------------------------------------------------------------------------------

def test_every_form_needs_its_csrf_token(conv: Conversation, web: TestClient) -> None:
    code, _ = login_code(conv, "陈干事")
    web.get("/login")
    assert web.post("/login", data={"code": code}).status_code == 403
    assert web.post("/login", data={"code": code, "csrf": "guess"}).status_code == 403
    csrf = sign_in(web, conv)
    held = job_id(conv, "促销员")
    for data in ({"decision": "release"}, {"decision": "release", "csrf": "x" * len(csrf)}):
        assert web.post(f"/desk/jobs/{held}/review", data=data).status_code == 403
    assert web.post("/logout", data={}).status_code == 403
    with conv.session() as s:
        job = s.get(Job, held)
        assert job is not None and job.status == "held"
    assert web.get("/desk/jobs").status_code == 200  # still signed in


def test_csrf_tokens_belong_to_one_session(conv: Conversation, web: TestClient) -> None:
    mine = sign_in(web, conv)
    other = TestClient(web.app, follow_redirects=False)
    theirs = sign_in(other, conv, "周干事")
    assert mine != theirs
    held = job_id(conv, "促销员")
    assert web.post(f"/desk/jobs/{held}/review",
                    data={"decision": "reject", "csrf": theirs}).status_code == 403


# --- the officer's area ----------------------------------------------------------------------

def test_another_areas_ids_are_refused_everywhere(conv: Conversation, web: TestClient) -> None:
    csrf = sign_in(web, conv)
    songbai_job = job_id(conv, "木工")
    songbai_held = next(j["id"] for j in conv.jobs() if j["poster"] == "骗子二")
    songbai = conv.app.gazetteer.by_name("松柏镇")
    assert songbai is not None
    for url in (f"/desk/jobs/{songbai_job}", f"/desk/jobs/{songbai_held}",
                f"/desk/jobs?place={songbai.code}", f"/desk/jobs.csv?place={songbai.code}",
                f"/desk/jobs.xlsx?place={songbai.code}", f"/desk/stats?region={songbai.code}",
                f"/desk/stats.csv?region={songbai.code}",
                f"/desk/stats.xlsx?region={songbai.code}"):
        r = web.get(url)
        assert r.status_code == 403, url
        assert "不" in r.text and "木工" not in r.text and "13600003333" not in r.text
    r = web.post(f"/desk/jobs/{songbai_held}/review", data={"decision": "release",
                                                            "csrf": csrf})
    assert r.status_code == 403
    with conv.session() as s:
        job = s.get(Job, songbai_held)
        assert job is not None and job.status == "held"
    # the lists show only 木鱼镇's jobs
    listed = {int(row["id"]) for row in csv.DictReader(
        io.StringIO(web.get("/desk/jobs.csv").text.lstrip("\ufeff")))}
    assert songbai_job not in listed and songbai_held not in listed
    assert listed == {j["id"] for j in conv.jobs() if j["township"] == "木鱼镇"}
    assert "打字员" not in web.get("/desk/held").text
    assert web.get("/desk/jobs/99999").status_code == 404


def test_a_county_officer_sees_every_township(conv: Conversation, web: TestClient) -> None:
    conv.say("@officer 李主任\n李主任: 你好")
    sign_in(web, conv, "李主任")
    listed = {int(row["id"]) for row in csv.DictReader(
        io.StringIO(web.get("/desk/jobs.csv").text.lstrip("\ufeff")))}
    assert listed == {j["id"] for j in conv.jobs()}
    assert web.get(f"/desk/jobs/{job_id(conv, '木工')}").status_code == 200


# --- jobs, filters, exports ------------------------------------------------------------------

def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # Excel and WPS read the Chinese right
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def expected_rows(conv: Conversation, keep: set[int]) -> list[dict[str, str]]:
    """`lingong jobs --json` rows as the CSV writes them."""
    out = []
    for row in sorted((r for r in conv.jobs() if r["id"] in keep), key=lambda r: -r["id"]):
        values = exports.job_values(row)
        out.append({k: "" if v is None else str(v)
                    for k, v in zip(exports.JOB_COLUMNS, values, strict=True)})
    return out


def test_filtered_csv_rows_are_the_jobs_json_rows(conv: Conversation, web: TestClient) -> None:
    sign_in(web, conv)
    mine = {j["id"] for j in conv.jobs() if j["township"] == "木鱼镇"}
    assert csv_rows(web.get("/desk/jobs.csv").text) == expected_rows(conv, mine)
    open_ = {j["id"] for j in conv.jobs() if j["township"] == "木鱼镇" and j["state"] == "open"}
    assert csv_rows(web.get("/desk/jobs.csv?status=open").text) == expected_rows(conv, open_)
    movers = csv_rows(web.get("/desk/jobs.csv?work_type=搬运工").text)
    assert [r["work_type"] for r in movers] == ["搬运工"]
    assert movers[0]["claims"] == "小张×1(confirmed); 老刘×1(confirmed)"
    qingtian = conv.app.gazetteer.by_name("青天村")
    assert qingtian is not None
    assert {int(r["id"]) for r in csv_rows(web.get(
        f"/desk/jobs.csv?place={qingtian.code}").text)} == mine
    assert csv_rows(web.get("/desk/jobs.csv?date_from=2026-11-27").text) == []
    assert len(csv_rows(web.get("/desk/jobs.csv?date_to=2026-11-26").text)) == len(mine)
    assert web.get("/desk/jobs?date_from=昨天").status_code == 400
    assert web.get("/desk/jobs?status=whatever").status_code == 400
    # the page lists what the CSV has
    page = web.get("/desk/jobs?status=open").text
    assert "【2】" in page and "【1】" not in page


def test_excel_export_has_the_csv_rows(conv: Conversation, web: TestClient) -> None:
    sign_in(web, conv)
    r = web.get("/desk/jobs.xlsx?status=open")
    assert r.headers["content-type"] == exports.XLSX
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet is not None
    rows = [[same(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(exports.JOB_HEADINGS)
    assert rows[1:] == [[same(v or None) for v in row.values()] for row in csv_rows(
        web.get("/desk/jobs.csv?status=open").text)]


def same(value: object) -> object:
    """A cell as a value: Excel keeps 120.0 as the number 120."""
    try:
        return float(str(value))
    except ValueError:
        return value


def test_job_page_shows_claims_and_history(conv: Conversation, web: TestClient) -> None:
    sign_in(web, conv)
    page = web.get(f"/desk/jobs/{job_id(conv, '搬运工')}").text
    for seen in ("小张", "老刘", "已报上", "王老板在「青天村群」发布", "私信推送给1个订阅的人",
                 "小张报名", "招满"):
        assert seen in page, seen


# --- phones ----------------------------------------------------------------------------------

def test_phones_are_masked_unless_the_chat_showed_them(conv: Conversation,
                                                       web: TestClient) -> None:
    sign_in(web, conv)
    text = "".join(web.get(u).text for u in (
        f"/desk/jobs/{job_id(conv, '搬运工')}", f"/desk/jobs/{job_id(conv, '促销员')}",
        "/desk/held", "/desk/people", "/desk/jobs.csv"))
    for phone in ("13812345678", "13700002222", "13900001111"):
        assert phone not in text
    assert "138****5678" in text and "139****1111" in text
    # 陈干事 claims the job: the chat gives him the employer's phone, so the desk may too
    conv.say("陈干事@青天村群: 报名【2】")
    assert "13700002222" in web.get(f"/desk/jobs/{job_id(conv, '保洁员')}").text
    # and his own post shows his own number
    conv.say("陈干事@青天村群: 明天要1个厨师 200一天 电话13500005555")
    assert "13500005555" in web.get(f"/desk/jobs/{job_id(conv, '厨师')}").text


# --- held posts ------------------------------------------------------------------------------

def test_release_on_the_desk_does_what_the_chat_does(conv: Conversation,
                                                     web: TestClient) -> None:
    csrf = sign_in(web, conv)
    held = job_id(conv, "促销员")
    assert "刷单" in web.get("/desk/held").text
    r = web.post(f"/desk/jobs/{held}/review", data={"decision": "release", "csrf": csrf,
                                                    "back": "/desk/held"})
    assert r.status_code == 303 and r.headers["location"] == "/desk/held"
    follow = web.get("/desk/held")
    assert "已放行" in follow.text and "刷单员" not in follow.text
    with conv.session() as s:
        job = s.get(Job, held)
        assert job is not None and job.status == "open"
        cards = s.exec(select(OutboxMessage).where(OutboxMessage.job_id == held,
                                                   OutboxMessage.chat_id ==
                                                   "console:group:青天村群",
                                                   col(OutboxMessage.edit).is_(True))).all()
        assert cards, "the group's card is updated, as after 放行 in chat"
        recorded = s.exec(select(InboundMessage).where(
            InboundMessage.button_data == f"release:{held}")).one()
        assert recorded.chat_id == "web:desk" and recorded.sender_id == "console:陈干事"
    conv.say("@wait 1s")  # the sender sends what the desk queued
    assert "在后台放行" in web.get(f"/desk/jobs/{held}").text
    # a second click is answered like a second button press in chat
    web.post(f"/desk/jobs/{held}/review", data={"decision": "reject", "csrf": csrf})
    assert "这条招工已经处理过了" in web.get(f"/desk/jobs/{held}").text


def test_reject_on_the_desk(conv: Conversation, web: TestClient) -> None:
    csrf = sign_in(web, conv)
    held = job_id(conv, "促销员")
    web.post(f"/desk/jobs/{held}/review", data={"decision": "reject", "csrf": csrf})
    with conv.session() as s:
        job = s.get(Job, held)
        assert job is not None and job.status == "cancelled"


def test_a_post_held_for_its_phone_names_the_entry_on_the_desk(conv: Conversation,
                                                              web: TestClient) -> None:
    conv.say("陈干事 [驳回]")  # 刷单员: its phone goes on the 曝光台 as entry 1
    conv.say("骗子@青天村群: 明天要2个搬运工 150一天 电话13900001111")
    csrf = sign_in(web, conv)
    with conv.session() as s:
        held = s.exec(select(Job.id).where(Job.status == "held", Job.work_type == "搬运工")).one()
    page = web.get("/desk/held").text
    assert "电话在曝光台上（曝光【1】）" in page and "提到「」" not in page
    assert "电话在曝光台上（曝光【1】）" in web.get(f"/desk/jobs/{held}").text
    web.post(f"/desk/jobs/{held}/review", data={"decision": "release", "csrf": csrf})
    assert "扣下原因" not in web.get(f"/desk/jobs/{held}").text  # as when words held it


# --- stats -----------------------------------------------------------------------------------

def test_stats_are_the_numbers_of_统计(conv: Conversation, web: TestClient) -> None:
    sign_in(web, conv)
    chat = to(conv.say("陈干事: 统计"), "陈干事")[0]
    page = web.get("/desk/stats").text
    assert chat.replace("\n  ", "\n") in page.replace("&amp;", "&")
    town = conv.app.gazetteer.by_name("木鱼镇")
    assert town is not None
    cli = stats.stats_command(conv.app.engine, "木鱼镇", None, True,
                              gazetteer=conv.app.gazetteer)
    assert web.get("/desk/stats.csv").text == "\ufeff" + cli
    week = stats.stats_command(conv.app.engine, "木鱼镇", "7天", True,
                               today=conv.clock.now().date(), gazetteer=conv.app.gazetteer)
    assert web.get(f"/desk/stats.csv?region={town.code}&since=7天").text == "\ufeff" + week
    assert "<svg" in page and "招满率" in page
    sheet = load_workbook(io.BytesIO(web.get("/desk/stats.xlsx").content)).active
    assert sheet is not None
    first = list(sheet.iter_rows(values_only=True))[1]
    assert first[1] == "木鱼镇" and first[4] == 2 and first[5] == 1  # the held post never opened
    assert web.get("/desk/stats?since=前年").status_code == 400


def test_people_and_officers_of_the_area(conv: Conversation, web: TestClient) -> None:
    sign_in(web, conv)
    page = web.get("/desk/people").text
    for name in ("小张", "老刘", "王老板", "刘姐", "陈干事"):
        assert name in page, name
    for name in ("老周", "周干事", "骗子二"):
        assert name not in page, name


# --- screens ---------------------------------------------------------------------------------

def screen_url(conv: Conversation, place: str) -> str:
    said = "\n".join(to(conv.say(f"陈干事: 大屏 {place}"), "陈干事"))
    found = re.search(r"http://[^/]+(/screen/[\w-]+)", said)
    assert found, said
    return found.group(1)


def test_screen_shows_the_areas_jobs_without_phones(conv: Conversation,
                                                    web: TestClient) -> None:
    url = screen_url(conv, "木鱼镇")
    page = web.get(url)
    assert page.status_code == 200
    text = page.text
    assert "木鱼镇零工驿站" in text and "保洁员" in text and "缺3人" in text
    assert "已招满" in text  # 搬运工 is full, still shown, marked
    assert text.index("保洁员") < text.index("搬运工")  # open ones before full ones
    assert "木工" not in text and "刷单" not in text  # another township; a held post
    for phone in ("13812345678", "13700002222", "5678", "2222"):
        assert phone not in text
    live = web.get(url + "/live")
    assert live.status_code == 200 and "保洁员" in live.text
    assert web.get("/screen/not-a-token").status_code == 404


def test_screen_qr_code_opens_the_bots_private_chat(conv: Conversation) -> None:
    app = create_app(conv.app.engine, settings(bot_link="https://t.me/example_bot"),
                     conv.app.gazetteer, conv.clock)
    url = screen_url(conv, "木鱼镇")
    page = TestClient(app).get(url).text
    assert "<svg" in page and "扫码" in page
    plain = TestClient(create_app(conv.app.engine, settings(), conv.app.gazetteer,
                                  conv.clock)).get(url).text
    assert "<svg" not in plain and "私聊本驿站的<br>招工机器人" in plain


def test_screens_are_made_and_revoked_in_chat(conv: Conversation, web: TestClient) -> None:
    url = screen_url(conv, "木鱼镇")
    assert "松柏镇不归您管" in to(conv.say("陈干事: 大屏 松柏镇"), "陈干事")[0]
    assert "不归您管" in to(conv.say("陈干事: 撤销大屏 松柏镇"), "陈干事")[0]
    assert to(conv.say("陈干事@青天村群: 大屏 木鱼镇"), "青天村群") == [
        "大屏地址请私聊我发「大屏 地方名」，别在群里发。"]
    assert conv.say("小张@青天村群: 大屏幕上有活吗") == [] or all(
        "大屏地址" not in m for m in conv.say("小张@青天村群: 大屏幕上有活吗"))
    assert "只有信息员能开大屏" in to(conv.say("小张: 大屏 木鱼镇"), "小张")[0]
    listing = to(conv.say("陈干事: 大屏"), "陈干事")[0]
    assert url in listing and "1块大屏" in listing
    assert web.get(url).status_code == 200
    assert "已停用木鱼镇的1块大屏" in to(conv.say("陈干事: 撤销大屏 木鱼镇"), "陈干事")[0]
    assert web.get(url).status_code == 404
    assert web.get(url + "/live").status_code == 404


def test_the_desk_needs_a_secret(conv: Conversation) -> None:
    from bot.config import ConfigError, Settings

    with pytest.raises(ConfigError, match="LINGONG_WEB_SECRET"):
        create_app(conv.app.engine, Settings(), conv.app.gazetteer, conv.clock)


def test_security_headers(conv: Conversation, web: TestClient) -> None:
    r = web.get("/login")
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_signed_cookie_round_trip() -> None:
    value = security.sign(SECRET, "abc")
    assert security.unsign(SECRET, value) == "abc"
    assert security.unsign(SECRET, value[:-1] + ("A" if value[-1] != "A" else "B")) is None
    assert security.unsign("other", value) is None
    assert security.unsign(SECRET, None) is None


def test_jobs_json_is_untouched_by_the_desk(conv: Conversation, web: TestClient) -> None:
    before = conv.jobs()
    sign_in(web, conv)
    web.get("/desk/jobs.csv")
    with conv.session() as s:
        assert jobs_json(s) == before


# --- lingong web, the demo, the config -------------------------------------------------------

def test_web_demo_serves_the_screen_and_the_desk_filled(tmp_path: Path) -> None:
    from bot.web.serve import play_demo

    demo = play_demo(settings(), tmp_path / "demo.db")
    client = TestClient(create_app(demo.engine, settings(), demo.gazetteer, demo.clock),
                        follow_redirects=False)
    screen = client.get(demo.screen_url.removeprefix("http://127.0.0.1:8080"))
    assert screen.status_code == 200
    assert "泥瓦工" in screen.text and "已招满" in screen.text and "木工" not in screen.text
    link = demo.login_url.removeprefix("http://127.0.0.1:8080")
    form = client.get(link)
    assert client.post(link, data={"csrf": csrf_of(form.text)}).status_code == 303
    jobs = client.get("/desk/jobs").text
    assert "陈干事" in jobs and "搬运工" in jobs and "保洁员" in jobs
    assert "刷单" in client.get("/desk/held").text
    assert "合计 木鱼镇" in client.get("/desk/stats").text


def test_lingong_web_needs_a_secret_but_the_demo_does_not(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    from bot.cli import main

    monkeypatch.delenv("LINGONG_WEB_SECRET", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["web", "--db", f"sqlite:///{tmp_path / 'x.db'}"]) == 2
    assert "LINGONG_WEB_SECRET" in capsys.readouterr().err
    assert main(["run", "--web", "--channels", "console"]) == 2
    assert "LINGONG_WEB_SECRET" in capsys.readouterr().err


def test_web_settings_come_from_env_or_file_never_the_config(tmp_path: Path) -> None:
    from bot.config import ConfigError, load_settings

    config = tmp_path / "config.toml"
    config.write_text('[web]\nsecret = "in-the-repo"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="LINGONG_WEB_SECRET"):
        load_settings(config, env={})
    secret = tmp_path / "web_secret"
    secret.write_text("s" * 32 + "\n", encoding="utf-8")
    config.write_text(f'[web]\nsecret_file = "{secret}"\nport = 9000\n'
                      'base_url = "https://lingong.example.cn/"\n', encoding="utf-8")
    loaded = load_settings(config, env={})
    assert loaded.web.secret == "s" * 32 and loaded.web.port == 9000
    assert loaded.web.public_url == "https://lingong.example.cn"
    assert load_settings(None, env={"LINGONG_WEB_SECRET": "e" * 20}).web.secret == "e" * 20
    with pytest.raises(ConfigError, match="base_url"):
        load_settings(None, env={"LINGONG_WEB_BASE_URL": "lingong.example.cn"})


def test_the_desk_sees_what_the_chat_lets_an_officer_act_on(conv: Conversation) -> None:
    from bot.web import views
    from handlers import posting

    with conv.session() as s:
        for name in ("陈干事", "周干事"):
            person = next(p for p in s.exec(select(Person)) if p.name == name)
            assert person.id is not None
            off = views.officer(s, conv.app.gazetteer, person.id)
            assert off is not None
            for job in s.exec(select(Job)):
                assert views.can_see(s, conv.app.gazetteer, off, job) == \
                    posting.officer_of_job(s, conv.app.gazetteer, person, job), (name, job.id)
