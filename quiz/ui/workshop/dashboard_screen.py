"""The facilitator's dashboard: how to join (URL, code in large digits, QR code), who has joined,
who is connected, who dropped and who has answered the item on screen, how the room is
answering (counts, never names; hidden until the reveal if asked), requests to continue on a
new device, and start / reveal / next / back / end / remove with an optional timer.

The dashboard may be on the projector, so it marks the best answer only once it is revealed.
Changes made by participants (through the web host in this process) arrive through a Follower
thread; every action goes to the workshop model, which checks it, and then to the web host
(`poke`), which tells every page at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

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
from quiz.ui.workshop.dashboard_dialogs import END, PAUSE, LeaveScreen, RemoveScreen
from quiz.ui.workshop.follower import Changed, Follower
from quiz.ui.workshop.join_panel import JoinPanel
from quiz.ui.workshop.room_widgets import Countdown, TallyChart
from quiz.workshop.model import Workshop
from quiz.workshop.plan import WorkshopError, format_code
from quiz.workshop.web_room import HostStatus

# The timer's length when the workshop was started without --countdown.
DEFAULT_TIMER_SECONDS = 60


class Host(Protocol):
    """What the dashboard needs of the web host (quiz.workshop.web_host.WebHost)."""

    def status(self) -> HostStatus: ...
    def poke(self) -> None: ...
    def decide(self, request_id: int, allow: bool) -> None: ...


@dataclass(frozen=True, slots=True)
class DashboardView:
    """What the dashboard shows at one revision: the snapshot and the item whose answers are
    counted (the current one; with self pace, the one the facilitator chose to look at)."""

    snapshot: Snapshot
    viewed: Step | None
    distribution: dict[str, int]
    total_steps: int
    host: HostStatus | None = None  # None: no web host (tests, a preview)

    @property
    def revision(self) -> int:
        return self.snapshot.info.revision


def read_dashboard_view(
    workshop: Workshop, viewed_position: int = 0, host: HostStatus | None = None
) -> DashboardView:
    snapshot = workshop.snapshot()
    steps = len(workshop.steps())
    info = snapshot.info
    if info.pace is Pace.SELF and info.state is not State.LOBBY:
        position = min(max(viewed_position, 0), steps - 1)
        return DashboardView(snapshot, workshop.step(position), workshop.distribution(position),
                             steps, host)
    return DashboardView(snapshot, snapshot.step, snapshot.distribution, steps, host)


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
        Binding("a", "decide(True)", "Let in"),
        Binding("d", "decide(False)", "Refuse"),
        Binding("x", "remove", "Remove someone"),
        Binding("h", "hide_counts", "Hide counts"),
        Binding("j", "join_panel", "Join panel"),
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
        host: Host | None = None,
        hide_counts: bool = False,
    ) -> None:
        super().__init__()
        self.workshop = workshop
        self.join_url = join_url
        self.countdown_seconds = countdown
        self.clock = clock
        self.host = host
        self.hide_counts = hide_counts
        self.show_join = False  # the join panel beside the item, once the workshop runs
        self.viewed_position = 0  # self pace: the item whose answers are shown
        self.view = self.read_view()
        self.follower = (Follower(workshop, self.read_view, self,
                                  also=(lambda: host.status().version) if host else None)
                         if follow else None)
        self.options = [(c.id, c.label) for c in workshop.pack.categories]
        self.ticking: Timer | None = None
        self.timed_position: int | None = None

    def read_view(self) -> DashboardView:
        status = self.host.status() if self.host is not None else None
        return read_dashboard_view(self.workshop, self.viewed_position, status)

    # -- what is on screen ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="dash-top"):
            yield Static(self.status_line(), id="dash-status")
            yield Static(self.join_line(), id="dash-join")
            yield Countdown(id="countdown")
        yield Static(self.requests_text(), id="requests")
        with Horizontal(id="dash-main"):
            with VerticalScroll(id="people"):
                yield Static(self.people_heading(), id="people-heading")
                yield Static(self.people_list(), id="people-list")
            with VerticalScroll(id="item"):
                yield from self.item_widgets(self.view)
            with VerticalScroll(id="join-side"):
                yield JoinPanel(self.join_url, self.view.snapshot.info.code, id="side-panel")
        yield Static(id="dash-message")
        yield Footer()

    def status_line(self) -> Content:
        info = self.view.snapshot.info
        joined = len(self.view.snapshot.participants)
        parts: list = [(f"Workshop {info.id}", "bold"), f" · {joined} of {info.max_participants} "
                       f"joined · {info.pace.value} pace"]
        status = self.view.host
        if status is not None and (status.limited or status.wrong_codes):
            refused = status.limited + status.wrong_codes
            parts.append((f" · {refused} join attempt{'s' if refused != 1 else ''} refused",
                          "bold"))
        return Content.assemble(*parts)

    def join_line(self) -> Content:
        return Content.assemble(self.join_url, " · code ",
                                (format_code(self.view.snapshot.info.code), "bold reverse"))

    def requests_text(self) -> Content:
        status = self.view.host
        if status is None or not status.pending:
            return Content("")
        first = status.pending[0]
        more = len(status.pending) - 1
        return Content.assemble(
            shown(first.name), (" wants to rejoin from a new device: allow?", "bold"), "  ",
            ("a", "bold reverse"), " let in  ", ("d", "bold reverse"), " refuse",
            f"  ({more} more waiting)" if more else "")

    def people_heading(self) -> str:
        view = self.view
        joined = len(view.snapshot.participants)
        if view.snapshot.info.pace is Pace.FACILITATOR and view.viewed is not None:
            heading = f"Answered {len(view.snapshot.answered)} of {joined}"
        else:
            heading = f"Joined: {joined}"
        status = view.host
        if status is not None and joined:
            ids = {p.id for p in view.snapshot.participants}
            heading += (f"\n{len(ids & status.connected)} connected, "
                        f"{len(ids & status.dropped)} dropped")
        return heading

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
        status = view.host
        if status is not None and person.id in status.dropped:
            name = Content.assemble(name, (" · dropped", "dim italic"))
        elif status is not None and person.id not in status.connected:
            name = Content.assemble(name, (" · not connected", "dim italic"))
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
                JoinPanel(self.join_url, info.code, id="lobby-panel"),
                Static("Press s to start when everyone is in (latecomers can still join).",
                       classes="d-meta"),
            ]
        if info.state is State.DONE:
            joined = len(view.snapshot.participants)
            return [
                Static("The workshop has ended" + (" early" if info.ended_early else ""),
                       classes="d-title"),
                Static(f"{_participants(joined)}. Press g for the group report; participants "
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
        hidden = Static("The counts are hidden until the reveal (h shows them).",
                        id="counts-hidden", classes="d-meta")
        chart.display = not (self.hide_counts and not revealed)
        hidden.display = not chart.display
        widgets.append(hidden)
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
            return f"Answers to this item so far: {answers} (of {_participants(joined)})"
        return f"Answered: {answers} of {joined}"

    # -- following the workshop -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.query_one("#join-side").display = False
        self.query_one("#requests").display = bool(self.view.host and self.view.host.pending)
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
        requests = self.query_one("#requests", Static)
        requests.update(self.requests_text())
        requests.display = bool(view.host and view.host.pending)
        self.query_one("#people-heading", Static).update(self.people_heading())
        self.query_one("#people-list", Static).update(self.people_list())
        self.query_one("#join-side").display = (self.show_join
                                                and view.snapshot.info.state is not State.LOBBY)
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
            "decide": bool(self.view.host and self.view.host.pending),
            "remove": bool(self.view.snapshot.participants) and info.state is not State.DONE,
            "hide_counts": running,
            "join_panel": info.state is not State.LOBBY,
        }
        return allowed.get(action, True)

    async def act(self, action: Callable[[], object], done: str = "") -> bool:
        try:
            action()
        except (WorkshopError, StoreError) as problem:
            self.message(str(problem), error=True)
            await self.sync()
            return False
        if self.host is not None:
            self.host.poke()
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

    async def action_decide(self, allow: bool) -> None:
        """a / d: let the first device waiting in as the participant it names, or refuse."""
        status = self.view.host
        if self.host is None or status is None or not status.pending:
            return
        request = status.pending[0]
        self.host.decide(request.id, allow)
        self.message(f"{request.name} may continue on the new device." if allow
                     else f"Refused the new device that asked to be {request.name}.")

    @work(exclusive=True, group="confirm")
    async def action_remove(self) -> None:
        """x: pick a participant and remove them (asks first)."""
        people = self.view.snapshot.participants
        chosen = await self.app.push_screen_wait(RemoveScreen(people))
        person = next((p for p in people if p.id == chosen), None)
        if person is None:
            return
        if await self.app.push_screen_wait(ConfirmScreen(
                f"Remove {person.name} from the workshop?",
                "Their answers leave the counts and the report (they stay on record), their "
                "page says they were removed, and their name is free again.",
                yes="Remove", no="Keep")):
            await self.act(lambda: self.workshop.remove(person.id), f"Removed {person.name}.")

    async def action_hide_counts(self) -> None:
        """h: hide the answers' counts until the reveal (against following the crowd), or show
        them again."""
        self.hide_counts = not self.hide_counts
        for chart in self.query("#dash-chart").results(TallyChart):
            revealed = self.view.snapshot.info.state is State.REVEALED
            chart.display = not (self.hide_counts and not revealed)
            self.query_one("#counts-hidden").display = not chart.display
        self.message("Counts hidden until the reveal." if self.hide_counts
                     else "Counts shown.")

    async def action_join_panel(self) -> None:
        """j: the URL, code and QR code beside the item, for latecomers; j again hides it."""
        self.show_join = not self.show_join
        self.query_one("#join-side").display = self.show_join

    def action_group_report(self) -> None:
        # only here: the report modules load when the report is asked for, not as the app starts
        from quiz.reports.group import build_group_report
        from quiz.ui.workshop.dashboard_report import GroupReportScreen

        report = build_group_report(self.workshop.record(), self.workshop.pack)
        self.app.push_screen(GroupReportScreen(report))

    @work(exclusive=True, group="confirm")
    async def action_leave(self) -> None:
        """q: stop serving (asks first): end the workshop, or pause it to continue later."""
        running = self.view.snapshot.info.state is not State.DONE
        choice = await self.app.push_screen_wait(LeaveScreen(running=running))
        if choice is None:
            return
        if running and choice == END and not await self.act(self.workshop.end):
            return
        self.app.paused = running and choice == PAUSE
        self.app.exit()


def _participants(count: int) -> str:
    return "1 participant" if count == 1 else f"{count} participants"


def _layout(view: DashboardView) -> tuple:
    """What decides the item panel's widgets; counts and names are updated in place."""
    info = view.snapshot.info
    return (info.state, view.viewed.position if view.viewed is not None else None)
