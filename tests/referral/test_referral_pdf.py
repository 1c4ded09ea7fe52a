"""The referral summary PDF: every field printed verbatim, page furniture, splitting, safety."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re

import pytest

from screening.documents import referral
from screening.documents.referral import (
    MARKING,
    ReferralError,
    build_referral_pdf,
    esc,
    suggested_file_name,
    write_referral_pdf,
)
from screening.documents.referral import story as referral_story
from screening.records.document import CONSENT, PARENTS_NOT_TOLD_REASONS, Child, Record, RuleSetRef, SelectedBehaviour
from screening.settings import Settings

GENERATED = dt.datetime(2026, 11, 20, 15, 30, tzinfo=dt.UTC)


def squash(text: str) -> str:
    """Text without whitespace, so where the PDF wraps lines does not matter."""
    return re.sub(r"\s+", "", text)


def build(ruleset, record, settings=None, **kwargs):
    return build_referral_pdf(ruleset, record, settings or Settings(), generated_at=GENERATED, invariant=True,
                              **kwargs)


def test_esc_turns_markup_into_entities():
    assert esc("<b>&\"'</b>") == "&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;"
    assert esc("one\ntwo\r\nthree") == "one<br/>two<br/>three"
    assert esc("bell\x07 nul\x00") == "bell nul"


def test_every_field_is_printed_verbatim(mini, full_record, settings, hostile, page_texts, body_texts):
    data = build(mini, full_record, settings)
    whole = squash("".join(page_texts(data)))
    body = squash("".join(body_texts(data)))
    r, c, j, ref = full_record, full_record.child, full_record.judgement, full_record.referral
    expected = [
        c.name, c.gender, c.school, c.address, c.developmental_age_reason, "2 March 2019", "19 November 2026",
        *(b.notes for b in r.behaviours),
        *(mini.behaviour(b.id).text for b in r.behaviours),
        *(u.description for u in r.unlisted_behaviours), *(u.notes for u in r.unlisted_behaviours),
        mini.factor("secrecy").question, mini.factor("secrecy").explanation,
        j.reason, j.actions_taken, j.consulted, "MASH referral", "Differs from the tool's suggestion",
        *dataclasses.astuple(ref.referrer), ref.family,
        *(o.name for o in ref.other_children), *(o.relationship for o in ref.other_children),
        ref.other_children[0].notes,
        PARENTS_NOT_TOLD_REASONS["parent_may_be_responsible"], ref.parents_not_informed_details,
        CONSENT["not_sought"], ref.consent_details, ref.immediate_risk_details,
        r.addenda[0].author, r.addenda[0].text, "21 November 2026 at 09:15 UTC",
        settings.mash_phone, settings.mash_online_form, settings.consultation_line, settings.lado,
        settings.police_non_emergency, settings.police_emergency, settings.retention_note,
        mini.sha256, "If a child is in immediate danger, call 999.",
    ]
    missing = [value for value in expected if squash(value) not in body]
    assert missing == []
    assert len(hostile) >= 8
    for text in hostile:
        assert squash(text) in whole
    # the child's name is in the header of every page
    assert all(squash(f"Child: {c.name}") in squash(t) for t in page_texts(data))


@pytest.mark.parametrize("name", ["Zoë", "Siân", "Łukasz", "O'Brien", "Zoë Siân Łukasz O'Brien-Ødegård"])
def test_accented_names_come_out_as_typed(mini, name, body_texts):
    record = Record(role="teacher", child=Child(name=name, age_years=5),
                    behaviours=(SelectedBehaviour("y0-plays-doctors", f"Seen by {name}"),))
    body = "".join(body_texts(build(mini, record)))
    assert f"Seen by {name}" in body
    assert name in body


def test_sections_come_in_the_order_a_mash_worker_reads_them(mini, full_record, settings, body_texts):
    body = squash("".join(body_texts(build(mini, full_record, settings))))
    titles = ["Urgency and immediate risk", "The child", "Family and household", "Referrer", "What happened",
              "Context", "Other children involved", "The tool's suggestion", "The practitioner's judgement",
              "Actions taken and who was consulted", "Parents, carers and consent", "Addenda", "Local contacts"]
    positions = [body.find(squash(f"{n}. {t}")) for n, t in enumerate(titles, start=1)]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_page_furniture(mini, full_record, settings, page_texts, reader):
    data = build(mini, full_record, settings)
    pages = page_texts(data)
    total = len(pages)
    assert total >= 2
    assert "Page 1 of " + str(total) in pages[0]
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert text.count(MARKING) >= 2  # top and bottom
        assert "Referral summary: harmful sexual behaviour screening" in text
        assert f"version {mini.info.version}" in text
        assert mini.short_hash in text
        assert "Record: rec-0042" in text
        assert "Generated 20 November 2026 at 15:30 UTC" in text
        assert "DRAFT" not in text  # a final record
    info = reader(data).metadata
    assert info.title == referral.TITLE
    assert full_record.child.name not in (info.title or "") + (info.subject or "") + (info.author or "")


def test_a_draft_is_marked_on_every_page(mini, page_texts):
    record = Record(role="teacher", child=Child(age_years=5))
    assert all("DRAFT: not finalised" in t for t in page_texts(build(mini, record)))


def test_colour_words_are_printed_beside_their_behaviours(mini, full_record, body_texts):
    whole = "".join(body_texts(build(mini, full_record)))
    body = whole[whole.index("5. What happened") : whole.index("6. Context")]
    for word in ("GREEN", "AMBER", "RED"):
        assert re.search(rf"\b{word}\b", body), word
    green = body.index("GREEN")
    amber = body.index("AMBER")
    red = body.index("RED")
    assert green < body.index("Notes green") < amber < body.index("Notes amber") < red < body.index("Notes red")
    assert "NOT LISTED" in body


def test_the_suggestion_and_its_trace_are_printed(mini, full_record, body_texts):
    from screening.engine import assess

    body = squash("".join(body_texts(build(mini, full_record))))
    for line in assess(mini, full_record, today=GENERATED.date()).trace_lines():
        assert squash(line) in body
    assert squash("(this set the suggestion)") in body


@pytest.mark.parametrize(("size", "width", "height"), [("A4", 595.28, 841.89), ("Letter", 612, 792)])
def test_paper_size_follows_the_settings(mini, full_record, reader, size, width, height):
    data = build(mini, full_record, Settings(paper_size=size))
    for page in reader(data).pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.1)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.1)


def test_a_4000_character_paragraph_flows_whole_across_pages(mini, body_texts):
    long = " ".join(f"w{i:04d}" for i in range(800))[:4000]
    assert len(long) == 4000
    words = long.split()
    record = Record(
        role="teacher",
        child=Child(name="Long", age_years=5),
        behaviours=(SelectedBehaviour("y0-plays-doctors", long),),
        referral=dataclasses.replace(Record(role="x").referral, family=long),
    )
    pages = body_texts(build(mini, record))
    # every word, in order, twice (family, then the behaviour's notes); the section's title row
    # repeated at the top of a new page may come between two words, nothing else may
    tokens = re.findall(r"\bw\d+\b", "\n".join(pages))
    assert tokens == words + words
    first_page = next(n for n, text in enumerate(pages) if re.search(rf"\b{words[0]}\b", text))
    last_page = next(n for n, text in enumerate(pages) if re.search(rf"\b{words[-1]}\b", text))
    assert last_page > first_page  # the family text did not fit on one page, and was split, not cut


def test_fonts_are_embedded_and_nothing_else_is(mini, full_record, reader):
    pdf = reader(build(mini, full_record))
    fonts, images = set(), 0
    for page in pdf.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font
        xobjects = resources.get("/XObject", {})
        images += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts
    assert images == 0


def test_invariant_builds_are_byte_identical(mini, full_record, settings):
    first = build(mini, full_record, settings)
    second = build(mini, full_record, settings)
    assert first == second
    later = build_referral_pdf(mini, full_record, settings, generated_at=GENERATED + dt.timedelta(minutes=1),
                               invariant=True)
    assert later != first


def test_a_record_made_with_another_rule_set_says_so(mini, full_record, body_texts):
    record = full_record.with_changes(ruleset=RuleSetRef("mini-example", "0.0.9", "f" * 64))
    body = squash("".join(body_texts(build(mini, record))))
    assert squash("made with rule set mini-example version 0.0.9 (SHA-256 ffffffffffff)") in body
    same = full_record.with_changes(ruleset=RuleSetRef(mini.info.id, mini.info.version, mini.sha256))
    assert "made with rule set" not in "".join(body_texts(build(mini, same)))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"role": "astronaut"}, "the role 'astronaut' is not in"),
        ({"behaviours": (SelectedBehaviour("y0-flies"),)}, "the behaviour 'y0-flies' is not in"),
        ({"context": ("telepathy",)}, "the context question 'telepathy' is not in"),
        ({"child": Child(band="99-100")}, "the age band '99-100' is not in"),
    ],
)
def test_a_record_that_cannot_make_a_summary_raises(mini, full_record, changes, message):
    with pytest.raises(ReferralError) as caught:
        build(mini, full_record.with_changes(**changes))
    assert message in str(caught.value)
    assert all(str(p).startswith("record rec-0042:") for p in caught.value.problems)


def test_unknown_final_category_and_decision_raise(mini, full_record):
    record = full_record.with_changes(
        judgement=dataclasses.replace(full_record.judgement, final_category="purple", decision="launch")
    )
    with pytest.raises(ReferralError) as caught:
        build(mini, record)
    text = str(caught.value)
    assert "the final category 'purple'" in text and "the decision 'launch'" in text


def test_an_empty_record_still_makes_a_summary(mini, body_texts):
    body = "".join(body_texts(build(mini, Record(role="foster_carer"))))
    assert "No behaviour has been chosen or described." in body
    assert "No other children are recorded." in body
    assert "Not set (add it in the app's Settings)" in body


def test_write_is_atomic_and_private(mini, full_record, tmp_path, monkeypatch):
    target = tmp_path / "summary.pdf"
    write_referral_pdf(target, mini, full_record, Settings(), generated_at=GENERATED)
    assert target.read_bytes().startswith(b"%PDF-")
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    old = target.read_bytes()

    def broken(*args):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(referral_story, "story", broken)
    with pytest.raises(RuntimeError, match="layout failed"):
        write_referral_pdf(target, mini, full_record, Settings())
    assert target.read_bytes() == old
    with pytest.raises(ReferralError):
        write_referral_pdf(target, mini, full_record.with_changes(role="astronaut"), Settings())
    assert target.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.pdf"]  # no temporary files left


def test_write_fails_cleanly_when_the_disk_write_fails(mini, full_record, tmp_path, monkeypatch):
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"old")

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(OSError, match="No space"):
        write_referral_pdf(target, mini, full_record, Settings())
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.pdf"]


def test_suggested_file_name_leaves_out_the_child(full_record):
    name = suggested_file_name(full_record, dt.date(2026, 11, 20))
    assert name == "referral-summary-rec-0042-2026-11-20.pdf"
    assert "Zo" not in name
    assert suggested_file_name(Record(role="t", id="../../etc/x y"), dt.date(2026, 1, 2)) == (
        "referral-summary-etc-x-y-2026-01-02.pdf"
    )
