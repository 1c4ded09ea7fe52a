"""The embedded font family (DejaVu Sans), registered with reportlab once per process."""

from __future__ import annotations

import io
import threading
from importlib import resources
from importlib.resources.abc import Traversable

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from screening.documents.pdf import PdfError, markup
from screening.problems import Problem

FONT = "DejaVuSans"
BOLD = f"{FONT}-Bold"
ITALIC = f"{FONT}-Oblique"
BOLD_ITALIC = f"{FONT}-BoldOblique"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

_lock = threading.Lock()
_ready = False


class _NamedBytes(io.BytesIO):
    """reportlab names an embedded font after its file's ``name``."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def fonts_dir() -> Traversable:
    """The shipped fonts folder, wherever the package is installed."""
    return resources.files("resources") / "fonts"


def register_fonts(error: type[PdfError] = PdfError) -> str:
    """Register the embedded TTF family once; return its name. A missing font raises ``error``."""
    global _ready
    with _lock:
        if _ready:
            return FONT
        for name, file_name in _FONT_FILES.items():
            source = fonts_dir() / file_name
            try:
                data = source.read_bytes()
            except OSError as exc:
                raise error(
                    [Problem(str(source), 0, 0, f"the font for the document is missing or unreadable: {exc}")]
                ) from None
            font = TTFont(name, _NamedBytes(data, file_name))
            pdfmetrics.registerFont(font)
            if name == FONT:
                # what the regular face can draw; anything else is marked, never printed as boxes
                markup.set_coverage(font.face.charToGlyph)
        for bold, italic, name in ((0, 0, FONT), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
            addMapping(FONT, bold, italic, name)
        _ready = True
    return FONT
