"""The rule set: immutable dataclasses built by the loader from YAML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class RuleSetInfo:
    id: str
    title: str
    version: str
    status: str  # draft | approved
    publisher: str
    approved_by: str
    review_date: dt.date
    licence: str
    sources: tuple[Source, ...]
    description: str = ""
    approved_on: dt.date | None = None

    @property
    def approved(self) -> bool:
        return self.status == "approved"


@dataclass(frozen=True)
class Role:
    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Guidance:
    summary: str
    steps: tuple[str, ...]
    avoid: tuple[str, ...]


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    colour: str
    meaning: str
    level: int  # 0 = least concern
    guidance: dict[str, Guidance] = field(hash=False)


@dataclass(frozen=True)
class AgeBand:
    id: str
    label: str
    min_age: int
    max_age: int
    development: str
    note: str = ""

    def contains(self, age: int) -> bool:
        return self.min_age <= age <= self.max_age


@dataclass(frozen=True)
class Behaviour:
    id: str
    band: str
    category: str
    text: str
    words: tuple[str, ...]
    notes: str = ""
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Effect:
    at_least: str | None = None  # a category id
    raise_by: int = 0

    def describe(self, ruleset: RuleSet) -> str:
        if self.at_least is not None:
            return f"sets the category to at least {ruleset.category(self.at_least).label}"
        step = "one step" if self.raise_by == 1 else f"{self.raise_by} steps"
        return f"raises the category by {step}"


@dataclass(frozen=True)
class ContextFactor:
    id: str
    question: str
    explanation: str
    effect: Effect


@dataclass(frozen=True)
class _Index:
    """Each kind of item by its id (kinds as ``RuleSet.has`` names them)."""

    role: dict[str, Role]
    category: dict[str, Category]
    band: dict[str, AgeBand]
    behaviour: dict[str, Behaviour]
    factor: dict[str, ContextFactor]


@dataclass(frozen=True)
class CueWords:
    """The words in a description that bear on one context question."""

    factor: str
    words: tuple[str, ...]
    age_difference: int | None = None  # ages written as numbers this far apart count (age gap)
    adult_age: int | None = None  # a person written as this age or older counts (adult involved)
    min_age: int | None = None  # proposed only for a child of this age or older
    search_floor: str | None = None  # a category id: when affirmed, behaviours below it rank lower
    except_words: tuple[str, ...] = ()  # words a "*ing" placeholder in these phrases never stands for
    except_after: tuple[str, ...] = ()  # words just before a phrase, in its clause, that stop it being read
    # phrases around a cue's words that mean something else ("a man and a lady" in a drawing):
    # cue words wholly inside one of them are not read for this question
    except_phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class VocabularyGroup:
    """Practitioners' words and slang for one thing, declared once for every behaviour."""

    means: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Qualifiers:
    """The context a behaviour's own text already describes (embodies) or rules out (excludes)."""

    behaviour: str
    embodies: tuple[str, ...] = ()  # factor ids
    excludes: tuple[str, ...] = ()  # factor ids


@dataclass(frozen=True)
class Combination:
    """How several context answers that raise the category combine: a content decision."""

    raises: str = "highest"  # highest: the largest single effect | add: each raise adds its steps
    extra_step_after: int | None = None  # with highest: this many separate raising answers add one step

    def describe(self) -> str:
        if self.raises == "add":
            return "each answer that raises the category adds its steps"
        text = "the largest single effect counts, and raises do not add up"
        if self.extra_step_after is not None:
            text += f", except that {self.extra_step_after} or more separate raising answers add one step"
        return text


@dataclass(frozen=True)
class ColourWeight:
    """How much more or less likely one category's lines are to be right, given the affirmed context.

    Weights add to the log of a behaviour's search score; they order the hits and never hide one.
    ``weight`` covers the context part; search adds the words, since only it knows word forms.
    """

    category: str
    base: float = 0.0
    no_context: float = 0.0  # added when the description affirms no context at all
    factors: tuple[tuple[str, float], ...] = ()  # (factor id, weight) added when that factor is affirmed
    words: tuple[tuple[str, float], ...] = ()  # (word, weight) added when the description uses the word

    def weight(self, affirmed: frozenset[str]) -> float:
        total = self.base + (self.no_context if not affirmed else 0.0)
        return total + sum(w for f, w in self.factors if f in affirmed)

    def reasons(self, affirmed: frozenset[str], least: float = 0.05, total: float | None = None) -> tuple[str, ...]:
        """The affirmed factors that moved the weight the way it went, largest first.

        ``total``: the whole weight (search adds the words' part); a factor is a reason only if it
        pushed the same way, or a line placed lower would name the context that lifted it."""
        total = self.weight(affirmed) if total is None else total
        moved = [(f, w) for f, w in self.factors if f in affirmed and w * total > 0 and abs(w) >= least]
        return tuple(f for f, _ in sorted(moved, key=lambda fw: (-abs(fw[1]), fw[0])))


@dataclass(frozen=True)
class ReadingWords:
    """Words that deny or hedge what follows them in a description."""

    negation: tuple[str, ...] = ()
    hedging: tuple[str, ...] = ()
    scope_breaks: tuple[str, ...] = ()  # words that end a negation's reach, such as "but"


@dataclass(frozen=True)
class RuleSet:
    info: RuleSetInfo
    roles: tuple[Role, ...]
    categories: tuple[Category, ...]
    age_bands: tuple[AgeBand, ...]
    behaviours: tuple[Behaviour, ...]
    context_factors: tuple[ContextFactor, ...]
    sha256: str
    source: str  # where it was loaded from, for messages
    cues: tuple[CueWords, ...] = ()
    vocabulary: tuple[VocabularyGroup, ...] = ()
    qualifiers: tuple[Qualifiers, ...] = ()
    combination: Combination = Combination()
    reading: ReadingWords = ReadingWords()
    ranking: tuple[ColourWeight, ...] = ()
    ranking_fitted: str = ""  # how the colour weights were fitted, in the rule file's words

    @cached_property
    def _qualifiers_by_behaviour(self) -> dict[str, Qualifiers]:
        return {q.behaviour: q for q in self.qualifiers}

    def qualifiers_of(self, behaviour_id: str) -> Qualifiers:
        return self._qualifiers_by_behaviour.get(behaviour_id) or Qualifiers(behaviour_id)

    @cached_property
    def _by_id(self) -> _Index:
        return _Index(
            role={r.id: r for r in self.roles},
            category={c.id: c for c in self.categories},
            band={b.id: b for b in self.age_bands},
            behaviour={b.id: b for b in self.behaviours},
            factor={f.id: f for f in self.context_factors},
        )

    def role(self, role_id: str) -> Role:
        return self._by_id.role[role_id]

    def category(self, category_id: str) -> Category:
        return self._by_id.category[category_id]

    def band(self, band_id: str) -> AgeBand:
        return self._by_id.band[band_id]

    def behaviour(self, behaviour_id: str) -> Behaviour:
        return self._by_id.behaviour[behaviour_id]

    def factor(self, factor_id: str) -> ContextFactor:
        return self._by_id.factor[factor_id]

    def has(self, kind: str, item_id: str) -> bool:
        index: dict[str, object] = getattr(self._by_id, kind)
        return item_id in index

    def behaviours_in(self, band_id: str, category_id: str | None = None) -> tuple[Behaviour, ...]:
        return tuple(
            b
            for b in self.behaviours
            if b.band == band_id and (category_id is None or b.category == category_id)
        )

    def bands_for_age(self, age: int) -> tuple[AgeBand, ...]:
        return tuple(b for b in self.age_bands if b.contains(age))

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]
