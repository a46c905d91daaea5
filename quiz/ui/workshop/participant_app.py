"""A participant's app: what each browser runs (through textual-serve) in a process of its own on
the host, `quiz workshop join SESSION`: the join screen, then one ParticipantScreen.

quiz.commands.workshop.run_join opens the workshop from the store the host serves it from.
Started by the host's server, the app is told of changes through its input (PushedWebDriver) and
asks the store only then; run in a terminal, it follows the store with a thread of its own.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App
from textual.driver import Driver
from textual.drivers.web_driver import WebDriver
from textual.message import Message

from quiz.ui.textual_internals import driver_app, set_input_timeout
from quiz.ui.workshop.join_screen import JoinScreen
from quiz.ui.workshop.participant_screen import ParticipantScreen
from quiz.workshop.follow import CHANGED_META
from quiz.workshop.model import Workshop

# Textual's web driver wakes ten times a second to look for input it could simply wait for; with
# 60 participant apps on one laptop those wake-ups alone would cost more CPU than everything else
# while the room is idle. Input still arrives at once; only a lone escape key waits this long.
INPUT_WAKE_SECONDS = 1.0


class WorkshopPushed(Message):
    """The server says the workshop changed in a way this participant's screen shows."""


class PushedWebDriver(WebDriver):
    """Textual's web driver, waking once a second rather than ten times when nothing comes in,
    and passing the server's change messages to the app."""

    def __init__(self, app: App, **options) -> None:
        super().__init__(app, **options)
        set_input_timeout(self, INPUT_WAKE_SECONDS)

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        if packet_type == CHANGED_META:
            driver_app(self).post_message(WorkshopPushed())
        else:
            super().on_meta(packet_type, payload)


class ParticipantApp(App[None]):
    """One participant of a hosted workshop. No command palette: a participant has nothing to
    do but join and answer."""

    # Absolute, so a subclass elsewhere finds it too.
    CSS_PATH = Path(__file__).parent / "hosted.tcss"
    TITLE = "Who says so? Workshop"
    ENABLE_COMMAND_PALETTE = False
    # Phones are narrow: the answer buttons go one per row below this width (hosted.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]

    def __init__(self, workshop: Workshop, *, follow: bool = True) -> None:
        """`follow`: follow the store with a thread (False when the server pushes changes, or
        when a test calls the screen's sync())."""
        super().__init__()
        self.workshop = workshop
        self.follow = follow

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        return PushedWebDriver if issubclass(driver, WebDriver) else driver

    def on_mount(self) -> None:
        # Pushed rather than the default screen, so that joining can switch it for the next.
        self.push_screen(JoinScreen(self.workshop))

    @on(JoinScreen.Joined)
    def joined(self, event: JoinScreen.Joined) -> None:
        self.switch_screen(ParticipantScreen(self.workshop, event.participant, follow=self.follow))

    @on(WorkshopPushed)
    async def workshop_pushed(self) -> None:
        """Catch up with the workshop (the join screen has nothing to catch up with)."""
        if isinstance(self.screen, ParticipantScreen):
            await self.screen.sync()

