"""Save as… for the referral summary: the step that offers to protect the PDF with a password.

The rule for the password is the core's (screening.documents.pdf.password_problem, the command
line's too); the PDF is encrypted by the core's build (build_referral_pdf(password=...)). The
password lives only in this dialog's boxes and the value handed back: it is never written to the
settings, the record, the audit or a log.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QVBoxLayout, QWidget

from screening.documents.pdf import MIN_PASSWORD, password_problem
from ui.unlock import fit_height, password_edit, plain_label

PROTECT_TITLE = "Protect the PDF with a password?"
PROTECT_INTRO = (
    "The referral summary holds personal information about a child. If you will send it by email or "
    "keep it on a shared drive, protect it with a password."
)
PROTECT_BOX = "&Protect the PDF with a password (recommended if you send it by email)"
PROTECT_EXPLAINED = (
    "• Anyone who opens the file needs the password: their PDF reader asks for it.\n"
    "• There is no way to recover the password. If it is forgotten, make the summary again from the record.\n"
    "• Tell the recipient the password by another route, for example by phone. Never put it in the same "
    "email as the file, or in the email's subject."
)
NOT_PROTECTED = "Without a password, the PDF says on every page that it is not encrypted."


@dataclass(frozen=True)
class PdfProtection:
    """What the step chose: a password (the PDF is encrypted with it) or None (not protected)."""

    password: str | None = field(default=None, repr=False)  # repr=False: never shown in a log or traceback


class PdfPasswordDialog(QDialog):
    """Protect or not; the password typed twice, hidden; Save is refused until the two agree."""

    def __init__(self, parent: QWidget | None = None, file_name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(PROTECT_TITLE)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(PROTECT_INTRO))
        if file_name:
            layout.addWidget(plain_label(f"Saving to: {file_name}", "protectFile"))
        explained = plain_label(PROTECT_EXPLAINED, "protectExplained")  # read before choosing: never greyed
        explained.setFrameShape(QFrame.Shape.StyledPanel)
        layout.addWidget(explained)
        self.protect = QCheckBox(PROTECT_BOX)
        layout.addWidget(self.protect)
        self.fields = QWidget()
        inner = QVBoxLayout(self.fields)
        inner.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.password = password_edit("PDF password")
        self.again = password_edit("PDF password again")
        first = plain_label(f"Pass&word (at least {MIN_PASSWORD} characters):")
        second = plain_label("The same &again:")
        for caption, edit in ((first, self.password), (second, self.again)):
            caption.setTextFormat(Qt.TextFormat.AutoText)  # our own fixed text, for the mnemonic
            caption.setBuddy(edit)
            form.addRow(caption, edit)
        inner.addLayout(form)
        layout.addWidget(self.fields)
        self.plain_note = plain_label(NOT_PROTECTED, "notProtectedNote")
        layout.addWidget(self.plain_note)
        self.error = plain_label("", "protectError")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.protect.toggled.connect(self._update)
        self.chosen: PdfProtection | None = None
        self._update()
        self.resize(600, self.sizeHint().height())

    def _update(self) -> None:
        on = self.protect.isChecked()
        self.fields.setEnabled(on)
        self.plain_note.setVisible(not on)
        self.error.setVisible(False)
        self.save_button.setText("Save with the password" if on else "Save without a password")
        if on:
            self.password.setFocus()

    def save(self) -> None:
        if not self.protect.isChecked():
            self.chosen = PdfProtection(None)
            self.accept()
            return
        password = self.password.text()
        problem = password_problem(password, self.again.text())
        if problem:
            self.error.setText(f"⚠ {problem}")
            self.error.setVisible(True)
            fit_height(self)
            self.clear()  # typed again, both: a slip in either box is the likelier cause
            self.password.setFocus()
            return
        self.chosen = PdfProtection(password)
        self.clear()
        self.accept()

    def clear(self) -> None:
        self.password.clear()
        self.again.clear()


def ask_pdf_protection(parent: QWidget | None, file_name: str = "") -> PdfProtection | None:
    """The choice, or None when cancelled (nothing is to be written)."""
    dialog = PdfPasswordDialog(parent, file_name)
    dialog.exec()
    dialog.clear()
    return dialog.chosen
