"""The calibration report as PDF: the agreement figures, a table per case and charts.

Charts are drawn with reportlab's own graphics. Every chart has its numbers printed on or beside
it and the colour words in its legend, so it reads in black and white. Text from the rule set,
the scenarios and the answers files (aliases are never printed; agencies are) is escaped with
the referral summary's helper before it meets Paragraph markup.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from screening.documents.pdf import MM
from screening.ruleset.model import RuleSet
from screening.texts import EMERGENCY_LINE
from screening.training.calibration import Group, Report, Summary
from screening.training.scenarios import FICTIONAL_NOTICE

TITLE = "Calibration report: training with fictional case studies"


def _helpers() -> tuple[Any, Any, Any]:
    """The shared PDF furniture's font registration and escaping, and the one date wording."""
    from screening.dates import format_datetime
    from screening.documents.pdf.fonts import register_fonts
    from screening.documents.pdf.markup import esc

    return register_fonts, esc, format_datetime


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _kappa_words(value: float | None) -> str:
    """A rough reading of kappa (Landis and Koch's bands), for a room that is not statisticians."""
    if value is None:
        return "cannot be worked out (everyone chose one colour, or too few answers)"
    for limit, words in ((0.0, "poor"), (0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial")):
        if value <= limit:
            return words
    return "almost perfect"


def _styles(font: str) -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("Body", fontName=font, fontSize=9.5, leading=12.5, splitLongWords=1)
    bold = f"{font}-Bold"
    return {
        "Body": base,
        "Title": ParagraphStyle("Title", parent=base, fontName=bold, fontSize=15, leading=19, spaceAfter=4),
        "Section": ParagraphStyle("Section", parent=base, fontName=bold, fontSize=11.5, leading=15,
                                  spaceBefore=8, spaceAfter=4),
        "Emergency": ParagraphStyle("Emergency", parent=base, fontName=bold, fontSize=12, leading=15),
        "Cell": ParagraphStyle("Cell", parent=base, fontSize=8.5, leading=10.5),
        "Head": ParagraphStyle("Head", parent=base, fontName=bold, fontSize=8.5, leading=10.5),
        "Note": ParagraphStyle("Note", parent=base, fontName=f"{font}-Oblique", fontSize=8.5, leading=11),
    }


def _table(rows: Sequence[Sequence[str]], widths: Sequence[float], styles: dict[str, Any], esc: Any) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    cells = [[Paragraph(esc(str(c)), styles["Head" if n == 0 else "Cell"]) for c in row] for n, row in enumerate(rows)]
    table = Table(cells, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _chart(width: float, rows: int, per: float, right: float, names: Sequence[str], font: str) -> tuple[Any, Any]:
    """A drawing holding a horizontal bar chart of ``rows`` groups, ``per`` points each, names at the left."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    drawing = Drawing(width, rows * per + 60)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 40
    chart.width, chart.height = width - right, rows * per
    chart.categoryAxis.categoryNames = list(names)
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.bars.strokeColor = colors.black
    chart.bars.strokeWidth = 0.4
    chart.barLabels.fontSize = 6.5
    return drawing, chart


def _finish(drawing: Any, chart: Any, title: str, legend: Sequence[tuple[str, str]], deltax: float, font: str) -> Any:
    """The chart, its legend of colour and name (none for one series) and its title, in the drawing."""
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import String
    from reportlab.lib import colors

    drawing.add(chart)
    if len(legend) > 1:
        key = Legend()
        key.x, key.y = 150, 16
        key.alignment = "right"
        key.columnMaximum = 1
        key.fontName = font
        key.fontSize = 8
        key.dx = key.dy = 8
        key.deltax = deltax
        key.colorNamePairs = [(colors.HexColor(colour), name) for colour, name in legend]
        drawing.add(key)
    drawing.add(String(0, drawing.height - 10, title, fontName=f"{font}-Bold", fontSize=9))
    return drawing


def _spread_chart(ruleset: RuleSet, summary: Summary, width: float, font: str) -> Any:
    """One stacked bar per case: how many chose each colour, with the counts printed in the bars."""
    from reportlab.lib import colors

    cases = list(summary.cases_detail)[::-1]  # the first case at the top
    bar_h = 13.0
    names = [f"{d.scenario[:26]} (ref {ruleset.category(d.reference).label})" for d in cases]
    drawing, chart = _chart(width, len(cases), bar_h, 170, names, font)
    chart.data = [[d.counts[c.id] for d in cases] for c in ruleset.categories]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontSize = 6.5
    most = max((d.answers for d in cases), default=1)
    chart.valueAxis.valueMax = max(most, 1)
    chart.valueAxis.valueStep = max(1, round(most / 10))
    chart.barWidth = bar_h * 0.7
    chart.barLabelFormat = lambda v: str(int(v)) if v else ""
    chart.barLabels.fontName = f"{font}-Bold"
    chart.barLabels.boxAnchor = "e"
    chart.barLabels.dx = -2
    for n, category in enumerate(ruleset.categories):
        chart.bars[n].fillColor = colors.HexColor(category.colour)
    chart.barLabels.fillColor = colors.white
    return _finish(drawing, chart, "Number of participants who chose each colour",
                   [(c.colour, c.label) for c in ruleset.categories], 70, font)


def _agreement_chart(title: str, names: Sequence[str], series: Sequence[tuple[str, Sequence[float | None], str]],
                     width: float, font: str) -> Any:
    """Horizontal bars of percentages, one group per name, with the percentage printed at each bar."""
    from reportlab.lib import colors

    names = list(names)[::-1]
    drawing, chart = _chart(width, len(names), 12.0 * len(series) + 6, 190, [n[:34] for n in names], font)
    chart.data = [[(v or 0.0) * 100 for v in values][::-1] for _, values, _ in series]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMax, chart.valueAxis.valueStep = 100, 20
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.barLabelFormat = "%.0f%%"
    chart.barLabels.fontName = font
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    for n, (_, _, colour) in enumerate(series):
        chart.bars[n].fillColor = colors.HexColor(colour)
    return _finish(drawing, chart, title, [(colour, name) for name, _, colour in series], 90, font)


def _summary_rows(summary: Summary, before: Summary | None) -> list[list[str]]:
    head = ["Measure", "This round"] + (["Before", "Change"] if before else [])

    def row(name: str, now: float | None, then: float | None, fmt: Any) -> list[str]:
        out = [name, fmt(now)]
        if before is not None:
            change = None if now is None or then is None else now - then
            shown = "n/a" if change is None else f"{change:+.2f}" if fmt is _num else f"{change * 100:+.0f} pts"
            out += [fmt(then), shown]
        return out

    b = before
    rows = [head, [
        "Participants", str(summary.participants), *([str(b.participants), ""] if b else [])
    ], ["Cases", str(summary.cases), *([str(b.cases), ""] if b else [])]]
    rows.append(row("Agreement with the reference colour", summary.agreement_with_reference,
                    b.agreement_with_reference if b else None, _pct))
    rows.append(row("Fleiss' kappa (colour)", summary.kappa.kappa, b.kappa.kappa if b else None, _num))
    rows.append(row("Observed agreement", summary.kappa.observed, b.kappa.observed if b else None, _num))
    rows.append(row("Chance agreement", summary.kappa.chance, b.kappa.chance if b else None, _num))
    return rows


def _group_rows(groups: Sequence[Group], what: str) -> list[list[str]]:
    rows = [[what, "Participants", "Agreement with the reference", "Fleiss' kappa"]]
    for g in groups:
        s = g.summary
        rows.append([g.label, str(s.participants), _pct(s.agreement_with_reference), _num(s.kappa.kappa)])
    return rows


def build_calibration_pdf(
    ruleset: RuleSet, report: Report, *, generated_at: dt.datetime | None = None, invariant: bool = False
) -> bytes:
    register_fonts, esc, format_datetime = _helpers()
    font = register_fonts()
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

    from screening.documents.pdf.page import Layout, build_pdf, page_size, ruleset_page_info

    styles = _styles(font)
    generated = generated_at or dt.datetime.now().astimezone()
    info = ruleset.info
    page = ruleset_page_info(ruleset, TITLE, footer=f"Fictional cases only · Rule set {info.id} {info.version} · "
                             f"SHA-256 {ruleset.short_hash}")
    layout = Layout.fit(page_size("A4"), page)
    frame_width = layout.frame_width
    cur, before = report.current, report.before
    info = ruleset.info
    story: list[Any] = [
        Paragraph(esc(TITLE), styles["Title"]),
        Paragraph(esc(EMERGENCY_LINE), styles["Emergency"]),
        Spacer(1, 4),
        Paragraph(esc(f"{FICTIONAL_NOTICE} The answers hold no real data: an alias, a role and an agency only, "
                      "and aliases are not printed."), styles["Note"]),
        Paragraph(esc(f"Rule set: {info.title}, version {info.version} ({info.status}), SHA-256 "
                      f"{ruleset.short_hash}. Generated {format_datetime(generated)}."), styles["Note"]),
        Paragraph("Summary", styles["Section"]),
        _table(_summary_rows(cur, before), [70 * MM, 30 * MM] + ([30 * MM, 30 * MM] if before else []),
               styles, esc),
        Spacer(1, 6),
        Paragraph(esc(
            f"Fleiss' kappa is {_num(cur.kappa.kappa)}: {_kappa_words(cur.kappa.kappa)} agreement between participants "
            "beyond what chance alone would give (1 is complete agreement, 0 is no better than chance). It compares "
            "the participants with each other, not with the reference; agreement with the reference is shown beside "
            "it. Small rooms give uncertain figures: read them as a prompt for discussion, not a score."
        ), styles["Body"]),
        Paragraph("How the room rated each case", styles["Section"]),
        _spread_chart(ruleset, cur, frame_width, font),
    ]
    labels = [c.label for c in ruleset.categories]
    rows = [["Case", "Ref.", *labels, "Agree", "Decisions (reference first)"]]
    from screening.records.document import DECISIONS

    for d in cur.cases_detail:
        decided = [f"{DECISIONS.get(k, k)}: {v}" for k, v in sorted(d.decisions.items(), key=lambda kv: -kv[1])]
        rows.append([
            f"{d.title} ({d.scenario})", ruleset.category(d.reference).label, *(str(d.counts[c.id]) for c in
                                                                               ruleset.categories),
            _pct(d.agreement_with_reference),
            f"Reference: {DECISIONS.get(d.reference_decision, d.reference_decision)}. " + "; ".join(decided),
        ])
    story += [PageBreak(), Paragraph("Each case", styles["Section"]),
              _table(rows, [48 * MM, 19 * MM] + [18 * MM] * len(labels) + [16 * MM, frame_width - 83 * MM
                                                                              - 18 * MM * len(labels)],
                     styles, esc)]
    case_series: list[tuple[str, Sequence[float | None], str]] = [
        ("This round", [d.agreement_with_reference for d in cur.cases_detail], "#404040")
    ]
    if before is not None:
        then = {d.scenario: d.agreement_with_reference for d in before.cases_detail}
        # series 0 is drawn lowest in each group: the earlier round goes on top
        case_series.append(("Before", [then.get(d.scenario) for d in cur.cases_detail], "#bdbdbd"))
    story += [Spacer(1, 8), KeepTogether(_agreement_chart(
        "Agreement with the reference colour, per case", [d.scenario for d in cur.cases_detail], case_series,
        frame_width, font))]
    for title, groups, what in (("By role", report.by_role, "Role"), ("By agency", report.by_agency, "Agency")):
        story += [Paragraph(esc(title), styles["Section"]),
                  _table(_group_rows(groups, what), [70 * MM, 28 * MM, 45 * MM, 28 * MM], styles, esc),
                  Spacer(1, 4),
                  KeepTogether(_agreement_chart(
                      f"Agreement with the reference colour, {title.lower()}", [g.label for g in groups],
                      [("Agreement", [g.summary.agreement_with_reference for g in groups], "#606060")],
                      frame_width, font))]

    return build_pdf(story, layout, page, title=TITLE, invariant=invariant)


def write_calibration_pdf(path: str | os.PathLike[str], ruleset: RuleSet, report: Report, **kwargs: Any) -> Path:
    """Build the report, then write it atomically (0600): a failure leaves any old file as it was."""
    from screening.documents.pdf import write_pdf_atomically

    return write_pdf_atomically(path, build_calibration_pdf(ruleset, report, **kwargs))
