"""Every string a command prints from a file is inert on a terminal: ESC and bidi overrides escaped."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.cli import main

from .helpers import mini_with

ESC = "\x1b]0;owned\x07\x1b[2J"
RLO = "\u202e"
HOSTILE = ESC + RLO


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def inert(text: str) -> bool:
    return "\x1b" not in text and "\x07" not in text and RLO not in text


def hostile_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    text = mini_with(
        ("    text: Touches or rubs their own private parts, for comfort or when tired.",
         '    text: "Touches \\e]0;owned\\a\\e[2J\\u202e their own private parts, for comfort."'),
    )
    (folder / "ruleset.yaml").write_text(text, encoding="utf-8")
    return folder


def test_rule_text_is_escaped_in_show_and_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = str(hostile_rules(tmp_path))
    for argv in (["show", "--rules", rules], ["search", "touches private parts", "--age", "5", "--rules", rules],
                 ["show", "--rules", rules, "--json"]):
        code, out, err = run(capsys, *argv)
        assert code == 0, err
        assert "Touches" in out and inert(out) and inert(err), argv
    assert "\\x1b]0;owned" in run(capsys, "show", "--rules", rules)[1]


def test_unknown_keys_and_file_names_are_escaped_in_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = tmp_path / f"r{RLO}cod.yaml"
    name.write_text(f'format: screening-record/1\nrole: teacher\n"{ESC}key": 1\n'.replace("\x1b", "\\e")
                    .replace("\x07", "\\a"), encoding="utf-8")
    code, _out, err = run(capsys, "assess", str(name))
    assert code == 1
    assert "unknown key" in err and inert(err), err
    assert "\\u202e" in err and "\\x1b]0;owned" in err


def test_record_descriptions_are_escaped_in_assess(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.json"
    path.write_text(
        '{"format": "screening-record/1", "role": "teacher", "concern_date": "2026-11-20",'
        ' "child": {"age_years": 7},'
        ' "unlisted_behaviours": [{"description": "\\u001b[31mred\\u202e"}]}',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "assess", str(path), "--json")
    assert code == 0, err
    assert inert(out)
    code, out, err = run(capsys, "assess", str(path))
    assert code == 0, err
    assert inert(out)


def test_usage_errors_echo_arguments_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "search", "x", "--band", HOSTILE)
    assert code == 2 and inert(err)


def test_every_command_prints_through_the_escaping_helper() -> None:
    """A new command that calls print() or writes to stdout itself would bypass the escaping."""
    import re

    folder = Path(__file__).resolve().parents[2] / "screening" / "cli"
    direct = re.compile(r"(?<![\w.])print\(|sys\.std(out|err)\.write\(|json\.dump\(")
    offenders = [f"{path.name}:{n}" for path in sorted(folder.glob("*.py")) if path.name != "common.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if direct.search(line)]
    assert offenders == []


def test_diff_output_is_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from .helpers import MINI_DIR

    code, out, err = run(capsys, "diff", str(MINI_DIR), str(hostile_rules(tmp_path)))
    assert "Touches" in out and inert(out) and inert(err), (code, err)
