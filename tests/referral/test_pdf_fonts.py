"""The fallback fonts shared by every PDF: which font draws what, loaded only when needed, and
HarfBuzz shaping only for the Paragraphs that hold Bengali."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from reportlab.platypus import Paragraph

from screening.documents.pdf import fonts
from screening.documents.pdf.lines import pieces, width
from screening.documents.pdf.markup import MAIN, NOT_PRINTABLE, esc, runs, scripts_of, unprintable
from screening.documents.pdf.styles import styles

REPO = Path(__file__).resolve().parents[2]
BENGALI, CJK = fonts.BENGALI.name, fonts.CJK.name


def test_each_piece_goes_to_the_font_that_has_it() -> None:
    assert runs("Zoë") == [(MAIN, "Zoë")]
    assert runs("Child: 李小龍。") == [(MAIN, "Child: "), (CJK, "李小龍。")]
    assert runs("রহিম Ali") == [(BENGALI, "রহিম "), (MAIN, "Ali")]
    assert runs("") == []


def test_punctuation_and_joiners_stay_with_the_word_they_touch() -> None:
    # brackets, commas and the danda around a Bengali word are in the Bengali run, so the word is shaped whole
    assert runs("(রহিম),") == [(BENGALI, "(রহিম),")]
    assert runs("রহিম।") == [(BENGALI, "রহিম।")]
    assert runs("ক্\u200dষ") == [(BENGALI, "ক্\u200dষ")]  # a zero-width joiner inside a Bengali word


def test_characters_no_font_has_become_one_marker_a_run() -> None:
    assert runs("ሰላም ሰላም") == [(MAIN, f"{NOT_PRINTABLE} {NOT_PRINTABLE}")]
    assert runs("Abebe ሰላም 李") == [(MAIN, f"Abebe {NOT_PRINTABLE}"), (CJK, " 李")]


def test_rare_ideographs_the_cjk_font_lacks_are_marked() -> None:
    # Extension A (U+3401) and B (U+20000) are beyond Droid Sans Fallback: marked, and named in the warning
    assert unprintable("李\u3401\U00020000") == "\u3401\U00020000"
    assert scripts_of(unprintable("\u3401")) == ["Chinese, Japanese or Korean"]


def test_escaped_text_is_marked_and_keeps_markup_inert() -> None:
    assert esc("<b>李</b> & ሰላም") == f"&lt;b&gt;李&lt;/b&gt; &amp; {NOT_PRINTABLE}"


def test_each_piece_of_a_paragraph_gets_its_font_keeping_bold_and_italic() -> None:
    style = styles()["Cell"]
    bold = Paragraph(f"<b>Zoë {esc('রহিম 李')}</b> and {esc('李')}", style)
    assert [(f.fontName, f.text) for f in bold.frags] == [
        ("DejaVuSans-Bold", "Zoë "), ("NotoSansBengali-Bold", "রহিম "), ("DroidSansFallback", "李"),
        ("DejaVuSans", " and "), ("DroidSansFallback", "李"),
    ]
    italic = Paragraph(f"<i>{esc('রহিম')}</i>", style)
    assert [f.fontName for f in italic.frags] == ["NotoSansBengali"]  # no Bengali italic: the upright face
    assert fonts.face_font(BENGALI, fonts.BOLD) == "NotoSansBengali-Bold"
    assert fonts.face_font(MAIN, fonts.BOLD) == fonts.BOLD


def test_only_paragraphs_holding_bengali_are_shaped() -> None:
    style = styles()["Cell"]
    latin = Paragraph(esc("Zoë said 李小龍 was there."), style)
    assert not latin.style.shaping  # laid out exactly as before
    bengali = Paragraph(esc("Zoë said রহিম was there."), style)
    assert bengali.style.shaping and bengali.style.fontName == style.fontName
    assert not style.shaping  # the shared style is left alone


def test_shaping_leaves_words_without_bengali_alone() -> None:
    para = Paragraph(esc("Zoë"), styles()["Cell"])
    word = [10.0, (para.frags[0], "Zoë")]
    assert fonts._shape_word(word) is word


def test_a_shaped_line_on_the_canvas_is_measured_shaped() -> None:
    # ক্ষ is three characters but one conjunct glyph: narrower shaped than its three glyphs side by side
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs("ক্ষ")  # loads the Bengali font
    assert pieces("ক্ষ", fonts.FONT) == [("NotoSansBengali", "ক্ষ")]
    assert width("ক্ষ", fonts.FONT, 10) < stringWidth("ক্ষ", "NotoSansBengali", 10)


def test_a_missing_fallback_font_covers_nothing_instead_of_failing() -> None:
    missing = fonts.Family("Missing", (("Missing", "no-such-font.ttf"),), ("Missing",) * 4, ((0x1200, 0x137F),))
    assert fonts._load(missing) == frozenset()


def _fonts_registered_after(name: str) -> dict[str, object]:
    code = f"""
        import datetime as dt, json
        from pathlib import Path
        from reportlab.pdfbase import pdfmetrics
        from screening.documents.referral import build_referral_pdf
        from screening.records.document import Child, Record, SelectedBehaviour
        from screening.ruleset.loader import load_ruleset
        from screening.settings import Settings
        record = Record(role="teacher", child=Child(name={name!r}, age_years=7),
                        behaviours=(SelectedBehaviour("y0-plays-doctors"),), id="rec-1")
        build_referral_pdf(load_ruleset(Path("tests/data/mini")), record, Settings())
        print(json.dumps(sorted(pdfmetrics.getRegisteredFontNames())))
    """
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=REPO,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    return {"fonts": json.loads(done.stdout.strip().splitlines()[-1])}


def test_the_large_fonts_are_loaded_only_for_documents_that_need_them() -> None:
    latin = _fonts_registered_after("Zoë Łukasz")["fonts"]
    assert isinstance(latin, list) and "DejaVuSans" in latin
    assert CJK not in latin and BENGALI not in latin
    chinese = _fonts_registered_after("李小龍")["fonts"]
    assert isinstance(chinese, list) and CJK in chinese and BENGALI not in chinese


def test_canvas_text_is_drawn_only_through_pdf_lines() -> None:
    # drawString draws every character in one font (boxes for the rest) and never shapes Bengali
    core = REPO / "screening"
    offending = [f"{path.relative_to(REPO)}: {call}" for path in sorted(core.rglob("*.py"))
                 if path != core / "documents" / "pdf" / "lines.py"
                 for call in ("drawString(", "drawCentredString(", "drawRightString(")
                 if call in path.read_text(encoding="utf-8")]
    assert offending == []
