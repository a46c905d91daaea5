"""The quiz's own commands in the command palette (ctrl+p), by screen: the theme, how it works,
the learner and history on the home screen, a hint, the end screen's ways on, leaving a quiz.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from quiz.ui.screens.home import HomeScreen

if TYPE_CHECKING:
    from quiz.ui.app import QuizApp


def quiz_commands(app: QuizApp, screen: Screen) -> Iterator[SystemCommand]:
    """The palette's commands for `screen`, after Textual's own."""
    # Only here: the screens load when first shown (start-up, bench_startup.py).
    from quiz.ui.screens.end import EndScreen
    from quiz.ui.screens.how_it_works import HowItWorksScreen
    from quiz.ui.screens.item import ItemScreen

    yield SystemCommand("Toggle dark/light theme", "Switch between the dark and light theme",
                        app.action_toggle_theme)
    if not isinstance(screen, HowItWorksScreen):
        yield SystemCommand("How it works", "The kinds of statement, with typical words",
                            app.action_how_it_works)
    if isinstance(screen, HomeScreen):
        yield SystemCommand("Change learner", "Pick another learner or add one",
                            app.action_change_learner)
        yield SystemCommand("History", "Your past sessions with this pack",
                            screen.action_history)
    if isinstance(screen, ItemScreen) and screen.check_action("hint", ()):
        yield SystemCommand("Hint", "The next hint for this item", screen.action_hint)
    if isinstance(screen, EndScreen):
        if screen.missed:
            yield SystemCommand("Review mistakes", "The feedback for each missed item",
                                screen.action_review_missed)
            yield SystemCommand("Retry missed items", "A new quiz with only the missed items",
                                screen.action_retry)
        if screen.report is not None:
            yield SystemCommand("Save report", "Write the score report as an HTML file",
                                screen.action_save_report)
    if app.quiz_in_progress:
        yield SystemCommand("Leave quiz", "Back to the home screen (asks first)",
                            app.action_leave_quiz)
