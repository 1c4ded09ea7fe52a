"""The engine: bands, the assessment and search, all pure functions over a rule set."""

from screening.engine.assess import Assessment, EngineWarning, TraceStep, assess, finalise_issues
from screening.engine.bands import BandChoice, age_on, child_age, choose_band

__all__ = [
    "Assessment", "BandChoice", "EngineWarning", "TraceStep", "age_on", "assess", "child_age", "choose_band",
    "finalise_issues",
]
