"""The screening record: one plain document (``format: screening-record/1``).

The same document is what the app saves, what export and import write, and what the command
line reads. Reading it uses the same strict YAML reader as rule files (JSON is YAML too), so a
malformed record gets ``path:line:col: message`` problems, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from screening.problems import Problem, ProblemsError
from screening.reading.spec import Bool, Date, DateTime, Enum, Id, Int, Item, ListOf, Obj, Text
from screening.reading.yamlsafe import read_bytes
from screening.records.checks import date_issues, judgement_issues

FORMAT = "screening-record/1"
STATUSES = ("draft", "final")
DECISIONS = {
    "no_further_action": "No further action",
    "monitor": "Monitor",
    "early_help": "Early help",
    "consult_mash": "Consult the MASH",
    "mash_referral": "MASH referral",
    "police": "Police",
}
ANSWERS = {"yes": "Yes", "no": "No", "unknown": "Not known"}
CONSENT = {"yes": "Yes", "no": "No", "not_sought": "Not sought"}
# The recognised reasons for not telling parents or carers before a referral (information
# sharing guidance, Working Together 2023).
PARENTS_NOT_TOLD_REASONS = {
    "risk_to_child": "Telling them could put the child at greater risk of harm",
    "risk_to_others": "Telling them could put another person at risk of harm",
    "prejudice_investigation": "Telling them could get in the way of a police or social care enquiry",
    "parent_may_be_responsible": "A parent or carer may be responsible for the harm",
    "delay": "Trying to tell them first would cause an unsafe delay",
    "other": "Another reason (explained below)",
}


MAX_RECORD_TEXT = 200_000


def _t(text: str = "", allow_empty: bool = True) -> Text:
    return Text(allow_empty=allow_empty, description=text, strip=False, max_length=MAX_RECORD_TEXT)


@dataclass(frozen=True)
class Child:
    name: str = ""
    date_of_birth: dt.date | None = None
    age_years: int | None = None
    gender: str = ""
    school: str = ""
    address: str = ""
    learning_disability: bool = False
    developmental_age_years: int | None = None
    developmental_age_reason: str = ""
    band: str = ""  # the band chosen where bands overlap; empty until chosen


@dataclass(frozen=True)
class SelectedBehaviour:
    id: str
    notes: str = ""


@dataclass(frozen=True)
class UnlistedBehaviour:
    description: str
    notes: str = ""


@dataclass(frozen=True)
class Judgement:
    agrees: bool | None = None  # None: not yet recorded
    final_category: str = ""
    reason: str = ""  # required when the practitioner differs from the suggestion
    actions_taken: str = ""
    consulted: str = ""
    decision: str = ""  # a key of DECISIONS: the main decision
    also: tuple[str, ...] = ()  # keys of DECISIONS taken as well, e.g. police beside a MASH referral
    decision_reason: str = ""  # why this decision, required where it sits below the category's guidance

    @property
    def decisions(self) -> tuple[str, ...]:
        return ((self.decision,) if self.decision else ()) + tuple(d for d in self.also if d != self.decision)


@dataclass(frozen=True)
class Account:
    """The practitioner's own account: what a MASH worker reads first."""

    what_happened: str = ""  # what was seen or heard; the words typed in search start it
    when: str = ""
    where: str = ""
    who_was_there: str = ""
    childs_words: str = ""  # the child's own words, as said
    childs_voice: str = ""  # how the child is, and what they want


@dataclass(frozen=True)
class Referrer:
    name: str = ""
    role: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class OtherChild:
    name: str = ""
    age_years: int | None = None
    relationship: str = ""
    possible_victim: str = ""  # a key of ANSWERS
    notes: str = ""


@dataclass(frozen=True)
class Referral:
    referrer: Referrer = Referrer()
    family: str = ""
    other_children: tuple[OtherChild, ...] = ()
    parents_informed: str = ""  # a key of ANSWERS
    parents_not_informed_reason: str = ""  # a key of PARENTS_NOT_TOLD_REASONS
    parents_not_informed_details: str = ""
    consent: str = ""  # a key of CONSENT
    consent_details: str = ""
    immediate_risk: str = ""  # a key of ANSWERS
    immediate_risk_details: str = ""


@dataclass(frozen=True)
class Addendum:
    at: str
    author: str
    text: str


@dataclass(frozen=True)
class RuleSetRef:
    id: str
    version: str
    sha256: str


@dataclass(frozen=True)
class Record:
    role: str
    concern_date: dt.date | None = None
    child: Child = Child()
    behaviours: tuple[SelectedBehaviour, ...] = ()
    unlisted_behaviours: tuple[UnlistedBehaviour, ...] = ()
    context: tuple[str, ...] = ()  # context questions answered yes
    context_no: tuple[str, ...] = ()  # answered no
    context_unknown: tuple[str, ...] = ()  # answered "don't know": still to find out, never read as no
    account: Account = Account()
    judgement: Judgement = Judgement()
    referral: Referral = Referral()
    id: str = ""
    status: str = "draft"
    created: str = ""
    updated: str = ""
    ruleset: RuleSetRef | None = None
    addenda: tuple[Addendum, ...] = ()

    @property
    def is_final(self) -> bool:
        return self.status == "final"

    def with_changes(self, **changes: Any) -> Record:
        return replace(self, **changes)


_ACCOUNT_KEYS = ("what_happened", "when", "where", "who_was_there", "childs_words", "childs_voice")
_ADDENDUM = Obj({"at": DateTime(), "author": _t(), "text": _t(allow_empty=False)})
RECORD_SPEC = Obj(
    {
        "format": Enum((FORMAT,), description="Always screening-record/1."),
        # exported files say they are not encrypted; read and ignored, so they import unchanged
        "notice": _t("A note to whoever holds the file (exports say they are not encrypted); ignored."),
        "id": _t("The record's id in the store."),
        "status": Enum(STATUSES),
        "created": DateTime(),
        "updated": DateTime(),
        "ruleset": Obj({"id": _t(), "version": _t(), "sha256": _t()}),
        "role": Id(description="The role of the person screening."),
        "concern_date": Date(description="The date of the behaviour or concern."),
        "child": Obj(
            {
                "name": _t("Name or initials; may be empty."),
                "date_of_birth": Date(),
                "age_years": Int(0, 25),
                "gender": _t(),
                "school": _t(),
                "address": _t(),
                "learning_disability": Bool(),
                "developmental_age_years": Int(0, 25),
                "developmental_age_reason": _t(),
                "band": Id(),
            },
            optional=frozenset(
                {"name", "date_of_birth", "age_years", "gender", "school", "address", "learning_disability",
                 "developmental_age_years", "developmental_age_reason", "band"}
            ),
        ),
        "behaviours": ListOf(Obj({"id": Id(), "notes": _t()}, optional=frozenset({"notes"}))),
        "unlisted_behaviours": ListOf(
            Obj({"description": _t(allow_empty=False), "notes": _t()}, optional=frozenset({"notes"}))
        ),
        "context": ListOf(Id(), description="Context questions answered yes."),
        "context_no": ListOf(Id(), description="Context questions answered no."),
        "context_unknown": ListOf(Id(), description="Context questions answered don't know."),
        "account": Obj(
            {k: _t() for k in _ACCOUNT_KEYS},
            optional=frozenset(_ACCOUNT_KEYS),
        ),
        "judgement": Obj(
            {
                "agrees": Bool(),
                "final_category": _t(),
                "reason": _t(),
                "actions_taken": _t(),
                "consulted": _t(),
                "decision": Enum(("", *DECISIONS)),
                "also": ListOf(Enum(tuple(DECISIONS))),
                "decision_reason": _t(),
            },
            optional=frozenset(
                {"agrees", "final_category", "reason", "actions_taken", "consulted", "decision", "also",
                 "decision_reason"}
            ),
        ),
        "referral": Obj(
            {
                "referrer": Obj(
                    {k: _t() for k in ("name", "role", "organisation", "phone", "email")},
                    optional=frozenset({"name", "role", "organisation", "phone", "email"}),
                ),
                "family": _t(),
                "other_children": ListOf(
                    Obj(
                        {
                            "name": _t(),
                            "age_years": Int(0, 25),
                            "relationship": _t(),
                            "possible_victim": Enum(("", *ANSWERS)),
                            "notes": _t(),
                        },
                        optional=frozenset({"name", "age_years", "relationship", "possible_victim", "notes"}),
                    )
                ),
                "parents_informed": Enum(("", *ANSWERS)),
                "parents_not_informed_reason": Enum(("", *PARENTS_NOT_TOLD_REASONS)),
                "parents_not_informed_details": _t(),
                "consent": Enum(("", *CONSENT)),
                "consent_details": _t(),
                "immediate_risk": Enum(("", *ANSWERS)),
                "immediate_risk_details": _t(),
            },
            optional=frozenset(
                {"referrer", "family", "other_children", "parents_informed", "parents_not_informed_reason",
                 "parents_not_informed_details", "consent", "consent_details", "immediate_risk",
                 "immediate_risk_details"}
            ),
        ),
        "addenda": ListOf(_ADDENDUM),
    },
    optional=frozenset(
        {"notice", "id", "status", "created", "updated", "ruleset", "concern_date", "child", "behaviours",
         "unlisted_behaviours", "context", "context_no", "context_unknown", "account", "judgement", "referral",
         "addenda"}
    ),
)


def parse_record(data: bytes, name: str = "<record>") -> Record:
    """Read a record document (JSON or YAML); raise ProblemsError with every problem."""
    tree, problems = read_bytes(name, data, kind="record file")
    if tree is None:
        raise ProblemsError(problems or [Problem(name, 1, 1, "the record is empty")])
    item = RECORD_SPEC.check(tree, problems, "the record")
    if problems or item is None:
        raise ProblemsError(problems)
    return _record_from_item(item)


def _sub(item: Item | None, cls: type, **convert: Any) -> Any:
    if item is None:
        return cls()
    values = dict(item.values)
    for key, fn in convert.items():
        if key in values:
            values[key] = fn(values[key])
    return cls(**values)


def _record_from_item(item: Item) -> Record:
    referral = item.get("referral")
    return Record(
        id=item.get("id", ""),
        status=item.get("status", "draft"),
        created=item.get("created", ""),
        updated=item.get("updated", ""),
        ruleset=_sub(item["ruleset"], RuleSetRef) if "ruleset" in item.values else None,
        role=item["role"],
        concern_date=item.get("concern_date"),
        child=_sub(item.get("child"), Child),
        behaviours=tuple(_sub(b, SelectedBehaviour) for b in item.get("behaviours", [])),
        unlisted_behaviours=tuple(_sub(u, UnlistedBehaviour) for u in item.get("unlisted_behaviours", [])),
        context=tuple(item.get("context", [])),
        context_no=tuple(item.get("context_no", [])),
        context_unknown=tuple(item.get("context_unknown", [])),
        account=_sub(item.get("account"), Account),
        judgement=_sub(item.get("judgement"), Judgement, also=tuple),
        referral=_sub(
            referral,
            Referral,
            referrer=lambda r: _sub(r, Referrer),
            other_children=lambda cs: tuple(_sub(c, OtherChild) for c in cs),
        ),
        addenda=tuple(_sub(a, Addendum) for a in item.get("addenda", [])),
    )


def _plain(value: Any) -> Any:
    """A JSON-ready copy with empty values left out, so documents stay short and stable."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            plain = _plain(item)
            if plain in (None, "", [], {}) or (key == "learning_disability" and plain is False):
                continue
            out[key] = plain
        return out
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def record_to_dict(record: Record) -> dict[str, Any]:
    body = {f.name: getattr(record, f.name) for f in fields(record)}
    out: dict[str, Any] = {"format": FORMAT}
    for key, value in body.items():
        out[key] = asdict(value) if hasattr(value, "__dataclass_fields__") else value
    out["behaviours"] = [asdict(b) for b in record.behaviours]
    out["unlisted_behaviours"] = [asdict(u) for u in record.unlisted_behaviours]
    out["addenda"] = [asdict(a) for a in record.addenda]
    plain: dict[str, Any] = _plain(out)
    # an addendum's author is required in the document, even when it was left empty
    for written, addendum in zip(plain.get("addenda", ()), record.addenda, strict=True):
        written.setdefault("author", addendum.author)
    # the rule-set reference is whole or absent, even when a part of it is empty
    if record.ruleset is not None:
        plain["ruleset"] = asdict(record.ruleset)
    # agrees=False is meaningful and must survive; _plain only drops empty values
    if record.judgement.agrees is not None:
        plain.setdefault("judgement", {})["agrees"] = record.judgement.agrees
    plain["role"] = record.role
    return plain


# Characters that JSON writes as they are but a YAML reader (which reads records) refuses or turns
# into a space: DEL and the C1 controls (NEL among them), the Unicode line and paragraph separators,
# a BOM and the non-characters. Written as \u escapes, they survive the round trip.
_NOT_FOR_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def record_to_json(record: Record) -> str:
    text = json.dumps(record_to_dict(record), indent=2, ensure_ascii=False, sort_keys=False)
    return _NOT_FOR_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class RecordIssue:
    """Something incomplete or inconsistent in a record, for the app and the command line."""

    field: str
    message: str


def completeness(
    record: Record,
    decided: bool = True,
    *,
    suggested_category: str | None = None,
    band_needs_choice: bool = False,
    scale: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[RecordIssue]:
    """What must be filled in, or put right, before a record can be finalised.

    suggested_category, band_needs_choice, scale (category ids, least concern first) and labels
    come from the assessment and the rule set (engine.finalise_issues); without them the checks
    that need the rule set are skipped, or assume the shipped GREEN/AMBER/RED (records.checks).
    """

    issues = []
    child = record.child
    if child.date_of_birth is None and child.age_years is None:
        issues.append(RecordIssue("child", "Give the child's date of birth or age."))
    if record.concern_date is None:
        issues.append(RecordIssue("concern_date", "Give the date of the behaviour."))
    issues.extend(RecordIssue(i.where[0], i.message) for i in date_issues(child.date_of_birth, record.concern_date))
    if band_needs_choice:
        issues.append(
            RecordIssue("child", "The child's age fits more than one age band; choose the band on the Child step.")
        )
    if not record.behaviours and not record.unlisted_behaviours:
        issues.append(RecordIssue("behaviours", "Choose at least one behaviour, or describe one."))
    j = record.judgement
    if decided:
        if j.agrees is None:
            issues.append(RecordIssue("judgement", "Say whether you agree with the suggestion."))
        elif not j.agrees and not j.reason.strip():
            issues.append(RecordIssue("judgement", "Give your reason for differing from the suggestion."))
        if not j.final_category:
            issues.append(RecordIssue("judgement", "Choose the final category."))
        elif j.agrees and suggested_category and j.final_category != suggested_category:
            # the suggestion changed after the practitioner agreed; never settle it for them
            issues.append(
                RecordIssue(
                    "judgement",
                    "The suggestion has changed since you agreed with it: agree again, or choose "
                    "\"I differ\" and give your reason.",
                )
            )
        if not j.decision:
            issues.append(RecordIssue("judgement", "Choose a decision."))
        found = judgement_issues(
            agrees=j.agrees,
            final_category=j.final_category,
            decisions=j.decisions,
            decision_reason=j.decision_reason,
            immediate_risk=record.referral.immediate_risk,
            suggested_category=suggested_category,
            scale=scale,
            labels=labels,
        )
        issues.extend(RecordIssue(i.field, i.message) for i in found)
    ref = record.referral
    if ref.parents_informed == "no" and not ref.parents_not_informed_reason:
        issues.append(RecordIssue("referral", "Say why parents or carers were not told."))
    return issues
