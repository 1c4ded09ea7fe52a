"""The start screen: new screening, saved records, guidance only, training, unfinished drafts."""

from __future__ import annotations

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
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from screening.ruleset.model import RuleSet

if TYPE_CHECKING:
    from ui.role import RoleChooser
from screening.texts import DISCLAIMER
from ui.records_model import HIDDEN_NAME, RecordsModel, RecordSource
from ui.widgets import bold, heading, plain

ID_ROLE = Qt.ItemDataRole.UserRole
NEW_CAPTION = "Screen a concern and keep a record on this computer, to finalise and print."
NEW_REFUSED = ("A new screening cannot be saved here: the records folder is read-only (the note above says what "
               "still works). Guidance only saves nothing, so it still works.")


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
        self._drafts: list[Any] = []
        self._delete_refused = ""  # why records cannot be deleted here (a read-only folder), '' when they can
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
        self.new_caption = plain(NEW_CAPTION)
        self.new_caption.setObjectName("newCaption")
        left.addWidget(self.new_caption)
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

        records_box = QGroupBox("Saved records (click a heading to sort)")
        records_layout = QGridLayout(records_box)
        self.model = RecordsModel(self._category_label, self)
        self.records = self._table("Saved records")
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
        self.open_button.clicked.connect(lambda: self._emit_record(self.open_requested))
        self.delete_button.clicked.connect(lambda: self._emit_record(self.delete_requested))
        self.resume.clicked.connect(lambda: self._emit_current(self.drafts, self.open_requested))
        self.records.activated.connect(lambda index: self.open_requested.emit(self.model.record_id(index.row())))
        self.drafts.itemActivated.connect(lambda item, _c: self.open_requested.emit(item.data(0, ID_ROLE)))
        self.records.selectionModel().currentRowChanged.connect(lambda *_: self._buttons())
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

    def _table(self, name: str) -> QTableView:
        table = QTableView()
        table.setAccessibleName(name)
        table.setModel(self.model)
        table.setSortingEnabled(True)  # the model sorts in SQL (Store.page)
        table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().lineSpacing() + 8)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            # fixed widths from the font, not ResizeToContents: that would read every row
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        metrics, pad = table.fontMetrics(), table.fontMetrics().averageCharWidth() * 3
        for column, widest in ((1, "Status"), (2, "suggested AMBER"), (3, "30 September 2026 at 23:59 BST")):
            header.resizeSection(column, metrics.horizontalAdvance(widest) + pad)
        return table

    def _emit_current(self, tree: QTreeWidget, signal: Any) -> None:
        item = tree.currentItem()
        if item is not None:
            signal.emit(item.data(0, ID_ROLE))

    def current_record_id(self) -> str:
        index = self.records.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else ""

    def current_record(self) -> Any:
        """The chosen row's summary (id, status, ...), or None."""
        index = self.records.currentIndex()
        return self.model.summary(index.row()) if index.isValid() else None

    def _emit_record(self, signal: Any) -> None:
        record_id = self.current_record_id()
        if record_id:
            signal.emit(record_id)

    def _buttons(self) -> None:
        has = bool(self.current_record_id())
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has and not self._delete_refused)

    def set_changes_refused(self, new: str = "", delete: str = "") -> None:
        """The store's reasons (screening.store.readonly) why a new screening or a deletion cannot be
        saved ('' when it can): the buttons are disabled, and the reason is shown beside them."""
        self.new_button.setEnabled(not new)
        self.new_button.setToolTip(new)
        self.new_caption.setText(NEW_REFUSED if new else NEW_CAPTION)
        self.new_caption.setObjectName("warningText" if new else "newCaption")
        self.new_caption.style().unpolish(self.new_caption)
        self.new_caption.style().polish(self.new_caption)
        self._delete_refused = delete
        self.delete_button.setToolTip(delete)
        if delete:
            total = self.model.total()
            opened = "Open one to read it, export it or print its summary; nothing can be changed or deleted."
            self.records_note.setText(f"{total} record(s), read-only. {opened}" if total else "No saved records.")
        self._buttons()

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

    def _category_label(self, category_id: str) -> str:
        return self.ruleset.category(category_id).label if self.ruleset.has("category", category_id) else category_id

    def _item(self, summary: Any) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        for column in range(4):
            item.setText(column, self.model.cell(summary, column))
        item.setData(0, ID_ROLE, summary.id)
        return item

    def set_records(self, source: RecordSource | None, drafts: Iterable[Any] = ()) -> None:
        """The saved records from the store (paged and sorted in SQL), and the unfinished drafts.

        Both come in the store's order (times as instants, whatever their UTC offset): nothing is
        re-sorted here.
        """
        self._drafts = list(drafts)
        self.model.set_hide_names(self.presentation)
        self.model.set_source(source)
        total = self.model.total()
        if total:
            self.records.setCurrentIndex(self.model.index(0, 0))
        self.records_note.setText(
            f"{total} record(s). Double-click one, or choose it and press Open." if total else "No saved records yet."
        )
        self.drafts.clear()
        for summary in self._drafts:
            self.drafts.addTopLevelItem(self._item(summary))
        first = self.drafts.topLevelItem(0)
        if first is not None:
            self.drafts.setCurrentItem(first)
        self.drafts_box.setVisible(bool(self._drafts))
        self._buttons()

    def record_rows(self) -> list[list[str]]:
        """The rows loaded so far, as shown (tests, screenshots)."""
        model = self.model
        return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]

    def set_presentation(self, on: bool) -> None:
        self.presentation = on
        self.model.set_hide_names(on)
        for n in range(self.drafts.topLevelItemCount()):
            self.drafts.topLevelItem(n).setText(0, HIDDEN_NAME if on else self._drafts[n].child_name or "(no name)")

    def set_records_unavailable(self, message: str) -> None:
        self.set_changes_refused()  # the records are closed: a new screening says for itself what happens
        self.model.set_source(None)
        self.drafts_box.setVisible(False)
        self.records_note.setText(message)
        self._buttons()
