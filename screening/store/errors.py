"""The store's errors: each message is fit to show a user as it is."""

from __future__ import annotations

from collections.abc import Sequence

from screening.records.document import RecordIssue


class StoreError(Exception):
    """A problem with the records database, with a message fit to show a user."""


class NotAScreeningDatabase(StoreError):
    pass


class NewerDatabase(StoreError):
    pass


class RecordNotFound(StoreError, KeyError):
    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else "record not found"


class RecordLocked(StoreError):
    """The record is final: it cannot be edited, only given addenda."""


class NotFinal(StoreError):
    """Addenda are for final records; a draft is simply edited."""


class RecordChanged(StoreError):
    """Someone saved the draft after this copy of it was read: saving now would overwrite their work."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "This record was changed elsewhere (another window or computer) since you opened it; "
            "close it and open it again"
        )


class DatabaseDamaged(StoreError):
    """The database file (or a record in it) cannot be read: keep the file, do not delete it."""


class NotComplete(StoreError):
    def __init__(self, issues: Sequence[RecordIssue]) -> None:
        self.issues = tuple(issues)
        lines = "\n".join(f"- {issue.message}" for issue in self.issues)
        super().__init__(f"the record cannot be finalised yet:\n{lines}")


class RetentionRefused(StoreError):
    """A final record is deleted only as a retention action: with a listed reason, confirmed."""


class WrongPassphrase(StoreError):
    """The passphrase does not open the encrypted records database; nothing was changed."""


class PassphraseNeeded(StoreError):
    """The records database is encrypted and no passphrase was given."""


class EncryptionRequired(StoreError):
    """The settings call this computer shared and the records are not encrypted.

    The rule is screening.settings.encryption_required; the message says what to do.
    """


class EncryptionUnavailable(StoreError):
    """The SQLCipher-compatible driver is not installed."""
