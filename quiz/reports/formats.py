"""Rendering a report in a format chosen by name, and writing what a renderer made: the same for
the learner report (quiz.reports) and the group report (quiz.reports.group).

Every rendered report passes the one sanitiser (quiz.core.text) on its way out: text from packs,
names and the store never reaches a terminal, a page or a file with its control, bidirectional or
invisible characters raw. CSV renderers make each cell visible themselves (csv_cell), so that
their own line endings stay.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path

from quiz.content.files import write_text
from quiz.core.text import json_safe, visible

# Format -> the last pass over what its renderer made.
_FINISH: dict[str, Callable[[str], str]] = {
    "json": json_safe, "csv": lambda text: text, "text": visible, "md": visible, "html": visible,
}


def render_in(renderers: Mapping[str, str], report: object, fmt: str) -> str:
    """The report rendered by the module `renderers[fmt]` (imported only now), sanitised for
    its format; ValueError names the known formats for any other `fmt`."""
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r} (known: {', '.join(renderers)})")
    rendered = importlib.import_module(renderers[fmt]).render(report)
    return _FINISH.get(fmt, visible)(rendered)


def write_rendered(text: str, path: Path, fmt: str | None = None) -> Path:
    """Write a rendered report to `path` atomically (UTF-8; CSV keeps the newlines the csv module
    chose): a failure leaves the file that was there whole.

    A CSV file starts with a UTF-8 byte-order mark, as `quiz export` writes one: a spreadsheet
    reads a CSV as UTF-8 only then, and otherwise garbles accented names. `fmt` says the format;
    a caller that has only the text (None) gets the mark for a file named *.csv. Standard output
    never gets one (a program reading a pipe does not expect it).
    """
    path = Path(path)
    csv = fmt == "csv" if fmt is not None else path.suffix.lower() == ".csv"
    return write_text(path, text, encoding="utf-8-sig" if csv else "utf-8", newline="")
