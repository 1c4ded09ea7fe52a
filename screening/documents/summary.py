"""One summary of a record, as numbered sections of labelled rows, for every rendering of it.

The referral PDF (``documents.referral``), the plain text in the app and ``screening records
show`` (``documents.summary_text``) all render this one model, so they say the same things with
the same labels, the same dates and in the same order. Values are plain text exactly as typed;
each renderer makes them safe for its medium (PDF markup, a terminal).

Sections come in the order a MASH worker reads them: urgency first, contacts last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from screening.dates import NOT_GIVEN, format_date, format_datetime, format_local
from screening.engine import Assessment, assess
from screening.records.document import ANSWERS, CONSENT, DECISIONS, PARENTS_NOT_TOLD_REASONS, Record
from screening.records.references import ruleset_differs
from screening.ruleset.model import RuleSet
from screening.settings import Settings
from screening.texts import DISCLAIMER_PRINTED, EMERGENCY_LINE

TITLE = "Referral summary: harmful sexual behaviour screening"
MARKING = "OFFICIAL-SENSITIVE"
NOT_SET = "Not set (add it in the app's Settings)"

# How a value is shown. text: a person's or a rule file's words, paragraphs kept; strong: bold;
# missing: an italic placeholder; small, caption (small bold), aside (small italic), note (italic);
# category: a category word beside its colour; step and decisive: a line of the tool's reasoning.
Style = Literal["text", "strong", "missing", "small", "caption", "aside", "note", "category", "step", "decisive"]


@dataclass(frozen=True)
class Value:
    text: str
    style: Style = "text"
    colour: str = ""  # a category's colour, for style "category"


Cell = tuple[Value, ...]


@dataclass(frozen=True)
class Row:
    """A label and its value; an empty label is text across the whole width."""

    label: str
    value: Cell


@dataclass(frozen=True)
class GridRow:
    """One line of a table with column headings; ``ref`` is the rule-set id it shows, if any."""

    cells: tuple[Cell, ...]
    ref: str = ""


@dataclass(frozen=True)
class Rows:
    rows: tuple[Row, ...]
    title: str = ""  # a heading inside the section, for a block after the first


@dataclass(frozen=True)
class Grid:
    columns: tuple[str, ...]
    rows: tuple[GridRow, ...]
    empty: str  # said when there are no rows
    title: str = ""
    widths_mm: tuple[float, ...] = ()  # the fixed columns' widths in the PDF; the last takes the rest


Block = Rows | Grid


@dataclass(frozen=True)
class Section:
    number: int
    key: str  # stable: urgency, child, family, referrer, what_happened, context, ...
    title: str
    blocks: tuple[Block, ...]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class Summary:
    emergency: str
    sections: tuple[Section, ...]
    about: tuple[str, ...]  # the closing small print
    child: str  # for page headers
    record_id: str
    ruleset: str  # title, version and short hash, for page footers
    generated: str
    draft: bool

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


# ----------------------------------------------------------------------------- small pieces


def _text(text: str, empty: str = NOT_GIVEN) -> Cell:
    return (Value(text),) if text.strip() else (Value(empty, "missing"),)


def _plain(text: str, empty: str = NOT_GIVEN) -> Cell:
    """A short answer: the text, or the word for not given (not in italics, as before)."""
    return (Value(text or empty),)


def _joined(labels: Iterable[str]) -> str:
    items = list(labels)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class _Parts:
    """Lookups that never fail: a record made with another rule set still shows what it holds."""

    def __init__(self, ruleset: RuleSet | None) -> None:
        self.ruleset = ruleset

    def category(self, category_id: str) -> Cell:
        rs = self.ruleset
        if rs is not None and rs.has("category", category_id):
            c = rs.category(category_id)
            return (Value(c.label, "category", c.colour),)
        return (Value(category_id.upper(), "strong"),)

    def role(self, role_id: str) -> str:
        rs = self.ruleset
        return rs.role(role_id).label if rs is not None and rs.has("role", role_id) else role_id


# ----------------------------------------------------------------------------- the sections


def _urgency(record: Record, assessment: Assessment | None, parts: _Parts) -> list[Block]:
    ref, j = record.referral, record.judgement
    risk = "YES: a child may be at immediate risk" if ref.immediate_risk == "yes" else (
        ANSWERS.get(ref.immediate_risk, NOT_GIVEN))
    risk_cell: Cell = (Value(risk, "strong"),)
    if ref.immediate_risk_details.strip():
        risk_cell += (Value(ref.immediate_risk_details),)
    decisions = _joined(DECISIONS.get(d, d) for d in j.decisions) if j.decisions else NOT_GIVEN
    if assessment is None:
        suggested: Cell = (Value("Not shown (the record's rule set is not available)", "missing"),)
    elif assessment.suggested is not None:
        suggested = parts.category(assessment.suggested.id)
    else:
        suggested = _plain("No suggestion")
    rows = [
        Row("Immediate risk to a child?", risk_cell),
        Row("Decision", _plain(decisions)),
        Row("Practitioner's final category", parts.category(j.final_category) if j.final_category
            else _plain("")),
        Row("Tool's suggested category", suggested),
        Row("Date of the concern", _plain(format_date(record.concern_date))),
        Row("Record status", _plain("Final" if record.is_final else "Draft (not finalised)")),
    ]
    return [Rows(tuple(rows))]


def _child(record: Record, assessment: Assessment | None, generated: dt.datetime) -> list[Block]:
    c = record.child
    age_now = assessment.band_choice.age if assessment is not None else c.age_years
    if age_now is None:
        age = NOT_GIVEN
    elif c.date_of_birth is not None and record.concern_date is not None:
        age = f"{age_now} at the date of the concern"
    elif c.date_of_birth is not None:
        age = f"{age_now} (on {format_date(generated.date())}; no date of the concern was given)"
    else:
        age = f"{age_now} (as given)"
    if c.learning_disability or c.developmental_age_years is not None:
        send = "Yes" if c.learning_disability else "Not recorded as a need, but a developmental age is given"
    else:
        send = "None recorded"
    rows = [
        Row("Name or initials", _plain(c.name)),
        Row("Date of birth", _plain(format_date(c.date_of_birth))),
        Row("Age", _plain(age)),
        Row("Gender", _plain(c.gender)),
        Row("School or setting", _plain(c.school)),
    ]
    if c.address.strip():
        rows.append(Row("Address", _text(c.address)))
    rows.append(Row("SEND or developmental delay", _plain(send)))
    if c.developmental_age_years is not None:
        rows.append(Row("Developmental age", _plain(str(c.developmental_age_years))))
        rows.append(Row("Why the developmental age was used", _text(c.developmental_age_reason)))
    if assessment is None:
        band = c.band or NOT_GIVEN
    else:
        choice = assessment.band_choice
        band = choice.band.label if choice.band else "None (no age was given)"
        if choice.band is not None and choice.needs_choice:
            band += " (the bands overlap and none was chosen; see the suggestion section)"
    rows.append(Row("Age band used", _plain(band)))
    return [Rows(tuple(rows))]


def _referrer(record: Record, settings: Settings, parts: _Parts) -> list[Block]:
    r, s = record.referral.referrer, settings
    if not any((r.name, r.role, r.organisation, r.phone, r.email)):
        # a record with no referrer at all: the person printing it (from the settings) is the referrer
        values = (s.practitioner_name, s.referrer_role, s.organisation, s.referrer_phone, s.referrer_email)
    else:
        values = (r.name, r.role, r.organisation, r.phone, r.email)
    labels = ("Name", "Role", "Organisation", "Phone", "Email")
    rows = [Row(label, _plain(value)) for label, value in zip(labels, values, strict=True)]
    rows.append(Row("Screened as", _plain(parts.role(record.role))))
    rows.append(Row("Date of the concern", _plain(format_date(record.concern_date))))
    return [Rows(tuple(rows))]


ACCOUNT_LABELS = (
    ("what_happened", "What was seen or heard"),
    ("when", "When"),
    ("where", "Where"),
    ("who_was_there", "Who was there"),
    ("childs_words", "The child's own words"),
    ("childs_voice", "The child's voice: how they are, what they want"),
)


def _what_happened(record: Record, parts: _Parts) -> list[Block]:
    account = record.account
    told = [Row(label, _text(getattr(account, key))) for key, label in ACCOUNT_LABELS
            if getattr(account, key).strip()]
    if not told:
        told = [Row("The practitioner's account", _text(""))]
    rows: list[GridRow] = []
    rs = parts.ruleset
    for selected in record.behaviours:
        detail: list[Value] = []
        if rs is not None and rs.has("behaviour", selected.id):
            behaviour = rs.behaviour(selected.id)
            band = rs.band(behaviour.band).label if rs.has("band", behaviour.band) else behaviour.band
            mark = parts.category(behaviour.category)
            detail += [Value(behaviour.text), Value(f"Listed for {band}", "aside")]
        else:
            mark = (Value(_not_found_mark(record, rs), "caption"),)
            detail.append(Value(selected.id))
        if selected.notes.strip():
            detail += [Value("Practitioner's notes:", "caption"), Value(selected.notes)]
        rows.append(GridRow((mark, tuple(detail)), ref=selected.id))
    for unlisted in record.unlisted_behaviours:
        detail = [Value("Described by the practitioner (not in the list):", "caption"), *_text(unlisted.description)]
        if unlisted.notes.strip():
            detail += [Value("Practitioner's notes:", "caption"), Value(unlisted.notes)]
        rows.append(GridRow(((Value("NOT LISTED", "caption"),), tuple(detail))))
    behaviours = Grid(("Category", "Behaviour and notes"), tuple(rows), "No behaviour has been chosen or described.",
                      title="Behaviours chosen or described", widths_mm=(30,))
    return [Rows(tuple(told)), behaviours]


def _not_found_mark(record: Record, ruleset: RuleSet | None) -> str:
    """Why a chosen behaviour has no words: only a rule set in hand can say it is not in it."""
    if ruleset is not None:
        return "NOT IN THIS RULE SET"
    return "NO RULE SET NAMED" if record.ruleset is None else "RULE SET NOT AVAILABLE"


def _context(record: Record, parts: _Parts) -> list[Block]:
    rs = parts.ruleset

    def question(factor_id: str, answer: str, effect: bool) -> GridRow:
        if rs is None or not rs.has("factor", factor_id):
            return GridRow(((Value(answer, "strong"),), (Value(factor_id),)), ref=factor_id)
        factor = rs.factor(factor_id)
        about: Cell = (Value(factor.question), Value(factor.explanation, "small"))
        if effect:
            about += (Value(f"Effect: this {factor.effect.describe(rs)}.", "aside"),)
        return GridRow(((Value(answer, "strong"),), about), ref=factor_id)

    blocks: list[Block] = [
        Grid(("Answer", "Question and why it matters"), tuple(question(f, "Yes", True) for f in record.context),
             "No context question was answered yes.", widths_mm=(18,)),
    ]
    if record.context_unknown:
        blocks.append(Grid(
            ("Answer", "Still to find out"),
            tuple(question(f, "Don't know", False) for f in record.context_unknown),
            "", title="Information still to gather (answered \"don't know\")", widths_mm=(18,),
        ))
    return blocks


def _other_children(record: Record) -> list[Block]:
    rows = tuple(
        GridRow((
            _plain(other.name),
            _plain("" if other.age_years is None else str(other.age_years), ""),
            _plain(other.relationship, ""),
            _plain(ANSWERS.get(other.possible_victim, NOT_GIVEN)),
            (Value(other.notes),) if other.notes.strip() else (),
        ))
        for other in record.referral.other_children
    )
    return [Grid(("Name", "Age", "Relationship", "Possible victim?", "Notes"), rows,
                 "No other children are recorded.", widths_mm=(36, 12, 32, 22))]


def _suggestion(record: Record, ruleset: RuleSet | None, assessment: Assessment | None, why_not: str,
                parts: _Parts) -> list[Block]:
    if ruleset is None or assessment is None:
        return [Rows((Row("Assessment", (Value("not shown. " + why_not, "missing"),)),
                      Row("About the tool", _plain(DISCLAIMER_PRINTED))))]
    a = assessment
    if a.suggested is not None:
        suggested: Cell = (*parts.category(a.suggested.id), *((Value(a.suggested.meaning, "small"),)
                                                              if a.suggested.meaning else ()))
    else:
        suggested = _plain("No suggestion")
    steps = tuple(Value(step.text, "decisive" if step.decisive else "step") for step in a.trace)
    rows = [Row("Suggested category", suggested), Row("How the tool got there", steps)]
    ref = record.ruleset
    rows.append(Row("About the tool", _plain(DISCLAIMER_PRINTED)))
    if ref is not None and ruleset_differs(ref, ruleset):
        note = (f"This record was made with rule set {ref.id} version {ref.version} (SHA-256 {ref.sha256[:12]}); "
                f"this summary was assessed with {ruleset.info.id} version {ruleset.info.version} "
                f"(SHA-256 {ruleset.short_hash}), so the suggestion may differ from the one seen then.")
        rows.append(Row("Note", (Value(note, "note"),)))
    return [Rows(tuple(rows))]


def _judgement(record: Record, parts: _Parts) -> list[Block]:
    j = record.judgement
    agrees = {None: NOT_GIVEN, True: "Agrees with the tool's suggestion",
              False: "Differs from the tool's suggestion"}[j.agrees]
    rows = [Row("Agrees or differs", _plain(agrees))]
    if j.agrees is False or j.reason.strip():
        rows.append(Row("Reason", _text(j.reason)))
    rows.append(Row("Final category", parts.category(j.final_category) if j.final_category else _plain("")))
    rows.append(Row("Decision", _plain(DECISIONS.get(j.decision, j.decision))))
    also = [DECISIONS.get(d, d) for d in j.decisions if d != j.decision]
    if also:
        rows.append(Row("Also decided", _plain(_joined(also))))
    if j.decision_reason.strip():
        rows.append(Row("Reason for the decision", _text(j.decision_reason)))
    return [Rows(tuple(rows))]


def _parents(record: Record) -> list[Block]:
    ref = record.referral
    rows = [Row("Parents or carers told?", _plain(ANSWERS.get(ref.parents_informed, NOT_GIVEN)))]
    if ref.parents_informed != "yes" and (ref.parents_not_informed_reason or ref.parents_not_informed_details):
        reason = PARENTS_NOT_TOLD_REASONS.get(ref.parents_not_informed_reason, NOT_GIVEN)
        details = (Value(ref.parents_not_informed_details),) if ref.parents_not_informed_details.strip() else ()
        rows.append(Row("Why not", (Value(reason), *details)))
    elif ref.parents_informed == "no":
        rows.append(Row("Why not", _plain("")))
    rows.append(Row("Consent to the referral?", _plain(CONSENT.get(ref.consent, NOT_GIVEN))))
    if ref.consent_details.strip():
        rows.append(Row("About consent", _text(ref.consent_details)))
    return [Rows(tuple(rows))]


def _addenda(record: Record) -> list[Block]:
    rows = tuple(GridRow((_plain(format_local(a.at)), _plain(a.author), _text(a.text))) for a in record.addenda)
    return [Grid(("When", "Who", "What"), rows, "", widths_mm=(34, 36))]


def _contacts(settings: Settings) -> list[Block]:
    s = settings
    rows = (
        Row("MASH phone", _plain(s.mash_phone, NOT_SET)),
        Row("MASH online form", _plain(s.mash_online_form, NOT_SET)),
        Row("Consultation line", _plain(s.consultation_line, NOT_SET)),
        Row("LADO", _plain(s.lado, NOT_SET)),
        Row("Police (non-emergency)", _plain(s.police_non_emergency, NOT_SET)),
        Row("Police (emergency)", _plain(s.police_emergency, NOT_SET)),
    )
    return [Rows(rows)]


def _about(ruleset: RuleSet | None, settings: Settings) -> tuple[str, ...]:
    lines = []
    if ruleset is not None:
        info = ruleset.info
        approved = f"approved by {info.approved_by}" if info.approved_by else "not yet approved for local use"
        lines.append(f"Rule set: {info.title}, version {info.version} ({info.status}, {approved}), "
                     f"published by {info.publisher}. SHA-256 {ruleset.sha256}.")
    lines.append("This summary holds personal information about children. Share it only with those who need it, "
                 "by secure means.")
    if settings.retention_note.strip():
        lines.append(f"Keeping and destroying it: {settings.retention_note.strip()}")
    return tuple(lines)


def build_summary(
    record: Record,
    ruleset: RuleSet | None,
    settings: Settings,
    *,
    assessment: Assessment | None = None,
    generated_at: dt.datetime | None = None,
    why_no_ruleset: str = "",
) -> Summary:
    """The record's summary. With ``ruleset=None`` (the record's own rule set is not available)
    the record's ids stand in for the rule set's words and there is no suggestion."""
    generated = generated_at or dt.datetime.now().astimezone()
    if ruleset is not None and assessment is None:
        assessment = assess(ruleset, record, today=generated.date())
    if ruleset is None:
        assessment = None
    parts = _Parts(ruleset)
    made: list[tuple[str, str, list[Block]]] = [
        ("urgency", "Urgency and immediate risk", _urgency(record, assessment, parts)),
        ("child", "The child", _child(record, assessment, generated)),
        ("family", "Family and household", [Rows((Row("", _text(record.referral.family)),))]),
        ("referrer", "Referrer", _referrer(record, settings, parts)),
        ("what_happened", "What happened", _what_happened(record, parts)),
        ("context", "Context: questions answered yes", _context(record, parts)),
        ("other_children", "Other children involved", _other_children(record)),
        ("suggestion", "The tool's suggestion", _suggestion(record, ruleset, assessment, why_no_ruleset, parts)),
        ("judgement", "The practitioner's judgement", _judgement(record, parts)),
        ("actions", "Actions taken and who was consulted", [Rows((
            Row("Actions taken", _text(record.judgement.actions_taken)),
            Row("Consulted", _text(record.judgement.consulted)),
        ))]),
        ("parents", "Parents, carers and consent", _parents(record)),
    ]
    if record.addenda:
        made.append(("addenda", "Addenda (added after the record was finalised)", _addenda(record)))
    made.append(("contacts", "Local contacts", _contacts(settings)))
    sections = tuple(Section(n, key, title, tuple(blocks)) for n, (key, title, blocks) in enumerate(made, start=1))
    if ruleset is not None:
        info = ruleset.info
        ruleset_line = f"{info.title}, version {info.version}, SHA-256 {ruleset.short_hash}"
    else:
        ruleset_line = "not available"
    return Summary(
        emergency=EMERGENCY_LINE,
        sections=sections,
        about=_about(ruleset, settings),
        child=record.child.name or "name not given",
        record_id=record.id or "not saved",
        ruleset=ruleset_line,
        generated=format_datetime(generated),
        draft=not record.is_final,
    )


def labelled_values(summary: Summary) -> list[tuple[str, str, str]]:
    """(section heading, label, value text) for every value in the summary, in order.

    What every rendering must show; the test that renders one record three ways compares these.
    """
    out: list[tuple[str, str, str]] = []
    for section in summary.sections:
        for block in section.blocks:
            if isinstance(block, Rows):
                for row in block.rows:
                    out.extend((section.heading, row.label, v.text) for v in row.value)
            else:
                for grid_row in block.rows:
                    label = " ".join(v.text for v in grid_row.cells[0]) if grid_row.cells else ""
                    for cell in grid_row.cells[1:]:
                        out.extend((section.heading, label, v.text) for v in cell)
    return out
