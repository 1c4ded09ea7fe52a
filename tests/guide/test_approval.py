"""Approval: an approved set says by whom and when; the loader insists on both."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from screening.problems import ProblemsError
from screening.ruleset.approval import approval_status, review_status
from screening.ruleset.loader import load_ruleset

from .helpers import APPROVED, MINI_FILE, mini_with, write_set


def test_a_draft_says_it_is_a_draft() -> None:
    info = load_ruleset(MINI_FILE).info
    assert not info.approved and info.approved_on is None
    assert approval_status(info).startswith("DRAFT: not approved for local use")


def test_an_approved_set_says_who_and_when(tmp_path: Path) -> None:
    info = load_ruleset(write_set(tmp_path, mini_with(*APPROVED))).info
    assert info.approved and info.approved_on == dt.date(2026, 3, 2)
    assert approval_status(info) == "APPROVED for local use by Example Safeguarding Partnership board on 2 March 2026."


def test_approved_without_a_date_is_refused_where_status_is(tmp_path: Path) -> None:
    text = mini_with(("  status: draft\n", "  status: approved\n"), APPROVED[1])
    with pytest.raises(ProblemsError) as info:
        load_ruleset(write_set(tmp_path, text))
    (problem,) = info.value.problems
    assert "must say when it was approved" in problem.message and "approved_on" in problem.message
    assert problem.line == text.splitlines().index("  status: approved") + 1


def test_a_bad_approval_date_is_reported_once(tmp_path: Path) -> None:
    text = mini_with(("  status: draft\n", "  status: approved\n  approved_on: 2 March\n"), APPROVED[1])
    with pytest.raises(ProblemsError) as info:
        load_ruleset(write_set(tmp_path, text))
    (problem,) = info.value.problems
    assert "'approved_on' should be a date" in problem.message


def test_review_status_warns_once_the_date_has_passed() -> None:
    info = load_ruleset(MINI_FILE).info
    assert review_status(info, dt.date(2026, 1, 1)) == "Review by 1 November 2027."
    assert "has passed" in review_status(info, dt.date(2028, 1, 1))
