"""Work types (工种) and the jieba cut the work-type and place finders read.

jieba is how the parser knows where words begin and end. A private `jieba.Tokenizer` (not the
global one, so nothing else in the process changes its dictionary) holds jieba's dictionary with
a user dictionary of every work-type synonym and every place name, alias and stem of the
gazetteer (tokenizer.add_word), each at the frequency jieba suggests to keep it whole when it
stands alone; in context the dictionary's own words still win where they are likelier. That
dictionary is made once and cached in the user's cache folder (~/.cache/lingong, keyed by jieba's
dictionary file and the words added), where the parser reads the words of each first character
when a block holding it is first cut: a parse process neither imports jieba nor reads all of
its 500,000 words (see _cached_dictionary). The cut is dictionary only (`HMM=False`: the HMM
guesses unknown words from character statistics, is many times slower and invents words across
field boundaries), and is made once per message, lazily: only the jieba blocks a finder asks
about are cut, which gives exactly the tokens of `lcut(text, HMM=False)` there (see
Segmentation).

Why: a dictionary lookup alone reads a synonym wherever its characters occur, also inside an
unrelated word. The finders (here for work types, nlp.extract.find_places for places) look up
candidates by longest match, then keep a hit only where the cut agrees it is a word:
- it ends on a token boundary ('木鱼镇|青天村', '招|搬运工'; it may start inside a token, as
  in '要|人种|药材', where jieba paired the verb with the character before it);
- or it sits inside one longer token that is a form of it: a title or a workplace ('环卫工',
  '养殖场', '植树造林', '兴山县'), but not a thing or a bill named after the work ('电焊机',
  '电工证', '搬运费');
- a hit whose end falls inside a word that goes on past it is part of that word and is
  dropped, a shorter synonym at the same place being tried instead ('小|工具' is a tool, not
  小工; '8小时|工作制' is not 小时工; '保|安全' is not 保安; '中小|工厂').
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import tempfile
import threading
import time
import tomllib
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from math import log
from pathlib import Path
from typing import Any, Protocol

from nlp.gazetteer import Gazetteer, load_gazetteer
from nlp.normalize import HAN
from nlp.recache import cache_dir, rcompile

DATA_DIR = Path(__file__).resolve().parent / "data"

# Suffixes that turn a task into a job title ('伐木' + '工'); stripped to find the task.
_TITLE_SUFFIXES = ("工人", "师傅", "人员", "阿姨", "工", "员", "匠", "活")
# Words that never name a kind of work even though they contain one (perks, routes, bills).
_NOT_WORK = frozenset({
    "水电费", "开车来", "包车", "车接车送", "接送", "包接送", "有车", "自己开车",
    "快递费", "装修好", "装修完", "打包带走", "小工具", "零工驿站", "零工市场", "零工平台",
    "我开车", "开车接", "开车送", "开车去接",
})
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


def synonym_of(word: str) -> str | None:
    """The canonical work type of a word that is itself a listed synonym, else None."""
    return _synonyms().get(word)


def work_type_of(word: str) -> str | None:
    """The canonical work type a word names, by synonym or by its task ('伐木工' → 林业工)."""
    return _work_type_of(word.strip())


def is_title(word: str) -> bool:
    """A bare title said after a work ('师傅', '阿姨', '工'), naming none by itself."""
    return word.strip() in _TITLE_SUFFIXES


def title_of(word: str) -> str | None:
    """The work type a word names as a whole — a listed synonym, or one with a title after it
    ('钢筋工', '保洁', '洗碗的'… '木工师傅') — never one it only holds ('我去当钢筋工')."""
    w = word.strip()
    if w.endswith("的") and len(w) > 2:
        w = w[:-1]
    hit = synonym_of(w)
    if hit is not None or w in _NOT_WORK:
        return hit
    return next((found for suffix in _TITLE_SUFFIXES
                 if w.endswith(suffix) and len(w) > len(suffix) + 1
                 and (found := synonym_of(w[: -len(suffix)])) is not None), None)

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
        # a longer word holding a synonym ('植树造林', '人放牛'): the longest one inside
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


class _Dictionary(Protocol):
    """What the cut reads: the words by their first character (word → frequency, 0 for a
    prefix of a word only), and the sum of the frequencies."""

    @property
    def total(self) -> int: ...

    def __getitem__(self, first: str) -> dict[str, int]: ...


class _Shards(dict[str, dict[str, int]]):
    """The dictionary as cached: one marshalled dict per first character, each read when a
    block with that character is first cut (a message pays for the words it may hold, not for
    all 500,000; a long run reads them all in time)."""

    __slots__ = ("_blob", "_index", "total")

    def __init__(self, blob: memoryview, index: dict[str, tuple[int, int]], total: int) -> None:
        super().__init__()
        self._blob = blob
        self._index = index
        self.total = total

    def __missing__(self, first: str) -> dict[str, int]:
        span = self._index.get(first)
        words: dict[str, int] = (
            marshal.loads(self._blob[span[0] : span[1]]) if span is not None else {}
        )
        self[first] = words
        return words

    def everything(self) -> dict[str, int]:
        freq: dict[str, int] = {}
        for first in self._index:
            freq.update(self[first])
        return freq


class _Whole(dict[str, dict[str, int]]):
    """A jieba.Tokenizer's dictionary (made, or asked for by tokenizer()): one dict for every
    first character, which jieba's add_word changes in place."""

    __slots__ = ("t",)

    def __init__(self, t: Any) -> None:
        super().__init__()
        self.t = t

    @property
    def total(self) -> int:
        return int(self.t.total)

    def __missing__(self, first: str) -> dict[str, int]:
        freq: dict[str, int] = self.t.FREQ
        self[first] = freq
        return freq


_lock = threading.Lock()
_dictionary: _Dictionary | None = None
_jieba: Any = None  # the jieba.Tokenizer over the same words, made when tokenizer() is asked
_place_counties: set[str] = set()
# jieba's own pattern of the blocks it cuts (`jieba.re_han_default`), copied so that cutting
# needs no `import jieba` (a tenth of a second: it imports pkg_resources)
_RE_HAN = rcompile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
# bump when what the cache holds changes
_CACHE_FORMAT = "2"


def _add_words(t: Any, words: Iterable[str]) -> None:
    for w in words:
        if len(w) >= 2:
            # the frequency jieba needs to cut the word whole when it stands alone; in context
            # the dictionary's own words still win where they are likelier ('小|工具')
            t.add_word(w, freq=t.suggest_freq(w, False))


def tokenizer() -> Any:
    """The private jieba tokenizer (a `jieba.Tokenizer`) with the work types and the county's
    places added. The parser itself reads only its dictionary (`_words()`), which loads
    without jieba."""
    global _dictionary, _jieba
    d = _words()
    with _lock:
        if _jieba is None:
            if isinstance(d, _Whole):
                _jieba = d.t
            else:
                import jieba

                t = jieba.Tokenizer()
                assert isinstance(d, _Shards)
                t.FREQ, t.total, t.initialized = d.everything(), d.total, True
                # from now on the cut reads the tokenizer's words, so that words added to it
                # (another county's places) count
                _dictionary, _jieba = _Whole(t), t
        return _jieba


def _words() -> _Dictionary:
    d = _dictionary
    if d is not None:
        return d
    return _load()


def _load() -> _Dictionary:
    global _dictionary
    with _lock:
        if _dictionary is None:
            g = load_gazetteer()
            words = [*_synonyms(), *sorted(_NOT_WORK), *g.names()]
            _dictionary = _cached_dictionary(words, cache_dir())
            _place_counties.add(g.county.code)
        return _dictionary


def _cache_file(cache_dir: Path) -> Path:
    where = hashlib.sha256(str(DATA_DIR).encode()).hexdigest()[:12]
    return cache_dir / f"jieba-{where}.marshal"


_VERSION = rcompile(r"""^__version__\s*=\s*['"]([^'"]+)['"]""", re.M)


def _jieba_version(origin: str) -> str:
    """jieba's version, from the ``__version__`` its ``__init__.py`` (``origin``) declares near
    the top: read as text, as importing jieba or importlib.metadata would slow every start of
    `lingong parse`; the installed metadata only where the line is missing."""
    with open(origin, encoding="utf-8") as f:
        found = _VERSION.search(f.read(4096))
    if found is not None:
        return found.group(1)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jieba")
    except PackageNotFoundError:
        return ""


def _cache_key(words: list[str]) -> str:
    """What the dictionary is made of: jieba's version and dictionary file (another version
    may cut with the same file otherwise) and the words added to it."""
    spec = find_spec("jieba")
    origin = spec.origin if spec is not None else None
    h = hashlib.sha256(_CACHE_FORMAT.encode())
    if origin is not None:
        h.update(f"jieba {_jieba_version(origin)}\0".encode())
        dict_file = Path(origin).parent / "dict.txt"
        st = dict_file.stat()
        h.update(f"{dict_file}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    h.update("\n".join(words).encode())
    return h.hexdigest()[:24]


def _cached_dictionary(words: list[str], cache_dir: Path) -> _Dictionary:
    """jieba's dictionary with the words added, read from the cache where one was made from
    the same dictionary file and words. Made with jieba otherwise (its own load takes three
    times as long: it reads its marshalled file in small pieces), and cached for next time.

    One file per installation (named by where its data is), so that two checkouts of
    different data do not keep replacing each other's cache, and an old one is overwritten.
    The file: the length of a marshalled head (what it is made of, the total, where each
    first character's words lie), the head, then the marshalled dicts."""
    key = _cache_key(words)
    path = _cache_file(cache_dir)
    try:
        data = path.read_bytes()
        size = int.from_bytes(data[:8], "little")
        made_of, total, index = marshal.loads(data[8 : 8 + size])
        if made_of == key and isinstance(total, int) and isinstance(index, dict):
            _touch(path)
            return _Shards(memoryview(data)[8 + size :], index, total)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # none yet, or unreadable: made anew below
    import jieba

    # jieba reports its loading through its own logger on stderr; keep it quiet
    jieba.setLogLevel(logging.WARNING)
    t = jieba.Tokenizer()
    t.tmp_dir = tempfile.gettempdir()  # the marshalled dictionary is cached there
    t.initialize()
    _add_words(t, words)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(_cache_bytes(key, t.FREQ, t.total))
        os.replace(tmp, path)  # whole or not at all, also with another process writing
        _prune(cache_dir, path)
    except OSError:
        pass  # a read-only home: the next start makes it again
    return _Whole(t)


_STALE_AFTER = 30 * 86400  # seconds


def _touch(path: Path) -> None:
    """A cache in use is no stale one (``_prune`` goes by the time it was last touched);
    touched at most once a day."""
    try:
        if time.time() - path.stat().st_mtime > 86400:
            os.utime(path)
    except OSError:
        pass  # a read-only home: pruned by age, made again when needed


def _prune(cache_dir: Path, keep: Path) -> None:
    """Remove the caches of installations not used for a month (checkouts long gone)."""
    now = time.time()
    for old in cache_dir.glob("jieba-*.marshal*"):
        try:
            if old != keep and now - old.stat().st_mtime > _STALE_AFTER:
                old.unlink()
        except OSError:
            pass  # removed by another process meanwhile


def _cache_bytes(key: str, freq: dict[str, int], total: int) -> bytes:
    by_first: dict[str, dict[str, int]] = {}
    for word, f in freq.items():
        by_first.setdefault(word[0], {})[word] = f
    blobs: list[bytes] = []
    index: dict[str, tuple[int, int]] = {}
    at = 0
    for first, words in by_first.items():
        b = marshal.dumps(words)
        index[first] = (at, at + len(b))
        blobs.append(b)
        at += len(b)
    head = marshal.dumps((key, total, index))
    return len(head).to_bytes(8, "little") + head + b"".join(blobs)


def add_places(g: Gazetteer) -> None:
    """Teach the tokenizer another county's place names (once per county)."""
    if g.county.code in _place_counties:
        return
    _words()  # loading adds the shipped county's: jieba itself is needed only for another's
    if g.county.code in _place_counties:
        return
    t = tokenizer()
    with _lock:
        if g.county.code not in _place_counties:
            _add_words(t, g.names())
            _place_counties.add(g.county.code)


def _cut_block(t: _Dictionary, block: str, offset: int) -> list[int]:
    """Token starts (and the end) of one block, as `t.cut(block, HMM=False)` cuts it: the
    most probable route through the dictionary, with runs of single letters and digits kept
    together. jieba's own cut() splits the text into blocks first; ours already is one.

    The route is jieba's (`get_DAG` then `calc`), in one pass from the end with the same
    sums in the same order, so the same floats pick the same words."""
    logtotal = log(t.total)
    n = len(block)
    route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
    for k in range(n - 1, -1, -1):
        freq = t[block[k]]
        best: tuple[float, int] | None = None
        i = k
        frag = block[k]
        while i < n:
            f = freq.get(frag)
            if f is None:
                break
            if f:
                cand = (log(f) - logtotal + route[i + 1][0], i)
                if best is None or cand > best:
                    best = cand
            i += 1
            frag = block[k : i + 1]
        if best is None:  # no word starts here: the character alone
            best = (log(1) - logtotal + route[k + 1][0], k)
        route[k] = best
    out = [offset]
    x = 0
    in_run = False
    while x < n:
        y = route[x][1] + 1
        run = y - x == 1 and block[x] in _ALNUM
        # a token starts here unless a run of single letters and digits goes on
        if not (run and in_run) and out[-1] != offset + x:
            out.append(offset + x)
        in_run = run
        x = y
    out.append(offset + n)
    return out


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class Segmentation:
    """The jieba cut of one text, made lazily block by block.

    jieba cuts a text in blocks (runs of Han characters, letters and digits, its
    `re_han_default`) that do not influence each other, and yields every other character as a
    token of its own. So cutting only the blocks a finder asks about gives exactly the tokens of
    `lcut(text, HMM=False)` there, and a message with no candidate word is never cut at all.
    """

    __slots__ = ("_block_starts", "_blocks", "_cuts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._blocks: list[tuple[int, int]] | None = None
        self._block_starts: list[int] = []
        self._cuts: dict[int, list[int]] = {}

    def _block_cut(self, i: int) -> list[int] | None:
        """Token starts (and the block's end) of the block holding character i."""
        if self._blocks is None:
            self._blocks = [m.span() for m in _RE_HAN.finditer(self._text)]
            self._block_starts = [s for s, _ in self._blocks]
        k = bisect_right(self._block_starts, i) - 1
        if k < 0:
            return None
        s, e = self._blocks[k]
        if i >= e:
            return None
        cut = self._cuts.get(s)
        if cut is None:
            cut = _cut_block(_words(), self._text[s:e], s)
            self._cuts[s] = cut
        return cut

    def _block_end(self, i: int) -> int:
        """Where the block holding character i ends (i + 1 outside any block)."""
        if self._blocks is None:
            self._blocks = [m.span() for m in _RE_HAN.finditer(self._text)]
            self._block_starts = [s for s, _ in self._blocks]
        k = bisect_right(self._block_starts, i) - 1
        if k < 0 or i >= self._blocks[k][1]:
            return i + 1
        return self._blocks[k][1]

    def token_at(self, i: int) -> tuple[int, int]:
        """Start and end of the token holding character i."""
        cut = self._block_cut(i)
        if cut is None:
            return i, i + 1
        k = bisect_right(cut, i) - 1
        return cut[k], cut[k + 1]

    def boundary(self, i: int) -> bool:
        """Whether a token starts at i (or the text ends there)."""
        return i >= len(self._text) or self.token_at(i)[0] == i

    def fits(self, i: int, j: int) -> tuple[int, int] | None:
        """Where span [i, j) lies on the cut: itself when it ends on a boundary, or the one
        longer token holding it; None when its end falls inside a word that goes on past it.

        A span may start inside a token ('要|人种|药材' holds 种药材): jieba often pairs a verb
        with the character before it, and the span's end decides whether it is a word of its
        own ('小|工具' ends 小工 inside 工具, so that 小工 is part of another word).

        A span ending where its block ends is itself whatever the cut (no token crosses a
        block's end): such a span is answered without cutting."""
        if self._block_end(i) == j:
            return i, j
        s, e = self.token_at(i)
        if j <= e and (s, e) != (i, j) and not (s < i and j == e):
            return s, e
        return (i, j) if self.boundary(j) else None

    def tokens(self) -> list[str]:
        """Every token of the text, as `lcut(text, HMM=False)` gives them."""
        out: list[str] = []
        i = 0
        n = len(self._text)
        while i < n:
            _, e = self.token_at(i)
            out.append(self._text[i:e])
            i = e
        return out


def segment(text: str) -> Segmentation:
    """The dictionary-only (no HMM) jieba cut of a text, made where it is asked about."""
    return Segmentation(text)


def tokenize(text: str) -> list[str]:
    """The words of one dictionary-only cut."""
    words: list[str] = tokenizer().lcut(text, HMM=False)
    return words


# A longer word that names a thing used in or paid for the work, not the work ('电焊机', '电工证').
_THING_ENDS = frozenset("机证费具器票款")


def part_of_word(word: str, token: str) -> bool:
    """Whether a synonym inside a longer token still names the work there: a title, a
    workplace or a compound of tasks ('环卫工', '养殖场', '植树造林'), not a thing or a bill."""
    if token[-1] in _THING_ENDS and not token.endswith(word):
        return False
    return _work_type_of(token) is not None


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen __init__ is slow
class WorkMention:
    start: int
    end: int
    canonical: str
    word: str


_SUFFIXES_ABSORBED = ("工人", "师傅", "人员", "阿姨", "匠")


@lru_cache(maxsize=1)
def _scan_table() -> tuple[dict[str, str], frozenset[str], tuple[int, ...]]:
    table = dict(_synonyms())
    firsts = frozenset(w[0] for w in table)
    lengths = tuple(sorted({len(w) for w in table}, reverse=True))
    return table, firsts, lengths


def scan_work_types(text: str, seg: Segmentation) -> list[WorkMention]:
    """Work-type mentions, left to right: synonyms found by longest match that the jieba cut
    agrees are words (see the module docstring). A title suffix right after one ('贴砖师傅')
    belongs to the mention; a longer token that holds one is consumed whole."""
    table, firsts, lengths = _scan_table()
    out: list[WorkMention] = []
    n = len(text)
    i = 0
    while i < n:
        if text[i] not in firsts:
            i += 1
            continue
        found: tuple[str, int, int] | None = None
        for size in lengths:
            if i + size > n:
                continue
            word = text[i : i + size]
            canonical = table.get(word)
            if canonical is None:
                continue
            fit = seg.fits(i, i + size)
            if fit is None:
                continue  # straddles a word boundary: try a shorter synonym here
            s, e = fit
            if (s, e) != (i, i + size) and not part_of_word(word, text[s:e]):
                found = ("", size, e)
                break
            found = (canonical, size, max(e, i + size))
            break
        if found is None:
            i += 1
            continue
        canonical, size, end = found
        if not canonical:
            i = end  # a thing or a bill named after the work: skip the whole token
            continue
        # a verb glued before the task that makes another listed work with its first
        # character ('分拣核桃': 分拣, not 拣核桃) names the work: the task is what it works on
        start = i
        if i > 0 and (not out or out[-1].end < i) and size > 2:
            head = table.get(text[i - 1 : i + 1])
            if head is not None and head != canonical:
                canonical, start = head, i - 1
        if end == i + size:
            # '贴砖师傅', and '砌墙的师傅': the title the task names
            de = 1 if text.startswith("的", end) else 0
            for suffix in _SUFFIXES_ABSORBED:
                if text.startswith(suffix, end + de):
                    end += de + len(suffix)
                    break
        out.append(WorkMention(start, end, canonical, text[start:end]))
        i = end
    return out


_TYPO_TITLE = rcompile(r"(?=(" + HAN + r"{2,3}(?:工|员|匠)))")


@lru_cache(maxsize=1)
def _one_off_titles() -> dict[str, str]:
    """Titles of three or four characters with one non-final character blanked ('泥?工'),
    mapped to their work type; a blanked form two work types share is left out."""
    table: dict[str, str] = {}
    shared: set[str] = set()
    for word, canonical in _synonyms().items():
        if len(word) not in (3, 4) or word[-1] not in "工员匠":
            continue
        for i in range(len(word) - 1):
            key = word[:i] + "?" + word[i + 1 :]
            if table.get(key, canonical) != canonical:
                shared.add(key)
            table[key] = canonical
    for key in shared:
        del table[key]
    return table


_HIRED_BEFORE = rcompile(r"(?:招|聘|要|找|请|需|缺)\s*[0-9一二两三四五六七八九十几个名位]*$")
_COUNT_AFTER = rcompile(r"^\s*[0-9一二两三四五六七八九十几俩仨]")


def _title_context(text: str, start: int, end: int) -> bool:
    """Whether a word stands where a job title does: after a hiring verb or before a count."""
    return bool(_HIRED_BEFORE.search(text[max(0, start - 6) : start])
                or _COUNT_AFTER.match(text[end : end + 2]))


def scan_title_typos(text: str) -> list[WorkMention]:
    """Job titles with one character mistyped ('采荼工', '泥凡工'): for a text where no work
    type was found, a title-ending word that differs from exactly one listed title in one
    character and is not itself a word jieba knows ('临时工' is a word, not a typo)."""
    if _TYPO_TITLE.search(text) is None:
        return []
    table = _one_off_titles()
    words = _words()
    out: list[WorkMention] = []
    taken = 0
    for m in _TYPO_TITLE.finditer(text):
        start = m.start()
        if start < taken:
            continue
        cand = m.group(1)
        for size in (len(cand), len(cand) - 1) if len(cand) == 4 else (len(cand),):
            w = text[start + len(cand) - size : start + len(cand)]
            known = words[w[0]]
            if known.get(w) or known.get(w[:-1]):
                continue  # a word, or a word plus a title ending ('押车员'): not a typo
            hits = {table[k] for i in range(size - 1)
                    if (k := w[:i] + "?" + w[i + 1 :]) in table}
            s = start + len(cand) - size
            if len(hits) == 1 and _title_context(text, s, s + size):
                out.append(WorkMention(s, s + size, hits.pop(), w))
                taken = s + size
                break
    return out


def warm_up() -> None:
    """Load the tokenizer and the tables now rather than on the first message."""
    _words()
    _scan_table()
    _one_off_titles()
