"""Load and validate a rule set: every problem at once, as ``path:line:col: message``."""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from screening.problems import Problem, ProblemsError
from screening.reading.spec import Item
from screening.reading.yamlsafe import MAX_FILE_BYTES, Pos, YMap, read_bytes
from screening.ruleset.model import Behaviour, ContextFactor, Effect, Role, RuleSet
from screening.ruleset.schema import FILE_SPEC, SECTIONS
from screening.ruleset.sections import COVERED_AGES as COVERED_AGES  # kept importable from here
from screening.ruleset.sections import (
    _band,
    _category,
    _check_band_colours,
    _check_coverage,
    _choices,
    _Declared,
    _info,
    _joined,
    _raw_text,
    _reading_parts,
    _ref,
    _single_pos,
)

MAX_FILES = 200


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
    reading = _reading_parts(sections, problems, declared, factor_ids, behaviour_ids, category_ids)

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
