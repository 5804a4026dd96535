"""Conformance of lingong's number/date finders against Microsoft Recognizers-Text specs.

Runs lingong's own functions on every input of four Chinese spec files and prints the
pass rate of each; the last line is exactly

    dates=0.xx times=0.xx durations=0.xx numbers=0.xx

Spec files (under $LINGONG_SHARED/data/peer-specs/recognizers-text/Specs, default
LINGONG_SHARED = <repo>/../shared):

- DateTime/Chinese/DateParser.json      → nlp.dates.find_dates(input, now=ReferenceDateTime)
- DateTime/Chinese/TimeParser.json      → nlp.dates.find_times(input)
- DateTime/Chinese/DurationParser.json  → nlp.dates.find_durations(input)
- Number/Chinese/NumberModel.json       → nlp.numbers.find_numbers(input)

How a case is scored (strict): a case passes only when the set of spans lingong returns
equals the set the spec expects — same start, same end, same resolved value — so a missed
result, a wrong value, a wrong span boundary and an extra result each fail the case.

- Dates compare with FutureResolution.date ("resolved forward", like lingong). Two spec
  conventions are translated rather than copied: (1) a FutureResolution of 0001-01-01 marks
  an impossible date (2月30日); lingong returns nothing there, which passes; (2) for lunar
  dates (农历/阴历, 正月/冬月/腊月, 初X, 廿X, 大年…) the spec reports the lunar month and day
  unconverted (大年初一 → XXXX-01-01) while lingong returns the Gregorian day; the scorer
  converts lingong's answer back to the lunar calendar and compares month and day, and the
  year too when the spec's Timex states one.
- Times compare FutureResolution.time (HH:MM:SS) with TimeSpan.time.
- Durations compare FutureResolution.duration (seconds; the spec counts a year as 365 days
  and a month as 30) with DurationSpan.total_seconds.
- Numbers compare Resolution.value with NumSpan.value (relative tolerance 1e-9; the spec
  writes some values rounded to 15 significant digits). The spec's End is inclusive.
  Percentages (二％) belong to the spec's separate PercentModel, so spans lingong marks
  kind="percent" are left out of the comparison; nothing else is filtered.
- Cases marked NotSupported / NotSupportedByDesign for any language are COUNTED like the
  rest (lingong is not bound by another implementation's gaps). The rate without them is
  printed for information on each file's line, but the final line uses every case.

The specs are a test, not a source: nothing in lingong is derived from these inputs.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from lunardate import LunarDate  # noqa: E402

from nlp.dates import find_dates, find_durations, find_times  # noqa: E402
from nlp.numbers import find_numbers  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
FILES = {
    "dates": "DateTime/Chinese/DateParser.json",
    "times": "DateTime/Chinese/TimeParser.json",
    "durations": "DateTime/Chinese/DurationParser.json",
    "numbers": "Number/Chinese/NumberModel.json",
}
LUNAR_MARKERS = ("农历", "阴历", "農曆", "陰曆", "正月", "冬月", "腊月", "臘月", "初", "廿", "大年")

Case = dict[str, Any]


def spec_dir() -> Path:
    shared = Path(os.environ.get("LINGONG_SHARED", str(REPO.parent / "shared")))
    return shared / "data" / "peer-specs" / "recognizers-text" / "Specs"


def load(path: Path) -> list[Case]:
    with path.open(encoding="utf-8-sig") as f:
        data: list[Case] = json.load(f)
    return data


def not_supported(case: Case) -> bool:
    return bool(case.get("NotSupported") or case.get("NotSupportedByDesign"))


def _ref(case: Case) -> dt.datetime:
    raw = case.get("Context", {}).get("ReferenceDateTime", "2017-03-22T00:00:00")
    return dt.datetime.fromisoformat(raw).replace(tzinfo=TZ)


def _lunar_of(d: dt.date) -> tuple[int, int, int] | None:
    try:
        ld = LunarDate.from_solar_date(d.year, d.month, d.day)
    except (ValueError, IndexError):
        return None
    return ld.year, ld.month, ld.day


def score_date_case(case: Case) -> bool:
    text = case["Input"]
    got = {(s.start, s.end): s.date for s in find_dates(text, _ref(case))}
    expected: dict[tuple[int, int], tuple[str, str]] = {}
    for r in case["Results"]:
        span = (r["Start"], r["Start"] + r["Length"])
        expected[span] = (r["Value"]["FutureResolution"]["date"], r["Value"].get("Timex", ""))
    for span, (value, timex) in expected.items():
        if value == "0001-01-01":
            if any(a < span[1] and span[0] < b for a, b in got):
                return False
            continue
        if span not in got:
            return False
        ours = got.pop(span)
        want = dt.date.fromisoformat(value)
        surface = text[span[0]:span[1]]
        if any(mark in surface for mark in LUNAR_MARKERS):
            lunar = _lunar_of(ours)
            if lunar is None or (lunar[1], lunar[2]) != (want.month, want.day):
                return False
            if not timex.startswith("XXXX") and lunar[0] != want.year:
                return False
        elif ours != want:
            return False
    return not got


def score_time_case(case: Case) -> bool:
    got = {(s.start, s.end, s.time.strftime("%H:%M:%S")) for s in find_times(case["Input"])}
    want = {
        (r["Start"], r["Start"] + r["Length"], r["Value"]["FutureResolution"]["time"])
        for r in case["Results"]
    }
    return got == want


def score_duration_case(case: Case) -> bool:
    got = {(s.start, s.end): s.total_seconds for s in find_durations(case["Input"])}
    want = {
        (r["Start"], r["Start"] + r["Length"]): float(r["Value"]["FutureResolution"]["duration"])
        for r in case["Results"]
    }
    if set(got) != set(want):
        return False
    return all(math.isclose(got[k], want[k], rel_tol=1e-9) for k in want)


def score_number_case(case: Case) -> bool:
    spans = [s for s in find_numbers(case["Input"]) if s.kind != "percent"]
    got = {(s.start, s.end): s.value for s in spans}
    want = {(r["Start"], r["End"] + 1): float(r["Resolution"]["value"]) for r in case["Results"]}
    if set(got) != set(want) or len(spans) != len(got):
        return False
    return all(math.isclose(got[k], want[k], rel_tol=1e-9, abs_tol=1e-12) for k in want)


SCORERS: dict[str, Callable[[Case], bool]] = {
    "dates": score_date_case,
    "times": score_time_case,
    "durations": score_duration_case,
    "numbers": score_number_case,
}


def run(verbose: bool = False) -> dict[str, float]:
    """Score every file; return the pass rate per file (all cases counted)."""
    base = spec_dir()
    rates: dict[str, float] = {}
    for name, rel in FILES.items():
        cases = load(base / rel)
        scorer = SCORERS[name]
        passed = passed_supported = supported = 0
        for case in cases:
            try:
                ok = scorer(case)
            except Exception as exc:  # a crash is a failure, and worth seeing
                ok = False
                print(f"  CRASH {name}: {case['Input']!r}: {exc!r}")
            passed += ok
            if not not_supported(case):
                supported += 1
                passed_supported += ok
            if verbose and not ok:
                print(f"  FAIL {name}: {case['Input']!r}")
        rates[name] = passed / len(cases) if cases else 0.0
        sup = passed_supported / supported if supported else 0.0
        print(
            f"{rel}: {passed}/{len(cases)} = {rates[name]:.3f}"
            f"  (without NotSupported cases: {passed_supported}/{supported} = {sup:.3f})"
        )
    return rates


def main() -> int:
    if not spec_dir().is_dir():
        print(f"spec directory not found: {spec_dir()}", file=sys.stderr)
        return 2
    rates = run(verbose="-v" in sys.argv[1:])
    print(" ".join(f"{name}={rates[name]:.2f}" for name in FILES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
