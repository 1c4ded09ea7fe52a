"""The printed guide, poster, leaflet and sign-off sheet: what is on each page, for any valid rule set."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from screening.documents.guide import GuideError, GuideOptions, build_guide_pdf, write_guide_pdf
from screening.documents.signoff import build_signoff_pdf
from screening.ruleset.diff import diff_rulesets
from screening.ruleset.loader import load_ruleset
from screening.ruleset.model import RuleSet
from screening.texts import EMERGENCY_LINE

from .helpers import APPROVED, MINI_FILE, mini_with, pages, write_set

TODAY = dt.date(2026, 5, 1)


@pytest.fixture(scope="module")
def mini() -> RuleSet:
    return load_ruleset(MINI_FILE)


@pytest.fixture(scope="module")
def shipped() -> RuleSet:
    return load_ruleset()


def guide(ruleset: RuleSet, **options: str) -> list[str]:
    return pages(build_guide_pdf(ruleset, GuideOptions(**options), today=TODAY))  # type: ignore[arg-type]


def test_every_page_has_999_page_n_of_m_and_the_draft_mark(mini: RuleSet) -> None:
    text = guide(mini)
    total = len(text)
    for n, page in enumerate(text, start=1):
        assert EMERGENCY_LINE in page
        assert f"Page {n} of {total}" in page
        assert "DRAFT: not approved" in page


def test_the_cover_says_version_status_hash_licence_and_review(mini: RuleSet) -> None:
    cover = guide(mini)[0]
    for expected in ("Small example rule set", "0.1.0", "DRAFT: not approved for local use", "CC-BY-4.0",
                     "Review by 1 November 2027", "Not approved"):
        assert expected in cover
    assert mini.sha256 in cover.replace(" ", "")


def test_an_approved_set_has_no_draft_mark_and_names_the_approver(tmp_path: Path) -> None:
    ruleset = load_ruleset(write_set(tmp_path, mini_with(*APPROVED)))
    text = guide(ruleset)
    assert "APPROVED for local use by Example Safeguarding Partnership board on 2 March 2026" in text[0]
    assert not any("DRAFT" in page for page in text)


def test_how_to_use_puts_the_999_line_first(mini: RuleSet) -> None:
    how = guide(mini)[1]
    body = how.split("Page 2 of")[0]  # the running header and footer are drawn after the body
    assert body.strip().startswith(EMERGENCY_LINE)
    assert body.index("Identify") < body.index("Understand") < body.index("Respond")


def test_each_band_page_has_its_behaviours_in_their_columns_with_the_words(mini: RuleSet) -> None:
    text = guide(mini)
    for band in mini.age_bands:
        page = next(p for p in text if f"Ages {band.label}" in p)
        assert "GREEN" in page and "AMBER" in page and "RED" in page
        for behaviour in mini.behaviours_in(band.id):
            assert behaviour.text[:40] in page
        others = [b for b in mini.behaviours if b.band != band.id]
        assert not any(b.text[:40] in page for b in others)
        assert "Did anyone use force, threats, bribery or trickery?" in page
        assert "sets the category to at least RED" in page


def test_one_role_shows_only_its_guidance_and_every_role_shows_all(mini: RuleSet) -> None:
    one = " ".join(guide(mini, role="foster_carer"))
    assert "Record it and tell your supervising social worker today." in one
    assert "Record what you saw and tell the DSL today." not in one
    every = " ".join(guide(mini))
    assert "Record it and tell your supervising social worker today." in every
    assert "Record what you saw and tell the DSL today." in every


def test_one_band(mini: RuleSet) -> None:
    text = " ".join(guide(mini, band="9-17"))
    assert "Ages 9 to 17 years" in text and "Ages 0 to 9 years" not in text


def test_glossary_and_sources(mini: RuleSet) -> None:
    last = guide(mini)[-1]
    assert "Sources" in last and "NICE guideline NG55" in last and "https://www.nice.org.uk/guidance/ng55" in last
    assert "DSL (designated safeguarding lead)" in last  # the mini set uses "DSL"
    assert "LADO" not in last  # and never mentions a LADO


def test_the_a3_poster_has_one_page_per_band(shipped: RuleSet) -> None:
    data = build_guide_pdf(shipped, GuideOptions(paper="A3"), today=TODAY)
    text = pages(data)
    band_pages = [p for p in text if "Ages " in p and "Context questions: what a yes does" in p]
    assert len(band_pages) == len(shipped.age_bands)
    for band, page in zip(shipped.age_bands, band_pages, strict=True):
        assert f"Ages {band.label}" in page
        assert all(b.text[:30] in page for b in shipped.behaviours_in(band.id))
    width, height = PdfReader(io.BytesIO(data)).pages[0].mediabox[2:]
    assert (round(float(width)), round(float(height))) == (842, 1191)  # A3 portrait


@pytest.mark.parametrize("paper,size", [("A4", (595, 842)), ("letter", (612, 792))])
def test_paper_sizes(mini: RuleSet, paper: str, size: tuple[int, int]) -> None:
    data = build_guide_pdf(mini, GuideOptions(paper=paper), today=TODAY)
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box[2])), round(float(box[3]))) == size


def test_the_carers_leaflet_is_in_plainer_words(shipped: RuleSet) -> None:
    text = " ".join(guide(shipped, audience="carer"))
    assert "Is this normal for their age?" in text
    assert "If yes: move it up one colour." in text and "If yes: treat it as RED" in text
    assert "Who to call" in text
    # the carer's own guidance, not the teacher's
    assert shipped.category("amber").guidance["foster_carer"].summary[:40] in text
    assert shipped.category("amber").guidance["teacher"].summary[:40] not in text
    assert "raises the category by one step" not in text


def test_rule_text_is_escaped_not_read_as_markup(tmp_path: Path) -> None:
    text = mini_with(("text: Touches or rubs their own private parts, for comfort or when tired.",
                      'text: "Says <b>rude</b> & <font size=40>loud</font> words"'))
    ruleset = load_ruleset(write_set(tmp_path, text))
    joined = " ".join(guide(ruleset))
    assert "Says <b>rude</b> & <font size=40>loud</font> words" in joined


def test_unknown_role_or_band_is_a_clear_problem(mini: RuleSet) -> None:
    with pytest.raises(GuideError) as info:
        build_guide_pdf(mini, GuideOptions(role="nobody", band="1-2"))
    messages = [p.message for p in info.value.problems]
    assert messages == ["the rule set has no role 'nobody'; the choices are: teacher, foster_carer",
                        "the rule set has no age band '1-2'; the choices are: 0-9, 9-17"]


def test_writing_is_atomic_and_leaves_an_old_file_on_failure(mini: RuleSet, tmp_path: Path) -> None:
    target = tmp_path / "guide.pdf"
    write_guide_pdf(target, mini)
    assert target.read_bytes().startswith(b"%PDF")
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o644
    target.write_bytes(b"old")
    with pytest.raises(GuideError):
        write_guide_pdf(target, mini, GuideOptions(role="nobody"))
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["guide.pdf"]  # no temporary file left


def test_signoff_sheet_for_a_version_and_with_the_changes(mini: RuleSet, tmp_path: Path) -> None:
    sheet = " ".join(pages(build_signoff_pdf(mini, today=TODAY)))
    assert "Rule set review and sign-off" in sheet and "Small example rule set, version 0.1.0" in sheet
    assert "Approved by (name)" in sheet and "Signature" in sheet and "DRAFT: not approved" in sheet
    new = load_ruleset(write_set(tmp_path, mini_with(('  version: "0.1.0"', '  version: "0.2.0"'))))
    sheet = " ".join(pages(build_signoff_pdf(new, old=mini, diff=diff_rulesets(mini, new), today=TODAY)))
    assert "What changed since version 0.1.0" in sheet and "was: 0.1.0 now: 0.2.0" in sheet


def test_the_shipped_guides_running_header_shows_the_whole_title() -> None:
    from screening.ruleset.loader import load_ruleset

    shipped = load_ruleset(None)
    reader = PdfReader(io.BytesIO(build_guide_pdf(shipped, GuideOptions())))
    page = reader.pages[1].extract_text()
    assert f"{shipped.info.title}, version {shipped.info.version}" in page and "gu…" not in page


def test_side_by_side_fills_a_poster_page_shrunk_to_fit() -> None:
    # KeepInFrame lays shrunk content out wider than the page: the halves must be built at that width
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import KeepInFrame, Spacer, Table

    from screening.documents import guide_parts as parts

    def halves(width: float) -> tuple[list[Table], list[Table]]:
        return [Table([[""]], colWidths=[width])], [Table([[""]], colWidths=[width])]

    row = parts.side_by_side(halves)
    page = KeepInFrame(400, 500, [Spacer(1, 1500), row], mode="shrink")
    page.wrapOn(Canvas(io.BytesIO()), 400, 500)
    scale = page._scale
    assert scale > 2
    assert row.width == pytest.approx(400 * scale, rel=0.01)
