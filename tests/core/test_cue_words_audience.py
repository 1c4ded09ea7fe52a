"""Cue words for four context questions (in public or in front of others, humiliating, power or
status, images or online): phrases whose everyday meaning is not the question stay out, and the
audience, mockery and control words practitioners write are read."""

from __future__ import annotations

import pytest

from screening.engine.cues import read
from screening.ruleset.loader import load_ruleset
from screening.ruleset.model import RuleSet

AUDIENCE, MOCKERY, POWER, IMAGES = "public-audience", "humiliating", "power-status", "images-online"

NOT_THE_QUESTION = [
    # a classmate, a time of day or a place is not an audience: nobody is said to have seen
    ("she has a boyfriend in her class", 9, AUDIENCE),
    ("there's a girl in his class he likes", 9, AUDIENCE),
    ("they hold hands at lunch and he made her a card", 9, AUDIENCE),
    ("he came to see me at break really embarrassed", 9, AUDIENCE),
    ("we kissed on the cheek at the park", 9, AUDIENCE),
    ("they were practising kissing at a sleepover", 9, AUDIENCE),
    ("he was in the garden shed with the dog", 9, AUDIENCE),
    ("we were watching a film as a family", 9, AUDIENCE),
    ("the rest of the group carried on playing", 9, AUDIENCE),
    ("he told her mum in the lounge", 9, AUDIENCE),
    ("the other boy shouted and told the class teacher", 9, AUDIENCE),  # who was told, not who saw
    ("the class TA took him to one side", 9, AUDIENCE),
    ("at lunchtime he went behind the shed with her", 9, AUDIENCE),  # a time, as "at lunch"
    # a threat to share is not yet an audience (the threat is the question about force)
    ("now he's saying he'll send it to everyone at her school", 11, AUDIENCE),
    ("he said he would send it to everyone on her list", 11, AUDIENCE),
    # a class doing something else, or a ranking "with comments", is not the class seeing it
    ("most of the class were watching a film while he took her behind the shelves", 8, AUDIENCE),
    ("they ranked the girls in the class out of 10 with comments", 11, AUDIENCE),
    ("she told me about it during carpet time", 7, AUDIENCE),  # where she said it, not where it happened
    # the child's own excuse, fun and a film's rating are not mockery
    ("he sent a photo of his bum to his friend as a joke", 10, MOCKERY),
    ("she says it was just for a laugh with her mates", 10, MOCKERY),
    ("everyone cheered when he gave the bride a peck", 10, MOCKERY),
    ("she cheered up and went back out to play", 10, MOCKERY),
    ("an 18-rated film was on in the living room", 10, MOCKERY),
    ("she is more worried about the rumours than anything", 10, MOCKERY),
    ("she asked a question and a few of the others laughed", 10, MOCKERY),
    ("the film has a 15 age rating", 15, MOCKERY),
    # new things nobody is said to have given are not power over another child
    ("she came back with new trainers and a new iPhone", 15, POWER),
    # a drawing is not a photo
    ("he drew a picture of a willy on the back of his book", 10, IMAGES),
    ("she coloured in a picture of her family", 10, IMAGES),
]

THE_QUESTION = [
    ("two of them dry humped on the sofa while the others watched and cheered", 12, AUDIENCE),
    ("he forced his tongue in her mouth. Several people saw.", 12, AUDIENCE),
    ("he posted the nude into a group chat of about 30 students", 12, AUDIENCE),
    ("screenshots were passed round the year group", 12, AUDIENCE),
    ("he pulled his shorts down infront of everyone", 12, AUDIENCE),
    ("he mooned the cars out of the back window", 12, AUDIENCE),
    ("she wiggled her bum at everyone at the party", 12, AUDIENCE),
    ("she posts dance videos on a public account", 12, AUDIENCE),
    ("he drew a willy and showed it to his table", 12, AUDIENCE),
    ("he showed the class his willy", 9, AUDIENCE),
    ("the whole class saw him pull his trousers down", 9, AUDIENCE),
    ("he did it in front of the class", 9, AUDIENCE),
    ("the class watched while he did it", 9, AUDIENCE),
    # others reacting: the sign that someone saw, wherever it was
    ("the other children have started to notice", 7, AUDIENCE),
    ("other kids half laughing, half uncomfortable", 15, AUDIENCE),
    ("the others were giggling and one went to tell", 9, AUDIENCE),
    ("he did it to make the class laugh", 8, AUDIENCE),
    ("a few giggles from the rest of the class", 16, AUDIENCE),
    ("he wiggled his bum at his friends, they all fell about laughing", 6, AUDIENCE),
    # others in the room at home
    ("he rubs himself while we're all watching TV", 10, AUDIENCE),
    ("on the sofa when the others were in the room", 14, AUDIENCE),
    # a picture or video that others have seen
    ("there's a video going round of her at the party", 15, AUDIENCE),
    ("a video is circulating in Y9", 14, AUDIENCE),
    ("he shared them in a group chat", 15, AUDIENCE),
    ("it had several hundred views", 15, AUDIENCE),
    ("he was bragging to everyone at the club", 14, AUDIENCE),
    ("they hold hands in the tuck shop queue", 12, AUDIENCE),
    ('he said "suck my dick" to a girl in the lunch queue', 12, MOCKERY),
    ("now some of the lads are calling her names", 12, MOCKERY),
    ("he has been spreading rumours about her", 12, MOCKERY),
    ("about 15 pupils were watching, some chanting", 12, MOCKERY),
    ("he was overheard telling people she's easy", 12, MOCKERY),
    ("a group chat ranking the girls in the year by looks", 12, MOCKERY),
    ("the lads have a group chat rating girls in year 11", 15, MOCKERY),
    ("they were rating the girls out of ten", 15, MOCKERY),
    ("he checks her phone and tells her what she can wear", 15, POWER),
    ("the girl who babysits on Fridays plays a game with him", 15, POWER),
    ("he says she owes him for the flat", 15, POWER),
    ("she writes explicit stories on Wattpad", 13, IMAGES),
    ("he has been googling how to have sex", 13, IMAGES),
    ("he searched hentai", 13, IMAGES),
    ("a year 6 boy asked a girl to send him a picture of her boobs", 10, IMAGES),
    ("she sent a picture of herself in her bra", 10, IMAGES),
    ("there was an image of a naked woman on the screen", 10, IMAGES),
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
