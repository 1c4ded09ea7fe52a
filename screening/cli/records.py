"""``screening records ...``: list, show, export, import and delete saved screenings."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from screening.cli.common import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE
from screening.problems import ProblemsError
from screening.records.document import Record

MIN_PREFIX = 4  # ids are 32 hex digits; a unique prefix this long is accepted, like git


def _err(message: str) -> None:
    print(f"screening records: {message}", file=sys.stderr)


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Store errors (unknown id, a locked or foreign database) become a message and exit 1."""

    def run(args: argparse.Namespace) -> int:
        from screening.store import StoreError

        try:
            return command(args)
        except StoreError as exc:
            _err(str(exc))
            return EXIT_PROBLEM

    return run


def _open() -> Any:
    from screening.store import Store

    return Store.open_default()


def _resolve(store: Any, text: str) -> str:
    """A full id, or a unique prefix of one."""
    from screening.store import RecordNotFound

    summaries = store.list()
    if any(s.id == text for s in summaries):
        return text
    matches = [s.id for s in summaries if len(text) >= MIN_PREFIX and s.id.startswith(text.lower())]
    if len(matches) == 1:
        return str(matches[0])
    if len(matches) > 1:
        raise RecordNotFound(f"'{text}' matches {len(matches)} records; give more of the id")
    raise RecordNotFound(f"there is no saved record with the id '{text}'")


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _safe(text: str) -> str:
    """User text for a terminal: control characters shown as escapes, never obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


# ---------------------------------------------------------------- commands


@_guarded
def cmd_list(args: argparse.Namespace) -> int:
    with _open() as store:
        summaries = store.list(args.status)
    if args.json:
        json.dump([dataclasses.asdict(s) for s in summaries], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    if not summaries:
        print("No saved records.")
        return EXIT_OK
    for s in summaries:
        category = (s.final_category or s.suggested_category or "-").upper()
        name = _safe(s.child_name) or "(no name)"
        print(f"{s.id}  {s.status:<5}  {s.updated:<25}  {category:<6}  {name}")
    return EXIT_OK


@_guarded
def cmd_show(args: argparse.Namespace) -> int:
    from screening.store import document_json

    with _open() as store:
        record = store.get(_resolve(store, args.id))
    if args.json:
        sys.stdout.write(document_json(record))
        return EXIT_OK
    print(render_record(record, _rule_folders(args.rules)))
    return EXIT_OK


def _rule_folders(extra: list[str] | None) -> list[Path]:
    from screening.ruleset.loader import default_rules_path

    return [*(Path(p) for p in extra or []), default_rules_path()]


def render_record(record: Record, rule_folders: list[Path], settings: Any = None) -> str:
    """The record as readable text: the summary model the PDF and the app render, with the ids
    to type beside the rule set's words, assessed with the record's own rule set when it is here."""
    from screening.dates import format_when
    from screening.documents.summary import build_summary
    from screening.documents.summary_text import render_text
    from screening.settings import Settings, load_settings
    from screening.store import describe_ruleset_ref, find_ruleset

    match = find_ruleset(record, rule_folders)
    if settings is None:
        settings = load_settings()[0]  # read only; a bad file gives the defaults
    head = [
        f"Record {record.id} ({'FINAL' if record.is_final else 'draft'})",
        f"Created: {format_when(record.created)}   Updated: {format_when(record.updated)}",
        f"Rule set: {describe_ruleset_ref(record)}",
        "",
        "",
    ]
    summary = build_summary(record, match.ruleset, settings if isinstance(settings, Settings) else Settings(),
                            why_no_ruleset=match.message)
    return "\n".join(_safe(line) for line in head) + render_text(summary, _safe, refs=True)


@_guarded
def cmd_export(args: argparse.Namespace) -> int:
    from screening.store import default_who

    # lexists: a link, even a broken one, is something the user has there already
    if os.path.lexists(args.output) and not args.force:
        _err(f"{args.output} already exists; choose another name or add --force")
        return EXIT_PROBLEM
    with _open() as store:
        record_id = _resolve(store, args.id)
        store.export(record_id, args.output, default_who())
    print(f"Exported record {record_id} to {args.output}")
    return EXIT_OK


@_guarded
def cmd_import(args: argparse.Namespace) -> int:
    from screening.store import default_who

    with _open() as store:
        try:
            new_ids = store.import_files(args.files, default_who())
        except ProblemsError as exc:
            print(exc.report(), file=sys.stderr)
            count = len(exc.problems)
            _err(f"{count} problem{'s' if count != 1 else ''}; nothing was imported")
            return EXIT_PROBLEM
    for new_id in new_ids:
        print(new_id)
    return EXIT_OK


@_guarded
def cmd_delete(args: argparse.Namespace) -> int:
    from screening.store import default_who

    with _open() as store:
        record_id = _resolve(store, args.id)
        if not args.yes:
            summary = next(s for s in store.list() if s.id == record_id)
            name = _safe(summary.child_name) or "(no name)"
            print(f"{record_id}  {summary.status}  {summary.updated}  {name}", file=sys.stderr)
            print(f"Delete record {record_id}? [y/N] ", end="", file=sys.stderr, flush=True)
            answer = sys.stdin.readline()
            if not answer.endswith("\n"):
                print(file=sys.stderr)  # EOF: end the prompt's line
            if answer.strip().lower() not in ("y", "yes"):
                _err("nothing was deleted")
                return EXIT_PROBLEM
        store.delete(record_id, default_who())
    print(f"Deleted record {record_id}")
    return EXIT_OK


def register(subparsers: Any, name: str, help: str) -> None:
    parser = subparsers.add_parser(name, help=help)
    parser.set_defaults(func=lambda _args: _usage(parser))
    sub = parser.add_subparsers(dest="records_command", metavar="ACTION", parser_class=type(parser))

    p = sub.add_parser("list", help="saved records, most recently changed first")
    p.add_argument("--status", choices=("draft", "final"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="show one record, with its assessment when its rule set is available")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help="print the record document")
    p.add_argument(
        "--rules", metavar="PATH", action="append",
        help="a rule-set folder to look in for the record's rule set (repeatable; the shipped set is always tried)",
    )
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("export", help="write a record document to a file")
    p.add_argument("id", metavar="ID")
    p.add_argument("-o", "--output", metavar="FILE", required=True)
    p.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="import record documents, all or nothing; prints the new ids")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("delete", help="delete a record (the audit log keeps that it was deleted)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--yes", action="store_true", help="do not ask first")
    p.set_defaults(func=cmd_delete)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE

