"""A rule-set diff in words: the same sections for the command line's text and the sign-off sheet."""

from __future__ import annotations

from dataclasses import dataclass

from screening.ruleset.diff import RuleSetDiff
from screening.ruleset.model import RuleSet

_GUIDANCE_PARTS = {"summary": "summary", "steps": "steps", "avoid": "what to avoid"}


@dataclass(frozen=True)
class Entry:
    """One change: a short headline, and the old and new wording when there is any."""

    headline: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    entries: tuple[Entry, ...]


def _label(ruleset: RuleSet, kind: str, item_id: str) -> str:
    """A category, band or role by its label when the set has it, else by its id."""
    if not ruleset.has(kind, item_id):
        return item_id
    if kind == "category":
        return ruleset.category(item_id).label
    return ruleset.band(item_id).label if kind == "band" else ruleset.role(item_id).label


def diff_sections(old: RuleSet, new: RuleSet, diff: RuleSetDiff) -> tuple[Section, ...]:
    """Every change, grouped as the approvers read them: behaviours, context, guidance, metadata."""
    b, f, g, m = diff.behaviours, diff.context_factors, diff.guidance, diff.metadata
    same_added = {r.added: r.removed for r in b.same_text}
    same_removed = {r.removed: r.added for r in b.same_text}

    def where(ruleset: RuleSet, behaviour_id: str) -> str:
        beh = ruleset.behaviour(behaviour_id)
        return f"{_label(ruleset, 'category', beh.category)}, {_label(ruleset, 'band', beh.band)}"

    behaviours: list[Entry] = []
    for key in b.added:
        hint = f" (the same text as the removed '{same_added[key]}')" if key in same_added else ""
        behaviours.append(Entry(f"Added {key} ({where(new, key)}){hint}", after=new.behaviour(key).text))
    for key in b.removed:
        hint = f" (the same text as the added '{same_removed[key]}')" if key in same_removed else ""
        behaviours.append(Entry(f"Removed {key} ({where(old, key)}){hint}", before=old.behaviour(key).text))
    for c in b.recoloured:
        behaviours.append(Entry(f"Recoloured {c.id}: {_label(old, 'category', c.before)} → "
                                f"{_label(new, 'category', c.after)}", after=new.behaviour(c.id).text))
    for c in b.moved:
        behaviours.append(Entry(f"Moved {c.id} to another age band: {_label(old, 'band', c.before)} → "
                                f"{_label(new, 'band', c.after)}", after=new.behaviour(c.id).text))
    for r in b.reworded:
        parts = " and ".join("text" if p == "text" else "notes" for p in r.parts)
        if "text" in r.parts:
            behaviours.append(Entry(f"Reworded {r.id} ({parts})", before=r.before, after=r.after))
        else:
            behaviours.append(Entry(f"Reworded {r.id} (notes)", before=old.behaviour(r.id).notes,
                                    after=new.behaviour(r.id).notes))
    if b.words_changed:
        changed = ", ".join(b.words_changed)
        behaviours.append(Entry(f"Search words or topics changed (not printed in the guide): {changed}"))

    factors: list[Entry] = []
    for key in f.added:
        factor = new.factor(key)
        factors.append(Entry(f"Added {key}: {factor.effect.describe(new)}", after=factor.question))
    for key in f.removed:
        factors.append(Entry(f"Removed {key}", before=old.factor(key).question))
    for c in f.effect_changed:
        factors.append(Entry(f"Effect of {c.id}: {old.factor(c.id).effect.describe(old)} → "
                             f"{new.factor(c.id).effect.describe(new)}"))
    for e in f.reworded:
        part = e.parts[0] if len(e.parts) == 1 else "question and explanation"
        before, after = old.factor(e.id), new.factor(e.id)
        if "question" in e.parts:
            factors.append(Entry(f"Reworded {e.id} ({part})", before=before.question, after=after.question))
        else:
            factors.append(Entry(f"Reworded {e.id} (explanation)", before=before.explanation,
                                 after=after.explanation))

    guidance: list[Entry] = []
    for key in g.roles_added:
        guidance.append(Entry(f"Role added: {_label(new, 'role', key)} ({key})"))
    for key in g.roles_removed:
        guidance.append(Entry(f"Role removed: {_label(old, 'role', key)} ({key})"))
    for c in g.roles_relabelled:
        guidance.append(Entry(f"Role {c.id} renamed", before=c.before, after=c.after))
    for e in g.categories:
        guidance.append(Entry(f"Category {e.id}: {', '.join(e.parts)} changed"))
    for e in g.changed:
        category, role = e.id.split("/", 1)
        parts = ", ".join(_GUIDANCE_PARTS[p] for p in e.parts)
        summary_changed = "summary" in e.parts
        guidance.append(Entry(
            f"{_label(new, 'category', category)} for {_label(new, 'role', role)}: {parts} changed",
            before=new_or_old_summary(old, category, role) if summary_changed else "",
            after=new_or_old_summary(new, category, role) if summary_changed else "",
        ))
    for key in g.added:
        category, role = key.split("/", 1)
        guidance.append(Entry(f"Guidance added: {_label(new, 'category', category)} for {_label(new, 'role', role)}"))
    for key in g.removed:
        category, role = key.split("/", 1)
        guidance.append(Entry(f"Guidance removed: {_label(old, 'category', category)} for "
                              f"{_label(old, 'role', role)}"))

    metadata: list[Entry] = [Entry(f"{c.id.replace('_', ' ')}", before=c.before, after=c.after) for c in m.changed]
    metadata += [Entry(f"Age band added: {_label(new, 'band', key)} ({key})") for key in m.bands_added]
    metadata += [Entry(f"Age band removed: {_label(old, 'band', key)} ({key})") for key in m.bands_removed]
    metadata += [Entry(f"Age band {e.id}: {', '.join(p.replace('_', ' ') for p in e.parts)} changed")
                 for e in m.bands_changed]
    return (
        Section("Behaviours", tuple(behaviours)),
        Section("Context questions and their effects", tuple(factors)),
        Section("Guidance for each role", tuple(guidance)),
        Section("Metadata and age bands", tuple(metadata)),
        Section("Reading descriptions and ranking the search", _reading_entries(old, new, diff)),
    )


def _reading_entries(old: RuleSet, new: RuleSet, diff: RuleSetDiff) -> tuple[Entry, ...]:
    r = diff.reading
    out = [Entry("How raising answers combine", before=c.before, after=c.after) for c in r.combination]
    out += [Entry(f"Words that {_READING_LISTS[name]} changed") for name in r.reading_words]
    for factor in r.cues:
        question = next((f.question for f in (*new.context_factors, *old.context_factors) if f.id == factor), factor)
        out.append(Entry(f"Cue words for \u201c{question}\u201d changed"))
    out += [Entry(f"Shared words for \u201c{means}\u201d changed") for means in r.vocabulary]
    out += [Entry(f"What behaviour {key} already describes or rules out (qualifiers) changed") for key in r.qualifiers]
    out += [Entry(f"Colour weights for {_label(new if new.has('category', c) else old, 'category', c)} lines changed",
                  after=new.ranking_fitted) for c in r.colour_weights]
    return tuple(out)


_READING_LISTS = {"negation": "deny what follows them", "hedging": "make what follows unsure",
                  "scope_breaks": "end a denial's reach"}


def new_or_old_summary(ruleset: RuleSet, category: str, role: str) -> str:
    if not ruleset.has("category", category):
        return ""
    g = ruleset.category(category).guidance.get(role)
    return g.summary if g is not None else ""


def diff_text(old: RuleSet, new: RuleSet, diff: RuleSetDiff) -> str:
    """The diff as plain text for a terminal."""
    lines = [
        f"From: {old.info.title}, version {old.info.version} ({old.info.status}), SHA-256 {old.sha256}",
        f"To:   {new.info.title}, version {new.info.version} ({new.info.status}), SHA-256 {new.sha256}",
    ]
    if diff.empty:
        lines.append("")
        lines.append("No changes.")
        return "\n".join(lines) + "\n"
    for section in diff_sections(old, new, diff):
        lines.append("")
        lines.append(f"{section.title} ({len(section.entries)} change{'' if len(section.entries) == 1 else 's'})")
        if not section.entries:
            lines.append("  none")
        for entry in section.entries:
            lines.append(f"  - {entry.headline}")
            if entry.before:
                lines.append(f"      was: {entry.before}")
            if entry.after:
                lines.append(f"      now: {entry.after}")
    return "\n".join(lines) + "\n"
