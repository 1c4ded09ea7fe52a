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
