"""The group report as Markdown, for a course page or a shared document (CommonMark + GFM tables).

Every piece of content (names, labels, claims, prompts) passes through the learner report's
`md_escape`, so `|`, `*`, `[`, `<` cannot break a table, start a link or inject HTML.
"""

from __future__ import annotations

from quiz.reports.group_report import GroupReport, ItemAnalysis, format_index, format_points
from quiz.reports.render_group_text import overview_rows
from quiz.reports.render_md import md_escape, md_table
from quiz.reports.wording import (
    d_prime_legend,
    d_prime_notes,
    format_d_prime,
    format_percent,
    format_share,
    matrix_cell,
    matrix_legend,
)


def distribution(report: GroupReport, item: ItemAnalysis) -> str:
    """"State-media claim 5 (best) · Denial 2 · ..." on one line."""
    parts = []
    for category, count in zip(report.categories, item.distribution):
        best = " (best answer)" if category.id == item.best else ""
        parts.append(f"{md_escape(category.label)} **{count}**{best}")
    return " · ".join(parts)


def render(report: GroupReport) -> str:
    info, pack = report.info, report.pack
    lines = [
        f"# Workshop report: {md_escape(info.title)}",
        "",
        f"**Date:** {report.date}  ",
        f"**Workshop:** {info.id} (code {md_escape(info.code)}), led by "
        f"{md_escape(info.facilitator)}  ",
        f"**Pack:** {md_escape(pack.title)} ({md_escape(pack.id)}), "
        f"version {md_escape(pack.version or 'unknown')}",
        "",
    ]
    lines += [f"*{md_escape(note)}*  " for note in report.notes]
    if report.notes:
        lines.append("")
    lines += ["## Overview", ""]
    lines += md_table(["Figure", "Value"],
                    # Our own words and numbers: escaping would put backslashes in "9.5".
                    [[k, v] for k, v in overview_rows(report)],
                    align_right_from=2)
    if report.gain is not None:
        lines += ["## Before and after", "", md_escape(report.gain.sentence), ""]
    if report.participants:
        gain = report.gain is not None
        headings = ["#", "Name", "Answered", "Score", "Best / acc. / wrong", "Changed"]
        if gain:
            headings += ["Before", "After", "Gain"]
        rows = []
        for p in report.participants:
            row = [str(p.number), md_escape(p.name), f"{p.answered}/{p.asked}",
                   format_percent(p.score.fraction),
                   f"{p.score.correct} / {p.score.accepted} / {p.score.wrong}", str(p.changes)]
            if gain:
                row += [format_percent(p.before, "-"), format_percent(p.after, "-"),
                        format_points(p.gain, "-")]
            rows.append(row)
        lines += ["## Participants", ""]
        lines += md_table(headings, rows, align_right_from=2)
    if report.hardest:
        lines += ["## Items, hardest first", ""]
        for rank, item in enumerate(report.hardest, start=1):
            lines += [f"### {rank}. Item {item.number}: {md_escape(item.item_id)} "
                      f"({md_escape(item.phase.title.lower())})", ""]
            if item.claim is not None:
                lines += [f"> {md_escape(item.claim)}", ""]
            lines.append(f"- **Facility:** {format_percent(item.facility)} of "
                         f"{item.responses} response{'s' if item.responses != 1 else ''}")
            lines.append(f"- **Answers:** {distribution(report, item)}")
            lines.append(f"- **Discrimination:** {md_escape(item.discrimination_note)}")
            if item.changes:
                lines.append(f"- **Changed before the reveal:** {item.changes}")
            prompt = item.discussion or "(the pack has no discussion prompt for this item)"
            lines.append(f"- **Discuss:** {md_escape(prompt)}")
            if item.note:
                lines.append(f"- *{md_escape(item.note)}*")
            lines.append("")
        lines += ["## Item analysis, in the order asked", ""]
        lines += md_table(
            ["No.", "Phase", "Item", "Best answer", "Responses", "Facility", "Discrimination",
             "Changed"],
            [[str(i.number), md_escape(i.phase.title), md_escape(i.item_id),
              md_escape(i.best_label), str(i.responses), format_percent(i.facility),
              format_index(i.discrimination), str(i.changes)] for i in report.items],
            align_right_from=4,
        )
        matrix = report.confusion
        lines += ["## Confusion matrix", "", "Rows: the best answer; columns: what the group "
                  "chose.", ""]
        lines += md_table(
            ["Best answer \\\\ chosen", *(md_escape(report.label(c)) for c in matrix.categories)],
            [[f"**{md_escape(report.label(c))}**", *(
                f"**{matrix_cell(matrix, r, k)}**" if r == k and matrix.counts[r][k]
                else matrix_cell(matrix, r, k) for k in range(len(matrix.categories))
            )] for r, c in enumerate(matrix.categories)],
        )
        if matrix.accepted_total:
            lines += [md_escape(matrix_legend(matrix) or ""), ""]
        lines += ["## Per kind of statement", ""]
        lines += md_table(
            ["Kind", "Responses", "Found (recall)", "Label used", "Right (precision)", "d′"],
            [[md_escape(c.label), str(c.items),
              format_share(c.found, c.items, "no items"), str(c.uses),
              format_share(c.uses - c.false_alarms, c.uses, "not used"),
              format_d_prime(c.d_prime, c.d_prime_withheld)] for c in report.per_category],
        )
        lines += [md_escape(d_prime_legend("the group")), ""]
        lines += [line for note in d_prime_notes(report.per_category, "the group")
                  for line in (md_escape(note), "")]
    if report.reliability is not None:
        lines += ["## Reliability", "", md_escape(report.reliability.sentence), ""]
    if report.unavailable:
        lines += ["## What a show of hands cannot tell", ""]
        lines += [f"- {md_escape(line)}" for line in report.unavailable]
        lines.append("")
    lines += [
        "---",
        "",
        "*Facility: the average credit on an item (1 best answer, the pack's partial credit for "
        "an accepted alternative, 0 otherwise). Discrimination: the correlation of an item's "
        "score with the score on the rest of the session, as in Moodle's quiz statistics.*",
        "",
    ]
    return "\n".join(lines)
