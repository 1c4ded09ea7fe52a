"""Shared test set-up: Qt's offscreen platform, and private data and settings folders.

QT_QPA_PLATFORM must be set before a QApplication exists (without it a headless run aborts).
Every test gets its own SCREENING_DATA_DIR, SCREENING_CONFIG_DIR and SCREENING_STATE_DIR, so no
test can read or write a real user's records, settings or pending-audit journal.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from helpers import mini_ruleset

from screening.ruleset.model import RuleSet

# Said by Qt's offscreen platform itself whenever a window is shown; not a fault in the app.
OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",)


def pytest_configure(config: pytest.Config) -> None:
    try:
        config.getini("qt_log_ignore")
    except ValueError:  # pytest-qt not installed
        return
    for message in OFFSCREEN_NOISE:
        config.addinivalue_line("qt_log_ignore", message)


@pytest.fixture(scope="session")
def mini() -> RuleSet:
    """The small rule set in tests/data/mini, loaded once for every test folder."""
    return mini_ruleset()


@pytest.fixture(autouse=True)
def _private_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("SCREENING_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("SCREENING_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("SCREENING_STATE_DIR", str(base / "state"))
