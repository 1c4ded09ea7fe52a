"""Each category's own shape, so colour is never the only signal (it survives a photocopier).

Least concern is a circle and most concern a square; those between are a triangle, a diamond, then
an octagon (told apart from the circle only when printed large, so it comes last).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors

from screening.ruleset.model import Category, RuleSet

MIDDLE_SHAPES = ("triangle", "diamond", "octagon")


def shape_for(ruleset: RuleSet, category: Category) -> str:
    """The shape printed with a category: distinct for each, up to five categories."""
    if category.level == 0:
        return "circle"
    if category.level == len(ruleset.categories) - 1:
        return "square"
    return MIDDLE_SHAPES[min(category.level - 1, len(MIDDLE_SHAPES) - 1)]


def fill_colour(colour: str) -> Any:
    """A rule file's colour, or white when it is not one (the word beside it still says it)."""
    try:
        return colors.HexColor(colour)
    except (ValueError, TypeError):
        return colors.white


def draw_shape(canv: Any, shape: str, x: float, y: float, size: float, colour: str, *,
               line: float | None = None) -> None:
    """A shape filled with the colour, outlined in black; (x, y) is the bottom left."""
    canv.saveState()
    canv.setFillColor(fill_colour(colour))
    canv.setStrokeColor(colors.black)
    canv.setLineWidth(max(size / 12, 0.6) if line is None else line)
    s, cx, cy = size, x + size / 2, y + size / 2
    if shape == "circle":
        canv.circle(cx, cy, s / 2, stroke=1, fill=1)
    elif shape == "square":
        canv.rect(x, y, s, s, stroke=1, fill=1)
    else:
        if shape == "triangle":
            points = [(x, y), (x + s, y), (cx, y + s)]
        elif shape == "diamond":
            points = [(cx, y), (x + s, cy), (cx, y + s), (x, cy)]
        else:  # octagon
            k = s * 0.2929
            points = [(x + k, y), (x + s - k, y), (x + s, y + k), (x + s, y + s - k), (x + s - k, y + s),
                      (x + k, y + s), (x, y + s - k), (x, y + k)]
        path = canv.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
        canv.drawPath(path, stroke=1, fill=1)
    canv.restoreState()
