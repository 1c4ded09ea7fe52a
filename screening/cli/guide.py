"""``screening guide``, ``screening diff`` and ``screening signoff``: the rule set on paper."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from screening.cli.common import EXIT_OK, EXIT_PROBLEM, UsageError, load_rules, print_json, refuse_output, say
from screening.documents.pdf import PAPERS  # loads no reportlab


def register(sub: Any, name: str, help: str) -> None:
    p = sub.add_parser(name, help=help)
    if name == "guide":
        p.add_argument("--rules", metavar="PATH", help="a rule-set file or folder (default: the shipped rule set)")
        p.add_argument("--role", metavar="ROLE", help="only this role's guidance (default: every role)")
        p.add_argument("--band", metavar="ID", help="only this age band (default: every band)")
        p.add_argument("--paper", choices=PAPERS, default="A4", help="A4 (default), letter, or A3: a poster, "
                       "one band per page")
        p.add_argument("--audience", choices=("practitioner", "carer"), default="practitioner",
                       help="practitioner (default), or carer: the carers' leaflet in plainer words")
        p.add_argument("-o", "--output", required=True, metavar="guide.pdf", help="where to write the PDF")
        p.add_argument("--force", action="store_true", help="replace guide.pdf if it already exists")
        p.set_defaults(func=cmd_guide)
    elif name == "diff":
        p.add_argument("old", metavar="OLD", help="the earlier rule-set file or folder")
        p.add_argument("new", metavar="NEW", help="the later rule-set file or folder")
        p.add_argument("--json", action="store_true", help="print the changes as JSON")
        p.add_argument("-o", "--output", metavar="sheet.pdf", help="also write the sign-off sheet with the changes")
        p.add_argument("--force", action="store_true", help="replace sheet.pdf if it already exists")
        p.set_defaults(func=cmd_diff)
    else:
        p.add_argument("--rules", metavar="PATH", help="a rule-set file or folder (default: the shipped rule set)")
        p.add_argument("--paper", choices=("A4", "letter"), default="A4")
        p.add_argument("-o", "--output", required=True, metavar="sheet.pdf", help="where to write the PDF")
        p.add_argument("--force", action="store_true", help="replace sheet.pdf if it already exists")
        p.set_defaults(func=cmd_signoff)


def _written(kind: str, path: Any) -> None:
    say(f"Wrote the {kind} to {path}")


def _cannot_write(command: str, path: str, exc: OSError) -> int:
    say(f"screening {command}: cannot write '{path}': {exc.strerror or exc}", file=sys.stderr)
    return EXIT_PROBLEM


def _rules_input(rules: str | None) -> str:
    from screening.ruleset.loader import default_rules_path

    return rules or str(default_rules_path())


def cmd_guide(args: argparse.Namespace) -> int:
    from screening.documents.guide import GuideOptions, option_problems, write_guide_pdf

    if refuse_output("guide", args.output, force=args.force, inputs=[_rules_input(args.rules)]):
        return EXIT_PROBLEM
    ruleset = load_rules(args.rules)
    options = GuideOptions(role=args.role, band=args.band, paper=args.paper, audience=args.audience)
    problems = option_problems(ruleset, options)
    if problems:  # a role or band the rule set does not have is a mistake in the command
        raise UsageError("; ".join(p.message for p in problems))
    try:
        path = write_guide_pdf(args.output, ruleset, options)
    except OSError as exc:
        return _cannot_write("guide", args.output, exc)
    _written("carers' leaflet" if options.audience == "carer" else "guide", path)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from screening.ruleset.diff import diff_rulesets
    from screening.ruleset.diff_report import diff_text

    if args.output and refuse_output("diff", args.output, force=args.force, inputs=[args.old, args.new]):
        return EXIT_PROBLEM
    old, new = load_rules(args.old), load_rules(args.new)
    diff = diff_rulesets(old, new)
    if args.json:
        print_json(diff.to_json())
    else:
        say(diff_text(old, new, diff), end="")
    if args.output:
        from screening.documents.signoff import write_signoff_pdf

        try:
            path = write_signoff_pdf(args.output, new, old=old, diff=diff)
        except OSError as exc:
            return _cannot_write("diff", args.output, exc)
        say(f"Wrote the sign-off sheet to {path}", file=sys.stderr if args.json else sys.stdout)
    return EXIT_OK


def cmd_signoff(args: argparse.Namespace) -> int:
    from screening.documents.signoff import write_signoff_pdf

    if refuse_output("signoff", args.output, force=args.force, inputs=[_rules_input(args.rules)]):
        return EXIT_PROBLEM
    ruleset = load_rules(args.rules)
    try:
        path = write_signoff_pdf(args.output, ruleset, paper=args.paper)
    except OSError as exc:
        return _cannot_write("signoff", args.output, exc)
    _written("sign-off sheet", path)
    return EXIT_OK
