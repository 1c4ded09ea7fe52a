"""The referral summary: a PDF a MASH worker can read, printed in black and white if need be.

Built with reportlab's platypus from a rule set, a record and the local settings. Every string
from a user or a rule file goes through :func:`esc` before it meets Paragraph markup, so markup in
a record is printed as the characters typed and nothing is fetched or read. Sections come in the
order a MASH worker reads them: urgency first, contacts last. Colour is never the only signal:
each category is printed as its word beside a small swatch.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from screening.engine import Assessment, assess
from screening.fileio import atomic_write_bytes
from screening.problems import Problem, ProblemsError
from screening.records.document import ANSWERS, CONSENT, DECISIONS, PARENTS_NOT_TOLD_REASONS, Record
from screening.ruleset.model import Category, RuleSet
from screening.settings import Settings
from screening.texts import EMERGENCY_LINE

TITLE = "Referral summary: harmful sexual behaviour screening"
MARKING = "OFFICIAL-SENSITIVE"

FONT = "DejaVuSans"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
    f"{FONT}-Oblique": "DejaVuSans-Oblique.ttf",
    f"{FONT}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_NOT_GIVEN = "Not recorded"
_MM = 72 / 25.4  # points in a millimetre
_LABEL_WIDTH = 42 * _MM
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


class ReferralError(ProblemsError):
    """The record cannot make a summary (for example, it names a behaviour the rule set lacks)."""


# ----------------------------------------------------------------------------- text helpers


def esc(text: str) -> str:
    """Text made safe for Paragraph markup: entities for & < > " ' and line breaks kept."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).replace("\t", "    ")
    return escape(text, {'"': "&quot;", "'": "&#39;"}).replace("\n", "<br/>")


def format_date(value: dt.date | None) -> str:
    """A date as 20 November 2026, whatever the process locale (Qt sets one)."""
    if value is None:
        return _NOT_GIVEN
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _when(text: str) -> str:
    """A stored ISO date and time in words; the text itself when it is not one."""
    try:
        return format_datetime(dt.datetime.fromisoformat(text))
    except ValueError:
        return text


def format_datetime(value: dt.datetime) -> str:
    zone = f" {value.tzname()}" if value.tzinfo is not None and value.tzname() else ""
    return f"{format_date(value.date())} at {value:%H:%M}{zone}"


# ----------------------------------------------------------------------------- fonts

_font_lock = threading.Lock()
_fonts_ready = False


def fonts_dir() -> Any:
    """The shipped fonts folder, wherever the package is installed."""
    return resources.files("resources") / "fonts"


def register_fonts() -> str:
    """Register the embedded TTF family with reportlab once; return its name."""
    global _fonts_ready
    if _fonts_ready:
        return FONT
    with _font_lock:
        if _fonts_ready:
            return FONT
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, file_name in _FONT_FILES.items():
            source = fonts_dir() / file_name
            try:
                data = source.read_bytes()
            except OSError as exc:
                raise ReferralError(
                    [Problem(str(source), 0, 0, f"the font for the summary is missing or unreadable: {exc}")]
                ) from None
            handle = io.BytesIO(data)
            handle.name = file_name  # type: ignore[attr-defined]
            pdfmetrics.registerFont(TTFont(name, handle))
        for bold, italic, name in ((0, 0, FONT), (1, 0, f"{FONT}-Bold"), (0, 1, f"{FONT}-Oblique"),
                                   (1, 1, f"{FONT}-BoldOblique")):
            addMapping(FONT, bold, italic, name)
        _fonts_ready = True
    return FONT


# ----------------------------------------------------------------------------- checks


def record_problems(ruleset: RuleSet, record: Record) -> list[Problem]:
    """Why the record cannot make a summary with this rule set (empty when it can)."""
    where = f"record {record.id}" if record.id else "the record"
    label = f"{ruleset.info.title} {ruleset.info.version}"
    problems: list[Problem] = []

    def add(message: str) -> None:
        problems.append(Problem(where, 0, 0, message))

    if not ruleset.has("role", record.role):
        add(f"the role '{record.role}' is not in {label}")
    for selected in record.behaviours:
        if not ruleset.has("behaviour", selected.id):
            add(f"the behaviour '{selected.id}' is not in {label}; the record may have been made with another rule set")
    for factor_id in record.context:
        if not ruleset.has("factor", factor_id):
            add(f"the context question '{factor_id}' is not in {label}")
    if record.child.band and not ruleset.has("band", record.child.band):
        add(f"the age band '{record.child.band}' is not in {label}")
    final = record.judgement.final_category
    if final and not ruleset.has("category", final):
        add(f"the final category '{final}' is not in {label}")
    ref = record.referral
    for value, known, what in (
        (record.judgement.decision, DECISIONS, "decision"),
        (ref.parents_informed, ANSWERS, "answer about parents or carers being told"),
        (ref.parents_not_informed_reason, PARENTS_NOT_TOLD_REASONS, "reason for not telling parents or carers"),
        (ref.consent, CONSENT, "answer about consent"),
        (ref.immediate_risk, ANSWERS, "answer about immediate risk"),
        *((c.possible_victim, ANSWERS, "answer about another child being a possible victim")
          for c in ref.other_children),
    ):
        if value and value not in known:
            add(f"the {what} '{value}' is not one this tool knows")
    return problems


# ----------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class _PageInfo:
    child: str
    generated: str
    ruleset: str
    record_id: str
    draft: bool


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    margin: float
    top: float  # frame top margin (room for the header)
    bottom: float  # frame bottom margin (room for the footer)

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.margin


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("Body", fontName=FONT, bulletFontName=FONT, fontSize=9.5, leading=12.5,
                          textColor=colors.black, splitLongWords=1, allowWidows=0, allowOrphans=0)
    bold = f"{FONT}-Bold"
    return {
        "Body": base,
        "Cell": ParagraphStyle("Cell", parent=base, fontSize=9, leading=11.5),
        "Label": ParagraphStyle("Label", parent=base, fontName=bold, fontSize=8.5, leading=11),
        "TableHead": ParagraphStyle("TableHead", parent=base, fontName=bold, fontSize=8.5, leading=11),
        "Section": ParagraphStyle("Section", parent=base, fontName=bold, fontSize=11, leading=14),
        "Emergency": ParagraphStyle("Emergency", parent=base, fontName=bold, fontSize=12, leading=15),
        "Note": ParagraphStyle("Note", parent=base, fontName=f"{FONT}-Oblique", fontSize=8.5, leading=11),
        "Trace": ParagraphStyle("Trace", parent=base, fontSize=9, leading=11.5, leftIndent=10, bulletIndent=0,
                                spaceAfter=2),
        "Small": ParagraphStyle("Small", parent=base, fontSize=8, leading=10),
    }


def _swatch_class() -> type:
    from reportlab.lib import colors
    from reportlab.platypus import Flowable

    class CategoryMark(Flowable):
        """The category WORD in bold dark text beside a small outlined colour swatch."""

        def __init__(self, word: str, colour: str, size: float = 9.0) -> None:
            super().__init__()
            self.word, self.colour, self.size = word, colour, size

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            self.width = self.size * 1.6 + stringWidth(self.word, f"{FONT}-Bold", self.size + 0.5)
            self.height = self.size * 1.3
            return self.width, self.height

        def draw(self) -> None:
            canv = self.canv
            s = self.size
            try:
                fill = colors.HexColor(self.colour)
            except (ValueError, TypeError):
                fill = colors.white
            canv.setFillColor(fill)
            canv.setStrokeColor(colors.black)
            canv.setLineWidth(0.6)
            canv.rect(0, 0.12 * s, s, s, stroke=1, fill=1)
            canv.setFillColor(colors.black)
            canv.setFont(f"{FONT}-Bold", s + 0.5)
            canv.drawString(s * 1.5, 0.22 * s, self.word)

    return CategoryMark


def _numbered_canvas_class() -> type:
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Keeps every page until the end so each header can say "Page N of M"."""

        def __init__(self, *args: Any, page_info: _PageInfo, layout: _Layout, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._page_info = page_info
            self._layout = layout
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_page_furniture(self, self._page_info, self._layout, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _fit(text: str, font: str, size: float, width: float) -> str:
    """One line of canvas text, shortened with an ellipsis to fit the width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = " ".join(_CONTROL.sub("", text).split())
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[: max(len(text) - max(len(text) // 8, 1), 0)]
    return text.rstrip() + "…"


def _draw_page_furniture(canv: Any, info: _PageInfo, layout: _Layout, number: int, total: int) -> None:
    """Header and footer. Canvas strings are not markup, so nothing here needs escaping."""
    from reportlab.lib import colors

    bold, regular = f"{FONT}-Bold", FONT
    left, right = layout.margin, layout.width - layout.margin
    width = right - left
    canv.saveState()
    canv.setFillColor(colors.black)
    canv.setStrokeColor(colors.black)
    # header
    y = layout.height - 12 * _MM
    canv.setFont(bold, 10)
    canv.drawCentredString(layout.width / 2, y, MARKING)
    y -= 6 * _MM
    page = f"Page {number} of {total}"
    canv.setFont(regular, 9)
    canv.drawRightString(right, y, page)
    canv.setFont(bold, 10)
    canv.drawString(left, y, _fit(TITLE, bold, 10, width - 30 * _MM))
    y -= 4.5 * _MM
    if info.draft:
        canv.setFont(bold, 9)
        canv.drawRightString(right, y, "DRAFT: not finalised")
    canv.setFont(regular, 9)
    canv.drawString(left, y, _fit(f"Child: {info.child}", regular, 9, width - (40 * _MM if info.draft else 0)))
    y -= 2.5 * _MM
    canv.setLineWidth(0.8)
    canv.line(left, y, right, y)
    # footer
    y = layout.bottom - 5 * _MM
    canv.setLineWidth(0.5)
    canv.line(left, y, right, y)
    canv.setFont(regular, 7.5)
    y -= 3.8 * _MM
    canv.drawString(left, y, _fit(f"Generated {info.generated}   ·   Record: {info.record_id}", regular, 7.5, width))
    y -= 3.4 * _MM
    canv.drawString(left, y, _fit(f"Rule set: {info.ruleset}", regular, 7.5, width))
    y -= 5 * _MM
    canv.setFont(bold, 10)
    canv.drawCentredString(layout.width / 2, y, MARKING)
    canv.restoreState()


# ----------------------------------------------------------------------------- the document


def _cell(value: Any, para: Callable[[str], Any]) -> list[Any]:
    """A table cell's flowables from text (escaped by ``para``), a flowable, or a list of them."""
    if isinstance(value, str):
        return [para(value)]
    return value if isinstance(value, list) else [value]


class _Builder:
    """Turns a record into platypus flowables; one instance per summary."""

    def __init__(self, ruleset: RuleSet, record: Record, settings: Settings, assessment: Assessment,
                 layout: _Layout, generated: dt.datetime) -> None:
        from reportlab.lib import colors

        self.ruleset, self.record, self.settings = ruleset, record, settings
        self.assessment, self.layout, self.generated = assessment, layout, generated
        self.st = _styles()
        self.Mark = _swatch_class()
        self.grey = colors.HexColor("#e4e4e4")
        self.light = colors.HexColor("#f3f3f3")
        self.section_number = 0

    # -- small pieces

    def para(self, text: str, style: str = "Cell") -> Any:
        """A Paragraph of plain text from a user or a rule file (escaped here)."""
        from reportlab.platypus import Paragraph

        return Paragraph(esc(text), self.st[style])

    def markup(self, markup: str, style: str = "Cell") -> Any:
        """A Paragraph of markup this module wrote; any user text inside went through esc()."""
        from reportlab.platypus import Paragraph

        return Paragraph(markup, self.st[style])

    def text_block(self, text: str, empty: str = _NOT_GIVEN, style: str = "Cell") -> list[Any]:
        """A user's several-paragraph text as Paragraphs, which can flow across pages."""
        if not text.strip():
            return [self.markup(f"<i>{esc(empty)}</i>", style)]
        parts = [p.strip("\n") for p in _BLANK_LINES.split(text.strip("\n"))]
        from reportlab.platypus import Spacer

        out: list[Any] = []
        for i, part in enumerate(parts):
            if i:
                out.append(Spacer(1, 4))
            out.append(self.para(part, style))
        return out

    def mark(self, category: Category | None) -> Any:
        if category is None:
            return self.markup("<i>None</i>")
        return self.Mark(category.label, category.colour)

    def mark_with_text(self, category: Category | None, text: str) -> list[Any]:
        out = [self.mark(category)]
        if text:
            out.append(self.para(text, "Small"))
        return out

    def category(self, category_id: str) -> Category | None:
        return self.ruleset.category(category_id) if category_id else None

    # -- tables

    def section(self, title: str, rows: Sequence[tuple[str | None, Any]], note: str = "") -> list[Any]:
        """A numbered, boxed section: a title row (repeated on a new page), then label/value rows."""
        self.section_number += 1
        heading = f"{self.section_number}. {title}"
        data: list[list[Any]] = [[self.markup(esc(heading), "Section"), ""]]
        if note:
            rows = [*rows, ("Note", self.para(note, "Note"))]
        if all(label is None for label, _ in rows):
            # text across the whole width. (Not a SPAN: reportlab sizes a spanned cell that splits
            # across pages by its first column and leaves most of each page empty.)
            data.extend([_cell(value, self.para)] for _, value in rows)
            return self.table([[data[0][0]], *data[1:]], [self.layout.frame_width], [])
        for label, value in rows:
            data.append([self.para(label or "", "Label"), _cell(value, self.para)])
        return self.table(data, [_LABEL_WIDTH, self.layout.frame_width - _LABEL_WIDTH], [("SPAN", (0, 0), (1, 0))])

    def grid(self, title: str, head: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
             empty: str) -> list[Any]:
        """A numbered section holding a table with a column header; both repeat on a new page."""
        self.section_number += 1
        columns = len(head)
        title_cell = self.markup(esc(f"{self.section_number}. {title}"), "Section")
        data: list[list[Any]] = [[title_cell] + [""] * (columns - 1)]
        data.append([self.para(h, "TableHead") for h in head])
        styles: list[tuple[Any, ...]] = [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 1), (-1, 1), self.light)]
        if rows:
            data.extend([list(r) for r in rows])
        else:
            data.append([self.markup(f"<i>{esc(empty)}</i>")] + [""] * (columns - 1))
            styles.append(("SPAN", (0, 2), (-1, 2)))
        return self.table(data, widths, styles, repeat=2)

    def table(self, data: list[list[Any]], widths: Sequence[float], extra: list[tuple[Any, ...]],
              repeat: int = 1) -> list[Any]:
        from reportlab.lib import colors
        from reportlab.platypus import Spacer, Table, TableStyle

        table = Table(data, colWidths=list(widths), repeatRows=repeat, splitInRow=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),  # for the empty cells under a SPAN
                    ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
                    ("INNERGRID", (0, 1), (-1, -1), 0.4, colors.HexColor("#8a8a8a")),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), self.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    *extra,
                ]
            )
        )
        return [table, Spacer(1, 5 * _MM)]

    # -- the sections, in the order a MASH worker reads them

    def story(self) -> list[Any]:
        out: list[Any] = []
        for part in (self.urgency, self.child, self.family, self.referrer, self.what_happened, self.context,
                     self.other_children, self.suggestion, self.judgement, self.actions, self.parents,
                     self.addenda, self.contacts):
            out.extend(part())
        out.extend(self.about())
        return out

    def urgency(self) -> list[Any]:
        from reportlab.lib import colors
        from reportlab.platypus import Spacer, Table, TableStyle

        box = Table([[self.markup(esc(EMERGENCY_LINE), "Emergency")]], colWidths=[self.layout.frame_width])
        box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("BOX", (0, 0), (-1, -1), 2, colors.black),
                                 ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 7)]))
        ref, j, a = self.record.referral, self.record.judgement, self.assessment
        risk = "YES: a child may be at immediate risk" if ref.immediate_risk == "yes" else (
            ANSWERS.get(ref.immediate_risk, _NOT_GIVEN))
        risk_cell: list[Any] = [self.markup(f"<b>{esc(risk)}</b>")]
        if ref.immediate_risk_details.strip():
            risk_cell.extend(self.text_block(ref.immediate_risk_details))
        status = "Final" if self.record.is_final else "Draft (not finalised)"
        rows = [
            ("Immediate risk to a child?", risk_cell),
            ("Decision", DECISIONS.get(j.decision, _NOT_GIVEN)),
            ("Practitioner's final category", [self.mark(self.category(j.final_category))]
             if j.final_category else _NOT_GIVEN),
            ("Tool's suggested category", [self.mark(a.suggested)] if a.suggested else "No suggestion"),
            ("Date of the concern", format_date(self.record.concern_date)),
            ("Record status", status),
        ]
        return [box, Spacer(1, 4 * _MM), *self.section("Urgency and immediate risk", rows)]

    def child(self) -> list[Any]:
        c, choice = self.record.child, self.assessment.band_choice
        if choice.age is None:
            age = _NOT_GIVEN
        elif c.date_of_birth is not None and self.record.concern_date is not None:
            age = f"{choice.age} at the date of the concern"
        elif c.date_of_birth is not None:
            age = f"{choice.age} (on {format_date(self.generated.date())}; no date of the concern was given)"
        else:
            age = f"{choice.age} (as given)"
        if c.learning_disability or c.developmental_age_years is not None:
            send = "Yes" if c.learning_disability else "Not recorded as a need, but a developmental age is given"
        else:
            send = "None recorded"
        rows: list[tuple[str, Any]] = [
            ("Name or initials", c.name or _NOT_GIVEN),
            ("Date of birth", format_date(c.date_of_birth)),
            ("Age", age),
            ("Gender", c.gender or _NOT_GIVEN),
            ("School or setting", c.school or _NOT_GIVEN),
        ]
        if c.address.strip():
            rows.append(("Address", self.text_block(c.address)))
        rows.append(("SEND or developmental delay", send))
        if c.developmental_age_years is not None:
            rows.append(("Developmental age", str(c.developmental_age_years)))
            rows.append(("Why the developmental age was used", self.text_block(c.developmental_age_reason)))
        band = choice.band.label if choice.band else "None (no age was given)"
        if choice.band is not None and choice.needs_choice:
            band += " (the bands overlap and none was chosen; see the suggestion section)"
        rows.append(("Age band used", band))
        return self.section("The child", rows)

    def family(self) -> list[Any]:
        return self.section("Family and household", [(None, self.text_block(self.record.referral.family))])

    def referrer(self) -> list[Any]:
        r, s = self.record.referral.referrer, self.settings
        if not any((r.name, r.role, r.organisation, r.phone, r.email)):
            # a record with no referrer at all: the person printing it (from the settings) is the referrer
            values = (s.practitioner_name, s.referrer_role, s.organisation, s.referrer_phone, s.referrer_email)
        else:
            values = (r.name, r.role, r.organisation, r.phone, r.email)
        labels = ("Name", "Role", "Organisation", "Phone", "Email")
        rows: list[tuple[str | None, Any]] = [
            (label, value or _NOT_GIVEN) for label, value in zip(labels, values, strict=True)
        ]
        role = self.ruleset.role(self.record.role).label
        rows.append(("Screened as", role))
        rows.append(("Date of the concern", format_date(self.record.concern_date)))
        return self.section("Referrer", rows)

    def what_happened(self) -> list[Any]:
        rows: list[list[Any]] = []
        for selected in self.record.behaviours:
            behaviour = self.ruleset.behaviour(selected.id)
            category = self.ruleset.category(behaviour.category)
            band = self.ruleset.band(behaviour.band).label
            detail: list[Any] = [self.para(behaviour.text), self.markup(f"<i>Listed for {esc(band)}</i>", "Small")]
            if selected.notes.strip():
                detail.append(self.markup("<b>Practitioner's notes:</b>", "Small"))
                detail.extend(self.text_block(selected.notes))
            rows.append([self.mark(category), detail])
        for unlisted in self.record.unlisted_behaviours:
            detail = [self.markup("<b>Described by the practitioner (not in the list):</b>", "Small"),
                      *self.text_block(unlisted.description)]
            if unlisted.notes.strip():
                detail.append(self.markup("<b>Practitioner's notes:</b>", "Small"))
                detail.extend(self.text_block(unlisted.notes))
            rows.append([self.markup("<b>NOT LISTED</b>", "Small"), detail])
        widths = [30 * _MM, self.layout.frame_width - 30 * _MM]
        return self.grid("What happened", ("Category", "Behaviour and notes"), rows, widths,
                         "No behaviour has been chosen or described.")

    def context(self) -> list[Any]:
        rows = []
        for factor_id in self.record.context:
            factor = self.ruleset.factor(factor_id)
            rows.append([self.markup("<b>Yes</b>"),
                         [self.para(factor.question),
                          self.para(factor.explanation, "Small"),
                          self.markup(f"<i>Effect: this {esc(factor.effect.describe(self.ruleset))}.</i>", "Small")]])
        widths = [18 * _MM, self.layout.frame_width - 18 * _MM]
        return self.grid("Context: questions answered yes", ("Answer", "Question and why it matters"), rows, widths,
                         "No context question was answered yes.")

    def other_children(self) -> list[Any]:
        rows = []
        for other in self.record.referral.other_children:
            rows.append([
                self.para(other.name or _NOT_GIVEN),
                self.para("" if other.age_years is None else str(other.age_years)),
                self.para(other.relationship),
                self.para(ANSWERS.get(other.possible_victim, _NOT_GIVEN)),
                self.text_block(other.notes, empty=""),
            ])
        w = self.layout.frame_width
        widths = [36 * _MM, 12 * _MM, 32 * _MM, 22 * _MM]
        widths.append(w - sum(widths))
        return self.grid("Other children involved", ("Name", "Age", "Relationship", "Possible victim?", "Notes"),
                         rows, widths, "No other children are recorded.")

    def suggestion(self) -> list[Any]:
        from reportlab.platypus import Paragraph

        a = self.assessment
        steps: list[Any] = []
        for step in a.trace:
            text = esc(step.text)
            if step.decisive:
                text = f"<b>{text}</b> <i>(this set the suggestion)</i>"
            steps.append(Paragraph(text, self.st["Trace"], bulletText="•"))
        rows: list[tuple[str, Any]] = [
            ("Suggested category", self.mark_with_text(a.suggested, a.suggested.meaning) if a.suggested
             else "No suggestion"),
            ("How the tool got there", steps),
        ]
        ref = self.record.ruleset
        note = ""
        if ref is not None and ref.sha256 and ref.sha256 != self.ruleset.sha256:
            note = (f"This record was made with rule set {ref.id} version {ref.version} (SHA-256 {ref.sha256[:12]}); "
                    f"this summary was assessed with {self.ruleset.info.id} version {self.ruleset.info.version} "
                    f"(SHA-256 {self.ruleset.short_hash}), so the suggestion may differ from the one seen then.")
        rows.append(("About the tool", "The tool suggests; the practitioner's professional judgement and local "
                     "safeguarding procedures decide."))
        return self.section("The tool's suggestion", rows, note)

    def judgement(self) -> list[Any]:
        j = self.record.judgement
        agrees = {None: _NOT_GIVEN, True: "Agrees with the tool's suggestion",
                  False: "Differs from the tool's suggestion"}[j.agrees]
        rows: list[tuple[str, Any]] = [("Agrees or differs", agrees)]
        if j.agrees is False or j.reason.strip():
            rows.append(("Reason", self.text_block(j.reason)))
        final = [self.mark(self.category(j.final_category))] if j.final_category else _NOT_GIVEN
        rows.append(("Final category", final))
        rows.append(("Decision", DECISIONS.get(j.decision, _NOT_GIVEN)))
        return self.section("The practitioner's judgement", rows)

    def actions(self) -> list[Any]:
        j = self.record.judgement
        return self.section("Actions taken and who was consulted", [
            ("Actions taken", self.text_block(j.actions_taken)),
            ("Consulted", self.text_block(j.consulted)),
        ])

    def parents(self) -> list[Any]:
        ref = self.record.referral
        rows: list[tuple[str, Any]] = [("Parents or carers told?", ANSWERS.get(ref.parents_informed, _NOT_GIVEN))]
        if ref.parents_informed != "yes" and (ref.parents_not_informed_reason or ref.parents_not_informed_details):
            reason = PARENTS_NOT_TOLD_REASONS.get(ref.parents_not_informed_reason, _NOT_GIVEN)
            rows.append(("Why not", [self.para(reason), *self.text_block(ref.parents_not_informed_details, empty="")]))
        elif ref.parents_informed == "no":
            rows.append(("Why not", _NOT_GIVEN))
        rows.append(("Consent to the referral?", CONSENT.get(ref.consent, _NOT_GIVEN)))
        if ref.consent_details.strip():
            rows.append(("About consent", self.text_block(ref.consent_details)))
        return self.section("Parents, carers and consent", rows)

    def addenda(self) -> list[Any]:
        if not self.record.addenda:
            return []
        rows = [[self.para(_when(a.at)), self.para(a.author or _NOT_GIVEN), self.text_block(a.text)]
                for a in self.record.addenda]
        widths = [34 * _MM, 36 * _MM]
        widths.append(self.layout.frame_width - sum(widths))
        return self.grid("Addenda (added after the record was finalised)", ("When", "Who", "What"), rows, widths, "")

    def contacts(self) -> list[Any]:
        s = self.settings
        unset = "Not set (add it in the app's Settings)"
        rows = [
            ("MASH phone", s.mash_phone or unset),
            ("MASH online form", s.mash_online_form or unset),
            ("Consultation line", s.consultation_line or unset),
            ("LADO", s.lado or unset),
            ("Police (non-emergency)", s.police_non_emergency or unset),
            ("Police (emergency)", s.police_emergency or unset),
        ]
        return self.section("Local contacts", rows)

    def about(self) -> list[Any]:
        info = self.ruleset.info
        approved = f"approved by {info.approved_by}" if info.approved_by else "not yet approved for local use"
        lines = [
            f"Rule set: {info.title}, version {info.version} ({info.status}, {approved}), "
            f"published by {info.publisher}. SHA-256 {self.ruleset.sha256}.",
            "This summary holds personal information about children. Share it only with those who need it, "
            "by secure means.",
        ]
        if self.settings.retention_note.strip():
            lines.append(f"Keeping and destroying it: {self.settings.retention_note.strip()}")
        return [self.para(line, "Small") for line in lines]


def page_size(settings: Settings) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4, LETTER

    return LETTER if settings.paper_size == "Letter" else A4


def build_referral_pdf(
    ruleset: RuleSet,
    record: Record,
    settings: Settings,
    *,
    generated_at: dt.datetime | None = None,
    invariant: bool = False,
) -> bytes:
    """The referral summary as PDF bytes; raise ReferralError when the record cannot make one.

    With ``invariant=True`` and a fixed ``generated_at`` the bytes are the same on every build.
    """
    problems = record_problems(ruleset, record)
    if problems:
        raise ReferralError(problems)
    register_fonts()
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    generated = generated_at or dt.datetime.now().astimezone()
    assessment = assess(ruleset, record, today=generated.date())
    width, height = page_size(settings)
    layout = _Layout(width, height, margin=16 * _MM, top=31 * _MM, bottom=27 * _MM)
    info = ruleset.info
    page_info = _PageInfo(
        child=record.child.name or "name not given",
        generated=format_datetime(generated),
        ruleset=f"{info.title}, version {info.version}, SHA-256 {ruleset.short_hash}",
        record_id=record.id or "not saved",
        draft=not record.is_final,
    )
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(width, height),
        leftMargin=layout.margin,
        rightMargin=layout.margin,
        topMargin=layout.top,
        bottomMargin=layout.bottom,
        title=TITLE,
        author="",
        subject=MARKING,
        creator="hsb-screening",
        invariant=1 if invariant else 0,
        initialFontName=FONT,
    )
    frame = Frame(layout.margin, layout.bottom, layout.frame_width, height - layout.top - layout.bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story = _Builder(ruleset, record, settings, assessment, layout, generated).story()
    canvasmaker: Callable[..., Any] = partial(_numbered_canvas_class(), page_info=page_info, layout=layout)
    doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


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
    target = Path(path)
    atomic_write_bytes(target, data, mode=0o600)
    return target


def suggested_file_name(record: Record, generated_at: dt.date | None = None) -> str:
    """A file name for saving the summary that does not carry the child's name."""
    day = (generated_at or dt.date.today()).isoformat()
    ident = re.sub(r"[^A-Za-z0-9._-]+", "-", record.id)[:40].strip("-.") if record.id else ""
    return f"referral-summary-{ident + '-' if ident else ''}{day}.pdf"
