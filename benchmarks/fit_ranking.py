"""Fit the rule set's colour weights (the `ranking:` section) on the development sets.

The search finds lines by their words; which colour is right also depends on the context the
description affirms ("every day" goes with AMBER lines more often than its words alone say).
This fits, for each category above the lowest, a weight for "no context at all", one per context
question and a base, so that the first hit's colour agrees with the writers' colour as often as it
can. The model is small on purpose (about thirty numbers a reviewer can read); the words still
decide which lines are found, and every hit says how its colour weight moved it.

- Data: the development sets only (DEV in benchmarks/eval.py), never the frozen blind set.
- Fit: full-batch gradient ascent on the likelihood that the search's first hit has the writers'
  colour (a softmax over the first 15 hits, features computed with the weights switched off),
  with a small L2 penalty. RED descriptions count RED_WEIGHT times, so the weights do not buy
  fewer AMBER-read-as-RED misses with more RED-read-as-lower ones. Deterministic.
- Output: rules/default/ranking.yaml (overwritten), or --out PATH; --check prints and writes nothing.

Usage: python benchmarks/fit_ranking.py [--rules PATH] [--out PATH] [--check] [--sets NAME ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import math
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval import DATA, DEV, Item, load_items  # noqa: E402

from screening.engine.search import index_for  # noqa: E402
from screening.ruleset.loader import default_rules_path, load_ruleset  # noqa: E402
from screening.ruleset.model import RuleSet  # noqa: E402

SHARPNESS = 3.0  # how strongly the softmax follows the score (fitted weights are divided by it)
PENALTY = 0.01  # L2, per weight
RED_WEIGHT = 1.5  # see the docstring: the highest category's descriptions count this much more
STEPS = 60
RATE = 1.0
HITS = 15


@dataclass(frozen=True)
class Case:
    colour: str
    cues: frozenset[str]
    hits: tuple[tuple[str, float], ...]  # (category id, search score without colour weights)


def cases(ruleset: RuleSet, items: list[Item]) -> list[Case]:
    plain = dataclasses.replace(ruleset, ranking=())
    index = index_for(plain)
    out = []
    for item in items:
        bands = [b.id for b in plain.bands_for_age(item.age)]
        found = index.find(item.text, bands, limit=HITS, age=item.age)
        hits = tuple((h.behaviour.category, h.score) for h in found.hits)
        if hits:
            out.append(Case(item.colour, frozenset(found.reading.affirmed()), hits))
    return out


def _features(case: Case) -> dict[str, float]:
    out = {"base": 1.0}
    if not case.cues:
        out["no_context"] = 1.0
    for factor in case.cues:
        out[factor] = 1.0
    return out


def _bonus(weights: dict[tuple[str, str], float], category: str, features: dict[str, float]) -> float:
    return sum(weights.get((category, k), 0.0) * v for k, v in features.items())


def fit(data: list[Case], weighted: list[str], highest: str) -> dict[tuple[str, str], float]:
    """Weights in softmax units, keyed (category, feature)."""
    weights: dict[tuple[str, str], float] = {}
    for _ in range(STEPS):
        grad: dict[tuple[str, str], float] = {}
        for case in data:
            features = _features(case)
            scores = [math.log(max(s, 1e-6)) * SHARPNESS + _bonus(weights, c, features) for c, s in case.hits]
            top = max(scores)
            exp = [math.exp(x - top) for x in scores]
            total = sum(exp)
            p = [x / total for x in exp]
            right = [i for i, (c, _) in enumerate(case.hits) if c == case.colour]
            if not right:
                continue
            p_right = sum(p[i] for i in right)
            count = RED_WEIGHT if case.colour == highest else 1.0
            for category in weighted:
                g = sum(p[i] for i in right if case.hits[i][0] == category) / p_right
                g -= sum(p[i] for i, (c, _) in enumerate(case.hits) if c == category)
                for name, value in features.items():
                    grad[(category, name)] = grad.get((category, name), 0.0) + count * g * value
        for key in set(grad) | set(weights):
            old = weights.get(key, 0.0)
            weights[key] = old + RATE * (grad.get(key, 0.0) / len(data) - PENALTY * old)
    return weights


def top1(data: list[Case], weights: dict[tuple[str, str], float]) -> float:
    right = 0
    for case in data:
        features = _features(case)
        best = max(case.hits, key=lambda h: math.log(max(h[1], 1e-6)) * SHARPNESS + _bonus(weights, h[0], features))
        right += best[0] == case.colour
    return right / len(data) if data else 0.0


def as_yaml(weights: dict[tuple[str, str], float], weighted: list[str], factors: list[str], note: str) -> str:
    lines = [
        "# yaml-language-server: $schema=../schema.json",
        "#",
        "# Colour weights for search, written by `make fit` (benchmarks/fit_ranking.py); a refit",
        "# overwrites this file. Each weight adds to the log of a line's search score when the",
        "# description affirms that context: 0.1 is about 10% higher, -0.1 about 10% lower. They order",
        "# the hits and never hide one. See docs/search-evaluation.md.",
        "",
        "ranking:",
        f"  fitted: {_quoted(note)}",
        "  colours:",
    ]
    for category in weighted:
        lines.append(f"    - category: {category}")
        lines.append(f"      base: {_num(weights.get((category, 'base'), 0.0))}")
        lines.append(f"      no_context: {_num(weights.get((category, 'no_context'), 0.0))}")
        lines.append("      factors:")
        for factor in factors:
            lines.append(f"        {factor}: {_num(weights.get((category, factor), 0.0))}")
    return "\n".join(lines) + "\n"


def _num(value: float) -> str:
    text = f"{value / SHARPNESS:.2f}"
    return "0.0" if text in ("0.00", "-0.00") else text


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rules", metavar="PATH", help="a rule-set folder (default: the shipped set)")
    parser.add_argument("--out", metavar="PATH", help="where to write (default: ranking.yaml in the rule set)")
    parser.add_argument("--sets", nargs="+", default=list(DEV), help="development sets under tests/data")
    parser.add_argument("--check", action="store_true", help="print the figures, write nothing")
    args = parser.parse_args()
    ruleset = load_ruleset(args.rules)
    ordered = sorted(ruleset.categories, key=lambda c: c.level)
    weighted = [c.id for c in ordered[1:]]
    factors = sorted(f.id for f in ruleset.context_factors)
    data: list[Case] = []
    for name in args.sets:
        data += cases(ruleset, load_items(DATA / name))
    weights = fit(data, weighted, ordered[-1].id)
    print(f"{len(data)} descriptions from {', '.join(args.sets)}")
    print(f"top-1 colour on them: {100 * top1(data, {}):.1f}% without colour weights, "
          f"{100 * top1(data, weights):.1f}% with (fitted on these: a flattering figure)")
    if args.check:
        return 0
    note = (f"{dt.date.today().isoformat()}, on {len(data)} descriptions ({', '.join(args.sets)}); "
            f"sharpness {SHARPNESS:g}, penalty {PENALTY:g}, RED counted x{RED_WEIGHT:g}")
    out = Path(args.out) if args.out else Path(args.rules or default_rules_path()) / "ranking.yaml"
    out.write_text(as_yaml(weights, weighted, factors, note), "utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
