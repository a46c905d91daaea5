"""The item screen: the passage with its claim highlighted, one button per category, hints, and
(in Practice and Study) the feedback, shown in place once the reader has answered.

One screen serves the whole session. Answering and moving on update widgets that are already
mounted (content swapped, parts shown or hidden) instead of composing a new screen: a verdict
then reaches the terminal in one repaint. Keys 1..N answer (N follows the pack's categories),
h gives the next hint, enter or the right arrow moves on after the feedback; with the confidence
setting on, a second step asks "how sure?" (1-3) before the answer is given.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quiz.core.engine import MAX_HINT_LEVEL, Feedback, Mode, QuizSession, span_in
from quiz.ui import messages
from quiz.ui.screens.base import StyledOnceScreen
from quiz.ui.text import shown
from quiz.ui.textual_internals import bind_key
from quiz.ui.widgets.bars import KeyBar, TitleBar
from quiz.ui.widgets.choice_pad import ChoicePad
from quiz.ui.widgets.feedback_view import CONFIDENCE_WORDS, FeedbackDetails, VerdictLine
from quiz.ui.widgets.key_button import KeyButton
from quiz.ui.widgets.passage import PassageView
from quiz.ui.widgets.status import QuizStatus

# Keys 1-9 answer; a pack with more categories is still answered by clicking.
MAX_NUMBER_KEYS = 9

QUESTION = "What kind of statement is the highlighted claim?"


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
            yield PassageView(item.passage, span_in(item.passage, item.claim), id="passage")
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
        if action == "hint":
            if not asking or self.pending_choice is not None:
                return False
            # Shown dimmed once both hints are out, so the reader sees there are no more.
            return None if self.session.hints_used >= MAX_HINT_LEVEL else True
        return True

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
        self.query_one("#passage", PassageView).show(
            item.passage, span_in(item.passage, item.claim))
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
        self.query_one("#passage", PassageView).cue = feedback.cue
        self.query_one(FeedbackDetails).show(pack, item, feedback)
        number, total = self.session.progress
        self.query_one("#next", KeyButton).label = Content(
            "See your results →" if number == total else "Next item →")
        for hint in self.query(".hint"):
            hint.display = False
        self.set_asking(answers=False)
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
        """On to the next item (or the results after the last one)."""
        if self.feedback is not None:
            self.post_message(messages.NextItem(self.item.id))

    def action_leave(self) -> None:
        """Escape: back to the home screen (asks first, the quiz is in progress)."""
        self.post_message(messages.LeaveQuiz())

    # -- hints --------------------------------------------------------------------------------

    def action_hint(self) -> None:
        """The next hint: first what each kind of statement is, then where to look."""
        hint = self.session.hint()
        if not self.query(".hint"):
            self.query_one("#reading").mount_all(
                [Static(id="hint-where", classes="hint"), Static(id="hint-kinds", classes="hint")],
                after="#passage")
        if hint.level == 1:
            kinds = self.query_one("#hint-kinds", Static)
            kinds.update(self.kinds_hint())
            kinds.display = True
            # After the layout has room for it; the passage stays in view when both fit.
            self.call_after_refresh(kinds.scroll_visible, animate=False)
        else:
            where = self.query_one("#hint-where", Static)
            where.update(Content.assemble(
                Content(f"Hint {hint.level} of {MAX_HINT_LEVEL}: ").stylize("bold"),
                shown(hint.text),
            ))
            where.display = True
            self.query_one("#passage", PassageView).cue = hint.span
            self.query_one("#reading", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def kinds_hint(self) -> Content:
        """Hint 1: the definitions, numbered like the answer keys."""
        lines = [Content(f"Hint 1 of {MAX_HINT_LEVEL}: the kinds of statement").stylize("bold")]
        for number, category in enumerate(self.session.pack.categories, start=1):
            lines.append(Content.assemble(
                shown(f"{number} {category.label}: ").stylize("bold"),
                shown(category.definition.strip()),
            ))
        return Content("\n").join(lines)
