"""Local settings: the user's details and the local safeguarding contacts printed on summaries."""

from __future__ import annotations

import os
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from screening.reading.spec import ID_PATTERN
from screening.settings import DESCRIPTIONS, PAPER_SIZES, Settings, load_settings, save_settings, settings_path

GROUPS = (
    ("About you", ("practitioner_name", "referrer_role", "organisation", "referrer_phone", "referrer_email", "role")),
    (
        "Local contacts (printed on every referral summary)",
        ("mash_phone", "mash_online_form", "consultation_line", "lado", "police_non_emergency", "police_emergency"),
    ),
    ("Printing", ("paper_size", "retention_note")),
)
_ID_RE = re.compile(ID_PATTERN)


def _plain(text: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    return label


class _DefaultDialogs:
    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        from ui.dialogs import service

        service().error(parent, title, text)


class SettingsDialog(QDialog):
    """Edit every setting; Save writes the settings file (atomically, 0600)."""

    def __init__(
        self,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        *,
        path: str | os.PathLike[str] | None = None,
        ruleset: Any = None,
        dialogs: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Local settings")
        self.path = Path(path) if path is not None else settings_path()
        self.dialogs = dialogs or getattr(parent, "dialogs", None) or _DefaultDialogs()
        ruleset = ruleset if ruleset is not None else getattr(parent, "ruleset", None)
        loaded, problems = load_settings(self.path)
        current = settings if isinstance(settings, Settings) else loaded
        self._window_geometry = current.window_geometry  # kept as it is: the app sets it, not this form
        self._security = {"shared_computer": current.shared_computer, "lock_after_minutes": current.lock_after_minutes}
        self.saved: Settings | None = None

        outer = QVBoxLayout(self)
        intro = _plain(
            "These stay on this computer. Your details fill in the referrer on new screenings; the local "
            "contacts are printed on every referral summary."
        )
        outer.addWidget(intro)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName("Problems in the settings file")
        self.problems.setMaximumHeight(110)
        if problems:
            self.problems.setPlainText(
                "The settings file has problems; the defaults are used for these. Saving writes a corrected file.\n"
                + "\n".join(str(p) for p in problems)
            )
        self.problems.setVisible(bool(problems))
        outer.addWidget(self.problems)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        self.edits: dict[str, QLineEdit] = {}
        self.role: QComboBox | QLineEdit
        for title, names in GROUPS:
            box = QGroupBox(title)
            form = QFormLayout(box)
            for name in names:
                label_text, description = DESCRIPTIONS[name]
                widget = self._editor(name, current, ruleset)
                widget.setAccessibleName(label_text)
                widget.setAccessibleDescription(description)
                widget.setToolTip(description)
                caption = _plain(label_text)
                caption.setBuddy(widget)
                form.addRow(caption, widget)
            body_layout.addWidget(box)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        where = _plain(f"Settings file: {self.path}")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(where)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.resize(640, 720)

    def _editor(self, name: str, current: Settings, ruleset: Any) -> QWidget:
        value = getattr(current, name)
        if name == "paper_size":
            self.paper = QComboBox()
            for size in PAPER_SIZES:
                self.paper.addItem(size, size)
            self.paper.setCurrentIndex(max(self.paper.findData(value), 0))
            return self.paper
        if name == "retention_note":
            self.retention = QPlainTextEdit()
            self.retention.setPlainText(value)
            self.retention.setTabChangesFocus(True)
            self.retention.setMaximumHeight(80)
            return self.retention
        if name == "role" and ruleset is not None:
            combo = QComboBox()
            combo.addItem("Not chosen", "")
            for role in ruleset.roles:
                combo.addItem(role.label, role.id)
            index = combo.findData(value)
            if index < 0 and value:
                combo.addItem(f"{value} (not in this rule set)", value)
                index = combo.count() - 1
            combo.setCurrentIndex(max(index, 0))
            self.role = combo
            return combo
        edit = QLineEdit(value)
        if name == "role":
            self.role = edit
        else:
            self.edits[name] = edit
        return edit

    def values(self) -> Settings:
        """The settings as they stand in the form (not yet saved)."""
        values: dict[str, Any] = {name: edit.text().strip() for name, edit in self.edits.items()}
        values["role"] = self.role.currentData() if isinstance(self.role, QComboBox) else self.role.text().strip()
        values["paper_size"] = self.paper.currentData()
        values["retention_note"] = self.retention.toPlainText().strip()
        values["window_geometry"] = self._window_geometry
        values.update(self._security)  # edited in Settings › Records security
        assert set(values) == {f.name for f in fields(Settings)}
        return Settings(**values)

    def save(self) -> None:
        settings = self.values()
        if settings.role and not _ID_RE.match(settings.role):
            self.dialogs.error(
                self,
                "Settings not saved",
                f"'{settings.role}' is not a role id. Use an id such as teacher, or leave it empty.",
            )
            return
        try:
            save_settings(settings, self.path)
        except OSError as exc:
            self.dialogs.error(self, "Settings not saved", f"Cannot write {self.path}:\n{exc.strerror or exc}")
            return
        self.saved = settings
        self.accept()
