"""The plain-text summary shown until (or where) the PDF preview is not available.

A thin caller: the content is the core's summary model (screening.documents.summary), the same
one the referral PDF and ``screening records show`` render.
"""

from __future__ import annotations

from screening.documents.summary import build_summary
from screening.documents.summary_text import render_text
from screening.engine import Assessment
from screening.records.document import Record
from screening.ruleset.model import RuleSet
from screening.settings import Settings


def summary_text(ruleset: RuleSet, record: Record, assessment: Assessment, saved: bool = True,
                 settings: object = None) -> str:
    heading = "SCREENING SUMMARY" + ("" if saved else " (guidance only: nothing is saved)")
    chosen = settings if isinstance(settings, Settings) else Settings()
    summary = build_summary(record, ruleset, chosen, assessment=assessment)
    return f"{heading}\n{render_text(summary)}"
