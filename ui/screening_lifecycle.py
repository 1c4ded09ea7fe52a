"""A screening's life in the window: start, begin (keeper and view), autosave notices, close.

Mixed into MainWindow, which holds the state (session, keeper, view, stack). Only a RECORD
session gets a keeper (ui/records.py), so guidance only and training never reach the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ui import prefs
from ui.session import RECORD

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from ui.records import RecordKeeper
    from ui.screening_view import ScreeningView
    from ui.session import Session


class ScreeningLifecycle:
    """Start, show and close the one open screening."""

    # set by MainWindow.__init__
    ruleset: Any
    settings: Any
    dialogs: Any
    gate: Any
    stack: Any
    start: Any
    start_scroll: Any
    notice: Any
    autosave_ms: int
    session: Session | None
    keeper: RecordKeeper | None
    view: ScreeningView | None
    _pending_mode: str | None
    role_not_saved: bool

    guidance_only_start: bool
    _store: Any

    if TYPE_CHECKING:  # provided by MainWindow and its other parts; declared for the type checker only

        def role(self) -> str: ...
        def store(self) -> Any: ...
        def who(self) -> str: ...
        def load_records(self) -> None: ...
        def _update_chrome(self) -> None: ...
        def finalise(self) -> None: ...
        def add_addendum(self) -> None: ...
        def open_settings(self) -> None: ...

    def new_screening(self) -> None:
        self.start_screening(RECORD)

    def _ensure_view(self) -> ScreeningView:
        if self.view is None:
            from ui.screening_view import ScreeningView

            self.view = ScreeningView(self.settings)
            self.stack.addWidget(self.view)
            summary = self.view.summary_page()
            summary.finalise_requested.connect(self.finalise)
            summary.addendum_requested.connect(self.add_addendum)
            summary.settings_requested.connect(self.open_settings)
        return self.view

    def start_screening(self, mode: str) -> bool:
        if not self.close_screening(show_start=False):
            return False
        role = self.role()
        if not role:
            self._pending_mode, self.role_not_saved = mode, False
            self.show_start()
            return False
        referrer = prefs.referrer_from(self.settings) if mode == RECORD else None
        from ui.session import Session, new_record

        record = new_record(self.ruleset, role, referrer=referrer)
        return self._begin(Session(self.ruleset, record, mode))

    def _begin(self, session: Session) -> bool:
        if session.saves:
            self.gate.declined = False  # the user asked to keep a record: ask for the passphrase again
            from ui.records import RecordKeeper, refusal

            refused = ""
            try:
                store = self.store()
                # a new screening where nothing can be saved (a read-only records folder): the core says so
                refused = "" if session.record.id else refusal(store, "create")
                if not refused:
                    parent = cast("QObject", self)  # mixed into the window
                    self.keeper = RecordKeeper(session, store, self.who, self.autosave_ms, parent)
            except Exception as exc:
                self.keeper = None
                if not session.record.id:  # a new screening while the records are closed: say so, offer guidance
                    return self._offer_guidance(str(exc) or type(exc).__name__)
                self.dialogs.error(self, "Cannot keep this record", str(exc) or type(exc).__name__)
                self.show_start()
                return False
            if refused:
                return self._offer_guidance(refused)
            self.keeper.failed.connect(self._autosave_failed)
            self.keeper.saved.connect(self._remember_referrer)
        self.session = session
        session.changed.connect(self._update_chrome)
        view = self._ensure_view()
        view.summary_page().set_keeper(self.keeper if session.saves else None)
        view.set_session(session)
        self.stack.setCurrentWidget(view)
        self._update_chrome()
        view.pages[0].setFocus()
        view.steps.setFocus()
        return True

    def _offer_guidance(self, refused: str) -> bool:
        """A new screening cannot be kept: say why, and offer Guidance only (which saves nothing)."""
        self.show_start()
        if self.dialogs.question(
            self,
            "A new screening cannot be saved",
            f"{refused}\n\nGuidance only still works: it shows what the guide says for the child's age and "
            "your role, and nothing is saved. Start Guidance only instead?",
            yes="Guidance only",
            no="Back to the start",
        ):
            from ui.session import GUIDANCE

            return self.start_screening(GUIDANCE)
        return False

    def close_screening(self, show_start: bool = True) -> bool:
        """Save and close the current screening (if any); False if the user chose to stay."""
        if self.session is not None:
            if self.keeper is not None:
                from ui.records import SaveError

                try:
                    self.keeper.close()
                except SaveError as exc:
                    self._update_chrome()  # the notice says the draft could not be saved
                    keep_open = not self.dialogs.question(
                        self,
                        "The record could not be saved",
                        f"{exc}\n\nClose it anyway? The latest changes will be lost.",
                        yes="Close anyway",
                        no="Stay",
                    )
                    if keep_open:
                        return False  # the keeper carries on: autosave keeps trying
                    self.keeper.abandon()
                self.keeper.deleteLater()
                self.keeper = None
            self.session.changed.disconnect(self._update_chrome)
            self.session = None
            if self.view is not None:
                self.view.screening_closed()  # temporary copies of the summary go now, not at exit
        if show_start:
            self.show_start()
        return True

    def show_start(self) -> None:
        self.stack.setCurrentWidget(self.start_scroll)
        self._update_chrome()
        if not self.guidance_only_start or self._store is not None:
            self.load_records()
        else:
            self.start.set_records_unavailable(
                "Started in guidance only, so saved records are not opened. Start the app without "
                "--guidance-only to see them."
            )

    def _remember_referrer(self) -> None:
        """A saved record's referrer details are offered again next time (screening.settings)."""
        if self.session is None or not self.session.saves:
            return
        remembered = prefs.remember_referrer(self.settings, self.session.record.referral.referrer)
        if remembered is self.settings:
            return
        try:
            if not prefs.save_if_readable(remembered):
                return  # the settings file has problems: left for the user to fix
        except OSError:
            return  # a convenience: the record itself is saved
        self.settings = remembered

    def _autosave_failed(self, message: str) -> None:
        self.notice.set_text(f"⚠ The draft could not be saved: {message}")
        self.notice.setVisible(True)
