"""Writing a record's file (an export, a referral PDF) so that no copy is left behind.

A write that is interrupted (a kill, a full disk) must not leave a hidden temporary copy of the
record beside the target. On Linux the data is written to an unnamed file (``O_TMPFILE``) in the
target's folder and given its name only when it is complete: a kill leaves nothing. Elsewhere the
temporary copy is written in the private scratch folder inside the data folder (emptied each time
the store opens) and moved into place; only when the target is on another disk is a temporary
name used beside it, and removed on any error.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from screening.fileio import atomic_write_bytes
from screening.store.db import fsync_dir

SCRATCH = "scratch"


def scratch_dir(data_folder: Path) -> Path:
    folder = data_folder / SCRATCH
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def clear_scratch(data_folder: Path) -> None:
    """Remove what an interrupted write (or the viewer's copy) left in the scratch folder."""
    folder = data_folder / SCRATCH
    if folder.is_dir() and not folder.is_symlink():
        for entry in folder.iterdir():
            with contextlib.suppress(OSError):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()


_AT_FDCWD, _AT_SYMLINK_FOLLOW = -100, 0x400


def _name_unnamed(fd: int, target: Path) -> None:
    """linkat(/proc/self/fd/N, target, AT_SYMLINK_FOLLOW): os.link does not follow /proc's magic link."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    result = libc.linkat(_AT_FDCWD, f"/proc/self/fd/{fd}".encode(), _AT_FDCWD, os.fsencode(target),
                         _AT_SYMLINK_FOLLOW)
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(target))


def _tmpfile_write(target: Path, data: bytes, mode: int) -> bool:
    """Linux: write into an unnamed file in the target folder, then name it. False when unsupported."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return False
    try:
        fd = os.open(target.parent, flag | os.O_WRONLY, mode)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return False  # the file system cannot make unnamed files
        raise
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.fchmod(fd, mode)
        try:  # named only once complete: nothing is ever seen half-written
            _name_unnamed(fd, target)
            return True
        except FileExistsError:
            pass  # replacing a file (--force): link beside it, then rename over it
        except OSError:
            return False  # this file system cannot name an unnamed file (overlayfs): it just vanishes
        link = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        _name_unnamed(fd, link)
        try:
            os.replace(link, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(link)
            raise
    finally:
        os.close(fd)
    return True


def write_private(target: str | os.PathLike[str], data: bytes, scratch: Path | None, mode: int = 0o600) -> None:
    """Write data to target atomically (0600), leaving no temporary copy behind on a kill."""
    path = Path(target)
    if _tmpfile_write(path, data, mode):
        fsync_dir(path.parent)
        return
    if scratch is None:
        atomic_write_bytes(path, data, mode)
        return
    fd, tmp = tempfile.mkstemp(prefix="write.", suffix=".tmp", dir=scratch)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(tmp, mode)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            atomic_write_bytes(path, data, mode)  # another disk: its temporary file is removed on error
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    fsync_dir(path.parent)
