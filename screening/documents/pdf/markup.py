"""Text for PDF markup and canvas lines. Imports no reportlab (callers re-export ``esc``)."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(text: str) -> str:
    """Text made safe for Paragraph markup: entities for & < > " ' and line breaks kept."""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).replace("\t", "    ")
    return escape(text, {'"': "&quot;", "'": "&#39;"}).replace("\n", "<br/>")


def one_line(text: str) -> str:
    """Canvas text on one line: no control characters, white space folded."""
    return " ".join(CONTROL.sub("", text).split())
