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

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from screening.dates import format_date

DEFAULT_SCALE: tuple[str, ...] = ("green", "amber", "red")  # category ids, least concern first

NO_FURTHER_ACTION = "no_further_action"
MONITOR = "monitor"
OLDEST_AGE_YEARS = 25  # the tool screens children and young people up to 25 (SEND support runs to 25)


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


@dataclass(frozen=True)
class DateIssue:
    where: tuple[str, ...]  # the document path of the date at fault: ("concern_date",) or ("child", "date_of_birth")
    message: str


def date_issues(
    date_of_birth: dt.date | None, concern_date: dt.date | None, today: dt.date | None = None
) -> list[DateIssue]:
    """Dates that cannot be right: checked before any assessment, wherever a record comes from."""
    today = today or dt.date.today()
    issues: list[DateIssue] = []
    concern, birth = ("concern_date",), ("child", "date_of_birth")
    if concern_date is not None and concern_date > today:
        issues.append(DateIssue(concern, f"The date of the behaviour, {format_date(concern_date)}, is in the future "
                                         f"(today is {format_date(today)}); check the date."))
    if date_of_birth is not None and date_of_birth > today:
        issues.append(DateIssue(birth, f"The date of birth, {format_date(date_of_birth)}, is in the future "
                                       f"(today is {format_date(today)}); check the date."))
    if date_of_birth is not None and concern_date is not None:
        if date_of_birth > concern_date:
            issues.append(DateIssue(birth, "The date of birth is after the date of the behaviour; check both dates."))
        elif _years_between(date_of_birth, concern_date) > OLDEST_AGE_YEARS:
            issues.append(
                DateIssue(
                    birth,
                    f"The date of birth is more than {OLDEST_AGE_YEARS} years before the date of the behaviour; "
                    f"this tool is for children and young people up to {OLDEST_AGE_YEARS}: check both dates.",
                )
            )
    return issues


def _years_between(earlier: dt.date, later: dt.date) -> int:
    """Whole years from one date to a later one (an age on that day)."""
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))
