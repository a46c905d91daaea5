"""The facilitator's dashboard: who has joined, who has answered the item on screen, how the room
is answering (counts, never names), and start / reveal / next / back / end with an optional timer.

The dashboard may be on the projector, so it marks the best answer only once it is revealed.
Changes made by participants (in their own processes) arrive through a Follower thread; every
action goes to the workshop model, which checks it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Static

from quiz.core.engine import span_in
from quiz.core.workshop_records import Pace, Participant, Snapshot, State, Step
from quiz.storage.database import StoreError
from quiz.ui.screens.confirm import ConfirmScreen
from quiz.ui.text import shown
from quiz.ui.widgets.passage import PassageView
from quiz.ui.workshop.participant_widgets import Changed, Follower
from quiz.ui.workshop.room_widgets import Countdown, TallyChart
from quiz.workshop.model import Workshop
from quiz.workshop.plan import WorkshopError, format_code

# The timer's length when the workshop was started without --countdown.
DEFAULT_TIMER_SECONDS = 60


@dataclass(frozen=True, slots=True)
class DashboardView:
    """What the dashboard shows at one revision: the snapshot and the item whose answers are
    counted (the current one; with self pace, the one the facilitator chose to look at)."""

    snapshot: Snapshot
    viewed: Step | None
    distribution: dict[str, int]
    total_steps: int

    @property
    def revision(self) -> int:
        return self.snapshot.info.revision


def read_dashboard_view(workshop: Workshop, viewed_position: int = 0) -> DashboardView:
    snapshot = workshop.snapshot()
    steps = len(workshop.steps())
    info = snapshot.info
    if info.pace is Pace.SELF and info.state is not State.LOBBY:
        position = min(max(viewed_position, 0), steps - 1)
        return DashboardView(snapshot, workshop.step(position), workshop.distribution(position),
                             steps)
    return DashboardView(snapshot, snapshot.step, snapshot.distribution, steps)


class DashboardScreen(Screen):
    """The workshop from the facilitator's side. Letters are the commands."""

    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("r", "reveal", "Reveal"),
        Binding("n", "next", "Next"),
        Binding("b", "back", "Back"),
        # Priority: the item panel would otherwise take the arrows to scroll sideways.
        Binding("left", "look(-1)", "Earlier item", key_display="←", priority=True),
        Binding("right", "look(1)", "Later item", key_display="→", priority=True),
        Binding("t", "timer", "Timer"),
        Binding("e", "end", "End"),
        Binding("g", "group_report", "Group report"),
        Binding("q", "leave", "Quit"),
    ]

    def __init__(
        self,
        workshop: Workshop,
        *,
        join_url: str,
        countdown: int | None = None,
        clock: Callable[[], float],
        follow: bool = True,
    ) -> None:
        super().__init__()
        self.workshop = workshop
        self.join_url = join_url
        self.countdown_seconds = countdown
        self.clock = clock
        self.viewed_position = 0  # self pace: the item whose answers are shown
        self.view = self.read_view()
        self.follower = Follower(workshop, self.read_view, self) if follow else None
        self.options = [(c.id, c.label) for c in workshop.pack.categories]
        self.ticking: Timer | None = None
        self.timed_position: int | None = None

    def read_view(self) -> DashboardView:
        return read_dashboard_view(self.workshop, self.viewed_position)

    # -- what is on screen ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="dash-top"):
            yield Static(self.status_line(), id="dash-status")
            yield Countdown(id="countdown")
        with Horizontal(id="dash-main"):
            with VerticalScroll(id="people"):
                yield Static(self.people_heading(), id="people-heading")
                yield Static(self.people_list(), id="people-list")
            with VerticalScroll(id="item"):
                yield from self.item_widgets(self.view)
        yield Static(id="dash-message")
        yield Footer()

    def status_line(self) -> Content:
        info = self.view.snapshot.info
        return Content.assemble(
            (f"Workshop {info.id}", "bold"), " · join at ", (self.join_url, "bold"),
            " with code ", (format_code(info.code), "bold reverse"), " · ",
            f"{len(self.view.snapshot.participants)} of {info.max_participants} joined",
            f" · {info.pace.value} pace",
        )

    def people_heading(self) -> str:
        view = self.view
        joined = len(view.snapshot.participants)
        if view.snapshot.info.pace is Pace.FACILITATOR and view.viewed is not None:
            return f"Answered {len(view.snapshot.answered)} of {joined}"
        return f"Joined: {joined}"

    def people_list(self) -> Content:
        view = self.view
        if not view.snapshot.participants:
            return Content("Nobody yet.")
        lines = [self.person_line(person) for person in view.snapshot.participants]
        return Content("\n").join(lines)

    def person_line(self, person: Participant) -> Content:
        view = self.view
        info = view.snapshot.info
        name = shown(person.name)
        if info.pace is Pace.SELF and info.state is not State.LOBBY:
            progress = ("done" if person.position >= view.total_steps
                        else f"{person.position + 1}/{view.total_steps}")
            return Content.assemble(name, " ", (progress, "dim"))
        if view.viewed is not None:
            if person.id in view.snapshot.answered:
                return Content.assemble(("✓ ", "bold green"), name)
            return Content.assemble(("· ", "dim"), name)
        return name

    def item_widgets(self, view: DashboardView) -> list[Widget]:
        info = view.snapshot.info
        if info.state is State.LOBBY:
            return [
                Static("Waiting for participants", classes="d-title"),
                Static(Content.assemble(
                    "Participants open ", (self.join_url, "bold"), " in a browser and join with "
                    "the code ", (format_code(info.code), "bold reverse"), "."), classes="d-join"),
                Static("Press s to start when everyone is in (latecomers can still join).",
                       classes="d-meta"),
            ]
        if info.state is State.DONE:
            joined = len(view.snapshot.participants)
            return [
                Static("The workshop has ended" + (" early" if info.ended_early else ""),
                       classes="d-title"),
                Static(f"{joined} participants. Press g for the group report; participants "
                       "see their own report and can download it until you quit.",
                       classes="d-text"),
            ]
        step = view.viewed
        assert step is not None
        item = self.workshop.item(step)
        revealed = info.pace is Pace.FACILITATOR and info.state is State.REVEALED
        where = f"Item {step.number} of {view.total_steps} · {step.phase.title}"
        if info.pace is Pace.SELF:
            where += " · each at their own pace (← → to look at another item)"
        elif revealed:
            where += " · revealed"
        elif step.phase.is_check:
            where += " · answers open (a check: no reveal, n moves on)"
        else:
            where += " · answers open"
        widgets: list[Widget] = [
            Static(where, classes="d-title"),
            PassageView(item.passage, span_in(item.passage, item.claim), id="dash-passage"),
            Static(self.answered_line(view), id="answered"),
        ]
        chart = TallyChart(self.options, view.distribution, item.answer if revealed else None,
                           accepted=item.also_accept if revealed else (), id="dash-chart")
        chart.set_class(not revealed, "-unrevealed")
        widgets.append(chart)
        if revealed:
            answer = Content.assemble(("Answer: ", "bold"),
                                      shown(self.workshop.pack.category(item.answer).label))
            if item.also_accept:
                also = ", ".join(self.workshop.pack.category(c).label for c in item.also_accept)
                answer = Content.assemble(answer, " (also accepted: ", shown(also), ")")
            widgets.append(Static(answer, id="dash-answer"))
            if item.discussion:
                widgets.append(Static(Content.assemble(("To discuss: ", "bold"),
                                                       shown(item.discussion)),
                                      id="dash-discussion"))
        return widgets

    def answered_line(self, view: DashboardView) -> str:
        answers = sum(view.distribution.values())
        joined = len(view.snapshot.participants)
        if view.snapshot.info.pace is Pace.SELF:
            return f"Answers to this item so far: {answers} (of {joined} participants)"
        return f"Answered: {answers} of {joined}"

    # -- following the workshop -----------------------------------------------------------------

    def on_mount(self) -> None:
        if self.follower is not None:
            self.follower.start(self.view.revision)

    def on_unmount(self) -> None:
        if self.follower is not None:
            self.follower.stop()
        self.stop_ticking()

    @on(Changed)
    async def changed(self, event: Changed) -> None:
        if event.view.revision >= self.view.revision:
            await self.show(event.view)

    async def sync(self) -> None:
        """Read the workshop now and show it (after the facilitator's own action, and in tests)."""
        await self.show(self.read_view())

    async def show(self, view: DashboardView) -> None:
        old, self.view = self.view, view
        if _layout(old) != _layout(view):
            item = self.query_one("#item", VerticalScroll)
            await item.remove_children()
            await item.mount_all(self.item_widgets(view))
            self.item_shown(view)
        else:
            for chart in self.query("#dash-chart").results(TallyChart):
                chart.counts = dict(view.distribution)
                chart.refresh()
            for line in self.query("#answered").results(Static):
                line.update(self.answered_line(view))
        self.query_one("#dash-status", Static).update(self.status_line())
        self.query_one("#people-heading", Static).update(self.people_heading())
        self.query_one("#people-list", Static).update(self.people_list())
        self.refresh_bindings()

    def item_shown(self, view: DashboardView) -> None:
        """A new item is on screen: with --countdown its timer starts (once per item)."""
        info = view.snapshot.info
        if info.state is not State.QUESTION or info.pace is Pace.SELF:
            if info.state is State.DONE:
                self.stop_timer()
            return
        if self.countdown_seconds and self.timed_position != info.position:
            self.timed_position = info.position
            self.start_timer(self.countdown_seconds)

    def message(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#dash-message", Static)
        line.update(shown(text))
        line.set_class(error, "-error")

    # -- the timer ------------------------------------------------------------------------------

    def start_timer(self, seconds: int) -> None:
        self.query_one(Countdown).start(seconds, self.clock())
        self.stop_ticking()
        self.ticking = self.set_interval(0.5, self.tick)

    def tick(self) -> None:
        countdown = self.query_one(Countdown)
        countdown.tick(self.clock())
        if countdown.deadline is not None and self.clock() >= countdown.deadline:
            self.stop_ticking()  # shows 0:00 until the next item; no need to keep waking

    def stop_ticking(self) -> None:
        if self.ticking is not None:
            self.ticking.stop()
            self.ticking = None

    def stop_timer(self) -> None:
        self.stop_ticking()
        self.query_one(Countdown).stop()

    def action_timer(self) -> None:
        """t: start the timer on this item (again, once it ran out), or stop it while it runs."""
        if self.ticking is not None:
            self.stop_timer()
            self.message("Timer stopped.")
        else:
            self.start_timer(self.countdown_seconds or DEFAULT_TIMER_SECONDS)

    # -- the facilitator's commands -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        info = self.view.snapshot.info
        running = info.state in (State.QUESTION, State.REVEALED)
        facilitated = info.pace is Pace.FACILITATOR
        allowed = {
            "start": info.state is State.LOBBY,
            "reveal": running and facilitated and info.state is State.QUESTION
            and self.view.viewed is not None and not self.view.viewed.phase.is_check,
            "next": running and facilitated,
            "back": running and facilitated and info.position > 0,
            "look": running and not facilitated,
            "timer": running and facilitated,
            "end": info.state is not State.DONE,
            "group_report": info.state is State.DONE,
        }
        return allowed.get(action, True)

    async def act(self, action: Callable[[], object], done: str = "") -> bool:
        try:
            action()
        except (WorkshopError, StoreError) as problem:
            self.message(str(problem), error=True)
            await self.sync()
            return False
        self.message(done)
        await self.sync()
        return True

    async def action_start(self) -> None:
        await self.act(self.workshop.start)

    async def action_reveal(self) -> None:
        await self.act(self.workshop.reveal)

    async def action_next(self) -> None:
        await self.act(self.workshop.next)

    async def action_back(self) -> None:
        await self.act(self.workshop.back)

    async def action_look(self, offset: int) -> None:
        last = self.view.total_steps - 1
        self.viewed_position = min(max(self.viewed_position + offset, 0), last)
        await self.sync()

    @work(exclusive=True, group="confirm")
    async def action_end(self) -> None:
        ended = await self.app.push_screen_wait(ConfirmScreen(
            "End the workshop now?",
            "Answers so far are kept; participants then see their own report.",
            yes="End it", no="Go on"))
        if ended:
            await self.act(self.workshop.end, "The workshop has ended.")

    def action_group_report(self) -> None:
        # only here: the report modules load when the report is asked for, not as the app starts
        from quiz.reports.group import build_group_report
        from quiz.ui.workshop.dashboard_report import GroupReportScreen

        report = build_group_report(self.workshop.record(), self.workshop.pack)
        self.app.push_screen(GroupReportScreen(report))

    @work(exclusive=True, group="confirm")
    async def action_leave(self) -> None:
        """q: stop serving (asks first); a workshop still running is ended."""
        running = self.view.snapshot.info.state is not State.DONE
        question = "End the workshop and stop serving it?" if running else "Stop serving the workshop?"
        detail = ("Answers so far are kept. Participants' browsers will say the session ended, "
                  "so let them download their reports first.")
        if not await self.app.push_screen_wait(ConfirmScreen(question, detail,
                                                             yes="Stop", no="Stay")):
            return
        if running and not await self.act(self.workshop.end):
            return
        self.app.exit()


def _layout(view: DashboardView) -> tuple:
    """What decides the item panel's widgets; counts and names are updated in place."""
    info = view.snapshot.info
    return (info.state, view.viewed.position if view.viewed is not None else None)
