"""The command line on a read-only records folder: list, show, verify and export, every file audited.

The folder is made 0500. Root writes in it anyway, so as root the tests also tell the store the
folder is not writable (what os.access says for everyone else); as any other user they run on the
real permissions alone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import MINI, complete_record

from screening.cli import main
from screening.ruleset.model import RuleSet
from screening.store import Store, pending

ROOT = os.name == "posix" and os.geteuid() == 0
CHILD = "Jane Childname"


def _final(passphrase: str | None, mini: RuleSet) -> str:
    with Store.open_default(passphrase) as store:
        record = store.create(complete_record(mini, name=CHILD), "tester")
        store.finalise(record.id, "tester")
        return record.id


class ReadOnly:
    """Makes the records folder read-only and writable again (0500; for root the store is told so too)."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from screening.store import db

        self.folder, self.monkeypatch, self.db, self.real = folder, monkeypatch, db, db.writable

    def on(self) -> None:
        self.folder.chmod(0o500)
        if ROOT:
            real, folder = self.real, self.folder
            self.monkeypatch.setattr(self.db, "writable", lambda path: Path(path) != folder and real(path))

    def off(self) -> None:
        self.folder.chmod(0o700)
        self.monkeypatch.setattr(self.db, "writable", self.real)


@pytest.fixture
def lock(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ReadOnly]:
    made = ReadOnly(data_dir, monkeypatch)
    try:
        yield made
    finally:
        if data_dir.exists():
            made.off()


def _journal(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "state" / pending.FOLDER
    return sorted(folder.glob("*.json")) if folder.exists() else []


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_read_only_folder_lists_shows_verifies_and_exports_with_its_audit_entry_first(
    data_dir: Path, tmp_path: Path, mini: RuleSet, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, lock: ReadOnly, encrypted: bool,
) -> None:
    passphrase = None
    if encrypted:
        key = tmp_path / "key"
        key.write_text("correct horse battery\n", encoding="utf-8")
        Store.open_default().close()
        assert main(["records", "encrypt", "--new-passphrase-file", str(key)]) == 0
        monkeypatch.setenv("SCREENING_PASSPHRASE_FILE", str(key))
        passphrase = "correct horse battery"
    record_id = _final(passphrase, mini)
    db_bytes = (data_dir / "records.sqlite3").read_bytes()
    capsys.readouterr()
    out = tmp_path / "jane.json"

    lock.on()
    try:
        assert main(["records", "list"]) == 0
        assert CHILD in capsys.readouterr().out
        assert main(["records", "show", record_id[:8]]) == 0
        assert CHILD in capsys.readouterr().out
        assert main(["records", "export", record_id, "-o", str(out)]) == 0
        captured = capsys.readouterr()
        journal = tmp_path / "state" / pending.FOLDER
        assert f"Exported record {record_id} to {out}" in captured.out
        assert (f"The records folder {data_dir} is read-only: the export is recorded in {journal} and will be "
                "added to the records audit the next time the folder can be written.") in captured.err
        assert "store it only where your organisation allows" in captured.err
        assert json.loads(out.read_text(encoding="utf-8"))["role"] == "teacher"
        (entry,) = _journal(tmp_path)
        assert CHILD not in entry.read_text(encoding="ascii") and "jane" not in entry.read_text(encoding="ascii")

        assert main(["records", "verify"]) == 0
        said = capsys.readouterr().out
        assert ("Note: 1 export was made while the records folder was read-only; its audit entry is waiting in "
                f"{journal} and will be added to the audit log the next time the folder can be written.") in said
        assert "The records are sound" in said
        assert (data_dir / "records.sqlite3").read_bytes() == db_bytes  # the database was not touched
    finally:
        lock.off()

    assert main(["records", "verify"]) == 0  # writable again: opening adds the entry
    said = capsys.readouterr().out
    assert "Note:" not in said and "The records are sound" in said
    assert _journal(tmp_path) == []
    with Store.open_default(passphrase) as store:
        rows = store.audit(record_id)
        assert [r.action for r in rows] == ["create", "finalise", "export"]
        assert "recorded while the records folder was read-only" in rows[-1].details


def test_a_saved_records_referral_pdf_on_a_read_only_folder_is_audited_the_same_way(
    lock: ReadOnly, tmp_path: Path, mini: RuleSet, capsys: pytest.CaptureFixture[str],
) -> None:
    record_id = _final(None, mini)
    lock.on()
    out = tmp_path / "referral.pdf"
    assert main(["referral", record_id, "-o", str(out), "--rules", str(MINI)]) == 0
    err = capsys.readouterr().err
    assert out.read_bytes().startswith(b"%PDF")
    assert "is read-only: the referral summary is recorded in" in err and "Traceback" not in err
    (entry,) = _journal(tmp_path)
    assert json.loads(entry.read_text(encoding="ascii"))["action"] == "print"
    lock.off()
    with Store.open_default() as store:
        assert store.audit(record_id)[-1].action == "print"
    assert _journal(tmp_path) == []


def test_nothing_is_exported_when_the_journal_cannot_be_written_either(
    data_dir: Path, lock: ReadOnly, tmp_path: Path, mini: RuleSet, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record_id = _final(None, mini)
    lock.on()
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the state folder should be\n", encoding="utf-8")
    monkeypatch.setenv("SCREENING_STATE_DIR", str(blocked))
    out = tmp_path / "x.json"
    assert main(["records", "export", record_id, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert not out.exists() and "Traceback" not in err
    assert f"The records folder {data_dir} is read-only, and the audit entry could not be kept in" in err
    assert "nothing was exported" in err and "Make the records folder writable and try again." in err


def test_verify_reports_a_tampered_journal_in_words_and_exits_1(
    lock: ReadOnly, tmp_path: Path, mini: RuleSet, capsys: pytest.CaptureFixture[str],
) -> None:
    record_id = _final(None, mini)
    lock.on()
    assert main(["records", "export", record_id, "-o", str(tmp_path / "x.json")]) == 0
    (entry,) = _journal(tmp_path)
    entry.write_text(entry.read_text(encoding="ascii").replace('"export"', '"print"'), encoding="ascii")
    capsys.readouterr()
    assert main(["records", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"{entry}: this pending audit entry was changed after it was written" in err
    assert "Traceback" not in err
    lock.off()
    assert main(["records", "verify"]) == 1  # still there, never added, never deleted
    assert entry.exists()
    with Store.open_default() as store:
        assert [r.action for r in store.audit(record_id)] == ["create", "finalise"]


def test_verify_says_when_only_the_pending_journal_has_a_problem(data_dir: Path, mini: RuleSet,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    _final(None, mini)
    folder = pending.default_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stray = folder / "notes.txt"
    stray.write_text("hello", encoding="utf-8")
    stray.chmod(0o600)
    assert main(["records", "verify"]) == 1
    err = capsys.readouterr().err
    assert "problem found in the pending-audit folder" in err and "records and their audit log are sound" in err
    assert "changed outside the tool" not in err


@pytest.mark.skipif(ROOT, reason="root writes in a 0400 file")
def test_a_read_only_database_file_gets_a_plain_message(data_dir: Path, mini: RuleSet, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    record_id = _final(None, mini)
    database = data_dir / "records.sqlite3"
    database.chmod(0o400)
    try:
        assert main(["records", "export", record_id, "-o", str(tmp_path / "y.json")]) == 1
    finally:
        database.chmod(0o600)
    err = capsys.readouterr().err
    assert "is read-only (its file permissions)" in err and "Traceback" not in err
    assert not (tmp_path / "y.json").exists()
