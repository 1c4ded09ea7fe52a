"""What must be put right before finalising, including checks that need the rule set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from screening.engine import assess, finalise_issues
from screening.records.document import Child, Judgement, Record, Referral, SelectedBehaviour, completeness
from screening.ruleset.loader import load_ruleset

MINI = Path(__file__).resolve().parent.parent / "data" / "mini"
ENGINE = Path(__file__).resolve().parent.parent / "data" / "core-engine"


def decided(**changes) -> Record:
    base = Record(
        role="teacher",
        concern_date=dt.date(2026, 11, 20),
        child=Child(age_years=6),
        behaviours=(SelectedBehaviour("y0-plays-doctors"),),
        judgement=Judgement(agrees=True, final_category="green", decision="monitor"),
    )
    return base.with_changes(**changes)


def messages(issues) -> list[str]:
    return [i.message for i in issues]


def test_a_complete_agreed_record_has_no_issues(mini) -> None:
    assert finalise_issues(mini, decided()) == []


def test_agreeing_then_the_suggestion_rising_blocks_finalising(mini) -> None:
    record = decided(behaviours=(SelectedBehaviour("y0-plays-doctors"), SelectedBehaviour("y0-forces-touching")))
    assert assess(mini, record).suggested.id == "red"
    found = messages(finalise_issues(mini, record))
    assert any("suggestion has changed since you agreed" in m for m in found)
    # the practitioner's category is never changed for them
    assert record.judgement.final_category == "green"
    # differing with a reason is a complete judgement
    # (RED suggested with "monitor" needs its own reason and the immediate-risk answer: records.checks)
    differing = record.with_changes(
        judgement=Judgement(False, "green", "Seen by me; it was play.", "", "", "monitor",
                            decision_reason="Both children were playing; I watched it stop."),
        referral=Referral(immediate_risk="no"),
    )
    assert finalise_issues(mini, differing) == []


def test_an_unchosen_overlapping_band_blocks_finalising(mini) -> None:
    record = decided(child=Child(age_years=9), behaviours=(SelectedBehaviour("y9-interest-in-relationships"),))
    record = record.with_changes(judgement=Judgement(True, "green", "", "", "", "monitor"))
    assert assess(mini, record).band_choice.needs_choice
    assert any("more than one age band" in m for m in messages(finalise_issues(mini, record)))
    chosen = record.with_changes(child=Child(age_years=9, band="9-17"))
    assert finalise_issues(mini, chosen) == []


def test_a_date_of_birth_after_the_behaviour_is_refused() -> None:
    record = decided(child=Child(date_of_birth=dt.date(2026, 12, 1)))
    assert any("date of birth is after" in m for m in messages(completeness(record)))


def test_the_trace_never_claims_a_lower_result_than_already_reached() -> None:
    ruleset = load_ruleset(ENGINE)
    record = decided(context=("force", "secrecy"))  # at least RED, then a one-step raise from GREEN
    result = assess(ruleset, record)
    assert result.suggested.id == "red"
    force, secrecy = (s for s in result.trace if s.kind == "factor")
    assert force.decisive and "gives RED" in force.text
    assert "gives AMBER. The category is already RED from an earlier step." in secrecy.text
    assert not secrecy.decisive
