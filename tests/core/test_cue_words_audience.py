"""Cue words for four context questions (in public or in front of others, humiliating, power or
status, images or online): phrases whose everyday meaning is not the question stay out, and the
audience, mockery and control words practitioners write are read."""

from __future__ import annotations

import pytest

from screening.engine.cues import read
from screening.ruleset.loader import load_ruleset
from screening.ruleset.model import RuleSet


@pytest.fixture(scope="module")
def shipped() -> RuleSet:
    return load_ruleset()


def affirmed(ruleset: RuleSet, text: str, age: int) -> set[str]:
    return set(read(ruleset, text, age).affirmed())


@pytest.mark.parametrize(
    "text",
    [
        "she has a boyfriend in her class",  # a classmate, not an audience
        "there's a girl in his class he likes",
        "they hold hands at lunch and he made her a card",  # a time of day, not who saw
        "he came to see me at break really embarrassed",
        "we kissed on the cheek at the park",  # a place; nobody is said to have seen
        "they were practising kissing at a sleepover",
        "he was in the garden shed with the dog",
        "we were watching a film as a family",
        "the rest of the group carried on playing",
        "he told her mum in the lounge",
        "the other boy shouted and told the class teacher",  # who was told, not who saw
        "the class TA took him to one side",
        "at lunchtime he went behind the shed with her",  # a time, as "at lunch"
    ],
)
def test_a_place_or_a_time_alone_is_not_an_audience(shipped: RuleSet, text: str) -> None:
    assert "public-audience" not in affirmed(shipped, text, 9)


@pytest.mark.parametrize(
    "text",
    [
        "two of them dry humped on the sofa while the others watched and cheered",
        "he forced his tongue in her mouth. Several people saw.",
        "he posted the nude into a group chat of about 30 students",
        "screenshots were passed round the year group",
        "he pulled his shorts down infront of everyone",
        "he mooned the cars out of the back window",
        "she wiggled her bum at everyone at the party",
        "she posts dance videos on a public account",
        "he drew a willy and showed it to his table",
    ],
)
def test_words_that_say_others_saw_are_an_audience(shipped: RuleSet, text: str) -> None:
    assert "public-audience" in affirmed(shipped, text, 12)


@pytest.mark.parametrize(
    "text",
    [
        "he sent a photo of his bum to his friend as a joke",  # the child's own excuse, not mockery
        "she says it was just for a laugh with her mates",
        "everyone cheered when he gave the bride a peck",
        "she cheered up and went back out to play",
        "an 18-rated film was on in the living room",
        "she is more worried about the rumours than anything",
        "she asked a question and a few of the others laughed",
    ],
)
def test_fun_and_excuses_are_not_humiliation(shipped: RuleSet, text: str) -> None:
    assert "humiliating" not in affirmed(shipped, text, 10)


@pytest.mark.parametrize(
    "text",
    [
        'he said "suck my dick" to a girl in the lunch queue',
        "now some of the lads are calling her names",
        "he has been spreading rumours about her",
        "about 15 pupils were watching, some chanting",
        "he was overheard telling people she's easy",
        "a group chat ranking the girls in the year by looks",
    ],
)
def test_sexual_insults_and_mockery_are_humiliating(shipped: RuleSet, text: str) -> None:
    assert "humiliating" in affirmed(shipped, text, 12)


def test_unexplained_new_things_are_not_power_over_another_child(shipped: RuleSet) -> None:
    assert "power-status" not in affirmed(shipped, "she came back with new trainers and a new iPhone", 15)


@pytest.mark.parametrize(
    "text",
    [
        "he checks her phone and tells her what she can wear",
        "the girl who babysits on Fridays plays a game with him",
        "he says she owes him for the flat",
    ],
)
def test_control_and_being_in_charge_are_power(shipped: RuleSet, text: str) -> None:
    assert "power-status" in affirmed(shipped, text, 15)


@pytest.mark.parametrize(
    "text",
    ["she writes explicit stories on Wattpad", "he has been googling how to have sex", "he searched hentai"],
)
def test_sites_and_searching_are_online(shipped: RuleSet, text: str) -> None:
    assert "images-online" in affirmed(shipped, text, 13)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a year 6 boy asked a girl to send him a picture of her boobs", True),
        ("she sent a picture of herself in her bra", True),
        ("there was an image of a naked woman on the screen", True),
        ("he drew a picture of a willy on the back of his book", False),  # a drawing is not a photo
        ("she coloured in a picture of her family", False),
    ],
)
def test_a_picture_sent_is_an_image_and_a_picture_drawn_is_not(shipped: RuleSet, text: str, expected: bool) -> None:
    assert ("images-online" in affirmed(shipped, text, 10)) is expected


@pytest.mark.parametrize(
    "text",
    ["he showed the class his willy", "the whole class saw him pull his trousers down",
     "he did it in front of the class", "the class watched while he did it"],
)
def test_the_class_as_an_audience_is_still_read(shipped: RuleSet, text: str) -> None:
    assert "public-audience" in affirmed(shipped, text, 9)
