"""The parser against the hand-labelled corpus, scored exactly as the contract's Scoring says."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from nlp import load_gazetteer, parse
from nlp.score import Score, score

DATA = Path(__file__).resolve().parent / "data"


def _run(name: str) -> Score:
    g = load_gazetteer()
    pairs: list[tuple[dict[str, Any], dict[str, object]]] = []
    with open(DATA / name, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            now = dt.datetime.fromisoformat(rec["now"])
            got = parse(rec["text"], now, g, rec.get("chat_region")).to_contract(rec["id"])
            pairs.append((rec["expected"], got))
    return score(pairs)


# Floors: the score measured when they were set, less about 0.02, so that a real regression
# fails while one message more or less right does not (measured: corpus 0.999 / 1.000,
# intent_train 0.996 / 1.000, holdout 0.989 / 1.000, blind 0.983 / 0.990, voice 0.998 / 1.000,
# notices 0.996 / 1.000, farm 0.998 / 1.000, services 0.996 / 1.000, voice_private
# 0.995 / 1.000, never_tuned 0.940 / 0.955, never_tuned_d 0.966 / 0.975 on arrival,
# never_tuned_f 0.947 / 0.973 on arrival (main) and 0.948 / 0.967 after round 5; authors_e
# 0.997 / 1.000 after round 5, 0.962 / 0.975 on arrival; authors_g 0.941 / 0.969 on arrival,
# 0.987 / 0.981 after round 6; authors_k 0.972 / 0.975 on arrival, 1.000 / 1.000 after round
# 8; never_tuned_m 0.969 / 1.000 on arrival; never_tuned_r 0.979 / 0.993 and authors_q
# 0.965 / 0.975 on arrival, 0.983 / 0.975 after round 9's lists; authors_u 0.962 / 0.975 and
# never_tuned_z 0.986 / 0.980 on arrival, round 10; authors_u 0.985 / 0.975 after round 10's
# kinds; authors_v 0.961 / 0.928 and never_tuned_y 0.975 / 0.960 on arrival, round 11;
# authors_v 0.986 / 1.000 and authors_u 0.987 / 0.981 after round 11's kinds; authors_b
# 0.971 / 0.978 and never_tuned_s 0.980 / 0.981 on arrival, round 12; authors_b 0.989 / 0.994
# after round 12's kinds; never_tuned_o 0.966 / 0.988 and authors_j 0.970 / 0.967 on arrival,
# round 13; authors_j 0.988 / 1.000 after round 13's kinds; authors_n 0.983 / 0.989 and
# never_tuned_p 0.967 / 0.981 on arrival, round 14; authors_n 0.999 / 1.000 after round 14's
# kinds; never_tuned_i 0.972 / 0.981 and
# authors_c 0.957 / 0.978 on arrival, round 15; authors_c 0.979 / 0.994 after round 15's
# kinds; never_tuned_a 0.961 / 0.970 and authors_l 0.979 / 0.984 on arrival, round 17).
# A missing file fails: the
# README's numbers come from here. voice, notices, farm, services, voice_private and the authors_
# sets were tuned on after their first score; holdout, blind and the never_tuned sets never were
# (the never_tuned sets are never even read).
@pytest.mark.parametrize(("name", "min_f1", "min_intent"), [
    ("corpus.jsonl", 0.98, 0.98),
    ("intent_train.jsonl", 0.975, 0.98),
    ("holdout.jsonl", 0.97, 0.98),
    ("blind.jsonl", 0.96, 0.965),
    ("voice.jsonl", 0.975, 0.98),
    ("notices.jsonl", 0.975, 0.98),
    ("farm.jsonl", 0.975, 0.98),
    ("services.jsonl", 0.975, 0.98),
    ("voice_private.jsonl", 0.975, 0.98),
    ("never_tuned.jsonl", 0.92, 0.925),
    ("never_tuned_d.jsonl", 0.945, 0.955),
    ("never_tuned_f.jsonl", 0.925, 0.945),
    ("authors_e.jsonl", 0.975, 0.98),
    ("authors_g.jsonl", 0.965, 0.96),
    ("authors_k.jsonl", 0.975, 0.98),
    ("never_tuned_m.jsonl", 0.95, 0.98),
    ("never_tuned_r.jsonl", 0.96, 0.97),
    ("authors_q.jsonl", 0.945, 0.955),
    ("authors_u.jsonl", 0.965, 0.96),
    ("never_tuned_z.jsonl", 0.965, 0.96),
    ("authors_v.jsonl", 0.965, 0.98),
    ("never_tuned_y.jsonl", 0.955, 0.94),
    ("authors_b.jsonl", 0.975, 0.985),
    ("never_tuned_s.jsonl", 0.97, 0.975),
    ("never_tuned_o.jsonl", 0.945, 0.965),
    ("authors_j.jsonl", 0.965, 0.98),
    ("authors_n.jsonl", 0.975, 0.98),
    ("never_tuned_p.jsonl", 0.945, 0.96),
    ("never_tuned_i.jsonl", 0.95, 0.96),
    ("authors_c.jsonl", 0.97, 0.985),
    ("never_tuned_a.jsonl", 0.94, 0.95),
    ("authors_l.jsonl", 0.96, 0.965),
])
def test_field_f1_and_intent_accuracy(name: str, min_f1: float, min_intent: float) -> None:
    s = _run(name)
    print(f"{name}: field F1 {s.f1:.4f} (P {s.precision:.4f} R {s.recall:.4f}), "
          f"intent accuracy {s.intent_accuracy:.4f}, {s.messages} messages")
    assert s.messages >= 150
    assert s.f1 >= min_f1
    assert s.intent_accuracy >= min_intent


def test_scorer_counts_as_the_contract_says() -> None:
    job = {"work_type": "小工", "headcount": 3, "wage_min": 150, "wage_max": 150, "perks": []}
    exp = {"intent": "job_post", "jobs": [job]}
    same = {"intent": "job_post", "jobs": [dict(job, wage_min=150.0, wage_max=150.0)]}
    s = score([(exp, same)])
    assert (s.tp, s.fp, s.fn) == (4, 0, 0) and s.intent_accuracy == 1.0
    wrong = {"intent": "job_post", "jobs": [dict(job, headcount=2), {"work_type": "木工"}]}
    s = score([(exp, wrong)])
    # a wrong value is one FP and one FN; an extra job's stated keys are FPs
    assert (s.tp, s.fp, s.fn) == (3, 2, 1)
    s = score([(exp, {"intent": "other", "jobs": []})])
    assert (s.tp, s.fp, s.fn) == (0, 0, 4) and s.intent_accuracy == 0.0
