"""Step 3, Context: every question answered yes, no or don't know, its explanation in view.

Questions the description touched are marked with the words quoted; nothing is answered for the
practitioner. "Don't know" is recorded as information still to gather, never read as no.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QButtonGroup, QFrame, QGridLayout, QHBoxLayout, QLabel, QRadioButton, QWidget

from ui.steps.base import StepPage
from ui.widgets import ClickLabel, bold, discard, plain

ANSWERS = (("yes", "Yes"), ("no", "No"), ("unknown", "Don't know"))


class ContextPage(StepPage):
    key = "context"
    title = "Context"
    intro = (
        "Answer each question yes, no or don't know. Don't know is recorded as something still to find out; "
        "it is never read as no. Questions your description touched are marked with your words, but you "
        "answer every one. The answers can raise the suggestion, never lower it."
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = QWidget()
        self.grid = QGridLayout(self.host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        self.answered = bold(plain(""))
        self.answered.setAccessibleName("Questions answered")
        self.layout_.addWidget(self.answered)
        self.grid.setColumnStretch(0, 1)
        self.layout_.addWidget(self.host)
        self.layout_.addStretch(1)
        self.boxes: dict[str, QRadioButton] = {}  # the Yes button of each question
        self.buttons: dict[str, dict[str, QRadioButton]] = {}
        self.groups: dict[str, QButtonGroup] = {}
        self.questions: dict[str, ClickLabel] = {}
        self.explanations: dict[str, QLabel] = {}
        self.marks: dict[str, QLabel] = {}
        self._ruleset_id: int | None = None

    def _build(self) -> None:
        assert self.session is not None
        for old in self.buttons.values():
            for button in old.values():
                self.forget(button)
        widgets = [self.grid.itemAt(i).widget() for i in range(self.grid.count())]
        for widget in widgets:
            discard(widget, self.grid)
        self.boxes, self.buttons, self.groups, self.questions, self.explanations, self.marks = {}, {}, {}, {}, {}, {}
        ruleset = self.session.ruleset
        row = 0
        for number, factor in enumerate(ruleset.context_factors, start=1):
            question = bold(ClickLabel(f"{number}. {factor.question}"))
            question.clicked.connect(lambda f=factor.id: self._toggle_yes(f))
            answers = QWidget()
            answers_layout = QHBoxLayout(answers)
            answers_layout.setContentsMargins(0, 0, 0, 0)
            group = QButtonGroup(self)
            buttons: dict[str, QRadioButton] = {}
            for value, label in ANSWERS:
                button = self.editable(QRadioButton(label))
                button.setAccessibleName(f"{label}: {factor.question}")
                button.setAccessibleDescription(factor.explanation)
                group.addButton(button)
                answers_layout.addWidget(button)
                button.toggled.connect(
                    lambda checked, f=factor.id, v=value: checked and self.session and self.session.set_answer(f, v)
                )
                buttons[value] = button
            answers_layout.addStretch(1)
            mark = plain("")
            mark.setObjectName("cueMark")
            mark.setVisible(False)
            explanation = plain(factor.explanation)
            explanation.setObjectName("explanation")
            effect = plain(f"If yes, this {factor.effect.describe(ruleset)}.")
            effect.setObjectName("effect")
            self.grid.addWidget(question, row, 0)
            self.grid.addWidget(answers, row + 1, 0)
            self.grid.addWidget(mark, row + 2, 0)
            self.grid.addWidget(explanation, row + 3, 0)
            self.grid.addWidget(effect, row + 4, 0)
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            self.grid.addWidget(line, row + 5, 0)
            self.boxes[factor.id] = buttons["yes"]
            self.buttons[factor.id] = buttons
            self.groups[factor.id] = group
            self.questions[factor.id] = question
            self.explanations[factor.id] = explanation
            self.marks[factor.id] = mark
            row += 6

    def _toggle_yes(self, factor_id: str) -> None:
        if self.session is None or self.read_only:
            return
        yes = self.session.answer(factor_id) == "yes"
        self.session.set_answer(factor_id, None if yes else "yes")

    def _description(self) -> str:
        """What the practitioner wrote: the account, and the search words if the account differs."""
        assert self.session is not None
        texts = [self.session.record.account.what_happened, getattr(self.session, "search_text", "")]
        return "\n".join(dict.fromkeys(t.strip() for t in texts if t and t.strip()))

    def _show_marks(self) -> list[str]:
        """Mark the questions the description touched; their numbers, for the line at the top."""
        assert self.session is not None
        from screening.engine.cues import read  # imported on first use: start-up stays fast

        ruleset = self.session.ruleset
        choice = self.session.assessment.band_choice
        reading = read(ruleset, self._description(), choice.screening_age)
        touched: list[str] = []
        for number, (factor_id, mark) in enumerate(self.marks.items(), start=1):
            cues = reading.for_factor(factor_id)
            if not cues:
                mark.setVisible(False)
                continue
            touched.append(str(number))
            said = [c for c in cues if c.counts]
            denied = [c for c in cues if c.negated]
            unsure = [c for c in cues if c.hedged]
            parts = []
            if said:
                quoted = ", ".join(f"\u201c{c.words}\u201d" for c in said)
                parts.append(f"Your description touches this: {quoted}.")
            if denied:
                parts.append("It also says " + ", ".join(f"\u201c{c.words}\u201d" for c in denied)
                             + ", read as a denial; that is not taken as your answer.")
            if unsure:
                parts.append("It sounds unsure about " + ", ".join(f"\u201c{c.words}\u201d" for c in unsure) + ".")
            mark.setText("\u25b6 " + " ".join(parts) + " You decide the answer.")
            mark.setAccessibleName("What your description said about this question")
            mark.setVisible(True)
        return touched

    def refresh(self) -> None:
        assert self.session is not None
        if self._ruleset_id != id(self.session.ruleset):
            self._ruleset_id = id(self.session.ruleset)
            self._build()
        counts: dict[str, list[str]] = {"yes": [], "no": [], "unknown": []}
        unanswered: list[str] = []
        for number, (factor_id, buttons) in enumerate(self.buttons.items(), start=1):
            answer = self.session.answer(factor_id)
            group = self.groups[factor_id]
            blockers = [QSignalBlocker(b) for b in buttons.values()]
            if answer is None:
                group.setExclusive(False)
                for button in buttons.values():
                    button.setChecked(False)
                group.setExclusive(True)
            else:
                buttons[answer].setChecked(True)
            del blockers
            (counts[answer] if answer else unanswered).append(str(number))
        touched = self._show_marks()
        parts = []
        if touched:
            parts.append(f"Your description touched questions {', '.join(touched)} (marked \u25b6; you answer them)")
        for key, label in (("yes", "Yes"), ("no", "No"), ("unknown", "Don't know (to find out)")):
            if counts[key]:
                parts.append(f"{label}: {', '.join(counts[key])}")
        if unanswered:
            parts.append(f"Not answered yet: {', '.join(unanswered)}")
        self.answered.setText(". ".join(parts) + "." if parts else "No question answered yet.")
