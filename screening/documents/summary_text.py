"""The summary model (``documents.summary``) as plain text: the app's text view and ``records show``.

Same sections, labels, dates and order as the referral PDF. ``clean`` makes each value safe for
where it is shown (a terminal shows control characters as escapes); the app shows the text as
plain text, so it needs nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from screening.documents.summary import Cell, Grid, Rows, Section, Summary, Value

INDENT = "  "


def _value(value: Value, clean: Callable[[str], str]) -> str:
    text = clean(value.text.strip("\n"))
    if value.style == "decisive":
        return f"• {text} (this set the suggestion)"
    if value.style == "step":
        return f"• {text}"
    return text


def _labelled(out: list[str], label: str, cell: Cell, clean: Callable[[str], str], indent: str) -> None:
    """``label: first value``, then the value's further lines and values indented below it."""
    lines = []
    for value in cell:
        first_line, *more = _value(value, clean).split("\n")
        lines.append(first_line)
        # a bullet's further lines stand under its text, not under its bullet
        lines.extend(("  " if value.style in ("step", "decisive") else "") + line for line in more)
    if not lines:
        lines = [""]
    if cell and cell[0].style in ("step", "decisive"):
        lines.insert(0, "")  # a list starts on the line below its label
    first, rest = lines[0], lines[1:]
    out.append(f"{indent}{label}: {first}".rstrip() if label else f"{indent}{first}".rstrip())
    out.extend(f"{indent}{INDENT}{line}".rstrip() for line in rest)


def _section(out: list[str], section: Section, clean: Callable[[str], str], refs: bool) -> None:
    out.append(section.heading)
    for i, block in enumerate(section.blocks):
        if i and block.title:
            out.append(f"{INDENT}{block.title}")
        if isinstance(block, Rows):
            for row in block.rows:
                _labelled(out, row.label, row.value, clean, INDENT)
            continue
        _grid(out, block, clean, refs)


def _grid(out: list[str], grid: Grid, clean: Callable[[str], str], refs: bool) -> None:
    if not grid.rows:
        if grid.empty:
            out.append(f"{INDENT}{grid.empty}")
        return
    for row in grid.rows:
        first = " ".join(_value(v, clean) for v in row.cells[0]) if row.cells else ""
        if len(row.cells) == 2:
            cell = row.cells[1]
            if refs and row.ref and cell and cell[0].text != row.ref:
                # on the command line, the id to type beside the rule set's words
                cell = (Value(f"{row.ref}: {cell[0].text}", cell[0].style), *cell[1:])
            _labelled(out, f"- {first}", cell, clean, INDENT)
            continue
        out.append(f"{INDENT}- {grid.columns[0]}: {first}")
        for heading, cell in zip(grid.columns[1:], row.cells[1:], strict=True):
            if cell:
                _labelled(out, heading, cell, clean, INDENT * 2)


def render_text(summary: Summary, clean: Callable[[str], str] = str, *, refs: bool = False) -> str:
    """The whole summary as text, one section after another, ending with a newline.

    With ``refs`` each behaviour and question also shows its rule-set id (for the command line).
    """
    out = [summary.emergency, ""]
    for section in summary.sections:
        _section(out, section, clean, refs)
        out.append("")
    out.extend(clean(line) for line in summary.about)
    return "\n".join(out) + "\n"
