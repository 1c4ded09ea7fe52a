"""The start screen: new screening, saved records, guidance only, training, unfinished drafts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from screening.ruleset.model import RuleSet

if TYPE_CHECKING:
    from ui.role import RoleChooser
from screening.texts import DISCLAIMER
from ui.widgets import bold, heading, plain

ID_ROLE = Qt.ItemDataRole.UserRole


def when(iso: str) -> str:
    """An ISO time from the store, in local time and words people read."""
    if not iso:
        return ""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d %b %Y %H:%M")


def ruleset_line(ruleset: RuleSet) -> str:
    from screening.ruleset.approval import approval_status, review_status

    info = ruleset.info
    return (f"Rule set: {info.title}, version {info.version}. Published by {info.publisher}. "
            f"{approval_status(info)} {review_status(info)}")


class BigButton(QPushButton):
    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.setObjectName("bigButton")
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        font = self.font()
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        self.setMinimumHeight(int(self.fontMetrics().height() * 2.4))


class StartPage(QWidget):
    new_requested = Signal()
    guidance_requested = Signal()
    training_requested = Signal()
    open_requested = Signal(str)
    delete_requested = Signal(str)
    role_chosen = Signal(str)
    change_role_requested = Signal()

    def __init__(self, ruleset: RuleSet, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ruleset = ruleset
        self.presentation = False  # names hidden, for a screen shown to a room
        self._shown: tuple[list[Any], list[Any]] = ([], [])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(12)
        outer.addWidget(heading("Screening a child's sexual behaviour", 1.6))
        outer.addWidget(
            plain(
                "Identify the behaviour, understand it in its context, and respond in proportion. "
                f"{DISCLAIMER}"
            )
        )
        self.ruleset_info = plain(ruleset_line(ruleset))
        self.ruleset_info.setObjectName("explanation")
        outer.addWidget(self.ruleset_info)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)

        # first run: the role
        self.role_panel = QWidget()
        self._role_layout = QVBoxLayout(self.role_panel)
        self._role_layout.setContentsMargins(0, 0, 0, 0)
        self._role_chooser: RoleChooser | None = None  # built when first needed (usually only on first run)
        self._role = role
        self.stack.addWidget(self.role_panel)

        # the main choices
        self.main_panel = QWidget()
        main = QHBoxLayout(self.main_panel)
        main.setContentsMargins(0, 0, 0, 0)
        main.setSpacing(24)
        left = QVBoxLayout()
        left.setSpacing(6)
        self.new_button = BigButton("&New screening", "New screening")
        left.addWidget(self.new_button)
        left.addWidget(plain("Screen a concern and keep a record on this computer, to finalise and print."))
        left.addSpacing(10)
        self.guidance_button = BigButton("G&uidance only", "Guidance only, nothing is saved")
        left.addWidget(self.guidance_button)
        left.addWidget(plain("See what the guide says for a child's age. Nothing is saved, and no name is needed."))
        left.addSpacing(10)
        self.training_button = BigButton("T&raining", "Training with fictional cases, nothing is saved")
        left.addWidget(self.training_button)
        left.addWidget(plain("For training sessions with fictional case studies. Nothing is saved."))
        left.addSpacing(16)
        self.role_line = plain("")
        left.addWidget(self.role_line)
        self.change_role = QPushButton("Change ro&le…")
        self.change_role.setAccessibleName("Change your role")
        self.change_role.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        left.addWidget(self.change_role)
        left.addStretch(1)
        left_host = QWidget()
        left_host.setLayout(left)
        left_host.setMaximumWidth(int(self.fontMetrics().averageCharWidth() * 52))
        main.addWidget(left_host, 2)

        right = QVBoxLayout()
        self.drafts_box = QGroupBox("Unfinished drafts")
        drafts_layout = QVBoxLayout(self.drafts_box)
        drafts_layout.addWidget(
            bold(plain("These drafts were not closed properly, perhaps because the app stopped. Carry on with one?"))
        )
        self.drafts = self._tree("Unfinished drafts")
        self.drafts.setMaximumHeight(self.drafts.fontMetrics().lineSpacing() * 7)
        drafts_layout.addWidget(self.drafts)
        self.resume = QPushButton("&Carry on with this draft")
        self.resume.setAccessibleName("Carry on with the chosen unfinished draft")
        row = QHBoxLayout()
        row.addWidget(self.resume)
        row.addStretch(1)
        drafts_layout.addLayout(row)
        self.drafts_box.setVisible(False)
        right.addWidget(self.drafts_box)

        records_box = QGroupBox("Saved records, newest first")
        records_layout = QGridLayout(records_box)
        self.records = self._tree("Saved records")
        records_layout.addWidget(self.records, 0, 0, 1, 3)
        self.records_note = plain("Loading the saved records…")
        records_layout.addWidget(self.records_note, 1, 0, 1, 3)
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open the chosen record")
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setAccessibleName("Delete the chosen record")
        records_layout.addWidget(self.open_button, 2, 0)
        records_layout.addWidget(self.delete_button, 2, 1)
        records_layout.setColumnStretch(2, 1)
        right.addWidget(records_box, 1)
        main.addLayout(right, 3)
        self.stack.addWidget(self.main_panel)

        self.new_button.clicked.connect(self.new_requested)
        self.guidance_button.clicked.connect(self.guidance_requested)
        self.training_button.clicked.connect(self.training_requested)
        self.change_role.clicked.connect(self.change_role_requested)
        self.open_button.clicked.connect(lambda: self._emit_current(self.records, self.open_requested))
        self.delete_button.clicked.connect(lambda: self._emit_current(self.records, self.delete_requested))
        self.resume.clicked.connect(lambda: self._emit_current(self.drafts, self.open_requested))
        self.records.itemActivated.connect(lambda item, _c: self.open_requested.emit(item.data(0, ID_ROLE)))
        self.drafts.itemActivated.connect(lambda item, _c: self.open_requested.emit(item.data(0, ID_ROLE)))
        self.records.currentItemChanged.connect(lambda *_: self._buttons())
        self.set_role(role)
        self._buttons()

    def _tree(self, name: str) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setAccessibleName(name)
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setHeaderLabels(["Child", "Status", "Category", "Last changed"])
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return tree

    def _emit_current(self, tree: QTreeWidget, signal: Any) -> None:
        item = tree.currentItem()
        if item is not None:
            signal.emit(item.data(0, ID_ROLE))

    def _buttons(self) -> None:
        has = self.records.currentItem() is not None
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    @property
    def role_chooser(self) -> RoleChooser:
        if self._role_chooser is None:
            from ui.role import RoleChooser

            self._role_chooser = RoleChooser(self.ruleset, self._role)
            self._role_chooser.chosen.connect(self.role_chosen)
            self._role_layout.addWidget(self._role_chooser)
            self._role_layout.addStretch(1)
        return self._role_chooser

    # -- state
    def set_role(self, role: str) -> None:
        self._role = role
        known = self.ruleset.has("role", role) if role else False
        if known:
            self.role_line.setText(f"Your role: {self.ruleset.role(role).label}.")
            self.stack.setCurrentWidget(self.main_panel)
        else:
            self.role_chooser  # noqa: B018 - build it
            self.stack.setCurrentWidget(self.role_panel)

    def asking_role(self) -> bool:
        return self.stack.currentWidget() is self.role_panel

    def _category(self, summary: Any) -> str:
        final = getattr(summary, "final_category", "") or ""
        suggested = getattr(summary, "suggested_category", "") or ""

        def label(category_id: str) -> str:
            return (
                self.ruleset.category(category_id).label if self.ruleset.has("category", category_id) else category_id
            )

        if final:
            return label(final)
        if suggested:
            return f"suggested {label(suggested)}"
        return ""

    def _item(self, summary: Any) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        name = getattr(summary, "child_name", "") or "(no name)"
        if self.presentation:
            name = "(name hidden: presentation mode)"
        status = "Final" if getattr(summary, "status", "") == "final" else "Draft"
        changed = getattr(summary, "updated", "") or getattr(summary, "created", "")
        for column, text in enumerate((name, status, self._category(summary), when(changed))):
            item.setText(column, text)
        item.setData(0, ID_ROLE, summary.id)
        return item

    def set_records(self, summaries: Iterable[Any], drafts: Iterable[Any] = ()) -> None:
        summaries, drafts = list(summaries), list(drafts)
        self._shown = (summaries, drafts)
        def newest(s: Any) -> str:
            return getattr(s, "updated", "") or getattr(s, "created", "") or ""

        ordered = sorted(summaries, key=newest, reverse=True)
        self.records.clear()
        for summary in ordered:
            self.records.addTopLevelItem(self._item(summary))
        if ordered:
            self.records.setCurrentItem(self.records.topLevelItem(0))
        self.records_note.setText(
            f"{len(ordered)} record(s). Double-click one, or choose it and press Open."
            if ordered
            else "No saved records yet."
        )
        draft_list = sorted(drafts, key=newest, reverse=True)
        self.drafts.clear()
        for summary in draft_list:
            self.drafts.addTopLevelItem(self._item(summary))
        if draft_list:
            self.drafts.setCurrentItem(self.drafts.topLevelItem(0))
        self.drafts_box.setVisible(bool(draft_list))
        self._buttons()

    def set_presentation(self, on: bool) -> None:
        self.presentation = on
        self.set_records(*self._shown)

    def set_records_unavailable(self, message: str) -> None:
        self.records.clear()
        self.drafts_box.setVisible(False)
        self.records_note.setText(message)
        self._buttons()
