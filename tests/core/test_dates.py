"""Dates in words one way everywhere, and stored times ordered by the instant, not the text."""

from __future__ import annotations

import datetime as dt
import locale

from screening.dates import format_date, format_when, newest_first_key, parse_timestamp


def test_dates_are_written_by_hand_whatever_the_locale() -> None:
    before = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "C"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            assert format_date(dt.date(2026, 3, 2)) == "2 March 2026"
    finally:
        locale.setlocale(locale.LC_TIME, before)
    assert format_date(None) == "Not recorded"
    assert format_when("2026-11-21T09:15:00+00:00") == "21 November 2026 at 09:15 UTC"
    assert format_when("not a time") == "not a time"


def test_times_in_mixed_utc_offsets_sort_by_the_instant() -> None:
    # as text, "+05:00 at 09:00" sorts after "+00:00 at 08:00", but it is three hours earlier
    times = ["2026-11-20T09:00:00+05:00", "2026-11-20T08:00:00+00:00", "2026-11-20T03:30:00-02:00",
             "2026-11-20T07:00:00"]  # no offset: read as UTC
    newest = sorted(times, key=newest_first_key, reverse=True)
    # in UTC: 08:00, 07:00, 05:30, 04:00
    assert newest == ["2026-11-20T08:00:00+00:00", "2026-11-20T07:00:00", "2026-11-20T03:30:00-02:00",
                      "2026-11-20T09:00:00+05:00"]
    assert sorted(times, reverse=True) != newest  # the raw text would get it wrong
    assert newest_first_key("garbage") == (0.0, 0.0)
    parsed = parse_timestamp("2026-11-20T07:00:00")
    assert parsed is not None and parsed.tzinfo is dt.UTC


def test_stored_utc_times_are_shown_in_local_time():
    from screening.dates import format_local

    paris = dt.timezone(dt.timedelta(hours=1), "CET")
    assert format_local("2026-11-20T15:30:00+00:00", paris) == "20 November 2026 at 16:30 CET"
    assert format_local("2026-11-20T15:30:00", paris) == "20 November 2026 at 16:30 CET"  # no offset: UTC
    assert format_local("not a time") == "not a time"
    assert "T15:30" not in format_local("2026-11-20T15:30:00+00:00")
