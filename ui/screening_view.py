"""The screening: the step list down the side, the current step's page, and Back / Next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.session import Session
from ui.steps.base import StepPage
from ui.steps.status import STEPS, step_states
from ui.widgets import plain

if TYPE_CHECKING:
    from ui.steps.summary_step import SummaryStep


class ScreeningView(QWidget):
    """The step list down the side, the current step's page, and Back / Next."""

    def __init__(self, settings: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.steps.behaviours import BehavioursPage
        from ui.steps.child import ChildPage
        from ui.steps.context import ContextPage
        from ui.steps.judgement import JudgementPage
        from ui.steps.outcome import OutcomePage
        from ui.steps.referral import ReferralPage
        from ui.steps.summary_step import SummaryStep

        self.session: Session | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        side = QFrame()
        side.setObjectName("stepSide")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 8, 8, 8)
        self.steps = QListWidget()
        self.steps.setObjectName("stepList")
        self.steps.setAccessibleName("Steps of the screening")
        self.steps.setWordWrap(True)
        for _ in STEPS:
            self.steps.addItem(QListWidgetItem())
        width = self.steps.fontMetrics().horizontalAdvance("✓  5. Your judgement  ") + 24
        side.setFixedWidth(max(width, 200))
        side_layout.addWidget(self.steps, 1)
        self.steps_help = plain("Ctrl+PgDn / Ctrl+PgUp, or Alt+→ / Alt+←, move between steps.")
        self.steps_help.setObjectName("explanation")
        side_layout.addWidget(self.steps_help)
        layout.addWidget(side)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        self.stack = QStackedWidget()
        self.pages: list[StepPage] = [
            ChildPage(),
            BehavioursPage(),
            ContextPage(),
            OutcomePage(),
            JudgementPage(),
            ReferralPage(),
            SummaryStep(settings=settings),
        ]
        for page in self.pages:
            if page.scrolls:
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setFrameShape(QFrame.Shape.NoFrame)
                scroll.setWidget(page)
                self.stack.addWidget(scroll)
            else:
                self.stack.addWidget(page)
        right.addWidget(self.stack, 1)

        nav = QFrame()
        nav.setObjectName("navBar")
        nav_layout = QHBoxLayout(nav)
        nav_layout.setContentsMargins(12, 6, 12, 6)
        self.back = QPushButton("< &Back")
        self.back.setAccessibleName("Back to the previous step")
        self.next = QPushButton("&Next >")
        self.next.setAccessibleName("On to the next step")
        self.position = plain("", wrap=False)
        nav_layout.addWidget(self.position)
        nav_layout.addStretch(1)
        nav_layout.addWidget(self.back)
        nav_layout.addWidget(self.next)
        right.addWidget(nav)
        layout.addLayout(right, 1)

        self.steps.currentRowChanged.connect(self._row_changed)
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)

    def page(self, key: str) -> StepPage:
        for page in self.pages:
            if page.key == key:
                return page
        raise KeyError(key)

    def summary_page(self) -> SummaryStep:
        """The Summary step, typed as itself (it has the settings, finalise and addendum signals)."""
        return cast("SummaryStep", self.page("summary"))

    def set_session(self, session: Session) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self.refresh_steps)
        self.session = session
        for page in self.pages:
            page.set_session(session)
        session.changed.connect(self.refresh_steps)
        self._apply_workflow()
        self.go(0)
        self.refresh_steps()

    def screening_closed(self) -> None:
        """The window closed the screening (its session is no longer kept)."""
        self.summary_page().screening_closed()
        if self.session is not None:
            self.session.changed.disconnect(self.refresh_steps)
            self.session = None
        for page in self.pages:
            page.clear_session()  # a stray edit can no longer reach the closed record

    def refresh_steps(self) -> None:
        if self.session is None:
            return
        states = step_states(self.session)
        visible = self.visible_steps()
        for row, (key, title) in enumerate(STEPS):
            state = states[key]
            item = self.steps.item(row)
            number = [k for k, _ in visible].index(key) + 1 if key in dict(visible) else row + 1
            title = self.step_title(key, title)
            item.setText(f"{state.mark()}  {number}. {title}\n      {state.note}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Step {number}, {title}: {state.note}")

    def visible_steps(self) -> list[tuple[str, str]]:
        """The steps this session meets (screening.engine.workflow decides), as (key, title)."""
        if self.session is None:
            return list(STEPS)
        from screening.engine.workflow import steps_for

        shown = steps_for(self.session.mode, self.session.record.role)
        return [(key, title) for key, title in STEPS if key in shown]

    def step_title(self, key: str, title: str) -> str:
        from screening.engine.workflow import last_step_is_what_to_do

        if key == "summary" and self.session is not None and last_step_is_what_to_do(self.session.mode):
            return "What to do now"
        return title

    def _apply_workflow(self) -> None:
        shown = {key for key, _ in self.visible_steps()}
        for row, (key, _title) in enumerate(STEPS):
            self.steps.item(row).setHidden(key not in shown)

    def current(self) -> int:
        return self.stack.currentIndex()

    def current_key(self) -> str:
        return STEPS[self.current()][0]

    def go(self, index: int) -> None:
        index = max(0, min(index, len(self.pages) - 1))
        if self.steps.currentRow() != index:
            self.steps.setCurrentRow(index)  # calls _row_changed
        else:
            self._row_changed(index)

    def go_to(self, key: str) -> None:
        self.go([k for k, _ in STEPS].index(key))

    def _neighbour(self, step: int) -> int:
        keys = [k for k, _ in STEPS]
        shown = [keys.index(k) for k, _ in self.visible_steps()]
        current = self.current()
        later = [i for i in shown if (i > current if step > 0 else i < current)]
        if not later:
            return current
        return min(later) if step > 0 else max(later)

    def go_next(self) -> None:
        self.go(self._neighbour(+1))

    def go_back(self) -> None:
        self.go(self._neighbour(-1))

    def _row_changed(self, index: int) -> None:
        if index < 0:
            return
        if self.steps.item(index).isHidden():
            return  # a step this session does not meet (Go menu, Ctrl+number)
        self.stack.setCurrentIndex(index)
        self.back.setEnabled(self._neighbour(-1) != index)
        self.next.setEnabled(self._neighbour(+1) != index)
        visible = [k for k, _ in self.visible_steps()]
        position = visible.index(STEPS[index][0]) + 1
        title = self.step_title(STEPS[index][0], STEPS[index][1])
        self.position.setText(f"Step {position} of {len(visible)}: {title}")
        page = self.pages[index]
        if self.session is not None:
            self.session.mark_visited(page.key)
        page.shown()
