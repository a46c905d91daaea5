"""The passage being asked about, with the claim (and, when asked for, the cue) highlighted.

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
    """A passage with its claim highlighted; `cue` is highlighted too once set."""

    COMPONENT_CLASSES = {"passage--claim", "passage--cue"}

    cue: reactive[Span | None] = reactive(None, layout=True)

    def __init__(
        self,
        passage: str,
        claim: Span | None,
        *,
        cue: Span | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.passage = passage
        self.claim = claim
        self.set_reactive(PassageView.cue, cue)

    def show(self, passage: str, claim: Span | None, cue: Span | None = None) -> None:
        """Show another passage in place (cheaper than mounting a new view for each item)."""
        self.passage = passage
        self.claim = claim
        self.set_reactive(PassageView.cue, cue)
        self.refresh(layout=True)

    def render(self) -> Content:
        # Component styles come from the TCSS, so highlights follow the theme (dark or light).
        return highlighted_passage(self.passage, [
            (self.claim, self.get_visual_style("passage--claim", partial=True)),
            (self.cue, self.get_visual_style("passage--cue", partial=True)),
        ])
