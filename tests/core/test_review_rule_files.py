"""Rule-set paths that are neither a file nor a folder are refused with a message, never opened."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from screening.cli import main
from screening.problems import Problem, ProblemsError
from screening.ruleset.loader import load_ruleset, rule_files

from .helpers import MINI_DIR, MINI_FILE

NOT_RULES = "this is not a rule file or a folder"


def _validate(capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, str]:
    code = main(["validate", *paths])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_validate_dev_null_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _validate(capsys, "/dev/null")
    assert code == 1
    assert f"/dev/null:0:0: {NOT_RULES}" in text
    assert "Traceback" not in text and "NotADirectoryError" not in text
    assert rule_files(Path("/dev/null")) == ([], [Problem("/dev/null", 0, 0, NOT_RULES)])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_without_being_opened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "rules.yaml"
    os.mkfifo(fifo)  # opening it would wait for a writer for ever
    code, text = _validate(capsys, str(fifo))
    assert code == 1
    assert f"{fifo}:0:0: {NOT_RULES}" in text
    with pytest.raises(ProblemsError) as caught:
        load_ruleset(fifo)
    assert [str(p) for p in caught.value.problems] == [f"{fifo}:0:0: {NOT_RULES}"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_inside_a_folder_is_skipped(tmp_path: Path) -> None:
    shutil.copy(MINI_FILE, tmp_path / "ruleset.yaml")
    os.mkfifo(tmp_path / "extra.yaml")
    files, problems = rule_files(tmp_path)
    assert (files, problems) == ([tmp_path / "ruleset.yaml"], [])
    assert load_ruleset(tmp_path).info.id == load_ruleset(MINI_DIR).info.id


def test_files_folders_and_missing_paths_still_work(tmp_path: Path) -> None:
    assert rule_files(MINI_FILE) == ([MINI_FILE], [])
    assert rule_files(MINI_DIR) == ([MINI_FILE], [])
    missing = tmp_path / "nowhere"
    assert rule_files(missing) == ([], [Problem(str(missing), 0, 0, "no such file or folder")])
    under_a_file = MINI_FILE / "child.yaml"
    assert rule_files(under_a_file) == ([], [Problem(str(under_a_file), 0, 0, "no such file or folder")])


def test_a_folder_that_cannot_be_read_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: Path) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refused)  # as for a folder without read permission
    assert rule_files(tmp_path) == ([], [Problem(str(tmp_path), 0, 0, "cannot read this folder: Permission denied")])


def test_a_fifo_given_as_a_record_is_refused_without_waiting(tmp_path, capsys) -> None:
    import os

    from screening.cli import main

    fifo = tmp_path / "record.fifo"
    os.mkfifo(fifo)
    assert main(["assess", str(fifo)]) == 1
    err = capsys.readouterr().err
    assert f"{fifo}:0:0: this is not a record file" in err
    assert "Traceback" not in err
