"""Files in and out of the store: exports and referral PDFs (audited first), and imports."""

from __future__ import annotations

import builtins
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
from screening.store import files
from screening.store.audit import default_who
from screening.store.base import StoreBase
from screening.store.document import checked_document, content_key
from screening.store.errors import StoreError


@dataclass(frozen=True)
class Imported:
    """One imported file: the id it has in the store, and whether it was there already."""

    id: str
    duplicate: bool


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class TransferMixin(StoreBase):
    """Writing a record's files and importing record documents."""

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
