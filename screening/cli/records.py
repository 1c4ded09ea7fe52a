"""``screening records ...``: list, show, export, import and delete saved screenings."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from screening.cli.common import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, print_json, refuse_output, say, write_json_text
from screening.problems import ProblemsError
from screening.records.document import Record

MIN_PREFIX = 4  # ids are 32 hex digits; a unique prefix this long is accepted, like git


def _err(message: str) -> None:
    say(f"screening records: {message}", file=sys.stderr)


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


PASSPHRASE_ENV = "SCREENING_PASSPHRASE_FILE"
MAX_PASSPHRASE_FILE = 4096


def read_passphrase_file(path: str) -> str:
    """The first line of a passphrase file (a regular file, small); StoreError otherwise."""
    from screening.fileio import NotReadable, read_limited
    from screening.store import StoreError

    try:
        data = read_limited(path, MAX_PASSPHRASE_FILE, "passphrase file")
    except (NotReadable, OSError) as exc:
        raise StoreError(f"{path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise StoreError(f"{path}: the passphrase file is not UTF-8 text") from None
    line = text.splitlines()[0] if text.splitlines() else ""
    if not line:
        raise StoreError(f"{path}: the passphrase file is empty")
    return line


NEEDS_PASSPHRASE = (f"the records are encrypted: give the passphrase with --passphrase-file FILE or {PASSPHRASE_ENV}, "
                    "or run the command in a terminal to be asked for it")
NEEDS_NEW_PASSPHRASE = ("a new passphrase is needed: give it with --new-passphrase-file FILE (its first line), "
                        "or run the command in a terminal to be asked for it; nothing was changed")


def _prompt(label: str, no_terminal: str = NEEDS_PASSPHRASE) -> str:
    import getpass

    from screening.store import StoreError

    if not sys.stdin.isatty():
        raise StoreError(no_terminal)
    try:
        return getpass.getpass(label, stream=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        say(file=sys.stderr)
        raise StoreError("no passphrase was given; nothing was changed") from None


def passphrase_for(args: argparse.Namespace) -> str | None:
    """The passphrase when the records are encrypted (file, environment, or a prompt); None when not."""
    from screening.paths import data_dir
    from screening.store.encryption import marked_encrypted

    given = getattr(args, "passphrase_file", None) or os.environ.get(PASSPHRASE_ENV)
    try:
        encrypted = marked_encrypted(data_dir())
    except OSError:
        encrypted = False
    if not encrypted:
        return None
    if given:
        return read_passphrase_file(given)
    return _prompt("Passphrase for the records: ")


def shared_refusal() -> str:
    """Why the records may not be opened on this computer ('' when they may), with what to do.

    The rule is the core's (screening.settings.encryption_required, the app's too); it is asked
    before anything is opened or made, so a refused command touches nothing.
    """
    from screening.paths import data_dir
    from screening.settings import encryption_required, load_settings, settings_path
    from screening.store.encryption import marked_encrypted

    settings, _ = load_settings()  # never raises; a bad file gives the defaults
    try:
        encrypted = marked_encrypted(data_dir(create=False))
    except OSError:
        encrypted = False
    reason = encryption_required(settings, encrypted)
    if reason is None:
        return ""
    where = settings_path()
    return (f"{reason} ('shared_computer: true' in {where}). Encrypt them first: run 'screening records "
            "encrypt' (it asks for a new passphrase; a forgotten one cannot be recovered). Nothing was opened or "
            f"changed. If nobody else uses this computer, set 'shared_computer: false' in {where} instead.")


def _open(args: argparse.Namespace | None = None, *, shared_checked: bool = True) -> Any:
    """The user's store. shared_checked: refuse plain records on a shared computer (EncryptionRequired)."""
    from screening.store import EncryptionRequired, Store

    if shared_checked:
        refused = shared_refusal()
        if refused:
            raise EncryptionRequired(refused)
    passphrase = passphrase_for(args) if args is not None else None
    return Store.open_default(passphrase)


def _who() -> str:
    """The practitioner's name from Settings; the computer login only when none is set."""
    from screening.settings import load_settings
    from screening.store import default_who

    settings, _ = load_settings()
    return settings.practitioner_name.strip() or default_who()


def _resolve(store: Any, text: str) -> str:
    """A full id, or a unique prefix of one."""
    return str(store.resolve(text, MIN_PREFIX))


def _safe(text: str) -> str:
    """User text for a terminal: control characters and bidi overrides shown as escapes, never obeyed."""
    from screening.terminal import safe

    return safe(text)


# ---------------------------------------------------------------- commands


@_guarded
def cmd_list(args: argparse.Namespace) -> int:
    with _open(args) as store:
        summaries = store.list(args.status)
    if args.json:
        print_json([dataclasses.asdict(s) for s in summaries])
        return EXIT_OK
    if not summaries:
        say("No saved records.")
        return EXIT_OK
    for s in summaries:
        category = (s.final_category or s.suggested_category or "-").upper()
        name = _safe(s.child_name) or "(no name)"
        say(f"{s.id}  {s.status:<5}  {s.updated:<25}  {category:<6}  {name}")
    return EXIT_OK


@_guarded
def cmd_show(args: argparse.Namespace) -> int:
    from screening.store import document_json

    with _open(args) as store:
        record = store.get(_resolve(store, args.id))
    if args.json:
        write_json_text(document_json(record))
        return EXIT_OK
    say(render_record(record, _rule_folders(args.rules)))
    return EXIT_OK


def _rule_folders(extra: list[str] | None) -> list[Path]:
    from screening.ruleset.loader import default_rules_path

    return [*(Path(p) for p in extra or []), default_rules_path()]


def render_record(record: Record, rule_folders: list[Path], settings: Any = None) -> str:
    """The record as readable text: the summary model the PDF and the app render, with the ids
    to type beside the rule set's words, assessed with the record's own rule set when it is here."""
    from screening.dates import format_local
    from screening.documents.summary import build_summary
    from screening.documents.summary_text import render_text
    from screening.settings import Settings, load_settings
    from screening.store import describe_ruleset_ref, find_ruleset

    match = find_ruleset(record, rule_folders)
    if settings is None:
        settings = load_settings()[0]  # read only; a bad file gives the defaults
    head = [
        f"Record {record.id} ({'FINAL' if record.is_final else 'draft'})",
        f"Created: {format_local(record.created)}   Updated: {format_local(record.updated)}",
        f"Rule set: {describe_ruleset_ref(record)}",
        "",
        "",
    ]
    summary = build_summary(record, match.ruleset, settings if isinstance(settings, Settings) else Settings(),
                            why_no_ruleset=match.message)
    return "\n".join(_safe(line) for line in head) + render_text(summary, _safe, refs=True)


EXPORT_FORMATS = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


@_guarded
def cmd_export(args: argparse.Namespace) -> int:
    fmt = EXPORT_FORMATS.get(Path(args.output).suffix.lower())
    if fmt is None:
        _err(f"{_safe(args.output)}: a record document is written as .json or .yaml; choose one of those names")
        return EXIT_USAGE
    if refuse_output("records", args.output, force=args.force):
        return EXIT_PROBLEM
    with _open(args) as store:
        record_id = _resolve(store, args.id)
        written = store.export(record_id, args.output, _who(), fmt=fmt)
    say(f"Exported record {record_id} to {_safe(args.output)}")
    if written.note:
        say(_safe(written.note), file=sys.stderr)
    from screening.store.document import EXPORT_NOTICE

    say(EXPORT_NOTICE, file=sys.stderr)
    return EXIT_OK


@_guarded
def cmd_import(args: argparse.Namespace) -> int:
    with _open(args) as store:
        try:
            results = store.import_documents(args.files, _who())
        except ProblemsError as exc:
            say(_safe(exc.report()), file=sys.stderr)
            count = len(exc.problems)
            _err(f"{count} problem{'s' if count != 1 else ''}; nothing was imported")
            return EXIT_PROBLEM
    for name, result in zip(args.files, results, strict=True):
        if result.duplicate:
            say(result.id)
            say(f"{_safe(name)}: already saved as record {result.id}; not imported again", file=sys.stderr)
        else:
            say(result.id)
    return EXIT_OK


@_guarded
def cmd_delete(args: argparse.Namespace) -> int:
    from screening.store import RETENTION_REASONS

    with _open(args) as store:
        record_id = _resolve(store, args.id)
        record = store.get(record_id)
        name = _safe(record.child.name) or "(no name)"
        if record.is_final:
            if args.reason is None:
                _err(
                    f"record {record_id} is final: deleting it is a retention action. Give the reason with "
                    f"--reason ({', '.join(RETENTION_REASONS)}); nothing was deleted"
                )
                return EXIT_PROBLEM
            say(f"{record_id}  FINAL  {record.updated}  {name}", file=sys.stderr)
            say(f"This record is final. It will be deleted because {RETENTION_REASONS[args.reason]}.",
                  file=sys.stderr)
            say("The audit log keeps a tombstone (the id, the time, the reason), nothing else.", file=sys.stderr)
            if not _confirm(f"Type the first 8 characters of the id ({record_id[:8]}) to delete it: ",
                            record_id[:8], args.yes and args.reason is not None):
                _err("nothing was deleted")
                return EXIT_PROBLEM
            store.delete(record_id, _who(), reason=args.reason, confirmed=True)
        else:
            if not args.yes:
                say(f"{record_id}  {record.status}  {record.updated}  {name}", file=sys.stderr)
                if not _confirm(f"Delete record {record_id}? [y/N] ", "y", False):
                    _err("nothing was deleted")
                    return EXIT_PROBLEM
            store.delete(record_id, _who())
    say(f"Deleted record {record_id}")
    return EXIT_OK


def _confirm(prompt: str, expected: str, already: bool) -> bool:
    if already:
        return True
    say(prompt, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    if not answer.endswith("\n"):
        say(file=sys.stderr)  # EOF: end the prompt's line
    answer = answer.strip().lower()
    return answer == expected.lower() or (expected == "y" and answer == "yes")


@_guarded
def cmd_verify(args: argparse.Namespace) -> int:
    from screening.store.pending import waiting_note

    # verify runs on a shared computer's plain records too (it shows nothing about a child, and
    # checking them before encrypting is sensible), and says they must be encrypted
    shared = shared_refusal()
    with _open(args, shared_checked=False) as store:
        findings = store.verify()
        rows, count = len(store.audit()), store.count()
        journal = store.pending_audit()
        journal_only = bool(findings) and len(findings) == len(journal.problems)
        note = waiting_note(journal.entries, journal.folder, store.readonly)
    if note:
        say(_safe(note))  # not a problem: files written while the folder was read-only, audited later
    if shared:
        say(_safe(f"Note: {shared.replace(' Nothing was opened or changed.', '')}"), file=sys.stderr)
    if not findings:
        say(f"The records are sound: {count} record{'s' if count != 1 else ''}, "
              f"{rows} audit row{'s' if rows != 1 else ''}, the chain unbroken and every final record as sealed.")
        return EXIT_OK
    for finding in findings:
        say(_safe(str(finding)), file=sys.stderr)
    plural = "s" if len(findings) != 1 else ""
    if journal_only:  # the records and their audit are sound; only the journal of read-only exports is not
        _err(f"{len(findings)} problem{plural} found in the pending-audit folder {journal.folder} (exports made "
             f"while the records folder was read-only). The records and their audit log are sound ({count} "
             f"record{'s' if count != 1 else ''}, {rows} audit rows). Keep the pending-audit folder as it is and "
             "ask for help.")
        return EXIT_PROBLEM
    _err(f"{len(findings)} problem{plural} found: the records or their audit log were "
         "changed outside the tool. Keep a copy of the records folder as it is and ask for help.")
    return EXIT_PROBLEM


def _new_passphrase(args: argparse.Namespace) -> str:
    from screening.store import StoreError
    from screening.store.encryption import NO_BACK_DOOR, passphrase_problem

    given = getattr(args, "new_passphrase_file", None)
    say(NO_BACK_DOOR, file=sys.stderr)
    if given:
        new = read_passphrase_file(given)
    else:
        new = _prompt("New passphrase: ", NEEDS_NEW_PASSPHRASE)
        problem = passphrase_problem(new)
        if problem:
            raise StoreError(f"{problem}; nothing was changed")
        if _prompt("The same passphrase again: ", NEEDS_NEW_PASSPHRASE) != new:
            raise StoreError("the two passphrases are not the same; nothing was changed")
    problem = passphrase_problem(new)
    if problem:
        raise StoreError(f"{problem}; nothing was changed")
    return new


@_guarded
def cmd_encrypt(args: argparse.Namespace) -> int:
    from screening.paths import data_dir
    from screening.store import DB_NAME, Store
    from screening.store.encryption import encrypt, marked_encrypted

    folder = data_dir()
    if marked_encrypted(folder):
        _err("the records are already encrypted; to change the passphrase use 'screening records passphrase'")
        return EXIT_PROBLEM
    if not args.new_passphrase_file:
        args.new_passphrase_file = getattr(args, "passphrase_file", None) or os.environ.get(PASSPHRASE_ENV)
    new = _new_passphrase(args)
    encrypt(folder / DB_NAME, new, who=_who())
    with Store(folder / DB_NAME, passphrase=new) as store:
        findings = store.verify()
    if findings:
        _err("the records were encrypted, but verify finds problems; run 'screening records verify'")
        return EXIT_PROBLEM
    say("The records are encrypted. Every records command will now ask for the passphrase.")
    return EXIT_OK


@_guarded
def cmd_passphrase(args: argparse.Namespace) -> int:
    from screening.paths import data_dir
    from screening.store import DB_NAME, Store
    from screening.store.encryption import encrypt, marked_encrypted

    folder = data_dir()
    if not marked_encrypted(folder):
        _err(shared_refusal() or "the records are not encrypted; turn encryption on with 'screening records encrypt'")
        return EXIT_PROBLEM
    old = passphrase_for(args)
    Store(folder / DB_NAME, passphrase=old).close()  # a wrong passphrase stops here, before anything changes
    new = _new_passphrase(args)
    encrypt(folder / DB_NAME, new, old_passphrase=old, who=_who())
    say("The passphrase was changed.")
    return EXIT_OK


def register(subparsers: Any, name: str, help: str) -> None:
    parser = subparsers.add_parser(name, help=help)
    parser.set_defaults(func=lambda _args: _usage(parser))
    sub = parser.add_subparsers(dest="records_command", metavar="ACTION", parser_class=type(parser))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--passphrase-file", metavar="FILE",
        help=f"read the records' passphrase from the first line of FILE (or set {PASSPHRASE_ENV}); "
        "never give it as an argument",
    )

    def action(name: str, help: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = sub.add_parser(name, help=help, parents=[common])
        return parser

    p = action("list", "saved records, most recently changed first")
    p.add_argument("--status", choices=("draft", "final"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = action("show", "show one record, with its assessment when its rule set is available")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true", help="print the record document")
    p.add_argument(
        "--rules", metavar="PATH", action="append",
        help="a rule-set folder to look in for the record's rule set (repeatable; the shipped set is always tried)",
    )
    p.set_defaults(func=cmd_show)

    p = action("export", "write a record document to a file")
    p.add_argument("id", metavar="ID")
    p.add_argument("-o", "--output", metavar="FILE", required=True)
    p.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    p.set_defaults(func=cmd_export)

    p = action("import", "import record documents, all or nothing; prints the new ids")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_import)

    from screening.store import RETENTION_REASONS

    p = action("delete", "delete a record (the audit log keeps that it was deleted)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--yes", action="store_true", help="do not ask first (a final record also needs --reason)")
    p.add_argument("--reason", choices=tuple(RETENTION_REASONS),
                   help="why a final record is deleted (a retention action)")
    p.set_defaults(func=cmd_delete)

    p = action("verify", "check the audit chain and the sealed final records; exit 1 on any break")
    p.set_defaults(func=cmd_verify)

    p = action("encrypt", "encrypt the records with a passphrase (there is no back door)")
    p.add_argument("--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE")
    p.set_defaults(func=cmd_encrypt)

    p = action("passphrase", "change the records' passphrase")
    p.add_argument("--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE")
    p.set_defaults(func=cmd_passphrase)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE

