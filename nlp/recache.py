"""`rcompile()`: `re.compile`, with the compiled program kept from one process to the next.

Compiling the parser's four hundred patterns is most of a start of `lingong parse` (counted
with callgrind: about 1.3 of 2.3 billion instructions to the first result): `re` parses and
compiles each pattern in Python code, every time a process starts. What it makes of a pattern
is a list of numbers, given with the group names to `_sre.compile`, which builds the pattern
object. `rcompile()` keeps those numbers in a file beside the dictionary cache (nlp/lexicon.py), and
a later process hands them to `_sre.compile` directly: the same program, so the same matches.

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

_FORMAT = f"regex-2|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{_sre.MAXREPEAT}|{_sre.MAXGROUPS}"
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


def _program(pattern: str, flags: int) -> tuple[Any, ...]:
    """What re._compiler.compile gives _sre.compile (CPython 3.11–3.12)."""
    p = _parser.parse(pattern, flags)
    # kept as bytes (a quarter of a list of ints in memory and on disk)
    code = array(_CODE, _compiler._code(p, flags)).tobytes()
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
