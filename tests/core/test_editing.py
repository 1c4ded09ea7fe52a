"""Editing a record in the core: the rules the app's session applies, tested without Qt."""

from __future__ import annotations

import datetime as dt

import pytest

from screening.records.document import Account, Record, UnlistedBehaviour
from screening.records.editing import (
    adopted,
    answer_of,
    with_answer,
    with_behaviour,
    with_behaviour_notes,
    with_description,
    with_unlisted,
    with_unlisted_changed,
    without_unlisted,
)
from screening.ruleset.model import RuleSet

ORDER = ("force", "secrecy", "persistence")


def test_a_question_is_in_one_answer_list_at_a_time_and_in_the_rule_sets_order() -> None:
    record = Record(role="teacher")
    record = with_answer(record, ORDER, "persistence", "yes")
    record = with_answer(record, ORDER, "force", "yes")
    assert record.context == ("force", "persistence")
    record = with_answer(record, ORDER, "force", "unknown")
    assert (record.context, record.context_unknown) == (("persistence",), ("force",))
    assert answer_of(record, "force") == "unknown"
    record = with_answer(record, ORDER, "force", None)
    assert answer_of(record, "force") is None and "force" not in record.context_no
    with pytest.raises(ValueError):
        with_answer(record, ORDER, "force", "maybe")


def test_behaviours_are_chosen_once_and_notes_stay_with_their_behaviour() -> None:
    record = with_behaviour(with_behaviour(Record(role="teacher"), "a", True), "a", True)
    assert [b.id for b in record.behaviours] == ["a"]
    record = with_behaviour_notes(with_behaviour(record, "b", True), "b", "in the toilets")
    assert [(b.id, b.notes) for b in record.behaviours] == [("a", ""), ("b", "in the toilets")]
    assert [b.id for b in with_behaviour(record, "a", False).behaviours] == ["b"]


def test_an_unlisted_behaviour_is_never_empty() -> None:
    record = with_unlisted(Record(role="teacher"), "   ")
    assert record.unlisted_behaviours == ()
    record = with_unlisted(record, " drew a picture ")
    assert record.unlisted_behaviours == (UnlistedBehaviour("drew a picture"),)
    assert with_unlisted_changed(record, 0, description=" ").unlisted_behaviours[0].description == "drew a picture"
    assert with_unlisted_changed(record, 5, notes="x") == record
    assert without_unlisted(record, 0).unlisted_behaviours == ()


def test_the_search_words_start_the_account_but_never_overwrite_the_practitioners() -> None:
    record = with_description(Record(role="teacher"), "showed his willy", "")
    assert record.account.what_happened == "showed his willy"
    record = with_description(record, "showed his willy in class", "showed his willy")
    assert record.account.what_happened == "showed his willy in class"
    own = record.with_changes(account=Account(what_happened="My own account."))
    assert with_description(own, "something else", "showed his willy in class") == own


def test_the_stores_copy_keeps_what_was_typed_unless_it_is_final() -> None:
    typed = Record(role="teacher", concern_date=dt.date(2026, 11, 1), account=Account(what_happened="typed"))
    stored = Record(role="teacher", id="abc", status="draft", created="2026-11-01T10:00:00+00:00")
    merged = adopted(typed, stored)
    assert (merged.id, merged.created, merged.account.what_happened) == ("abc", stored.created, "typed")
    final = stored.with_changes(status="final")
    assert adopted(typed, final) is final


def test_agreeing_takes_the_suggestion_at_that_moment_only() -> None:
    from screening.records.editing import with_agreement

    record = with_agreement(Record(role="teacher"), "amber")
    assert (record.judgement.agrees, record.judgement.final_category) == (True, "amber")
    assert with_agreement(record, None).judgement.final_category == ""


def test_a_chosen_band_is_dropped_when_the_age_no_longer_fits(mini: RuleSet) -> None:
    from screening.engine.bands import keep_band_if_it_fits
    from screening.records.document import Child

    # the mini set's bands are 0-9 and 9-17: at 9 the practitioner chooses, at 12 only 9-17 fits
    chosen = Child(age_years=9, band="0-9")
    assert keep_band_if_it_fits(mini, chosen, None).band == "0-9"
    assert keep_band_if_it_fits(mini, Child(age_years=12, band="0-9"), None).band == ""
