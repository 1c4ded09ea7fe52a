"""Pages: the size, the frame, and the furniture drawn on every page (header, footer, page N of M)."""

from __future__ import annotations

import io
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from screening.documents.pdf.fonts import BOLD, FONT, register_fonts
from screening.documents.pdf.markup import one_line
from screening.documents.pdf.styles import MM


@dataclass(frozen=True)
class PageInfo:
    """What the header and footer of every page say. Plain text: canvas strings are not markup."""

    title: str
    marking: str  # centred at the top and the bottom, e.g. OFFICIAL-SENSITIVE; "" for none
    subtitle: str = ""  # the line under the title, e.g. "Child: Zoë"
    footer: tuple[str, ...] = ()  # small lines at the foot of the page
    draft: str = ""  # e.g. "DRAFT: not finalised", at the right under the page number
    protection: str = ""  # the last footer line: whether the file is encrypted (build_pdf sets it)


NOT_ENCRYPTED = "This file is not encrypted: it holds personal information about a child; keep it safe."
ENCRYPTED = "This file is protected by a password; keep the password apart from the file."


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    margin: float = 16 * MM
    top: float = 31 * MM  # frame top margin (room for the header)
    bottom: float = 27 * MM  # frame bottom margin (room for the footer)

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.margin


def page_size(paper: str) -> tuple[float, float]:
    """A4, or US Letter when the paper setting says so."""
    size: tuple[float, float] = LETTER if paper == "Letter" else A4
    return size


def fit(text: str, font: str, size: float, width: float) -> str:
    """One line of canvas text, shortened with an ellipsis to fit the width."""
    text = one_line(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[: max(len(text) - max(len(text) // 8, 1), 0)]
    return text.rstrip() + "…"


def draw_page_furniture(canv: Canvas, info: PageInfo, layout: Layout, number: int, total: int) -> None:
    """Header and footer. Canvas strings are not markup, so nothing here needs escaping."""
    left, right = layout.margin, layout.width - layout.margin
    width = right - left
    canv.saveState()
    canv.setFillColor(colors.black)
    canv.setStrokeColor(colors.black)
    # header
    y = layout.height - 12 * MM
    if info.marking:
        canv.setFont(BOLD, 10)
        canv.drawCentredString(layout.width / 2, y, info.marking)
    y -= 6 * MM
    canv.setFont(FONT, 9)
    canv.drawRightString(right, y, f"Page {number} of {total}")
    canv.setFont(BOLD, 10)
    canv.drawString(left, y, fit(info.title, BOLD, 10, width - 30 * MM))
    y -= 4.5 * MM
    if info.draft:
        canv.setFont(BOLD, 9)
        canv.drawRightString(right, y, info.draft)
    canv.setFont(FONT, 9)
    canv.drawString(left, y, fit(info.subtitle, FONT, 9, width - (40 * MM if info.draft else 0)))
    y -= 2.5 * MM
    canv.setLineWidth(0.8)
    canv.line(left, y, right, y)
    # footer
    y = layout.bottom - 5 * MM
    canv.setLineWidth(0.5)
    canv.line(left, y, right, y)
    canv.setFont(FONT, 7.5)
    for i, line in enumerate((*info.footer, info.protection) if info.protection else info.footer):
        y -= (3.8 if i == 0 else 3.4) * MM
        canv.drawString(left, y, fit(line, FONT, 7.5, width))
    if info.marking:
        y -= 5 * MM
        canv.setFont(BOLD, 10)
        canv.drawCentredString(layout.width / 2, y, info.marking)
    canv.restoreState()


class NumberedCanvas(Canvas):
    """Keeps every page until the end so each header can say "Page N of M"."""

    def __init__(self, *args: Any, page_info: PageInfo, layout: Layout, **kwargs: Any) -> None:
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
            draw_page_furniture(self, self._page_info, self._layout, number, total)
            super().showPage()
        super().save()


def build_pdf(story: Sequence[Flowable], layout: Layout, info: PageInfo, *, subject: str = "",
              invariant: bool = False, password: str | None = None) -> bytes:
    """Lay the story out in one frame a page, with the furniture, and return the PDF bytes.

    With ``invariant=True`` the bytes are the same on every build of the same story. With a
    password the file is encrypted (reportlab's StandardEncryption) and opens only with it; every
    page's footer says whether the file is encrypted. 128-bit: reportlab's 256-bit mode writes the
    withdrawn revision 5, which poppler (most Linux viewers) cannot open.
    """
    register_fonts()
    encrypt: Any = None
    if password:
        from reportlab.lib.pdfencrypt import StandardEncryption

        # a random owner password: nobody can lift the restrictions without it, and nobody holds it
        encrypt = StandardEncryption(password, secrets.token_hex(32), strength=128)
    info = replace(info, protection=ENCRYPTED if encrypt else NOT_ENCRYPTED)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(layout.width, layout.height),
        leftMargin=layout.margin,
        rightMargin=layout.margin,
        topMargin=layout.top,
        bottomMargin=layout.bottom,
        title=info.title,
        author="",
        subject=subject,
        creator="hsb-screening",
        invariant=1 if invariant else 0,
        initialFontName=FONT,
        encrypt=encrypt,
    )
    frame = Frame(layout.margin, layout.bottom, layout.frame_width, layout.height - layout.top - layout.bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(list(story), canvasmaker=partial(NumberedCanvas, page_info=info, layout=layout))
    return buffer.getvalue()
