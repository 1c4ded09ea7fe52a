"""The database schema and its migrations, keyed on ``PRAGMA user_version``.

MIGRATIONS[n] takes a database from version n to n + 1, inside one transaction. Append a step;
never edit a released one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from screening.store.document import escape_for_yaml
from screening.store.times import utc_key

# "HSBS" in ASCII: marks the file as ours, so the tool never writes its tables into someone
# else's SQLite file (and `file records.sqlite3` can tell what it is).
APPLICATION_ID = 0x48534253

# Version 1: records and the append-only audit log. Addenda lived inside the record document.
SCHEMA_V1: tuple[str, ...] = (
    """CREATE TABLE records (
        id TEXT PRIMARY KEY NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'final')),
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        child_name TEXT NOT NULL DEFAULT '',
        final_category TEXT NOT NULL DEFAULT '',
        suggested_category TEXT NOT NULL DEFAULT '',
        ruleset_id TEXT NOT NULL DEFAULT '',
        ruleset_version TEXT NOT NULL DEFAULT '',
        ruleset_sha256 TEXT NOT NULL DEFAULT '',
        document TEXT NOT NULL,
        open_session INTEGER
    )""",
    # no foreign key to records: the audit row of a deleted record must stay
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        record_id TEXT,
        details TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
)

# Version 2: addenda get their own append-only table, final records are locked by a trigger,
# and the lists the app shows get indexes.
SCHEMA_V2: tuple[str, ...] = (
    """CREATE TABLE addenda (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        author TEXT NOT NULL,
        text TEXT NOT NULL
    )""",
    "CREATE INDEX addenda_by_record ON addenda (record_id, id)",
    "CREATE INDEX audit_by_record ON audit (record_id, id)",
    "CREATE INDEX records_by_status ON records (status, updated)",
    """CREATE TRIGGER addenda_no_update BEFORE UPDATE ON addenda
       BEGIN SELECT RAISE(ABORT, 'an addendum cannot be changed'); END""",
    # an addendum goes only with its record (the ON DELETE CASCADE runs after the record is gone)
    """CREATE TRIGGER addenda_no_delete BEFORE DELETE ON addenda
       WHEN EXISTS (SELECT 1 FROM records WHERE id = OLD.record_id)
       BEGIN SELECT RAISE(ABORT, 'an addendum cannot be removed from its record'); END""",
    """CREATE TRIGGER final_record_locked
       BEFORE UPDATE OF id, status, created, child_name, final_category, suggested_category,
                        ruleset_id, ruleset_version, ruleset_sha256, document ON records
       WHEN OLD.status = 'final'
       BEGIN SELECT RAISE(ABORT, 'a final record cannot be changed; add an addendum instead'); END""",
)

# Version 3: the audit log becomes a hash chain (each row carries the hash of the one before it)
# and final records are sealed in it; INSERT OR REPLACE can no longer rewrite a row (REPLACE
# deletes without firing delete triggers, so every table refuses an insert over an existing id);
# a final record's times are locked too (addenda have their own); UTC sort keys and a content
# key (for duplicate imports) get columns and indexes.
SCHEMA_V3_COLUMNS: tuple[str, ...] = (
    "ALTER TABLE audit ADD COLUMN seal TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE audit ADD COLUMN prev TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE records ADD COLUMN created_utc TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE records ADD COLUMN updated_utc TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE records ADD COLUMN content_key TEXT NOT NULL DEFAULT ''",
)
SCHEMA_V3_GUARDS: tuple[str, ...] = (
    "CREATE INDEX records_by_updated ON records (updated_utc, created_utc)",
    "CREATE INDEX records_by_created ON records (created_utc)",
    "CREATE INDEX records_by_content ON records (content_key)",
    "CREATE INDEX records_by_name ON records (child_name COLLATE NOCASE, updated_utc)",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
       WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER records_no_replace BEFORE INSERT ON records
       WHEN EXISTS (SELECT 1 FROM records WHERE id = NEW.id)
       BEGIN SELECT RAISE(ABORT, 'a saved record cannot be replaced'); END""",
    """CREATE TRIGGER addenda_no_replace BEFORE INSERT ON addenda
       WHEN EXISTS (SELECT 1 FROM addenda WHERE id = NEW.id)
       BEGIN SELECT RAISE(ABORT, 'an addendum cannot be changed'); END""",
    """CREATE TRIGGER records_id_fixed BEFORE UPDATE OF id ON records
       BEGIN SELECT RAISE(ABORT, 'a record keeps its id'); END""",
    """CREATE TRIGGER final_record_locked
       BEFORE UPDATE OF status, created, updated, child_name, final_category, suggested_category,
                        ruleset_id, ruleset_version, ruleset_sha256, document,
                        created_utc, updated_utc, content_key ON records
       WHEN OLD.status = 'final'
       BEGIN SELECT RAISE(ABORT, 'a final record cannot be changed; add an addendum instead'); END""",
)


def _migrate_to_v1(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA_V1:
        conn.execute(statement)


def _json(data: Any) -> str:
    return escape_for_yaml(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def _migrate_to_v2(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA_V2[:4]:
        conn.execute(statement)
    # move addenda out of the documents before the final-record lock exists
    rows = conn.execute("SELECT id, document FROM records").fetchall()
    for record_id, document in rows:
        data = json.loads(document)
        addenda = data.pop("addenda", None)
        if not addenda:
            continue
        for addendum in addenda:
            conn.execute(
                "INSERT INTO addenda (record_id, at, author, text) VALUES (?, ?, ?, ?)",
                (record_id, addendum.get("at", ""), addendum.get("author", ""), addendum.get("text", "")),
            )
        conn.execute("UPDATE records SET document = ? WHERE id = ?", (_json(data), record_id))
    for statement in SCHEMA_V2[4:]:
        conn.execute(statement)


def _migrate_to_v3(conn: sqlite3.Connection) -> None:
    from screening.store import audit
    from screening.store.document import content_key_of_document

    for statement in SCHEMA_V3_COLUMNS:
        conn.execute(statement)
    conn.execute("DROP TRIGGER final_record_locked")
    conn.execute("DROP TRIGGER audit_no_update")
    for record_id, created, updated, document in conn.execute(
        "SELECT id, created, updated, document FROM records"
    ).fetchall():
        conn.execute(
            "UPDATE records SET created_utc = ?, updated_utc = ?, content_key = ? WHERE id = ?",
            (utc_key(created), utc_key(updated), content_key_of_document(document), record_id),
        )
    audit.chain_existing(conn)
    for statement in SCHEMA_V3_GUARDS:
        conn.execute(statement)
    # final records made before the chain existed are sealed as they stand now
    for (record_id,) in conn.execute("SELECT id FROM records WHERE status = 'final' ORDER BY rowid").fetchall():
        audit.append(conn, audit.now(), "screening (upgrade)", "seal", record_id,
                     "sealed when the audit log became a hash chain", audit.record_seal(conn, record_id))


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_to_v1, _migrate_to_v2, _migrate_to_v3)
SCHEMA_VERSION = len(MIGRATIONS)
