"""A problem found in a pack file, at its line and column, and the error that carries them.

`quiz validate` prints each Problem as `file:line:col: error|warning: message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from quiz.core.text import visible


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        # A message may quote the file (a value, the closest article text): shown, not sent.
        return visible(f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}")


class PackError(Exception):
    """A pack that cannot be used; `problems` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"] or problems
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}")
