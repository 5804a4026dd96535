"""Whole conversations written by people who never read the code, with the state and the
recipients checked after each line (tests/data/conversations/README.md).

LINGONG_CONVO_DIR plays another directory of `.convo` files instead. A conversation listed in
the directory's KNOWN_FAILING file is expected to fail (strictly: it fails the suite once it
passes, so the list only shrinks).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.convo_sets import play

HERE = Path(__file__).parent / "data" / "conversations"
DIR = Path(os.environ.get("LINGONG_CONVO_DIR", HERE))
FILES = sorted(DIR.glob("*.convo")) if DIR.is_dir() else []
KNOWN = DIR / "KNOWN_FAILING"
KNOWN_FAILING = (
    {line.split("#")[0].strip() for line in KNOWN.read_text(encoding="utf-8").splitlines()}
    if KNOWN.is_file() else set()
)


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=p.stem,
                  marks=[pytest.mark.xfail(strict=True, reason="known failing")]
                  if p.name in KNOWN_FAILING else [])
     for p in FILES],
)
def test_conversation(path: Path) -> None:
    failures = play(path)
    assert not failures, "\n".join(failures)
