"""Work-arounds for known bugs in the Qt bindings.

PySide6 6.12.0 (the abi3 wheel) on Python 3.11 drops one reference to ``None`` on every call of a
C++ method that returns nothing (``hide()``, ``setText()``, ...). Python before 3.12 does not make
``None`` immortal, so after a few thousand such calls the interpreter aborts with "Fatal Python
error: none_dealloc". PySide6 6.11 does not do this, and on Python 3.12+ ``None`` is immortal.

``guard_none_refcount()`` checks for the bug by calling such a method a few times and, only if
references are being lost, raises ``None``'s reference count far out of reach. The proper fix is to
avoid that combination (pin ``pyside6!=6.12.0`` on Python < 3.12); this keeps the app from
crashing until then.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # about 10^12 lost references: more than any session will make
_guarded = False


def references_lost_per_call(calls: int = 200) -> float:
    """How many references to None one void Qt call loses (0 on a healthy install)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(calls):
        probe.setObjectName("probe")
    return (before - sys.getrefcount(None)) / calls


def guard_none_refcount() -> bool:
    """Protect against the PySide6 6.12 / Python 3.11 None refcount bug; True if it was found."""
    global _guarded
    if _guarded:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # None is immortal there (and PyPy has no reference counts to lose)
    if references_lost_per_call() < 0.5:
        return False
    # ob_refcnt is the first field of every object in a release build of CPython 3.11
    ctypes.c_ssize_t.from_address(id(None)).value += _HEADROOM
    _guarded = True
    return True
