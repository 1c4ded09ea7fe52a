"""The engine: ages, bands, and the suggestion with its reasons."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.engine import Assessment, age_on, assess, child_age, choose_band
from screening.records.document import Child, Record, SelectedBehaviour, UnlistedBehaviour
from screening.ruleset.model import RuleSet


def record(
    *behaviours: str,
    context: tuple[str, ...] = (),
    role: str = "teacher",
    age: int | None = 5,
    unlisted: tuple[str, ...] = (),
    child: Child | None = None,
) -> Record:
    return Record(
        role=role,
        child=child if child is not None else Child(age_years=age),
        behaviours=tuple(SelectedBehaviour(b) for b in behaviours),
        unlisted_behaviours=tuple(UnlistedBehaviour(u) for u in unlisted),
        context=context,
    )


def suggested(result: Assessment) -> str | None:
    return result.suggested.id if result.suggested is not None else None


def decisive(result: Assessment) -> list[tuple[str, str]]:
    return [(step.kind, step.text) for step in result.trace if step.decisive]


# ------------------------------------------------------------------ age_on


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        ("2015-06-10", "2023-06-09", 7),  # the day before the birthday
        ("2015-06-10", "2023-06-10", 8),  # the birthday
        ("2015-06-10", "2023-06-11", 8),
        ("2015-06-10", "2015-06-10", 0),
        ("2010-12-31", "2011-01-01", 0),
        ("2010-12-31", "2011-12-30", 0),
        ("2010-12-31", "2011-12-31", 1),
        ("2016-02-29", "2017-02-28", 0),  # born on 29 February: the birthday counts from 1 March
        ("2016-02-29", "2017-03-01", 1),
        ("2016-02-29", "2019-02-28", 2),
        ("2016-02-29", "2020-02-28", 3),
        ("2016-02-29", "2020-02-29", 4),  # a leap year has the real birthday
        ("2012-03-01", "2016-02-29", 3),
        ("2012-03-01", "2016-03-01", 4),
    ],
)
def test_age_on(born: str, on: str, age: int) -> None:
    assert age_on(dt.date.fromisoformat(born), dt.date.fromisoformat(on)) == age


def _reference_age(born: dt.date, on: dt.date) -> int:
    try:
        birthday = born.replace(year=on.year)
    except ValueError:  # 29 February in a year without one
        birthday = dt.date(on.year, 3, 1)
    return on.year - born.year - (1 if on < birthday else 0)


@settings(max_examples=300, deadline=10_000)  # catches a hang, not a busy machine
@given(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)), st.integers(0, 30 * 366))
def test_age_on_counts_whole_years(born: dt.date, days: int) -> None:
    on = born + dt.timedelta(days=days)
    age = age_on(born, on)
    assert age == _reference_age(born, on)
    assert 0 <= age <= days // 365
    assert age_on(born, on + dt.timedelta(days=1)) in (age, age + 1)


def test_child_age_uses_the_date_of_birth_on_the_concern_date() -> None:
    child = Child(date_of_birth=dt.date(2015, 6, 10), age_years=3)
    assert child_age(child, dt.date(2023, 6, 9)) == 7
    assert child_age(child, None, today=dt.date(2024, 1, 1)) == 8
    # a date of birth after the concern (a typing slip) never gives a negative age
    assert child_age(child, dt.date(2014, 1, 1)) == 0
    assert child_age(Child(age_years=11), dt.date(2023, 1, 1)) == 11
    assert child_age(Child(), None) is None


# ------------------------------------------------------------------ choose_band


def test_one_band_fits(mini: RuleSet) -> None:
    choice = choose_band(mini, Child(age_years=5), None)
    assert choice.band is not None and choice.band.id == "0-9"
    assert [b.id for b in choice.candidates] == ["0-9"]
    assert not choice.needs_choice
    assert (choice.age, choice.screening_age) == (5, 5)
    assert any("Age at the time of the behaviour: 5 (as given)" in n for n in choice.notes)


def test_the_date_of_birth_gives_the_age(mini: RuleSet) -> None:
    choice = choose_band(mini, Child(date_of_birth=dt.date(2012, 6, 10)), dt.date(2022, 6, 9))
    assert choice.age == 9
    assert any("from the date of birth" in n for n in choice.notes)


def test_overlapping_bands_need_a_choice_and_say_so(mini: RuleSet) -> None:
    choice = choose_band(mini, Child(age_years=9), None)
    assert [b.id for b in choice.candidates] == ["0-9", "9-17"]
    assert choice.needs_choice
    assert choice.band is not None  # a provisional band, said in the notes
    note = " ".join(choice.notes)
    assert "Age 9 fits 0 to 9 years and 9 to 17 years" in note
    assert f"{choice.band.label} is used because it is the first that fits" in note
    assert "choose a band" in note


def test_overlap_follows_the_chosen_behaviours_but_still_asks(mini: RuleSet) -> None:
    choice = choose_band(mini, Child(age_years=9), None, behaviour_bands=("9-17",))
    assert choice.band is not None and choice.band.id == "9-17"
    assert choice.needs_choice
    assert any("the chosen behaviours belong to it" in n for n in choice.notes)


def test_an_explicit_choice_is_respected(mini: RuleSet) -> None:
    choice = choose_band(mini, Child(age_years=9, band="9-17"), None, behaviour_bands=("0-9",))
    assert choice.band is not None and choice.band.id == "9-17"
    assert not choice.needs_choice
    assert [b.id for b in choice.candidates] == ["0-9", "9-17"]
    assert any("the practitioner chose 9 to 17 years" in n for n in choice.notes)


def test_an_explicit_choice_that_does_not_fit_the_age_is_kept_and_noted(mini: RuleSet) -> None:
    choice = choose_band(mini, Child(age_years=4, band="9-17"), None)
    assert choice.band is not None and choice.band.id == "9-17"
    assert any("does not fit the age" in n for n in choice.notes)


def test_a_saved_band_missing_from_the_rule_set_is_noted(mini: RuleSet) -> None:
    choice = choose_band(mini, Child(age_years=4, band="gone"), None)
    assert choice.band is not None and choice.band.id == "0-9"
    assert any("'gone' saved with the record is not in this rule set" in n for n in choice.notes)


def test_developmental_age_chooses_the_band_with_its_reason(mini: RuleSet) -> None:
    child = Child(
        age_years=14,
        learning_disability=True,
        developmental_age_years=6,
        developmental_age_reason="assessed by the educational psychologist",
    )
    choice = choose_band(mini, child, None)
    assert (choice.age, choice.screening_age) == (14, 6)
    assert choice.band is not None and choice.band.id == "0-9"
    assert not choice.needs_choice
    assert any(
        "Developmental age 6 is used to choose the band instead (assessed by the educational psychologist)" in n
        for n in choice.notes
    )


def test_developmental_age_without_a_reason_says_so(mini: RuleSet) -> None:
    choice = choose_band(mini, Child(age_years=14, developmental_age_years=6), None)
    assert any("(no reason recorded)" in n for n in choice.notes)


def test_a_learning_disability_without_a_developmental_age_is_noted(mini: RuleSet) -> None:
    choice = choose_band(mini, Child(age_years=14, learning_disability=True), None)
    assert choice.band is not None and choice.band.id == "9-17"
    assert any("no developmental age" in n for n in choice.notes)


def test_an_age_above_every_band_uses_the_nearest_band_with_a_note(mini: RuleSet) -> None:
    choice = choose_band(mini, Child(age_years=21), None)
    assert choice.band is not None and choice.band.id == "9-17"
    assert not choice.needs_choice
    note = " ".join(choice.notes)
    assert "No band covers age 21; the nearest band, 9 to 17 years, is used." in note
    assert mini.band("9-17").note in note


def test_without_an_age_the_band_comes_from_the_behaviours(mini: RuleSet) -> None:
    choice = choose_band(mini, Child(), None, behaviour_bands=("9-17", "9-17"))
    assert choice.band is not None and choice.band.id == "9-17"
    assert choice.age is None and choice.candidates == ()
    assert any("No age was given; the band 9 to 17 years of the chosen behaviours is used." in n for n in choice.notes)


def test_without_an_age_or_behaviours_there_is_no_band(mini: RuleSet) -> None:
    for bands in ((), ("0-9", "9-17")):
        choice = choose_band(mini, Child(), None, behaviour_bands=bands)
        assert choice.band is None
        assert choice.needs_choice
        assert any("no band could be chosen" in n for n in choice.notes)


# ------------------------------------------------------------------ assess


def test_the_highest_behaviour_wins(engine_rules: RuleSet) -> None:
    result = assess(engine_rules, record("y0-touches-own-genitals", "y0-forces-touching", "y0-copies-sex-acts"))
    assert suggested(result) == "red"
    assert decisive(result) == [
        ("behaviour", next(s.text for s in result.trace if "Forces or tricks" in s.text))
    ]
    assert [s.category for s in result.trace if s.kind == "behaviour"] == ["green", "red", "amber"]
    assert "set by the highest behaviour" in result.trace[-1].text


def test_a_context_raise_moves_up_one_step(engine_rules: RuleSet) -> None:
    result = assess(engine_rules, record("y0-copies-sex-acts", context=("secrecy",)))
    assert suggested(result) == "red"
    assert [kind for kind, _ in decisive(result)] == ["factor"]
    assert "Was a child told to keep it secret?" in decisive(result)[0][1]
    assert "raises the category by one step, which gives RED" in decisive(result)[0][1]
    assert "set by a context answer" in next(s.text for s in result.trace if s.kind == "result")


def test_at_least_sets_a_floor(engine_rules: RuleSet) -> None:
    assert suggested(assess(engine_rules, record("y0-touches-own-genitals", context=("force",)))) == "red"
    assert suggested(assess(engine_rules, record("y0-touches-own-genitals", context=("online",)))) == "amber"
    assert suggested(assess(engine_rules, record("y0-copies-sex-acts", context=("online",)))) == "amber"


def test_context_never_lowers(engine_rules: RuleSet) -> None:
    # a factor whose floor is GREEN on a RED behaviour stays RED, and says so
    result = assess(engine_rules, record("y0-forces-touching", context=("reported",)))
    assert suggested(result) == "red"
    assert [kind for kind, _ in decisive(result)] == ["behaviour"]
    factor_step = next(s for s in result.trace if s.kind == "factor")
    assert "RED is already the highest colour, so this answer cannot raise it" in factor_step.text
    assert factor_step.category == "red"
    # at_least amber on RED stays RED; a raise on RED stays at the top
    on_top = assess(engine_rules, record("y0-forces-touching", context=("online", "secrecy")))
    assert suggested(on_top) == "red"
    combined = [s.text for s in on_top.trace if s.kind == "combined"]
    assert all("already RED, the highest colour" in text for text in combined)
    assert suggested(assess(engine_rules, record("y0-copies-sex-acts", context=("reported",)))) == "amber"


def test_raises_do_not_add_up(engine_rules: RuleSet) -> None:
    result = assess(engine_rules, record("y0-touches-own-genitals", context=("secrecy", "persistence")))
    assert suggested(result) == "amber"
    steps = [s for s in result.trace if s.kind == "factor"]
    assert [s.category for s in steps] == ["amber", "amber"]
    # the first factor that reached AMBER is the one that set it
    assert decisive(result) == [("factor", steps[0].text)]


def test_a_bigger_raise_stops_at_the_top(engine_rules: RuleSet) -> None:
    assert suggested(assess(engine_rules, record("y0-touches-own-genitals", context=("big-difference",)))) == "red"
    assert suggested(assess(engine_rules, record("y0-copies-sex-acts", context=("big-difference",)))) == "red"


def test_an_unlisted_behaviour_alone_starts_at_the_lowest_category(engine_rules: RuleSet) -> None:
    result = assess(engine_rules, record(unlisted=("Draws pictures of private parts on the wall",)))
    assert suggested(result) == "green"
    unlisted = next(s for s in result.trace if s.kind == "unlisted")
    assert '"Draws pictures of private parts on the wall"' in unlisted.text
    assert "starts at GREEN and the context answers decide" in unlisted.text
    assert unlisted.decisive
    raised = assess(engine_rules, record(unlisted=("Something else",), context=("force",)))
    assert suggested(raised) == "red"
    assert [kind for kind, _ in decisive(raised)] == ["factor"]


def test_an_unlisted_behaviour_next_to_a_listed_one_is_left_to_judgement(engine_rules: RuleSet) -> None:
    result = assess(engine_rules, record("y0-copies-sex-acts", unlisted=("Something else",)))
    assert suggested(result) == "amber"
    unlisted = next(s for s in result.trace if s.kind == "unlisted")
    assert "The tool does not rate it" in unlisted.text
    assert not unlisted.decisive


def test_nothing_chosen_gives_no_suggestion(engine_rules: RuleSet) -> None:
    result = assess(engine_rules, record(context=("force",)))
    assert result.suggested is None and result.guidance is None
    assert "No behaviour has been chosen" in result.trace[-1].text
    assert not any(s.decisive for s in result.trace)


def test_unknown_ids_give_warnings_not_crashes(engine_rules: RuleSet) -> None:
    result = assess(engine_rules, record("y0-copies-sex-acts", "no-such-behaviour", context=("no-such-factor",)))
    assert suggested(result) == "amber"
    assert any("'no-such-behaviour' is not in this rule set" in w.text for w in result.warnings)
    assert any("'no-such-factor' is not in this rule set" in w.text for w in result.warnings)
    assert [b.id for b in result.behaviours] == ["y0-copies-sex-acts"]
    assert [s.kind for s in result.trace].count("warning") == 2
    only_unknown = assess(engine_rules, record("no-such-behaviour"))
    assert only_unknown.suggested is None
    assert len(only_unknown.warnings) == 1


def test_a_behaviour_from_another_band_is_warned_about(engine_rules: RuleSet) -> None:
    result = assess(engine_rules, record("y9-shares-nudes", age=5))
    assert suggested(result) == "amber"
    assert result.band is not None and result.band.id == "0-9"
    assert any("is listed for 9 to 17 years, not for the band used (0 to 9 years)" in w.text for w in result.warnings)


def test_exactly_one_step_is_decisive(engine_rules: RuleSet) -> None:
    for behaviours, context in [
        (("y0-touches-own-genitals", "y0-plays-doctors"), ()),
        (("y0-copies-sex-acts",), ("secrecy", "force", "online")),
        (("y0-forces-touching",), ("force",)),
    ]:
        result = assess(engine_rules, record(*behaviours, context=context))
        assert len(decisive(result)) == 1, result.trace_lines()
    # two behaviours of the same level: the first one written set it
    result = assess(engine_rules, record("y0-touches-own-genitals", "y0-plays-doctors"))
    assert "Touches or rubs" in decisive(result)[0][1]
    # a factor that only equals the level does not take the credit
    result = assess(engine_rules, record("y0-forces-touching", context=("force",)))
    assert [kind for kind, _ in decisive(result)] == ["behaviour"]


@pytest.mark.parametrize("role", ["teacher", "foster_carer"])
def test_guidance_is_for_the_record_role(engine_rules: RuleSet, role: str) -> None:
    result = assess(engine_rules, record("y0-copies-sex-acts", role=role))
    assert result.role == role
    assert result.guidance == engine_rules.category("amber").guidance[role]
    other = "foster_carer" if role == "teacher" else "teacher"
    assert result.guidance != engine_rules.category("amber").guidance[other]


def test_a_role_without_guidance_is_warned_about(engine_rules: RuleSet) -> None:
    result = assess(engine_rules, record("y0-copies-sex-acts", role="astronaut"))
    assert result.guidance is None
    assert any("'astronaut' has no guidance" in w.text for w in result.warnings)
    assert [w.kind for w in result.warnings if "astronaut" in w.text] == ["no_guidance"]


def test_the_trace_says_it_in_words(engine_rules: RuleSet) -> None:
    result = assess(engine_rules, record("y0-copies-sex-acts", context=("secrecy",)))
    lines = result.trace_lines()
    assert any(line.startswith("Age at the time of the behaviour: 5") for line in lines)
    assert any("Copies adult sexual acts" in line and "This is AMBER for 0 to 9 years." in line for line in lines)
    assert lines[-1].startswith("Suggested category: RED")


def test_assess_is_pure(engine_rules: RuleSet) -> None:
    rec = record("y0-copies-sex-acts", context=("secrecy",), child=Child(date_of_birth=dt.date(2018, 1, 1)))
    today = dt.date(2024, 5, 5)
    first = assess(engine_rules, rec, today=today)
    assert assess(engine_rules, rec, today=today) == first
    assert first.band_choice.age == 6


# ------------------------------------------------------------------ properties


def _expected_level(ruleset: RuleSet, behaviours: list[str], factors: list[str]) -> int:
    top = len(ruleset.categories) - 1
    start = max(ruleset.category(ruleset.behaviour(b).category).level for b in behaviours)
    level = start
    for factor_id in factors:
        effect = ruleset.factor(factor_id).effect
        if effect.at_least is not None:
            level = max(level, ruleset.category(effect.at_least).level)
        else:
            level = max(level, min(start + effect.raise_by, top))
    return level


@pytest.mark.parametrize("which", ["mini", "core-engine"])
def test_suggestion_properties(which: str, mini: RuleSet, engine_rules: RuleSet) -> None:
    ruleset = mini if which == "mini" else engine_rules
    behaviour_ids = [b.id for b in ruleset.behaviours]
    factor_ids = [f.id for f in ruleset.context_factors]

    @settings(max_examples=200, deadline=10_000)  # catches a hang, not a busy machine
    @given(
        st.lists(st.sampled_from(behaviour_ids), min_size=1, max_size=5),
        st.lists(st.sampled_from(factor_ids), max_size=6),
        st.sampled_from(factor_ids),
        st.sampled_from(["teacher", "foster_carer"]),
        st.one_of(st.none(), st.integers(0, 25)),
    )
    def check(behaviours: list[str], factors: list[str], extra: str, role: str, age: int | None) -> None:
        result = assess(ruleset, record(*behaviours, context=tuple(factors), role=role, age=age))
        assert result.suggested is not None
        level = result.suggested.level
        assert level >= max(ruleset.category(ruleset.behaviour(b).category).level for b in behaviours)
        for factor_id in factors:
            at_least = ruleset.factor(factor_id).effect.at_least
            if at_least is not None:
                assert level >= ruleset.category(at_least).level
        assert level == _expected_level(ruleset, behaviours, factors)
        assert result.guidance == result.suggested.guidance[role]
        assert sum(step.decisive for step in result.trace) == 1
        # adding a factor never lowers the result, wherever it goes
        for position in (0, len(factors)):
            more = [*factors[:position], extra, *factors[position:]]
            bigger = assess(ruleset, record(*behaviours, context=tuple(more), role=role, age=age))
            assert bigger.suggested is not None and bigger.suggested.level >= level
        # and neither does adding a behaviour
        plus = assess(ruleset, record(*behaviours, behaviours[0], context=tuple(factors), role=role, age=age))
        assert plus.suggested is not None and plus.suggested.level >= level

    check()


@settings(max_examples=100, deadline=10_000)  # catches a hang, not a busy machine
@given(st.lists(st.sampled_from(["force", "secrecy", "persistence", "big-difference", "online", "reported"])))
def test_unlisted_only_follows_the_context(engine_rules: RuleSet, factors: list[str]) -> None:
    result = assess(engine_rules, record(unlisted=("described in words",), context=tuple(factors)))
    assert result.suggested is not None
    levels = [0]  # the lowest category is the start
    for factor_id in factors:
        effect = engine_rules.factor(factor_id).effect
        if effect.at_least is not None:
            levels.append(engine_rules.category(effect.at_least).level)
        else:
            levels.append(min(effect.raise_by, len(engine_rules.categories) - 1))
    assert result.suggested.level == max(levels)
