"""The room screen: one screen for a projector that follows the workshop from lobby to the end.

Per item the passage with its claim, the facilitator's tally of hands, then the reveal (answer,
cue, explanation, discussion prompt, the room's bar chart); notes toggle on and off. Every action
goes to the workshop model (quiz.workshop.model), which checks it; the screen shows what it returns.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from quiz.content.context import passage_context
from quiz.core.engine import span_in
from quiz.core.packs import Item
from quiz.core.workshop_records import Phase, State, Step
from quiz.storage.database import StoreError
from quiz.ui.screens.confirm import ConfirmScreen
from quiz.ui.widgets.passage import PassageView
from quiz.ui.workshop.room_widgets import Countdown, TallyChart, TallyEntry
from quiz.workshop.model import Workshop
from quiz.workshop.plan import WorkshopError, format_code, parse_tally

QUESTION = "What kind of statement is the highlighted claim?"
# Items shown on the closing screen as the room's hardest.
HARDEST_SHOWN = 3


class RoomScreen(Screen):
    """The workshop on the projector. Letters act anywhere (digits go into the tally)."""

    BINDINGS = [
        Binding("s", "start", "Start", priority=True),
        Binding("r", "reveal", "Reveal", priority=True),
        Binding("n", "next", "Next", priority=True),
        Binding("b", "back", "Back", priority=True),
        Binding("k", "skip_tally", "Skip tally", priority=True),
        Binding("f", "notes", "Notes", priority=True),
        Binding("t", "countdown", "Timer", priority=True),
        Binding("e", "end", "End", priority=True),
        Binding("q", "leave", "Quit", priority=True),
    ]

    def __init__(
        self, workshop: Workshop, *, countdown: int | None, clock: Callable[[], float]
    ) -> None:
        super().__init__()
        self.workshop = workshop
        self.countdown_seconds = countdown
        self.clock = clock
        self.show_notes = False
        self.info = workshop.info()
        self.all_steps = workshop.steps()
        self.timed_position: int | None = None  # the item the countdown runs for

    # -- what is on screen --------------------------------------------------------------------

    @property
    def step(self) -> Step | None:
        if self.info.state in (State.QUESTION, State.REVEALED):
            return self.all_steps[self.info.position]
        return None

    def compose(self) -> ComposeResult:
        with Horizontal(id="room-top"):
            yield Static(self.status_line(), id="room-status")
            yield Countdown(id="countdown")
        with VerticalScroll(id="room-body"):
            if self.info.state is State.LOBBY:
                yield from self.compose_lobby()
            elif self.info.state is State.DONE:
                yield from self.compose_done()
            else:
                yield from self.compose_item()
        yield Static(id="room-message")
        yield Footer()

    def status_line(self) -> Content:
        """Where the room is first (the title may be cut off on a narrow screen)."""
        info = self.info
        parts = []
        step = self.step
        if step is not None:
            same_phase = [s for s in self.all_steps if s.phase is step.phase]
            number = same_phase.index(step) + 1
            parts.append(Content(f"{step.phase.title} {number} of {len(same_phase)}")
                         .stylize("bold"))
            if len(same_phase) != len(self.all_steps):
                parts.append(Content(f"item {step.number} of {len(self.all_steps)}"))
            if info.state is State.REVEALED:
                parts.append(Content("answer shown").stylize("italic"))
        elif info.state is State.DONE:
            parts.append(Content("ended early" if info.ended_early else "finished")
                         .stylize("bold"))
        else:
            parts.append(Content("waiting to start").stylize("bold"))
        parts.append(Content(info.title))
        return Content("  ·  ").join(parts)

    def compose_lobby(self) -> ComposeResult:
        pack = self.workshop.pack
        yield Static(Content(self.info.title), classes="room-title")
        if pack.article_title != self.info.title:
            yield Static(Content(pack.article_title), classes="room-subtitle")
        counts = {phase: sum(s.phase is phase for s in self.all_steps) for phase in Phase}
        plan = [f"{phase.title}: {counts[phase]} item{'s' if counts[phase] != 1 else ''}"
                for phase in Phase if counts[phase]]
        yield Static(Content("\n".join(plan)), classes="room-plan")
        yield Static(Content(
            "For each item the room reads the claim and decides what kind of statement it is. "
            "Count the hands for each kind and type the numbers (enter moves down), or press k "
            "to skip counting. Check items are answered without the answer being shown; the "
            "discussion items are revealed and talked through."), classes="room-text")
        yield Static(Content.assemble(("Press ", ""), ("s", "bold"), " to start."),
                     classes="room-call")
        yield Static(Content(f"Workshop {self.info.id} · code {format_code(self.info.code)}"),
                     classes="room-meta")

    def compose_item(self) -> ComposeResult:
        step = self.step
        assert step is not None
        item = self.workshop.item(step)
        revealed = self.info.state is State.REVEALED
        options = [(c.id, c.label) for c in self.workshop.pack.categories]
        # The sentence before and after, dimmed, as a learner alone sees them: some claims
        # are read only with the sentence before.
        around = passage_context(self.workshop.pack.article_text, item.passage)
        yield PassageView(
            item.passage, span_in(item.passage, item.claim),
            cue=span_in(item.passage, item.cue) if revealed else None, id="room-passage",
            before=around.before.lstrip(), after=around.after.rstrip(),
        )
        if not revealed:
            ask = QUESTION if not step.phase.is_check else \
                f"{QUESTION} ({step.phase.title}: the answer is not shown.)"
            yield Static(Content(ask), id="room-question")
            tally = self.workshop.tally(step.position)
            yield TallyEntry(options, tally.counts if tally and tally.counts else None,
                             id="tally")
        else:
            yield from self.compose_reveal(step, item, options)
        yield Static(self.notes(item, revealed), id="notes")

    def compose_reveal(
        self, step: Step, item: Item, options: list[tuple[str, str]]
    ) -> ComposeResult:
        pack = self.workshop.pack
        answer = Content.assemble(
            Content("Answer: ").stylize("bold"),
            Content(pack.category(item.answer).label).stylize("bold"),
        )
        if item.also_accept:
            labels = ", ".join(pack.category(c).label for c in item.also_accept)
            answer = Content.assemble(answer, Content(f"   (also accepted: {labels})"))
        yield Static(answer, id="room-answer")
        # The room's split comes right under the answer: that is where the discussion starts.
        tally = self.workshop.tally(step.position)
        heading = "How the room answered"
        if tally is None or tally.counts is None:
            tally = self.workshop.earlier_tally(step.position)
            heading += " in the before check" if tally is not None else ""
        if tally is None or tally.counts is None:
            yield Static(Content("No show of hands was counted for this item."),
                         classes="room-detail")
        else:
            yield Static(Content(f"{heading} ({tally.hands} hands)").stylize("bold"),
                         classes="room-detail")
            yield TallyChart(options, tally.counts, item.answer, accepted=item.also_accept,
                             id="chart")
        if item.discussion:
            yield Static(Content.assemble(Content("Discuss: ").stylize("bold"),
                                          Content(item.discussion)), id="room-discussion")
        if item.cue:
            yield Static(Content.assemble(Content("Cue: ").stylize("bold"),
                                          Content(f"“{item.cue}”")), classes="room-detail")
        yield Static(Content.assemble(Content("Who says so: ").stylize("bold"),
                                      Content(item.source)), classes="room-detail")
        yield Static(Content(item.explanation), classes="room-detail")

    def notes(self, item: Item, revealed: bool) -> Content:
        pack = self.workshop.pack
        title = "Facilitator notes" + ("" if revealed else " (they give the answer away)")
        lines = [Content(title).stylize("bold")]
        for category in pack.categories:
            line = item.why_not.get(category.id)
            if line:
                lines.append(Content.assemble(Content(f"If they said {category.label}: ")
                                              .stylize("italic"), Content(line)))
        lines.append(Content(f"Source: {item.source}  ·  difficulty {item.difficulty}"))
        if item.discussion and not revealed:
            lines.append(Content(f"Discussion: {item.discussion}"))
        return Content("\n").join(lines)

    def compose_done(self) -> ComposeResult:
        # only here: the report modules load when the workshop ends, not as the app starts
        from quiz.reports.group import build_group_report
        from quiz.reports.wording import format_percent

        report = build_group_report(self.workshop.record(), self.workshop.pack)
        info = report.info
        ended = "The workshop ended early." if info.ended_early else "The workshop is over."
        yield Static(Content(ended), classes="room-title")
        lines = [f"Items shown: {info.items_shown} of {info.items_planned}.",
                 f"The room's score over the hands counted: "
                 f"{format_percent(report.overall.fraction, 'no hands counted')}."]
        yield Static(Content("\n".join(lines)), classes="room-text")
        if report.gain is not None:
            yield Static(Content(report.gain.sentence), classes="room-text")
        if report.hardest:
            hardest = [Content("Hardest for the room").stylize("bold")]
            for item in report.hardest[:HARDEST_SHOWN]:
                hardest.append(Content(f"{format_percent(item.facility)}  item {item.number}: "
                                       f"{item.claim or item.item_id}"))
            yield Static(Content("\n").join(hardest), classes="room-text")
        after = [s for s in self.all_steps if s.phase is Phase.AFTER and s.opened_at]
        if after:
            pack = self.workshop.pack
            answers = [Content("Answers to the after check").stylize("bold")]
            for step in after:
                item = self.workshop.item(step)
                answers.append(Content(f"{pack.category(item.answer).label}: {item.claim}"))
            yield Static(Content("\n").join(answers), classes="room-text")
        yield Static(Content(
            f"The full report: quiz workshop report {info.id} --format html --out "
            f"workshop-{info.id}.html   ·   press q to quit"), classes="room-meta")

    # -- keeping the screen in step ------------------------------------------------------------

    def on_mount(self) -> None:
        if self.countdown_seconds:
            self.set_interval(0.25, self.tick)
        self.after_change()

    def after_change(self) -> None:
        """Focus the tally and (re)start the countdown when a new item comes up."""
        notes = self.query("#notes")
        if notes:
            notes.first().display = self.show_notes
        entry = self.query(TallyEntry)
        if entry:
            entry.first().focus_first()
        else:
            # Arrow and page keys then scroll what does not fit (a small terminal).
            self.query_one("#room-body").focus()
        countdown = self.query_one(Countdown)
        step = self.step
        if not self.countdown_seconds or step is None or self.info.state is not State.QUESTION:
            countdown.stop()
            countdown.display = False
            self.timed_position = None
            return
        countdown.display = True
        if self.timed_position != step.position:
            self.timed_position = step.position
            countdown.start(self.countdown_seconds, self.clock())

    def tick(self) -> None:
        """Called a few times a second: the countdown follows the clock."""
        for countdown in self.query(Countdown):  # none while the screen is being rebuilt
            countdown.tick(self.clock())

    async def refresh_view(self, message: str = "") -> None:
        self.info = self.workshop.info()
        self.all_steps = self.workshop.steps()
        await self.recompose()
        self.after_change()
        self.say(message)
        self.refresh_bindings()

    def say(self, message: str, *, error: bool = False) -> None:
        line = self.query_one("#room-message", Static)
        line.update(Content(message))
        line.set_class(error, "-error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.info.state
        step = self.step
        if action == "start":
            return state is State.LOBBY
        if action == "reveal":
            return state is State.QUESTION and step is not None and not step.phase.is_check
        if action == "next":
            return step is not None and (state is State.REVEALED or step.phase.is_check)
        if action == "back":
            return step is not None and step.position > 0
        if action == "skip_tally":
            return state is State.QUESTION
        if action == "notes":
            return step is not None
        if action == "countdown":
            return bool(self.countdown_seconds) and state is State.QUESTION
        if action == "end":
            return state is not State.DONE
        return True

    # -- actions ------------------------------------------------------------------------------

    async def run_action(self, change: Callable[[], object], message: str = "") -> bool:
        """Do one workshop action; its refusal is shown, never raised."""
        try:
            change()
        except (WorkshopError, StoreError) as error:
            self.say(str(error), error=True)
            return False
        await self.refresh_view(message)
        return True

    def save_tally(self, *, final: bool) -> bool:
        """Record what is typed in the tally; with nothing typed and `final`, record that the
        tally was skipped (unless one was recorded before). False, with the reason shown, when
        a count is not usable."""
        step = self.step
        entries = self.query(TallyEntry)
        if step is None or not entries:
            return True
        typed = entries.first().typed()
        try:
            if not any(text.strip() for text in typed.values()):
                if final and self.workshop.tally(step.position) is None:
                    self.workshop.record_tally(None)
                return True
            counts = {}
            for category, text in typed.items():
                try:
                    counts[category] = parse_tally(text, self.info.room_size)
                except WorkshopError as error:
                    label = self.workshop.pack.category(category).label
                    raise WorkshopError(f"{label}: {error}") from None
            self.workshop.record_tally(counts)
        except (WorkshopError, StoreError) as error:
            self.say(str(error), error=True)
            return False
        return True

    async def action_start(self) -> None:
        """s: start with the first item."""
        await self.run_action(self.workshop.start)

    async def action_reveal(self) -> None:
        """r: keep the tally and show the answer."""
        if self.save_tally(final=True):
            await self.run_action(self.workshop.reveal)

    async def action_next(self) -> None:
        """n: on to the next item (a check item's tally is kept first)."""
        if self.info.state is State.QUESTION and not self.save_tally(final=True):
            return
        await self.run_action(self.workshop.next)

    async def action_back(self) -> None:
        """b: back to the previous item, as it was left."""
        if self.info.state is State.QUESTION and not self.save_tally(final=False):
            return
        await self.run_action(self.workshop.back)

    def action_skip_tally(self) -> None:
        """k: no show of hands for this item."""
        step = self.step
        if step is None:
            return
        try:
            self.workshop.record_tally(None)
        except (WorkshopError, StoreError) as error:
            self.say(str(error), error=True)
            return
        self.query_one(TallyEntry).clear()
        self.say("No tally for this item.")

    @on(TallyEntry.Submitted)
    def tally_typed(self, event: TallyEntry.Submitted) -> None:
        """Enter after the last count: keep the tally."""
        if self.save_tally(final=False):
            hands = sum(int(t) for t in event.entry.typed().values() if t.strip())
            done = "reveal with r" if not self.step.phase.is_check else "next with n"
            self.say(f"Tally kept: {hands} hands. Change a count and press enter again, or "
                     f"{done}.")

    def action_notes(self) -> None:
        """f: facilitator notes on or off."""
        self.show_notes = not self.show_notes
        notes = self.query("#notes")
        if notes:
            notes.first().display = self.show_notes
            if self.show_notes:
                self.call_after_refresh(notes.first().scroll_visible, animate=False)

    def action_countdown(self) -> None:
        """t: start the countdown again."""
        if self.countdown_seconds:
            self.query_one(Countdown).start(self.countdown_seconds, self.clock())

    @work
    async def action_end(self) -> None:
        """e: end the workshop now (asks first)."""
        ended = await self.app.push_screen_wait(ConfirmScreen(
            "End the workshop now?",
            "Everything counted so far is kept; the report covers the items shown.",
            yes="End now", no="Keep going"))
        if ended:
            await self.run_action(self.workshop.end)

    @work
    async def action_leave(self) -> None:
        """q: quit; a workshop still running is ended first (asks)."""
        if self.info.state is not State.DONE:
            ended = await self.app.push_screen_wait(ConfirmScreen(
                "End the workshop and quit?",
                "Everything counted so far is kept; the report covers the items shown.",
                yes="End and quit", no="Stay"))
            if not ended or not await self.run_action(self.workshop.end):
                return
        self.app.exit()

