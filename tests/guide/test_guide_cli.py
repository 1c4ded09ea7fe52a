"""screening guide / diff / signoff from the command line: exit codes and outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screening.cli import main

from .helpers import MINI_FILE, mini_with, write_set


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


def test_guide_writes_a_pdf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    code, stdout, _ = run(capsys, "guide", "--rules", str(MINI_FILE), "--role", "teacher", "--paper", "letter",
                          "-o", str(out))
    assert code == 0 and out.read_bytes().startswith(b"%PDF") and "Wrote the guide" in stdout


@pytest.mark.parametrize("argv", [("--role", "nobody"), ("--band", "99"), ("--paper", "A5"),
                                  ("--audience", "children")])
def test_guide_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, str]) -> None:
    out = tmp_path / "guide.pdf"
    code, _, err = run(capsys, "guide", "--rules", str(MINI_FILE), *argv, "-o", str(out))
    assert code == 2 and not out.exists() and "Traceback" not in err
    assert argv[1] in err


def test_guide_bad_rules_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "guide", "--rules", str(tmp_path / "none"), "-o", str(tmp_path / "g.pdf"))
    assert code == 1 and err.strip().endswith("no such file or folder")


def test_diff_json_and_sheet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    new = write_set(tmp_path / "new", mini_with(("summary: This is expected at this age.",
                                                  "summary: This is usual at this age.")))
    sheet = tmp_path / "sheet.pdf"
    code, stdout, err = run(capsys, "diff", str(MINI_FILE), str(new), "--json", "-o", str(sheet))
    assert code == 0, err
    data = json.loads(stdout)
    assert data["guidance"]["changed"] == [{"category": "green", "role": "foster_carer", "parts": ["summary"]}]
    assert sheet.read_bytes().startswith(b"%PDF") and "sign-off sheet" in err


def test_diff_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, stdout, _ = run(capsys, "diff", str(MINI_FILE), str(MINI_FILE))
    assert code == 0 and "No changes." in stdout


def test_signoff(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.pdf"
    code, stdout, _ = run(capsys, "signoff", "--rules", str(MINI_FILE), "-o", str(sheet))
    assert code == 0 and sheet.read_bytes().startswith(b"%PDF") and "sign-off sheet" in stdout
