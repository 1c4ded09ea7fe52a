"""Find behaviours from a practitioner's own words.

A small inverted index per band: words are stemmed (so "touching" finds "touches"), the words
practitioners use from the rule file count more than the behaviour text, word order does not
matter, and a query word that is not in the vocabulary is matched to close words (typos).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

from screening.ruleset.model import Behaviour, RuleSet

_WORD_RE = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    """a an and are as at be been but by did do does for from had has have he her hers him his i if in
    into is it its me my of on or our she so that the their them then there they this to too was we
    were what when where which who will with you your yours im ive hes shes theyre keeps kept
    very really just also about after again being said says say got get gets getting one""".split()
)
# Field weights: the practitioners' own words matter most, then the behaviour text.
_WORDS_WEIGHT = 3.0
_TEXT_WEIGHT = 1.0
_NOTES_WEIGHT = 0.3
_FUZZY_CUTOFF = 82.0
_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def _words(text: str) -> list[str]:
    """Lower-cased words without the common small words, not stemmed."""
    return [w for w in _WORD_RE.findall(text.lower().replace("'", "")) if w not in _STOP]


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed words without the common small words."""
    return [_stem(w) for w in _words(text)]


@dataclass(frozen=True)
class Hit:
    behaviour: Behaviour
    score: float


class _BandIndex:
    def __init__(self, behaviours: tuple[Behaviour, ...]) -> None:
        self.behaviours = behaviours
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        self.phrases: list[list[tuple[str, ...]]] = []
        for i, behaviour in enumerate(behaviours):
            weights: dict[str, float] = defaultdict(float)
            phrases = []
            for phrase in behaviour.words:
                phrase_terms = terms(phrase)
                if len(phrase_terms) > 1:
                    phrases.append(tuple(phrase_terms))
                for term in set(phrase_terms):
                    weights[term] = max(weights[term], _WORDS_WEIGHT)
            for term in set(terms(behaviour.text)):
                weights[term] += _TEXT_WEIGHT
            for term in set(terms(behaviour.notes)):
                weights[term] += _NOTES_WEIGHT
            for term, weight in weights.items():
                self.postings[term][i] = weight
            self.phrases.append(phrases)
        count = max(len(behaviours), 1)
        self.idf = {t: math.log(1 + count / len(p)) for t, p in self.postings.items()}
        # typos are matched against the words as written as well as their stems: "humpin" is
        # close to "humping" but not to its stem "hump"
        self.surface: dict[str, str] = {t: t for t in self.postings}
        for behaviour in behaviours:
            for text in (*behaviour.words, behaviour.text, behaviour.notes):
                for word in _words(text):
                    self.surface.setdefault(word, _stem(word))
        self.vocabulary = list(self.surface)

    def _expand(self, term: str) -> list[tuple[str, float]]:
        """The term itself, or close words from the vocabulary for a likely typo."""
        if term in self.postings:
            return [(term, 1.0)]
        if len(term) < 4:
            return []
        found = process.extract(term, self.vocabulary, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=6)
        best: dict[str, float] = {}
        for word, score, _ in found:
            stem = self.surface[word]
            best[stem] = max(best.get(stem, 0.0), score / 100.0 * 0.8)
        return sorted(best.items(), key=lambda kv: -kv[1])[:3]

    def search(self, query_terms: list[str], limit: int) -> list[Hit]:
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        for term in dict.fromkeys(query_terms):
            for word, closeness in self._expand(term):
                factor = self.idf[word] * closeness
                for doc, weight in self.postings[word].items():
                    scores[doc] += weight * factor
                    matched[doc] += 1
        # a behaviour that matches more of the query's words is preferred
        for doc, count in matched.items():
            scores[doc] *= 1.0 + 0.25 * (count - 1)
        # phrases from the rule file ("show me yours") count extra when all their words appear;
        # checked only for the leading candidates, which keeps large rule sets fast
        query_set = set(query_terms)
        joined = " ".join(query_terms)
        candidates = heapq.nlargest(max(50, 5 * limit), scores.items(), key=lambda kv: (kv[1], -kv[0]))
        ranked = []
        for doc, score in candidates:
            for phrase in self.phrases[doc]:
                if query_set.issuperset(phrase):
                    score += 1.5 * len(phrase) * (1.5 if " ".join(phrase) in joined else 1.0)
            ranked.append((doc, score))
        ranked.sort(key=lambda kv: (-kv[1], kv[0]))
        return [Hit(self.behaviours[doc], round(score, 3)) for doc, score in ranked[:limit] if score > 0]


class SearchIndex:
    """Search over a rule set, built once and kept with it."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self._bands: dict[str, _BandIndex] = {}

    def _band(self, band_id: str) -> _BandIndex:
        if band_id not in self._bands:
            self._bands[band_id] = _BandIndex(self.ruleset.behaviours_in(band_id))
        return self._bands[band_id]

    def search(self, text: str, band_ids: tuple[str, ...] | list[str], limit: int = 10) -> list[Hit]:
        query = terms(text)
        if not query:
            return []
        hits: list[Hit] = []
        for band_id in band_ids:
            hits.extend(self._band(band_id).search(query, limit))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]


_indexes: dict[int, SearchIndex] = {}


def index_for(ruleset: RuleSet) -> SearchIndex:
    """One index per loaded rule set object."""
    key = id(ruleset)
    index = _indexes.get(key)
    if index is None or index.ruleset is not ruleset:
        index = _indexes[key] = SearchIndex(ruleset)
    return index
