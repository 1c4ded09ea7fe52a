"""Fixtures for the store tests: the small rule set and a store in a fresh folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from screening.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "data" / "records.sqlite3") as opened:
        yield opened


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Data, settings and state folders of this test's own, as the command line finds them."""
    folder = tmp_path / "data"
    monkeypatch.setenv("SCREENING_DATA_DIR", str(folder))
    monkeypatch.setenv("SCREENING_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SCREENING_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("SCREENING_PASSPHRASE_FILE", raising=False)
    return folder
