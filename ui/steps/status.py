"""Whether each step is complete, in words as well as a tick (never colour alone)."""

from __future__ import annotations

from dataclasses import dataclass

from screening.records.progress import context_progress
from ui.session import TRAINING, Session
from ui.steps import STEPS

__all__ = ["STEPS", "StepState", "step_states"]


@dataclass(frozen=True)
class StepState:
    done: bool
    note: str  # in words: "complete", "to do", "finalised", ...

    def mark(self) -> str:
        return "✓" if self.done else "○"


def step_states(session: Session) -> dict[str, StepState]:
    record = session.record
    # the engine's list: completeness plus a band still to choose, an agreed suggestion that has
    # changed since, and a date of birth after the behaviour
    issues = session.finalise_issues()
    fields = {issue.field for issue in issues}
    states: dict[str, StepState] = {}

    child_done = not ({"child", "concern_date"} & fields)  # includes a band still to be chosen
    states["child"] = StepState(child_done, "complete" if child_done else "to do")

    behaviours_done = "behaviours" not in fields
    states["behaviours"] = StepState(behaviours_done, "complete" if behaviours_done else "to do")

    context = context_progress(record, (f.id for f in session.ruleset.context_factors))
    states["context"] = StepState(context.complete, "complete" if context.complete else
                                  f"to do: {context.answered} of {context.total} answered")

    outcome_done = session.assessment.suggested is not None and "outcome" in session.visited
    states["outcome"] = StepState(outcome_done, "seen" if outcome_done else "to do")

    judgement_done = "judgement" not in fields
    states["judgement"] = StepState(judgement_done, "complete" if judgement_done else "to do")

    ref = record.referral
    answered = bool(ref.parents_informed and ref.consent and ref.immediate_risk)
    referral_done = answered and "referral" not in fields
    states["referral"] = StepState(referral_done, "complete" if referral_done else "to do")

    if session.guidance_only:
        note = "training: nothing is saved" if session.mode == TRAINING else "guidance only"
        states["summary"] = StepState("summary" in session.visited, note)
    elif record.is_final:
        states["summary"] = StepState(True, "finalised")
    else:
        states["summary"] = StepState(False, "ready to finalise" if not issues else "not finalised")
    return states
