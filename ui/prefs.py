"""The app's names for the local settings, which live in the core (``screening.settings``).

Kept so the window's calls read as before; nothing here is the app's own: loading, saving and
the referrer prefill are core functions the command line can use too.
"""

from __future__ import annotations

from screening.settings import Settings, referrer_from
from screening.settings import load_settings as load
from screening.settings import save_settings as save

__all__ = ["load", "referrer_from", "save", "with_role"]


def with_role(settings: Settings, role: str) -> Settings:
    return settings.with_changes(role=role)
