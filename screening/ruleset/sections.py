"""A rule set's sections into model objects, with the checks between them (references, coverage).

The loader (loader.py) reads and shape-checks the files; these turn the checked items into
RuleSet parts, reporting every broken reference, uncovered age and missing colour at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from screening.problems import Problem
from screening.reading.spec import Item, closest
from screening.reading.yamlsafe import Pos, YMap, YNode, YScalar, YSeq
from screening.ruleset.model import (
    AgeBand,
    Category,
    ColourWeight,
    Combination,
    CueWords,
    Guidance,
    Qualifiers,
    ReadingWords,
    RuleSetInfo,
    Source,
    VocabularyGroup,
)

COVERED_AGES = range(0, 18)
_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


class _Declared:
    """What the files declare, including items too broken to use.

    One mistake is then reported once, where it is, and not again by everything that refers to
    the broken item (a band whose min_age is wrong still exists for the behaviours in it).
    """

    def __init__(self) -> None:
        self.ids: dict[str, set[str]] = {}
        self.broken: dict[str, list[YMap]] = {}  # section -> its items that failed their checks
        self.unreadable = False  # a file could not be read, so any section may be missing

    def note(self, section: str, node: YNode, value: Any) -> None:
        if not isinstance(node, YSeq):
            if value is None:
                self.broken.setdefault(section, [])
            return
        good = {id(item.node) for item in value or ()}
        for child in node.items:
            if not isinstance(child, YMap):
                self.broken.setdefault(section, [])
                continue
            id_text = _raw_text(child, "id")
            if id_text is not None:
                self.ids.setdefault(section, set()).add(id_text)
            if id(child) not in good:
                self.broken.setdefault(section, []).append(child)

    def knows(self, section: str, item_id: str) -> bool:
        """True when an id may exist although it is not among the valid items."""
        return self.unreadable or item_id in self.ids.get(section, ())


def _raw_text(node: YMap, key: str) -> str | None:
    entry = node.items.get(key)
    return entry[1].text if entry is not None and isinstance(entry[1], YScalar) else None



def _joined(sections: dict[str, list[tuple[Pos, Any]]], name: str) -> list[Item]:
    out: list[Item] = []
    for _, value in sections.get(name, []):
        out.extend(value or [])
    return out




def _optional_single(sections: dict[str, list[tuple[Pos, Any]]], name: str, problems: list[Problem]) -> Any:
    found = sections.get(name, [])
    for pos, _ in found[1:]:
        problems.append(pos.problem(f"'{name}' is already given at {found[0][0].path}:{found[0][0].line}; keep one"))
    return found[0][1] if found else None


def _unknown_id(item: Item, key: str, value: str, known: set[str], what: str, problems: list[Problem]) -> None:
    """Report an id that points nowhere, with the closest known id as a hint."""
    close = closest(value, known)
    hint = f"; did you mean '{close}'?" if close else ""
    problems.append(item.where(key).problem(f"there is no {what} with the id '{value}'{hint}"))


def _factor_refs(
    item: Item, key: str, factor_ids: set[str], problems: list[Problem], declared: _Declared
) -> tuple[str, ...]:
    out = []
    for value in item.get(key, ()):
        if value in factor_ids:
            out.append(value)
        elif not declared.knows("context_factors", value):
            _unknown_id(item, key, value, factor_ids, "context question", problems)
    return tuple(out)


def _check_cue_phrases(item: Item, key: str, problems: list[Problem]) -> None:
    """The problems in one list of cue phrases (``words`` or ``except_phrases``), each pointing at its phrase."""
    listed = item.field_nodes.get(key)
    for n, phrase in enumerate(item.get(key, ())):
        stripped = str(phrase).strip()
        here = listed.items[n].pos if isinstance(listed, YSeq) and n < len(listed.items) else item.where(key)
        if any(not choice for chunk in stripped.split() if "|" in chunk for choice in chunk.split("|")):
            problems.append(
                here.problem(
                    f"the cue phrase {stripped!r} has a '|' with no word on one side; '|' offers a choice "
                    "between two words written next to it (for example 'laughed|giggled')"
                )
            )
        if stripped.startswith("...") or stripped.endswith("...") or "......" in stripped.replace(" ", ""):
            problems.append(
                here.problem(
                    f"the cue phrase {stripped!r} starts or ends with '...'; '...' stands for a few "
                    "words between two others (for example 'held ... down')"
                )
            )
        words = [w for w in stripped.replace("...", " ").split() if w != "#" and not w.startswith("*")]
        if not words and stripped:
            problems.append(
                here.problem(
                    f"the cue phrase {stripped!r} has no plain word; '#' (a count) and '*ing' (a word "
                    "ending) stand beside words (for example '# times', 'keeps *ing')"
                )
            )


def _reading_parts(
    sections: dict[str, list[tuple[Pos, Any]]],
    problems: list[Problem],
    declared: _Declared,
    factor_ids: set[str],
    behaviour_ids: set[str],
    category_ids: set[str] | None = None,
) -> dict[str, Any]:
    """The optional sections for reading descriptions: combination, reading, vocabulary, cues, qualifiers."""
    out: dict[str, Any] = {}
    combination = _optional_single(sections, "combination", problems)
    if combination is not None:
        if combination["raises"] == "add" and combination.get("extra_step_after") is not None:
            problems.append(
                combination.where("extra_step_after").problem(
                    "'extra_step_after' only applies with raises: highest; remove it, or use highest"
                )
            )
        out["combination"] = Combination(combination["raises"], combination.get("extra_step_after"))
    reading = _optional_single(sections, "reading", problems)
    if reading is not None:
        out["reading"] = ReadingWords(
            tuple(w.lower() for w in reading["negation"]),
            tuple(w.lower() for w in reading.get("hedging", ())),
            tuple(w.lower() for w in reading.get("scope_breaks", ())),
        )
    out["vocabulary"] = tuple(VocabularyGroup(i["means"], tuple(i["words"])) for i in _joined(sections, "vocabulary"))
    cues = []
    for item in _joined(sections, "cues"):
        factor = item["factor"]
        if factor not in factor_ids:
            if not declared.knows("context_factors", factor):
                _unknown_id(item, "factor", factor, factor_ids, "context question", problems)
            continue
        for key in ("words", "except_phrases"):
            _check_cue_phrases(item, key, problems)
        floor = item.get("search_floor")
        if floor is not None and category_ids is not None and floor not in category_ids:
            if not declared.knows("categories", floor):
                _unknown_id(item, "search_floor", floor, category_ids, "category", problems)
            floor = None
        cues.append(
            CueWords(
                factor, tuple(item["words"]), item.get("age_difference"), item.get("adult_age"), item.get("min_age"),
                floor, tuple(str(w).lower() for w in item.get("except_words", ())),
                tuple(str(w).lower() for w in item.get("except_after", ())),
                tuple(item.get("except_phrases", ())),
            )
        )
    out["cues"] = tuple(cues)
    qualifiers: dict[str, Qualifiers] = {}
    for item in _joined(sections, "qualifiers"):
        behaviour = item["behaviour"]
        if behaviour not in behaviour_ids:
            if not declared.knows("behaviours", behaviour):
                _unknown_id(item, "behaviour", behaviour, behaviour_ids, "behaviour", problems)
            continue
        if behaviour in qualifiers:
            problems.append(
                item.where("behaviour").problem(f"the behaviour '{behaviour}' already has qualifiers; keep one entry")
            )
            continue
        embodies = _factor_refs(item, "embodies", factor_ids, problems, declared)
        excludes = _factor_refs(item, "excludes", factor_ids, problems, declared)
        both = sorted(set(embodies) & set(excludes))
        if both:
            problems.append(
                item.pos.problem(f"'{behaviour}' both embodies and excludes {', '.join(both)}; keep one")
            )
        qualifiers[behaviour] = Qualifiers(behaviour, embodies, excludes)
    out["qualifiers"] = tuple(qualifiers.values())
    ranking = _optional_single(sections, "ranking", problems)
    if ranking is not None:
        out["ranking"] = _colour_weights(ranking, problems, declared, factor_ids, category_ids)
        out["ranking_fitted"] = ranking.get("fitted", "")
    return out


def _colour_weights(
    ranking: Item, problems: list[Problem], declared: _Declared, factor_ids: set[str], category_ids: set[str] | None
) -> tuple[ColourWeight, ...]:
    out: dict[str, ColourWeight] = {}
    for item in ranking["colours"]:
        category = item["category"]
        if category_ids is not None and category not in category_ids:
            if not declared.knows("categories", category):
                _unknown_id(item, "category", category, category_ids, "category", problems)
            continue
        if category in out:
            problems.append(item.where("category").problem(f"the category '{category}' already has weights; keep one"))
            continue
        factors: Item | None = item.get("factors")
        pairs: list[tuple[str, float]] = []
        for factor, weight in (factors.values.items() if factors is not None else ()):
            if factor in factor_ids:
                pairs.append((factor, weight))
            elif factors is not None and not declared.knows("context_factors", factor):
                _unknown_id(factors, factor, factor, factor_ids, "context question", problems)
        words: Item | None = item.get("words")
        word_pairs = tuple(words.values.items()) if words is not None else ()
        out[category] = ColourWeight(category, item["base"], item.get("no_context", 0.0), tuple(pairs), word_pairs)
    return tuple(out.values())


def _single_pos(sections: dict[str, list[tuple[Pos, Any]]], name: str) -> Pos:
    return sections[name][0][0]


def _choices(ids: Iterable[str]) -> str:
    return "; the choices are: " + ", ".join(sorted(ids)) if ids else ""


def _ref(item: Item, key: str, known: set[str], what: str, problems: list[Problem], broken: bool = False) -> bool:
    """Whether the id an item points at exists; reported unless it is written but broken (``broken``)."""
    value = item[key]
    if value in known:
        return True
    if broken:
        return False
    close = closest(value, known)
    hint = _choices(known) + (f"; did you mean '{close}'?" if close else "")
    problems.append(item.where(key).problem(f"there is no {what} with the id '{value}'{hint}"))
    return False


def _info(item: Item, problems: list[Problem]) -> RuleSetInfo:
    if item["status"] == "approved" and not item["approved_by"]:
        problems.append(
            item.where("approved_by").problem("an approved rule set must say who approved it in 'approved_by'")
        )
    if item["status"] == "approved" and item.get("approved_on") is None and "approved_on" not in item.field_nodes:
        problems.append(
            item.where("status").problem(
                "an approved rule set must say when it was approved: add 'approved_on: YYYY-MM-DD'"
            )
        )
    return RuleSetInfo(
        id=item["id"],
        title=item["title"],
        version=item["version"],
        status=item["status"],
        publisher=item["publisher"],
        approved_by=item["approved_by"],
        review_date=item["review_date"],
        licence=item["licence"],
        sources=tuple(Source(s["title"], s.get("url", ""), s.get("note", "")) for s in item["sources"]),
        description=item.get("description", ""),
        approved_on=item.get("approved_on"),
    )


def _category(
    item: Item, level: int, role_ids: list[str], problems: list[Problem], declared: _Declared | None = None
) -> Category:
    if not _COLOUR_RE.match(item["colour"]):
        problems.append(
            item.where("colour").problem(
                f"the colour {item['colour']!r} should be written like \"#2e7d32\" (in quotes)"
            )
        )
    guidance_item: Item = item["guidance"]
    guidance = {}
    for role_id, g in guidance_item.values.items():
        if role_id not in role_ids:
            if declared is not None and declared.knows("roles", role_id):
                continue
            problems.append(
                guidance_item.where(role_id).problem(
                    f"guidance is given for the role '{role_id}', which is not in 'roles'" + _choices(role_ids)
                )
            )
            continue
        guidance[role_id] = Guidance(g["summary"], tuple(g["steps"]), tuple(g.get("avoid", ())))
    for role_id in role_ids:
        if role_id not in guidance_item.values and role_id not in guidance_item.field_nodes:
            problems.append(
                item.where("guidance").problem(
                    f"the category '{item['id']}' has no guidance for the role '{role_id}'; add it"
                )
            )
    return Category(item["id"], item["label"], item["colour"], item["meaning"], level, guidance)


def _band(item: Item, problems: list[Problem]) -> AgeBand:
    if item["min_age"] > item["max_age"]:
        problems.append(
            item.where("min_age").problem(
                f"the band '{item['id']}' starts at {item['min_age']} but ends at {item['max_age']}"
            )
        )
    return AgeBand(
        item["id"], item["label"], item["min_age"], item["max_age"], item["development"], item.get("note", "")
    )


def _check_coverage(bands: tuple[AgeBand, ...], pos: Pos, problems: list[Problem]) -> None:
    missing = [age for age in COVERED_AGES if not any(b.contains(age) for b in bands)]
    if missing:
        ages = ", ".join(str(a) for a in missing)
        problems.append(pos.problem(f"no age band covers these ages: {ages}; every age from 0 to 17 needs a band"))


def _check_band_colours(
    bands: tuple[AgeBand, ...],
    categories: tuple[Category, ...],
    have: set[tuple[str | None, str | None]],
    band_items: list[Item],
    problems: list[Problem],
) -> None:
    for band, item in zip(bands, band_items, strict=True):
        for category in categories:
            if (band.id, category.id) not in have:
                problems.append(
                    item.pos.problem(
                        f"the age band '{band.id}' has no {category.label} behaviours; "
                        f"add at least one with band: \"{band.id}\" and category: {category.id}"
                    )
                )
