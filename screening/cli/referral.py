"""``screening referral RECORD -o OUT.pdf``: the MASH referral summary from the command line.

RECORD is a record document (JSON or YAML, ``-`` for standard input) or the id of a record in
the local store. A record that cannot make a summary gets its problems and exit status 1.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from screening.cli.common import EXIT_OK, EXIT_PROBLEM, read_record_file, refuse_output, say

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def register(sub: Any, name: str, help: str) -> None:
    p = sub.add_parser(name, help=help)
    p.add_argument("record", metavar="RECORD", help="a record document (JSON or YAML), or a stored record's id")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="where to write the PDF")
    p.add_argument("--rules", metavar="PATH", help="a rule-set file or folder (default: the shipped rule set)")
    p.add_argument("--settings", metavar="PATH", help="a settings file (default: your settings)")
    p.add_argument("--force", action="store_true", help="replace OUT.pdf if it already exists")
    p.add_argument("--passphrase-file", metavar="FILE", help="the records' passphrase, when they are encrypted")
    p.add_argument("--password-file", metavar="FILE",
                   help="encrypt the PDF with the password on the first line of FILE (never given as an argument)")
    p.set_defaults(func=cmd_referral)


def _fail(message: str) -> int:
    say(f"screening referral: {message}", file=sys.stderr)
    return EXIT_PROBLEM


def cmd_referral(args: argparse.Namespace) -> int:
    from screening.documents.referral import build_referral_pdf
    from screening.ruleset.loader import load_ruleset
    from screening.settings import load_settings
    from screening.terminal import safe

    output = Path(args.output)
    source = args.record
    if refuse_output("referral", args.output, force=args.force, inputs=_inputs(args)):
        return EXIT_PROBLEM
    password = None
    if args.password_file:
        password, why = _password_from(args.password_file)
        if why:
            return _fail(why)
    ruleset = load_ruleset(args.rules)
    stored_id = None
    looks_like_id = bool(_ID_RE.match(source)) and not source.lower().endswith((".json", ".yaml", ".yml"))
    if source == "-" or Path(source).exists() or not looks_like_id:
        # not an id: read as a file, so a missing one is path:0:0 like every other command
        record = read_record_file(source, ruleset)
    else:
        try:
            from screening.store import StoreError
        except ImportError:
            return _fail(f"there is no file '{safe(source)}', and this installation has no record store")
        from screening.store import EncryptionRequired

        try:
            with _open_store(args) as store:
                stored_id = store.resolve(source)
                record = store.get(stored_id)
        except EncryptionRequired as exc:  # a shared computer's plain records: encrypted first
            return _fail(str(exc))
        except StoreError as exc:
            return _fail(f"there is no file '{safe(source)}' and no stored record with that id ({exc})")

    settings, problems = load_settings(args.settings)
    for problem in problems:
        say(f"{safe(str(problem))} (the default is used)", file=sys.stderr)
    data = build_referral_pdf(ruleset, record, settings, password=password)
    note = ""  # what to say when the audit entry waits in the pending-audit journal
    if stored_id is None:
        from screening.store.files import write_private

        try:
            write_private(output, data, None)
        except OSError as exc:
            return _fail(f"cannot write '{safe(args.output)}': {exc.strerror or exc}")
    else:
        from screening.cli.records import _who
        from screening.store import StoreError

        try:  # a stored record's PDF is audited before it is written, like an export
            with _open_store(args) as store:
                note = store.write_record_file(stored_id, output, data, "print", _who()).note
        except StoreError as exc:
            return _fail(str(exc))
    say(f"Wrote the referral summary to {safe(str(output))}")
    if note:
        say(safe(note), file=sys.stderr)
    if password:
        say("The PDF is encrypted: it opens only with the password. Send the password another way.", file=sys.stderr)
    else:
        say("The PDF is not encrypted: it holds personal information about a child; keep it safe "
            "(add --password-file FILE to encrypt it).", file=sys.stderr)
    return EXIT_OK


def _inputs(args: argparse.Namespace) -> list[str]:
    from screening.ruleset.loader import default_rules_path

    given = [args.record] if args.record != "-" else []
    extra = [p for p in (args.settings, args.password_file) if p]
    return [*given, args.rules or str(default_rules_path()), *extra]


def _password_from(path: str) -> tuple[str | None, str]:
    """The password on the first line of a file (refused by size and kind before reading), or why not."""
    from screening.documents.pdf import password_problem
    from screening.fileio import NotReadable, read_limited
    from screening.terminal import safe

    try:
        data = read_limited(path, 4096, "password file")
    except NotReadable as exc:
        return None, f"{safe(path)}: {exc}"
    except OSError as exc:
        return None, f"cannot read the password file '{safe(path)}': {exc.strerror or exc}"
    try:
        lines = data.decode("utf-8").removeprefix("\ufeff").splitlines()  # a BOM, as Notepad saves, is not typed
    except UnicodeDecodeError:
        return None, f"the password file '{safe(path)}' is not UTF-8 text"
    password = lines[0] if lines else ""
    problem = password_problem(password)  # the one rule, the app's too
    if problem:
        return None, f"the password file '{safe(path)}' is refused. {problem} (It is read from the first line.)"
    return password, ""


def _open_store(args: argparse.Namespace) -> Any:
    from screening.cli.records import _open

    return _open(args)  # the records commands' way in: a shared computer's plain records are refused

