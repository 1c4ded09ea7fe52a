"""What changed between two rule sets, for the people who approve a new version.

Pure: it needs only the rule-set model. An id is a behaviour's identity, so a changed id is a
removal and an addition; when the removed and the added text are the same, ``same_text`` says so
(a hint for the reader, not a judgement that they are one behaviour).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from screening.ruleset.model import Behaviour, ContextFactor, Effect, RuleSet, RuleSetInfo


@dataclass(frozen=True)
class Change:
    """One value that changed: a behaviour's category or band, a factor's effect, a metadata field."""

    id: str
    before: str
    after: str


@dataclass(frozen=True)
class Reworded:
    id: str
    parts: tuple[str, ...]  # "text", "notes"
    before: str  # the old text
    after: str  # the new text


@dataclass(frozen=True)
class Renamed:
    """A removed id and an added id whose behaviour text is the same."""

    removed: str
    added: str


@dataclass(frozen=True)
class Edited:
    """Something whose named parts changed (a factor's question, one role's guidance, a band)."""

    id: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class BehaviourChanges:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    recoloured: tuple[Change, ...]
    reworded: tuple[Reworded, ...]
    moved: tuple[Change, ...]
    same_text: tuple[Renamed, ...]
    words_changed: tuple[str, ...]  # search words or topics only: not printed in the guide


@dataclass(frozen=True)
class FactorChanges:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    reworded: tuple[Edited, ...]  # question or explanation
    effect_changed: tuple[Change, ...]


@dataclass(frozen=True)
class GuidanceChanges:
    changed: tuple[Edited, ...]  # id is "category/role"; parts: summary, steps, avoid
    added: tuple[str, ...]  # "category/role"
    removed: tuple[str, ...]
    roles_added: tuple[str, ...]
    roles_removed: tuple[str, ...]
    roles_relabelled: tuple[Change, ...]
    categories: tuple[Edited, ...]  # label, colour, meaning, order


@dataclass(frozen=True)
class MetadataChanges:
    changed: tuple[Change, ...]  # field names of the ruleset section
    bands_added: tuple[str, ...]
    bands_removed: tuple[str, ...]
    bands_changed: tuple[Edited, ...]


@dataclass(frozen=True)
class ReadingChanges:
    """How descriptions are read and ranked, and how answers combine: they change suggestions too."""

    combination: tuple[Change, ...]  # at most one: how raising answers combine, in words
    reading_words: tuple[str, ...]  # which lists changed: negation, hedging, scope_breaks
    cues: tuple[str, ...]  # factor ids whose cue words or settings changed, were added or removed
    vocabulary: tuple[str, ...]  # the 'means' of shared-vocabulary groups changed, added or removed
    qualifiers: tuple[str, ...]  # behaviour ids whose qualifiers changed
    colour_weights: tuple[str, ...]  # category ids whose colour weights changed


@dataclass(frozen=True)
class RuleSetDiff:
    old: RuleSetInfo
    new: RuleSetInfo
    old_sha256: str
    new_sha256: str
    behaviours: BehaviourChanges
    context_factors: FactorChanges
    guidance: GuidanceChanges
    metadata: MetadataChanges
    reading: ReadingChanges = ReadingChanges((), (), (), (), (), ())

    @property
    def empty(self) -> bool:
        return self.old_sha256 == self.new_sha256 or not any(
            any(getattr(part, name) for name in part.__dataclass_fields__)
            for part in (self.behaviours, self.context_factors, self.guidance, self.metadata, self.reading)
        )

    def to_json(self) -> dict[str, Any]:
        b, f, g, m = self.behaviours, self.context_factors, self.guidance, self.metadata
        return {
            "behaviours": {
                "added": list(b.added),
                "removed": list(b.removed),
                "recoloured": [_change(c) for c in b.recoloured],
                "reworded": [r.id for r in b.reworded],
                "moved": [_change(c) for c in b.moved],
            },
            "context_factors": {
                "added": list(f.added),
                "removed": list(f.removed),
                "reworded": [e.id for e in f.reworded],
                "effect_changed": [_change(c) for c in f.effect_changed],
            },
            "guidance": {
                "changed": [_guidance_edit(e) for e in g.changed],
                "added": [_pair(key) for key in g.added],
                "removed": [_pair(key) for key in g.removed],
                "roles_added": list(g.roles_added),
                "roles_removed": list(g.roles_removed),
            },
            "metadata": {
                "changed": [{"field": c.id, "from": c.before, "to": c.after} for c in m.changed],
                "age_bands_added": list(m.bands_added),
                "age_bands_removed": list(m.bands_removed),
                "age_bands_changed": [{"id": e.id, "parts": list(e.parts)} for e in m.bands_changed],
            },
            "reading": {
                "combination": [_change(c) for c in self.reading.combination],
                "reading_words": list(self.reading.reading_words),
                "cues": list(self.reading.cues),
                "vocabulary": list(self.reading.vocabulary),
                "qualifiers": list(self.reading.qualifiers),
                "colour_weights": list(self.reading.colour_weights),
            },
        }


def _change(c: Change) -> dict[str, str]:
    return {"id": c.id, "from": c.before, "to": c.after}


def _pair(key: str) -> dict[str, str]:
    category, role = key.split("/", 1)
    return {"category": category, "role": role}


def _guidance_edit(e: Edited) -> dict[str, Any]:
    return {**_pair(e.id), "parts": list(e.parts)}


def _kept(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Ids in both, in the new set's order."""
    return [key for key in new if key in old]


def _only(first: Mapping[str, Any], second: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(key for key in first if key not in second)


def _parts(old: object, new: object, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(name for name in names if getattr(old, name) != getattr(new, name))


def effect_text(effect: Effect) -> str:
    """An effect as the rule file writes it: ``at_least: red`` or ``raise: 1``."""
    return f"at_least: {effect.at_least}" if effect.at_least is not None else f"raise: {effect.raise_by}"


def _info_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):  # the sources
        return "; ".join(s.title for s in value)
    return str(value)


_INFO_FIELDS = ("id", "title", "version", "status", "publisher", "approved_by", "approved_on", "review_date",
                "licence", "sources", "description")


def _behaviours(old: RuleSet, new: RuleSet) -> BehaviourChanges:
    before: dict[str, Behaviour] = {b.id: b for b in old.behaviours}
    after: dict[str, Behaviour] = {b.id: b for b in new.behaviours}
    recoloured, reworded, moved, words = [], [], [], []
    for key in _kept(before, after):
        a, b = before[key], after[key]
        if a.category != b.category:
            recoloured.append(Change(key, a.category, b.category))
        if a.band != b.band:
            moved.append(Change(key, a.band, b.band))
        parts = _parts(a, b, ("text", "notes"))
        if parts:
            reworded.append(Reworded(key, parts, a.text, b.text))
        elif a.words != b.words or a.topics != b.topics:
            words.append(key)
    added, removed = _only(after, before), _only(before, after)
    removed_by_text: dict[str, str] = {}
    for key in removed:
        removed_by_text.setdefault(_norm(before[key].text), key)
    same = tuple(
        Renamed(removed_by_text[_norm(after[key].text)], key)
        for key in added
        if _norm(after[key].text) in removed_by_text
    )
    return BehaviourChanges(added, removed, tuple(recoloured), tuple(reworded), tuple(moved), same, tuple(words))


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _factors(old: RuleSet, new: RuleSet) -> FactorChanges:
    before: dict[str, ContextFactor] = {f.id: f for f in old.context_factors}
    after: dict[str, ContextFactor] = {f.id: f for f in new.context_factors}
    reworded, effects = [], []
    for key in _kept(before, after):
        a, b = before[key], after[key]
        parts = _parts(a, b, ("question", "explanation"))
        if parts:
            reworded.append(Edited(key, parts))
        if a.effect != b.effect:
            effects.append(Change(key, effect_text(a.effect), effect_text(b.effect)))
    return FactorChanges(_only(after, before), _only(before, after), tuple(reworded), tuple(effects))


def _guidance(old: RuleSet, new: RuleSet) -> GuidanceChanges:
    def table(ruleset: RuleSet) -> dict[str, Any]:
        return {f"{c.id}/{role}": g for c in ruleset.categories for role, g in c.guidance.items()}

    before, after = table(old), table(new)
    changed = [
        Edited(key, _parts(before[key], after[key], ("summary", "steps", "avoid")))
        for key in _kept(before, after)
        if before[key] != after[key]
    ]
    old_roles = {r.id: r for r in old.roles}
    new_roles = {r.id: r for r in new.roles}
    relabelled = tuple(
        Change(key, old_roles[key].label, new_roles[key].label)
        for key in _kept(old_roles, new_roles)
        if old_roles[key].label != new_roles[key].label
    )
    old_cats = {c.id: c for c in old.categories}
    new_cats = {c.id: c for c in new.categories}
    categories = [
        Edited(key, _parts(old_cats[key], new_cats[key], ("label", "colour", "meaning", "level")))
        for key in _kept(old_cats, new_cats)
    ]
    categories += [Edited(key, ("added",)) for key in _only(new_cats, old_cats)]
    categories += [Edited(key, ("removed",)) for key in _only(old_cats, new_cats)]
    return GuidanceChanges(
        tuple(changed),
        _only(after, before),
        _only(before, after),
        _only(new_roles, old_roles),
        _only(old_roles, new_roles),
        relabelled,
        tuple(e for e in categories if e.parts),
    )


def _metadata(old: RuleSet, new: RuleSet) -> MetadataChanges:
    changed = tuple(
        Change(name, _info_value(getattr(old.info, name)), _info_value(getattr(new.info, name)))
        for name in _INFO_FIELDS
        if getattr(old.info, name) != getattr(new.info, name)
    )
    before = {b.id: b for b in old.age_bands}
    after = {b.id: b for b in new.age_bands}
    bands = tuple(
        Edited(key, parts)
        for key in _kept(before, after)
        if (parts := _parts(before[key], after[key], ("label", "min_age", "max_age", "development", "note")))
    )
    return MetadataChanges(changed, _only(after, before), _only(before, after), bands)


def _changed_keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str, ...]:
    """Keys added, removed or with another value, in the new set's order, then the removed ones."""
    return tuple(k for k in new if old.get(k) != new[k]) + _only(old, new)


def _reading(old: RuleSet, new: RuleSet) -> ReadingChanges:
    combination = (
        (Change("combination", old.combination.describe(), new.combination.describe()),)
        if old.combination != new.combination else ()
    )
    words = _parts(old.reading, new.reading, ("negation", "hedging", "scope_breaks"))

    def cues(ruleset: RuleSet) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for cue in ruleset.cues:
            out.setdefault(cue.factor, []).append(cue)
        return out

    vocabulary = _changed_keys({g.means: g.words for g in old.vocabulary}, {g.means: g.words for g in new.vocabulary})
    qualifiers = _changed_keys({q.behaviour: q for q in old.qualifiers}, {q.behaviour: q for q in new.qualifiers})
    weights = _changed_keys({w.category: w for w in old.ranking}, {w.category: w for w in new.ranking})
    return ReadingChanges(combination, words, _changed_keys(cues(old), cues(new)), vocabulary, qualifiers, weights)


def diff_rulesets(old: RuleSet, new: RuleSet) -> RuleSetDiff:
    """Everything that changed from ``old`` to ``new``, each list in the new set's order."""
    return RuleSetDiff(
        old=old.info,
        new=new.info,
        old_sha256=old.sha256,
        new_sha256=new.sha256,
        behaviours=_behaviours(old, new),
        context_factors=_factors(old, new),
        guidance=_guidance(old, new),
        metadata=_metadata(old, new),
        reading=_reading(old, new),
    )
