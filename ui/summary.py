"""The referral summary page: the PDF itself, previewed, saved, opened or printed.

The PDF is built in memory by ``screening.documents.referral`` on a worker thread (one build at a
time; a newer request supersedes an older one, whose result is dropped), so the window never
freezes, and shown with QtPdf from a QBuffer, so the preview writes nothing to disk. Save as…,
Open in viewer and Print… use the PDF on show. For a record kept in the store, Save as… goes
through the store (audited first, then written), and the viewer's temporary copy goes in the
store's private scratch folder (emptied whenever the store opens, so a crash leaves nothing);
elsewhere (training) the copy goes in a private folder removed at exit. Save as… offers a password
(ui/pdf_password.py); with one, the summary is built again encrypted by the core and that copy is
saved, while the preview stays as it was. Every message goes through an injectable ``dialogs``
object, so tests stub it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QRunnable,
    QStandardPaths,
    Qt,
    QThreadPool,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from screening.documents.referral import build_referral_pdf, suggested_file_name
from screening.fileio import atomic_write_bytes
from screening.problems import ProblemsError
from screening.records.document import Record
from screening.settings import Settings
from ui.printing import print_pdf


class SummaryDialogs(Protocol):
    def info(self, parent: QWidget | None, title: str, text: str) -> None: ...
    def error(self, parent: QWidget | None, title: str, text: str) -> None: ...
    def save_path(self, parent: QWidget | None, title: str, suggested: str) -> str | None: ...
    def question(self, parent: QWidget | None, title: str, text: str, yes: str = "Yes", no: str = "No") -> bool: ...
    def pdf_protection(self, parent: QWidget | None, file_name: str = "") -> Any: ...


class DefaultDialogs:
    """Plain-text message boxes through the app's dialog service, and a PDF save chooser."""

    def _service(self) -> Any:
        from ui.dialogs import service

        return service()

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self._service().info(parent, title, text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self._service().error(parent, title, text)

    def question(self, parent: QWidget | None, title: str, text: str, yes: str = "Yes", no: str = "No") -> bool:
        return bool(self._service().question(parent, title, text, yes, no))

    def pdf_protection(self, parent: QWidget | None, file_name: str = "") -> Any:
        return self._service().pdf_protection(parent, file_name)

    def save_path(self, parent: QWidget | None, title: str, suggested: str) -> str | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = str(Path(folder) / suggested) if folder else suggested
        return self._service().save_file(parent, title, "PDF files (*.pdf)", start)


_private_dir: Path | None = None


def private_temp_dir() -> Path:
    """A folder only this user can read, removed when the app exits."""
    global _private_dir
    if _private_dir is None or not _private_dir.exists():
        _private_dir = Path(tempfile.mkdtemp(prefix="hsb-screening-"))  # mkdtemp makes it 0700
        atexit.register(shutil.rmtree, _private_dir, True)
    return _private_dir


class _Relay(QObject):
    """Carries a build's result back to the main thread (a queued signal)."""

    done = Signal(int, object, str)  # generation, PDF bytes or None, problem text


class _Latest:
    """The newest build asked for; a queued build that is no longer the newest is skipped."""

    def __init__(self) -> None:
        self.generation = 0


class _Build(QRunnable):
    def __init__(self, generation: int, latest: _Latest, relay: _Relay, content: tuple[Any, Record, Settings]) -> None:
        super().__init__()
        self.generation, self.latest, self.relay, self.content = generation, latest, relay, content

    def run(self) -> None:
        if self.generation != self.latest.generation:
            return  # superseded before it started
        ruleset, record, settings = self.content
        try:
            data: bytes | None = build_referral_pdf(ruleset, record, settings)
            problem = ""
        except ProblemsError as exc:
            data, problem = None, "This record cannot make a referral summary:\n" + exc.report()
        except Exception as exc:  # a fault in making the PDF: say so, never a traceback
            data, problem = None, f"The referral summary could not be made: {exc}"
        self.relay.done.emit(self.generation, data, problem)


def saved_message(path: str, protected: bool, note: str = "") -> str:
    """What Save as… says once the file is written; note: the store's word about the audit (a read-only folder)."""
    if protected:
        text = (
            f"The referral summary was saved to:\n{path}\n\nIt is protected by the password you chose: it opens "
            "only with it, and the password cannot be recovered. Tell the recipient the password by another "
            "route, for example by phone, never in the same email as the file."
        )
    else:
        text = (
            f"The referral summary was saved to:\n{path}\n\nIt is not protected by a password. It holds personal "
            "information about children: keep it somewhere secure and share it only by secure means."
        )
    return text + (f"\n\n{note}" if note else "")


# Keeps a stored record's files audited: (path, data) -> writes through Store.write_record_file, and
# returns a note for the user ('' usually; where the audit entry waits when the records folder is read-only).
FileKeeper = Callable[[str, bytes], str | None]


class SummaryPage(QWidget):
    """Shows the referral summary PDF with Save as…, Open in viewer and Print… buttons."""

    built = Signal(bool)  # a build finished and is on show (True), or its problem is (False)

    def __init__(self, parent: QWidget | None = None, dialogs: SummaryDialogs | None = None) -> None:
        super().__init__(parent)
        # one build at a time: reportlab keeps some module state, and the newest build is all we show
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._latest = _Latest()
        self._relay = _Relay()
        self._relay.done.connect(self._built)
        self._pending: tuple[Any, ...] | None = None
        self.building = False
        # set for a record kept in the store (ui.records.RecordKeeper): audited saves, store scratch
        self.keep_file: FileKeeper | None = None
        self.scratch_dir: Callable[[], Path] | None = None
        self.dialogs: SummaryDialogs = dialogs or DefaultDialogs()
        self.open_url = QDesktopServices.openUrl  # replaced in tests
        self.pdf: bytes = b""
        self._content: tuple[Any, ...] | None = None
        self._buffer: QBuffer | None = None
        self._record: Record | None = None
        self._settings = Settings()
        self._ruleset: Any = None
        self.temporary_copies: set[Path] = set()  # written for a viewer; removed when the screening closes

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save as…")
        self.save_button.setAccessibleName("Save the referral summary as a PDF file")
        self.save_button.setToolTip("Saves the summary as a PDF file; you can protect it with a password first.")
        self.open_button = QPushButton("&Open in viewer")
        self.open_button.setAccessibleName("Open a temporary copy of the referral summary in your PDF viewer")
        self.open_button.setToolTip(
            "Makes a temporary copy of the summary and opens it in your PDF viewer. The copy is deleted when "
            "you close this screening; use Save as… to keep one."
        )
        self.print_button = QPushButton("&Print…")
        self.print_button.setAccessibleName("Print the referral summary")
        for button in (self.save_button, self.open_button, self.print_button):
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName("Referral summary status")
        self.status.setVisible(False)
        layout.addWidget(self.status)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setAccessibleName("Referral summary preview")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # scroll it from the keyboard
        layout.addWidget(self.view, 1)

        self.save_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(self.open_in_viewer)
        self.print_button.clicked.connect(self.print_summary)

    # -- content

    def set_content(self, ruleset: Any, record: Record, settings: Settings | None = None) -> bool:
        """Build the summary on the worker thread; ``built`` says when it is on show.

        True when a build was started or the content on show is already this one.
        """
        settings = settings if isinstance(settings, Settings) else Settings()
        key = (ruleset.sha256, record, settings)
        if key == self._content and self.pdf and not self.building:
            return True
        self._ruleset, self._record, self._settings = ruleset, record, settings
        self._start(key, (ruleset, record, settings))
        return True

    def refresh(self) -> bool:
        """A fresh build (so the generated time is now) of the content on show."""
        if self._record is None:
            return False
        self._start((self._ruleset.sha256, self._record, self._settings), (self._ruleset, self._record, self._settings))
        return True

    def _start(self, key: tuple[Any, ...], content: tuple[Any, Record, Settings]) -> None:
        self._latest.generation += 1
        self._pending = key
        self.building = True
        for button in (self.save_button, self.open_button, self.print_button):
            button.setEnabled(False)  # never act on a PDF older than the record
        self.pool.start(_Build(self._latest.generation, self._latest, self._relay, content))

    def _built(self, generation: int, data: bytes | None, problem: str) -> None:
        if generation != self._latest.generation:
            return  # a newer build is on its way
        self.building = False
        if data is None:
            self._content = None
            self._show_problem(problem)
            self.built.emit(False)
            return
        self._content = self._pending
        self._show(data)
        self.built.emit(True)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Wait for the build in progress (tests, screenshots); True when a PDF is on show."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        deadline = QDeadlineTimer(timeout_ms)
        while self.building and not deadline.hasExpired():
            self.pool.waitForDone(20)
            QCoreApplication.processEvents()
        return bool(self.pdf) and not self.building

    def _show(self, data: bytes) -> None:
        scroll = self.view.verticalScrollBar().value()
        old = self._buffer
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        self._buffer = buffer
        if old is not None:
            old.close()
            old.deleteLater()
        self.pdf = data
        self.status.setVisible(False)
        for button in (self.save_button, self.open_button, self.print_button):
            button.setEnabled(True)
        self.view.verticalScrollBar().setValue(scroll)

    def _show_problem(self, text: str) -> None:
        self.document.close()
        self.pdf = b""
        self.status.setText(text)
        self.status.setVisible(True)
        for button in (self.save_button, self.open_button, self.print_button):
            button.setEnabled(False)

    def page_count(self) -> int:
        return self.document.pageCount()

    # -- actions

    def _ready(self) -> bool:
        return bool(self.pdf) and not self.building and self._record is not None

    def save_as(self) -> str | None:
        if not self._ready():
            return None
        assert self._record is not None
        path = self.dialogs.save_path(self, "Save the referral summary", suggested_file_name(self._record))
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
            # the file dialog asked about replacing the name as typed, not this one
            if os.path.lexists(path) and not self.dialogs.question(
                self,
                "Replace the file?",
                f"{path} already exists. Replace it with this summary?",
                yes="Replace",
                no="Cancel",
            ):
                return None
        # a password, or none; Cancel writes nothing (ui/pdf_password.py)
        protection = self.dialogs.pdf_protection(self, os.path.basename(path))
        if protection is None:
            return None
        data = self.pdf
        if protection.password is not None:
            protected = self._protected(protection.password)
            if protected is None:
                return None
            data = protected
        note: str | None = None
        try:
            if self.keep_file is not None:
                note = self.keep_file(path, data)  # the store audits it first, then writes it
            else:
                atomic_write_bytes(path, data, mode=0o600)
        except OSError as exc:
            self.dialogs.error(self, "The summary was not saved", f"Cannot write {path}:\n{exc.strerror or exc}")
            return None
        except Exception as exc:  # the store's errors are worded for the user
            self.dialogs.error(self, "The summary was not saved", str(exc) or type(exc).__name__)
            return None
        self.dialogs.info(self, "Summary saved", saved_message(path, protection.password is not None, note or ""))
        return path

    def _protected(self, password: str) -> bytes | None:
        """The summary on show, built again encrypted with the password (the core's build; a moment)."""
        from PySide6.QtWidgets import QApplication

        assert self._record is not None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return build_referral_pdf(self._ruleset, self._record, self._settings, password=password)
        except ProblemsError as exc:
            self.dialogs.error(self, "The summary was not saved", "This record cannot make a referral summary:\n"
                               + exc.report())
        except Exception as exc:  # a fault in making the PDF (never the password: it is not in the text)
            self.dialogs.error(self, "The summary was not saved", f"The protected PDF could not be made: {exc}")
        finally:
            QApplication.restoreOverrideCursor()
            del password
        return None

    def open_in_viewer(self) -> Path | None:
        if not self._ready():
            return None
        assert self._record is not None
        try:
            folder = self.scratch_dir() if self.scratch_dir is not None else private_temp_dir()
            path = folder / suggested_file_name(self._record)
            atomic_write_bytes(path, self.pdf, mode=0o600)
            self.temporary_copies.add(path)
        except OSError as exc:
            self.dialogs.error(self, "Cannot open the summary", f"The temporary copy could not be written:\n{exc}")
            return None
        if not self.open_url(QUrl.fromLocalFile(os.fspath(path))):
            self.dialogs.error(
                self,
                "Cannot open the summary",
                "No PDF viewer could be started. Use Save as… and open the file yourself.",
            )
            return None
        return path

    def remove_temporary_copies(self) -> None:
        """Delete the copies made for a viewer (when the screening closes; the folder goes at exit)."""
        for path in list(self.temporary_copies):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                continue  # still open in a viewer that locks it: removed with the folder at exit
            self.temporary_copies.discard(path)

    def ask_printer(self) -> Any:
        """The printer the user chose, or None (replaced in tests)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        size = QPageSize.PageSizeId.Letter if self._settings.paper_size == "Letter" else QPageSize.PageSizeId.A4
        printer.setPageSize(QPageSize(size))
        printer.setDocName("Referral summary")
        printer.setFromTo(1, max(self.page_count(), 1))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the referral summary")
        dialog.setMinMax(1, max(self.page_count(), 1))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        return printer

    def print_summary(self) -> bool:
        if not self._ready():
            return False
        printer = self.ask_printer()
        if printer is None:
            return False
        if not self.print_to(printer):
            self.dialogs.error(self, "Not printed", "The printer could not be started. Check it and try again.")
            return False
        return True

    def print_to(self, printer: Any) -> bool:
        """Render the same PDF pages into the printer, one page per sheet, scaled to fit."""
        return print_pdf(self.document, printer)
