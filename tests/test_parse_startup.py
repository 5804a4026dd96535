"""A parse process loads only what parsing needs: not jieba (the cut reads the cached dictionary),
not the database, scheduler or chat libraries (`lingong parse` is a filter that starts often)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = json.dumps({"id": 1, "text": "木鱼镇明天要3个搬运工", "now": "2026-11-26T08:00+08:00"})
HEAVY = ["alembic", "apscheduler", "asyncio", "jieba", "sqlalchemy", "sqlmodel", "telegram"]


def _loaded(start: str, cache: Path) -> list[str]:
    code = (
        f"import io, sys; sys.path.insert(0, {str(ROOT)!r})\n"
        f"sys.stdin = io.TextIOWrapper(io.BytesIO({(LINE + chr(10)).encode()!r}))\n"
        "out, sys.stdout = sys.stdout, io.StringIO()\n"
        f"{start}\n"
        "assert '搬运工' in sys.stdout.getvalue(), sys.stdout.getvalue()\n"
        f"print(sorted(set({HEAVY!r}) & {{m.split('.')[0] for m in sys.modules}}), file=out)\n"
    )
    env = {"XDG_CACHE_HOME": str(cache), "PATH": "/usr/bin:/bin", "LINGONG_CONFIG": "/nonexistent"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    return list(json.loads(r.stdout.replace("'", '"')))


def test_run_parse_imports_jieba_only_to_make_the_cache(tmp_path: Path) -> None:
    start = "from nlp.stream import run_parse; run_parse(sys.stdin, sys.stdout)"
    assert _loaded(start, tmp_path) == ["jieba"]  # no cache yet: made with jieba
    assert _loaded(start, tmp_path) == []


def test_lingong_parse_loads_no_database_or_chat_library(tmp_path: Path) -> None:
    start = "from bot.cli import main; main(['parse'])"
    _loaded(start, tmp_path)
    assert _loaded(start, tmp_path) == []
