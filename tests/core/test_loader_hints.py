"""A mistyped reference gets the closest id as a suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.problems import ProblemsError
from screening.ruleset.loader import load_ruleset

MINI = Path(__file__).resolve().parent.parent / "data" / "mini" / "ruleset.yaml"


def test_a_mistyped_category_suggests_the_closest(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace("    category: red", "    category: rde", 1)
    (tmp_path / "ruleset.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_ruleset(tmp_path)
    messages = [p.message for p in caught.value.problems]
    assert "there is no category with the id 'rde'; the choices are: amber, green, red; did you mean 'red'?" in messages
