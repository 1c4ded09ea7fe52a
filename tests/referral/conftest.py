"""Fixtures for the referral summary tests: the small rule set, a record that fills every field
(with hostile and accented text), and helpers that read text back out of a PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from screening.records.document import (
    Addendum,
    Child,
    Judgement,
    OtherChild,
    Record,
    Referral,
    Referrer,
    SelectedBehaviour,
    UnlistedBehaviour,
)
from screening.settings import Settings

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
GENERATED = dt.datetime(2026, 11, 20, 15, 30, tzinfo=dt.UTC)

# Markup that must come out of the PDF as the characters typed, never interpreted.
HOSTILE = (
    "<b>not bold</b>",
    '<img src="/etc/passwd"/>',
    "&amp; stays &amp;",
    '<font color="red" size="40">big</font>',
    "\"double\" and 'single' quotes",
    "<para>no new paragraph</para>",
    "</para><para>closing early",
    "<br/> and &lt; and &#169;",
)


@pytest.fixture
def hostile() -> tuple[str, ...]:
    return HOSTILE


@pytest.fixture
def generated() -> dt.datetime:
    return GENERATED


@pytest.fixture
def settings() -> Settings:
    return Settings(
        role="teacher",
        practitioner_name="Łukasz Nowak (settings)",
        organisation="Settings Org",
        mash_phone="0118 496 0999 <b>mash</b>",
        mash_online_form="https://mash.example.org/refer?a=1&b=2",
        consultation_line="0118 496 0456 consult",
        lado="LADO Siân <i>lado</i>",
        police_non_emergency="101 non-emergency",
        police_emergency="999 emergency",
        retention_note="Shred after 6 years & no sooner",
    )


@pytest.fixture
def full_record() -> Record:
    """A record with a distinct value in every field a summary prints."""
    return Record(
        id="rec-0042",
        status="final",
        role="teacher",
        concern_date=dt.date(2026, 11, 19),
        child=Child(
            name="Zoë O'Brien <b>child</b>",
            date_of_birth=dt.date(2019, 3, 2),
            gender="Girl \"gender\"",
            school="St Siân's <img src=\"/etc/passwd\"/> school",
            address="12 Example Road & Co, Anytown",
            learning_disability=True,
            developmental_age_years=5,
            developmental_age_reason="Assessed by the educational psychologist <para>x</para>",
        ),
        behaviours=(
            SelectedBehaviour("y0-plays-doctors", "Notes green " + HOSTILE[0]),
            SelectedBehaviour("y0-copies-sex-acts", "Notes amber " + HOSTILE[1]),
            SelectedBehaviour("y0-forces-touching", "Notes red " + HOSTILE[2]),
        ),
        unlisted_behaviours=(UnlistedBehaviour("Unlisted thing " + HOSTILE[3], "Unlisted notes " + HOSTILE[4]),),
        context=("secrecy",),
        judgement=Judgement(
            agrees=False,
            final_category="red",
            reason="Reason for differing " + HOSTILE[5],
            actions_taken="Actions taken " + HOSTILE[6],
            consulted="Consulted Łukasz " + HOSTILE[7],
            decision="mash_referral",
        ),
        referral=Referral(
            referrer=Referrer("Siân Evans", "DSL role", "Referrer Org", "0118 496 0123", "dsl@example.org"),
            family="Lives with mum & gran <family>",
            other_children=(
                OtherChild("Łukasz K.", 6, "Cousin 'rel'", "yes", "Other notes <u>u</u>"),
                OtherChild("Ana-María", None, "Classmate", "unknown", ""),
            ),
            parents_informed="no",
            parents_not_informed_reason="parent_may_be_responsible",
            parents_not_informed_details="Not-told details <script>alert(1)</script>",
            consent="not_sought",
            consent_details="Consent details & more",
            immediate_risk="yes",
            immediate_risk_details="Risk details: at home tonight <b>now</b>",
        ),
        addenda=(Addendum("2026-11-21T09:15:00+00:00", "Addendum author Zoë", "Addendum text <i>later</i>"),),
    )


@pytest.fixture
def reader() -> Callable[[bytes], pypdf.PdfReader]:
    return lambda data: pypdf.PdfReader(io.BytesIO(data))


_FURNITURE = re.compile(r"OFFICIAL-SENSITIVE\s*Page \d+ of \d+")


def _body_text(page: pypdf.PageObject) -> str:
    """The text of one page without its header and footer, which are drawn after the body."""
    text = page.extract_text()
    starts = [m.start() for m in _FURNITURE.finditer(text)]
    assert starts, "no page header found"
    return text[: starts[-1]]


@pytest.fixture
def body_texts() -> Callable[[bytes], list[str]]:
    """The body text of each page (header and footer left out)."""
    return lambda data: [_body_text(p) for p in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def page_texts() -> Callable[[bytes], list[str]]:
    return lambda data: [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]
