"""The audit log: append-only, and a hash chain, so that a rewrite is found by ``verify``.

Each row carries ``prev`` (the hash of the row before it; the first row follows GENESIS) and
``hash`` = SHA-256 of ``prev`` and the row's own fields. A row rewritten, inserted or removed in
the middle breaks the chain from that row on. Final records are *sealed*: the row that finalises
a record (and each later addendum, import or upgrade seal) carries a SHA-256 over the record's
stored fields and addenda, so a final record changed behind the tool's back no longer matches its
last seal. A record that has a create or import row must still exist, or have a delete row; a
final one must have gone by a retention delete.

What a chain cannot show on its own: the newest rows cut off the end together with whatever they
recorded. verify finds that whenever a surviving record needs the missing rows (a final record
whose seal is gone, a record with no create row).

Audit rows name no child and keep no file names or paths: a hash of an exported file at most.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import sqlite3
from dataclasses import dataclass

GENESIS = "0" * 64
SEALING = ("finalise", "addendum", "import", "seal")
ACTIONS = (
    "create", "edit", "finalise", "addendum", "export", "export_failed", "print", "print_failed",
    "import", "delete", "retention_delete", "seal", "encrypt", "rekey",
)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    who: str
    action: str  # one of ACTIONS
    record_id: str | None
    details: str


def default_who() -> str:
    """The computer login: used only when no practitioner's name is set (see Settings)."""
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # getuser raises OSError or KeyError when there is no user name to find
        return "unknown"


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def row_hash(prev: str, row_id: int, at: str, who: str, action: str, record_id: str | None, details: str,
             seal: str) -> str:
    body = json.dumps([row_id, at, who, action, record_id, details, seal], ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev}\n{body}".encode("ascii")).hexdigest()


def _last(conn: sqlite3.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        # AUTOINCREMENT never reuses an id: continue from the highest one ever given
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
        return (int(seq[0]) if seq else 0), GENESIS
    return int(row[0]), str(row[1])


def append(conn: sqlite3.Connection, at: str, who: str, action: str, record_id: str | None, details: str = "",
           seal: str = "") -> int:
    """Add a row at the end of the chain; call inside the write transaction."""
    last_id, prev = _last(conn)
    row_id = last_id + 1
    digest = row_hash(prev, row_id, at, who, action, record_id, details, seal)
    conn.execute(
        "INSERT INTO audit (id, at, who, action, record_id, details, seal, prev, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (row_id, at, who, action, record_id, details, seal, prev, digest),
    )
    return row_id


def chain_existing(conn: sqlite3.Connection) -> None:
    """Give rows written before the chain existed their hashes (the upgrade to schema 3)."""
    prev = GENESIS
    rows = conn.execute("SELECT id, at, who, action, record_id, details, seal FROM audit ORDER BY id").fetchall()
    for row_id, at, who, action, record_id, details, seal in rows:
        digest = row_hash(prev, row_id, at, who, action, record_id, details, seal)
        conn.execute("UPDATE audit SET prev = ?, hash = ? WHERE id = ?", (prev, digest, row_id))
        prev = digest


_SEALED_COLUMNS = (
    "id, status, created, updated, child_name, final_category, suggested_category, "
    "ruleset_id, ruleset_version, ruleset_sha256, document"
)


def record_seal(conn: sqlite3.Connection, record_id: str) -> str:
    """SHA-256 over the record's stored fields and its addenda; '' when there is no such record."""
    row = conn.execute(f"SELECT {_SEALED_COLUMNS} FROM records WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        return ""
    addenda = conn.execute(
        "SELECT id, at, author, text FROM addenda WHERE record_id = ? ORDER BY id", (record_id,)
    ).fetchall()
    body = json.dumps([list(row), [list(a) for a in addenda]], ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("ascii", "backslashreplace")).hexdigest()


@dataclass(frozen=True)
class Finding:
    """One thing verify found wrong: which audit row or record, and what, in words."""

    audit_row: int | None
    record_id: str | None
    message: str

    def __str__(self) -> str:
        return self.message


def verify(conn: sqlite3.Connection) -> list[Finding]:
    """Every break in the chain, every final record that no longer matches its seal, every record gone
    outside the tool; empty when the store is sound."""
    found: list[Finding] = []
    check = conn.execute("PRAGMA integrity_check").fetchall()
    if [tuple(r) for r in check] != [("ok",)]:
        detail = "; ".join(str(r[0]) for r in check[:5])
        found.append(Finding(None, None, f"The database file is damaged: {detail}"))

    prev = GENESIS
    last_id = 0
    sealed: dict[str, tuple[int, str, str]] = {}  # record -> (row, action, seal) of its last sealing row
    created: dict[str, int] = {}
    deleted: dict[str, tuple[int, str]] = {}
    rows = conn.execute(
        "SELECT id, at, who, action, record_id, details, seal, prev, hash FROM audit ORDER BY id"
    ).fetchall()
    for row_id, at, who, action, record_id, details, seal, row_prev, digest in rows:
        if row_prev != prev:
            what = "the first row" if last_id == 0 else f"row {last_id}"
            found.append(Finding(
                row_id, record_id,
                f"Audit row {row_id} ({action}, {at}) does not follow {what}: a row between them was removed, "
                "inserted or rewritten.",
            ))
        if row_hash(row_prev, row_id, at, who, action, record_id, details, seal) != digest:
            found.append(Finding(row_id, record_id,
                                 f"Audit row {row_id} ({action}, {at}) was changed after it was written."))
        prev, last_id = digest, row_id
        if record_id is None:
            continue
        if action in ("create", "import"):
            created.setdefault(record_id, row_id)
        if action in SEALING and seal:
            sealed[record_id] = (row_id, action, seal)
        if action in ("delete", "retention_delete"):
            deleted[record_id] = (row_id, action)

    present = dict(conn.execute("SELECT id, status FROM records").fetchall())
    for record_id, status in present.items():
        if record_id not in created:
            found.append(Finding(None, record_id, f"Record {record_id} has no create or import row in the audit log."))
        if record_id in deleted:
            found.append(Finding(deleted[record_id][0], record_id,
                                 f"Record {record_id} is still there although audit row {deleted[record_id][0]} "
                                 "says it was deleted."))
        last = sealed.get(record_id)
        if status == "final":
            if last is None:
                found.append(Finding(None, record_id,
                                     f"Record {record_id} is final but the audit log has no row that seals it."))
            elif record_seal(conn, record_id) != last[2]:
                found.append(Finding(last[0], record_id,
                                     f"Final record {record_id} was changed after audit row {last[0]} ({last[1]}) "
                                     "sealed it."))
        elif last is not None:
            found.append(Finding(last[0], record_id,
                                 f"Record {record_id} was made final (audit row {last[0]}) but is now a draft."))
    for record_id, row_id in created.items():
        if record_id in present:
            continue
        if record_id not in deleted:
            kind = "final record" if record_id in sealed else "record"
            found.append(Finding(row_id, record_id,
                                 f"The {kind} {record_id} is missing, and the audit log has no delete row for it."))
        elif record_id in sealed and deleted[record_id][1] != "retention_delete":
            found.append(Finding(deleted[record_id][0], record_id,
                                 f"The final record {record_id} was deleted outside the retention path "
                                 f"(audit row {deleted[record_id][0]})."))
    return found
