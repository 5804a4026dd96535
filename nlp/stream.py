"""`lingong parse`: JSON Lines in, one parse result a line out, streamed and flushed."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, TextIO
from zoneinfo import ZoneInfo

from nlp.gazetteer import DEFAULT_COUNTY, Gazetteer, load_gazetteer
from nlp.parse import parse_once
from nlp.recache import rcompile

_TZ = ZoneInfo("Asia/Shanghai")


def _line_result(raw: str, g: Gazetteer | None, county_error: str) -> dict[str, object]:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as e:
        return {"id": None, "error": f"invalid JSON: {e.msg}"}
    if not isinstance(obj, dict):
        return {"id": None, "error": "a line must be a JSON object"}
    id_ = obj.get("id")
    if g is None:
        return {"id": id_, "error": county_error}
    text = obj.get("text")
    if not isinstance(text, str):
        return {"id": id_, "error": "missing or non-string 'text'"}
    now_raw = obj.get("now")
    if now_raw is None:
        now = dt.datetime.now(_TZ)
    else:
        try:
            now = dt.datetime.fromisoformat(str(now_raw))
        except ValueError:
            return {"id": id_, "error": f"bad 'now': {now_raw!r}"}
        if now.tzinfo is None:
            now = now.replace(tzinfo=_TZ)
    region = obj.get("chat_region")
    try:
        # not parse(): its cache serves a handler asking again about one message, and its
        # copy a caller that changes the result; a stream does neither (the same result)
        result = parse_once(text, now, g, region if isinstance(region, str) else None)
    except Exception as e:  # one bad message must not stop the stream
        return {"id": id_, "error": f"parse failed: {type(e).__name__}: {e}"}
    return result.to_contract(id_)


def _decoded(raw: bytes | str) -> tuple[str | None, dict[str, object] | None]:
    """A line as text, or the error line for bytes that are not UTF-8 (with the line's id
    when it can still be read)."""
    if isinstance(raw, str):
        return raw, None
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        id_: object = None
        try:
            obj = json.loads(raw.decode("utf-8", errors="replace"))
            if isinstance(obj, dict):
                id_ = obj.get("id")
        except ValueError:
            pass
        return None, {"id": id_, "error": f"not UTF-8: byte 0x{raw[e.start]:02x} at {e.start}"}


_SURROGATE = rcompile("[\ud800-\udfff]")


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps makes one a call


def _dumps(res: dict[str, object]) -> bytes:
    line = _ENCODE(res) + "\n"
    try:
        return line.encode("utf-8")
    except UnicodeEncodeError:
        # a lone surrogate (an id given as "\\ud800") cannot be written as UTF-8: echo it in
        # JSON's own escape, which reads back as the very same string
        return _SURROGATE.sub(_escape, line).encode("utf-8")


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def run_parse(
    inp: TextIO | BinaryIO, out: TextIO, county: str = DEFAULT_COUNTY,
    data_dir: Path | None = None,
) -> int:
    """Read JSONL from inp, write one result per line to out; 0 unless input is unreadable.

    Lines are read as bytes where the stream allows (sys.stdin's buffer), so a line that is
    not UTF-8 gets its own error line and the run goes on; output is UTF-8 likewise.
    The county's gazetteer is the shipped one or <data_dir>/regions_<county>.csv (written by
    `lingong regions import`). An unknown county answers every line with an error, as the
    contract does for any line it cannot parse, and still exits 0.
    """
    g: Gazetteer | None
    county_error = ""
    try:
        g = load_gazetteer(county, data_dir)
    except (OSError, ValueError, KeyError) as e:
        g = None
        county_error = f"unknown county {county}: {type(e).__name__}"
        if data_dir is None:
            county_error += " (no gazetteer shipped; import it with `lingong regions import`)"
    source: Iterable[bytes | str] = getattr(inp, "buffer", inp)
    binary: BinaryIO | None = getattr(out, "buffer", None)
    try:
        for raw in source:
            text, res = _decoded(raw)
            if res is None:
                assert text is not None
                res = (
                    _line_result(text, g, county_error)
                    if text.strip()
                    else {"id": None, "error": "empty line"}
                )
            line = _dumps(res)
            if binary is not None:
                binary.write(line)
                binary.flush()
            else:
                out.write(line.decode("utf-8"))
                out.flush()
    except OSError:
        return 1
    return 0
