"""How long it takes to build a referral summary PDF in-process (target: median < 100 ms).

    .venv/bin/python benchmarks/referral_bench.py

``run()`` prints the figures and returns them (milliseconds, and pages), for benchmarks/run.py.
The typical record is the fictional one behind docs/sample-referral.pdf, on the shipped rule set;
the same record with a Chinese and with a Bengali name shows what the fallback fonts cost (their
first build loads the font; a Latin-only record never loads them).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from typing import Any

RUNS = 20
_SAMPLE = Path(__file__).resolve().parents[1] / "docs" / "make_sample_referral.py"


def _sample_module() -> Any:
    spec = importlib.util.spec_from_file_location("make_sample_referral", _SAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _median_ms(build: Any, runs: int = RUNS) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def run() -> dict[str, float]:
    from screening.records.document import SelectedBehaviour, UnlistedBehaviour
    from screening.ruleset.loader import load_ruleset

    sample = _sample_module()
    ruleset = load_ruleset()
    record = sample.sample_record(ruleset.sha256, ruleset.info.version)
    settings = sample.sample_settings()

    import screening.documents.referral as referral

    start = time.perf_counter()
    first = referral.build_referral_pdf(ruleset, record, settings)  # registers the fonts once
    cold = (time.perf_counter() - start) * 1000

    typical, typical_max = _median_ms(lambda: referral.build_referral_pdf(ruleset, record, settings))
    invariant, _ = _median_ms(
        lambda: referral.build_referral_pdf(ruleset, record, settings, generated_at=sample.GENERATED_AT,
                                            invariant=True)
    )
    words = " ".join(f"word{i:04d}" for i in range(900))[:4000]
    long_record = dataclasses.replace(
        record,
        behaviours=(
            *(dataclasses.replace(b, notes=words) for b in record.behaviours),
            SelectedBehaviour("y9-sextortion", words),
        ),
        unlisted_behaviours=(UnlistedBehaviour(words, words),),
        referral=dataclasses.replace(record.referral, family=words),
    )
    long_pdf = referral.build_referral_pdf(ruleset, long_record, settings)
    long, _ = _median_ms(lambda: referral.build_referral_pdf(ruleset, long_record, settings), runs=5)

    # a name the main font cannot draw: the first build registers the fallback font it needs
    scripts: dict[str, float] = {}
    for key, name in (("cjk", "李小龍"), ("bengali", "রহিম সুমাইয়া")):
        named = dataclasses.replace(record, child=dataclasses.replace(record.child, name=name))
        start = time.perf_counter()
        referral.build_referral_pdf(ruleset, named, settings)
        scripts[f"referral_{key}_name_first_build_ms"] = round((time.perf_counter() - start) * 1000, 1)
        scripts[f"referral_{key}_name_median_ms"] = round(
            _median_ms(lambda named=named: referral.build_referral_pdf(ruleset, named, settings))[0], 1)

    import io

    import pypdf

    figures = {
        "referral_cold_first_build_ms": round(cold, 1),
        "referral_typical_median_ms": round(typical, 1),
        "referral_typical_max_ms": round(typical_max, 1),
        "referral_invariant_median_ms": round(invariant, 1),
        "referral_typical_pages": float(len(pypdf.PdfReader(io.BytesIO(first)).pages)),
        "referral_typical_kib": round(len(first) / 1024, 1),
        "referral_long_median_ms": round(long, 1),
        "referral_long_pages": float(len(pypdf.PdfReader(io.BytesIO(long_pdf)).pages)),
        **scripts,
    }
    width = max(len(k) for k in figures)
    print(f"Referral summary PDF build ({RUNS} runs each; target median < 100 ms)")
    for key, value in figures.items():
        print(f"  {key:<{width}}  {value:g}")
    return figures


if __name__ == "__main__":
    run()
    sys.exit(0)
