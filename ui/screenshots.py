"""Regenerate docs/screenshots/*.png: every screen, filled with a fictional example.

Run ``python -m ui.screenshots [folder]``. It works offscreen, on the shipped rule set, in
temporary data and settings folders (your own records and settings are never touched).
"""

from __future__ import annotations

from typing import Any

from ui.shots import save_shot, show_window, start, wait_for_preview
from ui.shots import wait as _wait


def _fictional_records(store: Any, ruleset: Any) -> None:
    """Two earlier records, so that the start screen shows what a list looks like."""
    import datetime as dt
    from dataclasses import replace

    from screening.records.document import Child, Judgement, SelectedBehaviour
    from ui.session import new_record

    base = new_record(ruleset, "teacher", today=dt.date.today() - dt.timedelta(days=12))
    first = replace(
        base,
        child=Child(name="A.B.", age_years=6),
        behaviours=(SelectedBehaviour("y5-plays-doctors-or-families"),),
        judgement=Judgement(
            agrees=True,
            final_category="green",
            decision="no_further_action",
            actions_taken="Talked to both children about privacy.",
        ),
    )
    saved = store.create(first, "Ms Example", suggested_category="green")
    store.finalise(saved.id, "Ms Example")
    second = replace(
        base, child=Child(name="C.D.", age_years=12), behaviours=(SelectedBehaviour("y9-sends-nude-to-peer"),)
    )
    saved = store.create(second, "Ms Example", suggested_category="amber")
    store.mark_closed(saved.id)


def main(argv: list[str] | None = None) -> int:
    shots = start(argv, "hsb-screenshots-")
    app, out, work = shots.app, shots.out, shots.work
    from screening.ruleset.loader import load_ruleset
    from screening.settings import Settings, save_settings
    from ui.dialogs import Dialogs
    from ui.main_window import MainWindow

    ruleset = load_ruleset()
    settings = Settings(
        role="teacher",
        practitioner_name="Sam Example",
        organisation="Riverside Primary School (fictional)",
        referrer_role="Designated safeguarding lead",
        referrer_phone="01632 960 000",
        referrer_email="dsl@riverside.example",
        mash_phone="01632 960 111",
    )
    save_settings(settings)
    from screening.store import Store

    store = Store.open_default()
    _fictional_records(store, ruleset)

    class Quiet(Dialogs):
        def question(self, *a: Any, **k: Any) -> bool:
            return True

    window = MainWindow(ruleset, settings, Quiet(), store_factory=lambda: store)
    show_window(app, window)

    def shot(name: str) -> None:
        save_shot(app, window, out / name)

    shot("01-start.png")

    window.start_screening("record")
    view = window.view
    session = window.session
    assert view is not None and session is not None
    child: Any = view.page("child")  # a step page, driven by its own widgets
    child.name.setText("L.M.")
    child.name.textEdited.emit("L.M.")
    child.age.setText("9")
    child.age.textEdited.emit("9")
    view.go_to("child")
    band_button = child.band_group.button(1)  # 9 fits two bands: choose 9 to 13
    band_button.click()
    shot("02-child.png")

    view.go_to("behaviours")
    behaviours: Any = view.page("behaviours")  # a step page, driven by its own widgets
    behaviours.search.setFocus()
    behaviours.search.setText("pulled his trousers down in the toilets for a laugh")
    behaviours.run_search()
    session.set_behaviour("y9-touches-others-as-a-joke", True)
    session.set_behaviour_notes(
        "y9-touches-others-as-a-joke",
        "Tuesday lunchtime, boys' toilets. Pulled down Year 4 boy's trousers and pants while two friends "
        'watched. Said "it was just a joke, everyone does it".',
    )
    session.set_behaviour("y9-sexual-name-calling", True)
    session.set_behaviour_notes(
        "y9-sexual-name-calling",
        "Called the same boy sexual names in the playground "
        "on Monday and Tuesday (reported by the lunchtime supervisor).",
    )
    shot("03-behaviours.png")

    view.go_to("context")
    session.set_factor("impact-on-other", True)
    session.set_factor("humiliating", True)
    from PySide6.QtWidgets import QScrollArea

    context: Any = view.page("context")  # a step page, driven by its own widgets
    scroll = context.parentWidget().parentWidget()
    if isinstance(scroll, QScrollArea):
        _wait(app, 0.2)
        scroll.ensureWidgetVisible(context.boxes["impact-on-other"], 0, 200)
    shot("04-context.png")

    view.go_to("outcome")
    shot("05-outcome.png")

    view.go_to("judgement")
    judgement: Any = view.page("judgement")  # a step page, driven by its own widgets
    judgement.agree.click()
    session.update_judgement(
        actions_taken="Separated the boys at lunchtimes. Spoke to L.M. with his class teacher present. "
        "Told the other boy's parents the same day.",
        consulted="Head teacher (deputy DSL), 12 March",
        decision="consult_mash",
    )
    shot("06-judgement.png")

    view.go_to("referral")
    session.update_child(
        gender="Male", school="Riverside Primary School, Year 5", address="12 Example Road, Exampletown EX1 2AB"
    )
    session.update_referral(
        family="Lives with mother and older sister (14). Father has contact at weekends.",
        parents_informed="yes",
        consent="yes",
        consent_details="Mother agreed to a consultation with the MASH on the phone, 12 March.",
        immediate_risk="no",
    )
    from screening.records.document import OtherChild

    session.set_other_children(
        (OtherChild(name="K.P.", age_years=8, relationship="Pupil in Year 4", possible_victim="yes"),)
    )
    shot("07-referral.png")

    assert window.keeper is not None
    window.keeper.save_now()
    view.go_to("summary")
    summary: Any = view.page("summary")  # a step page, driven by its own widgets
    wait_for_preview(app, summary)
    shot("08-summary.png")

    window.start_screening("guidance")
    _wait(app)
    shot("09-guidance-only.png")
    window.close()
    window.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    store.close()
    import shutil

    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
