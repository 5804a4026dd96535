"""The contract's scoring: field P/R/F1 over every (message, job, key) of JOB, intent accuracy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

JOB_KEYS = (
    "work_type", "headcount", "start_date", "start_time", "end_time", "duration_days",
    "wage_min", "wage_max", "wage_unit", "settlement", "township", "village", "phone",
    "contact", "perks", "gender", "age_max", "age_min",
)
_AMOUNTS = {"wage_min", "wage_max", "headcount", "duration_days", "age_max", "age_min"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    intents_right: int = 0
    messages: int = 0
    per_key: dict[str, Counter[str]] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def intent_accuracy(self) -> float:
        return self.intents_right / self.messages if self.messages else 1.0


def _empty(v: Any) -> bool:
    return v is None or v == []


def _same(key: str, a: Any, b: Any) -> bool:
    if key in _AMOUNTS or (isinstance(a, int | float) and isinstance(b, int | float)):
        if isinstance(a, bool) or isinstance(b, bool):
            return a is b
        if isinstance(a, int | float) and isinstance(b, int | float):
            return abs(float(a) - float(b)) < 1e-6
        return False
    if key == "perks" and isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return bool(a == b)


def score_one(expected: Mapping[str, Any], got: Mapping[str, Any], s: Score) -> None:
    """Add one message's comparison to s."""
    s.messages += 1
    gi, pi = expected.get("intent"), got.get("intent")
    s.confusion[(str(gi), str(pi))] += 1
    if gi == pi:
        s.intents_right += 1
    gold_jobs = list(expected.get("jobs") or [])
    pred_jobs = list(got.get("jobs") or [])
    for i in range(max(len(gold_jobs), len(pred_jobs))):
        g = gold_jobs[i] if i < len(gold_jobs) else {}
        p = pred_jobs[i] if i < len(pred_jobs) else {}
        for key in JOB_KEYS:
            gv, pv = g.get(key), p.get(key)
            c = s.per_key.setdefault(key, Counter())
            if _empty(gv) and _empty(pv):
                continue
            if not _empty(gv) and not _empty(pv) and _same(key, gv, pv):
                s.tp += 1
                c["tp"] += 1
                continue
            if not _empty(pv):
                s.fp += 1
                c["fp"] += 1
            if not _empty(gv):
                s.fn += 1
                c["fn"] += 1


def score(pairs: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]]) -> Score:
    """Score (expected, got) pairs; both in the contract's output shape."""
    s = Score()
    for expected, got in pairs:
        score_one(expected, got, s)
    return s
