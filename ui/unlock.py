"""Opening the records from the app: ask the passphrase when they are encrypted, offer encryption at first run.

The gate stands between the window and the store. Guidance only and Training never call it, so
they never ask for a passphrase and never make a database. A wrong passphrase is said plainly
and asked again; nothing is opened or changed. Cancel leaves the records closed, and the app
carries on with Guidance only and Training.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from screening.store.errors import StoreError

UNLOCK_TITLE = "Unlock the records"
UNLOCK_TEXT = (
    "The saved records on this computer are encrypted. Type the passphrase to open them.\n\n"
    "Cancel to carry on without them: Guidance only and Training still work."
)
FORGOTTEN = "A forgotten passphrase cannot be recovered: there is no back door."
SHARED_CLOSED = (
    "The saved records are not encrypted, and your settings say other people use this computer, so they "
    "stay closed. To open them, encrypt them with a passphrase: choose File › Unlock the records…, or "
    "Settings › Records security… (where, if nobody else uses this computer, you can untick "
    "\u201cOther people use this computer\u201d instead). Guidance only and Training work without the records."
)


class RecordsLocked(StoreError):
    """The records are encrypted and the passphrase was not given (the user cancelled)."""


def plain_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    if name:
        label.setObjectName(name)
    return label


def fit_height(dialog: QWidget) -> None:
    """Grow a dialog to fit what it now shows (a message just appeared): wrapped labels need the
    height for the dialog's width, which Qt's minimum size does not allow for, so boxes get squashed."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    wanted = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else -1
    wanted = max(wanted, layout.totalSizeHint().height())
    if dialog.height() < wanted:
        dialog.resize(dialog.width(), wanted)


def password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    edit.setObjectName(name.replace(" ", "_"))
    return edit


class PassphraseDialog(QDialog):
    """One passphrase, with the reason it was refused last time (if any)."""

    def __init__(self, parent: QWidget | None, title: str, text: str, error: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(text))
        self.edit = password_edit("Passphrase")
        caption = plain_label("&Passphrase:")
        caption.setTextFormat(Qt.TextFormat.AutoText)  # our own fixed text, for the mnemonic
        caption.setBuddy(self.edit)
        layout.addWidget(caption)
        layout.addWidget(self.edit)
        self.error = plain_label(f"⚠ {error}" if error else "", "passphraseError")
        self.error.setVisible(bool(error))
        layout.addWidget(self.error)
        layout.addWidget(plain_label(FORGOTTEN))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Unlock")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def take(self) -> str:
        """The passphrase typed, cleared from the box (Qt keeps no other copy we can reach)."""
        text = self.edit.text()
        self.edit.clear()
        return text


def ask_passphrase(parent: QWidget | None, title: str, text: str, error: str = "") -> str | None:
    dialog = PassphraseDialog(parent, title, text, error)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        dialog.take()
        return None
    return dialog.take()


def records_folder(create: bool = False) -> Path:
    from screening.paths import data_dir

    return data_dir(create=create)


def records_state() -> str:
    """'none' (no database yet), 'encrypted' or 'plain'; found without creating anything."""
    from screening.store import DB_NAME
    from screening.store.db import is_encrypted_file
    from screening.store.encryption import marked_encrypted

    folder = records_folder()
    path = folder / DB_NAME
    try:
        if not path.exists() or path.stat().st_size == 0:
            return "none"
        return "encrypted" if marked_encrypted(folder) and is_encrypted_file(path) else "plain"
    except OSError:
        return "plain"  # opening it reports the problem


class RecordsGate:
    """Opens the window's store: unlocking it, or setting it up at first run."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.declined = False  # the user cancelled the passphrase: do not ask again until they act

    def open(self) -> Any:
        from screening.store import Store

        state = records_state()
        if state == "none":
            return self._first_run()
        if state == "encrypted":
            return self._unlock()
        from screening.settings import Settings, encryption_required

        settings = self.window.settings if isinstance(self.window.settings, Settings) else Settings()
        if encryption_required(settings, store_is_encrypted=False):  # the core's rule, the command line's too
            return self._encrypt_shared()  # plain records on a shared computer are never shown
        return Store.open_default()

    def _encrypt_shared(self) -> Any:
        """Plain records on a computer the settings call shared: encrypted first, or kept closed.

        The set-up dialog (only encrypting offered, the no-back-door warning and all) and the
        core's migration (screening.store.encryption.encrypt: copied, verified, then swapped in).
        """
        from screening.store import DB_NAME, Store
        from screening.store.encryption import encrypt, setup_problem

        if self.declined:
            raise RecordsLocked(SHARED_CLOSED)
        choice = self.window.dialogs.shared_encryption(self.window)
        passphrase = getattr(choice, "passphrase", None)
        if passphrase is None:
            self.declined = True  # not asked again until the user acts (File › Unlock, a new screening)
            raise RecordsLocked(SHARED_CLOSED)
        problem = setup_problem(True, passphrase, passphrase)
        if problem:  # the dialog refuses these already
            raise StoreError(problem)
        path = records_folder() / DB_NAME
        try:
            encrypt(path, passphrase, who=getattr(self.window.settings, "practitioner_name", "") or "")
            return Store(path, passphrase=passphrase)
        except StoreError as exc:
            self.declined = True
            raise RecordsLocked(f"The records could not be encrypted: {exc}.\n\n{SHARED_CLOSED}") from None
        finally:
            del passphrase

    def _unlock(self) -> Any:
        from screening.store import Store, WrongPassphrase

        if self.declined:
            raise RecordsLocked(
                "The records are encrypted and locked. Choose File › Unlock the records… to open them; "
                "Guidance only and Training work without them."
            )
        error = ""
        while True:
            passphrase = self.window.dialogs.passphrase(self.window, UNLOCK_TITLE, UNLOCK_TEXT, error)
            if passphrase is None:
                self.declined = True
                raise RecordsLocked(
                    "The records are encrypted and were not unlocked. Choose File › Unlock the records… to "
                    "open them; Guidance only and Training work without them."
                )
            try:
                return Store.open_default(passphrase)
            except WrongPassphrase as exc:
                error = str(exc)
            finally:
                del passphrase

    def _first_run(self) -> Any:
        from screening.store import DB_NAME, Store
        from screening.store.encryption import mark_encrypted, setup_problem
        from ui import prefs

        settings = self.window.settings
        choice = self.window.dialogs.encryption_setup(self.window, bool(getattr(settings, "shared_computer", False)))
        if choice is None:
            raise RecordsLocked(
                "No records database was made, so nothing can be saved yet. Start a new screening again to "
                "choose how the records are kept; Guidance only and Training work without it."
            )
        problem = setup_problem(choice.shared, choice.passphrase, choice.passphrase)
        if problem:  # the dialog refuses these already; never make a plain database on a shared computer
            raise StoreError(problem)
        changed = settings.with_changes(shared_computer=choice.shared)
        try:
            prefs.save(changed)  # the user chose on purpose: Save and continue
        except OSError as exc:
            self.window.dialogs.warning(self.window, "Settings not saved", f"The choice could not be remembered: {exc}")
        self.window.settings = changed
        if choice.passphrase is None:
            return Store.open_default()
        folder = records_folder(create=True)
        mark_encrypted(folder)  # first, so a database made a moment later is never taken for a foreign file
        return Store(folder / DB_NAME, passphrase=choice.passphrase)

    def unlock_again(self) -> None:
        """File › Unlock the records: ask again, even after a Cancel."""
        self.declined = False
        self.window.load_records()

    def reencrypt(self, old: str | None, new: str) -> str:
        """Turn encryption on (old None) or change the passphrase; '' when done, else the message.

        The window's connection is closed first (the file is replaced under it) and reopened with
        the new passphrase. A screening being kept must be closed first.
        """
        from screening.store import DB_NAME, Store
        from screening.store.encryption import encrypt

        window = self.window
        if window.keeper is not None:
            return "Close the open screening first (File › Close screening), then try again."
        path = records_folder(create=True) / DB_NAME
        if window._store is not None:
            window._store.close()
            window._store = None
        try:
            encrypt(path, new, old_passphrase=old, who=getattr(window.settings, "practitioner_name", "") or "")
        except StoreError as exc:
            return str(exc)
        finally:
            del old
        window._store = Store(path, passphrase=new)
        window.load_records()
        return ""
