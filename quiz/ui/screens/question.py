"""The question screen: the passage with its claim highlighted, one button per category, hints.

Keys 1..N answer (N follows the pack's categories), h gives the next hint; with the confidence
setting on, a second step asks "how sure?" (1-3) before the answer is given.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from quiz.engine import MAX_HINT_LEVEL, Mode, QuizSession, span_in
from quiz.ui import messages
from quiz.ui.text import shown
from quiz.ui.widgets.choice_pad import ChoicePad
from quiz.ui.widgets.feedback_view import CONFIDENCE_WORDS
from quiz.ui.widgets.passage import PassageView
from quiz.ui.widgets.status import QuizStatus

# Keys 1-9 answer; a pack with more categories is still answered by clicking.
MAX_NUMBER_KEYS = 9

QUESTION = "What kind of statement is the highlighted claim?"


def mode_title(mode: Mode) -> str:
    return "Practice" if mode is Mode.PRACTICE else "Check: feedback at the end"


class QuestionScreen(Screen):
    """Ask about the session's current item."""

    BINDINGS = [
        Binding("h", "hint", "Hint"),
        Binding("escape", "change_answer", "Change answer"),
        Binding("escape", "leave", "Home"),
    ]
    AUTO_FOCUS = "#reading"

    def __init__(self, session: QuizSession, *, ask_confidence: bool) -> None:
        super().__init__()
        self.session = session
        self.item = session.current
        self.ask_confidence = ask_confidence
        self.pending_choice: str | None = None  # chosen, waiting for "how sure?"
        self.submitted = False
        self.sub_title = mode_title(session.options.mode)
        categories = session.pack.categories
        keys = min(len(categories), MAX_NUMBER_KEYS)
        for number in range(1, keys + 1):
            # One footer entry ("1-4 Answer") stands for all the number keys.
            self._bindings.bind(str(number), f"choose({number})", "Answer",
                                show=number == 1, key_display=f"1-{keys}")
        for number in range(1, 4):
            self._bindings.bind(str(number), f"sure({number})", "How sure",
                                show=number == 1, key_display="1-3")

    def compose(self) -> ComposeResult:
        session, item = self.session, self.item
        number, total = session.progress
        yield Header()
        yield QuizStatus(session.pack, number, total, done=len(session.answers))
        with VerticalScroll(id="reading"):
            yield PassageView(item.passage, span_in(item.passage, item.claim), id="passage")
            yield Static(id="hint-where", classes="hint")
            yield Static(id="hint-kinds", classes="hint")
        yield Static(Content(QUESTION), id="prompt")
        yield ChoicePad([(c.id, c.label) for c in session.pack.categories], id="answers")
        yield ChoicePad([(str(n), words) for n, words in CONFIDENCE_WORDS.items()], id="sure")
        yield Footer()

    def on_mount(self) -> None:
        # Time the item from when it is actually on screen.
        self.session.restart_timer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return not self.submitted and self.pending_choice is None
        if action == "sure":
            return not self.submitted and self.pending_choice is not None
        if action == "change_answer":
            return self.pending_choice is not None
        if action == "leave":
            return self.pending_choice is None
        if action == "hint":
            if self.submitted or self.pending_choice is not None:
                return False
            # Shown dimmed once both hints are out, so the reader sees there are no more.
            return None if self.session.hints_used >= MAX_HINT_LEVEL else True
        return True

    # -- answering ----------------------------------------------------------------------------

    def action_choose(self, number: int) -> None:
        """A number key: choose that category."""
        self.query_one("#answers", ChoicePad).choose_number(number)

    def action_sure(self, number: int) -> None:
        """A number key while asking "how sure?": that confidence."""
        self.query_one("#sure", ChoicePad).choose_number(number)

    @on(messages.Choice, "#answers")
    def category_chosen(self, message: messages.Choice) -> None:
        """An answer was chosen: give it, or first ask how sure the reader is."""
        message.stop()
        if self.submitted or self.pending_choice is not None:
            return
        if not self.ask_confidence:
            self.submit(message.value, None)
            return
        self.pending_choice = message.value
        label = self.session.pack.category(message.value).label
        self.query_one("#prompt", Static).update(Content.assemble(
            "How sure are you that it is ", shown(label).stylize("bold"), "?",
        ))
        self.add_class("-asking-sure")
        self.refresh_bindings()

    @on(messages.Choice, "#sure")
    def confidence_chosen(self, message: messages.Choice) -> None:
        """How sure the reader is: now the answer is given."""
        message.stop()
        if self.pending_choice is not None and not self.submitted:
            self.submit(self.pending_choice, int(message.value))

    def action_change_answer(self) -> None:
        """Escape while asked "how sure?": back to the answers."""
        self.pending_choice = None
        self.query_one("#prompt", Static).update(Content(QUESTION))
        self.remove_class("-asking-sure")
        self.refresh_bindings()

    def submit(self, choice: str, confidence: int | None) -> None:
        self.submitted = True
        self.refresh_bindings()
        self.post_message(messages.Answered(self.item.id, choice, confidence))

    def action_leave(self) -> None:
        """Escape: back to the home screen (asks first, the quiz is in progress)."""
        self.app.action_leave_quiz()

    # -- hints --------------------------------------------------------------------------------

    def action_hint(self) -> None:
        """The next hint: first what each kind of statement is, then where to look."""
        hint = self.session.hint()
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
