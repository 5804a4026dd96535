"""lingong's finders against Recognizers-Text's Chinese specs (see bench/conformance.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "conformance.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lingong_conformance", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


conformance = _load()


@pytest.fixture(scope="module")
def rates() -> dict[str, float]:
    if not conformance.spec_dir().is_dir():
        pytest.skip(f"Recognizers-Text specs not found at {conformance.spec_dir()} "
                    "(set LINGONG_SHARED to the shared directory)")
    result: dict[str, float] = conformance.run()
    return result


@pytest.mark.parametrize("name", ["dates", "times", "durations", "numbers"])
def test_pass_rate_at_least_ninety_percent(rates: dict[str, float], name: str) -> None:
    assert rates[name] >= 0.90, f"{name}: {rates[name]:.3f}"


def test_scorer_is_strict_about_extra_and_wrong_results() -> None:
    case: dict[str, Any] = {
        "Input": "要七八个人",
        "Results": [
            {"Text": "七八", "TypeName": "number", "Resolution": {"value": "7"},
             "Start": 1, "End": 2}
        ],
    }
    assert conformance.score_number_case(case)
    wrong = dict(case, Results=[dict(case["Results"][0], Resolution={"value": "8"})])
    assert not conformance.score_number_case(wrong)
    missing = dict(case, Results=[])
    assert not conformance.score_number_case(missing)


def test_lunar_spec_values_compare_in_the_lunar_calendar() -> None:
    case: dict[str, Any] = {
        "Input": "大年初一",
        "Context": {"ReferenceDateTime": "2017-03-22T00:00:00"},
        "Results": [{"Text": "大年初一", "Start": 0, "Length": 4, "Value": {
            "Timex": "XXXX-01-01", "FutureResolution": {"date": "2018-01-01"}}}],
    }
    assert conformance.score_date_case(case)
    case["Results"][0]["Value"]["FutureResolution"]["date"] = "2018-01-02"
    assert not conformance.score_date_case(case)
