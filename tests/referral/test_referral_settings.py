"""Local settings: defaults, a commented file that round-trips, and every problem reported."""

from __future__ import annotations

import dataclasses
import os

import pytest

from screening.settings import Settings, load_settings, save_settings, settings_path, settings_yaml

TRICKY = Settings(
    role="foster_carer",
    practitioner_name="Siân O'Brien",
    organisation="yes",  # YAML 1.1 would read it as true
    referrer_role="12:30",  # ... and this as 750
    referrer_phone="01234 567890",
    referrer_email="#not-a-comment@example.org",
    mash_phone="0300123",
    mash_online_form="https://mash.example.org/refer?a=1&b=2#form",
    consultation_line="key: value",
    lado='Łukasz "LADO" Nowak',
    police_non_emergency="101",
    police_emergency="999",
    retention_note="Line one.\nLine two: still the note\n\nLine four",
    paper_size="Letter",
)


def test_a_missing_file_gives_the_defaults(tmp_path):
    settings, problems = load_settings(tmp_path / "nope.yaml")
    assert settings == Settings()
    assert problems == []
    assert (settings.police_emergency, settings.police_non_emergency, settings.paper_size) == ("999", "101", "A4")


def test_round_trip_is_exact_private_and_commented(tmp_path):
    path = save_settings(TRICKY, tmp_path / "settings.yaml")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Settings for the harmful sexual behaviour screening tool.")
    assert "# Your local MASH (front door) phone number.\nmash_phone: '0300123'" in text
    assert "retention_note: |-\n  Line one.\n" in text  # several lines stay readable
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    assert load_settings(path) == (TRICKY, [])
    # every field is written, so a person can see what can be set
    for field in dataclasses.fields(Settings):
        assert f"\n{field.name}:" in text


def test_defaults_round_trip_too(tmp_path):
    path = save_settings(Settings(), tmp_path / "s.yaml")
    assert 'mash_phone: ""' in path.read_text(encoding="utf-8")
    assert load_settings(path) == (Settings(), [])


def test_saving_replaces_the_file_atomically(tmp_path):
    path = tmp_path / "settings.yaml"
    save_settings(Settings(mash_phone="1"), path)
    save_settings(Settings(mash_phone="2"), path)
    assert load_settings(path)[0].mash_phone == "2"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.yaml"]


def test_the_default_path_honours_the_config_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SCREENING_CONFIG_DIR", str(tmp_path / "cfg"))
    assert settings_path() == tmp_path / "cfg" / "settings.yaml"
    save_settings(Settings(lado="LADO line"))
    assert load_settings() == (Settings(lado="LADO line"), [])
    if os.name == "posix":
        assert (tmp_path / "cfg").stat().st_mode & 0o777 == 0o700


def test_bad_values_get_defaults_and_problems_the_rest_is_kept(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text(
        "mash_phone: 0300123\n"  # YAML reads an octal number, not text
        "lado: LADO desk\n"
        "paper_size: A3\n"
        "mash_phnoe: x\n"
        "role: Head Teacher\n"
        "consultation_line: [a, b]\n"
        "police_emergency: '112'\n",
        encoding="utf-8",
    )
    settings, problems = load_settings(path)
    assert settings == Settings(lado="LADO desk", police_emergency="112")
    messages = [str(p) for p in problems]
    assert len(messages) == 5, messages
    assert messages[0].startswith(f"{path}:1:13: 'mash_phone' should be text") and "put it in quotes" in messages[0]
    assert messages[1].startswith(f"{path}:3:13: 'paper_size' is 'A3'; it must be one of: A4, Letter")
    assert messages[2] == f"{path}:4:1: unknown setting 'mash_phnoe'; it is ignored (did you mean 'mash_phone'?)"
    assert messages[3].startswith(f"{path}:5:7: 'role' 'Head Teacher' is not a role id")
    assert messages[4].startswith(f"{path}:6:20: 'consultation_line' should be text")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"mash_phone: '0118\n", "YAML syntax error"),
        (b"- a\n- b\n", "should be a set of keys"),
        (b"\xff\xfe binary", "not UTF-8"),
        (b"lado: &x one\nmash_phone: *x\n", "anchors"),
        (b"lado: a\nlado: b\n", "appears twice"),
    ],
)
def test_an_unreadable_file_gives_defaults_and_a_located_problem(tmp_path, content, expected):
    path = tmp_path / "settings.yaml"
    path.write_bytes(content)
    settings, problems = load_settings(path)
    assert problems, "a problem should be reported"
    assert any(expected in p.message for p in problems), problems
    assert all(p.path == str(path) and p.line >= 1 for p in problems)
    assert settings.paper_size == "A4" and settings.police_emergency == "999"
    # whether the computer is shared cannot be known: the records rule fails closed, and says so
    assert settings.shared_computer and any("treated as shared" in p.message for p in problems)


@pytest.mark.parametrize("value", ["yes", "'true'", "1", "[true]"])
def test_an_unreadable_shared_computer_value_counts_as_shared(tmp_path, value):
    path = tmp_path / "settings.yaml"
    path.write_text(f"shared_computer: {value}\nmash_phone: '0118 496 0000'\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings.shared_computer and settings.mash_phone == "0118 496 0000"
    assert any("treated as shared" in p.message and p.line == 1 for p in problems)


def test_an_empty_file_is_the_defaults(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert load_settings(path) == (Settings(), [])


def test_a_folder_in_place_of_the_file_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "settings.yaml").mkdir()
    settings, problems = load_settings(tmp_path / "settings.yaml")
    assert settings == Settings(shared_computer=True)  # not known, so the records rule fails closed
    assert len(problems) == 2 and "cannot read the settings" in problems[0].message
    assert "treated as shared" in problems[1].message


def test_settings_yaml_is_what_save_writes(tmp_path):
    path = save_settings(TRICKY, tmp_path / "s.yaml")
    assert path.read_text(encoding="utf-8") == settings_yaml(TRICKY)


def test_the_app_saves_on_its_own_only_over_a_sound_file(tmp_path):
    from screening.settings import save_if_readable, settings_problems_intro

    path = tmp_path / "settings.yaml"
    assert save_if_readable(Settings(role="dsl"), path) and load_settings(path)[0].role == "dsl"
    path.write_text("role: dsl\nmash_phone: '0118\n", encoding="utf-8")
    assert not save_if_readable(Settings(role="teacher"), path)
    assert path.read_text(encoding="utf-8") == "role: dsl\nmash_phone: '0118\n"
    _, problems = load_settings(path)
    assert "none of your settings are used" in settings_problems_intro(problems)
    path.write_text("role: dsl\nshared_computer: yes\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings.role == "dsl" and "the rest are kept" in settings_problems_intro(problems)
