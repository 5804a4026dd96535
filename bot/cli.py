"""``lingong``: run the bot, chat with it on the console, parse text, look at the state."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from bot import logs
from bot.adapters.base import StartupError
from bot.config import SECRETS, ConfigError, Settings, load_settings, require_channel
from storage.errors import DatabaseUnavailable

if TYPE_CHECKING:
    import asyncio

    from sqlalchemy.engine import Engine

    from bot.adapters.base import Adapter
    from bot.app import App

log = logging.getLogger("lingong")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # `run` says what it serves (INFO); the other commands print only what they are for.
        level = logs.level_from(os.environ.get("LINGONG_LOG_LEVEL"),
                                "INFO" if getattr(args, "func", None) is cmd_run else "WARNING")
    except ValueError as exc:
        print(f"lingong: config error: {exc}", file=sys.stderr)
        return 2
    logs.configure(level)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except ConfigError as exc:
        print(f"lingong: config error: {exc}", file=sys.stderr)
        return 2
    except (DatabaseUnavailable, StartupError) as exc:
        print(f"lingong: {logs.redact(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lingong",
        description="零工 lingong — the gig-station bot. With no config it runs on the console "
        "channel and SQLite, so you can try it at once: `lingong demo`, `lingong chat`.",
        epilog="Environment: LINGONG_CONFIG (the config file), LINGONG_LOG_LEVEL (DEBUG, INFO, "
        "WARNING or ERROR; run logs at INFO, other commands at WARNING), and "
        "LINGONG_<SECTION>_<KEY> for any setting of config.example.toml; another LINGONG_* "
        "variable is an error. A --db SQLite file must exist: `lingong db upgrade --db URL` "
        "makes it.",
    )
    parser.add_argument("--config", help="config file (default: $LINGONG_CONFIG, ./config.toml)")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("run", help="start the bot on the configured channels")
    p.add_argument("--channels", help="comma-separated: console,telegram,wechat")
    p.add_argument("--web", action="store_true",
                   help="also serve the station screens and officers' desk ([web])")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("chat", help="talk to the bot on the console (or play a chat script)")
    p.add_argument("--script", help="play this chat-script file and exit")
    p.add_argument("--db", help="database URL (default: a fresh in-memory database); a SQLite "
                   "file must exist (lingong db upgrade --db URL makes it)")
    p.add_argument("--start", help="clock start, 'YYYY-MM-DD HH:MM' Asia/Shanghai (default now)")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("demo", help="play the bundled demo: a township's whole day")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("web", help="serve the station screens and the officers' desk")
    p.add_argument("--host", help="listen address (default [web] host, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default [web] port, 8080)")
    p.add_argument("--db", help="database URL (default: the configured one)")
    p.add_argument("--demo", action="store_true",
                   help="play the demo's day into a fresh database and serve that")
    p.set_defaults(func=cmd_web)

    p = sub.add_parser("parse", help="parse JSON Lines of messages (see contract/parse.md)")
    p.add_argument("--county", default=None, help="county code (default 429021 神农架林区)")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("jobs", help="list jobs and their claims")
    p.add_argument("--json", action="store_true", help="as JSON (default: one line a job)")
    p.add_argument("--db", help="database URL (default: the configured one)")
    p.set_defaults(func=cmd_jobs)

    p = sub.add_parser("stats", help="officer numbers: posted, filled, fill rate, claims, reach")
    p.add_argument("--region", help="a township or village (default: the whole county)")
    p.add_argument("--since", help="from this day: YYYY-MM-DD, 7天, 本周 or 本月 (default: all)")
    p.add_argument("--csv", action="store_true", help="CSV for reports instead of text")
    p.add_argument("--db", help="database URL (default: the configured one)")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("corrections", help="what posters corrected on their cards, per field; "
                       "--export writes them as corpus-shaped JSONL (phones removed) to label")
    p.add_argument("--export", nargs="?", const="-", metavar="FILE",
                   help="write JSON Lines to FILE (default: standard output)")
    p.add_argument("--since", help="from this day, YYYY-MM-DD (default: all)")
    p.add_argument("--db", help="database URL (default: the configured one)")
    p.set_defaults(func=cmd_corrections)

    p = sub.add_parser("failed", help="messages the bot could not handle, newest first "
                       "(county officers are told of each; this is the whole list)")
    p.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    p.add_argument("--db", help="database URL (default: the configured one)")
    p.set_defaults(func=cmd_failed)

    p = sub.add_parser("db", help="database schema")
    p.set_defaults(func=_help_of(p))
    dbsub = p.add_subparsers(title="db commands", metavar="ACTION")
    up = dbsub.add_parser("upgrade", help="create or upgrade the schema in place")
    up.add_argument("--db", help="database URL (default: the configured one); a SQLite file "
                    "that does not exist is made, with its folders")
    up.set_defaults(func=cmd_db_upgrade)

    p = sub.add_parser("backup", help="back up the database to FILE, safe while the bot runs")
    p.add_argument("file", help="a new file (SQLite: a database file; PostgreSQL: pg_dump's)")
    p.add_argument("--db", help="database URL (default: the configured one)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="restore a backup FILE into an empty database")
    p.add_argument("file", help="a file made by `lingong backup` (or the nightly backup)")
    p.add_argument("--db", help="database URL (default: the configured one)")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("regions", help="gazetteer of counties, townships and villages")
    p.set_defaults(func=_help_of(p))
    rsub = p.add_subparsers(title="regions commands", metavar="ACTION")
    imp = rsub.add_parser("import", help="build a county from the NBS 2023 division tables")
    imp.add_argument("--county", required=True, help="6-digit county code, e.g. 420525")
    imp.add_argument("--from", dest="source", required=True,
                     help="folder with the NBS tables (streets.csv.gz, villages.csv.gz, …)")
    imp.add_argument("--db", help="database URL (default: the configured one)")
    imp.set_defaults(func=cmd_regions_import)
    return parser


def _help_of(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    """A command group called without its action prints its own help."""

    def show(_: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    return show


def settings_for(args: argparse.Namespace) -> Settings:
    path = args.config or os.environ.get("LINGONG_CONFIG")
    if path is None and Path("config.toml").is_file():
        path = "config.toml"
    settings = load_settings(path)
    logs.hide(*(getattr(getattr(settings, section), key) for section, key in SECRETS))
    return settings


@contextmanager
def database_errors(engine: Engine) -> Iterator[None]:
    """Work the database refused for now (read-only, locked, gone) ends the command with one
    line naming the database and the fix, not a traceback."""
    from sqlalchemy.exc import DBAPIError

    from storage.db import explain, unavailable

    try:
        yield
    except DBAPIError as exc:
        if not unavailable(exc):
            raise
        raise DatabaseUnavailable(explain(exc, engine)) from exc


def cmd_run(args: argparse.Namespace) -> int:
    import asyncio

    from bot.app import build_app

    settings = settings_for(args)
    channels = args.channels.split(",") if args.channels else settings.bot.channels
    settings.bot.channels = [c.strip() for c in channels if c.strip()]
    from bot.config import validate

    validate(settings)
    for channel in settings.bot.channels:
        require_channel(settings, channel)
    if args.web:
        from bot.config import require_web_secret

        require_web_secret(settings.web)
    adapters: dict[str, Adapter] = {}
    for channel in settings.bot.channels:
        adapters[channel] = make_adapter(channel, settings)
    from storage.db import open_database

    # Only the data folder's own database is made on first start; any other must exist.
    engine = open_database(settings.database_url, create=not settings.database.url)
    with database_errors(engine):
        app = build_app(settings, adapters, engine=engine)
    if "console" in adapters:
        print("lingong 在终端运行。每行：名字: 私聊、名字@群名: 群里说、名字@群名^: 回复招工卡、"
              "名字 [按钮]（Ctrl-D 退出）",
              file=sys.stderr)

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        runner = asyncio.create_task(app.run(stop))
        web = None
        if args.web:
            from bot.web.serve import serve_until, server

            web = asyncio.create_task(serve_until(
                server(app.engine, settings, app.gazetteer, app.clock, app.sender.notify,
                       quiet=True), stop))
            print(f"lingong web: {settings.web.public_url}/login", file=sys.stderr)
        if "console" in adapters:
            await console_input(app, stop)
        await runner
        if web is not None:
            await web

    with database_errors(engine):
        asyncio.run(serve())
    return 0


def make_adapter(channel: str, settings: Settings) -> Adapter:
    adapter: Adapter
    if channel == "console":
        from bot.adapters.console import ConsoleAdapter

        adapter = ConsoleAdapter()
    elif channel == "telegram":
        from bot.adapters.telegram import TelegramAdapter

        adapter = TelegramAdapter.from_settings(settings.telegram)
    else:
        from bot.adapters.wechat import WechatAdapter

        adapter = WechatAdapter.from_settings(settings.wechat)
    return adapter


async def console_input(app: App, stop: asyncio.Event) -> None:
    """Read script-style lines (say, reply with ^, press [buttons]) from the terminal."""
    import asyncio

    from bot.adapters.console import ConsoleAdapter
    from bot.chatscript import message_for

    console = app.adapters["console"]
    assert isinstance(console, ConsoleAdapter)
    while not stop.is_set():
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            stop.set()
            break
        if not line.strip():
            continue
        try:
            message = message_for(app, console, line.strip(), app.clock.now(), autobind=True)
        except ValueError as exc:
            print(f"（{exc}）格式：名字: 内容、名字@群名: 内容、名字@群名^: 回复、名字 [按钮]",
                  file=sys.stderr)
            continue
        await app.on_message(message)


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.chatscript import ScriptError

    settings = settings_for(args)
    if args.script:
        try:
            lines = read_script(Path(args.script))
        except ValueError as exc:
            print(f"lingong: {exc}", file=sys.stderr)
            return 2
    else:
        lines = None
    try:
        start = (datetime.strptime(args.start, "%Y-%m-%d %H:%M") if args.start else None)
    except ValueError:
        print("lingong: --start wants 'YYYY-MM-DD HH:MM'", file=sys.stderr)
        return 2
    from storage.db import open_database

    engine = open_database(args.db, create=False) if args.db else None
    try:
        run_chat(settings, lines, args.db or "sqlite://", start, engine=engine)
    except ScriptError as exc:
        print(f"lingong: script error at {exc}", file=sys.stderr)
        return 2
    return 0


def read_script(path: Path) -> list[str]:
    """A chat script's lines; ValueError with one line for a file that is missing or not
    UTF-8 (a script saved as GBK by an old editor)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read script {path}: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValueError(f"script {path} is not UTF-8 (line {line}): save it as UTF-8 "
                         "(an editor's 'Save as… UTF-8'; GBK files are not read)") from exc
    return text.splitlines()


def run_chat(settings: Settings, lines: list[str] | None, db_url: str,
             start: datetime | None = None, echo: bool = False,
             engine: Engine | None = None) -> None:
    """Play ``lines`` (or read them interactively when None) on a console bot."""
    import asyncio

    from bot.adapters.console import ConsoleAdapter
    from bot.app import build_app
    from bot.chatscript import Player, ScriptError, prompt_line
    from bot.clock import TZ, ManualClock
    from storage.db import make_engine

    clock = ManualClock(start.replace(tzinfo=TZ) if start else Player.default_start())
    console = ConsoleAdapter()
    app = build_app(settings, {"console": console}, clock=clock,
                    engine=engine or make_engine(db_url))
    player = Player(app, clock, console, echo=sys.stdout if echo else None)

    async def interactive() -> None:
        print(prompt_line(), file=sys.stderr, flush=True)
        await player.settle()
        no = 0
        while True:
            line = await asyncio.to_thread(sys.stdin.readline)
            if not line:
                return
            no += 1
            try:
                await player.play_line(line, no)
            except ScriptError as exc:
                print(f"（{exc}）", file=sys.stderr)

    try:
        asyncio.run(player.play(lines) if lines is not None else interactive())
    finally:
        app.scheduler.shutdown()


def cmd_demo(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    script = resources.files("bot").joinpath("demo/township_day.chat").read_text(encoding="utf-8")
    run_chat(settings, script.splitlines(), "sqlite://", echo=True)
    print("\n自己试试：lingong chat（每行「名字: 私聊」或「名字@群名: 群里说的话」）")
    return 0


def cmd_web(args: argparse.Namespace) -> int:
    """The web app alone; desk actions queue messages that `lingong run` sends."""
    import secrets
    import tempfile

    from bot.clock import Clock, SystemClock
    from bot.config import require_web_secret, validate
    from bot.web.serve import play_demo, server

    settings = settings_for(args)
    settings.web.host = args.host or settings.web.host
    settings.web.port = args.port or settings.web.port
    validate(settings)
    if args.demo:
        settings.web.secret = settings.web.secret or secrets.token_hex(32)
        demo = play_demo(settings, Path(tempfile.gettempdir()) / "lingong-web-demo.db")
        clock: Clock = demo.clock
        engine, gazetteer = demo.engine, demo.gazetteer
        print("演示：木鱼镇的一天已放进数据库。\n"
              f"  驿站大屏：{demo.screen_url}\n"
              f"  信息员后台（陈干事，木鱼镇）：{demo.login_url}\n"
              f"  或打开 {settings.web.public_url}/login 输入登录码 {demo.code}"
              "（10分钟内有效，只能用一次）\nCtrl-C 退出。", flush=True)
    else:
        require_web_secret(settings.web)
        from nlp.gazetteer import load_gazetteer
        from storage.db import upgrade

        engine = _engine(args)
        upgrade(engine)
        gazetteer = load_gazetteer(settings.bot.county, settings.data_path)
        clock = SystemClock()
        print(f"lingong web: {settings.web.public_url}/login", file=sys.stderr)
    server(engine, settings, gazetteer, clock).run()
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    from nlp.stream import run_parse

    try:
        settings = settings_for(args)
    except ConfigError:
        settings = Settings()  # parsing needs no configuration; the defaults will do
    return run_parse(sys.stdin, sys.stdout, args.county or settings.bot.county,
                     settings.data_path)


def _engine(args: argparse.Namespace, create: bool = False) -> Engine:
    """The database a command works on: ``--db`` or the configured one. A SQLite file is
    created only by ``create`` commands (db upgrade) and, for the data folder's own database,
    by everything that writes the configured one."""
    from storage.db import open_database

    if args.db:
        return open_database(args.db, create=create)
    settings = settings_for(args)
    return open_database(settings.database_url, create=create or not settings.database.url)


def cmd_jobs(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from handlers.cards import UNITS, money
    from storage.db import upgrade
    from storage.report import jobs_json

    engine = _engine(args)
    with database_errors(engine):
        upgrade(engine)
        with Session(engine) as session:
            jobs = jobs_json(session)
    if args.json:
        print(json.dumps(jobs, ensure_ascii=False, indent=1))
        return 0
    for job in jobs:
        held = sum(c["count"] for c in job["claims"] if c["status"] == "confirmed")
        place = " ".join(p for p in (job["township"], job["village"]) if p) or "地点未定"
        unit = UNITS.get(job["wage_unit"] or "", job["wage_unit"] or "?")
        wage = ""
        if job["wage_min"] is not None:
            high = job["wage_max"]
            span = money(job["wage_min"]) + (
                f"-{money(high)}" if high is not None and high != job["wage_min"] else "")
            wage = f" {span}元/{unit}"
        print(f"#{job['id']} {job['state']} {job['work_type'] or '工种未定'} "
              f"{held}/{job['headcount'] or '?'}人 {job['start_date'] or '日期未定'} {place}"
              f"{wage} 发布人{job['poster']}")
    if not jobs:
        print("还没有招工。", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from handlers.stats import stats_command

    engine = _engine(args)
    try:
        with database_errors(engine):
            print(stats_command(engine, args.region, args.since, args.csv), end="")
    except ValueError as exc:
        reason = str(exc)
        if args.since and not reason.startswith("--"):
            # The calendar's own words ("month must be in 1..12") name no option.
            reason = (f"--since {args.since!r} is not a day of the calendar: use YYYY-MM-DD "
                      "(like 2026-11-01), 7天, 本周 or 本月")
        print(f"lingong: {reason}", file=sys.stderr)
        return 2
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from storage.db import current_revision, upgrade

    engine = _engine(args, create=True)
    with database_errors(engine):
        upgrade(engine)
    print(f"database at revision {current_revision(engine)}", file=sys.stderr)
    return 0


def cmd_corrections(args: argparse.Namespace) -> int:
    from collections import Counter

    from sqlmodel import Session

    from nlp.gazetteer import load_gazetteer
    from storage import corrections
    from storage.db import upgrade

    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since).replace(tzinfo=corrections.TZ)
        except ValueError:
            print(f"lingong: --since {args.since!r}: use YYYY-MM-DD", file=sys.stderr)
            return 2
    engine = _engine(args)
    with database_errors(engine):
        upgrade(engine)
        with Session(engine) as session:
            if args.export is None:
                rows = corrections.corrections(session, since)
                counts = Counter(r.field_name for r in rows if r.field_name != "wage_max")
                for name, n in counts.most_common():
                    print(f"{corrections.FIELD_NAMES.get(name, name)}\t{name}\t{n}")
                if not rows:
                    print("还没有发布人改过卡片。", file=sys.stderr)
                return 0
            lines = [json.dumps(line, ensure_ascii=False)
                     for line in corrections.export_lines(session, load_gazetteer(), since)]
    out = "".join(f"{x}\n" for x in lines)
    if args.export == "-":
        sys.stdout.write(out)
    else:
        Path(args.export).write_text(out, encoding="utf-8")
    print(f"{len(lines)} corrected posts written", file=sys.stderr)
    return 0


def cmd_failed(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from bot.clock import local
    from storage.db import upgrade
    from storage.people import failed_messages

    engine = _engine(args)
    with database_errors(engine):
        upgrade(engine)
        with Session(engine) as session:
            rows = failed_messages(session, args.limit)
    for row in rows:
        error = (row.error or "").strip().splitlines()[-1:] or ["?"]
        said = row.text or (f"[按钮 {row.button_data}]" if row.button_data
                            else f"[{row.content_kind}]")
        print(f"{local(row.received_at):%Y-%m-%d %H:%M} {row.chat_id} {row.sender_id} "
              f"「{said}」 — {error[0]}")
    if not rows:
        print("没有处理失败的消息。", file=sys.stderr)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from storage.backup import backup

    return _backup_action(lambda: f"backup written to {backup(_engine(args), Path(args.file))}")


def cmd_restore(args: argparse.Namespace) -> int:
    from storage.backup import restore

    # Restoring makes the database (a new SQLite file, folders and all): an explicit create.
    return _backup_action(lambda: f"restored {args.file}; database at revision "
                                  f"{restore(_engine(args, create=True), Path(args.file))}")


def _backup_action(action: Callable[[], str]) -> int:
    """Run a backup or restore: its one line on stderr, or why not (exit 2)."""
    from storage.backup import BackupError

    try:
        print(action(), file=sys.stderr)
    except BackupError as exc:
        print(f"lingong: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_regions_import(args: argparse.Namespace) -> int:
    from nlp.gazetteer import gazetteer_from_nbs, write_gazetteer_csv
    from storage.db import transaction, upgrade
    from storage.regions import import_gazetteer

    settings = settings_for(args)
    source = Path(args.source)
    if not (source / "villages.csv.gz").is_file():
        print(f"lingong: {source} has no villages.csv.gz (the NBS 2023 tables)", file=sys.stderr)
        return 2
    try:
        gazetteer = gazetteer_from_nbs(source, args.county)
    except (KeyError, ValueError) as exc:
        print(f"lingong: county {args.county}: {exc}", file=sys.stderr)
        return 2
    path = settings.data_path / f"regions_{args.county}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_gazetteer_csv(gazetteer, path)
    engine = _engine(args)
    with database_errors(engine):
        upgrade(engine)
        with transaction(engine) as session:
            changed = import_gazetteer(session, gazetteer)
    towns = sum(1 for p in gazetteer.places if p.level == "township")
    villages = sum(1 for p in gazetteer.places if p.level == "village")
    print(f"{gazetteer.county.name} ({args.county}): {towns} townships, {villages} villages; "
          f"{changed} rows written; gazetteer saved to {path}")
    print(f"use it with: LINGONG_BOT_COUNTY={args.county} lingong run", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
