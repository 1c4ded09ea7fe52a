"""A shared computer with plain records (issue 10, item 4): encrypted before they are shown, at start
and when Settings › Records security says the computer is shared; declined, they stay closed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from ui_helpers import click

from screening.settings import load_settings
from screening.store import DB_NAME, Store
from screening.store.encryption import NO_BACK_DOOR, marked_encrypted
from ui.encryption_setup import SecurityDialog, SetupChoice
from ui.unlock import SHARED_CLOSED, records_state

PASS = "correct horse battery"
SQLITE_HEADER = b"SQLite format 3\x00"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plain_records(data_dir: Path, mini_rules) -> Path:
    """A plain database holding one fictional draft, as if made before the computer was called shared."""
    from ui.session import new_record

    with Store.open_default() as store:
        record = new_record(mini_rules, "teacher")
        store.create(record.with_changes(child=record.child.__class__(name="Plain Fictional", age_years=6)), "Sam")
    assert records_state() == "plain"
    return data_dir / DB_NAME


@pytest.fixture
def shared(teacher_settings):
    return teacher_settings.with_changes(shared_computer=True)


def _names(window) -> list[str]:
    return [row[0] for row in window.start.record_rows()]


def test_at_start_plain_records_on_a_shared_computer_are_encrypted_before_they_are_shown(
    make_window, dialogs, plain_records, shared, data_dir
):
    dialogs.shared_setup = SetupChoice(shared=True, passphrase=PASS)
    window = make_window(settings=shared)
    window.load_records()
    assert dialogs.shared_asks == 1
    assert window._store is not None and window._store.encrypted
    assert marked_encrypted(data_dir) and records_state() == "encrypted"
    assert plain_records.read_bytes()[:16] != SQLITE_HEADER
    assert "Plain Fictional" in " ".join(_names(window))
    assert [a.action for a in window._store.audit() if a.action == "encrypt"] == ["encrypt"]
    window._store.close()
    window._store = None
    with Store.open_default(PASS) as store:  # the same records, behind the passphrase
        assert [s.child_name for s in store.list()] == ["Plain Fictional"]


def test_declined_the_records_stay_closed_and_the_user_is_told_why_and_how(
    make_window, dialogs, plain_records, shared
):
    before = _digest(plain_records)
    window = make_window(settings=shared)
    window.load_records()  # Cancel
    window.load_records()  # back on the start screen: not asked again
    assert dialogs.shared_asks == 1
    assert window._store is None and _names(window) == []
    note = window.start.records_note.text()
    assert note == SHARED_CLOSED
    assert "File › Unlock the records" in note and "Settings › Records security" in note
    assert "Guidance only and Training" in note
    assert window.start_screening("guidance") and window.session.mode == "guidance"
    window.close_screening()
    assert _digest(plain_records) == before and records_state() == "plain"
    # a new screening to keep is the user acting: asked again, refused again plainly, Guidance only offered
    dialogs.answer = False  # "Back to the start"
    window.start_screening("record")
    assert window.keeper is None and window.session is None and window.on_start()
    assert dialogs.shared_asks == 2
    (kind, title, text), = dialogs.calls
    assert (kind, title) == ("question", "A new screening cannot be saved") and text.startswith(SHARED_CLOSED)
    assert "Guidance only still works" in text
    assert _digest(plain_records) == before


def test_file_unlock_asks_again_after_a_decline(make_window, dialogs, plain_records, shared):
    window = make_window(settings=shared)
    window.load_records()
    assert window._store is None
    dialogs.shared_setup = SetupChoice(shared=True, passphrase=PASS)
    window.action("file.unlock").trigger()
    assert dialogs.shared_asks == 2 and window._store is not None and window._store.encrypted


def test_a_computer_not_called_shared_opens_plain_records_as_before(make_window, dialogs, plain_records):
    window = make_window()
    window.load_records()
    assert dialogs.shared_asks == 0 and window._store is not None and not window._store.encrypted


def test_the_prompt_is_the_set_up_dialog_offering_only_encryption(qtbot):
    from ui.encryption_setup import SHARED_PLAIN_TITLE, EncryptionSetupDialog

    dialog = EncryptionSetupDialog(None, existing=True)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == SHARED_PLAIN_TITLE
    assert dialog.shared.isChecked() and dialog.encrypt.isChecked()
    assert dialog.plain.isHidden() and dialog.shared.isHidden()
    warning = dialog.findChild(type(dialog.error), "noBackDoor")
    assert warning is not None and NO_BACK_DOOR in warning.text() and not warning.isHidden()
    dialog.save()  # nothing typed
    assert dialog.chosen is None and "at least 8 characters" in dialog.error.text()
    dialog.passphrase.new.setText(PASS)
    dialog.passphrase.again.setText(PASS)
    dialog.save()  # the no-back-door box is not ticked
    assert dialog.chosen is None and "cannot be recovered" in dialog.error.text()
    click(qtbot, dialog.passphrase.understood)
    dialog.save()
    assert dialog.chosen == SetupChoice(True, PASS)


def test_a_failed_encryption_leaves_the_records_closed_and_unchanged(
    make_window, dialogs, plain_records, shared, monkeypatch
):
    from screening.store import StoreError, encryption

    def refuse(*args, **kwargs):
        raise StoreError("the encrypted copy could not be made (disk full); nothing was changed")

    monkeypatch.setattr(encryption, "encrypt", refuse)
    before = _digest(plain_records)
    dialogs.shared_setup = SetupChoice(shared=True, passphrase=PASS)
    window = make_window(settings=shared)
    window.load_records()
    assert window._store is None
    note = window.start.records_note.text()
    assert note.startswith("The records could not be encrypted: the encrypted copy could not be made (disk full)")
    assert SHARED_CLOSED in note
    assert _digest(plain_records) == before


# -- Settings › Records security: turning "shared" on with plain records


def _security(window, qtbot):
    from ui import prefs

    dialog = SecurityDialog(window.settings, records_state(), window.gate.reencrypt, window, save=prefs.save)
    qtbot.addWidget(dialog)
    return dialog


def test_ticking_shared_in_settings_says_at_once_that_the_records_must_be_encrypted(
    make_window, plain_records, qtbot
):
    window = make_window()
    window.load_records()
    dialog = _security(window, qtbot)
    assert dialog.message.isHidden()
    click(qtbot, dialog.shared)
    assert not dialog.message.isHidden() and "must be encrypted" in dialog.message.text()
    assert "Encrypt the records now" in dialog.message.text()
    dialog.save()  # no passphrase typed: not saved
    assert dialog.saved is None and load_settings()[0].shared_computer is False
    click(qtbot, dialog.shared)  # changed their mind: the requirement no longer applies
    assert dialog.message.isHidden() or dialog.message.text() == ""


def test_saving_shared_in_settings_encrypts_first_then_saves(make_window, plain_records, qtbot, data_dir):
    window = make_window()
    window.load_records()
    assert window._store is not None and not window._store.encrypted
    dialog = _security(window, qtbot)
    click(qtbot, dialog.shared)
    dialog.encrypt_new.new.setText(PASS)
    dialog.encrypt_new.again.setText(PASS + " typo")
    dialog.encrypt_new.understood.setChecked(True)
    dialog.save()
    assert dialog.saved is None and "not the same" in dialog.message.text()
    assert records_state() == "plain" and load_settings()[0].shared_computer is False
    dialog.encrypt_new.again.setText(PASS)
    dialog.save()
    assert dialog.saved is not None and dialog.saved.shared_computer
    assert load_settings()[0].shared_computer is True
    assert records_state() == "encrypted" and marked_encrypted(data_dir)
    assert window._store is not None and window._store.encrypted  # the records reopened, encrypted


def test_saying_in_settings_the_computer_is_not_shared_opens_the_records_kept_closed(
    make_window, dialogs, plain_records, shared, qtbot
):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window = make_window(settings=shared)
    window.load_records()
    assert window._store is None

    def untick_and_save() -> None:
        shown = QApplication.activeModalWidget()
        if not isinstance(shown, SecurityDialog):
            QTimer.singleShot(10, untick_and_save)
            return
        assert shown.shared.isChecked() and not shown.encrypt_box.isHidden()
        shown.shared.setChecked(False)
        shown.save()

    QTimer.singleShot(0, untick_and_save)
    window.open_security()
    assert window.settings.shared_computer is False and load_settings()[0].shared_computer is False
    assert window._store is not None and not window._store.encrypted
    assert "Plain Fictional" in " ".join(_names(window))
    assert dialogs.shared_asks == 1  # only the first time
