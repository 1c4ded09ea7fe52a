"""Names in other scripts print faithfully, or are marked with a warning: never boxes, never reversed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from screening.documents.pdf.markup import NOT_PRINTABLE, esc, unprintable, visual
from screening.documents.referral import build_referral_pdf
from screening.records.document import Child, Record, SelectedBehaviour
from screening.ruleset.loader import load_ruleset
from screening.settings import Settings

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
GENERATED = dt.datetime(2026, 11, 20, 15, 30, tzinfo=dt.UTC)
WARNING = "Warning: this PDF cannot print some of the text"


def pdf_for(name: str, settings: Settings, notes: str = "") -> bytes:
    record = Record(role="teacher", child=Child(name=name, age_years=7),
                    behaviours=(SelectedBehaviour("y0-plays-doctors", notes),), id="rec-1")
    return build_referral_pdf(load_ruleset(MINI), record, settings, generated_at=GENERATED, invariant=True)


def text_and_fonts(data: bytes, reader: Callable[[bytes], pypdf.PdfReader]) -> tuple[str, set[str]]:
    """The PDF's text (pypdf) and the embedded fonts' names (without the subset prefix)."""
    pages = reader(data).pages
    fonts = {str(font.get_object()["/BaseFont"]).split("+")[-1]
             for page in pages for font in page["/Resources"]["/Font"].values()}
    return "".join(page.extract_text() for page in pages), fonts


def test_arabic_is_joined_and_right_to_left() -> None:
    drawn = visual("محمد")
    # presentation forms, final letter first (drawn at the left): ﺪ is the final form of د
    assert drawn == "\ufeaa\ufee4\ufea4\ufee3"
    assert visual("Zoë") == "Zoë"
    assert visual("محمد Ali") .startswith("Ali ")


@pytest.mark.parametrize("name", ["李小龍", "王秀英", "김민준", "さくら ユウキ", "佐藤 花子"])
def test_chinese_japanese_and_korean_names_print(
    name: str, settings: Settings, reader: Callable[[bytes], pypdf.PdfReader]
) -> None:
    text, fonts = text_and_fonts(pdf_for(name, settings, f"{name} said so."), reader)
    assert f"Child: {name}" in text  # the page header, drawn on the canvas
    assert f"{name} said so." in text  # a Paragraph
    assert NOT_PRINTABLE not in text and WARNING not in text
    assert "DroidSansFallback" in fonts


def test_bengali_names_print_shaped(settings: Settings, reader: Callable[[bytes], pypdf.PdfReader]) -> None:
    # রহিম is র হ ি ম: the vowel sign ি is typed after হ but drawn before it, so shaped text reads
    # back in drawing order (রিহম); unshaped it would read back as typed, with the sign misplaced
    text, fonts = text_and_fonts(pdf_for("রহিম", settings, "রহিম (করিম) said so."), reader)
    assert "Child: রিহম" in text
    assert "রিহম (কিরম) said so." in text
    assert "রহিম" not in text and "করিম" not in text
    assert NOT_PRINTABLE not in text and WARNING not in text
    assert "NotoSansBengali-Regular" in fonts


def test_a_word_in_two_scripts_is_shaped_where_it_is_bengali(
    settings: Settings, reader: Callable[[bytes], pypdf.PdfReader]
) -> None:
    text, _ = text_and_fonts(pdf_for("Rahimরহিম", settings, "“রহিম” Rahimরহিম"), reader)
    assert "Child: Rahimরিহম" in text
    assert "“রিহম” Rahimরিহম" in text


def test_bengali_conjuncts_are_joined(settings: Settings, reader: Callable[[bytes], pypdf.PdfReader]) -> None:
    # ক্ষ (ka, virama, ssa) is one conjunct glyph, which the font maps to no single character: reportlab
    # gives it a private-use code, so the virama is gone from the text read back
    text, _ = text_and_fonts(pdf_for("লক্ষ্মী", settings), reader)
    line = next(line for line in text.splitlines() if "Child: " in line)
    name = line.split("Child: ", 1)[1]
    assert "\u09cd" not in name  # no virama drawn on its own
    assert any(0xE000 <= ord(c) <= 0xF8FF for c in name)  # a conjunct glyph
    assert WARNING not in text


def test_names_in_many_scripts_on_one_line(settings: Settings, reader: Callable[[bytes], pypdf.PdfReader]) -> None:
    text, fonts = text_and_fonts(pdf_for("Zoë 李小龍 রহিম محمد Дмитрий Νίκος", settings), reader)
    assert NOT_PRINTABLE not in text and WARNING not in text
    assert {"DejaVuSans", "DroidSansFallback", "NotoSansBengali-Regular"} <= fonts
    assert "李小龍" in text and "Дмитрий" in text and "Νίκος" in text


@pytest.mark.parametrize(("name", "script"), [("ሰላም", "Ethiopic"), ("བཀྲ་ཤིས", "Tibetan")])
def test_a_name_the_fonts_cannot_draw_is_marked_and_warned(
    name: str, script: str, settings: Settings, reader: Callable[[bytes], pypdf.PdfReader]
) -> None:
    text, _ = text_and_fonts(pdf_for(name, settings), reader)
    assert NOT_PRINTABLE in text
    assert WARNING in text and script in text
    assert name[0] not in esc(name)


def test_names_the_fonts_can_draw_get_no_warning(
    settings: Settings, reader: Callable[[bytes], pypdf.PdfReader]
) -> None:
    for name in ("محمد", "عمران خان", "Zoë Łukasz", "דוד כהן", "李小龍", "সুমাইয়া"):
        assert unprintable(visual(name)) == ""
        data = pdf_for(name, dataclasses.replace(settings))
        text, _ = text_and_fonts(data, reader)
        assert "cannot print" not in text, name
