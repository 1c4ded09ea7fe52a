"""``screening screen``: a quick check of a description on the command line.

The best behaviours, the cues found (denied and unsure ones listed, never counted) and the colour
the record would get if the top behaviour were chosen and the affirmed cues confirmed.
"""

from __future__ import annotations

import argparse
from typing import Any

from screening.cli.common import EXIT_OK, UsageError, hit_json, load_rules, print_json, say
from screening.texts import DISCLAIMER, EMERGENCY_LINE


def cmd_screen(args: argparse.Namespace) -> int:
    from screening.engine.explain import hit_reason, reading_lines
    from screening.engine.screen import screen

    ruleset = load_rules(args.rules)
    if args.age is None or not 0 <= args.age <= 25:
        raise UsageError("give --age N, the child's age in years (0 to 25)")
    if not ruleset.bands_for_age(args.age):
        raise UsageError(f"no age band covers age {args.age}")
    if args.role is not None and not ruleset.has("role", args.role):
        roles = ", ".join(r.id for r in ruleset.roles)
        raise UsageError(f"there is no role '{args.role}'; the roles are: {roles}")
    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    text = " ".join(args.description)
    result = screen(ruleset, text, args.age, args.role, args.limit)
    assessment = result.assessment
    reading = result.found.reading
    if args.json:
        guidance = assessment.guidance if assessment else None
        data: dict[str, Any] = {
            "band": result.band,
            "behaviours": [hit_json(ruleset, h) for h in result.found.hits],
            "cues": [
                {"factor": c.factor, "words": c.words, "negated": c.negated, "unsure": c.hedged,
                 "counts": c.counts, "why": c.why}
                for c in reading.cues
            ],
            "suggested_category": assessment.suggested.id if assessment and assessment.suggested else None,
            "trace": assessment.trace_lines() if assessment else [],
            "guidance": (
                {"summary": guidance.summary, "steps": list(guidance.steps), "avoid": list(guidance.avoid)}
                if guidance
                else None
            ),
            "emergency": EMERGENCY_LINE,
        }
        print_json(data)
        return EXIT_OK
    say(EMERGENCY_LINE)
    say()
    if not result.found.hits:
        say("No behaviour matches that description. Try other words, or describe it in the app.")
    else:
        say("Best behaviours:")
        for h in result.found.hits:
            label = ruleset.category(h.behaviour.category).label
            say(f"  {label:<6} {h.behaviour.id}  {h.behaviour.text}")
            reason = hit_reason(ruleset, h)
            if reason:
                say(f"         why: {reason}")
    say("\nHow the description was read:")
    lines = reading_lines(ruleset, reading)
    say("\n".join(f"  - {line}" for line in lines) if lines else "  - No words about the context questions.")
    if assessment is not None and assessment.suggested is not None:
        say(
            f"\nIf the top behaviour is chosen and the cues proposed are confirmed: {assessment.suggested.label}. "
            "You answer every question yourself; this is not a decision."
        )
        say("Why:")
        for line in assessment.trace_lines():
            say(f"  - {line}")
    say(f"\n{DISCLAIMER}")
    return EXIT_OK


def register(sub: Any, name: str, help: str) -> None:
    p = sub.add_parser(name, help=help)
    p.add_argument("--age", type=int, help="the child's age in years")
    p.add_argument("--rules", metavar="PATH", help="a rule-set file or folder (default: the shipped rule set)")
    p.add_argument("--role", help="your role id, for the guidance (default: the rule set's first role)")
    p.add_argument("--limit", type=int, default=5, help="how many behaviours to show (default 5)")
    p.add_argument("--json", action="store_true")
    p.add_argument("description", nargs="+", metavar="DESCRIPTION")
    p.set_defaults(func=cmd_screen)
