"""The rule-set loader: every problem, at its exact place, all at once; and never a crash."""

from __future__ import annotations

import dataclasses
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.problems import Problem, ProblemsError
from screening.reading import yamlsafe
from screening.ruleset import loader
from screening.ruleset.loader import default_rules_path, load_ruleset
from screening.ruleset.model import RuleSet

from .helpers import MINI_FILE, MINI_TEXT, PROBLEM_RE, locate, mini_with, problems_of, value_at, where, write


def one(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]


def mini_sections() -> dict[str, str]:
    """The mini rule set cut at its top-level keys: section name -> its text."""
    out: dict[str, str] = {}
    name = ""
    for line in MINI_TEXT.splitlines(keepends=True):
        match = re.match(r"^([a-z_]+):", line)
        if match:
            name = match.group(1)
        out[name] = out.get(name, "") + line
    return out


def content(ruleset: RuleSet) -> RuleSet:
    """A rule set without where it came from, to compare what it says."""
    return dataclasses.replace(ruleset, sha256="", source="")


# ------------------------------------------------------------------ what loads


def test_the_mini_rule_set_loads(mini: RuleSet) -> None:
    assert mini.info.id == "mini-example"
    assert mini.info.version == "0.1.0"
    assert [c.id for c in mini.categories] == ["green", "amber", "red"]
    assert [c.level for c in mini.categories] == [0, 1, 2]
    assert [(b.id, b.min_age, b.max_age) for b in mini.age_bands] == [("0-9", 0, 9), ("9-17", 9, 17)]
    assert len(mini.behaviours) == 7
    assert mini.behaviour("y0-copies-sex-acts").words == ("humping", "pretending to have sex", "sex noises")
    assert mini.factor("force").effect.at_least == "red"
    assert mini.factor("secrecy").effect.raise_by == 1
    assert set(mini.category("red").guidance) == {"teacher", "foster_carer"}
    assert len(mini.sha256) == 64 and re.fullmatch(r"[0-9a-f]{64}", mini.sha256)


def test_the_shipped_rule_set_loads_from_inside_the_package() -> None:
    ruleset = load_ruleset()
    assert Path(ruleset.source) == default_rules_path()
    assert len(ruleset.behaviours) > 0


def test_a_file_and_its_folder_load_the_same(tmp_path: Path) -> None:
    assert content(load_ruleset(MINI_FILE)) == content(load_ruleset(MINI_FILE.parent))


# ------------------------------------------------------------------ positions


def test_problems_point_at_the_exact_line_and_column(tmp_path: Path) -> None:
    text = mini_with(("  title: Small example rule set\n", "  title: no\n"))
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert (problem.line, problem.column) == value_at(text, "title: no")
    assert problem.path == str(tmp_path / "r.yaml")
    assert str(problem).startswith(f"{tmp_path / 'r.yaml'}:{problem.line}:{problem.column}: ")


def test_five_different_problems_give_five_problems_at_their_places(tmp_path: Path) -> None:
    text = mini_with(
        ("  title: Small example rule set\n", "  title: no\n"),
        ('    colour: "#b26a00"\n', '    colour: "orange"\n'),
        (
            "  - id: y0-plays-doctors\n    band: \"0-9\"\n    category: green\n",
            "  - id: y0-plays-doctors\n    band: \"0-9\"\n    category: purple\n",
        ),
        (
            "    words: [crush, going out, dating]\n",
            "    words: [crush, going out, dating]\n    notes: one\n    notes: two\n",
        ),
        ("    min_age: 9\n", '    min_age: "9"\n'),
    )
    problems = problems_of(write(tmp_path / "r.yaml", text))
    assert len(problems) == 5, "\n".join(str(p) for p in problems)
    assert where(problems, "'title' should be text") == [value_at(text, "title: no")]
    assert where(problems, "the colour 'orange'") == [value_at(text, 'colour: "orange"')]
    assert where(problems, "no category with the id 'purple'") == [value_at(text, "category: purple")]
    assert where(problems, "'notes' appears twice") == [locate(text, "notes: two")]
    assert where(problems, "'min_age' should be a whole number (without quotes)") == [
        value_at(text, 'min_age: "9"')
    ]
    # reported in file order
    assert problems == sorted(problems, key=lambda p: (p.line, p.column))


def test_problems_in_several_files_name_their_own_file(tmp_path: Path) -> None:
    sections = mini_sections()
    write(tmp_path / "a.yaml", "".join(v for k, v in sections.items() if k != "behaviours"))
    # the first green behaviour of 0-9; the other one keeps the band's GREEN
    behaviours = sections["behaviours"].replace("category: green", "category: greeen", 1)
    write(tmp_path / "b.yaml", behaviours)
    problem = one(problems_of(tmp_path))
    assert problem.path == str(tmp_path / "b.yaml")
    assert (problem.line, problem.column) == value_at(behaviours, "category: greeen")


# ------------------------------------------------------------------ YAML that is refused


def test_a_yaml_syntax_error_is_reported_where_it_is(tmp_path: Path) -> None:
    text = mini_with(("  publisher: Example safeguarding partnership\n", "  publisher: [Example\n"))
    problems = problems_of(write(tmp_path / "r.yaml", text))
    problem = one(problems)
    assert problem.message.startswith("YAML syntax error")
    # the parser notices at the next key, one line below the unclosed bracket
    assert problem.line == locate(text, "approved_by")[0]


def test_a_syntax_error_in_one_file_does_not_make_the_others_look_wrong(tmp_path: Path) -> None:
    sections = mini_sections()
    write(tmp_path / "a.yaml", "".join(v for k, v in sections.items() if k != "behaviours") + "oops: [\n")
    write(tmp_path / "b.yaml", sections["behaviours"])
    problems = problems_of(tmp_path)
    assert [p.path for p in problems] == [str(tmp_path / "a.yaml")]
    assert "YAML syntax error" in problems[0].message


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    text = mini_with(("  licence: CC-BY-4.0\n", "  licence: CC-BY-4.0\n  licence: MIT\n"))
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert (problem.line, problem.column) == locate(text, "licence: MIT", offset=0)
    assert "appears twice" in problem.message and f"line {locate(text, 'licence')[0]}" in problem.message


def test_anchors_and_aliases_are_refused(tmp_path: Path) -> None:
    text = mini_with(
        ("  - id: teacher\n    label: Teacher", "  - id: teacher\n    label: &who Teacher"),
        ("    label: Foster carer\n", "    label: *who\n"),
    )
    problems = problems_of(write(tmp_path / "r.yaml", text))
    assert where(problems, "anchors (&who)") == [value_at(text, "label: &who Teacher")]
    assert where(problems, "aliases (*who)") == [value_at(text, "label: *who")]


def test_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 12):
        lines.append(f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    path = write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    problems = problems_of(path)
    assert len(where(problems, "aliases")) == 11 * 10
    assert len(where(problems, "anchors")) == 12


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system", "!!python/object/new:subprocess.Popen", "!!python/name:os.system", "!include"],
)
def test_python_and_custom_tags_are_refused_and_nothing_runs(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "pwned"
    text = mini_with(("  licence: CC-BY-4.0\n", f"  licence: {tag} [\"touch {marker}\"]\n"))
    problems = problems_of(write(tmp_path / "r.yaml", text))
    assert where(problems, "is not allowed in rule files") == [value_at(text, f"licence: {tag}")]
    assert not marker.exists()


def test_bytes_that_are_not_utf8_are_refused_with_their_position(tmp_path: Path) -> None:
    text = mini_with(("  publisher: Example safeguarding partnership\n", "  publisher: Caf\udce9 ré\n"))
    data = text.encode("utf-8", "surrogateescape")  # the é of a Latin-1 file: one bad byte
    problem = one(problems_of(write(tmp_path / "r.yaml", data)))
    assert (problem.line, problem.column) == locate(text, "\udce9")
    assert "UTF-8" in problem.message


def test_files_over_the_size_cap_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "r.yaml", MINI_TEXT)
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 1000)
    problem = one(problems_of(path))
    assert "larger than" in problem.message
    assert (problem.path, problem.line, problem.column) == (str(path), 0, 0)
    # the reader has its own check, for documents that are not files (records)
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 10**9)
    monkeypatch.setattr(yamlsafe, "MAX_FILE_BYTES", 1000)
    assert "larger than" in one(problems_of(path)).message
    monkeypatch.setattr(yamlsafe, "MAX_FILE_BYTES", 10**9)
    assert load_ruleset(path).info.id == "mini-example"


def test_too_many_files_in_a_folder_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(3):
        write(tmp_path / f"f{i}.yaml", "behaviours: []\n")
    monkeypatch.setattr(loader, "MAX_FILES", 2)
    assert "more than 2 rule files" in one(problems_of(tmp_path)).message


def test_absurd_nesting_is_refused_without_recursion_error(tmp_path: Path) -> None:
    problem = one(problems_of(write(tmp_path / "deep.yaml", "behaviours: " + "[" * 10_000 + "\n")))
    assert f"nested more than {yamlsafe.MAX_DEPTH} levels" in problem.message
    # the top-level mapping is the first level; "behaviours: " takes 12 columns
    assert (problem.line, problem.column) == (1, 12 + yamlsafe.MAX_DEPTH)


@pytest.mark.parametrize("text", ["- ruleset\n- roles\n", "just some words\n", "42\n", "[a, b]\n"])
def test_a_top_level_that_is_not_a_mapping_is_refused(tmp_path: Path, text: str) -> None:
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert (problem.line, problem.column) == (1, 1)
    assert "must be made of sections" in problem.message


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path / "r.yaml", "# nothing yet\n"))
    assert where(problems, "the file is empty") == [(1, 1)]


def test_a_missing_path_and_an_empty_folder_are_reported(tmp_path: Path) -> None:
    assert "no such file or folder" in one(problems_of(tmp_path / "nope")).message
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty" / "notes.txt", "not a rule file")
    assert "no rule files" in one(problems_of(tmp_path / "empty")).message


# ------------------------------------------------------------------ keys and types


@pytest.mark.parametrize(
    ("old", "new", "suggestion"),
    [
        ("  publisher: Example", "  publsher: Example", "publisher"),
        ("    words: [crush, going out, dating]\n", "    wrods: [crush, going out, dating]\n", "words"),
        ("    effect: {raise: 1}\n", "    effect: {rasie: 1}\n", "raise"),
        ("age_bands:\n", "age_band:\n", "age_bands"),
    ],
)
def test_unknown_keys_are_refused_with_did_you_mean(tmp_path: Path, old: str, new: str, suggestion: str) -> None:
    text = mini_with((old, new))
    problems = problems_of(write(tmp_path / "r.yaml", text))
    wrong = new.strip().split(":")[0].lstrip("{")
    if wrong.startswith("effect"):
        wrong = "rasie"
    unknown = [p for p in problems if p.message.startswith(f"unknown key '{wrong}'")]
    assert len(unknown) == 1, [str(p) for p in problems]
    assert f"(did you mean '{suggestion}'?)" in unknown[0].message
    assert (unknown[0].line, unknown[0].column) == locate(text, wrong)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "    min_age: 9\n",
            '    min_age: "5"\n',
            "'min_age' should be a whole number (without quotes), but it is '5'",
        ),
        ("    min_age: 9\n", "    min_age: nine\n", "'min_age' should be a whole number, but it is 'nine'"),
        ("    min_age: 9\n", "    min_age: 0b_\n", "'min_age' should be a whole number"),
        ("    max_age: 17\n", "    max_age: 17.5\n", "'max_age' should be a whole number"),
        ("    max_age: 17\n", "    max_age: 40\n", "'max_age' is 40; it must be from 0 to 25"),
        ("  review_date: 2027-11-01\n", "  review_date: soon\n", "'review_date' should be a date"),
        ("  review_date: 2027-11-01\n", "  review_date: 2027-02-30\n", "'review_date' should be a date"),
        ("  status: draft\n", "  status: drafted\n", "it must be one of: draft, approved (did you mean 'draft'?)"),
        ("    effect: {raise: 1}\n", "    effect: {raise: 0}\n", "'raise' is 0; it must be from 1 to 10"),
        ("  - id: teacher\n", "  - id: Teacher Role\n", "is not a valid id"),
    ],
)
def test_wrong_types_are_refused_where_they_are(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    text = mini_with((old, new))
    problems = problems_of(write(tmp_path / "r.yaml", text))
    key_line = new.strip().replace("effect: {", "")
    assert where(problems, fragment) == [value_at(text, key_line.rstrip("}"))], [str(p) for p in problems]


def test_a_section_of_the_wrong_shape_is_refused(tmp_path: Path) -> None:
    text = mini_with(("    words: [crush, going out, dating]\n", "    words: crush\n"))
    problems = problems_of(write(tmp_path / "r.yaml", text))
    assert where(problems, "'words' should be a list") == [value_at(text, "words: crush")]


@pytest.mark.parametrize(
    ("old", "new", "written", "what"),
    [
        ("  title: Small example rule set\n", "  title: no\n", "no", "a yes/no value"),
        ("  title: Small example rule set\n", "  title: Off\n", "Off", "a yes/no value"),
        ('  version: "0.1.0"\n', "  version: 1.0\n", "1.0", "a number"),
        ("    label: Foster carer\n", "    label: 12:30\n", "12:30", "a number"),
        ("    label: 0 to 9 years\n", "    label: 2027-01-01\n", "2027-01-01", "a date or time"),
        ("  licence: CC-BY-4.0\n", "  licence: null\n", None, None),
    ],
)
def test_yaml_11_traps_where_text_is_wanted_say_to_quote(
    tmp_path: Path, old: str, new: str, written: str | None, what: str | None
) -> None:
    text = mini_with((old, new))
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert (problem.line, problem.column) == value_at(text, new.strip())
    if written is None:
        assert "is empty" in problem.message
    else:
        assert f"YAML reads '{written}' as {what}" in problem.message
        assert f'put it in quotes: "{written}"' in problem.message


def test_quoted_traps_are_fine(tmp_path: Path) -> None:
    text = mini_with(
        ("  title: Small example rule set\n", '  title: "no"\n'),
        ("    label: Foster carer\n", '    label: "12:30"\n'),
    )
    ruleset = load_ruleset(write(tmp_path / "r.yaml", text))
    assert ruleset.info.title == "no"
    assert ruleset.role("foster_carer").label == "12:30"


def test_a_broken_item_is_reported_once_not_by_everything_that_refers_to_it(tmp_path: Path) -> None:
    # the band 9-17 is still written, so its behaviours and ages must not be reported as well
    text = mini_with(("    min_age: 9\n", '    min_age: "9"\n'))
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert (problem.line, problem.column) == value_at(text, 'min_age: "9"')
    # a role whose label is a trap: its guidance must not be reported as for an unknown role
    text = mini_with(("    label: Foster carer\n", "    label: 12:30\n"))
    assert "12:30" in one(problems_of(write(tmp_path / "r.yaml", text))).message
    # a category without a colour: behaviours in it must not be reported as in an unknown category
    text = mini_with(('    colour: "#b26a00"\n', ""))
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert "missing: colour" in problem.message


# ------------------------------------------------------------------ meaning


def test_unknown_band_category_and_role_references_are_refused(tmp_path: Path) -> None:
    text = mini_with(
        ('  - id: y9-interest-in-relationships\n    band: "9-17"\n',
         '  - id: y9-interest-in-relationships\n    band: "9-71"\n'),
        ("    category: red\n    text: Has gifts", "    category: crimson\n    text: Has gifts"),
        (
            "      foster_carer:\n        summary: This is expected",
            "      fostercarer:\n        summary: This is expected",
        ),
        ("    effect: {at_least: red}\n", "    effect: {at_least: scarlet}\n"),
    )
    problems = problems_of(write(tmp_path / "r.yaml", text))
    assert where(problems, "there is no age band with the id '9-71'; the choices are: 0-9, 9-17") == [
        value_at(text, 'band: "9-71"')
    ]
    assert where(problems, "there is no category with the id 'crimson'; the choices are: amber, green, red") == [
        value_at(text, "category: crimson")
    ]
    assert where(problems, "guidance is given for the role 'fostercarer', which is not in 'roles'") == [
        locate(text, "summary: This is expected")
    ]
    assert where(problems, "the category 'green' has no guidance for the role 'foster_carer'") == [
        locate(text, "teacher:\n        summary: Respond calmly")
    ]
    assert where(problems, "'at_least' names the category 'scarlet', which does not exist") == [
        locate(text, "scarlet")
    ]
    # the band 9-17 lost its green behaviour and 9-17 lost its red one: both said, at the band
    band_pos = locate(text, 'id: "9-17"')
    assert where(problems, "the age band '9-17' has no GREEN behaviours") == [band_pos]
    assert where(problems, "the age band '9-17' has no RED behaviours") == [band_pos]
    assert len(problems) == 7


def test_duplicate_ids_across_two_files_of_a_folder(tmp_path: Path) -> None:
    sections = mini_sections()
    write(tmp_path / "a-meta.yaml", "".join(v for k, v in sections.items() if k != "behaviours"))
    write(tmp_path / "b-behaviours.yaml", sections["behaviours"])
    extra = (
        "behaviours:\n"
        "  - id: y0-plays-doctors\n"
        '    band: "0-9"\n'
        "    category: amber\n"
        "    text: Something else with the same id.\n"
        "    words: []\n"
    )
    write(tmp_path / "c-more.yaml", extra)
    problem = one(problems_of(tmp_path))
    assert problem.path == str(tmp_path / "c-more.yaml")
    assert (problem.line, problem.column) == (2, 9)
    first_line = locate(sections["behaviours"], "id: y0-plays-doctors")[0]
    assert f"(first at {tmp_path / 'b-behaviours.yaml'}:{first_line})" in problem.message
    assert "'y0-plays-doctors' is used twice" in problem.message


@pytest.mark.parametrize(
    ("section", "old", "new", "what"),
    [
        ("roles", "  - id: foster_carer\n", "  - id: teacher\n", "role"),
        ("context_factors", "  - id: secrecy\n", "  - id: force\n", "context factor"),
    ],
)
def test_duplicate_ids_in_one_file(tmp_path: Path, section: str, old: str, new: str, what: str) -> None:
    text = mini_with((old, new))
    problems = problems_of(write(tmp_path / "r.yaml", text))
    duplicate = [p for p in problems if f"the {what} id" in p.message and "used twice" in p.message]
    assert [(p.line, p.column) for p in duplicate] == [value_at(text, new.strip().lstrip("- "), nth=1)]


def test_ages_not_covered_are_listed(tmp_path: Path) -> None:
    text = mini_with(
        ("    min_age: 0\n    max_age: 9\n", "    min_age: 1\n    max_age: 9\n"),
        ("    min_age: 9\n    max_age: 17\n", "    min_age: 11\n    max_age: 15\n"),
    )
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert "no age band covers these ages: 0, 10, 16, 17;" in problem.message
    assert (problem.line, problem.column) == locate(text, '- id: "0-9"')


def test_a_band_that_starts_after_it_ends_is_refused(tmp_path: Path) -> None:
    text = mini_with(("    min_age: 9\n    max_age: 17\n", "    min_age: 17\n    max_age: 9\n"))
    problems = problems_of(write(tmp_path / "r.yaml", text))
    assert where(problems, "starts at 17 but ends at 9") == [value_at(text, "min_age: 17")]


def test_a_band_lacking_a_colour_is_refused(tmp_path: Path) -> None:
    text = mini_with(("    category: red\n    text: Forces", "    category: amber\n    text: Forces"))
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert problem.message.startswith("the age band '0-9' has no RED behaviours")
    assert 'band: "0-9" and category: red' in problem.message
    assert (problem.line, problem.column) == locate(text, 'id: "0-9"')


def test_a_category_without_guidance_for_a_role_is_refused(tmp_path: Path) -> None:
    text = mini_with(
        (
            "      foster_carer:\n        summary: Keep everyone safe and tell children's services today.\n"
            "        steps: [Make every child safe., Call the child's social worker or the out-of-hours team.]\n"
            "        avoid: [Do not look at or forward any images.]\n",
            "",
        )
    )
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert problem.message == "the category 'red' has no guidance for the role 'foster_carer'; add it"
    assert (problem.line, problem.column) == locate(text, "teacher:\n        summary: Follow your")


def test_guidance_needs_steps(tmp_path: Path) -> None:
    text = mini_with(("        steps: [Talk to the child about privacy and body safety.]\n", "        steps: []\n"))
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert "'steps' needs at least 1 item(s)" in problem.message
    assert (problem.line, problem.column) == value_at(text, "steps: []")


def test_approved_needs_approved_by(tmp_path: Path) -> None:
    text = mini_with(("  status: draft\n", "  status: approved\n  approved_on: 2026-03-02\n"))
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert "approved rule set must say who approved it" in problem.message
    assert (problem.line, problem.column) == value_at(text, 'approved_by: ""')
    text = mini_with(
        ("  status: draft\n", "  status: approved\n  approved_on: 2026-03-02\n"),
        ('  approved_by: ""\n', "  approved_by: A. Board\n"),
    )
    ruleset = load_ruleset(write(tmp_path / "r.yaml", text))
    assert (ruleset.info.status, ruleset.info.approved_by) == ("approved", "A. Board")


def test_a_colour_must_be_a_hex_colour(tmp_path: Path) -> None:
    text = mini_with(('    colour: "#2e7d32"\n', "    colour: green\n"))
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert "should be written like" in problem.message
    assert (problem.line, problem.column) == value_at(text, "colour: green")


def test_an_effect_needs_exactly_one_of_at_least_or_raise(tmp_path: Path) -> None:
    text = mini_with(("    effect: {raise: 1}\n", "    effect: {raise: 1, at_least: red}\n"))
    problem = one(problems_of(write(tmp_path / "r.yaml", text)))
    assert "needs exactly one of at_least or raise" in problem.message
    assert (problem.line, problem.column) == locate(text, "{raise: 1, at_least")
    text = mini_with(("    effect: {raise: 1}\n", "    effect: {}\n"))
    assert "needs exactly one of" in one(problems_of(write(tmp_path / "r.yaml", text))).message


def test_missing_keys_are_listed_at_their_item(tmp_path: Path) -> None:
    text = mini_with(("    words: [older boyfriend, gifts, money, going missing]\n", ""))
    problems = problems_of(write(tmp_path / "r.yaml", text))
    assert where(problems, "'behaviours' is missing: words") == [locate(text, "id: y9-gifts-from-older")]


def test_missing_sections_are_reported(tmp_path: Path) -> None:
    sections = mini_sections()
    text = "".join(v for k, v in sections.items() if k not in ("roles", "behaviours"))
    problems = problems_of(write(tmp_path / "r.yaml", text))
    assert where(problems, "the rule set has no 'roles' section") == [(1, 1)]
    assert where(problems, "the rule set has no 'behaviours' section") == [(1, 1)]


def test_a_single_section_given_in_two_files_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", MINI_TEXT)
    write(tmp_path / "b.yaml", mini_sections()["roles"])
    problem = one(problems_of(tmp_path))
    assert problem.path == str(tmp_path / "b.yaml")
    assert f"'roles' is already given at {tmp_path / 'a.yaml'}:{locate(MINI_TEXT, 'roles:')[0] + 1}" in problem.message


# ------------------------------------------------------------------ folders and the hash


def split_mini(folder: Path, names: tuple[str, ...] = ("a-meta", "b-behaviours", "c-behaviours", "d-factors")) -> Path:
    sections = mini_sections()
    meta = "".join(sections[k] for k in ("ruleset", "roles", "categories", "age_bands"))
    header, *items = sections["behaviours"].split("\n  - ")
    assert header == "behaviours:" and len(items) == 7
    first = "\n  - ".join([header, *items[:3]]) + "\n"
    second = "behaviours:\n  - " + "\n  - ".join(items[3:])
    write(folder / f"{names[0]}.yaml", meta)
    write(folder / f"{names[1]}.yaml", first)
    write(folder / f"{names[2]}.yml", second)
    write(folder / f"{names[3]}.yaml", sections["context_factors"])
    return folder


def test_a_rule_set_split_across_files_loads_the_same_as_one_file(tmp_path: Path, mini: RuleSet) -> None:
    folder = split_mini(tmp_path / "split")
    write(folder / "README.txt", "not a rule file")
    write(folder / "sub" / "ignored.yaml", "this: [is not read\n")
    split = load_ruleset(folder)
    assert len(list(folder.glob("*.y*ml"))) == 4
    assert content(split) == content(mini)
    assert split.sha256 != mini.sha256  # different files, so a different hash


def test_behaviours_are_joined_in_file_name_order(tmp_path: Path, mini: RuleSet) -> None:
    folder = split_mini(tmp_path / "split", names=("a-meta", "c-behaviours", "b-behaviours", "d-factors"))
    ids = [b.id for b in load_ruleset(folder).behaviours]
    expected = [b.id for b in mini.behaviours]
    assert ids == expected[3:] + expected[:3]


def test_sha256_changes_when_any_file_changes_and_is_stable_otherwise(tmp_path: Path) -> None:
    folder = split_mini(tmp_path / "one")
    first = load_ruleset(folder).sha256
    assert load_ruleset(folder).sha256 == first
    shutil.copytree(folder, tmp_path / "two")
    assert load_ruleset(tmp_path / "two").sha256 == first  # where it lies does not matter
    write(folder / "notes.txt", "other files do not count")
    assert load_ruleset(folder).sha256 == first
    seen = {first}
    for file in sorted(folder.glob("*.y*ml")):
        original = file.read_bytes()
        file.write_bytes(original + b"# a comment changes the bytes\n")
        changed = load_ruleset(folder).sha256
        assert changed not in seen, f"changing {file.name} did not change the hash"
        seen.add(changed)
        file.write_bytes(original)
        assert load_ruleset(folder).sha256 == first
    # renaming a file changes it too, even with the same order and content
    (folder / "d-factors.yaml").rename(folder / "e-factors.yaml")
    assert load_ruleset(folder).sha256 not in seen


# ------------------------------------------------------------------ never anything but problems


_INSERTS = [
    "&a ", "*a", "!!python/object:os.system ", "!!python/object/apply:os.system ['true'] ", "\t", ": ", '"', "'",
    "- ", "[", "]", "{", "}", "#", "---\n", "? ", "|\n", "~", "no", "12:30", "1.0", "\n", "  ", "%", "@", "é",
    "\u2028", "\x85", "\ufeff", "\x07",
]


@st.composite
def mutated_mini(draw: st.DrawFn) -> str:
    text = MINI_TEXT
    for _ in range(draw(st.integers(1, 4))):
        lines = text.splitlines(keepends=True)
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate"]))
        if op == "delete" and len(lines) > 1:
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = "".join(lines)
        elif op == "duplicate" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "".join(lines)
        elif op == "swap" and len(text) > 2:
            i = draw(st.integers(0, len(text) - 2))
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        elif op == "insert":
            i = draw(st.integers(0, len(text)))
            text = text[:i] + draw(st.sampled_from(_INSERTS)) + text[i:]
        elif op == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
    return text


def _load_or_problems(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rules.yaml"
        path.write_bytes(data)
        try:
            ruleset = load_ruleset(path)
        except ProblemsError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert PROBLEM_RE.fullmatch(str(problem)), repr(str(problem))
        else:
            assert isinstance(ruleset, RuleSet)


_FUZZ = settings(max_examples=250, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(mutated_mini())
def test_mutations_of_the_mini_file_load_or_give_problems(text: str) -> None:
    _load_or_problems(text.encode("utf-8"))


@_FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_load_or_give_problems(data: bytes) -> None:
    _load_or_problems(data)


@_FUZZ
@given(
    st.lists(
        st.sampled_from(
            ["ruleset:", "roles:", "behaviours:", "age_bands:", "categories:", "context_factors:", "\n", "  ",
             "- ", "id: ", "band: ", "min_age: ", "effect: ", "{", "}", "[", "]", ",", "x", "9", "red", "&a ",
             "*a", "!!str ", "'", '"', "no", "~", ": "]
        ),
        max_size=60,
    ).map("".join)
)
def test_random_yamlish_text_loads_or_gives_problems(text: str) -> None:
    _load_or_problems(text.encode("utf-8"))
