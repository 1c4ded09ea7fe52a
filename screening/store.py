"""Saved screenings: one SQLite file, private to the user, with an append-only audit log.

Promises (see docs/records.md):
- the folder is 0700 and the database, -wal and -shm files are 0600 on POSIX;
- WAL with ``synchronous=FULL``: a save that has returned survives a crash or a kill;
- every write is one explicit ``BEGIN IMMEDIATE`` transaction, so nothing is half-saved;
- each record is stored as its record document (``screening-record/1``), checked to read back
  identically before it is committed;
- a final record cannot be changed (a trigger enforces it too); later information is an addendum;
- audit rows cannot be updated or deleted (triggers), and outlive the records they describe;
- a draft is saved only over the version it was read as (its ``updated`` time): when another
  window or another copy of the app (on this computer, or another one sharing the file) saved it
  in between, ``save_draft`` refuses with RecordChanged instead of overwriting their work;
- every SQLite or file error becomes a StoreError whose message is fit to show a user; a damaged
  file gives DatabaseDamaged, which asks the user to keep the file and get help.

``unclosed_drafts()`` cannot tell a session that crashed from one that is still running: a draft
open right now in another running copy of the app (another window, or another computer using the
same file) is listed too. Offer such drafts back, never reopen them silently; and if one is
opened twice, RecordChanged stops the two copies overwriting each other.
"""

from __future__ import annotations

import builtins
import datetime as dt
import getpass
import json
import os
import re
import secrets
import sqlite3
import stat
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from screening.dates import newest_first_key, parse_timestamp
from screening.fileio import atomic_write_text
from screening.problems import Problem, ProblemsError
from screening.reading.yamlsafe import MAX_FILE_BYTES
from screening.records.document import (
    MAX_RECORD_TEXT,
    STATUSES,
    Addendum,
    Record,
    RecordIssue,
    completeness,
    now_iso,
    parse_record,
    record_to_json,
)
from screening.records.references import made_with

DB_NAME = "records.sqlite3"
# "HSBS" in ASCII: marks the file as ours, so the tool never writes its tables into someone
# else's SQLite file (and `file records.sqlite3` can tell what it is).
APPLICATION_ID = 0x48534253
BUSY_TIMEOUT_MS = 5000
# Autosave calls save_draft every few seconds; one "edit" audit row per editing spell is enough.
EDIT_COALESCE = dt.timedelta(minutes=10)


class StoreError(Exception):
    """A problem with the records database, with a message fit to show a user."""


class NotAScreeningDatabase(StoreError):
    pass


class NewerDatabase(StoreError):
    pass


class RecordNotFound(StoreError, KeyError):
    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else "record not found"


class RecordLocked(StoreError):
    """The record is final: it cannot be edited, only given addenda."""


class NotFinal(StoreError):
    """Addenda are for final records; a draft is simply edited."""


class RecordChanged(StoreError):
    """Someone saved the draft after this copy of it was read: saving now would overwrite their work."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "This record was changed elsewhere (another window or computer) since you opened it; "
            "close it and open it again"
        )


class DatabaseDamaged(StoreError):
    """The database file (or a record in it) cannot be read: keep the file, do not delete it."""


class NotComplete(StoreError):
    def __init__(self, issues: Sequence[RecordIssue]) -> None:
        self.issues = tuple(issues)
        lines = "\n".join(f"- {issue.message}" for issue in self.issues)
        super().__init__(f"the record cannot be finalised yet:\n{lines}")


@dataclass(frozen=True)
class RecordSummary:
    id: str
    status: str
    child_name: str
    created: str
    updated: str
    final_category: str
    suggested_category: str
    ruleset_id: str
    ruleset_version: str


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    who: str
    action: str  # create | edit | finalise | addendum | export | import | delete
    record_id: str | None
    details: str


def default_who() -> str:
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # getuser raises OSError or KeyError when there is no user name to find
        return "unknown"


# ---------------------------------------------------------------- the record document as stored

# Characters YAML 1.1 will not read raw (DEL, C1 controls, U+FFFE/U+FFFF) or reads as a line break
# inside a quoted string, trimming the spaces before it (NEL, U+2028, U+2029). json.dumps leaves
# them raw, so they are written as \u escapes; every other character stays as typed, so documents
# remain readable. (Every code point was checked against the record reader; see the tests.)
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _escape(text: str) -> str:
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json(data: Any) -> str:
    return _escape(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def document_json(record: Record) -> str:
    """record_to_json, made sure to be readable back (a no-op where record_to_json escapes already)."""
    return _escape(record_to_json(record))


def _checked_document(record: Record) -> str:
    """The document, refused unless it reads back as the same record: never store what cannot be read."""
    text = document_json(record)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError("the record contains text that is not valid Unicode; it was not saved") from None
    if len(data) > MAX_FILE_BYTES:
        raise StoreError(f"the record is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; it was not saved")
    try:
        back = parse_record(data, "<record to save>")
    except ProblemsError as exc:
        raise StoreError("the record could not be saved because it would not read back:\n" + exc.report()) from None
    # compared as documents, so a caller's list where the model has a tuple is no reason to refuse
    if document_json(back) != text:
        raise StoreError("the record could not be saved because it would not read back unchanged")
    return text


# ---------------------------------------------------------------- schema and migrations

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


def _migrate_to_v1(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA_V1:
        conn.execute(statement)


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


# MIGRATIONS[n] takes a database from user_version n to n + 1. Append; never edit a released one.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_to_v1, _migrate_to_v2)
SCHEMA_VERSION = len(MIGRATIONS)


# ---------------------------------------------------------------- files


def _private_file(path: Path) -> None:
    """Create the file 0600 before SQLite does: SQLite gives -wal and -shm the database's mode."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    _chmod_private(path)


def _chmod_private(path: Path) -> None:
    if os.name != "posix":
        return
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        return  # -wal and -shm appear lazily and go when the last connection closes
    if mode != 0o600:
        os.chmod(path, 0o600)


# SQLite's primary result codes (the low byte of sqlite_errorcode)
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_NOTADB = 5, 6, 11, 26


def _error_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _is_damage(exc: sqlite3.Error) -> bool:
    """The file itself is broken (as opposed to busy, full or unreachable)."""
    if _error_code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(exc)
    # text that is not UTF-8 in a column is damage too; sqlite3 reports it without a result code
    return "malformed" in text or "not a database" in text or "Could not decode" in text


def _is_busy(exc: sqlite3.Error) -> bool:
    return _error_code(exc) in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in str(exc)


def _sidecars(path: Path) -> tuple[Path, ...]:
    return (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"))


_timestamp = parse_timestamp  # stored times: aware, a time without an offset read as UTC


def _later_than(previous: str, now: str) -> str:
    """``now``, or a second after ``previous`` when the clock has not moved past it.

    Times are kept to the second, and save_draft tells versions apart by their ``updated`` time;
    so each save's time is strictly later than the one before, even for two saves in one second
    (or a clock set back), and a time is never given to two versions of a record.
    """
    before, current = _timestamp(previous), _timestamp(now)
    if before is None or current is None or current > before:
        return now
    return (before + dt.timedelta(seconds=1)).astimezone(dt.UTC).isoformat()


def _sort_key(summary: RecordSummary) -> tuple[float, float]:
    return newest_first_key(summary.updated, summary.created)


# ---------------------------------------------------------------- the store

_SUMMARY_COLUMNS = (
    "id, status, child_name, created, updated, final_category, suggested_category, ruleset_id, ruleset_version"
)


class Store:
    """The records database. Not thread-safe: use it from one thread (the app's main thread)."""

    default_who = staticmethod(default_who)

    def __init__(self, path: str | os.PathLike[str], *, clock: Callable[[], str] = now_iso) -> None:
        self.path = Path(path)
        self._clock = clock
        # a fresh number per open Store: marks left by another number were left by a session that
        # ended without closing (a crash, a kill, a power cut)
        self._session = secrets.randbits(62) + 1
        folder = self.path.parent
        try:
            if not folder.exists():
                folder.mkdir(parents=True, mode=0o700, exist_ok=True)
                if os.name == "posix":
                    os.chmod(folder, 0o700)
            _private_file(self.path)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the records database: {exc.strerror or exc}") from None
        self._marked = False  # whether this session has marked any draft open
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the records database: {exc}") from None
        try:
            self._setup()
            self._secure_files()
        except sqlite3.Error as exc:
            self._conn.close()
            if "not a database" in str(exc):
                # a foreign file, or our own with its first page destroyed: SQLite cannot tell which
                raise NotAScreeningDatabase(
                    f"{self.path}: this file is not a screening records database, or it is damaged and "
                    f"cannot be read. {self._keep_advice()}"
                ) from None
            if _is_damage(exc):
                raise self._damaged(exc) from None
            message = f"{self.path}: cannot open the records database ({exc}); it has not been changed"
            raise StoreError(message) from None
        except OSError as exc:
            self._conn.close()
            raise StoreError(f"{self.path}: cannot open the records database: {exc.strerror or exc}") from None
        except BaseException:
            self._conn.close()
            raise

    @classmethod
    def open_default(cls) -> Store:
        from screening.paths import data_dir

        try:
            folder = data_dir()
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise StoreError(f"{where}cannot create or open the records folder: {exc.strerror or exc}") from None
        return cls(folder / DB_NAME)

    # -- errors a user can act on

    def _keep_advice(self) -> str:
        return f"Keep a copy of the file {self.path} and ask for help; do not delete it."

    def _damaged(self, detail: object) -> DatabaseDamaged:
        text = str(detail).strip().rstrip(".")
        sep = "\n" if "\n" in text else ". "  # a list of problems ends on its own line
        return DatabaseDamaged(f"The records database is damaged and cannot be read: {text}{sep}{self._keep_advice()}")

    def _read_error(self, exc: sqlite3.Error) -> StoreError:
        if _is_damage(exc):
            return self._damaged(exc)
        if _is_busy(exc):
            return StoreError(
                f"The records database is busy (another copy of the tool is using it) and could not be read: "
                f"{exc}. Try again in a moment."
            )
        return StoreError(f"The records database could not be read: {exc}. {self._keep_advice()}")

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Turn SQLite errors while reading into a StoreError with a message a user can act on."""
        try:
            yield
        except sqlite3.Error as exc:
            raise self._read_error(exc) from exc

    # -- opening

    def _setup(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and (version or tables)):
            raise NotAScreeningDatabase(f"{self.path}: this file is not a screening records database")
        if version > SCHEMA_VERSION:
            raise NewerDatabase(
                f"{self.path}: the records database was written by a newer version of this tool "
                f"(schema {version}; this version knows up to {SCHEMA_VERSION}). Update the tool to open it; "
                "the file has not been changed."
            )
        conn.execute("PRAGMA journal_mode = WAL")  # persistent; falls back quietly where WAL cannot work
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # deleted records are overwritten, not left in free pages
        conn.execute("PRAGMA temp_store = MEMORY")  # no temporary files holding record text
        self._migrate()

    def _migrate(self) -> None:
        if self._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return  # the usual case: no write lock needed just to open
        while True:
            with self._transaction() as conn:
                # read inside the write lock, so two processes opening at once do not both migrate
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise NewerDatabase(
                        f"{self.path}: the records database was written by a newer version of this tool "
                        f"(schema {version}; this version knows up to {SCHEMA_VERSION})."
                    )
                if version == SCHEMA_VERSION:
                    return
                if version == 0:
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                try:
                    MIGRATIONS[version](conn)
                except (ValueError, TypeError, AttributeError) as exc:  # a stored document that is not JSON
                    raise self._damaged(
                        f"a saved record could not be read while updating the file to this version ({exc}); "
                        "the file has not been changed"
                    ) from None
                conn.execute(f"PRAGMA user_version = {version + 1}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:  # locked past the timeout, disk full, I/O error, a damaged file
            if _is_damage(exc):
                raise self._damaged(f"{exc}; nothing was changed") from exc
            raise StoreError(f"the records database could not be written; nothing was changed: {exc}") from exc
        except OSError as exc:  # anything the transaction touched outside SQLite
            raise StoreError(
                f"the records database could not be written; nothing was changed: {exc.strerror or exc}"
            ) from exc
        self._secure_files()

    def _secure_files(self) -> None:
        for path in _sidecars(self.path):
            _chmod_private(path)

    def close(self) -> None:
        """Close cleanly: this session's drafts are no longer open, so they are not 'unclosed'."""
        if self._conn is None:
            return
        try:
            if self._marked:
                with self._transaction() as conn:
                    conn.execute("UPDATE records SET open_session = NULL WHERE open_session = ?", (self._session,))
        finally:
            self._conn.close()
            self._conn = None  # type: ignore[assignment]  # closed: only close() looks at it after this

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading

    def _row(self, conn: sqlite3.Connection, record_id: str) -> tuple[Any, ...]:
        with self._reading():
            row = conn.execute(
                "SELECT id, status, created, updated, document FROM records WHERE id = ?", (record_id,)
            ).fetchone()
        if row is None:
            raise RecordNotFound(f"there is no saved record with the id '{record_id}'")
        return tuple(row)

    def _load(self, conn: sqlite3.Connection, record_id: str) -> Record:
        rid, status, created, updated, document = self._row(conn, record_id)
        try:
            record = parse_record(document.encode("utf-8"), f"record {rid}")
        except (ProblemsError, UnicodeEncodeError, AttributeError) as exc:
            detail = exc.report() if isinstance(exc, ProblemsError) else str(exc)
            raise self._damaged(f"the saved record {rid} is not a readable record document:\n{detail}") from None
        with self._reading():
            addenda = tuple(
                Addendum(at, author, text)
                for at, author, text in conn.execute(
                    "SELECT at, author, text FROM addenda WHERE record_id = ? ORDER BY id", (rid,)
                )
            )
        return replace(record, id=rid, status=status, created=created, updated=updated, addenda=addenda)

    def get(self, record_id: str) -> Record:
        return self._load(self._conn, record_id)

    def list(self, status: str | None = None) -> list[RecordSummary]:
        """Saved records, most recently changed first."""
        if status is not None and status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        where = " WHERE status = ?" if status else ""
        with self._reading():
            rows = self._conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM records{where} ORDER BY rowid DESC", (status,) if status else ()
            ).fetchall()
        # sorted here, not in SQL: imported records may carry times in other UTC offsets; the sort
        # is stable, so records saved in the same second stay newest-inserted first
        return sorted((RecordSummary(*row) for row in rows), key=_sort_key, reverse=True)

    def audit(self, record_id: str | None = None) -> builtins.list[AuditRow]:
        """Audit rows, oldest first."""
        query = "SELECT id, at, who, action, record_id, details FROM audit"
        with self._reading():
            if record_id is None:
                rows = self._conn.execute(query + " ORDER BY id").fetchall()
            else:
                rows = self._conn.execute(query + " WHERE record_id = ? ORDER BY id", (record_id,)).fetchall()
        return [AuditRow(*row) for row in rows]

    # -- writing

    def _audit(self, conn: sqlite3.Connection, at: str, who: str, action: str, record_id: str | None,
               details: str = "") -> None:
        conn.execute(
            "INSERT INTO audit (at, who, action, record_id, details) VALUES (?, ?, ?, ?, ?)",
            (at, who, action, record_id, details),
        )

    def _write_record(self, conn: sqlite3.Connection, record: Record, suggested: str | None, insert: bool) -> None:
        stored = replace(record, addenda=())  # addenda live in their own table
        document = _checked_document(stored)
        ref = record.ruleset
        values = {
            "id": record.id,
            "status": record.status,
            "created": record.created,
            "updated": record.updated,
            "child_name": record.child.name,
            "final_category": record.judgement.final_category,
            "ruleset_id": ref.id if ref else "",
            "ruleset_version": ref.version if ref else "",
            "ruleset_sha256": ref.sha256 if ref else "",
            "document": document,
        }
        if suggested is not None or insert:
            values["suggested_category"] = suggested or ""
        if insert:
            names = ", ".join(values)
            marks = ", ".join(f":{k}" for k in values)
            conn.execute(f"INSERT INTO records ({names}) VALUES ({marks})", values)
        else:
            sets = ", ".join(f"{k} = :{k}" for k in values if k != "id")
            conn.execute(f"UPDATE records SET {sets} WHERE id = :id", values)

    def create(self, record: Record, who: str | None = None, suggested_category: str = "") -> Record:
        """Save a new draft; the store gives it its id and times."""
        who = who or default_who()
        if record.addenda:
            raise ValueError("a new record has no addenda; add them with add_addendum once it is final")
        now = self._clock()
        new = replace(record, id=uuid.uuid4().hex, status="draft", created=now, updated=now)
        with self._transaction() as conn:
            self._write_record(conn, new, suggested_category, insert=True)
            self._audit(conn, now, who, "create", new.id)
        return new

    def save_draft(self, record: Record, who: str | None = None, suggested_category: str | None = None) -> Record:
        """Save changes to a draft (suggested_category None keeps the stored one); return the saved record.

        The record must carry the ``updated`` time of the version it was read as (what create, get
        or the last save_draft returned): keep the returned record and save that next time. When
        the stored draft has a different ``updated`` (another window or another copy of the app
        saved it meanwhile), RecordChanged is raised and nothing is written.

        Autosave calls this every few seconds, so an "edit" audit row is written only when the
        last audit row for the record is not an "edit" by the same person in the last 10 minutes.
        """
        who = who or default_who()
        if not record.id:
            raise ValueError("save_draft needs a record that has been created in the store")
        if record.is_final:
            raise RecordLocked("a record is made final with finalise, not by saving it")
        now = self._clock()
        with self._transaction() as conn:
            stored = self._load(conn, record.id)
            if stored.is_final:
                raise RecordLocked("this record is final and cannot be changed; add an addendum instead")
            if stored.updated != record.updated:
                raise RecordChanged()
            if record.addenda != stored.addenda:
                raise ValueError("addenda cannot be changed by saving a draft")
            new = replace(record, created=stored.created, updated=_later_than(stored.updated, now))
            self._write_record(conn, new, suggested_category, insert=False)
            if not self._recent_edit(conn, record.id, who, now):
                self._audit(conn, now, who, "edit", record.id)
        return new

    def _recent_edit(self, conn: sqlite3.Connection, record_id: str, who: str, now: str) -> bool:
        last = conn.execute(
            "SELECT at, who, action FROM audit WHERE record_id = ? ORDER BY id DESC LIMIT 1", (record_id,)
        ).fetchone()
        if last is None or last[2] != "edit" or last[1] != who:
            return False
        then, current = _timestamp(last[0]), _timestamp(now)
        if then is None or current is None:
            return False
        return dt.timedelta(0) <= current - then < EDIT_COALESCE

    def finalise(self, record_id: str, who: str | None = None, *, expected_updated: str | None = None) -> Record:
        """Make the record final and read-only; refuse while completeness() finds issues.

        With expected_updated (the ``updated`` of the copy the user is looking at), refuse with
        RecordChanged when someone else saved the draft since, rather than finalise what the
        user has not seen.
        """
        who = who or default_who()
        now = self._clock()
        with self._transaction() as conn:
            record = self._load(conn, record_id)
            if record.is_final:
                raise RecordLocked("this record is already final")
            if expected_updated is not None and record.updated != expected_updated:
                raise RecordChanged()
            stored = conn.execute("SELECT suggested_category FROM records WHERE id = ?", (record_id,)).fetchone()
            issues = completeness(record, suggested_category=(stored[0] if stored else "") or None)
            if issues:
                raise NotComplete(issues)
            final = replace(record, status="final", updated=now)
            self._write_record(conn, final, None, insert=False)
            self._audit(conn, now, who, "finalise", record_id, final.judgement.final_category)
        return final

    def add_addendum(self, record_id: str, text: str, who: str | None = None) -> Record:
        who = who or default_who()
        if not text.strip():
            raise ValueError("an addendum needs some text")
        if len(text) > MAX_RECORD_TEXT:
            raise ValueError(f"an addendum can be at most {MAX_RECORD_TEXT} characters")
        now = self._clock()
        with self._transaction() as conn:
            record = self._load(conn, record_id)
            if not record.is_final:
                raise NotFinal("addenda are for final records; a draft can simply be edited")
            addendum = Addendum(now, who, text)
            # the whole record, addendum included, must still export and read back
            _checked_document(replace(record, addenda=(*record.addenda, addendum)))
            conn.execute(
                "INSERT INTO addenda (record_id, at, author, text) VALUES (?, ?, ?, ?)",
                (record_id, now, who, text),
            )
            conn.execute("UPDATE records SET updated = ? WHERE id = ?", (now, record_id))
            self._audit(conn, now, who, "addendum", record_id)
            return self._load(conn, record_id)

    def delete(self, record_id: str, who: str | None = None) -> None:
        """Remove the record and its addenda; the audit rows stay."""
        who = who or default_who()
        now = self._clock()
        with self._transaction() as conn:
            record_id, status, *_ = self._row(conn, record_id)
            conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
            self._audit(conn, now, who, "delete", record_id, f"status {status}")
        # move the deletion out of the WAL into the (secure_delete) main file now
        with self._reading():
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def export(self, record_id: str, path: str | os.PathLike[str], who: str | None = None) -> None:
        """Write the record document to a file (atomically, 0600)."""
        who = who or default_who()
        target = Path(path)
        now = self._clock()
        with self._transaction() as conn:
            record = self._load(conn, record_id)
            text = _checked_document(record)
            self._audit(conn, now, who, "export", record_id, f"to {target}")
            # written inside the transaction: if the file cannot be written the audit row goes too
            try:
                atomic_write_text(target, text)
            except OSError as exc:
                raise StoreError(f"{target}: cannot write the file: {exc.strerror or exc}") from None

    def import_files(self, paths: Iterable[str | os.PathLike[str]], who: str | None = None) -> builtins.list[str]:
        """Import record documents, all or nothing; return the new ids in the order given.

        Every file is read and checked first; if any has a problem, ProblemsError lists every
        problem in every file and nothing is imported. Anything that is not a regular file (a
        folder, a FIFO, a device) is refused without being opened. A record marked final must be
        complete (completeness()), as finalise would have required.
        """
        who = who or default_who()
        names = [str(p) for p in paths]
        records: list[Record] = []
        problems: list[Problem] = []
        # every file is checked before any is opened, and without opening it: opening a FIFO waits
        # for a writer, and a device may never end
        readable: set[str] = set()
        for name in names:
            try:
                mode = os.stat(name).st_mode
            except OSError as exc:
                problems.append(Problem(name, 0, 0, f"cannot read the file: {exc.strerror or exc}"))
                continue
            if stat.S_ISREG(mode):
                readable.add(name)
            else:
                problems.append(Problem(name, 0, 0, "this is not a regular file"))
        for name in names:
            if name not in readable:
                continue
            try:
                with open(name, "rb") as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
            except OSError as exc:
                problems.append(Problem(name, 0, 0, f"cannot read the file: {exc.strerror or exc}"))
                continue
            if len(data) > MAX_FILE_BYTES:
                problems.append(
                    Problem(name, 0, 0, f"the file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit")
                )
                continue
            try:
                record = parse_record(data, name)
            except ProblemsError as exc:
                problems.extend(exc.problems)
                continue
            if record.is_final:
                issues = completeness(record)
                if issues:
                    listed = " ".join(issue.message for issue in issues)
                    problems.append(
                        Problem(name, 1, 1, f"this record is marked final but is not complete: {listed}")
                    )
                    continue
            records.append(record)
        if problems:
            raise ProblemsError(problems)
        now = self._clock()
        # a new id, so an import never overwrites a record; status and times are kept
        ready = [
            replace(r, id=uuid.uuid4().hex, created=r.created or now, updated=r.updated or now) for r in records
        ]
        for name, new in zip(names, ready, strict=True):
            try:
                _checked_document(new)
            except StoreError as exc:
                problems.append(Problem(name, 0, 0, str(exc)))
        if problems:
            raise ProblemsError(problems)
        new_ids = []
        with self._transaction() as conn:
            for name, record, new in zip(names, records, ready, strict=True):
                self._write_record(conn, new, None, insert=True)
                conn.executemany(
                    "INSERT INTO addenda (record_id, at, author, text) VALUES (?, ?, ?, ?)",
                    [(new.id, a.at, a.author, a.text) for a in record.addenda],
                )
                self._audit(conn, now, who, "import", new.id, f"from {name} (was {record.id or 'no id'})")
                new_ids.append(new.id)
        return new_ids

    # -- crash recovery for autosave

    def mark_open(self, record_id: str) -> None:
        """The app has this draft open; if the session ends without mark_closed or close, it is 'unclosed'."""
        with self._transaction() as conn:
            self._row(conn, record_id)
            conn.execute("UPDATE records SET open_session = ? WHERE id = ?", (self._session, record_id))
        self._marked = True

    def mark_closed(self, record_id: str) -> None:
        with self._transaction() as conn:
            self._row(conn, record_id)
            conn.execute("UPDATE records SET open_session = NULL WHERE id = ?", (record_id,))

    def unclosed_drafts(self) -> builtins.list[RecordSummary]:
        """Drafts a session left open without closing: offer them back after a crash.

        A session still running elsewhere (another copy of the app, on this computer or another one
        using the same file) looks the same as one that crashed, so a draft listed here may be open
        there right now. Offer it, do not take it over silently; save_draft's RecordChanged check
        keeps the two copies from overwriting each other.
        """
        with self._reading():
            rows = self._conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM records "
                "WHERE status = 'draft' AND open_session IS NOT NULL AND open_session != ? ORDER BY rowid DESC",
                (self._session,),
            ).fetchall()
        return sorted((RecordSummary(*row) for row in rows), key=_sort_key, reverse=True)


# ---------------------------------------------------------------- re-assessing old records


def ruleset_matches(record: Record, ruleset: Any) -> bool:
    """True when the record was made with exactly this rule set (same SHA-256)."""
    return made_with(record, ruleset)


@dataclass(frozen=True)
class RuleSetMatch:
    ruleset: Any  # a screening.ruleset.model.RuleSet, or None when none of the folders matches
    message: str  # empty when found; otherwise which rule set the record needs


def describe_ruleset_ref(record: Record) -> str:
    ref = record.ruleset
    if ref is None:
        return "an unrecorded rule set"
    return f"{ref.id} version {ref.version} (sha256 {ref.sha256[:12]})"


def find_ruleset(record: Record, folders: Iterable[str | os.PathLike[str]]) -> RuleSetMatch:
    """The first rule set among the folders that the record was made with, else None and why."""
    from screening.ruleset.loader import load_ruleset

    if record.ruleset is None:
        return RuleSetMatch(None, "The record does not say which rule set it was made with.")
    for folder in folders:
        try:
            ruleset = load_ruleset(folder)
        except ProblemsError:
            continue  # a broken or missing folder is simply not the one
        if ruleset_matches(record, ruleset):
            return RuleSetMatch(ruleset, "")
    return RuleSetMatch(
        None,
        f"This record was made with the rule set {describe_ruleset_ref(record)}, which is not available here. "
        "To re-assess it exactly, use a copy of that rule set.",
    )
