"""The private dictionary's cache (nlp/lexicon.py): read a first character at a time, and made
anew whenever it is not what the parser would make."""

from __future__ import annotations

import json
import os
import time
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

import jieba
import pytest

from nlp import lexicon
from nlp.lexicon import (
    _cache_bytes,
    _cache_file,
    _cache_key,
    _cached_dictionary,
    _cut_block,
    _jieba_version,
    _Shards,
    _Whole,
)
from nlp.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["搬运工", "青天村", "木鱼镇", "泥瓦工"]


def _blocks() -> list[str]:
    with open(ROOT / "tests" / "data" / "corpus.jsonl", encoding="utf-8") as f:
        texts = [normalize(json.loads(line)["text"]) for line in f]
    return [m.group() for t in texts for m in jieba.re_han_default.finditer(t)]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, lexicon._Dictionary]:
    cache = tmp_path_factory.mktemp("cache")
    # caches of other checkouts: one remade yesterday, one not for two months
    for name, age in (("jieba-yesterday.marshal", 1), ("jieba-gone.marshal", 60)):
        (cache / name).write_bytes(b"")
        then = time.time() - age * 86400
        os.utime(cache / name, (then, then))
    return cache, _cached_dictionary(WORDS, cache)


def test_the_cache_reads_back_what_was_made(made: tuple[Path, lexicon._Dictionary]) -> None:
    cache, first = made
    assert isinstance(first, _Whole)  # nothing cached yet: made with jieba
    assert sorted(p.name for p in cache.iterdir()) == [
        _cache_file(cache).name, "jieba-yesterday.marshal"]  # a month unused: removed
    again = _cached_dictionary(WORDS, cache)
    assert isinstance(again, _Shards)
    assert again.total == first.total
    assert again.everything() == first.t.FREQ
    for block in _blocks():
        assert _cut_block(again, block, 0) == _cut_block(first, block, 0), block


def test_a_cut_from_the_cache_is_jiebas_own(made: tuple[Path, lexicon._Dictionary]) -> None:
    cache, first = made
    assert isinstance(first, _Whole)
    shards = _cached_dictionary(WORDS, cache)
    assert isinstance(shards, _Shards)
    for block in _blocks():
        ends = [0]
        for w in first.t.cut(block, HMM=False):
            ends.append(ends[-1] + len(w))
        assert _cut_block(shards, block, 0) == ends, block


def test_another_jieba_version_is_another_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "_jieba_version", lambda origin: "0.42.1")
    key = _cache_key(WORDS)
    assert _cache_key(WORDS) == key  # the same version and words: the same cache
    monkeypatch.setattr(lexicon, "_jieba_version", lambda origin: "0.43.0")
    assert _cache_key(WORDS) != key


def test_jiebas_version_is_the_installed_ones(tmp_path: Path) -> None:
    spec = find_spec("jieba")
    assert spec is not None and spec.origin is not None
    assert _jieba_version(spec.origin) == version("jieba")
    # no __version__ line in the file: the installed metadata says it
    bare = tmp_path / "__init__.py"
    bare.write_text("import os\n", encoding="utf-8")
    assert _jieba_version(str(bare)) == version("jieba")
    bare.write_text("__version__ = '9.9'\n", encoding="utf-8")
    assert _jieba_version(str(bare)) == "9.9"


def test_a_cache_of_other_words_is_made_anew(tmp_path: Path) -> None:
    # a cache left by the data before an edit: it lacks the word added since
    _write_stale(tmp_path, _cache_key(WORDS[:1]), {"搬": 0, "搬运工": 9})
    d = _cached_dictionary(WORDS, tmp_path)
    assert d["青"].get("青天村")
    assert isinstance(_cached_dictionary(WORDS, tmp_path), _Shards)  # and cached again


def test_an_unreadable_cache_is_made_anew(tmp_path: Path) -> None:
    _cache_file(tmp_path).write_bytes(b"\x05\x00\x00\x00\x00\x00\x00\x00garbage")
    d = _cached_dictionary(WORDS, tmp_path)
    assert d["青"].get("青天村")
    assert isinstance(_cached_dictionary(WORDS, tmp_path), _Shards)


def test_no_cache_folder_still_parses(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    d = _cached_dictionary(WORDS, blocked)
    assert d["搬"].get("搬运工")


def _write_stale(cache: Path, key: str, freq: dict[str, int]) -> None:
    _cache_file(cache).write_bytes(_cache_bytes(key, freq, 9))


def test_a_cache_in_use_is_touched_so_no_other_checkout_prunes_it(tmp_path: Path) -> None:
    _cached_dictionary(WORDS, tmp_path)
    path = _cache_file(tmp_path)
    then = time.time() - 20 * 86400
    os.utime(path, (then, then))
    assert isinstance(_cached_dictionary(WORDS, tmp_path), _Shards)  # read, not made
    assert time.time() - path.stat().st_mtime < 3600


def test_the_han_blocks_are_jiebas() -> None:
    # the cut reproduces jieba's routing without importing it: the same blocks of Han
    assert lexicon._RE_HAN.pattern == jieba.re_han_default.pattern
