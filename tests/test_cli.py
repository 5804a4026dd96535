"""The command line: help, chat scripts and their errors, db upgrade, jobs, regions import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from bot.clock import TZ

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LINGONG_SHARED", REPO.parent / "shared"))


def lingong(*args: str, stdin: str | None = None, home: Path | None = None
            ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if home is not None:
        env["LINGONG_BOT_DATA_DIR"] = str(home)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=REPO, text=True,
                          input=stdin, capture_output=True, timeout=180, env=env)


def test_help_lists_every_command() -> None:
    out = lingong("--help").stdout
    for command in ("run", "chat", "demo", "parse", "jobs", "stats", "failed", "db", "regions"):
        assert command in out
    for variable in ("LINGONG_LOG_LEVEL", "LINGONG_CONFIG", "LINGONG_<SECTION>_<KEY>"):
        assert variable in out.replace("\n", " ")


def test_a_chat_script_prints_only_what_the_bot_sends(tmp_path: Path) -> None:
    script = tmp_path / "hello.chat"
    script.write_text(
        "# a greeting in private, chatter in a group\n"
        "@now 2026-11-26 08:00\n"
        "@group 青天村群 青天村\n"
        "王大爷: 帮助\n"
        "王大爷@青天村群: 今天天气好冷\n",
        encoding="utf-8",
    )
    proc = lingong("chat", "--script", str(script))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "→ 王大爷: 您好，我是零工驿站的招工小助手。"
    assert all(line.startswith("  ") for line in lines[1:])


@pytest.mark.parametrize(
    ("body", "line", "says"),
    [
        ("@now 2026-11-26 08:00\n@now 2026-11-25 08:00\n", 2, "backwards"),
        ("@now tomorrow\n", 1, "YYYY-MM-DD HH:MM"),
        ("@now 2026-11-26\n", 1, "YYYY-MM-DD HH:MM"),
        ("@now 2026-11-26 8点\n", 1, "YYYY-MM-DD HH:MM"),
        ("@now 2026-11-26 08:00\n\n@wait soon\n", 3, "30m, 2h or 1d"),
        ("@group 青天村群 火星村\n", 1, "unknown region '火星村'"),
        ("@party 青天村群\n", 1, "unknown directive @party"),
        ("王大爷 说 你好\n", 1, "not a script line"),
        ("王大爷@青天村群^: 我去\n", 1, "has said nothing there yet"),
        ("王大爷 [报名]\n", 1, "no bot message in 王大爷 has a button [报名]"),
    ],
)
def test_script_errors_exit_2_with_the_line_number(tmp_path: Path, body: str, line: int,
                                                   says: str) -> None:
    script = tmp_path / "bad.chat"
    script.write_text(body, encoding="utf-8")
    proc = lingong("chat", "--script", str(script))
    assert proc.returncode == 2
    assert f"line {line}:" in proc.stderr and says in proc.stderr, proc.stderr


@pytest.mark.parametrize("now", ["2026-11-26 08:00", "2026-11-26T08:00:00+08:00",
                                 "2026-11-26 08:00+08:00", "2026-11-26T00:00:00Z",
                                 "2026-11-26T23:30:00Z"])
def test_now_takes_iso_forms_on_shanghais_clock(tmp_path: Path, now: str) -> None:
    script = tmp_path / "iso.chat"
    script.write_text(f"@now {now}\n@group 青天村群 青天村\n"
                      "王大爷@青天村群: 明天要2个搬运工 150一天 电话13812345678\n",
                      encoding="utf-8")
    proc = lingong("chat", "--script", str(script))
    assert proc.returncode == 0, proc.stderr
    # 23:30 UTC is already the next morning in Shanghai: 明天 is then the 28th.
    assert ("明天 11月28日" if now.endswith("23:30:00Z") else "明天 11月27日") in proc.stdout


def test_a_missing_script_file_is_a_clear_error(tmp_path: Path) -> None:
    proc = lingong("chat", "--script", str(tmp_path / "nope.chat"))
    assert proc.returncode == 2 and "cannot read script" in proc.stderr


def test_db_upgrade_then_jobs_json_on_an_empty_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.db'}"
    up = lingong("db", "upgrade", "--db", url)
    assert up.returncode == 0 and "database at revision" in up.stderr
    jobs = lingong("jobs", "--json", "--db", url)
    assert jobs.returncode == 0 and json.loads(jobs.stdout) == []
    listing = lingong("jobs", "--db", url)
    assert listing.returncode == 0 and listing.stdout == "" and "还没有招工" in listing.stderr


def test_jobs_lists_a_played_conversation(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.db'}"
    script = tmp_path / "post.chat"
    script.write_text("@now 2026-11-26 08:00\n@group 青天村群 青天村\n"
                      "王大爷@青天村群: 明天要2个搬运工 150一天 电话13812345678\n"
                      "小张@青天村群^: 我去\n", encoding="utf-8")
    assert lingong("db", "upgrade", "--db", url).returncode == 0  # made on purpose, once
    assert lingong("chat", "--script", str(script), "--db", url).returncode == 0
    listing = lingong("jobs", "--db", url).stdout
    assert listing == "#1 open 搬运工 1/2人 2026-11-27 木鱼镇 青天村 150元/天 发布人王大爷\n"
    [job] = json.loads(lingong("jobs", "--json", "--db", url).stdout)
    assert job["status"] == "open" and job["claims"] == [
        {"person": "小张", "count": 1, "status": "confirmed"}]


def test_regions_import_builds_another_county_from_the_nbs_tables(tmp_path: Path) -> None:
    nbs = SHARED / "data" / "regions" / "nbs-2023"
    if not nbs.is_dir():
        pytest.skip(f"no NBS tables at {nbs}")
    url = f"sqlite:///{tmp_path / 'state.db'}"
    assert lingong("db", "upgrade", "--db", url).returncode == 0
    proc = lingong("regions", "import", "--county", "420525", "--from", str(nbs), "--db", url,
                   home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("远安县 (420525):")
    assert (tmp_path / "regions_420525.csv").is_file()
    line = json.dumps({"id": "a", "text": "明天要木工2个 250一天 茅坪场镇",
                       "now": "2026-11-26T08:00:00+08:00"})
    parsed = lingong("parse", "--county", "420525", stdin=line + "\n", home=tmp_path)
    assert json.loads(parsed.stdout)["jobs"][0]["township"] == "茅坪场镇"
    bad = lingong("regions", "import", "--county", "999999", "--from", str(nbs), "--db", url,
                  home=tmp_path)
    assert bad.returncode == 2 and "999999" in bad.stderr


# -- rough edges: one clear line each, never a traceback -------------------------------------

def one_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, proc
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    return proc.stderr.strip()


def test_a_script_that_is_not_utf8_is_named_with_its_line(tmp_path: Path) -> None:
    script = tmp_path / "gbk.chat"
    script.write_bytes("@now 2026-11-26 08:00\n王大爷: 帮助\n".encode("gbk"))
    said = one_line(lingong("chat", "--script", str(script)))
    assert said == (f"lingong: script {script} is not UTF-8 (line 2): save it as UTF-8 "
                    "(an editor's 'Save as… UTF-8'; GBK files are not read)")
    # A UTF-8 file with a byte-order mark (Windows Notepad) plays.
    script.write_bytes("\ufeff@now 2026-11-26 08:00\n王大爷: 帮助\n".encode())
    assert lingong("chat", "--script", str(script)).returncode == 0


@pytest.mark.parametrize("command", [("jobs",), ("db", "upgrade"),
                                     ("chat", "--script", "/dev/null")])
def test_a_url_that_is_no_database_is_one_line(command: tuple[str, ...]) -> None:
    said = one_line(lingong(*command, "--db", "garbage://x"))
    assert said == ("lingong: 'garbage://x' is not a database URL: use sqlite:///PATH or "
                    "postgresql+psycopg://USER@HOST:5432/DB")


def test_a_mistyped_database_path_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    typo = tmp_path / "dat" / "lingong.db"
    for command in (("jobs",), ("chat", "--script", "/dev/null")):
        said = one_line(lingong(*command, "--db", f"sqlite:///{typo}"))
        assert said == (f"lingong: no database at {typo}: check the path, or create it with "
                        f"`lingong db upgrade --db sqlite:///{typo}`")
    assert not (tmp_path / "dat").exists()
    # Asked for explicitly, it is made, folders and all; the default data folder's own
    # database is made on first use too.
    assert lingong("db", "upgrade", "--db", f"sqlite:///{typo}").returncode == 0
    assert typo.is_file()
    assert lingong("jobs", home=tmp_path / "fresh").returncode == 0
    assert (tmp_path / "fresh" / "lingong.db").is_file()


def test_stats_with_an_impossible_day_says_so(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.db'}"
    assert lingong("db", "upgrade", "--db", url).returncode == 0
    said = one_line(lingong("stats", "--since", "2027-13-01", "--db", url))
    assert said == ("lingong: --since '2027-13-01' is not a day of the calendar: use "
                    "YYYY-MM-DD (like 2026-11-01), 7天, 本周 or 本月")
    assert "month must be" not in said
    assert "--since '上辈子'" in one_line(lingong("stats", "--since", "上辈子", "--db", url))
    assert lingong("stats", "--since", "2026-11-01", "--db", url).returncode == 0


@contextmanager
def state(tmp_path: Path) -> Iterator[tuple[str, Session]]:
    """A database file with its schema, its URL, and a transaction to fill it in."""
    from storage.db import make_engine, transaction, upgrade

    url = f"sqlite:///{tmp_path / 'state.db'}"
    engine = make_engine(url)
    upgrade(engine)
    try:
        with transaction(engine) as session:
            yield url, session
    finally:
        engine.dispose()


NOW = datetime(2026, 11, 26, 8, 0, tzinfo=TZ)


def test_jobs_prints_big_wages_in_full(tmp_path: Path) -> None:
    from storage import jobs as store
    from storage.models import Person

    with state(tmp_path) as (url, session):
        boss = Person(name="钱老板")
        session.add(boss)
        session.flush()
        assert boss.id is not None
        post = store.create_post(session, source_message_id="console:m1", chat_id="console:g",
                                 poster_id=boss.id, text="…", now=NOW)
        for wage, top in ((1e8, None), (150.5, 200.0)):
            store.create_job(session, post, {"work_type": "搬运工", "headcount": 2,
                                             "wage_min": wage, "wage_max": top,
                                             "wage_unit": "day"},
                             region_code=None, status="open", now=NOW, undated_days=3)
    listing = lingong("jobs", "--db", url).stdout
    assert " 100000000元/天 " in listing and " 150.5-200元/天 " in listing
    assert "e+" not in listing


def test_failed_lists_the_messages_the_bot_could_not_handle(tmp_path: Path) -> None:
    from storage.models import InboundMessage

    with state(tmp_path) as (url, session):
        for i, status in enumerate(("handled", "failed")):
            session.add(InboundMessage(id=f"console:m{i}", chat_id="console:dm:老王",
                                       sender_id="console:老王", text=f"第{i}条", sent_at=NOW,
                                       received_at=NOW, status=status,
                                       error="Traceback …\nRuntimeError: a bug"))
    listing = lingong("failed", "--db", url).stdout
    assert listing == ("2026-11-26 08:00 console:dm:老王 console:老王 「第1条」 — "
                       "RuntimeError: a bug\n")


def test_unknown_variables_and_log_levels_are_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINGONG_")}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "jobs"], cwd=REPO, text=True,
                          capture_output=True, timeout=60,
                          env={**env, "PYTHONPATH": str(REPO), "LINGONG_TELEGRAM_TOKNE": "1:x"})
    assert one_line(proc) == (
        "lingong: config error: unknown environment variable LINGONG_TELEGRAM_TOKNE: did you "
        "mean LINGONG_TELEGRAM_TOKEN? see config.example.toml (LINGONG_<SECTION>_<KEY>)")
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "jobs"], cwd=REPO, text=True,
                          capture_output=True, timeout=60,
                          env={**env, "PYTHONPATH": str(REPO), "LINGONG_LOG_LEVEL": "verbose"})
    assert one_line(proc) == ("lingong: config error: LINGONG_LOG_LEVEL = 'verbose': use one "
                              "of DEBUG, INFO, WARNING, ERROR")
