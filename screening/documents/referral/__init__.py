"""The referral summary: a PDF a MASH worker can read, printed in black and white if need be.

This module is the public API and imports no reportlab: the PDF library is loaded only when a
summary is built (``referral.story`` and ``documents.pdf``), so the light commands stay fast.
The content, labels and order come from ``documents.summary``, the one model that the app's
plain text and ``records show`` render too. Every string from a user or a rule file goes through
:func:`esc` before it meets Paragraph markup, so markup in a record is printed as the characters
typed and nothing is fetched or read. Colour is never the only signal: each category is printed
as its word beside a small swatch.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from screening.dates import format_date, format_datetime
from screening.documents.pdf import PdfError, write_pdf_atomically
from screening.documents.pdf.markup import esc
from screening.documents.summary import MARKING, TITLE, build_summary
from screening.records.document import Record
from screening.records.references import reference_problems
from screening.ruleset.model import RuleSet
from screening.settings import Settings

__all__ = [
    "MARKING", "TITLE", "ReferralError", "build_referral_pdf", "esc", "format_date", "format_datetime",
    "register_fonts", "suggested_file_name", "write_referral_pdf",
]


class ReferralError(PdfError):
    """The record cannot make a summary (for example, it names a behaviour the rule set lacks)."""


def build_referral_pdf(
    ruleset: RuleSet,
    record: Record,
    settings: Settings,
    *,
    generated_at: dt.datetime | None = None,
    invariant: bool = False,
    password: str | None = None,
) -> bytes:
    """The referral summary as PDF bytes; raise ReferralError when the record cannot make one.

    With ``invariant=True`` and a fixed ``generated_at`` the bytes are the same on every build.
    With a password the PDF is encrypted and opens only with it.
    """
    problems = reference_problems(ruleset, record)
    if problems:
        raise ReferralError(problems)
    # reportlab is loaded here, on the first build, not when the app or a command starts
    from screening.documents.referral import story

    summary = build_summary(record, ruleset, settings, generated_at=generated_at)
    return story.render(summary, settings.paper_size, invariant=invariant, password=password)


def write_referral_pdf(
    path: str | os.PathLike[str],
    ruleset: RuleSet,
    record: Record,
    settings: Settings,
    *,
    generated_at: dt.datetime | None = None,
    invariant: bool = False,
) -> Path:
    """Build the summary, then write it atomically (0600): a failure leaves any old file as it was."""
    data = build_referral_pdf(ruleset, record, settings, generated_at=generated_at, invariant=invariant)
    return write_pdf_atomically(path, data)


def register_fonts() -> str:
    """The embedded font family, registered once (kept here for documents written against this
    module's names; new code uses ``documents.pdf.fonts.register_fonts``)."""
    from screening.documents.pdf import fonts

    return fonts.register_fonts(ReferralError)


def suggested_file_name(record: Record, generated_at: dt.date | None = None) -> str:
    """A file name for saving the summary that does not carry the child's name."""
    day = (generated_at or dt.date.today()).isoformat()
    ident = re.sub(r"[^A-Za-z0-9._-]+", "-", record.id)[:40].strip("-.") if record.id else ""
    return f"referral-summary-{ident + '-' if ident else ''}{day}.pdf"
