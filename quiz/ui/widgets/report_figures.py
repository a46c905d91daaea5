"""A score report's figures for the end and history screens: per kind found, right and d′, the
confusion matrix (coloured like `quiz report`'s), the reader's lean and what to practise next.

Everything comes from quiz.reports (the figures are computed there, never here); labels and names
are rich Text, so a `[` in a category label is shown as written.
"""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from quiz.core.text import visible
from quiz.reports import Report
from quiz.reports.render_text import cell_style
from quiz.reports.wording import (
    d_prime_notes,
    format_d_prime,
    format_share,
    matrix_cell,
    matrix_legend,
)


def kinds_table(report: Report) -> Table:
    """Per kind: how many of its items were found, how often its label was right, and d′."""
    table = Table(box=box.SIMPLE_HEAD, title=Text("Per kind of statement", "bold"),
                  title_justify="left", pad_edge=False, show_edge=False)
    table.add_column(Text("Kind"))
    table.add_column(Text("Found"), justify="right")
    table.add_column(Text("Right"), justify="right")
    table.add_column(Text("d′"), justify="right")
    for figures in report.per_category:
        if not figures.items and not figures.uses:
            continue
        table.add_row(
            Text(visible(figures.label)),
            Text(format_share(figures.found, figures.items, "-", compact=True)),
            Text(format_share(figures.uses - figures.false_alarms, figures.uses, "not used",
                              compact=True)),
            Text(format_d_prime(figures.d_prime, figures.d_prime_withheld)),
        )
    return table


def confusion_table(report: Report) -> Table:
    """Rows: the best answer; columns: what was chosen, numbered like the answer keys."""
    matrix = report.confusion
    caption = "Rows: the best answer. Columns: your choice, by number. The diagonal is right."
    if matrix.accepted_total:
        caption += " " + visible(matrix_legend(matrix) or "")
    table = Table(box=box.SIMPLE_HEAD, title=Text("Confusion matrix", "bold"),
                  title_justify="left", pad_edge=False, show_edge=False,
                  caption=Text(caption, "dim"), caption_justify="left")
    table.add_column(Text("Best answer"))
    for number in range(1, len(matrix.categories) + 1):
        table.add_column(Text(str(number)), justify="center", min_width=3)
    for row, category in enumerate(matrix.categories):
        table.add_row(
            Text(f"{row + 1} {visible(report.label(category))}"),
            *(Text(f" {matrix_cell(matrix, row, column)} ",
                   style=cell_style(matrix, row, column))
              for column in range(len(matrix.categories))),
        )
    return table


def report_figures(report: Report) -> Group:
    parts: list = []
    if report.left_out:
        parts += [Text(visible(report.left_out), "dim"), Text("")]
    if report.overall.answered:
        parts.append(kinds_table(report))
        notes = d_prime_notes(report.per_category)
        if notes:
            parts.append(Text(visible(" ".join(notes)), "dim"))
        parts += [Text(""), confusion_table(report), Text(""),
                  Text(visible(report.bias_sentence))]
    if report.change_sentence:
        parts += [Text(""), Text(visible(report.change_sentence))]
    parts += [Text(""), Text.assemble(("What to practise next: ", "bold"),
                                      visible(report.practice_next))]
    return Group(*parts)


class ReportFigures(Static):
    """The figures of one report (a session, or a learner's history with a pack)."""

    def __init__(self, report: Report, *, id: str | None = None) -> None:
        super().__init__(report_figures(report), id=id)
        self.report = report
