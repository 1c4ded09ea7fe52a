"""Alt+letter mnemonics never clash: on a step, with Back/Next, or with the menu bar (item 13)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from ui.actions import MENUS


def _letter(text: str) -> str | None:
    text = text.replace("&&", "")
    i = text.find("&")
    return text[i + 1].lower() if 0 <= i < len(text) - 1 else None


MENU_LETTERS = {_letter(m) for m in MENUS}


@pytest.mark.parametrize("key", ["child", "behaviours", "context", "outcome", "judgement", "referral", "summary"])
def test_no_two_mnemonics_on_a_step_share_a_letter(make_window, qtbot, key):
    window = make_window()
    window.show()
    window.start_screening("record")
    window.session.update_child(age_years=5)
    window.session.set_behaviour("y0-copies-sex-acts", True)
    window.view.go_to(key)
    page = window.view.page(key)
    owners: dict[str, list[str]] = {}
    widgets = [*page.findChildren(QLabel), *page.findChildren(QAbstractButton), window.view.back, window.view.next]
    for widget in widgets:
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        letter = _letter(widget.text())
        if letter:
            owners.setdefault(letter, []).append(widget.text())
    clashes = {k: v for k, v in owners.items() if len(v) > 1 or k in MENU_LETTERS}
    assert clashes == {}, (key, clashes)
