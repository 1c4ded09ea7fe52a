"""The shape of a rule file, declared once.

The loader checks files against it (with messages a non-programmer can act on) and
``rules/schema.json`` is generated from it (``make schema``), so editors and the loader never
disagree.
"""

from __future__ import annotations

from typing import Any

from screening.reading.spec import Date, Enum, Id, Int, ListOf, MapOf, Obj, Spec, Text


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

SECTIONS: dict[str, Spec] = {
    "ruleset": Obj(
        {
            "id": Id(description="A short stable name for the rule set."),
            "title": Text(),
            "version": Text(description='The version, in quotes: "1.0.0".'),
            "status": Enum(("draft", "approved")),
            "publisher": Text(),
            "approved_by": Text(allow_empty=True, description="Who approved it for local use."),
            "review_date": Date(description="When it must be reviewed (YYYY-MM-DD)."),
            "licence": Text(),
            "sources": ListOf(
                Obj({"title": Text(), "url": Text(), "note": Text()}, optional=frozenset({"url", "note"})),
                min_items=1,
            ),
            "description": Text(),
        },
        optional=frozenset({"description"}),
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
}

SINGLE_SECTIONS = ("ruleset", "roles", "categories", "age_bands")
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
