"""What every command shares: exit codes, usage errors, JSON output, reading inputs."""

from __future__ import annotations

import json
import sys
from typing import IO, Any

from screening.problems import Problem, ProblemsError
from screening.terminal import safe, safe_json

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def load_rules(rules: str | None) -> Any:
    from screening.ruleset.loader import load_ruleset

    return load_ruleset(rules)


def say(*parts: object, sep: str = " ", end: str = "\n", file: IO[str] | None = None, flush: bool = False) -> None:
    """print() for every command: user and rule text has its control characters and bidi
    overrides escaped (screening.terminal), so nothing read from a file can steer the terminal."""
    stream = file if file is not None else sys.stdout
    stream.write(safe(sep.join(str(p) for p in parts)) + end)
    if flush:
        stream.flush()


def write_json_text(text: str) -> None:
    """Already-made JSON to standard output, made inert for a terminal (still the same JSON)."""
    sys.stdout.write(safe_json(text))


def print_json(data: Any) -> None:
    write_json_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read_record_file(path: str, ruleset: Any = None) -> Any:
    """A record document from a file, with every problem as path:line:col."""
    from screening.fileio import NotReadable, read_limited, read_limited_stream
    from screening.reading.yamlsafe import MAX_FILE_BYTES
    from screening.records.document import parse_record
    from screening.records.references import date_problems, reference_problems

    try:
        # refused by size and kind before reading: a FIFO or a device would block or never end
        if path == "-":
            data = read_limited_stream(sys.stdin.buffer, MAX_FILE_BYTES, "record file")
        else:
            data = read_limited(path, MAX_FILE_BYTES, "record file")
    except NotReadable as exc:
        raise ProblemsError([Problem(path, 0, 0, str(exc))]) from None
    except OSError as exc:
        raise ProblemsError([Problem(path, 0, 0, f"cannot read the record file: {exc.strerror or exc}")]) from None
    record = parse_record(data, path)
    # impossible dates are refused before anything is assessed or printed from the record
    problems = date_problems(record, data, path)
    if ruleset is not None:
        problems += reference_problems(ruleset, record, data, path)
    if problems:
        raise ProblemsError(problems)
    return record
