"""``screening records ...`` through screening.cli.main, with SCREENING_DATA_DIR in a temp folder."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from store_helpers import MINI, complete_record

from screening.cli import main
from screening.records.document import Record, RuleSetRef, SelectedBehaviour, parse_record
from screening.ruleset.model import RuleSet
from screening.store import Store, document_json


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("SCREENING_DATA_DIR", str(folder))
    return folder


def saved(*records: Record) -> list[Record]:
    with Store.open_default() as store:
        return [store.create(r, "tester") for r in records]


def test_list_empty_and_json(data_dir: Path, capsys: pytest.CaptureFixture[str], mini: RuleSet) -> None:
    assert main(["records", "list"]) == 0
    assert "No saved records." in capsys.readouterr().out
    assert main(["records", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []

    first, second = saved(complete_record(mini, name="Ann \"A\" <b>"), complete_record(mini, name="Ben"))
    with Store.open_default() as store:
        store.finalise(first.id, "tester")
    assert main(["records", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in rows} == {first.id, second.id}
    by_id = {r["id"]: r for r in rows}
    assert by_id[first.id]["status"] == "final" and by_id[first.id]["child_name"] == "Ann \"A\" <b>"
    assert by_id[first.id]["final_category"] == "green"
    for key in ("id", "status", "child_name", "created", "updated", "final_category"):
        assert all(key in r for r in rows)
    assert main(["records", "list", "--status", "draft", "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [second.id]
    assert main(["records", "list"]) == 0
    out = capsys.readouterr().out
    assert first.id in out and second.id in out and "Ben" in out


def test_show_json_is_the_record_document(data_dir: Path, capsys: pytest.CaptureFixture[str], mini: RuleSet) -> None:
    (record,) = saved(complete_record(mini, name="Zoë\nline two"))
    assert main(["records", "show", record.id, "--json"]) == 0
    out = capsys.readouterr().out
    assert parse_record(out.encode("utf-8"), "<stdout>") == record
    # a unique prefix of the id is enough
    assert main(["records", "show", record.id[:8], "--json"]) == 0
    assert capsys.readouterr().out == out


def test_show_text_assesses_with_the_records_own_rule_set(
    data_dir: Path, capsys: pytest.CaptureFixture[str], mini: RuleSet
) -> None:
    (record,) = saved(complete_record(mini, context=("secrecy",), name="\x1b[31mred\x1b[0m"))
    assert main(["records", "show", record.id, "--rules", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert f"Record {record.id} (draft)" in out
    assert 'y0-plays-doctors: Plays "doctors"' in out
    assert "secrecy: Was a child told to keep it secret?" in out
    assert "Suggested category: AMBER" in out  # GREEN behaviour, raised one step by secrecy
    assert "If a child is in immediate danger, call 999." in out
    assert "\x1b" not in out and "\\x1b[31mred" in out  # terminal escapes are shown, not obeyed


def test_show_text_names_the_missing_rule_set(
    data_dir: Path, capsys: pytest.CaptureFixture[str], mini: RuleSet
) -> None:
    old = complete_record(mini, ruleset=RuleSetRef("old-guide", "2.3", "cd" * 32))
    (record,) = saved(old)
    assert main(["records", "show", record.id, "--rules", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert "Assessment: not shown." in out
    assert "old-guide version 2.3 (sha256 cdcdcdcdcdcd)" in out
    assert "Suggested category" not in out


def test_unknown_id_exits_1(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["show", "nope"], ["export", "nope", "-o", str(data_dir / "x.json")], ["delete", "nope", "--yes"]):
        assert main(["records", *command]) == 1
        assert "there is no saved record with the id 'nope'" in capsys.readouterr().err
    assert not (data_dir / "x.json").exists()


def test_export_writes_a_private_document(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: RuleSet
) -> None:
    (record,) = saved(complete_record(mini))
    target = tmp_path / "out.json"
    assert main(["records", "export", record.id, "-o", str(target)]) == 0
    assert parse_record(target.read_bytes(), str(target)) == record
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with Store.open_default() as store:
        assert [a.action for a in store.audit(record.id)] == ["create", "export"]


def test_import_prints_new_ids(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: RuleSet
) -> None:
    a = tmp_path / "a.json"
    b = tmp_path / "b.yaml"
    a.write_text(document_json(complete_record(mini, name="from json")), encoding="utf-8")
    b.write_text("format: screening-record/1\nrole: foster_carer\nchild: {name: from yaml, age_years: 4}\n")
    assert main(["records", "import", str(a), str(b)]) == 0
    ids = capsys.readouterr().out.splitlines()
    assert len(ids) == 2 and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    with Store.open_default() as store:
        assert [store.get(i).child.name for i in ids] == ["from json", "from yaml"]


def test_import_of_a_malformed_file_imports_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], mini: RuleSet
) -> None:
    good = tmp_path / "good.json"
    good.write_text(document_json(complete_record(mini)), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: screening-record/1\nrole: teacher\nbehaviours:\n  - {id: Y0 Plays}\nchild: {age_years: no}\n"
    )
    assert main(["records", "import", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    problems = [line for line in captured.err.splitlines() if line.startswith(str(bad))]
    assert len(problems) == 2
    assert all(re.match(rf"{re.escape(str(bad))}:\d+:\d+: ", line) for line in problems)
    assert problems[0].startswith(f"{bad}:4:") and "'Y0 Plays' is not a valid id" in problems[0]
    assert "nothing was imported" in captured.err
    with Store.open_default() as store:
        assert store.list() == []


@pytest.mark.parametrize("answer", ["n\n", "\n", "", "maybe\n"])
def test_delete_asks_and_no_or_eof_keeps_the_record(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, mini: RuleSet, answer: str
) -> None:
    (record,) = saved(complete_record(mini))
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    assert main(["records", "delete", record.id]) == 1
    err = capsys.readouterr().err
    assert f"Delete record {record.id}? [y/N]" in err
    assert "nothing was deleted" in err
    with Store.open_default() as store:
        assert store.get(record.id) == record


@pytest.mark.parametrize("answer", ["y\n", "YES\n"])
def test_delete_after_yes(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, mini: RuleSet, answer: str
) -> None:
    (record,) = saved(complete_record(mini))
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    assert main(["records", "delete", record.id]) == 0
    assert f"Deleted record {record.id}" in capsys.readouterr().out
    with Store.open_default() as store:
        assert store.list() == []
        assert [a.action for a in store.audit(record.id)] == ["create", "delete"]


def test_delete_yes_does_not_ask(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, mini: RuleSet
) -> None:
    (record,) = saved(complete_record(mini))

    class NoStdin(io.StringIO):
        def readline(self, *args: object) -> str:
            raise AssertionError("--yes must not ask")

    monkeypatch.setattr("sys.stdin", NoStdin())
    assert main(["records", "delete", "--yes", record.id]) == 0
    assert "Delete record" not in capsys.readouterr().err
    with Store.open_default() as store:
        assert store.list() == []


def test_an_ambiguous_or_short_prefix_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, mini: RuleSet
) -> None:
    fixed = iter([uuid.UUID("abcd1111" + "0" * 24), uuid.UUID("abcd2222" + "0" * 24)])
    monkeypatch.setattr("screening.store.records.uuid.uuid4", lambda: next(fixed))
    _, second = saved(complete_record(mini), complete_record(mini))
    assert main(["records", "show", "abcd"]) == 1
    assert "'abcd' matches 2 records; give more of the id" in capsys.readouterr().err
    assert main(["records", "show", "abc"]) == 1  # too short to count as a prefix
    assert "'abc' is too short: give at least 4 characters of the id" in capsys.readouterr().err
    assert main(["records", "show", "abcd2", "--json"]) == 0
    assert parse_record(capsys.readouterr().out.encode(), "<stdout>").id == second.id == "abcd2222" + "0" * 24


def test_records_without_action_is_a_usage_error(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["records"]) == 2
    assert "ACTION" in capsys.readouterr().err


def test_a_foreign_database_is_a_clear_error(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "records.sqlite3").write_bytes(b"not sqlite at all\n" * 100)
    assert main(["records", "list"]) == 1
    assert "this file is not a screening records database" in capsys.readouterr().err


def test_show_with_an_unlisted_behaviour(
    data_dir: Path, capsys: pytest.CaptureFixture[str], mini: RuleSet
) -> None:
    from screening.records.document import UnlistedBehaviour

    record = replace(
        complete_record(mini), behaviours=(SelectedBehaviour("not-in-any-set"),),
        unlisted_behaviours=(UnlistedBehaviour("Draws pictures\nof adults"),),
    )
    (record,) = saved(record)
    assert main(["records", "show", record.id, "--rules", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert "- NOT LISTED: Described by the practitioner (not in the list):\n    Draws pictures\n    of adults" in out
    assert "not-in-any-set" in out and "Note: The behaviour 'not-in-any-set' is not in this rule set" in out


def test_show_a_record_naming_no_rule_set_does_not_call_its_behaviours_missing(
        data_dir: Path, capsys: pytest.CaptureFixture[str], mini: RuleSet) -> None:
    behaviour = SelectedBehaviour("y0-touches-own-genitals")  # in the shipped rule set
    (record,) = saved(complete_record(mini, ruleset=None, behaviours=(behaviour,)))
    assert main(["records", "show", record.id]) == 0
    out = capsys.readouterr().out
    assert "NOT IN THIS RULE SET" not in out
    assert "NO RULE SET NAMED" in out and "y0-touches-own-genitals" in out
    assert "does not say which rule set" in out
    foreign = RuleSetRef("elsewhere", "9", "0" * 64)
    (other,) = saved(complete_record(mini, ruleset=foreign, behaviours=(behaviour,)))
    assert main(["records", "show", other.id]) == 0
    out = capsys.readouterr().out
    assert "NOT IN THIS RULE SET" not in out and "RULE SET NOT AVAILABLE" in out
