"""Load and validate a rule set: every problem at once, as ``path:line:col: message``."""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from screening.problems import Problem, ProblemsError
from screening.reading.spec import Item, closest
from screening.reading.yamlsafe import MAX_FILE_BYTES, Pos, YMap, YNode, YScalar, YSeq, read_bytes
from screening.ruleset.model import (
    AgeBand,
    Behaviour,
    Category,
    Combination,
    ContextFactor,
    CueWords,
    Effect,
    Guidance,
    Qualifiers,
    ReadingWords,
    Role,
    RuleSet,
    RuleSetInfo,
    Source,
    VocabularyGroup,
)
from screening.ruleset.schema import FILE_SPEC, SECTIONS

MAX_FILES = 200
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


def default_rules_path() -> Path:
    """The shipped rule set, wherever the package is installed."""
    return Path(str(resources.files("rules") / "default"))


def rule_files(path: Path) -> tuple[list[Path], list[Problem]]:
    """The rule files a path names: itself when it is a file, the *.yaml in it when it is a folder.

    Checked with stat, never by opening: anything else (a FIFO, a device such as /dev/null, a
    socket) is refused, since reading it could wait forever or never end.
    """
    import stat

    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return [], [Problem(str(path), 0, 0, "no such file or folder")]
    except OSError as exc:
        return [], [Problem(str(path), 0, 0, f"cannot read this file or folder: {exc.strerror or exc}")]
    if stat.S_ISREG(mode):
        return [path], []
    if not stat.S_ISDIR(mode):
        return [], [Problem(str(path), 0, 0, "this is not a rule file or a folder")]
    try:
        # is_file() is true only for regular files (or links to them): a FIFO named x.yaml is skipped
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError as exc:
        return [], [Problem(str(path), 0, 0, f"cannot read this folder: {exc.strerror or exc}")]
    if not files:
        return [], [Problem(str(path), 0, 0, "this folder has no rule files (*.yaml)")]
    if len(files) > MAX_FILES:
        return [], [Problem(str(path), 0, 0, f"this folder has more than {MAX_FILES} rule files")]
    return files, []


def load_ruleset(path: str | os.PathLike[str] | None = None) -> RuleSet:
    """Load a rule-set file or folder (the shipped set when None); raise ProblemsError."""
    # Parsing makes many small objects and no cycles; pausing the cycle collector halves the time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_ruleset(path)
    finally:
        if enabled:
            gc.enable()


def _load_ruleset(path: str | os.PathLike[str] | None) -> RuleSet:
    root = Path(path) if path is not None else default_rules_path()
    files, problems = rule_files(root)
    if problems:
        raise ProblemsError(problems)
    digest = hashlib.sha256()
    sections: dict[str, list[tuple[Pos, Any]]] = {}
    declared = _Declared()
    for file in files:
        name = str(file)
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                limit = MAX_FILE_BYTES // (1024 * 1024)
                problems.append(Problem(name, 0, 0, f"the file is larger than the {limit} MiB limit"))
                declared.unreadable = True
                continue
            data = file.read_bytes()
        except OSError as exc:
            problems.append(Problem(name, 0, 0, f"cannot read the file: {exc.strerror or exc}"))
            declared.unreadable = True
            continue
        digest.update(file.name.encode("utf-8") + b"\0" + data + b"\0")
        tree, found = read_bytes(name, data)
        problems.extend(found)
        if tree is None:
            if not found:
                problems.append(Problem(name, 1, 1, "the file is empty"))
            else:
                declared.unreadable = True
            continue
        if not isinstance(tree, YMap):
            declared.unreadable = True
            problems.append(
                tree.pos.problem(
                    "a rule file must be made of sections such as 'ruleset:' and 'behaviours:' "
                    "at the start of a line"
                )
            )
            continue
        checked = FILE_SPEC.check(tree, problems, "the file")
        for key, (_, node) in tree.items.items():
            if key in SECTIONS:
                value = checked.get(key) if checked is not None else SECTIONS[key].check(node, [], key)
                sections.setdefault(key, []).append((node.pos, value))
                declared.note(key, node, value)
    first = Pos(str(files[0]), 1, 1)
    ruleset = _build(sections, first, problems, str(root), digest.hexdigest(), declared)
    if problems or ruleset is None:
        raise ProblemsError(sorted(set(problems), key=_order))
    return ruleset


def _order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.column, problem.message)


def _single(
    sections: dict[str, list[tuple[Pos, Any]]], name: str, first: Pos, problems: list[Problem], declared: _Declared
) -> Any:
    found = sections.get(name, [])
    if not found:
        if not declared.unreadable:  # it may well be in the file that could not be read
            problems.append(first.problem(f"the rule set has no '{name}' section; add it to one file"))
        return None
    if len(found) > 1:
        for pos, _ in found[1:]:
            problems.append(
                pos.problem(f"'{name}' is already given at {found[0][0].path}:{found[0][0].line}; keep one")
            )
    return found[0][1]


def _joined(sections: dict[str, list[tuple[Pos, Any]]], name: str) -> list[Item]:
    out: list[Item] = []
    for _, value in sections.get(name, []):
        out.extend(value or [])
    return out


def _unique(items: Iterable[Item], what: str, problems: list[Problem]) -> list[Item]:
    seen: dict[str, Pos] = {}
    out = []
    for item in items:
        item_id = item["id"]
        if item_id in seen:
            first = seen[item_id]
            problems.append(
                item.where("id").problem(
                    f"the {what} id '{item_id}' is used twice (first at {first.path}:{first.line}); "
                    "every id must be different"
                )
            )
            continue
        seen[item_id] = item.where("id")
        out.append(item)
    return out


def _build(
    sections: dict[str, list[tuple[Pos, Any]]],
    first: Pos,
    problems: list[Problem],
    source: str,
    sha256: str,
    declared: _Declared | None = None,
) -> RuleSet | None:
    declared = declared or _Declared()
    info_item = _single(sections, "ruleset", first, problems, declared)
    role_items = _unique(_single(sections, "roles", first, problems, declared) or [], "role", problems)
    category_items = _unique(
        _single(sections, "categories", first, problems, declared) or [], "category", problems
    )
    band_list = _single(sections, "age_bands", first, problems, declared)
    band_items = _unique(band_list or [], "age band", problems)
    all_behaviours = _joined(sections, "behaviours")
    behaviour_items = _unique(all_behaviours, "behaviour", problems)
    factor_items = _unique(_joined(sections, "context_factors"), "context factor", problems)
    if not behaviour_items and "behaviours" not in sections and not declared.unreadable:
        problems.append(first.problem("the rule set has no 'behaviours' section"))

    info = _info(info_item, problems) if info_item is not None else None
    roles = tuple(Role(i["id"], i["label"], i.get("description", "")) for i in role_items)
    role_ids = [r.id for r in roles]
    categories = tuple(
        _category(i, level, role_ids, problems, declared) for level, i in enumerate(category_items)
    )
    category_ids = {c.id for c in categories}
    bands = tuple(_band(i, problems) for i in band_items)
    band_ids = {b.id for b in bands}
    if band_list is not None and "age_bands" not in declared.broken:
        _check_coverage(bands, _single_pos(sections, "age_bands"), problems)

    behaviours = []
    for item in behaviour_items:
        ok = _ref(item, "band", band_ids, "age band", problems, declared.knows("age_bands", item["band"]))
        ok = _ref(
            item, "category", category_ids, "category", problems, declared.knows("categories", item["category"])
        ) and ok
        if ok:
            behaviours.append(
                Behaviour(
                    item["id"],
                    item["band"],
                    item["category"],
                    item["text"],
                    tuple(item["words"]),
                    item.get("notes", ""),
                    tuple(item.get("topics", ())),
                )
            )
    if not declared.unreadable:
        # every behaviour written counts here, even one reported for another mistake
        have = {(i["band"], i["category"]) for i in all_behaviours}
        have |= {(_raw_text(n, "band"), _raw_text(n, "category")) for n in declared.broken.get("behaviours", ())}
        _check_band_colours(bands, categories, have, band_items, problems)

    factors = []
    for item in factor_items:
        effect_item: Item = item["effect"]
        at_least = effect_item.get("at_least")
        if at_least is not None and at_least not in category_ids:
            if declared.knows("categories", at_least):
                continue
            problems.append(
                effect_item.where("at_least").problem(
                    f"'at_least' names the category '{at_least}', which does not exist"
                    + _choices(category_ids)
                )
            )
            continue
        effect = Effect(at_least=at_least, raise_by=effect_item.get("raise", 0))
        factors.append(ContextFactor(item["id"], item["question"], item["explanation"], effect))

    factor_ids = {f.id for f in factors}
    behaviour_ids = {b.id for b in behaviours}
    reading = _reading_parts(sections, problems, declared, factor_ids, behaviour_ids)

    if problems or info is None:
        return None
    return RuleSet(
        info=info,
        roles=roles,
        categories=categories,
        age_bands=bands,
        behaviours=tuple(behaviours),
        context_factors=tuple(factors),
        sha256=sha256,
        source=source,
        **reading,
    )


def _optional_single(sections: dict[str, list[tuple[Pos, Any]]], name: str, problems: list[Problem]) -> Any:
    found = sections.get(name, [])
    for pos, _ in found[1:]:
        problems.append(pos.problem(f"'{name}' is already given at {found[0][0].path}:{found[0][0].line}; keep one"))
    return found[0][1] if found else None


def _factor_refs(
    item: Item, key: str, factor_ids: set[str], problems: list[Problem], declared: _Declared
) -> tuple[str, ...]:
    out = []
    for value in item.get(key, ()):
        if value in factor_ids:
            out.append(value)
        elif not declared.knows("context_factors", value):
            close = closest(value, factor_ids)
            hint = f"; did you mean '{close}'?" if close else ""
            problems.append(item.where(key).problem(f"there is no context question with the id '{value}'{hint}"))
    return tuple(out)


def _reading_parts(
    sections: dict[str, list[tuple[Pos, Any]]],
    problems: list[Problem],
    declared: _Declared,
    factor_ids: set[str],
    behaviour_ids: set[str],
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
                close = closest(factor, factor_ids)
                hint = f"; did you mean '{close}'?" if close else ""
                problems.append(
                    item.where("factor").problem(f"there is no context question with the id '{factor}'{hint}")
                )
            continue
        cues.append(
            CueWords(
                factor, tuple(item["words"]), item.get("age_difference"), item.get("adult_age"), item.get("min_age")
            )
        )
    out["cues"] = tuple(cues)
    qualifiers: dict[str, Qualifiers] = {}
    for item in _joined(sections, "qualifiers"):
        behaviour = item["behaviour"]
        if behaviour not in behaviour_ids:
            if not declared.knows("behaviours", behaviour):
                close = closest(behaviour, behaviour_ids)
                hint = f"; did you mean '{close}'?" if close else ""
                problems.append(
                    item.where("behaviour").problem(f"there is no behaviour with the id '{behaviour}'{hint}")
                )
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
    return out


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
