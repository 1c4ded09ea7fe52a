"""The screening being worked on: one Record, its rule set, the assessment, and the mode.

Pages read from the session and write through ``update`` (and its helpers), each producing a new
frozen Record. The assessment is recomputed by the engine after every change; the UI never
decides anything itself.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from screening.engine import Assessment, assess, finalise_issues
from screening.records import editing
from screening.records.document import OtherChild, Record, RecordIssue, RuleSetRef
from screening.records.editing import GUIDANCE, MODES, RECORD, TRAINING, new_record, ruleset_ref
from screening.records.references import ruleset_differs as differs_from
from screening.ruleset.model import RuleSet

__all__ = ["GUIDANCE", "MODES", "RECORD", "TRAINING", "Session", "new_record", "ruleset_ref"]


class Session(QObject):
    """Holds the current Record; ``changed`` fires after every change, ``edited`` after user edits."""

    changed = Signal()
    edited = Signal()

    def __init__(self, ruleset: RuleSet, record: Record, mode: str = RECORD, parent: QObject | None = None,
                 view_only: str = "") -> None:
        super().__init__(parent)
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.ruleset = ruleset
        self.mode = mode
        # why a record that could otherwise be edited is shown for reading only (the store's words:
        # a read-only records folder); '' when it can be edited
        self.view_only = view_only
        # A draft is carried on with the rule set loaded now, so that what is finalised names the rule
        # set its suggestion was made with; started_with keeps the one it was begun with, to say so.
        # A finalised record, or one shown for reading only, is never touched.
        self.started_with: RuleSetRef | None = None
        self.restamped = False
        current = ruleset_ref(ruleset)
        if not record.is_final and not view_only and record.ruleset != current:
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
        """Nothing can be changed: the record is final, or it is shown for reading only (view_only)."""
        return self._record.is_final or bool(self.view_only)

    @property
    def ruleset_differs(self) -> bool:
        """Whether the record names another rule set than the loaded one (only a record never re-stamped can:
        a finalised one, or one shown for reading only)."""
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

    def _edit(self, record: Record) -> None:
        """A user edit made by one of the core's editing functions (ignored once the record is final)."""
        if not self.read_only:
            self._set(record, True)

    # behaviours
    def selected_ids(self) -> tuple[str, ...]:
        return tuple(b.id for b in self._record.behaviours)

    def set_behaviour(self, behaviour_id: str, selected: bool) -> None:
        self._edit(editing.with_behaviour(self._record, behaviour_id, selected))

    def set_behaviour_notes(self, behaviour_id: str, notes: str) -> None:
        self._edit(editing.with_behaviour_notes(self._record, behaviour_id, notes))

    def add_unlisted(self, description: str) -> None:
        self._edit(editing.with_unlisted(self._record, description))

    def set_unlisted(self, index: int, **changes: Any) -> None:
        self._edit(editing.with_unlisted_changed(self._record, index, **changes))

    def remove_unlisted(self, index: int) -> None:
        self._edit(editing.without_unlisted(self._record, index))

    # context
    def set_factor(self, factor_id: str, answered_yes: bool) -> None:
        if answered_yes:
            self.set_answer(factor_id, "yes")
        elif factor_id in self._record.context:
            self.set_answer(factor_id, None)

    def answer(self, factor_id: str) -> str | None:
        """yes, no, unknown (don't know) or None (not answered yet)."""
        return editing.answer_of(self._record, factor_id)

    def set_answer(self, factor_id: str, answer: str | None) -> None:
        """Answer a context question yes, no or unknown (don't know), or clear the answer (None)."""
        order = [f.id for f in self.ruleset.context_factors]
        self._edit(editing.with_answer(self._record, order, factor_id, answer))

    def set_description(self, text: str, previous: str) -> None:
        """The words typed in search start the account of what happened; never overwrite the practitioner's."""
        self._edit(editing.with_description(self._record, text, previous))

    # other children
    def set_other_children(self, children: tuple[OtherChild, ...]) -> None:
        self.update_referral(other_children=children)

    # -- from the store (not a user edit: no autosave is triggered)
    def adopt(self, record: Record) -> None:
        """Take the store's copy: its id, status and times, keeping the fields the user typed."""
        self._set(editing.adopted(self._record, record), False)

    def mark_visited(self, step: str) -> None:
        if step not in self.visited:
            self.visited.add(step)
            self.changed.emit()
