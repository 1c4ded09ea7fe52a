"""Which age band a child's screening uses: age on the date, developmental age, overlaps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from screening.records.document import Child
from screening.ruleset.model import AgeBand, RuleSet


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


def keep_band_if_it_fits(ruleset: RuleSet, child: Child, concern_date: dt.date | None) -> Child:
    """The child, with a band chosen earlier dropped when it no longer fits the age (never guessed)."""
    if child.band:
        choice = choose_band(ruleset, replace(child, band=""), concern_date)
        if child.band not in {b.id for b in choice.candidates}:
            return replace(child, band="")
    return child
