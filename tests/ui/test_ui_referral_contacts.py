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
