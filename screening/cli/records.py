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
from screening.records.document import ANSWERS, CONSENT, DECISIONS, PARENTS_NOT_TOLD_REASONS, Record
from screening.texts import EMERGENCY_LINE

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
        return matches[0]
    if len(matches) > 1:
        raise RecordNotFound(f"'{text}' matches {len(matches)} records; give more of the id")
    raise RecordNotFound(f"there is no saved record with the id '{text}'")


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _safe(text: str) -> str:
    """User text for a terminal: control characters shown as escapes, never obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _field(out: list[str], label: str, value: str, indent: str = "  ") -> None:
    if not value:
        return
    lines = _safe(value).split("\n")
    out.append(f"{indent}{label}: {lines[0]}")
    out.extend(f"{indent}  {line}" for line in lines[1:])


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


def render_record(record: Record, rule_folders: list[Path]) -> str:
    """The record as readable text, with its assessment when its own rule set is available."""
    from screening.store import describe_ruleset_ref, find_ruleset

    match = find_ruleset(record, rule_folders)
    ruleset = match.ruleset
    out = [
        f"Record {record.id} ({'FINAL' if record.is_final else 'draft'})",
        f"Created: {record.created}   Updated: {record.updated}",
        f"Rule set: {describe_ruleset_ref(record)}",
        f"Role: {_safe(record.role)}",
    ]
    if record.concern_date:
        out.append(f"Date of the behaviour: {record.concern_date.isoformat()}")

    c = record.child
    out.append("\nChild")
    _field(out, "Name", c.name)
    if c.date_of_birth:
        out.append(f"  Date of birth: {c.date_of_birth.isoformat()}")
    if c.age_years is not None:
        out.append(f"  Age: {c.age_years}")
    _field(out, "Gender", c.gender)
    _field(out, "School", c.school)
    _field(out, "Address", c.address)
    if c.learning_disability:
        out.append("  Learning disability or developmental delay: yes")
    if c.developmental_age_years is not None:
        out.append(f"  Developmental age: {c.developmental_age_years}")
    _field(out, "Reason for the developmental age", c.developmental_age_reason)
    _field(out, "Band", c.band)

    out.append("\nBehaviours")
    if not record.behaviours and not record.unlisted_behaviours:
        out.append("  (none chosen)")
    for b in record.behaviours:
        text = ruleset.behaviour(b.id).text if ruleset is not None and ruleset.has("behaviour", b.id) else ""
        out.append(f"  - {_safe(b.id)}" + (f": {_safe(text)}" if text else ""))
        _field(out, "Notes", b.notes, "    ")
    for u in record.unlisted_behaviours:
        _field(out, "- Not in the list", u.description)
        _field(out, "Notes", u.notes, "    ")

    if record.context:
        out.append("\nContext answered yes")
        for factor_id in record.context:
            question = (
                ruleset.factor(factor_id).question if ruleset is not None and ruleset.has("factor", factor_id) else ""
            )
            out.append(f"  - {_safe(factor_id)}" + (f": {_safe(question)}" if question else ""))

    j = record.judgement
    out.append("\nJudgement")
    agrees = {True: "yes", False: "no", None: "not recorded"}[j.agrees]
    out.append(f"  Agrees with the suggestion: {agrees}")
    _field(out, "Final category", j.final_category.upper())
    _field(out, "Reason", j.reason)
    _field(out, "Actions taken", j.actions_taken)
    _field(out, "Consulted", j.consulted)
    _field(out, "Decision", DECISIONS.get(j.decision, j.decision))

    ref = record.referral
    referral: list[str] = []
    r = ref.referrer
    referrer = ", ".join(x for x in (r.name, r.role, r.organisation, r.phone, r.email) if x)
    _field(referral, "Referrer", referrer)
    _field(referral, "Family", ref.family)
    for other in ref.other_children:
        bits = [other.name, f"age {other.age_years}" if other.age_years is not None else "", other.relationship]
        if other.possible_victim:
            bits.append(f"possible victim: {ANSWERS.get(other.possible_victim, other.possible_victim)}")
        _field(referral, "Other child", ", ".join(b for b in bits if b))
        _field(referral, "Notes", other.notes, "    ")
    _field(referral, "Parents or carers told", ANSWERS.get(ref.parents_informed, ref.parents_informed))
    _field(
        referral,
        "Why not told",
        PARENTS_NOT_TOLD_REASONS.get(ref.parents_not_informed_reason, ref.parents_not_informed_reason),
    )
    _field(referral, "Details", ref.parents_not_informed_details)
    _field(referral, "Consent", CONSENT.get(ref.consent, ref.consent))
    _field(referral, "Consent details", ref.consent_details)
    _field(referral, "Immediate risk", ANSWERS.get(ref.immediate_risk, ref.immediate_risk))
    _field(referral, "Immediate risk details", ref.immediate_risk_details)
    if referral:
        out.append("\nReferral")
        out.extend(referral)

    if record.addenda:
        out.append("\nAddenda")
        for a in record.addenda:
            _field(out, f"- {a.at}, {_safe(a.author)}", a.text)

    out.append("")
    out.extend(_assessment_lines(record, ruleset, match.message))
    return "\n".join(out)


def _assessment_lines(record: Record, ruleset: Any, why_not: str) -> list[str]:
    if ruleset is None:
        return ["Assessment: not shown. " + why_not]
    from screening.engine import assess

    assessment = assess(ruleset, record)
    out = [f"Assessment with {ruleset.info.title} {ruleset.info.version} (the rule set the record was made with)"]
    out.append(EMERGENCY_LINE)
    if assessment.suggested is None:
        out.append("  No suggestion: the record has no behaviour chosen or described.")
    else:
        out.append(f"  Suggested category: {assessment.suggested.label} — {assessment.suggested.meaning}")
    out.append("  Why:")
    out.extend(f"    - {_safe(line)}" for line in assessment.trace_lines())
    return out


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

