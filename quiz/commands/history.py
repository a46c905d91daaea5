"""`quiz history`: the learner's past sessions with a trend per kind, as a table on a terminal
and as plain text otherwise (quiz.reports.history).
"""

from __future__ import annotations

import argparse
import sys

from quiz.commands.common import (
    CommandError,
    guarded,
    isatty,
    open_store,
    say_damaged,
    store_choice,
)
from quiz.content.pack_files import pack_id_for, packs_played
from quiz.core.history import HISTORY_LIMIT, History, Labels, build_history, labels_for
from quiz.core.text import visible, visible_fields
from quiz.reports.history import (
    HISTORY_HEADINGS,
    group_lines,
    history_text,
    row_cells,
    trend_heading,
)


def print_history_rich(record: History, labels: Labels, console) -> None:
    """The history as a rich table and sparklines; every name and label is Text, never markup.

    Kinds are numbered columns with their names in the caption, and only the Pack and Mode
    columns wrap (between words), so the table fits 80 columns without cutting a name."""
    from rich import box  # only here: rich loads only to draw on a terminal
    from rich.table import Table
    from rich.text import Text

    rows = [row_cells(row, record.categories) for row in record.rows]
    table = Table(box=box.SIMPLE_HEAD, title=Text(f"History of {record.learner}"),
                  title_justify="left", collapse_padding=True)
    for n, heading in enumerate(HISTORY_HEADINGS):
        longest = max((len(word) for row in rows for word in row[n].split()), default=1)
        table.add_column(Text(heading), no_wrap=heading in ("Date", "Answered"),
                         min_width=max(longest, len(heading)))
    for number in range(1, len(record.categories) + 1):
        table.add_column(Text(str(number)), justify="right", no_wrap=True)
    for row, cells in zip(record.rows, rows):
        table.add_row(*(Text(cell) for cell in cells[:len(HISTORY_HEADINGS)]),
                      *(Text(cell.split(" ")[0]) for cell in cells[len(HISTORY_HEADINGS):]))
    table.caption = Text("Found per kind: " + "; ".join(
        f"{n} {labels(category)}" for n, category in enumerate(record.categories, start=1))
        + ".", "dim")
    table.caption_justify = "left"
    console.print(table)
    for group in record.groups:
        trends = group_lines(group, record.categories, labels)
        if not trends:
            continue
        console.print()
        console.print(Text(trend_heading(group), "bold"))
        chart = Table(box=None, show_header=False)
        chart.add_column()
        chart.add_column(style="cyan", no_wrap=True)
        chart.add_column(style="dim")
        for label, spark, words in trends:
            chart.add_row(Text(label), Text(spark), Text(words))
        console.print(chart)
    if record.apart_note:
        console.print()
        console.print(Text(record.apart_note, "dim"))


@guarded
def run_history(args: argparse.Namespace) -> int:
    """`quiz history`: the learner's past sessions, with a trend per kind."""
    choice = store_choice(args)
    pack_id, pack = (pack_id_for(args.pack, choice.data_dir) if getattr(args, "pack", None)
                     else (None, None))
    store = open_store(choice, read_only=True)  # it only reads: a read-only folder is fine
    try:
        sessions = store.sessions(choice.learner, pack_id=pack_id, limit=HISTORY_LIMIT,
                                  with_answers=True)
    finally:
        store.close()
        say_damaged(store)
    if not sessions:
        where = f" with pack {pack_id!r}" if pack_id else ""
        raise CommandError(f"no sessions for learner {choice.learner!r}{where} yet: play a quiz "
                           "first ('quiz play')", 1, is_error=False)
    labels = labels_for([pack] if pack else packs_played(sessions, choice.data_dir))
    record = build_history(choice.learner, sessions, labels.order)
    if isatty(sys.stdout):
        from rich.console import Console  # only here: rich loads only on a terminal

        # Rich passes control characters through: every name and label is made visible first.
        shown = Labels({k: visible(v) for k, v in labels.by_id.items()}, labels.order)
        print_history_rich(visible_fields(record), shown, Console(highlight=False, emoji=False))
    else:
        sys.stdout.write(history_text(record, labels))
    return 0
