"""Building blocks of the printed guide and the carers' leaflet: styles and the band's tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from screening.documents.pdf import MM
from screening.documents.pdf.fonts import BOLD, FONT, ITALIC, register_fonts
from screening.documents.pdf.markup import esc as esc  # re-exported for the documents built from these parts
from screening.documents.pdf.shapes import draw_shape, shape_for
from screening.ruleset.model import Category, Guidance, RuleSet

GREY = "#e6e6e6"


def styles(scale: float = 1.0) -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()  # styles name the family, which must exist first

    def size(points: float) -> dict[str, float]:
        return {"fontSize": points * scale, "leading": points * scale * 1.28}

    base = ParagraphStyle("Body", fontName=FONT, bulletFontName=FONT, textColor=colors.black, splitLongWords=1,
                          allowWidows=0, allowOrphans=0, **size(9.5))
    return {
        "Body": base,
        "Cell": ParagraphStyle("Cell", parent=base, **size(8.6)),
        "CellBold": ParagraphStyle("CellBold", parent=base, fontName=BOLD, **size(8.6)),
        "Small": ParagraphStyle("Small", parent=base, **size(7.8)),
        "SmallItalic": ParagraphStyle("SmallItalic", parent=base, fontName=ITALIC, **size(7.8)),
        "Title": ParagraphStyle("Title", parent=base, fontName=BOLD, spaceAfter=6 * scale, **size(24)),
        "Subtitle": ParagraphStyle("Subtitle", parent=base, spaceAfter=10 * scale, **size(14)),
        "H1": ParagraphStyle("H1", parent=base, fontName=BOLD, spaceAfter=4 * scale, keepWithNext=1, **size(16)),
        "H2": ParagraphStyle("H2", parent=base, fontName=BOLD, spaceBefore=8 * scale, spaceAfter=3 * scale,
                             keepWithNext=1, **size(11.5)),
        "Status": ParagraphStyle("Status", parent=base, fontName=BOLD, **size(13)),
        "Emergency": ParagraphStyle("Emergency", parent=base, fontName=BOLD, **size(13)),
        "Item": ParagraphStyle("Item", parent=base, leftIndent=11 * scale, bulletIndent=0, spaceAfter=1.5 * scale,
                               **size(8.6)),
    }


def para(text: str, st: dict[str, Any], style: str = "Cell", **kwargs: Any) -> Any:
    """A Paragraph of plain text from a rule file, escaped here."""
    from reportlab.platypus import Paragraph

    return Paragraph(esc(text), st[style], **kwargs)


def markup(text: str, st: dict[str, Any], style: str = "Cell") -> Any:
    """A Paragraph of markup this package wrote (any rule text inside went through esc())."""
    from reportlab.platypus import Paragraph

    return Paragraph(text, st[style])


def boxed(flowables: list[Any], width: float, line: float = 1.6, pad: float = 6) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table([[flowables]], colWidths=[width])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), line, colors.black),
                               ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                               ("LEFTPADDING", (0, 0), (-1, -1), pad + 2)]))
    return table


def side_by_side(halves: Callable[[float], tuple[list[Any], list[Any]]]) -> Any:
    """Two columns across the width given: ``halves(column width)`` gives what goes in each.

    Built for the width it is laid out at, so on a poster page shrunk to fit it still fills the page.
    """
    from reportlab.platypus import Table, TableStyle

    from screening.documents.pdf.flow import AtWidth

    gap = 3 * MM

    def build(width: float) -> Any:
        left, right = halves(width / 2 - gap)
        table = Table([[left, right]], colWidths=[width / 2, width / 2])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (1, 0), (1, -1), gap),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0)]))
        return table

    return AtWidth(build)


def emergency_box(line: str, st: dict[str, Any], width: float, extra: str = "") -> Any:
    content = [para(line, st, "Emergency")]
    if extra:
        content.append(para(extra, st, "Cell"))
    return boxed(content, width, line=2.2)


def mark(ruleset: RuleSet, category: Category, size: float = 10.0, after: str = "") -> Any:
    """A category's shape, then its word in bold (e.g. ● GREEN)."""
    from screening.documents.pdf.flow import CategoryMark

    return CategoryMark(category.label, category.colour, size, shape=shape_for(ruleset, category), after=after,
                        text_size=size)


def _shaped_class() -> type:
    from reportlab.platypus import Flowable

    class Shaped(Flowable):  # type: ignore[misc]  # reportlab has no type hints
        """A paragraph with its category's shape at the left, so a cut-out line still says its colour."""

        def __init__(self, paragraph: Any, shape: str, colour: str, size: float) -> None:
            super().__init__()
            self.paragraph, self.shape, self.colour, self.size = paragraph, shape, colour, size

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            indent = self.size * 1.6
            _, h = self.paragraph.wrap(avail_width - indent, avail_height)
            self.width, self.height = avail_width, max(h, self.size * 1.2)
            return self.width, self.height

        def draw(self) -> None:
            top = self.height - self.paragraph.style.leading
            draw_shape(self.canv, self.shape, 0, top + self.size * 0.05, self.size * 0.85, self.colour)
            self.paragraph.drawOn(self.canv, self.size * 1.6, self.height - self.paragraph.height)

    return Shaped


def _columns_class() -> type:
    from reportlab.lib import colors
    from reportlab.platypus import Flowable

    class Columns(Flowable):  # type: ignore[misc]  # reportlab has no type hints
        """Side-by-side columns that each flow on their own, breaking across pages together.

        A table would line behaviours up in rows and waste the space under short ones; here each
        column packs its items, and a page break repeats the heading of every column.
        """

        def __init__(self, heads: list[list[Any]], columns: list[list[Any]], pad: float,
                     continued: bool = False, measured: tuple[float, list[list[float]]] | None = None) -> None:
            super().__init__()
            self.heads, self.columns, self.pad, self.continued = heads, columns, pad, continued
            self._measured = measured  # (width, item heights): wrapping every paragraph again is the slow part

        def _measure(self, width: float) -> None:
            self.col = width / len(self.columns)
            inner = self.col - 2 * self.pad
            self.head_heights = [sum(f.wrap(inner, 1e6)[1] for f in head) for head in self.heads]
            self.head_height = max(self.head_heights) + 2 * self.pad
            if self._measured is None or self._measured[0] != width:
                heights = [[f.wrap(inner, 1e6)[1] + self.pad for f in col] for col in self.columns]
                self._measured = (width, heights)
            self.item_heights = self._measured[1]

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self._measure(avail_width)
            body = max((sum(h) for h in self.item_heights), default=0.0)
            self.width, self.height = avail_width, self.head_height + body + self.pad
            return self.width, self.height

        def split(self, avail_width: float, avail_height: float) -> list[Any]:
            self._measure(avail_width)
            room = avail_height - self.head_height - self.pad
            smallest = min((h[0] for h in self.item_heights if h), default=0.0)
            if room < smallest or room <= 0:
                return []
            taken, rest, taken_h, rest_h = [], [], [], []
            for col, heights in zip(self.columns, self.item_heights, strict=True):
                used, n = 0.0, 0
                while n < len(col) and used + heights[n] <= room:
                    used += heights[n]
                    n += 1
                taken.append(col[:n])
                rest.append(col[n:])
                taken_h.append(heights[:n])
                rest_h.append(heights[n:])
            if not any(taken):
                return []
            return [Columns(self.heads, taken, self.pad, self.continued, (avail_width, taken_h)),
                    Columns(self.heads, rest, self.pad, True, (avail_width, rest_h))]

        def draw(self) -> None:
            canv, pad = self.canv, self.pad
            top = self.height
            canv.saveState()
            canv.setFillColor(colors.HexColor(GREY))
            canv.rect(0, top - self.head_height, self.width, self.head_height, stroke=0, fill=1)
            canv.restoreState()
            for i, (head, col) in enumerate(zip(self.heads, self.columns, strict=True)):
                x = i * self.col + pad
                y = top - pad
                for f in head:
                    _, h = f.wrap(self.col - 2 * pad, 1e6)
                    f.drawOn(canv, x, y - h)
                    y -= h
                y = top - self.head_height - pad / 2
                for f, h in zip(col, self.item_heights[i], strict=False):
                    f.drawOn(canv, x, y - (h - pad))  # wrapped at this width by _measure
                    y -= h
                    canv.setStrokeColor(colors.HexColor("#bbbbbb"))
                    canv.setLineWidth(0.25)
                    canv.line(x, y + pad / 2, x + self.col - 2 * pad, y + pad / 2)
            canv.setStrokeColor(colors.black)
            canv.setLineWidth(1.2)
            canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
            canv.line(0, top - self.head_height, self.width, top - self.head_height)
            for i in range(1, len(self.columns)):
                canv.line(i * self.col, 0, i * self.col, self.height)

    return Columns


def behaviour_columns(ruleset: RuleSet, band_id: str, st: dict[str, Any], scale: float = 1.0,
                      meanings: bool = True) -> Any:
    """The band's behaviours in one column per category, least concern on the left.

    Each behaviour carries its category's shape, so a line cut out or photocopied still says its colour.
    """
    shaped = _shaped_class()
    heads: list[list[Any]] = []
    columns: list[list[Any]] = []
    for c in ruleset.categories:
        head = [mark(ruleset, c, 11 * scale)]
        if meanings:
            head.append(para(c.meaning, st, "Small"))
        heads.append(head)
        columns.append([shaped(para(b.text, st, "Cell"), shape_for(ruleset, c), c.colour, 8.6 * scale)
                        for b in ruleset.behaviours_in(band_id, c.id)])
    return _columns_class()(heads, columns, 3.0 * scale)


def question_table(ruleset: RuleSet, st: dict[str, Any], width: float, *, plain: bool = False,
                   explain: bool = False) -> Any:
    """The context questions and what a yes does (in plain words for the leaflet)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    from screening.documents.guide_words import carer_effect_words

    head = ["Question", "If the answer is yes"]
    rows: list[list[Any]] = [[markup(f"<b>{h}</b>", st) for h in head]]
    for n, factor in enumerate(ruleset.context_factors, start=1):
        if plain:
            at_least = factor.effect.at_least
            label = ruleset.category(at_least).label if at_least is not None else None
            effect = [para(carer_effect_words(label, factor.effect.raise_by), st, "CellBold")]
        else:
            effect = [para(f"This {factor.effect.describe(ruleset)}.", st, "CellBold")]
            if explain:
                effect.append(para(factor.explanation, st, "Small"))
        rows.append([para(f"{n}. {factor.question}", st), effect])
    split = 0.5 if explain else 0.64
    table = Table(rows, colWidths=[width * split, width * (1 - split)], repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(GREY)),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def guidance_cell(g: Guidance | None, st: dict[str, Any], *, summary_only: bool = False) -> list[Any]:
    from reportlab.platypus import Paragraph

    if g is None:
        return [para("No guidance is given for this role.", st, "SmallItalic")]
    out: list[Any] = [para(g.summary, st, "CellBold")]
    if summary_only:
        return out
    for n, step in enumerate(g.steps, start=1):
        out.append(Paragraph(esc(step), st["Item"], bulletText=f"{n}."))
    for item in g.avoid:
        out.append(Paragraph(esc(item), st["Item"], bulletText="✗"))
    return out


def guidance_table(ruleset: RuleSet, role_ids: Sequence[str], st: dict[str, Any], width: float, *,
                   summary_only: bool, scale: float = 1.0) -> Any:
    """What to do for each colour: one column per category, one row per role.

    One role's full steps go one colour to a row instead, so the table can break between rows.
    """
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    if len(role_ids) == 1:
        return guidance_by_colour(ruleset, role_ids, st, width, summary_only=summary_only, scale=scale)

    categories = ruleset.categories
    label_width = 30 * MM * scale if len(role_ids) > 1 else 0
    col = (width - label_width) / len(categories)
    head: list[Any] = [mark(ruleset, c, 10 * scale) for c in categories]
    rows: list[list[Any]] = [([""] if label_width else []) + head]
    for role_id in role_ids:
        cells = [guidance_cell(c.guidance.get(role_id), st, summary_only=summary_only) for c in categories]
        label = [para(ruleset.role(role_id).label, st, "CellBold")] if label_width else []
        rows.append(label + cells)
    widths = ([label_width] if label_width else []) + [col] * len(categories)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(GREY)),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
    ]))
    return table


def guidance_by_colour(ruleset: RuleSet, role_ids: Sequence[str], st: dict[str, Any], width: float, *,
                       summary_only: bool, scale: float = 1.0) -> Any:
    """What to do, one row per colour (for a narrow space such as half a poster)."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    rows = []
    for c in ruleset.categories:
        cell: list[Any] = []
        for role_id in role_ids:
            g = c.guidance.get(role_id)
            if len(role_ids) > 1:
                text = g.summary if g is not None else "No guidance is given for this role."
                cell.append(Paragraph(f"<b>{esc(ruleset.role(role_id).label)}:</b> {esc(text)}", st["Cell"]))
            else:
                cell.extend(guidance_cell(g, st, summary_only=summary_only))
        rows.append([mark(ruleset, c, 10 * scale), cell])
    label = 24 * MM * scale
    table = Table(rows, colWidths=[label, width - label])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BOX", (0, 0), (-1, -1), 1.2, colors.black)]))
    return table


def key_table(ruleset: RuleSet, st: dict[str, Any], width: float, words: Sequence[str] | None = None) -> Any:
    """The colour key: shape and word, then what the category means (or the leaflet's plain words)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    rows = []
    for i, c in enumerate(ruleset.categories):
        meaning = words[i] if words is not None else c.meaning
        shape = shape_for(ruleset, c)
        rows.append([[mark(ruleset, c, 12), para(f"({shape})", st, "Small")], para(meaning, st)])
    table = Table(rows, colWidths=[34 * MM, width - 34 * MM])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    return table
