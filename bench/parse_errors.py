"""List the parser's mistakes on a labelled JSONL file, by field and by intent.

    python bench/parse_errors.py [tests/data/corpus.jsonl] [--summary]

Prints per-key P/R/F1, the intent confusion, then each wrong message with the keys that differ
(--summary prints only the tables; use it on held-out data so its texts stay unread).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp import load_gazetteer, parse  # noqa: E402
from nlp.score import JOB_KEYS, Score, score_one  # noqa: E402


def _diff(exp: dict[str, Any], got: dict[str, object]) -> list[str]:
    out = []
    if exp.get("intent") != got.get("intent"):
        out.append(f"intent {exp.get('intent')} -> {got.get('intent')}")
    gj = list(exp.get("jobs") or [])
    pj = list(got.get("jobs") or [])  # type: ignore[call-overload]
    if len(gj) != len(pj):
        out.append(f"jobs {len(gj)} -> {len(pj)}")
    for i in range(min(len(gj), len(pj))):
        for k in JOB_KEYS:
            a, b = gj[i].get(k), pj[i].get(k)
            s = Score()
            score_one({"jobs": [{k: a}]}, {"jobs": [{k: b}]}, s)
            if s.fp or s.fn:
                out.append(f"[{i}] {k}: {a!r} -> {b!r}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=str(ROOT / "tests" / "data" / "corpus.jsonl"))
    ap.add_argument("--summary", action="store_true")
    ap.add_argument("--key", default=None, help="only list messages wrong on this key")
    args = ap.parse_args()
    g = load_gazetteer()
    total = Score()
    wrong: list[tuple[str, str, list[str]]] = []
    with open(args.path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            now = dt.datetime.fromisoformat(rec["now"])
            got = parse(rec["text"], now, g, rec.get("chat_region")).to_contract(rec["id"])
            score_one(rec["expected"], got, total)
            d = _diff(rec["expected"], got)
            if args.key:
                d = [x for x in d if args.key in x]
            if d:
                wrong.append((rec["id"], rec["text"], d))
    print(f"F1 {total.f1:.4f} P {total.precision:.4f} R {total.recall:.4f} "
          f"intent {total.intent_accuracy:.4f} ({total.messages} messages)")
    for k in JOB_KEYS:
        c = total.per_key.get(k)
        if c and (c["fp"] or c["fn"]):
            print(f"  {k:14} tp {c['tp']:4} fp {c['fp']:3} fn {c['fn']:3}")
    for (a, b), n in sorted(total.confusion.items()):
        if a != b:
            print(f"  intent {a} -> {b}: {n}")
    if not args.summary:
        for id_, text, d in wrong:
            print(f"\n{id_}: {text}")
            for x in d:
                print(f"    {x}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
