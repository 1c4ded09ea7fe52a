"""At start, check the records' audit chain and sealed final records, and warn when it is broken."""

from __future__ import annotations

from typing import Any

MAX_SHOWN = 20


def check_records_at_start(window: Any) -> list[str]:
    """Run Store.verify; warn in one dialog when it finds anything. Returns what it found (for tests)."""
    try:
        if getattr(window, "_store", None) is None and not _default_database_exists():
            return []  # nothing saved yet: do not make a database just to check it
        store = window.store()
        findings = [str(f) for f in store.verify()] if hasattr(store, "verify") else []
    except Exception as exc:  # the store's own errors are shown where the records list is loaded
        del exc
        return []
    if findings:
        shown = findings[:MAX_SHOWN]
        if len(findings) > MAX_SHOWN:
            shown.append(f"... and {len(findings) - MAX_SHOWN} more")
        window.dialogs.problems(
            window,
            "The records may have been changed outside the app",
            shown,
            "The check of the records and their audit log found problems. Keep a copy of the records folder "
            "as it is, and ask for help; the records can still be read.",
        )
    return findings


def _default_database_exists() -> bool:
    from screening.paths import data_dir
    from screening.store import DB_NAME

    return (data_dir() / DB_NAME).exists()
