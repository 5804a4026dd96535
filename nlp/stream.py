"""`lingong parse`: JSON Lines in, one parse result a line out, streamed and flushed."""

from __future__ import annotations

import datetime as dt
import json
from typing import TextIO
from zoneinfo import ZoneInfo

from nlp.gazetteer import load_gazetteer
from nlp.parse import parse

_TZ = ZoneInfo("Asia/Shanghai")


def _line_result(raw: str, county: str) -> dict[str, object]:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as e:
        return {"id": None, "error": f"invalid JSON: {e.msg}"}
    if not isinstance(obj, dict):
        return {"id": None, "error": "a line must be a JSON object"}
    id_ = obj.get("id")
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
        result = parse(
            text,
            now,
            load_gazetteer(county),
            region if isinstance(region, str) else None,
        )
    except Exception as e:  # one bad message must not stop the stream
        return {"id": id_, "error": f"parse failed: {type(e).__name__}: {e}"}
    return result.to_contract(id_)


def run_parse(inp: TextIO, out: TextIO, county: str = "429021") -> int:
    """Read JSONL from inp, write one result per line to out; 0 unless input is unreadable."""
    try:
        load_gazetteer(county)
    except (OSError, ValueError) as e:
        out.write(json.dumps({"id": None, "error": f"unknown county {county}: {e}"}) + "\n")
        out.flush()
        return 2
    try:
        for raw in inp:
            res = (
                _line_result(raw, county)
                if raw.strip()
                else {"id": None, "error": "empty line"}
            )
            out.write(json.dumps(res, ensure_ascii=False) + "\n")
            out.flush()
    except (OSError, UnicodeDecodeError):
        return 1
    return 0
