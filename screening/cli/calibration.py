"""``screening calibration report``: agreement with the reference and between participants."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from screening.cli.common import EXIT_OK, EXIT_USAGE, UsageError, load_rules, print_json, say
from screening.problems import Problem, ProblemsError


def _read(paths: list[str]) -> list[Any]:
    from screening.training.answers import read_answers_file

    files: list[Any] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            files.append(read_answers_file(path))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ProblemsError(problems)
    return files


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def text_report(ruleset: Any, report: Any) -> str:
    from screening.training.scenarios import FICTIONAL_NOTICE

    cur = report.current
    labels = [c.label for c in ruleset.categories]
    out = [
        "Calibration report (fictional training cases). " + FICTIONAL_NOTICE,
        f"Participants: {cur.participants}   Cases: {cur.cases}",
        f"Agreement with the reference colour: {_pct(cur.agreement_with_reference)}",
        f"Fleiss' kappa on the colour: {_num(cur.kappa.kappa)} (observed agreement {_num(cur.kappa.observed)}, "
        f"chance agreement {_num(cur.kappa.chance)})",
    ]
    if report.before is not None:
        b = report.before
        out.append(f"Before: kappa {_num(b.kappa.kappa)}, agreement with the reference "
                   f"{_pct(b.agreement_with_reference)} ({b.participants} participants, {b.cases} cases)")
    out += ["", f"{'case':<40} {'reference':<9} " + " ".join(f"{lab:>6}" for lab in labels) + "  agree"]
    for d in cur.cases_detail:
        ref = ruleset.category(d.reference).label
        counts = " ".join(f"{d.counts[c.id]:>6}" for c in ruleset.categories)
        out.append(f"{d.scenario:<40} {ref:<9} {counts}  {_pct(d.agreement_with_reference):>5}")
    for title, groups in (("By role", report.by_role), ("By agency", report.by_agency)):
        out += ["", title + ":"]
        for g in groups:
            s = g.summary
            out.append(f"  {g.label}: {s.participants} participant(s), agreement with the reference "
                       f"{_pct(s.agreement_with_reference)}, kappa {_num(s.kappa.kappa)}")
    return "\n".join(out)


def cmd_report(args: argparse.Namespace) -> int:
    from screening.training.answers import check_answers
    from screening.training.calibration import calibration_report, report_csv, report_json
    from screening.training.scenarios import load_library

    ruleset = load_rules(args.rules)
    library = load_library(ruleset)
    files = _read(args.answers)
    before = _read(args.before) if args.before else []
    problems: list[Problem] = check_answers(ruleset, library, files) + check_answers(ruleset, library, before)
    if problems:
        raise ProblemsError(problems)
    if not any(f.answers for f in files):
        raise ProblemsError([Problem(args.answers[0], 0, 0, "no case is answered in these files")])
    report = calibration_report(ruleset, library, files, before)
    if args.csv:
        from screening.fileio import atomic_write_text

        try:
            atomic_write_text(args.csv, report_csv(ruleset, report), mode=0o600)
        except OSError as exc:
            raise UsageError(f"cannot write {args.csv}: {exc.strerror or exc}") from None
    if args.output:
        from screening.documents.calibration import write_calibration_pdf

        try:
            write_calibration_pdf(args.output, ruleset, report)
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    if args.json:
        print_json(report_json(report))
    else:
        say(text_report(ruleset, report))
        for path in (args.csv, args.output):
            if path:
                say(f"Written: {path}", file=sys.stderr)
    return EXIT_OK


def register(sub: Any, name: str, help: str) -> None:
    p = sub.add_parser(name, help=help)
    p.set_defaults(func=lambda _args: _usage(p))
    inner = p.add_subparsers(dest="calibration_command", metavar="report", parser_class=type(p))
    rp = inner.add_parser("report", help="agreement and Fleiss' kappa from participants' answers files")
    rp.add_argument("answers", nargs="+", metavar="ANSWERS", help="screening-answers/1 files, one per participant")
    rp.add_argument("--before", nargs="+", metavar="ANSWERS", help="an earlier round on the same cases, to compare")
    rp.add_argument("--json", action="store_true")
    rp.add_argument("-o", "--output", metavar="REPORT.pdf", help="write the report as PDF, with charts")
    rp.add_argument("--csv", metavar="OUT.csv", help="write one row per case (and round) as CSV")
    rp.add_argument("--rules", metavar="PATH", help="a rule-set folder (default: the shipped rule set)")
    rp.set_defaults(func=cmd_report)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE
