"""The group report as CSV: one row per response, for spreadsheets (pivot by item or person).

A participant's answer is a row with count 1; a show-of-hands tally is one row per option with the
number of hands in `count` and "(room)" as the participant. Text cells go through the learner
report's `formula_safe`, so a name such as "=HYPERLINK(...)" is shown, never run.
"""

from __future__ import annotations

import csv
import io

from quiz.reports.group_report import GroupReport
from quiz.reports.render_csv import formula_safe

COLUMNS = (
    "workshop", "participant", "item_number", "phase", "item_id", "best", "chosen", "verdict",
    "credit", "count", "changes", "seconds", "answered_at",
)


def render(report: GroupReport) -> str:
    """A header row, then one row per response in the order asked (room tallies first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for response in report.responses:
        writer.writerow((
            report.info.id,
            formula_safe(response.participant),
            response.position + 1,
            response.phase.value,
            formula_safe(response.item_id),
            formula_safe(response.best),
            formula_safe(response.chosen),
            response.verdict.value,
            f"{response.credit:g}",
            response.count,
            response.changes,
            "" if response.seconds is None else f"{response.seconds:.1f}",
            formula_safe(response.answered_at),
        ))
    return buffer.getvalue()
