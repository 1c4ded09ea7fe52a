"""A participant's training screening set beside the case's reference answer."""

from __future__ import annotations

from dataclasses import dataclass

from screening.engine.assess import assess
from screening.records.document import DECISIONS, Record
from screening.ruleset.model import RuleSet
from screening.training.scenarios import Scenario


@dataclass(frozen=True)
class Line:
    text: str
    yours: bool
    reference: bool

    @property
    def mark(self) -> str:
        """In words as well as a symbol, so it is never colour or shape alone."""
        if self.yours and self.reference:
            return "✓ both"
        return "only yours" if self.yours else "only the reference"


@dataclass(frozen=True)
class Comparison:
    behaviours: tuple[Line, ...]
    context: tuple[Line, ...]
    your_colour: str  # category id: your final colour, else the tool's suggestion for your answers; "" if none
    your_colour_is_final: bool
    tool_for_yours: str
    reference_colour: str
    tool_for_reference: str
    your_decision: str  # the words, "" if none
    reference_decision: str

    @property
    def same_colour(self) -> bool:
        return self.your_colour == self.reference_colour

    @property
    def same_decision(self) -> bool:
        return self.your_decision == self.reference_decision


def _lines(yours: list[tuple[str, str]], reference: list[tuple[str, str]]) -> tuple[Line, ...]:
    ref_ids = {i for i, _ in reference}
    your_ids = {i for i, _ in yours}
    out = [Line(text, True, key in ref_ids) for key, text in yours]
    out += [Line(text, False, True) for key, text in reference if key not in your_ids]
    return tuple(out)


def compare(ruleset: RuleSet, scenario: Scenario, record: Record) -> Comparison:
    ref = scenario.reference

    def behaviour(b: str) -> str:
        return ruleset.behaviour(b).text if ruleset.has("behaviour", b) else b

    def question(f: str) -> str:
        return ruleset.factor(f).question if ruleset.has("factor", f) else f

    yours_b = [(b.id, behaviour(b.id)) for b in record.behaviours]
    yours_b += [(f"unlisted:{u.description}", f"Not in the list: {u.description}") for u in record.unlisted_behaviours]
    ref_b = [(b, behaviour(b)) for b in ref.behaviours] + [(f"unlisted:{u}", f"Not in the list: {u}")
                                                            for u in ref.unlisted]
    # an unlisted behaviour is words, not an id: any of yours matches any of the reference's
    if record.unlisted_behaviours and ref.unlisted:
        ref_b = [(k if not k.startswith("unlisted:") else f"unlisted:{record.unlisted_behaviours[0].description}", t)
                 for k, t in ref_b]
    suggested = assess(ruleset, record).suggested
    tool_ref = assess(ruleset, scenario.reference_record(record.role)).suggested
    final = record.judgement.final_category
    return Comparison(
        behaviours=_lines(yours_b, ref_b),
        context=_lines([(f, question(f)) for f in record.context], [(f, question(f)) for f in ref.context]),
        your_colour=final or (suggested.id if suggested else ""),
        your_colour_is_final=bool(final),
        tool_for_yours=suggested.id if suggested else "",
        reference_colour=ref.category,
        tool_for_reference=tool_ref.id if tool_ref else "",
        your_decision=DECISIONS.get(record.judgement.decision, ""),
        reference_decision=DECISIONS[ref.decision],
    )
