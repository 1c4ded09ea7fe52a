"""Find behaviours from a practitioner's own words, and say why each one matched.

Scoring is BM25F: each behaviour has three fields (the practitioners' words from the rule file,
the behaviour text and its notes), each with its own weight and length normalisation, so a long
behaviour does not win by having more words. Words are stemmed ("touching" finds "touches"); the
rule set's shared vocabulary joins slang and plain words ("willy" finds "private parts"); a word
that is not in the index is matched to close words (typos). The description is also read for
context cues (screening.engine.cues): words inside a denial are left out of the search, and a
behaviour whose declared qualifiers agree with the affirmed cues is preferred, one they
contradict demoted.
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import snowballstemmer  # untyped: see [[tool.mypy.overrides]] in pyproject.toml
from rapidfuzz import fuzz, process

from screening.engine.cues import Reading, read, readable_factors
from screening.ruleset.model import Behaviour, RuleSet

_WORD_RE = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    """a an and are as at be been but by did do does for from had has have he her hers him his i if in
    into is it its me my of on or our she so that the their them then there they this to too was we
    were what when where which who will with you your yours im ive hes shes theyre keeps kept
    very really just also about after again being said says say got get gets getting one
    all any both each few more most other others some such own same than now before above below between
    through during out up down off over under further once here there why how can could would should
    its itself himself herself themselves ourselves myself yourself am those these thing things""".split()
)
# BM25F: (weight, length normalisation) per field. The practitioners' words matter most.
_FIELDS = {"words": (3.0, 0.5), "text": (1.5, 0.75), "notes": (0.4, 0.75)}
_K1 = 1.2
_CONCEPT_SHARE = 0.8  # a word found through the shared vocabulary counts a little less than itself
_AGREE_BOOST = 0.35  # per affirmed cue the behaviour embodies
_CONTRADICT_FACTOR = 0.45  # per affirmed cue the behaviour rules out
_LACKS_FACTOR = 0.9  # per context the behaviour's own text names that the description does not affirm
_EVERYDAY_PRIOR = 1.3  # the lowest category's lines, when the description affirms no context at all
_BELOW_FLOOR = 0.6  # per category step below the floor an affirmed cue declares (cues: search_floor)
# The colour weights were fitted on practitioners' notes of 20 to about 120 words. A shorter
# description is outside what they learned from (a quick search names the act and no context, so
# missing context says nothing there): it gets none, and they come in by steps up to 40 words.
_COLOUR_FROM = 20
_COLOUR_FULL_AT = 40
_WORD_SHOWN = 0.08  # a word's colour weight worth quoting in a reason
_FUZZY_CUTOFF = 82.0
# When the first three lines are all one colour, the best line of the neighbouring colour comes
# third, if it scores at least this share of the first: the practitioner sees where the nearest
# boundary lies. (6-fold on DEV, in memory: right colour in the first three 94.9% -> 97.8%.)
_MIXED_TOP = 3
_MIXED_SHARE = 0.1
_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def _words(text: str) -> list[str]:
    """Lower-cased words without the common small words, not stemmed."""
    return [w for w in _WORD_RE.findall(text.lower().replace("'", "").replace("’", "")) if w not in _STOP]


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed words without the common small words."""
    return [_stem(w) for w in _words(text)]


def colour_share(text: str) -> float:
    """How much of the colour weights a description gets, by its length (fit and search alike)."""
    return min(1.0, max(0.0, (len(text.split()) - _COLOUR_FROM) / (_COLOUR_FULL_AT - _COLOUR_FROM)))


def description_words(ruleset: RuleSet, reading: Reading) -> dict[str, str]:
    """The description's words as the colour weights read them (fit and search alike): stem -> the
    word as first written, in small letters without apostrophes (the form a rule file uses)."""
    return {stem: plain_word(word) for stem, word in _as_written(ruleset, reading).items()}


def plain_word(word: str) -> str:
    return word.lower().replace("'", "").replace("\u2019", "")


@lru_cache(maxsize=64)
def _reader_stems(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t for w in words for t in terms(w))


def _as_written(ruleset: RuleSet, reading: Reading) -> dict[str, str]:
    """Each stem of the description -> the word as first written there, for quoting it back.

    Left out: words inside a denial or a doubt ("there was no video"), and the reader's own
    denying and doubting words ("no", "nobody", "maybe"): denial is the cue reader's job, so that
    "she said no" never counts against RED."""
    skip = _reader_stems(ruleset.reading.negation + ruleset.reading.hedging)
    denied = _merged(reading.spans)
    starts = [a for a, _ in denied]
    out: dict[str, str] = {}
    for match in re.finditer(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?", reading.text):
        k = bisect.bisect_right(starts, match.start()) - 1
        if k >= 0 and match.start() < denied[k][1]:
            continue
        word = match.group()
        plain = plain_word(word)
        if plain not in _STOP and _stem(plain) not in skip:
            out.setdefault(_stem(plain), word)
    return out


@dataclass(frozen=True)
class Hit:
    behaviour: Behaviour
    score: float
    matched: tuple[str, ...] = ()  # the description's words that matched, as written
    agrees: tuple[str, ...] = ()  # factor ids: affirmed cues the behaviour already describes
    contradicts: tuple[str, ...] = ()  # factor ids: affirmed cues the behaviour rules out
    lacks: tuple[str, ...] = ()  # factor ids: context the behaviour names that the description does not
    below: tuple[str, ...] = ()  # factor ids: affirmed cues whose declared search floor this behaviour is under
    colour_weight: float = 0.0  # the rule set's colour weight for this line's category, given the cues (log)
    colour_why: tuple[str, ...] = ()  # factor ids: the affirmed cues that moved that weight the way it went
    colour_words: tuple[str, ...] = ()  # the description's words (as written) whose weights moved it most
    no_context: bool = False  # the description affirmed no context at all (a colour weight of its own)
    other_colour: bool = False  # moved up to third: the lines above it were all one colour (see _mixed)


@dataclass(frozen=True)
class Found:
    reading: Reading
    hits: tuple[Hit, ...]


class _Vocabulary:
    """The shared vocabulary: a phrase of stems -> the concept token it stands for."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for group in ruleset.vocabulary:
            concept = "~" + group.means.lower()
            for word in (*group.words, group.means):
                stems = tuple(_stem(w) for w in _WORD_RE.findall(word.lower().replace("'", "")))
                if stems:
                    self.by_first[stems[0]].append((stems, concept))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def concepts(self, stems: list[str]) -> list[tuple[str, int, int]]:
        """(concept, first index, last index) for every vocabulary phrase in a list of stems."""
        out = []
        for i, first in enumerate(stems):
            for phrase, concept in self.by_first.get(first, ()):
                if tuple(stems[i:i + len(phrase)]) == phrase:
                    out.append((concept, i, i + len(phrase) - 1))
                    break
        return out


def _field_terms(text: str, vocabulary: _Vocabulary) -> list[str]:
    raw = [_stem(w) for w in _WORD_RE.findall(text.lower().replace("'", ""))]
    kept = [t for t, w in zip(raw, _WORD_RE.findall(text.lower().replace("'", "")), strict=True) if w not in _STOP]
    return kept + [c for c, _, _ in vocabulary.concepts(raw)]


@dataclass(frozen=True)
class _Weighed:
    """A category's colour weight for one description, and what moved it (factor ids, words)."""

    weight: float
    why: tuple[tuple[str, ...], tuple[str, ...]]


_NOT_WEIGHED = _Weighed(0.0, ((), ()))


@dataclass(frozen=True)
class _Ranked:
    """A candidate line before the cut, scored on its words and context times its colour weight."""

    doc: int
    score: float  # on the words and context, with the colour weight
    agrees: tuple[str, ...]
    contradicts: tuple[str, ...]
    lacks: tuple[str, ...]
    below: tuple[str, ...]
    weight: float
    why: tuple[str, ...]  # factor ids that moved the weight
    words_why: tuple[str, ...]  # words that moved it


class _BandIndex:
    def __init__(self, behaviours: tuple[Behaviour, ...], ruleset: RuleSet, vocabulary: _Vocabulary) -> None:
        self.behaviours = behaviours
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        self.phrases: list[list[tuple[str, ...]]] = []
        self.agree: list[frozenset[str]] = []
        self.contra: list[frozenset[str]] = []
        self.demands: list[frozenset[str]] = []
        self.lowest: list[bool] = []
        self.levels: list[int] = []
        self.categories: list[str] = []
        lowest = min(ruleset.categories, key=lambda c: c.level).id if ruleset.categories else ""
        fields: list[dict[str, list[str]]] = []
        for behaviour in behaviours:
            # a qualifier in the behaviour's text ("after being asked to stop", "much younger") is
            # context, not topic: it counts through the cue reader, never as plain words
            text, named = _without_cues(ruleset, behaviour.text)
            notes, _ = _without_cues(ruleset, behaviour.notes)
            fields.append(
                {
                    "words": [t for phrase in behaviour.words for t in _field_terms(phrase, vocabulary)],
                    "text": _field_terms(text, vocabulary),
                    "notes": _field_terms(notes, vocabulary),
                }
            )
            self.phrases.append([p for p in (tuple(terms(w)) for w in behaviour.words) if len(p) > 1])
            qualifiers = ruleset.qualifiers_of(behaviour.id)
            named -= frozenset(qualifiers.excludes)  # the qualifiers file has the last word
            self.agree.append(frozenset(qualifiers.embodies) | named)
            self.contra.append(frozenset(qualifiers.excludes))
            self.demands.append(frozenset(qualifiers.embodies))  # demoted only for a declared context
            self.lowest.append(behaviour.category == lowest)
            self.levels.append(ruleset.category(behaviour.category).level)
            self.categories.append(behaviour.category)
        count = max(len(behaviours), 1)
        average = {f: max(sum(len(d[f]) for d in fields) / count, 1.0) for f in _FIELDS}
        for doc, doc_fields in enumerate(fields):
            weighted: dict[str, float] = defaultdict(float)
            for name, (weight, b) in _FIELDS.items():
                terms_here = doc_fields[name]
                norm = 1 - b + b * len(terms_here) / average[name]
                counts: dict[str, int] = defaultdict(int)
                for term in terms_here:
                    counts[term] += 1
                for term, tf in counts.items():
                    weighted[term] += weight * tf / norm
            for term, pseudo in weighted.items():
                self.postings[term][doc] = pseudo / (_K1 + pseudo)  # the query-independent half of BM25
        self.idf = {
            t: math.log(1 + (count - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()
        }
        # typos are matched against the words as written as well as their stems: "humpin" is
        # close to "humping" but not to its stem "hump"
        self.surface: dict[str, str] = {t: t for t in self.postings if not t.startswith("~")}
        for behaviour in behaviours:
            for text in (*behaviour.words, behaviour.text, behaviour.notes):
                for word in _words(text):
                    if _stem(word) in self.postings:  # not a word blanked out as a cue
                        self.surface.setdefault(word, _stem(word))
        self.vocabulary = list(self.surface)

    def _expand(self, term: str) -> list[tuple[str, float]]:
        """The term itself, or close words from the vocabulary for a likely typo."""
        if term in self.postings:
            return [(term, 1.0)]
        if len(term) < 4 or term.startswith("~"):
            return []
        found = process.extract(term, self.vocabulary, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=6)
        best: dict[str, float] = {}
        for word, score, _ in found:
            stem = self.surface[word]
            best[stem] = max(best.get(stem, 0.0), score / 100.0 * 0.8)
        return sorted(best.items(), key=lambda kv: -kv[1])[:3]

    def rank(self, query: list[tuple[str, str, float]], cues: frozenset[str], limit: int,
             readable: frozenset[str] | None = None, floors: dict[str, int] | None = None,
             colour_weights: dict[str, _Weighed] | None = None,
             ) -> tuple[list[_Ranked], list[tuple[str, str]]]:
        """The leading candidates, unsorted, and (index term, the description's word) for the reasons.

        ``readable``: the factors the cue reader can propose for this child (None: all);
        ``floors``: affirmed factor -> the category level below which behaviours rank lower;
        ``colour_weights``: category id -> the log weight its lines get for these cues, and why."""
        floors = floors or {}
        colour_weights = colour_weights or {}
        scores: dict[int, float] = {}
        count: Counter[int] = Counter()
        used: list[tuple[str, str]] = []
        seen: set[str] = set()
        for term, surface, share in query:
            if term in seen:
                continue
            seen.add(term)
            for word, closeness in self._expand(term):
                used.append((word, surface))
                factor = self.idf[word] * closeness * share
                postings = self.postings[word]
                get = scores.get  # the hot loop of a large rule set: one dict look-up per posting
                for doc, weight in postings.items():
                    scores[doc] = get(doc, 0.0) + weight * factor
                count.update(postings.keys())  # counted in C
        # a behaviour that matches more of the description's words is preferred
        for doc, n in count.items():
            if n > 1:
                scores[doc] *= 0.85 + 0.15 * n
        # phrases from the rule file ("show me yours") count extra when all their words appear;
        # checked only for the leading candidates, which keeps large rule sets fast
        query_terms = [t for t, _, _ in query if not t.startswith("~")]
        query_set = set(query_terms)
        joined = " ".join(query_terms)
        candidates = heapq.nlargest(max(50, 5 * limit), scores.items(), key=itemgetter(1))
        ranked: list[_Ranked] = []
        for doc, score in candidates:
            for phrase in self.phrases[doc]:
                if query_set.issuperset(phrase):
                    score += 0.6 * len(phrase) * (1.5 if " ".join(phrase) in joined else 1.0)
            agrees = tuple(f for f in cues if f in self.agree[doc])
            contradicts = tuple(f for f in cues if f in self.contra[doc])
            # a behaviour defined by a context the description does not affirm is demoted
            lacks = tuple(sorted(f for f in self.demands[doc] - cues if readable is None or f in readable))
            score *= (1 + _AGREE_BOOST * len(agrees)) * _CONTRADICT_FACTOR ** len(contradicts)
            score *= _LACKS_FACTOR ** len(lacks)
            if not cues and self.lowest[doc]:
                score *= _EVERYDAY_PRIOR  # nothing in the description raises concern: prefer the everyday line
            # force or a child unable to agree puts the behaviour at a level whatever it is: prefer those lines
            below = tuple(sorted(f for f, level in floors.items() if self.levels[doc] < level))
            if below:
                score *= _BELOW_FLOOR ** (max(floors[f] for f in below) - self.levels[doc])
            weighed = colour_weights.get(self.categories[doc], _NOT_WEIGHED)
            ranked.append(_Ranked(doc, score * math.exp(weighed.weight), agrees,
                                  contradicts, lacks, below, weighed.weight, *weighed.why))
        return ranked, used

    def hit(self, r: _Ranked, score: float, used: list[tuple[str, str]], no_context: bool) -> Hit:
        return Hit(self.behaviours[r.doc], round(score, 3), self._matched(r.doc, used), tuple(sorted(r.agrees)),
                   tuple(sorted(r.contradicts)), r.lacks, r.below, round(r.weight, 3), r.why, r.words_why, no_context)

    def _matched(self, doc: int, used: list[tuple[str, str]]) -> tuple[str, ...]:
        """The description's words that matched this behaviour, as written (worked out for the hits only)."""
        return tuple(dict.fromkeys(surface for word, surface in used if doc in self.postings[word]))


def _without_cues(ruleset: RuleSet, text: str) -> tuple[str, frozenset[str]]:
    """The text with its cue phrases blanked out, and the factors its affirmed cues name."""
    if not text:
        return text, frozenset()
    reading = read(ruleset, text)
    chars = list(text)
    for cue in reading.cues:
        chars[cue.start:cue.end] = " " * (cue.end - cue.start)
    return "".join(chars), frozenset(reading.affirmed())


def _merged(spans: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Character spans sorted and joined where they overlap, for a binary search."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _query(text: str, reading: Reading, vocabulary: _Vocabulary) -> list[tuple[str, str, float]]:
    """(term, the word as written, share) for the description, leaving out what a denial covers."""
    lowered = text.lower().replace("’", "'")
    denied = _merged(reading.spans)
    starts = [a for a, _ in denied]
    surfaces: list[str] = []
    for match in re.finditer(r"[a-z0-9]+(?:'[a-z]+)?", lowered):
        k = bisect.bisect_right(starts, match.start()) - 1
        if k >= 0 and match.start() < denied[k][1]:
            continue  # inside a denial
        surfaces.append(text[match.start():match.end()])
    raw = [_stem(s.lower().replace("'", "").replace("’", "")) for s in surfaces]
    out = [
        (term, surface, 1.0)
        for term, surface in zip(raw, surfaces, strict=True)
        if surface.lower().replace("'", "").replace("’", "") not in _STOP
    ]
    for concept, first, last in vocabulary.concepts(raw):
        out.append((concept, " ".join(surfaces[first:last + 1]), _CONCEPT_SHARE))
    return out


class SearchIndex:
    """Search over a rule set, built once and kept with it."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self._vocabulary = _Vocabulary(ruleset)
        self._floors = {c.factor: ruleset.category(c.search_floor).level for c in ruleset.cues if c.search_floor}
        # category -> the stem of each of the rule file's words -> its weight; any form of the word counts,
        # so two forms written in the file ('crying', 'cried') both count, added up
        self._word_weights: dict[str, dict[str, float]] = {}
        for colour in ruleset.ranking:
            for word, value in colour.words:
                stems = self._word_weights.setdefault(colour.category, {})
                stems[_stem(word)] = stems.get(_stem(word), 0.0) + value
        self._bands: dict[str, _BandIndex] = {}

    def _colour_weights(self, reading: Reading, cues: frozenset[str]) -> dict[str, _Weighed]:
        share = colour_share(reading.text)
        written = _as_written(self.ruleset, reading) if self._word_weights else {}
        out = {}
        for colour in self.ruleset.ranking:
            words = [(written[stem], v) for stem, v in self._word_weights.get(colour.category, {}).items()
                     if stem in written]
            weight = colour.weight(cues) + sum(v for _, v in words)
            moved = sorted((wv for wv in words if wv[1] * weight > 0 and abs(wv[1]) >= _WORD_SHOWN),
                           key=lambda wv: (-abs(wv[1]), wv[0]))
            why = (colour.reasons(cues, total=weight), tuple(w for w, _ in moved[:2]))
            out[colour.category] = _Weighed(share * weight, why)
        return out

    def _band(self, band_id: str) -> _BandIndex:
        if band_id not in self._bands:
            self._bands[band_id] = _BandIndex(self.ruleset.behaviours_in(band_id), self.ruleset, self._vocabulary)
        return self._bands[band_id]

    def find(self, text: str, band_ids: tuple[str, ...] | list[str], limit: int = 10, age: int | None = None) -> Found:
        """The hits and how the description was read (``age``: the child's, for ages as numbers)."""
        reading = read(self.ruleset, text, age)
        query = _query(reading.text, reading, self._vocabulary)
        if not query:
            return Found(reading, ())
        cues = frozenset(reading.affirmed())
        readable = readable_factors(self.ruleset, age)
        floors = {f: level for f, level in self._floors.items() if f in cues}
        weights = self._colour_weights(reading, cues)
        # every band's candidates are ranked together before the cut (bands overlap at some ages)
        candidates: list[tuple[_BandIndex, _Ranked, list[tuple[str, str]]]] = []
        for band_id in band_ids:
            band = self._band(band_id)
            ranked, used = band.rank(query, cues, limit, readable, floors, weights)
            candidates.extend((band, r, used) for r in sorted(ranked, key=lambda r: r.doc))
        scores = [r.score for _, r, _ in candidates]
        # ties: band, then the file's order
        order = [k for k in sorted(range(len(candidates)), key=lambda k: -scores[k]) if scores[k] > 0]
        levels = [band.levels[r.doc] for band, r, _ in candidates]
        order, moved = _mixed(order, levels, scores)
        hits = [candidates[k][0].hit(candidates[k][1], scores[k], candidates[k][2], not cues)
                for k in order[:limit]]
        if moved is not None and moved < len(hits):
            hits[moved] = dataclasses.replace(hits[moved], other_colour=True)
        return Found(reading, tuple(hits))

    def search(
        self, text: str, band_ids: tuple[str, ...] | list[str], limit: int = 10, age: int | None = None
    ) -> list[Hit]:
        return list(self.find(text, band_ids, limit, age).hits)


def _mixed(order: list[int], levels: list[int], scores: list[float]) -> tuple[list[int], int | None]:
    """The order with the best line of a neighbouring colour (one level up or down) third when the
    first three share one colour and it scores at least _MIXED_SHARE of the first, and where it went
    (None: left as it was). A neighbour, not any other colour: a GREEN line is never offered as the
    boundary of a RED act."""
    if len(order) <= _MIXED_TOP or len({levels[k] for k in order[:_MIXED_TOP]}) > 1:
        return order, None
    first = levels[order[0]]
    at = next((i for i, k in enumerate(order) if abs(levels[k] - first) == 1), None)
    if at is None or scores[order[at]] < _MIXED_SHARE * scores[order[0]]:
        return order, None
    slot = _MIXED_TOP - 1
    return [*order[:slot], order[at], *order[slot:at], *order[at + 1:]], slot


_indexes: dict[int, SearchIndex] = {}


def index_for(ruleset: RuleSet) -> SearchIndex:
    """One index per loaded rule set object."""
    key = id(ruleset)
    index = _indexes.get(key)
    if index is None or index.ruleset is not ruleset:
        index = _indexes[key] = SearchIndex(ruleset)
    return index
