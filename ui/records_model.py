"""The start screen's saved records as a table model over the store's SQL paging.

Rows are fetched a page at a time (``Store.page``) as the view scrolls (fetchMore), and a click on
a header sorts in SQL, so the list stays instant with 10,000 records. Nothing is sorted here: the
store orders times as instants, whatever their UTC offset.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from screening.dates import format_local

ID_ROLE = Qt.ItemDataRole.UserRole
PAGE = 200
HIDDEN_NAME = "(name hidden: presentation mode)"

# column title, the store's sort for it
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Child", "name"),
    ("Status", "status"),
    ("Category", "category"),
    ("Last changed", "updated"),
)


class RecordSource(Protocol):
    def page(self, *, status: str | None = ..., sort: str = ..., descending: bool = ...,
             offset: int = ..., limit: int | None = ...) -> list[Any]: ...
    def count(self, status: str | None = ...) -> int: ...


Index = QModelIndex | QPersistentModelIndex


class RecordsModel(QAbstractTableModel):
    def __init__(self, category_label: Any = str, parent: Any = None) -> None:
        super().__init__(parent)
        self._source: RecordSource | None = None
        self._rows: list[Any] = []
        self._total = 0
        self.sort_key, self.descending = "updated", True
        self.hide_names = False
        self.category_label = category_label  # category id -> its label in the rule set

    # -- content
    def set_source(self, source: RecordSource | None) -> None:
        self.beginResetModel()
        self._source = source
        self._total = source.count() if source is not None else 0
        self._rows = self._fetch(0) if source is not None else []
        self.endResetModel()

    def _fetch(self, offset: int) -> list[Any]:
        assert self._source is not None
        return list(self._source.page(sort=self.sort_key, descending=self.descending, offset=offset, limit=PAGE))

    def total(self) -> int:
        return self._total

    def summary(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def record_id(self, row: int) -> str:
        return str(self._rows[row].id) if 0 <= row < len(self._rows) else ""

    def set_hide_names(self, on: bool) -> None:
        self.hide_names = on
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    # -- Qt's model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._source is not None and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if not self.canFetchMore(parent):
            return
        try:
            more = self._fetch(len(self._rows))
        except Exception:  # the store was closed or locked under the list: show what is loaded
            more = []
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_key = COLUMNS[column][1]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.set_source(self._source)  # sorted and cut again in SQL, from the first page

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section < len(COLUMNS):
            return COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == ID_ROLE:
            return summary.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cell(summary, index.column())
        return None

    def cell(self, summary: Any, column: int) -> str:
        if column == 0:
            if self.hide_names:
                return HIDDEN_NAME
            return getattr(summary, "child_name", "") or "(no name)"
        if column == 1:
            return "Final" if getattr(summary, "status", "") == "final" else "Draft"
        if column == 2:
            final = getattr(summary, "final_category", "") or ""
            suggested = getattr(summary, "suggested_category", "") or ""
            if final:
                return str(self.category_label(final))
            return f"suggested {self.category_label(suggested)}" if suggested else ""
        changed = getattr(summary, "updated", "") or getattr(summary, "created", "")
        return format_local(changed) if changed else ""
