"""The records side of the window: list, open, import, export, delete, finalise, addenda.

Every question and message goes through the dialog service (ui/dialogs.py); what each one says
is decided by the plain functions at the top, tested without Qt. The controller reaches the
store only through the window (``window.store()``, behind the records gate), so guidance only
and training never touch it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

NOT_COMPLETE = "The record is not complete"
FILL_IN = "Fill these in before you finalise:"
DATES_TITLE = "Check the dates in this record"


@dataclass(frozen=True)
class Message:
    title: str
    text: str


def failure(exc: BaseException) -> str:
    """An error's own words, or its name when it has none."""
    return str(exc) or type(exc).__name__


def import_outcome(results: Sequence[Any]) -> Message:
    """What to say once the store has imported a file (each result has .id and .duplicate)."""
    if all(r.duplicate for r in results):
        ids = ", ".join(r.id for r in results)
        return Message("Already saved", f"This record is already saved ({ids}); nothing was imported.")
    ids = ", ".join(r.id for r in results if not r.duplicate)
    return Message("Record imported", f"Imported as a new record ({ids}).")


def export_name(record_id: str) -> str:
    return f"screening-record-{record_id[:8]}.json"


def exported(path: str, note: str = "") -> Message:
    """note: the store's word that the audit entry waits in the pending-audit journal (a read-only folder)."""
    return Message(
        "Record exported",
        f"The record was written to {path}. It is not encrypted and holds personal information about a "
        "child: store it only where your organisation allows, and delete it when you have finished with it."
        + (f"\n\n{note}" if note else ""),
    )


def dates_warning(problems: Iterable[Any]) -> str:
    return (
        "Some dates in this record cannot be right, so no suggestion should be relied on until "
        "they are put right on the Child step:\n\n" + "\n".join(p.message for p in problems)
    )


def issue_messages(exc: BaseException) -> list[str]:
    """The store's NotComplete carries .issues; anything else has none."""
    return [getattr(i, "message", str(i)) for i in getattr(exc, "issues", None) or ()]


def visited_on_open(record: Any) -> set[str]:
    """Steps counted as seen when a record is opened: a record with answers has been through them."""
    return {"context", "outcome"} if record.behaviours or record.unlisted_behaviours or record.is_final else set()


class RecordsController:
    """The window's record actions; the window keeps its method names (the menus call them)."""

    def __init__(self, window: Any) -> None:
        self.window = window

    @property
    def dialogs(self) -> Any:
        return self.window.dialogs  # read each time: tests swap the service on a built window

    def _refused(self, action: str, title: str) -> bool:
        """Say why the store cannot do the action (a read-only records folder), before asking anything."""
        from ui.records import refusal

        try:
            why = refusal(self.window.store(), action)
        except Exception:
            return False  # the action itself reports why the store cannot be opened
        if why:
            self.dialogs.info(self.window, title, why)
        return bool(why)

    def load(self) -> None:
        w = self.window
        if w.store_needs_checking():
            from ui.records import default_store_exists

            if not default_store_exists():
                # nothing saved yet: listing must not create the database (guidance only writes nothing)
                w.start.set_records(None, [])
                return
        open_id = w.session.record.id if w.session is not None else ""
        from ui.records import refusal

        try:
            store = w.store()
            # a draft left open by a crash is offered back only where it can be carried on (the core decides)
            resumable = not refusal(store, "mark_open")
            drafts = [d for d in store.unclosed_drafts() if d.id != open_id] if resumable else []
            w.start.set_records(store, drafts)  # paged and sorted in SQL as the list scrolls
            w.start.set_changes_refused(new=refusal(store, "create"), delete=refusal(store, "delete"))
        except Exception as exc:
            from ui.unlock import RecordsLocked

            # locked or kept closed on purpose: say why in the gate's words, not as damage
            locked = isinstance(exc, RecordsLocked)
            w.start.set_records_unavailable(str(exc) if locked else f"The saved records cannot be read: {exc}")
        w._update_chrome()  # the note that the records folder is read-only, or not

    def open(self, record_id: str) -> bool:
        w = self.window
        if not w.close_screening(show_start=False):
            return False
        from ui.records import view_only_reason

        try:
            store = w.store()
            record = store.get(record_id)
        except Exception as exc:
            self.dialogs.error(w, "Cannot open the record", failure(exc))
            w.show_start()
            return False
        from screening.records.references import date_problems
        from ui.session import RECORD, Session

        # a record saved or imported before dates were checked: shown, so its dates can be put right
        wrong = date_problems(record)
        if wrong:
            self.dialogs.warning(w, DATES_TITLE, dates_warning(wrong))
        # a read-only records folder: shown for reading, never marked open or saved (the store says why)
        session = Session(w.ruleset, record, RECORD, view_only=view_only_reason(store))
        session.visited.update(visited_on_open(record))
        return bool(w._begin(session))

    def finalise(self) -> None:
        w = self.window
        session, keeper = w.session, w.keeper
        if session is None or keeper is None or session.read_only:
            return
        from ui.records import SaveError

        issues = session.finalise_issues()  # screening.engine.finalise_issues
        if issues:
            self.dialogs.problems(w, NOT_COMPLETE, [i.message for i in issues], FILL_IN)
            return
        if not self.dialogs.question(
            w,
            "Finalise the record?",
            "Once finalised, the record cannot be changed. Anything you learn later is added as an addendum.",
            yes="Finalise",
            no="Not yet",
        ):
            return
        try:
            keeper.finalise()
        except SaveError as exc:
            self.dialogs.error(w, "The record could not be saved", str(exc))
        except Exception as exc:
            found = issue_messages(exc)
            if found:
                self.dialogs.problems(w, NOT_COMPLETE, found, FILL_IN)
            else:
                self.dialogs.error(w, "The record could not be finalised", failure(exc))

    def add_addendum(self) -> None:
        w = self.window
        if w.session is None or w.keeper is None or not w.session.record.is_final:
            return
        if self._refused("addendum", "The addendum cannot be added"):
            return
        text = self.dialogs.ask_text(
            w,
            "Add an addendum",
            "What you have learned since the record was finalised. The addendum is dated and signed with "
            "your name; the record itself does not change.",
            ok="Add addendum",
        )
        if text is None or not text.strip():
            return
        try:
            w.keeper.add_addendum(text.strip())
        except Exception as exc:
            self.dialogs.error(w, "The addendum could not be added", failure(exc))

    def export(self) -> None:
        """Write the open record as a record document (the same format the command line reads)."""
        w = self.window
        session, keeper = w.session, w.keeper
        if session is None or keeper is None:
            self.dialogs.info(w, "Nothing to export", "Only a saved record can be exported.")
            return
        from ui.records import SaveError

        try:
            keeper.save_now()
        except SaveError as exc:
            w._update_chrome()
            self.dialogs.error(w, "The record could not be saved, so it was not exported", str(exc))
            return
        record_id = session.record.id
        if not record_id:
            self.dialogs.info(w, "Nothing to export", "Nothing has been entered in this screening yet.")
            return
        path = self.dialogs.save_file(w, "Export the record", "Record documents (*.json)", export_name(record_id))
        if not path:
            return
        try:
            written = w.store().export(record_id, path, w.who())
        except Exception as exc:
            self.dialogs.error(w, "The record could not be exported", failure(exc))
            return
        done = exported(path, getattr(written, "note", ""))
        self.dialogs.info(w, done.title, done.text)

    def import_(self) -> None:
        from screening.problems import ProblemsError

        w = self.window
        if self._refused("import", "Nothing can be imported"):
            return
        path = self.dialogs.open_file(w, "Import a record document", "Record documents (*.json *.yaml *.yml)")
        if not path:
            return
        try:
            results = w.store().import_documents([path], w.who())
        except ProblemsError as exc:
            problems = [str(p) for p in exc.problems]
            self.dialogs.problems(w, "The file cannot be imported", problems, "Nothing was imported:")
            return
        except Exception as exc:
            self.dialogs.error(w, "The file could not be imported", failure(exc))
            return
        w.load_records()
        outcome = import_outcome(results)
        self.dialogs.info(w, outcome.title, outcome.text)

    def delete(self, record_id: str) -> None:
        """A draft is deleted after one question; a final record only as a retention action."""
        from ui.records import CONFIRM_WORD, delete_plan

        w = self.window
        if self._refused("delete", "The record cannot be deleted"):
            return
        try:
            record = w.store().get(record_id)
        except Exception as exc:
            self.dialogs.error(w, "The record could not be deleted", failure(exc))
            w.load_records()
            return
        plan = delete_plan(record)
        if plan.retention:
            from screening.store import RETENTION_REASONS

            reason = self.dialogs.choose_reason(w, plan.title, plan.text, RETENTION_REASONS, CONFIRM_WORD)
            if not reason:
                return
            kwargs: dict[str, Any] = {"reason": reason, "confirmed": True}
        else:
            if not self.dialogs.question(w, plan.title, plan.text, yes="Delete", no="Keep it"):
                return
            kwargs = {}
        try:
            w.store().delete(record_id, w.who(), **kwargs)
        except Exception as exc:
            self.dialogs.error(w, "The record could not be deleted", failure(exc))
        w.load_records()
