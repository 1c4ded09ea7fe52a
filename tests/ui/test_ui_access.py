"""Keyboard, accessible names, step ticks in words, and user or rule text shown literally."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
)
from ui_helpers import MINI, click

from screening.ruleset.loader import load_ruleset

RAW = "<b>bold</b> & <i>not</i>"


@pytest.fixture
def window(make_window, qtbot):
    window = make_window(autosave_ms=60_000)
    window.show()
    qtbot.waitExposed(window)
    window.start_screening("record")
    return window


def test_every_input_has_an_accessible_name(window):
    window.session.update_child(age_years=9, learning_disability=True)
    window.session.set_behaviour("y0-copies-sex-acts", True)
    window.session.add_unlisted("Something else")
    window.view.page("referral")._add_row()
    kinds = (QLineEdit, QPlainTextEdit, QComboBox, QDateEdit, QAbstractItemView, QAbstractButton)
    missing = []
    for root in (window.start, window.view):
        for widget in (w for kind in kinds for w in root.findChildren(kind)):
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox | QDateEdit):
                continue  # the editor inside a combo or date box: the box has the name
            if (
                widget.window() is not window  # a combo box's pop-up list
                or isinstance(widget, QHeaderView)
                or isinstance(widget.parent(), QTabBar | QLineEdit)  # scroll arrows, a search box's clear button
                or widget.objectName().startswith("qt_")  # Qt's own parts, such as a table's corner
            ):
                continue
            name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
            if not name.replace("&", "").strip():
                missing.append(f"{type(widget).__name__} {widget.objectName()}")
    assert missing == [], "\n".join(missing)


def test_steps_move_by_keyboard_and_buttons(window, qtbot):
    view = window.view
    assert view.current_key() == "child"
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.current_key() == "behaviours"
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.current_key() == "context"
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert view.current_key() == "child"
    assert not view.back.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert view.current_key() == "summary" and not view.next.isEnabled()
    click(qtbot, view.back)
    assert view.current_key() == "referral"
    view.steps.setFocus()
    qtbot.keyClick(view.steps, Qt.Key.Key_Home)
    assert view.current_key() == "child"


def test_tab_moves_through_the_child_step_in_order(window, qtbot):
    child = window.view.page("child")
    child.name.setFocus()
    order = [child.name]
    for _ in range(4):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        order.append(window.focusWidget())
    assert order[1] is child.by_age and order[2] is child.age


def test_steps_say_complete_in_words_not_colour_alone(window):
    items = window.view.steps
    assert items.item(0).text() == "○  1. Child\n      to do"
    window.session.update_child(age_years=5)
    assert items.item(0).text() == "✓  1. Child\n      complete"
    assert items.item(1).text().startswith("○")
    window.session.set_behaviour("y0-copies-sex-acts", True)
    assert items.item(1).text().startswith("✓  2. Behaviours")
    window.view.go_to("context")  # seen is not answered
    assert items.item(2).text().startswith("○")
    for factor in window.session.ruleset.context_factors:
        window.session.set_answer(factor.id, "no")
    assert items.item(2).text() == "✓  3. Context\n      complete"
    assert items.item(4).text().endswith("to do")
    window.session.update_judgement(agrees=False, final_category="red", decision="mash_referral")
    assert items.item(4).text().endswith("to do")  # differing without a reason is not complete
    window.session.update_judgement(reason="because")
    assert items.item(4).text().endswith("complete")
    accessible = items.item(4).data(Qt.ItemDataRole.AccessibleTextRole)
    assert accessible == "Step 5, Your judgement: complete"


def test_rule_and_user_text_is_shown_literally(make_window, qtbot, tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(MINI, folder)
    path = folder / "ruleset.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "text: Copies adult sexual acts with toys or other children, such as humping.", f'text: "{RAW}"'
    )
    text = text.replace("question: Was a child told to keep it secret?", f'question: "{RAW}?"')
    path.write_text(text, encoding="utf-8")
    ruleset = load_ruleset(folder)
    window = make_window(ruleset=ruleset, autosave_ms=60_000)
    window.show()
    window.start_screening("record")
    session = window.session
    session.update_child(age_years=5, name=RAW)
    session.set_behaviour("y0-copies-sex-acts", True)
    session.set_factor("secrecy", True)
    session.add_unlisted(RAW)
    view = window.view
    for row in range(view.steps.count()):
        view.go(row)

    box = view.page("behaviours")._boxes[0]
    assert box.text.textFormat() == Qt.TextFormat.PlainText and box.text.text() == RAW
    assert view.page("behaviours")._boxes[1].description.text() == RAW
    amber = view.page("behaviours").browse["amber"]
    assert amber.item(0).text() == f"AMBER — {RAW}"
    question = view.page("context").questions["secrecy"]
    assert question.textFormat() == Qt.TextFormat.PlainText and question.text().endswith(f"{RAW}?")
    trace = [label.text() for label in view.page("outcome").trace_labels()]
    assert any(RAW in t for t in trace)
    assert view.page("child").name.text() == RAW
    assert RAW in window.windowTitle()
    for label in window.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
    window.close_screening()
    assert window.start.record_rows()[0][0] == RAW
