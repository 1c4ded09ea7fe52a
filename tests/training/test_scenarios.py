"""The shipped case studies: valid, covering every band, colour, role and hard case; and their checks."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import yaml

from screening.engine.assess import assess
from screening.problems import Problem
from screening.ruleset.loader import load_ruleset
from screening.ruleset.model import RuleSet
from screening.training.scenarios import (
    MAX_WORDS,
    MIN_WORDS,
    THEMES,
    Library,
    json_schema,
    parse_scenario,
    read_scenarios,
    validate_library,
)

from .conftest import REPO, SCENARIOS, SHIPPED

GOOD = (SCENARIOS / "07-water-tray-secret.yaml").read_text(encoding="utf-8")


def problems_for(ruleset: RuleSet, text: str, tmp_path: Path) -> list[Problem]:
    folder = tmp_path / f"scenarios-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    _, problems = validate_library(ruleset, folder)
    return problems


def test_the_library_has_at_least_30_valid_scenarios(library: Library) -> None:
    files = sorted(SCENARIOS.glob("*.yaml"))
    assert len(files) >= 30
    assert len(library.scenarios) == len(files)  # every file loaded, none dropped


def test_every_band_and_colour_and_role_is_covered(ruleset: RuleSet, library: Library) -> None:
    pairs = {(s.band, s.reference.category) for s in library.scenarios}
    assert pairs == {(b.id, c.id) for b in ruleset.age_bands for c in ruleset.categories}
    assert {s.role for s in library.scenarios} == {r.id for r in ruleset.roles}


def test_every_hard_case_is_there_and_is_what_it_says(ruleset: RuleSet, library: Library) -> None:
    by_theme = {t: [s for s in library.scenarios if t in s.themes] for t in THEMES}
    assert all(by_theme.values()), {t: len(v) for t, v in by_theme.items()}
    for s in by_theme["developmental-age"]:
        assert s.developmental_age is not None and s.developmental_age != s.age and s.developmental_age_reason
    for s in by_theme["unlisted"]:
        assert s.reference.unlisted
    for s in by_theme["differs-from-tool"]:
        suggested = assess(ruleset, s.reference_record()).suggested
        assert suggested is not None and suggested.id != s.reference.category and s.reference.differs_from_tool
    for s in by_theme["context-raises"]:
        trace = assess(ruleset, s.reference_record()).trace
        assert any(step.kind == "factor" and step.decisive for step in trace), s.id
    online = re.compile(r"online|phone|messag|video|chat|app\b", re.I)
    for s in by_theme["online"]:
        texts = [ruleset.behaviour(b).text for b in s.reference.behaviours]
        assert "images-online" in s.reference.context or any(online.search(t) for t in texts), s.id
    for s in by_theme["siblings"]:
        assert re.search(r"\b(sisters?|brothers?|siblings?|daughters|sons)\b", s.narrative, re.I), s.id


def test_narratives_are_plainly_fictional_and_the_right_length(library: Library) -> None:
    for s in library.scenarios:
        assert MIN_WORDS <= s.words <= MAX_WORDS, s.id
        assert re.search(r"fictional|made-up", s.narrative, re.I), f"{s.id} does not say it is fictional"
        assert s.teaching_points and s.discussion and s.reasoning


def test_reference_colours_match_the_tool_unless_explained(ruleset: RuleSet, library: Library) -> None:
    for s in library.scenarios:
        suggested = assess(ruleset, s.reference_record()).suggested
        assert suggested is not None
        assert (suggested.id == s.reference.category) != bool(s.reference.differs_from_tool), s.id


def test_scenario_files_follow_the_json_schema() -> None:
    schema = json.loads((REPO / "rules" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert schema == json_schema(), "rules/scenario.schema.json is out of date: run `make schema`"
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(SCENARIOS.glob("*.yaml")):
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
        assert errors == [], path.name
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../scenario.schema.json")
    bad = yaml.safe_load(GOOD.replace("band: \"0-5\"", "band: \"0-5\"\ncolour: red"))
    assert list(validator.iter_errors(bad)), "the schema must refuse an unknown key"


def test_scenarios_are_not_rule_files_and_not_in_the_hash(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(SHIPPED, rules)
    with_scenarios = load_ruleset(rules).sha256
    (rules / "scenarios" / "07-water-tray-secret.yaml").write_text(GOOD.replace("Remy", "Rex"), encoding="utf-8")
    (rules / "scenarios" / "99-broken.yaml").write_text("id: [", encoding="utf-8")
    assert load_ruleset(rules).sha256 == with_scenarios  # rules load, the hash is unchanged
    shutil.rmtree(rules / "scenarios")
    assert load_ruleset(rules).sha256 == with_scenarios
    (rules / "behaviours-00-05.yaml").write_text(
        (SHIPPED / "behaviours-00-05.yaml").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8"
    )
    assert load_ruleset(rules).sha256 != with_scenarios  # the hash still covers the rule files


def test_shape_problems_are_positioned(ruleset: RuleSet, tmp_path: Path) -> None:
    text = GOOD.replace("age: 5\n", "age: five\n").replace("  category: amber\n", "  category: amber\n  colour: x\n")
    problems = problems_for(ruleset, text, tmp_path)
    lines = text.splitlines()
    age_line = next(n for n, line in enumerate(lines, 1) if line.startswith("age:"))
    colour_line = next(n for n, line in enumerate(lines, 1) if "colour: x" in line)
    found = {(p.line, p.column): p.message for p in problems}
    assert "whole number" in found[(age_line, 6)]
    assert "unknown key 'colour'" in found[(colour_line, 3)]
    assert all(p.path.endswith("case.yaml") for p in problems)


def test_reference_problems_are_positioned_with_hints(ruleset: RuleSet, tmp_path: Path) -> None:
    text = (GOOD.replace("y0-shows-private-parts-to-peer", "y0-shows-private-parts-to-pear")
            .replace("[age-gap, secrecy]", "[age-gap, secrecyy]").replace("role: teacher", "role: teachers"))
    problems = problems_for(ruleset, text, tmp_path)
    messages = [str(p) for p in problems]
    assert any("'y0-shows-private-parts-to-pear'" in m and "did you mean 'y0-shows-private-parts-to-peer'" in m
               for m in messages)
    assert any("context question with the id 'secrecyy'" in m for m in messages)
    assert any("role with the id 'teachers'" in m for m in messages)
    behaviour_line = next(n for n, line in enumerate(text.splitlines(), 1) if "to-pear" in line)
    assert any(p.line == behaviour_line and p.column > 1 for p in problems if "to-pear" in p.message)


def test_a_reference_colour_the_tool_does_not_give_must_be_explained(ruleset: RuleSet, tmp_path: Path) -> None:
    text = GOOD.replace("  category: amber\n", "  category: red\n")
    problems = problems_for(ruleset, text, tmp_path)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row == "  category: red")
    assert [(p.line, p.column) for p in problems] == [(line, 13)]
    assert "the tool suggests AMBER" in problems[0].message and "differs_from_tool" in problems[0].message
    reason = "  differs_from_tool: The room judged it so.\n"
    explained = text.replace("  decision: monitor\n", "  decision: monitor\n" + reason)
    assert problems_for(ruleset, explained, tmp_path) == []
    needless = GOOD.replace("  decision: monitor\n", "  decision: monitor\n  differs_from_tool: Not really.\n")
    assert "the tool also suggests AMBER" in problems_for(ruleset, needless, tmp_path)[0].message


def test_band_behaviours_and_word_counts_are_checked(ruleset: RuleSet, tmp_path: Path) -> None:
    wrong_band = GOOD.replace("age: 5\n", "age: 12\n")
    assert any("for ages 0 to 5, but the age is 12" in p.message for p in problems_for(ruleset, wrong_band, tmp_path))
    other_band = GOOD.replace("y0-shows-private-parts-to-peer", "y5-shows-private-parts-to-peer")
    assert any("listed for the band '5-9'" in p.message for p in problems_for(ruleset, other_band, tmp_path))
    short = re.sub(r"narrative: >-\n(  .*\n)+", "narrative: Too short to teach anything.\n", GOOD)
    assert any("has 5 words" in p.message for p in problems_for(ruleset, short, tmp_path))
    no_reason = GOOD.replace("age: 5\n", "age: 9\ndevelopmental_age: 4\n")
    assert any("developmental_age_reason" in p.message for p in problems_for(ruleset, no_reason, tmp_path))


def test_duplicate_ids_and_broken_files_are_all_reported(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "a.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "b.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "c.yaml").write_text("id: [\n", encoding="utf-8")
    (folder / "d.yaml").write_text("", encoding="utf-8")
    scenarios, problems = read_scenarios(folder)
    assert [s.path for s in scenarios] == [str(folder / "a.yaml")]
    by_file = {Path(p.path).name for p in problems}
    assert by_file == {"b.yaml", "c.yaml", "d.yaml"}
    assert any("already used in" in p.message for p in problems)
    assert all(re.match(r"^.+:\d+:\d+: .+$", str(p)) for p in problems)


def test_parse_never_raises_on_odd_input() -> None:
    for data in (b"\xff\xfe", b"- a\n- b\n", b"id: x\n" * 3, b"&a x: *a\n"):
        scenario, problems = parse_scenario(data, "odd.yaml")
        assert scenario is None and problems
