"""Conversation sets: chat scripts with expectations on replies and state (`.convo` files).

The format is described in tests/data/conversations/README.md. A file is one conversation on a
fresh bot; an expectation refers to the messages caused by the most recent played line, a state
line to the database at that point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.report import jobs_json
from tests.conversation import Conversation

_SPACE = re.compile(r"\s+")
_TARGET = re.compile(r"^(?:→|✎) (?P<target>[^:]+):")


@dataclass
class Step:
    line: str
    no: int
    checks: list[tuple[str, int]] = field(default_factory=list)


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def load(path: Path) -> tuple[str, list[Step]]:
    """The title and the steps of one `.convo` file."""
    title = ""
    steps: list[Step] = [Step("", 0)]  # checks before any played line (state only)
    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if not title:
                title = line.lstrip("# ").strip()
            continue
        if line.startswith(("=>", "$")):
            steps[-1].checks.append((line, no))
        else:
            steps.append(Step(raw, no))
    return title, steps


def _by_target(messages: list[str]) -> list[tuple[str, str]]:
    out = []
    for message in messages:
        found = _TARGET.match(message)
        if found:
            out.append((found["target"].strip(), message[found.end():]))
    return out


def _check_message(check: str, sent: list[tuple[str, str]]) -> str | None:
    if check == "=>0":
        return None if not sent else f"expected silence, got {[t for t, _ in sent]}"
    negative = check.startswith("=>!")
    body = check[3:] if negative else check[2:]
    target, _, text = body.strip().partition(":")
    target, text = target.strip(), _squash(text)
    to_target = [m for t, m in sent if target == "*" or t == target]
    hits = [m for m in to_target if text in _squash(m)]
    if negative:
        return None if not hits else f"unexpected: {hits[0][:80]!r}"
    if hits:
        return None
    seen = "; ".join(f"{t}: {m[:60]}" for t, m in sent) or "nothing"
    return f"missing for {target}: {text!r} (sent: {seen})"


def _field(job: dict[str, Any], name: str, expected: str) -> str | None:
    if name == "status" and expected in ("draft", "held"):
        actual: Any = job.get("state")
    else:
        actual = job.get(name)
    if actual is None:
        shown = "none"
    elif isinstance(actual, float) and actual.is_integer():
        shown = str(int(actual))
    else:
        shown = str(actual)
    if shown == expected or (expected in ("none", "-") and actual is None):
        return None
    return f"{name}={shown} (want {expected})"


def _check_state(check: str, jobs: list[dict[str, Any]]) -> str | None:
    words = check[1:].split()
    kind, args = words[0], words[1:]
    if kind == "jobs":
        want = int(args[0])
        return None if len(jobs) == want else f"{len(jobs)} jobs (want {want})"
    index = int(args[0])
    if index > len(jobs):
        return f"no job {index} ({len(jobs)} jobs)"
    job = jobs[index - 1]
    if kind == "job":
        wrong = [w for name, _, value in (a.partition("=") for a in args[1:])
                 if (w := _field(job, name, value))]
        return "; ".join(f"job {index}: {w}" for w in wrong) or None
    if kind == "claims":
        wanted = sorted(args[1:]) if args[1:] != ["-"] else []
        have = sorted(f"{c['person']}:{c['count']}:{c['status']}" for c in job["claims"])
        return None if have == wanted else f"job {index} claims {have} (want {wanted})"
    return f"unknown state check {kind!r}"


def play(path: Path) -> list[str]:
    """Play one conversation; the failed expectations, each with its line number."""
    _, steps = load(path)
    failures: list[str] = []
    convo: Conversation | None = None
    try:
        for step in steps:
            sent: list[tuple[str, str]] = []
            if step.line:
                if convo is None:
                    start = _start(step.line)
                    convo = Conversation(start=start or "2026-11-26 08:00", autobind=True)
                    if not start:
                        sent = _by_target(convo.say(step.line))
                else:
                    sent = _by_target(convo.say(step.line))
            for check, no in step.checks:
                if check.startswith("$"):
                    if convo is None:
                        convo = Conversation(autobind=True)
                    with convo.session() as session:
                        problem = _check_state(check, jobs_json(session))
                else:
                    problem = _check_message(check, sent)
                if problem:
                    failures.append(f"{path.name}:{no}: {check} — {problem}")
    finally:
        if convo is not None:
            convo.close()
    return failures


def _start(line: str) -> str | None:
    found = re.match(r"@now\s+(\d{4}-\d{2}-\d{2} \d{2}:\d{2})\s*$", line.strip())
    return found[1] if found else None
