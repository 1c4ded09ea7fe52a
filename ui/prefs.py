"""The app's names for the local settings, which live in the core (``screening.settings``).

Kept so the window's calls read as before; nothing here is the app's own: loading, saving and
the referrer prefill are core functions the command line can use too.
"""

from __future__ import annotations

from screening.settings import Settings, referrer_from, remember_referrer, save_if_readable, settings_path
from screening.settings import load_settings as load
from screening.settings import save_settings as save

__all__ = ["load", "referrer_from", "remember_geometry", "remember_referrer", "save", "save_if_readable",
           "with_role"]


def with_role(settings: Settings, role: str) -> Settings:
    return settings.with_changes(role=role)


def remember_geometry(settings: Settings, text: str) -> Settings:
    """Keep the window's size and place, only where the user has saved settings already.

    Guidance only and training write nothing: a window closed before any setting was saved on
    purpose leaves no settings file behind.
    """
    if settings.window_geometry == text:
        return settings
    changed = settings.with_changes(window_geometry=text)
    try:
        if not settings_path().is_file():
            return changed
        save_if_readable(changed)  # never over a file with problems: the user's to fix
    except OSError:
        pass  # remembering the window is a convenience; never stop the app closing
    return changed
