"""The session controller: frozen records, recomputed assessments, modes and read-only."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from screening.records.document import Judgement
from ui.session import GUIDANCE, RECORD, Session, new_record


def test_new_record_is_dated_today_and_names_the_rule_set(mini_rules):
    record = new_record(mini_rules, "teacher")
    assert record.concern_date == dt.date.today()
    assert record.ruleset is not None and record.ruleset.sha256 == mini_rules.sha256
    assert record.role == "teacher" and record.status == "draft"


def test_updates_make_new_records_and_recompute_the_suggestion(qtbot, mini_rules):
    session = Session(mini_rules, new_record(mini_rules, "teacher"))
    first = session.record
    with qtbot.waitSignals([session.changed, session.edited]):
        session.update_child(age_years=6)
    assert session.record is not first and first.child.age_years is None
    assert session.assessment.suggested is None
    session.set_behaviour("y0-copies-sex-acts", True)
    assert session.assessment.suggested.id == "amber"
    session.set_factor("force", True)
    assert session.assessment.suggested.id == "red"
    session.set_factor("force", False)
    assert session.assessment.suggested.id == "amber"
    session.set_behaviour_notes("y0-copies-sex-acts", "in the home corner")
    assert session.record.behaviours[0].notes == "in the home corner"
    session.set_behaviour("y0-copies-sex-acts", False)
    assert session.record.behaviours == ()


def test_context_answers_keep_the_rule_set_order(mini_rules):
    session = Session(mini_rules, new_record(mini_rules, "teacher"))
    session.set_factor("secrecy", True)
    session.set_factor("force", True)
    assert session.record.context == ("force", "secrecy")


def test_unlisted_behaviours_never_get_an_empty_description(mini_rules):
    session = Session(mini_rules, new_record(mini_rules, "teacher"))
    session.add_unlisted("   ")
    assert session.record.unlisted_behaviours == ()
    session.add_unlisted("Drew rude pictures")
    session.set_unlisted(0, description="")
    assert session.record.unlisted_behaviours[0].description == "Drew rude pictures"
    session.set_unlisted(0, notes="twice")
    session.remove_unlisted(0)
    assert session.record.unlisted_behaviours == ()


def test_a_final_record_ignores_edits(mini_rules):
    record = replace(new_record(mini_rules, "teacher"), status="final", judgement=Judgement(agrees=True))
    session = Session(mini_rules, record, RECORD)
    assert session.read_only
    session.update_child(name="X")
    assert session.record.child.name == ""


def test_adopting_the_stores_copy_is_not_an_edit(qtbot, mini_rules):
    session = Session(mini_rules, new_record(mini_rules, "teacher"), RECORD)
    session.update_child(name="A.")
    with qtbot.assertNotEmitted(session.edited):
        session.adopt(
            replace(session.record, id="abc", created="2026-01-01T00:00:00+00:00", child=session.record.child)
        )
    assert session.record.id == "abc" and session.record.child.name == "A."


def test_guidance_mode_is_never_saved(mini_rules):
    session = Session(mini_rules, new_record(mini_rules, "foster_carer"), GUIDANCE)
    assert not session.saves and session.guidance_only


def test_a_draft_is_stamped_with_the_loaded_rule_set_and_a_final_record_never(mini_rules):
    from screening.records.document import RuleSetRef
    from ui.session import ruleset_ref

    older = RuleSetRef("older-set", "0.0.1", "0" * 64)
    current = ruleset_ref(mini_rules)
    assert new_record(mini_rules, "teacher").ruleset == current  # the one place records are stamped

    draft = replace(new_record(mini_rules, "teacher"), id="d1", ruleset=older)
    session = Session(mini_rules, draft, RECORD)
    assert session.record.ruleset == current and session.started_with == older
    assert session.restamped and not session.ruleset_differs

    unstamped = Session(mini_rules, replace(draft, ruleset=None), RECORD)
    assert unstamped.record.ruleset == current and unstamped.started_with is None  # nothing to compare

    final = replace(draft, status="final")
    session = Session(mini_rules, final, RECORD)
    assert session.record is final and session.started_with is None and not session.restamped
    assert session.ruleset_differs

    fresh = Session(mini_rules, new_record(mini_rules, "teacher"), RECORD)
    assert not fresh.restamped and fresh.started_with is None


def test_finalise_issues_come_from_the_engine(mini_rules):
    from screening.engine import finalise_issues

    session = Session(mini_rules, new_record(mini_rules, "teacher"), RECORD)
    session.update_child(age_years=5)
    session.set_behaviour("y0-touches-own-genitals", True)
    session.update_judgement(agrees=True, final_category="green", decision="monitor")
    assert session.finalise_issues() == []
    session.set_behaviour("y0-forces-touching", True)
    assert session.finalise_issues() == finalise_issues(mini_rules, session.record) != []


def test_the_context_step_is_complete_only_when_every_question_has_an_answer(mini_rules):
    from ui.steps.status import step_states

    session = Session(mini_rules, new_record(mini_rules, "teacher"))
    session.mark_visited("context")  # seen, nothing answered
    ids = [f.id for f in mini_rules.context_factors]
    assert len(ids) >= 2
    state = step_states(session)["context"]
    assert not state.done and state.mark() == "○" and f"0 of {len(ids)} answered" in state.note
    session.set_answer(ids[0], "yes")  # one yes is not all of them
    assert not step_states(session)["context"].done
    for factor_id, answer in zip(ids[1:], ["no", "unknown"] * len(ids), strict=False):
        session.set_answer(factor_id, answer)
    state = step_states(session)["context"]
    assert state.done and state.note == "complete"
    session.set_answer(ids[-1], None)  # clearing an answer makes it to do again
    assert not step_states(session)["context"].done
