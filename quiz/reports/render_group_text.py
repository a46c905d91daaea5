"""The group report for the terminal: rich tables, bars of how the group answered each item.

Every piece of content (names, labels, claims, prompts) is a rich.text.Text, never markup, so a
`[` in a participant's name or a claim is printed as it is.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from quiz.reports.group_report import GroupReport, ItemAnalysis, format_index, format_points
from quiz.reports.render_text import (
    PLAIN_WIDTH,
    confusion_matrix_table,
    longest_word,
    plain_text,
    print_parts,
    titled_table,
)
from quiz.reports.wording import (
    d_prime_legend,
    d_prime_notes,
    format_d_prime,
    format_percent,
    format_score,
    format_share,
)

BAR_WIDTH = 30
FULL, EMPTY = "█", "·"


def render(report: GroupReport, width: int = PLAIN_WIDTH) -> str:
    """The report as plain text (no colour codes), for a file or a pipe."""
    return plain_text(renderables(report), width)


def print_report(report: GroupReport, console: Console) -> None:
    print_parts(renderables(report), console)


def renderables(report: GroupReport) -> list[RenderableType]:
    """The report's parts in order, for a console or a Textual Static."""
    parts: list[RenderableType] = [header(report)]
    if report.notes:
        parts.append(Text("\n".join(report.notes), "dim"))
    parts.append(overview_table(report))
    if report.gain is not None:
        parts.append(Text.assemble(("Before and after: ", "bold"), report.gain.sentence))
    if report.participants:
        parts.append(participants_table(report))
    if report.hardest:
        parts.append(hardest_items(report))
        parts.append(items_table(report))
        parts.append(confusion_table(report))
        parts.append(category_table(report))
    if report.reliability is not None:
        parts.append(Text.assemble(("Reliability: ", "bold"), report.reliability.sentence))
    if report.unavailable:
        parts.append(unavailable(report))
    parts.append(Text(
        "Facility: the average credit on an item (1 best answer, the pack's partial credit for "
        "an accepted alternative, 0 otherwise). Discrimination: the correlation of an item's "
        "score with the score on the rest of the session, as in Moodle's quiz statistics.", "dim"))
    return parts


def header(report: GroupReport) -> Text:
    info = report.info
    text = Text.assemble(("Workshop report: ", "bold"), (info.title, "bold cyan"))
    text.append("\n")
    text.append(f"{report.date}  ·  workshop {info.id} (code {info.code})  ·  led by ")
    text.append(info.facilitator)
    text.append("\n")
    text.append(report.pack.title)
    text.append(f" ({report.pack.id}), version {report.pack.version or 'unknown'}", "dim")
    return text


def overview_rows(report: GroupReport) -> list[tuple[str, str]]:
    """(figure, value) pairs of the overview, shared with the Markdown and HTML renderers."""
    info = report.info
    who = ("a room, by show of hands" if report.from_tallies
           else f"{len(report.participants)} participant"
           + ("s" if len(report.participants) != 1 else ""))
    rows = [
        ("Who answered", who),
        ("Items shown", f"{info.items_shown} of {info.items_planned}"),
        ("Group score", format_score(report.overall)),
        ("Balanced accuracy", format_percent(report.balanced_accuracy)),
    ]
    if report.reliability is not None:
        rows.append(("Cronbach's alpha", format_index(report.reliability.alpha,
                                                      "cannot be computed")))
    if report.gain is not None:
        rows.append(("Before / after", f"{format_percent(report.gain.before)} / "
                                       f"{format_percent(report.gain.after)} "
                                       f"({format_points(report.gain.mean)})"))
    return rows


def overview_table(report: GroupReport) -> Table:
    table = titled_table("Overview", show_header=False)
    table.add_column(Text("Figure"), style="bold")
    table.add_column(Text("Value"))
    for name, value in overview_rows(report):
        table.add_row(Text(name), Text(value))
    return table


def participants_table(report: GroupReport) -> Table:
    gain = report.gain is not None
    table = titled_table("Participants")
    for heading, justify in (("#", "right"), ("Name", "left"), ("Answered", "right"),
                             ("Score", "right"), ("Best/acc./wrong", "right"),
                             ("Changed", "right")):
        table.add_column(Text(heading), justify=justify)  # type: ignore[arg-type]
    if gain:
        for heading in ("Before", "After", "Gain"):
            table.add_column(Text(heading), justify="right")
    for p in report.participants:
        cells = [Text(str(p.number)), Text(p.name), Text(f"{p.answered}/{p.asked}"),
                 Text(format_percent(p.score.fraction)),
                 Text(f"{p.score.correct}/{p.score.accepted}/{p.score.wrong}"),
                 Text(str(p.changes))]
        if gain:
            cells += [Text(format_percent(p.before, "-")), Text(format_percent(p.after, "-")),
                      Text(format_points(p.gain, "-"))]
        table.add_row(*cells)
    return table


def distribution_bars(report: GroupReport, item: ItemAnalysis) -> Text:
    """One bar per category, the best answer marked, e.g. "Denial  ██████····  6  (best)"."""
    largest = max(item.distribution, default=0) or 1
    width = max((len(report.label(c.id)) for c in report.categories), default=0)
    text = Text()
    for category, count in zip(report.categories, item.distribution):
        best = category.id == item.best
        filled = round(BAR_WIDTH * count / largest)
        text.append(report.label(category.id).ljust(width) + "  ")
        text.append(FULL * filled, "green" if best else "red" if count else "dim")
        text.append(EMPTY * (BAR_WIDTH - filled), "dim")
        text.append(f" {count:>3}")
        if best:
            text.append("  best answer", "bold green")
        text.append("\n")
    text.rstrip()
    return text


def hardest_items(report: GroupReport) -> RenderableType:
    blocks: list[RenderableType] = [Text("Items, hardest first", "bold")]
    for rank, item in enumerate(report.hardest, start=1):
        title = Text.assemble((f"{rank}. Item {item.number}", "bold"),
                              f" ({item.phase.title.lower()}, {item.item_id}): facility ",
                              (format_percent(item.facility), "bold"),
                              f", {item.responses} response{'s' if item.responses != 1 else ''}")
        lines: list[RenderableType] = [title]
        if item.claim is not None:
            lines.append(Text(item.claim, "italic"))
        lines.append(distribution_bars(report, item))
        lines.append(Text.assemble("Discrimination: ", item.discrimination_note))
        if item.changes:
            lines.append(Text(f"Answers changed before the reveal: {item.changes}"))
        lines.append(Text.assemble(("Discuss: ", "bold"),
                                   item.discussion or "(the pack has no discussion prompt for "
                                                      "this item)"))
        if item.note:
            lines.append(Text(item.note, "dim"))
        blocks.append(Padding(Group(*lines), (1, 0, 0, 2)))
    return Group(*blocks)


def items_table(report: GroupReport) -> Table:
    table = titled_table("Item analysis, in the order asked")
    table.add_column(Text("No."), justify="right", no_wrap=True)
    table.add_column(Text("Phase"), no_wrap=True)
    table.add_column(Text("Item"), overflow="fold", ratio=3)
    table.add_column(Text("Best answer"), ratio=2)
    for heading in ("Answers", "Facility", "Discrim.", "Changed"):
        table.add_column(Text(heading), justify="right", no_wrap=True)
    for item in report.items:
        table.add_row(
            Text(str(item.number)), Text(item.phase.value), Text(item.item_id),
            Text(item.best_label), Text(str(item.responses)),
            Text(format_percent(item.facility)),
            Text(format_index(item.discrimination, "n/a")), Text(str(item.changes)),
        )
    table.caption = Text("n/a: see the item above for why the figure cannot be computed.", "dim")
    table.caption_justify = "left"
    return table


def confusion_table(report: GroupReport) -> Table:
    return confusion_matrix_table(report.confusion, report.label, "what the group chose")


def category_table(report: GroupReport) -> RenderableType:
    """Per kind, for the group; only the Kind column wraps, so it fits 80 columns."""
    table = titled_table("Per kind of statement, for the group", collapse_padding=True)
    table.add_column(Text("Kind"), min_width=longest_word(c.label for c in report.per_category))
    for heading in ("Responses", "Found", "Used", "Right"):
        table.add_column(Text(heading), justify="right", no_wrap=True)
    table.add_column(Text("d′"), justify="right", min_width=len("always"))
    for c in report.per_category:
        table.add_row(
            Text(c.label), Text(str(c.items)),
            Text(format_share(c.found, c.items, "no items", compact=True)), Text(str(c.uses)),
            Text(format_share(c.uses - c.false_alarms, c.uses, "not used", compact=True)),
            Text(format_d_prime(c.d_prime, c.d_prime_withheld)),
        )
    who = "the group"
    return Group(table, Text(" ".join([
        "Found (recall): best answers among the responses to items of that kind. Used: times "
        "the label was chosen. Right (precision): uses that were the best answer.",
        d_prime_legend(who), *d_prime_notes(report.per_category, who)]), "dim"))


def unavailable(report: GroupReport) -> Text:
    text = Text("What a show of hands cannot tell", "bold")
    for line in report.unavailable:
        text.append("\n- ")
        text.append(line)
    return text
