"""Compare with the reference: your answers and the reference side by side, then the teaching."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from screening.records.document import Record
from screening.ruleset.model import RuleSet
from screening.texts import EMERGENCY_LINE
from screening.training.compare import Comparison, Line, compare
from screening.training.scenarios import FICTIONAL_NOTICE, Scenario
from ui.widgets import Badge, Banner, bold, heading, plain


def _badge(ruleset: RuleSet, category_id: str, empty: str) -> Badge:
    badge = Badge()
    badge.set_category(ruleset.category(category_id) if category_id else None, empty=empty)
    return badge


class ComparisonView(QWidget):
    """Behaviours, context answers, colour and decision side by side, with the reasoning."""

    def __init__(self, ruleset: RuleSet, scenario: Scenario, record: Record, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison: Comparison = compare(ruleset, scenario, record)
        c = self.comparison
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"{scenario.title}: your answers and the reference", 1.3))
        layout.addWidget(plain(FICTIONAL_NOTICE + " Nothing from this comparison is saved."))

        grid_box = QGroupBox("Side by side")
        grid = QGridLayout(grid_box)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

        def put(widget: QWidget, row: int, column: int) -> None:
            grid.addWidget(widget, row, column, alignment=left)

        put(bold(plain("Yours", wrap=False)), 0, 1)
        put(bold(plain("Reference", wrap=False)), 0, 2)
        yours_note = "your final colour" if c.your_colour_is_final else "the tool's suggestion for your answers"
        put(bold(plain("Colour", wrap=False)), 1, 0)
        put(_badge(ruleset, c.your_colour, "no colour yet"), 1, 1)
        put(_badge(ruleset, c.reference_colour, ""), 1, 2)
        put(plain(f"({yours_note})", wrap=False), 2, 1)
        if c.tool_for_reference != c.reference_colour and c.tool_for_reference:
            tool = ruleset.category(c.tool_for_reference).label
            put(plain(f"(the tool suggests {tool} for the reference answers)", wrap=False), 2, 2)
        put(bold(plain("Decision", wrap=False)), 3, 0)
        put(plain(c.your_decision or "not chosen"), 3, 1)
        put(plain(c.reference_decision), 3, 2)
        grid.setColumnStretch(0, 0)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        layout.addWidget(grid_box)
        self.summary = bold(plain(self._summary()))
        layout.addWidget(self.summary)

        layout.addWidget(self._lines("Behaviours", c.behaviours, "No behaviour chosen or described."))
        layout.addWidget(self._lines("Context answered yes", c.context, "No context question answered yes."))

        ref = scenario.reference
        teach = QGroupBox("Why the reference is what it is")
        teach_layout = QVBoxLayout(teach)
        if ref.differs_from_tool:
            teach_layout.addWidget(bold(plain("The reference differs from the tool: " + ref.differs_from_tool)))
        teach_layout.addWidget(plain(scenario.reasoning))
        teach_layout.addWidget(bold(plain("Teaching points")))
        teach_layout.addWidget(plain("\n".join(f"• {t}" for t in scenario.teaching_points)))
        teach_layout.addWidget(bold(plain("For discussion")))
        teach_layout.addWidget(plain("\n".join(f"• {q}" for q in scenario.discussion)))
        layout.addWidget(teach)
        layout.addStretch(1)

    def _summary(self) -> str:
        c = self.comparison
        colour = "The same colour as the reference." if c.same_colour else "A different colour from the reference."
        decision = " The same decision." if c.same_decision else " A different decision."
        return colour + decision + " Differences are for discussion: the reference is one careful view, not the law."

    @staticmethod
    def _lines(title: str, lines: tuple[Line, ...], empty: str) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        if not lines:
            grid.addWidget(plain(empty), 0, 0)
        for row, line in enumerate(lines):
            grid.addWidget(bold(plain(line.mark, wrap=False)), row, 0)
            grid.addWidget(plain(line.text), row, 1)
        grid.setColumnStretch(1, 1)
        return box


class ComparisonDialog(QDialog):
    def __init__(self, ruleset: RuleSet, scenario: Scenario, record: Record, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Compare with the reference — {scenario.title} (fictional)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(Banner("emergencyBanner", EMERGENCY_LINE))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.view = ComparisonView(ruleset, scenario, record)
        scroll.setWidget(self.view)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1000, 680)
