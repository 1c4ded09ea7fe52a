"""The window fits 1280x720 and 1366x768 screens; its size is remembered in the app's own settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from ui import geometry
from ui.geometry import Rect

SCREENS = [(1280, 720), (1366, 768)]


def test_a_first_start_fits_a_small_screen():
    for w, h in SCREENS:
        rect = geometry.fit("", Rect(0, 0, w, h - 40))  # less a task bar
        assert rect.width <= w and rect.height <= h - 40
        assert rect.x >= 0 and rect.y >= 0


def test_a_remembered_window_is_kept_but_never_off_screen():
    assert geometry.fit("1000x600+50+40", Rect(0, 0, 1366, 728)) == Rect(50, 40, 1000, 600)
    # remembered on a bigger monitor: shrunk and moved onto this one
    moved = geometry.fit("1900x1000+1500+300", Rect(0, 0, 1280, 680))
    assert moved == Rect(0, 0, 1280, 680)
    assert geometry.fit("rubbish", Rect(0, 0, 1280, 680)).width <= 1280


def _visible_in_window(widget, window) -> bool:
    QApplication.processEvents()
    if not widget.isVisibleTo(window):
        return False
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return window.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("size", SCREENS)
def test_back_next_and_open_delete_are_on_screen_at_laptop_sizes(make_window, qtbot, size):
    window = make_window()
    window.resize(*size)
    window.show()
    assert (window.width(), window.height()) == size  # never held bigger than the screen
    assert window.minimumSize().height() <= size[1] - 60
    window.show_start()
    window.start.set_records(None)
    for button in (window.start.open_button, window.start.delete_button, window.start.new_button):
        assert _visible_in_window(button, window), button.text()
    window.start_screening("record")
    for key in ("child", "behaviours", "context", "outcome", "judgement", "referral", "summary"):
        window.view.go_to(key)
        assert _visible_in_window(window.view.next, window), key
        assert _visible_in_window(window.view.back, window), key


def test_the_window_size_is_remembered_only_where_settings_are_saved(make_window, qtbot, tmp_path, monkeypatch):
    from screening.settings import load_settings, save_settings, settings_path

    window = make_window()
    window.resize(1000, 600)
    window.close()
    assert not settings_path().exists()  # nothing saved on purpose: no file (guidance and training write nothing)
    save_settings(window.settings)
    window = make_window()
    window.resize(800, 570)  # the offscreen test screen is small
    window.close()
    assert load_settings()[0].window_geometry.startswith("800x570")
    again = make_window(settings=load_settings()[0])
    assert (again.width(), again.height()) == (800, 570)


def test_closing_never_writes_over_a_settings_file_with_problems(make_window, qtbot):
    from screening.settings import load_settings, settings_path

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    broken = 'role: dsl\nshared_computer: false\nmash_phone: "01632 960 111\n'  # the quote is not closed
    path.write_text(broken, encoding="utf-8")
    settings, problems = load_settings()
    assert problems and settings.shared_computer  # unreadable: treated as shared, and said
    window = make_window(settings=settings)
    window.resize(800, 570)
    window.set_role("teacher")  # an automatic save too
    window.close()
    assert path.read_text(encoding="utf-8") == broken  # the user's file, left for them to fix


def _squashed(dialog) -> list[str]:
    """Boxes and labels given less height than they need (Qt squashes them when a message appears)."""
    from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QLineEdit

    QApplication.processEvents()
    short = []
    for widget in dialog.findChildren(QLineEdit) + dialog.findChildren(QLabel):
        if not widget.isVisibleTo(dialog) or isinstance(widget.parentWidget(), QAbstractSpinBox):
            continue  # a spin box's own line edit sits inside its frame
        wraps = widget.hasHeightForWidth()
        need = widget.heightForWidth(widget.width()) if wraps else widget.minimumSizeHint().height()
        if widget.height() < need:
            short.append(widget.accessibleName() or widget.text()[:40])
    return short


def _protection_dialogs(qtbot):
    """The password step of Save as… and the shared-computer prompts, each with its message showing."""
    from screening.settings import Settings
    from ui.encryption_setup import EncryptionSetupDialog, SecurityDialog
    from ui.pdf_password import PdfPasswordDialog

    step = PdfPasswordDialog(None, "referral-summary-3f6c2a9e-2026-11-20.pdf")
    step.protect.setChecked(True)
    step.password.setText("Blue kettle 47!")
    step.save()  # the second box is empty: refused, and said
    prompt = EncryptionSetupDialog(None, existing=True)
    prompt.save()
    security = SecurityDialog(Settings(), "plain", lambda old, new: "")
    security.shared.setChecked(True)  # says at once that the records must be encrypted
    return step, prompt, security


def test_the_protection_dialogs_fit_a_small_screen_and_grow_for_their_messages(qtbot):
    for dialog in _protection_dialogs(qtbot):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        message = next(w for w in (getattr(dialog, "error", None), getattr(dialog, "message", None)) if w is not None
                       and not w.isHidden())
        assert message.text()
        assert dialog.width() <= 1280 and dialog.height() <= 720 - 60, dialog.windowTitle()
        assert _squashed(dialog) == [], dialog.windowTitle()
