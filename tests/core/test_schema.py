"""rules/schema.json: generated from the spec, and agreeing with the loader."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from screening.problems import ProblemsError
from screening.ruleset.loader import load_ruleset
from screening.ruleset.schema import json_schema

from .helpers import MINI_FILE, REPO, SHIPPED_DIR, mini_with, write

SCHEMA_FILE = REPO / "rules" / "schema.json"


def plain(value: Any) -> Any:
    """What an editor's YAML extension hands the schema: dates as text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def errors(validator: jsonschema.protocols.Validator, text: str) -> list[str]:
    return [e.message for e in validator.iter_errors(plain(yaml.safe_load(text)))]


def test_schema_file_is_generated_from_the_spec() -> None:
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk == json_schema(), "rules/schema.json is out of date with screening/spec.py: run `make schema`"


def test_the_schema_is_draft_2020_12() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["properties"]) == {
        "ruleset", "roles", "categories", "age_bands", "behaviours", "context_factors",
        "combination", "reading", "vocabulary", "cues", "qualifiers", "ranking",
    }
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    "path",
    [*sorted(SHIPPED_DIR.glob("*.yaml")), MINI_FILE],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_every_rule_file_validates_against_the_schema(validator: jsonschema.protocols.Validator, path: Path) -> None:
    assert errors(validator, path.read_text(encoding="utf-8")) == []


def test_the_shipped_set_has_files_to_check() -> None:
    assert len(list(SHIPPED_DIR.glob("*.yaml"))) >= 2


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("roles:\n", "rolez:\n"),
        ("  publisher: Example", "  publsher: Example"),
        ("    words: [crush, going out, dating]\n", "    wrods: [crush, going out, dating]\n"),
        ("    effect: {raise: 1}\n", "    effect: {rasie: 1}\n"),
        ("        steps: [Talk to the child", "        stepz: [Talk to the child"),
        ("    min_age: 9\n", "    min_age: 9\n    colour: red\n"),
    ],
)
def test_a_file_refused_for_an_unknown_key_is_refused_by_the_schema_too(
    validator: jsonschema.protocols.Validator, tmp_path: Path, old: str, new: str
) -> None:
    text = mini_with((old, new))
    with pytest.raises(ProblemsError) as info:
        load_ruleset(write(tmp_path / "r.yaml", text))
    assert any("unknown key" in p.message for p in info.value.problems)
    found = errors(validator, text)
    assert any("Additional properties are not allowed" in m for m in found), found


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  title: Small example rule set\n", "  title: no\n"),
        ('  version: "0.1.0"\n', "  version: 1.0\n"),
        ("    min_age: 9\n", '    min_age: "9"\n'),
        ("  status: draft\n", "  status: drafted\n"),
        ("    effect: {raise: 1}\n", "    effect: {raise: 1, at_least: red}\n"),
        ("  - id: teacher\n", "  - id: Teacher Role\n"),
    ],
)
def test_wrong_types_are_refused_by_both(
    validator: jsonschema.protocols.Validator, tmp_path: Path, old: str, new: str
) -> None:
    text = mini_with((old, new))
    with pytest.raises(ProblemsError):
        load_ruleset(write(tmp_path / "r.yaml", text))
    assert errors(validator, text) != []
