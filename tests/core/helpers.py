"""Shared bits for the core tests: where the fixtures are, and how to find a position in a text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from screening.problems import Problem, ProblemsError
from screening.ruleset.loader import load_ruleset

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
MINI_DIR = DATA / "mini"
MINI_FILE = MINI_DIR / "ruleset.yaml"
MINI_TEXT = MINI_FILE.read_text(encoding="utf-8")
ENGINE_DIR = DATA / "core-engine"
SHIPPED_DIR = REPO / "rules" / "default"
EXAMPLE_RECORD = DATA / "records" / "example.yaml"

# every problem a user sees: "path:line:col: message", on one line
PROBLEM_RE = re.compile(r"^.+:\d+:\d+: .+$")


def locate(text: str, needle: str, nth: int = 0, offset: int = 0) -> tuple[int, int]:
    """The 1-based line and column of the nth occurrence of needle (plus offset characters)."""
    index = -1
    for _ in range(nth + 1):
        index = text.find(needle, index + 1)
        assert index >= 0, f"{needle!r} is not in the text (occurrence {nth})"
    index += offset
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def value_at(text: str, key_line: str, nth: int = 0) -> tuple[int, int]:
    """Where the value of a 'key: value' line starts (the line is given without indentation)."""
    key, _, _ = key_line.partition(": ")
    return locate(text, key_line, nth, len(key) + 2)


def mini_with(*replacements: tuple[str, str]) -> str:
    """The mini rule set with each (old, new) replaced once; old must be there exactly once."""
    text = MINI_TEXT
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} appears {text.count(old)} times in the mini rule set"
        text = text.replace(old, new)
    return text


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    """The problems load_ruleset reports for a file or folder (it must refuse it)."""
    with pytest.raises(ProblemsError) as info:
        load_ruleset(path)
    problems = list(info.value.problems)
    assert problems, "a ProblemsError must carry at least one problem"
    for problem in problems:
        assert PROBLEM_RE.fullmatch(str(problem)), repr(str(problem))
    return problems


def where(problems: list[Problem], fragment: str) -> list[tuple[int, int]]:
    """The (line, column) of every problem whose message contains fragment."""
    return [(p.line, p.column) for p in problems if fragment in p.message]
