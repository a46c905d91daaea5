"""The score report as one self-contained HTML file: inline CSS, inline SVG charts, no scripts.

Nothing is fetched (no external URL anywhere), it reads on a phone (viewport, fluid layout) and
prints to PDF on one or two pages. All content goes through html.escape; the markup is XHTML-ish
(every element closed) so an XML parser can check it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from quiz.reports.figures import MIN_RATE_ITEMS, compared_runs
from quiz.reports.report import (
    CategoryFigures,
    ConfusionMatrix,
    MissedItem,
    Report,
    SessionFigures,
)
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

# On paper the session table keeps its latest rows only; the chart above it shows them all.
PRINTED_HISTORY_ROWS = 12

STYLE = """
:root { --ink: #1d2630; --muted: #5b6570; --line: #d5dbe1; --good: #2d6a4f; --bad: #b23a3a;
        --accent: #1f5f99; --soft: #f3f5f7; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; color: var(--ink);
       font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 0 0 .25rem; }
.meta { color: var(--muted); margin: 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem;
           margin: 1rem 0; padding: 0; list-style: none; }
.figures li { background: var(--soft); border-radius: .4rem; padding: .5rem .75rem; }
.figures strong { display: block; font-size: 1.3rem; }
.figures span { color: var(--muted); font-size: .85rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .45rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.history td:first-child { white-space: nowrap; }
thead th { vertical-align: bottom; }
.matrix td { text-align: center; font-weight: 600; min-width: 3rem; }
.note { color: var(--muted); font-size: .85rem; }
.sentence { background: var(--soft); border-left: 4px solid var(--accent); padding: .5rem .75rem; }
svg { width: 100%; max-width: 36rem; height: auto; display: block; margin: .5rem 0; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
svg .recall { fill: var(--good); } svg .precision { fill: var(--accent); }
svg .track { fill: var(--soft); } svg .axis { stroke: var(--line); }
svg .score { stroke: var(--accent); fill: none; stroke-width: 2; }
svg .balanced { stroke: var(--good); fill: none; stroke-width: 2; stroke-dasharray: 5 3; }
.legend span { display: inline-block; margin-right: 1rem; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px;
          vertical-align: -1px; margin-right: .3rem; }
.missed article { border-top: 1px solid var(--line); padding: .6rem 0; }
.missed blockquote { margin: .3rem 0; padding-left: .75rem; border-left: 3px solid var(--line);
                     font-style: italic; }
.missed p { margin: .2rem 0; }
.missed mark { background: #fff1b8; color: inherit; font-style: normal; font-weight: 600;
               padding: 0 .1rem; }
.chosen { color: var(--bad); font-weight: 600; } .best { color: var(--good); font-weight: 600; }
.matrix small { font-weight: 400; }
.print-only { display: none; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  h2 { margin-top: .8rem; }
  .figures li { padding: .2rem .4rem; } .figures strong { font-size: 1.05rem; }
  section:not(.missed):not(.history-section), .missed article { break-inside: avoid; }
  svg { max-height: 5.5cm; width: auto; max-width: 100%; }
  .history tbody tr:nth-last-child(n+%(rows)s) { display: none; }
  .print-only { display: block; }
  .scroll { overflow: visible; }
}
""".replace("%(rows)s", str(PRINTED_HISTORY_ROWS + 1))


def e(text: object) -> str:
    return escape(str(text), quote=True)


def render(report: Report) -> str:
    """The whole document as a string."""
    title = report.title
    parts = [
        *page_start(title, STYLE),
        _header(report, title),
        _overview(report),
    ]
    if report.left_out:
        parts.append(f'<p class="note">{e(report.left_out)}</p>')
    if report.overall.answered:
        parts += [_categories(report), _confusion(report),
                  f'<p class="sentence">{e(report.bias_sentence)}</p>']
        if report.calibration is not None:
            parts.append(_calibration(report))
    if report.is_history:
        parts.append(_history(report))
    if report.missed:
        parts.append(_missed(report))
    parts += [
        "<section><h2>What to practise next</h2>",
        f'<p class="sentence">{e(report.practice_next)}</p></section>',
        f'<footer><p class="note">Made {e(report.generated_at)} by quiz.</p></footer>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def page_start(title: str, style: str) -> list[str]:
    """The document's lines up to its <body>: no scripts, nothing fetched, the CSS inline."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8" />',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />',
        f"<title>{e(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
    ]


def _header(report: Report, title: str) -> str:
    pack = report.pack
    when = period(report.sessions, report.date)
    sessions = len(report.sessions)
    group = f'<p class="meta"><strong>{e(report.group)}</strong></p>' if report.group else ""
    return (
        f"<header><h1>{e(title)}</h1>{group}"
        f'<p class="meta">{e(when)} · {sessions} session{"" if sessions == 1 else "s"}</p>'
        f'<p class="meta">Pack: {e(pack.title)} ({e(pack.id)}), '
        f"version {e(pack.version or 'unknown')}</p></header>"
    )


def _overview(report: Report) -> str:
    figures = report.overall
    score = figures.score
    tiles = [
        (format_percent(score.fraction), f"score: {format_score(score)}"),
        (str(figures.answered), "items answered"),
        (f"{score.correct} / {score.accepted} / {score.wrong}", "best / accepted / wrong"),
        (format_duration(figures.total_seconds if figures.answered else None), "time taken"),
        (str(figures.hints_used), "hints used"),
        (format_percent(report.balanced_accuracy), "balanced accuracy"),
    ]
    return overview_section(tiles)


def overview_section(tiles: Iterable[tuple[str, str]]) -> str:
    """The overview's figures as tiles: each (big figure, what it counts)."""
    items = "".join(f"<li><strong>{e(big)}</strong><span>{e(small)}</span></li>"
                    for big, small in tiles)
    return f'<section><h2>Overview</h2><ul class="figures">{items}</ul></section>'


def _categories(report: Report) -> str:
    rows = "".join(
        f"<tr><td>{e(c.label)}</td><td>{c.items}</td>"
        f"<td>{e(format_share(c.found, c.items, 'no items'))}</td><td>{c.accepted}</td>"
        f"<td>{c.uses}</td>"
        f"<td>{e(format_share(c.uses - c.false_alarms, c.uses, 'not used'))}</td>"
        f"<td>{e(format_d_prime(c.d_prime, c.d_prime_withheld))}</td></tr>"
        for c in report.per_category
    )
    table = (
        '<div class="scroll"><table><thead><tr><th>Kind</th><th>Items</th>'
        "<th>Found (recall)</th><th>Accepted alt.</th><th>Label used</th>"
        "<th>Right (precision)</th><th>d′</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )
    legend = (
        '<p class="legend note"><span><i class="swatch" style="background:#2d6a4f"></i>'
        'found (recall)</span><span><i class="swatch" style="background:#1f5f99"></i>'
        "right when used (precision)</span></p>"
    )
    note = (
        '<p class="note">Found: best answers among items of that kind. Right: uses of the label '
        f"that were the best answer. Shares are given from {MIN_RATE_ITEMS} on. "
        f"{e(d_prime_legend())}</p>"
        + "".join(f'<p class="note">{e(line)}</p>' for line in d_prime_notes(report.per_category))
    )
    return (f"<section><h2>Per kind of statement</h2>{category_bars(report.per_category)}"
            f"{legend}{table}{note}</section>")


def category_bars(figures: tuple[CategoryFigures, ...]) -> str:
    """Two bars per category, recall and precision, as an inline SVG.

    Labels sit above their bars so the chart stays narrow enough to read on a phone.
    """
    bar_width, row_height = 300, 54
    height = row_height * len(figures) + 4
    shapes = []
    for i, c in enumerate(figures):
        y = 4 + i * row_height
        shapes.append(f'<text x="0" y="{y + 11}">{e(shorten(c.label, 48))}</text>')
        for j, (name, value, words) in enumerate((
            ("recall", c.recall, format_share(c.found, c.items, "no items", compact=True)),
            ("precision", c.precision,
             format_share(c.uses - c.false_alarms, c.uses, "not used", compact=True)),
        )):
            bar_y = y + 16 + j * 16
            width = 0 if value is None else round(bar_width * value, 1)
            shapes.append(
                f'<rect class="track" x="0" y="{bar_y}" width="{bar_width}" height="13" />'
                f'<rect class="{name}" x="0" y="{bar_y}" width="{width}" height="13" />'
                f'<text x="{bar_width + 6}" y="{bar_y + 11}">{e(words)}</text>'
            )
    return (
        f'<svg viewBox="0 0 {bar_width + 90} {height}" role="img" '
        f'aria-label="Found and right-when-used per kind">{"".join(shapes)}</svg>'
    )


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell_style(matrix: ConfusionMatrix, row: int, column: int) -> str:
    """Green for hits, red for confusions (stronger for more), amber for a cell of accepted
    alternatives only, grey for none."""
    diagonal = row == column
    count = matrix.counts[row][column] if diagonal else matrix.wrong_at(row, column)
    largest = matrix.largest_cell if diagonal else matrix.largest_wrong
    if count == 0 or largest == 0:
        if not diagonal and matrix.accepted_at(row, column):
            return "background:#f3e1a6;color:#1d2630"
        return "color:#9aa3ab"
    strength = 0.15 + 0.85 * count / largest
    colour = "45,106,79" if diagonal else "178,58,58"
    text = "#ffffff" if strength > 0.6 else "#1d2630"
    return f"background:rgba({colour},{strength:.2f});color:{text}"


def _confusion(report: Report) -> str:
    return confusion_section(
        report.confusion, report.label,
        "Rows: the best answer; columns: what you chose. Green: found; red: read as another "
        "kind (a confusion).")


def confusion_section(matrix: ConfusionMatrix, label: Callable[[str], str], note: str) -> str:
    """The confusion matrix as a table, found cells green and confusions red, under `note`;
    accepted alternatives are counted apart in each cell ("8+1")."""
    head = "".join(f"<th>{e(label(c))}</th>" for c in matrix.categories)
    if matrix.accepted_total:
        note += " " + e(matrix_legend(matrix) or "")
    rows = []
    for r, category in enumerate(matrix.categories):
        cells = "".join(
            f'<td style="{_cell_style(matrix, r, k)}">{e(matrix_cell(matrix, r, k))}</td>'
            for k in range(len(matrix.categories))
        )
        rows.append(f"<tr><th>{e(label(category))}</th>{cells}</tr>")
    return (
        "<section><h2>Confusion matrix</h2>"
        f'<p class="note">{note}</p>'
        '<div class="scroll"><table class="matrix"><thead><tr><th>Best answer \\ chosen</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _calibration(report: Report) -> str:
    levels = report.calibration or ()
    rows = "".join(
        f"<tr><td>{level.level} of 3</td><td>{level.answered}</td>"
        f"<td>{e(format_share(level.correct, level.answered, 'not used'))}</td></tr>"
        for level in levels
    )
    bars = []
    for i, level in enumerate(levels):
        x = 40 + i * 110
        height = 0 if level.accuracy is None else round(100 * level.accuracy, 1)
        bars.append(
            f'<rect class="track" x="{x}" y="10" width="70" height="100" />'
            f'<rect class="recall" x="{x}" y="{110 - height}" width="70" height="{height}" />'
            f'<text x="{x}" y="126">confidence {level.level}</text>'
        )
    svg = (f'<svg viewBox="0 0 380 132" role="img" aria-label="Accuracy at each confidence level">'
           f'{"".join(bars)}</svg>')
    return (
        f"<section><h2>Confidence and accuracy</h2>{svg}"
        '<div class="scroll"><table><thead><tr><th>Confidence</th><th>Answers</th>'
        f"<th>Best answers</th></tr></thead><tbody>{rows}</tbody></table></div></section>"
    )


def history_chart(history: tuple[SessionFigures, ...]) -> str:
    """Score and balanced accuracy per compared run (full runs like the latest one, as the
    change compares them: quiz.reports.figures.compared_runs), as two lines on a 0-100% scale."""
    width, height, left, top = 600, 180, 36, 10
    plot_w, plot_h = width - left - 10, height - top - 24
    answered = compared_runs(history)
    step = plot_w / max(len(answered) - 1, 1)

    def points(values: list[float | None]) -> str:
        return " ".join(
            f"{left + i * step:.1f},{top + plot_h * (1 - v):.1f}"
            for i, v in enumerate(values) if v is not None
        )

    score = points([s.score.fraction for s in answered])
    balanced = points([s.balanced_accuracy for s in answered])
    grid = "".join(
        f'<line class="axis" x1="{left}" x2="{left + plot_w}" y1="{top + plot_h * (1 - f):.1f}" '
        f'y2="{top + plot_h * (1 - f):.1f}" />'
        f'<text x="0" y="{top + plot_h * (1 - f) + 4:.1f}">{round(100 * f)}%</text>'
        for f in (0, 0.5, 1)
    )
    first = format_when(answered[0].session.started_at) if answered else ""
    last = format_when(answered[-1].session.started_at) if answered else ""
    return (
        f'<svg viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Score and balanced accuracy per full run compared">{grid}'
        f'<polyline class="score" points="{score}" />'
        f'<polyline class="balanced" points="{balanced}" />'
        f'<text x="{left}" y="{height - 4}">{e(first)}</text>'
        f'<text x="{left + plot_w}" y="{height - 4}" text-anchor="end">{e(last)}</text></svg>'
    )


def _history(report: Report) -> str:
    heads = "".join(f"<th>{e(c.label)}</th>" for c in report.categories)
    rows = "".join(
        f"<tr><td>{e(format_when(s.session.started_at))}</td><td>{e(s.session.label)}</td>"
        f"<td>{s.session.answered}/{s.session.asked}</td>"
        f"<td>{e(format_percent(s.score.fraction, '-'))}</td>"
        f"<td>{e(format_percent(s.balanced_accuracy, '-'))}</td>"
        + "".join(f"<td>{e(format_share(c.found, c.items, '-', compact=True))}</td>"
                  for c in s.categories)
        + "</tr>"
        for s in report.history
    )
    legend = (
        '<p class="legend note"><span><i class="swatch" style="background:#1f5f99"></i>score'
        '</span><span><i class="swatch" style="background:#2d6a4f"></i>balanced accuracy'
        "</span></p>"
    )
    change = (f'<p class="sentence">{e(report.change_sentence)}</p>'
              if report.change_sentence else "")
    printed = ""
    if len(report.history) > PRINTED_HISTORY_ROWS:
        printed = (f'<p class="note print-only">On paper: the latest {PRINTED_HISTORY_ROWS} of '
                   f"{len(report.history)} sessions; the chart shows them all.</p>")
    return (
        '<section class="history-section"><h2>Sessions</h2>'
        f"{history_chart(report.history)}{legend}{change}"
        '<div class="scroll"><table class="history"><thead><tr><th>Date</th><th>Mode</th>'
        f"<th>Answered</th><th>Score</th><th>Balanced</th>{heads}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>{printed}<p class=\"note\">Per kind: items found "
        "of the items asked (recall). The chart and the change compare full runs of the mode "
        "and choice of items of the latest one; unfinished and retry runs are listed, "
        "labelled. A retry asks only the items a run missed, right after seeing its answers."
        "</p></section>"
    )


def marked_passage(missed: MissedItem) -> str:
    """The passage with the claim asked about in a <mark>."""
    parts = claim_in_passage(missed)
    if parts is None:
        return f"<blockquote>{e(missed.passage or '')}</blockquote>"
    before, claim, after = parts
    return f"<blockquote>{e(before)}<mark>{e(claim)}</mark>{e(after)}</blockquote>"


def _missed(report: Report) -> str:
    summary = missed_summary(report.missed)
    articles = [f'<p class="note">{e(summary[:1].upper() + summary[1:])}. Each passage marks '
                "the claim asked about.</p>"]
    for missed in report.missed:
        body = [f"<h3>{e(claim_heading(missed))} <small>({e(missed_verdict(missed))})</small>"
                "</h3>"]
        if missed.passage is not None:
            body.append(marked_passage(missed))
        body.append(
            f'<p>You chose: <span class="chosen">{e(missed.chosen_label)}</span> · '
            f'Best answer: <span class="best">{e(missed.best_label)}</span></p>'
        )
        if missed.why_not:
            body.append(f"<p>{e(missed.why_not)}</p>")
        if missed.explanation:
            body.append(f"<p>{e(missed.explanation)}</p>")
        if missed.note:
            body.append(f'<p class="note">{e(missed.note)}</p>')
        articles.append(f"<article>{''.join(body)}</article>")
    return f'<section class="missed"><h2>Items to look at again</h2>{"".join(articles)}</section>'
