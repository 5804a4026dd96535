"""A fresh clone: the README's first command installs what its second command (the tests)
needs, and CI runs those tests today and with the clock a year ahead."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block is not None, "the README starts with a sh block of its two commands"
    return [line for line in block.group(1).splitlines() if line.strip()]


def extras_installed(spec: str, optional: dict[str, list[str]]) -> set[str]:
    """The extras ``pip install -e '.[spec]'`` brings, following ``lingong[...]`` references."""
    todo, seen = [e.strip() for e in spec.split(",")], set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for requirement in optional.get(extra, []):
            own = re.fullmatch(r"lingong\[([^\]]+)\]", requirement.strip())
            if own:
                todo.extend(e.strip() for e in own.group(1).split(","))
    return seen


def test_the_readme_first_command_installs_every_extra_the_tests_use() -> None:
    first, second = readme_commands()[:2]
    assert second.strip() == ".venv/bin/pytest"
    spec = re.search(r"pip install -e '\.\[([^\]]*)\]'", first)
    assert spec is not None, first
    optional = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["optional-dependencies"]
    # The tests import the WeChat SDK and serve Telegram webhooks (tornado), and run pytest.
    assert {"dev", "wechat", "webhook"} <= extras_installed(spec.group(1), optional)


def test_ci_runs_the_readme_commands_and_the_tests_a_year_ahead() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    first, second = readme_commands()[:2]
    spec = re.search(r"pip install -e '(\.\[[^\]]*\])'", first)
    assert spec is not None and f"pip install -q -e '{spec.group(1)}'" in ci
    runs = [line.strip() for line in ci.splitlines()
            if line.strip().endswith(second.strip()) or f"{second.strip()} " in line]
    assert second.strip() in runs, runs
    assert any(line.startswith("faketime '+365 days' .venv/bin/pytest") for line in runs), runs
