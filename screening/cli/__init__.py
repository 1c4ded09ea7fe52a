"""The ``screening`` command line. Exit 0: fine; 1: a problem with the input; 2: usage.

Commands are a table: each names the module that implements it, and only the module of the
command being run is imported, so ``validate`` never loads the store or the PDF library.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn

from screening.cli.common import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, UsageError, say
from screening.problems import ProblemsError


@dataclass(frozen=True)
class Command:
    name: str
    module: str  # defines register(subparsers, name, help), which adds the command's parser
    help: str


COMMANDS: tuple[Command, ...] = (
    Command("validate", "screening.cli.rules", "check rule-set files or folders; every problem is listed"),
    Command("show", "screening.cli.rules", "show the loaded rule set"),
    Command("search", "screening.cli.rules", "find behaviours from your own words"),
    Command("screen", "screening.cli.screen", "quick check: best behaviours, cues read and the colour they would give"),
    Command("assess", "screening.cli.rules", "assess a record document (JSON or YAML)"),
    Command("records", "screening.cli.records", "list, show, export, import, delete, verify or encrypt saved records"),
    Command("referral", "screening.cli.referral", "make the MASH referral summary (PDF) for a record"),
    Command("guide", "screening.cli.guide", "print the guide (PDF): per band and role, A3 poster, carers' leaflet"),
    Command("diff", "screening.cli.guide", "what changed between two rule sets (text, JSON, or a sign-off sheet)"),
    Command("signoff", "screening.cli.guide", "print the review and sign-off sheet (PDF) for a rule set's version"),
    Command("training", "screening.cli.training", "list or show the fictional case studies for training"),
    Command("calibration", "screening.cli.calibration", "report how consistently participants rated the cases"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        say(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _command_named(argv: Sequence[str]) -> Command | None:
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return next((c for c in COMMANDS if c.name == first), None)


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser, with the full arguments of the command named in argv (only its module is loaded)."""
    parser = _Parser(
        prog="screening",
        description="Screen a child's sexual behaviour against an age-banded green/amber/red rule set.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    chosen = _command_named(argv)
    for command in COMMANDS:
        if command is chosen:
            importlib.import_module(command.module).register(sub, command.name, command.help)
        else:
            sub.add_parser(command.name, help=command.help, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except ProblemsError as exc:
        say(exc.report(), file=sys.stderr)
        return EXIT_PROBLEM
    except UsageError as exc:
        say(f"screening: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
