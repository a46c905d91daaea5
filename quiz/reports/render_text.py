"""The score report for the terminal: rich tables and a coloured confusion matrix.

Every piece of content (names, labels, passages) is a rich.text.Text, never markup, so a `[` in a
learner's name or a passage is printed as it is.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from quiz.core.wording import counted
from quiz.reports.figures import MIN_RATE_ITEMS
from quiz.reports.report import ConfusionMatrix, MissedItem, Report
from quiz.reports.wording import (
    claim_heading,
    claim_in_passage,
    d_prime_legend,
    d_prime_notes,
    format_d_prime,
    format_duration,
    format_percent,
    format_score,
    format_share,
    format_when,
    matrix_cell,
    matrix_legend,
    missed_summary,
    missed_verdict,
    period,
)

# Plain text is 80 columns wide, what a printed page or a default terminal holds; every table
# fits it without cutting a word (labels wrap between words, kinds are numbered in wide tables).
PLAIN_WIDTH = 80
# A terminal is no place for hundreds of rows: the latest sessions, and the change since the
# first, answer "am I improving?"; the other formats list every session.
TEXT_HISTORY_ROWS = 20
# The claim asked about, marked inside its passage in plain text (bold and underlined in colour).
CLAIM_OPEN, CLAIM_CLOSE = "»", "«"


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
    if report.left_out:
        parts.append(Text(report.left_out, "dim"))
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
    text = Text.assemble(("Score report: ", "bold"), (report.name or "(no name)", "bold cyan"))
    if report.group:
        text.append("\n")
        text.append(report.group, "bold")
    text.append("\n")
    sessions = len(report.sessions)
    scope = f"{sessions} sessions" if sessions != 1 else "1 session"
    text.append(f"{period(report.sessions, report.date)}  ·  {scope}  ·  ")
    text.append(pack.title)
    text.append(f" ({pack.id}), version {pack.version or 'unknown'}", "dim")
    return text


def titled_table(title: str, **options) -> Table:
    options.setdefault("box", box.SIMPLE_HEAD)
    return Table(title=Text(title, "bold"), title_justify="left", **options)


def longest_word(texts: Iterable[str]) -> int:
    """The widest word among `texts`: a column at least this wide wraps them, never cuts them."""
    return max((len(word) for text in texts for word in text.split()), default=1)


def overview_table(report: Report) -> Table:
    figures = report.overall
    table = titled_table("Overview", show_header=False)
    table.add_column(Text("Figure"), style="bold", no_wrap=True)
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
            f" (on {counted(figures.items_with_hints, 'item')})"
            if figures.items_with_hints else "")),
        ("Balanced accuracy", format_percent(report.balanced_accuracy)),
    ]
    for name, value in rows:
        table.add_row(Text(name), Text(value))
    return table


def category_table(report: Report) -> RenderableType:
    """Per kind: items, found, accepted, uses, right and d′, with what they mean under it.

    Only the Kind column wraps (between words); the others hold numbers and stay on one line,
    so the table fits 80 columns with every name whole."""
    table = titled_table("Per kind of statement", collapse_padding=True)
    labels = [c.label for c in report.per_category]
    table.add_column(Text("Kind"), min_width=longest_word(labels))
    for heading in ("Items", "Found", "Accepted", "Used", "Right"):
        table.add_column(Text(heading), justify="right", no_wrap=True)
    table.add_column(Text("d′"), justify="right", min_width=len("always"))
    for c in report.per_category:
        table.add_row(
            Text(c.label),
            Text(str(c.items)),
            Text(format_share(c.found, c.items, "no items", compact=True)),
            Text(str(c.accepted)),
            Text(str(c.uses)),
            Text(format_share(c.uses - c.false_alarms, c.uses, "not used", compact=True)),
            Text(format_d_prime(c.d_prime, c.d_prime_withheld)),
        )
    return Group(table, Text(" ".join([
        "Found (recall): best answers among the items of that kind. Accepted: accepted "
        "alternatives instead (credit, not the best answer). Used: times you chose the label. "
        "Right (precision): uses of the label that were the best answer. Shares are given "
        f"from {MIN_RATE_ITEMS} on.", d_prime_legend(), *d_prime_notes(report.per_category)]),
        "dim"))


def cell_style(matrix: ConfusionMatrix, row: int, column: int) -> str:
    """Green on the diagonal, red for confusions, stronger for larger counts; amber for a cell of
    accepted alternatives only; zeros dim."""
    if row == column:
        count, largest = matrix.counts[row][column], matrix.largest_cell
    else:
        count, largest = matrix.wrong_at(row, column), matrix.largest_wrong
        if count == 0:
            return "black on #f3e1a6" if matrix.accepted_at(row, column) else "dim"
    if count == 0:
        return "dim"
    strength = count / largest
    level = 1 if strength < 0.34 else 2 if strength < 0.67 else 3
    if row == column:
        return ("black on #b7e4c7", "black on #74c69d", "bold white on #2d6a4f")[level - 1]
    return ("black on #f8c8c8", "black on #ef8a8a", "bold white on #b23a3a")[level - 1]


def confusion_table(report: Report) -> Table:
    return confusion_matrix_table(report.confusion, report.label, "what you chose")


def confusion_matrix_table(matrix: ConfusionMatrix, label: Callable[[str], str],
                           columns: str) -> Table:
    """The matrix with coloured cells; `columns` says whose choices the columns are. Columns are
    numbered like the rows, so four kinds fit 80 columns with their names whole."""
    table = titled_table("Confusion matrix", box=box.SQUARE, show_lines=True)
    names = [f"{n} {label(c)}" for n, c in enumerate(matrix.categories, start=1)]
    table.add_column(Text("Best answer \\ chosen"), style="bold",
                     min_width=longest_word(names + ["Best answer"]))
    for number in range(1, len(matrix.categories) + 1):
        table.add_column(Text(str(number)), justify="center", min_width=3, no_wrap=True)
    for r, name in enumerate(names):
        cells = [
            Text(matrix_cell(matrix, r, c), style=cell_style(matrix, r, c))
            for c in range(len(matrix.categories))
        ]
        table.add_row(Text(name), *cells)
    legend = (f"Rows: the best answer; columns: {columns}, numbered as the rows. The diagonal "
              "is right.")
    if matrix.accepted_total:
        legend += " " + (matrix_legend(matrix) or "")
    table.caption = Text(legend, "dim")
    table.caption_justify = "left"
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
            Text(format_share(level.correct, level.answered, "not used")),
        )
    return table


def history_table(report: Report) -> Table:
    """One row per session with its time of day and kind of run; kinds numbered, so the table
    fits 80 columns (only the Mode column wraps, between words)."""
    table = titled_table("Sessions", collapse_padding=True)
    table.add_column(Text("Date"), no_wrap=True)
    table.add_column(Text("Mode"), min_width=longest_word(s.label for s in report.sessions))
    table.add_column(Text("Answered"), justify="right", no_wrap=True)
    table.add_column(Text("Score"), justify="right", no_wrap=True)
    table.add_column(Text("Balanced"), justify="right", no_wrap=True)
    for number in range(1, len(report.categories) + 1):
        table.add_column(Text(str(number)), justify="right", no_wrap=True)
    shown = report.history[-TEXT_HISTORY_ROWS:]
    kinds = "; ".join(f"{n} {ref.label}" for n, ref in enumerate(report.categories, start=1))
    caption = f"Found per kind: {kinds}."
    if len(shown) < len(report.history):
        caption += (f" The latest {len(shown)} of {len(report.history)} sessions; the HTML, "
                    "JSON and CSV reports list them all.")
    if any(not s.session.counted for s in shown):
        caption += " A retry asks only the items a run missed, right after seeing its answers."
    table.caption = Text(caption, "dim")
    table.caption_justify = "left"
    for figures in shown:
        session = figures.session
        table.add_row(
            Text(format_when(session.started_at)),
            Text(session.label),
            Text(f"{session.answered}/{session.asked}"),
            Text(format_percent(figures.score.fraction, "-")),
            Text(format_percent(figures.balanced_accuracy, "-")),
            *(Text(f"{c.found}/{c.items}" if c.items else "-") for c in figures.categories),
        )
    return table


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def marked_passage(missed: MissedItem, mark: str = "bold underline") -> Text:
    """The passage with the claim asked about between » and « (and styled `mark`)."""
    parts = claim_in_passage(missed)
    if parts is None:
        return Text(missed.passage or "", "italic")
    before, claim, after = parts
    return Text.assemble((before, "italic"), (CLAIM_OPEN + claim + CLAIM_CLOSE, f"italic {mark}"),
                         (after, "italic"))


def missed_items(report: Report) -> RenderableType:
    blocks: list[RenderableType] = [Text(sentence_case(missed_summary(report.missed)), "bold")]
    if any(claim_in_passage(m) for m in report.missed):
        blocks.append(Text(f"Each passage marks the claim asked about {CLAIM_OPEN}like "
                           f"this{CLAIM_CLOSE}.", "dim"))
    for missed in report.missed:
        title = Text.assemble((claim_heading(missed), "bold"), f"  ({missed_verdict(missed)})")
        lines = [title]
        if missed.passage is not None:
            lines.append(marked_passage(missed))
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
