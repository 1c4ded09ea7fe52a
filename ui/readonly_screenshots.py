"""Regenerate the screenshots of a read-only records folder (docs/screenshots/readonly-*.png).

Run ``python -m ui.readonly_screenshots [folder]``. Offscreen (or under xvfb-run), in temporary
data, settings and state folders: your own records are never touched. Two fictional records are
saved, the folder is made read-only (0500), and the app shows the start screen, a draft and a
final record from it.
"""

from __future__ import annotations

import shutil
from typing import Any

from ui.shots import save_shot, show_window, start, wait_for_preview


def main(argv: list[str] | None = None) -> int:
    shots = start(argv, "hsb-screenshots-", data_name="records-backup")
    app, out, work = shots.app, shots.out, shots.work
    data = work / "records-backup"
    from screening.ruleset.loader import load_ruleset
    from screening.settings import Settings
    from screening.store import Store
    from ui.dialogs import Dialogs
    from ui.main_window import MainWindow
    from ui.screenshots import _fictional_records

    ruleset = load_ruleset()
    settings = Settings(role="teacher", practitioner_name="Sam Example", mash_phone="01632 960 111",
                        lado="01632 960 222", consultation_line="01632 960 333")
    with Store.open_default() as writable:
        _fictional_records(writable, ruleset)
    data.chmod(0o500)
    try:
        # root writes in a 0500 folder anyway, so the store is told; anyone else is seen as read-only
        store = Store.open_default(readonly=True)
        window = MainWindow(ruleset, settings, Dialogs(), store_factory=lambda: store)
        show_window(app, window)

        def shot(name: str) -> None:
            save_shot(app, window, out / name)

        shot("readonly-01-start.png")
        by_name = {s.child_name: s.id for s in store.list()}
        window.open_record(by_name["C.D."])
        assert window.view is not None
        window.view.go_to("child")
        shot("readonly-02-draft.png")
        window.open_record(by_name["A.B."])
        window.view.go_to("summary")
        summary: Any = window.view.page("summary")
        wait_for_preview(app, summary)
        shot("readonly-03-final-summary.png")
        window.close()
        store.close()
    finally:
        data.chmod(0o700)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
