"""Training with fictional case studies: choose a case, work through it (nothing is saved),
compare with the reference, or show it to a room in the presenter view."""

from __future__ import annotations

from typing import Any


def show_training(window: Any) -> None:
    """The main window's hook: open the case list (the flow is made once per window)."""
    from ui.training.flow import TrainingFlow

    flow = getattr(window, "training_flow", None)
    if flow is None:
        flow = TrainingFlow(window)
        window.training_flow = flow
    flow.show_picker()
