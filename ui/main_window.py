"""The one window: the 999 banner, the start screen, and the screening with its step list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from screening.ruleset.model import RuleSet
from screening.texts import EMERGENCY_LINE
from ui import prefs
from ui.dialogs import Dialogs, service
from ui.records import AUTOSAVE_MS
from ui.session import GUIDANCE, RECORD, TRAINING
from ui.start_page import StartPage
from ui.widgets import Banner

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from ui.records import RecordKeeper
    from ui.screening_view import ScreeningView
    from ui.session import Session

# The screening itself (session, engine, record model, pages, store) is imported when the first
# screening starts, so that the start screen appears quickly.


def open_default_store() -> Any:
    from ui.records import open_default_store as open_store

    return open_store()


APP_TITLE = "Sexual behaviour screening"

GUIDANCE_BANNER = "Guidance only — nothing is saved"
TRAINING_BANNER = "Training — fictional cases only; nothing is saved"


def _key(text: str) -> QKeySequence:
    """A shortcut from its portable text, or a QKeySequence.StandardKey name such as "New"."""
    standard = getattr(QKeySequence.StandardKey, text, None)
    return QKeySequence(standard) if standard is not None else QKeySequence(text)


class MainWindow(QMainWindow):
    def __init__(
        self,
        ruleset: RuleSet,
        settings: Any = None,
        dialogs: Dialogs | None = None,
        store_factory: Callable[[], Any] = open_default_store,
        guidance_only: bool = False,
        autosave_ms: int = AUTOSAVE_MS,
        load_records: bool = True,
    ) -> None:
        super().__init__()
        self._load_after_paint = False
        self.ruleset = ruleset
        self.settings = settings if settings is not None else prefs.load()[0]
        self.dialogs = dialogs or service()
        self.store_factory = store_factory
        self.autosave_ms = autosave_ms
        self.guidance_only_start = guidance_only
        self._store: Any = None
        self.session: Session | None = None
        self._base_point_size: float | None = None
        self._zoom = 0
        self.keeper: RecordKeeper | None = None
        self.view: ScreeningView | None = None
        self._pending_mode: str | None = None
        self.role_not_saved = False  # set while the role is asked on the way into Training's case list
        self.setWindowTitle(APP_TITLE)
        self._place()

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.emergency = Banner("emergencyBanner", EMERGENCY_LINE, scale=1.15)
        column.addWidget(self.emergency)
        self.mode_banner = Banner("modeBanner")
        self.mode_banner.setVisible(False)
        column.addWidget(self.mode_banner)
        self.notice = Banner("noticeBanner")
        self.notice.setVisible(False)
        column.addWidget(self.notice)
        self.stack = QStackedWidget()
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.start = StartPage(ruleset, self.role())
        # the start screen scrolls when the window is small, so Open and Delete stay reachable
        self.start_scroll = QScrollArea()
        self.start_scroll.setWidgetResizable(True)
        self.start_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.start_scroll.setWidget(self.start)
        self.stack.addWidget(self.start_scroll)
        self.start.new_requested.connect(lambda: self.start_screening(RECORD))
        self.start.guidance_requested.connect(lambda: self.start_screening(GUIDANCE))
        self.start.training_requested.connect(self.open_training)
        self.start.open_requested.connect(self.open_record)
        self.start.delete_requested.connect(self.delete_record)
        self.start.role_chosen.connect(self.set_role)
        self.start.change_role_requested.connect(self.change_role)
        self._build_menus()
        from ui.lock import IdleLock
        from ui.unlock import RecordsGate

        self.gate, self.idle_lock = RecordsGate(self), IdleLock(self)  # ui/unlock.py, ui/lock.py
        self._update_chrome()

        if guidance_only:
            self.start_screening(GUIDANCE)
        # the saved records are listed just after the first paint: the store is not needed to start
        self._load_after_paint = load_records and not guidance_only

    # -- size and place: fits the screen (1280x720 school laptops), remembered in the app's settings
    def _place(self) -> None:
        from ui import geometry

        self.setMinimumSize(*geometry.MINIMUM)
        screen = self.screen().availableGeometry()
        rect = geometry.fit(
            getattr(self.settings, "window_geometry", "") or "",
            geometry.Rect(screen.x(), screen.y(), screen.width(), screen.height()),
        )
        self.resize(rect.width, rect.height)
        self.move(rect.x, rect.y)

    def on_start(self) -> bool:
        return self.stack.currentWidget() is self.start_scroll

    def _remember_geometry(self) -> None:
        from ui import geometry

        if self.isFullScreen() or self.isMaximized():
            return
        where = self.geometry()
        text = geometry.format_rect(geometry.Rect(where.x(), where.y(), where.width(), where.height()))
        self.settings = prefs.remember_geometry(self.settings, text)

    # -- menus and shortcuts: declared in ui.actions, one line each
    def _build_menus(self) -> None:
        from ui.actions import ACTIONS, MENUS

        bar = self.menuBar()
        menus = {title: bar.addMenu(title) for title in MENUS}
        self.actions_by_id: dict[str, QAction] = {}
        for spec in ACTIONS:
            menu = menus[spec.menu]
            if spec.separator_before:
                menu.addSeparator()
            action = QAction(spec.title, self)
            action.setObjectName(spec.id)
            action.setShortcuts([_key(k) for k in spec.shortcuts])
            action.setCheckable(spec.checkable)
            # the handler gets its declared arguments only: never triggered(bool)'s checked flag
            handler = getattr(self, spec.handler)
            action.triggered.connect(lambda _checked=False, h=handler, a=spec.args: h(*a))
            menu.addAction(action)
            self.actions_by_id[spec.id] = action

    def action(self, action_id: str) -> QAction:
        return self.actions_by_id[action_id]

    # -- settings and role
    def role(self) -> str:
        role = getattr(self.settings, "role", "") or ""
        return role if self.ruleset.has("role", role) else ""

    def set_role(self, role: str) -> None:
        """Remember the user's role (first run or a change), then carry on.

        Asked on the way into guidance only or training, the role is used but not saved: those
        modes write nothing unless the user saves a setting on purpose (Settings > Your role).
        """
        self.settings = prefs.with_role(self.settings, role)
        if self._pending_mode not in (GUIDANCE, TRAINING) and not self.role_not_saved:
            try:
                prefs.save(self.settings)
            except Exception as exc:
                self.dialogs.warning(self, "Settings not saved", f"The role could not be remembered: {exc}")
        self.start.set_role(role)
        if self.session is not None:
            self.session.set_role(role)
        pending, self._pending_mode, self.role_not_saved = self._pending_mode, None, False
        if pending is not None:
            self.start_screening(pending)

    def change_role(self) -> None:
        from ui.role import RoleDialog

        dialog = RoleDialog(self.ruleset, self.role(), self)
        if dialog.exec() and dialog.role():
            self.set_role(dialog.role())

    def open_settings(self) -> None:
        try:
            from ui.settings_dialog import SettingsDialog
        except ImportError:
            self.dialogs.info(self, "Settings", "The settings window is not available in this version.")
            return
        dialog = SettingsDialog(self.settings, self, ruleset=self.ruleset, dialogs=self.dialogs)
        if not dialog.exec():
            return
        self.settings = getattr(dialog, "saved", None) or prefs.load()[0]
        self.start.set_role(self.role())
        if self.view is not None:
            self.view.summary_page().settings = self.settings
            if self.session is not None:
                self.view.page("summary").refresh()

    def print_guide(self, band: str = "", audience: str = "practitioner") -> None:
        from ui.guide_dialog import GuideDialog

        GuideDialog(self.ruleset, self, role=self.role(), band=band, audience=audience, dialogs=self.dialogs).exec()

    def about(self) -> None:
        from ui.start_page import ruleset_line

        info = self.ruleset.info
        sources = "\n".join(f"- {s.title} {s.url}".rstrip() for s in info.sources)
        text = (
            f"{ruleset_line(self.ruleset)}\n\nLicence: {info.licence}\nSHA-256: {self.ruleset.sha256}\n"
            f"Loaded from: {self.ruleset.source}\n\nSources:\n{sources}\n\n{EMERGENCY_LINE}"
        )
        self.dialogs.info(self, "About this rule set", text)

    # -- the store (never touched by guidance-only or training)
    def store(self) -> Any:
        if self._store is None:  # the user's own records go through the gate: passphrase, first run
            self._store = self.gate.open() if self.store_factory is open_default_store else self.store_factory()
        return self._store

    def lock_now(self) -> None:
        if not self.idle_lock.lock():
            self.dialogs.info(self, "Nothing to lock", "The app locks only while encrypted records are open.")

    def unlock_records(self) -> None:
        self.gate.unlock_again()

    def open_security(self) -> None:
        from ui.encryption_setup import SecurityDialog
        from ui.unlock import records_state

        dialog = SecurityDialog(self.settings, records_state(), self.gate.reencrypt, self, save=prefs.save)
        if dialog.exec() and dialog.saved is not None:
            self.settings = dialog.saved
            self.idle_lock.poke()

    def who(self) -> str:
        name = getattr(self.settings, "practitioner_name", "") or ""
        if name:
            return name
        store = self.store()
        return store.default_who() if hasattr(store, "default_who") else ""

    def load_records(self) -> None:
        if self._store is None and self.store_factory is open_default_store:
            from ui.records import default_store_exists

            if not default_store_exists():
                # nothing saved yet: listing must not create the database (guidance only writes nothing)
                self.start.set_records(None, [])
                return
        open_id = self.session.record.id if self.session is not None else ""
        try:
            store = self.store()
            drafts = [d for d in store.unclosed_drafts() if d.id != open_id]
            self.start.set_records(store, drafts)  # paged and sorted in SQL as the list scrolls
        except Exception as exc:
            self.start.set_records_unavailable(f"The saved records cannot be read: {exc}")

    def open_training(self) -> None:
        from ui.training import show_training  # the case list, the presenter view, the answers file

        show_training(self)

    # -- screenings
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
        self._begin(Session(self.ruleset, record, mode))
        return True

    def open_record(self, record_id: str) -> bool:
        if not self.close_screening(show_start=False):
            return False
        try:
            record = self.store().get(record_id)
        except Exception as exc:
            self.dialogs.error(self, "Cannot open the record", str(exc) or type(exc).__name__)
            self.show_start()
            return False
        from screening.records.references import date_problems
        from ui.session import Session

        # a record saved or imported before dates were checked: shown, so its dates can be put right
        wrong = date_problems(record)
        if wrong:
            self.dialogs.warning(
                self,
                "Check the dates in this record",
                "Some dates in this record cannot be right, so no suggestion should be relied on until "
                "they are put right on the Child step:\n\n" + "\n".join(p.message for p in wrong),
            )
        session = Session(self.ruleset, record, RECORD)
        if record.behaviours or record.unlisted_behaviours or record.is_final:
            session.visited.update({"context", "outcome"})
        return self._begin(session)

    def _begin(self, session: Session) -> bool:
        if session.saves:
            self.gate.declined = False  # the user asked to keep a record: ask for the passphrase again
            from ui.records import RecordKeeper

            try:
                self.keeper = RecordKeeper(session, self.store(), self.who, self.autosave_ms, self)
            except Exception as exc:
                self.dialogs.error(self, "Cannot keep this record", str(exc) or type(exc).__name__)
                self.keeper = None
                self.show_start()
                return False
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
            prefs.save(remembered)
        except OSError:
            return  # a convenience: the record itself is saved
        self.settings = remembered

    def _autosave_failed(self, message: str) -> None:
        self.notice.set_text(f"⚠ The draft could not be saved: {message}")
        self.notice.setVisible(True)

    # -- navigation
    def next_step(self) -> None:
        if self.view is not None and self.stack.currentWidget() is self.view:
            self.view.go_next()

    def previous_step(self) -> None:
        if self.view is not None and self.stack.currentWidget() is self.view:
            self.view.go_back()

    def go_to(self, key: str) -> None:
        if self.view is not None and self.stack.currentWidget() is self.view:
            self.view.go_to(key)

    # -- finalise and addenda
    def finalise(self) -> None:
        session, keeper = self.session, self.keeper
        if session is None or keeper is None or session.read_only:
            return
        from ui.records import SaveError

        issues = session.finalise_issues()  # screening.engine.finalise_issues
        if issues:
            self.dialogs.problems(
                self, "The record is not complete", [i.message for i in issues], "Fill these in before you finalise:"
            )
            return
        if not self.dialogs.question(
            self,
            "Finalise the record?",
            "Once finalised, the record cannot be changed. Anything you learn later is added as an addendum.",
            yes="Finalise",
            no="Not yet",
        ):
            return
        try:
            keeper.finalise()
        except SaveError as exc:
            self.dialogs.error(self, "The record could not be saved", str(exc))
        except Exception as exc:
            found = getattr(exc, "issues", None)
            if found:
                self.dialogs.problems(
                    self,
                    "The record is not complete",
                    [getattr(i, "message", str(i)) for i in found],
                    "Fill these in before you finalise:",
                )
            else:
                self.dialogs.error(self, "The record could not be finalised", str(exc) or type(exc).__name__)

    def add_addendum(self) -> None:
        if self.session is None or self.keeper is None or not self.session.read_only:
            return
        text = self.dialogs.ask_text(
            self,
            "Add an addendum",
            "What you have learned since the record was finalised. The addendum is dated and signed with "
            "your name; the record itself does not change.",
            ok="Add addendum",
        )
        if text is None or not text.strip():
            return
        try:
            self.keeper.add_addendum(text.strip())
        except Exception as exc:
            self.dialogs.error(self, "The addendum could not be added", str(exc) or type(exc).__name__)

    # -- view: trainers show the tool to a room
    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.action("view.full_screen").setChecked(self.isFullScreen())

    def toggle_presentation(self) -> None:
        """Presentation mode: the start screen hides saved records' names (a trainer's room sees it)."""
        on = not self.start.presentation
        self.start.set_presentation(on)
        self.action("view.presentation").setChecked(on)

    def show_shortcuts(self) -> None:
        from ui.actions import shortcut_lines

        self.dialogs.info(self, "Keyboard shortcuts", "\n".join(shortcut_lines()))

    def zoom_text(self, step: int) -> None:
        """Scale every text from the system font size: step +1 / -1, or 0 for the system size."""
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if self._base_point_size is None:
            self._base_point_size = app.font().pointSizeF()
        old = app.font().pointSizeF()
        self._zoom = 0 if step == 0 else max(-3, min(8, self._zoom + step))
        new = self._base_point_size * (1.15**self._zoom)
        ratio = new / old if old > 0 else 1.0
        # headings, banners and colour chips set their own (relative) sizes, so the application font
        # alone does not reach them: every widget is scaled by the same ratio, from sizes read first
        sizes = [(w, w.font()) for w in app.allWidgets() if w.font().pointSizeF() > 0]
        font = app.font()
        font.setPointSizeF(new)
        app.setFont(font)
        for widget, before in sizes:
            before.setPointSizeF(before.pointSizeF() * ratio)
            widget.setFont(before)

    # -- record files
    def export_record(self) -> None:
        """Write the open record as a record document (the same format the command line reads)."""
        session, keeper = self.session, self.keeper
        if session is None or keeper is None:
            self.dialogs.info(self, "Nothing to export", "Only a saved record can be exported.")
            return
        from ui.records import SaveError

        try:
            keeper.save_now()
        except SaveError as exc:
            self._update_chrome()
            self.dialogs.error(self, "The record could not be saved, so it was not exported", str(exc))
            return
        record_id = session.record.id
        if not record_id:
            self.dialogs.info(self, "Nothing to export", "Nothing has been entered in this screening yet.")
            return
        path = self.dialogs.save_file(
            self, "Export the record", "Record documents (*.json)", f"screening-record-{record_id[:8]}.json"
        )
        if not path:
            return
        try:
            self.store().export(record_id, path, self.who())
        except Exception as exc:
            self.dialogs.error(self, "The record could not be exported", str(exc) or type(exc).__name__)
            return
        self.dialogs.info(
            self,
            "Record exported",
            f"The record was written to {path}. It holds personal information about a child: keep it "
            "as safely as the original.",
        )

    def import_records(self) -> None:
        from screening.problems import ProblemsError

        path = self.dialogs.open_file(self, "Import a record document", "Record documents (*.json *.yaml *.yml)")
        if not path:
            return
        try:
            results = self.store().import_documents([path], self.who())
        except ProblemsError as exc:
            self.dialogs.problems(
                self, "The file cannot be imported", [str(p) for p in exc.problems], "Nothing was imported:"
            )
            return
        except Exception as exc:
            self.dialogs.error(self, "The file could not be imported", str(exc) or type(exc).__name__)
            return
        self.load_records()
        if all(r.duplicate for r in results):
            ids = ", ".join(r.id for r in results)
            self.dialogs.info(self, "Already saved", f"This record is already saved ({ids}); nothing was imported.")
            return
        ids = ", ".join(r.id for r in results if not r.duplicate)
        self.dialogs.info(self, "Record imported", f"Imported as a new record ({ids}).")

    def delete_record(self, record_id: str) -> None:
        """A draft is deleted after one question; a final record only as a retention action."""
        from ui.records import CONFIRM_WORD, delete_plan

        try:
            record = self.store().get(record_id)
        except Exception as exc:
            self.dialogs.error(self, "The record could not be deleted", str(exc) or type(exc).__name__)
            self.load_records()
            return
        plan = delete_plan(record)
        if plan.retention:
            from screening.store import RETENTION_REASONS

            reason = self.dialogs.choose_reason(self, plan.title, plan.text, RETENTION_REASONS, CONFIRM_WORD)
            if not reason:
                return
            kwargs: dict[str, Any] = {"reason": reason, "confirmed": True}
        else:
            if not self.dialogs.question(self, plan.title, plan.text, yes="Delete", no="Keep it"):
                return
            kwargs = {}
        try:
            self.store().delete(record_id, self.who(), **kwargs)
        except Exception as exc:
            self.dialogs.error(self, "The record could not be deleted", str(exc) or type(exc).__name__)
        self.load_records()

    # -- title and banners
    def _update_chrome(self) -> None:
        session = self.session
        from ui.actions import ACTIONS, WindowState

        in_screening = session is not None and self.view is not None and self.stack.currentWidget() is self.view
        state = WindowState(in_screening=in_screening, kept=self.keeper is not None)
        for spec in ACTIONS:
            self.actions_by_id[spec.id].setEnabled(spec.enabled(state))
        if session is None:
            self.setWindowTitle(APP_TITLE)
            self.mode_banner.setVisible(False)
            self.notice.setVisible(False)
            return
        if session.mode == TRAINING:
            self.mode_banner.set_text(TRAINING_BANNER)
            self.setWindowTitle(f"{APP_TITLE} — {TRAINING_BANNER}")
        elif session.mode == GUIDANCE:
            self.mode_banner.set_text(GUIDANCE_BANNER)
            self.setWindowTitle(f"{APP_TITLE} — {GUIDANCE_BANNER}")
        else:
            record = session.record
            who = record.child.name.strip() or "New screening"
            status = "finalised, read-only" if record.is_final else "draft"
            self.mode_banner.set_text(
                "Finalised record — read-only. Add later information as an addendum." if record.is_final else ""
            )
            self.setWindowTitle(f"{APP_TITLE} — {who} ({status})")
        kind = {TRAINING: "training", GUIDANCE: "guidance"}.get(session.mode, "final")
        if self.mode_banner.property("kind") != kind:
            self.mode_banner.setProperty("kind", kind)
            self.mode_banner.style().unpolish(self.mode_banner)
            self.mode_banner.style().polish(self.mode_banner)
        self.mode_banner.setVisible(bool(self.mode_banner.text()))
        notices = []
        info = self.ruleset.info
        if session.started_with is not None and not session.record.is_final:
            old = session.started_with
            notices.append(
                f"This draft was started with rule set {old.id} version {old.version}; it now uses "
                f"{info.id} version {info.version}, and the suggestion may differ."
            )
        elif session.ruleset_differs and session.record.ruleset is not None:
            ref = session.record.ruleset
            notices.append(
                f"This record was finalised with rule set {ref.id} version {ref.version}, not the one loaded now "
                f"({info.id} version {info.version}); it is kept as it was made, but the suggestion shown here "
                "may differ from the one made at the time."
            )
        if self.keeper is not None and self.keeper.last_error:
            notices.append(f"⚠ The draft could not be saved: {self.keeper.last_error}")
        self.notice.set_text("\n".join(notices))
        self.notice.setVisible(bool(notices))

    def event(self, event: QEvent) -> bool:
        if self._load_after_paint and event.type() == QEvent.Type.Paint:
            self._load_after_paint = False
            QTimer.singleShot(0, self.load_records)
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_screening(show_start=False):
            event.ignore()
            return
        self._remember_geometry()
        if self._store is not None:
            try:
                self._store.close()  # this session's drafts are closed cleanly, so not offered back
            except Exception as exc:
                self.dialogs.error(self, "The records could not be closed cleanly", str(exc) or type(exc).__name__)
            self._store = None
        event.accept()
