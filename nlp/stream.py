"""`lingong parse`: JSON Lines in, one parse result a line out, streamed and flushed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from nlp.gazetteer import DEFAULT_COUNTY, Gazetteer, load_gazetteer
from nlp.parse import parse

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
        result = parse(text, now, g, region if isinstance(region, str) else None)
    except Exception as e:  # one bad message must not stop the stream
        return {"id": id_, "error": f"parse failed: {type(e).__name__}: {e}"}
    return result.to_contract(id_)


def run_parse(
    inp: TextIO, out: TextIO, county: str = DEFAULT_COUNTY, data_dir: Path | None = None
) -> int:
    """Read JSONL from inp, write one result per line to out; 0 unless input is unreadable.

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
    try:
        for raw in inp:
            res = (
                _line_result(raw, g, county_error)
                if raw.strip()
                else {"id": None, "error": "empty line"}
            )
            out.write(json.dumps(res, ensure_ascii=False) + "\n")
            out.flush()
    except (OSError, UnicodeDecodeError):
        return 1
    return 0
