"""Where the app keeps its data and settings. Folders are private (0700) on POSIX."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "hsb-screening"


def _private_dir(path: Path) -> Path:
    """Make the folder 0700, or tighten one of ours; a folder shared with others is refused, not chmod'ed."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        import errno
        import stat

        st = path.stat()
        if st.st_mode & (stat.S_IWOTH | stat.S_ISVTX) or st.st_uid != os.getuid():
            raise PermissionError(
                errno.EPERM, "this folder is shared with other users of the computer; choose a folder of your own",
                str(path),
            )
        if st.st_mode & 0o777 != 0o700 and os.access(path, os.W_OK):
            os.chmod(path, 0o700)
    return path


def data_dir(create: bool = True) -> Path:
    """Records live here; ``SCREENING_DATA_DIR`` overrides it (tests, portable use).

    create=False only says where, making nothing (guidance only and training write nothing).
    """
    override = os.environ.get("SCREENING_DATA_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return _private_dir(path) if create else path


def config_dir() -> Path:
    """Local settings live here; ``SCREENING_CONFIG_DIR`` overrides it."""
    override = os.environ.get("SCREENING_CONFIG_DIR")
    if override:
        return _private_dir(Path(override))
    import platformdirs

    return _private_dir(Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)))


def state_dir(create: bool = True) -> Path:
    """Small private state of the tool's own (the pending-audit journal); ``SCREENING_STATE_DIR`` overrides it.

    Separate from the data folder on Linux (``~/.local/state/hsb-screening``), so it can be written
    when the records folder cannot. On Windows and macOS platformdirs gives the data folder itself.
    create=False only says where, making nothing.
    """
    override = os.environ.get("SCREENING_STATE_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
    return _private_dir(path) if create else path
