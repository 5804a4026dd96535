"""The storage error a command reports, importable without the database libraries (a command
that needs no database, such as `lingong parse`, starts without loading them)."""

from __future__ import annotations


class DatabaseUnavailable(RuntimeError):
    """The database URL cannot be opened; the message says which and why."""
