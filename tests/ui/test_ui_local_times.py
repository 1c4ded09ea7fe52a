"""Every time the app shows is local time in words, never raw ISO UTC (issue 8, item 7)."""

from __future__ import annotations

import re
import time

import pytest
from ui_helpers import click

from screening.dates import format_local

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


@pytest.fixture
def in_paris(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_summary_step_shows_the_finalised_and_addenda_times_in_local_time(make_window, qtbot, dialogs, in_paris):
    window = make_window(autosave_ms=60_000)
    window.show()
    window.start_screening("record")
    session = window.session
    session.update_child(age_years=5)
    session.set_behaviour("y0-copies-sex-acts", True)
    session.update_judgement(agrees=True, final_category="amber", decision="monitor")
    session.update_referral(immediate_risk="no")
    window.view.go_to("summary")
    summary = window.view.page("summary")
    click(qtbot, summary.finalise)
    record = window.session.record
    assert record.is_final
    status = summary.status.text()
    assert not ISO.search(status), status
    assert format_local(record.updated) in status and ("CET" in status or "CEST" in status)
    dialogs.text = "Phoned."
    click(qtbot, summary.addendum)
    shown = summary.addenda.text()
    assert not ISO.search(shown), shown
    assert format_local(window.session.record.addenda[0].at) in shown
