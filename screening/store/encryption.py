"""Encryption at rest: the records database encrypted with a passphrase (SQLCipher 4).

The driver is ``sqlcipher3`` (Charles Leifer's DB-API module, the same interface as the
standard ``sqlite3``, with wheels for Windows, macOS and Linux that carry SQLCipher itself), so
the store's code is the same with or without encryption, and the file can be opened by any
SQLCipher 4 tool with the passphrase.

There is no back door: a forgotten passphrase cannot be recovered, and the records in that
database are lost. A marker file in the data folder says that the database is encrypted, so the
tool asks for the passphrase instead of calling the file damaged.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

MARKER = "records.encrypted"
MIN_PASSPHRASE = 8

NO_BACK_DOOR = (
    "There is no back door: if the passphrase is forgotten, nobody (not the tool's makers, not IT) "
    "can open the records again. Keep it somewhere safe."
)


def marked_encrypted(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def mark_encrypted(folder: Path) -> None:
    from screening.fileio import atomic_write_text

    atomic_write_text(folder / MARKER, "The records database in this folder is encrypted with a passphrase.\n")


def passphrase_problem(passphrase: str) -> str:
    """Why a new passphrase is not accepted, or '' when it is."""
    if len(passphrase) < MIN_PASSPHRASE:
        return f"the passphrase must be at least {MIN_PASSPHRASE} characters long"
    if passphrase != passphrase.strip():
        return "the passphrase cannot start or end with a space"
    if any(ord(c) < 32 or ord(c) == 127 for c in passphrase):
        return "the passphrase cannot contain control characters"
    return ""


SHARED_NEEDS_ENCRYPTION = (
    "On a shared or family computer the records must be encrypted with a passphrase, so that other "
    "people who use the computer cannot read them."
)


def setup_problem(shared: bool, passphrase: str | None, again: str | None) -> str:
    """Why a choice of encryption (passphrase None: none) is not accepted, or '' when it is.

    The one rule for the app's first run and its settings: a shared computer requires encryption.
    """
    if passphrase is None:
        return SHARED_NEEDS_ENCRYPTION if shared else ""
    problem = passphrase_problem(passphrase)
    if problem:
        return problem[0].upper() + problem[1:] + "."
    if again != passphrase:
        return "The two passphrases are not the same. Type the same passphrase twice."
    return ""


def _tmp_name(path: Path, what: str) -> Path:
    return path.with_name(f".{path.name}.{what}-{secrets.token_hex(6)}")


def _remove(path: Path) -> None:
    from screening.store.db import sidecars

    for extra in sidecars(path):
        with contextlib.suppress(FileNotFoundError):
            extra.unlink()


def _dump(conn: object) -> list[tuple[str, list[tuple[object, ...]]]]:
    tables = [r[0] for r in conn.execute(  # type: ignore[attr-defined]
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return [(t, conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()) for t in tables]  # type: ignore[attr-defined]


def copy_database(source: Path, source_passphrase: str | None, target_passphrase: str) -> Path:
    """A verified encrypted copy of the database beside it (under a temporary name); the source is
    not changed. Raises StoreError when it cannot be made or does not verify."""
    from screening.store import db
    from screening.store.errors import StoreError
    from screening.store.schema import APPLICATION_ID

    tmp = _tmp_name(source, "encrypting")
    conn = db.connect(source, source_passphrase, cipher=True)
    try:
        conn.execute(f"PRAGMA busy_timeout = {db.BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        conn.execute(f"ATTACH DATABASE ? AS enc KEY {db.quote_key(target_passphrase)}", (str(tmp),))
        conn.execute("BEGIN IMMEDIATE")  # no one writes the source while it is copied
        try:
            conn.execute("SELECT sqlcipher_export('enc')").fetchall()
            conn.execute(f"PRAGMA enc.user_version = {int(version)}")
            conn.execute(f"PRAGMA enc.application_id = {APPLICATION_ID}")
            before = _dump(conn)
            conn.execute("COMMIT")  # the copy's writes; the source was only read
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("DETACH DATABASE enc")
    except db.DB_ERRORS as exc:
        _remove(tmp)
        raise StoreError(f"the encrypted copy could not be made ({exc}); nothing was changed") from None
    finally:
        conn.close()
    try:  # verify: the copy opens with the new passphrase, is sound, and holds exactly the same rows
        check = db.connect(tmp, target_passphrase)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            same = _dump(check) == before
            same = same and check.execute("PRAGMA user_version").fetchone()[0] == version
            check.execute("PRAGMA journal_mode = WAL")
        finally:
            check.close()
    except db.DB_ERRORS as exc:
        _remove(tmp)
        raise StoreError(f"the encrypted copy could not be checked ({exc}); nothing was changed") from None
    if not (ok and same):
        _remove(tmp)
        raise StoreError("the encrypted copy did not match the records database; nothing was changed")
    return tmp


def encrypt(path: Path, passphrase: str, *, old_passphrase: str | None = None, who: str = "") -> None:
    """Turn encryption on (old_passphrase None) or change the passphrase, atomically.

    A verified encrypted copy replaces the database in one rename; the plain file is gone with it
    (its -wal is checkpointed and removed first). The audit log records it (no passphrase in it).
    """
    from screening.store import audit, db
    from screening.store.errors import StoreError

    problem = passphrase_problem(passphrase)
    if problem:
        raise StoreError(problem)
    folder = path.parent
    # record it in the audit first, in the database that is about to be copied
    from screening.store.records import Store

    with Store(path, passphrase=old_passphrase) as store, store._transaction() as conn:
        audit.append(conn, audit.now(), who or audit.default_who(),
                     "rekey" if old_passphrase else "encrypt", None,
                     "passphrase changed" if old_passphrase else "database encrypted with a passphrase")
    tmp = copy_database(path, old_passphrase, passphrase)
    try:
        for extra in db.sidecars(path)[1:]:
            with contextlib.suppress(FileNotFoundError):
                extra.unlink()
        os.replace(tmp, path)
        db.fsync_dir(folder)
        mark_encrypted(folder)
    except OSError as exc:
        _remove(tmp)
        raise StoreError(f"the encrypted database could not be put in place ({exc.strerror or exc}); "
                         "nothing was changed") from None
