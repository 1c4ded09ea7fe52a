"""``screening validate / show / search / assess``: the rule-set commands."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from screening.cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    UsageError,
    hit_json,
    load_rules,
    print_json,
    read_record_file,
    say,
)
from screening.problems import ProblemsError
from screening.texts import DISCLAIMER, EMERGENCY_LINE

RULES_HELP = "a rule-set file or folder (default: the shipped rule set)"


def cmd_validate(args: argparse.Namespace) -> int:
    from screening.ruleset.loader import default_rules_path, load_ruleset
    from screening.training.scenarios import SCENARIOS_FOLDER

    paths = args.paths or [str(default_rules_path())]
    status = EXIT_OK
    for path in paths:
        if os.path.isdir(path) and os.path.basename(os.path.normpath(path)) == SCENARIOS_FOLDER:
            # training cases are checked against the rule set they ship with, in the folder above
            path = os.path.dirname(os.path.normpath(path)) or "."
            say(_scenarios_note(path), file=sys.stderr)
        try:
            ruleset = load_ruleset(path)
        except ProblemsError as exc:
            say(exc.report(), file=sys.stderr)
            count = len(exc.problems)
            say(f"{path}: {count} problem{'s' if count != 1 else ''}; the rule set was not loaded", file=sys.stderr)
            status = EXIT_PROBLEM
            continue
        scenarios = ""
        if os.path.isdir(path):
            from screening.training.scenarios import validate_library

            library, found = validate_library(ruleset)
            if found:
                say("\n".join(str(p) for p in found), file=sys.stderr)
                count = len(found)
                say(f"{path}: {count} problem{'s' if count != 1 else ''} in the training scenarios", file=sys.stderr)
                status = EXIT_PROBLEM
                continue
            if library.folder:
                scenarios = f", {len(library.scenarios)} training scenarios (not part of the sha256)"
        say(
            f"{path}: valid — {ruleset.info.title} {ruleset.info.version} ({ruleset.info.status}), "
            f"{len(ruleset.behaviours)} behaviours, {len(ruleset.context_factors)} context questions, "
            f"sha256 {ruleset.sha256}{scenarios}"
        )
    return status


def _scenarios_note(rules: str) -> str:
    return f"checking the training scenarios with the rule set they ship with, in {rules}"


def ruleset_json(ruleset: Any) -> dict[str, Any]:
    info = ruleset.info
    return {
        "ruleset": {
            "id": info.id,
            "title": info.title,
            "version": info.version,
            "status": info.status,
            "publisher": info.publisher,
            "approved_by": info.approved_by,
            "review_date": info.review_date.isoformat(),
            "licence": info.licence,
            "sources": [{"title": s.title, "url": s.url, "note": s.note} for s in info.sources],
            "description": info.description,
            "sha256": ruleset.sha256,
        },
        "roles": [{"id": r.id, "label": r.label, "description": r.description} for r in ruleset.roles],
        "age_bands": [
            {"id": b.id, "label": b.label, "min_age": b.min_age, "max_age": b.max_age,
             "development": b.development, "note": b.note}
            for b in ruleset.age_bands
        ],
        "categories": [
            {
                "id": c.id,
                "label": c.label,
                "colour": c.colour,
                "meaning": c.meaning,
                "level": c.level,
                "guidance": {
                    role: {"summary": g.summary, "steps": list(g.steps), "avoid": list(g.avoid)}
                    for role, g in c.guidance.items()
                },
            }
            for c in ruleset.categories
        ],
        "behaviours": [
            {"id": b.id, "band": b.band, "category": b.category, "text": b.text, "words": list(b.words),
             "notes": b.notes, "topics": list(b.topics)}
            for b in ruleset.behaviours
        ],
        "context_factors": [
            {
                "id": f.id,
                "question": f.question,
                "explanation": f.explanation,
                "effect": {"at_least": f.effect.at_least} if f.effect.at_least else {"raise": f.effect.raise_by},
            }
            for f in ruleset.context_factors
        ],
    }


def cmd_show(args: argparse.Namespace) -> int:
    ruleset = load_rules(args.rules)
    if args.json:
        print_json(ruleset_json(ruleset))
        return EXIT_OK
    info = ruleset.info
    out = [
        f"{info.title} — version {info.version} ({info.status})",
        f"Publisher: {info.publisher}",
        f"Approved by: {info.approved_by or 'not yet approved'}",
        f"Review by: {info.review_date.isoformat()}   Licence: {info.licence}",
        f"SHA-256: {ruleset.sha256}",
        "",
        "Roles: " + ", ".join(f"{r.id} ({r.label})" for r in ruleset.roles),
        "Categories: " + ", ".join(f"{c.label} — {c.meaning}" for c in ruleset.categories),
        "",
    ]
    for band in ruleset.age_bands:
        out.append(f"== {band.label} (ages {band.min_age}–{band.max_age}) ==")
        for category in ruleset.categories:
            for behaviour in ruleset.behaviours_in(band.id, category.id):
                out.append(f"  {category.label:<6} {behaviour.id}: {behaviour.text}")
        out.append("")
    out.append("Context questions:")
    for factor in ruleset.context_factors:
        out.append(f"  {factor.id}: {factor.question} ({factor.effect.describe(ruleset)})")
    say("\n".join(out))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from screening.engine.explain import hit_reason
    from screening.engine.search import index_for

    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    ruleset = load_rules(args.rules)
    if args.band:
        if not ruleset.has("band", args.band):
            known = ", ".join(b.id for b in ruleset.age_bands)
            raise UsageError(f"there is no band '{args.band}'; the bands are: {known}")
        bands = [args.band]
    else:
        if args.age is None:
            raise UsageError("give --age N (the child's age) or --band ID")
        bands = [b.id for b in ruleset.bands_for_age(args.age)]
        if not bands:
            raise UsageError(f"no age band covers age {args.age}")
    hits = index_for(ruleset).search(" ".join(args.words), bands, args.limit, args.age)
    if args.json:
        print_json([hit_json(ruleset, h) for h in hits])
        return EXIT_OK
    if not hits:
        say("No behaviour matches those words. Try other words, or describe the behaviour in the app.")
    for h in hits:
        label = ruleset.category(h.behaviour.category).label
        say(f"{label:<6} {h.behaviour.band:<6} {h.behaviour.id}  {h.behaviour.text}")
        reason = hit_reason(ruleset, h)
        if reason:
            say(f"{'':14}why: {reason}")
    return EXIT_OK


def assessment_json(ruleset: Any, assessment: Any) -> dict[str, Any]:
    choice = assessment.band_choice
    guidance = assessment.guidance
    suggested = assessment.suggested
    return {
        "ruleset": {"id": ruleset.info.id, "version": ruleset.info.version, "sha256": ruleset.sha256},
        "suggested_category": suggested.id if suggested else None,
        "suggested_label": suggested.label if suggested else None,
        "meaning": suggested.meaning if suggested else None,
        "band": choice.band.id if choice.band else None,
        "candidate_bands": [b.id for b in choice.candidates],
        "band_needs_choice": choice.needs_choice,
        "age": choice.age,
        "screening_age": choice.screening_age,
        "trace": assessment.trace_lines(),
        "role": assessment.role,
        "guidance": (
            {"summary": guidance.summary, "steps": list(guidance.steps), "avoid": list(guidance.avoid)}
            if guidance
            else None
        ),
        "warnings": [w.text for w in assessment.warnings],
        "emergency": EMERGENCY_LINE,
    }



def cmd_assess(args: argparse.Namespace) -> int:
    from screening.engine import assess

    ruleset = load_rules(args.rules)
    record = read_record_file(args.record, ruleset)
    assessment = assess(ruleset, record)
    if args.json:
        print_json(assessment_json(ruleset, assessment))
        return EXIT_OK
    say(EMERGENCY_LINE)
    say()
    if assessment.suggested is None:
        say("No suggestion: the record has no behaviour chosen or described.")
    else:
        say(f"Suggested category: {assessment.suggested.label} — {assessment.suggested.meaning}")
    if assessment.band is not None:
        say(f"Age band: {assessment.band.label}")
    say("\nWhy:")
    for line in assessment.trace_lines():
        say(f"  - {line}")
    if assessment.guidance is not None:
        g = assessment.guidance
        say(f"\nWhat to do now ({ruleset.role(record.role).label}):\n  {g.summary}")
        for step in g.steps:
            say(f"  - {step}")
        if g.avoid:
            say("Do not:")
            for item in g.avoid:
                say(f"  - {item}")
    say(f"\n{DISCLAIMER}")
    return EXIT_OK


def register(sub: Any, name: str, help: str) -> None:
    if name == "validate":
        p = sub.add_parser(name, help=help)
        p.add_argument("paths", nargs="*", metavar="PATH")
        p.set_defaults(func=cmd_validate)
    elif name == "show":
        p = sub.add_parser(name, help=help)
        p.add_argument("--rules", metavar="PATH", help=RULES_HELP)
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=cmd_show)
    elif name == "search":
        p = sub.add_parser(name, help=help)
        p.add_argument("--age", type=int, help="the child's age in years")
        p.add_argument("--band", help="search one band by id instead of by age")
        p.add_argument("--rules", metavar="PATH", help=RULES_HELP)
        p.add_argument("--limit", type=int, default=10)
        p.add_argument("--json", action="store_true")
        p.add_argument("words", nargs="+", metavar="WORDS")
        p.set_defaults(func=cmd_search)
    elif name == "assess":
        p = sub.add_parser(name, help=help)
        p.add_argument("record", metavar="RECORD")
        p.add_argument("--rules", metavar="PATH", help=RULES_HELP)
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=cmd_assess)

