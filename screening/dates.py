"""Dates and times in words, one way everywhere, and a timezone-aware order for stored times.

Written by hand, never with the locale's ``%B``: the app sets a locale, and a summary must read
the same in the PDF, in the app and on the command line, whatever that locale is.
"""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
NOT_GIVEN = "Not recorded"


def format_date(value: dt.date | None, empty: str = NOT_GIVEN) -> str:
    """A date as 20 November 2026, whatever the process locale."""
    if value is None:
        return empty
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_datetime(value: dt.datetime) -> str:
    """20 November 2026 at 15:30 UTC (the zone as stored, when there is one)."""
    zone = f" {value.tzname()}" if value.tzinfo is not None and value.tzname() else ""
    return f"{format_date(value.date())} at {value:%H:%M}{zone}"


def format_when(text: str) -> str:
    """A stored ISO date and time in words; the text itself when it is not one."""
    try:
        return format_datetime(dt.datetime.fromisoformat(text))
    except (TypeError, ValueError):
        return text


def format_local(text: str, zone: dt.tzinfo | None = None) -> str:
    """A stored ISO time in the reader's local time (or ``zone``), in words; the text when unreadable.

    Stored times are UTC; people read their own clock ("20 November 2026 at 16:30 CET"). A time
    without an offset is read as UTC, as the store writes it.
    """
    value = parse_timestamp(text)
    if value is None:
        return text
    return format_datetime(value.astimezone(zone))


def parse_timestamp(text: str) -> dt.datetime | None:
    """A stored ISO time as an aware datetime (a time without an offset is read as UTC)."""
    try:
        value = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def newest_first_key(updated: str, created: str = "") -> tuple[float, float]:
    """A sort key for stored times (use with reverse=True): the instant, never the raw text.

    Records imported from elsewhere may carry other UTC offsets, so "2026-11-20T09:00:00+05:00"
    is earlier than "2026-11-20T08:00:00+00:00" although it sorts after it as a string.
    Unreadable times sort as the oldest.
    """
    later, first = parse_timestamp(updated), parse_timestamp(created)
    return (later.timestamp() if later else 0.0, first.timestamp() if first else 0.0)
