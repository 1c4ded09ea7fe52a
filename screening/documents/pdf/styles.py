"""Paragraph styles and measures shared by the printed documents (black on white, DejaVu)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from screening.documents.pdf import MM as MM  # re-exported: the styles' measure
from screening.documents.pdf.fonts import BOLD, FONT, ITALIC

GREY = colors.HexColor("#e4e4e4")  # section title rows
LIGHT = colors.HexColor("#f3f3f3")  # column heading rows
RULE = colors.HexColor("#8a8a8a")  # lines inside a box


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("Body", fontName=FONT, bulletFontName=FONT, fontSize=9.5, leading=12.5,
                          textColor=colors.black, splitLongWords=1, allowWidows=0, allowOrphans=0)
    return {
        "Body": base,
        "Cell": ParagraphStyle("Cell", parent=base, fontSize=9, leading=11.5),
        "Label": ParagraphStyle("Label", parent=base, fontName=BOLD, fontSize=8.5, leading=11),
        "TableHead": ParagraphStyle("TableHead", parent=base, fontName=BOLD, fontSize=8.5, leading=11),
        "Section": ParagraphStyle("Section", parent=base, fontName=BOLD, fontSize=11, leading=14),
        "Emergency": ParagraphStyle("Emergency", parent=base, fontName=BOLD, fontSize=12, leading=15),
        "Note": ParagraphStyle("Note", parent=base, fontName=ITALIC, fontSize=8.5, leading=11),
        "Trace": ParagraphStyle("Trace", parent=base, fontSize=9, leading=11.5, leftIndent=10, bulletIndent=0,
                                spaceAfter=2),
        "Small": ParagraphStyle("Small", parent=base, fontSize=8, leading=10),
    }
