"""Lines the tool must say the same way everywhere, written once."""

EMERGENCY_LINE = "If a child is in immediate danger, call 999."
# The same line where the user is part-way through a form (the Referral step).
EMERGENCY_LINE_THEN_CARRY_ON = EMERGENCY_LINE.removesuffix(".") + " now, then carry on."

DISCLAIMER = "The tool suggests; your professional judgement and your local safeguarding procedures decide."
# The same, for someone reading a printed summary about the practitioner's screening.
DISCLAIMER_PRINTED = (
    "The tool suggests; the practitioner's professional judgement and local safeguarding procedures decide."
)
