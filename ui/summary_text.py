"""A plain-text summary of a screening, shown until (or where) the PDF preview is not available."""

from __future__ import annotations

from screening.engine import Assessment
from screening.records.document import ANSWERS, CONSENT, DECISIONS, PARENTS_NOT_TOLD_REASONS, Record
from screening.ruleset.model import RuleSet
from screening.texts import EMERGENCY_LINE


def _category(ruleset: RuleSet, category_id: str) -> str:
    if not category_id:
        return "not chosen"
    return ruleset.category(category_id).label if ruleset.has("category", category_id) else category_id


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def summary_text(ruleset: RuleSet, record: Record, assessment: Assessment, saved: bool = True) -> str:
    out: list[str] = []
    add = out.append
    add("SCREENING SUMMARY" + ("" if saved else " (guidance only: nothing is saved)"))
    add(EMERGENCY_LINE)
    add("")
    info = ruleset.info
    add(f"Rule set: {info.title}, version {info.version} ({info.status}), {ruleset.short_hash}")
    if record.id:
        add(f"Record: {record.id}, {record.status}; created {record.created or '-'}, updated {record.updated or '-'}")
    role = ruleset.role(record.role).label if ruleset.has("role", record.role) else record.role
    add(f"Screened by: {role}")
    add("")

    child = record.child
    add("CHILD")
    if child.name:
        add(f"  Name or initials: {child.name}")
    if child.date_of_birth is not None:
        add(f"  Date of birth: {child.date_of_birth:%d %B %Y}")
    choice = assessment.band_choice
    if choice.age is not None:
        add(f"  Age at the time: {choice.age}")
    if record.concern_date is not None:
        add(f"  Date of the behaviour: {record.concern_date:%d %B %Y}")
    if child.learning_disability:
        add("  Learning disability or developmental delay: yes")
        if child.developmental_age_years is not None:
            reason = child.developmental_age_reason or "no reason given"
            add(f"  Developmental age: {child.developmental_age_years} ({reason})")
    add(f"  Age band: {choice.band.label if choice.band else 'not chosen'}")
    add("")

    add("BEHAVIOURS")
    if not record.behaviours and not record.unlisted_behaviours:
        add("  None chosen yet.")
    for selected in record.behaviours:
        if ruleset.has("behaviour", selected.id):
            b = ruleset.behaviour(selected.id)
            add(f"  - {_category(ruleset, b.category)}: {b.text}")
        else:
            add(f"  - {selected.id} (not in this rule set)")
        if selected.notes.strip():
            add(_indent("Notes: " + selected.notes.strip()))
    for unlisted in record.unlisted_behaviours:
        add(f"  - Not in the list: {unlisted.description}")
        if unlisted.notes.strip():
            add(_indent("Notes: " + unlisted.notes.strip()))
    add("")

    add("CONTEXT (answered yes)")
    if not record.context:
        add("  None.")
    for factor_id in record.context:
        text = ruleset.factor(factor_id).question if ruleset.has("factor", factor_id) else factor_id
        add(f"  - {text}")
    add("")

    suggested = assessment.suggested
    add(f"SUGGESTED CATEGORY: {suggested.label if suggested else 'none yet'}")
    if suggested:
        add(f"  {suggested.meaning}")
    add("Why:")
    for line in assessment.trace_lines():
        add(f"  - {line}")
    add("")

    j = record.judgement
    add("YOUR JUDGEMENT")
    agrees = {True: "Agrees with the suggestion", False: "Differs from the suggestion", None: "Not recorded"}[j.agrees]
    add(f"  {agrees}")
    if j.reason.strip():
        add(_indent("Reason: " + j.reason.strip()))
    add(f"  Final category: {_category(ruleset, j.final_category)}")
    if j.actions_taken.strip():
        add(_indent("Actions taken: " + j.actions_taken.strip()))
    if j.consulted.strip():
        add(f"  Consulted: {j.consulted.strip()}")
    add(f"  Decision: {DECISIONS.get(j.decision, 'not chosen')}")
    add("")

    r = record.referral
    add("REFERRAL")
    ref = r.referrer
    who = ", ".join(x for x in (ref.name, ref.role, ref.organisation, ref.phone, ref.email) if x)
    add(f"  Referrer: {who or 'not given'}")
    for label, value in (("Gender", child.gender), ("School or setting", child.school), ("Address", child.address)):
        if value.strip():
            add(f"  {label}: {value.strip()}")
    if r.family.strip():
        add(_indent("Family and household: " + r.family.strip()))
    for other in r.other_children:
        age = f", {other.age_years}" if other.age_years is not None else ""
        victim = ANSWERS.get(other.possible_victim, "not answered")
        add(
            f"  Other child: {other.name or 'unnamed'}{age}, {other.relationship or 'relationship not given'}; "
            f"possibly harmed: {victim}"
        )
    add(f"  Parents or carers told: {ANSWERS.get(r.parents_informed, 'not answered')}")
    if r.parents_informed == "no":
        add(f"  Why not: {PARENTS_NOT_TOLD_REASONS.get(r.parents_not_informed_reason, 'not given')}")
        if r.parents_not_informed_details.strip():
            add(_indent(r.parents_not_informed_details.strip()))
    add(f"  Consent to refer: {CONSENT.get(r.consent, 'not answered')}")
    if r.consent_details.strip():
        add(_indent(r.consent_details.strip()))
    add(f"  Immediate risk: {ANSWERS.get(r.immediate_risk, 'not answered')}")
    if r.immediate_risk_details.strip():
        add(_indent(r.immediate_risk_details.strip()))
    if record.addenda:
        add("")
        add("ADDENDA")
        for addendum in record.addenda:
            add(f"  {addendum.at}, {addendum.author}:")
            add(_indent(addendum.text.strip(), "      "))
    add("")
    add("The tool suggests; the practitioner's judgement and local safeguarding procedures decide.")
    return "\n".join(out) + "\n"
