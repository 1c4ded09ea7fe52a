"""Step 3, Context: the rule set's questions, each a tick box with its explanation in view."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout, QWidget

from ui.steps.base import StepPage
from ui.widgets import ClickLabel, bold, discard, plain


class ContextPage(StepPage):
    key = "context"
    title = "Context"
    intro = (
        "Tick each question where the answer is yes. Leave it empty for no, or if you do not know; "
        "say what you do not know in your notes. The answers can raise the suggestion, never lower it."
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = QWidget()
        self.grid = QGridLayout(self.host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        self.answered = bold(plain(""))
        self.answered.setAccessibleName("Questions answered yes")
        self.layout_.addWidget(self.answered)
        self.grid.setColumnStretch(1, 1)
        self.layout_.addWidget(self.host)
        self.layout_.addStretch(1)
        self.boxes: dict[str, QCheckBox] = {}
        self.questions: dict[str, ClickLabel] = {}
        self.explanations: dict[str, object] = {}
        self._ruleset_id: int | None = None

    def _build(self) -> None:
        assert self.session is not None
        for box in self.boxes.values():
            self.forget(box)
        widgets = [self.grid.itemAt(i).widget() for i in range(self.grid.count())]
        for widget in widgets:
            discard(widget, self.grid)
        self.boxes, self.questions, self.explanations = {}, {}, {}
        ruleset = self.session.ruleset
        row = 0
        for number, factor in enumerate(ruleset.context_factors, start=1):
            box = self.editable(QCheckBox())
            box.setAccessibleName(factor.question)
            box.setAccessibleDescription(factor.explanation)
            question = bold(ClickLabel(f"{number}. {factor.question}"))
            question.clicked.connect(lambda b=box: b.isEnabled() and b.toggle())
            explanation = plain(factor.explanation)
            explanation.setObjectName("explanation")
            effect = plain(f"If yes, this {factor.effect.describe(ruleset)}.")
            effect.setObjectName("effect")
            self.grid.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(question, row, 1)
            self.grid.addWidget(explanation, row + 1, 1)
            self.grid.addWidget(effect, row + 2, 1)
            self.grid.setRowMinimumHeight(row + 3, 14)
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            self.grid.addWidget(line, row + 3, 0, 1, 2)
            box.toggled.connect(lambda checked, f=factor.id: self.session and self.session.set_factor(f, checked))
            self.boxes[factor.id] = box
            self.questions[factor.id] = question
            self.explanations[factor.id] = explanation
            row += 4

    def refresh(self) -> None:
        assert self.session is not None
        if self._ruleset_id != id(self.session.ruleset):
            self._ruleset_id = id(self.session.ruleset)
            self._build()
        answered = set(self.session.record.context)
        numbers = []
        for number, (factor_id, box) in enumerate(self.boxes.items(), start=1):
            with QSignalBlocker(box):
                box.setChecked(factor_id in answered)
            if factor_id in answered:
                numbers.append(str(number))
        self.answered.setText(
            (
                f"Answered yes: question {numbers[0]}."
                if len(numbers) == 1
                else f"Answered yes: questions {', '.join(numbers)}."
            )
            if numbers
            else "No question answered yes yet."
        )
