"""The real dialog service: plain text, every problem in one scrollable dialog, yes/no answers."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QPlainTextEdit

from screening.problems import Problem
from ui.dialogs import Dialogs, service, set_service


def _when_shown(action):
    """Run action on the modal dialog once it is up (the dialog's own event loop is running)."""
    seen = {}

    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, poll)
            return
        seen["dialog"] = dialog
        action(dialog, seen)

    QTimer.singleShot(0, poll)
    return seen


def test_problems_are_all_in_one_plain_text_dialog(qtbot):
    problems = [Problem("rules/a.yaml", i, 3, f"<b>problem</b> {i}") for i in range(1, 41)]

    def read_and_close(dialog, seen):
        seen["text"] = dialog.findChild(QPlainTextEdit).toPlainText()
        seen["labels"] = [(label.textFormat(), label.text()) for label in dialog.findChildren(QLabel)]
        dialog.accept()

    seen = _when_shown(read_and_close)
    Dialogs().problems(None, "Problems in the rule set", problems, "The shipped rule set is used instead.")
    assert isinstance(seen["dialog"], QDialog)
    assert seen["text"].splitlines() == [str(p) for p in problems]
    assert seen["labels"] == [(Qt.TextFormat.PlainText, "The shipped rule set is used instead.")]


def test_message_boxes_are_plain_text_and_questions_answer(qtbot):
    def press_yes(dialog, seen):
        assert isinstance(dialog, QMessageBox)
        seen["format"] = dialog.textFormat()
        seen["text"] = dialog.text()
        yes = next(b for b in dialog.buttons() if b.text() == "Finalise")
        yes.click()

    seen = _when_shown(press_yes)
    assert Dialogs().question(None, "Finalise?", "<b>sure</b>?", yes="Finalise", no="Not yet") is True
    assert seen["format"] == Qt.TextFormat.PlainText and seen["text"] == "<b>sure</b>?"

    seen = _when_shown(lambda dialog, seen: dialog.reject())
    assert Dialogs().question(None, "Finalise?", "sure?") is False


def test_ask_text_returns_the_text_or_none(qtbot):
    def type_and_ok(dialog, seen):
        dialog.findChild(QPlainTextEdit).setPlainText("Phoned on Monday.")
        dialog.accept()

    _when_shown(type_and_ok)
    assert Dialogs().ask_text(None, "Add an addendum", "What happened") == "Phoned on Monday."
    _when_shown(lambda dialog, seen: dialog.reject())
    assert Dialogs().ask_text(None, "Add an addendum", "What happened") is None


def test_the_service_can_be_replaced():
    original = service()
    stub = Dialogs()
    set_service(stub)
    try:
        assert service() is stub
    finally:
        set_service(original)
