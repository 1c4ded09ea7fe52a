"""Who is answering, for a calibration answers file: an alias, a role and an agency, never a name."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from screening.ruleset.model import RuleSet
from screening.training.answers import Participant
from ui.widgets import caption, line_edit, plain, set_combo_data


class ParticipantDialog(QDialog):
    def __init__(self, ruleset: RuleSet, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your answers file for the calibration exercise")
        layout = QVBoxLayout(self)
        layout.addWidget(plain(
            "Your answers to the fictional cases are saved in a file you choose, for the trainer's calibration "
            "report. Use an alias the trainer gives you (for example P07), never your name. Nothing goes into the "
            "saved records."
        ))
        form = QFormLayout()
        self.alias = line_edit("Alias", "e.g. P07")
        self.role = QComboBox()
        self.role.setAccessibleName("Your role")
        for r in ruleset.roles:
            self.role.addItem(r.label, r.id)
        set_combo_data(self.role, role)
        self.agency = line_edit("Agency", "e.g. school, health, early help, police")
        form.addRow(caption("&Alias:", self.alias), self.alias)
        form.addRow(caption("&Role:", self.role), self.role)
        form.addRow(caption("A&gency:", self.agency), self.agency)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Choose the file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.alias.textChanged.connect(self._check)
        self.agency.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.ok.setEnabled(bool(self.alias.text().strip() and self.agency.text().strip()))

    def participant(self) -> Participant:
        return Participant(self.alias.text().strip(), str(self.role.currentData()), self.agency.text().strip())
