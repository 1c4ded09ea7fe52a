"""Odd but valid, and impossible, record input: JSON as Python writes it, YAML 1.1 numbers, dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from screening.cli import main
from screening.problems import ProblemsError
from screening.reading.yamlsafe import YMap, YScalar, read_bytes
from screening.records.document import parse_record
from screening.records.references import date_problems

from .helpers import PROBLEM_RE

RECORD = {
    "format": "screening-record/1",
    "child": {"name": "Ana 😀\x7f", "date_of_birth": "2019-03-14"},
    "concern_date": "2026-11-20",
    "role": "teacher",
    "behaviours": [{"id": "y5-shows-private-parts-to-peer", "notes": "DEL here: \x7f"}],
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_as_python_writes_it_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = json.dumps(RECORD, indent=2)  # ensure_ascii: surrogate pairs
    raw = json.dumps(RECORD, ensure_ascii=False)  # a raw DEL
    assert "\\ud83d\\ude00" in text and "\x7f" in raw
    for written in (text, raw):
        record = parse_record(written.encode(), "r.json")
        assert record.child.name == "Ana 😀\x7f"
        assert record.behaviours[0].notes == "DEL here: \x7f"
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "assess", str(path))
    assert code == 0, err
    assert "Suggested category" in out


def test_json_values_keep_their_line_and_column() -> None:
    text = '{\n  "role": "teacher",\n  "child": {"age_years": "9"}\n}\n'
    tree, problems = read_bytes("r.json", text.encode())
    assert problems == [] and isinstance(tree, YMap)
    child = tree.items["child"][1]
    assert isinstance(child, YMap)
    age = child.items["age_years"][1]
    assert isinstance(age, YScalar) and (age.line, age.column) == (3, 26) and age.quoted
    with pytest.raises(ProblemsError) as caught:
        parse_record((b'{"format": "screening-record/1", "role": "teacher",\n "child": {"age_years": "9"}}'),
                     "r.json")
    assert [str(p) for p in caught.value.problems] == [
        "r.json:2:25: 'age_years' should be a whole number (without quotes), but it is '9'"
    ]


def test_json_keeps_the_strict_reader_guarantees() -> None:
    _, problems = read_bytes("r.json", b'{"role": "a",\n "role": "b"}')
    assert [(p.line, p.column) for p in problems] == [(2, 2)] and "appears twice" in problems[0].message
    _, problems = read_bytes("r.json", b"[" * 5000 + b"]" * 5000)
    assert [p.message for p in problems] == ["the file is nested more than 20 levels deep"]
    _, problems = read_bytes("r.json", b'{"name": "\\ud83d alone"}')
    assert len(problems) == 1 and "half of an escaped character" in problems[0].message
    # broken JSON is still reported by the YAML reader, positioned
    _, problems = read_bytes("r.json", b'{"name": "x",\n "role" "teacher"}')
    assert problems and problems[0].line == 2


@pytest.mark.parametrize(
    ("written", "hint"),
    [("014", "write 14"), ("08", "write 8"), ("0x0e", "decimal digits"), ("0o16", "decimal digits"),
     ("1_4", "write 14"), ("0:14", "minutes and seconds"), ("+14", "write 14")],
)
def test_yaml_1_1_numbers_are_refused_with_a_hint(written: str, hint: str) -> None:
    text = f"format: screening-record/1\nrole: teacher\nchild:\n  age_years: {written}\n"
    with pytest.raises(ProblemsError) as caught:
        parse_record(text.encode(), "r.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (4, 14)
    assert problem.message.startswith("'age_years' should be a whole number") and hint in problem.message


def test_plain_numbers_are_still_read() -> None:
    record = parse_record(b"format: screening-record/1\nrole: teacher\nchild:\n  age_years: 14\n", "r.yaml")
    assert record.child.age_years == 14


DATES = "format: screening-record/1\nrole: teacher\nconcern_date: {concern}\nchild:\n  date_of_birth: {birth}\n"


@pytest.mark.parametrize(
    ("concern", "birth", "line", "fragment"),
    [("2026-11-20", "2027-01-01", 5, "after the date of the behaviour"),
     ("9999-01-01", "2019-03-14", 3, "is in the future"),
     ("2026-11-20", "1990-01-01", 5, "more than 25 years before"),
     ],
)
def test_impossible_dates_are_positioned(concern: str, birth: str, line: int, fragment: str) -> None:
    data = DATES.format(concern=concern, birth=birth).encode()
    record = parse_record(data, "r.yaml")
    problems = date_problems(record, data, "r.yaml", today=dt.date(2026, 12, 1))
    assert any(p.line == line and fragment in p.message for p in problems), [str(p) for p in problems]


def test_a_possible_date_is_fine() -> None:
    data = DATES.format(concern="2026-11-20", birth="2019-03-14").encode()
    assert date_problems(parse_record(data, "r.yaml"), data, "r.yaml", today=dt.date(2026, 12, 1)) == []


def test_assess_refuses_impossible_dates_before_assessing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(DATES.format(concern="9999-01-01", birth="2019-03-14")
                    + "behaviours:\n  - id: y5-shows-private-parts-to-peer\n", encoding="utf-8")
    code, out, err = run(capsys, "assess", str(path))
    assert code == 1 and out == ""
    assert PROBLEM_RE.match(err.splitlines()[0]) and ":3:15: " in err and "future" in err


def test_import_refuses_impossible_dates(tmp_path: Path) -> None:
    from screening.store import Store

    path = tmp_path / "r.yaml"
    path.write_text(DATES.format(concern="2026-11-20", birth="2026-11-25"), encoding="utf-8")
    with Store(tmp_path / "r.sqlite3") as store, pytest.raises(ProblemsError) as caught:
        store.import_documents([path], "tester")
    assert [(p.line, "after the date" in p.message) for p in caught.value.problems] == [(5, True)]
