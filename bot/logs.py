"""Logging for ``lingong``: one stream, a level from ``LINGONG_LOG_LEVEL``, and no secrets.

Every line (message, traceback and all) passes through :class:`Redacting`: bot tokens — as
written, URL-quoted, and inside URLs — become ``***``, and phone numbers keep only their first
three and last four digits. Libraries log request URLs (which carry Telegram's token), SQL
errors, and the updates they fail on; the filter is the net under those holes, and each known
hole is closed where it is too (``hide_parameters``, no update reprs).
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import TextIO
from urllib.parse import quote

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries that say too much below WARNING: httpx logs every request URL (with the Telegram
# token in it), apscheduler every job added, alembic its migration context.
CHATTY = ("httpx", "httpcore", "hpack", "apscheduler", "alembic", "telegram", "grpclib",
          "PuppetService", "WechatyPuppet")
MIN_SECRET = 6  # shorter strings would mask ordinary words

_secrets: set[str] = set()
_lock = threading.Lock()


def hide(*secrets: str) -> None:
    """Never let these strings reach a log line (bot tokens)."""
    with _lock:
        for secret in secrets:
            if len(secret) >= MIN_SECRET:
                _secrets.update({secret, quote(secret, safe=""), quote(secret)})


def redact(text: str) -> str:
    # Imported on the first line logged: a command that logs nothing does not load the parser.
    from nlp import find_phones

    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, "***")
    for start, end, digits in sorted(find_phones(text), reverse=True):
        text = text[:start] + digits[:3] + "****" + digits[-4:] + text[end:]
    return text


class Redacting(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def level_from(value: str | None, default: str) -> int:
    """``LINGONG_LOG_LEVEL`` as a logging level; ValueError with the fix for anything else."""
    name = (value or default).strip().upper()
    if name not in LEVELS:
        raise ValueError(f"LINGONG_LOG_LEVEL = {value!r}: use one of {', '.join(LEVELS)}")
    return int(getattr(logging, name))


def configure(level: int, stream: TextIO | None = None) -> logging.Handler:
    """Send every log record to ``stream`` (stderr), redacted; quiet the chatty libraries
    unless ``level`` is DEBUG."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(Redacting(FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.NOTSET if level <= logging.DEBUG
                                         else max(level, logging.WARNING))
    return handler
