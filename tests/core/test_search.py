"""Search in a practitioner's own words."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.engine.explain import hit_reason
from screening.engine.search import SearchIndex, _mixed, index_for, terms
from screening.ruleset.model import AgeBand, Behaviour, Category, RuleSet, RuleSetInfo


def build(*behaviours: Behaviour) -> RuleSet:
    """A rule set made in code, so each test says exactly which words are where."""
    return RuleSet(
        info=RuleSetInfo("t", "T", "1", "draft", "p", "", dt.date(2030, 1, 1), "CC0", ()),
        roles=(),
        categories=tuple(Category(c, c.upper(), "#000000", c, i, {}) for i, c in enumerate(("green", "amber", "red"))),
        age_bands=(AgeBand("young", "Young", 0, 9, "d"), AgeBand("old", "Old", 9, 17, "d")),
        behaviours=behaviours,
        context_factors=(),
        sha256="0" * 64,
        source="<test>",
    )


def b(id_: str, text: str, words: tuple[str, ...] = (), band: str = "young", category: str = "green") -> Behaviour:
    return Behaviour(id_, band, category, text, words)


def ids(index: SearchIndex, query: str, bands: tuple[str, ...] = ("young",), limit: int = 10) -> list[str]:
    return [hit.behaviour.id for hit in index.search(query, bands, limit)]


PLAYGROUND = build(
    b("rubs", "Rubs against furniture when tired.", ("rubbing",)),
    b("touches", "Touches their own private parts when bored.", ("hand in pants",)),
    b("shows", "Shows private parts to other children in the playground."),
    b("pulls", "Pulls down other children's trousers.", ("playground", "debagging")),
    b("humps", "Copies sex acts with toys, such as humping.", ("humping", "sex noises")),
    b("nudes", "Sends a nude picture of themselves.", ("nudes", "sexting"), band="old", category="amber"),
    b("forced", "Forces another child into sexual touching.", ("made him", "forced"), band="old", category="red"),
)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(PLAYGROUND)


def test_terms_are_lower_case_stems_without_small_words() -> None:
    assert terms("He was TOUCHING the other children's toys") == ["touch", "children", "toy"]
    assert terms("the and of") == []
    assert terms("") == []


def test_stemming_finds_other_forms_of_a_word(index: SearchIndex) -> None:
    # "touching" and "touched" are only ever "Touches" in the behaviour's text
    assert ids(index, "touching")[:1] == ["touches"]
    assert ids(index, "touched")[:1] == ["touches"]
    assert ids(index, "rubbed")[:1] == ["rubs"]


def test_a_practitioners_word_ranks_its_behaviour_first(index: SearchIndex) -> None:
    # "playground" is in the text of one behaviour and in the words of another: the words win
    found = ids(index, "playground")
    assert found[:2] == ["pulls", "shows"]
    scores = {hit.behaviour.id: hit.score for hit in index.search("playground", ("young",), 10)}
    assert scores["pulls"] > scores["shows"] > 0


def test_a_word_only_in_words_is_found(index: SearchIndex) -> None:
    assert ids(index, "debagging") == ["pulls"]


@pytest.mark.parametrize(
    ("typo", "band", "expected"),
    [("humpin", "young", "humps"), ("hummping", "young", "humps"), ("nudez", "old", "nudes"),
     ("sextin", "old", "nudes"), ("playgrond", "young", "pulls")],
)
def test_typos_are_tolerated(index: SearchIndex, typo: str, band: str, expected: str) -> None:
    assert terms(typo)[0] not in index._band(band).postings  # really a word the index does not have
    assert ids(index, typo, (band,))[:1] == [expected]


def test_short_unknown_words_are_not_guessed(index: SearchIndex) -> None:
    assert ids(index, "hum") == []


def test_word_order_does_not_matter(index: SearchIndex) -> None:
    for words in (["sex", "noises", "toys"], ["private", "parts", "playground"], ["made", "him", "forced"]):
        results = [
            [(h.behaviour.id) for h in index.search(" ".join(order), ("young", "old"), 10)]
            for order in itertools.permutations(words)
        ]
        assert results[0], words
        assert all(r[0] == results[0][0] for r in results), results
        assert all(set(r) == set(results[0]) for r in results), results


def test_search_is_restricted_to_the_bands_asked_for(index: SearchIndex) -> None:
    assert ids(index, "nudes", ("young",)) == []
    assert ids(index, "nudes", ("old",)) == ["nudes"]
    assert ids(index, "nudes", ("young", "old")) == ["nudes"]
    assert ids(index, "forced", ()) == []
    both = index.search("private parts forced touching", ("young", "old"), 10)
    assert {h.behaviour.band for h in both} == {"young", "old"}


@pytest.mark.parametrize("query", ["", "   ", "the and of it", "?!", "\n\t"])
def test_an_empty_query_finds_nothing(index: SearchIndex, query: str) -> None:
    assert index.search(query, ("young", "old"), 10) == []


def test_the_limit_is_respected_and_results_are_best_first(index: SearchIndex) -> None:
    everything = index.search("private parts children playground touching rubs humping", ("young", "old"), 50)
    assert len(everything) >= 4
    # best first, except that a line of another colour may be moved up to third (see test_first_three_mix)
    scores = [h.score for h in everything if not h.other_colour]
    assert scores == sorted(scores, reverse=True)
    for limit in range(len(everything) + 1):
        limited = index.search("private parts children playground touching rubs humping", ("young", "old"), limit)
        assert len(limited) == limit
        assert [h.behaviour.id for h in limited] == [h.behaviour.id for h in everything[:limit]]


def test_nothing_found_for_unknown_words(index: SearchIndex) -> None:
    assert index.search("astronaut spaceship", ("young", "old"), 10) == []


def test_index_for_keeps_one_index_per_rule_set(mini: RuleSet) -> None:
    assert index_for(mini) is index_for(mini)
    assert index_for(PLAYGROUND) is not index_for(mini)


def test_the_mini_rule_set_words(mini: RuleSet) -> None:
    index = index_for(mini)
    assert [h.behaviour.id for h in index.search("humpin", ("0-9",), 3)][:1] == ["y0-copies-sex-acts"]
    assert [h.behaviour.id for h in index.search("nudez", ("9-17",), 3)][:1] == ["y9-shares-nudes"]
    assert [h.behaviour.id for h in index.search("show me yours", ("0-9",), 3)][:1] == ["y0-plays-doctors"]
    assert [h.behaviour.id for h in index.search("touching herself", ("0-9",), 3)][:1] == ["y0-touches-own-genitals"]


@settings(max_examples=200, deadline=10_000)  # catches a hang, not a busy machine
@given(st.text(max_size=60), st.integers(0, 12))
def test_any_text_gives_a_ranked_list_within_the_limit(text: str, limit: int) -> None:
    hits = SearchIndex(PLAYGROUND).search(text, ("young", "old"), limit)
    assert len(hits) <= limit
    assert all(h.score > 0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.behaviour.id for h in hits}) == len(hits)


def _with_cues(ruleset: RuleSet) -> RuleSet:
    """The rule set with one cue question: carrying on after being asked to stop."""
    import dataclasses

    from screening.ruleset.model import CueWords, Qualifiers

    return dataclasses.replace(
        ruleset,
        cues=(CueWords("persistence", ("asked to stop", "told to stop")),),
        qualifiers=(Qualifiers("keeps", embodies=("persistence",)),),
    )


QUALIFIED = _with_cues(
    build(
        b("naked", "Likes being naked after a bath and runs round the house.", ("naked",)),
        b("keeps", "Keeps showing their private parts and being naked after being asked to stop.", category="amber"),
    )
)


def test_qualifier_words_in_a_behaviour_count_only_when_the_description_affirms_them() -> None:
    index = SearchIndex(QUALIFIED)
    # "asked to stop" is context: in the behaviour text it is not a word to match on its own
    hits = index.search("naked after her bath, she was asked to stop", ("young",))
    keeps = next(h for h in hits if h.behaviour.id == "keeps")
    assert "persistence" in keeps.agrees and not keeps.lacks
    assert "asked" not in {w.lower() for w in keeps.matched}


def test_a_behaviour_defined_by_a_context_the_description_lacks_is_demoted() -> None:
    index = SearchIndex(QUALIFIED)
    hits = index.search("running round naked after the bath", ("young",))
    assert hits[0].behaviour.id == "naked"
    keeps = next((h for h in hits if h.behaviour.id == "keeps"), None)
    assert keeps is None or keeps.lacks == ("persistence",)
    told = index.search("keeps showing his private parts naked even when told to stop", ("young",))
    assert told[0].behaviour.id == "keeps"


def test_with_no_context_the_everyday_line_of_a_topic_is_preferred() -> None:
    ruleset = build(
        b("amber", "Talks about willies and bodies.", ("willy",), category="amber"),
        b("green", "Asks about willies and bodies.", ("willy",)),
    )
    # the same words match both: with no context read, the everyday line comes first (a tie
    # would otherwise keep the rule file's order)
    assert ids(SearchIndex(ruleset), "willy bodies")[0] == "green"


@pytest.mark.parametrize(
    ("levels", "scores", "expected", "moved"),
    [
        # the first three share a colour (level 1): the best line of a neighbouring colour comes third
        ([1, 1, 1, 1, 2], [9, 8, 7, 6, 5], [0, 1, 4, 2, 3], 2),
        ([1, 1, 1, 0, 2], [9, 8, 7, 6, 5], [0, 1, 3, 2, 4], 2),
        # already mixed: left alone
        ([1, 2, 1, 1], [9, 8, 7, 6], [0, 1, 2, 3], None),
        # no other colour, only a colour two steps away, or one too weak (under a tenth of the first)
        ([2, 2, 2, 2], [9, 8, 7, 6], [0, 1, 2, 3], None),
        ([2, 2, 2, 0], [9, 8, 7, 6], [0, 1, 2, 3], None),
        ([2, 2, 2, 0, 1], [90, 80, 70, 60, 8], [0, 1, 2, 3, 4], None),
        ([2, 2, 2, 0, 1], [90, 80, 70, 60, 9], [0, 1, 4, 2, 3], 2),
        # three or fewer lines: nothing to move
        ([2, 2, 2], [9, 8, 7], [0, 1, 2], None),
    ],
)
def test_first_three_mix(levels: list[int], scores: list[float], expected: list[int], moved: int | None) -> None:
    order = list(range(len(levels)))
    assert _mixed(order, levels, [float(s) for s in scores]) == (expected, moved)


def test_the_moved_line_says_why() -> None:
    from screening.ruleset.loader import load_ruleset

    ruleset = load_ruleset(None)
    index = index_for(ruleset)
    moved = 0
    for query, age in (("older boy made him suck his willy", 6), ("rubbing his willy on the carpet at nap time", 3),
                       ("the girls giggled about who fancies who in the class", 10), ("touching", 8)):
        hits = index.search(query, [b.id for b in ruleset.bands_for_age(age)], 10, age=age)
        level = {c.id: c.level for c in ruleset.categories}
        for k, hit in enumerate(hits):
            if hit.other_colour:
                moved += 1
                assert k == 2
                assert {h.behaviour.category for h in hits[:2]} == {hits[0].behaviour.category}
                assert abs(level[hit.behaviour.category] - level[hits[0].behaviour.category]) == 1
                assert hit.score <= hits[3].score  # it was below the line it now sits above
                assert "moved up to third" in hit_reason(ruleset, hit)
            else:
                assert "moved up to third" not in hit_reason(ruleset, hit)
    assert moved >= 2
