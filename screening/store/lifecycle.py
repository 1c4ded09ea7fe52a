"""A record's life in the store: created, saved as a draft, made final, added to, deleted."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from typing import Any

from screening.records.document import MAX_RECORD_TEXT, Addendum, Record, completeness
from screening.store.audit import default_who
from screening.store.base import StoreBase
from screening.store.document import checked_document
from screening.store.errors import NotComplete, NotFinal, RecordChanged, RecordLocked, RetentionRefused
from screening.store.times import later_than, timestamp

# Autosave calls save_draft every few seconds; one "edit" audit row per editing spell is enough.
EDIT_COALESCE = dt.timedelta(minutes=10)

# Why a final record may be deleted. Fixed words, so the tombstone holds no personal data.
RETENTION_REASONS: dict[str, str] = {
    "retention_period_ended": "the retention period has ended",
    "created_in_error": "it was created in error (a test, or the wrong child)",
    "duplicate": "it duplicates another saved record",
    "erasure_upheld": "a request to erase it was upheld",
}


class LifecycleMixin(StoreBase):
    """Every write that changes a record; each is one transaction with its audit row."""

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
