"""The database file and its folder: private, ours, opened with or without a passphrase.

- The folder is made 0700. An existing folder that other users can write in (``/tmp``, a shared
  1777 folder) or that belongs to someone else is refused, never chmod'ed.
- A file or symbolic link at the database path is opened only when it is a regular file of ours
  that is (or could be) a screening records database; nothing foreign is chmod'ed or written.
- A new database is built complete under a temporary name and linked into place in one step, so
  several processes opening a new folder at once all see either nothing or a whole database.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import stat
from pathlib import Path
from typing import Any

from screening.store.errors import NotAScreeningDatabase, StoreError

DB_NAME = "records.sqlite3"
BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"

try:  # the SQLCipher build of SQLite, for encrypted databases (see encryption.py)
    import sqlcipher3 as _sqlcipher
    DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, _sqlcipher.Error)
except ImportError:  # pragma: no cover - it is a dependency; tolerated so plain stores still open
    _sqlcipher = None
    DB_ERRORS = (sqlite3.Error,)

# SQLite's primary result codes (the low byte of sqlite_errorcode)
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_NOTADB = 5, 6, 11, 26


def error_code(exc: Exception) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_damage(exc: Exception) -> bool:
    """The file itself is broken (as opposed to busy, full or unreachable)."""
    if error_code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(exc)
    # text that is not UTF-8 in a column is damage too; sqlite3 reports it without a result code
    return "malformed" in text or "not a database" in text or "Could not decode" in text


def is_busy(exc: Exception) -> bool:
    return error_code(exc) in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in str(exc)


def sidecars(path: Path) -> tuple[Path, ...]:
    return (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"))


def chmod_private(path: Path) -> None:
    if os.name != "posix":
        return
    try:
        st = path.lstat()
    except FileNotFoundError:
        return  # -wal and -shm appear lazily and go when the last connection closes
    if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid():
        return  # never chmod what is not our own plain file
    if st.st_mode & 0o777 != 0o600:
        os.chmod(path, 0o600)


def _shared(st: os.stat_result) -> bool:
    return os.name == "posix" and (bool(st.st_mode & (stat.S_IWOTH | stat.S_ISVTX)) or st.st_uid != os.getuid())


def ours_alone(folder: Path) -> bool:
    """Whether the folder is a real folder of ours that nobody else can write in (checked, never changed)."""
    try:
        st = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and not _shared(st)


def private_folder(folder: Path) -> Path:
    """Make the folder (0700) or check an existing one is ours alone; OSError or StoreError otherwise."""
    try:
        st = folder.stat()
    except FileNotFoundError:
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        st = folder.stat()
    if not stat.S_ISDIR(st.st_mode):
        raise StoreError(f"{folder}: this is not a folder, so records cannot be kept in it")
    if _shared(st):
        raise StoreError(
            f"{folder}: this folder is shared with other users of the computer, so records cannot be kept "
            "in it. Choose a folder of your own (the default needs no setting); nothing was changed."
        )
    if os.name == "posix" and st.st_mode & 0o077 and os.access(folder, os.W_OK):
        os.chmod(folder, 0o700)
    return folder


def writable(folder: Path) -> bool:
    """Whether this user can write in the folder (root always can, whatever its mode)."""
    return os.access(folder, os.W_OK)


def check_database_path(path: Path) -> bool:
    """True when the path holds a file to open; False when there is nothing there yet.

    Refuses (NotAScreeningDatabase) a link, a non-regular file, another user's file, or a plain
    SQLite file with another application's id; all without changing it.
    """
    try:
        st = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(st.st_mode):
        raise NotAScreeningDatabase(
            f"{path}: this is a link to another file, not a screening records database; it was left as it is"
        )
    if not stat.S_ISREG(st.st_mode):
        raise NotAScreeningDatabase(f"{path}: this is not a regular file, so it is not a screening records database")
    if os.name == "posix" and st.st_uid != os.getuid():
        raise NotAScreeningDatabase(f"{path}: this file belongs to another user; it was left as it is")
    if st.st_size == 0:
        return True  # made by an older version before SQLite wrote to it: ours to fill
    with open(path, "rb") as handle:
        head = handle.read(100)
    if head.startswith(SQLITE_HEADER) and len(head) >= 72:
        from screening.store.schema import APPLICATION_ID

        app_id = int.from_bytes(head[68:72], "big")
        if app_id not in (0, APPLICATION_ID):
            raise NotAScreeningDatabase(f"{path}: this file is not a screening records database; it was left as it is")
    return True


def is_encrypted_file(path: Path) -> bool:
    """A non-empty file without SQLite's plain header: encrypted (or not a database at all)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return bool(head) and head != SQLITE_HEADER


def quote_key(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def connect(path: Path, passphrase: str | None, *, readonly: bool = False, cipher: bool = False) -> Any:
    """A connection in autocommit mode (transactions are explicit), keyed when a passphrase is given.

    cipher: use the SQLCipher build even without a passphrase (to copy a plain database into an
    encrypted one with sqlcipher_export).
    """
    target: str | Path = path
    uri = False
    if readonly:
        target, uri = f"{path.resolve().as_uri()}?mode=ro", True
        if _unchanging(path):
            target += "&immutable=1"
    if passphrase is None and not cipher:
        return sqlite3.connect(target, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, uri=uri)
    if _sqlcipher is None:
        from screening.store.errors import EncryptionUnavailable

        raise EncryptionUnavailable("encryption needs the sqlcipher3 package, which is not installed")
    conn = _sqlcipher.connect(str(target), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, uri=uri)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong passphrase is our message, not SQLCipher's log
    if passphrase is not None:
        conn.execute(f"PRAGMA key = {quote_key(passphrase)}")
    return conn


def _unchanging(path: Path) -> bool:
    """A database in a folder we cannot write, with nothing in a write-ahead log: open it as immutable.

    SQLite cannot read a WAL-mode database read-only when it cannot make the -shm file beside it
    ("attempt to write a readonly database"), which is every database closed cleanly in a
    read-only folder. With no -wal (or an empty one) everything is in the file itself, and nobody
    can change it through this folder, so SQLite may read it as it stands. A non-empty -wal (a copy
    taken while the app had it open) is read through its -shm as usual.
    """
    if writable(path.parent):
        return False  # another copy of the tool may be writing: read through the WAL as usual
    try:
        return Path(f"{path}-wal").stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def build_new(path: Path, passphrase: str | None, build: Any) -> None:
    """Make a complete new database at path: built under a temporary name, then linked into place.

    When another process got there first, its database is kept and this one is thrown away.
    """
    tmp = path.with_name(f".{path.name}.new-{secrets.token_hex(6)}")
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        conn = connect(tmp, passphrase)
        try:
            build(conn)
        finally:
            conn.close()
        for extra in sidecars(tmp)[1:]:
            with contextlib.suppress(FileNotFoundError):
                extra.unlink()
        try:
            if path.exists() and path.lstat().st_size == 0:
                os.replace(tmp, path)  # an empty file left by an older version
            else:
                os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        except OSError:  # a file system without hard links (FAT): the small race is accepted there
            if not path.exists():
                os.replace(tmp, path)
        fsync_dir(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
