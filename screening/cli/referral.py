"""``screening referral RECORD -o OUT.pdf``: the MASH referral summary from the command line.

RECORD is a record document (JSON or YAML, ``-`` for standard input) or the id of a record in
the local store. A record that cannot make a summary gets its problems and exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from pathlib import Path
from typing import Any

from screening.cli.common import EXIT_OK, EXIT_PROBLEM, read_record_file

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def register(sub: Any, name: str, help: str) -> None:
    p = sub.add_parser(name, help=help)
    p.add_argument("record", metavar="RECORD", help="a record document (JSON or YAML), or a stored record's id")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="where to write the PDF")
    p.add_argument("--rules", metavar="PATH", help="a rule-set file or folder (default: the shipped rule set)")
    p.add_argument("--settings", metavar="PATH", help="a settings file (default: your settings)")
    p.set_defaults(func=cmd_referral)


def _fail(message: str) -> int:
    print(f"screening referral: {message}", file=sys.stderr)
    return EXIT_PROBLEM


class _NotFound(Exception):
    pass


def _stored_record(ident: str) -> Any:
    """A record from the local store by id; _NotFound with a reason when there is none."""
    try:
        store_module = importlib.import_module("screening.store")
    except ModuleNotFoundError as exc:
        if exc.name != "screening.store":
            raise
        raise _NotFound(f"there is no file '{ident}', and this installation has no record store") from None
    store_error = getattr(store_module, "StoreError", OSError)
    try:
        store = store_module.Store.open_default()
    except (store_error, OSError) as exc:
        raise _NotFound(f"there is no file '{ident}', and the record store cannot be opened: {exc}") from None
    try:
        record = store.get(ident)
    except LookupError:  # RecordNotFound: simply not there
        record = None
    except store_error as exc:  # the store could be opened but not read (a damaged file)
        raise _NotFound(f"there is no file '{ident}', and the record store cannot be read: {exc}") from None
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            close()
    if record is None:
        raise _NotFound(f"there is no file '{ident}' and no stored record with that id")
    return record


def cmd_referral(args: argparse.Namespace) -> int:
    from screening.documents.referral import write_referral_pdf
    from screening.ruleset.loader import load_ruleset
    from screening.settings import load_settings

    ruleset = load_ruleset(args.rules)
    source = args.record
    if source == "-" or Path(source).exists():
        record = read_record_file(source, ruleset)
    elif _ID_RE.match(source) and not source.lower().endswith((".json", ".yaml", ".yml")):
        try:
            record = _stored_record(source)
        except _NotFound as exc:
            return _fail(str(exc))
    else:
        return _fail(f"there is no file '{source}'")

    settings, problems = load_settings(args.settings)
    for problem in problems:
        print(f"{problem} (the default is used)", file=sys.stderr)
    try:
        path = write_referral_pdf(args.output, ruleset, record, settings)
    except OSError as exc:
        return _fail(f"cannot write '{args.output}': {exc.strerror or exc}")
    print(f"Wrote the referral summary to {path}")
    return EXIT_OK

