"""Names in other scripts print faithfully, or are marked with a warning: never boxes, never reversed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pypdf

from screening.documents.pdf.markup import NOT_PRINTABLE, esc, unprintable, visual
from screening.documents.referral import build_referral_pdf
from screening.records.document import Child, Record, SelectedBehaviour
from screening.ruleset.loader import load_ruleset
from screening.settings import Settings

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
GENERATED = dt.datetime(2026, 11, 20, 15, 30, tzinfo=dt.UTC)


def pdf_for(name: str, settings: Settings) -> bytes:
    record = Record(role="teacher", child=Child(name=name, age_years=7),
                    behaviours=(SelectedBehaviour("y0-plays-doctors"),), id="rec-1")
    return build_referral_pdf(load_ruleset(MINI), record, settings, generated_at=GENERATED, invariant=True)


def test_arabic_is_joined_and_right_to_left() -> None:
    drawn = visual("محمد")
    # presentation forms, final letter first (drawn at the left): ﺪ is the final form of د
    assert drawn == "\ufeaa\ufee4\ufea4\ufee3"
    assert visual("Zoë") == "Zoë"
    assert visual("محمد Ali") .startswith("Ali ")


def test_a_name_the_fonts_cannot_draw_is_marked_and_warned(
    settings: Settings, reader: Callable[[bytes], pypdf.PdfReader]
) -> None:
    data = pdf_for("李小龍", settings)
    text = "".join(page.extract_text() for page in reader(data).pages)
    assert NOT_PRINTABLE in text
    assert "Warning: this PDF cannot print some of the text" in text and "Chinese, Japanese or Korean" in text
    assert "李" not in esc("李小龍")


def test_names_the_fonts_can_draw_get_no_warning(
    settings: Settings, reader: Callable[[bytes], pypdf.PdfReader]
) -> None:
    for name in ("محمد", "عمران خان", "Zoë Łukasz"):
        assert unprintable(visual(name)) == ""
        data = pdf_for(name, dataclasses.replace(settings))
        text = "".join(page.extract_text() for page in reader(data).pages)
        assert "cannot print" not in text, name
