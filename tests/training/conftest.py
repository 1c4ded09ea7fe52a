"""Shared fixtures for the training tests: the shipped rule set and its scenario library."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.ruleset.loader import load_ruleset
from screening.ruleset.model import RuleSet
from screening.training.scenarios import Library, load_library

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "rules" / "default"
SCENARIOS = SHIPPED / "scenarios"
CALIBRATION = REPO / "tests" / "data" / "calibration"


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset(SHIPPED)


@pytest.fixture(scope="session")
def library(ruleset: RuleSet) -> Library:
    return load_library(ruleset)
