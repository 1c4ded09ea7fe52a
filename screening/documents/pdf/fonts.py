"""The embedded fonts, registered with reportlab once per process.

The main family is DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew). What it lacks is drawn
by a fallback font for its script, registered only when a document first holds such text, since
the Chinese font is large (see ``markup.Fallback``):

- Noto Sans Bengali (Regular, Bold): Bengali, shaped by HarfBuzz (uharfbuzz) so that vowel signs
  are reordered and consonants joined into conjuncts. Without uharfbuzz it is not offered at all,
  and Bengali is marked "[cannot print]" rather than printed unshaped.
- Droid Sans Fallback (one weight): Chinese (the CJK Unified Ideographs block), Japanese kana,
  Korean Hangul syllables. Bold text in these scripts prints in the one weight there is.

Importing this module hooks into reportlab's Paragraph (``_install_paragraph_hook``): each piece
of a Paragraph is drawn in the font that has it, and only Paragraphs holding Bengali are shaped,
in them only the Bengali words, so everything else lays out as before.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from reportlab.lib.fonts import addMapping, ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph

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

SHAPING = ttfonts.uharfbuzz is not None  # HarfBuzz is there: complex scripts can be shaped


@dataclass(frozen=True)
class Family:
    """A fallback family: its font files by (bold, italic), the scripts' blocks it is for."""

    name: str  # the regular font's name, and the face in markup
    files: tuple[tuple[str, str], ...]  # (font name, file name); the first is the regular
    styles: tuple[str, str, str, str]  # font names for regular, bold, italic, bold italic
    ranges: tuple[tuple[int, int], ...]
    shaped: bool = False  # needs HarfBuzz (reordering, conjuncts)


BENGALI = Family(
    "NotoSansBengali",
    (("NotoSansBengali", "NotoSansBengali-Regular.ttf"), ("NotoSansBengali-Bold", "NotoSansBengali-Bold.ttf")),
    ("NotoSansBengali", "NotoSansBengali-Bold", "NotoSansBengali", "NotoSansBengali-Bold"),
    ((0x0980, 0x09FF), (0x0964, 0x0965)),  # the Bengali block, and the dandas it shares with Devanagari
    shaped=True,
)
CJK = Family(
    "DroidSansFallback",
    (("DroidSansFallback", "DroidSansFallback.ttf"),),
    ("DroidSansFallback",) * 4,
    (
        (0x1100, 0x11FF),  # Hangul Jamo
        (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
        (0x2FF0, 0x30FF),  # ideographic description, CJK punctuation, Hiragana, Katakana
        (0x3100, 0x33FF),  # Bopomofo, Hangul compatibility Jamo, enclosed and compatibility CJK
        (0x3400, 0x4DBF),  # CJK Extension A (the font has almost none: marked where missing)
        (0x4E00, 0x9FFF),  # CJK Unified Ideographs
        (0xAC00, 0xD7AF),  # Hangul syllables
        (0xF900, 0xFAFF),  # CJK compatibility ideographs
        (0xFE30, 0xFE4F),  # CJK compatibility forms
        (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms
    ),
)
FALLBACKS: tuple[Family, ...] = (BENGALI, CJK) if SHAPING else (CJK,)

_lock = threading.Lock()
_ready = False
_loaded: dict[str, frozenset[int]] = {}
_shaped_fonts: set[str] = set()  # font names whose words HarfBuzz shapes
_fallback_fonts: set[str] = set()  # font names of every fallback family registered
_installed = False


class _NamedBytes(io.BytesIO):
    """reportlab names an embedded font after its file's ``name``."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def fonts_dir() -> Traversable:
    """The shipped fonts folder, wherever the package is installed."""
    return resources.files("resources") / "fonts"


def _read(file_name: str, error: type[PdfError]) -> bytes:
    source = fonts_dir() / file_name
    try:
        return source.read_bytes()
    except OSError as exc:
        raise error(
            [Problem(str(source), 0, 0, f"the font for the document is missing or unreadable: {exc}")]
        ) from None


def register_fonts(error: type[PdfError] = PdfError) -> str:
    """Register the main TTF family once; return its name. A missing font raises ``error``.

    The fallback families are registered later, when text first needs them (``markup.runs``).
    """
    global _ready
    with _lock:
        if _ready:
            return FONT
        for name, file_name in _FONT_FILES.items():
            font = TTFont(name, _NamedBytes(_read(file_name, error), file_name))
            pdfmetrics.registerFont(font)
            if name == FONT:
                # what the regular face can draw; the rest goes to a fallback or is marked
                markup.set_coverage(
                    font.face.charToGlyph,
                    [markup.Fallback(f.name, f.ranges, partial(_load, f)) for f in FALLBACKS],
                )
        for bold, italic, name in ((0, 0, FONT), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
            addMapping(FONT, bold, italic, name)
        _ready = True
    return FONT


def _load(family: Family) -> frozenset[int]:
    """Register a fallback family (once); the code points its regular font has.

    A font that cannot be read covers nothing: its script is then marked "[cannot print]" with the
    document's warning, as for any script no font has, rather than the whole document failing.
    """
    with _lock:
        if family.name in _loaded:
            return _loaded[family.name]
        coverage: frozenset[int] = frozenset()
        try:
            fonts = [TTFont(name, _NamedBytes(_read(file_name, PdfError), file_name), shapable=family.shaped)
                     for name, file_name in family.files]
        except (PdfError, ttfonts.TTFError):
            fonts = []
        for font in fonts:
            pdfmetrics.registerFont(font)
            _fallback_fonts.add(font.fontName)
            if family.shaped:
                _shaped_fonts.add(font.fontName)
        if fonts:
            regular, bold, italic, bold_italic = family.styles
            # the regular mapping last, so the family's regular font reads back as (regular, not bold)
            for b, i, name in ((1, 1, bold_italic), (0, 1, italic), (1, 0, bold), (0, 0, regular)):
                addMapping(family.name, b, i, name)
            coverage = frozenset(fonts[0].face.charToGlyph)
        _loaded[family.name] = coverage
        return coverage


def face_font(face: str, font: str) -> str:
    """The concrete font for a run in ``face`` where the text's own font is ``font`` (its bold
    and italic kept): ``face_font("NotoSansBengali", BOLD)`` is the Bengali bold."""
    if face == markup.MAIN:
        return font
    _, bold, italic = ps2tt(font)
    name: str = tt2ps(face, bold, italic)
    return name


def is_shaped(font: str) -> bool:
    """Whether runs in this font are shaped by HarfBuzz (so canvas text must ask for it)."""
    return font in _shaped_fonts


def _install_paragraph_hook() -> None:
    """Every Paragraph draws each piece in the font that has it, and shapes Bengali.

    After reportlab parses a Paragraph's markup, each piece of text is cut where its font changes
    (``markup.runs``), the fallback pieces keeping the piece's bold and italic (a ``<font face>``
    tag would drop them). reportlab shapes a Paragraph only when its style asks (``shaping``) and
    the style's font can be shaped, and then it shapes every word with the font of the word's
    first piece. So a Paragraph that holds text in a shaped font is given a copy of its style that
    asks (every other Paragraph is laid out exactly as before, at the same speed), and the shaping
    step reportlab calls is ``_shape_word``, which leaves words without Bengali alone and shapes
    each piece of a word in its own font (reportlab would shape "(রহিম" with DejaVu).
    """
    global _installed
    if _installed:
        return
    original = paragraph.Paragraph.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        cut = _with_fallbacks(self.frags)
        if cut is not None:
            self.frags = cut
        if _shaped_fonts and not self.style.shaping and _holds_shaped(self.frags):
            self.style = ParagraphStyle(self.style.name, parent=self.style, shaping=1)

    paragraph.Paragraph.__init__ = __init__
    paragraph.shapeFragWord = _shape_word
    _installed = True


def _with_fallbacks(frags: Sequence[Any]) -> list[Any] | None:
    """A Paragraph's parsed pieces cut where the font changes, or None if none changes.

    Pieces already laid out into words (a Paragraph split across pages) are left as they are.
    """
    if not frags or isinstance(frags[0], list):
        return None
    out: list[Any] = []
    changed = False
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or hasattr(frag, "cbDefn") or frag.fontName in _fallback_fonts:
            out.append(frag)
            continue
        parts = markup.runs(text)
        if parts == [(markup.MAIN, text)]:
            out.append(frag)
            continue
        changed = True
        out.extend(frag.clone(text=piece, fontName=face_font(face, frag.fontName)) for face, piece in parts)
    return out if changed else None


def _holds_shaped(frags: Sequence[Any]) -> bool:
    """Whether a Paragraph's pieces (parsed fragments, or words once split) use a shaped font."""
    for frag in frags:
        if isinstance(frag, list):  # a word: [width, (frag, text), ...]
            if any(_font_of(part) in _shaped_fonts for part in frag[1:]):
                return True
        elif getattr(frag, "fontName", None) in _shaped_fonts:
            return True
    return False


def _font_of(part: Sequence[Any]) -> str | None:
    frag = part[0]
    return None if hasattr(frag, "cbDefn") else getattr(frag, "fontName", None)


def _shape_word(word: list[Any]) -> list[Any]:
    """A word of a Paragraph ([width, (frag, text), ...]) with its pieces in shaped fonts shaped."""
    parts = word[1:]
    if isinstance(word, ttfonts.ShapedFragWord) or not any(_font_of(p) in _shaped_fonts for p in parts):
        return word
    if any(isinstance(text, ttfonts.ShapedStr) for _, text in parts):
        return word  # shaped already (a paragraph split across pages or cells is laid out again)
    if all(_font_of(p) == _font_of(parts[0]) for p in parts):
        shaped: list[Any] = ttfonts.shapeFragWord(word)
        return shaped
    # pieces in several fonts: shape each run of one shaped font on its own, keep the rest
    out: list[Any] = []
    width = float(word[0])
    start = 0
    while start < len(parts):
        font = _font_of(parts[start])
        end = start + 1
        while end < len(parts) and _font_of(parts[end]) == font:
            end += 1
        group = list(parts[start:end])
        if font in _shaped_fonts:
            before = sum(pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize) for frag, text in group)
            result = ttfonts.shapeFragWord([before, *group])
            width += float(result[0]) - before
            out.extend(result[1:])
        else:
            out.extend(group)
        start = end
    made: list[Any] = ttfonts.makeShapedFragWord(word)([width, *out])
    return made


_install_paragraph_hook()
