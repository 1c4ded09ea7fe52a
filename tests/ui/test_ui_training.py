"""Training in the app: the case list, a case worked through (nothing saved), the comparison,
the presenter view and the calibration answers file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ui_helpers import StubDialogs, click

from screening.texts import EMERGENCY_LINE
from screening.training.answers import Participant, read_answers_file


def labels_text(widget: Any) -> str:
    from PySide6.QtWidgets import QLabel

    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget))


def open_training(make_window: Any, shipped_rules: Any) -> Any:
    window = make_window(shipped_rules)
    window.show()
    click_training = window.start.training_button
    click_training.click()
    return window


def test_training_lists_the_fictional_cases_without_giving_the_answer(make_window: Any, shipped_rules: Any) -> None:
    window = open_training(make_window, shipped_rules)
    picker = window.training_flow.picker
    assert window.stack.currentWidget() is picker
    assert picker.cases.topLevelItemCount() >= 30
    text = labels_text(picker)
    assert "Fictional case study" in text and "Nothing is saved" in text
    assert "Questions at the water tray (fictional)" in text
    columns = [picker.cases.headerItem().text(n) for n in range(picker.cases.columnCount())]
    assert columns == ["Case", "Age band", "Written for"]  # no reference colour in the list
    assert window.emergency.text() == EMERGENCY_LINE


def test_working_through_a_case_saves_nothing(make_window: Any, shipped_rules: Any, data_dir: Path,
                                              qtbot: Any) -> None:
    assert not data_dir.exists() or not any(data_dir.iterdir())
    window = open_training(make_window, shipped_rules)
    flow = window.training_flow
    flow.picker.select("s07-water-tray-secret")
    click(qtbot, flow.picker.work)
    session = window.session
    assert session is not None and session.mode == "training" and not session.saves
    assert window.keeper is None and window.stack.currentWidget() is window.view
    assert flow.bar.isVisible() and "Fictional case" in flow.case_label.text()
    assert "fictional" in window.windowTitle().lower() and window.mode_banner.isVisible()
    assert session.record.child.age_years == 5 and session.record.child.band == "0-5"
    session.set_behaviour("y0-shows-private-parts-to-peer", True)
    session.set_factor("secrecy", True)
    session.update_judgement(agrees=True, decision="monitor")
    for key in ("behaviours", "context", "outcome", "judgement", "referral", "summary"):
        window.go_to(key)
    dialog = flow.compare()
    view = dialog.view
    text = labels_text(view)
    assert "Yours" in text and "Reference" in text and "Teaching points" in text
    assert "only the reference" in text and "✓ both" in text  # age-gap was missed, secrecy matched
    assert view.comparison.reference_colour == "amber" and view.comparison.same_colour
    assert "Fictional case study" in text and EMERGENCY_LINE in labels_text(dialog)
    dialog.close()
    presenter = flow.present(flow.scenario)
    assert presenter.isFullScreen() or presenter.isVisible()
    presenter.close()
    flow.show_picker()  # "Other cases": the training case closes, still nothing is written
    assert not flow.bar.isVisible() and window.session is None
    # nothing from training reached the records store: no database, no file at all
    assert not data_dir.exists() or list(data_dir.iterdir()) == []


def test_presenter_reveals_the_reference_step_by_step(make_window: Any, shipped_rules: Any, qtbot: Any) -> None:
    window = open_training(make_window, shipped_rules)
    flow = window.training_flow
    presenter = flow.present(flow.library.get("s34-many-small-signs"))
    qtbot.addWidget(presenter)
    before = labels_text(presenter)
    assert EMERGENCY_LINE in before and "Fictional case study" in before and "Rosie" in before
    assert "RED" not in before and "Reasoning" not in before  # the reference is hidden at first
    assert presenter.windowFlags() & presenter.windowFlags().Window
    total = len(presenter.stages)
    for _ in range(4):
        presenter.reveal_next()
    assert "RED" in labels_text(presenter) and "Reasoning" not in labels_text(presenter)
    presenter.hide_last()
    assert "RED" not in labels_text(presenter)
    for _ in range(total + 2):
        presenter.reveal_next()
    text = labels_text(presenter)
    assert "differs from the tool" in text and "For discussion" in text and "all shown" in presenter.progress.text()
    assert not presenter.next.isEnabled()
    assert "Saved records" not in text  # nothing of the start screen shows in the presenter view


def test_save_my_answer_writes_an_answers_file(make_window: Any, shipped_rules: Any, dialogs: StubDialogs,
                                               tmp_path: Path, data_dir: Path, qtbot: Any) -> None:
    window = open_training(make_window, shipped_rules)
    flow = window.training_flow
    flow.ask_participant = lambda: Participant("P07", "teacher", "School")  # type: ignore[method-assign]
    dialogs.path = str(tmp_path / "answers-P07.json")
    for case, behaviour, colour in (("s01-bath-time-questions", "y0-asks-about-bodies-and-babies", ""),
                                    ("s04-pulling-down-pants", "y0-pulls-down-others-clothes", "red")):
        assert flow.work_through(case)
        window.session.set_behaviour(behaviour, True)
        if colour:
            window.session.update_judgement(agrees=False, final_category=colour, reason="more worried")
        assert flow.save_answer()
    saved = read_answers_file(dialogs.path)
    assert saved.participant == Participant("P07", "teacher", "School")
    assert [(a.scenario, a.category) for a in saved.answers] == [
        ("s01-bath-time-questions", "green"), ("s04-pulling-down-pants", "red")]
    assert json.loads(Path(dialogs.path).read_text())["format"] == "screening-answers/1"
    assert Path(dialogs.path).stat().st_mode & 0o777 == 0o600
    assert not data_dir.exists() or list(data_dir.iterdir()) == []


def test_training_asks_the_role_first_then_opens_the_cases(make_window: Any, shipped_rules: Any) -> None:
    from screening.settings import Settings

    window = make_window(shipped_rules, settings=Settings())
    window.open_training()
    assert window.start.asking_role()
    window.start.role_chosen.emit("foster_carer")
    assert window.stack.currentWidget() is window.training_flow.picker


def test_taking_turns_on_one_computer(make_window: Any, shipped_rules: Any, dialogs: StubDialogs,
                                      tmp_path: Path) -> None:
    window = open_training(make_window, shipped_rules)
    flow = window.training_flow
    people = iter([Participant("P01", "teacher", "School"), Participant("P02", "early_help", "Early help")])
    flow.ask_participant = lambda: next(people)  # type: ignore[method-assign]
    for alias in ("P01", "P02"):
        dialogs.path = str(tmp_path / f"{alias}.json")
        assert flow.work_through("s09-who-can-wee-highest")
        window.session.set_behaviour("y5-compares-bodies-at-toilets", True)
        assert flow.save_answer()
        flow.next_participant()
    first, second = (read_answers_file(tmp_path / f"{a}.json") for a in ("P01", "P02"))
    assert first.participant.alias == "P01" and second.participant.role == "early_help"
    assert [a.category for a in first.answers] == [a.category for a in second.answers] == ["green"]
