"""Choosing how the records are kept: first run (encrypt, strongly recommended; required on a shared
computer) and Settings › Records security (change the passphrase, encrypt later, the idle lock).

The rules (a shared computer needs encryption, what a passphrase must be) are the core's
(screening.store.encryption); these dialogs only ask and show its messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from screening.settings import LOCK_MINUTES_OWN, LOCK_MINUTES_SHARED, MAX_LOCK_MINUTES, Settings
from screening.store.encryption import NO_BACK_DOOR, setup_problem
from ui.unlock import fit_height, password_edit, plain_label

SETUP_TITLE = "How should the records be kept?"
SETUP_INTRO = (
    "The screenings you save hold sensitive information about children. Encrypting them with a passphrase "
    "means that nobody who uses this computer, or gets hold of its disk, can read them without it.\n\n"
    "We strongly recommend encrypting the records."
)
SHARED_TEXT = "Other people use this computer (a family or shared computer)"
UNDERSTOOD = "I understand: if the passphrase is forgotten, the records cannot be recovered"
NOT_UNDERSTOOD = "Tick the box to say you understand that a forgotten passphrase cannot be recovered."
SHARED_PLAIN_TITLE = "Encrypt the records on this shared computer"
SHARED_PLAIN_INTRO = (
    "Your settings say that other people use this computer, but the records saved on it are not encrypted. "
    "On a shared or family computer they must be, so that nobody else who uses it can read them.\n\n"
    "Set a passphrase to encrypt them now: the records are copied into an encrypted database, checked, and "
    "the plain copy is removed. Nothing changes if anything goes wrong.\n\n"
    "Cancel to leave the records closed. Guidance only and Training still work."
)
SHARED_PLAIN_CHANGE = (
    "If nobody else uses this computer, change that in Settings › Records security… instead."
)


@dataclass(frozen=True)
class SetupChoice:
    shared: bool
    passphrase: str | None  # None: the records are not encrypted


class _NewPassphrase(QWidget):
    """New passphrase twice, the no-back-door warning and the box to tick."""

    def __init__(self, prefix: str = "New passphrase") -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        warning = plain_label("⚠ " + NO_BACK_DOOR, "noBackDoor")
        warning.setFrameShape(QFrame.Shape.StyledPanel)
        layout.addWidget(warning)
        form = QFormLayout()
        self.new = password_edit(prefix)
        self.again = password_edit(f"{prefix} again")
        form.addRow(plain_label(f"{prefix} (at least 8 characters):"), self.new)
        form.addRow(plain_label("The same again:"), self.again)
        layout.addLayout(form)
        self.understood = QCheckBox(UNDERSTOOD)
        layout.addWidget(self.understood)

    def clear(self) -> None:
        self.new.clear()
        self.again.clear()


class EncryptionSetupDialog(QDialog):
    """First run: encrypt (the default) or not; a shared computer must encrypt.

    ``existing=True``: plain records already saved on a computer the settings call shared (the
    settings changed by hand, or a plain database copied in). Only encrypting is offered; the
    answer about the computer is changed in Settings › Records security, not here.
    """

    def __init__(self, parent: QWidget | None = None, shared: bool = False, existing: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(SHARED_PLAIN_TITLE if existing else SETUP_TITLE)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(SHARED_PLAIN_INTRO if existing else SETUP_INTRO, "setupIntro"))
        if existing:
            shared = True
            layout.addWidget(plain_label(SHARED_PLAIN_CHANGE))
        self.shared = QCheckBox(SHARED_TEXT)
        self.shared.setChecked(shared)
        layout.addWidget(self.shared)
        self.encrypt = QRadioButton("Encrypt the records with a passphrase (recommended)")
        self.plain = QRadioButton("Do not encrypt (only on a computer nobody else uses)")
        self.encrypt.setChecked(True)
        layout.addWidget(self.encrypt)
        layout.addWidget(self.plain)
        self.passphrase = _NewPassphrase("Passphrase")
        layout.addWidget(self.passphrase)
        self.error = plain_label("", "setupError")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            "Encrypt and open the records" if existing else "Save and continue"
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.shared.toggled.connect(self._update)
        self.encrypt.toggled.connect(self._update)
        self._update()
        for choice in (self.shared, self.encrypt, self.plain):
            choice.setVisible(not existing)  # the intro says why; there is nothing to choose
        self.chosen: SetupChoice | None = None
        self.resize(620, self.sizeHint().height())

    def _update(self) -> None:
        shared = self.shared.isChecked()
        if shared:
            self.encrypt.setChecked(True)
        self.plain.setEnabled(not shared)
        self.plain.setToolTip("On a shared or family computer the records must be encrypted." if shared else "")
        self.passphrase.setVisible(self.encrypt.isChecked())

    def save(self) -> None:
        shared = self.shared.isChecked()
        passphrase = self.passphrase.new.text() if self.encrypt.isChecked() else None
        problem = setup_problem(shared, passphrase, self.passphrase.again.text())
        if not problem and passphrase is not None and not self.passphrase.understood.isChecked():
            problem = NOT_UNDERSTOOD
        if problem:
            self.error.setText(f"⚠ {problem}")
            self.error.setVisible(True)
            fit_height(self)
            return
        self.chosen = SetupChoice(shared, passphrase)
        self.passphrase.clear()
        self.accept()


def ask_setup(parent: QWidget | None, shared: bool, existing: bool = False) -> SetupChoice | None:
    dialog = EncryptionSetupDialog(parent, shared, existing)
    dialog.exec()
    dialog.passphrase.clear()
    return dialog.chosen


class SecurityDialog(QDialog):
    """Settings › Records security: the shared-computer answer, the idle lock, and the passphrase.

    run_encrypt(old, new) does the work (old None: turn encryption on) and returns '' or a message.
    Save writes the two settings; a shared computer cannot be saved with plain records.
    """

    def __init__(
        self,
        settings: Settings,
        state: str,
        run_encrypt: Callable[[str | None, str], str],
        parent: QWidget | None = None,
        save: Callable[[Settings], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Records security")
        self.settings = settings
        self.state = state  # 'none', 'plain' or 'encrypted' (ui.unlock.records_state)
        self.run_encrypt = run_encrypt
        self._save = save
        self.saved: Settings | None = None
        layout = QVBoxLayout(self)
        self.status = plain_label("", "securityStatus")
        layout.addWidget(self.status)

        box = QGroupBox("This computer")
        form = QVBoxLayout(box)
        self.shared = QCheckBox(SHARED_TEXT)
        self.shared.setChecked(settings.shared_computer)
        form.addWidget(self.shared)
        row = QFormLayout()
        self.minutes = QSpinBox()
        self.minutes.setRange(0, MAX_LOCK_MINUTES)
        self.minutes.setSpecialValueText(
            f"Automatic ({LOCK_MINUTES_SHARED} on a shared computer, {LOCK_MINUTES_OWN} otherwise)"
        )
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(settings.lock_after_minutes)
        self.minutes.setAccessibleName("Lock after minutes without use")
        row.addRow(plain_label("Lock the app after, without use:"), self.minutes)
        form.addLayout(row)
        form.addWidget(plain_label("The lock hides the window and asks for the passphrase again (encrypted records)."))
        layout.addWidget(box)

        self.change_box = QGroupBox("Change the passphrase")
        change = QVBoxLayout(self.change_box)
        old_row = QFormLayout()
        self.old = password_edit("Current passphrase")
        old_row.addRow(plain_label("Current passphrase:"), self.old)
        change.addLayout(old_row)
        self.change_new = _NewPassphrase()
        change.addWidget(self.change_new)
        self.change_button = QPushButton("Change the passphrase")
        self.change_button.clicked.connect(self.change_passphrase)
        change.addWidget(self.change_button)
        layout.addWidget(self.change_box)

        self.encrypt_box = QGroupBox("Encrypt the records now (recommended)")
        enc = QVBoxLayout(self.encrypt_box)
        enc.addWidget(plain_label(
            "The records are copied into an encrypted database, checked, and the plain copy is removed. "
            "Nothing changes if anything goes wrong."
        ))
        self.encrypt_new = _NewPassphrase("Passphrase")
        enc.addWidget(self.encrypt_new)
        self.encrypt_button = QPushButton("Encrypt the records")
        self.encrypt_button.clicked.connect(self.encrypt_now)
        enc.addWidget(self.encrypt_button)
        layout.addWidget(self.encrypt_box)

        self.message = plain_label("", "securityMessage")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show_state()
        self.shared.toggled.connect(self._shared_toggled)
        self.resize(620, self.sizeHint().height())

    def _shared_toggled(self, shared: bool) -> None:
        """A shared computer with plain records: say at once that they must be encrypted, and where."""
        if shared and self.state == "plain":
            self._say(setup_problem(True, None, None) + " Set a passphrase under \u201cEncrypt the records now\u201d "
                      "above, then Save: the records are encrypted first.")
            self.encrypt_new.new.setFocus()
        elif self.message.text().startswith(setup_problem(True, None, None)):
            self._say("")

    def _show_state(self) -> None:
        self.status.setText({
            "encrypted": "The records on this computer are encrypted with a passphrase.",
            "plain": "The records on this computer are NOT encrypted.",
            "none": "No records are saved yet. You choose how they are kept when you first save a screening.",
        }[self.state])
        self.change_box.setVisible(self.state == "encrypted")
        self.encrypt_box.setVisible(self.state == "plain")

    def _say(self, text: str) -> None:
        self.message.setText(text)  # a result or a refusal, said in words
        self.message.setVisible(bool(text))
        fit_height(self)

    def _new(self, fields: _NewPassphrase) -> str | None:
        new = fields.new.text()
        problem = setup_problem(False, new, fields.again.text())
        if not problem and not fields.understood.isChecked():
            problem = NOT_UNDERSTOOD
        if problem:
            self._say(problem)
            return None
        return new

    def change_passphrase(self) -> None:
        new = self._new(self.change_new)
        if new is None:
            return
        problem = self.run_encrypt(self.old.text(), new)
        self.old.clear()
        if problem:
            self._say(problem)
            return
        self.change_new.clear()
        self._say("The passphrase was changed. Use the new one from now on.")

    def encrypt_now(self) -> None:
        new = self._new(self.encrypt_new)
        if new is None:
            return
        problem = self.run_encrypt(None, new)
        if problem:
            self._say(problem)
            return
        self.encrypt_new.clear()
        self.state = "encrypted"
        self._show_state()
        self._say("The records are now encrypted. The app asks for the passphrase each time it starts.")

    def values(self) -> Settings:
        return self.settings.with_changes(
            shared_computer=self.shared.isChecked(), lock_after_minutes=self.minutes.value()
        )

    def save(self) -> None:
        if self.shared.isChecked() and self.state == "plain":
            if not self.encrypt_new.new.text():
                self._say(setup_problem(True, None, None) + " Encrypt the records above first.")
                self.encrypt_new.new.setFocus()
                return
            self.encrypt_now()  # the passphrase is typed: encrypt, then save (refusals are said)
            if self.state != "encrypted":
                return
        settings = self.values()
        if self._save is not None:
            try:
                self._save(settings)
            except OSError as exc:
                self._say(f"The settings could not be saved: {exc.strerror or exc}")
                return
        self.saved = settings
        self.accept()
