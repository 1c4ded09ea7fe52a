"""Text for PDF markup and canvas lines. Imports no reportlab (callers re-export ``esc``).

Each character is drawn by the first font that has it: the main family (DejaVu Sans), else a
fallback font for its script (Bengali, Chinese/Japanese/Korean), which is loaded only when some
text needs it. ``runs`` cuts text into pieces of one font each: every Paragraph's pieces are cut
so (``pdf.fonts``), keeping their bold and italic, and canvas lines are drawn piece by piece
(``pdf.lines``).

Characters no font has a glyph for would print as empty boxes, which can make a child's name
unreadable without anyone noticing. They are replaced by a visible marker instead, and the
document says so (``unprintable`` finds them). ``fonts.register_fonts`` tells this module what
the fonts cover (``set_coverage``); until then nothing is replaced.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOT_PRINTABLE = "[cannot print]"
MAIN = ""  # the face of a run in the main family: the style's own font, no markup needed

_ALWAYS = ("Cc", "Cf", "Zl", "Zp")  # drawn as nothing (joiners, marks of direction): never "missing"


@dataclass(frozen=True)
class Fallback:
    """A font for what the main family lacks, loaded only when text needs it.

    ``face`` is its family name in ``<font face=...>`` markup; ``ranges`` are the code points it
    is there for (its scripts' blocks), so a text outside them never loads it; ``load`` registers
    the font (once) and returns the code points it really has, or nothing if it cannot be read.
    """

    face: str
    ranges: tuple[tuple[int, int], ...]
    load: Callable[[], frozenset[int]]

    def claims(self, code: int) -> bool:
        return any(low <= code <= high for low, high in self.ranges)


_main: frozenset[int] = frozenset()
_ascii_main = False  # the main family draws every printable ASCII character (the rest are controls)
_fallbacks: tuple[Fallback, ...] = ()
_loaded: dict[str, frozenset[int]] = {}
_lock = threading.Lock()


def set_coverage(points: Iterable[int], fallbacks: Iterable[Fallback] = ()) -> None:
    """What the main family can draw, and the fallback fonts in the order they are tried."""
    global _main, _fallbacks, _ascii_main
    with _lock:
        _main = frozenset(points)
        _ascii_main = all(code in _main for code in range(0x20, 0x7F))
        _fallbacks = tuple(fallbacks)
        _loaded.clear()


def _ensure_coverage() -> None:
    # esc() before any document registered the fonts: register them now (they are needed anyway)
    if not _main:
        from screening.documents.pdf import fonts

        fonts.register_fonts()


def _covered(face: str, code: int) -> bool:
    if face == MAIN:
        return code in _main
    points = _loaded.get(face)
    if points is None:
        fallback = next(f for f in _fallbacks if f.face == face)
        points = fallback.load()
        with _lock:
            _loaded[face] = points
    return code in points


def _face_of(char: str) -> str | None:
    """The first font that draws the character (MAIN, a fallback's face), or None for none."""
    code = ord(char)
    if code in _main:
        return MAIN
    for fallback in _fallbacks:
        if fallback.claims(code) and _covered(fallback.face, code):
            return fallback.face
    return None


def _strong(char: str) -> bool:
    """Letters and digits choose their font; punctuation, spaces and marks go with their neighbours."""
    return unicodedata.category(char)[0] in "LN"


def _all_main(text: str) -> bool:
    if _ascii_main and text.isascii():  # most text: decided at C speed
        return True
    return all(ord(c) in _main or unicodedata.category(c) in _ALWAYS for c in text)


def runs(text: str) -> list[tuple[str, str]]:
    """Text as (face, piece) runs: each piece drawn by one font, characters no font has replaced
    by the marker (in the main face). A mark, a space or punctuation keeps its neighbour's font
    when that has it, so a Bengali word and its comma or joiner are shaped together."""
    if not text:
        return []
    _ensure_coverage()
    if _all_main(text):
        return [(MAIN, text)]
    own: list[str | None] = [_face_of(c) for c in text]
    faces: list[str | None] = list(own)
    strong = [_strong(c) for c in text]
    # a neutral character takes the font of the strong character before it, else after it, if that has it
    for i, char in enumerate(text):
        if strong[i]:
            continue
        always = unicodedata.category(char) in _ALWAYS
        before = faces[i - 1] if i else None
        after = next((own[j] for j in range(i + 1, len(text)) if strong[j]), None)
        for face in (before, after):
            if face is not None and (always or _covered(face, ord(char))):
                faces[i] = face
                break
        else:
            if faces[i] is None and always:
                faces[i] = MAIN
    out: list[tuple[str, str]] = []
    for i, (char, face) in enumerate(zip(text, faces, strict=True)):
        piece_face, piece = (MAIN, NOT_PRINTABLE) if face is None else (face, char)
        if face is None and i and faces[i - 1] is None:
            continue  # one marker for a run of characters that cannot be printed
        if out and out[-1][0] == piece_face:
            out[-1] = (piece_face, out[-1][1] + piece)
        else:
            out.append((piece_face, piece))
    return out


def unprintable(text: str) -> str:
    """The distinct characters of text that no embedded font can draw, in order."""
    if not text:
        return ""
    _ensure_coverage()
    if _all_main(text):
        return ""
    return "".join(dict.fromkeys(c for c in text if unicodedata.category(c) not in _ALWAYS and _face_of(c) is None))


def printable(text: str) -> str:
    """Text with each run of characters the fonts cannot draw replaced by a visible marker."""
    return "".join(piece for _, piece in runs(text))


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
    if text.isascii() or not any(_right_to_left(c) for c in text):
        return text
    from arabic_reshaper import reshape
    from bidi import get_display

    return "\n".join(get_display(reshape(line)) if any(_right_to_left(c) for c in line) else line
                     for line in text.split("\n"))


def esc(text: str) -> str:
    """Text made safe for Paragraph markup: entities for & < > " ' and line breaks kept, characters
    no font has marked. Each Paragraph then draws each piece in the font that has it (``pdf.fonts``)."""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).replace("\t", "    ")
    return escape(printable(visual(text)), {'"': "&quot;", "'": "&#39;"}).replace("\n", "<br/>")


def one_line(text: str) -> str:
    """Canvas text on one line, in drawing order: no control characters, white space folded.
    Not yet cut into fonts: ``pdf.lines`` draws it run by run."""
    return visual(" ".join(CONTROL.sub("", text).split()))
