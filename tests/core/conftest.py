"""Fixtures for the core tests: the small rule sets, loaded once."""

from __future__ import annotations

import pytest

from screening.ruleset.loader import load_ruleset
from screening.ruleset.model import RuleSet

from .helpers import ENGINE_DIR


@pytest.fixture(scope="session")
def engine_rules() -> RuleSet:
    return load_ruleset(ENGINE_DIR)
