"""Does a record fit a rule set? Its ids checked against the rule set, and the rule-set hash compared.

One set of checks and messages for every caller: the command line (with the line and column of
each id in the document it read), import, and the referral summary (which names the record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from screening.problems import Problem
from screening.reading.yamlsafe import YMap, YSeq, read_bytes
from screening.records.checks import date_issues
from screening.records.document import ANSWERS, CONSENT, DECISIONS, PARENTS_NOT_TOLD_REASONS, Record, RuleSetRef
from screening.ruleset.model import RuleSet


def made_with(record: Record, ruleset: RuleSet) -> bool:
    """True when the record says it was made with exactly this rule set (the same SHA-256)."""
    ref = record.ruleset
    return ref is not None and bool(ref.sha256) and ref.sha256 == ruleset.sha256


def ruleset_differs(ref: RuleSetRef | None, ruleset: RuleSet) -> bool:
    """True when a recorded rule set is known and is not this one: the suggestion may differ."""
    return ref is not None and bool(ref.sha256) and ref.sha256 != ruleset.sha256


def _locator(data: bytes, name: str) -> Callable[..., tuple[int, int]]:
    """The line and column of a value in the document, by its path of keys and list indexes."""
    tree = read_bytes(name, data)[0] if data else None

    def at(*path: str | int) -> tuple[int, int]:
        node: Any = tree
        for step in path:
            if isinstance(step, str) and isinstance(node, YMap) and step in node.items:
                node = node.items[step][1]
            elif isinstance(step, int) and isinstance(node, YSeq) and step < len(node.items):
                node = node.items[step]
            else:
                return (1, 1) if data else (0, 0)
        return node.pos.line, node.pos.column

    return at


def date_problems(record: Record, data: bytes = b"", name: str = "", today: dt.date | None = None) -> list[Problem]:
    """Impossible dates (records.checks.date_issues), each at its line and column in the document."""
    issues = date_issues(record.child.date_of_birth, record.concern_date, today)
    if not issues:
        return []
    where = name or (f"record {record.id}" if record.id else "the record")
    at = _locator(data, name)
    return [Problem(where, *at(*issue.where), issue.message) for issue in issues]


def reference_problems(ruleset: RuleSet, record: Record, data: bytes = b"", name: str = "") -> list[Problem]:
    """What in the record the rule set (or this tool) does not know, each at its line and column.

    ``data`` and ``name`` are the document the record was read from; without them each problem
    names the record (``record <id>``) instead, at line 0.
    """
    where = name or (f"record {record.id}" if record.id else "the record")
    at = _locator(data, name)
    label = f"{ruleset.info.title} {ruleset.info.version}"
    problems: list[Problem] = []

    def add(position: tuple[int, int], message: str) -> None:
        problems.append(Problem(where, *position, message))

    if not ruleset.has("role", record.role):
        roles = ", ".join(r.id for r in ruleset.roles)
        add(at("role"), f"the role '{record.role}' is not in {label}; use one of: {roles}")
    for i, selected in enumerate(record.behaviours):
        if not ruleset.has("behaviour", selected.id):
            add(at("behaviours", i, "id"), f"the behaviour '{selected.id}' is not in {label}")
    ids = ", ".join(f.id for f in ruleset.context_factors)
    for key in ("context", "context_no", "context_unknown"):
        for i, factor_id in enumerate(getattr(record, key)):
            if not ruleset.has("factor", factor_id):
                add(at(key, i), f"the context question '{factor_id}' is not in {label}; use: {ids}")
    if record.child.band and not ruleset.has("band", record.child.band):
        add(at("child", "band"), f"the age band '{record.child.band}' is not in {label}")
    final = record.judgement.final_category
    if final and not ruleset.has("category", final):
        add(at("judgement", "final_category"), f"the final category '{final}' is not in {label}")
    # values a parsed document cannot hold (its spec refuses them), but a record built in code can
    ref = record.referral
    for value, known, what, path in (
        (record.judgement.decision, DECISIONS, "decision", ("judgement", "decision")),
        *((d, DECISIONS, "decision", ("judgement", "also", i)) for i, d in enumerate(record.judgement.also)),
        (ref.parents_informed, ANSWERS, "answer about parents or carers being told", ("referral", "parents_informed")),
        (ref.parents_not_informed_reason, PARENTS_NOT_TOLD_REASONS, "reason for not telling parents or carers",
         ("referral", "parents_not_informed_reason")),
        (ref.consent, CONSENT, "answer about consent", ("referral", "consent")),
        (ref.immediate_risk, ANSWERS, "answer about immediate risk", ("referral", "immediate_risk")),
        *((c.possible_victim, ANSWERS, "answer about another child being a possible victim",
           ("referral", "other_children", i, "possible_victim"))
          for i, c in enumerate(ref.other_children)),
    ):
        if value and value not in known:
            add(at(*path), f"the {what} '{value}' is not one this tool knows")
    return problems
