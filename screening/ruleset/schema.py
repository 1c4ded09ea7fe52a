"""The shape of a rule file, declared once.

The loader checks files against it (with messages a non-programmer can act on) and
``rules/schema.json`` is generated from it (``make schema``), so editors and the loader never
disagree.
"""

from __future__ import annotations

from typing import Any

from screening.reading.spec import Date, Enum, Id, Int, ListOf, MapOf, Num, Obj, Spec, Text


def _texts(description: str) -> ListOf:
    return ListOf(Text(), description=description)


GUIDANCE = Obj(
    {
        "summary": Text(description="One short paragraph: what this means for this role."),
        "steps": ListOf(Text(), min_items=1, description="What to do now, in order."),
        "avoid": _texts("What not to do."),
    },
    optional=frozenset({"avoid"}),
)

_WEIGHT = Num(-3.0, 3.0, description="Added to the log of the score: 0.1 is about 10% higher, -0.1 lower.")

SECTIONS: dict[str, Spec] = {
    "ruleset": Obj(
        {
            "id": Id(description="A short stable name for the rule set."),
            "title": Text(),
            "version": Text(description='The version, in quotes: "1.0.0".'),
            "status": Enum(("draft", "approved")),
            "publisher": Text(),
            "approved_by": Text(allow_empty=True, description="Who approved it for local use."),
            "approved_on": Date(description="When it was approved (YYYY-MM-DD); needed once approved."),
            "review_date": Date(description="When it must be reviewed (YYYY-MM-DD)."),
            "licence": Text(),
            "sources": ListOf(
                Obj({"title": Text(), "url": Text(), "note": Text()}, optional=frozenset({"url", "note"})),
                min_items=1,
            ),
            "description": Text(),
        },
        optional=frozenset({"description", "approved_on"}),
        description="Who wrote the rule set, which version, and whether it is approved.",
    ),
    "roles": ListOf(
        Obj({"id": Id(), "label": Text(), "description": Text()}, optional=frozenset({"description"})),
        min_items=1,
    ),
    "categories": ListOf(
        Obj(
            {
                "id": Id(),
                "label": Text(description="The word always shown with the colour, e.g. GREEN."),
                "colour": Text(description='A hex colour in quotes, e.g. "#2e7d32".'),
                "meaning": Text(),
                "guidance": MapOf(GUIDANCE, description="Guidance for each role id."),
            }
        ),
        min_items=2,
        description="Least concern first.",
    ),
    "age_bands": ListOf(
        Obj(
            {
                "id": Id(),
                "label": Text(),
                "min_age": Int(0, 25),
                "max_age": Int(0, 25),
                "development": Text(description="What typical development looks like at this age."),
                "note": Text(),
            },
            optional=frozenset({"note"}),
        ),
        min_items=1,
    ),
    "behaviours": ListOf(
        Obj(
            {
                "id": Id(description="Stable id; saved records point at it."),
                "band": Id(description="The id of an age band."),
                "category": Id(description="The id of a category."),
                "text": Text(description="The observable behaviour in plain English."),
                "words": _texts("Words people use for it, for search."),
                "notes": Text(),
                "topics": ListOf(Id()),
            },
            optional=frozenset({"notes", "topics"}),
        )
    ),
    "context_factors": ListOf(
        Obj(
            {
                "id": Id(),
                "question": Text(),
                "explanation": Text(),
                "effect": Obj(
                    {"at_least": Id(description="A category id."), "raise": Int(1, 10)},
                    exactly_one_of=frozenset({"at_least", "raise"}),
                ),
            }
        )
    ),
    # -- reading a practitioner's description (docs/rules-format.md, "Reading descriptions")
    "combination": Obj(
        {
            "raises": Enum(
                ("highest", "add"),
                description="highest: the largest single effect counts; add: each raise adds its steps.",
            ),
            "extra_step_after": Int(
                2, 50, description="With highest: this many separate raising answers add one more step."
            ),
        },
        optional=frozenset({"extra_step_after"}),
        description="How several context answers that raise the category combine.",
    ),
    "reading": Obj(
        {
            "negation": _texts("Words that deny what follows them: not, never, nobody, ..."),
            "hedging": _texts("Words that make what follows uncertain: maybe, not sure if, ..."),
            "scope_breaks": _texts("Words that end a negation's reach: but, although, ..."),
        },
        optional=frozenset({"hedging", "scope_breaks"}),
        description="How descriptions are read for denials and doubt.",
    ),
    "vocabulary": ListOf(
        Obj(
            {
                "means": Text(description="What the words mean, in plain words: 'private parts'."),
                "words": ListOf(Text(), min_items=2, description="Words and slang that all mean it."),
            }
        ),
        description="Practitioners' words and slang, declared once: any of them finds any other.",
    ),
    "cues": ListOf(
        Obj(
            {
                "factor": Id(description="The id of a context question."),
                "words": _texts("Words and phrases in a description that bear on the question."),
                "age_difference": Int(
                    1, 20, description="Ages written as numbers (a 13 year old, Year 3) this many years away count."
                ),
                "adult_age": Int(
                    14, 25, description="A person written as this age or older (a man of about 30) counts."
                ),
                "min_age": Int(0, 25, description="Proposed only for a child of this age or older."),
                "search_floor": Id(
                    description="A category id: when the description affirms this question, search ranks "
                    "behaviours below this category lower (never hides them)."
                ),
                "except_words": _texts(
                    "Words a '*ing' placeholder in these phrases never stands for "
                    "('keeps *ing' but not 'keeps asking')."
                ),
                "except_after": _texts(
                    "Words that, a few words before one of these phrases in its clause, stop it being read "
                    "('heard it in the playground': where it was heard, not who saw it)."
                ),
                "except_phrases": _texts(
                    "Phrases around the cue words that mean something else: cue words wholly inside one "
                    "of them are not read for this question ('a man' but not 'a man and a lady')."
                ),
            },
            optional=frozenset(
                {"age_difference", "adult_age", "min_age", "search_floor", "except_words", "except_after",
                 "except_phrases"}
            ),
        ),
        description="The words that bear on each context question; shown as proposals, never answers.",
    ),
    "qualifiers": ListOf(
        Obj(
            {
                "behaviour": Id(description="The id of a behaviour."),
                "embodies": ListOf(Id(), description="Context questions the behaviour's own text already describes."),
                "excludes": ListOf(Id(), description="Context questions the behaviour's own text rules out."),
            },
            optional=frozenset({"embodies", "excludes"}),
        ),
        description="The context each behaviour already embodies or rules out, for ranking and no double counting.",
    ),
    "ranking": Obj(
        {
            "fitted": Text(description="How and on which descriptions the weights were fitted."),
            "colours": ListOf(
                Obj(
                    {
                        "category": Id(description="The id of a category."),
                        "base": _WEIGHT,
                        "no_context": _WEIGHT,
                        "factors": MapOf(
                            _WEIGHT, description="Context question id -> weight when affirmed.",
                            key_is="context question",
                        ),
                        "words": MapOf(
                            _WEIGHT, description="A word of the description -> weight when it is used "
                            "(any form of the word: 'crying' also counts 'cried').", key_is="word",
                            key_pattern=r"^[a-z0-9]+$", key_rule="should be one word in small letters or digits",
                        ),
                    },
                    optional=frozenset({"no_context", "factors", "words"}),
                ),
                description="A category without an entry keeps weight 0.",
            ),
        },
        optional=frozenset({"fitted"}),
        description="Colour weights for search: how much more or less likely a category's lines are to be "
        "right, given the context the description affirms. Each weight adds to the log of the score "
        "(0.1 is about 10% higher). Fitted by 'make fit'; never hides a line.",
    ),
}

SINGLE_SECTIONS = ("ruleset", "roles", "categories", "age_bands", "combination", "reading", "ranking")
FILE_SPEC = Obj(SECTIONS, optional=frozenset(SECTIONS))


def json_schema() -> dict[str, Any]:
    schema = FILE_SPEC.json()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Screening rule file"
    schema["description"] = "One file of a rule set; see docs/rules-format.md."
    return schema


if __name__ == "__main__":
    import json

    print(json.dumps(json_schema(), indent=2))
