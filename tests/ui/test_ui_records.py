"""Keeping records: autosave, crash recovery, finalising, addenda, and guidance-only writing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from ui_helpers import MINI, FailingStore, StubDialogs, click

from screening.ruleset.loader import load_ruleset
from screening.store import Store


def db_files(data_dir: Path) -> list[Path]:
    return [p for p in data_dir.rglob("*") if p.is_file()] if data_dir.exists() else []


def test_guidance_only_and_training_write_nothing_to_disk(make_window, qtbot, data_dir):
    for mode in ("guidance", "training"):
        window = make_window(autosave_ms=10)
        window.show()
        assert window.start_screening(mode)
        session = window.session
        session.update_child(age_years=5, name="not kept")
        session.set_behaviour("y0-copies-sex-acts", True)
        session.update_judgement(agrees=True, final_category="amber", decision="monitor")
        qtbot.wait(100)  # longer than the autosave delay would be
        assert window.keeper is None
        banner = "Training" if mode == "training" else "Guidance only — nothing is saved"
        assert banner in window.windowTitle() and banner in window.mode_banner.text()
        window.close()
        assert window._store is None
    assert db_files(data_dir) == []


def test_autosave_creates_the_record_after_the_last_change(make_window, qtbot):
    window = make_window(autosave_ms=150)
    window.show()
    window.start_screening("record")
    child = window.view.page("child")
    qtbot.keyClicks(child.name, "J.T.")
    qtbot.keyClicks(child.age, "6")
    assert window.session.record.id == ""  # not yet: the timer restarts on every change
    qtbot.waitUntil(lambda: window.session.record.id != "", timeout=3000)
    record_id = window.session.record.id
    store = window.store()
    assert store.get(record_id).child.name == "J.T."
    assert [s.id for s in store.list()] == [record_id]
    window.session.update_child(name="J.T.W.")
    qtbot.waitUntil(lambda: store.get(record_id).child.name == "J.T.W.", timeout=3000)
    assert len(store.list()) == 1  # saved again, not created again


def test_closing_saves_and_marks_closed_and_crashes_are_offered_back(make_window, qtbot, data_dir):
    window = make_window(autosave_ms=60_000)
    window.show()
    window.start_screening("record")
    window.session.update_child(name="A.", age_years=7)
    window.close()  # saves now, even though the autosave timer has not fired
    with Store.open_default() as store:
        [summary] = store.list()
        assert summary.child_name == "A."
        assert store.unclosed_drafts() == []
        # a draft left open by a session that never closed (the app stopped) ...
        crashed = Store.open_default()
        crashed.mark_open(summary.id)
        crashed._conn.close()  # gone without closing cleanly
    # ... is offered back on the start screen
    window = make_window(autosave_ms=60_000)
    window.show()
    window.load_records()
    assert window.start.drafts_box.isVisibleTo(window.start)
    assert window.start.drafts.topLevelItem(0).text(0) == "A."
    click(qtbot, window.start.resume)
    assert window.session is not None and window.session.record.child.name == "A."


def test_saved_records_are_listed_newest_first_and_open(make_window, qtbot):
    window = make_window(autosave_ms=60_000)
    window.show()
    for name in ("First", "Second"):
        window.start_screening("record")
        window.session.update_child(name=name, age_years=5)
        window.close_screening()
    rows = window.start.record_rows()
    assert [row[0] for row in rows] == ["Second", "First"]
    assert rows[0][1] == "Draft"
    window.start.records.setCurrentIndex(window.start.model.index(1, 0))
    click(qtbot, window.start.open_button)
    assert window.session.record.child.name == "First"
    assert window.windowTitle().endswith("First (draft)")


def _complete(session) -> None:
    session.update_child(age_years=5)
    session.set_behaviour("y0-copies-sex-acts", True)
    session.update_judgement(agrees=True, final_category="amber", decision="monitor")
    session.update_referral(immediate_risk="no")  # AMBER needs it answered (screening.records.checks)


def test_finalise_makes_the_record_read_only_and_offers_an_addendum(make_window, qtbot, dialogs):
    window = make_window(autosave_ms=60_000)
    window.show()
    window.start_screening("record")
    _complete(window.session)
    window.view.go_to("summary")
    summary = window.view.page("summary")
    assert summary.finalise.isEnabled() and not summary.addendum.isVisible()
    click(qtbot, summary.finalise)
    assert dialogs.kinds() == ["question"]  # asked to confirm first
    record = window.session.record
    assert record.is_final and record.id
    assert window.store().get(record.id).is_final
    assert "read-only" in window.windowTitle()
    # every input on every step is locked
    for page in window.view.pages:
        for widget in page.edit_widgets():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                assert widget.isReadOnly(), (page.key, widget.accessibleName())
            else:
                assert not widget.isEnabled(), (page.key, widget.accessibleName())
    window.session.update_child(name="changed")
    assert window.session.record.child.name == ""
    assert summary.addendum.isVisible() and summary.addendum.isEnabled()
    dialogs.text = "The other child's parent phoned on 14 March."
    click(qtbot, summary.addendum)
    assert [a.text for a in window.session.record.addenda] == ["The other child's parent phoned on 14 March."]
    assert "14 March" in summary.addenda.text()
    assert window.store().get(record.id).addenda[0].author == "Sam Example"


def test_finalise_is_refused_while_incomplete(make_window, qtbot, dialogs):
    window = make_window(autosave_ms=60_000)
    window.start_screening("record")
    window.session.update_child(age_years=5)
    window.finalise()
    assert dialogs.kinds() == ["problems"]
    assert "Choose at least one behaviour, or describe one." in dialogs.calls[0][2]
    assert not window.session.record.is_final


def test_a_save_failure_is_shown_not_raised(make_window, qtbot, dialogs):
    class Broken:
        def create(self, *a, **k):
            raise OSError("disk full")

        def default_who(self):
            return "me"

        def list(self):
            return []

        def unclosed_drafts(self):
            return []

        def close(self):
            pass

    window = make_window(autosave_ms=20, store_factory=Broken)
    window.show()
    window.start_screening("record")
    window.session.update_child(name="X")
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=2000)
    assert "disk full" in window.notice.text()
    dialogs.answer = True  # "close anyway"
    window.close()
    assert "question" in dialogs.kinds()


def test_deleting_a_record_asks_first(make_window, qtbot, dialogs):
    window = make_window(autosave_ms=60_000)
    window.show()
    window.start_screening("record")
    window.session.update_child(name="Gone", age_years=5)
    window.close_screening()
    record_id = window.start.current_record_id()
    dialogs.answer = False
    window.delete_record(record_id)
    assert window.start.model.rowCount() == 1
    dialogs.answer = True
    window.delete_record(record_id)
    assert window.start.model.rowCount() == 0


@pytest.mark.parametrize("role,mode", [("", "guidance"), ("no-such-role", "guidance"), ("", "record")])
def test_first_run_asks_the_role_and_remembers_it(make_window, qtbot, role, mode):
    from screening.settings import Settings, load_settings

    window = make_window(settings=Settings(role=role))
    window.show()
    assert window.start.asking_role()
    assert not window.start_screening(mode)  # the role comes first
    chooser = window.start.role_chooser
    assert [b.text() for b in chooser.buttons.values()] == [r.label for r in load_ruleset(MINI).roles]
    click(qtbot, chooser.buttons["foster_carer"])
    click(qtbot, chooser.ok)
    # remembered for a record; on the way into guidance only it is used but not saved (item 9)
    assert load_settings()[0].role == ("foster_carer" if mode == "record" else "")
    assert window.settings.role == "foster_carer"
    assert not window.start.asking_role()
    # the screening asked for carries on with the role
    assert window.session is not None and window.session.record.role == "foster_carer"
    assert window.session.guidance_only == (mode == "guidance")


def test_stub_dialogs_are_the_only_message_route(make_window):
    window = make_window()
    assert isinstance(window.dialogs, StubDialogs)


def test_a_record_made_with_another_rule_set_says_so(make_window, qtbot):
    from dataclasses import replace

    from screening.records.document import RuleSetRef

    window = make_window(autosave_ms=60_000)
    window.start_screening("record")
    window.session.update_child(name="Old", age_years=5)
    window.keeper.save_now()
    record = window.session.record
    window.close_screening()
    store = window.store()
    store.save_draft(replace(record, ruleset=RuleSetRef("older-set", "0.0.1", "0" * 64)), "me")
    window.open_record(record.id)
    assert window.notice.isVisibleTo(window)
    assert "older-set version 0.0.1" in window.notice.text()


SUGGESTION_CHANGED = "The suggestion has changed since you agreed with it"
BAND_TO_CHOOSE = "The child's age fits more than one age band; choose the band on the Child step."


def test_finalise_is_refused_when_the_suggestion_changed_after_agreeing(make_window, qtbot, dialogs):
    window = make_window(autosave_ms=60_000)
    window.show()
    window.start_screening("record")
    session = window.session
    session.update_child(age_years=5)
    session.set_behaviour("y0-touches-own-genitals", True)
    assert session.assessment.suggested.id == "green"
    session.update_judgement(agrees=True, final_category="green", decision="monitor")
    assert session.finalise_issues() == []
    session.set_behaviour("y0-forces-touching", True)  # now RED; the practitioner agreed to GREEN
    assert session.assessment.suggested.id == "red"
    window.keeper.save_now()
    record_id = session.record.id
    # the step list and the summary say so, and the button is off
    judgement_row = window.view.steps.item(4).text()
    assert judgement_row.startswith("○") and "to do" in judgement_row
    window.view.go_to("summary")
    summary = window.view.page("summary")
    assert SUGGESTION_CHANGED in summary.issues.text() and not summary.finalise.isEnabled()
    # asked anyway (the menu, a stale button): refused before the question, with the reason
    window.finalise()
    assert dialogs.kinds() == ["problems"]
    assert any(SUGGESTION_CHANGED in message for message in dialogs.calls[0][2])
    assert not session.record.is_final
    assert not window.store().get(record_id).is_final
    assert window.store().list(status="final") == []
    # agreeing again with the new suggestion puts it right
    session.update_judgement(agrees=True, final_category="red", decision="mash_referral")
    session.update_referral(immediate_risk="no")
    assert window.view.steps.item(4).text().startswith("✓")
    assert summary.finalise.isEnabled()


def test_finalise_is_refused_while_an_overlapping_band_is_unchosen(make_window, qtbot, dialogs):
    window = make_window(autosave_ms=60_000)
    window.show()
    window.start_screening("record")
    session = window.session
    session.update_child(age_years=9)  # fits "0 to 9" and "9 to 17"
    session.set_behaviour("y0-copies-sex-acts", True)
    session.update_judgement(agrees=True, final_category=session.assessment.suggested.id, decision="monitor")
    session.update_referral(immediate_risk="no")
    assert session.assessment.band_choice.needs_choice
    assert window.view.steps.item(0).text().startswith("○")
    window.view.go_to("summary")
    summary = window.view.page("summary")
    assert BAND_TO_CHOOSE in summary.issues.text() and not summary.finalise.isEnabled()
    window.finalise()
    assert dialogs.kinds() == ["problems"]
    assert BAND_TO_CHOOSE in dialogs.calls[0][2]
    assert not session.record.is_final
    assert window.store().list(status="final") == []
    session.update_child(band="0-9")
    assert summary.finalise.isEnabled()
    window.finalise()
    assert session.record.is_final


def test_staying_after_a_failed_save_on_close_keeps_autosave_and_crash_recovery(make_window, qtbot, dialogs):
    window = make_window(autosave_ms=50, store_factory=lambda: FailingStore(Store.open_default()))
    window.show()
    window.start_screening("record")
    session = window.session
    session.update_child(name="A.", age_years=7)
    window.keeper.save_now()
    record_id = session.record.id
    store = window.store()
    session.update_child(name="A. B.")
    store.fail_next = True
    dialogs.answer = False  # "Stay"
    assert not window.close_screening()
    assert dialogs.kinds() == ["question"]
    assert window.session is session and window.keeper is not None
    assert "disk full" in window.notice.text() and window.notice.isVisible()
    # still marked open: if the app stopped now, the draft would be offered back
    with Store.open_default() as other:
        assert [d.id for d in other.unclosed_drafts()] == [record_id]
    # autosave still runs: it tries again, and saves later edits
    qtbot.waitUntil(lambda: store.get(record_id).child.name == "A. B.", timeout=3000)
    session.update_child(name="A. B. C.")
    qtbot.waitUntil(lambda: store.get(record_id).child.name == "A. B. C.", timeout=3000)
    assert not window.notice.isVisible()
    assert window.close_screening()
    assert window.session is None
    with Store.open_default() as other:
        assert other.unclosed_drafts() == []


def test_closing_anyway_after_a_failed_save_stops_keeping_the_record(make_window, qtbot, dialogs):
    window = make_window(autosave_ms=60_000, store_factory=lambda: FailingStore(Store.open_default()))
    window.start_screening("record")
    session = window.session
    session.update_child(name="Kept", age_years=7)
    window.keeper.save_now()
    record_id = session.record.id
    keeper = window.keeper
    session.update_child(name="Lost")
    window.store().fail_next = True
    dialogs.answer = True  # "Close anyway"
    assert window.close_screening()
    assert keeper.closed and not keeper.timer.isActive()
    session.update_child(name="After")  # nothing listens any more
    assert not keeper.timer.isActive()
    assert window.store().get(record_id).child.name == "Kept"


def _older_ref():
    from screening.records.document import RuleSetRef

    return RuleSetRef("older-set", "0.0.1", "0" * 64)


def _saved_complete_record(window):
    window.start_screening("record")
    _complete(window.session)
    window.keeper.save_now()
    record = window.session.record
    window.close_screening()
    return record


def test_a_draft_from_another_rule_set_is_carried_on_with_the_loaded_one(make_window, qtbot, dialogs):
    from dataclasses import replace

    from ui.session import ruleset_ref

    window = make_window(autosave_ms=60_000)
    record = _saved_complete_record(window)
    store = window.store()
    store.save_draft(replace(record, ruleset=_older_ref()), "me")
    assert window.open_record(record.id)
    info = window.ruleset.info
    assert window.notice.isVisibleTo(window)
    assert (
        f"This draft was started with rule set older-set version 0.0.1; it now uses {info.id} version "
        f"{info.version}, and the suggestion may differ."
    ) in window.notice.text()
    assert window.session.record.ruleset == ruleset_ref(window.ruleset)
    # finalised at once, with no other edit: the final record names the rule set that made its suggestion
    window.finalise()
    final = store.get(record.id)
    assert final.is_final and final.ruleset == ruleset_ref(window.ruleset)
    assert "started with" not in window.notice.text()


def test_a_final_record_from_another_rule_set_is_left_as_it_was_made(make_window, qtbot, dialogs):
    from dataclasses import replace

    window = make_window(autosave_ms=60_000)
    record = _saved_complete_record(window)
    store = window.store()
    store.save_draft(replace(record, ruleset=_older_ref()), "me")
    final = store.finalise(record.id, "me")
    assert window.open_record(record.id)
    assert window.session.record == final and window.session.record.ruleset == _older_ref()
    assert not window.keeper.dirty
    text = window.notice.text()
    assert "finalised with rule set older-set version 0.0.1" in text and "started with" not in text
    assert window.close_screening()
    assert store.get(record.id) == final


def test_a_final_record_is_deleted_only_with_a_reason_and_a_typed_confirmation(make_window, qtbot, dialogs):
    from screening.store import RETENTION_REASONS

    window = make_window(autosave_ms=60_000)
    window.show()
    window.start_screening("record")
    _complete(window.session)
    window.keeper.finalise()
    record_id = window.session.record.id
    window.close_screening()
    dialogs.calls.clear()
    dialogs.reason = None  # cancelled, or the word not typed: the OK button stays off
    window.delete_record(record_id)
    assert dialogs.kinds() == ["choose_reason"]  # not a single yes/no question
    _, _, (text, reasons, word) = dialogs.calls[0]
    assert reasons == RETENTION_REASONS and word == "DELETE" and "retention" in text
    assert window.store().get(record_id).is_final
    dialogs.reason = "created_in_error"
    window.delete_record(record_id)
    assert record_id not in window.store().ids()
    [tombstone] = [r for r in window.store().audit(record_id) if r.action == "retention_delete"]
    assert "created_in_error" in tombstone.details
    assert window.start.model.rowCount() == 0


def test_the_retention_dialog_needs_a_reason_and_the_typed_word(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QDialogButtonBox, QLineEdit

    from ui.dialogs import Dialogs

    seen = {}

    def drive():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        combo, typed = dialog.findChild(QComboBox), dialog.findChild(QLineEdit)
        seen["at_first"] = ok.isEnabled()
        combo.setCurrentIndex(2)
        seen["reason_only"] = ok.isEnabled()
        typed.setText("delete")
        seen["lower_case"] = ok.isEnabled()
        typed.setText("DELETE")
        seen["both"] = ok.isEnabled()
        ok.click()

    QTimer.singleShot(0, drive)
    answer = Dialogs().choose_reason(None, "Delete?", "Final.", {"a": "first", "b": "second"}, "DELETE")
    assert seen == {"at_first": False, "reason_only": False, "lower_case": False, "both": True}
    assert answer == "b"


def test_deleting_plans_are_plain_python():
    from screening.records.document import Record
    from ui.records import delete_plan

    assert not delete_plan(Record(role="teacher")).retention
    assert delete_plan(Record(role="teacher", status="final")).retention
