"""Builders shared by the store tests (a plain module, so test files can import it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from screening.records.document import Child, Judgement, Record, RuleSetRef, SelectedBehaviour
from screening.ruleset.model import RuleSet

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"


def complete_record(rules: RuleSet, /, name: str = "A.B.", **changes: object) -> Record:
    """A record that passes completeness(), made with the given rule set."""
    record = Record(
        role="teacher",
        concern_date=dt.date(2026, 3, 2),
        child=Child(name=name, age_years=6),
        behaviours=(SelectedBehaviour("y0-plays-doctors", notes="In the home corner.\nBoth laughing."),),
        judgement=Judgement(agrees=True, final_category="green", decision="monitor"),
        ruleset=RuleSetRef(rules.info.id, rules.info.version, rules.sha256),
    )
    return record.with_changes(**changes)


class Clock:
    """A clock the test moves by hand, for the audit coalescing rule."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> str:
        return self.now.isoformat()

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)
