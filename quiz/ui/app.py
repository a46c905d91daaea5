"""QuizApp: the full-screen quiz. It owns the quiz session, the learner and the progress store,
and moves between the screens.

Screens render engine results and post quiz.ui.messages; this module acts on them, records every
answer in the store the moment it is given, offers to resume an interrupted session, and asks
before a quiz in progress is abandoned. Screens not needed for the first question are imported
when first shown, so start-up stays close to a minimal Textual app (benchmarks/bench_startup.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import gc
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from quiz import locations
from quiz.content.pack_files import resolve_pack
from quiz.core.clock import UtcClock, timestamp, utc_now
from quiz.core.engine import Clock, Mode, QuizOptions, QuizSession, select_items
from quiz.core.names import clean_learner_name, default_learner_name
from quiz.core.packs import LoadedPack
from quiz.core.records import AnswerRecord
from quiz.core.wording import counted, local_time
from quiz.storage.database import StoreError
from quiz.storage.settings import Settings
from quiz.storage.settings import remember as remember_settings
from quiz.storage.store import Store
from quiz.ui import messages, palette
from quiz.ui.progress import Progress, Recording
from quiz.ui.screens.home import HomeScreen

if TYPE_CHECKING:
    from quiz.core.engine import Recorder
    from quiz.reports import Report
    from quiz.storage.resume import ResumePlan
    from quiz.ui.screens.item import ItemScreen

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"
REPORT_FORMAT = "html"


class QuizApp(App[None]):
    """The quiz on a terminal: home, questions with feedback in place, results, history."""

    CSS_PATH = "quiz.tcss"
    TITLE = "Who says so?"
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
        learner: str | None = None,
        store: Store | None = None,
        study: bool = False,
        now: UtcClock | None = None,
        settings: Settings | None = None,
    ) -> None:
        """`clock` times each item; `now` (default: the store's clock) decides what is due.

        Without `store`, the store in `data_dir` (or $QUIZ_DATA_DIR, or the platform's data
        folder) is opened here; when it cannot be, the quiz is still played, without saving.
        `recorder` hears every answer too (besides the store). `study` opens in Study mode.
        `settings` (as read from the data folder) are remembered choices: the theme applies here,
        and the learner, mode, "how sure?" setting and theme chosen are remembered for next
        time; without them nothing is remembered (tests, embedding).
        """
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
        self.learner = clean_learner_name(learner) if learner else default_learner_name()
        self.start_in_study = study
        failure = {"on_failure": self.store_failed, "now": now}
        self.progress = (Progress(store, **failure) if store is not None
                         else Progress.open(data_dir, **failure))
        self.session: QuizSession | None = None
        self.session_mode: Mode = self.options.mode
        self.session_closed = True
        # Records the session in the store (for a new or a resumed run); None when nothing can
        # be saved.
        self.recording: Recording | None = None
        self.item_screen: ItemScreen | None = None
        self.settings = settings
        if settings is not None and settings.theme is not None:
            self.theme = settings.theme

    def remember(self, **changes: object) -> None:
        """Keep a choice for the next launch (when this app remembers settings at all)."""
        if self.settings is not None:
            self.settings = remember_settings(self.data_dir, **changes)

    def run(self, *args, **kwargs):  # type: ignore[override]
        # Everything alive by now (modules, classes, the pack) lives as long as the app. Frozen,
        # the collector stops walking it: that saves a full collection (~15 ms) during start-up.
        # Only here, not in __init__: tests build many apps in one process with run_test.
        gc.freeze()
        return super().run(*args, **kwargs)

    def get_default_screen(self) -> Screen:
        return HomeScreen(self.pack_path, mode=Mode.STUDY if self.start_in_study
                          else self.options.mode, confidence=self.confidence,
                          data_dir=self.data_dir,
                          read_figures=lambda pack: self.progress.study_figures(self.learner, pack))

    def on_mount(self) -> None:
        if self.progress.notice:
            self.notify(self.progress.notice, title="Progress file replaced", severity="warning",
                        timeout=30, markup=False)
        if self.progress.problem is not None:
            self.notify(f"{self.progress.problem}. You can still play; nothing will be saved.",
                        title="Progress is not being saved", severity="error", timeout=30,
                        markup=False)

    def on_unmount(self) -> None:
        self.progress.close()

    @property
    def quiz_in_progress(self) -> bool:
        """A quiz has started and its results have not been shown yet."""
        return self.session is not None and not self.session_closed

    @property
    def saving(self) -> bool:
        """Answers are being saved (the store opened and has not failed)."""
        return self.progress.saving

    @property
    def store_problem(self) -> str | None:
        """Why progress is not being saved, or None."""
        return self.progress.problem

    # -- the store ------------------------------------------------------------------------------

    def store_failed(self, error: StoreError) -> None:
        """The store stopped working mid-run (Progress closed it): say so once, then carry on
        without saving."""
        self.recording = None
        self.notify(f"{error}. The quiz goes on, but answers from now on are not saved.",
                    title="Progress is not being saved", severity="error", timeout=30,
                    markup=False)
        self.refresh_home()

    def refresh_home(self) -> None:
        home = self.screen_stack[0]
        if isinstance(home, HomeScreen):
            home.show_store_state()

    def set_learner(self, name: str | None) -> None:
        """The learner chosen on the home screen (None: unchanged); the home screen shows their
        figures (learners may also have been renamed or removed meanwhile)."""
        if name is not None and name != self.learner:
            self.learner = clean_learner_name(name)
            self.remember(learner=self.learner)
        self.refresh_home()

    # -- starting a session ---------------------------------------------------------------------

    @on(messages.StartQuiz)
    def start_quiz(self, message: messages.StartQuiz) -> None:
        """Start a quiz with what the home screen chose (the command-line filters still apply),
        after offering to continue an interrupted one."""
        options = dataclasses.replace(self.options, mode=message.mode)
        if not select_items(message.pack, options):
            self.notify("No items in this pack match the quiz options.", severity="error",
                        markup=False)
            return
        self.confidence = message.confidence
        self.remember(mode=message.mode.value, confidence=message.confidence)
        self.offer_resume_then(message.pack, lambda: self.begin(
            QuizSession(message.pack, options, clock=self.clock), mode=message.mode))

    @on(messages.StartStudy)
    def start_study(self, message: messages.StartStudy) -> None:
        """A study run: the items due for review, then new ones, in schedule order; a practice
        run when nothing is due and every item has been seen."""
        if not self.progress.saving:
            return
        self.confidence = message.confidence
        self.remember(mode=Mode.STUDY.value, confidence=message.confidence)

        def begin_study() -> None:
            items = self.progress.study_items(self.learner, message.pack)
            if items is None:
                return
            if not items:
                self.begin(QuizSession(message.pack, dataclasses.replace(
                    self.options, mode=Mode.PRACTICE), clock=self.clock), mode=Mode.PRACTICE)
                return
            # Schedule order (the longest overdue first), which select_items would re-sort.
            session = QuizSession.resume(message.pack, [item.id for item in items], [],
                                         QuizOptions(), self.clock)
            self.begin(session, mode=Mode.STUDY)

        self.offer_resume_then(message.pack, begin_study)

    def offer_resume_then(
        self, pack: LoadedPack, start_new: Callable[[], None] | None = None
    ) -> None:
        """Offer an interrupted session of `pack` first; `start_new` (if any) runs when there is
        none or the reader starts afresh. Escape leaves both for later."""
        plan = self.progress.resume_offer(self.learner, pack)
        if plan is None:
            if start_new is not None:
                start_new()
            return

        def decided(resume: bool | None) -> None:
            if resume:
                self.resume(plan, pack)
            elif resume is False:
                self.decline_resume(plan)
                if start_new is not None:
                    start_new()

        self.push_resume_offer(plan, pack, decided)

    @on(messages.OfferResume)
    def offer_resume_at_start(self, message: messages.OfferResume) -> None:
        """On opening: the interrupted session of the first pack, if any (declining stays home).

        Not once a quiz has started: a reader quick to press Start gets the offer then.
        """
        if self.session is None:
            self.offer_resume_then(message.pack)

    def push_resume_offer(
        self, plan: ResumePlan, pack: LoadedPack, decided: Callable[[bool | None], None]
    ) -> None:
        # only here: a screen loads when first shown
        from quiz.ui.screens.confirm import ConfirmScreen

        answered, total = plan.progress
        self.push_screen(
            ConfirmScreen(f"Continue where you left off, {answered} / {total}?",
                          resume_details(plan, pack), yes="Continue", no="Start afresh",
                          escape_answer=None, default_yes=True),
            callback=decided,
        )

    def decline_resume(self, plan: ResumePlan) -> None:
        if not self.progress.decline(plan):
            return
        self.notify("Starting afresh; the unfinished session stays in your history.",
                    markup=False)

    def resume(self, plan: ResumePlan, pack: LoadedPack) -> None:
        """Continue an interrupted session under its own id, options and confidence setting."""
        recording = self.progress.resumed_run(plan)
        if recording is None:
            if self.progress.busy:
                self.notify("That run is being played in another window, so it stays there; "
                            "start a new one here.", title="Already open", severity="warning",
                            timeout=10, markup=False)
            return
        self.confidence = bool(plan.session.options.get("confidence", self.confidence))
        self.begin(plan.quiz_session(pack, self.clock), mode=_stored_mode(plan.session.mode),
                   recording=recording)

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
        mode = self.session_mode if self.session_mode is not Mode.STUDY else options.mode
        self.begin(QuizSession(self.session.pack, options, clock=self.clock), mode=mode)

    def begin(
        self, session: QuizSession, *, mode: Mode, recording: Recording | None = None
    ) -> None:
        from quiz.ui.screens.item import (
            ItemScreen,  # only here: a screen loads when first shown
        )

        self.session = session
        self.session_mode = mode
        self.session_closed = False
        self.recording = recording
        self.item_screen = ItemScreen(session, ask_confidence=self.confidence, mode=mode)
        self.show_quiz_screen(self.item_screen)
        if recording is None and self.progress.saving:
            # While the reader reads the first item, not on the way to showing it.
            self.call_after_refresh(self.prepare_recording, session)

    def prepare_recording(self, session: QuizSession) -> None:
        """The store's recorder for a new session (its row is written with the first answer,
        so a quiz left before any answer leaves no empty session in the history)."""
        if self.recording is None and session is self.session:
            self.recording = self.progress.new_run(
                self.learner, session, mode=self.session_mode,
                extra={"confidence": self.confidence})

    # -- answering ------------------------------------------------------------------------------

    @on(messages.Answered)
    def record_answer(self, message: messages.Answered) -> None:
        """Score the answer, save it, then show the feedback in place (Practice, Study) or move
        on (Check)."""
        session = self.session
        # A key pressed twice can arrive after the screen has moved on: answer only what was asked.
        if (session is None or session.finished or session.current.id != message.item_id
                or session.current_answered):
            return
        item = session.current
        feedback = session.answer(message.choice, message.confidence)
        if self.recording is None:
            self.prepare_recording(session)
        if self.recording is not None:
            self.recording.answered(item, feedback)
        if self.recorder is not None:
            self.recorder.answered(item, feedback)
        if session.options.mode is Mode.PRACTICE and self.item_screen is not None:
            self.item_screen.show_feedback(feedback)
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
            from quiz.ui.screens.end import (
                EndScreen,  # only here: a screen loads when first shown
            )

            summary = self.session.summary()
            self.close_session()
            self.item_screen = None
            self.show_quiz_screen(EndScreen(self.session, summary, self.session_report(),
                                            mode=self.session_mode))
        elif self.item_screen is not None:
            self.item_screen.show_item()

    def close_session(self) -> None:
        """The quiz is over (finished or abandoned): the recorders hear it once."""
        if self.session is None or self.session_closed:
            return
        self.session_closed = True
        summary = self.session.summary()
        if self.recording is not None:
            self.recording.finished(summary)
        if self.recorder is not None:
            self.recorder.finished(summary)

    # -- reports ----------------------------------------------------------------------------------

    def session_report(self) -> Report | None:
        """The score report of the session just played: from the store (as `quiz report` would
        make it), or from the answers in memory when nothing was saved."""
        # only here: reports load at the end of a quiz
        from quiz.reports import build_report, report_for_sessions

        session = self.session
        if session is None or not session.answers:
            return None
        session_id = self.recording.session_id if self.recording is not None else None
        if session_id is not None:
            record = self.progress.session(session_id)
            if record is not None and record.answers:
                return report_for_sessions([record], session.pack, learner=self.learner)
        return build_report(unsaved_answers(session, self.learner, utc_now()), [],
                            session.pack, learner=self.learner)

    def reports_folder(self) -> Path:
        return locations.data_dir(self.data_dir) / "reports"

    @on(messages.SaveReport)
    def report_to_save(self, message: messages.SaveReport) -> None:
        self.save_report(message.report)

    def save_report(self, report: Report) -> Path | None:
        """Write `report` as HTML into the data folder's reports/ folder; say where, as text."""
        from quiz.reports import suggested_filename, write_report  # only here: as above

        folder = self.reports_folder()
        path = folder / suggested_filename(report, REPORT_FORMAT)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_report(report, REPORT_FORMAT, path)
        except OSError as error:
            self.notify(f"Could not save the report to {path}: {error.strerror or error}",
                        title="Report not saved", severity="error", timeout=20, markup=False)
            return None
        # Long enough to read the path; short enough not to sit over the end screen's buttons.
        self.notify(str(path), title="Report saved", timeout=8, markup=False)
        return path

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """Screenshots (the palette's "Save screenshot") go into the data folder's
        screenshots/ folder, made when needed, written as every file is (a temporary file,
        then a rename) and never over an existing one: Textual's default, the Downloads
        folder, is missing on many machines, and its delivery then fails without saying why.
        Returns the path written, or None (the reason is notified)."""
        from quiz.content.files import write_text  # only here: a screenshot is rare

        folder = Path(path) if path else locations.data_dir(self.data_dir) / "screenshots"
        moment = dt.datetime.now().strftime(time_format or "%Y-%m-%d %H-%M-%S")
        target = folder / (filename or f"who-says-so {moment}.svg")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if target.exists():
                raise FileExistsError(errno.EEXIST, "a file of that name is already there")
            write_text(target, self.export_screenshot(), encoding="utf-8")
        except OSError as error:
            self.notify(f"Could not save {target}: {error.strerror or error}",
                        title="Screenshot not saved", severity="error", markup=False)
            return None
        self.notify(str(target), title="Screenshot saved", markup=False)
        return str(target)

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
        self.item_screen = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.refresh_home()

    @on(messages.LeaveQuiz)
    def action_leave_quiz(self) -> None:
        """Back to the home screen, asking first when that would abandon a quiz."""
        # only here: a screen loads when first shown
        from quiz.ui.screens.confirm import ConfirmScreen

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
        # only here: a screen loads when first shown
        from quiz.ui.screens.confirm import ConfirmScreen

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
        if self.progress.saving and answered:
            kept = ("Your answers are saved: start this pack again to continue where you "
                    "left off.")
        else:
            kept = "The quiz ends here if you leave."
        return f"You have answered {answered} of {total} items. {kept}"

    # -- commands -----------------------------------------------------------------------------

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME
        self.remember(theme=self.theme)

    def action_how_it_works(self) -> None:
        """Explain the kinds of statement of the pack in play (or chosen on the home screen)."""
        home = self.screen_stack[0]
        if self.quiz_in_progress or not isinstance(home, HomeScreen):
            self.how_it_works(messages.ShowHowItWorks())
        else:
            self.how_it_works(messages.ShowHowItWorks(home.chosen_pack()))

    @on(messages.ShowHowItWorks)
    def how_it_works(self, message: messages.ShowHowItWorks) -> None:
        # only here: a screen loads when first shown
        from quiz.ui.screens.how_it_works import HowItWorksScreen

        if self.session is not None and self.quiz_in_progress:
            self.push_screen(HowItWorksScreen(self.session.pack))
        elif message.pack is not None:
            self.push_screen(HowItWorksScreen(message.pack))

    @on(messages.ShowHistory)
    def show_history(self, message: messages.ShowHistory) -> None:
        self.action_history(message.pack)

    def action_history(self, pack: LoadedPack) -> None:
        """The learner's past sessions with `pack`, their trends and the report over all."""
        from quiz.ui.screens.history import (  # only here: first shown
            HistoryScreen,
            HistoryView,
        )

        if not self.progress.saving:
            self.notify(f"There is no history to show: {self.store_problem}.",
                        severity="error", markup=False)
            return
        view = self.progress.read(lambda store: HistoryView.read(store, self.learner, pack))
        if view is not None:
            self.push_screen(HistoryScreen(view))

    @on(messages.ReviewPack)
    def review_pack(self, message: messages.ReviewPack) -> None:
        """The review of a pack's drafts; back home, the pack is read again (and played, if
        the reviewer chose to)."""
        # only here: the review loads when first opened
        from quiz.content.review.session import ReviewError, ReviewSession
        from quiz.ui.review.screen import ReviewScreen

        try:
            session = ReviewSession.open(Path(message.path))
        except ReviewError as error:
            self.notify(str(error), title="Cannot review", severity="error", markup=False)
            return

        def reviewed(choice: str | None) -> None:
            home = self.screen_stack[0]
            if isinstance(home, HomeScreen):
                home.pack_reviewed()
                if choice == "play":
                    home.action_start()

        self.push_screen(ReviewScreen(session), callback=reviewed)

    @on(messages.ChangeLearner)
    def action_change_learner(self) -> None:
        """Pick another learner, or add one by name."""
        from quiz.ui.screens.learner import (
            LearnerScreen,  # only here: a screen loads when shown
        )

        self.push_screen(LearnerScreen(self.learner, self.progress), callback=self.set_learner)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from palette.quiz_commands(self, screen)


def _stored_mode(mode: str) -> Mode:
    """A session's recorded mode; one this version does not know is played as practice."""
    try:
        return Mode(mode)
    except ValueError:
        return Mode.PRACTICE


def resume_details(plan: ResumePlan, pack: LoadedPack) -> str:
    """What the resume question says about the interrupted session (pack titles are content:
    the dialog shows this as text)."""
    lines = [f"You have an unfinished {plan.session.mode} session of “{pack.pack.title}”, "
             f"started {local_time(plan.session.started_at)}."]
    if plan.changed:
        lines.append(f"{counted(len(plan.changed), 'item')} changed since you answered and will "
                     "be asked again.")
    if plan.dropped:
        lines.append(f"{counted(len(plan.dropped), 'item')} no longer in the pack will be skipped.")
    lines.append("Starting afresh keeps the unfinished session in your history.")
    return " ".join(lines)


def unsaved_answers(
    session: QuizSession, learner: str, answered_at: dt.datetime
) -> list[AnswerRecord]:
    """The session's answers as records, for a report when none could be saved."""
    by_id = {item.id: item for item in session.items}
    return [
        AnswerRecord.of_feedback(f, by_id[f.item_id], session_id=0, learner=learner,
                                 pack_id=session.pack.pack.id, answered_at=timestamp(answered_at))
        for f in session.answers
    ]
