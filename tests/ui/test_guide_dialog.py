"""Help → Print the guide…: the preview, the options, Save and Print; a carer's Outcome step."""

from __future__ import annotations

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrinter
from ui_helpers import StubDialogs

from screening.texts import EMERGENCY_LINE
from ui.guide_dialog import GuideDialog


@pytest.fixture
def dialog(qtbot, mini_rules):
    stub = StubDialogs()
    made = GuideDialog(mini_rules, role="teacher", dialogs=stub)
    qtbot.addWidget(made)
    return made


def test_preview_shows_the_guide_and_says_it_is_a_draft(dialog):
    assert dialog.page_count() >= 4
    assert dialog.status.text().startswith("DRAFT: not approved for local use")
    banners = [w.text() for w in dialog.findChildren(type(dialog.status)) if w.text() == EMERGENCY_LINE]
    assert banners
    assert dialog.options().role == "teacher"


def test_changing_an_option_rebuilds_the_preview(dialog):
    before = dialog.page_count()
    dialog.band.setCurrentIndex(dialog.band.findData("9-17"))
    assert dialog.options().band == "9-17"
    assert dialog.page_count() < before
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(__import__("io").BytesIO(dialog.data)).pages)
    assert "Ages 9 to 17 years" in text and "Ages 0 to 9 years" not in text


def test_save_as_writes_the_pdf(dialog, tmp_path):
    target = tmp_path / "guide.pdf"
    dialog.dialogs.path = str(target)
    assert dialog.save_as() == str(target)
    assert target.read_bytes() == dialog.data


def test_print_renders_every_page(dialog, tmp_path, monkeypatch):
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    monkeypatch.setattr(dialog, "ask_printer", lambda: printer)
    dialog.print_button.click()
    assert len(pypdf.PdfReader(printed).pages) == dialog.page_count()
    monkeypatch.setattr(dialog, "ask_printer", lambda: None)  # cancelled
    assert dialog.print_document() is False


def test_help_menu_opens_the_guide(make_window, monkeypatch):
    window = make_window()
    shown = []
    monkeypatch.setattr(GuideDialog, "exec", lambda self: shown.append(self.options()) or 0)
    action = next(a for m in window.menuBar().actions() if m.text() == "&Help" for a in m.menu().actions()
                  if a.text() == "&Print the guide…")
    action.trigger()
    assert shown and shown[0].role == "teacher" and shown[0].audience == "practitioner"


def test_a_carers_outcome_step_prints_its_bands_page(make_window, qtbot, monkeypatch):
    window = make_window(autosave_ms=60_000)
    window.show()
    qtbot.waitExposed(window)
    assert window.start_screening("record")
    qtbot.keyClicks(window.view.page("child").age, "5")
    window.session.set_behaviour("y0-copies-sex-acts", True)
    window.view.go_to("outcome")
    outcome = window.view.page("outcome")
    assert not outcome.print_band.isVisible()  # a teacher
    outcome.role.setCurrentIndex(outcome.role.findData("foster_carer"))
    outcome.refresh()
    assert outcome.print_band.isVisible()
    shown = []
    monkeypatch.setattr(GuideDialog, "exec", lambda self: shown.append(self.options()) or 0)
    outcome.print_band.click()
    assert shown[0].band == "0-9" and shown[0].role == "foster_carer" and shown[0].audience == "carer"
