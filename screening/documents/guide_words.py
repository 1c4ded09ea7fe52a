"""The guide's own words: its glossary and the plainer wording of the carers' leaflet.

Written for this project. The rule set supplies the behaviours, questions and guidance; these are
the words around them. A glossary entry is printed only when its term appears in the rule set's
text, so a partnership's own set gets only the terms it uses.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str
    look_for: tuple[str, ...]  # lower-case words that show the rule set uses the term


GLOSSARY: tuple[Term, ...] = (
    Term("DSL (designated safeguarding lead)",
         "The member of staff in a school, college or nursery who leads on keeping children safe and "
         "decides with others what happens next.", ("dsl", "designated safeguarding lead")),
    Term("MASH (Multi-Agency Safeguarding Hub)",
         "The local team where children's social care, the police, health and others look at a worry "
         "about a child together and decide who should help.", ("mash", "multi-agency safeguarding hub")),
    Term("Children's social care",
         "The council's service that supports children in need and protects children at risk of harm.",
         ("children's social care", "childrens social care", "children's services")),
    Term("Early help",
         "Support for a child and family as soon as problems start to show, usually agreed with the "
         "family, before things get worse.", ("early help",)),
    Term("LADO (local authority designated officer)",
         "The person at the council who handles concerns that an adult who works with children may "
         "have harmed a child.", ("lado", "local authority designated officer")),
    Term("Supervising social worker",
         "The social worker from a fostering service who supports a foster carer. A different person "
         "from the child's own social worker.", ("supervising social worker",)),
    Term("Emergency duty team",
         "The council's out-of-hours social work team, for evenings, nights, weekends and bank holidays.",
         ("emergency duty team", "out-of-hours", "out of hours")),
    Term("Nudes and semi-nudes",
         "Naked or partly naked pictures or videos of someone under 18. Never look at, copy, save or "
         "send them on.", ("nude", "semi-nude")),
    Term("Consent",
         "Freely agreeing to something, with the age, understanding and freedom to say no.", ("consent",)),
    Term("Grooming",
         "When someone builds a relationship with a child, often with gifts, attention or secrets, in "
         "order to abuse or exploit them.", ("groom",)),
    Term("Exploitation",
         "When someone uses a child for sex, money, drugs or other gain, often after giving them things "
         "they want or need.", ("exploit",)),
    Term("Private parts",
         "The parts of the body covered by underwear.", ("private parts",)),
    Term("Age band",
         "The range of ages a column of behaviours is written for. For a child with a learning "
         "disability or developmental delay, choose the band by the age they are at developmentally.",
         ("age band", "band")),
)


def glossary_for(text: str) -> tuple[Term, ...]:
    """The terms whose words appear in ``text`` (the rule set's own text, lower-cased here)."""
    lower = text.casefold().replace("’", "'")
    return tuple(t for t in GLOSSARY if any(word in lower for word in t.look_for))


# ----------------------------------------------------------------------------- the carers' leaflet

CARER_TITLE = "Is this normal for their age?"
CARER_SUBTITLE = "A short guide for foster and kinship carers about children's sexual behaviour"

CARER_INTRO = (
    "Most sexual behaviour in children is a normal part of growing up. This leaflet helps you decide "
    "how worried to be and what to do next. It does not replace your own good sense, your fostering "
    "service's advice or your safer caring plan."
)

CARER_STEPS: tuple[tuple[str, str], ...] = (
    ("Find the age", "Turn to the page for the child's age. If the child has a learning disability or "
                     "is behind for their age, use the age they seem to be."),
    ("Find what you saw", "Look for the behaviour, or something close to it, in the three columns."),
    ("Ask yourself the questions", "If the answer to any question is yes, it may be more serious than "
                                   "the column says. It is never less serious."),
    ("Do what the colour says", "Follow the steps for that colour. Write down what you saw and heard, "
                                "in the child's own words, with the date and time."),
)

# One short line for each colour, lowest concern first; a set with more colours reuses the middle one.
CARER_LEVEL_WORDS: tuple[str, ...] = (
    "Usual for this age. Stay calm and use it to teach.",
    "Keep an eye on it. Write it down and talk to your supervising social worker today.",
    "Act now. Keep every child safe and tell the child's social worker straight away.",
)

CARER_QUESTIONS_INTRO = "Ask yourself these questions about what happened. A yes can make it more serious:"

CARER_CONTACTS_TITLE = "Who to call (write the numbers in)"
CARER_CONTACTS: tuple[str, ...] = (
    "The child's social worker",
    "My supervising social worker",
    "Out of hours (emergency duty team)",
    "Police, when it is not an emergency: 101",
)


def carer_level_words(level: int, count: int) -> str:
    """The plain line for a category at ``level`` of ``count`` categories."""
    if level <= 0:
        return CARER_LEVEL_WORDS[0]
    if level >= count - 1:
        return CARER_LEVEL_WORDS[-1]
    return CARER_LEVEL_WORDS[1]


def carer_effect_words(at_least_label: str | None, raise_by: int) -> str:
    """What a yes does, in plain words."""
    if at_least_label is not None:
        return f"If yes: treat it as {at_least_label}, whatever the column says."
    return "If yes: move it up one colour." if raise_by == 1 else f"If yes: move it up {raise_by} colours."
