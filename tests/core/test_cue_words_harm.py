"""Cue words for three context questions about harm to another child (force, threats, bribes or
tricks; another child refusing; humiliating): an adult telling a child to stop is not the other
child's no, phrases with an everyday meaning stay out, and the words practitioners write are read."""

from __future__ import annotations

import pytest

from screening.engine.cues import read
from screening.ruleset.loader import load_ruleset
from screening.ruleset.model import RuleSet

FORCE, REFUSED, MOCKERY = "force-threats-bribes", "consent-refused", "humiliating"

NOT_THE_QUESTION = [
    # an adult's "stop" is the persistence question's, not the other child's no
    ("the instructor told him to stop and he did it again", 7, REFUSED),
    ("I told them to stop and they went back to their game", 9, REFUSED),
    ("staff told him firmly to stop", 9, REFUSED),
    ("she was told to stop by the lunchtime supervisor", 9, REFUSED),
    ("we are telling him to stop every day", 5, REFUSED),
    # "get off" as a bus, a phone or a book list is not a refusal
    ("she gets off the bus at the end of our road", 14, REFUSED),
    ("the books she gets off booktok have sex scenes in them", 16, REFUSED),
    # an adult explaining a rule is not telling a child to show anything
    ("the teacher told him it's not ok to show our bottoms at school", 7, FORCE),
    ("it would make him laugh", 7, FORCE),
    # looking at someone's things, and boys talking among themselves, are not mockery
    ("she looks at his insta all the time", 14, MOCKERY),
    ("she pulled the leggings down to look at her nappy", 4, MOCKERY),
    ('he has started saying "suck my d***" at home', 10, MOCKERY),
    ("mum called her in for tea", 9, MOCKERY),
    ("I called him over and asked what happened", 9, MOCKERY),
]

THE_QUESTION = [
    # the other child saying stop or no, whoever writes it
    ("the girls have told him to stop and complained to staff", 9, REFUSED),
    ("they told him to stop but he laughed", 11, REFUSED),
    ("his sister told him to stop", 8, REFUSED),
    ("the other child was telling her to stop", 6, REFUSED),
    ("she was screaming get off me", 8, REFUSED),
    ("he kept shouting 'get off'", 11, REFUSED),
    ("she backed away from him", 12, REFUSED),
    # bribes, tricks, threats and pressure
    ("he had been giving her Robux to go on video", 11, FORCE),
    ("a man was sending her vouchers", 14, FORCE),
    ("he keeps topping up her phone", 14, FORCE),
    ("he gives her stuff so she does things for him", 13, FORCE),
    ("he said he'd let him play on his Switch if he touched it", 4, FORCE),
    ("he told her it was a game and not to tell", 6, FORCE),
    ("he told him nobody would believe him", 12, FORCE),
    ("he says no one will believe her if she tells", 12, FORCE),
    ("her boyfriend kept on at her to send a picture", 15, FORCE),
    ("he talked her into going to the shed", 13, FORCE),
    ("the older boys made him do it", 9, FORCE),
    ("she makes him put his hand there", 6, FORCE),
    ("he made her send him a photo", 14, FORCE),
    ("he grabbed her by the wrist and pulled her in", 14, FORCE),
    # name-calling, remarks, harassment, mockery, sharing round
    ("he called her a slag in front of the class", 13, MOCKERY),
    ("they keep calling him a pervert", 13, MOCKERY),
    ("lads commenting on her body as she walked past", 14, MOCKERY),
    ("he catcalled girls from the bus stop", 15, MOCKERY),
    ("logged as sexual harassment", 13, MOCKERY),
    ("he has been harassing girls in his form", 13, MOCKERY),
    ("the other boys were making fun of his willy", 11, MOCKERY),
    ("the video is circulating around year 10", 15, MOCKERY),
    ("they put it on their snap story", 14, MOCKERY),
    ("he forwarded the picture to his mates", 15, MOCKERY),
    ("she shouted look at his willy", 4, MOCKERY),
    ("they were making comments about her bra size", 13, MOCKERY),
    ("they rated the girls with a score out of ten", 14, MOCKERY),
    ("he yanked his shorts down", 10, MOCKERY),
    ("boys flicking girls' skirts up", 8, MOCKERY),
]


@pytest.fixture(scope="module")
def shipped() -> RuleSet:
    return load_ruleset()


@pytest.mark.parametrize(("text", "age", "factor"), NOT_THE_QUESTION)
def test_everyday_meanings_are_not_the_question(shipped: RuleSet, text: str, age: int, factor: str) -> None:
    assert factor not in read(shipped, text, age).affirmed()


@pytest.mark.parametrize(("text", "age", "factor"), THE_QUESTION)
def test_practitioners_words_for_the_question_are_read(shipped: RuleSet, text: str, age: int, factor: str) -> None:
    assert factor in read(shipped, text, age).affirmed()


def test_an_adults_stop_stays_with_persistence(shipped: RuleSet) -> None:
    found = read(shipped, "the instructor told him to stop, he got up and then did it again", 7).affirmed()
    assert "consent-refused" not in found


def test_a_denied_bribe_or_trick_never_counts(shipped: RuleSet) -> None:
    for text in ("nobody gave her vouchers", "he never told her it was a game", "he didn't talk her into it"):
        assert FORCE not in read(shipped, text, 12).affirmed(), text
