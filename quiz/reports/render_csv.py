"""The score report as CSV: one row per answer, for spreadsheets and gradebooks.

Formula injection: a spreadsheet runs a cell that starts with = + - @ (or tab / carriage return,
which some programs strip before looking) as a formula, so any such text cell gets a leading
apostrophe ("'=1+1"); the spreadsheet then shows the text, apostrophe included. Numbers we write
ourselves (seconds, hints, confidence, credit) are never altered.
"""

from __future__ import annotations

import csv
import io

from quiz.core.text import visible
from quiz.reports.report import Report

COLUMNS = (
    "learner", "session", "item_id", "true", "chosen", "verdict", "seconds", "hint", "confidence",
    "credit", "answered_at", "run",
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """`text` made visible (quiz.core.text), with a leading apostrophe when a spreadsheet would
    read it as a formula."""
    text = visible(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render(report: Report) -> str:
    """A header row, then one row per answer in the order the report holds them.

    Columns: learner, session (id), item_id, true (best answer, category id), chosen (category
    id), verdict (correct / accepted / wrong), seconds (one decimal), hint (hints taken, 0-2),
    confidence (1-3, empty when not rated), credit, answered_at (ISO 8601), run (full,
    unfinished or retry: filter out retry rows to count as the report's totals do).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    runs = {session.id: str(session.run) for session in report.sessions}
    for answer in report.answers:
        writer.writerow((
            formula_safe(answer.learner),
            answer.session_id,
            formula_safe(answer.item_id),
            formula_safe(answer.actual),
            formula_safe(answer.chosen),
            answer.verdict.value,
            f"{answer.seconds:.1f}",
            answer.hints,
            "" if answer.confidence is None else answer.confidence,
            f"{answer.credit:g}",
            formula_safe(answer.answered_at),
            runs.get(answer.session_id, "full"),
        ))
    return buffer.getvalue()
