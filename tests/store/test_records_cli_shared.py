"""On a computer the settings call shared, the command line opens no plain records: the core's rule
(screening.settings.encryption_required), the app's too. Encrypt works, verify still checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import complete_record

from screening.cli import main
from screening.ruleset.model import RuleSet
from screening.settings import Settings, save_settings, settings_path
from screening.store import Store

CHILD = "Shared Childname"
PASSPHRASE = "correct horse battery"


def _shared(on: bool = True) -> None:
    save_settings(Settings(role="teacher", shared_computer=on))


def _final(mini: RuleSet) -> str:
    with Store.open_default() as store:
        record = store.create(complete_record(mini, name=CHILD), "tester")
        store.finalise(record.id, "tester")
        return record.id


def _refused(err: str) -> None:
    assert "This computer is set as shared, so the saved records must be encrypted" in err
    assert "run 'screening records encrypt'" in err
    assert "Nothing was opened or changed." in err
    assert f"'shared_computer: false' in {settings_path()}" in err
    assert "Traceback" not in err


def test_every_records_command_but_encrypt_refuses_plain_records_on_a_shared_computer(
    data_dir: Path, tmp_path: Path, mini: RuleSet, capsys: pytest.CaptureFixture[str],
) -> None:
    record_id = _final(mini)
    exported = tmp_path / "exported.json"
    assert main(["records", "export", record_id, "-o", str(exported)]) == 0  # not shared yet: works
    _shared()
    database = data_dir / "records.sqlite3"
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    capsys.readouterr()
    commands = [
        ["records", "list"],
        ["records", "show", record_id[:8]],
        ["records", "show", record_id, "--json"],
        ["records", "export", record_id, "-o", str(tmp_path / "out.json")],
        ["records", "import", str(exported)],
        ["records", "delete", record_id, "--yes", "--reason", "duplicate"],
        ["records", "passphrase"],
    ]
    for command in commands:
        assert main(command) == 1, command
        captured = capsys.readouterr()
        _refused(captured.err)
        assert CHILD not in captured.out and CHILD not in captured.err, command
    assert main(["referral", record_id, "-o", str(tmp_path / "summary.pdf")]) == 1
    _refused(capsys.readouterr().err)
    assert not (tmp_path / "out.json").exists() and not (tmp_path / "summary.pdf").exists()
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before  # nothing touched
    assert database.exists()


def test_with_no_records_yet_a_shared_computer_makes_no_plain_database(
    data_dir: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    _shared()
    assert main(["records", "list"]) == 1
    _refused(capsys.readouterr().err)
    assert not (data_dir / "records.sqlite3").exists()


def test_verify_still_checks_plain_records_on_a_shared_computer_and_says_to_encrypt(
    data_dir: Path, mini: RuleSet, capsys: pytest.CaptureFixture[str],
) -> None:
    _final(mini)
    _shared()
    capsys.readouterr()
    assert main(["records", "verify"]) == 0
    captured = capsys.readouterr()
    assert "The records are sound: 1 record" in captured.out
    assert captured.err.startswith("Note: This computer is set as shared, so the saved records must be encrypted")
    assert "run 'screening records encrypt'" in captured.err and "Nothing was opened" not in captured.err


def test_once_encrypted_the_records_open_again_on_a_shared_computer(
    data_dir: Path, tmp_path: Path, mini: RuleSet, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record_id = _final(mini)
    _shared()
    key = tmp_path / "key"
    key.write_text(PASSPHRASE + "\n", encoding="utf-8")
    assert main(["records", "encrypt", "--new-passphrase-file", str(key)]) == 0
    monkeypatch.setenv("SCREENING_PASSPHRASE_FILE", str(key))
    capsys.readouterr()
    assert main(["records", "list", "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [record_id]
    assert main(["records", "verify"]) == 0
    assert "shared" not in capsys.readouterr().err


def test_a_computer_not_called_shared_opens_plain_records(
    data_dir: Path, mini: RuleSet, capsys: pytest.CaptureFixture[str],
) -> None:
    record_id = _final(mini)
    _shared(False)
    assert main(["records", "show", record_id]) == 0
    assert CHILD in capsys.readouterr().out
