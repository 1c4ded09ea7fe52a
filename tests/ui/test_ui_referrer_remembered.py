"""The app remembers referrer details only from a record it saves, never in guidance or training."""

from __future__ import annotations

from screening.settings import Settings, load_settings, settings_path


def test_referrer_details_typed_in_a_saved_record_are_offered_in_the_next(make_window, qtbot):
    window = make_window(settings=Settings(role="teacher"), autosave_ms=60_000)
    window.show()
    window.start_screening("record")
    window.session.update_child(name="R.", age_years=5)
    window.session.update_referrer(name="Sam Example", role="DSL", phone="01632 960000")
    window.keeper.save_now()
    saved, problems = load_settings()
    assert not problems and saved.referrer_phone == "01632 960000" and saved.referrer_role == "DSL"
    assert saved.practitioner_name == "Sam Example"
    window.start_screening("record")
    referrer = window.session.record.referral.referrer
    assert (referrer.name, referrer.role, referrer.phone) == ("Sam Example", "DSL", "01632 960000")


def test_guidance_only_and_training_remember_nothing(make_window, qtbot):
    window = make_window(settings=Settings(role="teacher"), autosave_ms=60_000)
    window.show()
    for mode in ("guidance", "training"):
        window.start_screening(mode)
        window.session.update_referrer(name="Not kept", phone="0000")
        window._remember_referrer()  # as if a save had happened: still nothing
        window.close_screening()
    assert not settings_path().exists()
