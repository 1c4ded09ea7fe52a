"""Step 1, Child: who, how old, when; learning disability; the age band where bands overlap."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, cast

from PySide6.QtCore import QDate, QSignalBlocker
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from screening.engine import BandChoice
from screening.engine.bands import keep_band_if_it_fits
from screening.records.document import Child
from ui.session import Session
from ui.steps.base import StepPage
from ui.widgets import bold, caption, discard, line_edit, no_mnemonic, plain, set_text

DATE_FORMAT = "d MMMM yyyy"
DOB_YEARS_BACK = 40  # young adults with a learning disability are screened too; a stored date is always shown
CONCERN_YEARS_BACK = 30
DEFAULT_AGE = 6


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def current_date() -> QDate:
    """Today (replaced in tests). QDate.addYears never fails, even from 29 February."""
    return QDate.currentDate()


def set_date_within(edit: QDateEdit, day: QDate, earliest: QDate, latest: QDate) -> None:
    """Show ``day`` exactly: the allowed range is widened to hold it, so it is never clamped.

    Signals are blocked: showing a record never writes into it.
    """
    with QSignalBlocker(edit):
        edit.setDateRange(min(earliest, day), max(latest, day))
        edit.setDate(day)


def parse_int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


class ChildPage(StepPage):
    key = "child"
    title = "Child"
    intro = (
        "Tell the tool how old the child is, and when the behaviour happened. The age chooses which "
        "behaviours the tool compares with."
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = current_date()

        who = QGroupBox("The child")
        form = QFormLayout(who)
        self.name = self.editable(line_edit("Child's name or initials", "Optional: initials are enough"))
        self.name.setMaxLength(200)
        self.name_caption = caption("Na&me or initials:", self.name)
        form.addRow(self.name_caption, self.name)
        self.guidance_note = plain("Guidance only: no name is needed, and nothing you type is saved.")
        form.addRow(self.guidance_note)

        self.by_age = self.editable(QRadioButton("Age in &years"))
        self.by_age.setAccessibleName("Give the age in years")
        self.by_dob = self.editable(QRadioButton("Date of b&irth"))
        self.by_dob.setAccessibleName("Give the date of birth")
        self.age_mode = QButtonGroup(self)
        self.age_mode.addButton(self.by_age)
        self.age_mode.addButton(self.by_dob)
        self.by_age.setChecked(True)

        self.age = self.editable(line_edit("Age in years", "for example 7"))
        self.age.setValidator(QIntValidator(0, 25, self.age))
        self.age.setMaxLength(2)
        self.age.setMaximumWidth(self.age.fontMetrics().horizontalAdvance("for example 77") + 24)
        age_row = QHBoxLayout()
        age_row.addWidget(self.by_age)
        age_row.addWidget(self.age)
        age_row.addSpacing(24)
        age_row.addWidget(self.by_dob)
        self.dob = self.editable(QDateEdit())
        self.dob.setAccessibleName("Date of birth")
        self.dob.setCalendarPopup(True)
        self.dob.setDisplayFormat(DATE_FORMAT)
        self._set_default_dob(today)
        age_row.addWidget(self.dob)
        age_row.addStretch(1)
        form.addRow(caption("How old:"), age_row)

        self.concern_date = self.editable(QDateEdit())
        self.concern_date.setAccessibleName("Date of the behaviour")
        self.concern_date.setCalendarPopup(True)
        self.concern_date.setDisplayFormat(DATE_FORMAT)
        # never in the future, unless a stored record says so (it is shown as it is)
        set_date_within(self.concern_date, today, today.addYears(-CONCERN_YEARS_BACK), today)
        date_row = QHBoxLayout()
        date_row.addWidget(self.concern_date)
        date_row.addStretch(1)
        form.addRow(caption("&Date of the behaviour:", self.concern_date), date_row)
        self.age_info = plain("")
        self.age_info.setAccessibleName("How the age band was chosen")
        form.addRow(self.age_info)
        self.layout_.addWidget(who)

        needs = QGroupBox("Learning disability or developmental delay")
        needs_layout = QFormLayout(needs)
        self.ld = self.editable(QCheckBox("The child has a &learning disability or developmental delay"))
        self.ld.setAccessibleName("The child has a learning disability or developmental delay")
        needs_layout.addRow(self.ld)
        self.ld_help = plain(
            "If so, the band can follow the child's developmental age rather than their age in years. "
            "Give the developmental age only if it has been assessed or you can explain it, and say why."
        )
        needs_layout.addRow(self.ld_help)
        self.dev_age = self.editable(line_edit("Developmental age in years", "years"))
        self.dev_age.setValidator(QIntValidator(0, 25, self.dev_age))
        self.dev_age.setMaxLength(2)
        self.dev_age.setMaximumWidth(self.dev_age.fontMetrics().horizontalAdvance("years 77") + 24)
        self.dev_age_caption = caption("Developmental &age:", self.dev_age)
        needs_layout.addRow(self.dev_age_caption, self.dev_age)
        self.dev_reason = self.editable(
            line_edit("Why this developmental age", "for example: assessed by the educational psychologist, 2024")
        )
        self.dev_reason_caption = caption("&Why:", self.dev_reason)
        needs_layout.addRow(self.dev_reason_caption, self.dev_reason)
        self.layout_.addWidget(needs)

        self.band_box = QGroupBox("Choose the age band")
        band_layout = QVBoxLayout(self.band_box)
        self.band_help = plain("")
        bold(self.band_help)
        band_layout.addWidget(self.band_help)
        self.band_buttons_host = QVBoxLayout()
        band_layout.addLayout(self.band_buttons_host)
        self.band_group = QButtonGroup(self)
        self._band_ids: tuple[str, ...] = ()
        self.layout_.addWidget(self.band_box)

        self.development_box = QGroupBox("What is typical at this age")
        dev_layout = QVBoxLayout(self.development_box)
        self.development = plain("")
        self.development.setAccessibleName("What is typical at this age")
        self.band_note = plain("")
        dev_layout.addWidget(self.development)
        dev_layout.addWidget(self.band_note)
        self.layout_.addWidget(self.development_box)
        from ui.steps.account import AccountSection

        self.account = AccountSection(self)  # the practitioner's own account (Record.account)
        self.layout_.addWidget(self.account)
        self.layout_.addStretch(1)

        self.name.textEdited.connect(lambda text: self._child(name=text))
        self.age.textEdited.connect(lambda _: self._age_changed())
        self.by_age.toggled.connect(lambda _: self._age_changed())
        self.dob.dateChanged.connect(lambda _: self._age_changed())
        self.concern_date.dateChanged.connect(self._concern_date_changed)
        self.ld.toggled.connect(self._ld_changed)
        self.dev_age.textEdited.connect(lambda text: self._child_band_checked(developmental_age_years=parse_int(text)))
        self.dev_reason.textEdited.connect(lambda text: self._child(developmental_age_reason=text))
        self.band_group.idClicked.connect(self._band_clicked)

    def _set_default_dob(self, today: QDate) -> None:
        """The date of birth offered before one is given: 1 January, six years ago."""
        default = QDate(today.addYears(-DEFAULT_AGE).year(), 1, 1)
        set_date_within(self.dob, default, today.addYears(-DOB_YEARS_BACK), today)

    def set_session(self, session: Session) -> None:
        # a new screening starts from empty fields, never from the previous child's age or date of birth
        self._set_default_dob(current_date())
        with QSignalBlocker(self.age), QSignalBlocker(self.by_age), QSignalBlocker(self.by_dob):
            self.age.clear()
            self.by_age.setChecked(True)
        super().set_session(session)

    # -- writing
    def _child(self, **changes: object) -> None:
        assert self.session is not None
        self.session.update_child(**changes)

    def _child_band_checked(self, **changes: Any) -> None:
        """Change the child; a band chosen earlier is dropped if it no longer fits the age."""
        assert self.session is not None
        record = self.session.record
        child = replace(record.child, **changes)
        child = self._checked_band(child, record.concern_date)
        self.session.update(child=child)

    def _checked_band(self, child: Child, concern_date: dt.date | None) -> Child:
        assert self.session is not None
        return keep_band_if_it_fits(self.session.ruleset, child, concern_date)

    def _age_changed(self) -> None:
        self.dob.setEnabled(self.by_dob.isChecked() and not self.read_only)
        self.age.setEnabled(self.by_age.isChecked() and not self.read_only)
        if self.by_dob.isChecked():
            self._child_band_checked(date_of_birth=self.dob.date().toPython(), age_years=None)
        else:
            self._child_band_checked(date_of_birth=None, age_years=parse_int(self.age.text()))

    def _concern_date_changed(self, date: QDate) -> None:
        assert self.session is not None
        day = cast(dt.date, date.toPython())
        child = self._checked_band(self.session.record.child, day)
        self.session.update(concern_date=day, child=child)

    def _ld_changed(self, checked: bool) -> None:
        if checked:
            self._child(learning_disability=True)
        else:
            self._child_band_checked(
                learning_disability=False, developmental_age_years=None, developmental_age_reason=""
            )

    def _band_clicked(self, index: int) -> None:
        if 0 <= index < len(self._band_ids):
            self._child(band=self._band_ids[index])

    # -- reading
    def refresh(self) -> None:
        assert self.session is not None
        self.account.setVisible(not self.session.guidance_only)  # nothing is kept in guidance only
        self.account.refresh()
        self._refresh_child()

    def _refresh_child(self) -> None:
        assert self.session is not None
        session = self.session
        record = session.record
        child = record.child
        guidance = session.guidance_only
        self.name_caption.setVisible(not guidance)
        self.name.setVisible(not guidance)
        self.guidance_note.setVisible(guidance)
        set_text(self.name, child.name)

        with QSignalBlocker(self.by_age), QSignalBlocker(self.by_dob):
            if child.date_of_birth is not None:
                self.by_dob.setChecked(True)
            elif child.age_years is not None:
                self.by_age.setChecked(True)
        today = current_date()
        if child.date_of_birth is not None and self.dob.date() != to_qdate(child.date_of_birth):
            set_date_within(self.dob, to_qdate(child.date_of_birth), today.addYears(-DOB_YEARS_BACK), today)
        if parse_int(self.age.text()) != child.age_years and child.date_of_birth is None:
            set_text(self.age, "" if child.age_years is None else str(child.age_years))
        self.dob.setEnabled(self.by_dob.isChecked() and not self.read_only)
        self.age.setEnabled(self.by_age.isChecked() and not self.read_only)
        if record.concern_date is not None and self.concern_date.date() != to_qdate(record.concern_date):
            earliest = today.addYears(-CONCERN_YEARS_BACK)
            set_date_within(self.concern_date, to_qdate(record.concern_date), earliest, today)

        with QSignalBlocker(self.ld):
            self.ld.setChecked(child.learning_disability)
        for widget in (self.ld_help, self.dev_age_caption, self.dev_age, self.dev_reason_caption, self.dev_reason):
            widget.setVisible(child.learning_disability)
        if parse_int(self.dev_age.text()) != child.developmental_age_years:
            dev = child.developmental_age_years
            set_text(self.dev_age, "" if dev is None else str(dev))
        set_text(self.dev_reason, child.developmental_age_reason)

        choice = session.assessment.band_choice
        self.age_info.setText("\n".join(choice.notes) if choice.notes else "Give the age or date of birth.")
        self._refresh_bands(choice)
        band = choice.band
        self.development_box.setVisible(band is not None)
        if band is not None:
            self.development_box.setTitle(no_mnemonic(f"What is typical at {band.label}"))
            self.development.setText(band.development)
            self.band_note.setText(band.note)
            self.band_note.setVisible(bool(band.note))

    def _refresh_bands(self, choice: BandChoice) -> None:
        assert self.session is not None
        candidates = choice.candidates
        ids = tuple(b.id for b in candidates)
        self.band_box.setVisible(len(candidates) > 1)
        if ids != self._band_ids:
            for button in self.band_group.buttons():
                self.band_group.removeButton(button)
                self.forget(button)
                discard(button)
            self._band_ids = ids
            if len(candidates) > 1:
                for i, band in enumerate(candidates):
                    button = self.editable(QRadioButton(no_mnemonic(band.label)))
                    button.setAccessibleName(f"Age band {band.label}")
                    self.band_group.addButton(button, i)
                    self.band_buttons_host.addWidget(button)
        chosen = self.session.record.child.band
        self.band_group.setExclusive(False)
        for i, band_id in enumerate(self._band_ids):
            button = self.band_group.button(i)
            if button is None:
                continue
            with QSignalBlocker(button):
                button.setChecked(band_id == chosen)
        self.band_group.setExclusive(True)
        if len(candidates) > 1:
            age = choice.screening_age
            if choice.needs_choice:
                self.band_help.setText(
                    f"Age {age} fits more than one band. Choose the one that fits this child best; "
                    "the tool will not guess."
                )
            else:
                self.band_help.setText(f"Age {age} fits more than one band. You chose the band below.")
