"""Step 4, Outcome: the suggestion, why, and what to do now for this role."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from screening.texts import DISCLAIMER
from ui.steps.base import StepPage
from ui.widgets import CategoryBanner, bold, caption, discard, plain


def _clear(layout: QVBoxLayout) -> None:
    widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
    for widget in widgets:
        discard(widget, layout)


class OutcomePage(StepPage):
    key = "outcome"
    title = "Outcome"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = CategoryBanner(3.0)
        self.layout_.addWidget(self.banner)
        self.band = plain("")
        self.layout_.addWidget(self.band)

        self.guidance_box = QGroupBox("What to do now")
        guidance = QVBoxLayout(self.guidance_box)
        role_row = QHBoxLayout()
        self.role = QComboBox()
        self.role.setAccessibleName("Show the guidance for this role")
        role_row.addWidget(caption("Guidance f&or:", self.role))
        role_row.addWidget(self.role)
        role_row.addStretch(1)
        guidance.addLayout(role_row)
        self.summary = bold(plain(""))
        self.summary.setAccessibleName("What to do now")
        guidance.addWidget(self.summary)
        self.steps_title = bold(caption("Steps:"))
        guidance.addWidget(self.steps_title)
        self.steps = QVBoxLayout()
        guidance.addLayout(self.steps)
        self.avoid_title = bold(caption("Avoid:"))
        guidance.addWidget(self.avoid_title)
        self.avoid = QVBoxLayout()
        guidance.addLayout(self.avoid)
        # a carer can print this age band's page of the carers' leaflet (ui/guide_dialog.py)
        self.print_band = QPushButton("Print this age band's &page…")
        self.print_band.clicked.connect(self._print_band)
        guidance.addWidget(self.print_band)
        self.layout_.addWidget(self.guidance_box)

        why = QGroupBox("Why: how the tool reached this")
        why_layout = QVBoxLayout(why)
        self.trace = QVBoxLayout()
        why_layout.addLayout(self.trace)
        self.layout_.addWidget(why)

        self.layout_.addWidget(
            plain(
                f"{DISCLAIMER} "
                "Record your own judgement on the next step."
            )
        )
        self.layout_.addStretch(1)
        self._shown: tuple[object, ...] | None = None
        self._roles_for: int | None = None
        self.role.currentIndexChanged.connect(self._role_chosen)

    def _role_chosen(self, index: int) -> None:
        if self.session is not None and index >= 0:
            self.session.set_role(self.role.itemData(index))

    def _print_band(self) -> None:
        from ui.guide_dialog import GuideDialog

        assert self.session is not None and self.session.assessment.band is not None
        GuideDialog(self.session.ruleset, self, role=self.session.record.role,
                    band=self.session.assessment.band.id, audience="carer").exec()

    def trace_labels(self) -> list[QLabel]:
        return [cast(QLabel, self.trace.itemAt(i).widget()) for i in range(self.trace.count())]

    def refresh(self) -> None:
        assert self.session is not None
        session = self.session
        ruleset = session.ruleset
        if self._roles_for != id(ruleset):
            self._roles_for = id(ruleset)
            with QSignalBlocker(self.role):
                self.role.clear()
                for role in ruleset.roles:
                    self.role.addItem(role.label, role.id)
        with QSignalBlocker(self.role):
            self.role.setCurrentIndex(max(self.role.findData(session.record.role), 0))
        self.role.setEnabled(not session.read_only)
        from screening.documents.leaflet import is_carer_role

        self.print_band.setVisible(is_carer_role(session.record.role) and session.assessment.band is not None)

        a = session.assessment
        key = (a.suggested, a.trace, a.guidance, a.band)
        if key == self._shown:
            return
        self._shown = key
        self.banner.set_category(
            a.suggested, "Suggested category", "No suggestion yet: choose or describe a behaviour first."
        )
        self.band.setText(f"Age band used: {a.band.label}." if a.band is not None else "No age band yet.")

        _clear(self.trace)
        for step in a.trace:
            prefix = "➜ " if step.decisive else "• "
            label = plain(prefix + step.text)
            if step.decisive or step.kind == "result":
                bold(label)
            if step.kind == "warning":
                label.setObjectName("warningText")
            self.trace.addWidget(label)

        g = a.guidance
        self.guidance_box.setVisible(a.suggested is not None)
        _clear(self.steps)
        _clear(self.avoid)
        if g is not None:
            self.summary.setText(g.summary)
            for n, text in enumerate(g.steps, start=1):
                self.steps.addWidget(plain(f"{n}. {text}"))
            for item in g.avoid:
                self.avoid.addWidget(plain(f"✗ {item}"))
        else:
            self.summary.setText("There is no guidance for this role in the rule set.")
        self.steps_title.setVisible(bool(g and g.steps))
        self.avoid_title.setVisible(bool(g and g.avoid))
