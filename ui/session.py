"""The screening being worked on: one Record, its rule set, the assessment, and the mode.

Pages read from the session and write through ``update`` (and its helpers), each producing a new
frozen Record. The assessment is recomputed by the engine after every change; the UI never
decides anything itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from screening.engine import Assessment, assess, finalise_issues
from screening.records.document import (
    OtherChild,
    Record,
    RecordIssue,
    RuleSetRef,
    SelectedBehaviour,
    UnlistedBehaviour,
)
from screening.records.references import ruleset_differs as differs_from
from screening.ruleset.model import RuleSet

RECORD = "record"  # a screening that is saved as a draft and can be finalised
GUIDANCE = "guidance"  # guidance only: nothing is written to disk
TRAINING = "training"  # guidance only, with fictional cases
MODES = (RECORD, GUIDANCE, TRAINING)


def ruleset_ref(ruleset: RuleSet) -> RuleSetRef:
    """How a record names the rule set its suggestion is made with (the one place it is stamped)."""
    return RuleSetRef(ruleset.info.id, ruleset.info.version, ruleset.sha256)


def new_record(ruleset: RuleSet, role: str, today: dt.date | None = None, referrer: Any = None) -> Record:
    """An empty record for this rule set, dated today."""
    record = Record(role=role, concern_date=today or dt.date.today(), ruleset=ruleset_ref(ruleset))
    if referrer is not None:
        record = replace(record, referral=replace(record.referral, referrer=referrer))
    return record


class Session(QObject):
    """Holds the current Record; ``changed`` fires after every change, ``edited`` after user edits."""

    changed = Signal()
    edited = Signal()

    def __init__(self, ruleset: RuleSet, record: Record, mode: str = RECORD, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.ruleset = ruleset
        self.mode = mode
        # A draft is carried on with the rule set loaded now, so that what is finalised names the rule
        # set its suggestion was made with; started_with keeps the one it was begun with, to say so.
        # A finalised record is never touched.
        self.started_with: RuleSetRef | None = None
        self.restamped = False
        current = ruleset_ref(ruleset)
        if not record.is_final and record.ruleset != current:
            old = record.ruleset
            if differs_from(old, ruleset):
                self.started_with = old
            record = replace(record, ruleset=current)
            self.restamped = True
        self._record = record
        self.search_text = ""  # the words last typed in the Behaviours search, for the Context step
        self.visited: set[str] = set()
        self.assessment: Assessment = assess(ruleset, record)
        self._issues: tuple[Record, list[RecordIssue]] | None = None

    # -- reading
    @property
    def record(self) -> Record:
        return self._record

    @property
    def saves(self) -> bool:
        """Whether this screening is kept (a draft in the store); guidance and training never are."""
        return self.mode == RECORD

    @property
    def guidance_only(self) -> bool:
        return self.mode != RECORD

    @property
    def read_only(self) -> bool:
        return self._record.is_final

    @property
    def ruleset_differs(self) -> bool:
        """Whether the record names another rule set than the loaded one (only a finalised record can)."""
        ref = self._record.ruleset
        return differs_from(ref, self.ruleset)

    def finalise_issues(self) -> list[RecordIssue]:
        """What must be filled in or put right before the record can be finalised (the engine decides)."""
        if self._issues is None or self._issues[0] is not self._record:
            self._issues = (self._record, finalise_issues(self.ruleset, self._record))
        return list(self._issues[1])

    # -- writing
    def _set(self, record: Record, user_edit: bool) -> None:
        if record == self._record:
            return
        self._record = record
        self.assessment = assess(self.ruleset, record)
        self.changed.emit()
        if user_edit:
            self.edited.emit()

    def update(self, **changes: Any) -> None:
        """A user edit: replace fields of the record (ignored once the record is final)."""
        if self.read_only:
            return
        self._set(replace(self._record, **changes), True)

    def update_child(self, **changes: Any) -> None:
        self.update(child=replace(self._record.child, **changes))

    def update_judgement(self, **changes: Any) -> None:
        self.update(judgement=replace(self._record.judgement, **changes))

    def update_referral(self, **changes: Any) -> None:
        self.update(referral=replace(self._record.referral, **changes))

    def update_referrer(self, **changes: Any) -> None:
        referral = self._record.referral
        self.update(referral=replace(referral, referrer=replace(referral.referrer, **changes)))

    def set_role(self, role: str) -> None:
        self.update(role=role)

    # behaviours
    def selected_ids(self) -> tuple[str, ...]:
        return tuple(b.id for b in self._record.behaviours)

    def set_behaviour(self, behaviour_id: str, selected: bool) -> None:
        current = self._record.behaviours
        has = any(b.id == behaviour_id for b in current)
        if selected and not has:
            self.update(behaviours=(*current, SelectedBehaviour(behaviour_id)))
        elif not selected and has:
            self.update(behaviours=tuple(b for b in current if b.id != behaviour_id))

    def set_behaviour_notes(self, behaviour_id: str, notes: str) -> None:
        self.update(
            behaviours=tuple(replace(b, notes=notes) if b.id == behaviour_id else b for b in self._record.behaviours)
        )

    def add_unlisted(self, description: str) -> None:
        description = description.strip()
        if description:
            self.update(unlisted_behaviours=(*self._record.unlisted_behaviours, UnlistedBehaviour(description)))

    def set_unlisted(self, index: int, **changes: Any) -> None:
        items = list(self._record.unlisted_behaviours)
        if 0 <= index < len(items):
            if "description" in changes and not str(changes["description"]).strip():
                del changes["description"]  # a description cannot be emptied; remove the item instead
            items[index] = replace(items[index], **changes)
            self.update(unlisted_behaviours=tuple(items))

    def remove_unlisted(self, index: int) -> None:
        items = list(self._record.unlisted_behaviours)
        if 0 <= index < len(items):
            del items[index]
            self.update(unlisted_behaviours=tuple(items))

    # context
    def set_factor(self, factor_id: str, answered_yes: bool) -> None:
        if answered_yes:
            self.set_answer(factor_id, "yes")
        elif factor_id in self._record.context:
            self.set_answer(factor_id, None)

    def answer(self, factor_id: str) -> str | None:
        """yes, no, unknown (don't know) or None (not answered yet)."""
        record = self._record
        if factor_id in record.context:
            return "yes"
        if factor_id in record.context_no:
            return "no"
        if factor_id in record.context_unknown:
            return "unknown"
        return None

    def set_answer(self, factor_id: str, answer: str | None) -> None:
        """Answer a context question yes, no or unknown (don't know), or clear the answer (None)."""
        record = self._record
        # keep the rule set's order, so the trace reads in the order of the questions
        order = {f.id: i for i, f in enumerate(self.ruleset.context_factors)}

        def place(ids: tuple[str, ...], wanted: bool) -> tuple[str, ...]:
            kept = [f for f in ids if f != factor_id] + ([factor_id] if wanted else [])
            return tuple(sorted(kept, key=lambda f: order.get(f, len(order))))

        self.update(
            context=place(record.context, answer == "yes"),
            context_no=place(record.context_no, answer == "no"),
            context_unknown=place(record.context_unknown, answer == "unknown"),
        )

    def set_description(self, text: str, previous: str) -> None:
        """The words typed in search start the account of what happened; never overwrite the practitioner's."""
        account = self._record.account
        current = account.what_happened.strip()
        if text.strip() and current in ("", previous.strip()) and text.strip() != current:
            self.update(account=replace(account, what_happened=text.strip()))

    # other children
    def set_other_children(self, children: tuple[OtherChild, ...]) -> None:
        self.update_referral(other_children=children)

    # -- from the store (not a user edit: no autosave is triggered)
    def adopt(self, record: Record) -> None:
        """Take the store's copy: its id, status and times, keeping the fields the user typed."""
        merged = replace(
            self._record,
            id=record.id,
            status=record.status,
            created=record.created,
            updated=record.updated,
            ruleset=record.ruleset or self._record.ruleset,
            addenda=record.addenda,
        )
        if record.is_final:
            merged = record  # the finalised copy is the truth
        self._set(merged, False)

    def mark_visited(self, step: str) -> None:
        if step not in self.visited:
            self.visited.add(step)
            self.changed.emit()
