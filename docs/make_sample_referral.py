"""Regenerate docs/sample-referral.pdf and its page images from a fictional record.

    .venv/bin/python docs/make_sample_referral.py [OUT_DIR]

Everything in the record is invented. Phone numbers are from Ofcom's ranges for drama; email
addresses use example.org. The PDF is built in invariant mode with a fixed time, so it only
changes when the rule set, the record here or the layout changes. The page images need
``pdftoppm`` (Debian: ``apt-get install poppler-utils``); without it only the PDF is made.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from screening.ruleset.loader import load_ruleset
from screening.records.document import (
    Account,
    Addendum,
    Child,
    Judgement,
    OtherChild,
    Record,
    Referral,
    Referrer,
    RuleSetRef,
    SelectedBehaviour,
    UnlistedBehaviour,
)
from screening.documents.referral import write_referral_pdf
from screening.settings import Settings

GENERATED_AT = dt.datetime(2026, 11, 20, 15, 30, tzinfo=dt.UTC)


def sample_settings() -> Settings:
    return Settings(
        role="teacher",
        practitioner_name="Siân Evans",
        organisation="Riverside Academy (fictional)",
        referrer_role="Designated safeguarding lead",
        referrer_phone="0118 496 0123",
        referrer_email="dsl@riverside.example.org",
        mash_phone="0118 496 0999",
        mash_online_form="https://mash.example.org/refer",
        consultation_line="0118 496 0456 (weekdays 9am to 5pm)",
        lado="0118 496 0789, lado@council.example.org",
        retention_note="Keep with the child's safeguarding file; shred paper copies when the referral is closed.",
    )


def sample_record(ruleset_sha: str = "", ruleset_version: str = "") -> Record:
    return Record(
        id="rec-2026-0042",
        status="final",
        created="2026-11-20T14:02:00+00:00",
        updated="2026-11-20T15:10:00+00:00",
        ruleset=RuleSetRef("open-hsb-screening", ruleset_version, ruleset_sha) if ruleset_sha else None,
        role="teacher",
        concern_date=dt.date(2026, 11, 19),
        child=Child(
            name="Zoë T.",
            date_of_birth=dt.date(2014, 3, 2),
            gender="Girl",
            school="Riverside Academy, Year 7",
            address="12 Example Road, Anytown AB1 2CD",
            learning_disability=False,
        ),
        behaviours=(
            SelectedBehaviour(
                "y9-sends-nude-to-peer",
                "On 19 November Zoë told her form tutor that she had sent a topless photo of herself to a boy "
                "in Year 8 on Snapchat the weekend before. She said he had asked for it \"loads of times\" and "
                "that she \"didn't want to but he said everyone does it\".",
            ),
            SelectedBehaviour(
                "y9-shares-others-images",
                "Two pupils in Year 7 say the photo has been shared in a group chat. We have not looked at or "
                "asked for any images.",
            ),
        ),
        unlisted_behaviours=(
            UnlistedBehaviour(
                "Zoë says the boy told her he would \"send it to her mum\" if she told anyone.",
            ),
        ),
        context=("secrecy", "images-online", "power-status"),
        context_unknown=("adult-involved",),
        account=Account(
            what_happened="Zoë came to her form tutor at morning break, upset. She said she had sent a topless photo "
            "of herself to a boy in Year 8 at the weekend, and that other pupils now have it.",
            when="Told on 19 November at 10:40; the photo was sent on 15 or 16 November.",
            where="Form room, with the door open.",
            who_was_there="Zoë and her form tutor (Mr K. Ade).",
            childs_words="\"I didn't want to but he said everyone does it.\" \"He said he'd send it to my mum.\"",
            childs_voice="Tearful but calm once sitting down. She wants the photo gone and does not want her dad "
            "told yet.",
        ),
        judgement=Judgement(
            agrees=True,
            final_category="red",
            actions_taken="Spoke to Zoë with her form tutor present and wrote down her own words. Kept her phone "
            "with her consent, switched off, in the safe. Told both pupils' heads of year.",
            consulted="Deputy DSL (Łukasz Nowak); phoned the MASH consultation line at 14:40 on 20 November.",
            decision="mash_referral",
            also=("police",),
            decision_reason="The threat to send the photo to her mum is a crime; the police schools officer agreed.",
        ),
        referral=Referral(
            referrer=Referrer(
                name="Siân Evans",
                role="Designated safeguarding lead",
                organisation="Riverside Academy (fictional)",
                phone="0118 496 0123",
                email="dsl@riverside.example.org",
            ),
            family="Lives with her mum (Ms T.) and her brother (aged 4). Dad lives in another town; contact "
            "every other weekend. No social care involvement known to school.",
            other_children=(
                OtherChild("Boy in Year 8 (initials J. O'B.)", 13, "Pupil at the same school", "no",
                           "Asked for the photo and is said to have shared it."),
                OtherChild("Two Year 7 pupils", 12, "Classmates", "unknown", "Say they were sent the photo."),
            ),
            parents_informed="yes",
            consent="yes",
            consent_details="Mum agreed to the referral by phone at 15:00 on 20 November.",
            immediate_risk="no",
            immediate_risk_details="Zoë is in school and with her mum tonight. The photo may still be spreading.",
        ),
        addenda=(
            Addendum("2026-11-21T09:15:00+00:00", "Siân Evans",
                     "The head of Year 8 has spoken to the boy's parents. Police schools officer informed."),
        ),
    )


def make_sample(out_dir: Path) -> list[Path]:
    ruleset = load_ruleset()
    record = sample_record(ruleset.sha256, ruleset.info.version)
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = write_referral_pdf(out_dir / "sample-referral.pdf", ruleset, record, sample_settings(),
                             generated_at=GENERATED_AT, invariant=True)
    made = [pdf]
    if shutil.which("pdftoppm"):
        for old in out_dir.glob("sample-referral-page-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out_dir / "sample-referral-page")], check=True)
        made.extend(sorted(out_dir.glob("sample-referral-page-*.png")))
    else:
        print("pdftoppm not found: made the PDF only", file=sys.stderr)
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for path in make_sample(target):
        print(path)
