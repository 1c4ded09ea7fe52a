"""Tables and sections that lay out in time linear in their length.

A reportlab Table re-measures all its remaining rows each time it is split across a page, and a
cell re-wraps all its remaining text, so one long table (or one long cell) costs time in the
square of its length. Here each row is its own one-row table, a long text is cut into pieces
that each sit in a row of their own, and ``SectionFlow`` stacks the rows under a heading: it
measures each row once, splits between rows, repeats the heading on each new page, and draws
one box around what is on each page, so the result looks like one boxed table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from screening.documents.pdf.fonts import BOLD, FONT
from screening.documents.pdf.lines import draw, line, width
from screening.documents.pdf.markup import esc
from screening.documents.pdf.shapes import draw_shape
from screening.documents.pdf.styles import GREY, LIGHT, RULE

PIECE = 1500  # characters of text in one piece (one row of its own)
BOX = 0.9  # the width of a section's box
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")

Cell = list[Flowable] | str
Piece = tuple[Flowable, int]  # a flowable and how many characters of text it holds


class CategoryMark(Flowable):
    """The category WORD in bold beside its outlined shape (a square swatch unless told).

    ``text_size`` is the word's size (default a little larger than the shape); ``after`` is
    printed straight after the word.
    """

    def __init__(self, word: str, colour: str, size: float = 9.0, *, shape: str = "square", after: str = "",
                 text_size: float | None = None) -> None:
        super().__init__()
        self.word, self.colour, self.size, self.shape = word + after, colour, size, shape
        self.text_size = size + 0.5 if text_size is None else text_size

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = min(self.size * 1.6 + width(line(self.word), BOLD, self.text_size), aW)
        self.height = self.size * 1.3
        return self.width, self.height

    def draw(self) -> None:
        s = self.size
        stroke = 0.6 if self.shape == "square" else None  # the referral's small swatch keeps its thin line
        draw_shape(self.canv, self.shape, 0, 0.12 * s, s, self.colour, line=stroke)
        self.canv.setFillColor(colors.black)
        draw(self.canv, s * 1.5, 0.22 * s, line(self.word), BOLD, self.text_size)


class AtWidth(Flowable):
    """A flowable built for the width it is laid out at (``build(width)``), built again if that changes.

    Fixed widths stay fixed when ``KeepInFrame`` shrinks a page to fit: it lays the content out
    wider and scales it down, so a table measured from the frame comes out narrower than the page.
    """

    def __init__(self, build: Callable[[float], Flowable]) -> None:
        super().__init__()
        self.build = build
        self._made: tuple[float, Flowable] | None = None

    def _at(self, width: float) -> Flowable:
        if self._made is None or abs(self._made[0] - width) > 0.01:
            self._made = (width, self.build(width))
        return self._made[1]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = self._at(aW).wrap(aW, aH)
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        parts: list[Flowable] = self._at(aW).split(aW, aH)
        return parts

    def draw(self) -> None:
        assert self._made is not None  # drawn only after wrap
        self._made[1].drawOn(self.canv, 0, 0)


def _cut(paragraph: str, limit: int) -> list[str]:
    """A paragraph in pieces of about ``limit`` characters, cut at line or sentence ends if it can be."""
    if len(paragraph) <= limit:
        return [paragraph]
    pieces: list[str] = []
    start = 0
    while len(paragraph) - start > limit:
        window = paragraph[start : start + limit]
        cut = max((m.end() for m in _SENTENCE_END.finditer(window)), default=0)
        if cut < limit // 3:
            space = window.rfind(" ")
            cut = space + 1 if space > limit // 3 else limit
        pieces.append(paragraph[start : start + cut].rstrip("\n"))
        start += cut
    pieces.append(paragraph[start:])
    return pieces


def text_pieces(text: str, style: ParagraphStyle, limit: int = PIECE) -> list[Piece]:
    """A person's text as Paragraphs (escaped here), split at blank lines, long ones in pieces."""
    out: list[Piece] = []
    for i, part in enumerate(p.strip("\n") for p in _BLANK_LINES.split(text.strip("\n"))):
        if i:
            out.append((Spacer(1, 4), 0))
        out.extend((Paragraph(esc(piece), style), len(piece)) for piece in _cut(part, limit))
    return out


def group_pieces(pieces: Sequence[Piece], limit: int = PIECE) -> list[list[Flowable]]:
    """Pieces gathered into groups of about ``limit`` characters: one group a row."""
    groups: list[list[Flowable]] = [[]]
    size = 0
    for flowable, chars in pieces:
        if groups[-1] and size + chars > limit:
            groups.append([])
            size = 0
        groups[-1].append(flowable)
        size += chars
    return groups


def row_table(cells: Sequence[Cell], widths: Sequence[float], *, background: Any = None,
              line_below: bool = True, top: float = 3, bottom: float = 4) -> Table:
    """One row of a boxed section: cells side by side with thin lines between them."""
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ]
    if line_below:
        commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE))
    if background is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), background))
    table = Table([list(cells)], colWidths=list(widths), splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def title_table(title: Flowable, width: float, *, background: Any = GREY) -> Table:
    """A section's title row: across the whole width, shaded, with a heavy line below."""
    table = row_table([[title]], [width], background=background, line_below=False)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), BOX, colors.black)]))
    return table


def head_table(headings: Sequence[Flowable], widths: Sequence[float]) -> Table:
    """A row of column headings, lightly shaded."""
    return row_table([[h] for h in headings], widths, background=LIGHT)


def rows_for(first: Sequence[Cell], pieces: Sequence[Piece], widths: Sequence[float]) -> list[Table]:
    """A row whose last cell holds ``pieces``; long text goes on in rows below with blank cells beside it."""
    groups = group_pieces(pieces) if pieces else [[]]
    out = []
    for i, group in enumerate(groups):
        lead = list(first) if i == 0 else [""] * len(first)
        last = i == len(groups) - 1
        out.append(row_table([*lead, group or ""], widths, line_below=last, top=3 if i == 0 else 0,
                             bottom=4 if last else 0))
    return out


class SectionFlow(Flowable):
    """Rows stacked under a heading, in one box; split between rows, the heading repeated."""

    def __init__(self, head: Sequence[Flowable], items: Sequence[Flowable],
                 heights: dict[tuple[int, float], tuple[Flowable, float]] | None = None) -> None:
        super().__init__()
        self.head, self.items = list(head), list(items)
        # each row is measured once: the parts made by split share this cache, which also keeps
        # every measured row alive, so that no id in it is reused by a new row
        self._heights = {} if heights is None else heights

    def _height(self, flowable: Flowable, width: float) -> float:
        key = (id(flowable), width)
        if key not in self._heights:
            self._heights[key] = (flowable, flowable.wrap(width, 1e9)[1])
        return self._heights[key][1]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = aW
        self.height = sum(self._height(f, aW) for f in (*self.head, *self.items))
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        used = sum(self._height(f, aW) for f in self.head)
        fitted: list[Flowable] = []
        rest = list(self.items)
        while rest and used + self._height(rest[0], aW) <= aH:
            used += self._height(rest.pop(0), aW)
        fitted = self.items[: len(self.items) - len(rest)]
        if not rest:
            return [self]
        if aH - used > 24:  # room for a few lines of the next row: split that row itself
            parts = rest[0].split(aW, aH - used)
            if len(parts) >= 2:
                fitted.append(parts[0])
                rest = [*parts[1:], *rest[1:]]
        if not fitted:
            return []
        return [SectionFlow(self.head, fitted, self._heights), SectionFlow(self.head, rest, self._heights)]

    def draw(self) -> None:
        y = self.height
        for flowable in (*self.head, *self.items):
            height = self._height(flowable, self.width)
            y -= height
            flowable.drawOn(self.canv, 0, y)
        self.canv.saveState()
        self.canv.setStrokeColor(colors.black)
        self.canv.setLineWidth(BOX)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        self.canv.restoreState()
