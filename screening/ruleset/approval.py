"""Whether a rule set is approved, by whom and when, said the same way in the app and on paper."""

from __future__ import annotations

import datetime as dt

from screening.ruleset.model import RuleSetInfo

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

DRAFT_MARK = "DRAFT"


def long_date(value: dt.date) -> str:
    """20 November 2026, whatever the process locale (Qt sets one)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def approval_status(info: RuleSetInfo) -> str:
    """One plain sentence: approved (by whom, when) or a draft not to be relied on."""
    if info.approved:
        when = f" on {long_date(info.approved_on)}" if info.approved_on is not None else ""
        return f"APPROVED for local use by {info.approved_by}{when}."
    return "DRAFT: not approved for local use. Use it only for testing and training until it is approved."


def review_status(info: RuleSetInfo, today: dt.date | None = None) -> str:
    """When the set is due for review, and a plain warning when that date has passed."""
    today = today or dt.date.today()
    line = f"Review by {long_date(info.review_date)}."
    if info.review_date < today:
        line += " The review date has passed: check with your safeguarding partnership that this is still current."
    return line
