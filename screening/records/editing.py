"""Editing a record: pure functions from a record (and an edit) to the next record.

The app's session (ui/session.py) is a small Qt wrapper that applies these and re-assesses; the
rules of editing live here so the command line, imports and tests use the same ones without Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from screening.records.document import Record, Referrer, RuleSetRef, SelectedBehaviour, UnlistedBehaviour
from screening.ruleset.model import RuleSet

RECORD = "record"  # a screening that is saved as a draft and can be finalised
GUIDANCE = "guidance"  # guidance only: nothing is written to disk
TRAINING = "training"  # guidance only, with fictional cases
MODES = (RECORD, GUIDANCE, TRAINING)

ANSWER_KINDS = ("yes", "no", "unknown")  # a context answer; None is "not answered yet"


def ruleset_ref(ruleset: RuleSet) -> RuleSetRef:
    """How a record names the rule set its suggestion is made with (the one place it is stamped)."""
    return RuleSetRef(ruleset.info.id, ruleset.info.version, ruleset.sha256)


def new_record(ruleset: RuleSet, role: str, today: dt.date | None = None, referrer: Referrer | None = None) -> Record:
    """An empty record for this rule set, dated today."""
    record = Record(role=role, concern_date=today or dt.date.today(), ruleset=ruleset_ref(ruleset))
    if referrer is not None:
        record = replace(record, referral=replace(record.referral, referrer=referrer))
    return record


# -- behaviours
def with_behaviour(record: Record, behaviour_id: str, selected: bool) -> Record:
    current = record.behaviours
    has = any(b.id == behaviour_id for b in current)
    if selected and not has:
        return replace(record, behaviours=(*current, SelectedBehaviour(behaviour_id)))
    if not selected and has:
        return replace(record, behaviours=tuple(b for b in current if b.id != behaviour_id))
    return record


def with_behaviour_notes(record: Record, behaviour_id: str, notes: str) -> Record:
    return replace(
        record, behaviours=tuple(replace(b, notes=notes) if b.id == behaviour_id else b for b in record.behaviours)
    )


def with_unlisted(record: Record, description: str) -> Record:
    """A behaviour that is not in the list, in the practitioner's words (an empty one is not added)."""
    description = description.strip()
    if not description:
        return record
    return replace(record, unlisted_behaviours=(*record.unlisted_behaviours, UnlistedBehaviour(description)))


def with_unlisted_changed(record: Record, index: int, **changes: Any) -> Record:
    items = list(record.unlisted_behaviours)
    if not 0 <= index < len(items):
        return record
    if "description" in changes and not str(changes["description"]).strip():
        del changes["description"]  # a description cannot be emptied; remove the item instead
    items[index] = replace(items[index], **changes)
    return replace(record, unlisted_behaviours=tuple(items))


def without_unlisted(record: Record, index: int) -> Record:
    items = list(record.unlisted_behaviours)
    if not 0 <= index < len(items):
        return record
    del items[index]
    return replace(record, unlisted_behaviours=tuple(items))


# -- context
def answer_of(record: Record, factor_id: str) -> str | None:
    """yes, no, unknown (don't know) or None (not answered yet)."""
    if factor_id in record.context:
        return "yes"
    if factor_id in record.context_no:
        return "no"
    if factor_id in record.context_unknown:
        return "unknown"
    return None


def with_answer(record: Record, factor_order: Sequence[str], factor_id: str, answer: str | None) -> Record:
    """Answer a context question yes, no or unknown (don't know), or clear it (None).

    Each list keeps the rule set's order (factor_order), so the trace reads in the order of the
    questions; a question is in at most one list.
    """
    if answer is not None and answer not in ANSWER_KINDS:
        raise ValueError(f"unknown answer {answer!r}")
    order = {f: i for i, f in enumerate(factor_order)}

    def place(ids: tuple[str, ...], wanted: bool) -> tuple[str, ...]:
        kept = [f for f in ids if f != factor_id] + ([factor_id] if wanted else [])
        return tuple(sorted(kept, key=lambda f: order.get(f, len(order))))

    return replace(
        record,
        context=place(record.context, answer == "yes"),
        context_no=place(record.context_no, answer == "no"),
        context_unknown=place(record.context_unknown, answer == "unknown"),
    )


# -- the account
def with_description(record: Record, text: str, previous: str) -> Record:
    """The words typed in search start the account of what happened; never overwrite the practitioner's.

    previous is what the search last put there: the account follows the search box only while it
    still holds the search's own words.
    """
    account = record.account
    current = account.what_happened.strip()
    if text.strip() and current in ("", previous.strip()) and text.strip() != current:
        return replace(record, account=replace(account, what_happened=text.strip()))
    return record


# -- from the store
def adopted(current: Record, stored: Record) -> Record:
    """The store's copy taken in: its id, status and times, keeping the fields the user typed.

    A finalised copy is the truth as it is.
    """
    if stored.is_final:
        return stored
    return replace(
        current,
        id=stored.id,
        status=stored.status,
        created=stored.created,
        updated=stored.updated,
        ruleset=stored.ruleset or current.ruleset,
        addenda=stored.addenda,
    )


# -- the judgement
def with_agreement(record: Record, suggested_category: str | None) -> Record:
    """Agreeing takes the suggestion as the final category, at the moment of agreeing only.

    A later change of the suggestion never changes the practitioner's category for them; the
    finalising checks then ask them to agree again or differ.
    """
    judgement = replace(record.judgement, agrees=True, final_category=suggested_category or "")
    return replace(record, judgement=judgement)
