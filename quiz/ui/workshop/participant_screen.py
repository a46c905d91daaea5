"""A participant's screen from the lobby to their own report: it follows the workshop (the
facilitator's item, or their own pace), takes their answer and shows the reveal.

What it shows comes from quiz.workshop.participant_view, which holds nothing about an item's
answer before the reveal; this screen adds only labels and buttons. Every action goes to the
workshop model, which checks it against the state as stored.
"""

from __future__ import annotations

import io

from rich.console import Group
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from quiz.core.workshop_records import EventKind, Pace, Participant, State
from quiz.storage.database import StoreError
from quiz.ui.messages import Choice
from quiz.ui.text import shown
from quiz.ui.widgets.passage import PassageView
from quiz.ui.workshop.participant_widgets import (
    QUESTION,
    AnswerPad,
    Changed,
    Follower,
    RevealView,
    room_heading,
)
from quiz.ui.workshop.room_widgets import TallyChart
from quiz.workshop.follow import PUSHED_KINDS
from quiz.workshop.model import Workshop
from quiz.workshop.participant_view import (
    ParticipantView,
    participant_report,
    participant_view,
    report_filename,
)
from quiz.workshop.plan import WorkshopError

MAX_CHOICE_KEYS = 9


def people(count: int) -> str:
    return "1 person has joined" if count == 1 else f"{count} people have joined"


class ParticipantScreen(Screen):
    """One participant's view of the workshop. Digits answer; r and n are for self pace."""

    BINDINGS = [
        *[Binding(str(n), f"choose({n})", "Answer", show=False)
          for n in range(1, MAX_CHOICE_KEYS + 1)],
        Binding("r", "reveal", "Show the answer"),
        Binding("n", "next", "Next item"),
        Binding("d", "download", "Download my report"),
    ]

    def __init__(self, workshop: Workshop, participant: Participant, *, follow: bool = True) -> None:
        super().__init__()
        self.workshop = workshop
        self.participant = participant
        self.view: ParticipantView = self.read_view()
        # Other participants' answers change nothing here before the facilitator's next move.
        self.follower = (Follower(workshop, self.read_view, self,
                                  kinds=PUSHED_KINDS | {EventKind.JOINED}) if follow else None)
        self.choices = [(c.id, c.label) for c in workshop.pack.categories]

    def read_view(self) -> ParticipantView:
        return participant_view(self.workshop, self.participant.id)

    # -- what is on screen ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self.top_line(), id="who")
        with VerticalScroll(id="body"):
            yield from self.body_widgets(self.view)
        yield Static(id="note")
        yield Footer()

    def top_line(self) -> Content:
        view = self.view
        if view.finished:
            where = "finished"
        elif view.question is not None:
            where = f"item {view.question.number} of {view.question.total}"
            if view.question.phase.is_check:
                where += f" · {view.question.phase.title}"
        else:
            where = "waiting to start"
        return Content.assemble(shown(self.participant.name).stylize("bold"), f" · {where}")

    def body_widgets(self, view: ParticipantView) -> list[Widget]:
        if view.finished:
            return self.finished_widgets(view)
        if view.question is None:
            return [
                Static(shown(view.title), classes="p-title"),
                Static(Content.assemble(
                    "Welcome, ", shown(self.participant.name),
                    ". The facilitator will start soon: this screen changes by itself."),
                    classes="p-text"),
                Static(people(view.joined), id="joined", classes="p-meta"),
            ]
        if view.reveal is not None:
            widgets: list[Widget] = [RevealView(self.workshop.pack, view.reveal, id="reveal")]
            if view.pace is Pace.SELF:
                widgets.append(Button(Content.assemble(("n", "bold"), " Next item"), id="next",
                                      variant="primary"))
            else:
                widgets.append(Static("The facilitator moves on when the room is ready.",
                                      classes="p-meta"))
            return widgets
        question = view.question
        widgets = []
        if question.phase.is_check:
            widgets.append(Static(f"{question.phase.title}: answer on your own; the answers "
                                  "come after the workshop.", classes="p-phase"))
        widgets += [
            Static(QUESTION, classes="p-question"),
            PassageView(question.passage, question.claim, id="passage"),
            AnswerPad(self.choices, view.chosen, id="answers"),
            Static(self.answer_status(view), id="answer-status", classes="p-meta"),
        ]
        if view.pace is Pace.SELF:
            if question.phase.is_check:
                widgets.append(Button(Content.assemble(("n", "bold"), " Next item"), id="next",
                                      variant="primary", disabled=view.chosen is None))
            else:
                widgets.append(Button(Content.assemble(("r", "bold"), " Show the answer"),
                                      id="reveal-button", variant="primary",
                                      disabled=view.chosen is None))
        return widgets

    def answer_status(self, view: ParticipantView) -> Content:
        if view.chosen is None:
            return Content("Press a number, or click an answer.")
        label = self.workshop.pack.category(view.chosen).label
        assert view.question is not None
        if view.pace is Pace.SELF:
            until = ("until you move on" if view.question.phase.is_check
                     else "until you ask for the answer")
        else:
            until = ("until the facilitator moves on" if view.question.phase.is_check
                     else "until the answer is shown")
        return Content.assemble("Your answer: ", shown(label).stylize("bold"),
                                f". You can change it {until}.")

    def finished_widgets(self, view: ParticipantView) -> list[Widget]:
        # only here: the report modules load when the participant finishes, not as the app starts
        from quiz.reports.render_text import renderables

        if view.state is State.DONE:
            heading = "The workshop has ended. Thank you for taking part!"
        else:
            heading = ("You have answered every item. The others are still going; "
                       "your report is below.")
        report = participant_report(self.workshop, self.participant.id)
        return [
            Static(heading, classes="p-title"),
            Button(Content.assemble(("d", "bold"), " Download my report (HTML)"), id="download",
                   variant="primary"),
            Static(Group(*renderables(report)), id="report"),
        ]

    # -- following the workshop -----------------------------------------------------------------

    def on_mount(self) -> None:
        if self.follower is not None:
            self.follower.start(self.view.revision)

    def on_unmount(self) -> None:
        if self.follower is not None:
            self.follower.stop()

    @on(Changed)
    async def changed(self, event: Changed) -> None:
        """The follower read a new view; an older one than shown is dropped."""
        if event.view.revision >= self.view.revision:
            await self.show(event.view)

    async def sync(self) -> None:
        """Read the workshop now and show it (after our own action, and in tests)."""
        await self.show(self.read_view())

    async def show(self, view: ParticipantView) -> None:
        old, self.view = self.view, view
        if _layout(old) != _layout(view):
            body = self.query_one("#body", VerticalScroll)
            await body.remove_children()
            await body.mount_all(self.body_widgets(view))
            body.scroll_home(animate=False)
        else:
            self._update_in_place(view)
        self.query_one("#who", Static).update(self.top_line())
        self.refresh_bindings()

    def _update_in_place(self, view: ParticipantView) -> None:
        if view.question is None and not view.finished:
            for joined in self.query("#joined").results(Static):
                joined.update(people(view.joined))
        if view.question is not None and view.reveal is None:
            # A changed answer: mark it where it is, so the page does not jump to the top.
            for pad in self.query("#answers").results(AnswerPad):
                pad.mark(view.chosen)
            for status in self.query("#answer-status").results(Static):
                status.update(self.answer_status(view))
            for button in self.query("#next, #reveal-button").results(Button):
                button.disabled = view.chosen is None
        if view.reveal is not None:
            for chart in self.query("#room-chart").results(TallyChart):
                chart.counts = dict(view.reveal.room)
                chart.refresh()
            for heading in self.query(".room-heading").results(Static):
                heading.update(room_heading(view.reveal.room))

    def note(self, text: str | Content = "") -> None:
        self.query_one("#note", Static).update(shown(text) if isinstance(text, str) else text)

    # -- what the participant does --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if action == "choose":
            return view.can_answer
        if action == "reveal":
            return view.can_reveal
        if action == "next":
            return view.can_move_on
        if action == "download":
            return view.finished
        return True

    async def action_choose(self, number: int) -> None:
        if 1 <= number <= len(self.choices):
            await self.answer(self.choices[number - 1][0])

    @on(Choice, "#answers")
    async def chosen(self, event: Choice) -> None:
        event.stop()
        await self.answer(event.value)

    async def answer(self, choice: str) -> None:
        view = self.view
        if not view.can_answer or view.question is None:
            return
        if await self.act(lambda: self.workshop.answer(self.participant.id, choice,
                                                       position=view.question.position)):
            self.note()

    @on(Button.Pressed, "#reveal-button")
    async def action_reveal(self) -> None:
        if self.view.can_reveal:
            await self.act(lambda: self.workshop.participant_reveal(self.participant.id))

    @on(Button.Pressed, "#next")
    async def action_next(self) -> None:
        if self.view.can_move_on:
            await self.act(lambda: self.workshop.participant_next(self.participant.id))

    async def act(self, action) -> bool:
        """Do one thing to the workshop; its refusal (the item was just revealed, ...) is shown
        as a note, and the screen catches up with the workshop either way."""
        try:
            action()
        except (WorkshopError, StoreError) as problem:
            self.note(str(problem))
            await self.sync()
            return False
        await self.sync()
        return True

    @on(Button.Pressed, "#download")
    def action_download(self) -> None:
        """The participant's own report as an HTML file: a download in the browser."""
        # only here: the report modules load when the participant finishes, not as the app starts
        from quiz.reports import render

        if not self.view.finished:
            return
        report = participant_report(self.workshop, self.participant.id)
        html = render(report, "html").encode("utf-8")
        filename = report_filename(self.workshop.id, self.participant.name)
        self.app.deliver_binary(io.BytesIO(html), save_filename=filename, mime_type="text/html")
        self.note(f"Your report ({filename}) is on its way to your downloads.")


def _layout(view: ParticipantView) -> tuple:
    """What decides the screen's widgets; anything else is updated in place."""
    position = view.question.position if view.question is not None else None
    return (view.state, view.finished, position, view.reveal is not None,
            view.reveal.answered if view.reveal else None)
