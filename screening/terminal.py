"""Text for a terminal: control characters and bidi overrides shown as escapes, never obeyed.

Every user or rule string the command line prints goes through ``safe``: an ESC sequence in a
description cannot recolour, move the cursor or retitle the terminal, and a right-to-left
override cannot make text read differently from what it is. Newlines and tabs are kept.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls; the bidi embeddings, overrides and isolates,
# the direction marks, and the line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    point = ord(match.group())
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def safe(text: str) -> str:
    return _UNSAFE.sub(_escape, text)


def safe_json(text: str) -> str:
    """JSON text with the same characters written as \\u escapes: the same JSON, inert on a terminal.

    JSON escapes C0 controls itself; DEL, C1 controls and the bidi characters it writes raw, and
    they can stand only inside strings, where an escape means the same character.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
