"""Store speed with 10,000 records: one page of the start screen's list, verify, and opening.

Prints figures; never fails a build. Run: .venv/bin/python benchmarks/store_bench.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screening.records.document import Child, Record  # noqa: E402
from screening.store import Store  # noqa: E402
from screening.store import audit as audit_log  # noqa: E402

N = 10_000


def _fill(store: Store) -> None:
    """N drafts in one transaction (the store's own write path, minus a transaction per record)."""
    with store._transaction() as conn:
        for n in range(N):
            at = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:00:00+0{n % 3}:00"
            record = replace(Record(role="teacher", child=Child(name=f"child {n}")), id=uuid.uuid4().hex,
                             status="draft", created=at, updated=at)
            store._write_record(conn, record, "", insert=True)
            audit_log.append(conn, at, "bench", "create", record.id)


def _ms(fn: object, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for label, passphrase in (("plain", None), ("encrypted", "correct horse battery")):
            path = Path(tmp) / label / "records.sqlite3"
            with Store(path, passphrase=passphrase) as store:
                _fill(store)
                print(f"[{label}] {N} records")
                print(f"  page of 100, newest first (SQL):   {_ms(lambda s=store: s.page(limit=100)):8.2f} ms")
                print(f"  page of 100 at offset 9,900:       {_ms(lambda s=store: s.page(offset=9900)):8.2f} ms")
                print(f"  page by name:                      {_ms(lambda s=store: s.page(sort='name')):8.2f} ms")
                print(f"  whole list (list()):               {_ms(lambda s=store: s.list(), 5):8.2f} ms")
                print(f"  verify (chain, seals, integrity):  {_ms(lambda s=store: s.verify(), 3):8.2f} ms")
            opening = _ms(lambda p=path, k=passphrase: Store(p, passphrase=k).close(), 5)
            print(f"  open:                              {opening:8.2f} ms")


if __name__ == "__main__":
    main()
