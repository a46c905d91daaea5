"""The score report for the terminal: rich tables and a coloured confusion matrix.

Every piece of content (names, labels, passages) is a rich.text.Text, never markup, so a `[` in a
learner's name or a passage is printed as it is.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from quiz.core.scoring import Verdict
from quiz.reports.report import ConfusionMatrix, Report
from quiz.reports.wording import format_d_prime, format_duration, format_percent, format_score

PLAIN_WIDTH = 100
# A terminal is no place for hundreds of rows: the latest sessions, and the change since the
# first, answer "am I improving?"; the other formats list every session.
TEXT_HISTORY_ROWS = 20


def render(report: Report, width: int = PLAIN_WIDTH) -> str:
    """The report as plain text (no colour codes), for a file or a pipe."""
    return plain_text(renderables(report), width)


def print_report(report: Report, console: Console) -> None:
    """Print the report to `console` (colour when the console has it)."""
    print_parts(renderables(report), console)


def plain_text(parts: list[RenderableType], width: int) -> str:
    """A report's parts as plain text (no colour codes), for a file or a pipe."""
    console = Console(
        file=io.StringIO(), width=width, color_system=None, force_terminal=False,
        force_jupyter=False, legacy_windows=False, emoji=False, highlight=False,
    )
    print_parts(parts, console)
    return console.file.getvalue()  # type: ignore[attr-defined]


def print_parts(parts: list[RenderableType], console: Console) -> None:
    """Print a report's parts to `console`, a blank line between two."""
    for index, renderable in enumerate(parts):
        if index:
            console.print()
        console.print(renderable)


def renderables(report: Report) -> list[RenderableType]:
    """The report's parts in order, for a console or a Textual Static."""
    parts: list[RenderableType] = [header(report), overview_table(report)]
    if report.overall.answered:
        parts += [
            category_table(report),
            confusion_table(report),
            Text(report.bias_sentence),
        ]
        if report.calibration is not None:
            parts.append(calibration_table(report))
    if report.is_history:
        parts.append(history_table(report))
        if report.change_sentence:
            parts.append(Text(report.change_sentence))
    if report.missed:
        parts.append(missed_items(report))
    parts.append(Text.assemble(("What to practise next: ", "bold"), report.practice_next))
    return parts


def header(report: Report) -> Text:
    pack = report.pack
    text = Text.assemble(("Score report: ", "bold"), (report.learner or "(no name)", "bold cyan"))
    text.append("\n")
    when = report.date if not report.is_history else f"{report.first_date} to {report.date}"
    sessions = len(report.sessions)
    scope = f"{sessions} sessions" if sessions != 1 else "1 session"
    text.append(f"{when}  ·  {scope}  ·  ")
    text.append(pack.title)
    text.append(f" ({pack.id}), version {pack.version or 'unknown'}", "dim")
    return text


def titled_table(title: str, **options) -> Table:
    options.setdefault("box", box.SIMPLE_HEAD)
    return Table(title=Text(title, "bold"), title_justify="left", **options)


def overview_table(report: Report) -> Table:
    figures = report.overall
    table = titled_table("Overview", show_header=False)
    table.add_column(Text("Figure"), style="bold")
    table.add_column(Text("Value"))
    score = figures.score
    verdicts = (
        f"{score.correct} best, {score.accepted} accepted, {score.wrong} wrong"
        if score.answered else ""
    )
    rows = [
        ("Score", format_score(score) + (f"  ({verdicts})" if verdicts else "")),
        ("Items answered", str(figures.answered)),
        ("Time", f"{format_duration(figures.total_seconds if figures.answered else None)}"
                 + (f" (about {format_duration(figures.mean_seconds)} per item)"
                    if figures.answered else "")),
        ("Hints used", f"{figures.hints_used}" + (
            f" (on {figures.items_with_hints} items)" if figures.items_with_hints else "")),
        ("Balanced accuracy", format_percent(report.balanced_accuracy)),
    ]
    for name, value in rows:
        table.add_row(Text(name), Text(value))
    return table


def category_table(report: Report) -> Table:
    table = titled_table("Per kind of statement")
    for heading, justify in (
        ("Kind", "left"), ("Items", "right"), ("Found (recall)", "right"),
        ("Accepted alt.", "right"), ("Label used", "right"), ("Right (precision)", "right"),
        ("d'", "right"),
    ):
        table.add_column(Text(heading), justify=justify)  # type: ignore[arg-type]
    for c in report.per_category:
        table.add_row(
            Text(c.label),
            Text(str(c.items)),
            Text(f"{c.found} ({format_percent(c.recall, 'no items')})"),
            Text(str(c.accepted)),
            Text(str(c.uses)),
            Text(f"{c.uses - c.false_alarms} ({format_percent(c.precision, 'not used')})"),
            Text(format_d_prime(c.d_prime)),
        )
    table.caption = Text(
        "Found: best answers among items of that kind. Right: uses of the label that were the "
        "best answer. d': how well you tell this kind from the others (0 = not at all, 2 = well).",
        "dim",
    )
    table.caption_justify = "left"
    return table


def cell_style(matrix: ConfusionMatrix, row: int, column: int) -> str:
    """Green on the diagonal, red off it, stronger for larger counts; zeros dim."""
    count = matrix.counts[row][column]
    if count == 0:
        return "dim"
    strength = count / matrix.largest_cell
    level = 1 if strength < 0.34 else 2 if strength < 0.67 else 3
    if row == column:
        return ("black on #b7e4c7", "black on #74c69d", "bold white on #2d6a4f")[level - 1]
    return ("black on #f8c8c8", "black on #ef8a8a", "bold white on #b23a3a")[level - 1]


def confusion_table(report: Report) -> Table:
    return confusion_matrix_table(report.confusion, report.label, "what you chose")


def confusion_matrix_table(matrix: ConfusionMatrix, label: Callable[[str], str],
                           columns: str) -> Table:
    """The matrix with coloured cells; `columns` says whose choices the columns are."""
    table = titled_table(f"Confusion matrix (rows: the best answer, columns: {columns})",
                         box=box.SQUARE, show_lines=True)
    table.add_column(Text("Best answer \\ chosen"), style="bold")
    for category in matrix.categories:
        table.add_column(Text(label(category)), justify="center")
    for r, category in enumerate(matrix.categories):
        cells = [
            Text(str(matrix.counts[r][c]), style=cell_style(matrix, r, c))
            for c in range(len(matrix.categories))
        ]
        table.add_row(Text(label(category)), *cells)
    return table


def calibration_table(report: Report) -> Table:
    table = titled_table("Confidence and accuracy")
    table.add_column(Text("Confidence"))
    table.add_column(Text("Answers"), justify="right")
    table.add_column(Text("Best answers"), justify="right")
    for level in report.calibration or ():
        table.add_row(
            Text(f"{level.level} of 3"),
            Text(str(level.answered)),
            Text(format_percent(level.accuracy, "not used")),
        )
    return table


def history_table(report: Report) -> Table:
    table = titled_table("Sessions")
    table.add_column(Text("Date"), no_wrap=True)
    table.add_column(Text("Mode"))
    table.add_column(Text("Answered"), justify="right")
    table.add_column(Text("Score"), justify="right")
    table.add_column(Text("Balanced"), justify="right")
    for ref in report.categories:
        table.add_column(Text(ref.label), justify="right")
    shown = report.history[-TEXT_HISTORY_ROWS:]
    if len(shown) < len(report.history):
        table.caption = Text(
            f"The latest {len(shown)} of {len(report.history)} sessions; the HTML, JSON and CSV "
            "reports list them all.", "dim",
        )
        table.caption_justify = "left"
    for figures in shown:
        session = figures.session
        table.add_row(
            Text(session.started_at[:10]),
            Text(session.mode),
            Text(f"{session.answered}/{session.asked}"),
            Text(format_percent(figures.score.fraction)),
            Text(format_percent(figures.balanced_accuracy)),
            *(Text(format_percent(c.recall, "-")) for c in figures.categories),
        )
    return table


def missed_items(report: Report) -> RenderableType:
    blocks: list[RenderableType] = [Text("Items to look at again", "bold")]
    for missed in report.missed:
        verdict = "accepted, not the best answer" if missed.verdict is Verdict.ACCEPTED else "wrong"
        title = Text.assemble((missed.item_id, "bold"), f"  ({verdict}")
        if missed.times_missed > 1:
            title.append(f", missed {missed.times_missed} times")
        title.append(")")
        lines = [title]
        if missed.passage is not None:
            lines.append(Text(missed.passage, "italic"))
        lines.append(Text.assemble(
            "You chose: ", (missed.chosen_label, "red"), "    Best answer: ",
            (missed.best_label, "green"),
        ))
        if missed.why_not:
            lines.append(Text(missed.why_not))
        if missed.explanation:
            lines.append(Text(missed.explanation))
        if missed.note:
            lines.append(Text(missed.note, "dim"))
        blocks.append(Padding(Group(*lines), (1, 0, 0, 2)))
    return Group(*blocks)
