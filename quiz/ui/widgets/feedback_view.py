"""What the reader is told about one answer, leading with their mistake: the verdict, why their
choice is not the best one, the passage with the cue highlighted, the words that show it, the
source, the explanation (its first sentence on small terminals), and the discussion prompt.

The item screen shows these in place after an answer; the review screen pages through them.
Both update mounted widgets instead of composing new ones for every answer.
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from quiz.core.engine import Feedback
from quiz.core.packs import Item, LoadedPack
from quiz.core.scoring import Verdict
from quiz.core.wording import credit_text
from quiz.ui.text import shown
from quiz.ui.widgets.passage import PassageView

CONFIDENCE_WORDS = {1: "guessing", 2: "fairly sure", 3: "certain"}
# Where an explanation's first sentence ends (its verdict and the words that show it).
SENTENCE_END = re.compile(r"[.!?][”\"’')]*(?=\s+[A-Z“\"‘(])")
VERDICT_CLASSES = tuple(f"-{verdict}" for verdict in Verdict)


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


def why_not_text(pack: LoadedPack, feedback: Feedback) -> Content | None:
    """Why the reader's choice is not the best one: said first, right under the verdict."""
    if not feedback.why_not:
        return None
    chosen = pack.category(feedback.choice).label
    return labelled(f"Why not {chosen}", feedback.why_not)


def first_sentence(text: str) -> str:
    """The explanation's first sentence (its verdict and the words that show it)."""
    text = text.strip()
    found = SENTENCE_END.search(text)
    return text[: found.end()].strip() if found else text


def details_text(
    pack: LoadedPack, item: Item, feedback: Feedback, *, short: bool = False
) -> Content:
    """Everything after the passage, one paragraph per line of feedback: the words that show
    it, the source, the explanation (with `short`, only its first sentence and how to read the
    rest), what else was accepted, how sure the reader was, the discussion prompt."""
    paragraphs = []
    if feedback.cue is not None:
        cue = item.passage[feedback.cue.start:feedback.cue.end]
        paragraphs.append(labelled("The words that show it", f"“{cue}”"))
    paragraphs.append(labelled("Source", feedback.source))
    explanation = feedback.explanation.strip()
    if short and first_sentence(explanation) != explanation:
        paragraphs.append(Content.assemble(labelled("Why", first_sentence(explanation)),
                                           ("  m: the whole explanation", "dim")))
    else:
        paragraphs.append(labelled("Why", explanation))
    also = [pack.category(c).label for c in feedback.accepted if c != feedback.choice]
    if also:
        paragraphs.append(labelled("Also accepted", ", ".join(also)))
    if feedback.confidence is not None:
        words = CONFIDENCE_WORDS.get(feedback.confidence, "")
        paragraphs.append(labelled("You were", f"{words} ({feedback.confidence} of 3)"))
    if feedback.hints:
        paragraphs.append(labelled("Hints", f"{feedback.hints} taken (in Study, an answer after a "
                                            "hint counts as Hard: it comes back sooner)"))
    if feedback.discussion:
        paragraphs.append(labelled("To discuss", feedback.discussion).stylize("italic dim"))
    return Content("\n\n").join(paragraphs)


class VerdictLine(Static):
    """The verdict, coloured by its class (-correct, -accepted, -wrong)."""

    def show(self, pack: LoadedPack, feedback: Feedback) -> None:
        self.update(verdict_text(pack, feedback))
        for name in VERDICT_CLASSES:
            self.set_class(name == f"-{feedback.verdict}", name)


class WhyNotLine(Static):
    """Why the reader's choice is not the best one, under the verdict; hidden when correct."""

    def show(self, pack: LoadedPack, feedback: Feedback) -> None:
        text = why_not_text(pack, feedback)
        self.display = text is not None
        if text is not None:
            self.update(text)


class FeedbackDetails(Static):
    """The feedback after the passage, as one block of text: one widget to update, not seven."""

    def show(self, pack: LoadedPack, item: Item, feedback: Feedback, *, short: bool = False
             ) -> None:
        self.update(details_text(pack, item, feedback, short=short))


class FeedbackView(Vertical):
    """The feedback for one answered item: verdict, the passage with its cue, the details."""

    def __init__(
        self, pack: LoadedPack, item: Item, feedback: Feedback, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.pack = pack
        self.item = item
        self.feedback = feedback

    def compose(self) -> ComposeResult:
        yield VerdictLine(id="verdict")
        yield WhyNotLine(id="why-not")
        yield PassageView(self.item.passage, self.feedback.claim, cue=self.feedback.cue,
                          id="feedback-passage")
        yield FeedbackDetails(id="details")

    def on_mount(self) -> None:
        self.show(self.item, self.feedback)

    def show(self, item: Item, feedback: Feedback) -> None:
        """Show the feedback for another answer in place."""
        self.item, self.feedback = item, feedback
        self.query_one(VerdictLine).show(self.pack, feedback)
        self.query_one(WhyNotLine).show(self.pack, feedback)
        self.query_one(PassageView).show(item.passage, feedback.claim, feedback.cue)
        self.query_one(FeedbackDetails).show(self.pack, item, feedback)
