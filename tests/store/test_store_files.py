"""The database file: permissions, pragmas, migrations, and refusing files that are not ours."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from store_helpers import complete_record

from screening.records.document import Addendum
from screening.ruleset.model import RuleSet
from screening.store import (
    APPLICATION_ID,
    DB_NAME,
    MIGRATIONS,
    SCHEMA_V1,
    SCHEMA_VERSION,
    NewerDatabase,
    NotAScreeningDatabase,
    RecordLocked,
    Store,
    StoreError,
    document_json,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    # with umask 000 anything created without care would be world-readable (0666 / 0777)
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@posix_only
def test_folder_is_0700_and_db_wal_shm_are_0600(tmp_path: Path, open_umask: None, mini: RuleSet) -> None:
    folder = tmp_path / "new" / "data"
    db = folder / DB_NAME
    with Store(db) as store:
        assert mode(folder) == 0o700
        assert mode(db) == 0o600
        store.create(complete_record(mini), "tester")
        wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
        assert wal.exists() and shm.exists()  # the sidecars exist while a connection is open
        assert mode(wal) == 0o600
        assert mode(shm) == 0o600
        assert mode(db) == 0o600
    assert mode(db) == 0o600


@posix_only
def test_open_default_honours_screening_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_umask: None, mini: RuleSet
) -> None:
    folder = tmp_path / "portable"
    monkeypatch.setenv("SCREENING_DATA_DIR", str(folder))
    with Store.open_default() as store:
        assert store.path == folder / DB_NAME
        record = store.create(complete_record(mini), "tester")
    assert mode(folder) == 0o700
    assert mode(folder / DB_NAME) == 0o600
    with Store.open_default() as store:
        assert store.get(record.id) == record


@posix_only
def test_loose_permissions_on_an_existing_database_are_tightened(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    Store(db).close()
    os.chmod(db, 0o644)
    with Store(db):
        assert mode(db) == 0o600


def test_pragmas(store: Store) -> None:
    conn = store._conn

    def pragma(name: str) -> object:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("application_id") == APPLICATION_ID
    assert pragma("busy_timeout") >= 1000
    assert pragma("user_version") == SCHEMA_VERSION
    assert pragma("secure_delete") == 1
    assert conn.isolation_level is None  # transactions are explicit, never implicit


def test_a_failed_write_leaves_nothing_behind(store: Store, mini: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_audit(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "_audit", broken_audit)
    # the disk's error reaches the user as a StoreError with a message, never as a raw OSError
    with pytest.raises(StoreError, match="could not be written; nothing was changed: disk full") as caught:
        store.create(complete_record(mini), "tester")
    assert not isinstance(caught.value, OSError)
    assert store.list() == []
    assert not store._conn.in_transaction


def _build(path: Path, version: int) -> sqlite3.Connection:
    """A database as an older version of the tool left it."""
    conn = sqlite3.connect(path, isolation_level=None)
    if version:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for migrate in MIGRATIONS[:version]:
        migrate(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    return conn


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_older_schema_is_migrated_to_the_latest(tmp_path: Path, version: int, mini: RuleSet) -> None:
    db = tmp_path / DB_NAME
    _build(db, version).close()
    with Store(db) as store:
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        record = store.create(complete_record(mini), "tester")
        final = store.finalise(record.id, "tester")
        store.add_addendum(record.id, "Later: mum called.", "tester")
        assert store.get(record.id).addenda[0].text == "Later: mum called."
        assert store.get(record.id).status == final.status == "final"


@pytest.mark.parametrize("empty_file", [True, False])
def test_an_empty_or_missing_file_becomes_a_new_database(tmp_path: Path, empty_file: bool) -> None:
    db = tmp_path / DB_NAME
    if empty_file:
        db.write_bytes(b"")
    with Store(db) as store:
        assert store.list() == []
    conn = sqlite3.connect(db)
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"records", "audit", "addenda"} <= tables
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_data_written_by_schema_v1_survives_migration(tmp_path: Path, mini: RuleSet) -> None:
    db = tmp_path / DB_NAME
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for statement in SCHEMA_V1:  # exactly the version-1 SQL, by hand
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    times = "2025-05-01T09:00:00+00:00"
    draft = complete_record(mini, name="Draft child", id="a" * 32, created=times, updated=times)
    # version 1 kept addenda inside the record document
    final = complete_record(
        mini, name="Final child 😀 \"quoted\"", id="b" * 32, status="final", created=times, updated=times,
        addenda=(Addendum("2025-05-02T10:00:00+00:00", "dsl", "Police informed.\n<b>not bold</b>"),),
    )
    for record in (draft, final):
        conn.execute(
            "INSERT INTO records (id, status, created, updated, child_name, final_category, document) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record.id, record.status, times, times, record.child.name, "green", document_json(record)),
        )
    conn.execute("INSERT INTO audit (at, who, action, record_id) VALUES (?, 'dsl', 'create', ?)", (times, draft.id))
    conn.close()

    with Store(db) as store:
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.get(draft.id) == draft
        assert store.get(final.id) == final
        assert [(r.action, r.who) for r in store.audit(draft.id)] == [("create", "dsl")]
        assert {s.id for s in store.list()} == {final.id, draft.id}
        # the addendum moved to its own table, and the final record is now locked by the schema
        stored = json.loads(store._conn.execute("SELECT document FROM records WHERE id = ?", (final.id,)).fetchone()[0])
        assert "addenda" not in stored
        with pytest.raises(RecordLocked):
            store.save_draft(replace(final, status="draft"), "dsl")
        with pytest.raises(sqlite3.IntegrityError, match="final record"):
            store._conn.execute("UPDATE records SET document = '{}' WHERE id = ?", (final.id,))


def test_a_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(NewerDatabase, match="newer version"):
        Store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()


def test_another_applications_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(NotAScreeningDatabase, match="this file is not a screening records database"):
        Store(db)
    assert db.read_bytes() == before


def test_a_plain_sqlite_file_with_other_tables_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "plain.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAScreeningDatabase, match="not a screening records database"):
        Store(db)
    conn = sqlite3.connect(db)
    assert [n for (n,) in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]
    conn.close()


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    db.write_bytes(b"this is a text file, not a database\n" * 200)
    with pytest.raises(StoreError, match="not a screening records database"):
        Store(db)
    assert db.read_bytes() == b"this is a text file, not a database\n" * 200
