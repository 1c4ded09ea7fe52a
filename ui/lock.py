"""The idle lock: after N minutes without a key or mouse press, the window hides its content.

It locks only while encrypted records are open (the passphrase is what unlocks it). On lock the
draft is saved, the screening is closed and the store with it, so the database's key is no longer
held by this process (Python strings cannot be wiped, but no reference to the passphrase is
kept); the window shows a lock screen over its pages and its title names no child. Unlocking
reopens the store and the record, at the step it was on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from screening.settings import idle_lock_minutes
from ui.unlock import FORGOTTEN, password_edit, plain_label

LOCKED_TITLE = "Sexual behaviour screening — locked"
_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockScreen(QWidget):
    """Shown over the window's pages while it is locked."""

    def __init__(self, unlock: Any) -> None:
        super().__init__()
        self.setObjectName("lockScreen")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        heading = QLabel("The app is locked")
        heading.setObjectName("lockHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        column.addWidget(heading)
        self.reason = plain_label("It was not used for a while, so the records are hidden and closed.")
        column.addWidget(self.reason)
        column.addWidget(plain_label("Type the passphrase to carry on where you left off."))
        row = QHBoxLayout()
        self.edit = password_edit("Passphrase")
        self.edit.returnPressed.connect(unlock)
        row.addWidget(self.edit, 1)
        self.button = QPushButton("&Unlock")
        self.button.clicked.connect(unlock)
        row.addWidget(self.button)
        column.addLayout(row)
        self.error = plain_label("", "lockError")
        self.error.setVisible(False)
        column.addWidget(self.error)
        column.addWidget(plain_label(FORGOTTEN))
        holder = QHBoxLayout()
        holder.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(560)
        box.setLayout(column)
        holder.addWidget(box, 3)
        holder.addStretch(1)
        outer.addLayout(holder)
        outer.addStretch(2)

    def show_error(self, text: str) -> None:
        self.error.setText(f"⚠ {text}" if text else "")
        self.error.setVisible(bool(text))


class IdleLock(QObject):
    """Watches the application's input; locks the window when the timer runs out."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.locked = False
        self.save_error = ""
        self._record_id = ""
        self._step = ""
        self._behind: QWidget | None = None
        self.screen: LockScreen | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.poke()

    def interval_ms(self) -> int:
        return idle_lock_minutes(self.window.settings) * 60_000

    def poke(self) -> None:
        """Input: start counting again."""
        if not self.locked:
            self.timer.start(self.interval_ms())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.poke()
        return False

    def armed(self) -> bool:
        store = self.window._store
        return store is not None and bool(getattr(store, "encrypted", False))

    def lock(self) -> bool:
        """Lock now (the timer, or File › Lock now). False when there is nothing to lock."""
        window = self.window
        if self.locked or not self.armed():
            self.poke()
            return False
        from ui.records import SaveError

        self.save_error, self._record_id, self._step = "", "", ""
        self._behind = window.stack.currentWidget()
        keeper = window.keeper
        if keeper is not None:
            try:
                keeper.save_now()  # the draft in progress is saved before anything is hidden
            except SaveError as exc:
                self.save_error = str(exc)
        if not self.save_error and keeper is not None and window.session is not None:
            self._record_id = window.session.record.id
            self._step = window.view.current_key() if window.view is not None else ""
            if not window.close_screening(show_start=False):
                self.save_error = "the record could not be closed"
        if not self.save_error and window.keeper is None:
            store, window._store = window._store, None
            window.start.set_records(None, [])  # the list's model lets go of the store and the names
            store.close()  # the key goes with the connection
            del store
        if self.screen is None:
            self.screen = LockScreen(self.unlock)
            window.stack.addWidget(self.screen)
        self.screen.show_error("")
        self.screen.reason.setText(
            "It was not used for a while, so the records are hidden and closed."
            if not self.save_error
            else f"It was not used for a while, so the window is hidden. The draft could not be saved ("
            f"{self.save_error}); it is kept open behind the lock."
        )
        window.stack.setCurrentWidget(self.screen)
        self.locked = True
        for action in window.actions_by_id.values():
            action.setEnabled(action.objectName() == "file.quit")
        window.mode_banner.setVisible(False)
        window.notice.setVisible(False)
        window.setWindowTitle(LOCKED_TITLE)
        self.screen.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def unlock(self) -> bool:
        from screening.store import Store, StoreError, WrongPassphrase

        if not self.locked or self.screen is None:
            return False
        window = self.window
        passphrase = self.screen.edit.text()
        self.screen.edit.clear()
        if window._store is None:
            try:
                window._store = Store.open_default(passphrase)
            except WrongPassphrase as exc:
                self.screen.show_error(str(exc))
                return False
            except StoreError as exc:
                self.screen.show_error(str(exc))
                return False
            finally:
                del passphrase
        elif not _passphrase_opens(passphrase):  # the store stayed open (the draft could not be saved)
            self.screen.show_error("The passphrase is not right; nothing was changed. Try again.")
            return False
        self.locked = False
        record_id, step, behind = self._record_id, self._step, self._behind
        self._record_id = self._step = ""
        if record_id and window.open_record(record_id):
            if step and window.view is not None:
                window.view.go_to(step)
        elif behind is not None and behind is not self.screen:
            window.stack.setCurrentWidget(behind)
            if window.on_start():
                window.show_start()
        window._update_chrome()
        self.poke()
        return True


def _passphrase_opens(passphrase: str) -> bool:
    """Whether the passphrase opens the records (a second, read-only connection; nothing written)."""
    from screening.store import Store, StoreError

    try:
        Store.open_default(passphrase, readonly=True).close()
    except StoreError:
        return False
    return True
