"""The pages of a screening, one per step in the side list."""

STEPS = (
    ("child", "Child"),
    ("behaviours", "Behaviours"),
    ("context", "Context"),
    ("outcome", "Outcome"),
    ("judgement", "Your judgement"),
    ("referral", "Referral"),
    ("summary", "Summary"),
)
