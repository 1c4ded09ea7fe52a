"""Fit the rule set's colour weights (the `ranking:` section) on the development sets.

The search finds lines by their words; which colour is right also depends on the context the
description affirms ("every day" goes with AMBER lines more often than its words alone say).
This fits, for each category above the lowest, a base, a weight for "no context at all", one per
context question and one per everyday word of the descriptions ("crying", "giggling", "video"), so
that the first hit's colour agrees with the writers' colour as often as it can. It is a linear
model a reviewer can read; the words still decide which lines are found, and every hit says how its
colour weight moved it. Words about what adults did in response ("police", "MASH", "referred",
"logged") are never learned from: the colour must come from what happened, not from a decision
already taken.

- Data: the development sets only (DEV in benchmarks/eval.py), never the frozen blind set.
- Fit: full-batch gradient ascent on the likelihood that the search's first hit has the writers'
  colour (a softmax over the first 15 hits, features computed with the weights switched off),
  with a small L2 penalty. RED descriptions count RED_WEIGHT times, so the weights do not buy
  fewer AMBER-read-as-RED misses with more RED-read-as-lower ones. The highest category's base and
  no-context weights are kept at zero or above (NEVER_AGAINST_HIGHEST). Deterministic.
- Output: rules/default/ranking.yaml (overwritten), or --out PATH; --check prints and writes nothing.

Usage: python benchmarks/fit_ranking.py [--rules PATH] [--out PATH] [--check] [--sets NAME ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import math
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval import BLIND, DATA, DEV, Item, load_items  # noqa: E402

from screening.engine.search import colour_share, description_words, index_for, terms  # noqa: E402
from screening.problems import ProblemsError  # noqa: E402
from screening.ruleset.loader import default_rules_path, load_ruleset  # noqa: E402
from screening.ruleset.model import RuleSet  # noqa: E402

SHARPNESS = 1.0  # how strongly the softmax follows the score (fitted weights are divided by it)
PENALTY = 0.01  # L2, per weight
RED_WEIGHT = 1.5  # see the docstring: the highest category's descriptions count this much more
WORD_PENALTY = 0.0025  # L2, per word weight (see STEPS)
MIN_DESCRIPTIONS = 5  # a word is learned from only if this many training descriptions use it
SMALLEST = 0.06  # word weights smaller than this (after dividing by SHARPNESS) are left out of the file
STEPS = 640  # 5-fold on DEV, in memory: 80 steps 85.3%, 320 86.4% (word penalty 0.01); 0.0025: 320 87.6%, 640 87.9%
RATE = 1.0
HITS = 15
LIMIT = 3.0
# The highest category's base and no-context weights never go below zero: an act can be RED by
# itself, so RED lines are never placed lower across the board, nor for naming no context. On DEV
# the writers' RED notes nearly always name context, so the fit learned "no context, not RED"
# (RED about x0.2), and long RED notes that name only the act came up GREEN (a reviewer's 62 RED
# notes: 9 GREEN first, 4 with this bound; 4-fold on DEV it costs about one point of top-1).
NEVER_AGAINST_HIGHEST = ("base", "no_context")
# What adults did about it, in the writers' notes: never a reason for a colour.
RESPONSE_WORDS = frozenset(terms(
    """police mash strategy discussion dsl deputy social services care referral referred refer lado informed
    inform contacted contact called call calls phoned rang logged log cpoms recorded record records note notes
    noted spoken speak spoke parents parent body map immediately safeguarding lead worker workers plan monitor
    monitoring reported report reports passed advice advised reassured reassure explained explain talked talk
    chat early help meeting nurse gp doctor concern concerns concerned worried worry action actions section
    protection head headteacher teacher designated officer duty team senior leadership pastoral tutor"""
))


@dataclass(frozen=True)
class Case:
    colour: str
    cues: frozenset[str]
    stems: frozenset[str]  # the description's words, as search reads them
    written: tuple[tuple[str, str], ...]  # (stem, the word as written there)
    hits: tuple[tuple[str, float], ...]  # (category id, search score without colour weights)
    share: float = 1.0  # how much of the weights search gives a description this long


def cases(ruleset: RuleSet, items: list[Item]) -> list[Case]:
    plain = dataclasses.replace(ruleset, ranking=())
    index = index_for(plain)
    out = []
    for item in items:
        bands = [b.id for b in plain.bands_for_age(item.age)]
        found = index.find(item.text, bands, limit=HITS, age=item.age)
        hits = tuple((h.behaviour.category, h.score) for h in found.hits)
        if hits:
            words = description_words(plain, found.reading)
            out.append(Case(item.colour, frozenset(found.reading.affirmed()), frozenset(words),
                            tuple(words.items()), hits, colour_share(found.reading.text)))
    return out


def learnable_words(data: list[Case]) -> frozenset[str]:
    counts = Counter(stem for case in data for stem in case.stems)
    return frozenset(s for s, n in counts.items() if n >= MIN_DESCRIPTIONS and s not in RESPONSE_WORDS)


def _features(case: Case, words: frozenset[str]) -> dict[str, float]:
    out = {"base": 1.0}
    if not case.cues:
        out["no_context"] = 1.0
    for factor in case.cues:
        out[factor] = 1.0
    for stem in case.stems & words:
        out["word:" + stem] = 1.0
    return out


def _bonus(weights: dict[tuple[str, str], float], category: str, features: dict[str, float]) -> float:
    return sum(weights.get((category, k), 0.0) * v for k, v in features.items())


def fit(data: list[Case], weighted: list[str], highest: str, words: frozenset[str]) -> dict[tuple[str, str], float]:
    """Weights in softmax units, keyed (category, feature)."""
    weights: dict[tuple[str, str], float] = {}
    all_features = [_features(case, words) for case in data]
    for _ in range(STEPS):
        grad: dict[tuple[str, str], float] = {}
        for case, features in zip(data, all_features, strict=True):
            scores = [math.log(max(s, 1e-6)) * SHARPNESS + case.share * _bonus(weights, c, features)
                      for c, s in case.hits]
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
                    grad[(category, name)] = grad.get((category, name), 0.0) + count * g * value * case.share
        for key in sorted(set(grad) | set(weights)):
            old = weights.get(key, 0.0)
            penalty = WORD_PENALTY if key[1].startswith("word:") else PENALTY
            weights[key] = old + RATE * (grad.get(key, 0.0) / len(data) - penalty * old)
            if key[0] == highest and key[1] in NEVER_AGAINST_HIGHEST:
                weights[key] = max(0.0, weights[key])
    return weights


def top1(data: list[Case], weights: dict[tuple[str, str], float], words: frozenset[str]) -> float:
    right = 0
    for case in data:
        features = _features(case, words)
        best = max(case.hits, key=lambda h: math.log(max(h[1], 1e-6)) * SHARPNESS
                   + case.share * _bonus(weights, h[0], features))
        right += best[0] == case.colour
    return right / len(data) if data else 0.0


def as_yaml(
    weights: dict[tuple[str, str], float], weighted: list[str], factors: list[str], note: str,
    surfaces: dict[str, str],
) -> str:
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
        kept = sorted(
            ((surfaces[k[5:]], v) for (c, k), v in weights.items()
             if c == category and k.startswith("word:") and abs(v) / SHARPNESS >= SMALLEST and k[5:] in surfaces),
            key=lambda wv: (-abs(wv[1]), wv[0]),
        )
        if kept:
            lines.append("      words:")
            lines.extend(f"        {_quoted(word)}: {_num(value)}" for word, value in kept)
    return "\n".join(lines) + "\n"


def surface_forms(data: list[Case], stems: frozenset[str]) -> dict[str, str]:
    """Each stem as the word writers used most for it (search reads any form back as the stem)."""
    seen: dict[str, Counter[str]] = {}
    for case in data:
        for stem, word in case.written:
            if stem in stems:
                seen.setdefault(stem, Counter())[word] += 1
    return {stem: min(counts, key=lambda w: (-counts[w], w)) for stem, counts in seen.items()}


def _num(value: float) -> str:
    text = f"{max(-LIMIT, min(LIMIT, value / SHARPNESS)):.2f}"  # the loader accepts -3 to 3
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
    if BLIND in args.sets:
        parser.error(f"{BLIND} is the frozen blind set: never fit on it (see its README)")
    out = Path(args.out) if args.out else Path(args.rules or default_rules_path()) / "ranking.yaml"
    try:
        ruleset = load_ruleset(args.rules)
    except ProblemsError as error:
        print(error.report(), file=sys.stderr)
        if out.exists() and any(Path(p.path).resolve() == out.resolve() for p in error.problems):
            print(f"The fit reads the rule set without its colour weights, but the rule set must load. If the "
                  f"problems are in {out} (weights left from before the categories or context questions "
                  f"changed), delete it and run the fit again.", file=sys.stderr)
        return 1
    ordered = sorted(ruleset.categories, key=lambda c: c.level)
    weighted = [c.id for c in ordered[1:]]
    factors = sorted(f.id for f in ruleset.context_factors)
    data: list[Case] = []
    items: list[Item] = []
    for name in args.sets:
        items += load_items(DATA / name)
    data = cases(ruleset, items)
    ids = [c.id for c in ordered]
    others = Counter(case.colour for case in data if case.colour not in ids)
    data = [case for case in data if case.colour in ids]
    if not data:
        print(f"None of the {len(items)} descriptions in {', '.join(args.sets)} has a colour that is a category "
              f"of this rule set (theirs: {', '.join(sorted({i.colour for i in items})) or 'none'}; the rule "
              f"set's: {', '.join(ids)}), so there is nothing to fit: nothing written.", file=sys.stderr)
        return 1
    if others:
        print(f"left out: {sum(others.values())} descriptions whose colour is not a category of this rule set "
              f"({', '.join(sorted(others))})")
    words = learnable_words(data)
    weights = fit(data, weighted, ordered[-1].id, words)
    print(f"{len(data)} descriptions from {', '.join(args.sets)}; {len(words)} words learned from")
    print(f"top-1 colour on them: {100 * top1(data, {}, words):.1f}% without colour weights, "
          f"{100 * top1(data, weights, words):.1f}% with (fitted on these: a flattering figure)")
    if args.check:
        return 0
    note = (f"{dt.date.today().isoformat()}, on {len(data)} descriptions ({', '.join(args.sets)}); "
            f"sharpness {SHARPNESS:g}, penalty {PENALTY:g} ({WORD_PENALTY:g} per word), RED counted x{RED_WEIGHT:g}")
    out.write_text(as_yaml(weights, weighted, factors, note, surface_forms(data, words)), "utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
