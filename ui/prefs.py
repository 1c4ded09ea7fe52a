"""Local settings for the app, through ``screening.settings`` when it is there.

Until that module exists a minimal stand-in keeps the same fields in a small JSON file in the
config folder, so the app remembers the user's role either way.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from screening.record import Referrer


@dataclass(frozen=True)
class FallbackSettings:
    role: str = ""
    practitioner_name: str = ""
    organisation: str = ""
    referrer_role: str = ""
    referrer_phone: str = ""
    referrer_email: str = ""
    paper_size: str = "A4"


_FALLBACK_FILE = "ui-settings.json"


def load() -> tuple[Any, list[Any]]:
    """(settings, problems); problems are shown to the user, never raised."""
    try:
        from screening.settings import load_settings
    except ImportError:
        return _load_fallback()
    return load_settings()


def save(settings: Any) -> None:
    try:
        from screening.settings import save_settings
    except ImportError:
        _save_fallback(settings)
        return
    save_settings(settings)


def with_role(settings: Any, role: str) -> Any:
    return replace(settings, role=role)


def referrer_from(settings: Any) -> Referrer:
    """The referrer details prefilled from the settings."""
    from screening.record import Referrer

    return Referrer(
        name=getattr(settings, "practitioner_name", "") or "",
        role=getattr(settings, "referrer_role", "") or "",
        organisation=getattr(settings, "organisation", "") or "",
        phone=getattr(settings, "referrer_phone", "") or "",
        email=getattr(settings, "referrer_email", "") or "",
    )


def _load_fallback() -> tuple[FallbackSettings, list[Any]]:
    from screening.paths import config_dir

    path = config_dir() / _FALLBACK_FILE
    if not path.exists():
        return FallbackSettings(), []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return FallbackSettings(), [f"{path}: cannot read the settings ({exc}); defaults are used"]
    known = {f.name for f in fields(FallbackSettings)}
    values = {k: str(v) for k, v in data.items() if k in known} if isinstance(data, dict) else {}
    return FallbackSettings(**values), []


def _save_fallback(settings: Any) -> None:
    from screening.fileio import atomic_write_text
    from screening.paths import config_dir

    data = asdict(settings) if hasattr(settings, "__dataclass_fields__") else {}
    atomic_write_text(config_dir() / _FALLBACK_FILE, json.dumps(data, indent=2) + "\n")
