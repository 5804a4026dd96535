"""psycopg's cursor with its ``description`` made when it is read, not at every statement.

psycopg's ``Cursor.description`` builds a ``Column`` for every column of the result each time
it is asked for, and SQLAlchemy asks for it after every statement that returns rows — but
reads it only the first time a compiled statement runs (then it keeps what it made of it). A
message's statements return some sixty columns in all, so the Columns cost about as much CPU
as one statement more (issue 12). Here ``description`` is a sequence that knows its length at
once and makes the Columns only when an item is read, with psycopg's own property, so what is
read is exactly what psycopg would have said.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

import psycopg
from psycopg import Column
from psycopg.pq import ExecStatus

# What psycopg's own property describes besides results with columns ("SELECT ;").
_TUPLES = (ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK)


class LazyDescription(Sequence[Column]):
    """A result's ``description``: its length known, its Columns made on first read."""

    __slots__ = ("_columns", "_cursor", "_result", "_size")

    def __init__(self, cursor: psycopg.Cursor[Any], result: Any, size: int) -> None:
        self._cursor = cursor
        self._result = result
        self._size = size
        self._columns: list[Column] | None = None

    def _made(self) -> list[Column]:
        if self._columns is None:
            cursor = self._cursor
            if cursor.pgresult is not self._result:
                # Read after the cursor moved on to another result: described by a cursor of
                # its own holding this one (psycopg's Columns read the cursor's result).
                cursor = psycopg.Cursor(cursor.connection)
                cursor.pgresult = self._result
            made = psycopg.Cursor.description.fget(cursor)  # type: ignore[attr-defined]
            self._columns = list(made or [])
        return self._columns

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> Column: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Column]: ...

    def __getitem__(self, index: int | slice) -> Column | Sequence[Column]:
        return self._made()[index]

    def __iter__(self) -> Iterator[Column]:
        return iter(self._made())

    def __repr__(self) -> str:
        return repr(self._made())


class LazyDescriptionCursor(psycopg.Cursor[Any]):
    """``psycopg.Cursor`` whose ``description`` is a ``LazyDescription``."""

    @property
    def description(self) -> LazyDescription | None:  # type: ignore[override]
        result = self.pgresult
        if result and (result.nfields or result.status in _TUPLES):
            return LazyDescription(self, result, result.nfields)
        return None
