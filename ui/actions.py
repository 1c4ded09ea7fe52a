"""The window's menus as data: one line per action (id, menu, title, shortcut, handler, enabled-when).

A handler is the name of a method on the window, called with the given arguments and nothing
else: QAction.triggered(bool) never reaches it (the bug where Close screening received False
for its show_start parameter). Whether an action is enabled is a plain predicate on
``WindowState``, so the rules are tested without Qt.

To add a menu item, add one ``Action`` line to ACTIONS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ui.steps import STEPS

MENUS = ("&File", "&Go", "&View", "Se&ttings", "&Help")


@dataclass(frozen=True)
class WindowState:
    """What the enabling rules need to know about the window."""

    in_screening: bool = False  # a screening is open and on screen
    kept: bool = False  # it is a record kept in the store (not guidance or training)


ENABLED_WHEN: dict[str, Callable[[WindowState], bool]] = {
    "always": lambda s: True,
    "in_screening": lambda s: s.in_screening,
    "kept": lambda s: s.in_screening and s.kept,
}


@dataclass(frozen=True)
class Action:
    id: str
    menu: str
    title: str
    handler: str  # a method of the window
    args: tuple[object, ...] = ()
    shortcuts: tuple[str, ...] = ()  # portable text, or a QKeySequence.StandardKey name such as "New"
    enabled_when: str = "always"
    checkable: bool = False
    separator_before: bool = False

    def enabled(self, state: WindowState) -> bool:
        return ENABLED_WHEN[self.enabled_when](state)


ACTIONS: tuple[Action, ...] = (
    Action("file.new", "&File", "&New screening", "new_screening", shortcuts=("New",)),
    Action("file.guidance", "&File", "&Guidance only (nothing is saved)", "start_screening", ("guidance",)),
    Action("file.training", "&File", "&Training (fictional cases)", "open_training"),
    Action("file.close", "&File", "&Close screening", "close_screening", shortcuts=("Close",),
           enabled_when="in_screening", separator_before=True),
    Action("file.start", "&File", "&Start screen", "close_screening"),
    Action("file.export", "&File", "&Export this record…", "export_record", enabled_when="kept",
           separator_before=True),
    Action("file.import", "&File", "&Import records…", "import_records"),
    Action("file.unlock", "&File", "&Unlock the records…", "unlock_records", separator_before=True),
    Action("file.lock", "&File", "&Lock now", "lock_now", shortcuts=("Ctrl+L",)),
    Action("file.quit", "&File", "&Quit", "close", shortcuts=("Quit",), separator_before=True),
    Action("go.next", "&Go", "&Next step", "next_step", shortcuts=("Ctrl+PgDown", "Alt+Right"),
           enabled_when="in_screening"),
    Action("go.back", "&Go", "&Previous step", "previous_step", shortcuts=("Ctrl+PgUp", "Alt+Left"),
           enabled_when="in_screening"),
    *(
        Action(f"go.{key}", "&Go", f"&{n} {title}", "go_to", (key,), shortcuts=(f"Ctrl+{n}",),
               enabled_when="in_screening", separator_before=n == 1)
        for n, (key, title) in enumerate(STEPS, start=1)
    ),
    Action("view.full_screen", "&View", "&Full screen (for training rooms)", "toggle_full_screen",
           shortcuts=("F11",), checkable=True),
    Action("view.presentation", "&View", "&Presentation mode (hide names on the start screen)",
           "toggle_presentation", shortcuts=("Ctrl+Shift+P",), checkable=True),
    Action("view.larger", "&View", "&Larger text", "zoom_text", (1,), shortcuts=("ZoomIn", "Ctrl+="),
           separator_before=True),
    Action("view.smaller", "&View", "S&maller text", "zoom_text", (-1,), shortcuts=("ZoomOut",)),
    Action("view.normal", "&View", "&Normal text size", "zoom_text", (0,), shortcuts=("Ctrl+0",)),
    Action("settings.role", "Se&ttings", "Your &role…", "change_role"),
    Action("settings.local", "Se&ttings", "&Local settings (contacts, your details)…", "open_settings"),
    Action("settings.security", "Se&ttings", "Records &security (passphrase, lock)…", "open_security"),
    Action("help.shortcuts", "&Help", "&Keyboard shortcuts", "show_shortcuts", shortcuts=("F1",)),
    Action("help.guide", "&Help", "&Print the guide…", "print_guide"),
    Action("help.about", "&Help", "&About this rule set", "about"),
)


def by_id(action_id: str) -> Action:
    for action in ACTIONS:
        if action.id == action_id:
            return action
    raise KeyError(action_id)


# Keys that belong to the screens rather than the menus, for the Help page.
OTHER_KEYS = (
    ("Tab / Shift+Tab", "Move to the next or previous box; in a multi-line box, Tab moves on too"),
    ("Alt + underlined letter", "Go to that box or button on the screen"),
    ("Space", "Tick a box or press the button that has the focus"),
    ("Enter", "In the search box: search now"),
)


def _plain_title(title: str) -> str:
    return title.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_lines() -> list[str]:
    """The Help page: every menu action with a shortcut, then the keys of the screens."""
    names = {"New": "Ctrl+N", "Close": "Ctrl+W", "Quit": "Ctrl+Q", "ZoomIn": "Ctrl++", "ZoomOut": "Ctrl+-"}
    lines = ["Menu shortcuts:"]
    for action in ACTIONS:
        if action.shortcuts:
            keys = " or ".join(names.get(k, k) for k in action.shortcuts)
            lines.append(f"  {keys}: {_plain_title(action.title)}")
    lines.append("")
    lines.append("On every screen:")
    lines.extend(f"  {keys}: {what}" for keys, what in OTHER_KEYS)
    return lines
