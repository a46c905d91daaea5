"""The checks of a review's items: `quiz validate`'s checks run on the pack's head and one item
as it would be written, at the item's line in the file as it will be saved, cached per item and
fields; run at once, or prepared here and run by a thread (the review screen's way).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from quiz.content.checks import check_pack
from quiz.content.problems import Problem
from quiz.content.review.entry import Entry
from quiz.content.roundtrip import PackText

# (line relative to the item, problem) for an item's problems; (False, problem) for the errors
# of the pack itself, which no item can be right without.
Found = list[tuple[bool, Problem]]


@dataclass(frozen=True)
class PendingCheck:
    """The check of one entry's fields, ready to run anywhere."""

    key: tuple[int, str]
    path: Path
    head: str
    item: Callable[[], str]  # its lines (PackText.item_preview: safe in another thread)

    def run(self) -> Found:
        _, problems = check_pack(self.path, source=self.head + self.item())
        head_lines = self.head.count("\n")
        found: Found = []
        for problem in problems:
            if problem.line > head_lines:
                found.append((True, replace(problem, line=problem.line - head_lines)))
            elif problem.severity == "error":
                found.append((False, problem))
        return found


def accepted(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields as accepting writes them: without `draft`."""
    return {k: v for k, v in fields.items() if k != "draft"}


class ItemChecks:
    """Each entry's problems, kept up to date with its fields.

    With `defer`, an edit whose check has not run yet leaves the entry in `unchecked`, still
    showing the problems of its fields before; `pending` hands out the check and `record` takes
    its result back.
    """

    def __init__(self, path: Path, text: PackText, entries: list[Entry]) -> None:
        self.path = path
        self.text = text
        self.entries = entries
        self.defer = False
        self.unchecked: set[int] = set()
        self._found: dict[tuple[int, str], Found] = {}

    def key(self, entry: Entry, fields: dict[str, Any] | None = None) -> tuple[int, str]:
        return entry.index, repr(accepted(fields or entry.fields))

    def problems(self, entry: Entry, fields: dict[str, Any] | None = None) -> list[Problem]:
        """What `quiz validate` reports for the entry once accepted (its fields, or `fields`),
        at its line and column in the file as it will be saved; the pack's own errors too."""
        if entry.dropped is not None and fields is None:
            return []
        key = self.key(entry, fields)
        if key not in self._found:
            self._found[key] = self.prepare(entry, fields).run()
        shift = self.item_line(entry.index) - 1
        return [replace(p, line=p.line + shift) if relative else p
                for relative, p in self._found[key]]

    def prepare(self, entry: Entry, fields: dict[str, Any] | None = None) -> PendingCheck:
        return PendingCheck(self.key(entry, fields), self.path, self.text.head_text(),
                            self.text.item_preview(entry.index,
                                                   accepted(fields or entry.fields)))

    def update(self, entry: Entry) -> None:
        """The entry's problems for its fields now, or (with `defer`, when not checked yet)
        left as they were and the entry listed in `unchecked`."""
        if self.defer and entry.dropped is None and self.key(entry) not in self._found:
            self.unchecked.add(entry.index)
            return
        self.unchecked.discard(entry.index)
        entry.problems = self.problems(entry)

    def pending(self, entry: Entry | None) -> PendingCheck | None:
        """The check `entry` waits for, or None."""
        if entry is None or entry.index not in self.unchecked:
            return None
        return self.prepare(entry)

    def record(self, pending: PendingCheck, found: Found) -> bool:
        """Keep what a pending check found; True when its entry's problems are now from it (its
        fields have not changed since)."""
        self._found.setdefault(pending.key, found)
        entry = self.entries[pending.key[0]]
        if entry.index in self.unchecked and self.key(entry) == pending.key:
            self.update(entry)
            return True
        return False

    def item_line(self, index: int) -> int:
        """The 1-based line where item `index` starts in the file as it will be saved."""
        line = self.text.head_text().count("\n") + 1
        for entry in self.entries[:index]:
            if entry.dropped is None:
                line += self.text.item_text(entry.index).count("\n")
        return line

    def whole(self, source: str) -> list[Problem]:
        """Check the file as read: each entry gets its own problems (and errors only the whole
        file shows, such as a repeated id); the rest, returned, are the pack's."""
        _, problems = check_pack(self.path, source=source)
        pack_problems = []
        for entry in self.entries:
            entry.problems = self.problems(entry)
        for problem in problems:
            owner = next((e for e, s in zip(self.entries, self.text.item_segments)
                          if s.start < problem.line <= s.end), None)
            if owner is None:
                pack_problems.append(problem)
            elif problem.severity == "error" and problem not in owner.problems:
                owner.problems.append(problem)
        return pack_problems
