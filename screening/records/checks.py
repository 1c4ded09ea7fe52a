"""The finalising rules about the judgement that are not simply "fill this in".

They are written once, here, and used by ``completeness`` (records.document), so they hold in
the app, when a draft is finalised in the store, and when a final record is imported:

- "I differ" must name a category other than the suggestion;
- the highest category (RED) with only "no further action" or "monitor", or the middle one
  (AMBER) with only "no further action", needs the reason for that decision;
- "no further action" cannot stand beside another action;
- AMBER or RED needs the referral's immediate-risk question answered ("not known" is an answer).

The checks need the order of the categories. The engine passes the rule set's; without one (a
record read on its own) the GREEN/AMBER/RED ids of the shipped rule set are assumed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_SCALE: tuple[str, ...] = ("green", "amber", "red")  # category ids, least concern first

NO_FURTHER_ACTION = "no_further_action"
MONITOR = "monitor"


@dataclass(frozen=True)
class JudgementIssue:
    field: str
    message: str


def _level(scale: Sequence[str], category: str | None) -> int | None:
    if category and category in scale:
        return list(scale).index(category)
    return None


def concern_level(scale: Sequence[str], suggested: str | None, final: str) -> int | None:
    """The higher of the suggested and the final category's level (None when neither is known)."""
    levels = [lv for lv in (_level(scale, suggested), _level(scale, final)) if lv is not None]
    return max(levels) if levels else None


def needs_decision_reason(decisions: Sequence[str], level: int | None, scale: Sequence[str]) -> bool:
    """Whether these decisions sit below what the category's guidance expects."""
    if level is None or not decisions or len(scale) < 2:
        return False
    top, middle = len(scale) - 1, len(scale) - 2
    if level >= top:
        return all(d in (NO_FURTHER_ACTION, MONITOR) for d in decisions)
    if level >= middle and middle > 0:
        return all(d == NO_FURTHER_ACTION for d in decisions)
    return False


def needs_immediate_risk(level: int | None, scale: Sequence[str]) -> bool:
    """AMBER or RED (anything above the lowest category) needs the immediate-risk question answered."""
    return level is not None and level >= 1 and len(scale) >= 2


def judgement_issues(
    *,
    agrees: bool | None,
    final_category: str,
    decisions: Sequence[str],
    decision_reason: str,
    immediate_risk: str,
    suggested_category: str | None,
    scale: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[JudgementIssue]:
    """The judgement's contradictions and unsafe gaps; scale lists category ids, least concern first."""
    scale = tuple(scale) if scale else DEFAULT_SCALE
    issues: list[JudgementIssue] = []
    if agrees is False and suggested_category and final_category == suggested_category:
        issues.append(
            JudgementIssue(
                "judgement",
                "You chose \"I differ\" but the final category is the same as the suggestion: choose another "
                "category, or choose \"I agree\".",
            )
        )
    if NO_FURTHER_ACTION in decisions and len(decisions) > 1:
        issues.append(
            JudgementIssue("judgement", "\"No further action\" cannot be chosen together with another action.")
        )
    level = concern_level(scale, suggested_category, final_category)
    if needs_decision_reason(decisions, level, scale) and not decision_reason.strip():
        category = scale[level] if level is not None else ""
        label = (labels or {}).get(category, category.upper())
        issues.append(
            JudgementIssue(
                "judgement",
                f"The category is {label}, and the decision is less than its guidance expects: give your "
                "reason for this decision.",
            )
        )
    if needs_immediate_risk(level, scale) and not immediate_risk:
        issues.append(
            JudgementIssue(
                "referral",
                "Answer whether any child is at immediate risk (on the Referral step); \"Not known\" is an answer.",
            )
        )
    return issues
