"""The review screen's parts: the passage in its article with the claim, the cue and the word
selection marked (a click or drag on a word selects it), and the lines that describe the item.

All text comes from a pack a person or the drafter wrote: it is shown as text with its control
characters made visible, never parsed as markup.
"""

from __future__ import annotations

from bisect import bisect_right

from textual import events
from textual.content import Content
from textual.content import Span as ContentSpan
from textual.message import Message
from textual.style import Style
from textual.widget import Widget

from quiz.content.problems import Problem
from quiz.content.review.session import Entry, ReviewSession
from quiz.content.review.words import Selection, Span
from quiz.core.text import visible
from quiz.ui.text import shown

BAR_WIDTH = 20


def progress_line(session: ReviewSession) -> Content:
    """'━━━━━━━━━━━━━━━━━━━━ 3 of 16 reviewed · 12 drafts left · item 4 of 13'."""
    total, done = session.total, session.reviewed
    filled = round(BAR_WIDTH * done / total) if total else 0
    where = (f" · item {session.position + 1} of {len(session.queue)}" if not session.done
             else "")
    return Content.assemble(
        ("━" * filled, "$success"), ("━" * (BAR_WIDTH - filled), "dim"),
        (f" {done} of {total} reviewed", "bold"),
        (f" · {session.drafts_left} draft{'s' if session.drafts_left != 1 else ''} left{where}",
         "dim"),
    )


class PassagePicker(Widget):
    """The passage between the article sentences around it (dimmed), the claim and cue marked,
    and the selected words reversed; a click or drag on a word selects it."""

    DEFAULT_CSS = """
    PassagePicker { height: auto; padding: 0 1; background: $surface; }
    PassagePicker > .picker--context { color: $text-muted; text-style: dim; }
    PassagePicker > .picker--claim { background: $primary 25%; text-style: bold; }
    PassagePicker > .picker--cue { background: $warning 40%; text-style: bold underline; }
    PassagePicker > .picker--selection { text-style: reverse; }
    """
    COMPONENT_CLASSES = {"picker--context", "picker--claim", "picker--cue", "picker--selection"}

    class Pressed(Message):
        """Word `word` was clicked (`extend`: with shift), dragged over (`drag`) or double
        clicked (`phrase`)."""

        def __init__(self, word: int, *, extend: bool = False, drag: bool = False,
                     phrase: bool = False) -> None:
            super().__init__()
            self.word = word
            self.extend = extend
            self.drag = drag
            self.phrase = phrase

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.before = self.after = ""
        self.selection: Selection | None = None
        self.claim: Span | None = None
        self.cue: Span | None = None
        self.dragging = False
        # The last render: its inputs, the content, and where each piece of the passage starts
        # in the content's text with the word it belongs to (for the mouse).
        self._rendered: tuple[tuple, Content] | None = None
        self._pieces: list[tuple[int, int]] = []
        self._passage_end = 0

    def show(self, before: str, selection: Selection, claim: Span | None, cue: Span | None,
             after: str) -> None:
        same_text = (before, after, claim, cue) == (self.before, self.after, self.claim,
                                                    self.cue) and self.selection is not None \
            and self.selection.text == selection.text
        if same_text and selection.span == self.selection.span:
            return
        self.before, self.after = before, after
        self.selection, self.claim, self.cue = selection, claim, cue
        # A moved selection keeps every word where it was: no new layout.
        self.refresh(layout=not same_text)

    def render(self) -> Content:
        selection = self.selection
        if selection is None:
            return Content("")
        styles = tuple(self.get_visual_style(f"picker--{name}", partial=True)
                       for name in ("context", "claim", "cue", "selection"))
        key = (self.before, self.after, selection.text, self.claim, self.cue, selection.span,
               styles)
        if self._rendered is None or self._rendered[0] != key:
            # Layout and paint both ask for it: made once per change.
            self._rendered = key, self._content(selection, styles)
        return self._rendered[1]

    def _content(self, selection: Selection, styles: tuple[Style, ...]) -> Content:
        """One text with a few spans (the context, claim, cue, selection): a span per word
        would make every word a segment of its own to paint."""
        context, *mark_styles = styles
        marks = list(zip((self.claim, self.cue, selection.span), mark_styles))
        text, words = selection.text, selection.spans
        cuts = {0, len(text)} | {s.start for s in words} | {s.end for s in words}
        for span, _ in marks:
            if span is not None:
                cuts |= {max(0, min(span.start, len(text))), max(0, min(span.end, len(text)))}
        edges = sorted(cuts)
        prefix = visible(self.before) + " " if self.before else ""
        parts, at, where, pieces, word = [prefix], len(prefix), {}, [], 0
        for start, end in zip(edges, edges[1:]):
            while word + 1 < len(words) and words[word + 1].start <= start:
                word += 1
            # Each piece is made into text on its own, so a control character shown as \xNN
            # never shifts another piece's marks.
            piece = visible(text[start:end])
            where[start] = at
            pieces.append((at, word))
            parts.append(piece)
            at += len(piece)
        where[len(text)] = at
        self._pieces, self._passage_end = pieces, at
        spans = [ContentSpan(0, len(prefix) - 1, context)] if prefix else []
        for span, style in marks:
            if span is not None:
                start = where[max(0, min(span.start, len(text)))]
                end = where[max(0, min(span.end, len(text)))]
                spans.append(ContentSpan(start, end, style))
        if self.after:
            parts.append(" " + visible(self.after))
            spans.append(ContentSpan(at + 1, at + len(parts[-1]), context))
        return Content("".join(parts), spans)

    def _word(self, event: events.MouseEvent) -> int | None:
        """The word under the mouse, from the offset in the content that Textual puts in the
        style of every piece it paints (textual 8.2.8: for text selection)."""
        offset = event.style.meta.get("offset") if event.style else None
        if not (isinstance(offset, tuple) and len(offset) == 2) or self._rendered is None:
            return None
        x, y = offset
        lines = self._rendered[1].plain.split("\n")
        if not (isinstance(x, int) and isinstance(y, int) and 0 <= y < len(lines)):
            return None
        at = sum(len(line) + 1 for line in lines[:y]) + x
        if not self._pieces or not self._pieces[0][0] <= at < self._passage_end:
            return None  # the context around the passage
        return self._pieces[bisect_right(self._pieces, (at, len(self._pieces))) - 1][1]

    def on_mouse_down(self, event: events.MouseDown) -> None:
        word = self._word(event)
        if word is None:
            return
        self.dragging = True
        self.capture_mouse()
        self.post_message(self.Pressed(word, extend=event.shift))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self.dragging and event.button:
            word = self._word(event)
            if word is not None:
                self.post_message(self.Pressed(word, drag=True))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self.dragging:
            self.dragging = False
            self.release_mouse()

    def on_click(self, event: events.Click) -> None:
        word = self._word(event)
        if word is not None and event.chain == 2:
            self.post_message(self.Pressed(word, phrase=True))

def answer_line(session: ReviewSession, entry: Entry, pending_also: bool) -> Content:
    """'Answer: 1 State-media claim  [2 Government allegation]  3 Denial  4 ...'; also-accepted
    kinds marked +; while `a` waits for its number, the line says so."""
    answer = entry.fields.get("answer")
    also = set(entry.fields.get("also_accept") or [])
    pieces = [Content.assemble(("Also accept? " if pending_also else "Answer ", "bold"))]
    for number, category in enumerate(session.categories.ids, 1):
        label = shown(f"{number} {session.categories.label(category)}")
        if category == answer:
            label = Content.assemble("[", label, "]").stylize("bold $text-success")
        elif category in also:
            label = Content.assemble("+", label).stylize("$text-warning")
        else:
            label = label.stylize("dim" if not pending_also else "")
        pieces += [label, Content("  ")]
    return Content.assemble(*pieces)


def drafter_line(entry: Entry) -> Content:
    """'Drafter: rule state-outlet · 85% sure' (· low confidence)."""
    parts = entry.drafter_notes
    if not entry.draft:
        parts.append("reviewed" if entry.dropped is None else "dropped")
    return Content.assemble(("Drafter ", "bold"), shown(" · ".join(parts) or "—").stylize("dim"))


def field_line(name: str, text: str, *, missing: str = "—") -> Content:
    return Content.assemble((f"{name} ", "bold"), shown(text) if text else (missing, "dim"))


def why_not_lines(session: ReviewSession, entry: Entry) -> Content:
    answer = entry.fields.get("answer")
    lines = [Content("Why not").stylize("bold")]
    for number, category in enumerate(session.categories.ids, 1):
        if category == answer:
            continue
        text = entry.text(f"why_not.{category}")
        lines.append(Content.assemble(
            (f"  {number} {session.categories.label(category)}: ", "bold dim"),
            shown(text) if text else ("(missing)", "$text-error")))
    return Content("\n").join(lines)


def checks_line(problems: list[Problem], *, checking: bool = False) -> Content:
    """'✓ passes every check' or each problem at its line and column; while the check of an
    edit runs, that it is running."""
    if checking:
        return Content.styled("… checking with quiz validate's checks", "dim")
    if not problems:
        return Content.assemble(("✓ ", "$text-success bold"),
                                ("passes every check of quiz validate", "$text-success"))
    lines = []
    for problem in problems:
        style = "$text-error" if problem.severity == "error" else "$text-warning"
        lines.append(Content.assemble(
            ("✗ " if problem.severity == "error" else "! ", f"{style} bold"),
            (f"line {problem.line} col {problem.col}: ", style), shown(problem.message)))
    return Content("\n").join(lines)
