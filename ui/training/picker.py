"""The list of fictional cases: title, band and who it is written for, with the case to read.

The reference colour is not shown here, so choosing a case does not give the answer away.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from screening.ruleset.model import RuleSet
from screening.training.scenarios import FICTIONAL_NOTICE, THEMES, Library, Scenario
from ui.widgets import Banner, bold, heading, plain

ID_ROLE = Qt.ItemDataRole.UserRole


class CasePicker(QWidget):
    work_requested = Signal(str)
    present_requested = Signal(str)
    back_requested = Signal()

    def __init__(self, ruleset: RuleSet, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ruleset, self.library = ruleset, library
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        notice = Banner("modeBanner", "Training — " + FICTIONAL_NOTICE + " Nothing is saved.")
        notice.setProperty("kind", "training")
        outer.addWidget(notice)
        body = QVBoxLayout()
        body.setContentsMargins(24, 12, 24, 12)
        outer.addLayout(body, 1)
        body.addWidget(heading("Training: choose a fictional case", 1.4))
        body.addWidget(plain(
            "Work through a case with the normal steps, then compare your answers with the reference. "
            "Or show it to a room in the presenter view, with the reference revealed step by step."
        ))
        row = QHBoxLayout()
        body.addLayout(row, 1)
        self.cases = QTreeWidget()
        self.cases.setAccessibleName("Fictional training cases")
        self.cases.setRootIsDecorated(False)
        self.cases.setAlternatingRowColors(True)
        self.cases.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cases.setHeaderLabels(["Case", "Age band", "Written for"])
        header = self.cases.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for scenario in library.scenarios:
            item = QTreeWidgetItem([scenario.title, ruleset.band(scenario.band).label,
                                    _short(ruleset.role(scenario.role).label)])
            item.setData(0, ID_ROLE, scenario.id)
            self.cases.addTopLevelItem(item)
        row.addWidget(self.cases, 3)
        side = QVBoxLayout()
        self.title = bold(plain(""))
        self.facts = plain("")
        self.facts.setObjectName("explanation")
        self.narrative = plain("")
        self.narrative.setAccessibleName("The case")
        side.addWidget(self.title)
        side.addWidget(self.facts)
        side.addWidget(self.narrative)
        side.addStretch(1)
        buttons = QHBoxLayout()
        self.work = QPushButton("&Work through this case")
        self.work.setAccessibleName("Work through the chosen case with the normal steps; nothing is saved")
        self.present = QPushButton("&Presenter view")
        self.present.setAccessibleName("Show the chosen case full screen to a room")
        self.back = QPushButton("Back to the &start screen")
        buttons.addWidget(self.work)
        buttons.addWidget(self.present)
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        side.addLayout(buttons)
        host = QWidget()
        host.setLayout(side)
        row.addWidget(host, 4)

        self.cases.currentItemChanged.connect(lambda *_: self._show())
        self.cases.itemActivated.connect(lambda *_: self._emit(self.work_requested))
        self.work.clicked.connect(lambda: self._emit(self.work_requested))
        self.present.clicked.connect(lambda: self._emit(self.present_requested))
        self.back.clicked.connect(self.back_requested)
        first = self.cases.topLevelItem(0)
        if library.scenarios and first is not None:
            self.cases.setCurrentItem(first)
        else:
            self.title.setText("This rule set has no training cases.")
        self._show()

    def current(self) -> Scenario | None:
        item = self.cases.currentItem()
        return self.library.get(item.data(0, ID_ROLE)) if item is not None else None

    def select(self, scenario_id: str) -> None:
        for n in range(self.cases.topLevelItemCount()):
            item = self.cases.topLevelItem(n)
            if item is not None and item.data(0, ID_ROLE) == scenario_id:
                self.cases.setCurrentItem(item)

    def _emit(self, signal: Any) -> None:
        scenario = self.current()
        if scenario is not None:
            signal.emit(scenario.id)

    def _show(self) -> None:
        scenario = self.current()
        self.work.setEnabled(scenario is not None)
        self.present.setEnabled(scenario is not None)
        if scenario is None:
            return
        self.title.setText(f"{scenario.title} (fictional)")
        self.facts.setText(case_facts(self.ruleset, scenario))
        self.narrative.setText(scenario.narrative)


def _short(label: str) -> str:
    return label.split(" (")[0]


def case_facts(ruleset: RuleSet, scenario: Scenario) -> str:
    age = f"Age {scenario.age}"
    if scenario.developmental_age is not None:
        age += f", developmental age {scenario.developmental_age}"
    themes = ", ".join(THEMES.get(t, t) for t in scenario.themes)
    return (f"{age} · {ruleset.band(scenario.band).label} · {scenario.setting} · written for "
            f"{_short(ruleset.role(scenario.role).label)}" + (f" · teaches: {themes}" if themes else ""))
