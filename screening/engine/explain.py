"""Words for how a description was read and why a behaviour matched, shared by the app and the CLI."""

from __future__ import annotations

from screening.engine.cues import READ_LIMIT, Cue, Reading
from screening.engine.search import Hit
from screening.ruleset.model import RuleSet


def _quote(words: str) -> str:
    return "\u201c" + " ".join(words.split()) + "\u201d"


def cue_line(ruleset: RuleSet, cue: Cue) -> str:
    """One cue in words: what was written, which question it bears on, and whether it counts."""
    question = ruleset.factor(cue.factor).question if ruleset.has("factor", cue.factor) else cue.factor
    how = f" ({cue.why})" if cue.why else ""
    if cue.negated:
        return f"You wrote {_quote(cue.words)}{how}: read as a denial, so it is not proposed. Question: {question}"
    if cue.hedged:
        return (
            f"You wrote {_quote(cue.words)}{how}: read as unsure, so it is something to find out. "
            f"Question: {question}"
        )
    return f"You wrote {_quote(cue.words)}{how}: that bears on the question \u201c{question}\u201d"


def reading_lines(ruleset: RuleSet, reading: Reading) -> list[str]:
    """Every cue, one line each, first mention of each question and state first."""
    seen: set[tuple[str, str]] = set()
    lines = []
    if reading.truncated:
        lines.append(
            f"Only the first {READ_LIMIT:,} characters were read for the search and the questions; "
            "put the words that matter most at the start."
        )
    for cue in reading.cues:
        key = (cue.factor, cue.state)
        if key in seen:
            continue
        seen.add(key)
        lines.append(cue_line(ruleset, cue))
    return lines


def hit_reason(ruleset: RuleSet, hit: Hit) -> str:
    """Why a behaviour matched: the words, and the qualifiers that agreed or disagreed."""
    parts = []
    if hit.matched:
        parts.append("matched " + ", ".join(_quote(w) for w in hit.matched))
    for factor_id in hit.agrees:
        parts.append(f"it already describes: {_short(ruleset, factor_id)}")
    for factor_id in hit.contradicts:
        parts.append(f"ranked lower: it does not fit {_short(ruleset, factor_id)}")
    floors = {c.factor: c.search_floor for c in ruleset.cues if c.search_floor}
    for factor_id in hit.below:
        floor = floors.get(factor_id)
        label = ruleset.category(floor).label if floor and ruleset.has("category", floor) else "a higher colour"
        parts.append(f"ranked lower: the description bears on \u201c{_short(ruleset, factor_id)}\u201d, "
                     f"which calls for {label} or above")
    colour = colour_weight_reason(ruleset, hit)
    if colour:
        parts.append(colour)
    if hit.other_colour:
        parts.append("moved up to third: the two lines above are the same colour, and this is the closest line of "
                     "the next colour up or down, so that you can see where the boundary lies")
    return "; ".join(parts)


_NOTICEABLE = 0.05  # a colour weight under about 5% either way is not worth a reader's time
_MUCH = 0.3  # about a third higher or lower: said without "a little"


def colour_weight_reason(ruleset: RuleSet, hit: Hit) -> str:
    """How the rule set's colour weights placed this line, in words; '' when they hardly did."""
    if abs(hit.colour_weight) < _NOTICEABLE:
        return ""
    category = hit.behaviour.category
    label = ruleset.category(category).label if ruleset.has("category", category) else category
    up = hit.colour_weight > 0
    how = "a little " if abs(hit.colour_weight) < _MUCH else ""
    like = []
    if hit.colour_why:
        like.append("bearing on " + " and ".join("\u201c" + _short(ruleset, f) + "\u201d" for f in hit.colour_why[:2]))
    if hit.colour_words:
        like.append("words such as " + ", ".join(_quote(w) for w in hit.colour_words))
    weights = next((c for c in ruleset.ranking if c.category == category), None)
    if hit.no_context and not like and weights is not None and weights.no_context * hit.colour_weight > 0:
        like.append("naming no context such as force, secrecy or distress")
    this = f" ({'; '.join(like)})" if like else ""
    return (f"placed {how}{'higher' if up else 'lower'}: {label} was {'more' if up else 'less'} often right "
            f"in practitioners' descriptions like this one{this}")


def _short(ruleset: RuleSet, factor_id: str) -> str:
    """A factor's question, shortened to its first clause for a one-line reason."""
    if not ruleset.has("factor", factor_id):
        return factor_id
    question = ruleset.factor(factor_id).question.rstrip("?")
    return question.split(",")[0].lower()
