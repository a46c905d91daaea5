"""The score report as Markdown, for pasting into a course page (CommonMark with GFM tables).

Every piece of content passes through `md_escape`, so `|`, `*`, `[`, `<` in a passage or a name
cannot break a table, start a link or inject HTML.
"""

from __future__ import annotations

import re

from quiz.reports.figures import MIN_RATE_ITEMS
from quiz.reports.report import MissedItem, Report
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

# Characters that mean something inline in CommonMark/GFM; each is escaped with a backslash.
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]|~#])")
# At the start of a line these make a list, a heading underline or a quote.
_LINE_START = re.compile(r"^(\s*\d*)([-+=.)])")


def md_escape(text: str) -> str:
    """`text` as literal Markdown inline text, on one line.

    Line breaks become spaces (a table cell is one line); & < > become entities, so no HTML gets
    through; inline specials get a backslash; a leading list or heading marker is escaped.
    """
    flat = " ".join(text.splitlines())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _INLINE_SPECIALS.sub(r"\\\1", flat)
    # A digit cannot be escaped in CommonMark, so "1." becomes "1\." rather than "\1.".
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), flat)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def md_table(headings: list[str], rows: list[list[str]], align_right_from: int = 1) -> list[str]:
    """A GFM table's lines and a blank line; columns from `align_right_from` on align right."""
    rule = ["---" if i < align_right_from else "---:" for i in range(len(headings))]
    return [_row(headings), _row(rule), *(_row(r) for r in rows), ""]


def marked_passage(missed: MissedItem) -> str:
    """The passage as a quote line, the claim asked about in bold."""
    parts = claim_in_passage(missed)
    if parts is None:
        return f"> {md_escape(missed.passage or '')}"
    before, claim, after = parts
    # Spaces at the edge of a ** run would stop it being bold: they stay outside it.
    bare = claim.strip()
    return (f"> {md_escape(before)}**{md_escape(bare)}**{md_escape(after)}"
            .replace("****", ""))


def render(report: Report) -> str:
    lines: list[str] = []
    pack = report.pack
    when = period(report.sessions, report.date)
    lines += [f"# Score report: {md_escape(report.name or '(no name)')}", ""]
    if report.group:
        lines += [f"**Group:** {md_escape(report.group)}  "]
    lines += [
        f"**Date:** {md_escape(when)}  ",
        f"**Pack:** {md_escape(pack.title)} ({md_escape(pack.id)}), "
        f"version {md_escape(pack.version or 'unknown')}  ",
        f"**Sessions:** {len(report.sessions)}",
        "",
        "## Overview",
        "",
    ]
    figures = report.overall
    score = figures.score
    lines += md_table(["Figure", "Value"], [
        ["Score", format_score(score)],
        ["Best / accepted / wrong", f"{score.correct} / {score.accepted} / {score.wrong}"],
        ["Items answered", str(figures.answered)],
        ["Time", format_duration(figures.total_seconds if figures.answered else None)],
        ["Hints used", str(figures.hints_used)],
        ["Balanced accuracy", format_percent(report.balanced_accuracy)],
    ], align_right_from=2)
    if report.left_out:
        lines += [f"*{md_escape(report.left_out)}*", ""]

    if figures.answered:
        lines += ["## Per kind of statement", ""]
        lines += md_table(
            ["Kind", "Items", "Found (recall)", "Accepted alt.", "Label used",
             "Right (precision)", "d′"],
            [[md_escape(c.label), str(c.items), format_share(c.found, c.items, "no items"),
              str(c.accepted), str(c.uses),
              format_share(c.uses - c.false_alarms, c.uses, "not used"),
              format_d_prime(c.d_prime, c.d_prime_withheld)] for c in report.per_category],
        )
        lines += [
            md_escape("Found: best answers among items of that kind. Right: uses of the label "
                      f"that were the best answer. Shares are given from {MIN_RATE_ITEMS} on. "
                      + d_prime_legend()),
            "",
        ]
        for note in d_prime_notes(report.per_category):
            lines += [md_escape(note), ""]
        lines += [
            "## Confusion matrix",
            "",
            "Rows: the best answer; columns: what you chose.",
            "",
        ]
        matrix = report.confusion
        lines += md_table(
            ["Best answer \\\\ chosen", *(md_escape(report.label(c)) for c in matrix.categories)],
            [[f"**{md_escape(report.label(c))}**", *(
                f"**{matrix_cell(matrix, r, k)}**" if r == k and matrix.counts[r][k]
                else matrix_cell(matrix, r, k) for k in range(len(matrix.categories))
            )] for r, c in enumerate(matrix.categories)],
        )
        if matrix.accepted_total:
            lines += [md_escape(matrix_legend(matrix) or ""), ""]
        lines += [md_escape(report.bias_sentence), ""]
        if report.calibration is not None:
            lines += ["## Confidence and accuracy", ""]
            lines += md_table(["Confidence", "Answers", "Best answers"], [
                [f"{level.level} of 3", str(level.answered),
                 format_share(level.correct, level.answered, "not used")]
                for level in report.calibration
            ])

    if report.is_history:
        lines += ["## Sessions", ""]
        lines += md_table(
            ["Date", "Mode", "Answered", "Score", "Balanced",
             *(md_escape(c.label) for c in report.categories)],
            [[format_when(s.session.started_at), md_escape(s.session.label),
              f"{s.session.answered}/{s.session.asked}", format_percent(s.score.fraction, "-"),
              format_percent(s.balanced_accuracy, "-"),
              *(format_share(c.found, c.items, "-", compact=True) for c in s.categories)]
             for s in report.history],
            align_right_from=2,
        )
        if report.change_sentence:
            lines += [md_escape(report.change_sentence), ""]

    if report.missed:
        summary = missed_summary(report.missed)
        lines += ["## Items to look at again", "", md_escape(summary[:1].upper() + summary[1:])
                  + ". Each passage marks the claim asked about in bold.", ""]
        for missed in report.missed:
            lines += [f"### {md_escape(claim_heading(missed))} ({missed_verdict(missed)})", ""]
            if missed.passage is not None:
                lines += [marked_passage(missed), ""]
            lines.append(f"- **You chose:** {md_escape(missed.chosen_label)}")
            lines.append(f"- **Best answer:** {md_escape(missed.best_label)}")
            if missed.why_not:
                lines.append(f"- **Why not:** {md_escape(missed.why_not)}")
            if missed.explanation:
                lines.append(f"- **Explanation:** {md_escape(missed.explanation)}")
            if missed.note:
                lines.append(f"- *{md_escape(missed.note)}*")
            lines.append("")

    lines += ["## What to practise next", "", md_escape(report.practice_next), ""]
    return "\n".join(lines)
