"""Does the referral PDF's build time grow with the record, not with its square?

    .venv/bin/python benchmarks/referral_scale_bench.py [--quick]

Builds the summary for records that double in size (behaviours chosen; characters typed in one
box, as one paragraph and as many) and prints the time for each and the ratio to the size before.
Linear growth shows as a ratio near 2 at each doubling; quadratic growth as a ratio near 4.
Prints figures only; it never fails a build (issue 8, item 15).
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable
from typing import Any

BEHAVIOURS = (12, 25, 50, 100, 200)
CHARACTERS = (25_000, 50_000, 100_000, 200_000)


def _words(count: int, paragraph_every: int = 0) -> str:
    """About ``count`` characters of words; a blank line every ``paragraph_every`` words when set."""
    out: list[str] = []
    size = 0
    i = 0
    while size < count:
        word = f"word{i:05d}"
        if paragraph_every and i and i % paragraph_every == 0:
            word = "\n\n" + word
        out.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(out)[:count]


def _seconds(build: Callable[[], Any]) -> float:
    start = time.perf_counter()
    build()
    return time.perf_counter() - start


def _series(title: str, sizes: tuple[int, ...], build: Callable[[int], Any]) -> dict[str, float]:
    print(title)
    figures: dict[str, float] = {}
    previous = 0.0
    for size in sizes:
        took = _seconds(lambda size=size: build(size))
        ratio = f"x{took / previous:.1f}" if previous else ""
        print(f"  {size:>8,}  {took:8.2f} s  {ratio}")
        figures[str(size)] = round(took, 3)
        previous = took
    return figures


def run(quick: bool = False) -> dict[str, dict[str, float]]:
    from screening.documents.referral import build_referral_pdf
    from screening.records.document import Record, SelectedBehaviour
    from screening.ruleset.loader import load_ruleset
    from screening.settings import Settings

    ruleset = load_ruleset()
    settings = Settings()
    base = Record(role=ruleset.roles[0].id)
    build_referral_pdf(ruleset, base, settings)  # fonts registered once, outside the timings
    ids = [b.id for b in ruleset.behaviours]
    note = _words(300)

    def with_behaviours(count: int) -> bytes:
        chosen = tuple(SelectedBehaviour(ids[i % len(ids)], note) for i in range(count))
        return build_referral_pdf(ruleset, dataclasses.replace(base, behaviours=chosen), settings)

    def one_box(paragraph_every: int) -> Callable[[int], bytes]:
        def build(count: int) -> bytes:
            referral = dataclasses.replace(base.referral, family=_words(count, paragraph_every))
            return build_referral_pdf(ruleset, dataclasses.replace(base, referral=referral), settings)

        return build

    behaviours = BEHAVIOURS[:3] if quick else BEHAVIOURS
    characters = CHARACTERS[:2] if quick else CHARACTERS
    return {
        "behaviours": _series("Behaviours chosen (each with a 300-character note):", behaviours, with_behaviours),
        "one_paragraph": _series("Characters in one box, one paragraph:", characters, one_box(0)),
        "paragraphs": _series("Characters in one box, a paragraph every 80 words:", characters, one_box(80)),
    }


if __name__ == "__main__":
    run(quick="--quick" in sys.argv[1:])
    sys.exit(0)
