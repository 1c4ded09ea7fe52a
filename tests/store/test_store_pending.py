"""A read-only records folder still exports: the audit entry waits in the pending-audit journal first.

Root can write in a 0500 folder, so most tests open the store with its readonly flag (what
open_default chooses for a folder that is not writable); the tests with a real 0500 folder are
skipped as root only where root's bypass is the point.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import complete_record

from screening.records.document import parse_record
from screening.ruleset.model import RuleSet
from screening.store import Store, StoreError, pending
from screening.store.document import EXPORT_NOTICE

ROOT = os.name == "posix" and os.geteuid() == 0
PASSPHRASES = pytest.mark.parametrize("passphrase", ["", "correct horse battery"], ids=["plain", "encrypted"])
CHILD = "Jane Childname"


def _final(db: Path, mini: RuleSet, passphrase: str = "") -> str:
    with Store(db, passphrase=passphrase or None) as store:
        record = store.create(complete_record(mini, name=CHILD), "ann")
        store.finalise(record.id, "ann")
        return record.id


def _journal() -> Path:
    return pending.default_folder()


def _entries() -> list[Path]:
    folder = _journal()
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []


def _snapshot(folder: Path) -> dict[str, bytes]:
    """The folder's files, less the -wal/-shm SQLite makes for a read-only connection where it can."""
    return {p.name: p.read_bytes() for p in folder.iterdir()
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


@PASSPHRASES
def test_a_read_only_export_is_journalled_first_then_added_to_the_audit(tmp_path: Path, mini: RuleSet,
                                                                      passphrase: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "data" / "records.sqlite3"
    record_id = _final(db, mini, passphrase)
    before = _snapshot(db.parent)
    target = tmp_path / "out" / "jane-export.json"
    target.parent.mkdir()

    from screening.store import files

    real_write = files.write_private
    seen: list[dict[str, object]] = []

    def write_checking_the_journal(path: object, data: bytes, scratch: object) -> None:
        # the entry is on disk, complete, before the file exists
        (entry_file,) = _entries()
        seen.append(json.loads(entry_file.read_text(encoding="ascii")))
        assert not target.exists()
        real_write(path, data, scratch)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "write_private", write_checking_the_journal)
    with Store(db, passphrase=passphrase or None, readonly=True) as ro:
        written = ro.export(record_id, target, "Dana DSL")
        assert ro.verify() == []
        journal = ro.pending_audit()
    data = target.read_bytes()
    assert parse_record(data, str(target)).child.name == CHILD
    assert json.loads(data)["notice"] == EXPORT_NOTICE
    assert written.pending == _journal()
    assert written.note == (
        f"The records folder {db.parent} is read-only: the export is recorded in {_journal()} and will be added "
        "to the records audit the next time the folder can be written."
    )
    assert _snapshot(db.parent) == before  # nothing in the records folder was touched

    (entry,) = journal.entries
    assert seen and seen[0]["id"] == entry.id
    assert (entry.action, entry.record_id, entry.who) == ("export", record_id, "Dana DSL")
    assert entry.details == f"sha256 {hashlib.sha256(data).hexdigest()}"
    (entry_file,) = _entries()
    text = entry_file.read_text(encoding="ascii")
    # ids and hashes only: no child's details, no file name or folder
    for secret in (CHILD, "Jane", "jane-export", str(tmp_path)):
        assert secret not in text
    if os.name == "posix":
        assert _journal().stat().st_mode & 0o777 == 0o700
        assert entry_file.stat().st_mode & 0o777 == 0o600

    with Store(db, passphrase=passphrase or None) as store:  # writable again: the entry is added
        rows = store.audit(record_id)
        assert [r.action for r in rows] == ["create", "finalise", "export"]
        added = rows[-1]
        assert (added.at, added.who) == (entry.at, "Dana DSL")  # its own time, not the time it was added
        assert added.details.startswith(entry.details + "; recorded while the records folder was read-only")
        assert entry.id in added.details
        assert store.verify() == [] and store.pending_audit().entries == ()
    assert _entries() == []
    with Store(db, passphrase=passphrase or None) as store:  # and never again
        assert [r.action for r in store.audit(record_id)].count("export") == 1


def test_an_entry_already_added_is_never_added_twice(tmp_path: Path, mini: RuleSet) -> None:
    db = tmp_path / "data" / "records.sqlite3"
    record_id = _final(db, mini)
    with Store(db, readonly=True) as ro:
        ro.export(record_id, tmp_path / "a.json", "ann")
        ro.export(record_id, tmp_path / "b.yaml", "ann")
    kept = tmp_path / "kept"
    shutil.copytree(_journal(), kept)
    Store(db).close()
    assert _entries() == []
    # as if the tool was stopped after the commit but before the files were removed
    for path in kept.iterdir():
        shutil.copy2(path, _journal() / path.name)
    assert len(_entries()) == 2
    with Store(db) as store:
        assert [r.action for r in store.audit(record_id)] == ["create", "finalise", "export", "export"]
        assert store.verify() == []
    assert _entries() == []


REPLAY_KILLED = r"""
import sys, time
from pathlib import Path
import screening.store.audit as audit
import screening.store.pending as pending

where = sys.argv[3]
if where == "after_commit":
    def stop(entries):
        print("committed", flush=True)
        time.sleep(60)
    pending.remove = stop
else:
    real = audit.append
    def stop(*args, **kwargs):
        real(*args, **kwargs)
        print("added one", flush=True)  # inside the transaction, before the second entry and the commit
        time.sleep(60)
    audit.append = stop
from screening.store import Store
Store(Path(sys.argv[1]), passphrase=sys.argv[2] or None)
print("finished", flush=True)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@PASSPHRASES
@pytest.mark.parametrize("where", ["before_commit", "after_commit"])
def test_a_kill_while_adding_the_journal_loses_no_entry_and_adds_none_twice(tmp_path: Path, mini: RuleSet,
                                                                           passphrase: str, where: str) -> None:
    db = tmp_path / "data" / "records.sqlite3"
    record_id = _final(db, mini, passphrase)
    with Store(db, passphrase=passphrase or None, readonly=True) as ro:
        ro.export(record_id, tmp_path / "a.json", "ann")
        ro.write_record_file(record_id, tmp_path / "b.pdf", b"%PDF-1.4 not really", "print", "ann")
    assert len(_entries()) == 2
    proc = subprocess.Popen([sys.executable, "-c", REPLAY_KILLED, str(db), passphrase, where],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    try:
        line = proc.stdout.readline()
        assert line == ("committed\n" if where == "after_commit" else "added one\n"), (
            proc.stderr.read() if proc.stderr else "")
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)
    assert len(_entries()) == 2  # the journal is still whole: nothing lost
    with Store(db, passphrase=passphrase or None, readonly=True) as ro:
        actions = [r.action for r in ro.audit(record_id)]
        assert actions == (["create", "finalise", "export", "print"] if where == "after_commit"
                           else ["create", "finalise"])  # a kill inside the transaction commits nothing
        assert len(ro.pending_audit().entries) == (0 if where == "after_commit" else 2)
    with Store(db, passphrase=passphrase or None) as store:
        assert [r.action for r in store.audit(record_id)] == ["create", "finalise", "export", "print"]
        assert store.verify() == []
    assert _entries() == []


def test_a_file_that_cannot_be_written_leaves_a_failed_entry_after_its_first(tmp_path: Path, mini: RuleSet,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from screening.store import files

    db = tmp_path / "data" / "records.sqlite3"
    record_id = _final(db, mini)

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(files, "write_private", full)
        with Store(db, readonly=True) as ro, pytest.raises(StoreError, match="No space left on device") as raised:
            ro.export(record_id, tmp_path / "x.json", "ann")
    assert "no file was made" in str(raised.value) and str(_journal()) in str(raised.value)
    assert not (tmp_path / "x.json").exists()
    with Store(db) as store:
        rows = store.audit(record_id)
        assert [r.action for r in rows] == ["create", "finalise", "export", "export_failed"]
        assert rows[-1].details.startswith("No space left on device; recorded while the records folder was read-only")
        assert store.verify() == []


def test_an_export_is_refused_when_the_journal_cannot_be_written_either(tmp_path: Path, mini: RuleSet,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "data" / "records.sqlite3"
    record_id = _final(db, mini)
    blocked = tmp_path / "state-is-a-file"
    blocked.write_text("not a folder\n", encoding="utf-8")  # refused even for root
    monkeypatch.setenv("SCREENING_STATE_DIR", str(blocked))
    target = tmp_path / "x.json"
    with Store(db, readonly=True) as ro, pytest.raises(StoreError) as raised:
        ro.export(record_id, target, "ann")
    message = str(raised.value)
    assert message.startswith(f"The records folder {db.parent} is read-only, and the audit entry could not be kept")
    assert "nothing was exported" in message and "Make the records folder writable" in message
    assert not target.exists()
    with Store(db, readonly=True) as ro, pytest.raises(StoreError, match="the referral summary was not saved"):
        ro.write_record_file(record_id, tmp_path / "x.pdf", b"%PDF", "print", "ann")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.skipif(os.name != "posix" or ROOT, reason="root writes in a 0500 folder")
def test_a_journal_folder_that_is_not_writable_refuses_the_export(tmp_path: Path, mini: RuleSet) -> None:
    db = tmp_path / "data" / "records.sqlite3"
    record_id = _final(db, mini)
    state = _journal().parent
    state.mkdir(mode=0o500)
    try:
        with Store(db, readonly=True) as ro, pytest.raises(StoreError, match="Permission denied"):
            ro.export(record_id, tmp_path / "x.json", "ann")
    finally:
        state.chmod(0o700)
    assert not (tmp_path / "x.json").exists()


@pytest.mark.skipif(os.name != "posix" or ROOT, reason="root writes in a 0500 folder")
def test_a_real_read_only_folder_exports_through_open_default(data_dir: Path, tmp_path: Path,
                                                              mini: RuleSet) -> None:
    record_id = _final(data_dir / "records.sqlite3", mini)
    before = _snapshot(data_dir)
    data_dir.chmod(0o500)
    try:
        with Store.open_default() as ro:
            assert ro.readonly
            assert ro.export(record_id, tmp_path / "x.json", "ann").pending == _journal()
    finally:
        data_dir.chmod(0o700)
    assert _snapshot(data_dir) == before
    with Store.open_default() as store:
        assert not store.readonly and store.audit(record_id)[-1].action == "export"
    assert _entries() == []


@pytest.fixture
def data_dir() -> Path:
    return Path(os.environ["SCREENING_DATA_DIR"])


def test_open_default_is_read_only_where_the_folder_cannot_be_written(data_dir: Path, tmp_path: Path, mini: RuleSet,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from screening.store import db as store_db

    record_id = _final(data_dir / "records.sqlite3", mini)
    with monkeypatch.context() as patched:
        patched.setattr(store_db, "writable", lambda folder: Path(folder) != data_dir)
        with Store.open_default() as ro:
            assert ro.readonly
            assert ro.export(record_id, tmp_path / "x.json", "ann").note
    with Store.open_default() as store:
        assert store.audit(record_id)[-1].action == "export"


def _write_raw(name: str, text: str) -> Path:
    folder = _journal()
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if os.name == "posix":
        path.chmod(0o600)
    return path


def test_a_damaged_or_edited_journal_is_reported_and_never_added(tmp_path: Path, mini: RuleSet) -> None:
    db = tmp_path / "data" / "records.sqlite3"
    record_id = _final(db, mini)
    with Store(db, readonly=True) as ro:
        ro.export(record_id, tmp_path / "good.json", "ann")
        ro.export(record_id, tmp_path / "edited.json", "ann")
        identity, head = ro.pending_audit().entries[0].database, ro.audit()[-1]
    good, edited = _entries()
    data = json.loads(edited.read_text(encoding="ascii"))
    data["who"] = "someone else"  # its own hash no longer matches
    edited.write_text(json.dumps(data), encoding="ascii")
    garbage = _write_raw(f"{'1' * 20}-{'a' * 32}.json", "{ not json")
    stray = _write_raw("notes.txt", "hello")
    wrong_shape = _write_raw(f"{'2' * 20}-{'b' * 32}.json", json.dumps({"format": pending.FORMAT, "id": "b" * 32}))
    # sound in itself, but made after an audit row this database does not have
    misfit = pending.new_entry(identity, head.at, "ann", "export", record_id, "sha256 " + "c" * 64, (99, "d" * 64))
    misfit_path = pending.write(_journal(), misfit)
    # sound, and another database's: left alone, and not a problem of these records
    other = pending.new_entry("e" * 64, head.at, "ann", "export", "f" * 32, "sha256 " + "c" * 64, (1, "d" * 64))
    other_path = pending.write(_journal(), other)

    with Store(db, readonly=True) as ro:
        found = [str(f) for f in ro.verify()]
        journal = ro.pending_audit()
    assert len(found) == 5 and all("Traceback" not in f for f in found)
    assert any(str(edited) in f and "changed after it was written" in f for f in found)
    assert any(str(garbage) in f and "not readable JSON" in f for f in found)
    assert any(str(stray) in f and "not a pending audit entry" in f for f in found)
    assert any(str(wrong_shape) in f and "missing" in f for f in found)
    assert any(str(misfit_path) in f and "audit row 99" in f for f in found)
    assert [e.id for e in journal.entries] == [good.name.split("-")[1][:32]] and journal.elsewhere == 1

    with Store(db) as store:  # writable: the sound entry is added, the rest stay as they are
        assert [r.action for r in store.audit(record_id)] == ["create", "finalise", "export"]
        assert len(store.verify()) == 5
    assert not good.exists()
    assert all(p.exists() for p in (edited, garbage, stray, wrong_shape, misfit_path, other_path))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_journal_folder_others_can_write_in_is_not_trusted(tmp_path: Path, mini: RuleSet) -> None:
    db = tmp_path / "data" / "records.sqlite3"
    record_id = _final(db, mini)
    with Store(db, readonly=True) as ro:
        ro.export(record_id, tmp_path / "x.json", "ann")
    _journal().chmod(0o777)
    try:
        with Store(db) as store:
            assert [r.action for r in store.audit(record_id)] == ["create", "finalise"]
            (finding,) = store.verify()
            assert "not a private folder" in str(finding)
    finally:
        _journal().chmod(0o700)
    with Store(db) as store:
        assert store.audit(record_id)[-1].action == "export"


def test_waiting_note_counts_what_waits_and_says_why() -> None:
    folder = Path("/state/pending-audit")
    one = pending.new_entry("a" * 64, "2026-01-01T00:00:00+00:00", "ann", "export", "b" * 32, "sha256 " + "c" * 64,
                            (1, "d" * 64))
    printed = pending.new_entry("a" * 64, "2026-01-01T00:00:00+00:00", "ann", "print", "b" * 32,
                                "sha256 " + "c" * 64, (1, "d" * 64))
    failed = pending.new_entry("a" * 64, "2026-01-01T00:00:00+00:00", "ann", "export_failed", "b" * 32, "disk full",
                               (1, "d" * 64))
    assert pending.waiting_note((), folder, True) == ""
    assert pending.waiting_note((one,), folder, True) == (
        "Note: 1 export was made while the records folder was read-only; its audit entry is waiting in "
        "/state/pending-audit and will be added to the audit log the next time the folder can be written."
    )
    assert pending.waiting_note((one, one, printed, failed), folder, False) == (
        "Note: 2 exports, 1 referral summary and 1 failed attempt were made while the records folder was "
        "read-only; their 4 audit entries are waiting in /state/pending-audit and will be added to the audit log "
        "the next time the records are opened."
    )


def test_a_read_only_copy_with_a_write_ahead_log_is_read_through_it(tmp_path: Path, mini: RuleSet,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from screening.store import db as store_db

    db = tmp_path / "data" / "records.sqlite3"
    _final(db, mini)
    other = sqlite3.connect(db)  # another copy still open: the next save stays in the -wal file
    try:
        other.execute("SELECT count(*) FROM records").fetchall()
        with Store(db) as store:
            newer = store.create(complete_record(mini, name="Only In The Log"), "ann")
        assert Path(f"{db}-wal").stat().st_size > 0
        monkeypatch.setattr(store_db, "writable", lambda folder: Path(folder) != db.parent)
        with Store(db, readonly=True) as ro:  # not read as immutable, which would miss the log
            assert newer.id in [s.id for s in ro.list()]
    finally:
        other.close()


def test_a_deeply_nested_entry_is_reported_and_the_records_still_open(tmp_path: Path, mini: RuleSet) -> None:
    db = tmp_path / "data" / "records.sqlite3"
    record_id = _final(db, mini)
    with Store(db, readonly=True) as ro:
        ro.export(record_id, tmp_path / "x.json", "ann")
    nested = _write_raw(f"{'3' * 20}-{'c' * 32}.json", "[" * 4000 + "]" * 4000)  # past Python's recursion limit
    with Store(db) as store:  # opening writable adds the sound entry; the nested one is reported, not raised
        assert store.audit(record_id)[-1].action == "export"
        (finding,) = store.verify()
    assert str(nested) in str(finding) and "not readable JSON" in str(finding)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_linked_journal_folder_refuses_the_export_before_anything_is_written(tmp_path: Path,
                                                                             mini: RuleSet) -> None:
    db = tmp_path / "data" / "records.sqlite3"
    record_id = _final(db, mini)
    journal = _journal()
    journal.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    if journal.exists():
        shutil.rmtree(journal)
    journal.symlink_to(elsewhere)
    target = tmp_path / "out.json"
    try:
        with Store(db, readonly=True) as ro, pytest.raises(StoreError, match="is a link"):
            ro.export(record_id, target, "ann")
    finally:
        journal.unlink()
    assert not target.exists() and list(elsewhere.iterdir()) == []


@pytest.mark.skipif(ROOT, reason="root can make the -shm file in a 0500 folder")
def test_a_read_only_copy_without_its_shm_says_how_to_read_it(tmp_path: Path, mini: RuleSet) -> None:
    import sqlite3

    db = tmp_path / "data" / "records.sqlite3"
    _final(db, mini)
    other = sqlite3.connect(db)  # open while the copy is taken: the newest save is only in the -wal
    try:
        other.execute("SELECT count(*) FROM records").fetchall()
        with Store(db) as store:
            store.create(complete_record(mini, name="Only In The Log"), "ann")
        copy = tmp_path / "copy"
        copy.mkdir()
        for name in ("records.sqlite3", "records.sqlite3-wal"):
            shutil.copy2(db.parent / name, copy / name)
    finally:
        other.close()
    copy.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="Copy the whole folder somewhere you can write"):
            Store(copy / "records.sqlite3", readonly=True)
    finally:
        copy.chmod(0o700)
