"""Issue 12, round 14: a process's first messages. The intent model's weights were read once
by every dispatcher thread that met its first message together."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from nlp import intent_model

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
