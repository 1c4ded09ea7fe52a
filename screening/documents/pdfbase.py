"""Old names of the printed guide's page furniture, kept for branches written against them.

The furniture now lives once in ``documents.pdf`` (``pdf.page``: ``PageInfo``, ``Layout``,
``build_pdf``, ``ruleset_page_info``; ``pdf.shapes``; ``pdf.flow.CategoryMark``). New code imports
from there; this module only maps the old names onto it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from screening.documents.pdf import MM, PAPERS, write_document
from screening.documents.pdf.fonts import BOLD, FONT, ITALIC, register_fonts
from screening.documents.pdf.markup import esc
from screening.documents.pdf.page import page_size
from screening.documents.pdf.shapes import MIDDLE_SHAPES, draw_shape, shape_for

__all__ = ["BOLD", "FONT", "ITALIC", "MIDDLE_SHAPES", "MM", "PAPERS", "Furniture", "build_pdf", "draw_shape", "esc",
           "mark_class", "page_size", "register_fonts", "shape_for", "write_document"]


def mark_class() -> type:
    """The category mark with its shape: ``documents.pdf.flow.CategoryMark``, with the old argument order."""
    from screening.documents.pdf.flow import CategoryMark

    class ShapedMark(CategoryMark):
        def __init__(self, word: str, shape: str, colour: str, size: float = 10.0, after: str = "") -> None:
            super().__init__(word, colour, size, shape=shape, after=after, text_size=size)

    return ShapedMark


@dataclass(frozen=True)
class Furniture:
    """The old shape of a page's furniture: a header, a footer line, the 999 line, the DRAFT mark."""

    header: str
    footer: str
    emergency: str
    draft_mark: str = ""  # printed across every page when not empty


def build_pdf(story: Sequence[Any], furniture: Furniture, pagesize: tuple[float, float], *, title: str,
              margin: float = 14 * MM, invariant: bool = False) -> bytes:
    """The old call: the story on pages with the shared furniture (``documents.pdf.page``)."""
    from screening.documents.pdf import page

    info = page.PageInfo(title=furniture.header, footer=(furniture.footer,), emergency=furniture.emergency,
                         draft=f"{furniture.draft_mark}: not approved" if furniture.draft_mark else "",
                         watermark=furniture.draft_mark, personal=False)
    return page.build_pdf(story, page.Layout.fit(pagesize, info, margin), info, title=title, invariant=invariant)
