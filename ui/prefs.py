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
