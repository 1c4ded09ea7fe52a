"""The records database's core: opening, closing, transactions, reading one record, writing rows.

StoreBase holds the connection and the machinery every other part of the Store uses; the public
methods live in the mixins composed into ``Store`` (records.py). See the package docstring for the
promises.
"""

from __future__ import annotations

import builtins
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Self

from screening.problems import ProblemsError
from screening.records.document import Addendum, Record, now_iso, parse_record
from screening.store import audit as audit_log
from screening.store import db, files, pending
from screening.store import readonly as readonly_rules
from screening.store.audit import AuditRow, Finding, default_who
from screening.store.document import checked_document, content_key
from screening.store.errors import (
    DatabaseDamaged,
    NewerDatabase,
    NotAScreeningDatabase,
    PassphraseNeeded,
    RecordNotFound,
    StoreError,
    WrongPassphrase,
)
from screening.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from screening.store.times import utc_key


class StoreBase:
    """The connection and its machinery. Not thread-safe: use it from one thread.

    ``passphrase``: the database's passphrase when it is encrypted (see encryption.py); a new
    database made with a passphrase is encrypted from the start. ``readonly``: open without
    writing anything (a read-only folder): listing and reading work, every write is refused, and a
    file written for a record is audited in the pending-audit journal (pending.py) instead.
    ``pending_folder``: where that journal is (default: the user's state folder); its entries for
    this database are added to the audit whenever the store is opened writable.
    """

    default_who = staticmethod(default_who)

    def __init__(self, path: str | os.PathLike[str], *, clock: Callable[[], str] = now_iso,
                 passphrase: str | None = None, readonly: bool = False,
                 pending_folder: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path)
        self._pending_folder = Path(pending_folder) if pending_folder is not None else None
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
                self._add_pending()
            # the viewer's copies made while a records folder was read-only (below): gone after a crash too;
            # never in a state folder others can write in (nothing of ours is kept there)
            if db.ours_alone(self.state_folder):
                files.clear_scratch(self.state_folder)
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
            wal, shm = Path(f"{self.path}-wal"), Path(f"{self.path}-shm")
            if self.readonly and wal.exists() and wal.stat().st_size and not shm.exists():
                message += (
                    ". This copy was made while the records were open (it has its -wal file but not the -shm "
                    "one), and the folder is read-only, so it cannot be read. Copy the whole folder somewhere "
                    "you can write and open it there, or copy it again after closing the app"
                )
            raise StoreError(message) from None
        except OSError as exc:
            self._conn.close()
            raise StoreError(f"{self.path}: cannot open the records database: {exc.strerror or exc}") from None
        except BaseException:
            self._conn.close()
            raise

    @classmethod
    def open_default(cls, passphrase: str | None = None, *, readonly: bool | None = None) -> Self:
        """The store in the user's data folder. readonly None: read-only only when the folder is."""
        from screening.paths import data_dir

        try:
            folder = data_dir()
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise StoreError(f"{where}cannot create or open the records folder: {exc.strerror or exc}") from None
        if readonly is None:
            readonly = (folder / db.DB_NAME).exists() and not db.writable(folder)
        return cls(folder / db.DB_NAME, passphrase=passphrase, readonly=readonly)

    @property
    def encrypted(self) -> bool:
        return self._passphrase is not None

    @property
    def data_folder(self) -> Path:
        return self.path.parent

    @property
    def pending_folder(self) -> Path:
        """Where files written while the records folder is read-only have their audit entries kept."""
        return self._pending_folder if self._pending_folder is not None else pending.default_folder()

    @property
    def state_folder(self) -> Path:
        """The user's private state folder: the pending-audit journal's parent."""
        return self.pending_folder.parent

    def scratch_folder(self) -> Path:
        """A private folder for a temporary copy of a record's file (the viewer's), made if need be.

        In the records folder; when that is read-only, in the user's private state folder instead.
        Both are emptied whenever a store opens, so a crash leaves no copy behind for long.
        OSError (or StoreError: a shared state folder) when it cannot be made.
        """
        if not self.readonly:
            return files.scratch_dir(self.data_folder)
        db.private_folder(self.state_folder)
        return files.scratch_dir(self.state_folder)

    # -- what a read-only store can still do (readonly.py: one rule for the command line and the app)

    def permits(self, action: str) -> bool:
        return readonly_rules.permits(action, self.readonly)

    def refusal(self, action: str) -> str:
        """Why the action cannot be done here ('' when it can)."""
        return "" if self.permits(action) else readonly_rules.refusal(action, self.data_folder)

    @property
    def view_only_reason(self) -> str:
        """Why a record from here opens for reading only ('' when records can be edited)."""
        return "" if self.permits("edit") else readonly_rules.view_only_reason(self.data_folder)

    @property
    def read_only_note(self) -> str:
        """What to keep on show while the records folder is read-only ('' when it is writable)."""
        return readonly_rules.folder_note(self.data_folder) if self.readonly else ""

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
            if "readonly database" in str(exc):  # the file's own permissions, in a folder that is writable
                raise StoreError(
                    f"The records database {self.path} is read-only (its file permissions), so nothing can be "
                    "saved or recorded in the audit log; nothing was changed. Ask whoever looks after this "
                    "computer to make the file writable for you again."
                ) from exc
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

    def __enter__(self) -> Self:
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
        """What verify finds wrong (see audit.py), and any unsound pending-audit entry; empty when sound."""
        with self._reading():
            found = audit_log.verify(self._conn)
        return found + [Finding(None, None, problem) for problem in self.pending_audit().problems]

    def pending_audit(self) -> pending.Journal:
        """The pending-audit entries of these records not yet in the audit, and every problem in the journal."""
        folder = self.pending_folder
        with self._reading():
            journal = pending.read(folder, pending.database_identity(self._conn))
            done = pending.recorded(self._conn)
            waiting: builtins.list[pending.Entry] = []
            problems = builtins.list(journal.problems)
            for entry in journal.entries:
                if entry.id in done:
                    continue  # added; its file goes the next time the store is opened writable
                if pending.fits(self._conn, entry):
                    waiting.append(entry)
                else:
                    problems.append(pending.misfit(entry))
        return replace(journal, entries=tuple(waiting), problems=tuple(problems))

    def _add_pending(self) -> None:
        """Add the journal's entries for these records to the audit, in one transaction; then remove them.

        Never stops the store opening: entries that cannot be added now (the database busy, an entry
        unsound) stay in the journal, and verify reports them.
        """
        folder = self.pending_folder
        if not folder.is_dir():
            return
        pending.clear_stale(folder)
        try:
            with self._reading():
                journal = pending.read(folder, pending.database_identity(self._conn))
            if not journal.entries:
                return
            with self._transaction() as conn:
                done, _ = pending.add(conn, journal.entries)
        except StoreError:
            return
        pending.remove(done)  # only after the commit: a crash before this adds nothing twice (pending.add)

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
