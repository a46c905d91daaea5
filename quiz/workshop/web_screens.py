"""The participant page's HTML: the page itself (served with the join form already in it) and
each screen the host sends over the participant's websocket afterwards (waiting to be let in,
the lobby, a question, the reveal, the end with their own report, removed).

Pure functions of what they are given: a screen is rendered from a ParticipantView
(quiz.workshop.participant_view), so before the reveal it can hold nothing of the answer. Every
text from a pack, the store or a participant goes through `text()` (control characters made
visible, then HTML-escaped); nothing else is interpolated but numbers and our own words.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from quiz.core.engine import Feedback, Span
from quiz.core.packs import LoadedPack
from quiz.core.scoring import Verdict
from quiz.core.text import visible
from quiz.core.wording import credit_text
from quiz.core.workshop_records import Pace, State
from quiz.workshop.participant_view import ParticipantView

QUESTION = "What kind of statement is the highlighted claim?"
MAX_NAME = 40
CODE_FIELD_LENGTH = 12


def text(value: object) -> str:
    """Content text for HTML: control characters shown as \\xNN, then escaped (quotes too)."""
    return html.escape(visible(str(value)), quote=True)


@dataclass(frozen=True, slots=True)
class Screen:
    """One screen for the page: its HTML, a key that changes when a new screen replaces the old
    (the page then moves the focus to its heading), and a sentence for screen readers."""

    key: str
    html: str
    announce: str = ""


# --- the page ----------------------------------------------------------------------------------


def page(*, title: str, asset_version: str, code: str = "", numeric_code: bool = True,
         storage_key: str) -> str:
    """The whole page, with the join form in it: readable before the script has loaded. The
    script (static/page.js) then connects and takes over the form."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>Who says so? Workshop</title>
<link rel="stylesheet" href="/static/page.css?v={asset_version}">
<script src="/static/page.js?v={asset_version}" defer></script>
</head>
<body data-storage-key="{text(storage_key)}">
<header class="top"><span class="brand">Who says so?</span>
<span class="workshop">{text(title)}</span></header>
<main id="screen" data-screen="join">
{join_form(title=title, code=code, numeric_code=numeric_code)}
</main>
<div class="live" role="status" aria-live="polite" aria-atomic="true">
<p id="connection" class="connection" hidden></p>
<p id="announce" class="visually-hidden"></p>
</div>
<noscript><p class="card error">This page needs JavaScript to talk to the workshop's host.</p>
</noscript>
</body>
</html>
"""


def join_form(*, title: str, code: str = "", numeric_code: bool = True, error: str = "",
              name: str = "") -> str:
    keypad = ('inputmode="numeric" pattern="[0-9 ]*"' if numeric_code
              else 'autocapitalize="characters"')
    return f"""<section class="card" aria-labelledby="screen-title">
<h1 id="screen-title" tabindex="-1">Join the workshop</h1>
<form id="join-form" class="stack" novalidate>
<div class="field">
<label for="name">Your name, as the others will see it</label>
<input id="name" name="name" type="text" maxlength="{MAX_NAME}" autocomplete="nickname"
 autocapitalize="words" spellcheck="false" enterkeyhint="next" required
 aria-describedby="name-hint" value="{text(name)}">
<p id="name-hint" class="hint">A first name or a nickname. It is shown on the projector.</p>
</div>
<div class="field">
<label for="code">Join code, from the facilitator's screen</label>
<input id="code" name="code" type="text" {keypad} maxlength="{CODE_FIELD_LENGTH}"
 autocomplete="off" autocorrect="off" spellcheck="false" enterkeyhint="go" required
 value="{text(code)}">
</div>
<button type="submit" class="primary">Join</button>
<p id="join-error" class="error" role="alert">{text(error)}</p>
</form>
</section>"""


# --- the screens sent over the websocket -----------------------------------------------------


def waiting_screen(name: str) -> Screen:
    """Someone has this name: this device waits for the facilitator to let it in."""
    body = f"""<section class="card" aria-labelledby="screen-title">
<h1 id="screen-title" tabindex="-1">Waiting for the facilitator</h1>
<p>Someone has joined as <strong>{text(name)}</strong> already. If that is you on another
device, the facilitator can let you continue here: they see your request on their screen.</p>
<p class="hint">Your answers so far are kept.</p>
<button type="button" class="secondary" data-action="cancel">Choose another name</button>
</section>"""
    return Screen("waiting", body, f"Waiting for the facilitator to let you in as {name}.")


def refused_screen(title: str, name: str, *, numeric_code: bool) -> Screen:
    """The facilitator did not hand the name over."""
    return Screen("join", join_form(
        title=title, numeric_code=numeric_code, name="",
        error=f"The facilitator did not let this device in as {name}: choose another name."),
        "The facilitator did not let you in. Choose another name.")


def removed_screen() -> Screen:
    body = """<section class="card" aria-labelledby="screen-title">
<h1 id="screen-title" tabindex="-1">You have been removed</h1>
<p>The facilitator removed you from this workshop.</p>
</section>"""
    return Screen("removed", body, "The facilitator removed you from this workshop.")


def moved_screen() -> Screen:
    """This device's name was handed over to another device."""
    body = """<section class="card" aria-labelledby="screen-title">
<h1 id="screen-title" tabindex="-1">You continued on another device</h1>
<p>The facilitator let you continue on another device, so this page has stopped. Your answers
are kept there.</p>
</section>"""
    return Screen("moved", body, "You continued on another device.")


def participant_screen(view: ParticipantView, pack: LoadedPack, name: str, *,
                       report: str | None = None, report_url: str | None = None) -> Screen:
    """What the participant sees at this view's revision. `report` is the HTML summary of their
    own score report (the end), `report_url` where they download it."""
    who = f'<p class="who">You are <strong>{text(name)}</strong></p>'
    if view.state is State.LOBBY:
        return _lobby(view, who, name)
    if view.finished:
        return _finished(view, who, report, report_url)
    assert view.question is not None
    if view.reveal is not None:
        return _revealed(view, pack, who)
    return _question(view, pack, who)


def people(count: int) -> str:
    return "1 person has joined" if count == 1 else f"{count} people have joined"


def _lobby(view: ParticipantView, who: str, name: str) -> Screen:
    body = f"""<section class="card" aria-labelledby="screen-title">
<h1 id="screen-title" tabindex="-1">Welcome, {text(name)}!</h1>
{who}
<p>Waiting for the facilitator to start. {people(view.joined)}.</p>
<p class="hint">Keep this page open: it moves on by itself.</p>
</section>"""
    return Screen("lobby", body, f"You have joined as {name}. Waiting for the start.")


def _where(view: ParticipantView) -> str:
    question = view.question
    assert question is not None
    where = f"Item {question.number} of {question.total}"
    if question.phase.is_check:
        where += f" · {question.phase.title}"
    return where


def _passage(passage: str, claim: Span, cue: Span | None = None) -> str:
    """The passage with the claim marked (and, after the reveal, the cue words, which may lie
    inside the claim or around it)."""
    spans = [claim] + ([cue] if cue is not None else [])
    cuts = sorted({0, len(passage), *(p for span in spans for p in (span.start, span.end))})
    parts = []
    for start, end in zip(cuts, cuts[1:]):
        piece = text(passage[start:end])
        if cue is not None and cue.start <= start and end <= cue.end:
            piece = f'<strong class="cue">{piece}</strong>'
        if claim.start <= start and end <= claim.end:
            piece = f'<mark class="claim">{piece}</mark>'
        parts.append(piece)
    return f'<blockquote class="passage">{"".join(parts)}</blockquote>'


def _choices(pack: LoadedPack, chosen: str | None, *, open_: bool) -> str:
    rows = []
    for category in pack.categories:
        checked = " checked" if category.id == chosen else ""
        disabled = "" if open_ else " disabled"
        rows.append(f'<label class="choice"><input type="radio" name="choice" '
                    f'value="{text(category.id)}"{checked}{disabled}>'
                    f'<span>{text(category.label)}</span></label>')
    return "\n".join(rows)


def _question(view: ParticipantView, pack: LoadedPack, who: str) -> Screen:
    question = view.question
    assert question is not None
    chosen_label = (pack.category(view.chosen).label if view.chosen in pack.category_ids
                    else None)
    if chosen_label is None:
        status = "Tap the kind of statement you think it is."
    elif view.pace is Pace.SELF:
        status = f"Your answer: <strong>{text(chosen_label)}</strong>."
    else:
        status = (f"Your answer: <strong>{text(chosen_label)}</strong>. You can change it "
                  "until the facilitator reveals the answer.")
    note = ""
    if question.phase.is_check:
        note = ('<p class="note">A check: the answer is not shown, so the discussion that '
                'follows is not about what you saw.</p>')
    actions = ""
    if view.can_reveal:
        actions = ('<button type="button" class="primary" data-action="reveal">Show the '
                   'answer</button>')
    elif view.can_move_on:
        actions = '<button type="button" class="primary" data-action="next">Next item</button>'
    body = f"""<section class="card" aria-labelledby="screen-title">
<p class="where">{_where(view)}</p>
<h1 id="screen-title" tabindex="-1">{QUESTION}</h1>
{who}
{note}
{_passage(question.passage, question.claim)}
<form id="answer-form" data-position="{question.position}">
<fieldset class="choices">
<legend class="visually-hidden">{QUESTION}</legend>
{_choices(pack, view.chosen, open_=view.can_answer)}
</fieldset>
</form>
<p id="answer-status" class="status">{status}</p>
{actions}
</section>"""
    key = f"question-{question.position}"
    if view.pace is Pace.FACILITATOR:
        said = f"The facilitator moved on: {_where(view)}. {QUESTION}"
    else:
        said = f"{_where(view)}. {QUESTION}"
    return Screen(key, body, said)


def verdict_html(pack: LoadedPack, feedback: Feedback, answered: bool) -> str:
    best = text(pack.category(feedback.best).label)
    if not answered:
        return (f'<p class="verdict unanswered"><strong>You did not answer this one.</strong> '
                f'The best answer: {best}.</p>')
    chosen = text(pack.category(feedback.choice).label)
    if feedback.verdict is Verdict.CORRECT:
        return f'<p class="verdict correct"><strong>✓ Correct:</strong> {best}.</p>'
    if feedback.verdict is Verdict.ACCEPTED:
        return (f'<p class="verdict accepted"><strong>≈ Accepted '
                f'({credit_text(feedback.credit)} of 1 point):</strong> you chose {chosen}; the '
                f'best answer is {best}.</p>')
    return (f'<p class="verdict wrong"><strong>✗ Not quite:</strong> you chose {chosen}; the '
            f'best answer is {best}.</p>')


def _details(pack: LoadedPack, passage: str, feedback: Feedback) -> str:
    rows: list[tuple[str, str]] = []
    if feedback.cue is not None:
        rows.append(("The words that show it",
                     f"“{text(passage[feedback.cue.start:feedback.cue.end])}”"))
    rows.append(("Source", text(feedback.source.strip())))
    rows.append(("Why", text(feedback.explanation.strip())))
    if feedback.why_not:
        rows.append((f"Why not {text(pack.category(feedback.choice).label)}",
                     text(feedback.why_not.strip())))
    also = [pack.category(c).label for c in feedback.accepted if c != feedback.choice]
    if also:
        rows.append(("Also accepted", text(", ".join(also))))
    if feedback.discussion:
        rows.append(("To discuss", text(feedback.discussion.strip())))
    items = "\n".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<dl class="details">\n{items}\n</dl>'


def room_html(pack: LoadedPack, room: dict[str, int], best: str,
              accepted: Sequence[str]) -> str:
    total = sum(room.values())
    answers = "1 answer" if total == 1 else f"{total} answers"
    rows = []
    for category in pack.categories:
        count = room.get(category.id, 0)
        mark = (" best" if category.id == best
                else " accepted" if category.id in accepted else "")
        rows.append(f'<li class="bar{mark}"><span class="label">{text(category.label)}</span>'
                    f'<meter min="0" max="{max(total, 1)}" value="{count}"></meter>'
                    f'<span class="count">{count}</span></li>')
    return (f'<h2 class="room-heading">How the room answered ({answers})</h2>\n'
            f'<ul class="room">\n' + "\n".join(rows) + "\n</ul>")


def _revealed(view: ParticipantView, pack: LoadedPack, who: str) -> Screen:
    question, reveal = view.question, view.reveal
    assert question is not None and reveal is not None
    feedback = reveal.feedback
    actions = ('<button type="button" class="primary" data-action="next">Next item</button>'
               if view.can_move_on else
               '<p class="hint">The facilitator moves on when the room is ready.</p>'
               if view.pace is Pace.FACILITATOR else "")
    body = f"""<section class="card" aria-labelledby="screen-title">
<p class="where">{_where(view)} · the answer</p>
<h1 id="screen-title" tabindex="-1">The answer</h1>
{who}
{verdict_html(pack, feedback, reveal.answered)}
{_passage(question.passage, feedback.claim, feedback.cue)}
{_details(pack, question.passage, feedback)}
{room_html(pack, reveal.room, feedback.best, feedback.accepted)}
{actions}
</section>"""
    best = pack.category(feedback.best).label
    who = "The facilitator revealed the answer" if view.pace is Pace.FACILITATOR else "The answer"
    return Screen(f"reveal-{question.position}", body,
                  f"{who} to {_where(view).lower()}: {best}.")


def _finished(view: ParticipantView, who: str, report: str | None,
              report_url: str | None) -> Screen:
    ended = view.state is State.DONE
    heading = ("The workshop has ended. Thank you for taking part!" if ended
               else "You have answered every item. Thank you!")
    link = (f'<p><a class="button primary" href="{text(report_url)}" download>Download my '
            f'report (HTML)</a></p>' if report_url else "")
    body = f"""<section class="card" aria-labelledby="screen-title">
<h1 id="screen-title" tabindex="-1">{heading}</h1>
{who}
{report or ""}
{link}
</section>"""
    return Screen("ended" if ended else "finished", body, heading)


def report_summary(report) -> str:
    """A participant's own score report (quiz.reports.Report) in a few lines: their score and
    how they did on each kind of statement."""
    score = report.overall.score
    if not score.answered:
        return '<p>You did not answer any item.</p>'
    percent = score.percent
    points = credit_text(round(score.points, 2))
    unit = "point" if score.answered == 1 else "points"
    lines = [f'<h2>Score report: {text(report.learner)}</h2>',
             f'<p class="score"><strong>{points} of {score.answered} {unit}</strong>'
             + (f" ({percent:.0f}%)" if percent is not None else "") + "</p>",
             f'<p>{score.correct} correct, {score.accepted} accepted, {score.wrong} not quite.</p>']
    rows = [f"<li>{text(figures.label)}: found {figures.found} of {figures.items}</li>"
            for figures in report.per_category if figures.items]
    if rows:
        lines.append('<ul class="kinds">' + "".join(rows) + "</ul>")
    return "\n".join(lines)
