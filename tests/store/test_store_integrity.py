"""The audit log is tamper-evident, REPLACE rewrites nothing, and files written for a record are audited."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from store_helpers import Clock, complete_record

from screening.ruleset.model import RuleSet
from screening.store import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_V1,
    SCHEMA_V2,
    NotAScreeningDatabase,
    RetentionRefused,
    Store,
    StoreError,
    document_json,
)


def _final(store: Store, mini: RuleSet, name: str = "A.B.") -> str:
    record = store.create(complete_record(mini, name=name), "ann")
    store.finalise(record.id, "ann")
    return record.id


def _raw(store: Store) -> sqlite3.Connection:
    return sqlite3.connect(store.path, isolation_level=None)


def test_insert_or_replace_cannot_rewrite_any_table(store: Store, mini: RuleSet) -> None:
    record_id = _final(store, mini)
    store.add_addendum(record_id, "later", "ann")
    conn = _raw(store)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("INSERT OR REPLACE INTO audit (id, at, who, action) VALUES (1, 'x', 'x', 'x')")
    with pytest.raises(sqlite3.IntegrityError, match="cannot be replaced"):
        conn.execute("INSERT OR REPLACE INTO records (id, status, created, updated, document) "
                     "VALUES (?, 'draft', 'x', 'x', '{}')", (record_id,))
    with pytest.raises(sqlite3.IntegrityError, match="addendum"):
        conn.execute("INSERT OR REPLACE INTO addenda (id, record_id, at, author, text) "
                     "VALUES (1, ?, 'x', 'x', 'rewritten')", (record_id,))
    with pytest.raises(sqlite3.IntegrityError, match="final record cannot be changed"):
        conn.execute("UPDATE records SET updated = '2000-01-01T00:00:00+00:00' WHERE id = ?", (record_id,))
    conn.close()
    assert store.get(record_id).addenda[0].text == "later"
    assert store.verify() == []


def test_verify_is_quiet_on_a_sound_store_and_after_a_retention_delete(store: Store, mini: RuleSet,
                                                                       tmp_path: Path) -> None:
    record_id = _final(store, mini)
    store.add_addendum(record_id, "later", "bob")
    draft = store.create(complete_record(mini, name="draft"), "ann")
    store.save_draft(replace(draft, context=("secrecy",)), "ann")
    store.export(record_id, tmp_path / "out.json", "ann")
    assert store.verify() == []
    store.delete(draft.id, "ann")
    store.delete(record_id, "ann", reason="retention_period_ended", confirmed=True)
    assert store.verify() == []


def test_verify_names_a_rewritten_audit_row(store: Store, mini: RuleSet) -> None:
    _final(store, mini)
    conn = _raw(store)
    conn.execute("DROP TRIGGER audit_no_update")  # someone with the file and an SQLite tool
    conn.execute("UPDATE audit SET who = 'someone else' WHERE id = 1")
    conn.close()
    (finding,) = store.verify()
    assert finding.audit_row == 1 and "Audit row 1" in str(finding) and "changed" in str(finding)


def test_verify_finds_a_removed_audit_row(store: Store, mini: RuleSet) -> None:
    for n in range(3):
        store.create(complete_record(mini, name=f"c{n}"), "ann")
    conn = _raw(store)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE id = 2")
    conn.close()
    messages = [str(f) for f in store.verify()]
    assert any("Audit row 3" in m and "does not follow row 1" in m for m in messages)
    assert any("has no create or import row" in m for m in messages)


def test_verify_finds_a_final_record_changed_behind_the_tool(store: Store, mini: RuleSet) -> None:
    record_id = _final(store, mini)
    conn = _raw(store)
    conn.execute("DROP TRIGGER final_record_locked")
    doc = json.loads(conn.execute("SELECT document FROM records WHERE id = ?", (record_id,)).fetchone()[0])
    doc["judgement"]["final_category"] = "red"
    conn.execute("UPDATE records SET document = ? WHERE id = ?", (json.dumps(doc), record_id))
    conn.close()
    (finding,) = store.verify()
    assert finding.record_id == record_id and "changed after audit row" in str(finding)


def test_verify_finds_a_changed_addendum(store: Store, mini: RuleSet) -> None:
    record_id = _final(store, mini)
    store.add_addendum(record_id, "the truth", "ann")
    conn = _raw(store)
    conn.execute("DROP TRIGGER addenda_no_update")
    conn.execute("UPDATE addenda SET text = 'a lie'")
    conn.close()
    (finding,) = store.verify()
    assert finding.record_id == record_id


def test_verify_finds_a_final_record_deleted_outside_the_retention_path(store: Store, mini: RuleSet) -> None:
    record_id = _final(store, mini)
    conn = _raw(store)
    conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
    conn.close()
    (finding,) = store.verify()
    assert finding.record_id == record_id and "final record" in str(finding) and "missing" in str(finding)


def test_a_final_record_is_deleted_only_with_a_reason_and_a_confirmation(store: Store, mini: RuleSet) -> None:
    record_id = _final(store, mini, name="Secret Name")
    with pytest.raises(RetentionRefused, match="needs a reason"):
        store.delete(record_id, "ann", confirmed=True)
    with pytest.raises(RetentionRefused, match="confirm"):
        store.delete(record_id, "ann", reason="duplicate")
    with pytest.raises(RetentionRefused):
        store.delete(record_id, "ann", reason="because I said so", confirmed=True)
    assert store.get(record_id).is_final
    store.delete(record_id, "ann", reason="duplicate", confirmed=True)
    tombstone = store.audit(record_id)[-1]
    assert tombstone.action == "retention_delete" and "duplicate" in tombstone.details
    raw = store.path.read_bytes() + Path(f"{store.path}-wal").read_bytes() if Path(
        f"{store.path}-wal").exists() else store.path.read_bytes()
    assert b"Secret Name" not in raw  # secure_delete and the checkpoint: the name is gone from the file


def test_the_finalised_time_never_changes(mini: RuleSet, tmp_path: Path) -> None:
    clock = Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    with Store(tmp_path / "records.sqlite3", clock=clock) as store:
        record_id = _final(store, mini)
        finalised = store.get(record_id).updated
        clock.advance(days=3)
        after = store.add_addendum(record_id, "later", "ann")
        assert after.updated == finalised
        assert after.addenda[0].at == clock()
        assert store.list()[0].updated == finalised


def test_an_old_database_gets_a_chain_and_seals_its_final_records(tmp_path: Path, mini: RuleSet) -> None:
    path = tmp_path / "records.sqlite3"
    final = replace(complete_record(mini), id="f" * 32, status="final", created="2025-01-01T00:00:00+00:00",
                    updated="2025-01-02T00:00:00+00:00")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for statement in SCHEMA_V1:
        conn.execute(statement)
    for step in MIGRATIONS[1:2]:
        step(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute(
        "INSERT INTO records (id, status, created, updated, child_name, document) VALUES (?, ?, ?, ?, ?, ?)",
        (final.id, "final", final.created, final.updated, final.child.name, document_json(final)),
    )
    conn.execute("INSERT INTO audit (at, who, action, record_id) VALUES ('2025-01-01T00:00:00+00:00', 'ann', "
                 "'create', ?)", (final.id,))
    conn.execute("INSERT INTO audit (at, who, action, record_id) VALUES ('2025-01-02T00:00:00+00:00', 'ann', "
                 "'finalise', ?)", (final.id,))
    conn.close()
    assert len(SCHEMA_V2) > 0
    with Store(path) as store:
        assert store.verify() == []
        assert [r.action for r in store.audit(final.id)] == ["create", "finalise", "seal"]
        store.add_addendum(final.id, "after the upgrade", "ann")
        assert store.verify() == []


def test_export_is_audited_before_the_file_is_written(store: Store, mini: RuleSet, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    record = store.create(complete_record(mini), "ann")
    target = tmp_path / "out.json"
    seen: list[list[str]] = []

    def failing_write(path: object, data: bytes, scratch: object) -> None:
        seen.append([r.action for r in Store(store.path).audit(record.id)])  # what another reader sees now
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("screening.store.files.write_private", failing_write)
    with pytest.raises(StoreError, match="No space left") as caught:
        store.export(record.id, target, "ann")
    assert "nothing was changed" not in str(caught.value) and "audit log records the attempt" in str(caught.value)
    assert seen == [["create", "export"]]  # committed before the write began
    assert [r.action for r in store.audit(record.id)] == ["create", "export", "export_failed"]
    assert not target.exists()


def test_the_audit_keeps_no_file_names(store: Store, mini: RuleSet, tmp_path: Path) -> None:
    folder = tmp_path / "Jane Doe case"
    folder.mkdir()
    record = store.create(complete_record(mini), "ann")
    store.export(record.id, folder / "jane-doe.json", "ann")
    other = folder / "john-smith.json"
    other.write_text(document_json(complete_record(mini, name="other")), encoding="utf-8")
    store.import_files([other], "ann")
    details = " ".join(r.details for r in store.audit())
    assert "jane" not in details.lower() and "john" not in details.lower() and str(tmp_path) not in details
    assert "sha256" in details


def test_exports_can_be_yaml_that_reads_back(store: Store, mini: RuleSet, tmp_path: Path) -> None:
    from screening.records.document import parse_record

    base = complete_record(mini)
    record = store.create(replace(base, child=replace(base.child, name="no", address="014")), "ann")
    target = tmp_path / "out.yaml"
    store.export(record.id, target, "ann")
    text = target.read_text(encoding="utf-8")
    assert not text.lstrip().startswith("{")
    header = " ".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    assert "This file is not encrypted." in header and "only where your organisation allows" in header
    assert parse_record(target.read_bytes(), str(target)) == store.get(record.id)


EXPORT_KILLED = r"""
import os, sys, time
from pathlib import Path
from screening.store import Store
import screening.store.files as files

real = os.fsync
def slow_fsync(fd):
    print("writing", flush=True)
    time.sleep(60)
os.fsync = slow_fsync
store = Store(Path(sys.argv[1]), passphrase=sys.argv[4] or None)
store.export(sys.argv[2], sys.argv[3], "ann")
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize("passphrase", ["", "correct horse battery"], ids=["plain", "encrypted"])
def test_a_kill_during_export_leaves_no_copy_in_the_target_folder(tmp_path: Path, mini: RuleSet,
                                                                  passphrase: str) -> None:
    db = tmp_path / "data" / "records.sqlite3"
    with Store(db, passphrase=passphrase or None) as store:
        record = store.create(complete_record(mini, name="Kill Me"), "ann")
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", EXPORT_KILLED, str(db), record.id, str(out / "x.json"), passphrase],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline() == "writing\n", proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)
    assert list(out.iterdir()) == []  # no hidden .tmp copy of the record
    with Store(db, passphrase=passphrase or None) as store:  # and the scratch folder is emptied on open
        assert list((db.parent / "scratch").iterdir()) == []
        assert [r.action for r in store.audit(record.id)] == ["create", "export"]
        assert store.verify() == []


OPENER = r"""
import sys
from pathlib import Path
from screening.store import Store
try:
    with Store(Path(sys.argv[1])) as store:
        store.list()
    print("ok")
except Exception as exc:
    print("failed", exc)
"""


def test_many_processes_opening_a_new_folder_at_once_all_succeed(tmp_path: Path) -> None:
    for attempt in range(3):
        db = tmp_path / f"new{attempt}" / "records.sqlite3"
        procs = [subprocess.Popen([sys.executable, "-c", OPENER, str(db)], stdout=subprocess.PIPE, text=True)
                 for _ in range(12)]
        outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
        assert outputs == ["ok"] * 12, outputs
        assert [p.name for p in db.parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_link_or_foreign_file_at_the_database_path_is_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    elsewhere = tmp_path / "precious.txt"
    elsewhere.write_text("not yours", encoding="utf-8")
    os.chmod(elsewhere, 0o644)
    (folder / "records.sqlite3").symlink_to(elsewhere)
    with pytest.raises(NotAScreeningDatabase, match="link"):
        Store(folder / "records.sqlite3")
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o644 and elsewhere.read_text(encoding="utf-8") == "not yours"
    (folder / "records.sqlite3").unlink()
    other = sqlite3.connect(folder / "records.sqlite3")
    other.execute("PRAGMA application_id = 42")
    other.execute("CREATE TABLE t (x)")
    other.commit()
    other.close()
    os.chmod(folder / "records.sqlite3", 0o644)
    with pytest.raises(NotAScreeningDatabase):
        Store(folder / "records.sqlite3")
    assert stat.S_IMODE((folder / "records.sqlite3").stat().st_mode) == 0o644


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_shared_folder_is_refused_not_chmodded(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    with pytest.raises(StoreError, match="shared with other users"):
        Store(shared / "records.sqlite3")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert list(shared.iterdir()) == []


def test_a_read_only_store_lists_and_shows_but_writes_nothing(store: Store, mini: RuleSet) -> None:
    record = store.create(complete_record(mini), "ann")
    store.close()
    before = {p.name: p.stat().st_mtime_ns for p in store.path.parent.iterdir()}
    with Store(store.path, readonly=True) as ro:
        assert [s.id for s in ro.list()] == [record.id]
        assert ro.get(record.id).child.name == "A.B."
        assert ro.verify() == []
        with pytest.raises(StoreError, match="read-only"):
            ro.create(complete_record(mini), "ann")
    time.sleep(0.01)
    after = {p.name: p.stat().st_mtime_ns for p in store.path.parent.iterdir() if p.name in before}
    assert after == before


def test_pages_sort_by_the_instant_not_the_text(store: Store, mini: RuleSet, tmp_path: Path) -> None:
    # 10:00+02:00 is 08:00 UTC: earlier than 09:00 UTC, though its text sorts later
    times = {"early": "2026-01-01T10:00:00+02:00", "late": "2026-01-01T09:00:00+00:00",
             "middle": "2026-01-01T08:30:00+00:00"}
    files = []
    for name, at in times.items():
        path = tmp_path / f"{name}.json"
        path.write_text(document_json(complete_record(mini, name=name, created=at, updated=at)), encoding="utf-8")
        files.append(path)
    store.import_files(files, "ann")
    assert [s.child_name for s in store.page(sort="updated")] == ["late", "middle", "early"]
    assert [s.child_name for s in store.page(sort="updated", descending=False, limit=2)] == ["early", "middle"]
    assert [s.child_name for s in store.page(sort="name", descending=False, offset=1)] == ["late", "middle"]
    assert store.count() == 3 and store.count("final") == 0
