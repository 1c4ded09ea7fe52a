"""A quick screening from a description: the best behaviours, the cues read, and the colour the
record would get if the top behaviour were chosen and the affirmed cues confirmed.

Nothing here decides: it is what ``screening screen`` prints and what ``make eval`` measures.
Denied and doubted cues are listed but never count.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.engine.assess import Assessment, assess
from screening.engine.search import Found, index_for
from screening.records.document import Child, Record, SelectedBehaviour
from screening.ruleset.model import RuleSet


@dataclass(frozen=True)
class Screen:
    band: str | None
    found: Found
    assessment: Assessment | None  # None when nothing matched


def screen(ruleset: RuleSet, text: str, age: int, role: str | None = None, limit: int = 5) -> Screen:
    bands = ruleset.bands_for_age(age)
    found = index_for(ruleset).find(text, [b.id for b in bands], limit, age)
    # where bands overlap, the band of the best behaviour is the one used
    band = found.hits[0].behaviour.band if found.hits else (bands[0].id if len(bands) == 1 else None)
    role = role or (ruleset.roles[0].id if ruleset.roles else "")
    if not found.hits:
        return Screen(band, found, None)
    top = found.hits[0].behaviour
    factors = tuple(f for f in found.reading.affirmed() if ruleset.has("factor", f))
    record = Record(
        role=role,
        child=Child(age_years=age, band=band if len(bands) > 1 and band else ""),
        behaviours=(SelectedBehaviour(top.id),),
        context=factors,
    )
    return Screen(band, found, assess(ruleset, record))
