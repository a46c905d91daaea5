"""Rendering a report in a format chosen by name, and writing what a renderer made: the same for
the learner report (quiz.reports) and the group report (quiz.reports.group).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path


def render_in(renderers: Mapping[str, str], report: object, fmt: str) -> str:
    """The report rendered by the module `renderers[fmt]` (imported only now); ValueError names
    the known formats for any other `fmt`."""
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r} (known: {', '.join(renderers)})")
    return importlib.import_module(renderers[fmt]).render(report)


def write_rendered(text: str, path: Path) -> Path:
    """Write a rendered report to `path` (UTF-8; CSV keeps the newlines the csv module chose)."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return path
