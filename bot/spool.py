"""The spool: inbound messages the database could not take, kept in local files until it can.

When the database is locked past its timeout, read-only, full or gone, the dispatcher writes
the message here instead of losing it; once the database answers again the spool is replayed,
oldest first, through the normal path (recorded once, handled, answered). One JSON file a
message, written to a temporary name, flushed to disk and renamed, so a crash leaves either the
whole message or nothing. A file is removed only after the database committed its message.

Each database has its own spool folder (under ``<data_dir>/spool/``), so a bot with another
database never replays messages that were not its own.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import threading
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from bot.message import Chat, ChatKind, Message, User
from storage.db import sqlite_path

log = logging.getLogger(__name__)

SUFFIX = ".json"


class Spool:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._seq = itertools.count()
        self._lock = threading.Lock()
        self._count = len(self.files())

    @classmethod
    def for_database(cls, data_dir: Path, engine: Engine) -> Spool | None:
        """The spool of the database behind ``engine``; None for an in-memory database (a
        throwaway: nothing outlives the process anyway)."""
        url = engine.url
        if url.get_backend_name() == "sqlite":
            path = sqlite_path(str(url))
            if path is None:
                return None
            key = str(path.resolve())
        else:
            key = url.render_as_string(hide_password=True)
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        return cls(data_dir / "spool" / digest)

    def __len__(self) -> int:
        return self._count

    def files(self) -> list[Path]:
        """The spooled messages, oldest first."""
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir() if p.name.endswith(SUFFIX))

    def put(self, message: Message, reason: str) -> Path:
        """Keep ``message`` on disk; returns its file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{os.getpid()}-{next(self._seq):06d}"
        final = self.folder / f"{name}{SUFFIX}"
        tmp = self.folder / f".{name}.tmp"
        body = json.dumps({"message": to_json(message), "reason": reason,
                           "spooled_at": datetime.now().astimezone().isoformat()})
        # Readable by this user only: what people wrote, phones and all, as in the database.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:  # json.dumps escapes everything else
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)
        _fsync_dir(self.folder)
        with self._lock:
            self._count += 1
        return final

    def load(self, path: Path) -> Message:
        return from_json(json.loads(path.read_text(encoding="ascii"))["message"])

    def remove(self, path: Path) -> None:
        try:
            path.unlink()
        except FileNotFoundError:
            return  # another process replayed it too: the database took it once
        with self._lock:
            self._count = max(0, self._count - 1)

    def set_aside(self, path: Path) -> None:
        """An unreadable file (cut short by a full disk): kept for a person to look at, never
        replayed again."""
        path.rename(path.with_suffix(".bad"))
        with self._lock:
            self._count = max(0, self._count - 1)

    def refresh(self) -> None:
        """Count the files again (another process of this database may have added some)."""
        count = len(self.files())
        with self._lock:
            self._count = count


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def to_json(message: Message) -> dict[str, Any]:
    data = asdict(message)
    data["date"] = message.date.isoformat()
    data["chat"]["kind"] = message.chat.kind.value
    return data


def from_json(data: dict[str, Any]) -> Message:
    chat = Chat(**{**data["chat"], "kind": ChatKind(data["chat"]["kind"])})
    return Message(**{**data, "chat": chat, "sender": User(**data["sender"]),
                      "date": datetime.fromisoformat(data["date"])})
