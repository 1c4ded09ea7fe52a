"""Help → "Print the guide…": choose role, band, paper and audience; preview; save or print.

The PDF is built in memory by ``screening.documents.guide`` and previewed with QtPdf from a
buffer, so nothing touches the disk until the user saves. Every message goes through the dialog
service, and the printer is asked for by ``ask_printer`` (replaced in tests).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from screening.documents.guide import GuideOptions, build_guide_pdf, suggested_guide_name
from screening.documents.pdfbase import write_document
from screening.problems import ProblemsError
from screening.ruleset.approval import approval_status
from screening.ruleset.model import RuleSet
from screening.texts import EMERGENCY_LINE
from ui.dialogs import Dialogs, service
from ui.printing import print_pdf
from ui.widgets import Banner, bold, caption, plain


class GuideDialog(QDialog):
    def __init__(self, ruleset: RuleSet, parent: QWidget | None = None, *, role: str = "", band: str = "",
                 audience: str = "practitioner", dialogs: Dialogs | None = None) -> None:
        super().__init__(parent)
        self.ruleset = ruleset
        self.dialogs = dialogs or service()
        self.data = b""
        self.setWindowTitle("Print the guide")
        self.resize(900, 760)
        layout = QVBoxLayout(self)
        layout.addWidget(Banner("emergencyBanner", EMERGENCY_LINE))
        self.status = bold(plain(approval_status(ruleset.info)))
        self.status.setAccessibleName("Whether this rule set is approved")
        layout.addWidget(self.status)

        form = QFormLayout()
        self.role = self._combo("Every role", [(r.label, r.id) for r in ruleset.roles], role)
        self.band = self._combo("Every age band", [(b.label, b.id) for b in ruleset.age_bands], band)
        self.paper = self._combo(None, [("A4", "A4"), ("A3 poster (one band per page)", "A3"),
                                        ("US Letter", "letter")], "A4")
        self.audience = self._combo(None, [("Practitioners", "practitioner"),
                                           ("Carers' leaflet (plainer words)", "carer")], audience)
        for text, combo in (("&Role:", self.role), ("Age &band:", self.band), ("&Paper:", self.paper),
                            ("&For:", self.audience)):
            form.addRow(caption(text, combo), combo)
            combo.currentIndexChanged.connect(self.rebuild)
        layout.addLayout(form)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Preview of the printed guide")
        layout.addWidget(self.view, 1)
        self.problem = plain("")
        self.problem.setVisible(False)
        layout.addWidget(self.problem)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save as PDF…")
        self.print_button = QPushButton("&Print…")
        close = QPushButton("&Close")
        for button in (self.save_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save_as)
        self.print_button.clicked.connect(self.print_document)
        close.clicked.connect(self.reject)
        self._buffer: QBuffer | None = None
        self.rebuild()

    def _combo(self, every: str | None, items: list[tuple[str, str]], current: str) -> QComboBox:
        combo = QComboBox()
        if every is not None:
            combo.addItem(every, "")
        for label, value in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        return combo

    def options(self) -> GuideOptions:
        return GuideOptions(role=self.role.currentData() or None, band=self.band.currentData() or None,
                            paper=self.paper.currentData(), audience=self.audience.currentData())

    def rebuild(self) -> bool:
        try:
            self.data = build_guide_pdf(self.ruleset, self.options())
        except ProblemsError as exc:
            self.data = b""
            self.problem.setText(exc.report())
            self.problem.setVisible(True)
            for button in (self.save_button, self.print_button):
                button.setEnabled(False)
            return False
        self.problem.setVisible(False)
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(self.data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        for button in (self.save_button, self.print_button):
            button.setEnabled(True)
        return True

    def page_count(self) -> int:
        return int(self.document.pageCount())

    def save_as(self) -> str | None:
        path = self.dialogs.save_file(self, "Save the guide", "PDF files (*.pdf)",
                                      suggested_guide_name(self.ruleset, self.options()))
        if not path:
            return None
        try:
            write_document(path, self.data)
        except OSError as exc:
            self.dialogs.error(self, "Not saved", f"The guide could not be saved: {exc.strerror or exc}")
            return None
        return path

    def ask_printer(self) -> Any:
        """The printer the user chose, or None (replaced in tests)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        size = {"A3": QPageSize.PageSizeId.A3, "letter": QPageSize.PageSizeId.Letter}.get(
            self.options().paper, QPageSize.PageSizeId.A4)
        printer.setPageSize(QPageSize(size))
        printer.setDocName("Screening guide")
        printer.setFromTo(1, max(self.page_count(), 1))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the guide")
        dialog.setMinMax(1, max(self.page_count(), 1))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        return printer

    def print_document(self) -> bool:
        printer = self.ask_printer()
        if printer is None:
            return False
        if not print_pdf(self.document, printer):
            self.dialogs.error(self, "Not printed", "The printer could not be started. Check it and try again.")
            return False
        return True
