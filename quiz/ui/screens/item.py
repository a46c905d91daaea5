"""The item screen: the passage with its claim highlighted inside the article's sentences around
it (dimmed), one button per category, hints, and (in Practice and Study) the feedback, shown in
place once the reader has answered, leading with the reader's mistake.

One screen serves the whole session. Answering and moving on update widgets that are already
mounted (content swapped, parts shown or hidden) instead of composing a new screen: a verdict
then reaches the terminal in one repaint. Keys 1..N answer (N follows the pack's categories),
h gives the next hint (where to look, then the clause, then the cue), c opens the whole article,
enter or the right arrow moves on after the feedback (after a wrong answer, first to the rest of
the feedback when some is out of view); with the confidence setting on, a second step asks "how
sure?" (1-3) before the answer is given.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quiz.content.context import passage_context
from quiz.core.engine import Feedback, Mode, QuizSession, hint_levels, span_in
from quiz.core.packs import Item
from quiz.core.scoring import Verdict
from quiz.ui import messages
from quiz.ui.screens.base import StyledOnceScreen
from quiz.ui.text import shown
from quiz.ui.textual_internals import bind_key
from quiz.ui.widgets.bars import KeyBar, TitleBar
from quiz.ui.widgets.choice_pad import ChoicePad
from quiz.ui.widgets.feedback_view import (
    CONFIDENCE_WORDS,
    FeedbackDetails,
    VerdictLine,
    WhyNotLine,
    first_sentence,
)
from quiz.ui.widgets.key_button import KeyButton
from quiz.ui.widgets.passage import PassageView
from quiz.ui.widgets.status import QuizStatus

# Keys 1-9 answer; a pack with more categories is still answered by clicking.
MAX_NUMBER_KEYS = 9

QUESTION = "What kind of statement is the highlighted claim?"
# Terminal heights below which the screen shows less around the passage and of the explanation.
ROOM_FOR_NEXT_SENTENCE = 28
ROOM_FOR_MORE_SENTENCES = 44
ROOM_FOR_WHOLE_EXPLANATION = 30


def mode_title(mode: Mode | str) -> str:
    if mode == Mode.STUDY:
        return "Study"
    return "Practice" if mode == Mode.PRACTICE else "Check: feedback at the end"


class ItemScreen(StyledOnceScreen):
    """Ask about the session's current item; after an answer, explain it (Practice, Study).

    `item` is the item on screen and `feedback` its feedback while it is shown (None while
    the question is being asked), so tests and the start-up benchmark can tell the two apart.
    """

    BINDINGS = [
        Binding("h", "hint", "Hint"),
        Binding("c", "article", "Article"),
        Binding("m", "more", "More", show=False),
        # Priority: the focused scroll area would otherwise take the right arrow for scrolling.
        Binding("right", "next", "Next", key_display="⏎/→", priority=True),
        Binding("enter", "next", "Next", show=False),
        Binding("escape", "change_answer", "Change answer"),
        Binding("escape", "leave", "Home"),
    ]
    AUTO_FOCUS = "#reading"

    def __init__(self, session: QuizSession, *, ask_confidence: bool, mode: str) -> None:
        super().__init__()
        self.session = session
        self.item = session.current
        self.feedback: Feedback | None = None
        self.ask_confidence = ask_confidence
        self.pending_choice: str | None = None  # chosen, waiting for "how sure?"
        self.submitted = False
        # After a wrong answer: the reader has seen all of the feedback (or moved to it once).
        self.read_all = True
        self.whole_explanation = False
        self.sub_title = mode_title(mode)
        keys = min(len(session.pack.categories), MAX_NUMBER_KEYS)
        for number in range(1, keys + 1):
            # One footer entry ("1-4 Answer") stands for all the number keys.
            bind_key(self, str(number), f"choose({number})", "Answer",
                     show=number == 1, key_display=f"1-{keys}")
        for number in range(1, 4):
            bind_key(self, str(number), f"sure({number})", "How sure",
                     show=number == 1, key_display="1-3")

    def compose(self) -> ComposeResult:
        session, item = self.session, self.item
        number, total = session.progress
        yield TitleBar()
        yield QuizStatus(session.pack, number, total, done=len(session.answers))
        with VerticalScroll(id="reading"):
            # The verdict (#verdict) and the explanation (#details) are mounted around the
            # passage after the first paint, and the hints (#hint-where, #hint-kinds) when first
            # asked for: none of them is needed to ask the first question.
            before, after = self.context_of(item)
            yield PassageView(item.passage, span_in(item.passage, item.claim), before=before,
                              after=after, id="passage")
        yield Static(Content(QUESTION), id="prompt")
        yield ChoicePad([(c.id, c.label) for c in session.pack.categories], id="answers",
                        columns=2, narrow_columns=1)
        if self.ask_confidence:
            yield ChoicePad([(str(n), words) for n, words in CONFIDENCE_WORDS.items()],
                            id="sure", columns=3, narrow_columns=3)
        yield KeyBar()

    def on_mount(self) -> None:
        # Time the item from when it is actually on screen.
        self.session.restart_timer()
        if self.session.options.mode is Mode.PRACTICE:
            self.call_after_refresh(self.build_feedback_parts)

    def build_feedback_parts(self) -> None:
        """The verdict line, the explanation and the Next button, hidden until an answer.

        Built while the reader reads the first item (Check mode never shows them).
        """
        if self.query("#details"):
            return
        reading = self.query_one("#reading")
        if not reading.is_attached:  # the app closed before the reader got this far
            return
        reading.mount(VerdictLine(id="verdict"), before="#passage")
        reading.mount(WhyNotLine(id="why-not"), before="#passage")
        reading.mount(FeedbackDetails(id="details"))
        self.mount(KeyButton(Content("Next item →"), id="next", primary=True),
                   after="#sure" if self.ask_confidence else "#answers")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        asking = self.feedback is None and not self.submitted
        if action == "choose":
            return asking and self.pending_choice is None
        if action == "sure":
            return asking and self.pending_choice is not None
        if action == "change_answer":
            return asking and self.pending_choice is not None
        if action == "leave":
            return self.pending_choice is None
        if action == "next":
            return self.feedback is not None
        if action == "more":
            return self.feedback is not None and not self.whole_explanation
        if action == "hint":
            if not asking or self.pending_choice is not None:
                return False
            # Shown dimmed once every hint is out, so the reader sees there are no more.
            return None if self.session.hints_used >= hint_levels(self.item) else True
        return True

    # -- the article around the passage -----------------------------------------------------------

    def context_of(self, item: Item) -> tuple[str, str]:
        """The article's text before and after the passage, as much as the terminal has room
        for: the sentence before always (some items need it), the one after from 28 rows, three
        of each from 44."""
        height = self.app.size.height
        before, after = (1, 0) if height < ROOM_FOR_NEXT_SENTENCE else (
            (1, 1) if height < ROOM_FOR_MORE_SENTENCES else (3, 3))
        found = passage_context(self.session.pack.article_text, item.passage, before=before,
                                after=after)
        return found.before.lstrip(), found.after.rstrip()

    def action_article(self) -> None:
        """The whole article, the passage highlighted and scrolled into view."""
        from quiz.ui.screens.article import ArticleScreen  # only here: shown when asked for

        self.app.push_screen(ArticleScreen(self.session.pack, self.item))

    # -- showing an item and its feedback --------------------------------------------------------

    def show_item(self) -> None:
        """Ask about the session's (new) current item, reusing the mounted widgets."""
        session = self.session
        item = self.item = session.current
        self.feedback = None
        self.pending_choice = None
        self.submitted = False
        number, total = session.progress
        self.query_one(QuizStatus).show(number, total, done=len(session.answers))
        before, after = self.context_of(item)
        self.query_one("#passage", PassageView).show(
            item.passage, span_in(item.passage, item.claim), before=before, after=after)
        for hint in self.query(".hint"):
            hint.display = False
        self.query_one("#prompt", Static).update(Content(QUESTION))
        self.set_asking(answers=True)
        self.scroll_reading_home()
        self.refresh_bindings()
        session.restart_timer()

    def show_feedback(self, feedback: Feedback) -> None:
        """The verdict and explanation for the item just answered, in place of the answers."""
        pack, item = self.session.pack, self.item
        self.build_feedback_parts()
        self.query_one(VerdictLine).show(pack, feedback)
        self.query_one(WhyNotLine).show(pack, feedback)
        passage = self.query_one("#passage", PassageView)
        passage.clue = None
        passage.cue = feedback.cue
        self.whole_explanation = True
        self.query_one(FeedbackDetails).show(pack, item, feedback)
        # A wrong answer's feedback is the lesson: enter first shows what is out of view (once
        # laid out, the screen knows whether anything is).
        self.read_all = feedback.verdict is Verdict.CORRECT
        self.call_after_refresh(self.fit_feedback)
        self.query_one("#next", KeyButton).label = Content(
            self.next_label() if self.read_all else "Read the rest of the feedback ↓")
        for hint in self.query(".hint"):
            hint.display = False
        self.set_asking(answers=False)
        self.query_one(WhyNotLine).show(pack, feedback)  # shown only when there is a line
        self.scroll_reading_home()
        self.pending_choice = None
        # Last, so that whoever watches `feedback` (the benchmark) sees a complete screen.
        self.feedback = feedback
        self.refresh_bindings()

    def set_asking(self, *, answers: bool, sure: bool = False) -> None:
        """Show the question part (answers or "how sure?") or the feedback part of the screen.

        Toggling `display` on a few widgets costs a layout; a class on the screen would restyle
        every widget on it.
        """
        asking = answers or sure
        self.query_one("#prompt").display = asking
        self.query_one("#answers").display = answers
        if self.ask_confidence:
            self.query_one("#sure").display = sure
        for part in self.query("#verdict, #details, #next"):
            part.display = not asking
        if asking:
            for part in self.query("#why-not"):
                part.display = False
        if not asking and self.focused is not None and self.focused.id != "reading":
            self.query_one("#reading").focus()

    def scroll_reading_home(self) -> None:
        self.query_one("#reading", VerticalScroll).scroll_home(animate=False, immediate=True)

    # -- answering ----------------------------------------------------------------------------

    def action_choose(self, number: int) -> None:
        """A number key: choose that category."""
        choices = self.query_one("#answers", ChoicePad).choices
        if 1 <= number <= len(choices):
            self.choose(choices[number - 1][0])

    def action_sure(self, number: int) -> None:
        """A number key while asking "how sure?": that confidence."""
        self.sure(number)

    @on(messages.Choice, "#answers")
    def category_chosen(self, message: messages.Choice) -> None:
        """An answer button was clicked."""
        message.stop()
        self.choose(message.value)

    @on(messages.Choice, "#sure")
    def confidence_chosen(self, message: messages.Choice) -> None:
        """A "how sure?" button was clicked."""
        message.stop()
        self.sure(int(message.value))

    def choose(self, category: str) -> None:
        """Give the answer, or first ask how sure the reader is."""
        if self.submitted or self.feedback is not None or self.pending_choice is not None:
            return
        if not self.ask_confidence:
            self.submit(category, None)
            return
        self.pending_choice = category
        label = self.session.pack.category(category).label
        self.query_one("#prompt", Static).update(Content.assemble(
            "How sure are you that it is ", shown(label).stylize("bold"), "?",
        ))
        self.set_asking(answers=False, sure=True)
        self.refresh_bindings()

    def sure(self, confidence: int) -> None:
        if self.pending_choice is not None and not self.submitted:
            self.submit(self.pending_choice, confidence)

    def action_change_answer(self) -> None:
        """Escape while asked "how sure?": back to the answers."""
        self.pending_choice = None
        self.query_one("#prompt", Static).update(Content(QUESTION))
        self.set_asking(answers=True)
        self.refresh_bindings()

    def submit(self, choice: str, confidence: int | None) -> None:
        self.submitted = True
        self.post_message(messages.Answered(self.item.id, choice, confidence))

    @on(KeyButton.Pressed, "#next")
    def action_next(self) -> None:
        """On to the next item (or the results after the last one). After a wrong answer whose
        feedback is partly out of view, the first press shows the rest instead."""
        if self.feedback is None:
            return
        if not self.read_all:
            self.read_all = True
            reading = self.query_one("#reading", VerticalScroll)
            if not self.whole_explanation or reading.scroll_y < reading.max_scroll_y:
                self.action_more()
                # From the start of the details (the words, the source, why) down.
                self.call_after_refresh(reading.scroll_to_widget, self.query_one(FeedbackDetails),
                                        animate=False, top=True)
                self.query_one("#next", KeyButton).label = Content(self.next_label())
                return
        self.post_message(messages.NextItem(self.item.id))

    def fit_feedback(self) -> None:
        """On a small terminal where the feedback does not fit, the explanation shrinks to its
        first sentence (m shows the rest); then whether anything is still out of view."""
        feedback = self.feedback
        if feedback is None:
            return
        reading = self.query_one("#reading", VerticalScroll)
        if (reading.max_scroll_y > 0 and self.app.size.height < ROOM_FOR_WHOLE_EXPLANATION
                and first_sentence(feedback.explanation) != feedback.explanation.strip()):
            self.whole_explanation = False
            self.query_one(FeedbackDetails).show(self.session.pack, self.item, feedback,
                                                 short=True)
            self.refresh_bindings()
        self.call_after_refresh(self.settle_read_all)

    def settle_read_all(self) -> None:
        """All of a wrong answer's feedback fits on screen: enter may move on at once."""
        if self.feedback is None or self.read_all or not self.whole_explanation:
            return
        reading = self.query_one("#reading", VerticalScroll)
        if reading.max_scroll_y <= reading.scroll_y:
            self.read_all = True
            self.query_one("#next", KeyButton).label = Content(self.next_label())

    def next_label(self) -> str:
        number, total = self.session.progress
        return "See your results →" if number == total else "Next item →"

    def action_more(self) -> None:
        """m: the whole explanation, where the screen showed its first sentence."""
        if self.feedback is None or self.whole_explanation:
            return
        self.whole_explanation = True
        self.query_one(FeedbackDetails).show(self.session.pack, self.item, self.feedback)
        self.refresh_bindings()

    def action_leave(self) -> None:
        """Escape: back to the home screen (asks first, the quiz is in progress)."""
        self.post_message(messages.LeaveQuiz())

    # -- hints --------------------------------------------------------------------------------

    def action_hint(self) -> None:
        """The next hint: where to look, then the clause (underlined), then the cue itself."""
        hint = self.session.hint()
        if not self.query(".hint"):
            self.query_one("#reading").mount(Static(id="hint-where", classes="hint"),
                                             after="#passage")
        where = self.query_one("#hint-where", Static)
        where.update(Content.assemble(
            Content(f"Hint {hint.level} of {hint_levels(self.item)}: ").stylize("bold"),
            shown(hint.text),
        ))
        where.display = True
        passage = self.query_one("#passage", PassageView)
        if hint.level >= hint_levels(self.item) and hint.span is not None and self.item.cue:
            passage.clue, passage.cue = None, hint.span
        else:
            passage.clue = hint.span
        self.call_after_refresh(where.scroll_visible, animate=False)
        self.refresh_bindings()
