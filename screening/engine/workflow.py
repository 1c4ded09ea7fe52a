"""Which steps of a screening a reader meets, decided once in the core.

A record (RECORD mode) goes through every step. Guidance only is for reading the guide: nobody
is asked for a judgement or a referral, since nothing is kept, and the last step is a printable
"what to do now" page instead of an empty referral draft. Training keeps every step, because
trainers walk a room through the whole screening.
"""

from __future__ import annotations

RECORD, GUIDANCE, TRAINING = "record", "guidance", "training"
MODES = (RECORD, GUIDANCE, TRAINING)

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
