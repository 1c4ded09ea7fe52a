"""The start screen's records list: a model over the store's SQL paging and sorting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from screening.records.document import Child, Judgement, Record, RuleSetRef, SelectedBehaviour, record_to_json
from screening.store import Store
from ui.records_model import PAGE
from ui.start_page import StartPage


def _record(rules, name: str, at: str) -> Record:
    return Record(
        role="teacher",
        concern_date=dt.date(2026, 3, 2),
        child=Child(name=name, age_years=6),
        behaviours=(SelectedBehaviour("y0-plays-doctors"),),
        judgement=Judgement(agrees=True, final_category="green", decision="monitor"),
        ruleset=RuleSetRef(rules.info.id, rules.info.version, rules.sha256),
        created=at,
        updated=at,
    )


@pytest.fixture
def page(qtbot, mini):
    widget = StartPage(mini, "teacher")
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def mixed_store(tmp_path: Path, mini):
    times = {"a": "2026-11-20T09:00:00+05:00", "b": "2026-11-20T08:00:00+00:00", "c": "2026-11-20T03:30:00-02:00"}
    paths = []
    for name, at in times.items():
        path = tmp_path / f"{name}.json"
        path.write_text(record_to_json(_record(mini, name, at)), encoding="utf-8")
        paths.append(path)
    with Store(tmp_path / "data" / "records.sqlite3") as store:
        store.import_files(paths)
        yield store


def test_records_with_mixed_utc_offsets_are_listed_by_the_instant(page, mixed_store):
    page.set_records(mixed_store)
    # newest first: 08:00, 05:30, 04:00 UTC (as text, "09:00+05:00" would come first)
    assert [row[0] for row in page.record_rows()] == ["b", "c", "a"]


@pytest.fixture
def in_paris(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_times_are_shown_in_local_time_not_iso(page, mixed_store, in_paris):
    page.set_records(mixed_store)
    assert [row[3] for row in page.record_rows()] == [
        "20 November 2026 at 09:00 CET",  # b, 08:00 UTC
        "20 November 2026 at 06:30 CET",  # c, 03:30-02:00
        "20 November 2026 at 05:00 CET",  # a, 09:00+05:00
    ]


def test_clicking_a_header_sorts_in_sql(page, mixed_store, qtbot):
    page.set_records(mixed_store)
    calls = []
    real = mixed_store.page

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    mixed_store.page = spy
    page.records.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert calls and calls[-1]["sort"] == "name" and calls[-1]["descending"] is False
    assert [row[0] for row in page.record_rows()] == ["a", "b", "c"]
    page.records.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert calls[-1]["sort"] == "updated"
    assert [row[0] for row in page.record_rows()] == ["a", "c", "b"]


@dataclass(frozen=True)
class Row:
    id: str
    status: str = "draft"
    child_name: str = ""
    created: str = "2026-11-20T08:00:00+00:00"
    updated: str = "2026-11-20T08:00:00+00:00"
    final_category: str = ""
    suggested_category: str = "green"


class BigSource:
    """10,000 records, handed out only a page at a time (as Store.page does)."""

    def __init__(self, n: int = 10_000) -> None:
        self.rows = [Row(id=f"id{i:05d}", child_name=f"Child {i:05d}") for i in range(n)]
        self.asked: list[tuple[int, int | None]] = []

    def count(self, status=None) -> int:
        return len(self.rows)

    def page(self, *, status=None, sort="updated", descending=True, offset=0, limit=100):
        self.asked.append((offset, limit))
        return self.rows[offset: offset + limit if limit is not None else None]


def test_ten_thousand_records_are_read_a_page_at_a_time(page, qtbot):
    source = BigSource()
    page.set_records(source)
    assert page.model.rowCount() == PAGE and page.model.total() == 10_000
    assert "10000 record(s)" in page.records_note.text()
    assert all(limit == PAGE for _, limit in source.asked)  # never the whole table
    page.model.fetchMore()
    assert page.model.rowCount() == 2 * PAGE and source.asked[-1] == (PAGE, PAGE)
    page.records.setCurrentIndex(page.model.index(PAGE + 3, 0))
    assert page.current_record_id() == f"id{PAGE + 3:05d}"


def test_presentation_mode_hides_the_names_in_the_model(page, mixed_store):
    page.set_records(mixed_store)
    page.set_presentation(True)
    assert {row[0] for row in page.record_rows()} == {"(name hidden: presentation mode)"}
    page.set_presentation(False)
    assert {row[0] for row in page.record_rows()} == {"a", "b", "c"}
