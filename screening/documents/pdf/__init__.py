"""Shared PDF furniture for every printed document (the referral summary, the guide, reports).

Stable names, for the documents being written beside the referral summary:

- ``pdf.markup``: ``esc`` (user text made safe for Paragraph markup), ``fit`` (one canvas line).
  No reportlab import, so a document's public module can re-export ``esc`` cheaply.
- ``pdf.fonts``: ``register_fonts()`` (the embedded DejaVu family, once), ``FONT``, ``fonts_dir``.
- ``pdf.styles``: ``styles()`` (paragraph styles by name), ``MM``, ``GREY``, ``LIGHT``.
- ``pdf.page``: ``Layout``, ``PageInfo``, ``NumberedCanvas`` ("Page N of M"), the header and
  footer, ``page_size(paper)``, ``build_pdf(story, ...)`` -> bytes.
- ``pdf.flow``: ``SectionFlow`` (boxed rows under a heading repeated on each page, laid out in
  time linear in the rows), ``row_table``, ``text_pieces``, ``CategoryMark``.
- ``write_pdf_atomically(path, data)`` here: 0600, atomic, a failure leaves any old file as it was.

Everything but this module and ``pdf.markup`` imports reportlab: import them only when building.
"""

from __future__ import annotations

import os
from pathlib import Path

from screening.fileio import atomic_write_bytes
from screening.problems import ProblemsError


class PdfError(ProblemsError):
    """A document cannot be built (for example, its fonts are missing)."""


def write_pdf_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write PDF bytes atomically and privately (0600); a failure leaves any old file as it was."""
    target = Path(path)
    atomic_write_bytes(target, data, mode=0o600)
    return target
