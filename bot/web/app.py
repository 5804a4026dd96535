"""The web application: the station screens (public, by token) and the officers' desk (signed
sessions from a one-time code the bot sends). Server-rendered with Jinja2; the only script is
the screen's small clock-and-paging file in static/."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode

import segno
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from bot.clock import TZ, Clock, local
from bot.config import Settings, require_web_secret
from bot.web import cases, charts, exports, security, views
from handlers import cards, stats
from nlp.gazetteer import Gazetteer
from storage import desk
from storage.db import transaction

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
FLASH_COOKIE = "lingong_flash"
SCREEN_REFRESH_SECONDS = 30
SCREEN_PAGE_SECONDS = 12
SCREEN_PAGE_SIZE = 6


@dataclass
class Web:
    engine: Engine
    settings: Settings
    gazetteer: Gazetteer
    clock: Clock
    templates: Jinja2Templates
    notify: Callable[[], None] | None = None
    screen_refresh: int = SCREEN_REFRESH_SECONDS

    @property
    def secret(self) -> str:
        return self.settings.web.secret

    @property
    def secure_cookies(self) -> bool:
        return self.settings.web.public_url.startswith("https://")


@dataclass
class Visit:
    """A desk request from a signed-in officer."""

    officer: views.Officer
    token: str
    csrf: str


def _web(request: Request) -> Web:
    web = request.app.state.web
    assert isinstance(web, Web)
    return web


def page(request: Request, name: str, context: dict[str, Any], status: int = 200
         ) -> HTMLResponse:
    web = _web(request)
    flash = request.cookies.get(FLASH_COOKIE)
    context = {"flash": unquote(flash) if flash else "", "now": web.clock.now(),
               "request": request, **context}
    response = web.templates.TemplateResponse(request, name, context, status_code=status)
    if flash:
        response.delete_cookie(FLASH_COOKIE)
    return response


def problem(request: Request, status: int, message: str, visit: Visit | None = None
            ) -> HTMLResponse:
    return page(request, "problem.html", {"message": message, "visit": visit,
                                          "status": status}, status)


def redirect(url: str, flash: str = "") -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    if flash:
        response.set_cookie(FLASH_COOKIE, quote(flash), max_age=60, httponly=True,
                            samesite="lax")
    return response


# --- signing in -----------------------------------------------------------------------------

def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _pre_cookie(response: Response, token: str, web: Web) -> None:
    response.set_cookie(security.PRE_COOKIE, token, max_age=3600, httponly=True,
                        samesite="strict", secure=web.secure_cookies)


async def login_form(request: Request) -> Response:
    token = security.new_pre_token()
    response = page(request, "login.html", {"csrf": token, "error": ""})
    _pre_cookie(response, token, _web(request))
    return response


async def link_form(request: Request) -> Response:
    """A login link opens a page with a button: chat apps fetch links to preview them, and a
    preview must not spend the link."""
    web = _web(request)
    link_token = request.path_params["token"]

    def live() -> bool:
        with Session(web.engine) as session:
            return desk.link_is_live(session, link_token, web.clock.now())

    if not await run_in_threadpool(live):
        return problem(request, 410, "这个登录链接已经用过或过期了。请在聊天里私聊机器人"
                                     "再发「登录后台」。")
    token = security.new_pre_token()
    response = page(request, "login_link.html", {"csrf": token})
    _pre_cookie(response, token, web)
    return response


async def login(request: Request) -> Response:
    web = _web(request)
    form = await request.form()
    if not security.csrf_ok(request.cookies.get(security.PRE_COOKIE), str(form.get("csrf"))):
        return problem(request, 403, "登录页已过期，请刷新页面再输一次。")
    link_token = request.path_params.get("token")
    code = "".join(str(form.get("code") or "").split())
    client = _client(request)

    def attempt() -> tuple[str, str | None]:
        now = web.clock.now()
        with transaction(web.engine) as session:
            if security.locked_out(session, client, now):
                return "locked", None
            person_id = (desk.use_login(session, now, link_token=link_token) if link_token
                         else desk.use_login(session, now, code=code) if code.isdigit()
                         else None)
            if person_id is None:
                desk.record_failure(session, client, now)
                return "wrong", None
            if views.officer(session, web.gazetteer, person_id) is None:
                return "not_officer", None
            ttl = timedelta(hours=web.settings.web.session_hours)
            return "ok", desk.start_session(session, person_id, now, ttl)

    outcome, token = await run_in_threadpool(attempt)
    if outcome == "locked":
        return problem(request, 429, "登录码输错太多次了，请15分钟后再试。")
    if outcome == "not_officer":
        return problem(request, 403, "只有信息员能登录后台。")
    if token is None:
        if link_token:
            return problem(request, 410, "这个登录链接已经用过或过期了。请在聊天里私聊机器人"
                                         "再发「登录后台」。")
        fresh = security.new_pre_token()
        again = page(request, "login.html", {
            "csrf": fresh, "error": "登录码不对或已过期。请看机器人私信里的6位数字，"
                                    "或再发「登录后台」要一个新的。"}, 400)
        _pre_cookie(again, fresh, web)
        return again
    response = redirect("/desk/jobs")
    response.set_cookie(security.SESSION_COOKIE, security.sign(web.secret, token),
                        max_age=web.settings.web.session_hours * 3600, httponly=True,
                        samesite="lax", secure=web.secure_cookies)
    response.delete_cookie(security.PRE_COOKIE)
    return response


async def logout(request: Request) -> Response:
    web = _web(request)
    visit = await _visit(request)
    if isinstance(visit, Response):
        return visit
    form = await request.form()
    if not security.csrf_ok(visit.csrf, str(form.get("csrf"))):
        return problem(request, 403, "页面已过期，请刷新再试。", visit)

    def end() -> None:
        with transaction(web.engine) as session:
            desk.end_session(session, visit.token, web.clock.now())

    await run_in_threadpool(end)
    response = redirect("/login", "已退出后台。")
    response.delete_cookie(security.SESSION_COOKIE)
    return response


async def _visit(request: Request) -> Visit | Response:
    """The signed-in officer, checked again on every request (their area may have changed)."""
    web = _web(request)
    token = security.unsign(web.secret, request.cookies.get(security.SESSION_COOKIE))
    if token is None:
        return redirect("/login")

    def find() -> views.Officer | None:
        with Session(web.engine, expire_on_commit=False) as session:
            person_id = desk.session_person(session, token, web.clock.now())
            return (views.officer(session, web.gazetteer, person_id)
                    if person_id is not None else None)

    found = await run_in_threadpool(find)
    if found is None:
        response = redirect("/login", "登录已过期或已退出，请在聊天里发「登录后台」重新登录。")
        response.delete_cookie(security.SESSION_COOKIE)
        return response
    return Visit(found, token, security.csrf_token(web.secret, token))


DeskView = Callable[[Request, Visit, Session, Web], Response]


def desk_view(view: DeskView) -> Callable[[Request], Awaitable[Response]]:
    """A desk page: signed in, in the officer's area, with the area's errors as pages."""

    async def endpoint(request: Request) -> Response:
        visit = await _visit(request)
        if isinstance(visit, Response):
            return visit
        web = _web(request)

        def run() -> Response:
            try:
                with Session(web.engine, expire_on_commit=False) as session:
                    return view(request, visit, session, web)
            except views.NotYours as exc:
                return problem(request, 403, str(exc), visit)
            except views.BadFilter as exc:
                return problem(request, 400, str(exc), visit)
            except LookupError as exc:
                return problem(request, 404, str(exc), visit)

        return await run_in_threadpool(run)

    return endpoint


# --- the desk -------------------------------------------------------------------------------

def _jobs(request: Request, visit: Visit, session: Session, web: Web
          ) -> tuple[views.JobFilter, list[views.DeskJob]]:
    flt = views.JobFilter.read(request.query_params)
    return flt, views.filtered_jobs(session, web.gazetteer, visit.officer, flt)


@desk_view
def jobs_page(request: Request, visit: Visit, session: Session, web: Web) -> Response:
    flt, items = _jobs(request, visit, session, web)
    everything = views.filtered_jobs(session, web.gazetteer, visit.officer, views.JobFilter())
    query = urlencode(flt.query())
    return page(request, "jobs.html", {
        "visit": visit, "tab": "jobs", "filter": flt, "items": items,
        "places": views.places(web.gazetteer, visit.officer),
        "statuses": views.STATUS_NAMES, "work_types": views.work_types(everything),
        "query": f"?{query}" if query else "", "wage": _wage, "status_names": views.STATUS_NAMES,
        "when": lambda j: local(j.created_at).strftime("%m-%d %H:%M")})


def _wage(item: views.DeskJob) -> str:
    return cards.wage_text(item.job).split(" · ")[0]


@desk_view
def jobs_csv(request: Request, visit: Visit, session: Session, web: Web) -> Response:
    _, items = _jobs(request, visit, session, web)
    return Response(exports.jobs_csv(items), media_type="text/csv; charset=utf-8",
                    headers=_attachment("jobs", "csv", web))


@desk_view
def jobs_xlsx(request: Request, visit: Visit, session: Session, web: Web) -> Response:
    _, items = _jobs(request, visit, session, web)
    return Response(exports.jobs_xlsx(items), media_type=exports.XLSX,
                    headers=_attachment("jobs", "xlsx", web))


def _attachment(name: str, ext: str, web: Web) -> dict[str, str]:
    day = web.clock.now().astimezone(TZ).date().isoformat()
    return {"Content-Disposition": f'attachment; filename="lingong-{name}-{day}.{ext}"'}


@desk_view
def job_page(request: Request, visit: Visit, session: Session, web: Web) -> Response:
    job = views.job_for(session, web.gazetteer, visit.officer, request.path_params["job_id"])
    detail = views.job_page(session, web.gazetteer, visit.officer, job, web.clock.now())
    return page(request, "job.html", {"visit": visit, "tab": "jobs", "d": detail,
                                      "local": local})


async def _desk_post(request: Request) -> tuple[Visit, Web, FormData] | Response:
    """A desk form posted by a signed-in officer with the page's CSRF token, or the answer."""
    visit = await _visit(request)
    if isinstance(visit, Response):
        return visit
    web = _web(request)
    form = await request.form()
    if not security.csrf_ok(visit.csrf, str(form.get("csrf"))):
        return problem(request, 403, "页面已过期，请刷新再试。", visit)
    return visit, web, form


async def review(request: Request) -> Response:
    posted = await _desk_post(request)
    if isinstance(posted, Response):
        return posted
    visit, web, form = posted
    decision = str(form.get("decision"))
    if decision not in ("release", "reject"):
        return problem(request, 400, "要放行还是驳回？", visit)
    job_id = int(request.path_params["job_id"])

    def act() -> Response:
        try:
            with transaction(web.engine) as session:
                job = views.job_for(session, web.gazetteer, visit.officer, job_id)
                said = views.review_on_desk(session, web.gazetteer, web.settings,
                                            visit.officer, job, decision == "release",
                                            web.clock.now())
        except views.NotYours as exc:
            return problem(request, 403, str(exc), visit)
        except LookupError as exc:
            return problem(request, 404, str(exc), visit)
        back = str(form.get("back") or "")
        return redirect(back if back in ("/desk/held",) else f"/desk/jobs/{job_id}",
                        "\n".join(said))

    response = await run_in_threadpool(act)
    if web.notify is not None:
        web.notify()
    return response


@desk_view
def held_page(request: Request, visit: Visit, session: Session, web: Web) -> Response:
    held = views.held_jobs(session, web.gazetteer, visit.officer)
    today = web.clock.now().astimezone(TZ).date()
    return page(request, "held.html", {"visit": visit, "tab": "held", "held": held,
                                       "short": lambda j: cards.short(j, today),
                                       "local": local})


@desk_view
def cases_page(request: Request, visit: Visit, session: Session, web: Web) -> Response:
    rows = cases.area_cases(session, web.gazetteer, visit.officer, web.clock.now())
    return page(request, "cases.html", {"visit": visit, "tab": "cases", "rows": rows,
                                        "local": local})


async def case_action(request: Request) -> Response:
    """已垫付 / 处理 / 结案 from the desk: the chat's own action, recorded the same way."""
    posted = await _desk_post(request)
    if isinstance(posted, Response):
        return posted
    visit, web, form = posted
    kind, action = request.path_params["kind"], str(form.get("action"))
    if kind not in ("wage", "complaint") or action not in cases.ACTIONS:
        return problem(request, 400, "不认识的操作。", visit)
    note = str(form.get("note") or "").strip()[:200]

    def act() -> Response:
        try:
            with transaction(web.engine) as session:
                said = cases.act(session, web.gazetteer, visit.officer, kind,
                                 int(request.path_params["case_id"]), action, note,
                                 web.clock.now())
        except views.NotYours as exc:
            return problem(request, 403, str(exc), visit)
        except LookupError as exc:
            return problem(request, 404, str(exc), visit)
        except ValueError as exc:
            return problem(request, 400, str(exc), visit)
        return redirect("/desk/cases", "\n".join(said))

    response = await run_in_threadpool(act)
    if web.notify is not None:
        web.notify()
    return response


@desk_view
def people_page(request: Request, visit: Visit, session: Session, web: Web) -> Response:
    return page(request, "people.html", {
        "visit": visit, "tab": "people",
        "people": views.area_people(session, web.gazetteer, visit.officer),
        "officers": views.area_officers(session, web.gazetteer, visit.officer)})


def _stats(request: Request, visit: Visit, session: Session, web: Web) -> views.StatsPage:
    today = web.clock.now().astimezone(TZ).date()
    since_text = (request.query_params.get("since") or "").strip()
    since = stats.parse_since(since_text, today) if since_text else None
    if since_text and since is None:
        raise views.BadFilter(f"「{since_text}」不是日期，可写 2026-11-01、7天、本周、本月。")
    return views.stats_page(session, web.gazetteer, visit.officer,
                            (request.query_params.get("region") or "").strip(), since,
                            web.clock.now())


@desk_view
def stats_page(request: Request, visit: Visit, session: Session, web: Web) -> Response:
    data = _stats(request, visit, session, web)
    places = data.rows[1:] or data.rows[:1]
    fill = charts.bars([(r.name, r.fill_rate, stats._pct(r.fill_rate)) for r in places],
                       "#2e7d32")
    hours = charts.bars([(r.name, r.median_hours, stats._hours(r.median_hours).strip()
                          .removeprefix("用时") or "-") for r in places], "#ef6c00")
    reach = charts.bars([(r.name, float(len(r.reached)), f"{len(r.reached)}人 · 报名{r.claims}")
                         for r in places], "#1565c0")
    query = urlencode({k: v for k, v in (("region", data.place.code),
                                         ("since", request.query_params.get("since", "")))
                       if v})
    return page(request, "stats.html", {
        "visit": visit, "tab": "stats", "s": data, "pct": stats._pct,
        "hours": lambda r: stats._hours(r.median_hours).strip().removeprefix("用时") or "-",
        "places": views.places(web.gazetteer, visit.officer),
        "since": request.query_params.get("since", ""), "query": f"?{query}",
        "fill_chart": fill, "hours_chart": hours, "reach_chart": reach,
        "weekly_chart": charts.heatmap(data.weeks, data.weekly)})


@desk_view
def stats_csv(request: Request, visit: Visit, session: Session, web: Web) -> Response:
    data = _stats(request, visit, session, web)
    return Response(exports.stats_csv(data.rows), media_type="text/csv; charset=utf-8",
                    headers=_attachment("stats", "csv", web))


@desk_view
def stats_xlsx(request: Request, visit: Visit, session: Session, web: Web) -> Response:
    data = _stats(request, visit, session, web)
    return Response(exports.stats_xlsx(data.rows), media_type=exports.XLSX,
                    headers=_attachment("stats", "xlsx", web))


async def home(request: Request) -> Response:
    return redirect("/desk/jobs")


# --- the station screen ---------------------------------------------------------------------

def _screen(request: Request, web: Web) -> views.Screen | None:
    with Session(web.engine) as session:
        row = desk.screen(session, request.path_params["token"])
        place = web.gazetteer.by_code(row.region_code) if row is not None else None
        if place is None:
            return None
        return views.screen(session, web.gazetteer, place, web.clock.now())


def _qr(link: str) -> str:
    if not link:
        return ""
    svg = segno.make(link, error="m").svg_inline(border=2, dark="#000", light="#fff",
                                                 omitsize=True)
    return str(svg)


async def screen_page(request: Request) -> Response:
    web = _web(request)
    data = await run_in_threadpool(_screen, request, web)
    if data is None:
        return problem(request, 404, "这块大屏已停用或地址不对。请信息员私聊机器人发"
                                     "「大屏 地方名」要新地址。")
    now = web.clock.now()
    return page(request, "screen.html", {
        "s": data, "qr": _qr(web.settings.web.bot_link), "page_size": SCREEN_PAGE_SIZE,
        "refresh": web.screen_refresh, "page_seconds": SCREEN_PAGE_SECONDS,
        "server_ms": int(now.timestamp() * 1000), "today": now.astimezone(TZ)})


async def screen_live(request: Request) -> Response:
    """The screen's changing part, fetched by the page itself every half minute."""
    web = _web(request)
    data = await run_in_threadpool(_screen, request, web)
    if data is None:
        return Response("gone", status_code=404)
    now = web.clock.now()
    return page(request, "screen_live.html", {"s": data, "page_size": SCREEN_PAGE_SIZE,
                                              "server_ms": int(now.timestamp() * 1000)})


# --- the application ------------------------------------------------------------------------

class Headers(BaseHTTPMiddleware):
    """No framing, no referrer (login links carry a token), scripts only from here."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint
                       ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; form-action 'self'; frame-ancestors 'none'")
        if request.url.path.startswith(("/desk", "/login")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def create_app(engine: Engine, settings: Settings, gazetteer: Gazetteer, clock: Clock,
               notify: Callable[[], None] | None = None,
               screen_refresh: int = SCREEN_REFRESH_SECONDS) -> Starlette:
    """The ASGI app on lingong's database; ``notify`` wakes the sender after a desk action
    queued messages (when the channels run in the same process); screens fetch their list
    every ``screen_refresh`` seconds."""
    require_web_secret(settings.web)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["weekday"] = lambda d: "一二三四五六日"[d.weekday()]
    app = Starlette(routes=[
        Route("/", home),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/login/{token}", link_form, methods=["GET"]),
        Route("/login/{token}", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/desk", home),
        Route("/desk/jobs", jobs_page),
        Route("/desk/jobs.csv", jobs_csv),
        Route("/desk/jobs.xlsx", jobs_xlsx),
        Route("/desk/jobs/{job_id:int}", job_page),
        Route("/desk/jobs/{job_id:int}/review", review, methods=["POST"]),
        Route("/desk/held", held_page),
        Route("/desk/people", people_page),
        Route("/desk/cases", cases_page),
        Route("/desk/cases/{kind}/{case_id:int}", case_action, methods=["POST"]),
        Route("/desk/stats", stats_page),
        Route("/desk/stats.csv", stats_csv),
        Route("/desk/stats.xlsx", stats_xlsx),
        Route("/screen/{token}", screen_page),
        Route("/screen/{token}/live", screen_live),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ], middleware=[Middleware(Headers)])
    app.state.web = Web(engine, settings, gazetteer, clock, templates, notify, screen_refresh)
    return app
