"""The menus are declared in ui.actions; Close screening and Start screen really close (issue 8, item 2)."""

from __future__ import annotations

import ast
from pathlib import Path

from ui.actions import ACTIONS, MENUS, WindowState, by_id, shortcut_lines

UI = Path(__file__).resolve().parents[2] / "ui"


def test_every_action_names_a_menu_and_a_handler_of_the_window():
    from ui.main_window import MainWindow

    ids = [a.id for a in ACTIONS]
    assert len(ids) == len(set(ids))
    for action in ACTIONS:
        assert action.menu in MENUS
        assert callable(getattr(MainWindow, action.handler)), action.handler


def test_enabling_rules_are_plain_python():
    assert not by_id("file.close").enabled(WindowState())
    assert by_id("file.close").enabled(WindowState(in_screening=True))
    assert not by_id("file.export").enabled(WindowState(in_screening=True, kept=False))
    assert by_id("file.export").enabled(WindowState(in_screening=True, kept=True))
    assert by_id("file.new").enabled(WindowState())


def test_mnemonics_in_one_menu_never_clash():
    for menu in MENUS:
        letters = []
        for action in ACTIONS:
            if action.menu == menu and "&" in action.title.replace("&&", ""):
                letters.append(action.title.replace("&&", "")[action.title.replace("&&", "").index("&") + 1].lower())
        assert len(letters) == len(set(letters)), (menu, letters)
    tops = [m[m.index("&") + 1].lower() for m in MENUS]
    assert len(tops) == len(set(tops))


def test_the_help_page_lists_every_shortcut():
    text = "\n".join(shortcut_lines())
    assert "Ctrl+W: Close screening" in text
    assert "F11: Full screen" in text
    for action in ACTIONS:
        if action.shortcuts:
            assert action.title.replace("&", "") in text


def _open_screening_with_a_name(window, qtbot):
    window.show()
    assert window.start_screening("record")
    child = window.view.page("child")
    qtbot.keyClicks(child.name, "Ada")
    return window.session


def test_ctrl_w_goes_back_to_start_and_saves_the_last_edit(make_window, qtbot):
    window = make_window(autosave_ms=60_000)  # no autosave: only closing saves
    _open_screening_with_a_name(window, qtbot)
    window.action("file.close").trigger()  # triggered(bool) passes checked=False
    assert window.on_start()
    assert window.session is None and window.keeper is None
    assert not window.action("file.close").isEnabled()
    saved = window.store().list()
    assert [s.child_name for s in saved] == ["Ada"]  # the edit before Close is not lost
    # the closed screening's pages no longer hold a session: nothing can be typed into it unseen
    assert all(page.session is None for page in window.view.pages)


def test_file_start_screen_goes_back_to_start(make_window, qtbot):
    window = make_window(autosave_ms=60_000)
    _open_screening_with_a_name(window, qtbot)
    window.action("file.start").trigger()
    assert window.on_start()
    assert window.session is None
    # opening it again shows what was typed, and a new edit is kept
    record_id = window.store().list()[0].id
    assert window.open_record(record_id)
    assert window.session.record.child.name == "Ada"
    qtbot.keyClicks(window.view.page("child").name, " L")
    window.action("file.close").trigger()
    assert window.store().get(record_id).child.name == "Ada L"


def _defaulted_methods() -> set[str]:
    names = set()
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and (node.args.defaults or node.args.kw_defaults):
                names.add(node.name)
    return names


def test_no_signal_is_connected_straight_to_a_slot_with_optional_parameters():
    """A signal's arguments (clicked(bool), triggered(bool)) would fill them in, as with close_screening."""
    defaulted = _defaulted_methods()
    assert "close_screening" in defaulted  # the check would have caught the bug
    found = []
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "connect"
                and node.args
                and isinstance(node.args[0], ast.Attribute)
                and node.args[0].attr in defaulted
            ):
                found.append(f"{path.name}:{node.lineno} {node.args[0].attr}")
    assert found == []
