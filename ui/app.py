"""Start the desktop app: ``screening-app [--rules PATH] [--guidance-only] [--exit-after-start]``.

Only what the first screen needs is imported here; the store, search and the PDF code are
imported when they are first used, so the window appears quickly.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

PROG = "screening-app"


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Screen a child's sexual behaviour against an age-banded GREEN/AMBER/RED rule set.",
    )
    parser.add_argument("--rules", metavar="PATH", help="a partnership's rule set (a file or a folder of YAML files)")
    parser.add_argument("--guidance-only", action="store_true", help="start in guidance only: nothing is saved")
    parser.add_argument(
        "--exit-after-start", action="store_true", help="show the window, and exit with 0 once it has been painted"
    )
    return parser.parse_known_args(sys.argv[1:] if argv is None else argv)


def load_rules(path: str | None, dialogs: Any, parent: Any = None) -> Any:
    """The rule set at path; on problems, show them all in one dialog and use the shipped set."""
    from screening.problems import Problem, ProblemsError
    from screening.ruleset.loader import load_ruleset

    if path is not None:
        try:
            return load_ruleset(path)
        except ProblemsError as exc:
            problems: list[Any] = list(exc.problems)
        except Exception as exc:  # never a traceback for a bad rule file
            problems = [Problem(str(path), 0, 0, f"cannot be read: {exc}")]
        dialogs.problems(
            parent,
            "Problems in the rule set",
            problems,
            f"The rule set at {path} has {len(problems)} problem(s) and cannot be used. "
            "The shipped rule set is used instead.\n\nGive these to whoever maintains your rule set:",
        )
    try:
        return load_ruleset()
    except ProblemsError as exc:
        dialogs.problems(
            parent,
            "Problems in the shipped rule set",
            exc.problems,
            "The shipped rule set cannot be used. Reinstall the app.",
        )
        return None


def load_style(app: Any) -> None:
    """The stylesheet shipped in the resources package (beside its __init__.py, wherever installed)."""
    from pathlib import Path

    import resources

    try:
        qss = Path(resources.__file__).with_name("style.qss").read_text(encoding="utf-8")
    except OSError:
        return
    app.setStyleSheet(qss)


def build(argv: list[str] | None = None, dialogs: Any = None) -> tuple[Any, argparse.Namespace]:
    """The main window (not yet shown), or None if no rule set at all could be loaded."""
    from ui import prefs
    from ui.dialogs import service

    args, _ = parse_args(argv)
    dialogs = dialogs or service()
    ruleset = load_rules(args.rules, dialogs)
    if ruleset is None:
        return None, args
    settings, problems = prefs.load()
    if problems:
        from screening.settings import settings_problems_intro

        dialogs.problems(None, "Problems in the settings", problems, settings_problems_intro(problems))
    from ui.main_window import MainWindow

    # The records list fills just after the first paint; --exit-after-start stops at that paint,
    # so it skips that deferred work rather than racing it.
    window = MainWindow(
        ruleset, settings, dialogs, guidance_only=args.guidance_only, load_records=not args.exit_after_start
    )
    return window, args


class _FirstPaint:
    """Quits the app once the window has been painted (for --exit-after-start)."""

    def __init__(self, app: Any, window: Any) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.painted = False

        class Filter(QObject):
            def eventFilter(inner, obj: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint and not self.painted:
                    self.painted = True
                    QTimer.singleShot(0, app.quit)
                return False

        self.filter = Filter()
        window.installEventFilter(self.filter)
        QTimer.singleShot(15_000, app.quit)  # never hang a smoke test


def main(argv: list[str] | None = None) -> int:
    args, qt_args = parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from ui.compat import guard_none_refcount

    guard_none_refcount()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else PROG, *qt_args])
    app.setApplicationName("Sexual behaviour screening")
    app.setOrganizationName("hsb-screening")
    load_style(app)
    window, args = build(argv)
    if window is None:
        return 1
    window.show()
    from ui.integrity import check_records_at_start

    check_records_at_start(window)
    if args.exit_after_start:
        watcher = _FirstPaint(app, window)
        app.exec()
        window.close()
        return 0 if watcher.painted else 1
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
