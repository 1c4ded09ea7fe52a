"""The Summary page (PDF preview, save, open, print) and the local settings dialog."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLineEdit, QPlainTextEdit, QWidget

from screening.records.document import Child, Record, SelectedBehaviour
from screening.settings import Settings, load_settings
from ui.settings_dialog import SettingsDialog
from ui.summary import SummaryPage

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"


class StubDialogs:
    def __init__(self, save_to: str | None = None) -> None:
        self.save_to = save_to
        self.infos: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str]] = []
        self.asked: list[str] = []
        self.answer = True
        self.questions: list[tuple[str, str]] = []
        self.password: str | None = None  # what the password step answers
        self.cancel_protection = False
        self.protections: list[str] = []

    def info(self, parent, title, text):
        self.infos.append((title, text))

    def error(self, parent, title, text, details=""):
        self.errors.append((title, text))

    def question(self, parent, title, text, yes="Yes", no="No"):
        self.questions.append((title, text))
        return self.answer

    def save_path(self, parent, title, suggested):
        self.asked.append(suggested)
        return self.save_to

    def pdf_protection(self, parent, file_name=""):
        """The Save as… password step: not protected unless a test says otherwise."""
        from ui.pdf_password import PdfProtection

        self.protections.append(file_name)
        return None if self.cancel_protection else PdfProtection(self.password)


@pytest.fixture
def record():
    return Record(
        role="teacher",
        id="rec-9",
        concern_date=dt.date(2026, 11, 19),
        child=Child(name="Zoë <b>O'Brien</b>", age_years=6),
        behaviours=(SelectedBehaviour("y0-copies-sex-acts", "Seen in the garden & the hall."),),
    )


@pytest.fixture
def page(qtbot):
    dialogs = StubDialogs()
    widget = SummaryPage(dialogs=dialogs)
    qtbot.addWidget(widget)
    widget.resize(700, 800)  # not shown: the offscreen platform warns about top-level windows
    return widget


def show(page, qtbot, ruleset, record, settings) -> bool:
    """set_content, then wait for the worker thread's build to be on show."""
    with qtbot.waitSignal(page.built, timeout=30_000) as blocker:
        assert page.set_content(ruleset, record, settings)
    return bool(blocker.args[0])


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages)


def test_the_page_shows_the_pdf(page, mini, record, qtbot):
    assert not page.save_button.isEnabled()
    assert show(page, qtbot, mini, record, Settings())
    qtbot.waitUntil(lambda: page.document.status() == QPdfDocument.Status.Ready)
    assert page.page_count() >= 1
    assert page.page_count() == len(pypdf.PdfReader(io.BytesIO(page.pdf)).pages)
    assert page.view.document() is page.document
    assert all(b.isEnabled() for b in (page.save_button, page.open_button, page.print_button))
    assert page.status.isHidden()
    assert not page.grab().isNull()  # paints without errors


def test_unchanged_content_is_not_rebuilt_and_changed_content_is(page, mini, record, qtbot):
    show(page, qtbot, mini, record, None)
    first = page.pdf
    assert page.set_content(mini, record, Settings())  # the same content: nothing to build
    assert not page.building and page.pdf is first
    show(page, qtbot, mini, record, Settings(mash_phone="0118 496 0999"))
    assert page.pdf is not first


def test_a_record_that_cannot_make_a_summary_says_why_in_plain_text(page, mini, record, qtbot):
    assert show(page, qtbot, mini, record, Settings())
    bad = record.with_changes(behaviours=(SelectedBehaviour("y0-<b>flies</b>"),))
    assert not show(page, qtbot, mini, bad, Settings())
    assert not page.status.isHidden()
    assert page.status.textFormat() == Qt.TextFormat.PlainText
    assert "the behaviour 'y0-<b>flies</b>' is not in" in page.status.text()
    assert page.page_count() == 0
    assert not any(b.isEnabled() for b in (page.save_button, page.open_button, page.print_button))


def test_save_as_writes_the_pdf_atomically(page, mini, record, tmp_path, qtbot):
    page.dialogs.save_to = str(tmp_path / "summary")  # no .pdf: it is added
    show(page, qtbot, mini, record, Settings())
    page.save_button.click()
    target = tmp_path / "summary.pdf"
    assert target.read_bytes() == page.pdf
    assert "Zoë <b>O'Brien</b>" in pdf_text(target)
    assert len(pypdf.PdfReader(target).pages) == page.page_count()
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    assert page.dialogs.asked == [f"referral-summary-rec-9-{dt.date.today().isoformat()}.pdf"]
    assert page.dialogs.infos and str(target) in page.dialogs.infos[0][1]
    assert page.dialogs.errors == []
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]


def test_save_as_asks_before_replacing_the_file_named_with_pdf_added(page, mini, record, tmp_path, qtbot):
    existing = tmp_path / "summary.pdf"
    existing.write_bytes(b"an earlier summary")
    page.dialogs.save_to = str(tmp_path / "summary")  # the file dialog checked "summary", not "summary.pdf"
    page.dialogs.answer = False
    show(page, qtbot, mini, record, Settings())
    assert page.save_as() is None
    assert existing.read_bytes() == b"an earlier summary"
    assert len(page.dialogs.questions) == 1 and str(existing) in page.dialogs.questions[0][1]
    assert page.dialogs.infos == []
    page.dialogs.answer = True
    assert page.save_as() == str(existing)
    assert existing.read_bytes() == page.pdf


def test_save_as_with_the_suffix_typed_leaves_replacing_to_the_file_dialog(page, mini, record, tmp_path, qtbot):
    existing = tmp_path / "summary.pdf"
    existing.write_bytes(b"old")
    page.dialogs.save_to = str(existing)  # the file dialog has already asked about this name
    show(page, qtbot, mini, record, Settings())
    assert page.save_as() == str(existing)
    assert page.dialogs.questions == [] and existing.read_bytes() == page.pdf


def test_save_as_cancelled_writes_nothing(page, mini, record, tmp_path, qtbot):
    show(page, qtbot, mini, record, Settings())
    assert page.save_as() is None
    assert list(tmp_path.iterdir()) == [] and page.dialogs.infos == []


def test_save_as_to_a_folder_that_is_not_there_is_an_error_message(page, mini, record, tmp_path, qtbot):
    page.dialogs.save_to = str(tmp_path / "missing" / "summary.pdf")
    show(page, qtbot, mini, record, Settings())
    assert page.save_as() is None
    assert page.dialogs.errors and page.dialogs.errors[0][0] == "The summary was not saved"


def test_open_in_viewer_uses_a_private_temporary_copy(page, mini, record, qtbot):
    opened = []
    page.open_url = lambda url: opened.append(url.toLocalFile()) or True
    show(page, qtbot, mini, record, Settings())
    path = page.open_in_viewer()
    assert path is not None and opened == [str(path)]
    assert path.read_bytes() == page.pdf
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700
    page.open_url = lambda url: False
    assert page.open_in_viewer() is None
    assert page.dialogs.errors and "No PDF viewer" in page.dialogs.errors[0][1]


def test_print_renders_every_page_into_the_printer(page, mini, record, tmp_path, monkeypatch, qtbot):
    long = " ".join(f"w{i:04d}" for i in range(800))
    show(page, qtbot, mini, record.with_changes(behaviours=(SelectedBehaviour("y0-copies-sex-acts", long),)),
         Settings())
    assert page.page_count() >= 2
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    monkeypatch.setattr(page, "ask_printer", lambda: printer)
    page.print_button.click()
    assert len(pypdf.PdfReader(printed).pages) == page.page_count()
    assert page.dialogs.errors == []
    monkeypatch.setattr(page, "ask_printer", lambda: None)  # cancelled
    assert page.print_summary() is False


def find_edit(dialog, name):
    kinds = (QLineEdit, QComboBox, QPlainTextEdit)
    matches = [w for w in dialog.findChildren(QWidget) if isinstance(w, kinds) and w.accessibleName() == name]
    assert len(matches) == 1, name
    return matches[0]


def test_settings_dialog_saves_every_value(qtbot, tmp_path, mini):
    path = tmp_path / "settings.yaml"
    dialogs = StubDialogs()
    dialog = SettingsDialog(Settings(), path=path, ruleset=mini, dialogs=dialogs)
    qtbot.addWidget(dialog)
    assert dialog.problems.isHidden()
    values = {
        "Your name": "Siân Evans",
        "Your job title": "DSL",
        "Your organisation": "Riverside <b>Academy</b>",
        "Your phone": "0118 496 0123",
        "Your email": "dsl@example.org",
        "MASH phone": "0118 496 0999",
        "MASH online form": "https://mash.example.org/refer",
        "Consultation line": "0118 496 0456",
        "LADO": "0118 496 0789",
        "Police (non-emergency)": "101",
        "Police (emergency)": "999",
    }
    for name, value in values.items():
        find_edit(dialog, name).setText(value)
    find_edit(dialog, "Retention note").setPlainText("Shred after use.\nNever email.")
    paper = find_edit(dialog, "Paper size")
    paper.setCurrentIndex(paper.findData("Letter"))
    role = find_edit(dialog, "Your role")
    role.setCurrentIndex(role.findData("foster_carer"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    expected = Settings(
        role="foster_carer", practitioner_name="Siân Evans", organisation="Riverside <b>Academy</b>",
        referrer_role="DSL", referrer_phone="0118 496 0123", referrer_email="dsl@example.org",
        mash_phone="0118 496 0999", mash_online_form="https://mash.example.org/refer",
        consultation_line="0118 496 0456", lado="0118 496 0789", police_non_emergency="101",
        police_emergency="999", retention_note="Shred after use.\nNever email.", paper_size="Letter",
    )
    assert dialog.saved == expected
    assert load_settings(path) == (expected, [])
    assert dialogs.errors == []


def test_settings_dialog_shows_file_problems_as_plain_text_and_starts_from_the_defaults(qtbot, tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("mash_phone: '0118 496 0999'\npaper_size: A3\nlado: <b>x</b>\n", encoding="utf-8")
    dialog = SettingsDialog(path=path, dialogs=StubDialogs())
    qtbot.addWidget(dialog)
    assert not dialog.problems.isHidden()
    text = dialog.problems.toPlainText()
    assert f"{path}:2:13: 'paper_size' is 'A3'" in text
    assert find_edit(dialog, "MASH phone").text() == "0118 496 0999"
    assert find_edit(dialog, "LADO").text() == "<b>x</b>"
    assert find_edit(dialog, "Paper size").currentData() == "A4"
    assert isinstance(find_edit(dialog, "Your role"), QLineEdit)  # no rule set: the id is typed


def test_settings_dialog_refuses_a_bad_role_id_and_keeps_the_file(qtbot, tmp_path):
    path = tmp_path / "settings.yaml"
    dialogs = StubDialogs()
    dialog = SettingsDialog(Settings(), path=path, dialogs=dialogs)
    qtbot.addWidget(dialog)
    find_edit(dialog, "Your role").setText("Head Teacher")
    dialog.save()
    assert dialogs.errors and "not a role id" in dialogs.errors[0][1]
    assert not path.exists()
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_open_in_viewer_says_a_temporary_copy_is_made_and_removes_it_on_request(page, mini, record, qtbot):
    assert "temporary copy" in page.open_button.toolTip()
    assert "temporary copy" in page.open_button.accessibleName()
    page.open_url = lambda url: True
    show(page, qtbot, mini, record, Settings())
    path = page.open_in_viewer()
    assert path is not None and path.exists()
    page.remove_temporary_copies()
    assert not path.exists() and page.temporary_copies == set()
    page.remove_temporary_copies()  # nothing left: no error


# (guidance only makes no PDF: it ends with the "what to do now" page, screening.engine.workflow)
@pytest.mark.parametrize("mode", ["training", "record"])
def test_temporary_copies_are_deleted_when_the_screening_closes(make_window, qtbot, mode):
    window = make_window(autosave_ms=60_000)
    window.show()
    window.start_screening(mode)
    window.session.update_child(age_years=6)
    window.session.set_behaviour("y0-copies-sex-acts", True)
    window.view.go_to("summary")
    step = window.view.page("summary")
    qtbot.waitUntil(lambda: step.preview is not None and bool(step.preview.pdf), timeout=10_000)
    opened = []
    step.preview.open_url = lambda url: opened.append(url.toLocalFile()) or True
    path = step.preview.open_in_viewer()
    assert path is not None and path.exists() and opened == [str(path)]
    assert window.close_screening()
    assert not path.exists()


def test_the_pdf_is_built_off_the_ui_thread_and_a_newer_build_supersedes_an_older(page, mini, record, qtbot):
    from PySide6.QtCore import QThread

    threads = []
    import ui.summary as summary_module

    real = summary_module.build_referral_pdf

    def spy(ruleset, rec, settings):
        threads.append(QThread.currentThread())
        return real(ruleset, rec, settings)

    summary_module.build_referral_pdf = spy
    try:
        older = record.with_changes(child=Child(name="Older", age_years=6))
        newer = record.with_changes(child=Child(name="Newer", age_years=6))
        with qtbot.waitSignal(page.built, timeout=30_000):
            page.set_content(mini, older, Settings())
            assert page.building and not page.save_button.isEnabled()  # returned at once
            page.set_content(mini, newer, Settings())
        page.pool.waitForDone()
        qtbot.wait(50)
    finally:
        summary_module.build_referral_pdf = real
    assert threads and all(t is not QThread.currentThread() for t in threads)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(page.pdf)).pages)
    assert "Newer" in text and "Older" not in text
    assert page.save_button.isEnabled()


def kept_record_preview(make_window, qtbot, name: str):
    """A record kept in the store, open at its Summary step with the PDF preview built: (window, preview)."""
    window = make_window(autosave_ms=60_000)
    window.show()
    window.start_screening("record")
    window.session.update_child(name=name, age_years=6)
    window.session.set_behaviour("y0-copies-sex-acts", True)
    window.view.go_to("summary")
    step = window.view.page("summary")
    qtbot.waitUntil(lambda: step.preview is not None and step.preview.wait(), timeout=30_000)
    return window, step.preview


def test_a_kept_record_saves_its_pdf_audited_and_opens_a_copy_from_the_store_scratch(
    make_window, qtbot, tmp_path, data_dir
):
    window, preview = kept_record_preview(make_window, qtbot, "Audited")
    target = tmp_path / "kept.pdf"
    preview.dialogs = StubDialogs(save_to=str(target))
    assert preview.save_as() == str(target)
    record_id = window.session.record.id
    rows = [r for r in window.store().audit(record_id) if r.action == "print"]
    assert len(rows) == 1 and rows[0].details.startswith("sha256 ")
    import hashlib

    assert rows[0].details == f"sha256 {hashlib.sha256(target.read_bytes()).hexdigest()}"
    preview.open_url = lambda url: True
    copy = preview.open_in_viewer()
    assert copy is not None and copy.parent == data_dir / "scratch"
    assert window.close_screening()
    assert not copy.exists()


def test_save_as_shows_the_stores_note_about_the_audit(page, mini, record, tmp_path, qtbot):
    written = []

    def keep(path, data):
        written.append(path)
        Path(path).write_bytes(data)
        return "The records folder /r is read-only: the referral summary is recorded in /s."

    page.keep_file = keep
    page.dialogs.save_to = str(tmp_path / "summary.pdf")
    show(page, qtbot, mini, record, Settings())
    page.save_button.click()
    assert written == [str(tmp_path / "summary.pdf")]
    (title, text), = page.dialogs.infos
    assert title == "Summary saved" and text.endswith("\n\nThe records folder /r is read-only: the referral "
                                                      "summary is recorded in /s.")
