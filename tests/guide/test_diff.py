"""screening.ruleset.diff: what changed between two rule sets, in the shape the issue gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.ruleset.diff import diff_rulesets
from screening.ruleset.diff_report import diff_text
from screening.ruleset.loader import load_ruleset

from .helpers import MINI_FILE, mini_with, write_set

CHANGES = (
    # reworded
    ("text: Touches or rubs their own private parts, for comfort or when tired.",
     "text: Touches their own private parts for comfort, or when tired or bored."),
    # recoloured: amber -> red
    ("    category: green\n    text: Plays \"doctors\"", "    category: amber\n    text: Plays \"doctors\""),
    # moved to another band (and so still in a band with every colour)
    ('  - id: y9-interest-in-relationships\n    band: "9-17"', '  - id: y9-interest-in-relationships\n    band: "0-9"'),
    # a changed id with the same text: a removal and an addition
    ("  - id: y0-forces-touching\n", "  - id: y0-forces-or-tricks-touching\n"),
    # a context factor's effect and question
    ("    effect: {raise: 1}", "    effect: {at_least: amber}"),
    ("question: Was a child told to keep it secret?", "question: Was any child told to keep it a secret?"),
    # guidance for one role
    ("summary: Record what you saw and tell the DSL today.",
     "summary: Write down what you saw and tell the DSL today."),
    # metadata
    ('  version: "0.1.0"', '  version: "0.2.0"'),
)


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_set(tmp_path_factory.mktemp("new"), mini_with(*CHANGES))
    # y9-interest-in-relationships moved away, and 9-17 still needs a GREEN behaviour
    (folder / "more.yaml").write_text(
        'behaviours:\n  - id: y9-green-extra\n    band: "9-17"\n    category: green\n'
        "    text: Keeps their bedroom door shut when changing.\n    words: [privacy]\n", encoding="utf-8")
    return folder


def test_every_kind_of_change_in_the_issue_shape(changed: Path) -> None:
    old, new = load_ruleset(MINI_FILE), load_ruleset(changed)
    data = diff_rulesets(old, new).to_json()
    assert set(data) == {"behaviours", "context_factors", "guidance", "metadata", "reading"}
    assert data["reading"] == {"combination": [], "reading_words": [], "cues": [], "vocabulary": [], "qualifiers": [],
                               "colour_weights": []}
    b = data["behaviours"]
    assert set(b) == {"added", "removed", "recoloured", "reworded", "moved"}
    assert sorted(b["added"]) == ["y0-forces-or-tricks-touching", "y9-green-extra"]
    assert b["removed"] == ["y0-forces-touching"]
    assert b["recoloured"] == [{"id": "y0-plays-doctors", "from": "green", "to": "amber"}]
    assert b["reworded"] == ["y0-touches-own-genitals"]
    assert b["moved"] == [{"id": "y9-interest-in-relationships", "from": "9-17", "to": "0-9"}]
    f = data["context_factors"]
    assert f["effect_changed"] == [{"id": "secrecy", "from": "raise: 1", "to": "at_least: amber"}]
    assert f["reworded"] == ["secrecy"] and f["added"] == [] and f["removed"] == []
    assert data["guidance"]["changed"] == [{"category": "amber", "role": "teacher", "parts": ["summary"]}]
    assert data["metadata"]["changed"] == [{"field": "version", "from": "0.1.0", "to": "0.2.0"}]


def test_text_names_the_renamed_id_and_shows_old_and_new_wording(changed: Path) -> None:
    old, new = load_ruleset(MINI_FILE), load_ruleset(changed)
    text = diff_text(old, new, diff_rulesets(old, new))
    renamed = "(the same text as the removed 'y0-forces-touching')"
    assert f"Added y0-forces-or-tricks-touching (RED, 0 to 9 years) {renamed}" in text
    assert "was: Touches or rubs their own private parts, for comfort or when tired." in text
    assert "now: Touches their own private parts for comfort, or when tired or bored." in text
    assert "Recoloured y0-plays-doctors: GREEN → AMBER" in text
    assert "Effect of secrecy: raises the category by one step → sets the category to at least AMBER" in text


def test_the_same_set_has_no_changes() -> None:
    old = load_ruleset(MINI_FILE)
    diff = diff_rulesets(old, old)
    assert diff.empty
    assert all(not v for part in diff.to_json().values() for v in part.values())
    assert "No changes." in diff_text(old, old, diff)


def test_the_shipped_set_against_the_mini_set_lists_bands_and_roles() -> None:
    old, new = load_ruleset(MINI_FILE), load_ruleset()
    data = diff_rulesets(old, new).to_json()
    assert "0-9" in data["metadata"]["age_bands_removed"]
    assert "early_help" in data["guidance"]["roles_added"]
    common = {b.id for b in old.behaviours} & {b.id for b in new.behaviours}
    assert len(data["behaviours"]["added"]) == len(new.behaviours) - len(common)
    assert len(data["behaviours"]["removed"]) == len(old.behaviours) - len(common)


def test_changes_to_reading_and_ranking_are_listed_for_the_approvers() -> None:
    import dataclasses

    from screening.ruleset.model import ColourWeight, Combination

    old = load_ruleset()
    cues = tuple(dataclasses.replace(c, words=(*c.words, "hush hush")) if c.factor == "secrecy" else c
                 for c in old.cues)
    new = dataclasses.replace(
        old, cues=cues, combination=Combination("add"), sha256="0" * 64,
        ranking=(*old.ranking[:1], ColourWeight("red", base=-0.5)), ranking_fitted="by hand, for a test",
    )
    diff = diff_rulesets(old, new)
    assert not diff.empty
    assert diff.reading.cues == ("secrecy",) and diff.reading.colour_weights == ("red",)
    assert diff.to_json()["reading"]["combination"][0]["to"] == "each answer that raises the category adds its steps"
    text = diff_text(old, new, diff)
    assert "Reading descriptions and ranking the search (3 changes)" in text
    assert "Cue words for \u201cWas any child told or pressured to keep it a secret" in text
    assert "Colour weights for RED lines changed\n      now: by hand, for a test" in text
