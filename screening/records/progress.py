"""When a step of the screening counts as complete: the rule the app's step list shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from screening.records.document import Record


@dataclass(frozen=True)
class ContextProgress:
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        """Every question has an answer: yes, no or don't know (visiting the step is not answering)."""
        return self.answered == self.total


def context_progress(record: Record, question_ids: Iterable[str]) -> ContextProgress:
    """How many of the rule set's context questions the record answers."""
    ids = list(dict.fromkeys(question_ids))
    given = {*record.context, *record.context_no, *record.context_unknown}
    return ContextProgress(sum(1 for q in ids if q in given), len(ids))
