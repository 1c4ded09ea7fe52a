"""The record document: parsing, the JSON form, the round trip, and problems at their places."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.cli import main
from screening.problems import ProblemsError
from screening.records.document import (
    ANSWERS,
    CONSENT,
    DECISIONS,
    FORMAT,
    PARENTS_NOT_TOLD_REASONS,
    Addendum,
    Child,
    Judgement,
    OtherChild,
    Record,
    Referral,
    Referrer,
    RuleSetRef,
    SelectedBehaviour,
    UnlistedBehaviour,
    parse_record,
    record_to_dict,
    record_to_json,
)
from screening.records.references import reference_problems
from screening.ruleset.model import RuleSet

from .helpers import EXAMPLE_RECORD, MINI_DIR, PROBLEM_RE, REPO, locate, value_at, write


def problems(text: str, name: str = "rec.yaml") -> list[tuple[int, int, str]]:
    with pytest.raises(ProblemsError) as info:
        parse_record(text.encode("utf-8"), name)
    found = info.value.problems
    assert found
    for problem in found:
        assert problem.path == name
        assert PROBLEM_RE.fullmatch(str(problem)), str(problem)
    return [(p.line, p.column, p.message) for p in found]


# ------------------------------------------------------------------ the example document


def test_the_example_document_parses() -> None:
    record = parse_record(EXAMPLE_RECORD.read_bytes(), str(EXAMPLE_RECORD))
    assert record.role == "teacher"
    assert record.child.name == "J.T."
    assert record.child.date_of_birth == dt.date(2019, 3, 14)
    assert record.concern_date == dt.date(2026, 11, 20)
    assert [b.id for b in record.behaviours] == ["y5-shows-private-parts-to-peer"]
    assert record.behaviours[0].notes == (
        "In the Year 2 boys' toilets at lunch. J said: \"he told me to, it was a dare\"."
    )
    assert record.unlisted_behaviours == ()
    assert record.context == ("persistence", "secrecy")
    assert record.status == "draft" and record.ruleset is None


def test_the_example_document_is_assessed_against_the_shipped_rule_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(EXAMPLE_RECORD), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["suggested_category"] in ("green", "amber", "red")
    assert out["age"] == 7


FULL_YAML = """\
format: screening-record/1
id: rec-0001
status: final
created: 2026-11-20T14:05:00+00:00
updated: "2026-11-21T09:00:00+00:00"
ruleset: {id: mini-example, version: "0.1.0", sha256: abc123}
role: teacher
concern_date: 2026-11-20
child:
  name: "J.T."
  date_of_birth: 2019-03-14
  gender: boy
  school: Hill Primary
  address: "1 Road\\nTown"
  learning_disability: true
  developmental_age_years: 5
  developmental_age_reason: EHCP assessment
  band: "0-9"
behaviours:
  - id: y0-copies-sex-acts
    notes: "At lunch: 'it was a dare'."
  - id: y0-plays-doctors
unlisted_behaviours:
  - description: Drew pictures on the wall
    notes: "  kept exactly  "
context: [secrecy, force]
judgement:
  agrees: false
  final_category: red
  reason: Older child involved.
  actions_taken: Told the DSL.
  consulted: DSL
  decision: mash_referral
referral:
  referrer: {name: A. Teacher, role: Class teacher, organisation: Hill Primary, phone: "0123", email: a@b.c}
  family: Mum and two brothers.
  other_children:
    - {name: B, age_years: 6, relationship: classmate, possible_victim: "yes", notes: upset}
    - {}
  parents_informed: "no"
  parents_not_informed_reason: risk_to_child
  parents_not_informed_details: Dad may be involved.
  consent: not_sought
  consent_details: ""
  immediate_risk: unknown
  immediate_risk_details: Not known yet.
addenda:
  - {at: "2026-11-22T10:00:00+00:00", author: DSL, text: MASH replied.}
"""


def test_every_field_of_a_full_document_is_read() -> None:
    record = parse_record(FULL_YAML.encode(), "full.yaml")
    assert record == Record(
        id="rec-0001",
        status="final",
        created="2026-11-20T14:05:00+00:00",
        updated="2026-11-21T09:00:00+00:00",
        ruleset=RuleSetRef("mini-example", "0.1.0", "abc123"),
        role="teacher",
        concern_date=dt.date(2026, 11, 20),
        child=Child(
            name="J.T.",
            date_of_birth=dt.date(2019, 3, 14),
            gender="boy",
            school="Hill Primary",
            address="1 Road\nTown",
            learning_disability=True,
            developmental_age_years=5,
            developmental_age_reason="EHCP assessment",
            band="0-9",
        ),
        behaviours=(
            SelectedBehaviour("y0-copies-sex-acts", "At lunch: 'it was a dare'."),
            SelectedBehaviour("y0-plays-doctors"),
        ),
        unlisted_behaviours=(UnlistedBehaviour("Drew pictures on the wall", "  kept exactly  "),),
        context=("secrecy", "force"),
        judgement=Judgement(False, "red", "Older child involved.", "Told the DSL.", "DSL", "mash_referral"),
        referral=Referral(
            referrer=Referrer("A. Teacher", "Class teacher", "Hill Primary", "0123", "a@b.c"),
            family="Mum and two brothers.",
            other_children=(OtherChild("B", 6, "classmate", "yes", "upset"), OtherChild()),
            parents_informed="no",
            parents_not_informed_reason="risk_to_child",
            parents_not_informed_details="Dad may be involved.",
            consent="not_sought",
            immediate_risk="unknown",
            immediate_risk_details="Not known yet.",
        ),
        addenda=(Addendum("2026-11-22T10:00:00+00:00", "DSL", "MASH replied."),),
    )
    assert record.is_final


def test_the_json_and_yaml_forms_parse_to_equal_records() -> None:
    from_yaml = parse_record(FULL_YAML.encode(), "full.yaml")
    as_json = json.dumps(_plain_yaml(FULL_YAML), indent=1)
    assert parse_record(as_json.encode(), "full.json") == from_yaml
    example = parse_record(EXAMPLE_RECORD.read_bytes())
    assert parse_record(json.dumps(_plain_yaml(EXAMPLE_RECORD.read_text())).encode()) == example
    # and the tool's own JSON, read back
    assert parse_record(record_to_json(from_yaml).encode()) == from_yaml


def _plain_yaml(text: str) -> object:
    def plain(value: object) -> object:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        return value

    return plain(yaml.safe_load(text))


def test_record_to_json_leaves_out_empty_values_but_keeps_false() -> None:
    record = Record(role="teacher", judgement=Judgement(agrees=False))
    data = json.loads(record_to_json(record))
    assert data == {"format": FORMAT, "status": "draft", "role": "teacher", "judgement": {"agrees": False}}
    assert record_to_dict(Record(role="teacher"))["format"] == FORMAT


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029", "\x7f", "\x9b", "\ufeff", "\ufffe", "\uffff"])
def test_characters_yaml_would_change_survive_the_json_form(char: str) -> None:
    record = Record(role="teacher", child=Child(name=f"a{char}b"), judgement=Judgement(reason=f"{char}\n{char}"))
    text = record_to_json(record)
    assert json.loads(text)["child"]["name"] == f"a{char}b"
    assert parse_record(text.encode()) == record


# ------------------------------------------------------------------ the round trip

_ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,12}", fullmatch=True)
_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_spaces = st.sampled_from(["", " ", "   ", "\n", " \n\t ", "\r\n", "\u00a0", "\u3000"])
_any_text = st.one_of(_text, _spaces, st.builds(lambda a, b: a + "\n" + b, _text, _text))
_some_text = _any_text.filter(lambda s: s.strip() != "")
_when = st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2200, 1, 1), timezones=st.sampled_from([None, dt.UTC]))
_iso = _when.map(lambda d: d.isoformat())
_age = st.one_of(st.none(), st.integers(0, 25))


def _choice(keys: object) -> st.SearchStrategy[str]:
    return st.sampled_from(["", *keys])  # type: ignore[misc]


records = st.builds(
    Record,
    role=_ids,
    concern_date=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1))),
    child=st.builds(
        Child,
        name=_any_text,
        date_of_birth=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1))),
        age_years=_age,
        gender=_any_text,
        school=_any_text,
        address=_any_text,
        learning_disability=st.booleans(),
        developmental_age_years=_age,
        developmental_age_reason=_any_text,
        band=st.one_of(st.just(""), _ids),
    ),
    behaviours=st.lists(st.builds(SelectedBehaviour, _ids, _any_text), max_size=3).map(tuple),
    unlisted_behaviours=st.lists(st.builds(UnlistedBehaviour, _some_text, _any_text), max_size=2).map(tuple),
    context=st.lists(_ids, max_size=3).map(tuple),
    judgement=st.builds(
        Judgement,
        agrees=st.one_of(st.none(), st.booleans()),
        final_category=_any_text,
        reason=_any_text,
        actions_taken=_any_text,
        consulted=_any_text,
        decision=_choice(DECISIONS),
    ),
    referral=st.builds(
        Referral,
        referrer=st.builds(Referrer, _any_text, _any_text, _any_text, _any_text, _any_text),
        family=_any_text,
        other_children=st.lists(
            st.builds(OtherChild, _any_text, _age, _any_text, _choice(ANSWERS), _any_text), max_size=2
        ).map(tuple),
        parents_informed=_choice(ANSWERS),
        parents_not_informed_reason=_choice(PARENTS_NOT_TOLD_REASONS),
        parents_not_informed_details=_any_text,
        consent=_choice(CONSENT),
        consent_details=_any_text,
        immediate_risk=_choice(ANSWERS),
        immediate_risk_details=_any_text,
    ),
    id=_any_text,
    status=st.sampled_from(["draft", "final"]),
    created=st.one_of(st.just(""), _iso),
    updated=st.one_of(st.just(""), _iso),
    ruleset=st.one_of(st.none(), st.builds(RuleSetRef, _ids, _text.filter(bool), _text.filter(bool))),
    addenda=st.lists(st.builds(Addendum, _iso, _any_text, _some_text), max_size=2).map(tuple),
)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_record_to_json_then_parse_record_is_the_identity(record: Record) -> None:
    text = record_to_json(record)
    assert parse_record(text.encode("utf-8"), "round.json") == record
    # the YAML form of the same document reads the same too (PyYAML's writer turns a raw NEL into
    # a space even for its own reader, so let it escape everything that is not ASCII)
    as_yaml = yaml.safe_dump(json.loads(text), allow_unicode=False, sort_keys=False)
    assert parse_record(as_yaml.encode("utf-8"), "round.yaml") == record


# ------------------------------------------------------------------ malformed records


def test_a_wrong_format_string_is_refused() -> None:
    text = "format: screening-record/2\nrole: teacher\n"
    assert problems(text) == [
        (
            1,
            9,
            "'format' is 'screening-record/2'; it must be one of: screening-record/1 "
            "(did you mean 'screening-record/1'?)",
        )
    ]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("five", "should be a whole number, but it is 'five'"), ('"5"', "(without quotes)"), ("30", "from 0 to 25")],
)
def test_an_age_as_text_is_refused(value: str, fragment: str) -> None:
    text = f"format: {FORMAT}\nrole: teacher\nchild:\n  name: A\n  age_years: {value}\n"
    [(line, column, message)] = problems(text)
    assert (line, column) == (5, 14)
    assert fragment in message


def test_an_unknown_key_is_refused_with_did_you_mean() -> None:
    text = f"format: {FORMAT}\nrole: teacher\nchild:\n  nmae: A\n"
    assert problems(text) == [(4, 3, "unknown key 'nmae' in 'child' (did you mean 'name'?)")]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just words\n", "42\n"])
def test_a_record_that_is_not_a_mapping_is_refused(text: str) -> None:
    [(line, column, message)] = problems(text)
    assert (line, column) == (1, 1)
    assert "'the record' should be a set of keys" in message


def test_broken_yaml_is_refused_where_it_breaks() -> None:
    text = f"format: {FORMAT}\nrole: teacher\ncontext: [secrecy, force\nchild: {{}}\n"
    [(line, column, message)] = problems(text)
    assert message == "YAML syntax error: did not find expected ',' or ']'"
    # the parser notices on the next line, where the list should have ended
    assert (line, column) == (4, 6)


def test_broken_json_is_refused_where_it_breaks() -> None:
    text = '{\n  "format": "screening-record/1",\n  "role": "teacher",\n  "context": ["a" "b"]\n}\n'
    [(line, column, message)] = problems(text, "rec.json")
    assert message.startswith("YAML syntax error")
    assert (line, column) == locate(text, '"b"')


def test_an_empty_record_is_refused() -> None:
    assert problems("") == [(1, 1, "the record is empty")]
    assert problems("# nothing\n") == [(1, 1, "the record is empty")]


def test_a_record_needs_format_and_role() -> None:
    assert problems("id: x\n") == [(1, 1, "'the record' is missing: format, role")]


def test_every_problem_of_a_record_is_collected_at_its_place() -> None:
    text = (
        '{"format": "screening-record/1",\n'
        ' "role": "Teacher!",\n'
        ' "concern_date": "2026-02-30",\n'
        ' "child": {"age_years": "5", "learning_disability": "yes"},\n'
        ' "judgement": {"decision": "refer", "agrees": "true"},\n'
        ' "status": "done"}\n'
    )
    found = problems(text, "rec.json")
    assert len(found) == 7, found
    assert {(line, column) for line, column, _ in found} == {
        locate(text, '"Teacher!"'),
        locate(text, '"2026-02-30"'),
        locate(text, '"5"'),
        locate(text, '"yes"'),
        locate(text, '"refer"'),
        locate(text, '"true"'),
        locate(text, '"done"'),
    }


def test_a_bad_date_in_a_record_is_a_problem_not_a_crash() -> None:
    text = f"format: {FORMAT}\nrole: teacher\nconcern_date: 2026-02-30\n"
    [(line, column, message)] = problems(text)
    assert (line, column) == (3, 15)
    assert "should be a date" in message


def test_an_unlisted_behaviour_needs_words() -> None:
    text = f"format: {FORMAT}\nrole: teacher\nunlisted_behaviours:\n  - description: '   '\n"
    [(line, column, message)] = problems(text)
    assert (line, column) == (4, 18)
    assert "'description' is empty" in message


# ------------------------------------------------------------------ against a rule set


RECORD_WITH_UNKNOWN_IDS = f"""\
format: {FORMAT}
role: teacher
child: {{age_years: 5, band: "0-99"}}
behaviours:
  - id: y0-copies-sex-acts
  - id: y0-not-a-behaviour
    notes: typed by hand
context: [secrecy, no-such-question]
judgement: {{final_category: purple}}
"""


def test_reference_problems_give_the_exact_line_of_each_unknown_id(mini: RuleSet) -> None:
    data = RECORD_WITH_UNKNOWN_IDS.encode()
    record = parse_record(data, "rec.yaml")
    found = reference_problems(mini, record, data, "rec.yaml")
    text = RECORD_WITH_UNKNOWN_IDS
    assert [(p.line, p.column) for p in found] == [
        value_at(text, "id: y0-not-a-behaviour"),
        locate(text, "no-such-question"),
        locate(text, '"0-99"'),
        locate(text, "purple"),
    ]
    assert "the behaviour 'y0-not-a-behaviour' is not in Small example rule set 0.1.0" in found[0].message
    assert "use: force, secrecy" in found[1].message
    assert reference_problems(mini, parse_record(EXAMPLE_RECORD.read_bytes()), b"", "x") != []


def test_reference_problems_for_an_unknown_role(mini: RuleSet) -> None:
    data = f"format: {FORMAT}\nrole: astronaut\n".encode()
    [problem] = reference_problems(mini, parse_record(data), data, "r.yaml")
    assert (problem.line, problem.column) == (2, 7)
    assert "use one of: teacher, foster_carer" in problem.message


def test_a_record_that_fits_has_no_reference_problems(mini: RuleSet) -> None:
    data = parse_record(FULL_YAML.encode())
    assert reference_problems(mini, data, FULL_YAML.encode(), "full.yaml") == []


def test_assess_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "rec.yaml", FULL_YAML)
    assert main(["assess", str(path), "--rules", str(MINI_DIR), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"suggested_category", "band", "trace", "guidance", "ruleset", "warnings"} <= set(out)
    assert out["suggested_category"] == "red"
    assert out["band"] == "0-9"
    assert isinstance(out["trace"], list) and all(isinstance(line, str) for line in out["trace"])
    assert any("Forces" in line or "force" in line.lower() for line in out["trace"])
    assert set(out["guidance"]) == {"summary", "steps", "avoid"}
    assert out["guidance"]["summary"] == "Follow your safeguarding procedures now and consider a MASH referral."
    assert out["ruleset"]["id"] == "mini-example"


def test_assess_readable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "rec.yaml", FULL_YAML)
    assert main(["assess", str(path), "--rules", str(MINI_DIR)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("If a child is in immediate danger, call 999.")
    assert "Suggested category: RED" in out
    assert "What to do now (Teacher or designated safeguarding lead (DSL))" in out


def test_assess_a_record_with_an_unknown_behaviour_exits_1_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "rec.yaml", RECORD_WITH_UNKNOWN_IDS)
    assert main(["assess", str(path), "--rules", str(MINI_DIR), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    line, column = value_at(RECORD_WITH_UNKNOWN_IDS, "id: y0-not-a-behaviour")
    assert (
        f"{path}:{line}:{column}: the behaviour 'y0-not-a-behaviour' is not in Small example rule set 0.1.0"
        in captured.err.splitlines()
    )
    assert "Traceback" not in captured.err


def test_assess_a_malformed_record_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "rec.json", '{"format": "screening-record/1", "role": "teacher", "child": []}')
    assert main(["assess", str(path), "--rules", str(MINI_DIR)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err and all(PROBLEM_RE.fullmatch(line) for line in err)
    assert err[0].startswith(f"{path}:1:")


def test_assess_a_missing_record_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(tmp_path / "nope.yaml"), "--rules", str(MINI_DIR)]) == 1
    err = capsys.readouterr().err
    assert "cannot read the record" in err and "Traceback" not in err


def test_assess_reads_stdin_in_a_subprocess() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "screening", "assess", "-", "--rules", str(MINI_DIR), "--json"],
        input=FULL_YAML.encode(),
        capture_output=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["suggested_category"] == "red"


def test_context_progress_counts_every_kind_of_answer_once() -> None:
    from screening.records.document import Record
    from screening.records.progress import context_progress

    questions = ["a", "b", "c", "a"]
    empty = context_progress(Record(role="teacher"), questions)
    assert (empty.answered, empty.total, empty.complete) == (0, 3, False)
    some = context_progress(Record(role="teacher", context=("a",), context_unknown=("b",)), questions)
    assert (some.answered, some.complete) == (2, False)
    answers = Record(role="teacher", context=("a",), context_no=("c",), context_unknown=("b", "other"))
    every = context_progress(answers, questions)
    assert (every.answered, every.total, every.complete) == (3, 3, True)
