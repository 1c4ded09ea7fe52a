"""Saved screenings: one SQLite file, private to the user, with a tamper-evident audit log.

Promises (see docs/records.md):
- the folder is 0700 and the database, -wal and -shm files are 0600 on POSIX; a shared folder, a
  link or a file that is not ours is refused and left as it is;
- WAL with ``synchronous=FULL``: a save that has returned survives a crash or a kill;
- every write is one explicit ``BEGIN IMMEDIATE`` transaction, so nothing is half-saved;
- each record is stored as its record document (``screening-record/1``), checked to read back
  identically before it is committed;
- a final record cannot be changed (triggers enforce it too); later information is an addendum;
  it is deleted only as a retention action, with a reason, leaving a tombstone;
- audit rows cannot be updated, deleted or replaced (triggers), outlive the records they describe,
  and form a hash chain that seals final records: ``Store.verify`` finds any rewrite;
- a file written for a record (export, referral PDF) is audited before it is written; when the
  folder is read-only, in the pending-audit journal first (pending.py), added to the audit the
  next time the store is opened writable;
- the database can be encrypted with a passphrase (SQLCipher, see encryption.py);
- a draft is saved only over the version it was read as (its ``updated`` time): when another
  window or another copy of the app saved it in between, ``save_draft`` refuses with
  RecordChanged instead of overwriting their work;
- every SQLite or file error becomes a StoreError whose message is fit to show a user; a damaged
  file gives DatabaseDamaged, which asks the user to keep the file and get help.

``unclosed_drafts()`` cannot tell a session that crashed from one that is still running: a draft
open right now in another running copy of the app is listed too. Offer such drafts back, never
reopen them silently; and if one is opened twice, RecordChanged stops the two copies overwriting
each other.

Modules: errors, times, document (the stored document), schema (tables and migrations), db (the
file, its folder, connections), audit (the chain and verify), pending (the pending-audit journal),
files (writing a record's file), readonly (what a read-only folder still allows, in words),
records (the Store, composed of: base, the connection, transactions and reading one record;
listing, the list, pages, counts and unclosed drafts; lifecycle, create, save, finalise, addenda
and retention delete; transfer, export and import), encryption (passphrases), ruleset_lookup
(re-assessing old records).
"""

from screening.store.audit import AuditRow, Finding, default_who
from screening.store.db import BUSY_TIMEOUT_MS, DB_NAME
from screening.store.document import checked_document, content_key, document_json, document_yaml
from screening.store.errors import (
    DatabaseDamaged,
    EncryptionRequired,
    EncryptionUnavailable,
    NewerDatabase,
    NotAScreeningDatabase,
    NotComplete,
    NotFinal,
    PassphraseNeeded,
    RecordChanged,
    RecordLocked,
    RecordNotFound,
    RetentionRefused,
    StoreError,
    WrongPassphrase,
)
from screening.store.records import EDIT_COALESCE, RETENTION_REASONS, SORTS, Imported, RecordSummary, Store
from screening.store.ruleset_lookup import RuleSetMatch, describe_ruleset_ref, find_ruleset, ruleset_matches
from screening.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_V1, SCHEMA_V2, SCHEMA_VERSION

# the old private name, kept for code that reached for it
_checked_document = checked_document

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_MS",
    "DB_NAME",
    "EDIT_COALESCE",
    "MIGRATIONS",
    "RETENTION_REASONS",
    "SCHEMA_V1",
    "SCHEMA_V2",
    "SCHEMA_VERSION",
    "SORTS",
    "AuditRow",
    "DatabaseDamaged",
    "EncryptionRequired",
    "EncryptionUnavailable",
    "Finding",
    "Imported",
    "NewerDatabase",
    "NotAScreeningDatabase",
    "NotComplete",
    "NotFinal",
    "PassphraseNeeded",
    "RecordChanged",
    "RecordLocked",
    "RecordNotFound",
    "RecordSummary",
    "RetentionRefused",
    "RuleSetMatch",
    "Store",
    "StoreError",
    "WrongPassphrase",
    "checked_document",
    "content_key",
    "default_who",
    "describe_ruleset_ref",
    "document_json",
    "document_yaml",
    "find_ruleset",
    "ruleset_matches",
]
