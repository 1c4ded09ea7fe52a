"""The one service behind every message box, question and file chooser.

Widgets never call QMessageBox or QFileDialog themselves: they ask the service their window was
given (or ``service()``), so tests swap in a stub that records what would have been shown. All
text is shown as plain text, never guessed rich text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


class Dialogs:
    """Message boxes and file choosers. Subclass or stub it in tests."""

    # Qt's dialog classes are imported when first needed, so that start-up stays quick.
    def _box(self, parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, details: str = "") -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if details:
            box.setDetailedText(details)
        box.exec()

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._box(parent, QMessageBox.Icon.Information, title, text)

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._box(parent, QMessageBox.Icon.Warning, title, text)

    def error(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        from PySide6.QtWidgets import QMessageBox

        self._box(parent, QMessageBox.Icon.Critical, title, text, details)

    def question(self, parent: QWidget | None, title: str, text: str, yes: str = "Yes", no: str = "No") -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
        no_button = box.addButton(no, QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(no_button)
        box.setEscapeButton(no_button)
        box.exec()
        return box.clickedButton() is yes_button

    def problems(self, parent: QWidget | None, title: str, problems: Iterable[Any], intro: str = "") -> None:
        """Every problem at once, in one scrollable plain-text dialog."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

        dialog = QDialog(parent)
        dialog.setWindowTitle(title)
        layout = QVBoxLayout(dialog)
        lines = [str(p) for p in problems]
        heading = QLabel(intro or f"{len(lines)} problem(s) found:")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        text = QPlainTextEdit()
        text.setReadOnly(True)
        text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)  # a long message must be read whole
        text.setPlainText("\n".join(lines))
        text.setAccessibleName("Problems")
        text.setMinimumSize(640, 240)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(dialog.accept)
        layout.addWidget(buttons)
        dialog.exec()

    def ask_text(self, parent: QWidget | None, title: str, label: str, ok: str = "OK") -> str | None:
        """A multi-line text, or None when cancelled."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

        dialog = QDialog(parent)
        dialog.setWindowTitle(title)
        layout = QVBoxLayout(dialog)
        caption = QLabel(label)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        edit = QPlainTextEdit()
        edit.setAccessibleName(title)
        edit.setTabChangesFocus(True)
        caption.setBuddy(edit)
        layout.addWidget(edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return edit.toPlainText()

    def passphrase(self, parent: QWidget | None, title: str, text: str, error: str = "") -> str | None:
        """The records' passphrase (hidden as typed), or None when cancelled; error: why the last was refused."""
        from ui.unlock import ask_passphrase

        return ask_passphrase(parent, title, text, error)

    def encryption_setup(self, parent: QWidget | None, shared: bool) -> Any:
        """First run: how the records are kept (ui.encryption_setup.SetupChoice), or None when cancelled."""
        from ui.encryption_setup import ask_setup

        return ask_setup(parent, shared)

    def shared_encryption(self, parent: QWidget | None) -> Any:
        """Plain records on a shared computer: the set-up dialog offering only to encrypt them
        (ui.encryption_setup.SetupChoice with a passphrase), or None when declined."""
        from ui.encryption_setup import ask_setup

        return ask_setup(parent, True, existing=True)

    def pdf_protection(self, parent: QWidget | None, file_name: str = "") -> Any:
        """Save as… for a PDF with personal data: ui.pdf_password.PdfProtection, or None when cancelled."""
        from ui.pdf_password import ask_pdf_protection

        return ask_pdf_protection(parent, file_name)

    def choose_reason(
        self, parent: QWidget | None, title: str, text: str, reasons: dict[str, str], confirm_word: str
    ) -> str | None:
        """A reason's id, chosen from ``reasons`` and confirmed by typing ``confirm_word``; None if cancelled."""
        from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

        dialog = QDialog(parent)
        dialog.setWindowTitle(title)
        layout = QVBoxLayout(dialog)
        caption = QLabel(text)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        combo = QComboBox()
        combo.setAccessibleName("Why the record is deleted")
        combo.addItem("Choose the reason…", "")
        for reason_id, label in reasons.items():
            combo.addItem(label[:1].upper() + label[1:], reason_id)
        reason_label = QLabel("&Reason:")
        reason_label.setBuddy(combo)
        layout.addWidget(reason_label)
        layout.addWidget(combo)
        typed = QLineEdit()
        typed.setAccessibleName(f"Type {confirm_word} to confirm")
        typed_label = QLabel(f"&Type {confirm_word} to confirm:")
        typed_label.setTextFormat(Qt.TextFormat.PlainText)
        typed_label.setBuddy(typed)
        layout.addWidget(typed_label)
        layout.addWidget(typed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Delete")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)

        def allow() -> None:
            ok.setEnabled(bool(combo.currentData()) and typed.text().strip() == confirm_word)

        combo.currentIndexChanged.connect(lambda _i: allow())
        typed.textChanged.connect(lambda _t: allow())
        allow()
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return str(combo.currentData()) or None

    def open_file(self, parent: QWidget | None, title: str, filter: str = "", directory: str = "") -> str | None:
        return _choose_file(parent, title, filter, directory, save=False)

    def save_file(self, parent: QWidget | None, title: str, filter: str = "", directory: str = "") -> str | None:
        return _choose_file(parent, title, filter, directory, save=True)


def _choose_file(parent: QWidget | None, title: str, filter: str, directory: str, *, save: bool) -> str | None:
    """Qt's own file dialog, leaving no history of the folders a record's files went to.

    QFileDialog writes its history and last folder into QtProject.conf in the user's config
    folder when it closes, and a desktop's native dialog keeps a recent-files list: folder names
    can say whose records they are. So Qt's widget dialog is used, and Qt's user settings point
    at a private temporary folder removed as soon as the dialog is gone.
    """
    import shutil
    import tempfile

    import shiboken6
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog

    scratch = tempfile.mkdtemp(prefix="hsb-dialog-")  # 0700
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, scratch)
    try:
        dialog = QFileDialog(parent, title, directory, filter)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setHistory([])
        if save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        chosen = dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []
        dialog.setHistory([])
        shiboken6.delete(dialog)  # it writes its settings now, into the scratch folder
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return chosen[0] if chosen and chosen[0] else None


_service: Dialogs | None = None


def service() -> Dialogs:
    """The dialog service in use (tests replace it with ``set_service``)."""
    global _service
    if _service is None:
        _service = Dialogs()
    return _service


def set_service(dialogs: Dialogs | None) -> None:
    global _service
    _service = dialogs
