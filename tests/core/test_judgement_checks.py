"""Finalising refuses contradictions and unsafe gaps in the judgement (screening.records.checks).

The rules are written once in the core: the engine, the store's finalise and a final record's
import all reach them through completeness().
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from screening.engine import assess, finalise_issues
from screening.records.document import (
    Child,
    Judgement,
    Record,
    Referral,
    SelectedBehaviour,
    completeness,
    record_to_json,
)
from screening.ruleset.loader import load_ruleset

MINI = Path(__file__).resolve().parent.parent / "data" / "mini"
RED_BEHAVIOUR = "y0-forces-touching"
GREEN_BEHAVIOUR = "y0-plays-doctors"


@pytest.fixture(scope="module")
def mini():
    return load_ruleset(MINI)


def record(behaviour: str, **judgement) -> Record:
    risk = judgement.pop("immediate_risk", "no")
    return Record(
        role="teacher",
        concern_date=dt.date(2026, 11, 20),
        child=Child(age_years=6),
        behaviours=(SelectedBehaviour(behaviour),),
        judgement=Judgement(**judgement),
        referral=Referral(immediate_risk=risk),
    )


def texts(issues) -> str:
    return " | ".join(i.message for i in issues)


def test_differing_with_the_same_category_as_the_suggestion_is_refused(mini) -> None:
    r = record(RED_BEHAVIOUR, agrees=False, final_category="red", reason="I think so", decision="mash_referral")
    assert assess(mini, r).suggested.id == "red"
    assert "I differ" in texts(finalise_issues(mini, r))
    fixed = record(RED_BEHAVIOUR, agrees=True, final_category="red", decision="mash_referral")
    assert finalise_issues(mini, fixed) == []


@pytest.mark.parametrize("decision", ["no_further_action", "monitor"])
def test_red_suggested_with_nfa_or_monitor_needs_a_reason(mini, decision: str) -> None:
    # the practitioner differs down to GREEN, but the suggestion was RED: the gap still needs a reason
    r = record(RED_BEHAVIOUR, agrees=False, final_category="green", reason="It was play", decision=decision)
    assert "reason for this decision" in texts(finalise_issues(mini, r))
    reasoned = record(
        RED_BEHAVIOUR, agrees=False, final_category="green", reason="It was play", decision=decision,
        decision_reason="Spoke to the MASH consultation line, who agreed no referral was needed.",
    )
    assert finalise_issues(mini, reasoned) == []


def test_red_final_with_monitor_needs_a_reason_but_red_with_a_referral_does_not(mini) -> None:
    r = record(GREEN_BEHAVIOUR, agrees=False, final_category="red", reason="I know more", decision="monitor")
    assert "RED" in texts(finalise_issues(mini, r))
    both = record(GREEN_BEHAVIOUR, agrees=False, final_category="red", reason="I know more",
                  decision="mash_referral", also=("police",))
    assert finalise_issues(mini, both) == []
    # several decisions: monitor beside a referral is not "less than the guidance"
    monitored = record(GREEN_BEHAVIOUR, agrees=False, final_category="red", reason="I know more",
                       decision="monitor", also=("mash_referral",))
    assert finalise_issues(mini, monitored) == []


def test_amber_with_no_further_action_needs_a_reason_but_monitor_does_not(mini) -> None:
    nfa = record(GREEN_BEHAVIOUR, agrees=False, final_category="amber", reason="Worrying", decision="no_further_action")
    found = texts(finalise_issues(mini, nfa))
    assert "AMBER" in found and "reason for this decision" in found
    monitor = record(GREEN_BEHAVIOUR, agrees=False, final_category="amber", reason="Worrying", decision="monitor")
    assert finalise_issues(mini, monitor) == []


def test_green_with_no_further_action_needs_no_reason(mini) -> None:
    r = record(GREEN_BEHAVIOUR, agrees=True, final_category="green", decision="no_further_action", immediate_risk="")
    assert finalise_issues(mini, r) == []


def test_amber_or_red_needs_the_immediate_risk_question_answered(mini) -> None:
    r = record(RED_BEHAVIOUR, agrees=True, final_category="red", decision="mash_referral", immediate_risk="")
    assert "immediate risk" in texts(finalise_issues(mini, r))
    # "not known" is an answer
    known = record(RED_BEHAVIOUR, agrees=True, final_category="red", decision="mash_referral",
                   immediate_risk="unknown")
    assert finalise_issues(mini, known) == []


def test_no_further_action_beside_another_action_is_a_contradiction(mini) -> None:
    r = record(GREEN_BEHAVIOUR, agrees=True, final_category="green", decision="no_further_action",
               also=("early_help",))
    assert "cannot be chosen together" in texts(finalise_issues(mini, r))


def test_without_the_rule_set_the_final_category_still_counts() -> None:
    # a final record read on its own (the store's import): RED with monitor and no reason
    r = record(GREEN_BEHAVIOUR, agrees=False, final_category="red", reason="x", decision="monitor",
               immediate_risk="")
    found = texts(completeness(r))
    assert "reason for this decision" in found and "immediate risk" in found


def test_importing_a_final_record_with_an_unsafe_gap_is_refused(tmp_path: Path) -> None:
    from screening.problems import ProblemsError
    from screening.store import Store

    r = record(GREEN_BEHAVIOUR, agrees=False, final_category="red", reason="x", decision="monitor")
    data = json.loads(record_to_json(r))
    data["status"] = "final"
    path = tmp_path / "final.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with Store(tmp_path / "records.db") as store, pytest.raises(ProblemsError) as caught:
        store.import_files([path], "tester")
    assert "reason for this decision" in str(caught.value.problems[0])
