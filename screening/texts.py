"""Lines the tool must say the same way everywhere, written once."""

EMERGENCY_LINE = "If a child is in immediate danger, call 999."

DISCLAIMER = "The tool suggests; your professional judgement and local procedures decide."
