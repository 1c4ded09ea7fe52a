"""The sign-off sheet (docs/content-review.md section 10) for one version of a rule set, printable.

With a diff it also lists what changed since the version before, so the approvers sign against
the changes they saw. The blank lines are for ink: nothing here records an approval by itself;
the rule files' ``status``, ``approved_by`` and ``approved_on`` do that.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from screening.documents import guide_parts as parts
from screening.documents.pdf import MM, write_document
from screening.ruleset.approval import long_date
from screening.ruleset.diff import RuleSetDiff
from screening.ruleset.diff_report import diff_sections
from screening.ruleset.model import RuleSet

TITLE = "Rule set review and sign-off"

REVIEW_STEPS = (
    "Read the guidance for every colour and role, and check it against your local safeguarding procedures, "
    "threshold document and routes for consultation, referral and out-of-hours contact.",
    "Read the behaviours in each age band and check that each is in the right band and colour for your area.",
    "Test the set with made-up cases, including cases near the lines and at the ages where bands meet.",
    "Record any changes below, raise the version, and check the files with 'screening validate'.",
    "When approved, set status: approved, approved_by and approved_on in the rule files, and sign below.",
)

APPROVAL_LINES = (
    "Approved by (name)",
    "Role and organisation",
    "On behalf of (safeguarding partnership)",
    "Date approved",
    "Version approved",
    "Next review due",
    "Signature",
)


def _rows_table(rows: list[list[Any]], widths: list[float], heights: Sequence[float | None] | None = None,
               head: bool = False) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, rowHeights=heights, repeatRows=1 if head else 0)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.6, colors.black)]
    if head:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(parts.GREY)))
    table.setStyle(TableStyle(style))
    return table


def signoff_story(ruleset: RuleSet, width: float, diff: RuleSetDiff | None, old: RuleSet | None,
                  today: dt.date) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    from screening.documents.guide import identity_table

    st = parts.styles()
    out: list[Any] = [parts.para(TITLE, st, "Title"),
                      parts.para(f"{ruleset.info.title}, version {ruleset.info.version}", st, "Subtitle"),
                      identity_table(ruleset, st, width, today)]
    if diff is not None and old is not None:
        out += [parts.para(f"What changed since version {old.info.version}", st, "H2"),
                parts.para(f"Compared with {old.info.title}, version {old.info.version} "
                           f"(SHA-256 {old.sha256}).", st, "Small")]
        if diff.empty:
            out.append(parts.para("No changes.", st))
        for section in diff_sections(old, ruleset, diff):
            out.append(parts.para(f"{section.title}: {len(section.entries)}", st, "CellBold"))
            for entry in section.entries:
                text = f"<b>{parts.esc(entry.headline)}</b>"
                if entry.before:
                    text += f"<br/>was: {parts.esc(entry.before)}"
                if entry.after:
                    text += f"<br/>now: {parts.esc(entry.after)}"
                out.append(Paragraph(text, st["Item"], bulletText="•"))
            out.append(Spacer(1, 2 * MM))
    out.append(parts.para("What reviewers should do", st, "H2"))
    for n, step in enumerate(REVIEW_STEPS, start=1):
        out.append(Paragraph(parts.esc(step), st["Item"], bulletText=f"{n}."))
    out.append(parts.para("Changes made by the partnership", st, "H2"))
    head = [parts.para(h, st, "CellBold") for h in ("Section or behaviour id", "Change", "Reason", "Agreed by")]
    widths = [width * 0.25, width * 0.3, width * 0.25, width * 0.2]
    out.append(_rows_table([head] + [["", "", "", ""] for _ in range(5)], widths,
                           [None, *([9 * MM] * 5)], head=True))
    out.append(parts.para("Approval", st, "H2"))
    rows = [[parts.para(label, st, "CellBold"), ""] for label in APPROVAL_LINES]
    out.append(_rows_table(rows, [70 * MM, width - 70 * MM], [11 * MM] * len(rows)))
    out.append(Spacer(1, 3 * MM))
    out.append(parts.para("Review the set at least every two years, and sooner when statutory guidance, the UKCIS "
                          "advice or the law changes in a way that affects it.", st, "Small"))
    return out


def build_signoff_pdf(ruleset: RuleSet, *, old: RuleSet | None = None, diff: RuleSetDiff | None = None,
                      today: dt.date | None = None, paper: str = "A4", invariant: bool = False) -> bytes:
    """The sign-off sheet for ``ruleset``; with ``old`` and ``diff``, the changes since ``old`` too."""
    from screening.documents.pdf.page import Layout, build_pdf, page_size, ruleset_page_info

    today = today or dt.date.today()
    info = ruleset_page_info(ruleset, TITLE, footer=f"{ruleset.info.id} {ruleset.info.version} · SHA-256 "
                             f"{ruleset.short_hash} · {long_date(today)}")
    layout = Layout.fit(page_size(paper), info)
    story = signoff_story(ruleset, layout.frame_width, diff, old, today)
    return build_pdf(story, layout, info, title=TITLE, invariant=invariant)


def write_signoff_pdf(path: str | os.PathLike[str], ruleset: RuleSet, **kwargs: Any) -> Path:
    return write_document(path, build_signoff_pdf(ruleset, **kwargs))
