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
from ui.records_access import RecordsAccess, open_default_store
from ui.records_controller import RecordsController
from ui.screening_lifecycle import ScreeningLifecycle
from ui.session import GUIDANCE, RECORD, TRAINING
from ui.start_page import StartPage
from ui.widgets import Banner
from ui.window_chrome import APP_TITLE, GUIDANCE_BANNER, TRAINING_BANNER, apply_chrome

__all__ = ["APP_TITLE", "GUIDANCE_BANNER", "TRAINING_BANNER", "MainWindow", "open_default_store"]

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from ui.records import RecordKeeper
    from ui.screening_view import ScreeningView
    from ui.session import Session

# The screening itself (session, engine, record model, pages, store) is imported when the first
# screening starts, so that the start screen appears quickly.


def _key(text: str) -> QKeySequence:
    """A shortcut from its portable text, or a QKeySequence.StandardKey name such as "New"."""
    standard = getattr(QKeySequence.StandardKey, text, None)
    return QKeySequence(standard) if standard is not None else QKeySequence(text)


class MainWindow(RecordsAccess, ScreeningLifecycle, QMainWindow):
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
        self.records = RecordsController(self)  # ui/records_controller.py
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
                prefs.save_if_readable(self.settings)  # not over a settings file with problems
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

    # -- the records: ui/records_controller.py; the store and the gate: ui/records_access.py
    def load_records(self) -> None:
        self.records.load()

    def open_record(self, record_id: str) -> bool:
        return self.records.open(record_id)

    def finalise(self) -> None:
        self.records.finalise()

    def add_addendum(self) -> None:
        self.records.add_addendum()

    def export_record(self) -> None:
        self.records.export()

    def import_records(self) -> None:
        self.records.import_()

    def delete_record(self, record_id: str) -> None:
        self.records.delete(record_id)

    def open_training(self) -> None:
        from ui.training import show_training  # the case list, the presenter view, the answers file

        show_training(self)

    # -- screenings: start, close and autosave are ui/screening_lifecycle.py

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

    # -- title and banners
    def _update_chrome(self) -> None:
        apply_chrome(self)  # ui/window_chrome.py

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
        self.close_store()  # this session's drafts are closed cleanly, so not offered back
        event.accept()
