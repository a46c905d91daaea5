"""The group report as one self-contained HTML file: the learner report's style and conventions
(inline CSS and SVG, no scripts, nothing fetched, every piece of content through html.escape).

Each item, hardest first, shows how the group answered as a bar chart with the best answer in
green, so the page can go straight on the projector for the discussion.
"""

from __future__ import annotations

from quiz.reports.group_report import GroupReport, ItemAnalysis, format_index, format_points
from quiz.reports.render_group_text import overview_rows
from quiz.reports.render_html import (
    STYLE,
    category_bars,
    confusion_section,
    e,
    overview_section,
    page_start,
    shorten,
)
from quiz.reports.wording import (
    d_prime_legend,
    d_prime_notes,
    format_d_prime,
    format_percent,
    format_share,
)

GROUP_STYLE = """
.items article { border-top: 1px solid var(--line); padding: .6rem 0; break-inside: avoid; }
.items blockquote { margin: .3rem 0; padding-left: .75rem; border-left: 3px solid var(--line);
                    font-style: italic; }
.items p { margin: .2rem 0; }
svg .best { fill: var(--good); } svg .other { fill: var(--bad); opacity: .75; }
.prompt { background: var(--soft); border-left: 4px solid var(--accent); padding: .4rem .6rem; }
"""


def render(report: GroupReport) -> str:
    info = report.info
    title = f"Workshop report: {info.title}"
    parts = [
        *page_start(title, STYLE + GROUP_STYLE),
        _header(report, title),
        _overview(report),
    ]
    if report.gain is not None:
        parts.append(f'<section><h2>Before and after</h2><p class="sentence">'
                     f"{e(report.gain.sentence)}</p></section>")
    if report.participants:
        parts.append(_participants(report))
    if report.hardest:
        parts += [_hardest(report), _items(report), _confusion(report), _categories(report)]
    if report.reliability is not None:
        parts.append(f'<section><h2>Reliability</h2><p class="sentence">'
                     f"{e(report.reliability.sentence)}</p></section>")
    if report.unavailable:
        lines = "".join(f"<li>{e(line)}</li>" for line in report.unavailable)
        parts.append(f"<section><h2>What a show of hands cannot tell</h2><ul>{lines}</ul>"
                     "</section>")
    parts += [
        '<footer><p class="note">Facility: the average credit on an item (1 best answer, the '
        "pack's partial credit for an accepted alternative, 0 otherwise). Discrimination: the "
        "correlation of an item's score with the score on the rest of the session, as in "
        f"Moodle's quiz statistics. Made {e(report.generated_at)} by quiz.</p></footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _header(report: GroupReport, title: str) -> str:
    info, pack = report.info, report.pack
    notes = "".join(f'<p class="meta">{e(note)}</p>' for note in report.notes)
    return (
        f"<header><h1>{e(title)}</h1>"
        f'<p class="meta">{e(report.date)} · workshop {info.id} (code {e(info.code)}) · led by '
        f"{e(info.facilitator)}</p>"
        f'<p class="meta">Pack: {e(pack.title)} ({e(pack.id)}), version '
        f"{e(pack.version or 'unknown')}</p>{notes}</header>"
    )


def _overview(report: GroupReport) -> str:
    return overview_section((value, name) for name, value in overview_rows(report))


def _participants(report: GroupReport) -> str:
    gain = report.gain is not None
    extra = "<th>Before</th><th>After</th><th>Gain</th>" if gain else ""
    rows = []
    for p in report.participants:
        cells = (f"<td>{p.number}</td><td>{e(p.name)}</td><td>{p.answered}/{p.asked}</td>"
                 f"<td>{e(format_percent(p.score.fraction))}</td>"
                 f"<td>{p.score.correct} / {p.score.accepted} / {p.score.wrong}</td>"
                 f"<td>{p.changes}</td>")
        if gain:
            cells += (f"<td>{e(format_percent(p.before, '-'))}</td>"
                      f"<td>{e(format_percent(p.after, '-'))}</td>"
                      f"<td>{e(format_points(p.gain, '-'))}</td>")
        rows.append(f"<tr>{cells}</tr>")
    return (
        '<section><h2>Participants</h2><div class="scroll"><table><thead><tr><th>#</th>'
        "<th>Name</th><th>Answered</th><th>Score</th><th>Best / acc. / wrong</th>"
        f"<th>Changed</th>{extra}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        "</section>"
    )


def distribution_chart(report: GroupReport, item: ItemAnalysis) -> str:
    """One bar per category, the best answer's green, counts at the end, as an inline SVG."""
    bar_width, row_height = 260, 20
    label_width = 190
    largest = max(item.distribution, default=0) or 1
    shapes = []
    for i, (category, count) in enumerate(zip(report.categories, item.distribution)):
        y = 2 + i * row_height
        width = round(bar_width * count / largest, 1)
        kind = "best" if category.id == item.best else "other"
        shapes.append(
            f'<text x="0" y="{y + 13}">{e(shorten(category.label, 30))}</text>'
            f'<rect class="track" x="{label_width}" y="{y + 2}" width="{bar_width}" '
            'height="14" />'
            f'<rect class="{kind}" x="{label_width}" y="{y + 2}" width="{width}" height="14" />'
            f'<text x="{label_width + bar_width + 6}" y="{y + 13}">{count}</text>'
        )
    height = 4 + row_height * len(report.categories)
    return (f'<svg viewBox="0 0 {label_width + bar_width + 40} {height}" role="img" '
            f'aria-label="How the group answered item {item.number}">{"".join(shapes)}</svg>')


def _hardest(report: GroupReport) -> str:
    articles = []
    for rank, item in enumerate(report.hardest, start=1):
        body = [f"<h3>{rank}. Item {item.number}: {e(item.item_id)} "
                f"<small>({e(item.phase.title.lower())})</small></h3>"]
        if item.claim is not None:
            body.append(f"<blockquote>{e(item.claim)}</blockquote>")
        body.append(f"<p>Facility <strong>{e(format_percent(item.facility))}</strong> of "
                    f"{item.responses} response{'s' if item.responses != 1 else ''}; best "
                    f'answer: <span class="best">{e(item.best_label)}</span></p>')
        body.append(distribution_chart(report, item))
        body.append(f"<p>Discrimination: {e(item.discrimination_note)}</p>")
        if item.changes:
            body.append(f"<p>Answers changed before the reveal: {item.changes}</p>")
        prompt = item.discussion or "(the pack has no discussion prompt for this item)"
        body.append(f'<p class="prompt"><strong>Discuss:</strong> {e(prompt)}</p>')
        if item.note:
            body.append(f'<p class="note">{e(item.note)}</p>')
        articles.append(f"<article>{''.join(body)}</article>")
    return (f'<section class="items"><h2>Items, hardest first</h2>{"".join(articles)}'
            "</section>")


def _items(report: GroupReport) -> str:
    rows = "".join(
        f"<tr><td>{i.number}</td><td>{e(i.phase.title)}</td><td>{e(i.item_id)}</td>"
        f"<td>{e(i.best_label)}</td><td>{i.responses}</td>"
        f"<td>{e(format_percent(i.facility))}</td>"
        f'<td title="{e(i.discrimination_note)}">{e(format_index(i.discrimination))}</td>'
        f"<td>{i.changes}</td></tr>"
        for i in report.items
    )
    return (
        '<section><h2>Item analysis, in the order asked</h2><div class="scroll"><table><thead>'
        "<tr><th>No.</th><th>Phase</th><th>Item</th><th>Best answer</th><th>Responses</th>"
        "<th>Facility</th><th>Discrimination</th><th>Changed</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def _confusion(report: GroupReport) -> str:
    return confusion_section(
        report.confusion, report.label,
        "Rows: the best answer; columns: what the group chose. Green: found; red: read as "
        "another kind (a confusion).")


def _categories(report: GroupReport) -> str:
    rows = "".join(
        f"<tr><td>{e(c.label)}</td><td>{c.items}</td>"
        f"<td>{e(format_share(c.found, c.items, 'no items'))}</td><td>{c.uses}</td>"
        f"<td>{e(format_share(c.uses - c.false_alarms, c.uses, 'not used'))}</td>"
        f"<td>{e(format_d_prime(c.d_prime, c.d_prime_withheld))}</td></tr>"
        for c in report.per_category
    )
    return (
        f"<section><h2>Per kind of statement</h2>{category_bars(report.per_category)}"
        '<div class="scroll"><table><thead><tr><th>Kind</th><th>Responses</th>'
        "<th>Found (recall)</th><th>Label used</th><th>Right (precision)</th><th>d′</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></div>"
        f'<p class="note">{e(d_prime_legend("the group"))}</p>'
        + "".join(f'<p class="note">{e(note)}</p>'
                  for note in d_prime_notes(report.per_category, "the group"))
        + "</section>"
    )
