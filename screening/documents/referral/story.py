"""The referral summary laid out: the summary model's sections as boxed tables of flowables."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import fields, is_dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from screening.documents.pdf.flow import (
    CategoryMark,
    Piece,
    SectionFlow,
    head_table,
    rows_for,
    text_pieces,
    title_table,
)
from screening.documents.pdf.fonts import FONT, register_fonts
from screening.documents.pdf.markup import NOT_PRINTABLE, esc, scripts_of, unprintable, visual
from screening.documents.pdf.page import Layout, PageInfo, build_pdf, page_size
from screening.documents.pdf.styles import GREY, LIGHT, MM, styles
from screening.documents.referral import ReferralError
from screening.documents.summary import MARKING, TITLE, Block, Cell, Rows, Section, Summary, Value

LABEL_WIDTH = 42 * MM


class _Story:
    """Flowables for one summary."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.st: dict[str, ParagraphStyle] = styles()

    def markup(self, markup: str, style: str = "Cell") -> Paragraph:
        """A Paragraph of markup this module wrote; any user text inside went through esc()."""
        return Paragraph(markup, self.st[style])

    def value(self, value: Value) -> list[Piece]:
        text, style = value.text, value.style
        if style == "text":
            return text_pieces(text, self.st["Cell"])
        if style == "category":
            return [(CategoryMark(text, value.colour), len(text))]
        made: Flowable
        if style == "strong":
            made = self.markup(f"<b>{esc(text)}</b>")
        elif style == "missing":
            made = self.markup(f"<i>{esc(text)}</i>")
        elif style == "small":
            return text_pieces(text, self.st["Small"])
        elif style == "caption":
            made = self.markup(f"<b>{esc(text)}</b>", "Small")
        elif style == "aside":
            made = self.markup(f"<i>{esc(text)}</i>", "Small")
        elif style == "note":
            made = self.markup(esc(text), "Note")
        elif style == "decisive":
            made = Paragraph(f"<b>{esc(text)}</b> <i>(this set the suggestion)</i>", self.st["Trace"],
                             bulletText="•")
        else:  # a step of the tool's reasoning
            made = Paragraph(esc(text), self.st["Trace"], bulletText="•")
        return [(made, len(text))]

    def cell(self, cell: Cell) -> list[Piece]:
        return [piece for value in cell for piece in self.value(value)]

    def flat(self, cell: Cell) -> list[Flowable] | str:
        pieces = self.cell(cell)
        return [f for f, _ in pieces] if pieces else ""

    def block(self, block: Block, title: Flowable, shade: Any) -> SectionFlow:
        w = self.layout.frame_width
        head: list[Flowable] = [title_table(title, w, background=shade)]
        items: list[Flowable] = []
        if isinstance(block, Rows):
            for row in block.rows:
                if not row.label:
                    items.extend(rows_for([], self.cell(row.value), [w]))
                else:
                    label = self.markup(esc(row.label), "Label")
                    items.extend(rows_for([[label]], self.cell(row.value), [LABEL_WIDTH, w - LABEL_WIDTH]))
            return SectionFlow(head, items)
        widths = [fixed * MM for fixed in block.widths_mm]
        widths.append(w - sum(widths))
        head.append(head_table([self.markup(esc(c), "TableHead") for c in block.columns], widths))
        for grid_row in block.rows:
            *lead, last = grid_row.cells
            items.extend(rows_for([self.flat(c) for c in lead], self.cell(last), widths))
        if not block.rows:
            items.extend(rows_for([], [(self.markup(f"<i>{esc(block.empty)}</i>"), 0)], [w]))
        return SectionFlow(head, items)

    def section(self, section: Section) -> list[Flowable]:
        out: list[Flowable] = []
        for i, block in enumerate(section.blocks):
            if i == 0:
                out.append(self.block(block, self.markup(esc(section.heading), "Section"), GREY))
            else:  # a block further into the section: a lighter, smaller title
                out.append(self.block(block, self.markup(esc(block.title or section.title), "Label"), LIGHT))
        out.append(Spacer(1, 5 * MM))
        return out

    def emergency(self, line: str) -> list[Flowable]:
        box = Table([[self.markup(esc(line), "Emergency")]], colWidths=[self.layout.frame_width])
        box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("BOX", (0, 0), (-1, -1), 2, colors.black),
                                 ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 7)]))
        return [box, Spacer(1, 4 * MM)]

    def cannot_print(self, summary: Summary) -> list[Flowable]:
        """A boxed warning when some of the record's text uses characters the fonts lack."""
        missing = unprintable(visual("\n".join(_texts(summary))))
        if not missing:
            return []
        line = (
            f"Warning: this PDF cannot print some of the text in this record ({', '.join(scripts_of(missing))}). "
            f"Each place is marked {NOT_PRINTABLE}. Read the record in the app for the exact words, and write "
            "names out by hand on the printed copy if they are needed."
        )
        box = Table([[self.markup(esc(line), "Cell")]], colWidths=[self.layout.frame_width])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5, colors.black),
                                 ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        return [box, Spacer(1, 4 * MM)]

    def story(self, summary: Summary) -> list[Flowable]:
        out = self.emergency(summary.emergency) + self.cannot_print(summary)
        for section in summary.sections:
            out.extend(self.section(section))
        out.extend(self.markup(esc(line), "Small") for line in summary.about)
        return out


def _texts(value: object) -> Iterator[str]:
    """Every string in the summary model (dataclasses, tuples and lists of them)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item)
    elif is_dataclass(value):
        for f in fields(value):
            yield from _texts(getattr(value, f.name))


def story(summary: Summary, layout: Layout) -> Sequence[Flowable]:
    """The summary's flowables, in order (a seam for tests)."""
    return _Story(layout).story(summary)


def render(summary: Summary, paper: str, *, invariant: bool = False, password: str | None = None) -> bytes:
    """The summary as PDF bytes, on A4 or Letter."""
    register_fonts(ReferralError)
    info = PageInfo(
        title=TITLE,
        marking=MARKING,
        subtitle=f"Child: {summary.child}",
        footer=(f"Generated {summary.generated}   ·   Record: {summary.record_id}", f"Rule set: {summary.ruleset}"),
        draft="DRAFT: not finalised" if summary.draft else "",
    )
    layout = Layout.fit(page_size(paper), info)
    return build_pdf(story(summary, layout), layout, info, subject=MARKING, invariant=invariant, password=password)
