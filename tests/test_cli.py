"""The command line: help, chat scripts and their errors, db upgrade, jobs, regions import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    for command in ("run", "chat", "demo", "parse", "jobs", "stats", "db", "regions"):
        assert command in out


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
    assert lingong("chat", "--script", str(script), "--db", url).returncode == 0
    listing = lingong("jobs", "--db", url).stdout
    assert listing == "#1 open 搬运工 1/2人 2026-11-27 木鱼镇 青天村 150元/day 发布人王大爷\n"
    [job] = json.loads(lingong("jobs", "--json", "--db", url).stdout)
    assert job["status"] == "open" and job["claims"] == [
        {"person": "小张", "count": 1, "status": "confirmed"}]


def test_regions_import_builds_another_county_from_the_nbs_tables(tmp_path: Path) -> None:
    nbs = SHARED / "data" / "regions" / "nbs-2023"
    if not nbs.is_dir():
        pytest.skip(f"no NBS tables at {nbs}")
    url = f"sqlite:///{tmp_path / 'state.db'}"
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
