"""Single lines drawn straight on the canvas (headers, footers, marks), each piece in its own font.

A canvas string has no markup, so a name in the header ("Child: 李小龍") is cut into runs of one
font each (``markup.runs``) and drawn run after run; Bengali runs are shaped as in a Paragraph.
Lines here are in drawing order (``markup.one_line``): make them with ``line`` or ``fit``.
"""

from __future__ import annotations

from typing import Literal

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr
from reportlab.pdfgen.canvas import Canvas

from screening.documents.pdf.fonts import face_font, is_shaped
from screening.documents.pdf.markup import one_line, runs

Align = Literal["left", "right", "centre"]


def line(text: str) -> str:
    """Text as one canvas line in drawing order (control characters dropped, white space folded)."""
    return one_line(text)


def pieces(drawn: str, font: str) -> list[tuple[str, str]]:
    """A line as (font, text) pieces; characters no font has are already the marker."""
    return [(face_font(face, font), text) for face, text in runs(drawn)]


def _width(text: str, font: str, size: float) -> float:
    if is_shaped(font):
        shaped = shapeStr(text, font, size)
        if isinstance(shaped, ShapedStr):
            return float(sum(d.x_advance for d in shaped.__shapeData__)) * size / 1000
    return float(stringWidth(text, font, size))


def width(drawn: str, font: str, size: float) -> float:
    """How wide a line is drawn in ``font`` at ``size`` (its pieces in their own fonts)."""
    return sum(_width(text, name, size) for name, text in pieces(drawn, font))


def fit(text: str, font: str, size: float, room: float) -> str:
    """One line of canvas text, shortened with an ellipsis to fit the width."""
    drawn = one_line(text)
    if width(drawn, font, size) <= room:
        return drawn
    while drawn and width(drawn + "…", font, size) > room:
        drawn = drawn[: max(len(drawn) - max(len(drawn) // 8, 1), 0)]
    return drawn.rstrip() + "…"


def draw(canv: Canvas, x: float, y: float, drawn: str, font: str, size: float, align: Align = "left") -> None:
    """Draw a line at (x, y): its left end, its right end or its centre there."""
    parts = pieces(drawn, font)
    if align != "left":
        total = sum(_width(text, name, size) for name, text in parts)
        x -= total if align == "right" else total / 2
    # one text object, each piece in its font, each moving the text position on by its own width
    # (shaped: by HarfBuzz's advances). Not drawString: that shapes only with reportlab's own bidi
    # package installed. The last piece is written with textLine, as drawString writes a line, so
    # a line in one font is written exactly as before.
    out = canv.beginText(x, y)
    for i, (name, text) in enumerate(parts):
        out.setFont(name, size)
        piece = shapeStr(text, name, size) if is_shaped(name) else text
        if i == len(parts) - 1:
            out.textLine(piece)
        else:
            out.textOut(piece)
    canv.drawText(out)
