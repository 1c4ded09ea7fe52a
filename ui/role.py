"""Choosing the user's role: on first run (inside the start screen) and later from the menu."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from screening.ruleset.model import RuleSet
from ui.widgets import heading, no_mnemonic, plain


class RoleChooser(QWidget):
    """The roles of the rule set as radio buttons, each with its description."""

    chosen = Signal(str)

    def __init__(
        self, ruleset: RuleSet, current: str = "", with_button: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("What is your role?", 1.2))
        layout.addWidget(
            plain("The guidance is written for the person using the tool. You can change this later in Settings.")
        )
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        row = 0
        for role in ruleset.roles:
            button = QRadioButton(no_mnemonic(role.label))
            button.setAccessibleName(role.label)
            if role.description:
                button.setAccessibleDescription(role.description)
            self.group.addButton(button)
            self.buttons[role.id] = button
            grid.addWidget(button, row, 0, 1, 2)
            row += 1
            if role.description:
                description = plain(role.description)
                description.setObjectName("explanation")
                grid.addWidget(description, row, 1)
                row += 1
        layout.addLayout(grid)
        if current in self.buttons:
            self.buttons[current].setChecked(True)
        self.ok: QPushButton | None = None
        if with_button:
            row_layout = QHBoxLayout()
            self.ok = QPushButton("&Continue")
            self.ok.setAccessibleName("Continue with this role")
            self.ok.setDefault(True)
            self.ok.setEnabled(current in self.buttons)
            self.ok.clicked.connect(self._confirm)
            row_layout.addWidget(self.ok)
            row_layout.addStretch(1)
            layout.addLayout(row_layout)
        self.group.buttonToggled.connect(lambda *_: self.ok and self.ok.setEnabled(bool(self.role())))

    def role(self) -> str:
        for role_id, button in self.buttons.items():
            if button.isChecked():
                return role_id
        return ""

    def choose(self, role_id: str) -> None:
        """Tick a role (as a click would)."""
        self.buttons[role_id].setChecked(True)

    def _confirm(self) -> None:
        if self.role():
            self.chosen.emit(self.role())


class RoleDialog(QDialog):
    def __init__(self, ruleset: RuleSet, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your role")
        layout = QVBoxLayout(self)
        self.chooser = RoleChooser(ruleset, current, with_button=False)
        layout.addWidget(self.chooser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def role(self) -> str:
        return self.chooser.role()
