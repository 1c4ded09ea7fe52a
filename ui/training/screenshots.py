"""Regenerate docs/screenshots/training-*.png at 1280x720: the case list, a case being worked
through, the comparison and the presenter view, all on fictional cases.

Run ``python -m ui.training.screenshots [folder]``. It works offscreen, in temporary data and
settings folders, and checks that no records database appears.
"""

from __future__ import annotations

from typing import Any

from ui.shots import SCREEN, start
from ui.shots import wait as _wait

SIZE = SCREEN




def main(argv: list[str] | None = None) -> int:
    shots = start(argv, "hsb-training-shots-")
    app, out, work = shots.app, shots.out, shots.work
    from screening.ruleset.loader import load_ruleset
    from screening.settings import Settings
    from ui.main_window import MainWindow

    window = MainWindow(load_ruleset(), Settings(role="teacher"), load_records=False)
    window.resize(*SIZE)
    window.show()
    window.open_training()
    flow: Any = getattr(window, "training_flow")  # noqa: B009 (set by ui.training.open_training)
    flow.picker.select("s10-kiss-chase-that-stopped-being-fun")
    _wait(app)
    window.grab().save(str(out / "training-01-cases.png"))
    flow.work_through("s10-kiss-chase-that-stopped-being-fun")
    session = window.session
    session.set_behaviour("y5-kiss-chase", True)
    session.set_factor("consent-unsure", True)
    session.update_judgement(agrees=True, decision="early_help")
    window.go_to("outcome")
    _wait(app)
    window.grab().save(str(out / "training-02-outcome.png"))
    dialog = flow.compare()
    dialog.resize(*SIZE)
    _wait(app)
    dialog.grab().save(str(out / "training-03-compare.png"))
    dialog.close()
    presenter = flow.present(flow.library.get("s34-many-small-signs"))
    presenter.showNormal()
    presenter.resize(*SIZE)
    _wait(app)
    presenter.grab().save(str(out / "training-04-presenter.png"))
    for _ in range(4):
        presenter.reveal_next()
    _wait(app)
    presenter.grab().save(str(out / "training-05-presenter-colour.png"))
    presenter.close()
    window.close()
    data = work / "data"
    leftovers = list(data.iterdir()) if data.exists() else []
    print(f"written to {out}; files in the data folder after training: {len(leftovers)}")
    return 1 if leftovers else 0


if __name__ == "__main__":
    raise SystemExit(main())
