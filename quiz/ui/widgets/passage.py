"""The passage being asked about, with the claim (and, when asked for, a hint's clause or the
cue) highlighted, and the article's sentences around it dimmed.

Built from the plain passage and the engine's character offsets; never from markup strings.
"""

from __future__ import annotations

from itertools import pairwise

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from quiz.core.engine import Span
from quiz.ui.text import shown


def highlighted_passage(
    passage: str, styled: list[tuple[Span | None, object]]
) -> Content:
    """`passage` as Content, each (span, style) applied; overlapping spans combine.

    Each piece is made into Content separately, so a control character shown as \\xNN in one
    piece can never shift the offsets of another.
    """
    spans = [(span, style) for span, style in styled if span is not None and span.end > span.start]
    cuts = {0, len(passage)}
    for span, _ in spans:
        cuts.update((max(0, min(span.start, len(passage))), max(0, min(span.end, len(passage)))))
    edges = sorted(cuts)
    pieces = []
    for start, end in pairwise(edges):
        piece = shown(passage[start:end])
        for span, style in spans:
            if span.start <= start and end <= span.end:
                piece = piece.stylize(style)
        pieces.append(piece)
    return Content.assemble(*pieces) if pieces else Content("")


class PassageView(Widget):
    """A passage with its claim highlighted; `cue` (or a hint's `clue`) is highlighted too once
    set. `before` and `after` are the article's text around it, shown dimmed."""

    COMPONENT_CLASSES = {"passage--claim", "passage--cue", "passage--clue", "passage--context"}

    cue: reactive[Span | None] = reactive(None, layout=True)
    clue: reactive[Span | None] = reactive(None, layout=True)

    def __init__(
        self,
        passage: str,
        claim: Span | None,
        *,
        cue: Span | None = None,
        before: str = "",
        after: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.passage = passage
        self.claim = claim
        self.before = before
        self.after = after
        self.set_reactive(PassageView.cue, cue)

    def show(
        self, passage: str, claim: Span | None, cue: Span | None = None, *, before: str = "",
        after: str = "",
    ) -> None:
        """Show another passage in place (cheaper than mounting a new view for each item)."""
        self.passage = passage
        self.claim = claim
        self.before = before
        self.after = after
        self.set_reactive(PassageView.cue, cue)
        self.set_reactive(PassageView.clue, None)
        self.refresh(layout=True)

    def render(self) -> Content:
        # Component styles come from the TCSS, so highlights follow the theme (dark or light).
        passage = highlighted_passage(self.passage, [
            (self.claim, self.get_visual_style("passage--claim", partial=True)),
            (self.clue, self.get_visual_style("passage--clue", partial=True)),
            (self.cue, self.get_visual_style("passage--cue", partial=True)),
        ])
        if not self.before and not self.after:
            return passage
        context = self.get_visual_style("passage--context", partial=True)
        return Content.assemble(shown(self.before).stylize(context), passage,
                                shown(self.after).stylize(context))
