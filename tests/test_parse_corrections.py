"""Learning from use (issue 11): every field a poster corrects on a card is kept (what the parser
read, what they meant), `lingong corrections --export` writes them as corpus-shaped JSONL with
phones removed, and `lingong stats` shows the correction rate per field."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from storage import privacy
from storage.corrections import remove_phones
from storage.models import Identity, ParserCorrection
from tests.conversation import Conversation

REPO = Path(__file__).resolve().parents[1]
SCRIPT = """\
@now 2026-11-26 08:00
@group 青天村群 青天村
王大爷@青天村群: 明天要2个搬运工 150一天 电话13812345678 王老板
王大爷@青天村群^: 工价200
王大爷@青天村群^: 改成后天
# the same amount again changes nothing: no correction of the parser's
王大爷@青天村群^: 工价200
# someone else's reply is no correction
小张@青天村群^: 我去
"""


def lingong(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=REPO, text=True,
                          capture_output=True, timeout=180)


def test_corrections_from_a_chat_script_to_an_export_and_the_stats(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.db'}"
    script = tmp_path / "fix.chat"
    script.write_text(SCRIPT, encoding="utf-8")
    assert lingong("db", "upgrade", "--db", url).returncode == 0
    assert lingong("chat", "--script", str(script), "--db", url).returncode == 0

    summary = lingong("corrections", "--db", url)
    assert summary.returncode == 0
    assert summary.stdout.splitlines() == ["工价\twage_min\t1", "日期\tstart_date\t1"]

    out = tmp_path / "fixes.jsonl"
    done = lingong("corrections", "--export", str(out), "--db", url)
    assert done.returncode == 0 and "1 corrected posts written" in done.stderr
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    # the post as the parser read it, phone removed, ready to be labelled
    assert line["text"] == "明天要2个搬运工 150一天 电话[电话] 王老板"
    assert "13812345678" not in out.read_text(encoding="utf-8")
    assert line["now"] == "2026-11-26T08:00:00+08:00" and line["chat_region"] == "青天村"
    [job] = line["expected"]["jobs"]
    assert line["expected"]["intent"] == "job_post" and len(job) == 18
    assert (job["wage_min"], job["wage_unit"], job["start_date"], job["phone"]) == (
        200, "day", "2026-11-28", None)
    assert [(c["field"], c["parsed"], c["meant"], c["said"]) for c in line["corrections"]] == [
        ("wage_min", 150, 200, "工价200"), ("wage_max", 150, 200, "工价200"),
        ("start_date", "2026-11-27", "2026-11-28", "改成后天")]

    # to standard output with no FILE
    again = lingong("corrections", "--export", "--db", url)
    assert [json.loads(x) for x in again.stdout.splitlines()] == [line]

    stats = lingong("stats", "--db", url).stdout
    assert "纠错率 日期 1(100%) · 工价 1(100%)" in stats


def test_a_database_with_no_corrections_says_so(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.db'}"
    assert lingong("db", "upgrade", "--db", url).returncode == 0
    proc = lingong("corrections", "--db", url)
    assert proc.returncode == 0 and proc.stdout == "" and "还没有" in proc.stderr
    proc = lingong("corrections", "--export", "--db", url)
    assert proc.returncode == 0 and proc.stdout == ""
    assert lingong("corrections", "--since", "昨天", "--db", url).returncode == 2


@pytest.fixture
def conv() -> Iterator[Conversation]:
    c = Conversation()
    yield c
    c.close()


def test_a_phone_correction_keeps_no_number(conv: Conversation) -> None:
    conv.say("王大爷@青天村群: 明天要2个搬运工 150一天 电话13812345678")
    conv.say("王大爷@青天村群^: 电话13900001111")
    with conv.session() as s:
        rows = list(s.exec(select(ParserCorrection)))
    assert [(r.field_name, r.old_value, r.new_value) for r in rows] == [("phone", None, None)]
    assert "[电话]" in rows[0].said and "1390000" not in rows[0].said


def test_erasing_the_poster_drops_their_corrections(conv: Conversation) -> None:
    conv.say("王大爷@青天村群: 明天要2个搬运工 150一天 电话13812345678 王老板")
    conv.say("王大爷@青天村群^: 工价200")
    with conv.session() as s:
        assert len(list(s.exec(select(ParserCorrection)))) == 2
        ident = s.get(Identity, "console:王大爷")
        assert ident is not None
        privacy.erase_person(s, privacy.who(s, ident.person_id))
        s.commit()
        assert list(s.exec(select(ParserCorrection))) == []


@pytest.mark.parametrize(("text", "clean"), [
    ("电话13812345678 王老板", "电话[电话] 王老板"),
    ("打我电话一五九七二六三零八四一", "打我电话[电话]"),
    ("手机138 1234 5678", "手机[电话]"),
    ("座机0719-3331234", "座机[电话]"),
    ("号码1380543****", "号码[电话]"),
    ("一天150 两个人", "一天150 两个人"),  # amounts and counts stay
])
def test_phones_removed_in_every_written_form(text: str, clean: str) -> None:
    assert remove_phones(text) == clean
