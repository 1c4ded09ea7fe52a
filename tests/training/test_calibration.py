"""Fleiss' kappa, agreement with the reference, groups and rounds: pure functions, no Qt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screening.problems import ProblemsError
from screening.records.document import Judgement, Record, SelectedBehaviour
from screening.ruleset.model import RuleSet
from screening.training.answers import (
    Answer,
    AnswersFile,
    Participant,
    answer_from_record,
    check_answers,
    dumps,
    parse_answers,
    read_answers_file,
    write_answers,
)
from screening.training.calibration import calibration_report, fleiss_kappa, report_csv, report_json, summarise
from screening.training.scenarios import Library

from .conftest import CALIBRATION

# Fleiss (1971) as worked on Wikipedia's "Fleiss' kappa" page: 10 subjects, 14 raters, 5 categories;
# P-bar 0.378, P-bar-e 0.213, kappa 0.210.
WIKIPEDIA = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]


def test_fleiss_kappa_matches_the_published_example() -> None:
    k = fleiss_kappa(WIKIPEDIA)
    assert k.observed == pytest.approx(0.378, abs=5e-4)
    assert k.chance == pytest.approx(0.213, abs=5e-4)
    assert k.kappa == pytest.approx(0.210, abs=5e-4)
    assert k.cases == 10


def test_fleiss_kappa_edges() -> None:
    assert fleiss_kappa([[3, 0, 0], [0, 3, 0], [0, 0, 3]]).kappa == pytest.approx(1.0)
    everyone_green = fleiss_kappa([[4, 0, 0], [4, 0, 0]])
    assert everyone_green.kappa is None and everyone_green.observed == 1.0  # undefined, not a crash
    assert fleiss_kappa([[1, 0, 0]]).kappa is None  # one answer per case: nothing to compare
    # two raters who always disagree across two colours: worse than chance
    assert fleiss_kappa([[1, 1, 0], [1, 1, 0]]).kappa == pytest.approx(-1.0)
    # a case with a single answer is left out, not counted as agreement
    assert fleiss_kappa([[2, 0], [0, 2], [1, 0]]).cases == 2


def person(alias: str, role: str, agency: str, *answers: tuple[str, str]) -> AnswersFile:
    return AnswersFile(Participant(alias, role, agency), tuple(Answer(s, c) for s, c in answers), f"{alias}.json")


def test_summary_counts_spread_and_agreement(ruleset: RuleSet, library: Library) -> None:
    a, b = "s01-bath-time-questions", "s06-secret-tickle-game"  # GREEN and RED references
    files = [
        person("x", "teacher", "School", (a, "green"), (b, "red")),
        person("y", "teacher", "School", (a, "green"), (b, "amber")),
        person("z", "foster_carer", "Fostering", (a, "amber"), (b, "red")),
    ]
    s = summarise(ruleset, library, files)
    assert (s.participants, s.cases) == (3, 2)
    assert [d.scenario for d in s.cases_detail] == [a, b]
    assert s.cases_detail[0].counts == {"green": 2, "amber": 1, "red": 0}
    assert s.cases_detail[1].agreement_with_reference == pytest.approx(2 / 3)
    assert s.agreement_with_reference == pytest.approx(4 / 6)
    assert s.kappa.kappa == pytest.approx(fleiss_kappa([[2, 1, 0], [0, 1, 2]]).kappa)
    report = calibration_report(ruleset, library, files)
    roles = {g.name: g.summary for g in report.by_role}
    assert roles["teacher"].agreement_with_reference == pytest.approx(3 / 4)
    assert roles["foster_carer"].participants == 1 and roles["foster_carer"].kappa.kappa is None
    assert [g.name for g in report.by_agency] == ["Fostering", "School"]


def test_the_shipped_sample_rounds_show_the_change(ruleset: RuleSet, library: Library) -> None:
    after = [read_answers_file(p) for p in sorted((CALIBRATION / "after").glob("*.json"))]
    before = [read_answers_file(p) for p in sorted((CALIBRATION / "before").glob("*.json"))]
    assert check_answers(ruleset, library, after) == [] and check_answers(ruleset, library, before) == []
    data = report_json(calibration_report(ruleset, library, after, before))
    assert data["participants"] == 8 and data["cases"] == 10
    assert set(data) >= {"participants", "cases", "fleiss_kappa", "agreement_with_reference", "cases_detail",
                         "observed_agreement", "chance_agreement", "by_role", "by_agency", "before", "change"}
    for case in data["cases_detail"]:
        assert set(case) >= {"scenario", "counts", "reference"}
        assert set(case["counts"]) == {"green", "amber", "red"} and sum(case["counts"].values()) == 8
    change = data["change"]
    assert change["same_cases"] is True
    assert change["fleiss_kappa"] == pytest.approx(data["fleiss_kappa"] - data["before"]["fleiss_kappa"], abs=1e-3)
    csv_text = report_csv(ruleset, calibration_report(ruleset, library, after, before))
    lines = csv_text.splitlines()
    assert lines[0].startswith("round,scenario,title,answers,green,amber,red,reference")
    assert len(lines) == 1 + 20 and lines[1].startswith("before,") and lines[-1].startswith("after,")


def test_answers_round_trip_and_positioned_problems(tmp_path: Path, ruleset: RuleSet, library: Library) -> None:
    original = person("P9", "teacher", "School", ("s01-bath-time-questions", "green"))
    path = tmp_path / "p9.json"
    write_answers(path, original)
    assert path.stat().st_mode & 0o777 == 0o600
    back = read_answers_file(path)
    assert back.participant == original.participant and back.answers == original.answers
    text = dumps(original).replace('"green"', '"purple"').replace('"teacher"', '"teachr"')
    bad = parse_answers(text.encode(), "bad.json")
    problems = check_answers(ruleset, library, [bad])
    messages = sorted(str(p) for p in problems)
    lines = text.splitlines()
    colour = next(n for n, line in enumerate(lines, 1) if "purple" in line)
    assert any(m.startswith(f"bad.json:{colour}:") and "no colour 'purple'" in m for m in messages)
    assert any("no role 'teachr'" in m for m in messages)


def test_broken_answers_files_give_every_problem() -> None:
    text = json.dumps({"format": "screening-answers/2", "participant": {"alias": "A", "role": "teacher"},
                       "answers": [{"scenario": "s01-bath-time-questions", "category": "green", "decision": "maybe"},
                                   {"scenario": "s01-bath-time-questions", "category": "red"}]}, indent=1)
    with pytest.raises(ProblemsError) as caught:
        parse_answers(text.encode(), "a.json")
    messages = [str(p) for p in caught.value.problems]
    assert any("screening-answers/1" in m for m in messages)
    assert any("missing: agency" in m for m in messages)
    assert any("'maybe'" in m for m in messages)
    assert all(m.startswith("a.json:") for m in messages)
    with pytest.raises(ProblemsError):
        parse_answers(b"{", "b.json")


def test_repeated_alias_and_unknown_case_are_problems(ruleset: RuleSet, library: Library) -> None:
    a = person("Sam", "teacher", "School", ("s99-nothing", "green"))
    b = person("sam", "teacher", "School", ("s01-bath-time-questions", "green"))
    messages = [p.message for p in check_answers(ruleset, library, [a, b])]
    assert any("no training case 's99-nothing'" in m for m in messages)
    assert any("alias 'sam' is also used" in m for m in messages)


def test_an_answer_from_a_training_screening() -> None:
    record = Record(role="teacher", behaviours=(SelectedBehaviour("y0-plays-doctors-or-families"),),
                    context=("secrecy",), judgement=Judgement(agrees=False, final_category="red", decision="police"))
    answer = answer_from_record("s02-home-corner-doctors", record, "amber")
    assert answer == Answer("s02-home-corner-doctors", "red", ("y0-plays-doctors-or-families",), ("secrecy",), "police")
    agreed = answer_from_record("s02", Record(role="teacher", judgement=Judgement(agrees=True)), "amber")
    assert agreed.category == "amber"
    replaced = person("x", "teacher", "S", ("s02", "green")).with_answer(agreed)
    assert [a.category for a in replaced.answers] == ["amber"]


def test_comparison_lines_up_yours_and_the_reference(ruleset: RuleSet, library: Library) -> None:
    from screening.records.document import UnlistedBehaviour
    from screening.training.compare import compare

    scenario = library.get("s07-water-tray-secret")
    assert scenario is not None
    record = Record(role="teacher", child=scenario.child(),
                    behaviours=(SelectedBehaviour("y0-shows-private-parts-to-peer"),
                                SelectedBehaviour("y0-keeps-body-games-secret")),
                    context=("secrecy", "persistence"), judgement=Judgement(decision="early_help"))
    c = compare(ruleset, scenario, record)
    marks = {line.text[:30]: line.mark for line in c.behaviours}
    assert sorted(marks.values()) == ["only yours", "✓ both"]
    assert [line.mark for line in c.context] == ["✓ both", "only yours", "only the reference"]
    assert c.reference_colour == "amber" and c.tool_for_reference == "amber"
    assert c.your_colour == c.tool_for_yours and not c.your_colour_is_final
    assert c.your_decision == "Early help" and c.reference_decision == "Monitor" and not c.same_decision
    unlisted = library.get("s26-missing-underwear")
    assert unlisted is not None
    mine = Record(role="foster_carer", child=unlisted.child(), unlisted_behaviours=(UnlistedBehaviour("takes pants"),))
    assert [line.mark for line in compare(ruleset, unlisted, mine).behaviours] == ["✓ both"]


def test_the_calibration_pdf_has_the_shared_page_furniture(ruleset: RuleSet, library: Library) -> None:
    import io

    from pypdf import PdfReader

    from screening.documents.calibration import build_calibration_pdf
    from screening.texts import EMERGENCY_LINE

    after = [read_answers_file(p) for p in sorted((CALIBRATION / "after").glob("*.json"))]
    data = build_calibration_pdf(ruleset, calibration_report(ruleset, library, after), invariant=True)
    text = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]
    assert len(text) > 1
    for n, page in enumerate(text, start=1):
        assert f"Page {n} of {len(text)}" in page
        assert EMERGENCY_LINE in page and "Fictional cases only" in page
        assert ("DRAFT: not approved" in page) is (not ruleset.info.approved)
