"""The history as text: one row of cells per session, sparklines per kind for each set of full runs
compared, and the whole history as plain text for pipes, files and screen readers (`quiz history`,
the history screen).
"""

from __future__ import annotations

from quiz.core.history import History, Labels, SessionRow, TrendGroup
from quiz.core.text import visible
from quiz.core.wording import counted

SPARK_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """Accuracies 0-1 as block characters on a fixed scale (a full bar is 100%)."""
    top = len(SPARK_BARS) - 1
    return "".join(SPARK_BARS[round(min(max(v, 0.0), 1.0) * top)] for v in values)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def _points(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")


def row_cells(row: SessionRow, categories: tuple[str, ...]) -> list[str]:
    """One history row as text cells: date and time, pack, mode and kind of run, answered, score,
    then each kind."""
    score = (f"{_points(row.score)} / {row.answered} ({_percent(row.score / row.answered)})"
             if row.answered else "-")
    cells = [row.when(), row.pack_id, row.label, f"{row.answered} of {row.total}", score]
    for category in categories:
        accuracy = row.category(category)
        cells.append("-" if accuracy is None
                     else f"{accuracy.found}/{accuracy.total} ({_percent(accuracy.accuracy)})")
    return cells


def group_lines(group: TrendGroup, categories: tuple[str, ...],
                labels: Labels) -> list[tuple[str, str, str]]:
    """Per category of one set of compared runs: label, sparkline, first and latest in words."""
    result = []
    for category in categories:
        series = group.trends.get(category, [])
        if not series:
            continue
        if len(series) == 1:
            words = f"{_percent(series[0])} in 1 run"
        else:
            words = (f"{_percent(series[0])} first, {_percent(series[-1])} latest, "
                     f"over {len(series)} runs")
        result.append((labels(category), sparkline(series), words))
    return result


def trend_lines(record: History, labels: Labels) -> list[tuple[str, str, str]]:
    """The sparklines of the runs like the latest full run (`History.trends`)."""
    if not record.groups:
        return []
    return group_lines(record.groups[-1], record.categories, labels)


def trend_heading(group: TrendGroup) -> str:
    """E.g. "Accuracy per kind over your full practice runs (a full bar is 100%)"."""
    return f"Accuracy per kind over your {group.name}, oldest first (a full bar is 100%)"


HISTORY_HEADINGS = ["Date", "Pack", "Mode", "Answered", "Score"]


def history_text(record: History, labels: Labels) -> str:
    """The history as plain text (for pipes, files and screen readers)."""
    headings = HISTORY_HEADINGS + [labels(c) for c in record.categories]
    rows = [row_cells(row, record.categories) for row in record.rows]
    widths = [max(len(visible(cell)) for cell in column) for column in zip(headings, *rows)]

    def line(cells: list[str]) -> str:
        return "  ".join(visible(cell).ljust(width) for cell, width in zip(cells, widths)).rstrip()

    out = [f"History of {visible(record.learner)}: {counted(len(record.rows), 'session')}"
           " (oldest first)", "", line(headings)]
    out += [line(cells) for cells in rows]
    for group in record.groups:
        trends = group_lines(group, record.categories, labels)
        if not trends:
            continue
        out += ["", f"{trend_heading(group)}:"]
        label_width = max(len(visible(label)) for label, _, _ in trends)
        for label, spark, words in trends:
            out.append(f"  {visible(label).ljust(label_width)}  {spark}  {words}")
    if record.apart_note:
        out += ["", record.apart_note]
    return "\n".join(out) + "\n"
