"""Score reports: the figures (`figures.build_report`) and one renderer per output format.

Importing this package loads no renderer (and so no rich): `render` imports the one it needs.
"""

from __future__ import annotations

import re
from pathlib import Path

from quiz.reports.build import build_report, report_for_sessions
from quiz.reports.formats import render_in, write_rendered
from quiz.reports.report import Report

__all__ = ["FORMATS", "SUFFIXES", "Report", "build_report", "render", "report_for_sessions",
           "suggested_filename", "write_report"]

# Format name -> renderer module. Each module has `render(report) -> str`.
FORMATS: dict[str, str] = {
    "text": "quiz.reports.render_text",
    "md": "quiz.reports.render_md",
    "html": "quiz.reports.render_html",
    "json": "quiz.reports.render_json",
    "csv": "quiz.reports.render_csv",
}

SUFFIXES = {"text": ".txt", "md": ".md", "html": ".html", "json": ".json", "csv": ".csv"}


def render(report: Report, fmt: str) -> str:
    """The report as text in format `fmt` (one of FORMATS); "text" comes without colour codes.

    Raises ValueError naming the known formats for any other `fmt`.
    """
    return render_in(FORMATS, report, fmt)


def write_report(report: Report, fmt: str, path: Path) -> Path:
    """Render and write to `path` (UTF-8; CSV with a byte-order mark and the newlines the csv
    module chose)."""
    return write_rendered(render(report, fmt), path, fmt)


def suggested_filename(report: Report, fmt: str) -> str:
    """E.g. "quiz-report-ana-2024-03-03-session-12.html": the learner's name reduced to
    letters, digits and dashes so any name is a safe file name."""
    name = re.sub(r"[^\w-]+", "-", report.name.casefold(), flags=re.UNICODE).strip("-_")
    name = name[:40] or "learner"
    if report.is_history:
        scope = f"{report.first_date}-to-{report.date}"
    elif report.sessions:
        scope = f"{report.date}-session-{report.sessions[-1].id}"
    else:
        scope = report.date
    return f"quiz-report-{name}-{scope}{SUFFIXES[fmt]}"
