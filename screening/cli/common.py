"""What every command shares: exit codes, usage errors, JSON output, reading inputs."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from screening.problems import Problem, ProblemsError
from screening.terminal import safe, safe_json

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def load_rules(rules: str | None) -> Any:
    from screening.ruleset.loader import load_ruleset

    return load_ruleset(rules)


def hit_json(ruleset: Any, hit: Any) -> dict[str, Any]:
    """One search hit for --json (screen and search alike): the line, its score and why it matched."""
    from screening.engine.explain import hit_reason

    return {
        "id": hit.behaviour.id, "band": hit.behaviour.band, "category": hit.behaviour.category,
        "text": hit.behaviour.text, "score": hit.score, "matched": list(hit.matched),
        "agrees": list(hit.agrees), "contradicts": list(hit.contradicts),
        "colour_weight": {"weight": hit.colour_weight, "factors": list(hit.colour_why),
                          "words": list(hit.colour_words)},
        "why": hit_reason(ruleset, hit),
    }


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


def output_refusal(output: str, *, force: bool, inputs: Sequence[str | os.PathLike[str]] = ()) -> str | None:
    """Why a command may not write OUTPUT, or None: every writing command asks this first.

    An existing file is replaced only with --force; an input file, or anything inside an input
    folder (a rule set), is never written, even with --force.
    """
    target = Path(output)
    shown = safe(str(output))
    for given in inputs:
        source = Path(given)
        if source.is_dir():
            if _inside(target, source):
                return (f"'{shown}' is inside the input folder {safe(str(given))}; "
                        "choose a name outside it (it is never written, even with --force)")
        elif _same_file(target, source):
            return f"'{shown}' is an input file ({safe(str(given))}); choose another name (it is never written over)"
    # lexists: a link, even a broken one, is something the user has there already
    if os.path.lexists(target) and not force:
        return f"'{shown}' already exists; choose another name or add --force"
    if not target.parent.is_dir():
        return f"cannot write '{shown}': the folder {safe(str(target.parent))} does not exist"
    return None


def refuse_output(command: str, output: str, *, force: bool,
                  inputs: Sequence[str | os.PathLike[str]] = ()) -> bool:
    """Print why OUTPUT may not be written, as ``screening COMMAND: ...``; True when it was refused."""
    message = output_refusal(output, force=force, inputs=inputs)
    if message is not None:
        print(f"screening {command}: {message}", file=sys.stderr)
    return message is not None


def _same_file(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:  # a hard link, or the same file by another path
        return os.path.samefile(a, b)
    except OSError:
        return False


def _inside(target: Path, folder: Path) -> bool:
    return Path(os.path.realpath(target)).is_relative_to(os.path.realpath(folder))
