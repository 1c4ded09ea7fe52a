"""GUI tests run on Qt's offscreen platform; this must be set before a QApplication exists."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from screening.ruleset.loader import load_ruleset
from screening.ruleset.model import RuleSet
from ui.compat import guard_none_refcount

# PySide6 6.12.0 on Python 3.11 loses a reference to None on every void Qt call; without this a
# long GUI test run aborts with "Fatal Python error: none_dealloc" (see ui/compat.py).
guard_none_refcount()

from ui_helpers import MINI, StubDialogs  # noqa: E402


@pytest.fixture(scope="session")
def mini_rules(mini: RuleSet) -> RuleSet:
    return mini


@pytest.fixture(scope="session")
def shipped_rules() -> RuleSet:
    return load_ruleset()


@pytest.fixture
def dialogs() -> StubDialogs:
    return StubDialogs()


@pytest.fixture
def teacher_settings() -> Any:
    from screening.settings import Settings

    return Settings(
        role="teacher",
        practitioner_name="Sam Example",
        organisation="Riverside Primary (fictional)",
        referrer_role="DSL",
        referrer_phone="01632 960000",
        referrer_email="dsl@example.org",
    )


@pytest.fixture
def data_dir() -> Path:
    return Path(os.environ["SCREENING_DATA_DIR"])


@pytest.fixture
def make_window(qtbot: Any, dialogs: StubDialogs, teacher_settings: Any) -> Iterator[Any]:
    """A main window on the mini rule set, with stubbed dialogs; closed (and saved) afterwards."""
    from ui.main_window import MainWindow

    made: list[Any] = []

    def make(ruleset: RuleSet | None = None, settings: Any = None, **kwargs: Any) -> Any:
        window = MainWindow(
            ruleset or load_ruleset(MINI),
            settings if settings is not None else teacher_settings,
            dialogs,
            load_records=False,
            **kwargs,
        )
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
        if window._store is not None:
            window._store.close()
