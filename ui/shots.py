"""What every screenshot script shares: a laptop-sized screen, temporary folders, the app object.

The scripts (``python -m ui.screenshots``, ``ui.security_screenshots``, ``ui.readonly_screenshots``,
``ui.training.screenshots``) run offscreen (or under xvfb-run) in temporary data, settings and
state folders, so a practitioner's own records are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCREEN = (1280, 720)  # a school laptop
DOCS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def wait(app: Any, seconds: float = 0.3) -> None:
    """Let Qt paint and run its timers for a while."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def wait_for_preview(app: Any, summary: Any) -> None:
    """Let the Summary step's preview, built on a worker thread, finish before a screenshot."""
    deadline = time.monotonic() + 10
    while summary.preview is None and time.monotonic() < deadline:
        wait(app, 0.1)
    if summary.preview is not None:
        summary.preview.wait()
    wait(app, 1.0)


def show_window(app: Any, window: Any) -> None:
    """Show a main window at the laptop size and let it fill its records list."""
    window.resize(*SCREEN)
    window.show()
    wait(app)
    window.load_records()
    wait(app)


def save_shot(app: Any, widget: Any, path: Path) -> None:
    """Grab the widget once it has settled, and say where the PNG went."""
    wait(app, 0.4)
    widget.grab().save(str(path))
    print(path)


@dataclass(frozen=True)
class Session:
    app: Any  # the QApplication, styled as the app styles it
    out: Path  # where the PNGs go
    work: Path  # the temporary folder holding data/, config/ and state/


def start(argv: list[str] | None, prefix: str, data_name: str = "data") -> Session:
    """Temporary folders in the environment, then the styled QApplication; ``argv[0]``: the output folder."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DOCS
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["SCREENING_DATA_DIR"] = str(work / data_name)
    os.environ["SCREENING_CONFIG_DIR"] = str(work / "config")
    os.environ["SCREENING_STATE_DIR"] = str(work / "state")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.compat import guard_none_refcount

    guard_none_refcount()
    from PySide6.QtWidgets import QApplication

    from ui.app import load_style

    app = QApplication.instance() or QApplication(["screenshots"])
    load_style(app)
    return Session(app, out, work)
