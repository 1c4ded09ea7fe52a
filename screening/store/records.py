"""The records database: the Store class, composed of its parts (see the package docstring for its promises).

base (open, close, transactions, reading one record), listing (list, page, count, unclosed drafts),
lifecycle (create, save, finalise, addenda, retention delete) and transfer (export, import).
"""

from __future__ import annotations

import uuid  # noqa: F401  (tests patch screening.store.records.uuid.uuid4)

from screening.store.base import StoreBase
from screening.store.lifecycle import EDIT_COALESCE, RETENTION_REASONS, LifecycleMixin
from screening.store.listing import SORTS, ListingMixin, RecordSummary
from screening.store.transfer import Imported, TransferMixin, file_sha256

__all__ = [
    "EDIT_COALESCE",
    "RETENTION_REASONS",
    "SORTS",
    "Imported",
    "RecordSummary",
    "Store",
    "StoreBase",
    "file_sha256",
]


class Store(LifecycleMixin, TransferMixin, ListingMixin, StoreBase):
    """The records database. Not thread-safe: use it from one thread (the app's main thread).

    ``passphrase``: the database's passphrase when it is encrypted (see encryption.py); a new
    database made with a passphrase is encrypted from the start. ``readonly``: open without
    writing anything (a read-only folder): listing and reading work, every write is refused.
    """
