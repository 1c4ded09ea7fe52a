"""Start the desktop app (filled in by the desktop-app issue)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    from screening.loader import load_ruleset

    app = QApplication(sys.argv if argv is None else argv)
    ruleset = load_ruleset()
    label = QLabel(f"{ruleset.info.title} {ruleset.info.version}")
    label.setTextFormat(label.textFormat().PlainText)
    label.show()
    return app.exec()
