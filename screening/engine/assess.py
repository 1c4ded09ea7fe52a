"""The assessment: a pure function from a rule set and a record to a suggestion with reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from screening.engine.bands import BandChoice, choose_band
from screening.records.document import Record, RecordIssue, completeness
from screening.ruleset.model import AgeBand, Behaviour, Category, Guidance, RuleSet


@dataclass(frozen=True)
class TraceStep:
    kind: str  # age | behaviour | unlisted | factor | combined | unknown | result | warning
    text: str
    category: str | None = None  # the category this step points to, if any
    decisive: bool = False  # this step set the suggestion


@dataclass(frozen=True)
class EngineWarning:
    """Something about the record the rule set cannot place, typed so callers never match its words."""

    kind: str  # one of WARNING_KINDS
    text: str

    def __str__(self) -> str:
        return self.text


UNKNOWN_BEHAVIOUR = "unknown_behaviour"
UNKNOWN_FACTOR = "unknown_factor"
OTHER_BAND = "other_band"
NO_GUIDANCE = "no_guidance"
WARNING_KINDS = (UNKNOWN_BEHAVIOUR, UNKNOWN_FACTOR, OTHER_BAND, NO_GUIDANCE)


@dataclass(frozen=True)
class Assessment:
    suggested: Category | None
    band_choice: BandChoice
    trace: tuple[TraceStep, ...]
    guidance: Guidance | None
    role: str
    behaviours: tuple[Behaviour, ...]
    warnings: tuple[EngineWarning, ...]

    @property
    def band(self) -> AgeBand | None:
        return self.band_choice.band

    def trace_lines(self) -> list[str]:
        return [step.text for step in self.trace]


def assess(ruleset: RuleSet, record: Record, today: dt.date | None = None) -> Assessment:
    """Suggest a category: the highest selected behaviour, raised (never lowered) by the context."""
    warnings: list[EngineWarning] = []
    behaviours = []
    for selected in record.behaviours:
        if ruleset.has("behaviour", selected.id):
            behaviours.append(ruleset.behaviour(selected.id))
        else:
            warnings.append(EngineWarning(
                UNKNOWN_BEHAVIOUR,
                f"The behaviour '{selected.id}' is not in this rule set; the record may have been made "
                "with a different rule set.",
            ))
    factors = []
    for factor_id in record.context:
        if ruleset.has("factor", factor_id):
            factors.append(ruleset.factor(factor_id))
        else:
            text = f"The context question '{factor_id}' is not in this rule set."
            warnings.append(EngineWarning(UNKNOWN_FACTOR, text))

    choice = choose_band(ruleset, record.child, record.concern_date, tuple(b.band for b in behaviours), today)
    steps = [TraceStep("age", note) for note in choice.notes]
    for behaviour in behaviours:
        if choice.band is not None and behaviour.band != choice.band.id:
            warnings.append(EngineWarning(
                OTHER_BAND,
                f"'{behaviour.text}' is listed for {ruleset.band(behaviour.band).label}, not for the band "
                f"used ({choice.band.label}).",
            ))

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
    top = len(categories) - 1
    embodied: dict[str, Behaviour] = {}
    for behaviour in behaviours:
        for factor_id in ruleset.qualifiers_of(behaviour.id).embodies:
            embodied.setdefault(factor_id, behaviour)
    floor_level, floor_step = start, setter  # the highest "at least" reached so far, and its step
    raises: list[tuple[int, int]] = []  # (steps, index of its trace step)
    for factor in factors:
        effect = factor.effect
        if factor.id in embodied:
            steps.append(
                TraceStep(
                    "factor",
                    f"Context: {factor.question} Yes, but the behaviour chosen (\"{embodied[factor.id].text}\") "
                    "already describes this, so it is not counted again.",
                )
            )
            continue
        if effect.at_least is not None:
            target = ruleset.category(effect.at_least).level
        else:
            target = min(start + effect.raise_by, top)
        result = categories[max(target, start)]
        already = (
            f" The category is already {categories[floor_level].label} from an earlier step."
            if floor_level > max(target, start)
            else ""
        )
        if start == top:  # nothing can raise the highest colour: say so rather than "raises ... gives RED"
            said = (f"Context: {factor.question} Yes. {categories[top].label} is already the highest colour, "
                    "so this answer cannot raise it; it is recorded, and it matters for what you do next.")
        else:
            said = (f"Context: {factor.question} Yes: this {effect.describe(ruleset)}, which gives "
                    f"{result.label}.{already}")
        steps.append(TraceStep("factor", said, result.id))
        if effect.at_least is not None:
            if target > floor_level:
                floor_level, floor_step = target, len(steps) - 1
        else:
            raises.append((effect.raise_by, len(steps) - 1))
    level, setter = floor_level, floor_step
    if raises:
        combination = ruleset.combination
        largest = max(raises, key=lambda r: r[0])
        if combination.raises == "add":
            raised = start + sum(r[0] for r in raises)
        else:
            raised = start + largest[0]
            if combination.extra_step_after is not None and len(raises) >= combination.extra_step_after:
                raised += 1
        raised = min(raised, top)
        count = len(raises)
        combined_text = (
            f"How the answers combine: {count} answer{'s' if count != 1 else ''} raise{'' if count != 1 else 's'} "
            f"the category. In this rule set {combination.describe()}, so from {categories[start].label} "
            f"the raises give {categories[max(raised, start)].label}."
        )
        if start == top:
            combined_text = (
                f"How the answers combine: the behaviour is already {categories[top].label}, the highest colour, "
                f"so {'the answer' if count == 1 else f'the {count} answers'} that would raise it cannot raise it "
                "further."
            )
        if level > raised:
            combined_text += f" An answer that sets a minimum already gives {categories[level].label}."
        steps.append(TraceStep("combined", combined_text, categories[max(raised, start)].id))
        if raised > level:
            single = count == 1 or (combination.raises == "highest" and raised == start + largest[0])
            level, setter = raised, (largest[1] if single else len(steps) - 1)
    for factor_id in record.context_unknown:
        if not ruleset.has("factor", factor_id):
            continue
        factor = ruleset.factor(factor_id)
        steps.append(
            TraceStep(
                "unknown",
                f"Not known yet: {factor.question} This is information still to gather; it is not treated "
                f"as no. If the answer is yes, this {factor.effect.describe(ruleset)}.",
            )
        )

    suggested = categories[level]
    assert setter is not None
    steps[setter] = TraceStep(steps[setter].kind, steps[setter].text, steps[setter].category, True)
    how = steps[setter].kind
    cause = {
        "behaviour": "the highest behaviour",
        "factor": "a context answer",
        "combined": "the context answers together",
        "unlisted": "the starting point",
    }[how]
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
        warnings.append(EngineWarning(NO_GUIDANCE, f"The role '{record.role}' has no guidance in this rule set."))
    for warning in warnings:
        steps.append(TraceStep("warning", f"Note: {warning.text}"))
    return Assessment(suggested, choice, tuple(steps), guidance, record.role, tuple(behaviours), tuple(warnings))


def finalise_issues(ruleset: RuleSet, record: Record) -> list[RecordIssue]:
    """Everything to fill in or put right before finalising, including what needs the rule set."""
    assessment = assess(ruleset, record)
    return completeness(
        record,
        suggested_category=assessment.suggested.id if assessment.suggested else None,
        band_needs_choice=assessment.band_choice.needs_choice,
        scale=tuple(c.id for c in sorted(ruleset.categories, key=lambda c: c.level)),
        labels={c.id: c.label for c in ruleset.categories},
    )


def decision_reason_needed(ruleset: RuleSet, record: Record) -> bool:
    """Whether the decisions sit below the category's guidance, so their reason must be recorded."""
    from screening.records.checks import concern_level, needs_decision_reason

    scale = tuple(c.id for c in sorted(ruleset.categories, key=lambda c: c.level))
    suggested = assess(ruleset, record).suggested
    level = concern_level(scale, suggested.id if suggested else None, record.judgement.final_category)
    return needs_decision_reason(record.judgement.decisions, level, scale)
