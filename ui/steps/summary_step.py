"""Step 7, Summary: the written summary (PDF preview where available), finalise, addenda."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from screening.dates import format_local
from ui.session import GUIDANCE, TRAINING
from ui.steps.base import StepPage
from ui.summary_text import summary_text
from ui.widgets import bold, discard, plain

PDF_LOADING = "The PDF preview is loading…"


def _summary_page_class() -> Any:
    try:
        from ui.summary import SummaryPage
    except ImportError:
        return None
    return SummaryPage


class SummaryStep(StepPage):
    key = "summary"
    title = "Summary"
    scrolls = False
    finalise_requested = Signal()
    addendum_requested = Signal()
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None, settings: Any = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.keeper: Any = None  # ui.records.RecordKeeper when the record is kept in the store
        box = self.record_box = QGroupBox("The record")  # hidden in guidance only: there is no record
        layout = QVBoxLayout(box)
        self.status = bold(plain(""))
        self.status.setAccessibleName("Record status")
        layout.addWidget(self.status)
        self.issues = plain("")
        self.issues.setObjectName("warningText")
        self.issues.setAccessibleName("What is missing before the record can be finalised")
        layout.addWidget(self.issues)
        buttons = QHBoxLayout()
        self.finalise = QPushButton("F&inalise record")
        self.finalise.setAccessibleName("Finalise the record")
        self.addendum = QPushButton("Add an a&ddendum…")
        self.addendum.setAccessibleName("Add an addendum to the finalised record")
        buttons.addWidget(self.finalise)
        buttons.addWidget(self.addendum)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.addenda = plain("")
        self.addenda.setAccessibleName("Addenda")
        layout.addWidget(self.addenda)
        self.layout_.addWidget(box)

        # the contacts the referral prints (screening.settings decides which), said before the PDF
        self.contacts_box = QGroupBox("Local contacts not set")
        contacts = QHBoxLayout(self.contacts_box)
        self.contacts_missing = plain("")
        self.contacts_missing.setObjectName("warningText")
        self.contacts_missing.setAccessibleName("Local contacts the referral needs that are not set")
        contacts.addWidget(self.contacts_missing, 1)
        self.open_settings = QPushButton("Open &Settings…")
        self.open_settings.setAccessibleName("Open the local settings to fill in the contacts")
        self.open_settings.clicked.connect(self.settings_requested)
        contacts.addWidget(self.open_settings)
        self.layout_.addWidget(self.contacts_box)

        # guidance only ends with a printable "what to do now" page, not an empty referral draft
        self.what_to_do = QPlainTextEdit()
        self.what_to_do.setReadOnly(True)
        self.what_to_do.setAccessibleName("What to do now")
        self.print_what_to_do = QPushButton("&Print this page…")
        self.print_what_to_do.setAccessibleName("Print the what to do now page")
        self.print_what_to_do.clicked.connect(self._print_what_to_do)
        self.layout_.addWidget(self.what_to_do, 1)
        self.layout_.addWidget(self.print_what_to_do)
        self.what_to_do.setVisible(False)
        self.print_what_to_do.setVisible(False)

        # The PDF preview (reportlab and Qt's PDF module) is built the first time this step is shown;
        # until then, or where it is not available, the summary is shown as plain text.
        self.preview: Any = None
        self._preview_tried = False
        self.loading = plain(PDF_LOADING)
        self.layout_.addWidget(self.loading)
        self.text: QPlainTextEdit | None = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Summary of the screening")
        self.layout_.addWidget(self.text, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self._render)
        self.finalise.clicked.connect(self.finalise_requested)
        self.addendum.clicked.connect(self.addendum_requested)

    def issue_texts(self) -> list[str]:
        assert self.session is not None
        return [issue.message for issue in self.session.finalise_issues()]  # screening.engine.finalise_issues

    def refresh(self) -> None:
        assert self.session is not None
        session = self.session
        record = session.record
        issues = self.issue_texts()
        from screening.engine.workflow import last_step_is_what_to_do

        # the heading says what the step list says: in guidance only this page is "What to do now"
        self.title_label.setText("What to do now" if last_step_is_what_to_do(session.mode) else self.title)
        self.record_box.setVisible(session.mode != GUIDANCE)
        self.finalise.setVisible(not session.guidance_only)  # training and guidance finalise nothing
        if session.guidance_only:
            self.status.setText(("Training: a fictional case" if session.mode == TRAINING else "Guidance only")
                                + ": nothing is saved, so there is nothing to finalise.")
            self.issues.setVisible(False)
            self.finalise.setEnabled(False)
            self.addendum.setVisible(False)
        elif record.is_final:
            # the reason itself stays on show above every step (the window's banner)
            later = (", and no addendum can be added while the records folder is read-only" if session.view_only
                     else "; add anything you learn later as an addendum")
            self.status.setText(
                f"Finalised {format_local(record.updated or record.created)}. The record cannot be changed{later}."
            )
            self.issues.setVisible(False)
            self.finalise.setEnabled(False)
            self.addendum.setVisible(True)
            self.addendum.setEnabled(not session.view_only)
            self.addendum.setToolTip(session.view_only)
        elif session.view_only:  # a draft from a read-only records folder: read, exported, printed; not finalised
            self.status.setText("Draft, saved. It cannot be changed or finalised while the records folder is "
                                "read-only; you can still export it and save or print its referral summary.")
            self.issues.setVisible(False)
            self.finalise.setEnabled(False)
            self.finalise.setToolTip(session.view_only)
            self.addendum.setVisible(False)
        else:
            saved = "saved as a draft" if record.id else "not saved yet: it is saved a few seconds after each change"
            self.status.setText(f"Draft, {saved}. Finalise it when it is complete.")
            if issues:
                self.issues.setText("Before you can finalise:\n" + "\n".join(f"• {m}" for m in issues))
            self.issues.setVisible(bool(issues))
            self.finalise.setEnabled(not issues)
            self.finalise.setToolTip("")
            self.addendum.setVisible(False)
        self._refresh_contacts()
        lines = [f"Addendum, {format_local(a.at)}, {a.author}:\n{a.text}" for a in record.addenda]
        self.addenda.setText("\n\n".join(lines))
        self.addenda.setVisible(bool(lines))
        if self.isVisible():
            self.timer.start()

    def set_keeper(self, keeper: Any) -> None:
        """The store keeps this record: its PDF is saved audited, its viewer copy goes in scratch."""
        self.keeper = keeper
        if self.preview is not None:
            self._wire_preview()

    def _wire_preview(self) -> None:
        keeper = self.keeper
        self.preview.keep_file = keeper.write_file if keeper is not None else None
        self.preview.scratch_dir = keeper.scratch_dir if keeper is not None else None

    def missing_contacts(self) -> list[str]:
        from screening.settings import Settings, missing_for_referral

        settings = self.settings if isinstance(self.settings, Settings) else Settings()
        return missing_for_referral(settings)

    def _refresh_contacts(self) -> None:
        missing = [] if self.session is None or self.session.guidance_only else self.missing_contacts()
        self.contacts_missing.setText(
            "The referral summary prints your local contacts, and these are not set: " + ", ".join(missing)
            + ". Fill them in before you print, so the reader knows whom to call."
            if missing
            else ""
        )
        self.contacts_box.setVisible(bool(missing))

    def screening_closed(self) -> None:
        """The screening was closed: remove any temporary copy of its summary made for a viewer."""
        if self.preview is not None:
            self.preview.remove_temporary_copies()

    def _guidance_page(self) -> bool:
        from screening.engine.workflow import last_step_is_what_to_do

        return self.session is not None and last_step_is_what_to_do(self.session.mode)

    def _show_what_to_do(self, on: bool) -> None:
        self.what_to_do.setVisible(on)
        self.print_what_to_do.setVisible(on)
        for widget in (self.preview, self.text):
            if widget is not None:
                widget.setVisible(not on)
        self.loading.setVisible(not on and self.preview is None and not self._preview_tried)

    def _print_what_to_do(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec():
            self.what_to_do.print_(printer)

    def shown(self) -> None:
        guidance = self._guidance_page()
        self._show_what_to_do(guidance)
        if guidance:
            self._render()
            return
        if not self._preview_tried:
            self._preview_tried = True
            QTimer.singleShot(0, self._build_preview)  # after the plain text has been painted
        self._render()
        if self.preview is not None and not self.preview.building:
            self.preview.refresh()  # in the background, so the printed "generated" time is now

    def _build_preview(self) -> None:
        cls = _summary_page_class()
        if cls is None:
            self.loading.setText("The PDF preview is not available; this is the summary as plain text.")
            return
        self.preview = cls()
        self._wire_preview()
        self.layout_.addWidget(self.preview, 1)
        self.loading.setVisible(False)
        if self.text is not None:
            self.layout_.removeWidget(self.text)
            discard(self.text)
            self.text = None
        self._render()

    def _render(self) -> None:
        self.timer.stop()
        if self.session is None:
            return
        session = self.session
        if self._guidance_page():
            from screening.engine.workflow import what_to_do_now

            text = "\n".join(what_to_do_now(session.ruleset, session.record))
            if self.what_to_do.toPlainText() != text:
                self.what_to_do.setPlainText(text)
            return
        if self.preview is not None:
            self.preview.set_content(session.ruleset, session.record, self.settings)
        elif self.text is not None:
            text = summary_text(session.ruleset, session.record, session.assessment, session.saves, self.settings)
            self.text.setPlainText(text)
