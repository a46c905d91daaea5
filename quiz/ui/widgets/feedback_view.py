"""What the reader is told about one answer: verdict, best answer, the passage with claim and cue
highlighted, the source, the explanation, the why-not line and the discussion prompt.

Shared by the feedback screen (Practice mode) and the review screen (mistakes, Check mode).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from quiz.engine import Feedback
from quiz.packs import Item, LoadedPack
from quiz.plain import credit_text
from quiz.scoring import Verdict
from quiz.ui.text import shown
from quiz.ui.widgets.passage import PassageView

CONFIDENCE_WORDS = {1: "guessing", 2: "fairly sure", 3: "certain"}


def verdict_text(pack: LoadedPack, feedback: Feedback) -> Content:
    """One line in words (a symbol alone would say nothing to a screen reader)."""
    best = pack.category(feedback.best).label
    chosen = pack.category(feedback.choice).label
    if feedback.verdict is Verdict.CORRECT:
        return Content.assemble(("✓ Correct: ", "bold"), shown(best), ".")
    if feedback.verdict is Verdict.ACCEPTED:
        return Content.assemble(
            (f"≈ Accepted ({credit_text(feedback.credit)} of 1 point): ", "bold"),
            "you chose ", shown(chosen), "; the best answer is ", shown(best), ".",
        )
    return Content.assemble(
        ("✗ Not quite: ", "bold"), "you chose ", shown(chosen), "; the best answer is ",
        shown(best), ".",
    )


def labelled(label: str, text: str) -> Content:
    """'Source: KCNA' with the label in bold; `text` is content, shown as written."""
    return Content.assemble(shown(f"{label}: ").stylize("bold"), shown(text.strip()))


class FeedbackView(Vertical):
    """The feedback for one answered item."""

    def __init__(
        self, pack: LoadedPack, item: Item, feedback: Feedback, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.pack = pack
        self.item = item
        self.feedback = feedback

    def compose(self) -> ComposeResult:
        pack, item, feedback = self.pack, self.item, self.feedback
        yield Static(verdict_text(pack, feedback), id="verdict", classes=f"-{feedback.verdict}")
        yield PassageView(item.passage, feedback.claim, cue=feedback.cue, id="feedback-passage")
        if feedback.cue is not None:
            cue = item.passage[feedback.cue.start:feedback.cue.end]
            yield Static(labelled("The words that show it", f"“{cue}”"), classes="detail")
        yield Static(labelled("Source", feedback.source), classes="detail")
        yield Static(labelled("Why", feedback.explanation), classes="detail")
        if feedback.why_not:
            chosen = pack.category(feedback.choice).label
            yield Static(labelled(f"Why not {chosen}", feedback.why_not), classes="detail")
        also = [pack.category(c).label for c in feedback.accepted if c != feedback.choice]
        if also:
            yield Static(labelled("Also accepted", ", ".join(also)), classes="detail")
        if feedback.confidence is not None:
            words = CONFIDENCE_WORDS.get(feedback.confidence, "")
            yield Static(labelled("You were", f"{words} ({feedback.confidence} of 3)"),
                         classes="detail")
        if feedback.discussion:
            yield Static(labelled("To discuss", feedback.discussion), classes="detail discussion")
