"""The calibration measures: how consistently a room applies the thresholds.

Pure functions over answers files. Fleiss' kappa is computed on the colour, with the observed
and chance agreement; cases answered by fewer than two participants do not count towards it.
Where participants did not all answer the same cases, each case's agreement uses the people who
answered it (the usual extension of Fleiss' formula to unequal numbers of raters).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from screening.ruleset.model import RuleSet
from screening.training.answers import AnswersFile
from screening.training.scenarios import Library


@dataclass(frozen=True)
class Kappa:
    kappa: float | None  # None when chance agreement is 1 (everyone always chose one colour) or no case counts
    observed: float | None
    chance: float | None
    cases: int  # the cases that counted (two or more answers)


def fleiss_kappa(table: Sequence[Sequence[int]]) -> Kappa:
    """Fleiss' kappa from a table of counts: one row per case, one column per category."""
    rows = [list(r) for r in table if sum(r) >= 2]
    if not rows:
        return Kappa(None, None, None, 0)
    width = len(rows[0])
    total = sum(sum(r) for r in rows)
    per_case = [(sum(c * c for c in r) - sum(r)) / (sum(r) * (sum(r) - 1)) for r in rows]
    observed = sum(per_case) / len(rows)
    shares = [sum(r[j] for r in rows) / total for j in range(width)]
    chance = sum(p * p for p in shares)
    if chance >= 1.0 - 1e-12:
        return Kappa(None, observed, chance, len(rows))
    return Kappa((observed - chance) / (1 - chance), observed, chance, len(rows))


@dataclass(frozen=True)
class CaseResult:
    scenario: str
    title: str
    reference: str
    counts: dict[str, int]  # category id -> how many chose it, in the rule set's order
    answers: int
    agreement_with_reference: float | None
    reference_decision: str
    decisions: dict[str, int]
    decision_agreement: float | None


@dataclass(frozen=True)
class Summary:
    participants: int
    cases: int
    kappa: Kappa
    agreement_with_reference: float | None  # share of all answers whose colour is the reference colour
    cases_detail: tuple[CaseResult, ...]


@dataclass(frozen=True)
class Group:
    kind: str  # role | agency
    name: str  # the role id or the agency as written
    label: str
    summary: Summary


@dataclass(frozen=True)
class Report:
    current: Summary
    by_role: tuple[Group, ...]
    by_agency: tuple[Group, ...]
    before: Summary | None = None


def _share(hits: int, of: int) -> float | None:
    return hits / of if of else None


def summarise(ruleset: RuleSet, library: Library, files: Sequence[AnswersFile]) -> Summary:
    """Agreement with the reference and between participants, over every case answered."""
    categories = [c.id for c in ruleset.categories]
    answered = {a.scenario for f in files for a in f.answers}
    cases = [s for s in library.scenarios if s.id in answered]
    details = []
    hits = total = 0
    for scenario in cases:
        chosen = [a for f in files if (a := f.answer(scenario.id)) is not None]
        counts = {c: sum(1 for a in chosen if a.category == c) for c in categories}
        right = counts.get(scenario.reference.category, 0)
        decisions: dict[str, int] = {}
        for a in chosen:
            if a.decision:
                decisions[a.decision] = decisions.get(a.decision, 0) + 1
        decided = sum(decisions.values())
        details.append(CaseResult(
            scenario=scenario.id,
            title=scenario.title,
            reference=scenario.reference.category,
            counts=counts,
            answers=len(chosen),
            agreement_with_reference=_share(right, len(chosen)),
            reference_decision=scenario.reference.decision,
            decisions=decisions,
            decision_agreement=_share(decisions.get(scenario.reference.decision, 0), decided),
        ))
        hits += right
        total += len(chosen)
    kappa = fleiss_kappa([[d.counts[c] for c in categories] for d in details])
    return Summary(len(files), len(cases), kappa, _share(hits, total), tuple(details))


def _groups(ruleset: RuleSet, library: Library, files: Sequence[AnswersFile], kind: str) -> tuple[Group, ...]:
    names: dict[str, str] = {}
    for f in files:
        key = f.participant.role if kind == "role" else f.participant.agency.strip()
        names.setdefault(key.casefold(), key)
    out = []
    for folded, name in sorted(names.items()):
        members = [
            f for f in files
            if (f.participant.role if kind == "role" else f.participant.agency.strip()).casefold() == folded
        ]
        label = ruleset.role(name).label if kind == "role" and ruleset.has("role", name) else name
        out.append(Group(kind, name, label, summarise(ruleset, library, members)))
    return tuple(out)


def calibration_report(
    ruleset: RuleSet,
    library: Library,
    files: Sequence[AnswersFile],
    before: Sequence[AnswersFile] = (),
) -> Report:
    return Report(
        current=summarise(ruleset, library, files),
        by_role=_groups(ruleset, library, files, "role"),
        by_agency=_groups(ruleset, library, files, "agency"),
        before=summarise(ruleset, library, before) if before else None,
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def summary_json(summary: Summary) -> dict[str, object]:
    return {
        "participants": summary.participants,
        "cases": summary.cases,
        "fleiss_kappa": _round(summary.kappa.kappa),
        "observed_agreement": _round(summary.kappa.observed),
        "chance_agreement": _round(summary.kappa.chance),
        "agreement_with_reference": _round(summary.agreement_with_reference),
        "cases_detail": [
            {
                "scenario": d.scenario,
                "title": d.title,
                "counts": dict(d.counts),
                "answers": d.answers,
                "reference": d.reference,
                "agreement_with_reference": _round(d.agreement_with_reference),
                "reference_decision": d.reference_decision,
                "decisions": dict(d.decisions),
                "decision_agreement": _round(d.decision_agreement),
            }
            for d in summary.cases_detail
        ],
    }


def _change(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else round(after - before, 4)


def report_json(report: Report) -> dict[str, object]:
    out = summary_json(report.current)
    out["fictional"] = True
    out["by_role"] = [{"role": g.name, "label": g.label, **summary_json(g.summary)} for g in report.by_role]
    out["by_agency"] = [{"agency": g.name, **summary_json(g.summary)} for g in report.by_agency]
    if report.before is not None:
        before, after = report.before, report.current
        out["before"] = summary_json(before)
        out["change"] = {
            "fleiss_kappa": _change(after.kappa.kappa, before.kappa.kappa),
            "agreement_with_reference": _change(after.agreement_with_reference, before.agreement_with_reference),
            "same_cases": [d.scenario for d in after.cases_detail] == [d.scenario for d in before.cases_detail],
        }
    return out


def report_csv(ruleset: RuleSet, report: Report) -> str:
    """One row per case and round: the spread of colours, the reference and the agreement with it."""
    categories = [c.id for c in ruleset.categories]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["round", "scenario", "title", "answers", *categories, "reference",
                     "agreement_with_reference", "reference_decision", "decision_agreement"])
    rounds: list[tuple[str, Summary | None]] = (
        [("before", report.before), ("after", report.current)] if report.before else [("", report.current)]
    )
    for name, summary in rounds:
        if summary is None:
            continue
        for d in summary.cases_detail:
            writer.writerow([
                name, d.scenario, d.title, d.answers, *(d.counts[c] for c in categories), d.reference,
                "" if d.agreement_with_reference is None else f"{d.agreement_with_reference:.4f}",
                d.reference_decision,
                "" if d.decision_agreement is None else f"{d.decision_agreement:.4f}",
            ])
    return buffer.getvalue()
