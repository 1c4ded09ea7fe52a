"""A whole screening driven through the real widgets, then read back from the database."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from ui_helpers import click

from screening.records.document import OtherChild, Referrer
from screening.settings import Settings
from screening.store import Store


def _next(qtbot, window):
    click(qtbot, window.view.next)


def _tick_first_result(qtbot, behaviours, text):
    behaviours.search.selectAll()
    qtbot.keyClicks(behaviours.search, text)
    qtbot.waitUntil(lambda: behaviours.results.count() > 0 and behaviours._last_query == text, timeout=3000)
    behaviours.results.setFocus()
    qtbot.keyClick(behaviours.results, Qt.Key.Key_Home)
    qtbot.keyClick(behaviours.results, Qt.Key.Key_Space)
    return behaviours.results.item(0).data(Qt.ItemDataRole.UserRole)


@pytest.mark.e2e
def test_a_full_screening_is_saved_and_finalised(make_window, qtbot, dialogs):
    window = make_window(settings=Settings(practitioner_name="Sam Example", organisation="Riverside Primary"))
    window.show()
    qtbot.waitExposed(window)

    # first run: the role
    start = window.start
    assert start.asking_role()
    click(qtbot, start.role_chooser.buttons["teacher"])
    click(qtbot, start.role_chooser.ok)
    click(qtbot, start.new_button)
    view = window.view
    assert view.current_key() == "child"

    # Child
    child = view.page("child")
    qtbot.keyClicks(child.name, "J.T.")
    qtbot.keyClicks(child.age, "6")
    _next(qtbot, window)

    # Behaviours: two found by typing
    behaviours = view.page("behaviours")
    assert view.current_key() == "behaviours"
    first = _tick_first_result(qtbot, behaviours, "humping in the home corner")
    second = _tick_first_result(qtbot, behaviours, "hand down pants")
    assert (first, second) == ("y0-copies-sex-acts", "y0-touches-own-genitals")
    assert window.session.selected_ids() == (first, second)
    qtbot.keyClicks(behaviours._boxes[0].notes, "Tuesday, home corner, with another child of 5.")
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # the keyboard way

    # Context
    assert view.current_key() == "context"
    context = view.page("context")
    click(qtbot, context.boxes["secrecy"])
    for factor_id, buttons in context.buttons.items():  # the step is complete once every question is answered
        if factor_id != "secrecy":
            click(qtbot, buttons["no"])
    _next(qtbot, window)

    # Outcome
    outcome = view.page("outcome")
    assert view.current_key() == "outcome"
    assert outcome.banner.word.text() == "RED"
    _next(qtbot, window)

    # Your judgement: differ, with a reason
    judgement = view.page("judgement")
    click(qtbot, judgement.differ)
    click(qtbot, judgement.final_buttons["amber"])
    qtbot.keyClicks(judgement.reason, "The secret was part of a game both children chose; no one was upset.")
    qtbot.keyClicks(judgement.actions, "Spoke to both sets of parents.")
    qtbot.keyClicks(judgement.consulted, "The DSL, Mrs Khan")
    click(qtbot, judgement.decision_buttons["early_help"])
    _next(qtbot, window)

    # Referral
    referral = view.page("referral")
    assert referral.referrer["name"].text() == "Sam Example"
    qtbot.keyClicks(referral.school, "Riverside Primary, Reception")
    qtbot.keyClicks(referral.gender, "Male")
    referral.parents.setCurrentIndex(referral.parents.findData("yes"))
    referral.consent.setCurrentIndex(referral.consent.findData("yes"))
    referral.risk.setCurrentIndex(referral.risk.findData("no"))
    click(qtbot, referral.add_child)
    referral.table.item(0, 0).setText("K.")
    referral.table.item(0, 1).setText("5")
    referral.table.item(0, 2).setText("Classmate")
    combo = referral.table.cellWidget(0, 3)
    combo.setCurrentIndex(combo.findData("no"))
    _next(qtbot, window)

    # Summary: finalise
    assert view.current_key() == "summary"
    states = [view.steps.item(i).text() for i in range(view.steps.count())]
    assert all(text.startswith("✓") for text in states[:6]), states
    summary = view.page("summary")
    assert summary.finalise.isEnabled()
    click(qtbot, summary.finalise)
    assert window.session.record.is_final
    assert view.steps.item(6).text().startswith("✓")
    record_id = window.session.record.id
    window.close()

    # read it back from the database
    with Store.open_default() as store:
        record = store.get(record_id)
        [listed] = store.list()
    assert record.status == "final" and listed.final_category == "amber" and listed.suggested_category == "red"
    assert record.role == "teacher"
    assert record.concern_date == dt.date.today()
    assert record.ruleset is not None and record.ruleset.sha256 == window.ruleset.sha256
    c = record.child
    assert (c.name, c.age_years, c.date_of_birth, c.gender, c.school) == (
        "J.T.", 6, None, "Male", "Riverside Primary, Reception"
    )
    assert not c.learning_disability and c.band == ""
    assert [(b.id, b.notes) for b in record.behaviours] == [
        ("y0-copies-sex-acts", "Tuesday, home corner, with another child of 5."),
        ("y0-touches-own-genitals", ""),
    ]
    assert record.unlisted_behaviours == ()
    assert record.context == ("secrecy",)
    j = record.judgement
    assert j.agrees is False and j.final_category == "amber"
    assert j.reason == "The secret was part of a game both children chose; no one was upset."
    assert (j.actions_taken, j.consulted, j.decision) == (
        "Spoke to both sets of parents.", "The DSL, Mrs Khan", "early_help"
    )
    r = record.referral
    assert r.referrer == Referrer(name="Sam Example", organisation="Riverside Primary")
    assert (r.parents_informed, r.consent, r.immediate_risk) == ("yes", "yes", "no")
    assert r.other_children == (OtherChild(name="K.", age_years=5, relationship="Classmate", possible_victim="no"),)
    assert record.addenda == ()
    assert dialogs.kinds() == ["question"]  # only the "finalise?" confirmation
