"""Helpers for the GUI tests: the small rule set's folder and a dialog service that records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data"
MINI = DATA / "mini"


class StubDialogs:
    """Records every message instead of showing it; answers questions as told."""

    def __init__(self, answer: bool = True, text: str | None = None, path: str | None = None) -> None:
        self.answer = answer
        self.reason: str | None = None  # what choose_reason answers
        self.text = text
        self.path = path
        self.calls: list[tuple[str, str, Any]] = []
        self.passphrases: list[str] = []
        self.passphrase_errors: list[str] = []
        self.setup: Any = None
        self.cancel_setup = False
        self.setups: list[bool] = []
        self.pdf_password: str | None = None
        self.shared_setup: Any = None  # what shared_encryption answers (None: Cancel)
        self.shared_asks = 0

    def _log(self, kind: str, title: str, body: Any) -> None:
        self.calls.append((kind, title, body))

    def info(self, parent: Any, title: str, text: str) -> None:
        self._log("info", title, text)

    def warning(self, parent: Any, title: str, text: str) -> None:
        self._log("warning", title, text)

    def error(self, parent: Any, title: str, text: str, details: str = "") -> None:
        self._log("error", title, text)

    def question(self, parent: Any, title: str, text: str, yes: str = "Yes", no: str = "No") -> bool:
        self._log("question", title, text)
        return self.answer

    def problems(self, parent: Any, title: str, problems: Any, intro: str = "") -> None:
        self._log("problems", title, [str(p) for p in problems])

    def ask_text(self, parent: Any, title: str, label: str, ok: str = "OK") -> str | None:
        self._log("ask_text", title, label)
        return self.text

    def choose_reason(self, parent: Any, title: str, text: str, reasons: Any, confirm_word: str) -> str | None:
        self._log("choose_reason", title, (text, dict(reasons), confirm_word))
        return self.reason

    def passphrase(self, parent: Any, title: str, text: str, error: str = "") -> str | None:
        """The next of self.passphrases (None when none are left: Cancel); errors shown are kept."""
        self.passphrase_errors.append(error)
        return self.passphrases.pop(0) if self.passphrases else None

    def encryption_setup(self, parent: Any, shared: bool) -> Any:
        """First run: self.setup (default: not shared, not encrypted), kept apart from calls."""
        from ui.encryption_setup import SetupChoice

        self.setups.append(shared)
        return self.setup if self.setup is not None or self.cancel_setup else SetupChoice(False, None)

    def shared_encryption(self, parent: Any) -> Any:
        """Plain records on a shared computer: self.shared_setup (None: declined); asks are counted."""
        self.shared_asks += 1
        return self.shared_setup

    def pdf_protection(self, parent: Any, file_name: str = "") -> Any:
        """Save as… for a referral PDF: self.pdf_password (None: not protected), logged without it."""
        from ui.pdf_password import PdfProtection

        self._log("pdf_protection", "", file_name)
        return PdfProtection(self.pdf_password)

    def open_file(self, parent: Any, title: str, filter: str = "", directory: str = "") -> str | None:
        self._log("open_file", title, filter)
        return self.path

    def save_file(self, parent: Any, title: str, filter: str = "", directory: str = "") -> str | None:
        self._log("save_file", title, filter)
        return self.path

    def kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.calls]


def click(qtbot: Any, widget: Any) -> None:
    """Click a button as a person would: tick boxes and radio buttons on their indicator."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton

    QApplication.processEvents()  # let pending layouts give the widget its place
    if isinstance(widget, QCheckBox | QRadioButton):
        pos = QPoint(min(8, widget.width() // 2), widget.height() // 2)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


class FailingStore:
    """A real store whose next save (draft or new record) raises OSError("disk full") when told to."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.fail_next = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def _check(self) -> None:
        if self.fail_next:
            self.fail_next = False
            raise OSError("disk full")

    def create(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        return self._store.create(*args, **kwargs)

    def save_draft(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        return self._store.save_draft(*args, **kwargs)
