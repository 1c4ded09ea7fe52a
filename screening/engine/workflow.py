"""Which steps of a screening a reader meets, decided once in the core.

A record (RECORD mode) goes through every step. Guidance only is for reading the guide: nobody
is asked for a judgement or a referral, since nothing is kept, and the last step is a printable
"what to do now" page instead of an empty referral draft. Training keeps every step, because
trainers walk a room through the whole screening.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from screening.records.editing import GUIDANCE, MODES, RECORD, TRAINING

if TYPE_CHECKING:
    from screening.records.document import Record
    from screening.ruleset.model import RuleSet

__all__ = [
    "ALL_STEPS", "GUIDANCE", "MODES", "NOT_IN_GUIDANCE", "RECORD", "TRAINING", "last_step_is_what_to_do", "steps_for",
    "what_to_do_now",
]

ALL_STEPS = ("child", "behaviours", "context", "outcome", "judgement", "referral", "summary")
NOT_IN_GUIDANCE = frozenset({"judgement", "referral"})


def steps_for(mode: str, role: str = "") -> tuple[str, ...]:
    """The step keys shown, in order, for this mode (and role: the same for every role today)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    if mode == GUIDANCE:
        return tuple(s for s in ALL_STEPS if s not in NOT_IN_GUIDANCE)
    return ALL_STEPS


def last_step_is_what_to_do(mode: str) -> bool:
    """Whether the summary step shows the printable "what to do now" page rather than a referral."""
    return mode == GUIDANCE


def what_to_do_now(ruleset: RuleSet, record: Record) -> list[str]:
    """The printable page guidance only ends with: the suggestion and this reader's guidance, as lines."""
    from screening.engine.assess import assess
    from screening.texts import DISCLAIMER, EMERGENCY_LINE

    result = assess(ruleset, record)
    lines = ["What to do now", "", EMERGENCY_LINE, ""]
    if result.suggested is None:
        lines.append("No behaviour has been chosen or described yet, so there is no suggestion.")
    else:
        lines += [f"Suggested category: {result.suggested.label}", result.suggested.meaning, ""]
        role = ruleset.role(record.role).label if ruleset.has("role", record.role) else record.role
        guidance = result.guidance
        if guidance is None:
            lines.append(f"The rule set has no guidance for {role}.")
        else:
            lines += [f"For you ({role}):", guidance.summary, ""]
            if guidance.steps:
                lines.append("Steps:")
                lines += [f"{n}. {step}" for n, step in enumerate(guidance.steps, start=1)]
                lines.append("")
            if guidance.avoid:
                lines.append("Avoid:")
                lines += [f"- {item}" for item in guidance.avoid]
                lines.append("")
        lines += ["Why:", *(f"- {text}" for text in result.trace_lines())]
    info = ruleset.info
    lines += ["", f"Rule set: {info.title}, version {info.version}.", "Guidance only: nothing was saved.", "",
              DISCLAIMER]
    return lines
