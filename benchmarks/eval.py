"""Search and cue-reading figures for the issue's targets. Prints figures; never fails a build.

Two kinds of set, always reported apart:
- TUNED: tests/data/vignettes, vignettes-heldout and vignettes-dev. Their writers knew the rule
  text, and the search was tuned on them: their figures flatter the tool.
- DEV: tests/data/eval-dev to eval-dev6, the first six blind sets (320 descriptions
  each, by writers who never saw the rule files). Each was measured blind, then looked at and tuned
  on (the colour weights, benchmarks/fit_ranking.py, are fitted on them): they are spent as blind
  sets and are now development sets. Their figures flatter the tool too.
- RED probes: tests/data/red-probes, long RED notes that name only the act (a safety check: how
  many come up GREEN first).
- BLIND: tests/data/eval-blind, a seventh set written the same way by fresh writers, frozen
  before any tuning against it. Only its figures measure the issue. Developers run ``--tuned-only`` while
  they work (looking at blind misses would spoil the set); the lead runs the blind figures.

Usage: python benchmarks/eval.py [--tuned-only | --blind-only] [--rules PATH] [--misses]
(--misses lists the misses of the tuned and dev sets only; blind items are never printed.)
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screening.engine.screen import screen  # noqa: E402
from screening.ruleset.loader import load_ruleset  # noqa: E402
from screening.ruleset.model import RuleSet  # noqa: E402

DATA = ROOT / "tests" / "data"
TUNED = ("vignettes", "vignettes-heldout", "vignettes-dev")
DEV = ("eval-dev", "eval-dev2", "eval-dev3", "eval-dev4", "eval-dev5", "eval-dev6")
BLIND = "eval-blind"
PROBES = "red-probes"  # long RED notes naming only the act: a safety check, no target
# The blind writers' cue labels, as this rule set's factor ids.
CUE_MAP = {
    "force": "force-threats-bribes",
    "refused": "consent-refused",
    "unable": "consent-unable",
    "persistence": "persistence",
    "frequency": "frequency-escalation",
    "public": "public-audience",
    "younger": "age-gap",
    "older": "age-gap",
    "adult": "adult-involved",
    "power": "power-status",
    "images": "images-online",
    "secrecy": "secrecy",
    "distress": "distress-injury",
    "humiliation": "humiliating",
}
LABELLED = frozenset(CUE_MAP.values())
LEVEL = {"green": 0, "amber": 1, "red": 2}


@dataclass(frozen=True)
class Item:
    age: int
    text: str
    colour: str
    expect: str | None = None  # a behaviour id, where the set names one
    cues: frozenset[str] | None = None  # factor ids, where the set labels cues
    negated: frozenset[str] = frozenset()


@dataclass
class Tally:
    n: int = 0
    top1: int = 0
    top3: int = 0
    top3_by_score: int = 0  # without the search's rule that the first three show two colours
    labelled: int = 0
    top1_behaviour: int = 0
    rr: float = 0.0
    two_step: int = 0
    screen_right: int = 0
    screen_two_step: int = 0
    cue_items: int = 0
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    negation_errors: int = 0
    misses: list[str] = field(default_factory=list)
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)  # (writers' colour, first hit's) -> n


def load_items(folder: Path) -> list[Item]:
    items = []
    for path in sorted(folder.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text("utf-8")) or []:
            items.append(_item(raw))
    return items


def _item(raw: dict[str, Any]) -> Item:
    text = raw.get("text") or raw.get("description") or ""
    cues = raw.get("cues")
    return Item(
        age=int(raw["age"]),
        text=str(text),
        colour=str(raw["colour"]),
        expect=raw.get("expect"),
        cues=frozenset(CUE_MAP.get(c, c) for c in cues) if cues is not None else None,
        negated=frozenset(CUE_MAP.get(c, c) for c in raw.get("negated") or ()),
    )


def band_of(ruleset: RuleSet, age: int) -> str:
    bands = ruleset.bands_for_age(age)
    return bands[0].id if bands else "?"


def evaluate(ruleset: RuleSet, items: list[Item], keep_misses: bool) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for item in items:
        result = screen(ruleset, item.text, item.age, limit=10)
        colours = [h.behaviour.category for h in result.found.hits]
        ids = [h.behaviour.id for h in result.found.hits]
        for key in (band_of(ruleset, item.age), "all"):
            t = tallies[key]
            t.n += 1
            top = colours[0] if colours else None
            t.top1 += top == item.colour
            t.top3 += item.colour in colours[:3]
            by_score = sorted(result.found.hits, key=lambda h: -h.score)
            t.top3_by_score += item.colour in [h.behaviour.category for h in by_score[:3]]
            rank = next((i for i, c in enumerate(colours) if c == item.colour), None)
            t.rr += 1 / (rank + 1) if rank is not None else 0.0
            t.two_step += top is not None and abs(LEVEL.get(top, 1) - LEVEL[item.colour]) == 2
            if top is not None and top != item.colour:
                t.confusion[(item.colour, top)] = t.confusion.get((item.colour, top), 0) + 1
            if item.expect:
                t.labelled += 1
                t.top1_behaviour += bool(ids) and ids[0] == item.expect
            suggested = result.assessment.suggested.id if result.assessment and result.assessment.suggested else None
            t.screen_right += suggested == item.colour
            t.screen_two_step += suggested is not None and abs(LEVEL.get(suggested, 1) - LEVEL[item.colour]) == 2
            affirmed = set(result.found.reading.affirmed()) & LABELLED
            if item.cues is not None:
                t.cue_items += 1
                t.true_pos += len(affirmed & item.cues)
                t.false_pos += len(affirmed - item.cues)
                t.false_neg += len(item.cues - affirmed)
                t.negation_errors += len((affirmed & item.negated) - item.cues)
            if keep_misses and key == "all" and (top != item.colour or (item.expect and ids[:1] != [item.expect])):
                t.misses.append(f"  [{item.age}] {item.text[:90]!r}: want {item.colour}/{item.expect}, got {ids[:3]}")
    return tallies


def _pct(a: float, b: float) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   - "


def report(title: str, tallies: dict[str, Tally], bands: list[str]) -> None:
    print(title)
    print(
        f"  {'band':<7}{'n':>4} {'top-1':>7} {'top-3':>7} {'t3 scr':>7} {'behav':>7} {'MRR':>6} {'2-step':>7} "
        f"{'screen':>7} {'scr2st':>7} {'cue R':>7} {'cue P':>7} {'neg err':>8}"
    )
    for key in [*bands, "all"]:
        t = tallies.get(key)
        if t is None or not t.n:
            continue
        print(
            f"  {key:<7}{t.n:>4} {_pct(t.top1, t.n):>7} {_pct(t.top3, t.n):>7} {_pct(t.top3_by_score, t.n):>7} "
            f"{_pct(t.top1_behaviour, t.labelled):>7} {t.rr / t.n:6.3f} {t.two_step:>7} "
            f"{_pct(t.screen_right, t.n):>7} {t.screen_two_step:>7} "
            f"{_pct(t.true_pos, t.true_pos + t.false_neg):>7} {_pct(t.true_pos, t.true_pos + t.false_pos):>7} "
            f"{t.negation_errors if t.cue_items else '-':>8}"
        )
    confusion = tallies["all"].confusion if "all" in tallies else {}
    if confusion:
        print("  first hit's colour where it was not the writers': " + ", ".join(
            f"{want} read as {got} {n}" for (want, got), n in sorted(confusion.items(), key=lambda kv: (
                LEVEL.get(kv[0][0], 1), LEVEL.get(kv[0][1], 1)))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--tuned-only", action="store_true", help="skip the blind set (use this while developing)")
    only.add_argument("--blind-only", action="store_true", help="only the blind set")
    parser.add_argument("--rules", metavar="PATH", help="a rule-set folder (default: the shipped set)")
    parser.add_argument("--misses", action="store_true",
                        help="list the tuned and dev misses (never blind)")
    args = parser.parse_args()
    ruleset = load_ruleset(args.rules)
    bands = [b.id for b in ruleset.age_bands]
    print(
        "Columns: top-1 / top-3 colour of the search hits (t3 scr: top-3 by score alone, before the search moves\n"
        "a line of the neighbouring colour up to third when the first three share one colour);\n"
        "behav: top-1 behaviour where labelled; MRR of the\n"
        "right colour; 2-step: green for red or red for green at top-1; screen: the colour assess gives for\n"
        "the top behaviour with the affirmed cues as yes (scr2st: its two-step misses); cue recall and\n"
        "precision (factor level, affirmed cues); neg err: a cue made from a denied mention.\n"
        "Targets (blind): top-1 >= 92%, top-3 >= 98%, no 2-step misses; cues R and P >= 90%, no neg err.\n"
    )
    if not args.blind_only:
        items: list[Item] = []
        for name in TUNED:
            folder = DATA / name
            if folder.is_dir():
                items += load_items(folder)
        tallies = evaluate(ruleset, items, args.misses)
        title = f"TUNED sets ({', '.join(TUNED)}): written knowing the rule text; these flatter the tool"
        report(title, tallies, bands)
        if args.misses:
            print("  misses (tuned sets):")
            print("\n".join(tallies["all"].misses) or "  none")
        print()
        probes = load_items(DATA / PROBES)
        tallies = evaluate(ruleset, probes, False)
        report(f"RED probes ({PROBES}, {len(probes)} long RED notes naming the act and little context; "
               "a safety check)", tallies, bands)
        print()
        for name in DEV:
            dev = load_items(DATA / name)
            tallies = evaluate(ruleset, dev, args.misses)
            report(f"DEV set ({name}, {len(dev)} descriptions): written blind, measured blind, then tuned on",
                   tallies, bands)
            if args.misses:
                print(f"  misses ({name}):")
                print("\n".join(tallies["all"].misses) or "  none")
            print()
    if not args.tuned_only and (DATA / BLIND).is_dir():
        blind = load_items(DATA / BLIND)
        tallies = evaluate(ruleset, blind, keep_misses=False)
        report(f"BLIND set ({BLIND}, {len(blind)} descriptions, frozen, never tuned on)", tallies, bands)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
