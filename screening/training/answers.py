"""A participant's answers to training cases: the ``screening-answers/1`` document (JSON).

It holds no real data: an alias, a role and an agency, and for each case the colour, the
behaviours, the context answers and the decision the participant chose.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from screening.fileio import atomic_write_text
from screening.problems import Problem, ProblemsError
from screening.reading.spec import Enum, Id, Item, ListOf, Obj, Text
from screening.reading.yamlsafe import Pos, read_bytes
from screening.records.document import DECISIONS, Record
from screening.ruleset.model import RuleSet
from screening.training.scenarios import Library

FORMAT = "screening-answers/1"
MAX_ANSWERS_BYTES = 1024 * 1024

ANSWER_SPEC = Obj(
    {
        "scenario": Id(description="The id of the training scenario."),
        "category": Id(description="The colour the participant chose (a category id)."),
        "behaviours": ListOf(Id()),
        "context": ListOf(Id(), description="Context questions answered yes."),
        "decision": Enum(("", *DECISIONS)),
    },
    optional=frozenset({"behaviours", "context", "decision"}),
)
ANSWERS_SPEC = Obj(
    {
        "format": Enum((FORMAT,), description=f"Always {FORMAT}."),
        "participant": Obj(
            {
                "alias": Text(max_length=80, description="A made-up name or number, never a real name."),
                "role": Id(description="A role id of the rule set."),
                "agency": Text(max_length=120, description="The agency, e.g. school, health, children's services."),
            }
        ),
        "answers": ListOf(ANSWER_SPEC),
    }
)


@dataclass(frozen=True)
class Participant:
    alias: str
    role: str
    agency: str


@dataclass(frozen=True)
class Answer:
    scenario: str
    category: str
    behaviours: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    decision: str = ""


@dataclass(frozen=True)
class AnswersFile:
    participant: Participant
    answers: tuple[Answer, ...]
    path: str = ""
    where: dict[str, Pos] = field(default_factory=dict, hash=False, compare=False, repr=False)

    def answer(self, scenario_id: str) -> Answer | None:
        return next((a for a in self.answers if a.scenario == scenario_id), None)

    def with_answer(self, answer: Answer) -> AnswersFile:
        """A copy with this case's answer given (replacing an earlier one for the same case)."""
        others = tuple(a for a in self.answers if a.scenario != answer.scenario)
        return replace(self, answers=(*others, answer))

    def pos(self, key: str) -> Pos:
        return self.where.get(key) or Pos(self.path, 1, 1)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "participant": {
                "alias": self.participant.alias,
                "role": self.participant.role,
                "agency": self.participant.agency,
            },
            "answers": [
                {
                    "scenario": a.scenario,
                    "category": a.category,
                    "behaviours": list(a.behaviours),
                    "context": list(a.context),
                    "decision": a.decision,
                }
                for a in self.answers
            ],
        }


def parse_answers(data: bytes, name: str = "<answers>") -> AnswersFile:
    """Read an answers document; raise ProblemsError with every problem as path:line:col."""
    tree, problems = read_bytes(name, data)
    if tree is None:
        raise ProblemsError(problems or [Problem(name, 1, 1, "the answers file is empty")])
    item = ANSWERS_SPEC.check(tree, problems, "the answers file")
    if item is None or problems:
        raise ProblemsError(problems)
    person: Item = item["participant"]
    where: dict[str, Pos] = {f"participant.{k}": person.where(k) for k in ("alias", "role", "agency")}
    answers = []
    seen: dict[str, int] = {}
    for n, a in enumerate(item["answers"]):
        for key in ("scenario", "category", "decision"):
            where[f"answers.{n}.{key}"] = a.where(key)
        for key in ("behaviours", "context"):
            node = a.field_nodes.get(key)
            for m, child in enumerate(getattr(node, "items", ())):
                where[f"answers.{n}.{key}.{m}"] = child.pos
        if a["scenario"] in seen:
            problems.append(a.where("scenario").problem(
                f"the case '{a['scenario']}' is answered twice in this file (also answer {seen[a['scenario']] + 1}); "
                "keep one answer per case"
            ))
        seen[a["scenario"]] = n
        answers.append(Answer(a["scenario"], a["category"], tuple(a.get("behaviours", ())),
                              tuple(a.get("context", ())), a.get("decision", "")))
    if problems:
        raise ProblemsError(problems)
    participant = Participant(person["alias"], person["role"], person["agency"])
    return AnswersFile(participant, tuple(answers), name, where)


def read_answers_file(path: str | os.PathLike[str]) -> AnswersFile:
    import stat

    name = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ProblemsError([Problem(name, 0, 0, "this is not an answers file")])
        if os.stat(path).st_size > MAX_ANSWERS_BYTES:
            raise ProblemsError([Problem(name, 0, 0, "the answers file is larger than 1 MiB")])
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ProblemsError([Problem(name, 0, 0, f"cannot read the answers file: {exc.strerror or exc}")]) from None
    return parse_answers(data, name)


def check_answers(ruleset: RuleSet, library: Library, files: Sequence[AnswersFile]) -> list[Problem]:
    """Problems with what the answers point at: cases, colours, behaviours, questions, roles; repeats."""
    problems: list[Problem] = []
    aliases: dict[str, AnswersFile] = {}
    for f in files:
        if not ruleset.has("role", f.participant.role):
            roles = ", ".join(r.id for r in ruleset.roles)
            problems.append(f.pos("participant.role").problem(
                f"there is no role '{f.participant.role}' in the rule set; the roles are: {roles}"
            ))
        alias = f.participant.alias.casefold()
        if alias in aliases:
            problems.append(f.pos("participant.alias").problem(
                f"the alias '{f.participant.alias}' is also used in {aliases[alias].path}; each participant "
                "needs their own alias, or their answers would be counted twice"
            ))
        aliases.setdefault(alias, f)
        for n, a in enumerate(f.answers):
            if library.get(a.scenario) is None:
                problems.append(f.pos(f"answers.{n}.scenario").problem(
                    f"there is no training case '{a.scenario}'; see 'screening training list'"
                ))
            if not ruleset.has("category", a.category):
                cats = ", ".join(c.id for c in ruleset.categories)
                problems.append(f.pos(f"answers.{n}.category").problem(
                    f"there is no colour '{a.category}'; the choices are: {cats}"
                ))
            for m, b in enumerate(a.behaviours):
                if not ruleset.has("behaviour", b):
                    problems.append(f.pos(f"answers.{n}.behaviours.{m}").problem(f"there is no behaviour '{b}'"))
            for m, c in enumerate(a.context):
                if not ruleset.has("factor", c):
                    problems.append(f.pos(f"answers.{n}.context.{m}").problem(f"there is no context question '{c}'"))
    return problems


def answer_from_record(scenario_id: str, record: Record, suggested: str | None) -> Answer:
    """A participant's answer from their training screening: their final colour, or the suggestion they accepted."""
    judgement = record.judgement
    return Answer(
        scenario=scenario_id,
        category=judgement.final_category or suggested or "",
        behaviours=tuple(b.id for b in record.behaviours),
        context=tuple(record.context),
        decision=judgement.decision,
    )


def dumps(answers: AnswersFile) -> str:
    return json.dumps(answers.to_json(), indent=2, ensure_ascii=False) + "\n"


def write_answers(path: str | os.PathLike[str], answers: AnswersFile) -> None:
    """Written atomically and privately (0600), wherever the participant chose: never the records store."""
    atomic_write_text(path, dumps(answers))
