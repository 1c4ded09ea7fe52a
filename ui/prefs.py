"""The app's view of the local settings (``screening.settings``): load, save, and prefill."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from screening.records.document import Referrer
    from screening.settings import Settings


def load() -> tuple[Settings, list[Any]]:
    """(settings, problems); problems are shown to the user, never raised."""
    from screening.settings import load_settings

    return load_settings()


def save(settings: Settings) -> None:
    from screening.settings import save_settings

    save_settings(settings)


def with_role(settings: Settings, role: str) -> Settings:
    return replace(settings, role=role)


def referrer_from(settings: Settings) -> Referrer:
    """The referrer details prefilled from the settings."""
    from screening.records.document import Referrer

    return Referrer(
        name=settings.practitioner_name,
        role=settings.referrer_role,
        organisation=settings.organisation,
        phone=settings.referrer_phone,
        email=settings.referrer_email,
    )


def remember_geometry(settings: Settings, text: str) -> Settings:
    """Keep the window's size and place, only where the user has saved settings already.

    Guidance only and training write nothing: a window closed before any setting was saved on
    purpose leaves no settings file behind.
    """
    from screening.settings import settings_path

    if settings.window_geometry == text:
        return settings
    changed = replace(settings, window_geometry=text)
    try:
        if not settings_path().is_file():
            return changed
        save(changed)
    except OSError:
        pass  # remembering the window is a convenience; never stop the app closing
    return changed
