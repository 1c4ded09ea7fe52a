"""What the printed documents share: fonts, escaping, page furniture, category shapes, writing.

The fonts and the escaping are the referral summary's own (``documents.pdf``'s stable names, not
copied), so every document embeds the same TTF family and escapes rule text the same way. Colour is
never the only signal: each category has a word and a distinct shape (circle, triangle, ...,
octagon from least to most concern), drawn with a black outline so it survives a photocopier.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from screening.documents.pdf.fonts import FONT, register_fonts
from screening.documents.pdf.markup import esc
from screening.fileio import atomic_write_bytes
from screening.ruleset.model import Category, RuleSet

__all__ = ["BOLD", "FONT", "ITALIC", "MM", "Furniture", "build_pdf", "esc", "page_size", "register_fonts",
           "shape_for", "write_document"]

BOLD = f"{FONT}-Bold"
ITALIC = f"{FONT}-Oblique"
MM = 72 / 25.4  # points in a millimetre
PAPERS = ("A4", "A3", "letter")

# Least concern is a circle and most concern a square; those between are a triangle, a diamond, then
# an octagon (told apart from the circle only when printed large, so it comes last).
MIDDLE_SHAPES = ("triangle", "diamond", "octagon")


def shape_for(ruleset: RuleSet, category: Category) -> str:
    """The shape printed with a category: distinct for each, up to five categories."""
    if category.level == 0:
        return "circle"
    if category.level == len(ruleset.categories) - 1:
        return "square"
    return MIDDLE_SHAPES[min(category.level - 1, len(MIDDLE_SHAPES) - 1)]


def page_size(paper: str, landscape: bool = False) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A3, A4, LETTER

    size = {"A4": A4, "A3": A3, "letter": LETTER}[paper]
    return (size[1], size[0]) if landscape else (size[0], size[1])


def draw_shape(canv: Any, shape: str, x: float, y: float, size: float, colour: str) -> None:
    """A category's shape filled with its colour, outlined in black; (x, y) is the bottom left."""
    from reportlab.lib import colors

    try:
        fill = colors.HexColor(colour)
    except (ValueError, TypeError):
        fill = colors.white
    canv.saveState()
    canv.setFillColor(fill)
    canv.setStrokeColor(colors.black)
    canv.setLineWidth(max(size / 12, 0.6))
    s, cx, cy = size, x + size / 2, y + size / 2
    if shape == "circle":
        canv.circle(cx, cy, s / 2, stroke=1, fill=1)
    elif shape == "square":
        canv.rect(x, y, s, s, stroke=1, fill=1)
    else:
        if shape == "triangle":
            points = [(x, y), (x + s, y), (cx, y + s)]
        elif shape == "diamond":
            points = [(cx, y), (x + s, cy), (cx, y + s), (x, cy)]
        else:  # octagon
            k = s * 0.2929
            points = [(x + k, y), (x + s - k, y), (x + s, y + k), (x + s, y + s - k), (x + s - k, y + s),
                      (x + k, y + s), (x, y + s - k), (x, y + k)]
        path = canv.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
        canv.drawPath(path, stroke=1, fill=1)
    canv.restoreState()


def mark_class() -> type:
    """A flowable: a category's shape, then its word in bold (e.g. ● GREEN)."""
    from reportlab.platypus import Flowable

    class CategoryMark(Flowable):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, word: str, shape: str, colour: str, size: float = 10.0, after: str = "") -> None:
            super().__init__()
            self.word, self.shape, self.colour, self.size, self.after = word, shape, colour, size, after

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            text = self.word + self.after
            self.width = min(self.size * 1.7 + stringWidth(text, BOLD, self.size), avail_width)
            self.height = self.size * 1.35
            return self.width, self.height

        def draw(self) -> None:
            s = self.size
            draw_shape(self.canv, self.shape, 0, 0.12 * s, s, self.colour)
            self.canv.setFont(BOLD, s)
            self.canv.drawString(s * 1.5, 0.22 * s, self.word + self.after)

    return CategoryMark


@dataclass(frozen=True)
class Furniture:
    """What every page carries: a header, a footer line, the 999 line, Page N of M, the DRAFT mark."""

    header: str
    footer: str
    emergency: str
    draft_mark: str = ""  # printed across every page when not empty


def _fit(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = " ".join(text.split())
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_furniture(canv: Any, f: Furniture, margin: float, number: int, total: int) -> None:
    """Canvas strings are not markup, so nothing here needs escaping."""
    from reportlab.lib import colors

    width, height = canv._pagesize
    left, right = margin, width - margin
    canv.saveState()
    if f.draft_mark:
        canv.saveState()
        canv.setFillColor(colors.Color(0, 0, 0, alpha=0.10))
        canv.translate(width / 2, height / 2)
        canv.rotate(40)
        size = min(width, height) / 5
        canv.setFont(BOLD, size)
        canv.drawCentredString(0, -size / 3, f.draft_mark)
        canv.restoreState()
    canv.setFillColor(colors.black)
    canv.setStrokeColor(colors.black)
    y = height - 11 * MM
    page = f"Page {number} of {total}"
    canv.setFont(FONT, 8.5)
    canv.drawRightString(right, y, page)
    canv.setFont(BOLD, 8.5)
    status = f"{f.draft_mark}: not approved" if f.draft_mark else ""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    room = right - left - 30 * MM - (stringWidth(status, BOLD, 8.5) + 6 * MM if status else 0)
    canv.drawString(left, y, _fit(f.header, BOLD, 8.5, room))
    if status:
        canv.drawRightString(right - 30 * MM, y, status)
    canv.setLineWidth(0.6)
    canv.line(left, y - 2.5 * MM, right, y - 2.5 * MM)
    y = 13 * MM
    canv.line(left, y + 3.5 * MM, right, y + 3.5 * MM)
    canv.setFont(BOLD, 9)
    canv.drawString(left, y, _fit(f.emergency, BOLD, 9, (right - left) / 2))
    canv.setFont(FONT, 7.5)
    room = right - left - stringWidth(f.emergency, BOLD, 9) - 6 * MM
    canv.drawRightString(right, y, _fit(f.footer, FONT, 7.5, room))
    canv.restoreState()


def _numbered_canvas(furniture: Furniture, margin: float) -> Callable[..., Any]:
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        """Keeps every page until the end so each can say "Page N of M"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_furniture(self, furniture, margin, number, total)
                super().showPage()
            super().save()

    return partial(NumberedCanvas)


def build_pdf(story: Sequence[Any], furniture: Furniture, pagesize: tuple[float, float], *, title: str,
              margin: float = 14 * MM, invariant: bool = False) -> bytes:
    """Lay out a story on pages with the shared furniture; the PDF as bytes."""
    register_fonts()
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    width, height = pagesize
    top, bottom = 18 * MM, 22 * MM
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=top,
                          bottomMargin=bottom, title=title, author="", creator="hsb-screening",
                          invariant=1 if invariant else 0, initialFontName=FONT)
    frame = Frame(margin, bottom, width - 2 * margin, height - top - bottom, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(list(story), canvasmaker=_numbered_canvas(furniture, margin))
    return buffer.getvalue()


def write_document(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write a printed document atomically. Guides and sign-off sheets hold no personal data, so
    they are readable by others (0644) for sharing in a team folder; a failure leaves any old file."""
    target = Path(path)
    atomic_write_bytes(target, data, mode=0o644)
    return target
