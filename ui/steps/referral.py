"""Step 6, Referral: referrer, child and family, other children, parents and consent, immediate risk."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from screening.records.document import ANSWERS, CONSENT, PARENTS_NOT_TOLD_REASONS, OtherChild
from screening.texts import EMERGENCY_LINE_THEN_CARRY_ON
from ui.steps.base import StepPage
from ui.widgets import bold, caption, line_edit, plain, set_combo_data, set_text, text_box

COLUMNS = ("Name or initials", "Age", "Relationship to the child", "Possibly harmed?")


def _combo(name: str, choices: dict[str, str], empty: str = "Not answered") -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(empty, "")
    for key, label in choices.items():
        combo.addItem(label, key)
    return combo


class ReferralPage(StepPage):
    key = "referral"
    title = "Referral"
    intro = (
        "What a MASH referral needs. Fill in what you know; leave the rest empty. Your own details come "
        "from the settings and can be changed here for this record."
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # -- referrer
        referrer = QGroupBox("Your details (the referrer)")
        form = QFormLayout(referrer)
        self.referrer: dict[str, QLineEdit] = {}
        for key, label, name in (
            ("name", "Na&me:", "Your name"),
            ("role", "Role:", "Your role or job title"),
            ("organisation", "&Organisation:", "Your organisation"),
            ("phone", "&Phone:", "Your phone number"),
            ("email", "&Email:", "Your email address"),
        ):
            edit = self.editable(line_edit(name))
            edit.textEdited.connect(lambda text, k=key: self.session and self.session.update_referrer(**{k: text}))
            form.addRow(caption(label, edit), edit)
            self.referrer[key] = edit
        self.layout_.addWidget(referrer)

        # -- child and family
        family = QGroupBox("The child and family")
        form = QFormLayout(family)
        self.gender = self.editable(line_edit("Child's gender"))
        self.gender.textEdited.connect(lambda text: self._child(gender=text))
        form.addRow(caption("Gen&der:", self.gender), self.gender)
        self.school = self.editable(line_edit("Child's school or setting"))
        self.school.textEdited.connect(lambda text: self._child(school=text))
        form.addRow(caption("&School or setting:", self.school), self.school)
        self.address = self.editable(text_box("Child's address", lines=2))
        self.address.textChanged.connect(lambda: self._child(address=self.address.toPlainText()))
        form.addRow(caption("&Address:", self.address), self.address)
        self.family = self.editable(
            text_box(
                "Family and household",
                "Who lives at home, who has parental responsibility, other adults involved",
                lines=3,
            )
        )
        self.family.textChanged.connect(
            lambda: self.session and self.session.update_referral(family=self.family.toPlainText())
        )
        form.addRow(caption("Famil&y and household:", self.family), self.family)
        self.layout_.addWidget(family)

        # -- other children
        others = QGroupBox("Other children involved")
        others_layout = QVBoxLayout(others)
        self.table = self.editable(QTableWidget(0, len(COLUMNS)))
        self.table.setAccessibleName("Other children involved")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(self.table.fontMetrics().lineSpacing() * 5)
        self.table.setMaximumHeight(self.table.fontMetrics().lineSpacing() * 10)
        self.table.itemChanged.connect(lambda _item: self._write_children())
        others_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_child = self.editable(QPushButton("Add a &child"))
        self.add_child.setAccessibleName("Add another child involved")
        self.remove_child = self.editable(QPushButton("Remove the selected child"))
        self.add_child.clicked.connect(self._add_row)
        self.remove_child.clicked.connect(self._remove_row)
        buttons.addWidget(self.add_child)
        buttons.addWidget(self.remove_child)
        buttons.addStretch(1)
        others_layout.addLayout(buttons)
        others_layout.addWidget(plain("Double-click a cell, or press F2, to type in it."))
        self.layout_.addWidget(others)

        # -- parents and consent
        parents = QGroupBox("Parents or carers, and consent")
        form = QFormLayout(parents)
        self.parents = self.editable(_combo("Have the parents or carers been told?", ANSWERS))
        self.parents.currentIndexChanged.connect(lambda _i: self._referral(parents_informed=self.parents.currentData()))
        form.addRow(caption("Parents or carers to&ld?", self.parents), self.parents)
        self.not_told = self.editable(
            _combo("Why the parents or carers were not told", PARENTS_NOT_TOLD_REASONS, "Choose a reason")
        )
        self.not_told.currentIndexChanged.connect(
            lambda _i: self._referral(parents_not_informed_reason=self.not_told.currentData())
        )
        self.not_told_caption = caption("&Why not:", self.not_told)
        form.addRow(self.not_told_caption, self.not_told)
        self.not_told_details = self.editable(text_box("Details of why the parents or carers were not told", lines=2))
        self.not_told_details.textChanged.connect(
            lambda: self._referral(parents_not_informed_details=self.not_told_details.toPlainText())
        )
        self.not_told_details_caption = caption("Details:", self.not_told_details)
        form.addRow(self.not_told_details_caption, self.not_told_details)
        self.not_told_needed = bold(plain("⚠ Say why the parents or carers were not told."))
        self.not_told_needed.setObjectName("warningText")
        form.addRow(self.not_told_needed)
        self.consent = self.editable(_combo("Consent to the referral", CONSENT))
        self.consent.currentIndexChanged.connect(lambda _i: self._referral(consent=self.consent.currentData()))
        form.addRow(caption("Consent to &refer:", self.consent), self.consent)
        self.consent_details = self.editable(text_box("Details about consent", lines=2))
        self.consent_details.textChanged.connect(
            lambda: self._referral(consent_details=self.consent_details.toPlainText())
        )
        form.addRow(caption("Consent details:", self.consent_details), self.consent_details)
        self.layout_.addWidget(parents)

        # -- immediate risk
        risk = QGroupBox("Immediate risk")
        form = QFormLayout(risk)
        self.risk = self.editable(_combo("Is any child at immediate risk?", ANSWERS))
        self.risk.currentIndexChanged.connect(lambda _i: self._referral(immediate_risk=self.risk.currentData()))
        form.addRow(caption("Any child at &immediate risk?", self.risk), self.risk)
        self.risk_now = bold(plain(EMERGENCY_LINE_THEN_CARRY_ON))
        self.risk_now.setObjectName("warningText")
        form.addRow(self.risk_now)
        self.risk_details = self.editable(text_box("Details of the immediate risk", lines=2))
        self.risk_details.textChanged.connect(
            lambda: self._referral(immediate_risk_details=self.risk_details.toPlainText())
        )
        form.addRow(caption("Risk details:", self.risk_details), self.risk_details)
        self.layout_.addWidget(risk)
        self.layout_.addStretch(1)
        self._children_shown: tuple[OtherChild, ...] | None = None

    # -- writing
    def _referral(self, **changes: object) -> None:
        if self.session is not None:
            self.session.update_referral(**changes)

    def _child(self, **changes: object) -> None:
        if self.session is not None:
            self.session.update_child(**changes)

    def _add_row(self) -> None:
        if self.session is None:
            return
        self.session.set_other_children((*self.session.record.referral.other_children, OtherChild()))
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()

    def _remove_row(self) -> None:
        if self.session is None:
            return
        row = self.table.currentRow()
        children = list(self.session.record.referral.other_children)
        if 0 <= row < len(children):
            del children[row]
            self.session.set_other_children(tuple(children))

    def _victim_combo(self, row: int) -> QComboBox:
        combo = self.editable(_combo(f"Child {row + 1}: possibly harmed?", ANSWERS, ""))
        combo.currentIndexChanged.connect(lambda _i: self._write_children())
        return combo

    def _write_children(self) -> None:
        if self.session is None:
            return
        current = self.session.record.referral.other_children
        children = []
        for row in range(self.table.rowCount()):

            def cell(column: int, row: int = row) -> str:
                item = self.table.item(row, column)
                return item.text().strip() if item is not None else ""

            age_text = cell(1)
            age = int(age_text) if age_text.isdigit() and int(age_text) <= 25 else None
            combo = self.table.cellWidget(row, 3)
            victim = combo.currentData() if isinstance(combo, QComboBox) else ""
            base = current[row] if row < len(current) else OtherChild()
            children.append(
                replace(base, name=cell(0), age_years=age, relationship=cell(2), possible_victim=victim or "")
            )
        self.session.set_other_children(tuple(children))

    # -- reading
    def refresh(self) -> None:
        assert self.session is not None
        record = self.session.record
        referral = record.referral
        for key, edit in self.referrer.items():
            set_text(edit, str(getattr(referral.referrer, key)))
        set_text(self.gender, record.child.gender)
        set_text(self.school, record.child.school)
        set_text(self.address, record.child.address)
        set_text(self.family, referral.family)
        self._refresh_children(referral.other_children)
        set_combo_data(self.parents, referral.parents_informed)
        set_combo_data(self.not_told, referral.parents_not_informed_reason)
        set_text(self.not_told_details, referral.parents_not_informed_details)
        not_told = referral.parents_informed == "no"
        for widget in (self.not_told_caption, self.not_told, self.not_told_details_caption, self.not_told_details):
            widget.setVisible(not_told)
        self.not_told_needed.setVisible(not_told and not referral.parents_not_informed_reason)
        set_combo_data(self.consent, referral.consent)
        set_text(self.consent_details, referral.consent_details)
        set_combo_data(self.risk, referral.immediate_risk)
        set_text(self.risk_details, referral.immediate_risk_details)
        self.risk_now.setVisible(referral.immediate_risk == "yes")
        self.remove_child.setEnabled(bool(referral.other_children) and not self.read_only)

    def _refresh_children(self, children: tuple[OtherChild, ...]) -> None:
        if children == self._children_shown:
            return
        self._children_shown = children
        with QSignalBlocker(self.table):
            for row in range(len(children), self.table.rowCount()):
                gone = self.table.cellWidget(row, 3)
                if gone is not None:
                    self.forget(gone)
            if self.table.rowCount() != len(children):
                self.table.setRowCount(len(children))
            for row, child in enumerate(children):
                values = (child.name, "" if child.age_years is None else str(child.age_years), child.relationship)
                for column, value in enumerate((values[0], values[1], values[2])):
                    item = self.table.item(row, column)
                    if item is None:
                        item = QTableWidgetItem()
                        self.table.setItem(row, column, item)
                    if item.text() != value and not (column == 1 and item.text().strip() == value):
                        item.setText(value)
                    if column == 1:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                combo = self.table.cellWidget(row, 3)
                if not isinstance(combo, QComboBox):
                    combo = self._victim_combo(row)
                    self.table.setCellWidget(row, 3, combo)
                set_combo_data(combo, child.possible_victim)
