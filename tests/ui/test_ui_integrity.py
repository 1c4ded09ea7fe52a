"""The app checks the records at start and warns when the audit chain or a sealed record is broken."""

from __future__ import annotations

import sqlite3

from screening.records.document import Child, Record
from ui.integrity import check_records_at_start


def test_a_broken_chain_is_warned_about_at_start(make_window, dialogs, data_dir):
    window = make_window()
    assert check_records_at_start(window) == []
    store = window.store()
    record = store.create(Record(role="teacher", child=Child(name="x")), "ann")
    conn = sqlite3.connect(store.path)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET who = 'mallory' WHERE record_id = ?", (record.id,))
    conn.commit()
    conn.close()
    found = check_records_at_start(window)
    assert found and "changed after it was written" in found[0]
    kind, title, problems = dialogs.calls[-1][:3]
    assert kind == "problems" and "changed outside the app" in title and problems == found
