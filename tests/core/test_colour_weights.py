"""Colour weights (the rule set's `ranking:` section): checked like any rule file, used by search,
explained on every hit they move, never turning a GREEN match into RED first or the reverse."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from screening.engine.explain import colour_weight_reason, hit_reason
from screening.engine.search import index_for
from screening.problems import ProblemsError
from screening.ruleset.loader import default_rules_path, load_ruleset
from screening.ruleset.model import ColourWeight, RuleSet

from .helpers import PROBLEM_RE

ROOT = Path(__file__).resolve().parents[2]
# weights count in full from 40 words (they were fitted on notes of 20 words and more): a neutral close
PAD = " I wrote this up at the end of the day and passed it on to the right person in school."
LONG = (
    "Tuesday afternoon in the Year 3 classroom during the maths lesson. She was rubbing her private parts "
    "on the corner of the chair again, every day this week, and the other children have started to notice it. "
    "I moved her to the carpet and gave her a job to do."
)


@pytest.fixture(scope="module")
def shipped() -> RuleSet:
    return load_ruleset()


def _without_weights(ruleset: RuleSet) -> RuleSet:
    return dataclasses.replace(ruleset, ranking=())


def _rules_copy(tmp_path: Path, ranking: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    for path in default_rules_path().glob("*.yaml"):
        if path.name != "ranking.yaml":
            (folder / path.name).write_text(path.read_text("utf-8"), "utf-8")
    (folder / "ranking.yaml").write_text(ranking, "utf-8")
    return folder


def _problems(folder: Path) -> list[str]:
    """The loader's report for a broken rule set, one problem a line, each as path:line:col: message."""
    with pytest.raises(ProblemsError) as caught:
        load_ruleset(folder)
    lines = caught.value.report().splitlines()
    assert all(PROBLEM_RE.match(line) for line in lines), lines
    return lines


def test_the_shipped_set_has_weights_and_says_how_they_were_fitted(shipped: RuleSet) -> None:
    assert {w.category for w in shipped.ranking} == {"amber", "red"}
    assert "descriptions" in shipped.ranking_fitted
    words = {w for c in shipped.ranking for w, _ in c.words}
    assert words and not words & {"police", "mash", "referral", "logged", "dsl"}
    assert all(-3 <= v <= 3 for w in shipped.ranking for _, v in w.factors)


def test_a_weight_moves_neighbouring_colours_and_the_hit_says_why(shipped: RuleSet) -> None:
    plain = index_for(_without_weights(shipped)).find(LONG, ["5-9"], 10, 8).hits
    amber_first = next(h.behaviour.id for h in plain if h.behaviour.category == "amber")
    red = ColourWeight("red", base=-2.0)
    amber = ColourWeight("amber", base=0.0, factors=(("frequency-escalation", 0.8),))
    weighted = dataclasses.replace(shipped, ranking=(red, amber))
    hits = index_for(weighted).find(LONG, ["5-9"], 10, 8).hits
    assert hits[0].behaviour.category != "red"
    top_amber = next(h for h in hits if h.behaviour.id == amber_first)
    assert top_amber.colour_weight == pytest.approx(0.8) and top_amber.colour_why == ("frequency-escalation",)
    reason = hit_reason(weighted, top_amber)
    assert "placed higher: AMBER was more often right in practitioners' descriptions like this one (bearing on " \
           "\u201cis it happening often\u201d)" in reason
    assert all(h.colour_weight == 0.0 for h in hits if h.behaviour.category == "green")


def test_a_weight_may_move_a_line_past_any_colour_but_never_hides_it_and_says_so(shipped: RuleSet) -> None:
    # Stop 17 kept a RED line above GREEN lines its words beat; on the DEV sets (4-fold) that rule
    # doubled the two-step misses (GREEN read as RED far more often), so the weights now order all lines.
    text = ("At breaktime on the field she was seen putting her mouth on another girl's private parts behind "
            "the shed, and both of them giggled when the lunchtime supervisor came over to them." + PAD)
    plain = index_for(_without_weights(shipped)).find(text, ["5-9"], 10, 8).hits
    assert plain[0].behaviour.category == "red"
    crushing = dataclasses.replace(shipped, ranking=(ColourWeight("red", base=-3.0, no_context=-3.0),))
    hits = index_for(crushing).find(text, ["5-9"], 100, 8).hits
    ids = [h.behaviour.id for h in hits]
    assert hits[0].behaviour.category != "red"
    assert plain[0].behaviour.id in ids  # placed lower, never hidden
    moved = hits[ids.index(plain[0].behaviour.id)]
    assert moved.colour_weight <= -3.0
    assert "placed lower: RED was less often right" in hit_reason(crushing, moved)
    calm = ("On the walk home from school today she asked me where babies come from and how they get into a "
            "mummy's tummy, and then she chatted about her friends and her spellings." + PAD)
    assert min(len(text.split()), len(calm.split())) >= 40
    before = index_for(_without_weights(shipped)).find(calm, ["5-9"], 10, 7).hits
    assert before[0].behaviour.category == "green"
    lifted = dataclasses.replace(shipped, ranking=(ColourWeight("red", base=3.0),))
    after = index_for(lifted).find(calm, ["5-9"], 10, 7).hits
    assert after[0].behaviour.category == "red"


def test_a_short_search_gets_no_weights_and_a_middling_one_gets_them_in_part(shipped: RuleSet) -> None:
    assert len(LONG.split()) >= 40
    weighted = dataclasses.replace(shipped, ranking=(ColourWeight("red", base=-1.0),))
    short = index_for(weighted).find("oral sex", ["9-13"], 10, 11).hits
    assert short and all(h.colour_weight == 0.0 for h in short)  # fitted on notes of 20 words or more
    thirty = " ".join(LONG.split()[:30])
    middling = index_for(weighted).find(thirty, ["5-9"], 10, 8).hits
    assert next(h for h in middling if h.behaviour.category == "red").colour_weight == pytest.approx(-0.5)
    full = index_for(weighted).find(LONG, ["5-9"], 10, 8).hits
    assert next(h for h in full if h.behaviour.category == "red").colour_weight == pytest.approx(-1.0)


def test_no_weights_no_change(shipped: RuleSet) -> None:
    plain = _without_weights(shipped)
    hits = index_for(plain).find(LONG, ["5-9"], 10, 8).hits
    assert all(h.colour_weight == 0.0 and h.colour_why == () for h in hits)
    assert "colour weight" not in " ".join(hit_reason(plain, h) for h in hits)


def test_bad_weights_are_all_reported_where_they_are(tmp_path: Path) -> None:
    folder = _rules_copy(
        tmp_path,
        "ranking:\n"
        "  colours:\n"
        "    - category: rde\n"
        "      base: 0.1\n"
        "    - category: amber\n"
        "      base: 0.2\n"
        "      factors:\n"
        "        secrcy: 0.2\n"
        "        frequency-escalation: 7\n"
        "    - category: green\n"
        "      base: lots\n"
        "    - category: red\n"
        "      base: \"0.1\"\n",
    )
    lines = _problems(folder)
    text = "\n".join(lines)
    assert "ranking.yaml:3:" in text and "did you mean 'red'" in text
    assert "ranking.yaml:8:" in text and "did you mean 'secrecy'" in text
    assert "ranking.yaml:9:" in text and "it must be from -3 to 3" in text
    assert "ranking.yaml:11:" in text and "'base' should be a number such as 0.25" in text
    assert "ranking.yaml:13:" in text  # a number in quotes is text


def test_weights_are_given_once(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path, "ranking:\n  colours:\n    - category: red\n      base: -0.1\n"
                                   "    - category: red\n      base: 0.1\n")
    with pytest.raises(ProblemsError) as caught:
        load_ruleset(folder)
    assert "ranking.yaml:5:17: the category 'red' already has weights; keep one" in caught.value.report()
    (folder / "more.yaml").write_text("ranking:\n  colours: []\n", "utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_ruleset(folder)
    assert "'ranking' is already given at" in caught.value.report()


def test_the_fit_script_writes_a_rule_file_that_loads(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path, "")
    (folder / "ranking.yaml").unlink()
    out = folder / "ranking.yaml"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "fit_ranking.py"), "--rules", str(folder),
         "--sets", "vignettes-heldout", "--out", str(out)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "24 descriptions from vignettes-heldout" in done.stdout
    loaded = load_ruleset(folder)
    assert {w.category for w in loaded.ranking} == {"amber", "red"}
    assert "24 descriptions (vignettes-heldout)" in loaded.ranking_fitted
    first = out.read_text("utf-8")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "fit_ranking.py"), "--rules", str(folder),
                    "--sets", "vignettes-heldout", "--out", str(out)], capture_output=True, timeout=300, check=True)
    assert out.read_text("utf-8") == first  # deterministic (the fit reads its features without weights)


def test_a_word_weight_counts_any_form_of_the_word_and_is_quoted(shipped: RuleSet) -> None:
    text = LONG.replace("every day this week", "and she cried")
    weighted = dataclasses.replace(shipped, ranking=(ColourWeight("amber", base=0.0, words=(("crying", 0.7),)),))
    hits = index_for(weighted).find(text, ["5-9"], 10, 8).hits
    amber = next(h for h in hits if h.behaviour.category == "amber")
    assert amber.colour_weight == pytest.approx(0.7) and amber.colour_words == ("cried",)
    reason = hit_reason(weighted, amber)
    assert "placed higher: AMBER was more often right in practitioners' descriptions like this one (words " \
           "such as \u201ccried\u201d)" in reason
    unmoved = index_for(weighted).find(LONG, ["5-9"], 10, 8).hits
    assert all(h.colour_weight == 0.0 for h in unmoved)


def test_a_word_key_must_be_one_plain_word(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path, "ranking:\n  colours:\n    - category: red\n      base: -0.1\n      words:\n"
                                   "        Crying: 0.1\n        \"held down\": 0.2\n        video: 0.1\n")
    with pytest.raises(ProblemsError) as caught:
        load_ruleset(folder)
    lines = caught.value.report().splitlines()
    assert len(lines) == 2 and all(PROBLEM_RE.match(line) for line in lines), lines
    assert "ranking.yaml:6:9: 'Crying' should be one word in small letters or digits" in lines[0]
    assert "ranking.yaml:7:9: 'held down' should be one word" in lines[1]


def test_words_about_the_response_are_never_learned_from() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import fit_ranking

    from screening.engine.search import terms
    said = set(terms("police MASH referral logged DSL"))
    assert len(said) == 5 and said <= fit_ranking.RESPONSE_WORDS


def test_a_weight_written_loosely_is_reported_with_the_plain_way_to_write_it(tmp_path: Path) -> None:
    huge = "9" * 400
    folder = _rules_copy(
        tmp_path,
        "ranking:\n"
        "  colours:\n"
        "    - category: amber\n"
        "      base: .5\n"
        "      no_context: +1\n"
        "      factors:\n"
        "        secrecy: \"0.1\"\n"
        "        age-gap: 1,5\n"
        "        persistence: 1e400\n"
        f"        humiliating: {huge}\n"
        "        compulsive: -0\n",
    )
    lines = _problems(folder)
    text = "\n".join(lines)
    assert "ranking.yaml:4:13: 'base' should be a number such as 0.25 or -1.5, but it is '.5': write 0.5" in text
    assert "ranking.yaml:5:19: 'no_context' should be a number such as 0.25 or -1.5, but it is '+1': write 1" in text
    assert "ranking.yaml:7:18: 'secrecy' should be a number such as 0.25 or -1.5, but it is in quotes, so it " \
           "reads as text: write 0.1 without quotes" in text
    assert "ranking.yaml:8:18: 'age-gap' should be a number such as 0.25 or -1.5, but it is '1,5': write 1.5" in text
    assert "ranking.yaml:9:22: 'persistence' should be a number such as 0.25 or -1.5, but it is '1e400'" in text
    assert "ranking.yaml:10:22: 'humiliating' is 9999999999999999999999999999999999999...; it must be from -3 to 3" \
           in text
    assert ":11:" not in text  # -0 is a number
    assert len(lines) == 6


def test_the_fit_script_refuses_the_blind_set() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "fit_ranking.py"), "--sets", "eval-blind",
                           "--check"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and "frozen blind set: never fit on it" in done.stderr


def test_a_reason_names_only_the_context_that_moved_the_line_the_way_it_went(shipped: RuleSet) -> None:
    # the context alone lifts AMBER (+0.5) but the words bring it down (-1.5 in all): the line is placed
    # lower, so "is it happening often" (which pushed it up) must not be given as why
    against = ColourWeight("amber", factors=(("frequency-escalation", 0.5),), words=(("chair", -2.0),))
    weighted = dataclasses.replace(shipped, ranking=(against,))
    amber = next(h for h in index_for(weighted).find(LONG, ["5-9"], 10, 8).hits if h.behaviour.category == "amber")
    assert amber.colour_weight == pytest.approx(-1.5)
    assert amber.colour_why == () and amber.colour_words == ("chair",)
    assert colour_weight_reason(weighted, amber) == ("placed lower: AMBER was less often right in practitioners' "
                                                     "descriptions like this one (words such as \u201cchair\u201d)")
    # the same for the lack of context: with no_context pulling down and the base lifting more, it is no reason
    calm = ("On the walk home from school today she asked me where babies come from and how they get into a "
            "mummy's tummy, and then she chatted about her friends and her spellings." + PAD)
    lifted = dataclasses.replace(shipped, ranking=(ColourWeight("red", base=1.0, no_context=-0.5),))
    red = next(h for h in index_for(lifted).find(calm, ["5-9"], 10, 7).hits if h.behaviour.category == "red")
    assert red.no_context and red.colour_weight == pytest.approx(0.5)
    reason = hit_reason(lifted, red)
    assert "placed higher: RED was more often right" in reason and "naming no context" not in reason
    lowered = dataclasses.replace(shipped, ranking=(ColourWeight("red", base=0.0, no_context=-0.5),))
    red = next(h for h in index_for(lowered).find(calm, ["5-9"], 10, 7).hits if h.behaviour.category == "red")
    assert "placed lower: RED was less often right in practitioners' descriptions like this one (naming no " \
           "context such as force, secrecy or distress)" in hit_reason(lowered, red)


def test_two_forms_of_one_word_in_the_file_both_count(shipped: RuleSet) -> None:
    # "any form of the word counts" for each entry: 'crying' and 'cried' both apply to "cried"
    text = LONG.replace("every day this week", "and she cried")
    both = ColourWeight("amber", words=(("crying", 0.3), ("cried", 0.4)))
    weighted = dataclasses.replace(shipped, ranking=(both,))
    amber = next(h for h in index_for(weighted).find(text, ["5-9"], 10, 8).hits if h.behaviour.category == "amber")
    assert amber.colour_weight == pytest.approx(0.7) and amber.colour_words == ("cried",)


def _fit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "benchmarks" / "fit_ranking.py"), *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_fit_script_reports_a_rule_set_that_does_not_load_without_a_traceback(tmp_path: Path) -> None:
    # a ranking.yaml left over from a rule set whose categories have changed: the usual way to get here
    folder = _rules_copy(tmp_path, "ranking:\n  colours:\n    - category: purple\n      base: 0.1\n")
    done = _fit("--rules", str(folder), "--sets", "vignettes-heldout", "--check")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "ranking.yaml:3:17: there is no category with the id 'purple'" in done.stderr
    assert "delete" in done.stderr and str(folder / "ranking.yaml") in done.stderr


def test_the_fit_script_refuses_descriptions_whose_colours_are_not_categories(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path, "")
    (folder / "ranking.yaml").unlink()
    data = tmp_path / "labels"
    data.mkdir()
    (data / "set.yaml").write_text("- age: 8\n  colour: purple\n  text: she touched his private parts\n", "utf-8")
    out = folder / "ranking.yaml"
    done = _fit("--rules", str(folder), "--sets", str(data), "--out", str(out))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "purple" in done.stderr and "green, amber, red" in done.stderr
    assert not out.exists()


def test_denied_words_and_the_readers_own_denials_carry_no_word_weight(shipped: RuleSet) -> None:
    weights = (ColourWeight("red", base=0.0, words=(("video", 0.9), ("no", -0.9), ("nobody", -0.9))),)
    weighted = dataclasses.replace(shipped, ranking=weights)
    denied = ("At the youth club on Friday evening the two of them were kissing in the corner and there was no "
              "video taken, the staff checked both phones before they went home." + PAD)
    red = next(h for h in index_for(weighted).find(denied, ["13-17"], 20, 15).hits if h.behaviour.category == "red")
    assert red.colour_weight == 0.0 and red.colour_words == ()
    refused = ("She said no but he kept trying to touch her in the toilets at breaktime and she came out upset to "
               "find the dinner lady, who stayed with her until her mum came." + PAD)
    red = next(h for h in index_for(weighted).find(refused, ["13-17"], 20, 15).hits if h.behaviour.category == "red")
    assert red.colour_weight == 0.0  # "no" is the reader's word: it never lowers RED
    affirmed = denied.replace("there was no video taken", "a video was taken")
    red = next(h for h in index_for(weighted).find(affirmed, ["13-17"], 20, 15).hits if h.behaviour.category == "red")
    assert red.colour_weight == pytest.approx(0.9) and red.colour_words == ("video",)


def test_red_is_never_placed_lower_across_the_board_nor_for_naming_no_context(shipped: RuleSet) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import fit_ranking

    highest = max(shipped.categories, key=lambda c: c.level).id
    red = next(c for c in shipped.ranking if c.category == highest)
    assert red.base >= 0 and red.no_context >= 0 and fit_ranking.NEVER_AGAINST_HIGHEST == ("base", "no_context")
    # a long note that names the act and no context keeps its RED line first
    note = ("Class teacher recorded on the system that during PE changing the pupil put his finger into another "
            "boy's bottom while he was bending down to put his shoes on. The other boy shouted and told the "
            "teacher. The pupil said it was a game they play at his house with his big cousin.")
    hits = index_for(shipped).find(note, ["5-9"], 5, 8).hits
    assert hits[0].behaviour.category == highest, [h.behaviour.id for h in hits]
