"""Shared bits for the guide, diff and sign-off tests."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
MINI_FILE = REPO / "tests" / "data" / "mini" / "ruleset.yaml"
MINI_TEXT = MINI_FILE.read_text(encoding="utf-8")


def mini_with(*replacements: tuple[str, str]) -> str:
    """The mini rule set with each (old, new) replaced once; old must be there exactly once."""
    text = MINI_TEXT
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} appears {text.count(old)} times in the mini rule set"
        text = text.replace(old, new)
    return text


def write_set(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ruleset.yaml").write_text(text, encoding="utf-8")
    return folder


APPROVED = (
    ("  status: draft\n", "  status: approved\n  approved_on: 2026-03-02\n"),
    ('  approved_by: ""\n', "  approved_by: Example Safeguarding Partnership board\n"),
)


def pages(data: bytes) -> list[str]:
    """Each page's text, with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]
