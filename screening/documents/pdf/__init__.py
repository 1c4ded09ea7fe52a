"""Shared PDF furniture for every printed document (the referral summary, the guide, reports).

Stable names, for the documents being written beside the referral summary:

- ``pdf.markup``: ``esc`` (user text made safe for Paragraph markup), ``runs`` (text cut into the
  font that draws each piece), ``unprintable``. No reportlab import, so a document's public module
  can re-export ``esc`` cheaply.
- ``pdf.fonts``: ``register_fonts()`` (the embedded DejaVu family, once; the Bengali and CJK
  fallbacks when text needs them), ``FONT``, ``fonts_dir``. Importing it hooks every Paragraph.
- ``pdf.lines``: canvas lines in mixed fonts: ``draw``, ``fit`` (shortened with an ellipsis),
  ``width``. Draw canvas text with these, never ``canvas.drawString``.
- ``pdf.styles``: ``styles()`` (paragraph styles by name), ``MM``, ``GREY``, ``LIGHT``.
- ``pdf.page``: the one page furniture of every document: ``PageInfo`` (header, footer lines, the
  999 line, the draft status and DRAFT mark), ``Layout`` (``Layout.fit`` leaves room for what the
  PageInfo prints), ``NumberedCanvas`` ("Page N of M"), ``page_size(paper)``, ``PAPERS``,
  ``ruleset_page_info(...)`` (a rule set's documents), ``build_pdf(story, ...)`` -> bytes.
- ``pdf.flow``: ``SectionFlow`` (boxed rows under a heading repeated on each page, laid out in
  time linear in the rows), ``row_table``, ``text_pieces``, ``CategoryMark``, ``AtWidth`` (a
  flowable built for the width it is given, e.g. inside a shrunk poster page).
- ``pdf.shapes``: ``shape_for`` (each category's own shape) and ``draw_shape``.
- here: ``MM``; ``password_problem(password, again)``: the one rule for a PDF's password (the
  command line's ``--password-file`` and the app's Save as…); ``write_pdf_atomically(path, data)``:
  0600 (or 0644 with ``private=False``, for documents with no personal data), atomic, a failure
  leaves any old file as it was.

Everything but this module and ``pdf.markup`` imports reportlab: import them only when building.
"""

from __future__ import annotations

import os
from pathlib import Path

from screening.fileio import atomic_write_bytes
from screening.problems import ProblemsError

MM = 72 / 25.4  # points in a millimetre (here, so that modules which load no reportlab can measure)
PAPERS = ("A4", "A3", "letter")  # the paper sizes a document can be printed on (``pdf.page.page_size``)


class PdfError(ProblemsError):
    """A document cannot be built (for example, its fonts are missing)."""


MIN_PASSWORD = 8  # characters in a PDF's password
MAX_PASSWORD = 32  # a PDF (128-bit, revision 3) uses only the first 32 characters of a password
# Printable ASCII only: the 128-bit PDF encryption every viewer opens takes the password as bytes
# in the PDF's own encoding, which reportlab writes as UTF-8 and readers do not agree on (a
# password with "é" opened in one reader and not in another), so only these characters are safe.
_PASSWORD_CHARACTERS = frozenset(chr(c) for c in range(32, 127))


def password_problem(password: str, again: str | None = None) -> str:
    """Why a password for a PDF is refused, or '' when it is accepted.

    ``again`` is the password typed a second time (None when it is read from a file, once).
    """
    if not password:
        return f"The password is empty: it must be at least {MIN_PASSWORD} characters long."
    if len(password) < MIN_PASSWORD:
        return f"The password is shorter than {MIN_PASSWORD} characters: choose a longer one."
    if len(password) > MAX_PASSWORD:
        return (f"The password is longer than {MAX_PASSWORD} characters: a PDF uses only the first "
                f"{MAX_PASSWORD}, so choose one of {MIN_PASSWORD} to {MAX_PASSWORD}.")
    if password != password.strip():
        return ("The password starts or ends with a space: remove it, or the file would open only with "
                "that space typed too.")
    if any(c not in _PASSWORD_CHARACTERS for c in password):
        return ("Use only the letters A to Z, digits, spaces and punctuation such as - ! ? in the password: "
                "some PDF readers cannot open a file whose password has other characters (such as é or ß).")
    if again is not None and again != password:
        return "The two passwords are not the same. Type the same password twice."
    return ""


def write_pdf_atomically(path: str | os.PathLike[str], data: bytes, *, private: bool = True) -> Path:
    """Write PDF bytes atomically; a failure leaves any old file as it was.

    Private (0600) unless ``private=False``: a guide or a sign-off sheet holds no personal data, so
    it may be readable by others (0644) for sharing in a team folder.
    """
    target = Path(path)
    atomic_write_bytes(target, data, mode=0o600 if private else 0o644)
    return target


def write_document(path: str | os.PathLike[str], data: bytes) -> Path:
    """A document with no personal data (a guide, a sign-off sheet), written atomically as 0644."""
    return write_pdf_atomically(path, data, private=False)
