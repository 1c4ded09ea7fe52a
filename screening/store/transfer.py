"""Files in and out of the store: exports and referral PDFs (audited first), and imports."""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from screening.problems import Problem, ProblemsError
from screening.reading.yamlsafe import MAX_FILE_BYTES
from screening.records.document import Addendum, Record, completeness, parse_record
from screening.records.references import date_problems
from screening.store import files, pending
from screening.store.audit import default_who
from screening.store.base import StoreBase
from screening.store.document import checked_document, content_key, export_json
from screening.store.errors import StoreError


@dataclass(frozen=True)
class Imported:
    """One imported file: the id it has in the store, and whether it was there already."""

    id: str
    duplicate: bool


@dataclass(frozen=True)
class WrittenFile:
    """A file written for a record, and where its audit entry is."""

    action: str  # export or print
    records_folder: Path
    pending: Path | None = None  # the pending-audit journal, when the records folder was read-only

    @property
    def note(self) -> str:
        """What to tell the user when the entry waits in the journal; '' when it is in the audit log."""
        if self.pending is None:
            return ""
        return pending.read_only_note(self.action, self.records_folder, self.pending)


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class TransferMixin(StoreBase):
    """Writing a record's files and importing record documents."""

    # -- files written for a record: never without their audit row

    def write_record_file(self, record_id: str, path: str | os.PathLike[str], data: bytes, action: str,
                          who: str | None = None) -> WrittenFile:
        """Write a file made from a record (an export, a referral PDF), audited first.

        The audit row (the action and the file's SHA-256, never its name) is committed before the
        file is written; if the file then cannot be written, a "<action>_failed" row follows and
        StoreError says so. No temporary copy is left beside the target (see files.py). On a
        read-only store the entry goes first into the pending-audit journal (pending.py), and the
        result's ``note`` says so; when the journal cannot be written either, nothing is written.
        """
        if action not in ("export", "print"):
            raise ValueError("action must be export or print")
        who = who or default_who()
        target = Path(path)
        if not target.parent.is_dir():
            raise StoreError(f"{target}: cannot write the file: the folder {target.parent} does not exist")
        digest = file_sha256(data)
        if self.readonly:
            return self._write_pending(record_id, target, data, action, who, digest)
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
        return WrittenFile(action, self.data_folder)

    def _write_pending(self, record_id: str, target: Path, data: bytes, action: str, who: str,
                       digest: str) -> WrittenFile:
        """write_record_file on a read-only store: the journal entry is durable before the file exists."""
        folder = self.pending_folder
        with self._reading():
            self._row(self._conn, record_id)
            database, after = pending.database_identity(self._conn), pending.head(self._conn)
        entry = pending.new_entry(database, self._clock(), who, action, record_id, f"sha256 {digest}", after)
        try:
            pending.write(folder, entry)
        except OSError as exc:
            raise StoreError(pending.refusal(action, self.data_folder, folder, exc.strerror or str(exc))) from None
        except StoreError as exc:
            raise StoreError(pending.refusal(action, self.data_folder, folder, str(exc))) from None
        try:
            files.write_private(target, data, None)  # no scratch folder: the records folder is read-only
        except OSError as exc:
            reason = exc.strerror or str(exc)
            failed = pending.new_entry(database, self._clock(), who, f"{action}_failed", record_id, reason, after)
            with contextlib.suppress(OSError, StoreError):  # else the first entry stands: an unfinished attempt
                pending.write(folder, failed)
            raise StoreError(
                f"{target}: cannot write the file ({reason}); no file was made, and the attempt is recorded in "
                f"{folder}, to be added to the records audit the next time the records folder can be written"
            ) from None
        return WrittenFile(action, self.data_folder, folder)

    def export(self, record_id: str, path: str | os.PathLike[str], who: str | None = None,
               *, fmt: str | None = None) -> WrittenFile:
        """Write the record document to a file (atomically, 0600), audited first (write_record_file).

        fmt: "json" or "yaml"; None chooses by the file's extension (.yaml/.yml: YAML, else JSON).
        Both say in the file that it is not encrypted (a "notice" key in JSON, a header in YAML).
        """
        from screening.store.document import document_yaml

        target = Path(path)
        if fmt is None:
            fmt = "yaml" if target.suffix.lower() in (".yaml", ".yml") else "json"
        with self._reading():
            record = self._load(self._conn, record_id)
        text = export_json(record) if fmt == "json" else document_yaml(record)
        return self.write_record_file(record_id, target, text.encode("utf-8"), "export", who)

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
                existing = self._same_record(conn, new) or self._same_untimed_file(conn, record, new, digest)
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
            if self._addenda_of(conn, candidate) == record.addenda:
                return str(candidate)
        return None

    def _same_untimed_file(self, conn: Any, given: Record, stamped: Record, digest: str) -> str | None:
        """The record an earlier import of this very file made, if the file has no times of its own.

        Such a file is stamped with the time of each import, so its content key differs every time;
        the record it made is found by the file's hash in the audit instead, and must still match.
        """
        if given.created and given.updated:
            return None
        rows = conn.execute(
            "SELECT DISTINCT record_id FROM audit WHERE action = 'import' AND details = ?", (f"file sha256 {digest}",)
        ).fetchall()
        for (candidate,) in rows:
            query = "SELECT created, updated, content_key FROM records WHERE id = ?"
            row = conn.execute(query, (candidate,)).fetchone()
            if row is None:
                continue
            restamped = replace(stamped, created=given.created or row[0], updated=given.updated or row[1], addenda=())
            if content_key(restamped) == row[2] and self._addenda_of(conn, candidate) == given.addenda:
                return str(candidate)
        return None

    @staticmethod
    def _addenda_of(conn: Any, record_id: str) -> tuple[Addendum, ...]:
        return tuple(
            Addendum(at, author, text) for at, author, text in conn.execute(
                "SELECT at, author, text FROM addenda WHERE record_id = ? ORDER BY id", (record_id,)
            )
        )


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
