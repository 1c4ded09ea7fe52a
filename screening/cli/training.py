"""``screening training list / show``: the fictional case studies shipped with a rule set."""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import Any

from screening.cli.common import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, load_rules, print_json, say
from screening.texts import EMERGENCY_LINE

RULES_HELP = "a rule-set folder (default: the shipped rule set); its scenarios/ folder is used"


def _library(rules: str | None) -> tuple[Any, Any]:
    from screening.training.scenarios import load_library

    ruleset = load_rules(rules)
    return ruleset, load_library(ruleset)


def cmd_list(args: argparse.Namespace) -> int:
    ruleset, library = _library(args.rules)
    if args.json:
        print_json([{"id": s.id, "title": s.title, "band": s.band, "category": s.reference.category}
                    for s in library.scenarios])
        return EXIT_OK
    from screening.training.scenarios import FICTIONAL_NOTICE

    if not library.scenarios:
        say("This rule set has no training scenarios (a scenarios/ folder beside its rule files).")
        return EXIT_OK
    say(FICTIONAL_NOTICE)
    for s in library.scenarios:
        label = ruleset.category(s.reference.category).label
        say(f"{s.id:<40} {s.band:<6} {label:<6} {ruleset.role(s.role).label[:28]:<28}  {s.title}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from screening.records.document import DECISIONS
    from screening.training.scenarios import FICTIONAL_NOTICE

    ruleset, library = _library(args.rules)
    scenario = library.get(args.id)
    if scenario is None:
        say(f"screening: there is no training scenario '{args.id}'; see 'screening training list'", file=sys.stderr)
        return EXIT_PROBLEM
    if args.json:
        print_json(scenario.to_json())
        return EXIT_OK
    ref = scenario.reference
    wrap = textwrap.TextWrapper(width=96, initial_indent="  ", subsequent_indent="  ")
    out = [EMERGENCY_LINE, FICTIONAL_NOTICE, "", f"{scenario.title}  ({scenario.id})"]
    age = f"age {scenario.age}"
    if scenario.developmental_age is not None:
        age += f", developmental age {scenario.developmental_age} ({scenario.developmental_age_reason})"
    out += [f"Band {ruleset.band(scenario.band).label}; {age}; {scenario.setting}; "
            f"written for: {ruleset.role(scenario.role).label}", "", "The case:", wrap.fill(scenario.narrative), ""]
    out.append(f"Reference colour: {ruleset.category(ref.category).label}; decision: {DECISIONS[ref.decision]}")
    for b in ref.behaviours:
        out.append(f"  behaviour: {ruleset.behaviour(b).text}")
    for u in ref.unlisted:
        out.append(f"  not in the list: {u}")
    for f in ref.context:
        out.append(f"  context, yes: {ruleset.factor(f).question}")
    if ref.differs_from_tool:
        out += ["", "Why the reference differs from the tool:", wrap.fill(ref.differs_from_tool)]
    out += ["", "Reasoning:", wrap.fill(scenario.reasoning), "", "Teaching points:"]
    out += [f"  - {t}" for t in scenario.teaching_points]
    out += ["", "For discussion:"] + [f"  - {q}" for q in scenario.discussion]
    say("\n".join(out))
    return EXIT_OK


def register(sub: Any, name: str, help: str) -> None:
    p = sub.add_parser(name, help=help)
    p.set_defaults(func=lambda _args: _usage(p))
    inner = p.add_subparsers(dest="training_command", metavar="list|show", parser_class=type(p))
    lp = inner.add_parser("list", help="the case studies: id, band, reference colour, title")
    lp.add_argument("--rules", metavar="PATH", help=RULES_HELP)
    lp.add_argument("--json", action="store_true")
    lp.set_defaults(func=cmd_list)
    sp = inner.add_parser("show", help="one case study with its reference answer")
    sp.add_argument("id", metavar="ID")
    sp.add_argument("--rules", metavar="PATH", help=RULES_HELP)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_show)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE
