"""Step 5, Your judgement: agree or differ (with a reason), final category, actions, decision."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from screening.engine.assess import decision_reason_needed
from screening.records.document import DECISIONS
from screening.records.editing import with_agreement
from ui.steps.base import StepPage
from ui.widgets import Badge, bold, caption, discard, line_edit, no_mnemonic, plain, set_text, swatch, text_box

REASON_NEEDED = "Give your reason for differing from the suggestion. The record cannot be finalised without it."


class JudgementPage(StepPage):
    key = "judgement"
    title = "Your judgement"
    intro = "The tool's suggestion stays on record next to your own judgement; neither overwrites the other."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout()
        row.addWidget(bold(caption("The tool suggests:")))
        self.suggested = Badge()
        row.addWidget(self.suggested)
        self.suggested_meaning = plain("")
        row.addWidget(self.suggested_meaning, 1)
        self.layout_.addLayout(row)

        agree_box = QGroupBox("Do you agree with the suggestion?")
        agree_layout = QVBoxLayout(agree_box)
        self.agree = self.editable(QRadioButton("I &agree with the suggestion"))
        self.agree.setAccessibleName("I agree with the suggestion")
        self.differ = self.editable(QRadioButton("I &differ from the suggestion"))
        self.differ.setAccessibleName("I differ from the suggestion")
        self.agree_group = QButtonGroup(self)
        self.agree_group.addButton(self.agree)
        self.agree_group.addButton(self.differ)
        agree_layout.addWidget(self.agree)
        agree_layout.addWidget(self.differ)
        self.reason = self.editable(text_box("Your reason for differing", "Why you judge it differently", lines=3))
        self.reason_caption = caption("Your &reason for differing (required when you differ):", self.reason)
        agree_layout.addWidget(self.reason_caption)
        agree_layout.addWidget(self.reason)
        self.reason_needed = bold(plain("⚠ " + REASON_NEEDED))
        self.reason_needed.setObjectName("warningText")
        self.reason_needed.setAccessibleName(REASON_NEEDED)
        agree_layout.addWidget(self.reason_needed)
        self.layout_.addWidget(agree_box)

        final_box = QGroupBox("Final category")
        final_layout = QVBoxLayout(final_box)
        self.final_help = plain("")
        final_layout.addWidget(self.final_help)
        agreed_row = QHBoxLayout()
        self.final_badge = Badge()
        agreed_row.addWidget(self.final_badge)
        agreed_row.addStretch(1)
        final_layout.addLayout(agreed_row)
        self.final_row_host = QWidget()
        self.final_row = QHBoxLayout(self.final_row_host)
        self.final_row.setContentsMargins(0, 0, 0, 0)
        final_layout.addWidget(self.final_row_host)
        self.final_group = QButtonGroup(self)
        self.final_buttons: dict[str, QRadioButton] = {}
        self.mismatch = bold(plain(""))
        self.mismatch.setObjectName("warningText")
        final_layout.addWidget(self.mismatch)
        self.layout_.addWidget(final_box)
        self._ruleset_id: int | None = None

        more = QGroupBox("What you did and decided")
        form = QVBoxLayout(more)
        self.actions = self.editable(
            text_box("Actions taken", "What you have done so far: who you told, what you said to the child", lines=3)
        )
        form.addWidget(caption("Actions ta&ken:", self.actions))
        form.addWidget(self.actions)
        self.consulted = self.editable(line_edit("Who was consulted", "For example: the DSL, Mrs Khan, on 3 March"))
        form.addWidget(caption("Who was c&onsulted:", self.consulted))
        form.addWidget(self.consulted)
        form.addWidget(caption("Decision:"))
        decisions = QGridLayout()
        self.decision_group = QButtonGroup(self)
        self.decision_buttons: dict[str, QRadioButton] = {}
        for i, (key, label) in enumerate(DECISIONS.items()):
            button = self.editable(QRadioButton(no_mnemonic(label)))
            button.setAccessibleName(f"Decision: {label}")
            self.decision_group.addButton(button)
            self.decision_buttons[key] = button
            decisions.addWidget(button, i // 3, i % 3)
            button.toggled.connect(lambda on, k=key: on and self._judgement(decision=k))
        form.addLayout(decisions)
        # several actions where the guidance says to do both (a MASH referral and the police)
        form.addWidget(caption("Also done (tick any):"))
        also = QGridLayout()
        self.also_boxes: dict[str, QCheckBox] = {}
        for i, (key, label) in enumerate(DECISIONS.items()):
            box = self.editable(QCheckBox(no_mnemonic(label)))
            box.setAccessibleName(f"Also done: {label}")
            self.also_boxes[key] = box
            also.addWidget(box, i // 3, i % 3)
            box.toggled.connect(lambda _on: self._write_also())
        form.addLayout(also)
        self.decision_reason = self.editable(
            text_box("Reason for this decision", "Why this decision, for example advice from the MASH", lines=2)
        )
        form.addWidget(caption("R&eason for this decision:", self.decision_reason))
        form.addWidget(self.decision_reason)
        self.decision_reason_needed = bold(plain(""))
        self.decision_reason_needed.setObjectName("warningText")
        form.addWidget(self.decision_reason_needed)
        self.decision_reason.textChanged.connect(
            lambda: self._judgement(decision_reason=self.decision_reason.toPlainText())
        )
        self.layout_.addWidget(more)
        self.layout_.addStretch(1)

        # clicked, not toggled: choosing "agree" again takes a changed suggestion
        self.agree.clicked.connect(lambda: self._agree_toggled(True))
        self.differ.clicked.connect(lambda: self._differ_toggled(True))
        self.reason.textChanged.connect(lambda: self._judgement(reason=self.reason.toPlainText()))
        self.actions.textChanged.connect(lambda: self._judgement(actions_taken=self.actions.toPlainText()))
        self.consulted.textEdited.connect(lambda text: self._judgement(consulted=text))

    def _write_also(self) -> None:
        self._judgement(also=tuple(k for k, box in self.also_boxes.items() if box.isChecked()))

    def _judgement(self, **changes: object) -> None:
        if self.session is not None:
            self.session.update_judgement(**changes)

    def _agree_toggled(self, on: bool) -> None:
        if on and self.session is not None:
            suggested = self.session.assessment.suggested
            agreed = with_agreement(self.session.record, suggested.id if suggested else "")
            self.session.update(judgement=agreed.judgement)

    def _differ_toggled(self, on: bool) -> None:
        if on:
            self._judgement(agrees=False)
            self.reason.setFocus()

    def _build_categories(self) -> None:
        assert self.session is not None
        for button in self.final_buttons.values():
            self.final_group.removeButton(button)
            self.forget(button)
            discard(button)
        self.final_buttons = {}
        for category in self.session.ruleset.categories:
            button = self.editable(QRadioButton(no_mnemonic(category.label)))
            button.setIcon(swatch(category.colour))
            button.setAccessibleName(f"Final category {category.label}")
            self.final_group.addButton(button)
            self.final_row.addWidget(button)
            self.final_buttons[category.id] = button
            button.toggled.connect(lambda on, c=category.id: on and self._judgement(final_category=c))
        self.final_row.addStretch(1)

    def refresh(self) -> None:
        assert self.session is not None
        session = self.session
        if self._ruleset_id != id(session.ruleset):
            self._ruleset_id = id(session.ruleset)
            self._build_categories()
        j = session.record.judgement
        suggested = session.assessment.suggested
        self.suggested.set_category(suggested, "none yet")
        self.suggested_meaning.setText(suggested.meaning if suggested else "Choose or describe a behaviour first.")

        self.agree_group.setExclusive(False)
        for value, button in ((True, self.agree), (False, self.differ)):
            with QSignalBlocker(button):
                button.setChecked(j.agrees is value)
        self.agree_group.setExclusive(True)
        self.agree.setEnabled(suggested is not None and not self.read_only)
        differing = j.agrees is False
        self.reason_caption.setVisible(differing)
        self.reason.setVisible(differing)
        set_text(self.reason, j.reason)
        self.reason_needed.setVisible(differing and not j.reason.strip())

        self.final_group.setExclusive(False)
        for key, button in self.final_buttons.items():
            with QSignalBlocker(button):
                button.setChecked(j.final_category == key)
            button.setEnabled(not self.read_only)
        self.final_group.setExclusive(True)
        # when agreeing, the final category is the suggestion, shown as a badge; choose "differ" to change it
        self.final_row_host.setVisible(j.agrees is False)
        final_category = (
            session.ruleset.category(j.final_category) if session.ruleset.has("category", j.final_category) else None
        )
        self.final_badge.set_category(final_category, "not chosen")
        self.final_badge.setVisible(j.agrees is not None and (j.agrees or final_category is not None))
        if j.agrees is None:
            self.final_help.setText("First say whether you agree. If you differ, choose the category you judge right.")
        elif j.agrees:
            self.final_help.setText(
                "You agree, so the final category is the suggestion. To change it, choose “I differ”."
            )
        else:
            self.final_help.setText("Choose the category you judge right.")
        mismatch = ""
        if j.agrees and suggested is not None and j.final_category and j.final_category != suggested.id:
            final = (
                session.ruleset.category(j.final_category).label
                if session.ruleset.has("category", j.final_category)
                else j.final_category
            )
            mismatch = (
                f"⚠ The suggestion has changed to {suggested.label} since you agreed; your final category is "
                f"still {final}. Choose “I agree” again to take the new suggestion, or “I differ” and give "
                "your reason."
            )
        self.mismatch.setText(mismatch)
        self.mismatch.setVisible(bool(mismatch))

        set_text(self.actions, j.actions_taken)
        set_text(self.consulted, j.consulted)
        self.decision_group.setExclusive(False)
        for key, button in self.decision_buttons.items():
            with QSignalBlocker(button):
                button.setChecked(j.decision == key)
        self.decision_group.setExclusive(True)
        for key, box in self.also_boxes.items():
            with QSignalBlocker(box):
                box.setChecked(key in j.also)
            box.setEnabled(key != j.decision and not self.read_only)
        set_text(self.decision_reason, j.decision_reason)
        needed = decision_reason_needed(session.ruleset, session.record) and not j.decision_reason.strip()
        self.decision_reason_needed.setText(
            "⚠ This decision is less than the category's guidance expects: give your reason for it."
            if needed
            else ""
        )
        self.decision_reason_needed.setVisible(needed)
