"""Speed figures for the targets in the issues. Prints figures; never fails a build.

Targets: shipped set load+validate < 50 ms; 10,000 behaviours < 1 s; search p95 < 10 ms;
`screening show` never imports Qt or reportlab; app start <= 2x a bare PySide6 window;
referral summary < 100 ms; the printed guide well under a few seconds.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screening.engine.search import SearchIndex, index_for  # noqa: E402
from screening.ruleset.loader import default_rules_path, load_ruleset  # noqa: E402

WORDS = (
    "touch touching private parts willy fanny bum boobs nudes pictures phone online game secret older "
    "younger child friend school playground toilet bed kiss hug show look copy rude words porn video "
    "snapchat gifts money missing party car adult cousin brother sister teacher carer forced tricked"
).split()


def _median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def generate_large_set(folder: Path, count: int = 10_000) -> None:
    """The shipped set's metadata plus `count` generated behaviours spread over its bands."""
    rng = random.Random(7)
    shutil.copy(default_rules_path() / "ruleset.yaml", folder / "ruleset.yaml")
    shipped = load_ruleset()
    bands = [b.id for b in shipped.age_bands]
    lines = ["behaviours:"]
    for i in range(count):
        band = bands[i % len(bands)]
        category = ("green", "amber", "red")[i % 3]
        text = " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "."
        words = ", ".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 2))) for _ in range(8))
        lines += [
            f"  - id: gen-{i:05d}",
            f'    band: "{band}"',
            f"    category: {category}",
            f"    text: {text}",
            f"    words: [{words}]",
        ]
    (folder / "behaviours-generated.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def bench_core() -> None:
    median, p95 = _median_ms(lambda: load_ruleset(), 20)
    print(f"load+validate shipped set: median {median:.1f} ms, p95 {p95:.1f} ms (target < 50 ms)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate_large_set(folder)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        median, p95 = _median_ms(lambda: load_ruleset(folder), 5)
        print(f"load+validate 10,000 behaviours ({size:.1f} MB): median {median:.0f} ms (target < 1000 ms)")
        large = load_ruleset(folder)
        index = SearchIndex(large)
        start = time.perf_counter()
        for band in large.age_bands:
            index.search("warm up", [band.id])
        print(f"search index build (all bands, {len(large.behaviours)} behaviours): "
              f"{(time.perf_counter() - start) * 1000:.0f} ms (once per rule set)")
        rng = random.Random(3)
        queries = [
            " ".join(rng.choice(WORDS) + rng.choice(["", "", "s", "x"]) for _ in range(rng.randint(2, 8)))
            for _ in range(300)
        ]
        bands = [b.id for b in large.age_bands]
        times = []
        for q in queries:
            band = rng.choice(bands)
            start = time.perf_counter()
            index.search(q, [band], 10)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(f"search over the 10,000 set (one band, 300 queries with typos): median "
              f"{statistics.median(times):.2f} ms, p95 {times[int(len(times) * 0.95) - 1]:.2f} ms (target p95 < 10 ms)")
    shipped = load_ruleset()
    shipped_index = index_for(shipped)
    note = ("At 10:40 in the playground he held the younger girl down and nobody told him to stop; "
            "it has happened every day this week in front of the class, and a 13 year old saw it. ")
    for size in (1_000, 20_000):
        text = (note * (size // len(note) + 1))[:size]
        median, p95 = _median_ms(lambda text=text: shipped_index.find(text, ["5-9"], 10, 8), 10)
        print(f"read and search a {size:,}-character description (shipped set): median {median:.1f} ms, "
              f"p95 {p95:.1f} ms (longer descriptions are read up to 20,000 characters)")


def bench_hostile() -> None:
    """Hostile rule files are refused fast (the tests check that they are refused, not how fast)."""
    from screening.reading.yamlsafe import read_bytes

    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 12)]
    cases = {
        "alias bomb (10^12 items if expanded)": "\n".join(lines).encode(),
        "100,000 open brackets": b"[" * 100_000,
        "10,000 nested block lists": b"- " * 10_000 + b"x",
    }
    for name, data in cases.items():
        median, _ = _median_ms(lambda data=data: read_bytes("x.yaml", data), 5)
        print(f"refuse {name}: median {median:.1f} ms")


def _process_ms(args: list[str], runs: int = 15, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env, cwd=tempfile.gettempdir())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_processes() -> None:
    py = sys.executable
    # An installed app has byte-code caches (pip writes them); without them every start would
    # compile the project's modules again, which this machine does when PYTHONDONTWRITEBYTECODE is set.
    import compileall

    for package in ("screening", "ui", "rules", "resources"):
        compileall.compile_dir(ROOT / package, quiet=1)
    ms = _process_ms([py, "-m", "screening", "show", "--json"])
    print(f"`screening show --json` process: median {ms:.0f} ms")
    probe = (
        "import sys; from screening.cli import main; import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    [main(a) for a in (['show','--json'], ['search','--age','7','touching'], ['validate'])]\n"
        "heavy = [m for m in ('PySide6', 'reportlab') if m in sys.modules]\n"
        "print(','.join(heavy) or 'none')"
    )
    heavy = subprocess.run([py, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    print(f"heavy modules imported by show/search/validate: {heavy} (target: none)")

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as config:
        env["SCREENING_DATA_DIR"] = data
        env["SCREENING_CONFIG_DIR"] = config
        bare = (
            "from PySide6.QtWidgets import QApplication, QMainWindow; from PySide6.QtCore import QTimer\n"
            "app = QApplication([]); w = QMainWindow(); w.resize(1000, 700); w.show()\n"
            "QTimer.singleShot(0, app.quit); app.exec()"
        )
        bare_ms = _process_ms([py, "-c", bare], env=env)
        try:
            app_ms = _process_ms([py, "-m", "ui.app", "--exit-after-start"], env=env)
        except subprocess.CalledProcessError as exc:
            print(f"app start: failed ({exc.returncode})")
            return
        print(f"bare PySide6 window: median {bare_ms:.0f} ms; `screening-app --exit-after-start`: "
              f"median {app_ms:.0f} ms; ratio {app_ms / bare_ms:.2f}x (target <= 2x)")


def bench_referral() -> None:
    try:
        from benchmarks import referral_bench
    except ImportError:
        print("referral summary: benchmark not available")
        return
    referral_bench.run()


def bench_guide() -> None:
    from benchmarks import guide_bench

    guide_bench.run()


if __name__ == "__main__":
    bench_core()
    bench_hostile()
    bench_processes()
    bench_referral()
    bench_guide()
