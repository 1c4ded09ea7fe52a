"""Listing saved records: the list, its pages and counts, ids, and drafts left open by a crash."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

from screening.records.document import STATUSES
from screening.store.base import StoreBase
from screening.store.errors import RecordNotFound
from screening.store.times import timestamp

SORTS = ("updated", "created", "name", "category", "status")


@dataclass(frozen=True)
class RecordSummary:
    id: str
    status: str
    child_name: str
    created: str
    updated: str
    final_category: str
    suggested_category: str
    ruleset_id: str
    ruleset_version: str


def _sort_key(summary: RecordSummary) -> tuple[float, float]:
    updated, created = timestamp(summary.updated), timestamp(summary.created)
    return (updated.timestamp() if updated else 0.0, created.timestamp() if created else 0.0)


_SUMMARY_COLUMNS = (
    "id, status, child_name, created, updated, final_category, suggested_category, ruleset_id, ruleset_version"
)
_ORDER = {
    "updated": "updated_utc {d}, created_utc {d}, rowid {d}",
    "created": "created_utc {d}, rowid {d}",
    "name": "child_name COLLATE NOCASE {d}, updated_utc DESC, rowid DESC",
    "category": "CASE WHEN final_category != '' THEN final_category ELSE suggested_category END {d}, "
    "updated_utc DESC, rowid DESC",
    "status": "status {d}, updated_utc DESC, rowid DESC",
}


class ListingMixin(StoreBase):
    """What the records list shows, sorted and paged in SQL."""

    def list(self, status: str | None = None) -> list[RecordSummary]:
        """Saved records, most recently changed first (by the instant, whatever the UTC offset)."""
        return self.page(status=status, sort="updated", descending=True, limit=None)

    def page(self, *, status: str | None = None, sort: str = "updated", descending: bool = True,
             offset: int = 0, limit: int | None = 100) -> builtins.list[RecordSummary]:
        """One page of the records list, sorted and cut in SQL (instant with 10,000 records).

        sort: one of SORTS. Times sort as instants (UTC keys), not as ISO text; names ignore case.
        Ties keep the newest-inserted first.
        """
        if status is not None and status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        if sort not in _ORDER:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        if offset < 0 or (limit is not None and limit < 0):
            raise ValueError("offset and limit cannot be negative")
        where = " WHERE status = ?" if status else ""
        params: list[Any] = [status] if status else []
        order = _ORDER[sort].format(d="DESC" if descending else "ASC")
        query = f"SELECT {_SUMMARY_COLUMNS} FROM records{where} ORDER BY {order} LIMIT ? OFFSET ?"
        params += [-1 if limit is None else limit, offset]
        with self._reading():
            rows = self._conn.execute(query, params).fetchall()
        return [RecordSummary(*row) for row in rows]

    def count(self, status: str | None = None) -> int:
        if status is not None and status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        with self._reading():
            if status:
                return int(self._conn.execute("SELECT count(*) FROM records WHERE status = ?", (status,)).fetchone()[0])
            return int(self._conn.execute("SELECT count(*) FROM records").fetchone()[0])

    def ids(self) -> builtins.list[str]:
        with self._reading():
            return [row[0] for row in self._conn.execute("SELECT id FROM records")]

    def resolve(self, text: str, min_prefix: int = 4) -> str:
        """A full id, or a unique start of one (at least min_prefix characters)."""
        with self._reading():
            if self._conn.execute("SELECT 1 FROM records WHERE id = ?", (text,)).fetchone():
                return text
            matches: list[str] = []
            if len(text) >= min_prefix and all(c in "0123456789abcdefABCDEF" for c in text):
                matches = [row[0] for row in self._conn.execute(
                    "SELECT id FROM records WHERE substr(id, 1, ?) = ?", (len(text), text.lower())
                )]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise RecordNotFound(f"'{text}' matches {len(matches)} records; give more of the id")
        raise RecordNotFound(f"there is no saved record with the id '{text}'")

    # -- crash recovery for autosave

    def mark_open(self, record_id: str) -> None:
        """The app has this draft open; if the session ends without mark_closed or close, it is 'unclosed'."""
        with self._transaction() as conn:
            self._row(conn, record_id)
            conn.execute("UPDATE records SET open_session = ? WHERE id = ?", (self._session, record_id))
        self._marked = True

    def mark_closed(self, record_id: str) -> None:
        with self._transaction() as conn:
            self._row(conn, record_id)
            conn.execute("UPDATE records SET open_session = NULL WHERE id = ?", (record_id,))

    def unclosed_drafts(self) -> builtins.list[RecordSummary]:
        """Drafts a session left open without closing: offer them back after a crash.

        A session still running elsewhere (another copy of the app, on this computer or another one
        using the same file) looks the same as one that crashed, so a draft listed here may be open
        there right now. Offer it, do not take it over silently; save_draft's RecordChanged check
        keeps the two copies from overwriting each other.
        """
        with self._reading():
            rows = self._conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM records "
                "WHERE status = 'draft' AND open_session IS NOT NULL AND open_session != ? ORDER BY rowid DESC",
                (self._session,),
            ).fetchall()
        return sorted((RecordSummary(*row) for row in rows), key=_sort_key, reverse=True)
