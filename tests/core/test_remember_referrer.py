"""Referrer details typed in a saved record are offered again (issue 8, item 8)."""

from __future__ import annotations

from screening.records.document import Referrer
from screening.settings import Settings, referrer_from, remember_referrer


def test_typed_details_are_remembered_and_offered_again():
    typed = Referrer(name="Sam Example", role="DSL", organisation="Riverside Primary", phone="01632 960000",
                     email="dsl@example.org")
    remembered = remember_referrer(Settings(), typed)
    assert referrer_from(remembered) == typed


def test_blank_fields_never_forget_and_the_author_name_is_not_replaced():
    settings = Settings(practitioner_name="Sam Example", referrer_phone="01632 960000")
    typed = Referrer(name="A colleague", role="Deputy DSL", phone="")
    remembered = remember_referrer(settings, typed)
    assert remembered.practitioner_name == "Sam Example"  # the audit author stays
    assert remembered.referrer_phone == "01632 960000" and remembered.referrer_role == "Deputy DSL"


def test_nothing_new_gives_the_same_settings():
    settings = Settings(referrer_role="DSL")
    assert remember_referrer(settings, Referrer(role="DSL")) is settings
