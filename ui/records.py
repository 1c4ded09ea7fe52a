"""Keeping a screening in the store: create on first save, autosave drafts, finalise, addenda.

Only a session in RECORD mode ever reaches the store; guidance-only and training sessions are
never given a keeper.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ui.session import Session

AUTOSAVE_MS = 3000


def open_default_store() -> Any:
    """The user's store (imported only when a screening is kept)."""
    from screening.store import Store

    return Store.open_default()


def default_store_exists() -> bool:
    """Whether the user's records database is there, found without creating anything."""
    from screening.paths import data_dir
    from screening.store import DB_NAME

    try:
        return (data_dir(create=False) / DB_NAME).exists()
    except OSError:
        return True  # let opening it report the problem


def refusal(store: Any, action: str) -> str:
    """Why the store cannot do the action now ('' when it can): the core decides (screening.store.readonly).

    A stand-in store without the question (a test's) can do anything.
    """
    ask = getattr(store, "refusal", None)
    return str(ask(action)) if callable(ask) else ""


def view_only_reason(store: Any) -> str:
    """Why a record from this store opens for reading only ('' when it can be edited)."""
    return str(getattr(store, "view_only_reason", "") or "")


CONFIRM_WORD = "DELETE"  # typed to confirm deleting a final record


@dataclass(frozen=True)
class DeletePlan:
    """How the app asks before deleting a record (plain Python, tested without Qt)."""

    retention: bool  # a final record: a reason from the store's RETENTION_REASONS and a typed word
    title: str
    text: str


def delete_plan(record: Any) -> DeletePlan:
    if getattr(record, "is_final", False):
        return DeletePlan(
            True,
            "Delete a final record?",
            "This record is final. Deleting it is a retention action: choose why, and type "
            f"{CONFIRM_WORD} to confirm. The audit log keeps a note of the deletion and its reason, "
            "with no personal details. This cannot be undone.",
        )
    return DeletePlan(
        False,
        "Delete this record?",
        "The record is deleted from this computer. The deletion is written in the audit log. "
        "This cannot be undone.",
    )


class SaveError(Exception):
    """Saving failed; the message is fit to show to a user."""


class RecordKeeper(QObject):
    """Autosaves a session's record a few seconds after the last edit."""

    saved = Signal()
    failed = Signal(str)

    def __init__(
        self,
        session: Session,
        store: Any,
        who: Callable[[], str],
        delay_ms: int = AUTOSAVE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if not session.saves:
            raise ValueError("guidance-only sessions are never saved")
        self.session = session
        self.store = store
        self._who = who
        # a draft re-stamped with the rule set loaded now (ui.session) is saved with it, so that it is
        # finalised under the rule set that made its suggestion
        self.dirty = session.restamped and not session.read_only
        self.last_error = ""
        self.closed = False
        self.marked = False  # whether this keeper marked the draft open (for crash recovery)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self._autosave)
        session.edited.connect(self._on_edit)
        if session.record.id and not session.read_only:
            self.store.mark_open(session.record.id)
            self.marked = True

    def who(self) -> str:
        return self._who()

    def _on_edit(self) -> None:
        self.dirty = True
        self.timer.start()  # restarted on every edit: saves once the typing stops

    def _autosave(self) -> None:
        try:
            self.save_now()
        except SaveError as exc:
            self.failed.emit(str(exc))

    def save_now(self) -> None:
        """Write the draft now if there is anything new (raises SaveError)."""
        self.timer.stop()
        session = self.session
        if session.read_only or not self.dirty:
            return
        record = session.record
        suggested = session.assessment.suggested.id if session.assessment.suggested else ""
        try:
            if not record.id:
                saved = self.store.create(record, self.who(), suggested_category=suggested)
                self.store.mark_open(saved.id)
                self.marked = True
            else:
                saved = self.store.save_draft(record, self.who(), suggested_category=suggested)
        except Exception as exc:  # the store's own errors, and the disk's
            self.last_error = _describe(exc)
            raise SaveError(self.last_error) from exc
        self.dirty = False
        self.last_error = ""
        session.adopt(saved)
        self.saved.emit()

    def finalise(self) -> None:
        """Save, then finalise; raises the store's NotComplete (with .issues) or SaveError."""
        self.save_now()
        record_id = self.session.record.id
        if not record_id:
            self.dirty = True
            self.save_now()
            record_id = self.session.record.id
        # refuse to finalise a version someone else has changed since this window read it
        final = self.store.finalise(record_id, self.who(), expected_updated=self.session.record.updated)
        self.session.adopt(final)

    def write_file(self, path: str, data: bytes) -> str:
        """Write a file made from the record (the referral PDF): saved first, audited, then written.

        The same route as ``screening referral ID -o``: the audit row is committed before the file
        exists (Store.write_record_file); raises SaveError or the store's error. Returns what to tell
        the user about the audit ('' usually; a note when the records folder is read-only).
        """
        self.save_now()
        if not self.session.record.id:
            self.dirty = True
            self.save_now()
        return str(self.store.write_record_file(self.session.record.id, path, data, "print", self.who()).note)

    def scratch_dir(self) -> Any:
        """The store's private scratch folder for the viewer's copy (emptied whenever a store opens).

        The store decides where: in the records folder, or in the user's private state folder when
        the records folder is read-only (Store.scratch_folder).
        """
        return self.store.scratch_folder()

    def add_addendum(self, text: str) -> None:
        record = self.store.add_addendum(self.session.record.id, text, self.who())
        self.session.adopt(record)

    def close(self) -> None:
        """Save what is left and mark the record closed (when the screening or window closes).

        Raises SaveError when the save (or the marking) fails; the keeper then carries on as before
        (autosave still on, the draft still marked open for crash recovery), so the user can stay.
        """
        if self.closed:
            return
        self.timer.stop()
        try:
            self.save_now()
            if self.session.record.id and self.marked:  # a record only read was never marked (a read-only folder)
                try:
                    self.store.mark_closed(self.session.record.id)
                except Exception as exc:
                    self.last_error = _describe(exc)
                    raise SaveError(self.last_error) from exc
        except SaveError:
            if self.dirty:
                self.timer.start()  # keep trying, as autosave would
            raise
        self._detach()

    def abandon(self) -> None:
        """Stop keeping the record without saving (the user chose to close after a failed save)."""
        if self.closed:
            return
        self._detach()
        if self.session.record.id and self.marked:
            # best effort: the store also clears its open marks when the app closes
            with contextlib.suppress(Exception):
                self.store.mark_closed(self.session.record.id)

    def _detach(self) -> None:
        self.timer.stop()
        self.session.edited.disconnect(self._on_edit)
        self.closed = True


def _describe(exc: BaseException) -> str:
    name = type(exc).__name__
    text = str(exc).strip()
    if name == "RecordLocked":
        return "This record is locked: " + (text or "it may be open in another window.")
    if name == "RecordNotFound":
        return "This record is no longer in the store: " + (text or "it may have been deleted.")
    return text or name
