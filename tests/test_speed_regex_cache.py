"""Speed round (issue 11, "Speed"): the parser's compiled patterns are kept from one process to
the next (nlp/recache.py), so a start of `lingong parse` no longer compiles four hundred
patterns in Python. A pattern read from the cache is the pattern `re` makes; a cache that does
not fit is compiled anew; and every pattern's text is the same in every process (else each start
would miss the cache and write it again).

Every sentence is written for this file.
"""

from __future__ import annotations

import datetime as dt
import json
import marshal
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nlp import recache

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder and a recache with nothing loaded."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(recache, "_programs", None)
    monkeypatch.setattr(recache, "_used", set())
    monkeypatch.setattr(recache, "_dirty", False)
    return tmp_path


PATTERNS = [
    (r"(?P<n>[0-9一二两三]+)\s*个(?:人|工)(?!头)", 0),
    (r"^(?:收到|好的)[!.\s]*$", re.M),
    (r"(不|没)?(包吃住|管吃住)", 0),
]


# ==== a pattern from the cache is the pattern re makes ====


def test_a_cached_pattern_is_the_pattern_re_makes(fresh: Path) -> None:
    made = [recache.rcompile(p, f) for p, f in PATTERNS]
    recache.save()
    assert list(fresh.glob("lingong/regex-*.marshal"))
    recache._programs = None  # as a new process: read back from the file
    again = [recache.rcompile(p, f) for p, f in PATTERNS]
    assert not recache._dirty  # nothing compiled anew
    for a, b, (p, f) in zip(made, again, PATTERNS, strict=True):
        want = re.compile(p, f)
        for x in (a, b):
            assert (x.pattern, x.flags, x.groups, x.groupindex) == (
                want.pattern, want.flags, want.groups, want.groupindex)
        for text in ("明天要三个人 包吃住", "收到!\n好的", "不包吃住 要两个工头", "我去"):
            assert [(m.span(), m.groups()) for m in b.finditer(text)] == [
                (m.span(), m.groups()) for m in want.finditer(text)]


def test_a_program_that_does_not_fit_is_compiled_anew(fresh: Path) -> None:
    pattern = r"(?P<n>[0-9]+)\s*个人"
    # a program of another build (nonsense to this one) under the pattern's own key
    recache._programs = {(pattern, 0): (32, [1, 2, 3], 0, {}, (None,))}
    got = recache.rcompile(pattern, 0)
    assert got.search("要3个人").group("n") == "3"  # type: ignore[union-attr]
    assert recache._dirty  # and the right one is written at exit


def test_a_file_of_another_build_is_not_read(fresh: Path) -> None:
    path = recache._cache_file()
    path.parent.mkdir(parents=True)
    pattern = r"[0-9]+个人"
    program = recache._program(pattern, 0)
    path.write_bytes(marshal.dumps(("regex-0|another python", {(pattern, 0): program})))
    recache.rcompile(pattern, 0)
    assert recache._dirty  # compiled anew: the file's programs were not taken


# ==== every pattern's text is the same in every process ====


def _keys(seed: str, cache: Path) -> list[list[object]]:
    code = (
        f"import json, sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "import nlp.stream\nfrom nlp import recache\n"
        "print(json.dumps(sorted([p, f] for p, f in recache._used), ensure_ascii=True))\n"
    )
    env = {"XDG_CACHE_HOME": str(cache), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": seed}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    return list(json.loads(r.stdout))


def test_the_patterns_are_the_same_text_whatever_the_hash_seed(tmp_path: Path) -> None:
    first = _keys("1", tmp_path)
    assert len(first) > 300
    assert _keys("2", tmp_path) == first
    assert _keys("3", tmp_path) == first


# ==== a message parses as before, from the cache ====


def test_a_post_parses_the_same_from_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    text = "[破涕为笑]明天要3个搬运工 一天一百五 包吃住 电话13872651134"
    line = json.dumps({"id": 1, "text": text,
                       "now": dt.datetime(2026, 12, 2, 9).isoformat() + "+08:00"},
                      ensure_ascii=False)
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from nlp.stream import run_parse; run_parse(sys.stdin, sys.stdout)\n")
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    outs = [subprocess.run([sys.executable, "-c", code], input=line + "\n", capture_output=True,
                           text=True, env=env).stdout for _ in range(2)]
    assert outs[0] == outs[1]
    got = json.loads(outs[0])
    assert got["intent"] == "job_post"
    assert got["jobs"][0]["work_type"] == "搬运工"
    assert got["jobs"][0]["perks"] == ["lodging", "meals"]
