"""Text for PDF markup and canvas lines. Imports no reportlab (callers re-export ``esc``).

Characters the embedded fonts have no glyph for would print as empty boxes, which can make a
child's name unreadable without anyone noticing. They are replaced by a visible marker instead,
and the document says so (``unprintable`` finds them); fonts.register_fonts sets the coverage.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from xml.sax.saxutils import escape

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOT_PRINTABLE = "[cannot print]"

_coverage: frozenset[int] = frozenset()


def set_coverage(points: Iterable[int]) -> None:
    """The code points the embedded fonts can draw (called once the fonts are registered)."""
    global _coverage
    _coverage = frozenset(points)


def _drawable(char: str) -> bool:
    # no coverage known (fonts not registered yet): nothing is replaced
    return not _coverage or ord(char) in _coverage or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def unprintable(text: str) -> str:
    """The distinct characters of text that the embedded fonts cannot draw, in order."""
    return "".join(dict.fromkeys(c for c in text if not _drawable(c)))


def printable(text: str) -> str:
    """Text with each run of characters the fonts cannot draw replaced by a visible marker."""
    if not _coverage or not unprintable(text):
        return text
    out: list[str] = []
    for char in text:
        if _drawable(char):
            out.append(char)
        elif not out or out[-1] != NOT_PRINTABLE:
            out.append(NOT_PRINTABLE)
    return "".join(out)


def scripts_of(chars: str) -> list[str]:
    """Plain names of the writing systems of characters, for the warning: "Chinese, Japanese or Korean"."""
    names: dict[str, None] = {}
    for char in chars:
        first = unicodedata.name(char, "UNKNOWN").split()[0]
        names[_SCRIPT_WORDS.get(first, first.title())] = None
    return list(names)


_SCRIPT_WORDS = {
    "CJK": "Chinese, Japanese or Korean",
    "HIRAGANA": "Japanese",
    "KATAKANA": "Japanese",
    "HANGUL": "Korean",
    "UNKNOWN": "unknown characters",
}


def _right_to_left(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def visual(text: str) -> str:
    """Each line in the order and letter forms it is drawn in: reportlab draws characters left to
    right as given, so Arabic would come out reversed and unjoined. Arabic and Urdu letters are
    joined (arabic-reshaper, into the presentation forms the font has) and right-to-left runs
    reordered by the Unicode bidi algorithm (python-bidi); a line without them is unchanged."""
    if not any(_right_to_left(c) for c in text):
        return text
    from arabic_reshaper import reshape
    from bidi import get_display

    return "\n".join(get_display(reshape(line)) if any(_right_to_left(c) for c in line) else line
                     for line in text.split("\n"))


def esc(text: str) -> str:
    """Text made safe for Paragraph markup: entities for & < > " ' and line breaks kept."""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).replace("\t", "    ")
    return escape(printable(visual(text)), {'"': "&quot;", "'": "&#39;"}).replace("\n", "<br/>")


def one_line(text: str) -> str:
    """Canvas text on one line: no control characters, white space folded."""
    return printable(visual(" ".join(CONTROL.sub("", text).split())))
