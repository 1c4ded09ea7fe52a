"""Fictional case studies shipped beside a rule set (``rules/<set>/scenarios/*.yaml``).

A scenario is read with the strict YAML reader and checked against the spec below (shape
problems), then against the rule set it ships with (reference problems), all as
``path:line:col: message``. Scenario files are not rule files: the rule loader reads only the
*.yaml directly in the rule-set folder, so scenarios are not part of the rule set's SHA-256
(editing a case study never makes saved records look as if another rule set made them).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screening.engine.assess import assess
from screening.problems import Problem, ProblemsError
from screening.reading.spec import Enum, Id, Int, Item, ListOf, Obj, Text
from screening.reading.yamlsafe import MAX_FILE_BYTES, Pos, YSeq, read_bytes
from screening.records.document import DECISIONS, Child, Record, SelectedBehaviour, UnlistedBehaviour
from screening.ruleset.model import RuleSet

SCENARIOS_FOLDER = "scenarios"
MIN_WORDS, MAX_WORDS = 80, 300
MAX_SCENARIOS = 500
FICTIONAL_NOTICE = "Fictional case study for training. Any likeness to a real child or family is chance."
# The hard cases the library must teach (the shipped library is tested to cover each).
THEMES = {
    "developmental-age": "the band follows a developmental age",
    "online": "online behaviour or images",
    "siblings": "brothers or sisters",
    "unlisted": "a behaviour that is not in the list",
    "context-raises": "the context raises the colour",
    "differs-from-tool": "a practitioner should differ from the tool",
    "harmed-and-harming": "a child who may be both harmed and harming",
}
_WORD = re.compile(r"[A-Za-z0-9']+")

REFERENCE_SPEC = Obj(
    {
        "behaviours": ListOf(Id(), description="Ids of the behaviours a careful practitioner would choose."),
        "unlisted": ListOf(Text(), description="Behaviours that are not in the list, described in words."),
        "context": ListOf(Id(), description="Ids of the context questions answered yes."),
        "category": Id(description="The reference colour (a category id)."),
        "decision": Enum(tuple(DECISIONS), description="The reference decision."),
        "differs_from_tool": Text(
            description="Why the reference colour differs from the tool's suggestion for these answers."
        ),
    },
    optional=frozenset({"behaviours", "unlisted", "context", "differs_from_tool"}),
    description="The reference answer.",
)

SCENARIO_SPEC = Obj(
    {
        "id": Id(description="Stable id; answers files point at it."),
        "title": Text(),
        "age": Int(0, 25, description="The child's age in years."),
        "developmental_age": Int(0, 25, description="The developmental age, when it chooses the band."),
        "developmental_age_reason": Text(description="Why the developmental age is used."),
        "band": Id(description="The id of the age band the case is screened in."),
        "setting": Text(description="Where the case happens, e.g. primary school."),
        "role": Id(description="The id of the role the case is written for."),
        "themes": ListOf(Id(), description="Hard cases it teaches: " + ", ".join(THEMES) + "."),
        "narrative": Text(max_length=3000, description=f"The case in plain English, {MIN_WORDS}-{MAX_WORDS} words."),
        "reference": REFERENCE_SPEC,
        "reasoning": Text(description="Why the reference answer is what it is."),
        "teaching_points": ListOf(Text(), min_items=1),
        "discussion": ListOf(Text(), min_items=1, description="Questions for the room."),
    },
    optional=frozenset({"developmental_age", "developmental_age_reason", "themes"}),
    description="A fictional case study for training, checked against the rule set it ships with.",
)


@dataclass(frozen=True)
class Reference:
    category: str
    decision: str
    behaviours: tuple[str, ...] = ()
    unlisted: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    differs_from_tool: str = ""


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    age: int
    band: str
    setting: str
    role: str
    narrative: str
    reference: Reference
    reasoning: str
    teaching_points: tuple[str, ...]
    discussion: tuple[str, ...]
    developmental_age: int | None = None
    developmental_age_reason: str = ""
    themes: tuple[str, ...] = ()
    path: str = ""
    # where each key was written ("band", "reference.behaviours.0", ...), for reference problems
    where: dict[str, Pos] = field(default_factory=dict, hash=False, compare=False, repr=False)

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.narrative))

    @property
    def screening_age(self) -> int:
        return self.developmental_age if self.developmental_age is not None else self.age

    def pos(self, key: str) -> Pos:
        return self.where.get(key) or self.where.get(key.rsplit(".", 1)[0]) or Pos(self.path, 1, 1)

    def child(self) -> Child:
        """The fictional child, with the band chosen, as a screening of the case starts."""
        return Child(
            name=f"Fictional case: {self.title}",
            age_years=self.age,
            learning_disability=self.developmental_age is not None,
            developmental_age_years=self.developmental_age,
            developmental_age_reason=self.developmental_age_reason,
            band=self.band,
        )

    def reference_record(self, role: str | None = None) -> Record:
        """The reference answers as an in-memory record (never saved), for ``assess``."""
        ref = self.reference
        return Record(
            role=role or self.role,
            child=self.child(),
            behaviours=tuple(SelectedBehaviour(b) for b in ref.behaviours),
            unlisted_behaviours=tuple(UnlistedBehaviour(u) for u in ref.unlisted),
            context=ref.context,
        )

    def to_json(self) -> dict[str, Any]:
        ref = self.reference
        return {
            "id": self.id,
            "title": self.title,
            "fictional": True,
            "notice": FICTIONAL_NOTICE,
            "age": self.age,
            "developmental_age": self.developmental_age,
            "developmental_age_reason": self.developmental_age_reason,
            "band": self.band,
            "setting": self.setting,
            "role": self.role,
            "themes": list(self.themes),
            "narrative": self.narrative,
            "words": self.words,
            "reference": {
                "behaviours": list(ref.behaviours),
                "unlisted": list(ref.unlisted),
                "context": list(ref.context),
                "category": ref.category,
                "decision": ref.decision,
                "differs_from_tool": ref.differs_from_tool,
            },
            "reasoning": self.reasoning,
            "teaching_points": list(self.teaching_points),
            "discussion": list(self.discussion),
        }


def scenarios_folder(ruleset_source: str | os.PathLike[str]) -> Path | None:
    """The scenarios folder of a rule set loaded from a folder, if it has one."""
    path = Path(ruleset_source)
    folder = path / SCENARIOS_FOLDER if path.is_dir() else path.parent / SCENARIOS_FOLDER
    return folder if folder.is_dir() else None


def _positions(item: Item, prefix: str = "") -> dict[str, Pos]:
    out: dict[str, Pos] = {}
    for key, node in item.field_nodes.items():
        out[prefix + key] = node.pos
        if isinstance(node, YSeq):
            for n, child in enumerate(node.items):
                out[f"{prefix}{key}.{n}"] = child.pos
    return out


def parse_scenario(data: bytes, name: str) -> tuple[Scenario | None, list[Problem]]:
    """One scenario file; shape problems only (the rule set is checked by ``check_scenarios``)."""
    tree, problems = read_bytes(name, data)
    if tree is None:
        return None, problems or [Problem(name, 1, 1, "the scenario file is empty")]
    item = SCENARIO_SPEC.check(tree, problems, "the scenario")
    if item is None or problems:
        return None, problems
    ref_item: Item = item["reference"]
    where = _positions(item)
    where.update(_positions(ref_item, "reference."))
    if "developmental_age" in item.values and not item.get("developmental_age_reason"):
        problems.append(item.where("developmental_age").problem(
            "a developmental age needs 'developmental_age_reason': say why it is used instead of the age in years"
        ))
    if not ref_item.get("behaviours") and not ref_item.get("unlisted"):
        problems.append(ref_item.pos.problem(
            "the reference needs at least one behaviour: list ids in 'behaviours' or describe one in 'unlisted'"
        ))
    scenario = Scenario(
        id=item["id"],
        title=item["title"],
        age=item["age"],
        band=item["band"],
        setting=item["setting"],
        role=item["role"],
        narrative=" ".join(item["narrative"].split()),
        reference=Reference(
            category=ref_item["category"],
            decision=ref_item["decision"],
            behaviours=tuple(ref_item.get("behaviours", ())),
            unlisted=tuple(ref_item.get("unlisted", ())),
            context=tuple(ref_item.get("context", ())),
            differs_from_tool=ref_item.get("differs_from_tool", ""),
        ),
        reasoning=item["reasoning"],
        teaching_points=tuple(item["teaching_points"]),
        discussion=tuple(item["discussion"]),
        developmental_age=item.get("developmental_age"),
        developmental_age_reason=item.get("developmental_age_reason", ""),
        themes=tuple(item.get("themes", ())),
        path=name,
        where=where,
    )
    words = scenario.words
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(item.where("narrative").problem(
            f"the narrative has {words} words; write from {MIN_WORDS} to {MAX_WORDS}"
        ))
    return (None if problems else scenario), problems


def read_scenarios(folder: str | os.PathLike[str]) -> tuple[list[Scenario], list[Problem]]:
    """Every *.yaml in a scenarios folder, in file-name order, with every shape problem."""
    root = Path(folder)
    try:
        files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError as exc:
        return [], [Problem(str(root), 0, 0, f"cannot read the scenarios folder: {exc.strerror or exc}")]
    if len(files) > MAX_SCENARIOS:
        return [], [Problem(str(root), 0, 0, f"the scenarios folder has more than {MAX_SCENARIOS} files")]
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    seen: dict[str, Scenario] = {}
    for file in files:
        name = str(file)
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                problems.append(Problem(name, 0, 0, "the scenario file is too large"))
                continue
            data = file.read_bytes()
        except OSError as exc:
            problems.append(Problem(name, 0, 0, f"cannot read the scenario file: {exc.strerror or exc}"))
            continue
        scenario, found = parse_scenario(data, name)
        problems.extend(found)
        if scenario is None:
            continue
        if scenario.id in seen:
            first = seen[scenario.id]
            problems.append(scenario.pos("id").problem(
                f"the scenario id '{scenario.id}' is already used in {first.path}; every id must be different"
            ))
            continue
        seen[scenario.id] = scenario
        scenarios.append(scenario)
    return scenarios, problems


def _missing(what: str, value: str, known: Iterable[str]) -> str:
    from screening.reading.spec import closest

    known = sorted(known)
    close = closest(value, known)
    hint = f"; did you mean '{close}'?" if close else ""
    return f"there is no {what} with the id '{value}' in the rule set{hint}"


def check_scenario(ruleset: RuleSet, scenario: Scenario) -> list[Problem]:
    """Problems with a scenario's references to the rule set, and with its reference colour."""
    problems: list[Problem] = []
    ref = scenario.reference

    def need(kind: str, what: str, value: str, key: str, known: Iterable[str]) -> bool:
        if ruleset.has(kind, value):
            return True
        problems.append(scenario.pos(key).problem(_missing(what, value, known)))
        return False

    need("role", "role", scenario.role, "role", (r.id for r in ruleset.roles))
    band_ok = need("band", "age band", scenario.band, "band", (b.id for b in ruleset.age_bands))
    if band_ok and not ruleset.band(scenario.band).contains(scenario.screening_age):
        band = ruleset.band(scenario.band)
        which = "developmental age" if scenario.developmental_age is not None else "age"
        problems.append(scenario.pos("band").problem(
            f"the band '{band.id}' is for ages {band.min_age} to {band.max_age}, but the {which} is "
            f"{scenario.screening_age}; choose a band that fits"
        ))
    category_ok = need("category", "category", ref.category, "reference.category", (c.id for c in ruleset.categories))
    behaviours_ok = True
    for n, behaviour_id in enumerate(ref.behaviours):
        key = f"reference.behaviours.{n}"
        if not need("behaviour", "behaviour", behaviour_id, key, (b.id for b in ruleset.behaviours)):
            behaviours_ok = False
            continue
        behaviour = ruleset.behaviour(behaviour_id)
        if band_ok and behaviour.band != scenario.band:
            problems.append(scenario.pos(key).problem(
                f"the behaviour '{behaviour_id}' is listed for the band '{behaviour.band}', not '{scenario.band}'; "
                "choose one from the case's band"
            ))
            behaviours_ok = False
    context_ok = True
    for n, factor_id in enumerate(ref.context):
        factors = (f.id for f in ruleset.context_factors)
        ok = need("factor", "context question", factor_id, f"reference.context.{n}", factors)
        context_ok = context_ok and ok
    if band_ok and category_ok and behaviours_ok and context_ok:
        assessment = assess(ruleset, scenario.reference_record())
        suggested = assessment.suggested.id if assessment.suggested is not None else None
        label = ruleset.category(ref.category).label
        if suggested != ref.category and not ref.differs_from_tool:
            tool = ruleset.category(suggested).label if suggested else "no suggestion"
            problems.append(scenario.pos("reference.category").problem(
                f"the reference colour is {label} but the tool suggests {tool} for the reference answers; "
                "correct the answers or the colour, or explain the difference in 'differs_from_tool'"
            ))
        elif suggested == ref.category and ref.differs_from_tool:
            problems.append(scenario.pos("reference.differs_from_tool").problem(
                f"'differs_from_tool' is given, but the tool also suggests {label} for the reference answers; "
                "remove it or change the reference"
            ))
    return problems


@dataclass(frozen=True)
class Library:
    """The scenarios of one rule set, in file order."""

    scenarios: tuple[Scenario, ...]
    folder: str = ""

    def get(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.scenarios)


def validate_library(ruleset: RuleSet, folder: str | os.PathLike[str] | None = None) -> tuple[Library, list[Problem]]:
    """The scenarios shipped with a rule set and every problem with them (an empty library if none)."""
    where = Path(folder) if folder is not None else scenarios_folder(ruleset.source)
    if where is None:
        return Library(()), []
    scenarios, problems = read_scenarios(where)
    good = []
    for scenario in scenarios:
        found = check_scenario(ruleset, scenario)
        problems.extend(found)
        if not found:
            good.append(scenario)
    return Library(tuple(good), str(where)), sorted(set(problems))


def load_library(ruleset: RuleSet, folder: str | os.PathLike[str] | None = None) -> Library:
    """The scenarios of a rule set; raise ProblemsError listing every problem."""
    library, problems = validate_library(ruleset, folder)
    if problems:
        raise ProblemsError(problems)
    return library


def json_schema() -> dict[str, Any]:
    schema = SCENARIO_SPEC.json()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Training scenario"
    return schema


if __name__ == "__main__":
    import json

    print(json.dumps(json_schema(), indent=2))
