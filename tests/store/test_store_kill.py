"""A process killed with SIGKILL mid-save loses nothing it had acknowledged, and the file stays sound."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_helpers import complete_record

from screening.ruleset.model import RuleSet
from screening.store import Store, document_json

WRITER = r"""
import sys
from dataclasses import replace
from pathlib import Path

from screening.records.document import Child, Record
from screening.store import Store

db, doc = Path(sys.argv[1]), sys.argv[2]
store = Store(db, passphrase=sys.argv[3] or None)
text = Path(doc).read_text(encoding="utf-8")
for n in range(400):
    record = store.create(Record(role="teacher", child=Child(name=f"child {n}")), "writer")
    record = store.save_draft(replace(record, child=Child(name=f"child {n} edited", age_years=n % 18)), "writer")
    print("saved", record.id, n, flush=True)  # printed only after the commit returned
    if n % 5 == 0:
        docs = []
        for k in range(2):  # different documents each time: the same one twice is a duplicate
            docs.append(Path(f"{doc}.{n}.{k}"))
            docs[-1].write_text(text.replace("imported child", f"imported child {n}.{k}"), encoding="utf-8")
        for new_id in store.import_files(docs, "writer"):
            print("imported", new_id, flush=True)
print("finished", flush=True)
"""

ACK = re.compile(r"^(saved|imported) ([0-9a-f]{32})(?: (\d+))?$")


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize("passphrase", ["", "correct horse battery"], ids=["plain", "encrypted"])
def test_sigkill_loses_no_acknowledged_record(tmp_path: Path, mini: RuleSet, passphrase: str) -> None:
    db = tmp_path / "records.sqlite3"
    doc = tmp_path / "import.json"
    doc.write_text(document_json(complete_record(mini, name="imported child")), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(doc), passphrase], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    try:
        # let it get going, then kill it at an arbitrary moment mid-loop
        while len(lines) < 30 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
        time.sleep(0.05 + (time.monotonic_ns() % 50) / 1000)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        # read through the same buffered streams: communicate() reads the raw pipes and would drop
        # what readline has already buffered (half a line, which then looks like a bad line)
        rest = proc.stdout.read()
        errors = proc.stderr.read() if proc.stderr else ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    lines.extend(rest.splitlines(keepends=True))
    assert proc.returncode == -signal.SIGKILL, errors
    assert "finished\n" not in lines, "the writer finished before the kill; the test proved nothing"

    acknowledged = {}
    for line in lines:
        if not line.endswith("\n"):
            continue  # cut off mid-line by the kill: never acknowledged
        match = ACK.match(line.rstrip("\n"))
        assert match, line
        acknowledged[match.group(2)] = (match.group(1), match.group(3))
    assert len(acknowledged) >= 30

    with Store(db, passphrase=passphrase or None) as store:
        for record_id, (how, n) in acknowledged.items():
            record = store.get(record_id)
            if how == "saved":
                assert record.child.name == f"child {n} edited"
            else:
                assert record.child.name.startswith("imported child ")
        assert {a.record_id for a in store.audit() if a.action == "create"} >= {
            i for i, (how, _) in acknowledged.items() if how == "saved"}
        assert store.verify() == []  # the chain survived the kill too
        conn = store._conn
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    if passphrase:
        assert not db.read_bytes().startswith(b"SQLite format 3")
        with pytest.raises(sqlite3.DatabaseError):
            sqlite3.connect(db).execute("SELECT count(*) FROM records").fetchall()
