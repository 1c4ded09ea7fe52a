"""What every command shares: exit codes, usage errors, JSON output, reading inputs."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from screening.problems import Problem, ProblemsError

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def load_rules(rules: str | None) -> Any:
    from screening.ruleset.loader import load_ruleset

    return load_ruleset(rules)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def read_record_file(path: str, ruleset: Any = None) -> Any:
    """A record document from a file, with every problem as path:line:col."""
    from screening.records.document import parse_record
    from screening.records.references import reference_problems

    try:
        if path != "-" and not stat.S_ISREG(os.stat(path).st_mode):
            # a FIFO or a device would block or never end; a record is always a plain file
            raise ProblemsError([Problem(path, 0, 0, "this is not a record file")])
        data = Path(path).read_bytes() if path != "-" else sys.stdin.buffer.read()
    except OSError as exc:
        raise ProblemsError([Problem(path, 0, 0, f"cannot read the record: {exc.strerror or exc}")]) from None
    record = parse_record(data, path)
    if ruleset is not None:
        problems = reference_problems(ruleset, record, data, path)
        if problems:
            raise ProblemsError(problems)
    return record
