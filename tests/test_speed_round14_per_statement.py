"""Issue 12, round 14: CPU a statement and a process's first messages.

psycopg's cursor made a ``Column`` for every column of every result, which SQLAlchemy reads
only the first time a statement runs (its result metadata is cached after); and the intent
model's weights were read once by every dispatcher thread that met its first message together.
"""

from __future__ import annotations

import threading
from typing import Any

import psycopg
import pytest
from sqlalchemy import Integer, String, bindparam, func, literal, select

from nlp import intent_model
from storage.db import make_engine

# ==== a statement run again builds no column descriptions; the ones read are its own


def _counting_columns(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    made = [0]
    real = psycopg.Column

    class Counted(real):  # type: ignore[misc, valid-type]
        def __init__(self, cursor: Any, index: int) -> None:
            made[0] += 1
            super().__init__(cursor, index)

    monkeypatch.setattr(psycopg, "Column", Counted)
    return made


def test_a_statement_run_again_makes_no_columns(pg_url: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(pg_url)
    made = _counting_columns(monkeypatch)
    query = select(literal(1, Integer).label("a"), literal("x", String).label("b"),
                   func.now().label("c")).where(bindparam("v", type_=Integer) > 0)
    try:
        with engine.connect() as conn:
            first = conn.execute(query, {"v": 1})
            assert list(first.keys()) == ["a", "b", "c"]
            assert first.one()[:2] == (1, "x")
            made_first = made[0]
            for _ in range(5):
                again = conn.execute(query, {"v": 1})
                assert list(again.keys()) == ["a", "b", "c"]
                assert again.one()[:2] == (1, "x")
            none = conn.execute(query, {"v": 0})
            assert none.all() == []
    finally:
        engine.dispose()
    assert made_first >= 3  # the first run reads its three columns (to cache what they are)
    assert made[0] == made_first  # the five runs again and the empty one read no description


def test_a_description_read_late_still_describes_its_own_result(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            cursor.execute("SELECT 1 AS first_one, 'a'::text AS second_one")
            described = cursor.description
            cursor.execute("SELECT 2 AS other")
            assert [c.name for c in described] == ["first_one", "second_one"]
            assert len(described) == 2
            assert described[-1].type_code == 25  # text
            assert [c.name for c in cursor.description] == ["other"]
            cursor.execute("CREATE TEMP TABLE t (x int)")
            assert cursor.description is None
            cursor.execute("SELECT x FROM t")
            assert [c.name for c in cursor.description] == ["x"]
            assert cursor.fetchall() == []
    finally:
        engine.dispose()


# ==== the intent model is read once, however many threads ask for it first


def test_threads_asking_together_read_the_model_once(monkeypatch: pytest.MonkeyPatch) -> None:
    opened = [0]
    real_open = open

    def counting_open(*args: Any, **kwargs: Any) -> Any:
        opened[0] += 1
        return real_open(*args, **kwargs)

    intent_model._read_model.cache_clear()
    monkeypatch.setattr(intent_model, "open", counting_open, raising=False)
    start = threading.Barrier(4)
    got: list[Any] = []

    def first_message() -> None:
        start.wait()
        got.append(intent_model.load_model())

    threads = [threading.Thread(target=first_message) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert opened[0] == 1
    assert len(got) == 4 and all(w is got[0] for w in got)
    assert len(got[0]) > 1000


def test_keys_with_escapes_still_read_back() -> None:
    for key in ["plain", "tab\there", "line\nbreak", "back\\slash", "汉字 key"]:
        assert intent_model._unescape(intent_model._escape(key)) == key
