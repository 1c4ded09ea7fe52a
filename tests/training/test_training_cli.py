"""The training and calibration commands: JSON shapes, files written, problems and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from screening.cli import main
from screening.texts import EMERGENCY_LINE

from .conftest import CALIBRATION

AFTER = sorted(str(p) for p in (CALIBRATION / "after").glob("*.json"))
BEFORE = sorted(str(p) for p in (CALIBRATION / "before").glob("*.json"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_training_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "training", "list", "--json")
    data = json.loads(out)
    assert code == 0 and len(data) >= 30
    assert all(set(item) == {"id", "title", "band", "category"} for item in data)
    assert {item["category"] for item in data} == {"green", "amber", "red"}


def test_training_show_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "training", "show", "s26-missing-underwear", "--json")
    data = json.loads(out)
    assert code == 0 and data["id"] == "s26-missing-underwear" and data["fictional"] is True
    assert {"behaviours", "context", "category", "decision"} <= set(data["reference"])
    assert data["reference"]["category"] == "amber" and data["reference"]["unlisted"]
    code, out, _ = run(capsys, "training", "show", "s26-missing-underwear")
    assert code == 0 and EMERGENCY_LINE in out and "Fictional" in out and "Teaching points" in out
    code, _, err = run(capsys, "training", "show", "s26-missing-underwearr")
    assert code == 1 and "training list" in err


def test_calibration_report_json_csv_pdf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pdf, csv = tmp_path / "r.pdf", tmp_path / "r.csv"
    code, out, _ = run(capsys, "calibration", "report", *AFTER, "--before", *BEFORE, "--json",
                       "-o", str(pdf), "--csv", str(csv))
    assert code == 0
    data = json.loads(out)
    assert data["participants"] == 8 and isinstance(data["fleiss_kappa"], float)
    assert data["before"]["participants"] == 8
    assert csv.read_text(encoding="utf-8").count("\n") == 21
    assert pdf.stat().st_mode & 0o777 == 0o600
    reader = PdfReader(str(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert EMERGENCY_LINE in text and "Fictional" in text and "Fleiss" in text
    assert "P01" not in text  # aliases are not printed
    assert len(reader.pages) >= 2


def test_calibration_report_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calibration", "report", *AFTER)
    assert code == 0 and "Fleiss' kappa" in out and "By agency" in out


def test_calibration_problems_are_positioned(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(Path(AFTER[0]).read_text(encoding="utf-8").replace('"amber"', '"orange"', 1), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "screening-answers/1",', encoding="utf-8")
    code, out, err = run(capsys, "calibration", "report", str(bad), str(broken), str(tmp_path / "missing.json"))
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert all(re.match(r"^.+:\d+:\d+: .+$", line) for line in lines)
    assert any("broken.json" in line for line in lines) and any("missing.json" in line for line in lines)
    code, _, err = run(capsys, "calibration", "report", str(bad))
    assert code == 1 and "no colour 'orange'" in err and "Traceback" not in err


def test_validate_reports_scenario_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import shutil

    from .conftest import SHIPPED

    rules = tmp_path / "rules"
    shutil.copytree(SHIPPED, rules)
    case = rules / "scenarios" / "07-water-tray-secret.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("  category: amber", "  category: red"), encoding="utf-8")
    code, out, err = run(capsys, "validate", str(rules))
    assert code == 1 and "07-water-tray-secret.yaml:" in err and "differs_from_tool" in err
    code, out, _ = run(capsys, "validate")
    assert code == 0 and "training scenarios (not part of the sha256)" in out


def test_validate_a_scenarios_folder_checks_it_with_its_rule_set(capsys: pytest.CaptureFixture[str]) -> None:
    from .conftest import SCENARIOS

    code, out, err = run(capsys, "validate", str(SCENARIOS))
    assert code == 0 and "training scenarios" in out and "rule set they ship with" in err


def test_calibration_report_never_replaces_a_file_without_force_nor_an_input(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pdf, csv = tmp_path / "r.pdf", tmp_path / "r.csv"
    for flag, target in (("-o", pdf), ("--csv", csv)):
        target.write_bytes(b"keep me")
        code, _, err = run(capsys, "calibration", "report", *AFTER, flag, str(target))
        assert code == 1 and f"'{target}' already exists; choose another name or add --force" in err
        assert target.read_bytes() == b"keep me"
        assert run(capsys, "calibration", "report", *AFTER, flag, str(target), "--force")[0] == 0
        assert target.read_bytes() != b"keep me"
    answers = Path(AFTER[0])
    before = answers.read_bytes()
    for flag in ("-o", "--csv"):
        code, _, err = run(capsys, "calibration", "report", *AFTER, flag, str(answers), "--force")
        assert code == 1 and "is an input file" in err and answers.read_bytes() == before
    code, _, err = run(capsys, "calibration", "report", *AFTER, "-o", str(csv), "--csv", str(csv), "--force")
    assert code == 1 and "is an input file" in err
