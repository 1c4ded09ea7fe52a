"""The one rule for a PDF's password (the command line's --password-file and the app's Save as…)."""

from __future__ import annotations

import pytest

from screening.documents.pdf import MIN_PASSWORD, password_problem
from screening.documents.referral import build_referral_pdf


@pytest.mark.parametrize(
    ("password", "again", "why"),
    [
        ("", None, "empty"),
        ("seven77", None, f"shorter than {MIN_PASSWORD}"),
        ("Zoë's café 2026", None, "Use only the letters A to Z"),
        ("пароль-пароль", None, "Use only the letters A to Z"),
        ("tab\tinside it", None, "Use only the letters A to Z"),
        ("Blue kettle 47!", "Blue kettle 47", "not the same"),
        ("password123 ", None, "starts or ends with a space"),
        (" password123", None, "starts or ends with a space"),
        ("A" * 33, None, "longer than 32"),
    ],
)
def test_refused_passwords_say_why(password, again, why):
    assert why in password_problem(password, again)


@pytest.mark.parametrize("password", ["eight888", "Blue kettle 47!", "spaces and ~punctuation{}", "B" * 32])
def test_accepted_passwords(password):
    assert password_problem(password) == ""
    assert password_problem(password, password) == ""


def test_the_build_refuses_a_password_the_rule_refuses(mini, full_record, settings):
    with pytest.raises(ValueError, match="Use only the letters"):
        build_referral_pdf(mini, full_record, settings, password="Zoë's café 2026")
    with pytest.raises(ValueError, match="empty"):
        build_referral_pdf(mini, full_record, settings, password="")


def test_an_accepted_password_opens_the_pdf(mini, full_record, settings, reader):
    data = build_referral_pdf(mini, full_record, settings, password="spaces and ~punctuation{}")
    pdf = reader(data)
    assert pdf.is_encrypted and not pdf.decrypt("wrong password")
    assert pdf.decrypt("spaces and ~punctuation{}")
    assert "protected by a password" in pdf.pages[0].extract_text()
