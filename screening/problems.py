"""Problems found in a file, reported as ``path:line:col: message``."""

from __future__ import annotations

from dataclasses import dataclass

from screening.terminal import safe


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when the problem concerns the whole file
    message: str

    def __str__(self) -> str:
        # a file name or an echoed key may hold ESC sequences or bidi overrides: shown, never obeyed
        return safe(f"{self.path}:{self.line}:{self.column}: {self.message}")


class ProblemsError(Exception):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)
