"""The Summary step says which local contacts a referral needs before the PDF, and opens Settings (item 14)."""

from __future__ import annotations

from dataclasses import replace

from screening.settings import Settings, missing_for_referral


def test_the_core_decides_which_contacts_a_referral_needs():
    assert missing_for_referral(Settings()) == ["MASH phone or MASH online form", "LADO", "Consultation line"]
    ready = Settings(mash_online_form="https://example.org/refer", lado="01632 960 222", consultation_line="x")
    assert missing_for_referral(ready) == []


def test_summary_says_what_is_missing_and_takes_the_user_to_settings(make_window, qtbot, monkeypatch):
    import ui.settings_dialog as settings_dialog

    opened = []

    class FakeDialog:
        def __init__(self, settings, parent, **kwargs):
            opened.append(settings)
            self.saved = replace(settings, mash_phone="01632 960 111", lado="LADO desk", consultation_line="line")

        def exec(self) -> bool:
            return True

    monkeypatch.setattr(settings_dialog, "SettingsDialog", FakeDialog)
    window = make_window()
    window.show()
    window.start_screening("record")
    window.view.go_to("summary")
    summary = window.view.page("summary")
    assert summary.contacts_box.isVisible()
    assert "MASH phone or MASH online form, LADO, Consultation line" in summary.contacts_missing.text()
    summary.open_settings.click()
    assert len(opened) == 1
    assert not summary.contacts_box.isVisible()


def test_guidance_only_is_not_asked_for_contacts(make_window, qtbot):
    window = make_window()
    window.show()
    window.start_screening("guidance")
    window.view.go_to("summary")
    assert not window.view.page("summary").contacts_box.isVisible()


def test_guidance_only_skips_judgement_and_referral_and_ends_with_what_to_do_now(make_window, qtbot):
    from screening.engine.workflow import steps_for
    from screening.texts import EMERGENCY_LINE

    assert "judgement" not in steps_for("guidance") and "referral" not in steps_for("guidance")
    assert "judgement" in steps_for("training") and "referral" in steps_for("record")
    window = make_window(settings=Settings(role="foster_carer"))
    window.show()
    window.start_screening("guidance")
    view = window.view
    assert view.steps.item(4).isHidden() and view.steps.item(5).isHidden()
    window.session.update_child(age_years=5)
    window.session.set_behaviour("y0-copies-sex-acts", True)
    view.go_to("outcome")
    view.go_next()
    assert view.current_key() == "summary"  # Judgement and Referral are passed by
    view.go_to("judgement")  # Ctrl+5 does not reach a hidden step either
    assert view.current_key() == "summary"
    summary = view.page("summary")
    assert summary.title_label.text() == "What to do now"  # the heading is the step list's name
    assert summary.what_to_do.isVisible() and summary.print_what_to_do.isVisible()
    text = summary.what_to_do.toPlainText()
    assert text.startswith("What to do now") and EMERGENCY_LINE in text
    amber = window.ruleset.category("amber").guidance["foster_carer"]
    assert amber.summary in text and "Referral" not in text
    assert "Step 5 of 5: What to do now" in view.position.text()
    assert "  5. What to do now" in view.steps.item(6).text()
