"""Save as… of the referral summary with a password (issue 10, item 4): the password step, the
encrypted file it writes, and where the password never goes."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QLineEdit
from test_summary import StubDialogs, kept_record_preview, show
from ui_helpers import click

from screening.records.document import Child, Record, SelectedBehaviour
from screening.settings import Settings
from ui.pdf_password import PdfPasswordDialog, PdfProtection, ask_pdf_protection
from ui.summary import SummaryPage

PASSWORD = "Blue kettle 47!"


@pytest.fixture
def record():
    return Record(
        role="teacher",
        id="rec-pw",
        concern_date=dt.date(2026, 11, 19),
        child=Child(name="Robin Fictional", age_years=6),
        behaviours=(SelectedBehaviour("y0-copies-sex-acts", "Seen in the garden."),),
    )


@pytest.fixture
def page(qtbot):
    widget = SummaryPage(dialogs=StubDialogs())
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    return widget


@pytest.fixture
def dialog(qtbot):
    made = PdfPasswordDialog(None, "summary.pdf")
    qtbot.addWidget(made)
    return made


def _opens_with(path: Path, password: str) -> bool:
    reader = pypdf.PdfReader(path)
    return bool(reader.decrypt(password))


def _text(path: Path, password: str | None = None) -> str:
    reader = pypdf.PdfReader(path)
    if password is not None:
        assert reader.decrypt(password)
    return "\n".join(p.extract_text() for p in reader.pages)


# -- the step itself


def test_the_step_is_optional_masked_and_explains_the_password(dialog, qtbot):
    assert not dialog.protect.isChecked() and not dialog.fields.isEnabled()
    assert dialog.save_button.text() == "Save without a password"
    assert {dialog.password.echoMode(), dialog.again.echoMode()} == {QLineEdit.EchoMode.Password}
    explained = dialog.findChild(type(dialog.plain_note), "protectExplained").text()
    assert "needs the password" in explained
    assert "no way to recover the password" in explained
    assert "by phone" in explained and "Never put it in the same email" in explained
    click(qtbot, dialog.protect)
    assert dialog.fields.isEnabled() and dialog.save_button.text() == "Save with the password"
    assert dialog.plain_note.isHidden()


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [
        ("", "", "empty"),
        (PASSWORD, PASSWORD + "x", "not the same"),
        ("short", "short", "shorter than 8"),
        ("Zoë's café 2026", "Zoë's café 2026", "Use only the letters A to Z"),
    ],
)
def test_a_password_that_is_empty_mismatched_short_or_unportable_is_refused(dialog, qtbot, first, second, why):
    click(qtbot, dialog.protect)
    dialog.password.setText(first)
    dialog.again.setText(second)
    dialog.save()
    assert dialog.chosen is None and dialog.result() == 0
    assert not dialog.error.isHidden() and why in dialog.error.text()
    assert dialog.password.text() == "" and dialog.again.text() == ""  # typed again


def test_matching_passwords_are_handed_back_and_the_boxes_cleared(dialog, qtbot):
    click(qtbot, dialog.protect)
    dialog.password.setText(PASSWORD)
    dialog.again.setText(PASSWORD)
    dialog.save()
    assert dialog.chosen == PdfProtection(PASSWORD)
    assert dialog.password.text() == "" and dialog.again.text() == ""
    assert PASSWORD not in repr(dialog.chosen)  # never shown in a log or traceback


def test_no_password_chosen_is_a_plain_save_and_cancel_is_none(dialog, qtbot):
    dialog.save()
    assert dialog.chosen == PdfProtection(None)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def cancel() -> None:
        shown = QApplication.activeModalWidget()
        if shown is None:
            QTimer.singleShot(10, cancel)
            return
        shown.reject()

    QTimer.singleShot(0, cancel)
    assert ask_pdf_protection(None, "summary.pdf") is None


# -- Save as… with the step


def test_with_a_password_the_saved_pdf_needs_it_to_open(page, mini, record, tmp_path, qtbot):
    page.dialogs.save_to = str(tmp_path / "summary.pdf")
    page.dialogs.password = PASSWORD
    show(page, qtbot, mini, record, Settings())
    assert page.save_as() == str(tmp_path / "summary.pdf")
    target = tmp_path / "summary.pdf"
    assert page.dialogs.protections == ["summary.pdf"]
    reader = pypdf.PdfReader(target)
    assert reader.is_encrypted
    assert not _opens_with(target, "not the password")
    text = _text(target, PASSWORD)
    assert "Robin Fictional" in text and "protected by a password" in text and "not encrypted" not in text
    assert PASSWORD.encode() not in target.read_bytes()
    preview = pypdf.PdfReader(io.BytesIO(page.pdf))  # the preview on show stays the plain one
    assert not preview.is_encrypted and "not encrypted" in preview.pages[0].extract_text()
    title, said = page.dialogs.infos[-1]
    assert title == "Summary saved" and "protected by the password" in said and "by phone" in said
    assert PASSWORD not in said
    if shutil.which("pdfinfo"):  # a real viewer's library (poppler), where it is installed
        wrong = subprocess.run(["pdfinfo", "-upw", "not the password", str(target)], capture_output=True)
        right = subprocess.run(["pdfinfo", "-upw", PASSWORD, str(target)], capture_output=True, text=True)
        assert wrong.returncode != 0 and right.returncode == 0 and "Encrypted:" in right.stdout


def test_without_a_password_the_pdf_says_it_is_not_encrypted(page, mini, record, tmp_path, qtbot):
    page.dialogs.save_to = str(tmp_path / "summary.pdf")
    show(page, qtbot, mini, record, Settings())
    assert page.save_as() == str(tmp_path / "summary.pdf")
    assert not pypdf.PdfReader(tmp_path / "summary.pdf").is_encrypted
    assert "This file is not encrypted" in _text(tmp_path / "summary.pdf")
    assert "not protected by a password" in page.dialogs.infos[-1][1]


def test_cancel_at_the_password_step_writes_nothing(page, mini, record, tmp_path, qtbot):
    page.dialogs.save_to = str(tmp_path / "summary.pdf")
    page.dialogs.cancel_protection = True
    show(page, qtbot, mini, record, Settings())
    assert page.save_as() is None
    assert list(tmp_path.iterdir()) == []
    assert page.dialogs.infos == [] and page.dialogs.errors == []


def test_a_kept_record_s_protected_pdf_is_audited_and_the_password_is_kept_nowhere(
    make_window, qtbot, tmp_path, data_dir, caplog
):
    import hashlib
    import logging
    import os

    caplog.set_level(logging.DEBUG)
    window, preview = kept_record_preview(make_window, qtbot, "Kept Fictional")
    target = tmp_path / "kept.pdf"
    preview.dialogs = StubDialogs(save_to=str(target))
    preview.dialogs.password = PASSWORD
    assert preview.save_as() == str(target)
    assert _opens_with(target, PASSWORD) and not _opens_with(target, "not the password")
    record_id = window.session.record.id
    rows = [r for r in window.store().audit(record_id) if r.action == "print"]
    assert [r.details for r in rows] == [f"sha256 {hashlib.sha256(target.read_bytes()).hexdigest()}"]
    assert window.close_screening()
    window.close()
    secret = PASSWORD.encode()
    config = Path(os.environ["SCREENING_CONFIG_DIR"])
    kept = [p for folder in (data_dir, config) if folder.exists() for p in folder.rglob("*") if p.is_file()]
    assert any(p.name.startswith("records.sqlite3") for p in kept)
    assert [p.name for p in kept if secret in p.read_bytes()] == []  # the record, the audit, settings
    assert PASSWORD not in caplog.text
