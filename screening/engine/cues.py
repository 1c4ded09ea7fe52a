"""Read a practitioner's description for the words that bear on the context questions.

Every cue is a proposal with the words quoted: it never answers a question. A cue inside a
denial ("nobody was forced") or a doubt ("not sure if he was forced") is kept, marked, and never
counts. The cue words, denial and doubt words all come from the rule set; ages written as
numbers ("a 13 year old", "the Year 3 children", "a man of about 30") are read here.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer  # untyped: see [[tool.mypy.overrides]] in pyproject.toml

from screening.ruleset.model import CueWords, RuleSet

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE_RE = re.compile(r"[.!?\n]")
_CLAUSE_RE = re.compile(r"[,;:()\"]|\s-\s|\s–\s")
_HARD_CLAUSE_RE = re.compile(r"[;:\"]")  # the other clause marks (commas, brackets, dashes) may hold an aside
_MAX_ASIDES = 2  # a denial reaches past this many asides ("nobody, as far as we know, held her down")
_NEGATION_WINDOW = 7  # a denial reaches this many words ahead, within its clause
_HEDGE_WINDOW = 7
_MAX_GAP = 2  # small words a cue phrase may skip ("told him to stop" for "told to stop")
GAP = "..."  # in a cue phrase: up to _WILD_GAP words of any kind ("held ... down")
OR = "|"  # in a cue phrase: any one of these words ("others ... laughed|giggled|noticed")
_WILD_GAP = 4
# Two placeholders a word list cannot spell out: COUNT stands for a number of two or more, in
# digits or words ("# times": "3 times", "five times"); a word starting with ENDING stands for
# any longer word with that ending ("keeps *ing": "keeps asking", "keeps inviting").
COUNT = "#"
ENDING = "*"
_MIN_STEM = 2  # letters a word must have before the ending: "*ing" finds "doing", not "ing"
_FILLERS = frozenset(
    "him her them me us it the a an to was been being were is had has have just still even really we they "
    "he she you i all my his their our your this that those these other".split()
)
_stemmer = snowballstemmer.stemmer("english")

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
# who "is 15" or "was 15" can be said of, for "her brother is 15"
_PERSON = ("lad|boy|man|girl|woman|guy|bloke|boyfriend|girlfriend|b/f|g/f|bf|gf|partner|fella|son|daughter"
           "|brother|sister|cousin|babysitter|sitter|friend|neighbour|stepbrother|stepsister|nephew|niece|baby")
_DECADES = {"twenties": 25, "thirties": 35, "forties": 45, "fifties": 55, "sixties": 65,
            "20s": 25, "30s": 35, "40s": 45, "50s": 55, "60s": 65}
# "she's 18 months", "aged 14 weeks": a baby's age, not years; "he's 18 stone": a weight
_NOT_AN_AGE = (r"(?!\s*(?:minutes|mins|%|am|pm|kg|cm|months?|mths?|mos?|weeks?|wks?|days?"
               r"|stone|st|lbs?|pounds|kilos?|foot|feet|ft|inches|metres|meters|yards|miles|hours?|hrs?|times"
               r"|(?:years?|yrs?)\s+(?:older|younger|above|below|ahead|behind|apart|ago|later|before|after|between))\b)")
_AGE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b{_NUM}[\s-]*(?:years?|yrs?|yr)[\s-]*olds?\b"), "age"),
    (re.compile(r"\b(\d{1,2})\s*(?:yo|y/o|y\.o)\b"), "age"),
    (re.compile(rf"(?<!reading )\baged?\s+(?:about\s+|around\s+)?{_NUM}\b" + _NOT_AN_AGE), "age"),
    (re.compile(r"\b(?:man|woman|bloke|guy|adult|male|female|lad|someone)\s+(?:of\s+|aged\s+)?"
                r"(?:about|around|roughly)\s+(\d{2})\b"), "age"),
    (re.compile(r"\b(?:in\s+(?:his|her|their)\s+(?:early\s+|late\s+|mid\s+)?|(?:early|late|mid)[\s-]+)"
                r"(twenties|thirties|forties|fifties|sixties|20s|30s|40s|50s|60s)\b"), "decade"),
    # "a lad of 19", "her boyfriend is 22", "brother is 15", "the baby is 2"
    (re.compile(rf"\b(?:{_PERSON})\s+(?:of|aged|is|was|who is|whos|who's)\s+"
                rf"(?:about\s+|around\s+|nearly\s+|only\s+|just\s+)?{_NUM}\b(?!\s+of\b)" + _NOT_AN_AGE), "age"),
    (re.compile(rf"\b(?:he|she)(?:'s|’s|s| is)\s+(?:about\s+|around\s+|nearly\s+|only\s+|just\s+)?{_NUM}\b"
                r"(?!\s+of\b)" + _NOT_AN_AGE), "age"),
    # an age someone gave or was given: "a boy who said he was 13", "a girl he thinks is 14",
    # "a boy thought to be about 10", "one looked 18-19", "some look about 6 or 7"
    (re.compile(rf"\b(?:said|says|saying|claimed|claims|claiming|thinks|thought|reckons|told\s+(?:her|him))"
                rf"\s+(?:(?:he|she|they)(?:'s|’s|s|\s+is|\s+was|\s+are|\s+were)|is|was|to\s+be)\s+"
                rf"(?:about\s+|around\s+|nearly\s+|only\s+|just\s+)?{_NUM}\b(?!\s+of\b)" + _NOT_AN_AGE), "age"),
    (re.compile(rf"\b(?:looks?|looked|looking|believed\s+to\s+be)\s+(?:about\s+|around\s+|roughly\s+)?"
                rf"{_NUM}\b(?!\s+of\b)" + _NOT_AN_AGE), "age"),
    # "her brother, who is 15", "a cousin who's 7", "Dan, who she thinks is about 24"
    (re.compile(rf"\bwho(?:'s|’s|s|\s+(?:(?:she|he|they|i|we)\s+(?:thinks?|says?|said|reckons?)\s+)?(?:is|was|are|were))"
                rf"\s+(?:about\s+|around\s+|nearly\s+|only\s+|also\s+)?{_NUM}\b(?!\s+of\b)" + _NOT_AN_AGE), "age"),
    # an age in brackets after a person or a name: "her brother (15)", "boyfriend" (22), "Jay (15)";
    # "(she's 4)" after any word. A number in brackets elsewhere is a list or a count: "(2) told mum"
    # "her partner's brother (approx 19)": an estimate in brackets is an age too
    (re.compile(r"(?<=[a-z'’\"])\s*\((?:(?:approx\.?|approximately|about|around|roughly|aged?|c\.)\s*)?(\d{1,2})"
                r"(?:\s*(?:years?|yrs?|y)(?:\s+\d{1,2}\s*(?:months?|mths?|m))?)?\)"),
     "bracket"),
    (re.compile(r"(?<=[a-z'’\"])\s*\((?:he|she)(?:'s|’s| is)\s+(\d{1,2})\)"), "age"),
    # "since Year 9", "at the end of Year 6": a time in the child's own schooling, not another child
    (re.compile(r"(?<!\d\s)(?<!\d)(?<!since )(?<!until )(?<!till )(?<!end of )(?<!start of )(?<!back in )"
                r"\b(?:year|yr|y)\s?(\d{1,2})s?\b(?!\s*(?:mths|months|m\b))"), "school"),
    # the class, not the front desk: "came to reception in tears", "waited at reception"
    (re.compile(r"(?<!to )(?<!at )(?<!main )(?<!school )\breception\b(?!\s+(?:desk|area|office|staff))"), "reception"),
)

# who a number in brackets can be the age of ("her brother (15)"); parents are left out, since
# their age says nothing about the behaviour, and plurals, since "the children (3)" is a count
_BRACKET_PEOPLE = frozenset(
    "brother sister cousin friend boyfriend girlfriend partner boy girl lad man woman son daughter child "
    "kid nephew niece uncle aunt auntie stepbrother stepsister neighbour pupil student peer classmate mate "
    "sibling baby toddler fella bloke guy adult male female teenager teen youth person stepdad stepmum "
    "babysitter".split()
)
_WORD_BEFORE = re.compile(r"([A-Za-z’']+)[\"'’]?\s*$")


def _an_age_in_brackets(text: str, start: int) -> bool:
    """Whether the word before a number in brackets names a person: a person word, or a name
    ("Jay (15)"), capitalised but not an abbreviation such as "DSL (2)"."""
    word = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if word is None:
        return False
    name = word.group(1).rstrip("'’")
    if name.lower().removesuffix("'s") in _BRACKET_PEOPLE:
        return True
    return name[:1].isupper() and (len(name) == 1 or not name.isupper())  # "M (8)", not "DSL (2)"


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


@dataclass(frozen=True)
class Token:
    norm: str  # lower case, apostrophes removed: "isn't" -> "isnt"
    stem: str
    start: int
    end: int
    sentence: int
    clause: int
    soft: bool = False  # the clause this token starts came after a comma, bracket or dash, not ; : or "


def tokens(text: str) -> list[Token]:
    lowered = text.lower().replace("’", "'").replace("‘", "'")
    out: list[Token] = []
    sentence = clause = 0
    last = 0
    for match in _TOKEN_RE.finditer(lowered):
        between = lowered[last:match.start()]
        soft = False
        if _SENTENCE_RE.search(between):
            sentence += 1
            clause += 1
        elif _CLAUSE_RE.search(between):
            clause += 1
            soft = not _HARD_CLAUSE_RE.search(between)
        norm = match.group().replace("'", "")
        out.append(Token(norm, stem(norm), match.start(), match.end(), sentence, clause, soft))
        last = match.end()
    return out


@dataclass(frozen=True)
class Cue:
    factor: str
    words: str  # the words as written in the description
    start: int
    end: int
    negated: bool = False
    hedged: bool = False
    why: str = ""  # for ages given as numbers: how the age was read

    @property
    def counts(self) -> bool:
        """An affirmed cue: proposed as a yes. Denied or doubted cues never count."""
        return not self.negated and not self.hedged

    @property
    def state(self) -> str:
        return "denied" if self.negated else "unsure" if self.hedged else "affirmed"


READ_LIMIT = 20_000  # characters of a description read for cues and search: a long note stays quick


@dataclass(frozen=True)
class Reading:
    text: str
    cues: tuple[Cue, ...]
    spans: tuple[tuple[int, int], ...] = ()  # denied stretches of text, left out of the search
    truncated: bool = False  # the description was longer than READ_LIMIT; the rest was not read

    def affirmed(self) -> tuple[str, ...]:
        """The factors with at least one affirmed cue, in the order first written."""
        return tuple(dict.fromkeys(c.factor for c in self.cues if c.counts))

    def for_factor(self, factor_id: str) -> tuple[Cue, ...]:
        return tuple(c for c in self.cues if c.factor == factor_id)


@dataclass(frozen=True)
class _Phrase:
    """One cue phrase as words to match, with its question and its entry's exceptions."""

    words: tuple[str, ...]
    factor: str
    unless: frozenset[str]  # the words its "*ing" placeholders never stand for
    after: frozenset[str]  # words that, just before it in its clause, stop it being read


_EXCEPT_WINDOW = 6  # how many words before a phrase its entry's except_after words are looked for


def _after_one_of(toks: list[Token], i: int, words: frozenset[str]) -> bool:
    """Whether one of ``words`` comes within _EXCEPT_WINDOW words before token i, in its clause:
    "heard it in the playground" names where something was heard, not who saw it."""
    for k in range(i - 1, max(-1, i - 1 - _EXCEPT_WINDOW), -1):
        if toks[k].clause != toks[i].clause:
            return False
        if any(same_word(toks[k].norm, w) for w in words):
            return True
    return False


class _Phrases:
    """Cue phrases and denial or doubt phrases, compiled once per rule set."""

    def __init__(self, ruleset: RuleSet) -> None:
        # keyed by the first word's stem (so its plural finds it); matched on the words as written
        self.by_first: dict[str, list[_Phrase]] = defaultdict(list)
        self.open_first: list[_Phrase] = []  # starting with a placeholder
        self.min_age: dict[str, int] = {}
        # the phrases whose words mean something else for a question ("a man and a lady" for "a man"),
        # keyed like by_first; each with its question
        self.except_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        self.except_open: list[tuple[tuple[str, ...], str]] = []
        for cue in ruleset.cues:
            for toks in filter(None, map(phrase_words, cue.except_phrases)):
                if toks[0] == COUNT or toks[0].startswith(ENDING):
                    self.except_open.append((toks, cue.factor))
                else:
                    for word in toks[0].split(OR):
                        self.except_first[stem(word)].append((toks, cue.factor))
            if cue.min_age is not None:
                self.min_age[cue.factor] = cue.min_age
            unless = frozenset(cue.except_words)
            after = frozenset(t.norm for w in cue.except_after for t in tokens(w)[:1])
            for phrase in cue.words:
                toks = phrase_words(phrase)
                entry = _Phrase(toks, cue.factor, unless, after)
                if toks and (toks[0] == COUNT or toks[0].startswith(ENDING)):
                    self.open_first.append(entry)  # tried at every word
                elif toks:
                    for word in toks[0].split(OR):
                        self.by_first[stem(word)].append(entry)
        for entries in (*self.by_first.values(), self.open_first):
            entries.sort(key=lambda e: -len(e.words))  # longest first
        reading = ruleset.reading
        self.negation = [tuple(t.norm for t in tokens(w)) for w in reading.negation]
        self.hedging = [tuple(t.norm for t in tokens(w)) for w in reading.hedging]
        self.breaks = {t.norm for w in reading.scope_breaks for t in tokens(w)}
        self.age_cues: list[CueWords] = [c for c in ruleset.cues if c.age_difference is not None]
        self.adult_cues: list[CueWords] = [c for c in ruleset.cues if c.adult_age is not None]


_compiled: dict[int, tuple[RuleSet, _Phrases]] = {}


def _phrases(ruleset: RuleSet) -> _Phrases:
    found = _compiled.get(id(ruleset))
    if found is None or found[0] is not ruleset:
        found = _compiled[id(ruleset)] = (ruleset, _Phrases(ruleset))
    return found[1]


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A cue phrase as words to match, with GAP, COUNT and ENDING words kept as written and a
    choice of words kept as one word with OR between them ("laughed|giggled")."""
    out: list[str] = []
    for n, part in enumerate(phrase.split(GAP)):
        if n:
            out.append(GAP)
        for chunk in part.split():
            if chunk == COUNT:
                out.append(COUNT)
            elif chunk.startswith(ENDING) and tokens(chunk):
                out.append(ENDING + "".join(t.norm for t in tokens(chunk)))
            elif OR in chunk:
                choice = OR.join(t.norm for word in chunk.split(OR) for t in tokens(word)[:1])
                if choice:
                    out.append(choice)
            else:
                out.extend(t.norm for t in tokens(chunk))
    while out and out[0] == GAP:
        out.pop(0)
    while out and out[-1] == GAP:
        out.pop()
    return tuple(out)


def same_word(written: str, wanted: str) -> bool:
    """A cue word matches as written or as its plural, never through its stem: a stem joins
    "laughing" to "laughed at", "lying on top" to "lying", "recorded her words" to "recorded it".
    ``wanted`` may be a choice of words ("laughed|giggled"): any one of them matches."""
    if OR in wanted:
        return any(same_word(written, word) for word in wanted.split(OR))
    return written == wanted or written in (wanted + "s", wanted + "es")


def _is_count(written: str) -> bool:
    if written.isdigit():
        return 2 <= int(written) < 1000
    return _NUMBER_WORDS.get(written, 0) >= 2


def _fits(written: str, wanted: str, unless: frozenset[str] = frozenset()) -> bool:
    """A written word against one word of a cue phrase, placeholders included; ``unless``: the
    words an ENDING placeholder never stands for."""
    if wanted == COUNT:
        return _is_count(written)
    if wanted.startswith(ENDING):
        return (len(written) >= len(wanted) - 1 + _MIN_STEM and written.endswith(wanted[1:])
                and written not in unless)
    return same_word(written, wanted)


def readable_factors(ruleset: RuleSet, age: int | None) -> frozenset[str] | None:
    """The factors the reader can propose for a child of this age (None: any age, all of them)."""
    if age is None:
        return None
    compiled = _phrases(ruleset)
    return frozenset(c.factor for c in ruleset.cues if age >= compiled.min_age.get(c.factor, 0))


def _match(toks: list[Token], i: int, words: tuple[str, ...], unless: frozenset[str] = frozenset()) -> int | None:
    """The index of the last token of the phrase starting at i, or None."""
    if not _fits(toks[i].norm, words[0], unless):
        return None
    j, gaps = i, 0
    wild = False
    for k, wanted in enumerate(words):
        if k == 0:
            continue
        if wanted == GAP:
            wild = True
            continue
        j += 1
        if wild:  # any words, up to _WILD_GAP, in the same sentence
            wild = False
            limit = j + _WILD_GAP
            while j < len(toks) and j <= limit and toks[j].sentence == toks[i].sentence:
                if _fits(toks[j].norm, wanted, unless):
                    break
                j += 1
            if (j >= len(toks) or j > limit or not _fits(toks[j].norm, wanted, unless)
                    or toks[j].sentence != toks[i].sentence):
                return None
            continue
        while (j < len(toks) and not _fits(toks[j].norm, wanted, unless) and gaps < _MAX_GAP
               and toks[j].norm in _FILLERS and toks[j].sentence == toks[i].sentence):
            j += 1
            gaps += 1
        if j >= len(toks) or not _fits(toks[j].norm, wanted, unless) or toks[j].sentence != toks[i].sentence:
            return None
    return j


def _phrase_ends(toks: list[Token], phrases: list[tuple[str, ...]]) -> set[int]:
    """The token indexes where one of the phrases ends (once per description: linear in its length)."""
    by_last: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in phrases:
        if phrase:
            by_last[phrase[-1]].append(phrase)
    ends = set()
    for end, tok in enumerate(toks):
        for phrase in by_last.get(tok.norm, ()):
            n = len(phrase)
            if end - n + 1 >= 0 and all(toks[end - n + 1 + k].norm == phrase[k] for k in range(n - 1)):
                ends.add(end)
                break
    return ends


def _ends_before(toks: list[Token], start: int, ends: set[int], window: int,
                 same_clause: bool, breaks: set[str], skip: set[int]) -> bool:
    """Whether a phrase ends (``ends``: from _phrase_ends) within ``window`` words before token ``start``."""
    first = max(0, start - window)
    asides = 0
    for end in range(start - 1, first - 1, -1):
        tok, after = toks[end], toks[end + 1]
        if tok.sentence != toks[start].sentence:
            return False
        if same_clause:
            if tok.norm in breaks:
                return False
            if tok.clause != after.clause:  # stepping back over a clause mark
                if not after.soft:
                    return False
                asides += 1
                if asides > _MAX_ASIDES:
                    return False
        if end in skip:
            continue  # a denial word inside another cue phrase ("didn't want") is that cue's own
        if end in ends:
            if same_clause and asides and after.clause == tok.clause:
                continue  # before an aside, only a denial left hanging counts: "nobody, ...", not "wasn't upset, ..."
            return True
    return False


def read(ruleset: RuleSet, text: str, age: int | None = None) -> Reading:
    """The cues in a description; ``age`` (the child's) lets ages written as numbers count."""
    compiled = _phrases(ruleset)
    truncated = len(text) > READ_LIMIT
    text = text[:READ_LIMIT]
    toks = tokens(text)
    found: list[tuple[int, int, str, str]] = []  # first token, last token, factor, why
    taken: set[int] = set()  # tokens inside a cue phrase: their own "not" is not a denial
    for i, tok in enumerate(toks):
        for phrase in (*compiled.by_first.get(tok.stem, ()), *compiled.open_first):
            j = _match(toks, i, phrase.words, phrase.unless)
            if j is not None and not (phrase.after and _after_one_of(toks, i, phrase.after)):
                found.append((i, j, phrase.factor, ""))
                taken.update(range(i, j + 1))
    found.extend(_ages(compiled, text, toks, age))
    found = _not_excepted(compiled, toks, found)
    if age is not None:  # a question that only counts from some age ("unusual for the child's age")
        found = [f for f in found if age >= compiled.min_age.get(f[2], 0)]
    cues: list[Cue] = []
    reach: dict[str, int] = {}  # per question, the last token already read for it (found is sorted by start)
    hedge_ends = _phrase_ends(toks, compiled.hedging)
    negation_ends = _phrase_ends(toks, compiled.negation)
    for i, j, factor, why in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if reach.get(factor, -1) >= i:
            continue  # the same question already read from these words
        reach[factor] = max(reach.get(factor, -1), j)
        # looking back from i never reaches the cue's own tokens, so the other cues' tokens are ``taken``
        hedged = _ends_before(toks, i, hedge_ends, _HEDGE_WINDOW, False, set(), taken)
        negated = not hedged and _ends_before(
            toks, i, negation_ends, _NEGATION_WINDOW, True, compiled.breaks, taken
        )
        cues.append(Cue(factor, text[toks[i].start:toks[j].end], toks[i].start, toks[j].end, negated, hedged, why))
    spans = _denied_spans(compiled, toks, taken) + tuple((c.start, c.end) for c in cues if not c.counts)
    return Reading(text, tuple(cues), spans, truncated)


def _not_excepted(compiled: _Phrases, toks: list[Token],
                  found: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """The cues left when words wholly inside one of their question's ``except_phrases`` are set
    aside: "a man and a lady" in a drawing is not an adult involved, "I said no" is not the other
    child's no. Their words still are no denial ("we said no and ..." denies nothing after it)."""
    if not found or not (compiled.except_first or compiled.except_open):
        return found
    factors = {f[2] for f in found}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, tok in enumerate(toks):
        for phrase, factor in (*compiled.except_first.get(tok.stem, ()), *compiled.except_open):
            if factor in factors:
                j = _match(toks, i, phrase)
                if j is not None:
                    spans[factor].append((i, j))
    return [f for f in found if not any(a <= f[0] and f[1] <= b for a, b in spans.get(f[2], ()))]


def _denied_spans(compiled: _Phrases, toks: list[Token], taken: set[int]) -> tuple[tuple[int, int], ...]:
    """Stretches of words a denial reaches ("never in front of anyone"), so search leaves them out."""
    spans = []
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in compiled.negation:
        if phrase:
            by_first[phrase[0]].append(phrase)
    for i in range(len(toks)):
        if i in taken:
            continue
        for phrase in by_first.get(toks[i].norm, ()):
            n = len(phrase)
            if tuple(t.norm for t in toks[i:i + n]) == phrase:
                last = i + n - 1
                end = last
                while (end + 1 < len(toks) and end + 1 - last <= _NEGATION_WINDOW
                       and toks[end + 1].clause == toks[i].clause and toks[end + 1].norm not in compiled.breaks
                       and end + 1 not in taken):
                    end += 1
                spans.append((toks[i].start, toks[end].end))
                break
    return tuple(spans)


def _token_at(ends: list[int], offset: int) -> int:
    """The first token ending after ``offset`` (``ends``: each token's end, in order)."""
    return min(bisect.bisect_right(ends, offset), len(ends) - 1)


def _ages(compiled: _Phrases, text: str, toks: list[Token], age: int | None) -> list[tuple[int, int, str, str]]:
    if not toks or not (compiled.age_cues or compiled.adult_cues):
        return []
    lowered = text.lower()
    ends = [t.end for t in toks]
    out = []
    own_years = _own_school_years(lowered, age)
    for pattern, kind in _AGE_PATTERNS:
        for match in pattern.finditer(lowered):
            if kind == "bracket" and not _an_age_in_brackets(text, match.start()):
                continue
            value = _age_value(match, kind)
            if value is None:
                continue
            start, stop = match.start(), match.end()  # quote the words, not the brackets around them
            while start < stop and not lowered[start].isalnum():
                start += 1
            while stop > start and not lowered[stop - 1].isalnum():
                stop -= 1
            first, last = _token_at(ends, start), _token_at(ends, stop - 1)
            shown = f"{value:g}" if kind != "school" else f"about {value:g} (school year {match.group(1)})"
            if kind == "reception":
                shown = "about 4 (reception class)"
            adult = next((c for c in compiled.adult_cues if value >= (c.adult_age or 99)), None)
            if adult is not None and kind in ("age", "decade", "bracket"):
                out.append((first, last, adult.factor, f"an age written as a number: {shown}, an adult"))
                continue
            if age is None:
                continue
            gap, slack = abs(value - age), 0.0
            if kind == "school":
                gap, slack = _school_gap(int(match.group(1)), age, own_years)
            for cue in compiled.age_cues:
                if cue.age_difference is not None and gap >= cue.age_difference - slack:
                    side = "older" if value > age else "younger"
                    out.append(
                        (first, last, cue.factor,
                         f"an age written as a number: {shown}, {gap:g} years {side} than the child ({age})")
                    )
    return out


def _own_school_years(lowered: str, age: int | None) -> frozenset[int]:
    """The school years written that a child of this age can be in (a child of 11 is in Year 6 or 7)."""
    if age is None:
        return frozenset()
    school = next(p for p, kind in _AGE_PATTERNS if kind == "school")
    years = {int(m.group(1)) for m in school.finditer(lowered)}
    return frozenset(y for y in years if y in (age - 5, age - 4))


def _school_gap(year: int, age: int, own_years: frozenset[int]) -> tuple[float, float]:
    """The gap between a school year and the child, and how far short of a whole year it may fall.

    With the child's own year written ("Y6 boy (11) ... two Y8 boys") the gap is counted in school
    years. Without it, a child of 11 may be in Year 6 or 7, so Year 8 is one or two years above:
    the gap is the middle of the two, and it counts when it may reach the difference asked for."""
    if own_years:
        return float(min(abs(year - own) for own in own_years)), 0.0
    return abs(year + 4.5 - age), SCHOOL_SLACK


SCHOOL_SLACK = 0.5


def _age_value(match: re.Match[str], kind: str) -> float | None:
    if kind == "reception":
        return 4.5
    word = match.group(1)
    if kind == "decade":
        return float(_DECADES[word])
    number = _NUMBER_WORDS.get(word)
    value = float(number if number is not None else int(word))
    if kind == "school":
        return value + 4.5 if 1 <= value <= 13 else None
    return value if 0 < value < 100 else None
