"""Where the window goes: a size that fits the screen, remembered as plain "WxH+X+Y" (no Qt here)."""

from __future__ import annotations

import re
from typing import NamedTuple

MINIMUM = (800, 540)  # everything stays usable (pages scroll) down to this
PREFERRED = (1200, 820)
_GEOMETRY = re.compile(r"^(\d{2,5})x(\d{2,5})([+-]\d{1,5})([+-]\d{1,5})$")


class Rect(NamedTuple):
    x: int
    y: int
    width: int
    height: int


def parse(text: str) -> Rect | None:
    match = _GEOMETRY.match(text.strip())
    if match is None:
        return None
    w, h, x, y = (int(g) for g in match.groups())
    return Rect(x, y, w, h)


def format_rect(rect: Rect) -> str:
    return f"{rect.width}x{rect.height}{rect.x:+d}{rect.y:+d}"


def fit(saved: str, screen: Rect) -> Rect:
    """The remembered window if it still fits this screen, else the preferred size shrunk to it, centred."""
    rect = parse(saved)
    min_w, min_h = min(MINIMUM[0], screen.width), min(MINIMUM[1], screen.height)
    if rect is not None:
        w = max(min_w, min(rect.width, screen.width))
        h = max(min_h, min(rect.height, screen.height))
        x = min(max(rect.x, screen.x), screen.x + screen.width - w)
        y = min(max(rect.y, screen.y), screen.y + screen.height - h)
        return Rect(x, y, w, h)
    w = max(min_w, min(PREFERRED[0], screen.width))
    h = max(min_h, min(PREFERRED[1], screen.height))
    return Rect(screen.x + (screen.width - w) // 2, screen.y + (screen.height - h) // 2, w, h)
