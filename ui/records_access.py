"""The window's way to the store: through the records gate (passphrase, first run) and the idle lock.

Guidance only and training never call ``store()``, so they never ask for a passphrase and never
make a database. The gate itself is ui/unlock.py, the lock ui/lock.py; this is the window's glue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def open_default_store() -> Any:
    """The user's own store (the window's default factory; its identity means "through the gate")."""
    from ui.records import open_default_store as open_store

    return open_store()


class RecordsAccess:
    """Mixed into MainWindow: the store, the gate and the lock's menu items."""

    # set by MainWindow.__init__
    _store: Any
    store_factory: Any
    gate: Any
    idle_lock: Any
    settings: Any
    dialogs: Any
    load_records: Any  # MainWindow.load_records

    def store(self) -> Any:
        if self._store is None:  # the user's own records go through the gate: passphrase, first run
            self._store = self.gate.open() if self.store_factory is open_default_store else self.store_factory()
        return self._store

    def store_needs_checking(self) -> bool:
        """The user's own store is not open yet: listing must first see whether there is one."""
        return self._store is None and self.store_factory is open_default_store

    def who(self) -> str:
        name = getattr(self.settings, "practitioner_name", "") or ""
        if name:
            return name
        store = self.store()
        return store.default_who() if hasattr(store, "default_who") else ""

    def lock_now(self) -> None:
        if not self.idle_lock.lock():
            self.dialogs.info(self, "Nothing to lock", "The app locks only while encrypted records are open.")

    def unlock_records(self) -> None:
        self.gate.unlock_again()

    def open_security(self) -> None:
        from screening.settings import encryption_required
        from ui import prefs
        from ui.encryption_setup import SecurityDialog
        from ui.unlock import records_state

        parent = cast("QWidget", self)  # mixed into the window
        dialog = SecurityDialog(self.settings, records_state(), self.gate.reencrypt, parent, save=prefs.save)
        if dialog.exec() and dialog.saved is not None:
            self.settings = dialog.saved
            self.idle_lock.poke()
            state = records_state()
            if self._store is None and state == "plain" and encryption_required(self.settings, False) is None:
                # plain records kept closed on a computer called shared, now said not to be: show them
                self.gate.declined = False
                self.load_records()

    def close_store(self) -> None:
        """Close the store as the window closes: this session's drafts are not offered back."""
        if self._store is None:
            return
        try:
            self._store.close()
        except Exception as exc:
            self.dialogs.error(self, "The records could not be closed cleanly", str(exc) or type(exc).__name__)
        self._store = None
