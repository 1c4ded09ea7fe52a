"""Guidance only and Training write nothing at all: no records database and no settings file (item 9).

Run with empty data and settings folders, as a first start on a shared computer would be.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ui_helpers import MINI, StubDialogs


def _files(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders if folder.exists() for p in folder.rglob("*"))


@pytest.fixture
def empty_folders() -> tuple[Path, Path]:
    data, config = Path(os.environ["SCREENING_DATA_DIR"]), Path(os.environ["SCREENING_CONFIG_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    config.mkdir(parents=True, exist_ok=True)
    assert _files(data, config) == []
    return data, config


def _walk_every_step(window) -> None:
    session = window.session
    session.update_child(age_years=5, name="not kept")
    session.set_behaviour("y0-copies-sex-acts", True)
    for key in [k for k, _ in window.view.visible_steps()]:
        window.view.go_to(key)


@pytest.mark.parametrize("argv", [["--guidance-only"], []])
def test_a_first_start_into_guidance_or_training_writes_nothing(qtbot, empty_folders, argv, monkeypatch):
    from ui.app import build

    dialogs = StubDialogs()
    window, _ = build([*argv, "--rules", str(MINI)], dialogs=dialogs)
    qtbot.addWidget(window)
    window.show()
    window.load_records()  # the start screen lists records: that must not create the database
    for mode in ("guidance", "training"):
        if not window.start_screening(mode):  # first run: the role is asked first (used, not saved)
            window.set_role("foster_carer")
        assert window.session is not None and window.session.mode == mode
        _walk_every_step(window)
        qtbot.wait(50)
        window.show_start()
    window.close()
    assert window._store is None
    assert _files(*empty_folders) == []
    assert dialogs.kinds() == []


def test_choosing_a_role_on_the_way_into_training_writes_nothing(qtbot, empty_folders):
    from ui.app import build

    dialogs = StubDialogs()
    window, _ = build(["--rules", str(MINI)], dialogs=dialogs)
    qtbot.addWidget(window)
    window.show()
    assert window.role() == ""
    window.open_training()  # first run: the start screen asks the role before the case list
    assert window.training_flow.picker is None
    window.start.role_chosen.emit("foster_carer")
    assert window.role() == "foster_carer"
    flow = window.training_flow
    assert window.stack.currentWidget() is flow.picker  # the case list opened, with the role in use
    qtbot.wait(50)
    window.show_start()
    window.close()
    assert window._store is None
    assert _files(*empty_folders) == []


def test_saving_a_setting_on_purpose_does_write_it(make_window, empty_folders):
    window = make_window()
    window.set_role("teacher")  # from Settings > Your role, not on the way into guidance
    assert (empty_folders[1] / "settings.yaml").is_file()
