"""Work types (工种) and the jieba tokenizer with the project's user dictionary."""

from __future__ import annotations

import logging
import threading
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jieba

from nlp.gazetteer import load_gazetteer

DATA_DIR = Path(__file__).resolve().parent / "data"

# Suffixes that turn a task into a job title ('伐木' + '工'); stripped to find the task.
_TITLE_SUFFIXES = ("工人", "师傅", "人员", "阿姨", "工", "员", "匠", "活")
# Words that never name a kind of work even though they contain one (perks, routes, bills).
_NOT_WORK = frozenset({
    "水电费", "开车来", "包车", "车接车送", "接送", "包接送", "有车", "自己开车",
    "快递费", "装修好", "装修完", "打包带走", "小工具",
})
# Domain words jieba should keep whole so that neighbouring tokens do not swallow them.
_DOMAIN_WORDS = (
    "包吃住", "包食宿", "管吃住", "包吃", "包住", "管饭", "管午饭", "包午饭", "包三餐", "包接送",
    "日结", "月结", "完工结", "当天结", "现结", "周结", "大工", "小工", "面议", "工期", "工价",
    "男工", "女工", "男女不限", "限男", "限女", "人已招满", "已招满", "招满", "报名",
)


@lru_cache(maxsize=1)
def load_work_types() -> dict[str, list[str]]:
    """Canonical work type → its synonyms (the canonical name first)."""
    with open(DATA_DIR / "work_types.toml", "rb") as f:
        raw: dict[str, Any] = tomllib.load(f)["work_types"]
    out: dict[str, list[str]] = {}
    for key, words in raw.items():
        out[key] = [key, *(w for w in words if w != key)]
    return out


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    syn: dict[str, str] = {}
    for key, words in load_work_types().items():
        for w in words:
            syn.setdefault(w, key)
    return syn


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    return frozenset(w[:i] for w in _synonyms() for i in range(1, len(w)))


def work_type_of(word: str) -> str | None:
    """The canonical work type a word names, by synonym or by its task ('伐木工' → 林业工)."""
    return _work_type_of(word.strip())


@lru_cache(maxsize=8192)
def _work_type_of(w: str) -> str | None:
    if not w or w in _NOT_WORK:
        return None
    syn = _synonyms()
    hit = syn.get(w)
    if hit is not None:
        return hit
    for suffix in _TITLE_SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            hit = syn.get(w[: -len(suffix)])
            if hit is not None:
                return hit
    if len(w) >= 3:
        # a longer jieba word holding a synonym ('植树造林', '人放牛'): the longest one inside
        for size in range(len(w) - 1, 1, -1):
            for i in range(len(w) - size + 1):
                hit = syn.get(w[i : i + size])
                if hit is not None:
                    return hit
    for prefix in ("男", "女", "临时", "长期", "熟练", "会", "找", "招"):
        if w.startswith(prefix) and len(w) > len(prefix) + 1:
            hit = syn.get(w[len(prefix):])
            if hit is not None:
                return hit
    return None


_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _user_words() -> Iterable[str]:
    for words in load_work_types().values():
        yield from words
    yield from load_gazetteer().names()
    yield from _DOMAIN_WORDS


def tokenizer() -> jieba.Tokenizer:
    """The private jieba tokenizer, loaded once with the user dictionary."""
    global _tokenizer
    tok = _tokenizer
    if tok is not None:
        return tok
    with _lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            t = jieba.Tokenizer()
            t.initialize()
            for w in _user_words():
                if len(w) >= 2:
                    # a frequency that guarantees the word is cut whole, without HMM
                    t.add_word(w, freq=max(t.suggest_freq(w, False), 1000))
            _tokenizer = t
        return _tokenizer


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """One dictionary-only (no HMM) cut of the text, with offsets."""
    out: list[Token] = []
    pos = 0
    for w in tokenizer().cut(text, HMM=False):
        out.append(Token(pos, pos + len(w), w))
        pos += len(w)
    return out


@dataclass(frozen=True)
class WorkMention:
    start: int
    end: int
    canonical: str
    word: str


def find_work_types(tokens: list[Token]) -> list[WorkMention]:
    """Work-type mentions in token order; joins up to three tokens for split synonyms."""
    out: list[WorkMention] = []
    i = 0
    n = len(tokens)
    prefixes = _prefixes()
    syn = _synonyms()
    while i < n:
        found = None
        joinable = tokens[i].text in prefixes
        for k in (3, 2, 1):
            if i + k > n or (k > 1 and not joinable):
                continue
            word = "".join(t.text for t in tokens[i : i + k])
            if k > 1 and len(word) > 6:
                continue
            wt = _work_type_of(word) if k == 1 else syn.get(word)
            if wt is not None:
                found = (k, word, wt)
                break
        if found is None:
            i += 1
            continue
        k, word, wt = found
        out.append(WorkMention(tokens[i].start, tokens[i + k - 1].end, wt, word))
        i += k
    return out


def warm_up() -> None:
    """Load the tokenizer and the tables now rather than on the first message."""
    tokenizer()
    _prefixes()
