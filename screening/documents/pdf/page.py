"""Pages: the size, the frame, and the furniture drawn on every page (header, footer, page N of M)."""

from __future__ import annotations

import io
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, LETTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from screening.documents.pdf import PAPERS as PAPERS  # re-exported beside page_size
from screening.documents.pdf import password_problem
from screening.documents.pdf.fonts import BOLD, FONT, register_fonts
from screening.documents.pdf.lines import draw, fit, line, width
from screening.documents.pdf.styles import MM
from screening.ruleset.approval import DRAFT_MARK
from screening.ruleset.model import RuleSet
from screening.texts import EMERGENCY_LINE


@dataclass(frozen=True)
class PageInfo:
    """What the header and footer of every page say. Plain text: canvas strings are not markup."""

    title: str
    marking: str = ""  # centred at the top and the bottom, e.g. OFFICIAL-SENSITIVE; "" for none
    subtitle: str = ""  # the line under the title, e.g. "Child: Zoë"
    footer: tuple[str, ...] = ()  # small lines at the foot of the page
    draft: str = ""  # e.g. "DRAFT: not finalised", at the right under the page number
    emergency: str = ""  # the 999 line, bold at the foot, on every document that gives guidance
    watermark: str = ""  # e.g. DRAFT while the rule set is not approved: faint, across every page
    personal: bool = True  # holds personal data: the last footer line says whether the file is encrypted
    protection: str = ""  # that last footer line (build_pdf sets it)


NOT_ENCRYPTED = "This file is not encrypted: it holds personal information about a child; keep it safe."
ENCRYPTED = "This file is protected by a password; keep the password apart from the file."


# Where the furniture's lines sit, from the page's top and bottom edges (the frame leaves room).
_FIRST = 12 * MM  # the first header line's baseline, below the top edge
_MARKING_STEP = 6 * MM
_LINE_STEP = 4.5 * MM
_RULE_BELOW = 2.5 * MM  # from the last header line to the header's rule
_GAP = 5 * MM  # between a rule and the frame
_FOOT_FIRST, _FOOT_STEP, _FOOT_MARKING = 3.8 * MM, 3.4 * MM, 5 * MM
_LAST = 9.8 * MM  # the lowest footer line's baseline, above the bottom edge


def _header_lines(info: PageInfo) -> float:
    """From the first header line's baseline to the last one's."""
    return (_MARKING_STEP if info.marking else 0) + (_LINE_STEP if info.subtitle or info.draft else 0)


def _footer_steps(info: PageInfo) -> list[tuple[str, float]]:
    """Each footer line under the rule ("emergency", "footer", "marking") and its step down."""
    kinds = ([("emergency", 0.0)] if info.emergency else []) + [("footer", 0.0)] * len(info.footer)
    kinds += [("protection", 0.0)] if info.personal or info.protection else []
    kinds += [("marking", 0.0)] if info.marking else []
    return [(kind, _FOOT_MARKING if kind == "marking" else _FOOT_FIRST if i == 0 else _FOOT_STEP)
            for i, (kind, _) in enumerate(kinds)]


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    margin: float = 16 * MM
    top: float = 31 * MM  # frame top margin (room for the header)
    bottom: float = 27 * MM  # frame bottom margin (room for the footer)

    @classmethod
    def fit(cls, size: tuple[float, float], info: PageInfo, margin: float = 16 * MM) -> Layout:
        """A page of ``size`` whose frame leaves just the room the furniture of ``info`` needs."""
        top = _FIRST + _header_lines(info) + _RULE_BELOW + _GAP
        bottom = _LAST + sum(step for _, step in _footer_steps(info)) + _GAP
        return cls(size[0], size[1], margin, top, bottom)

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom


_SIZES = {"a4": A4, "a3": A3, "letter": LETTER}


def page_size(paper: str, landscape: bool = False) -> tuple[float, float]:
    """A4, A3 or US Letter (any case); A4 for anything else, as the paper setting falls back to."""
    width, height = _SIZES.get(paper.lower(), A4)
    return (height, width) if landscape else (width, height)


def _draw_watermark(canv: Canvas, text: str, width: float, height: float) -> None:
    canv.saveState()
    canv.setFillColor(colors.Color(0, 0, 0, alpha=0.10))
    canv.translate(width / 2, height / 2)
    canv.rotate(40)
    size = min(width, height) / 5
    draw(canv, 0, -size / 3, line(text), BOLD, size, "centre")
    canv.restoreState()


def draw_page_furniture(canv: Canvas, info: PageInfo, layout: Layout, number: int, total: int) -> None:
    """Header and footer. Canvas strings are not markup, so nothing here needs escaping."""
    left, right = layout.margin, layout.width - layout.margin
    room = right - left
    canv.saveState()
    if info.watermark:
        _draw_watermark(canv, info.watermark, layout.width, layout.height)
    canv.setFillColor(colors.black)
    canv.setStrokeColor(colors.black)
    # header: the marking, the title and page N of M, the subtitle and the draft status, a rule
    y = layout.height - _FIRST
    if info.marking:
        draw(canv, layout.width / 2, y, fit(info.marking, BOLD, 10, room), BOLD, 10, "centre")
        y -= _MARKING_STEP
    draw(canv, right, y, f"Page {number} of {total}", FONT, 9, "right")
    draw(canv, left, y, fit(info.title, BOLD, 10, room - 30 * MM), BOLD, 10)
    if info.subtitle or info.draft:
        y -= _LINE_STEP
        left_room = room
        if info.draft:
            draft = line(info.draft)
            draw(canv, right, y, draft, BOLD, 9, "right")
            left_room -= width(draft, BOLD, 9) + 6 * MM
        draw(canv, left, y, fit(info.subtitle, FONT, 9, left_room), FONT, 9)
    y -= _RULE_BELOW
    canv.setLineWidth(0.8)
    canv.line(left, y, right, y)
    # footer: a rule, the 999 line, the small lines, the marking
    y = layout.bottom - _GAP
    canv.setLineWidth(0.5)
    canv.line(left, y, right, y)
    lines = iter(info.footer)
    for kind, step in _footer_steps(info):
        y -= step
        if kind == "emergency":
            draw(canv, left, y, fit(info.emergency, BOLD, 9, room), BOLD, 9)
        elif kind in ("footer", "protection"):
            draw(canv, left, y, fit(next(lines, info.protection), FONT, 7.5, room), FONT, 7.5)
        else:
            draw(canv, layout.width / 2, y, fit(info.marking, BOLD, 10, room), BOLD, 10, "centre")
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


def ruleset_page_info(ruleset: RuleSet, title: str, *, footer: str = "", emergency: str = EMERGENCY_LINE) -> PageInfo:
    """The furniture of a document made from a rule set (a guide, a sign-off sheet, a report).

    The rule set's title and version under the title; its id, version, hash and licence in the
    footer (or ``footer``); the 999 line; and, while the set is not approved, the DRAFT status and
    the DRAFT mark across every page. No personal data, so no line about encryption.
    """
    info = ruleset.info
    return PageInfo(
        title=title,
        subtitle=f"{info.title}, version {info.version}",
        footer=(footer or f"Rule set {info.id} {info.version} · SHA-256 {ruleset.short_hash} · {info.licence}",),
        draft="" if info.approved else f"{DRAFT_MARK}: not approved",
        emergency=emergency,
        watermark="" if info.approved else DRAFT_MARK,
        personal=False,
    )


def build_pdf(story: Sequence[Flowable], layout: Layout, info: PageInfo, *, subject: str = "", title: str = "",
              invariant: bool = False, password: str | None = None) -> bytes:
    """Lay the story out in one frame a page, with the furniture, and return the PDF bytes.

    ``title`` is the document's title for a PDF reader (default: the header's). With
    ``invariant=True`` the bytes are the same on every build of the same story. With a
    password the file is encrypted (reportlab's StandardEncryption) and opens only with it; every
    page's footer of a document with personal data says whether the file is encrypted. 128-bit:
    reportlab's 256-bit mode writes the withdrawn revision 5, which poppler (most Linux viewers)
    cannot open.
    """
    register_fonts()
    encrypt: Any = None
    if password is not None:
        problem = password_problem(password)
        if problem:  # callers check first; never make a file its reader might not open
            raise ValueError(problem)
        from reportlab.lib.pdfencrypt import StandardEncryption

        # a random owner password: nobody can lift the restrictions without it, and nobody holds it
        encrypt = StandardEncryption(password, secrets.token_hex(32), strength=128)
    if info.personal or encrypt:
        info = replace(info, protection=ENCRYPTED if encrypt else NOT_ENCRYPTED)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(layout.width, layout.height),
        leftMargin=layout.margin,
        rightMargin=layout.margin,
        topMargin=layout.top,
        bottomMargin=layout.bottom,
        title=title or info.title,
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
