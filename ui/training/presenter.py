"""The presenter view: full screen, large text, the case first, the reference revealed step by step.

It is a window of its own, so nothing else of the app (and no saved record) is on the screen.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from screening.records.document import DECISIONS
from screening.ruleset.model import RuleSet
from screening.texts import EMERGENCY_LINE
from screening.training.scenarios import FICTIONAL_NOTICE, Scenario
from ui.training.picker import case_facts
from ui.widgets import Banner, CategoryBanner, bold, discard, heading, plain

SCALE = 1.6  # of the system font: large enough for the back of a room


def stages(ruleset: RuleSet, scenario: Scenario) -> list[tuple[str, str]]:
    """What is revealed, in order, after the case itself: (heading, text)."""
    ref = scenario.reference
    behaviours = [ruleset.behaviour(b).text for b in ref.behaviours] + [f"Not in the list: {u}" for u in ref.unlisted]
    context = [ruleset.factor(f).question for f in ref.context]
    band = ruleset.band(scenario.band)
    out = [
        ("Age band", f"{band.label}. {band.development}"),
        ("Behaviours", "\n".join(f"• {b}" for b in behaviours)),
        ("Context answered yes", "\n".join(f"• {q}" for q in context) or "None of the context questions."),
        ("Colour", ruleset.category(ref.category).label),
        ("Decision", DECISIONS[ref.decision]),
        ("Reasoning", (f"The reference differs from the tool: {ref.differs_from_tool}\n\n" if ref.differs_from_tool
                       else "") + scenario.reasoning),
        ("Teaching points", "\n".join(f"• {t}" for t in scenario.teaching_points)),
        ("For discussion", "\n".join(f"• {q}" for q in scenario.discussion)),
    ]
    return out


_W = TypeVar("_W", bound=QWidget)


def _scaled(widget: _W, scale: float) -> _W:
    font = widget.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)
    return widget


class PresenterView(QWidget):
    closed = Signal()

    def __init__(self, ruleset: RuleSet, scenario: Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ruleset, self.scenario = ruleset, scenario
        self.setWindowTitle(f"Presenter view — {scenario.title} (fictional case)")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.stages = stages(ruleset, scenario)
        self.shown_count = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(Banner("emergencyBanner", EMERGENCY_LINE, scale=SCALE))
        notice = Banner("modeBanner", "Training — " + FICTIONAL_NOTICE, scale=SCALE * 0.8)
        notice.setProperty("kind", "training")
        outer.addWidget(notice)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(48, 24, 48, 24)
        self.body.setSpacing(14)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.scroll_area = scroll  # not .scroll: that is QWidget.scroll()
        self.body.addWidget(heading(scenario.title, 1.5 * SCALE))
        self.body.addWidget(_scaled(plain(case_facts(ruleset, scenario)), SCALE * 0.8))
        self.body.addWidget(_scaled(plain(scenario.narrative), SCALE))
        self.revealed: list[QWidget] = []
        self.body.addStretch(1)

        bar = QHBoxLayout()
        bar.setContentsMargins(24, 8, 24, 12)
        self.progress = _scaled(plain("", wrap=False), SCALE * 0.8)
        self.back = QPushButton("◀ &Hide last")
        self.next = QPushButton("&Reveal next ▶")
        self.close_button = QPushButton("&Close (Esc)")
        for button in (self.back, self.next, self.close_button):
            _scaled(button, SCALE * 0.8)
        bar.addWidget(self.progress)
        bar.addStretch(1)
        bar.addWidget(self.back)
        bar.addWidget(self.next)
        bar.addWidget(self.close_button)
        outer.addLayout(bar)
        self.next.clicked.connect(self.reveal_next)
        self.back.clicked.connect(self.hide_last)
        self.close_button.clicked.connect(self.close)
        for key in ("Space", "Right", "PgDown"):
            QShortcut(QKeySequence(key), self, self.reveal_next)
        for key in ("Left", "PgUp"):
            QShortcut(QKeySequence(key), self, self.hide_last)
        QShortcut(QKeySequence("Esc"), self, self.close)
        self._update()

    def reveal_next(self) -> None:
        if self.shown_count >= len(self.stages):
            return
        title, text = self.stages[self.shown_count]
        section = QWidget()
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(_scaled(bold(plain(title)), SCALE * 1.1))
        if title == "Colour":
            banner = CategoryBanner(2.0 * SCALE)
            banner.set_category(self.ruleset.category(self.scenario.reference.category), "The reference colour")
            _scaled(banner.title, SCALE)
            _scaled(banner.meaning, SCALE * 0.9)
            layout.addWidget(banner)
        else:
            layout.addWidget(_scaled(plain(text), SCALE))
        self.body.insertWidget(self.body.count() - 1, section)
        section.show()
        self.revealed.append(section)
        self.shown_count += 1
        self._update()
        QTimer.singleShot(0, self, self._to_end)  # once the new section is laid out

    def _to_end(self) -> None:
        bar = self.scroll_area.verticalScrollBar()
        bar.setValue(bar.maximum())

    def hide_last(self) -> None:
        if not self.revealed:
            return
        discard(self.revealed.pop(), self.body)
        self.shown_count -= 1
        self._update()

    def _update(self) -> None:
        total = len(self.stages)
        nxt = self.stages[self.shown_count][0] if self.shown_count < total else ""
        after = f" · next: {nxt}" if nxt else " · all shown"
        self.progress.setText(f"Revealed {self.shown_count} of {total}{after}")
        self.next.setEnabled(self.shown_count < total)
        self.back.setEnabled(self.shown_count > 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
