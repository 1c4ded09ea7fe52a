"""Makes the fictional sample answers in this folder: 8 made-up participants, 10 cases, two rounds
(before: 55% of answers at the reference colour, after: 85%), seeded so the files are stable.

Run from the repository root: ``python tests/data/calibration/make_samples.py``
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from screening.ruleset.loader import load_ruleset
from screening.training.scenarios import load_library

CASES = [
    "s04-pulling-down-pants", "s07-water-tray-secret", "s10-kiss-chase-that-stopped-being-fun",
    "s12-tablet-after-bedtime", "s16-siblings-in-the-bath", "s21-nude-to-a-classmate",
    "s22-name-calling-group-chat", "s26-missing-underwear", "s31-under-sixteen-couple", "s34-many-small-signs",
]
PEOPLE = [
    ("P01", "teacher", "School"), ("P02", "teacher", "School"), ("P03", "foster_carer", "Fostering service"),
    ("P04", "early_help", "Early help team"), ("P05", "other_professional", "Health"),
    ("P06", "other_professional", "Health"), ("P07", "teacher", "School"),
    ("P08", "early_help", "Children's social care"),
]
COLOURS = ["green", "amber", "red"]


def main() -> None:
    library = load_library(load_ruleset())
    here = Path(__file__).resolve().parent
    for name, share, seed in (("before", 0.55, 11), ("after", 0.85, 12)):
        rng = random.Random(seed)
        (here / name).mkdir(exist_ok=True)
        for alias, role, agency in PEOPLE:
            answers = []
            for case in CASES:
                scenario = library.get(case)
                assert scenario is not None
                ref = scenario.reference
                colour = ref.category
                if rng.random() >= share:  # a neighbouring colour, as a real room would miss
                    i = COLOURS.index(ref.category)
                    colour = COLOURS[max(0, min(2, i + rng.choice((-1, 1))))]
                    if colour == ref.category:
                        colour = "amber"
                answers.append({
                    "scenario": case, "category": colour, "behaviours": list(ref.behaviours),
                    "context": list(ref.context) if rng.random() < 0.7 else [],
                    "decision": ref.decision if rng.random() < 0.7 else "monitor",
                })
            doc = {"format": "screening-answers/1",
                   "participant": {"alias": alias, "role": role, "agency": agency}, "answers": answers}
            (here / name / f"{alias}.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
