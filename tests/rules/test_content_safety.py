"""Safe-practice and legal rules for the shipped rule set that can be checked mechanically.

Each test names the public source it rests on; docs/content-review.md (section 11) has the full
table of statements and sources.
"""

from __future__ import annotations

import re

import pytest

from screening.engine.search import index_for
from screening.ruleset.loader import load_ruleset

PRACTITIONER_ROLES = ("teacher", "dsl", "foster_carer", "early_help", "other_professional")
ALL_ROLES = (*PRACTITIONER_ROLES, "trainer")


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


def _text(guidance) -> str:
    return " ".join((guidance.summary, *guidance.steps, *guidance.avoid))


# ------------------------------------------------------------------ the LADO and who to tell


def test_every_red_guidance_names_the_lado(ruleset) -> None:
    """Every role may meet an adult who works or volunteers with children (Working Together 2023;
    KCSIE part four; London procedures on allegations), so every RED guidance names the LADO."""
    red = ruleset.category("red").guidance
    missing = [role for role in ALL_ROLES if "LADO" not in _text(red[role])]
    assert not missing, f"RED guidance without the LADO: {missing}"


def test_the_lado_covers_foster_carers_and_their_households(ruleset) -> None:
    red = ruleset.category("red").guidance
    for role in ("foster_carer", "early_help", "other_professional", "trainer"):
        text = _text(red[role]).lower()
        assert ("foster" in text and "household" in text) or "foster home" in text, role
        assert "volunteer" in text, role


def test_school_staff_concerns_go_to_the_headteacher(ruleset) -> None:
    """KCSIE: concerns about staff, supply staff, volunteers and contractors go to the headteacher,
    or to the chair of governors when the concern is about the headteacher."""
    for role in ("teacher", "dsl"):
        text = _text(ruleset.category("red").guidance[role])
        assert "headteacher" in text and "chair of governors" in text, role
        for who in ("supply staff", "volunteer", "contractor"):
            assert who in text, (role, who)
        assert "the DSL also tells the LADO" not in text


def test_foster_carer_red_says_sexual_assault_not_physical(ruleset) -> None:
    text = _text(ruleset.category("red").guidance["foster_carer"])
    assert "physical assault" not in text
    assert "sexual assault" in text


def test_red_guidance_explains_sarcs_and_evidence(ruleset) -> None:
    red = ruleset.category("red").guidance
    for role in ALL_ROLES:
        text = _text(red[role])
        assert "SARC" in text, role
    for role in PRACTITIONER_ROLES:
        text = _text(red[role]).lower()
        assert "washing" in text and "evidence" in text, role


def test_red_guidance_names_the_support_services(ruleset) -> None:
    red = ruleset.category("red").guidance
    for role in ALL_ROLES:
        text = _text(red[role])
        for service in ("Childline", "NSPCC helpline", "Stop It Now", "CEOP", "Report Remove"):
            assert service in text, (role, service)


def test_disclosures_hear_it_is_not_their_fault_and_what_happens_next(ruleset) -> None:
    """NSPCC: tell the child it is not their fault and explain what will happen next."""
    for category in ("amber", "red"):
        guidance = ruleset.category(category).guidance
        for role in PRACTITIONER_ROLES:
            text = _text(guidance[role])
            assert "not their fault" in text, (category, role)
            assert "what happens next" in text or "what you will do next" in text, (category, role)


def test_image_incidents_go_to_the_safeguarding_lead_straight_away(ruleset) -> None:
    """UKCIS (2024): every incident is reported to the DSL or equivalent immediately."""
    amber = ruleset.category("amber").guidance
    for role in PRACTITIONER_ROLES:
        steps = [s for s in amber[role].steps if "image" in s]
        assert any("straight away" in s for s in steps), role


def test_green_body_safety_keeps_the_care_exception(ruleset) -> None:
    """NSPCC PANTS: doctors, nurses or family members may need to touch a child's private parts
    to care for them, and should explain why and ask first."""
    green = ruleset.category("green").guidance
    for role in ("teacher", "foster_carer"):
        text = _text(green[role]).lower()
        assert "doctor" in text and "nurse" in text and "ask first" in text, role
        assert "nobody should touch the parts covered by underwear, and" not in text


def test_guidance_weighs_culture_faith_and_family(ruleset) -> None:
    amber = ruleset.category("amber").guidance
    for role in ALL_ROLES:
        text = _text(amber[role]).lower()
        assert "culture" in text and "faith" in text and "family" in text, role


# ------------------------------------------------------------------ notes never invite questioning

# Phrases that tell an adult to question a child or to investigate. Practitioners are to listen,
# record the child's words and pass them on (KCSIE; NSPCC; every AMBER and RED guidance).
QUESTIONING_PHRASES = (
    "find out",
    "ask whether",
    "ask who",
    "ask where",
    "ask how",
    "ask if",
    "ask them",
    "ask the child who",
    "ask the child where",
    "ask the child why",
    "ask the child what",
    "check who",
    "where they heard",
    "where they learned",
    "where it came from",
    "where it may have come from",
    "who showed",
    "how they got",
    "gently explore",
    "question them further about",
    "talk about what they have seen",
)


def test_no_note_tells_anyone_to_question_a_child(ruleset) -> None:
    found = [
        (b.id, phrase)
        for b in ruleset.behaviours
        for phrase in QUESTIONING_PHRASES
        if phrase in (b.notes or "").lower()
    ]
    assert not found, found


def test_notes_name_whom_to_tell_for_every_role(ruleset) -> None:
    """Foster carers and early help workers read the notes too: a note never names the DSL alone."""
    for b in ruleset.behaviours:
        notes = b.notes or ""
        if "DSL" in notes:
            assert "safeguarding lead" in notes, b.id
    for role in ruleset.roles:
        assert "your safeguarding lead" in role.description, role.id


IMAGE_BEHAVIOURS = (
    "y0-photographs-private-parts",
    "y5-takes-body-photos",
    "y5-sends-naked-images",
    "y9-sends-nude-to-peer",
    "y9-has-nudes-of-peers",
    "y9-shares-others-images",
    "y13-sends-nude-to-peer",
    "y13-keeps-nudes-of-peers",
    "y13-shares-nudes-of-others",
    "y5-sextortion",
    "y9-shows-porn-to-peers",
    "y9-adult-takes-sexual-images-of-child",
)


def test_image_notes_say_do_not_look_or_share(ruleset) -> None:
    for bid in IMAGE_BEHAVIOURS:
        notes = ruleset.behaviour(bid).notes.lower()
        assert "do not look at" in notes or "do not view" in notes, bid


# ------------------------------------------------------------------ under 13 and the law

# Sexual activity in the bands whose children are under 13 (0-5, 5-9 and the 9-12 part of 9-13).
# Sexual Offences Act 2003 ss5-8 (consent is irrelevant under 13); London Safeguarding Children
# Procedures: intimate sexual activity with an under-13 is always reasonable cause to suspect
# significant harm.
UNDER_13_SEXUAL_ACTIVITY = (
    "y0-copies-sex-with-children",
    "y0-mouth-on-private-parts",
    "y0-penetration-of-another-child",
    "y0-keeps-touching-other-childrens-private-parts",
    "y0-sexual-touching-with-sibling",
    "y0-sexual-touching-much-younger-child",
    "y0-forces-sexual-touching",
    "y5-copies-sex-acts",
    "y5-mouth-on-private-parts",
    "y5-penetration-or-attempted-sex",
    "y5-mutual-sexual-touching",
    "y5-touches-others-private-parts",
    "y5-sexual-behaviour-with-sibling",
    "y5-sexual-behaviour-with-younger-child",
    "y5-forces-sexual-touching",
    "y9-sexual-touching-similar-age",
    "y9-simulates-sex-with-others",
    "y9-has-sex",
    "y9-sexual-activity-with-family-member",
    "y9-sexual-behaviour-with-younger-child",
    "y9-gropes-others",
    "y9-touches-others-as-a-joke",
    "y9-forces-sexual-activity",
    "y9-sexual-touching-of-adults",
)


def test_under_13_sexual_activity_is_never_below_red(ruleset) -> None:
    for bid in UNDER_13_SEXUAL_ACTIVITY:
        behaviour = ruleset.behaviour(bid)
        assert ruleset.band(behaviour.band).min_age < 13
        assert behaviour.category == "red", bid


# What a worried adult might type for sexual activity by a child of 9 to 12.
SEXUAL_ACTIVITY_WORDS = (
    "fingering",
    "oral sex",
    "having sex",
    "gave him a blow job",
    "hand job",
    "touching under clothes",
    "sleeping with",
    "lost virginity",
    "sexual intercourse",
    "humping",
    "shagging",
)


@pytest.mark.parametrize("age", [9, 10, 11, 12])
def test_sexual_activity_words_at_9_to_12_find_red_first(ruleset, age: int) -> None:
    index = index_for(ruleset)
    bands = [b.id for b in ruleset.bands_for_age(age)]
    wrong = []
    for words in SEXUAL_ACTIVITY_WORDS:
        hits = index.search(words, bands, limit=1)
        if not hits or hits[0].behaviour.category != "red":
            wrong.append((words, [h.behaviour.id for h in hits]))
    assert not wrong, wrong


def test_no_13_to_17_green_behaviour_covers_family_members(ruleset) -> None:
    """Sexual Offences Act 2003 ss25-27: sexual activity with a family member under 18."""
    consensual = ruleset.behaviour("y13-consensual-sex-16-17")
    assert consensual.category == "green" and "not a family member" in consensual.text
    assert "ss25-27" in consensual.notes


def test_family_sexual_behaviour_is_red_in_every_band(ruleset) -> None:
    family = [b for b in ruleset.behaviours if "family" in b.topics]
    assert {b.band for b in family} == {band.id for band in ruleset.age_bands}
    for b in family:
        assert b.category == "red", b.id
        text = (b.text + " " + " ".join(b.words)).lower()
        for who in ("brother", "sister", "step", "foster", "cousin"):
            assert who in text, (b.id, who)


def test_position_of_trust_note_is_about_that_young_person(ruleset) -> None:
    notes = ruleset.behaviour("y13-relationship-with-adult").notes
    assert "towards the young person" in notes and "s22A" in notes and "ss16-24" in notes


def test_the_screened_child_is_asked_about_their_own_ability_to_agree(ruleset) -> None:
    factor = next(f for f in ruleset.context_factors if f.id == "consent-unable")
    assert "including the one you are screening" in factor.question
    assert factor.effect.at_least == "red"
    note = ruleset.behaviour("y13-sex-when-drunk-or-high").notes
    assert "raped" in note and "SARC" in note
    assert ruleset.behaviour("y13-may-have-been-assaulted-while-intoxicated").category == "red"


def test_illegal_images_stay_red_and_violent_adult_porn_is_separate(ruleset) -> None:
    assert ruleset.behaviour("y13-violent-or-illegal-porn").category == "red"
    assert ruleset.behaviour("y13-watches-violent-adult-porn").category == "amber"
    assert "children" in ruleset.behaviour("y13-violent-or-illegal-porn").text


def test_young_adults_with_a_learning_disability_have_the_adult_route(ruleset) -> None:
    note = ruleset.band("13-17").note
    for needle in ("Care Act 2014 s42", "Mental Capacity Act 2005", "ss30-41", "ss66A-66B"):
        assert needle in note, needle
    young_adult = [b for b in ruleset.behaviours if "young-adults" in b.topics]
    assert {b.category for b in young_adult} == {"green", "amber", "red"}


# ------------------------------------------------------------------ one act, one colour at the overlaps

# At ages 5 and 9 both bands describe children under 13: the same act has the same colour.
# At 13 the same holds, except where the 9-13 colour rests on the under-13 law (see
# docs/content-review.md, section 3.5, for the list and the reasons).
SAME_ACT = (
    ("y0-touches-own-genitals", "y5-touches-own-genitals-in-private"),
    ("y0-frequent-self-touching", "y5-touches-self-in-public"),
    ("y0-self-touching-causes-injury", "y5-compulsive-self-touching"),
    ("y0-shows-private-parts-to-peer", "y5-shows-private-parts-to-peer"),
    ("y0-keeps-showing-private-parts", "y5-keeps-exposing-self"),
    ("y0-copies-sex-with-children", "y5-copies-sex-acts"),
    ("y0-sexual-play-with-toys", "y5-sexual-play-with-toys"),
    ("y0-pulls-down-others-clothes", "y5-pulls-down-others-clothes"),
    ("y0-keeps-touching-other-childrens-private-parts", "y5-touches-others-private-parts"),
    ("y0-tries-to-touch-adults-private-parts", "y5-sexual-behaviour-towards-adults"),
    ("y0-sexual-behaviour-towards-adults", "y5-sexual-behaviour-towards-adults"),
    ("y0-spies-on-others-in-toilet", "y5-spies-on-others"),
    ("y0-follows-others-into-toilets", "y5-spies-on-others"),
    ("y0-adult-style-kissing", "y5-adult-style-kissing"),
    ("y0-photographs-private-parts", "y5-takes-body-photos"),
    ("y0-keeps-body-games-secret", "y5-secret-sexual-play"),
    ("y0-preoccupied-with-sexual-talk", "y5-preoccupied-with-sex"),
    ("y0-uses-adult-sexual-words", "y5-sexual-language-beyond-age"),
    ("y0-describes-sex-acts", "y5-detailed-sexual-knowledge"),
    ("y0-shown-sexual-images-by-someone", "y5-shown-porn-by-older-person"),
    ("y0-sexual-touching-with-sibling", "y5-sexual-behaviour-with-sibling"),
    ("y0-genital-injury-or-infection", "y5-genital-injury-or-infection"),
    ("y0-rubs-against-objects", "y5-rubs-against-objects"),
    ("y5-touches-self-in-public", "y9-masturbates-where-others-see"),
    ("y5-keeps-exposing-self", "y9-exposes-self"),
    ("y5-copies-sex-acts", "y9-simulates-sex-with-others"),
    ("y5-seeks-out-pornography", "y9-seeks-out-porn"),
    ("y5-preoccupied-with-sex", "y9-preoccupied-with-sex"),
    ("y5-pulls-down-others-clothes", "y9-pulls-down-clothes"),
    ("y5-touches-others-private-parts", "y9-persists-after-told"),
    ("y5-touches-others-private-parts", "y9-gropes-others"),
    ("y5-sends-naked-images", "y9-sends-nude-to-peer"),
    ("y5-detailed-sexual-knowledge", "y9-detailed-sexual-knowledge"),
    ("y5-sexual-behaviour-towards-adults", "y9-sexual-touching-of-adults"),
    ("y5-sexual-comments-to-others", "y9-sexual-name-calling"),
    ("y5-talks-to-strangers-online", "y9-secret-online-friends"),
    ("y5-sudden-changes-and-fears", "y9-uncharacteristic-changes"),
    ("y5-mutual-sexual-touching", "y9-sexual-touching-similar-age"),
    ("y5-sexual-behaviour-with-sibling", "y9-sexual-activity-with-family-member"),
    ("y5-genital-injury-or-infection", "y9-genital-injury-or-infection"),
    ("y5-makes-others-watch-porn", "y9-shows-porn-to-younger"),
    ("y5-sexual-behaviour-with-animals", "y9-sexual-behaviour-with-animals"),
    ("y5-sextortion", "y9-sextortion"),
    ("y5-shows-rude-pictures-to-friends", "y9-shows-porn-to-peers"),
    ("y5-adult-involved", "y9-adult-takes-sexual-images-of-child"),
    ("y9-masturbates-where-others-see", "y13-masturbates-where-others-see"),
    ("y9-exposes-self", "y13-exposes-self"),
    ("y9-has-nudes-of-peers", "y13-keeps-nudes-of-peers"),
    ("y9-sexual-name-calling", "y13-sexual-harassment-words"),
    ("y9-touches-others-as-a-joke", "y13-touches-others-as-a-joke"),
    ("y9-touches-others-as-a-joke", "y13-gropes-others"),
    ("y9-pulls-down-clothes", "y13-pulls-down-clothes"),
    ("y9-persists-after-told", "y13-persists-after-told"),
    ("y9-sexual-behaviour-towards-adults", "y13-sexual-behaviour-towards-adults"),
    ("y9-older-boyfriend-girlfriend", "y13-older-partner"),
    ("y9-preoccupied-with-sex", "y13-preoccupied-with-sex"),
    ("y9-shares-others-images", "y13-shares-nudes-of-others"),
    ("y9-pressures-for-nudes", "y13-pressures-for-nudes"),
    ("y9-fake-nude-images", "y13-fake-nude-images"),
    ("y9-secret-filming", "y13-secret-filming"),
    ("y9-sextortion", "y13-sextortion"),
    ("y9-contact-with-adult-online", "y13-groomed-online-by-adult"),
    ("y9-exploitation-signs", "y13-gifts-money-older-people"),
    ("y9-signs-of-being-abused", "y13-signs-of-being-abused"),
    ("y9-sexual-activity-with-family-member", "y13-sexual-activity-with-family-member"),
    ("y9-sexual-talk-with-younger-children", "y13-sexual-talk-with-younger-children"),
    ("y9-genital-injury-or-infection", "y13-genital-injury-or-infection"),
    ("y9-uncharacteristic-changes", "y13-uncharacteristic-changes"),
    ("y9-body-image-worries", "y13-body-image-worries"),
    ("y9-sexual-behaviour-with-animals", "y13-sexual-behaviour-with-animals"),
    ("y9-has-a-crush", "y13-has-a-crush"),
    ("y9-party-games", "y13-party-games"),
    ("y9-body-changes-and-feelings", "y13-sexual-feelings"),
)


def test_the_same_act_has_one_colour_at_the_overlapping_ages(ruleset) -> None:
    different = [
        (a, ruleset.behaviour(a).category, b, ruleset.behaviour(b).category)
        for a, b in SAME_ACT
        if ruleset.behaviour(a).category != ruleset.behaviour(b).category
    ]
    assert not different, different


# At 13 the 9-13 band keeps RED where the colour rests on the child being under 13; the behaviour
# says so, so a practitioner screening a 13-year-old knows the 13-17 band applies.
UNDER_13_ONLY = (
    "y9-sends-nude-to-peer",
    "y9-simulates-sex-with-others",
    "y9-sexual-touching-similar-age",
    "y9-has-sex",
    "y9-violent-or-illegal-porn",
)


def test_under_13_only_reds_point_13_year_olds_to_the_older_band(ruleset) -> None:
    for bid in UNDER_13_ONLY:
        notes = ruleset.behaviour(bid).notes
        assert re.search(r"13-year-old", notes) and "13 to 17 band" in notes, bid


def test_a_dsl_is_never_told_to_tell_the_dsl(ruleset) -> None:
    """Issue 8 item 12: the DSL is the person staff tell; their guidance is what they decide and do."""
    for category in ruleset.categories:
        text = _text(category.guidance["dsl"])
        assert not re.search(r"\b(tell|pass it (on )?to|talk to) the DSL\b", text, re.I), category.id
        assert "the DSL" not in text, category.id
    # and a class teacher still is
    assert "Tell the DSL" in _text(ruleset.category("red").guidance["teacher"])
