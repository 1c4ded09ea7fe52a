"""Audit entries waiting to be added: files written for a record while the records folder was read-only.

A file written for a record (an export, a referral PDF) never exists without its audit entry
(transfer.py). When the records folder is read-only the database cannot take the row, so the entry
is written first into a small journal in a private folder of the user's own (``paths.state_dir()``,
never beside the exported file), fsynced before the file is written. The next time the store is
opened writable the entries are added to the hash-chained audit in one transaction, keeping their
own times and marked as made while the folder was read-only; each entry's file is removed only
after that commit.

The journal is one small file per entry, written under a hidden temporary name, fsynced and then
renamed: so a crash mid-write leaves no torn entry, and removing the entries just added can never
remove one that another copy of the tool is writing at that moment (no file locks, the same on
every system). Each entry has its own id, and the audit row made from it names that id, so an entry
added just before a crash stopped its file being removed is never added twice.

An entry holds what an audit row holds and nothing about the child: the time, the action, the
record's id, the practitioner's name, the file's SHA-256 (never its name or folder), and two
hashes: the records database it belongs to (its first audit row) and the audit row it was made
after. That is why it is not encrypted, even when the records are. Each entry also carries a
SHA-256 of its own fields, so an entry edited by hand is reported, never added.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screening.store import audit
from screening.store.errors import StoreError
from screening.store.times import timestamp

FORMAT = "screening-pending-audit/1"
FOLDER = "pending-audit"
ACTIONS = ("export", "print", "export_failed", "print_failed")
MAX_ENTRY_BYTES = 8192
MAX_WHO = 500
MAX_REASON = 500
STALE_TEMPORARY = dt.timedelta(hours=1)  # a temporary name older than this was left by a crash

_HEX32 = re.compile(r"[0-9a-f]{32}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_SHA = re.compile(r"sha256 [0-9a-f]{64}")
_NAME = re.compile(r"(\d{20})-([0-9a-f]{32})\.json")
_MARK = re.compile(r"\(pending entry ([0-9a-f]{32}),")
_KEYS = ("format", "id", "database", "at", "who", "action", "record_id", "details", "after_row", "after", "hash")


def default_folder() -> Path:
    """Where the journal is kept: the user's state folder (made only when an entry is written)."""
    from screening.paths import state_dir

    return state_dir(create=False) / FOLDER


@dataclass(frozen=True)
class Entry:
    """One audit entry waiting to be added: the fields of an audit row, and where it belongs."""

    id: str
    database: str  # the hash of the database's first audit row: which records it belongs to
    at: str
    who: str
    action: str  # one of ACTIONS
    record_id: str
    details: str  # "sha256 <hex>" for a written file; the reason for a failed one
    after_row: int  # the audit row it was made after (0: none)
    after: str  # that row's hash
    path: Path | None = field(default=None, compare=False)

    def digest(self) -> str:
        body = [FORMAT, self.id, self.database, self.at, self.who, self.action, self.record_id, self.details,
                self.after_row, self.after]
        return hashlib.sha256(json.dumps(body, ensure_ascii=True, separators=(",", ":")).encode("ascii")).hexdigest()

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "format": FORMAT, "id": self.id, "database": self.database, "at": self.at, "who": self.who,
            "action": self.action, "record_id": self.record_id, "details": self.details,
            "after_row": self.after_row, "after": self.after, "hash": self.digest(),
        }
        return json.dumps(data, ensure_ascii=True, indent=1) + "\n"

    def audit_details(self) -> str:
        """The details of the audit row made from it: its own, and that it waited while the folder was read-only."""
        return (f"{self.details}; recorded while the records folder was read-only "
                f"(pending entry {self.id}, made after audit row {self.after_row})")


@dataclass(frozen=True)
class Journal:
    """What the journal holds for one records database."""

    folder: Path
    entries: tuple[Entry, ...] = ()  # sound entries of this database, oldest first
    problems: tuple[str, ...] = ()  # files in the journal that are not sound entries, in words
    elsewhere: int = 0  # sound entries that belong to another records database


# -- the database side


def database_identity(conn: Any) -> str:
    """The hash of the first audit row: the same database wherever its folder is, encrypted or not."""
    row = conn.execute("SELECT hash FROM audit ORDER BY id LIMIT 1").fetchone()
    return str(row[0]) if row else audit.GENESIS


def head(conn: Any) -> tuple[int, str]:
    row = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, audit.GENESIS)


def fits(conn: Any, entry: Entry) -> bool:
    """Whether the audit row the entry was made after is in this database's chain."""
    if entry.after_row == 0:
        return entry.after == audit.GENESIS
    row = conn.execute("SELECT hash FROM audit WHERE id = ?", (entry.after_row,)).fetchone()
    return row is not None and row[0] == entry.after


def recorded(conn: Any) -> set[str]:
    """The ids of the entries already added to the audit."""
    rows = conn.execute("SELECT details FROM audit WHERE details LIKE '%(pending entry %'").fetchall()
    return {m.group(1) for (details,) in rows for m in _MARK.finditer(str(details))}


def misfit(entry: Entry) -> str:
    where = entry.path if entry.path is not None else entry.id
    return (f"{where}: this pending audit entry was made after audit row {entry.after_row}, which this records "
            "database does not have (it was made with another copy of the records); it was not added to the "
            "audit log and was left as it is. Keep a copy of the folder and ask for help.")


def add(conn: Any, entries: tuple[Entry, ...]) -> tuple[list[Entry], list[str]]:
    """Add the entries not yet in the audit (inside the write transaction).

    Returns the entries whose files can go once the transaction commits (added now, or already
    added before), and what could not be added, in words.
    """
    done: list[Entry] = []
    problems: list[str] = []
    already = recorded(conn)
    for entry in entries:
        if entry.id in already:
            done.append(entry)  # added before a crash stopped its file being removed
        elif not fits(conn, entry):
            problems.append(misfit(entry))
        else:
            audit.append(conn, entry.at, entry.who, entry.action, entry.record_id, entry.audit_details())
            already.add(entry.id)
            done.append(entry)
    return done, problems


# -- the journal's files


def new_entry(database: str, at: str, who: str, action: str, record_id: str, details: str,
              after: tuple[int, str]) -> Entry:
    if action not in ACTIONS:
        raise ValueError(f"not a pending audit action: {action}")
    # a name is never that long: the cap only keeps an entry small
    return Entry(secrets.token_hex(16), database, at, who[:MAX_WHO], action, record_id,
                 " ".join(details.split())[:MAX_REASON], after[0], after[1])


def write(folder: Path, entry: Entry) -> Path:
    """Add the entry to the journal, durably (0700 folder, 0600 file, fsynced).

    OSError when it cannot be written; StoreError when the folder is shared with others.
    """
    from screening.store.db import fsync_dir, private_folder

    private_folder(folder.parent)  # the state folder: made 0700, or refused when shared (StoreError)
    private_folder(folder)
    # write only where read() will look: a link or a folder others can write in is refused the same way
    st = folder.lstat()
    if not stat.S_ISDIR(st.st_mode) or _not_private(st):
        raise StoreError(
            f"{folder}: the pending-audit folder is a link or is not yours alone, so an export could not be "
            "recorded in it; nothing was exported. Remove the link, or ask for help."
        )
    # the name sorts in the order the entries were written; the temporary name is never read as an entry
    final = folder / f"{time.time_ns():020d}-{entry.id}.json"
    temporary = folder / f".{entry.id}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(entry.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    fsync_dir(folder)
    return final


def remove(entries: list[Entry]) -> None:
    """Remove the files of entries now in the audit (after the commit); what cannot go is dealt with next time."""
    folders = set()
    for entry in entries:
        if entry.path is None:
            continue
        with contextlib.suppress(OSError):
            entry.path.unlink()
            folders.add(entry.path.parent)
    from screening.store.db import fsync_dir

    for folder in folders:
        with contextlib.suppress(OSError):
            fsync_dir(folder)


def clear_stale(folder: Path) -> None:
    """Remove temporary names left by a crash mid-write (never one a running copy may still be writing)."""
    if not folder.is_dir():
        return
    cutoff = time.time() - STALE_TEMPORARY.total_seconds()
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if path.name.startswith(".") and path.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    if path.lstat().st_mtime < cutoff:
                        path.unlink()


def _not_private(st: os.stat_result) -> bool:
    if os.name != "posix":
        return False
    return bool(st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)) or st.st_uid != os.getuid()


def read(folder: Path, database: str) -> Journal:
    """The journal's sound entries for this database, and every file in it that is not a sound entry."""
    try:
        st = folder.lstat()
    except FileNotFoundError:
        return Journal(folder)
    except OSError as exc:
        return Journal(folder, problems=(f"{folder}: the pending-audit folder cannot be read: {exc.strerror or exc}",))
    if not stat.S_ISDIR(st.st_mode) or _not_private(st):
        return Journal(folder, problems=(
            f"{folder}: the pending-audit folder is not a private folder of yours (it is a link, not a folder, "
            "or others can write in it), so nothing in it was added to the audit log. Keep it as it is and "
            "ask for help.",
        ))
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        return Journal(folder, problems=(f"{folder}: the pending-audit folder cannot be read: {exc.strerror or exc}",))
    entries: list[Entry] = []
    problems: list[str] = []
    elsewhere = 0
    for name in names:
        if name.startswith(".") and name.endswith(".tmp"):
            continue  # being written, or left by a crash before it was complete
        path = folder / name
        entry, problem = _read_entry(path, name)
        if problem:
            problems.append(f"{path}: {problem}")
        elif entry is not None and entry.database == database:
            entries.append(entry)
        else:
            elsewhere += 1
    return Journal(folder, tuple(entries), tuple(problems), elsewhere)


_KEEP = "; it was not added to the audit log and was left as it is. Keep a copy of the folder and ask for help."


def _read_entry(path: Path, name: str) -> tuple[Entry | None, str]:
    match = _NAME.fullmatch(name)
    if match is None:
        return None, "this file is not a pending audit entry" + _KEEP
    try:
        st = path.lstat()
        if not stat.S_ISREG(st.st_mode) or _not_private(st):
            return None, "this pending audit entry is not a private file of yours" + _KEEP
        if st.st_size > MAX_ENTRY_BYTES:
            return None, "this pending audit entry is too large to be one" + _KEEP
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError as exc:
        return None, f"this pending audit entry cannot be read ({exc.strerror or exc})" + _KEEP
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: "[[[[..." nested past the limit
        return None, "this pending audit entry is damaged (it is not readable JSON)" + _KEEP
    why = _shape_problem(data)
    if why:
        return None, f"this pending audit entry is damaged ({why})" + _KEEP
    entry = Entry(data["id"], data["database"], data["at"], data["who"], data["action"], data["record_id"],
                  data["details"], data["after_row"], data["after"], path)
    if data["hash"] != entry.digest() or entry.id != match.group(2):
        return None, "this pending audit entry was changed after it was written" + _KEEP
    return entry, ""


def _shape_problem(data: Any) -> str:
    """Why the parsed JSON is not an entry, or ''."""
    if not isinstance(data, dict):
        return "it is not a set of fields"
    if data.get("format") != FORMAT:
        return f"its format is not {FORMAT}"
    keys = set(data)
    if keys != set(_KEYS):
        missing, extra = sorted(set(_KEYS) - keys), sorted(keys - set(_KEYS))
        return "; ".join(filter(None, [f"missing {', '.join(missing)}" if missing else "",
                                       f"unknown {', '.join(extra)}" if extra else ""]))
    text = ("id", "database", "at", "who", "action", "record_id", "details", "after", "hash")
    if any(not isinstance(data[k], str) for k in text):
        return "a field that should be text is not"
    if not isinstance(data["after_row"], int) or isinstance(data["after_row"], bool) or data["after_row"] < 0:
        return "after_row is not a row number"
    checks = (
        (_HEX32.fullmatch(data["id"]), "id"),
        (_HEX64.fullmatch(data["database"]), "database"),
        (_HEX64.fullmatch(data["after"]), "after"),
        (_HEX64.fullmatch(data["hash"]), "hash"),
        (_HEX32.fullmatch(data["record_id"]), "record_id"),
        (data["action"] in ACTIONS, "action"),
        (timestamp(data["at"]) is not None, "at"),
        (len(data["who"]) <= MAX_WHO, "who"),
    )
    bad = [name for ok, name in checks if not ok]
    if bad:
        return f"{', '.join(bad)} is not as the tool writes it"
    details = data["details"]
    if data["action"] in ("export", "print"):
        if not _SHA.fullmatch(details):
            return "details is not a file's SHA-256"
    elif len(details) > MAX_REASON or "\n" in details:
        return "details is not as the tool writes it"
    return ""


# -- words for the user


def read_only_note(action: str, records_folder: Path, folder: Path) -> str:
    what = "the export" if action == "export" else "the referral summary"
    return (f"The records folder {records_folder} is read-only: {what} is recorded in {folder} and will be added "
            "to the records audit the next time the folder can be written.")


def refusal(action: str, records_folder: Path, folder: Path, reason: str) -> str:
    what = "nothing was exported" if action == "export" else "the referral summary was not saved"
    return (f"The records folder {records_folder} is read-only, and the audit entry could not be kept in {folder} "
            f"either ({reason}), so {what}: a file made from a record is always in the audit log. Make the "
            "records folder writable and try again.")


def waiting_note(entries: tuple[Entry, ...], folder: Path, readonly: bool) -> str:
    """How many files written for records are waiting to be written into the audit, and why; '' for none."""
    if not entries:
        return ""
    counts = {action: sum(1 for e in entries if e.action == action) for action in ACTIONS}
    parts = [_count(counts["export"], "export", "exports"),
             _count(counts["print"], "referral summary", "referral summaries"),
             _count(counts["export_failed"] + counts["print_failed"], "failed attempt", "failed attempts")]
    listed = [p for p in parts if p]
    what = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    n = len(entries)
    head = f"{what} {'was' if n == 1 else 'were'} made while the records folder was read-only"
    when = "the next time the folder can be written" if readonly else "the next time the records are opened"
    entry_words = "its audit entry is" if n == 1 else f"their {n} audit entries are"
    return f"Note: {head}; {entry_words} waiting in {folder} and will be added to the audit log {when}."


def _count(n: int, one: str, many: str) -> str:
    if n == 0:
        return ""
    return f"1 {one}" if n == 1 else f"{n} {many}"
