"""QuizApp: the full-screen quiz. It owns the quiz session and moves between the screens.

Screens render engine results and post quiz.ui.messages; this module acts on them and asks
before a quiz in progress is abandoned.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from quiz.engine import Clock, Mode, QuizOptions, QuizSession, select_items
from quiz.packs import resolve_pack
from quiz.plain import Recorder
from quiz.ui import messages
from quiz.ui.screens.confirm import ConfirmScreen
from quiz.ui.screens.end import EndScreen
from quiz.ui.screens.feedback import FeedbackScreen
from quiz.ui.screens.home import HomeScreen
from quiz.ui.screens.how_it_works import HowItWorksScreen
from quiz.ui.screens.question import QuestionScreen

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


class QuizApp(App[None]):
    """The quiz on a terminal: home, questions, feedback, results."""

    CSS_PATH = "quiz.tcss"
    TITLE = "Who says so?"
    # Screens get a class for the width, so narrow terminals can stack buttons (see quiz.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]
    BINDINGS = [
        Binding("q", "request_quit", "Quit"),
        # Ctrl+C and Ctrl+Q must not throw away a quiz in progress either.
        Binding("ctrl+c,ctrl+q", "request_quit", "Quit", show=False, priority=True),
        Binding("question_mark", "how_it_works", "How it works", key_display="?", show=False),
    ]

    def __init__(
        self,
        pack_path: Path | None = None,
        options: QuizOptions | None = None,
        *,
        confidence: bool = False,
        clock: Clock = time.monotonic,
        recorder: Recorder | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__()
        if pack_path is None:
            try:
                pack_path = resolve_pack(None, data_dir)
            except LookupError:
                pack_path = None  # the home screen says that no packs are installed
        self.pack_path = Path(pack_path) if pack_path is not None else None
        self.options = options or QuizOptions()
        self.confidence = confidence
        self.clock = clock
        self.recorder = recorder
        self.data_dir = data_dir
        self.session: QuizSession | None = None
        self.session_closed = True

    def get_default_screen(self) -> Screen:
        return HomeScreen(self.pack_path, mode=self.options.mode, confidence=self.confidence,
                          data_dir=self.data_dir)

    @property
    def quiz_in_progress(self) -> bool:
        """A quiz has started and its results have not been shown yet."""
        return self.session is not None and not self.session_closed

    # -- the session ----------------------------------------------------------------------------

    @on(messages.StartQuiz)
    def start_quiz(self, message: messages.StartQuiz) -> None:
        """Start a quiz with what the home screen chose (the command-line filters still apply)."""
        options = dataclasses.replace(self.options, mode=message.mode)
        if not select_items(message.pack, options):
            self.notify("No items in this pack match the quiz options.", severity="error",
                        markup=False)
            return
        self.confidence = message.confidence
        self.begin(QuizSession(message.pack, options, clock=self.clock))

    @on(messages.RetryMissed)
    def retry_missed(self) -> None:
        """A new session with only the items the last one missed, in the same mode."""
        if self.session is None:
            return
        missed = tuple(self.session.summary().missed)
        if not missed:
            return
        options = dataclasses.replace(
            self.session.options, item_ids=missed, categories=(), difficulties=(), tags=(),
            count=None,
        )
        self.begin(QuizSession(self.session.pack, options, clock=self.clock))

    def begin(self, session: QuizSession) -> None:
        self.session = session
        self.session_closed = False
        self.show_quiz_screen(QuestionScreen(session, ask_confidence=self.confidence))

    @on(messages.Answered)
    def record_answer(self, message: messages.Answered) -> None:
        """Score the answer, tell the recorder, then show feedback (Practice) or move on (Check)."""
        session = self.session
        # A key pressed twice can arrive after the screen has moved on: answer only what was asked.
        if (session is None or session.finished or session.current.id != message.item_id
                or session.current_answered):
            return
        item = session.current
        feedback = session.answer(message.choice, message.confidence)
        if self.recorder is not None:
            self.recorder.answered(item, feedback)
        if session.options.mode is Mode.PRACTICE:
            self.show_quiz_screen(FeedbackScreen(session, item, feedback))
        else:
            self.advance()

    @on(messages.NextItem)
    def next_item(self, message: messages.NextItem) -> None:
        """After the feedback: the next item, or the results."""
        session = self.session
        if (session is None or session.finished or session.current.id != message.item_id
                or not session.current_answered):
            return
        self.advance()

    def advance(self) -> None:
        assert self.session is not None
        self.session.advance()
        if self.session.finished:
            summary = self.session.summary()
            self.close_session()
            self.show_quiz_screen(EndScreen(self.session, summary))
        else:
            self.show_quiz_screen(QuestionScreen(self.session, ask_confidence=self.confidence))

    def close_session(self) -> None:
        """The quiz is over (finished or abandoned): the recorder hears it once."""
        if self.session is None or self.session_closed:
            return
        self.session_closed = True
        if self.recorder is not None:
            self.recorder.finished(self.session.summary())

    # -- moving between screens ---------------------------------------------------------------

    def show_quiz_screen(self, screen: Screen) -> None:
        """Put `screen` directly above the home screen, replacing any quiz screen there."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 1:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    @on(messages.GoHome)
    def go_home(self) -> None:
        """Back to the home screen."""
        self.close_session()
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_leave_quiz(self) -> None:
        """Back to the home screen, asking first when that would abandon a quiz."""
        if not self.quiz_in_progress:
            self.go_home()
            return
        self.push_screen(
            ConfirmScreen("Leave this quiz?", self.progress_detail(),
                          yes="Leave", no="Keep going"),
            callback=lambda leave: self.go_home() if leave else None,
        )

    def action_request_quit(self) -> None:
        """Quit, asking first when a quiz is in progress; a second quit key while asked quits."""
        if isinstance(self.screen, ConfirmScreen):
            self.close_session()
            self.exit()
            return
        if not self.quiz_in_progress:
            self.exit()
            return
        self.push_screen(
            ConfirmScreen("Quit the quiz?", self.progress_detail(),
                          yes="Quit", no="Keep going"),
            callback=self.quit_if_confirmed,
        )

    def quit_if_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.close_session()
            self.exit()

    def progress_detail(self) -> str:
        assert self.session is not None
        answered, total = len(self.session.answers), len(self.session.items)
        return (f"You have answered {answered} of {total} items. "
                "The quiz ends here if you leave.")

    # -- commands -----------------------------------------------------------------------------

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def action_how_it_works(self) -> None:
        """Explain the kinds of statement of the pack in play (or chosen on the home screen)."""
        if self.session is not None and self.quiz_in_progress:
            self.push_screen(HowItWorksScreen(self.session.pack))
            return
        home = self.screen_stack[0]
        if isinstance(home, HomeScreen):
            pack = home.chosen_pack()
            if pack is not None:
                self.push_screen(HowItWorksScreen(pack))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Toggle dark/light theme", "Switch between the dark and light theme",
                            self.action_toggle_theme)
        if not isinstance(screen, HowItWorksScreen):
            yield SystemCommand("How it works", "The kinds of statement, with typical words",
                                self.action_how_it_works)
        if isinstance(screen, QuestionScreen) and screen.check_action("hint", ()):
            yield SystemCommand("Hint", "The next hint for this item", screen.action_hint)
        if isinstance(screen, EndScreen) and screen.missed:
            yield SystemCommand("Review mistakes", "The feedback for each missed item",
                                screen.action_review_missed)
            yield SystemCommand("Retry missed items", "A new quiz with only the missed items",
                                screen.action_retry)
        if self.quiz_in_progress:
            yield SystemCommand("Leave quiz", "Back to the home screen (asks first)",
                                self.action_leave_quiz)
