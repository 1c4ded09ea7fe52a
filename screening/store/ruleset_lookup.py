"""Re-assessing old records: find the rule set a record was made with, by its SHA-256."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from screening.problems import ProblemsError
from screening.records.document import Record
from screening.records.references import made_with


def ruleset_matches(record: Record, ruleset: Any) -> bool:
    """True when the record was made with exactly this rule set (same SHA-256)."""
    return made_with(record, ruleset)


@dataclass(frozen=True)
class RuleSetMatch:
    ruleset: Any  # a screening.ruleset.model.RuleSet, or None when none of the folders matches
    message: str  # empty when found; otherwise which rule set the record needs


def describe_ruleset_ref(record: Record) -> str:
    ref = record.ruleset
    if ref is None:
        return "an unrecorded rule set"
    return f"{ref.id} version {ref.version} (sha256 {ref.sha256[:12]})"


def find_ruleset(record: Record, folders: Iterable[str | os.PathLike[str]]) -> RuleSetMatch:
    """The first rule set among the folders that the record was made with, else None and why."""
    from screening.ruleset.loader import load_ruleset

    if record.ruleset is None:
        return RuleSetMatch(None, "The record does not say which rule set it was made with.")
    for folder in folders:
        try:
            ruleset = load_ruleset(folder)
        except ProblemsError:
            continue  # a broken or missing folder is simply not the one
        if ruleset_matches(record, ruleset):
            return RuleSetMatch(ruleset, "")
    return RuleSetMatch(
        None,
        f"This record was made with the rule set {describe_ruleset_ref(record)}, which is not available here. "
        "To re-assess it exactly, use a copy of that rule set.",
    )
