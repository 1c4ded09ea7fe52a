"""The records database: the Store class (see the package docstring for its promises)."""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import os
import secrets
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from screening.problems import Problem, ProblemsError
from screening.reading.yamlsafe import MAX_FILE_BYTES
from screening.records.document import (
    MAX_RECORD_TEXT,
    STATUSES,
    Addendum,
    Record,
    completeness,
    now_iso,
    parse_record,
)
from screening.records.references import date_problems
from screening.store import audit as audit_log
from screening.store import db, files
from screening.store.audit import AuditRow, Finding, default_who
from screening.store.document import checked_document, content_key
from screening.store.errors import (
    DatabaseDamaged,
    NewerDatabase,
    NotAScreeningDatabase,
    NotComplete,
    NotFinal,
    PassphraseNeeded,
    RecordChanged,
    RecordLocked,
    RecordNotFound,
    RetentionRefused,
    StoreError,
    WrongPassphrase,
)
from screening.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from screening.store.times import later_than, timestamp, utc_key

# Autosave calls save_draft every few seconds; one "edit" audit row per editing spell is enough.
EDIT_COALESCE = dt.timedelta(minutes=10)

# Why a final record may be deleted. Fixed words, so the tombstone holds no personal data.
RETENTION_REASONS: dict[str, str] = {
    "retention_period_ended": "the retention period has ended",
    "created_in_error": "it was created in error (a test, or the wrong child)",
    "duplicate": "it duplicates another saved record",
    "erasure_upheld": "a request to erase it was upheld",
}

SORTS = ("updated", "created", "name", "category", "status")


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
class Imported:
    """One imported file: the id it has in the store, and whether it was there already."""

    id: str
    duplicate: bool


def _sort_key(summary: RecordSummary) -> tuple[float, float]:
    updated, created = timestamp(summary.updated), timestamp(summary.created)
    return (updated.timestamp() if updated else 0.0, created.timestamp() if created else 0.0)


_SUMMARY_COLUMNS = (
    "id, status, child_name, created, updated, final_category, suggested_category, ruleset_id, ruleset_version"
)
_ORDER = {
    "updated": "updated_utc {d}, created_utc {d}, rowid {d}",
    "created": "created_utc {d}, rowid {d}",
    "name": "child_name COLLATE NOCASE {d}, updated_utc DESC, rowid DESC",
    "category": "CASE WHEN final_category != '' THEN final_category ELSE suggested_category END {d}, "
    "updated_utc DESC, rowid DESC",
    "status": "status {d}, updated_utc DESC, rowid DESC",
}


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store:
    """The records database. Not thread-safe: use it from one thread (the app's main thread).

    ``passphrase``: the database's passphrase when it is encrypted (see encryption.py); a new
    database made with a passphrase is encrypted from the start. ``readonly``: open without
    writing anything (a read-only folder): listing and reading work, every write is refused.
    """

    default_who = staticmethod(default_who)

    def __init__(self, path: str | os.PathLike[str], *, clock: Callable[[], str] = now_iso,
                 passphrase: str | None = None, readonly: bool = False) -> None:
        self.path = Path(path)
        self._clock = clock
        self._passphrase = passphrase
        self.readonly = readonly
        # a fresh number per open Store: marks left by another number were left by a session that
        # ended without closing (a crash, a kill, a power cut)
        self._session = secrets.randbits(62) + 1
        self._marked = False  # whether this session has marked any draft open
        self._conn: Any = None
        folder = self.path.parent
        try:
            if not readonly:
                db.private_folder(folder)
            exists = db.check_database_path(self.path)
            from screening.store.encryption import marked_encrypted

            if exists and passphrase is None and marked_encrypted(folder) and db.is_encrypted_file(self.path):
                raise PassphraseNeeded(
                    f"{self.path}: the records database is encrypted; give its passphrase to open it"
                )
            if not exists and readonly:
                raise StoreError(f"{self.path}: there is no records database here yet")
            if not exists or self.path.stat().st_size == 0:
                db.build_new(self.path, passphrase, self._build)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the records database: {exc.strerror or exc}") from None
        try:
            self._conn = db.connect(self.path, passphrase, readonly=readonly)
        except db.DB_ERRORS as exc:
            raise StoreError(f"{self.path}: cannot open the records database: {exc}") from None
        try:
            self._setup()
            self._secure_files()
            if not readonly:
                files.clear_scratch(folder)
        except db.DB_ERRORS as exc:
            self._conn.close()
            if "not a database" in str(exc):
                if passphrase is not None:
                    raise WrongPassphrase(
                        "The passphrase is not right for the records database; nothing was opened or changed. "
                        "Try again (a forgotten passphrase cannot be recovered)."
                    ) from None
                # a foreign file, or our own with its first page destroyed: SQLite cannot tell which
                raise NotAScreeningDatabase(
                    f"{self.path}: this file is not a screening records database, or it is damaged and "
                    f"cannot be read. {self._keep_advice()}"
                ) from None
            if db.is_damage(exc):
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
    def open_default(cls, passphrase: str | None = None, *, readonly: bool | None = None) -> Store:
        """The store in the user's data folder. readonly None: read-only only when the folder is."""
        from screening.paths import data_dir

        try:
            folder = data_dir()
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise StoreError(f"{where}cannot create or open the records folder: {exc.strerror or exc}") from None
        if readonly is None:
            readonly = (folder / db.DB_NAME).exists() and not os.access(folder, os.W_OK)
        return cls(folder / db.DB_NAME, passphrase=passphrase, readonly=readonly)

    @property
    def encrypted(self) -> bool:
        return self._passphrase is not None

    @property
    def data_folder(self) -> Path:
        return self.path.parent

    # -- errors a user can act on

    def _keep_advice(self) -> str:
        return f"Keep a copy of the file {self.path} and ask for help; do not delete it."

    def _damaged(self, detail: object) -> DatabaseDamaged:
        text = str(detail).strip().rstrip(".")
        sep = "\n" if "\n" in text else ". "  # a list of problems ends on its own line
        return DatabaseDamaged(f"The records database is damaged and cannot be read: {text}{sep}{self._keep_advice()}")

    def _read_error(self, exc: Exception) -> StoreError:
        if db.is_damage(exc):
            return self._damaged(exc)
        if db.is_busy(exc):
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
        except db.DB_ERRORS as exc:
            raise self._read_error(exc) from exc

    # -- opening

    @staticmethod
    def _build(conn: Any) -> None:
        """A new database, complete, before it gets its real name (db.build_new)."""
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        for step in MIGRATIONS:
            step(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")

    def _setup(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {db.BUSY_TIMEOUT_MS}")
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
        if not self.readonly:
            conn.execute("PRAGMA journal_mode = WAL")  # persistent; falls back quietly where WAL cannot work
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # deleted records are overwritten, not left in free pages
        conn.execute("PRAGMA temp_store = MEMORY")  # no temporary files holding record text
        if self.readonly:
            if version != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: this records database needs updating to this version of the tool, and its "
                    "folder is read-only; open it once where it can be written"
                )
            return
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
    def _transaction(self) -> Iterator[Any]:
        if self.readonly:
            raise StoreError(
                f"The records folder {self.path.parent} is read-only, so nothing can be saved, deleted or "
                "recorded in the audit log there; nothing was changed. Make the folder writable and try again."
            )
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
        except db.DB_ERRORS as exc:  # locked past the timeout, disk full, I/O error, a damaged file
            if db.is_damage(exc):
                raise self._damaged(f"{exc}; nothing was changed") from exc
            raise StoreError(f"the records database could not be written; nothing was changed: {exc}") from exc
        except OSError as exc:  # anything the transaction touched outside SQLite
            raise StoreError(
                f"the records database could not be written; nothing was changed: {exc.strerror or exc}"
            ) from exc
        self._secure_files()

    def _secure_files(self) -> None:
        if self.readonly:
            return
        for path in db.sidecars(self.path):
            db.chmod_private(path)

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
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading

    def _row(self, conn: Any, record_id: str) -> tuple[Any, ...]:
        with self._reading():
            row = conn.execute(
                "SELECT id, status, created, updated, document FROM records WHERE id = ?", (record_id,)
            ).fetchone()
        if row is None:
            raise RecordNotFound(f"there is no saved record with the id '{record_id}'")
        return tuple(row)

    def _load(self, conn: Any, record_id: str) -> Record:
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
        """Saved records, most recently changed first (by the instant, whatever the UTC offset)."""
        return self.page(status=status, sort="updated", descending=True, limit=None)

    def page(self, *, status: str | None = None, sort: str = "updated", descending: bool = True,
             offset: int = 0, limit: int | None = 100) -> builtins.list[RecordSummary]:
        """One page of the records list, sorted and cut in SQL (instant with 10,000 records).

        sort: one of SORTS. Times sort as instants (UTC keys), not as ISO text; names ignore case.
        Ties keep the newest-inserted first.
        """
        if status is not None and status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        if sort not in _ORDER:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        if offset < 0 or (limit is not None and limit < 0):
            raise ValueError("offset and limit cannot be negative")
        where = " WHERE status = ?" if status else ""
        params: list[Any] = [status] if status else []
        order = _ORDER[sort].format(d="DESC" if descending else "ASC")
        query = f"SELECT {_SUMMARY_COLUMNS} FROM records{where} ORDER BY {order} LIMIT ? OFFSET ?"
        params += [-1 if limit is None else limit, offset]
        with self._reading():
            rows = self._conn.execute(query, params).fetchall()
        return [RecordSummary(*row) for row in rows]

    def count(self, status: str | None = None) -> int:
        if status is not None and status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        with self._reading():
            if status:
                return int(self._conn.execute("SELECT count(*) FROM records WHERE status = ?", (status,)).fetchone()[0])
            return int(self._conn.execute("SELECT count(*) FROM records").fetchone()[0])

    def ids(self) -> builtins.list[str]:
        with self._reading():
            return [row[0] for row in self._conn.execute("SELECT id FROM records")]

    def resolve(self, text: str, min_prefix: int = 4) -> str:
        """A full id, or a unique start of one (at least min_prefix characters)."""
        with self._reading():
            if self._conn.execute("SELECT 1 FROM records WHERE id = ?", (text,)).fetchone():
                return text
            matches: list[str] = []
            if len(text) >= min_prefix and all(c in "0123456789abcdefABCDEF" for c in text):
                matches = [row[0] for row in self._conn.execute(
                    "SELECT id FROM records WHERE substr(id, 1, ?) = ?", (len(text), text.lower())
                )]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise RecordNotFound(f"'{text}' matches {len(matches)} records; give more of the id")
        raise RecordNotFound(f"there is no saved record with the id '{text}'")

    def audit(self, record_id: str | None = None) -> builtins.list[AuditRow]:
        """Audit rows, oldest first."""
        query = "SELECT id, at, who, action, record_id, details FROM audit"
        with self._reading():
            if record_id is None:
                rows = self._conn.execute(query + " ORDER BY id").fetchall()
            else:
                rows = self._conn.execute(query + " WHERE record_id = ? ORDER BY id", (record_id,)).fetchall()
        return [AuditRow(*row) for row in rows]

    def verify(self) -> builtins.list[Finding]:
        """What verify finds wrong (see audit.py); empty when the store is sound."""
        with self._reading():
            return audit_log.verify(self._conn)

    # -- writing

    def _audit(self, conn: Any, at: str, who: str, action: str, record_id: str | None,
               details: str = "", seal: bool = False) -> None:
        audit_log.append(conn, at, who, action, record_id, details,
                         audit_log.record_seal(conn, record_id) if seal and record_id else "")

    def _write_record(self, conn: Any, record: Record, suggested: str | None, insert: bool) -> None:
        stored = replace(record, addenda=())  # addenda live in their own table
        document = checked_document(stored)
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
            "created_utc": utc_key(record.created),
            "updated_utc": utc_key(record.updated),
            "content_key": content_key(stored),
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
            new = replace(record, created=stored.created, updated=later_than(stored.updated, now))
            self._write_record(conn, new, suggested_category, insert=False)
            if not self._recent_edit(conn, record.id, who, now):
                self._audit(conn, now, who, "edit", record.id)
        return new

    def _recent_edit(self, conn: Any, record_id: str, who: str, now: str) -> bool:
        last = conn.execute(
            "SELECT at, who, action FROM audit WHERE record_id = ? ORDER BY id DESC LIMIT 1", (record_id,)
        ).fetchone()
        if last is None or last[2] != "edit" or last[1] != who:
            return False
        then, current = timestamp(last[0]), timestamp(now)
        if then is None or current is None:
            return False
        return dt.timedelta(0) <= current - then < EDIT_COALESCE

    def finalise(self, record_id: str, who: str | None = None, *, expected_updated: str | None = None) -> Record:
        """Make the record final and read-only; refuse while completeness() finds issues.

        With expected_updated (the ``updated`` of the copy the user is looking at), refuse with
        RecordChanged when someone else saved the draft since, rather than finalise what the
        user has not seen. The finalise audit row seals the record (audit.record_seal); its
        ``updated`` time is the time it was finalised, and never changes after (addenda carry
        their own times).
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
            final = replace(record, status="final", updated=later_than(record.updated, now))
            self._write_record(conn, final, None, insert=False)
            self._audit(conn, now, who, "finalise", record_id, final.judgement.final_category, seal=True)
        return final

    def add_addendum(self, record_id: str, text: str, who: str | None = None) -> Record:
        """Add later information to a final record; the addendum has its own time and author."""
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
            checked_document(replace(record, addenda=(*record.addenda, addendum)))
            conn.execute(
                "INSERT INTO addenda (record_id, at, author, text) VALUES (?, ?, ?, ?)",
                (record_id, now, who, text),
            )
            self._audit(conn, now, who, "addendum", record_id, seal=True)
            return self._load(conn, record_id)

    def delete(self, record_id: str, who: str | None = None, *, reason: str | None = None,
               confirmed: bool = False) -> None:
        """Remove the record and its addenda; the audit rows stay.

        A draft is simply deleted. A final record is deleted only as a retention action: a reason
        from RETENTION_REASONS and confirmed=True (the user confirmed it after being told it is
        final); otherwise RetentionRefused and nothing changes. Its tombstone holds the reason's
        id and no personal data.
        """
        who = who or default_who()
        now = self._clock()
        with self._transaction() as conn:
            record_id, status, *_ = self._row(conn, record_id)
            if status == "final":
                if reason not in RETENTION_REASONS:
                    listed = ", ".join(RETENTION_REASONS)
                    raise RetentionRefused(
                        "This record is final: deleting it is a retention action and needs a reason "
                        f"(one of: {listed}); nothing was deleted"
                    )
                if not confirmed:
                    raise RetentionRefused("This record is final: confirm the deletion; nothing was deleted")
                conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
                self._audit(conn, now, who, "retention_delete", record_id, f"final record; reason {reason}")
            else:
                conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
                self._audit(conn, now, who, "delete", record_id, f"status {status}")
        # move the deletion out of the WAL into the (secure_delete) main file now
        with self._reading():
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    # -- files written for a record: never without their audit row

    def write_record_file(self, record_id: str, path: str | os.PathLike[str], data: bytes, action: str,
                          who: str | None = None) -> None:
        """Write a file made from a record (an export, a referral PDF), audited first.

        The audit row (the action and the file's SHA-256, never its name) is committed before the
        file is written; if the file then cannot be written, a "<action>_failed" row follows and
        StoreError says so. No temporary copy is left beside the target (see files.py).
        """
        if action not in ("export", "print"):
            raise ValueError("action must be export or print")
        who = who or default_who()
        target = Path(path)
        if not target.parent.is_dir():
            raise StoreError(f"{target}: cannot write the file: the folder {target.parent} does not exist")
        digest = file_sha256(data)
        with self._transaction() as conn:
            self._row(conn, record_id)
            self._audit(conn, self._clock(), who, action, record_id, f"sha256 {digest}")
        try:
            files.write_private(target, data, files.scratch_dir(self.data_folder))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            try:
                with self._transaction() as conn:
                    self._audit(conn, self._clock(), who, f"{action}_failed", record_id, reason)
            except StoreError:
                pass  # the first row stands: the audit shows an attempt that never completed
            raise StoreError(
                f"{target}: cannot write the file ({reason}); no file was made, and the audit log "
                "records the attempt"
            ) from None

    def export(self, record_id: str, path: str | os.PathLike[str], who: str | None = None,
               *, fmt: str | None = None) -> None:
        """Write the record document to a file (atomically, 0600), audited first.

        fmt: "json" or "yaml"; None chooses by the file's extension (.yaml/.yml: YAML, else JSON).
        """
        from screening.store.document import document_yaml

        target = Path(path)
        if fmt is None:
            fmt = "yaml" if target.suffix.lower() in (".yaml", ".yml") else "json"
        with self._reading():
            record = self._load(self._conn, record_id)
        text = checked_document(record) if fmt == "json" else document_yaml(record)
        self.write_record_file(record_id, target, text.encode("utf-8"), "export", who)

    def import_files(self, paths: Iterable[str | os.PathLike[str]], who: str | None = None) -> builtins.list[str]:
        """import_documents, returning only the ids (a duplicate gives the id it already has)."""
        return [item.id for item in self.import_documents(paths, who)]

    def import_documents(
        self, paths: Iterable[str | os.PathLike[str]], who: str | None = None
    ) -> builtins.list[Imported]:
        """Import record documents, all or nothing; the store ids in the order given.

        Every file is read and checked first; if any has a problem, ProblemsError lists every
        problem in every file and nothing is imported. Anything that is not a regular file (a
        folder, a FIFO, a device) or is over the size cap is refused without being read. A
        record marked final must be complete (completeness()), as finalise would have required.
        A document that is already saved (the same content and addenda, whatever its id) or
        given twice is not imported again: its existing id comes back with duplicate=True.
        """
        who = who or default_who()
        names = [str(p) for p in paths]
        records: list[tuple[Record, str]] = []
        problems: list[Problem] = []
        for name in names:
            data = _read_capped(name, problems)
            if data is None:
                continue
            try:
                record = parse_record(data, name)
            except ProblemsError as exc:
                problems.extend(exc.problems)
                continue
            found = date_problems(record, data, name)
            if found:
                problems.extend(found)
                continue
            if record.is_final:
                issues = completeness(record)
                if issues:
                    listed = " ".join(issue.message for issue in issues)
                    problems.append(
                        Problem(name, 1, 1, f"this record is marked final but is not complete: {listed}")
                    )
                    continue
            records.append((record, file_sha256(data)))
        if problems:
            raise ProblemsError(problems)
        now = self._clock()
        # a new id, so an import never overwrites a record; status and times are kept
        ready = [
            replace(r, id=uuid.uuid4().hex, created=r.created or now, updated=r.updated or now) for r, _ in records
        ]
        for name, new in zip(names, ready, strict=True):
            try:
                checked_document(new)
            except StoreError as exc:
                problems.append(Problem(name, 0, 0, str(exc)))
        if problems:
            raise ProblemsError(problems)
        results: list[Imported] = []
        with self._transaction() as conn:
            for (record, digest), new in zip(records, ready, strict=True):
                existing = self._same_record(conn, new)
                if existing is not None:
                    results.append(Imported(existing, True))
                    continue
                self._write_record(conn, new, None, insert=True)
                conn.executemany(
                    "INSERT INTO addenda (record_id, at, author, text) VALUES (?, ?, ?, ?)",
                    [(new.id, a.at, a.author, a.text) for a in record.addenda],
                )
                self._audit(conn, now, who, "import", new.id, f"file sha256 {digest}", seal=new.is_final)
                results.append(Imported(new.id, False))
        return results

    def _same_record(self, conn: Any, record: Record) -> str | None:
        key = content_key(replace(record, addenda=()))
        for (candidate,) in conn.execute("SELECT id FROM records WHERE content_key = ?", (key,)).fetchall():
            addenda = tuple(
                Addendum(at, author, text) for at, author, text in conn.execute(
                    "SELECT at, author, text FROM addenda WHERE record_id = ? ORDER BY id", (candidate,)
                )
            )
            if addenda == record.addenda:
                return str(candidate)
        return None

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


def _read_capped(name: str, problems: list[Problem]) -> bytes | None:
    """A regular file's bytes, refused by its size and kind before reading; None (and a problem) otherwise."""
    from screening.fileio import NotReadable, read_limited

    try:
        return read_limited(name, MAX_FILE_BYTES, "record file")
    except NotReadable as exc:
        problems.append(Problem(name, 0, 0, str(exc)))
    except OSError as exc:
        problems.append(Problem(name, 0, 0, f"cannot read the file: {exc.strerror or exc}"))
    return None
