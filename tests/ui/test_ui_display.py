"""Keyboard and display (item 13): chip contrast, zoom reaching banners and chips, tab order, focus rings."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from ui.widgets import Badge, contrast_ratio, readable_on


def test_contrast_ratio_matches_the_wcag_formula():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)


@pytest.mark.parametrize("rules", ["shipped_rules", "mini_rules"])
def test_every_category_chip_text_meets_4_5_to_1(request, rules):
    ruleset = request.getfixturevalue(rules)
    for category in ruleset.categories:
        ratio = contrast_ratio(readable_on(category.colour), category.colour)
        assert ratio >= 4.5, (category.label, category.colour, round(ratio, 2))


def test_the_amber_chip_in_particular(shipped_rules, qtbot):
    amber = shipped_rules.category("amber")
    badge = Badge()
    qtbot.addWidget(badge)
    badge.set_category(amber)
    assert "color: #000000" in badge.styleSheet()  # white on #b26a00 is only 4.24:1
    assert contrast_ratio("#000000", amber.colour) >= 4.5


def test_larger_text_reaches_the_banners_and_the_chips(make_window, qtbot):
    window = make_window()
    window.show()
    window.start_screening("record")
    window.session.update_child(age_years=5)
    window.session.set_behaviour("y0-copies-sex-acts", True)
    window.view.go_to("outcome")
    banner_label = window.emergency.label
    outcome_banner = window.view.page("outcome").banner
    chip = window.view.page("judgement").suggested
    before = (banner_label.font().pointSizeF(), outcome_banner.word.font().pointSizeF(), chip.font().pointSizeF())
    window.action("view.larger").trigger()
    window.action("view.larger").trigger()
    QApplication.processEvents()
    after = (banner_label.font().pointSizeF(), outcome_banner.word.font().pointSizeF(), chip.font().pointSizeF())
    for b, a in zip(before, after, strict=True):
        assert a > b * 1.25, (before, after)
    window.action("view.normal").trigger()
    QApplication.processEvents()
    assert banner_label.font().pointSizeF() == pytest.approx(before[0])


def _tab_through(window, qtbot, limit=120):
    """Press Tab through the window as a keyboard user would; the widgets that take the focus, in order."""
    from PySide6.QtCore import Qt

    seen = []
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is None or (seen and widget is seen[0]):
            break
        seen.append(widget)
    return seen


@pytest.mark.parametrize("key", ["child", "behaviours", "context", "outcome", "judgement", "referral", "summary"])
def test_every_tab_stop_on_a_step_can_be_seen(make_window, qtbot, key):
    window = make_window()
    window.resize(1280, 720)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.start_screening("record")
    window.session.update_child(age_years=5)
    window.session.set_behaviour("y0-copies-sex-acts", True)
    window.view.go_to(key)
    window.view.steps.setFocus()
    stops = _tab_through(window, qtbot)
    page = window.view.page(key)
    on_page = [w for w in stops if page.isAncestorOf(w)]
    assert on_page, key
    for widget in stops:
        assert widget.isVisible() and widget.width() > 0 and widget.height() > 0, (key, widget)
        assert widget.window() is window
    if key == "behaviours":
        return  # two columns (search | chosen): down the left, then down the right
    # the order follows the screen: down the page (a row of buttons reads left to right)
    spots = [(w.mapTo(page, w.rect().topLeft()).y(), w.mapTo(page, w.rect().topLeft()).x()) for w in on_page]
    backwards = [(a, b) for a, b in itertools.pairwise(spots) if b[0] < a[0] - 4]
    assert backwards == [], (key, backwards, [type(w).__name__ + ":" + w.accessibleName() for w in on_page])


def test_multi_line_boxes_show_a_focus_ring():
    from pathlib import Path

    import resources

    qss = Path(resources.__file__).with_name("style.qss").read_text(encoding="utf-8")
    assert "QPlainTextEdit:focus" in qss
    assert QPlainTextEdit  # the boxes are QPlainTextEdit (ui.widgets.text_box)
