"""What every step page shares: a session to read from and write to, and read-only handling."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import (
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.session import Session
from ui.widgets import heading, plain

W = TypeVar("W", bound=QWidget)


class StepPage(QWidget):
    """A page of the screening. Subclasses build widgets in __init__ and fill them in refresh()."""

    key = ""
    title = ""
    intro = ""
    scrolls = True  # the window puts the page in a scroll area

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self._edit_widgets: list[QWidget] = []
        self._read_only = False
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 12)
        self.layout_.setSpacing(10)
        self.title_label = heading(self.title, 1.4)
        self.layout_.addWidget(self.title_label)
        if self.intro:
            self.intro_label = plain(self.intro)
            self.layout_.addWidget(self.intro_label)

    # -- editing widgets
    def editable(self, widget: W) -> W:
        """Register an input so that it is locked when the record is final."""
        self._edit_widgets.append(widget)
        self._lock(widget, self._read_only)
        return widget

    def forget(self, widget: QWidget) -> None:
        if widget in self._edit_widgets:
            self._edit_widgets.remove(widget)

    def edit_widgets(self) -> list[QWidget]:
        return list(self._edit_widgets)

    @staticmethod
    def _lock(widget: QWidget, read_only: bool) -> None:
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.setReadOnly(read_only)  # still readable, selectable and scrollable
        else:  # buttons, combo boxes, date and spin boxes, lists and tables
            widget.setEnabled(not read_only)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in self._edit_widgets:
            self._lock(widget, read_only)

    @property
    def read_only(self) -> bool:
        return self._read_only

    # -- the session
    def set_session(self, session: Session) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
        self.session = session
        session.changed.connect(self._on_changed)
        self._on_changed()

    def clear_session(self) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
            self.session = None

    def _on_changed(self) -> None:
        assert self.session is not None
        if self.session.read_only != self._read_only:
            self.set_read_only(self.session.read_only)
        self.refresh()

    def refresh(self) -> None:  # pragma: no cover - every page overrides it
        raise NotImplementedError

    def shown(self) -> None:
        """Called when the page becomes the current step."""
