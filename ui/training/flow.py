"""The training flow in the main window: the case list, a case worked through with the normal
steps (a TRAINING session: never saved), the comparison, the presenter view and the answers file.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QToolBar

from screening.problems import ProblemsError
from screening.training.answers import AnswersFile, Participant, answer_from_record, read_answers_file, write_answers
from screening.training.scenarios import Library, Scenario, validate_library
from ui.training.picker import CasePicker
from ui.widgets import plain

TRAINING = "training"  # ui.session's mode: guidance only, nothing saved


class TrainingFlow(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.ruleset = window.ruleset
        library, problems = validate_library(self.ruleset)
        self.library: Library = library
        self.problems = problems
        self.picker: CasePicker | None = None
        self.scenario: Scenario | None = None
        self.session: Any = None
        self.presenter: Any = None
        self.participant: Participant | None = None
        self.answers_path = ""
        self.bar = QToolBar("Training case", window)
        self.bar.setObjectName("trainingBar")
        self.bar.setMovable(False)
        self.case_label: QLabel = plain("", wrap=False)
        self.bar.addWidget(self.case_label)
        self.bar.addSeparator()
        self.act_read = self.bar.addAction("Read the &case", self.read_case)
        self.act_compare = self.bar.addAction("Compare with the &reference", self.compare)
        self.act_save = self.bar.addAction("Save my &answer…", self.save_answer)
        self.act_next_person = self.bar.addAction("&Next participant", self.next_participant)
        self.act_present = self.bar.addAction("&Presenter view", lambda: self.present(self.scenario))
        self.act_cases = self.bar.addAction("&Other cases", self.show_picker)
        window.addToolBar(self.bar)
        self.bar.setVisible(False)
        window.stack.currentChanged.connect(lambda _i: self._sync())

    @property
    def dialogs(self) -> Any:
        return self.window.dialogs

    # -- the case list
    def show_picker(self) -> None:
        if not self.window.role():  # first run: the start screen asks the role, then the cases open
            self.window.role_not_saved = True  # training writes nothing, not even the role
            self.window.show_start()
            self.window.start.role_chosen.connect(self._role_chosen)
            return
        if self.problems:
            self.dialogs.problems(self.window, "Some training cases could not be read",
                                  [str(p) for p in self.problems], "These cases are left out:")
            self.problems = []
        if not self.window.close_screening(show_start=False):
            return
        if self.picker is None:
            self.picker = CasePicker(self.ruleset, self.library)
            self.picker.work_requested.connect(self.work_through)
            self.picker.present_requested.connect(lambda i: self.present(self.library.get(i)))
            self.picker.back_requested.connect(self.window.show_start)
            self.window.stack.addWidget(self.picker)
        if self.scenario is not None:
            self.picker.select(self.scenario.id)
        self.window.stack.setCurrentWidget(self.picker)
        self.window._update_chrome()
        self.picker.cases.setFocus()

    def _role_chosen(self, _role: str) -> None:
        self.window.start.role_chosen.disconnect(self._role_chosen)
        self.show_picker()

    # -- a case, worked through with the normal steps
    def work_through(self, scenario_id: str) -> bool:
        scenario = self.library.get(scenario_id)
        if scenario is None or not self.window.start_screening(TRAINING):
            return False
        session = self.window.session
        if session is None or session.saves:  # never let a training case become a record
            return False
        session.update(child=scenario.child())
        self.scenario, self.session = scenario, session
        self.case_label.setText(f"  Fictional case: {scenario.title}  ")
        self._sync()
        return True

    def _sync(self) -> None:
        active = (self.session is not None and self.window.session is self.session
                  and self.window.stack.currentWidget() is self.window.view)
        self.bar.setVisible(active)
        if not active and self.window.session is not self.session:
            self.session = None

    def read_case(self) -> None:
        if self.scenario is not None:
            from ui.training.picker import case_facts

            self.dialogs.info(self.window, f"{self.scenario.title} (fictional case)",
                              f"{case_facts(self.ruleset, self.scenario)}\n\n{self.scenario.narrative}")

    def compare(self) -> Any:
        if self.scenario is None or self.session is None:
            return None
        from ui.training.compare_view import ComparisonDialog

        dialog = ComparisonDialog(self.ruleset, self.scenario, self.session.record, self.window)
        dialog.open()
        return dialog

    # -- the presenter view
    def present(self, scenario: Scenario | None) -> Any:
        if scenario is None:
            return None
        from ui.training.presenter import PresenterView

        if self.presenter is not None:
            self.presenter.close()
        self.presenter = PresenterView(self.ruleset, scenario, self.window)
        self.presenter.closed.connect(self._presenter_closed)
        self.presenter.showFullScreen()
        return self.presenter

    def _presenter_closed(self) -> None:
        self.presenter = None

    # -- the calibration answers file (written where the participant says; never the records store)
    def ask_participant(self) -> Participant | None:
        from ui.training.participant import ParticipantDialog

        dialog = ParticipantDialog(self.ruleset, self.window.role(), self.window)
        return dialog.participant() if dialog.exec() else None

    def next_participant(self) -> None:
        """Taking turns on one computer: the next Save my answer asks who is answering and where."""
        who = self.participant.alias if self.participant is not None else ""
        self.participant, self.answers_path = None, ""
        if who:
            self.dialogs.info(self.window, "Next participant", f"{who}'s answers file is closed. The next "
                              "participant gives their own alias and file when they save their first answer.")

    def save_answer(self) -> bool:
        if self.scenario is None or self.session is None:
            return False
        if self.participant is None or not self.answers_path:
            participant = self.ask_participant()
            if participant is None:
                return False
            path = self.dialogs.save_file(self.window, "Save your answers", "Answers files (*.json)",
                                          f"answers-{participant.alias}.json")
            if not path:
                return False
            self.participant, self.answers_path = participant, path
        assert self.participant is not None
        existing = AnswersFile(self.participant, ())
        if os.path.exists(self.answers_path):
            try:
                existing = read_answers_file(self.answers_path)
            except ProblemsError as exc:
                self.dialogs.problems(self.window, "The answers file cannot be read", [str(p) for p in exc.problems],
                                      "It was not changed:")
                return False
        suggested = self.session.assessment.suggested
        answer = answer_from_record(self.scenario.id, self.session.record, suggested.id if suggested else None)
        if not answer.category:
            self.dialogs.info(self.window, "Nothing to save yet", "Choose or describe a behaviour first.")
            return False
        try:
            write_answers(self.answers_path, existing.with_answer(answer))
        except OSError as exc:
            self.dialogs.error(self.window, "The answers could not be saved", str(exc))
            return False
        self.dialogs.info(self.window, "Answer saved", f"Your answer to this case is in {self.answers_path}. "
                          "Only your alias, role and agency are in the file.")
        return True
