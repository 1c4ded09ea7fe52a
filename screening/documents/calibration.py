"""The calibration report as PDF: the agreement figures, a table per case and charts.

Charts are drawn with reportlab's own graphics. Every chart has its numbers printed on or beside
it and the colour words in its legend, so it reads in black and white. Text from the rule set,
the scenarios and the answers files (aliases are never printed; agencies are) is escaped with
the referral summary's helper before it meets Paragraph markup.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from screening.fileio import atomic_write_bytes
from screening.ruleset.model import RuleSet
from screening.texts import EMERGENCY_LINE
from screening.training.calibration import Group, Report, Summary
from screening.training.scenarios import FICTIONAL_NOTICE

TITLE = "Calibration report: training with fictional case studies"
_MM = 72 / 25.4


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


def _spread_chart(ruleset: RuleSet, summary: Summary, width: float, font: str) -> Any:
    """One stacked bar per case: how many chose each colour, with the counts printed in the bars."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    cases = list(summary.cases_detail)[::-1]  # the first case at the top
    bar_h = 13.0
    height = len(cases) * bar_h + 60
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 40
    chart.width, chart.height = width - 170, len(cases) * bar_h
    chart.data = [[d.counts[c.id] for d in cases] for c in ruleset.categories]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [
        f"{d.scenario[:26]} (ref {ruleset.category(d.reference).label})" for d in cases
    ]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.labels.boxAnchor = "e"
    most = max((d.answers for d in cases), default=1)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(most, 1)
    chart.valueAxis.valueStep = max(1, round(most / 10))
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.barWidth = bar_h * 0.7
    chart.bars.strokeColor = colors.black
    chart.bars.strokeWidth = 0.4
    chart.barLabelFormat = lambda v: str(int(v)) if v else ""
    chart.barLabels.fontName = f"{font}-Bold"
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "e"
    chart.barLabels.dx = -2
    for n, category in enumerate(ruleset.categories):
        chart.bars[n].fillColor = colors.HexColor(category.colour)
    chart.barLabels.fillColor = colors.white
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 150, 16
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = font
    legend.fontSize = 8
    legend.colorNamePairs = [(colors.HexColor(c.colour), c.label) for c in ruleset.categories]
    legend.dx = legend.dy = 8
    legend.deltax = 70
    drawing.add(legend)
    drawing.add(String(0, height - 10, "Number of participants who chose each colour", fontName=f"{font}-Bold",
                       fontSize=9))
    return drawing


def _agreement_chart(title: str, names: Sequence[str], series: Sequence[tuple[str, Sequence[float | None], str]],
                     width: float, font: str) -> Any:
    """Horizontal bars of percentages, one group per name, with the percentage printed at each bar."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    names = list(names)[::-1]
    per = 12.0 * len(series) + 6
    height = len(names) * per + 62
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 40
    chart.width, chart.height = width - 190, len(names) * per
    chart.data = [[(v or 0.0) * 100 for v in values][::-1] for _, values, _ in series]
    chart.categoryAxis.categoryNames = [n[:34] for n in names]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.bars.strokeColor = colors.black
    chart.bars.strokeWidth = 0.4
    chart.barLabelFormat = "%.0f%%"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    for n, (_, _, colour) in enumerate(series):
        chart.bars[n].fillColor = colors.HexColor(colour)
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = 150, 16
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.fontName = font
        legend.fontSize = 8
        legend.deltax = 90
        legend.colorNamePairs = [(colors.HexColor(colour), name) for name, _, colour in series]
        drawing.add(legend)
    drawing.add(String(0, height - 10, title, fontName=f"{font}-Bold", fontSize=9))
    return drawing


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
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer

    styles = _styles(font)
    generated = generated_at or dt.datetime.now().astimezone()
    width, height = A4
    margin = 16 * _MM
    frame_width = width - 2 * margin
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
        _table(_summary_rows(cur, before), [70 * _MM, 30 * _MM] + ([30 * _MM, 30 * _MM] if before else []),
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
              _table(rows, [48 * _MM, 19 * _MM] + [18 * _MM] * len(labels) + [16 * _MM, frame_width - 83 * _MM
                                                                              - 18 * _MM * len(labels)],
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
                  _table(_group_rows(groups, what), [70 * _MM, 28 * _MM, 45 * _MM, 28 * _MM], styles, esc),
                  Spacer(1, 4),
                  KeepTogether(_agreement_chart(
                      f"Agreement with the reference colour, {title.lower()}", [g.label for g in groups],
                      [("Agreement", [g.summary.agreement_with_reference for g in groups], "#606060")],
                      frame_width, font))]

    def furniture(canv: Any, doc: Any) -> None:
        canv.saveState()
        canv.setFont(font, 8)
        canv.drawString(margin, 10 * _MM, f"{TITLE}. Fictional cases only.")
        canv.drawRightString(width - margin, 10 * _MM, f"Page {doc.page}")
        canv.setFont(f"{font}-Bold", 8)
        canv.drawCentredString(width / 2, height - 9 * _MM, EMERGENCY_LINE)
        canv.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=16 * _MM,
                            bottomMargin=18 * _MM, title=TITLE, author="", creator="hsb-screening",
                            invariant=1 if invariant else 0, initialFontName=font)
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()


def write_calibration_pdf(path: str | os.PathLike[str], ruleset: RuleSet, report: Report, **kwargs: Any) -> Path:
    """Build the report, then write it atomically (0600): a failure leaves any old file as it was."""
    data = build_calibration_pdf(ruleset, report, **kwargs)
    target = Path(path)
    atomic_write_bytes(target, data, mode=0o600)
    return target
