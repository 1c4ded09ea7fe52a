"""Times as the store keeps them: ISO 8601 text, compared and sorted as instants, not as strings."""

from __future__ import annotations

import datetime as dt

from screening.dates import parse_timestamp

timestamp = parse_timestamp  # stored times: aware, a time without an offset read as UTC


def utc_key(text: str) -> str:
    """A sortable UTC form of an ISO time (microseconds, fixed width); '' when it is not a time.

    ``2026-01-01T10:00:00+02:00`` and ``2026-01-01T08:00:00+00:00`` get the same key, so sorting
    by it in SQL sorts by the instant, whatever UTC offset a record (an imported one) was saved in.
    """
    value = timestamp(text)
    if value is None:
        return ""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def later_than(previous: str, now: str) -> str:
    """``now``, or a second after ``previous`` when the clock has not moved past it.

    Times are kept to the second, and save_draft tells versions apart by their ``updated`` time;
    so each save's time is strictly later than the one before, even for two saves in one second
    (or a clock set back), and a time is never given to two versions of a record.
    """
    before, current = timestamp(previous), timestamp(now)
    if before is None or current is None or current > before:
        return now
    return (before + dt.timedelta(seconds=1)).astimezone(dt.UTC).isoformat()
