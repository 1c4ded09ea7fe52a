"""What can be done with records in a read-only folder, and the words for it.

One rule for the command line and the app: reading and the files made from a record (an export,
a referral summary, each audited first in the pending-audit journal, pending.py) still work;
everything that would change the database does not. The app asks ``Store.permits`` before it
offers an action and shows ``Store.refusal`` as the reason; the store refuses the same writes in
its transaction anyway (base.py), so nothing depends on the app asking.
"""

from __future__ import annotations

from pathlib import Path

# reading, and files written for a record (audited in the pending-audit journal)
STILL_WORKS = frozenset({"list", "show", "verify", "export", "print"})
# every change to the database; "mark_open" is the crash-recovery mark on a draft being edited
CHANGES: dict[str, str] = {
    "create": "a new screening cannot be saved",
    "edit": "changes to a record cannot be saved",
    "mark_open": "a draft cannot be opened for editing",
    "finalise": "a record cannot be finalised",
    "addendum": "an addendum cannot be added",
    "import": "nothing can be imported",
    "delete": "nothing can be deleted",
}


def permits(action: str, readonly: bool) -> bool:
    """Whether the action can be done on a store opened read-only (or not); ValueError for an unknown one."""
    if action not in STILL_WORKS and action not in CHANGES:
        raise ValueError(f"not a records action: {action}")
    return not readonly or action in STILL_WORKS


def refusal(action: str, folder: Path) -> str:
    """Why a change cannot be made in a read-only records folder, in words a user can act on."""
    what = CHANGES.get(action, "nothing can be changed")
    return (f"The records folder {folder} is read-only, so {what}; nothing was changed. Make the folder "
            "writable (or ask whoever manages it) and try again.")


def folder_note(folder: Path) -> str:
    """The note that stays on show while the records are read-only: what still works and what does not."""
    return (f"The records folder {folder} is read-only. You can still open and read the saved records, export "
            "them, and save or print a referral summary: each file is recorded and added to the audit log the "
            "next time the folder can be written. Nothing can be changed: new screenings, edits, finalising, "
            "addenda, imports and deletions cannot be saved here. Guidance only and Training still work.")


def view_only_reason(folder: Path) -> str:
    """Why a record opened from a read-only folder cannot be edited."""
    return (f"Read only: the records folder {folder} is read-only, so this record cannot be changed. You can "
            "still export it and save or print its referral summary.")

