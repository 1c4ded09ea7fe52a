"""The assessment: a pure function from a rule set and a record to a suggestion with reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from screening.model import AgeBand, Behaviour, Category, Guidance, RuleSet
from screening.record import Child, Record, RecordIssue, completeness


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    """Age in whole years on a date (a birthday on 29 February counts from 1 March)."""
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


@dataclass(frozen=True)
class BandChoice:
    age: int | None  # age in whole years at the concern
    screening_age: int | None  # the age used to choose the band (developmental age if given)
    candidates: tuple[AgeBand, ...]  # every band that fits; several where bands overlap
    band: AgeBand | None
    needs_choice: bool  # bands overlap and the practitioner has not chosen
    notes: tuple[str, ...]  # in words, how the band was chosen


def child_age(child: Child, concern_date: dt.date | None, today: dt.date | None = None) -> int | None:
    if child.date_of_birth is not None:
        on = concern_date or today or dt.date.today()
        return max(age_on(child.date_of_birth, on), 0)
    return child.age_years


def choose_band(
    ruleset: RuleSet,
    child: Child,
    concern_date: dt.date | None,
    behaviour_bands: tuple[str, ...] = (),
    today: dt.date | None = None,
) -> BandChoice:
    notes: list[str] = []
    age = child_age(child, concern_date, today)
    screening_age = age
    if age is not None:
        how = "from the date of birth" if child.date_of_birth is not None else "as given"
        notes.append(f"Age at the time of the behaviour: {age} ({how}).")
    if child.developmental_age_years is not None:
        screening_age = child.developmental_age_years
        reason = child.developmental_age_reason.strip() or "no reason recorded"
        notes.append(f"Developmental age {screening_age} is used to choose the band instead ({reason}).")
    elif child.learning_disability and age is not None:
        notes.append(
            "A learning disability or developmental delay is recorded but no developmental age; "
            "consider giving one, because the band follows it."
        )

    if screening_age is None:
        candidates: tuple[AgeBand, ...] = ()
    else:
        candidates = ruleset.bands_for_age(screening_age)
        if not candidates:
            oldest = max(ruleset.age_bands, key=lambda b: b.max_age)
            youngest = min(ruleset.age_bands, key=lambda b: b.min_age)
            nearest = oldest if screening_age > oldest.max_age else youngest
            candidates = (nearest,)
            notes.append(
                f"No band covers age {screening_age}; the nearest band, {nearest.label}, is used. "
                + (nearest.note if nearest.note else "")
            )

    chosen = ruleset.band(child.band) if child.band and ruleset.has("band", child.band) else None
    if child.band and chosen is None:
        notes.append(f"The band '{child.band}' saved with the record is not in this rule set.")
    if chosen is not None:
        if candidates and chosen not in candidates:
            notes.append(f"The band {chosen.label} was chosen by the practitioner, although it does not fit the age.")
        elif len(candidates) > 1:
            notes.append(f"Age {screening_age} fits more than one band; the practitioner chose {chosen.label}.")
        return BandChoice(age, screening_age, candidates, chosen, False, tuple(notes))

    if len(candidates) == 1:
        return BandChoice(age, screening_age, candidates, candidates[0], False, tuple(notes))
    if not candidates:
        from_behaviours = set(behaviour_bands)
        if len(from_behaviours) == 1 and ruleset.has("band", next(iter(from_behaviours))):
            band = ruleset.band(next(iter(from_behaviours)))
            notes.append(f"No age was given; the band {band.label} of the chosen behaviours is used.")
            return BandChoice(age, screening_age, (), band, False, tuple(notes))
        notes.append("No age was given, so no band could be chosen.")
        return BandChoice(age, screening_age, (), None, True, tuple(notes))
    labels = " and ".join(b.label for b in candidates)
    matching = [b for b in candidates if behaviour_bands and all(x == b.id for x in behaviour_bands)]
    band = matching[0] if matching else candidates[0]
    why = "the chosen behaviours belong to it" if matching else "it is the first that fits"
    notes.append(
        f"Age {screening_age} fits {labels}. No band was chosen, so {band.label} is used because {why}; "
        "choose a band to change this."
    )
    return BandChoice(age, screening_age, candidates, band, True, tuple(notes))


@dataclass(frozen=True)
class TraceStep:
    kind: str  # age | behaviour | unlisted | factor | result | warning
    text: str
    category: str | None = None  # the category this step points to, if any
    decisive: bool = False  # this step set the suggestion


@dataclass(frozen=True)
class Assessment:
    suggested: Category | None
    band_choice: BandChoice
    trace: tuple[TraceStep, ...]
    guidance: Guidance | None
    role: str
    behaviours: tuple[Behaviour, ...]
    warnings: tuple[str, ...]

    @property
    def band(self) -> AgeBand | None:
        return self.band_choice.band

    def trace_lines(self) -> list[str]:
        return [step.text for step in self.trace]


def assess(ruleset: RuleSet, record: Record, today: dt.date | None = None) -> Assessment:
    """Suggest a category: the highest selected behaviour, raised (never lowered) by the context."""
    warnings: list[str] = []
    behaviours = []
    for selected in record.behaviours:
        if ruleset.has("behaviour", selected.id):
            behaviours.append(ruleset.behaviour(selected.id))
        else:
            warnings.append(
                f"The behaviour '{selected.id}' is not in this rule set; the record may have been made "
                "with a different rule set."
            )
    factors = []
    for factor_id in record.context:
        if ruleset.has("factor", factor_id):
            factors.append(ruleset.factor(factor_id))
        else:
            warnings.append(f"The context question '{factor_id}' is not in this rule set.")

    choice = choose_band(ruleset, record.child, record.concern_date, tuple(b.band for b in behaviours), today)
    steps = [TraceStep("age", note) for note in choice.notes]
    for behaviour in behaviours:
        if choice.band is not None and behaviour.band != choice.band.id:
            warnings.append(
                f"'{behaviour.text}' is listed for {ruleset.band(behaviour.band).label}, not for the band "
                f"used ({choice.band.label})."
            )

    categories = ruleset.categories
    level: int | None = None
    setter: int | None = None  # index in steps of the step that set the current level
    for behaviour in behaviours:
        category = ruleset.category(behaviour.category)
        steps.append(
            TraceStep(
                "behaviour",
                f"Behaviour: {behaviour.text} This is {category.label} for "
                f"{ruleset.band(behaviour.band).label}.",
                category.id,
            )
        )
        if level is None or category.level > level:
            level, setter = category.level, len(steps) - 1
    for unlisted in record.unlisted_behaviours:
        if behaviours:
            text = (
                f"Also described, not in the list: \"{unlisted.description}\". The tool does not rate it; "
                "weigh it in your own judgement."
            )
        else:
            text = (
                f"Not in the list: \"{unlisted.description}\". The tool cannot rate a behaviour it does not "
                f"list, so it starts at {categories[0].label} and the context answers decide. Your own "
                "judgement of the behaviour matters most."
            )
        steps.append(TraceStep("unlisted", text))
    if level is None and record.unlisted_behaviours:
        level, setter = 0, len(steps) - 1

    if level is None:
        steps.append(TraceStep("result", "No behaviour has been chosen or described yet, so there is no suggestion."))
        return Assessment(None, choice, tuple(steps), None, record.role, tuple(behaviours), tuple(warnings))

    start = level
    for factor in factors:
        effect = factor.effect
        if effect.at_least is not None:
            target = ruleset.category(effect.at_least).level
        else:
            target = min(start + effect.raise_by, len(categories) - 1)
        result = categories[max(target, start)]
        already = (
            f" The category is already {categories[level].label} from an earlier step."
            if level > max(target, start)
            else ""
        )
        steps.append(
            TraceStep(
                "factor",
                f"Context: {factor.question} Yes: this {effect.describe(ruleset)}, "
                f"which gives {result.label}.{already}",
                result.id,
            )
        )
        if target > level:
            level, setter = target, len(steps) - 1

    suggested = categories[level]
    assert setter is not None
    steps[setter] = TraceStep(steps[setter].kind, steps[setter].text, steps[setter].category, True)
    how = steps[setter].kind
    cause = {"behaviour": "the highest behaviour", "factor": "a context answer", "unlisted": "the starting point"}[how]
    steps.append(
        TraceStep(
            "result",
            f"Suggested category: {suggested.label}, set by {cause}. Context answers can raise the "
            "category but never lower it.",
            suggested.id,
        )
    )
    guidance = suggested.guidance.get(record.role)
    if guidance is None:
        warnings.append(f"The role '{record.role}' has no guidance in this rule set.")
    for warning in warnings:
        steps.append(TraceStep("warning", f"Note: {warning}"))
    return Assessment(suggested, choice, tuple(steps), guidance, record.role, tuple(behaviours), tuple(warnings))


def finalise_issues(ruleset: RuleSet, record: Record) -> list[RecordIssue]:
    """Everything to fill in or put right before finalising, including what needs the rule set."""
    assessment = assess(ruleset, record)
    return completeness(
        record,
        suggested_category=assessment.suggested.id if assessment.suggested else None,
        band_needs_choice=assessment.band_choice.needs_choice,
    )
