"""`rcompile()`: `re.compile`, with the compiled program kept from one process to the next.

Compiling the parser's four hundred patterns is most of a start of `lingong parse` (counted
with callgrind: about 1.3 of 2.3 billion instructions to the first result): `re` parses and
compiles each pattern in Python code, every time a process starts. What it makes of a pattern
is a list of numbers, given with the group names to `_sre.compile`, which builds the pattern
object. `rcompile()` keeps those numbers in a file beside the dictionary cache (nlp/lexicon.py), and
a later process hands them to `_sre.compile` directly: the same program, so the same matches.

One thing is added to what `re` makes: a set of first characters for a pattern `re` gives
none (`_with_first_chars`: an optional word, a look-behind or a look-ahead first), so that its
search skips in C the positions where no match can start. The matches are `re`'s.

The file is keyed by the exact Python build and `_sre`'s version, and checked on its way in
(`_sre.compile` validates the program); anything amiss, and the pattern is compiled as `re`
would. A process that compiled something new writes the file again at exit, whole or not at all.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import atexit
import hashlib
import marshal
import os
import re
import sys
import time
from array import array
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

_FORMAT = f"regex-3|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{_sre.MAXREPEAT}|{_sre.MAXGROUPS}"
_CODE = "I" if array("I").itemsize == _sre.CODESIZE else "L"  # _sre's code unit
_KEEP = 1200  # entries (about 2 kB each): beyond this, a write keeps only this process's

_programs: dict[tuple[str, int], tuple[Any, ...]] | None = None
_used: set[tuple[str, int]] = set()
_dirty = False


def cache_dir() -> Path:
    """lingong's cache folder (the regex programs here, the dictionary in nlp/lexicon.py)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lingong"


def _cache_file() -> Path:
    name = hashlib.sha256(_FORMAT.encode()).hexdigest()[:12]
    return cache_dir() / f"regex-{name}.marshal"


def _load() -> dict[tuple[str, int], tuple[Any, ...]]:
    global _programs
    if _programs is None:
        _programs = {}
        try:
            made_of, programs = marshal.loads(_cache_file().read_bytes())
            if made_of == _FORMAT and isinstance(programs, dict):
                _programs = programs
        except (OSError, EOFError, ValueError, TypeError):
            pass  # none yet, or unreadable: made anew
    return _programs


_C = _parser  # re's opcodes (LITERAL, IN, BRANCH …), as _parser imports them


def _first_seq(items: Any) -> tuple[list[tuple[Any, Any]], bool] | None:
    """The characters one of which must stand where a match of this sequence starts, and
    whether it can start without one (every item empty or zero-width there); None when any
    character could (., a back-reference, case folded or anything not known here) or when a
    negated class would have to be joined with other characters."""
    found: list[tuple[Any, Any]] = []
    for op, av in items:
        item = _first_item(op, av)
        if item is None:
            return None
        chars, passes = item
        joined = _union(found, chars)
        if joined is None:
            return None
        found = joined
        if not passes:
            return found, False
    return found, True


def _union(a: list[tuple[Any, Any]], b: list[tuple[Any, Any]]) -> list[tuple[Any, Any]] | None:
    """Two sets of first characters as one; None when a negated class would be joined with
    anything (its items are what it leaves out: written beside others, they would be read as
    one class negated whole)."""
    if not a or not b:
        return a or b
    if any(o is _C.NEGATE for o, _ in a) or any(o is _C.NEGATE for o, _ in b):
        return None
    return a + b


def _first_item(op: Any, av: Any) -> tuple[list[tuple[Any, Any]], bool] | None:
    if op is _C.LITERAL:
        return [(op, av)], False
    if op is _C.IN:  # a class, negated ([^\S\n]) or not
        return list(av), False
    if op is _C.BRANCH:
        found: list[tuple[Any, Any]] = []
        passes = False
        for alt in av[1]:
            one = _first_seq(alt.data)
            joined = None if one is None else _union(found, one[0])
            if one is None or joined is None:
                return None
            found = joined
            passes = passes or one[1]
        return found, passes
    if op is _C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return _first_seq(sub.data) if not (add_flags or del_flags) else None
    if op is _C.ATOMIC_GROUP:
        return _first_seq(av.data)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        lo, _hi, sub = av
        one = _first_seq(sub.data)
        return None if one is None else (one[0], one[1] or lo == 0)
    if op is _C.AT or op is _C.ASSERT_NOT or (op is _C.ASSERT and av[0] < 0):
        return [], True  # zero-width, and nothing asked of the character at the start
    if op is _C.ASSERT:  # a look-ahead asks of it what its own pattern asks
        return _first_seq(av[1].data)
    return None


def _with_first_chars(p: Any, flags: int, code: list[int]) -> list[int]:
    """The program with a set of first characters in its info block, when re found no literal
    prefix or set of its own but one can be read off the pattern: an optional word before the
    rest ('(不|没有)?(包吃|…)'), a look-behind or look-ahead first, alternatives that start
    with a group. A search then passes over every other position in C, as it does for the
    patterns re reads a set off itself, instead of trying the whole pattern there; it is only
    used where a match must start (with one character at least), so the matches are the same.
    A pattern anchored at the start (^…) keeps re's way: its search stops at once."""
    if code[0] != _C.INFO or code[2] & (_C.SRE_INFO_PREFIX | _C.SRE_INFO_CHARSET):
        return code
    flags |= p.state.flags  # as re._compiler._code has them (UNICODE: \d is any digit)
    if flags & (re.IGNORECASE | re.LOCALE) or not p.data:
        return code
    op, av = p.data[0]
    if op is _C.AT and av in (_C.AT_BEGINNING, _C.AT_BEGINNING_STRING):
        return code
    lo = p.getwidth()[0]
    first = _first_seq(p.data)
    if lo == 0 or first is None or first[1] or not first[0]:
        return code
    charset, hascased = _compiler._optimize_charset(first[0])
    if hascased:
        return code
    info = [_C.INFO, 0, _C.SRE_INFO_CHARSET, code[3], code[4]]
    _compiler._compile_charset(charset, flags, info)
    info[1] = len(info) - 1
    return info + code[1 + code[1] :]


def _program(pattern: str, flags: int) -> tuple[Any, ...]:
    """What re._compiler.compile gives _sre.compile (CPython 3.11–3.12), with a set of first
    characters where re would have none (_with_first_chars)."""
    p = _parser.parse(pattern, flags)
    # kept as bytes (a quarter of a list of ints in memory and on disk)
    code = array(_CODE, _with_first_chars(p, flags, _compiler._code(p, flags))).tobytes()
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return (flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup))


def _unpacked(program: tuple[Any, ...]) -> tuple[Any, ...]:
    flags, code, groups, groupindex, indexgroup = program
    return flags, array(_CODE, code).tolist(), groups, groupindex, indexgroup


def rcompile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(pattern, flags), from the cached program when there is one."""
    global _dirty
    flags = int(flags)
    if not isinstance(pattern, str) or flags & re.DEBUG:
        return re.compile(pattern, flags)
    programs = _load()
    key = (pattern, flags)
    _used.add(key)
    known = programs.get(key)
    if known is not None:
        try:
            compiled: re.Pattern[str] = _sre.compile(pattern, *_unpacked(known))
            return compiled
        except Exception:
            pass
    try:
        program = _program(pattern, flags)
        compiled = _sre.compile(pattern, *_unpacked(program))
    except Exception:
        return re.compile(pattern, flags)
    programs[key] = program
    if not _dirty:
        _dirty = True
        atexit.register(save)
    return compiled


def save() -> None:
    """Write the programs compiled in this process to the cache file (whole or not at all)."""
    global _dirty
    if not _dirty or _programs is None:
        return
    programs = _programs
    if len(programs) > _KEEP:
        programs = {k: v for k, v in programs.items() if k in _used}
    path = _cache_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((_FORMAT, programs)))
        os.replace(tmp, path)
        _dirty = False
        for old in path.parent.glob("regex-*.marshal*"):  # other builds', unused for a month
            if old != path and time.time() - old.stat().st_mtime > 30 * 86400:
                old.unlink()
    except (OSError, ValueError):
        pass  # a read-only home: compiled again next time
