"""Test helpers every test folder shares: where the fixture rule sets are, loaded once.

The ``mini`` and ``shipped`` fixtures in tests/conftest.py come from here; a folder's own helpers
(tests/core/helpers.py, tests/store/store_helpers.py, tests/ui/ui_helpers.py) add what only it needs.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from screening.ruleset.loader import load_ruleset
from screening.ruleset.model import RuleSet

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
MINI = DATA / "mini"  # the small rule set most tests use
ENGINE = DATA / "core-engine"


@cache
def mini_ruleset() -> RuleSet:
    return load_ruleset(MINI)
