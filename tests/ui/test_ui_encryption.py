"""The app and encrypted records: unlock at start, first-run choice, the idle lock (issue 10, item 4)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from screening.settings import load_settings
from screening.store import DB_NAME, Store
from screening.store.encryption import encrypt, marked_encrypted

PASS = "correct horse battery"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def encrypted_store(data_dir: Path) -> Path:
    with Store.open_default() as store:
        del store
    encrypt(data_dir / DB_NAME, PASS)
    assert marked_encrypted(data_dir)
    return data_dir / DB_NAME


def test_encrypted_records_open_with_the_right_passphrase(make_window, dialogs, encrypted_store):
    window = make_window()
    dialogs.passphrases = [PASS]
    window.load_records()
    assert window._store is not None and window._store.encrypted
    assert dialogs.passphrase_errors == [""]


def test_a_wrong_passphrase_is_refused_asked_again_and_changes_nothing(make_window, dialogs, encrypted_store):
    before = _digest(encrypted_store)
    window = make_window()
    dialogs.passphrases = ["not the passphrase", PASS]
    window.load_records()
    assert "not right" in dialogs.passphrase_errors[1]
    assert window._store is not None
    window._store.close()
    window._store = None
    assert _digest(encrypted_store) == before


def test_cancel_leaves_records_closed_and_guidance_still_works(make_window, dialogs, encrypted_store):
    before = _digest(encrypted_store)
    window = make_window()
    window.load_records()  # Cancel (no passphrase given)
    window.load_records()  # listing again does not ask again
    assert len(dialogs.passphrase_errors) == 1
    assert window._store is None
    assert window.start_screening("guidance") and window.session.mode == "guidance"
    assert _digest(encrypted_store) == before


def test_first_run_on_a_shared_computer_requires_encryption(qtbot):
    from ui.encryption_setup import EncryptionSetupDialog

    dialog = EncryptionSetupDialog(None, shared=False)
    qtbot.addWidget(dialog)
    dialog.shared.setChecked(True)
    assert dialog.encrypt.isChecked() and not dialog.plain.isEnabled()
    dialog.save()  # no passphrase typed
    assert dialog.chosen is None and not dialog.error.isHidden()
    dialog.passphrase.new.setText(PASS)
    dialog.passphrase.again.setText(PASS)
    dialog.save()  # the no-back-door box is not ticked
    assert dialog.chosen is None and "cannot be recovered" in dialog.error.text()
    dialog.passphrase.understood.setChecked(True)
    dialog.save()
    assert dialog.chosen is not None and dialog.chosen.shared and dialog.chosen.passphrase == PASS
    assert dialog.passphrase.new.text() == ""


def test_the_core_refuses_plain_records_on_a_shared_computer():
    from screening.store.encryption import setup_problem

    assert "shared" in setup_problem(True, None, None)
    assert setup_problem(False, None, None) == ""
    assert "not the same" in setup_problem(False, PASS, PASS + "x")


def test_first_run_choice_makes_an_encrypted_database_and_saves_the_setting(make_window, dialogs, data_dir):
    from ui.encryption_setup import SetupChoice

    dialogs.setup = SetupChoice(shared=True, passphrase=PASS)
    window = make_window()
    assert window.start_screening("record")
    assert window._store is not None and window._store.encrypted
    assert marked_encrypted(data_dir)
    assert (data_dir / DB_NAME).read_bytes()[:16] != b"SQLite format 3\x00"
    assert load_settings()[0].shared_computer is True


def test_first_run_cancel_makes_nothing(make_window, dialogs, data_dir):
    dialogs.cancel_setup = True
    dialogs.answer = False  # offered Guidance only instead: "Back to the start"
    window = make_window()
    window.start_screening("record")
    assert window.session is None and window.keeper is None
    assert not (data_dir / DB_NAME).exists()
    assert dialogs.kinds() == ["question"]
    assert dialogs.calls[0][1] == "A new screening cannot be saved"


def _locked_window(make_window, dialogs, encrypted_store):
    window = make_window()
    dialogs.passphrases = [PASS]
    assert window.start_screening("record")
    window.session.update_child(age_years=5, name="Alex Fictional")
    window.view.go_to("context")
    window.show()
    assert "Alex Fictional" in window.windowTitle()
    window.idle_lock.timer.timeout.emit()  # the idle timer runs out (driven directly: no sleeping)
    return window


def test_idle_lock_saves_the_draft_hides_the_content_and_closes_the_store(make_window, dialogs, encrypted_store):
    window = _locked_window(make_window, dialogs, encrypted_store)
    lock = window.idle_lock
    assert lock.locked and window.stack.currentWidget() is lock.screen
    assert "Alex" not in window.windowTitle()
    assert window._store is None and window.session is None
    assert window.start.model.rowCount() == 0  # the records list keeps no names behind the lock
    assert not window.action("file.new").isEnabled()
    with Store.open_default(PASS) as store:
        assert [s.child_name for s in store.list()] == ["Alex Fictional"]


def test_unlock_restores_the_record_at_its_step(make_window, dialogs, encrypted_store):
    window = _locked_window(make_window, dialogs, encrypted_store)
    lock = window.idle_lock
    lock.screen.edit.setText("wrong passphrase")
    assert not lock.unlock()
    assert "not right" in lock.screen.error.text() and lock.locked
    lock.screen.edit.setText(PASS)
    assert lock.unlock()
    assert not lock.locked and lock.screen.edit.text() == ""
    assert window.session.record.child.name == "Alex Fictional"
    assert window.view.current_key() == "context"
    assert "Alex Fictional" in window.windowTitle()


def test_plain_records_never_lock(make_window, dialogs):
    window = make_window()
    assert window.start_screening("record")
    assert not window.idle_lock.lock()
    assert window.session is not None


def test_idle_minutes_come_from_the_settings():
    from screening.settings import Settings, idle_lock_minutes

    assert idle_lock_minutes(Settings(shared_computer=True)) == 5
    assert idle_lock_minutes(Settings()) == 15
    assert idle_lock_minutes(Settings(lock_after_minutes=30, shared_computer=True)) == 30


def test_settings_change_the_passphrase_and_encrypt_later(make_window, dialogs, data_dir, qtbot):
    from ui.encryption_setup import SecurityDialog

    window = make_window()
    assert window.start_screening("record")  # first run: plain (the stub's default)
    window.close_screening()
    dialog = SecurityDialog(window.settings, "plain", window.gate.reencrypt, window)
    qtbot.addWidget(dialog)
    dialog.shared.setChecked(True)
    dialog.save()
    assert dialog.saved is None and "shared" in dialog.message.text()
    dialog.encrypt_new.new.setText(PASS)
    dialog.encrypt_new.again.setText(PASS)
    dialog.encrypt_new.understood.setChecked(True)
    dialog.encrypt_now()
    assert dialog.state == "encrypted" and marked_encrypted(data_dir)
    assert window._store.encrypted
    changed = SecurityDialog(window.settings, "encrypted", window.gate.reencrypt, window)
    qtbot.addWidget(changed)
    changed.old.setText("wrong passphrase")
    changed.change_new.new.setText("a new passphrase")
    changed.change_new.again.setText("a new passphrase")
    changed.change_new.understood.setChecked(True)
    changed.change_passphrase()
    assert "not right" in changed.message.text()
    changed.old.setText(PASS)
    changed.change_passphrase()
    assert "changed" in changed.message.text()
    window._store.close()
    window._store = None
    Store.open_default("a new passphrase").close()
