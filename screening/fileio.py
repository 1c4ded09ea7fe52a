"""Atomic, private file writes: a failure never leaves a half-written file over a good one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, mode: int = 0o600) -> None:
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if os.name == "posix":
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def atomic_write_text(path: str | os.PathLike[str], text: str, mode: int = 0o600) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode)


class NotReadable(Exception):
    """A file refused before it was read, with a message fit to show a user (without the path)."""


def read_limited(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """A regular file's bytes, refused by its size before anything is read.

    Opened without blocking and checked on the open descriptor, so a FIFO, a device (``/dev/zero``)
    or a folder is refused at once instead of hanging or filling memory, and a file swapped after a
    check cannot slip through. Raises NotReadable (or FileNotFoundError when there is no file).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise NotReadable(f"this is not a {what}: it is a folder") from None
    except OSError as exc:
        raise NotReadable(f"cannot read the {what}: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        import stat

        if not stat.S_ISREG(st.st_mode):
            raise NotReadable(f"this is not a {what}: it is not a regular file")
        if st.st_size > limit:
            raise NotReadable(f"the file is larger than the {size_text(limit)} limit for a {what}")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise NotReadable(f"cannot read the {what}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if total > limit:
        raise NotReadable(f"the file is larger than the {size_text(limit)} limit for a {what}")
    return b"".join(chunks)


def size_text(size: int) -> str:
    """A byte limit as people read it: whole MiB or KiB when it is one, else bytes."""
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


def read_limited_stream(stream: object, limit: int, what: str = "file") -> bytes:
    data: bytes = stream.read(limit + 1)  # type: ignore[attr-defined]
    if len(data) > limit:
        raise NotReadable(f"the input is larger than the {size_text(limit)} limit for a {what}")
    return data
