"""How long the printed guide takes to build for the shipped rule set (target: well under a few seconds).

    .venv/bin/python benchmarks/guide_bench.py

``run()`` prints the figures (milliseconds and pages) for each paper and audience, for benchmarks/run.py.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

RUNS = 5


def run() -> dict[str, float]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from pypdf import PdfReader

    from screening.documents.guide import GuideOptions, build_guide_pdf
    from screening.ruleset.diff import diff_rulesets
    from screening.ruleset.loader import load_ruleset

    ruleset = load_ruleset()
    build_guide_pdf(ruleset, GuideOptions(band=ruleset.age_bands[0].id))  # fonts registered once, as in the app
    figures: dict[str, float] = {}
    for name, options in (("A4, every role", GuideOptions()), ("A4, one role", GuideOptions(role="teacher")),
                          ("A3 poster", GuideOptions(paper="A3")), ("carers' leaflet", GuideOptions(audience="carer")),
                          ("one band, one role", GuideOptions(band=ruleset.age_bands[1].id, role="foster_carer"))):
        times, cpu, data = [], [], b""
        for _ in range(RUNS):
            start, start_cpu = time.perf_counter(), time.process_time()
            data = build_guide_pdf(ruleset, options)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        pages = len(PdfReader(io.BytesIO(data)).pages)
        median = statistics.median(times)
        figures[name] = median
        # CPU time as well: on a busy machine the wall clock mostly measures the other processes
        print(f"guide ({name}, shipped set): median {median:.0f} ms wall, {statistics.median(cpu):.0f} ms CPU, "
              f"{pages} pages (target: well under a few seconds)")
    times = []
    for _ in range(20):
        start = time.perf_counter()
        diff_rulesets(load_ruleset("tests/data/mini"), ruleset)
        times.append((time.perf_counter() - start) * 1000)
    print(f"diff mini → shipped (both loaded): median {statistics.median(times):.1f} ms")
    return figures


if __name__ == "__main__":
    run()
